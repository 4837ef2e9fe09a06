/* budget.c - see budget.h. */
#include "budget.h"

#include <time.h>

_Thread_local zb_budget zb_budget_state;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int zb_budget_check(void) {
    zb_budget *b = &zb_budget_state;
    if (!b->running) { /* no budget: check again in four billion steps */
        b->left = UINT32_MAX;
        return 0;
    }
    if (b->over) return 1; /* left stays 0: every later check lands here */
    if (now_ns() >= b->deadline_ns) {
        b->over = 1;
        return 1;
    }
    b->left = ZB_BUDGET_STEPS;
    return 0;
}

int zb_budget_over_now(void) {
    zb_budget_state.left = 0;
    return zb_budget_check();
}

void zb_budget_start(uint32_t max_ms) {
    zb_budget *b = &zb_budget_state;
    b->start_ns = now_ns();
    b->deadline_ns = b->start_ns + (uint64_t)max_ms * 1000000u;
    b->over = 0;
    b->running = 1;
    b->left = ZB_BUDGET_STEPS;
}

uint64_t zb_budget_stop(void) {
    zb_budget *b = &zb_budget_state;
    uint64_t spent = b->running ? (now_ns() - b->start_ns) / 1000000u : 0;
    b->running = 0;
    b->over = 0;
    b->left = 0;
    return spent;
}
