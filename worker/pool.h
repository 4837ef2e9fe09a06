/* pool.h - a fixed set of threads running pipeline jobs, so that several
 * messages are extracted and encoded at once while the Kafka loop keeps the
 * order of their outputs and offsets.
 *
 * Each thread owns a copy of the pipeline (zb_pipeline_clone: its own codec
 * and Schema Registry client; the engine's rules are shared read-only), so
 * no pipeline is ever used by two threads at once. A job is a message (in,
 * out) or, with in == NULL, learning the schema ids of the prototype pipeline
 * passed to zb_pool_new (only submitted while no message job is running).
 *
 * The caller owns the jobs and everything they point to; a job must stay
 * alive until zb_pool_done() says so. */
#ifndef ZB_POOL_H
#define ZB_POOL_H

#include "pipeline.h"

typedef struct zb_job {
    const zb_pipe_in *in; /* NULL: prepare the prototype pipeline */
    zb_pipe_out *out;
    zb_pipe_result res; /* set when done */
    int prep_rc;        /* prepare jobs: 0 ok, 1 retriable, -1 fatal */
    char perr[256];     /* prepare jobs: the error */
    int state;          /* internal: idle, queued, running, done */
    int stalled;        /* the watchdog reported it (watchdog.h); reset on submit */
    struct zb_job *next;
} zb_job;

typedef struct zb_pool zb_pool;

/* threads <= 0: one per usable CPU (affinity mask, capped by a cgroup v2
 * CPU quota). NULL with err set on failure. */
zb_pool *zb_pool_new(zb_pipeline *proto, int threads, char *err, size_t errlen);
int zb_pool_threads(const zb_pool *p);
/* Queues a job (FIFO). */
void zb_pool_submit(zb_pool *p, zb_job *j);
/* 1 when j is done, else waits up to timeout_ms (0: no wait) for it. */
int zb_pool_wait(zb_pool *p, zb_job *j, int timeout_ms);
/* Number of jobs queued or running. */
int zb_pool_busy(zb_pool *p);
/* Lists up to cap message jobs running now (for the watchdog). The jobs are
 * the caller's: they stay valid until the caller itself reuses them. */
size_t zb_pool_running(zb_pool *p, zb_job **out, size_t cap);
/* Stops and joins the threads. Only when no job is queued or running: a job
 * abandoned at shutdown keeps its thread, and the process exits instead. */
void zb_pool_free(zb_pool *p);

#endif
