/* pool.c - see pool.h. One mutex guards the queue and every job's state;
 * jobs take milliseconds, so one lock is never the bottleneck. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "zb_err.h"

enum { JOB_IDLE = 0, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

#define MAX_THREADS 256

typedef struct {
    struct zb_pool *pool;
    zb_pipeline *pipe; /* this thread's own copy */
    pthread_t th;
    int started;
    zb_job *cur; /* the job it runs, under the pool's lock */
} pool_thread;

struct zb_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_done;
    zb_job *head, *tail; /* queued jobs */
    int busy;            /* queued + running */
    int quit;
    zb_pipeline *proto;
    pool_thread *t;
    int n;
};

static void run_job(pool_thread *t, zb_job *j) {
    if (j->in) {
        j->res = zb_pipeline_process(t->pipe, j->in, j->out);
        return;
    }
    j->prep_rc = zb_pipeline_prepare(t->pool->proto, j->perr, sizeof j->perr);
}

static void *thread_main(void *arg) {
    pool_thread *t = arg;
    zb_pool *p = t->pool;
    char name[16]; /* seen in top -H, perf and /proc: zb-pool-N */
    snprintf(name, sizeof name, "zb-pool-%d", (int)(t - p->t));
    pthread_setname_np(pthread_self(), name);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->quit)
            pthread_cond_wait(&p->cv_job, &p->mu);
        if (!p->head) break; /* quit, and nothing left */
        zb_job *j = p->head;
        p->head = j->next;
        if (!p->head) p->tail = NULL;
        j->state = JOB_RUNNING;
        t->cur = j;
        pthread_mutex_unlock(&p->mu);
        run_job(t, j);
        pthread_mutex_lock(&p->mu);
        t->cur = NULL;
        j->state = JOB_DONE;
        p->busy--;
        pthread_cond_broadcast(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* CPUs this process may use: its affinity mask, capped by a cgroup v2 CPU
 * quota (a container limit of "1" on a 16-core node means one thread, not
 * sixteen fighting over one CPU's worth of time). */
static int usable_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) n = CPU_COUNT(&set);
    FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
    if (f) {
        long quota, period;
        if (fscanf(f, "%ld %ld", &quota, &period) == 2 && quota > 0 && period > 0) {
            long q = (quota + period - 1) / period;
            if (q < n) n = q;
        }
        fclose(f);
    }
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

zb_pool *zb_pool_new(zb_pipeline *proto, int threads, char *err, size_t errlen) {
    if (threads <= 0) threads = usable_cpus();
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    zb_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->t = calloc((size_t)threads, sizeof *p->t))) {
        free(p);
        zb_errf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_job, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    p->proto = proto;
    for (int i = 0; i < threads; i++) {
        pool_thread *t = &p->t[i];
        t->pool = p;
        if (!(t->pipe = zb_pipeline_clone(proto, err, errlen))) goto fail;
        p->n++;
        if (pthread_create(&t->th, NULL, thread_main, t)) {
            zb_errf(err, errlen, "cannot start a processing thread");
            goto fail;
        }
        t->started = 1;
    }
    return p;
fail:
    zb_pool_free(p);
    return NULL;
}

int zb_pool_threads(const zb_pool *p) { return p->n; }

void zb_pool_submit(zb_pool *p, zb_job *j) {
    pthread_mutex_lock(&p->mu);
    j->state = JOB_QUEUED;
    j->stalled = 0;
    j->next = NULL;
    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    p->busy++;
    pthread_cond_signal(&p->cv_job);
    pthread_mutex_unlock(&p->mu);
}

static void deadline_in(struct timespec *ts, int ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

int zb_pool_wait(zb_pool *p, zb_job *j, int timeout_ms) {
    pthread_mutex_lock(&p->mu);
    if (j->state != JOB_DONE && timeout_ms > 0) {
        struct timespec ts;
        deadline_in(&ts, timeout_ms);
        while (j->state != JOB_DONE)
            if (pthread_cond_timedwait(&p->cv_done, &p->mu, &ts)) break;
    }
    int done = j->state == JOB_DONE;
    pthread_mutex_unlock(&p->mu);
    return done;
}

int zb_pool_busy(zb_pool *p) {
    pthread_mutex_lock(&p->mu);
    int b = p->busy;
    pthread_mutex_unlock(&p->mu);
    return b;
}

size_t zb_pool_running(zb_pool *p, zb_job **out, size_t cap) {
    size_t n = 0;
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < p->n && n < cap; i++)
        if (p->t[i].cur && p->t[i].cur->in) out[n++] = p->t[i].cur;
    pthread_mutex_unlock(&p->mu);
    return n;
}

void zb_pool_free(zb_pool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->cv_job);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n; i++) {
        if (p->t[i].started) pthread_join(p->t[i].th, NULL);
        zb_pipeline_free(p->t[i].pipe);
    }
    pthread_cond_destroy(&p->cv_done);
    pthread_cond_destroy(&p->cv_job);
    pthread_mutex_destroy(&p->mu);
    free(p->t);
    free(p);
}
