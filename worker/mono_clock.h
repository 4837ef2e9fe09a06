/* mono_clock.h - the monotonic clock, in the units the worker measures
 * intervals in: timeouts, batch ages, heartbeats and progress must not jump
 * with the wall clock. */
#ifndef ZB_MONO_CLOCK_H
#define ZB_MONO_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t zb_mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline double zb_mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
