/* watchdog.c - see watchdog.h. */
#include "watchdog.h"

#include <stdio.h>

#include "log.h"

#define WATCH_MAX 256 /* the pool's MAX_THREADS */

long long zb_watchdog_stall_ms(int timeout_ms) {
    long long t = timeout_ms > 0 ? timeout_ms : 10000;
    return 2 * t;
}

static void describe(const zb_pipe_in *in, char *buf, size_t len) {
    if (in->topic)
        snprintf(buf, len, "%s [%d] @%lld", in->topic, (int)in->partition, (long long)in->offset);
    else
        snprintf(buf, len, "%s", in->source ? in->source : "(input)");
}

int zb_watchdog_check(zb_pool *p, zb_metrics *m, int timeout_ms) {
    zb_pool_run run[WATCH_MAX];
    size_t n = zb_pool_running(p, run, WATCH_MAX);
    long long stall = zb_watchdog_stall_ms(timeout_ms), longest = 0, oldest = -1;
    int stalled = 0;
    char what[200] = "", name[160];
    for (size_t i = 0; i < n; i++) {
        if (run[i].run_ms > longest) longest = run[i].run_ms;
        if (run[i].run_ms < stall) continue;
        stalled++;
        describe(run[i].job->in, name, sizeof name);
        if (run[i].run_ms > oldest) {
            oldest = run[i].run_ms;
            snprintf(what, sizeof what, "%s running for %lld s", name, oldest / 1000);
        }
        if (run[i].job->stalled) continue;
        run[i].job->stalled = 1;
        zb_error("extract_stalled",
                 "%s: extraction still running after %lld ms, engine.timeout_ms is %d: an engine "
                 "loop without a budget check; the partition waits on this message",
                 name, run[i].run_ms, timeout_ms);
        if (m) atomic_fetch_add(&m->stalls, 1);
    }
    if (m) zb_metrics_set_stalled(m, stalled, longest, what);
    return stalled;
}
