/* budget.h - the per-document work budget of zb_extract (opts->max_ms).
 *
 * A loop that may run long (per line, block, figure or candidate name) asks
 * zb_budget_over() once per step and stops when it says so; zb_extract then
 * discards the partial result and returns ZB_E_TIMEOUT. A step costs one
 * decrement: the clock is read only every ZB_BUDGET_STEPS steps, so a check
 * is free next to the step it guards. Time is the thread's CPU time. A
 * stage that stops early leaves its output consistent (only shorter): it is
 * never used.
 *
 * Why thread-local state and not a parameter: the checks sit deep in the
 * stages' helpers, and passing a budget through every signature down to
 * them would change each stage's API for one line of work. zb_extract sets
 * the state on entry and clears it on exit; one document runs per thread.
 * Outside zb_extract (stage unit tests, benchmarks calling a stage) no
 * budget runs and every check says go on. */
#ifndef ZB_BUDGET_H
#define ZB_BUDGET_H

#include <stdint.h>

/* Steps between two clock reads: a step is at least a few hundred
 * instructions, a read of the thread's CPU clock (a system call) a few
 * hundred nanoseconds.
 *
 * The clock is first read when a document has used ZB_BUDGET_STEPS steps:
 * that read starts the limit. A short document (most of them) never makes
 * a system call for its budget; what runs before the first read (decoding,
 * linear and bounded by max_bytes, and 1,024 steps) is not counted. */
#define ZB_BUDGET_STEPS 1024u

typedef struct {
    uint32_t left;        /* steps until the next clock read */
    int running;          /* a budget runs on this thread */
    int over;             /* the limit was reached: every check says stop */
    int armed;            /* the clock was read: start_ns and deadline_ns hold */
    uint32_t max_ms;      /* the limit */
    uint64_t start_ns;    /* CLOCK_THREAD_CPUTIME_ID (budget.c says why) */
    uint64_t deadline_ns; /* start_ns + the limit */
} zb_budget;

extern _Thread_local zb_budget zb_budget_state;

/* Reads the clock (or, with no budget running, rearms the countdown). 1 when
 * the limit is reached. */
int zb_budget_check(void);

/* 1 when the running budget is spent: the caller stops its loop. */
static inline int zb_budget_over(void) {
    zb_budget *b = &zb_budget_state;
    if (__builtin_expect(b->left != 0, 1)) {
        b->left--;
        return 0;
    }
    return zb_budget_check();
}

/* Starts a budget of max_ms milliseconds on this thread (zb_extract); 0 is
 * spent at once. */
void zb_budget_start(uint32_t max_ms);
/* Stops it; returns the milliseconds counted (0 if the clock was never
 * read). */
uint64_t zb_budget_stop(void);
/* Between stages: reads the clock now, whatever the countdown, once the
 * budget has started counting (armed). */
int zb_budget_over_now(void);

#endif
