/* budget.c - see budget.h. */
#include "budget.h"

#include <time.h>

_Thread_local zb_budget zb_budget_state;

/* The CPU time of this thread, not the wall clock: the budget bounds the
 * document's own work. On a node short of CPU (throttled container, more
 * threads than cores) a wall-clock limit would dead-letter good reports; a
 * thread that is not running is not spending its budget. A real stall is
 * the worker's watchdog's business (wall clock, worker/watchdog.c). */
static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int zb_budget_check(void) {
    zb_budget *b = &zb_budget_state;
    if (!b->running) { /* no budget: check again in four billion steps */
        b->left = UINT32_MAX;
        return 0;
    }
    if (b->over) return 1; /* left stays 0: every later check lands here */
    if (!b->armed) {       /* the first read starts the limit (budget.h) */
        b->start_ns = now_ns();
        b->deadline_ns = b->start_ns + (uint64_t)b->max_ms * 1000000u;
        b->armed = 1;
    } else if (now_ns() >= b->deadline_ns) {
        b->over = 1;
        return 1;
    }
    b->left = ZB_BUDGET_STEPS;
    return 0;
}

int zb_budget_over_now(void) {
    zb_budget *b = &zb_budget_state;
    if (b->over) return 1;
    if (!b->running || !b->armed) return 0; /* no system call for short documents */
    b->left = 0;
    return zb_budget_check();
}

void zb_budget_start(uint32_t max_ms) {
    zb_budget *b = &zb_budget_state;
    b->max_ms = max_ms;
    b->armed = 0;
    b->over = max_ms == 0; /* a 0 ms budget: every check says stop */
    b->running = 1;
    b->left = b->over ? 0 : ZB_BUDGET_STEPS;
}

uint64_t zb_budget_stop(void) {
    zb_budget *b = &zb_budget_state;
    uint64_t spent = b->running && b->armed ? (now_ns() - b->start_ns) / 1000000u : 0;
    b->running = 0;
    b->armed = 0;
    b->over = 0;
    b->left = 0;
    return spent;
}
