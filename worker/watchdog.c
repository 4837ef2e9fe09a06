/* watchdog.c - see watchdog.h. */
#include "watchdog.h"

#include <stdio.h>
#include <time.h>

#include "log.h"
#include "mono_clock.h"

#define WATCH_MAX 256 /* the pool's MAX_THREADS */

long long zb_watchdog_stall_ms(int timeout_ms) {
    long long t = timeout_ms > 0 ? timeout_ms : 10000;
    return 2 * t + 5000;
}

static void describe(const zb_pipe_in *in, char *buf, size_t len) {
    if (in->topic)
        snprintf(buf, len, "%s [%d] @%lld", in->topic, (int)in->partition, (long long)in->offset);
    else
        snprintf(buf, len, "%s", in->source ? in->source : "(input)");
}

int zb_watchdog_check(zb_pool *p, zb_metrics *m, long long stall_ms) {
    zb_job *run[WATCH_MAX];
    size_t n = zb_pool_running(p, run, WATCH_MAX);
    long long now = zb_mono_ms(), longest = 0, oldest = -1;
    int stalled = 0;
    char what[200] = "", name[160];
    for (size_t i = 0; i < n; i++) {
        long long since = atomic_load(&run[i]->out->extract_since_ms);
        long long age = since ? now - since : 0;
        if (age > longest) longest = age;
        if (!since || age < stall_ms) continue;
        stalled++;
        describe(run[i]->in, name, sizeof name);
        if (age > oldest) {
            oldest = age;
            snprintf(what, sizeof what, "%s running for %lld s", name, age / 1000);
        }
        if (run[i]->stalled) continue;
        run[i]->stalled = 1;
        zb_error("extract_stalled",
                 "%s: extraction still running after %lld ms (stalled past %lld ms: twice "
                 "engine.timeout_ms and 5 s): an engine loop without a budget check; the "
                 "partition waits on this message",
                 name, age, stall_ms);
        if (m) atomic_fetch_add(&m->stalls, 1);
    }
    if (m) zb_metrics_set_stalled(m, stalled, longest, what);
    return stalled;
}
