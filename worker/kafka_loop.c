/* kafka_loop.c - consume, process, produce; exactly once (transactions, the
 * pattern of librdkafka's examples/transactions.c) or at least once.
 *
 * Offsets: the loop keeps its own "next offset" per partition, advanced only
 * after a message's outputs are enqueued, and commits those (in the
 * transaction, or after a flush) - never rd_kafka_position(), which would
 * include a message still being processed.
 *
 * Parallelism: messages are extracted and encoded on a pool of threads
 * (engine.threads, pool.c), up to 16 per thread in flight in a window; this
 * thread consumes, and produces the results strictly in the order the
 * messages were read, so per-partition order and offsets are as if one
 * message were processed at a time.
 *
 * Liveness: this thread keeps polling the consumer while the window has
 * room; when every slot waits on long messages the assignment is paused and
 * polled only for events, so max.poll.interval.ms is never exceeded. The
 * same pause + poll keeps the member alive during a Schema Registry outage. */
#include "kafka_loop.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka_client.h"
#include "log.h"
#include "mono_clock.h"
#include "pool.h"
#include "watchdog.h"
#include "zb_err.h"

#define POLL_MS 100
#define GUARD_MS 250 /* pause + poll when a message takes longer than this */
#define MAX_PENDING 4096
#define MAX_PARTS 1024

typedef struct {
    char topic[256];
    int32_t partition;
    int64_t next; /* offset to commit: last processed + 1 */
} part_offset;

#define MAX_HEADERS 64
#define MAX_WINDOW 256
#define SLOTS_PER_THREAD 16
/* Input bytes in flight, at most (one message may exceed it): a full window
 * stays well under GUARD_MS of work, and bounds the memory it holds. */
#define WINDOW_BYTES (8u << 20)

/* A message in flight: read, being processed on the pool, or done and
 * waiting for the messages before it. */
typedef struct {
    rd_kafka_message_t *msg;
    zb_header hdrs[MAX_HEADERS];
    zb_pipe_in in;
    zb_pipe_out out;
    zb_job job;
    unsigned rewinds; /* L->rewinds when it was read */
    int revoked;      /* its partition was revoked meanwhile: its new owner redoes it */
} slot;

typedef struct {
    const zb_config *cfg;
    zb_pipeline *pipe;
    zb_metrics *m;
    volatile sig_atomic_t *stop;
    rd_kafka_t *consumer, *producer;
    int eos;
    int in_txn;
    int batch_count;
    int64_t batch_start_ms;
    part_offset offs[MAX_PARTS];
    int n_offs;
    rd_kafka_message_t *pending[MAX_PENDING];
    int pend_head, pend_n;
    int paused;
    int fatal;
    int closing;      /* in rd_kafka_consumer_close(): everything is revoked */
    unsigned rewinds; /* bumped by every rewind: outputs of a message read
                         before it are stale (the message is read again) */
    size_t max_msg_bytes;
    zb_pool *pool;
    slot *win; /* the window: a ring of win_cap slots, win_n used from win_head */
    int win_cap, win_head, win_n;
    size_t win_bytes;     /* input bytes in the window */
    int guard_paused;     /* paused because every slot waited long */
    int outage;           /* the registry failed the last retry: back off before the next */
    int64_t last_poll_ms; /* the consumer was last polled */
    zb_job prep;          /* learning the schema ids while idle */
    int64_t prepare_at;   /* schema ids unknown: next try while idle */
    int prepare_backoff;
    _Atomic int delivery_failed; /* at-least-once: a record was not delivered */
    char *err;
    size_t errlen;
} loop;

static void fail(loop *L, const char *what, rd_kafka_error_t *e) {
    if (!L->fatal)
        zb_errf(L->err, L->errlen, "%s: %s: %s", what, e ? rd_kafka_error_name(e) : "",
                e ? rd_kafka_error_string(e) : "");
    if (e) rd_kafka_error_destroy(e);
    L->fatal = 1;
}

/* ---- pending messages (returned by a poll made only to stay alive) ------- */

static void pending_push(loop *L, rd_kafka_message_t *m) {
    if (L->pend_n == MAX_PENDING) { /* cannot happen while paused; be safe */
        rd_kafka_message_destroy(m);
        return;
    }
    L->pending[(L->pend_head + L->pend_n++) % MAX_PENDING] = m;
}

static rd_kafka_message_t *pending_pop(loop *L) {
    if (!L->pend_n) return NULL;
    rd_kafka_message_t *m = L->pending[L->pend_head];
    L->pend_head = (L->pend_head + 1) % MAX_PENDING;
    L->pend_n--;
    return m;
}

static void pending_clear(loop *L) {
    rd_kafka_message_t *m;
    while ((m = pending_pop(L)))
        rd_kafka_message_destroy(m);
}

/* ---- offsets -------------------------------------------------------------- */

static void offset_advance(loop *L, const rd_kafka_message_t *msg) {
    const char *t = rd_kafka_topic_name(msg->rkt);
    for (int i = 0; i < L->n_offs; i++) {
        if (L->offs[i].partition == msg->partition && !strcmp(L->offs[i].topic, t)) {
            L->offs[i].next = msg->offset + 1;
            return;
        }
    }
    if (L->n_offs == MAX_PARTS) return; /* not reached: batches commit well before */
    part_offset *o = &L->offs[L->n_offs++];
    snprintf(o->topic, sizeof o->topic, "%s", t);
    o->partition = msg->partition;
    o->next = msg->offset + 1;
}

static rd_kafka_topic_partition_list_t *offsets_list(loop *L) {
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(L->n_offs);
    for (int i = 0; i < L->n_offs; i++)
        rd_kafka_topic_partition_list_add(l, L->offs[i].topic, L->offs[i].partition)->offset =
            L->offs[i].next;
    return l;
}

static void batch_reset(loop *L) {
    L->n_offs = 0;
    L->batch_count = 0;
    L->batch_start_ms = zb_mono_ms();
}

/* ---- pause / rewind ------------------------------------------------------- */

static void set_paused(loop *L, int pause) {
    if (L->paused == pause) return;
    rd_kafka_topic_partition_list_t *a = NULL;
    if (rd_kafka_assignment(L->consumer, &a) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (pause)
            rd_kafka_pause_partitions(L->consumer, a);
        else
            rd_kafka_resume_partitions(L->consumer, a);
        rd_kafka_topic_partition_list_destroy(a);
    }
    L->paused = pause;
    atomic_store(&L->m->paused, pause);
}

/* Back to the last committed offsets of the assignment (after an abort or a
 * failed delivery): everything since is processed again. */
static void rewind_consumer(loop *L) {
    L->rewinds++;
    pending_clear(L);
    batch_reset(L);
    /* While closing every partition is being revoked: nothing to seek, and
     * rd_kafka_assignment() from the revoke callback would deadlock. */
    if (L->closing) return;
    rd_kafka_topic_partition_list_t *a = NULL;
    if (rd_kafka_assignment(L->consumer, &a) || !a) return;
    if (a->cnt > 0) {
        rd_kafka_resp_err_t e = rd_kafka_committed(L->consumer, a, 10000);
        if (e) {
            zb_errf(L->err, L->errlen, "cannot read committed offsets: %s", rd_kafka_err2str(e));
            L->fatal = 1;
        } else {
            for (int i = 0; i < a->cnt; i++)
                if (a->elems[i].offset < 0) a->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
            rd_kafka_error_t *err = rd_kafka_seek_partitions(L->consumer, a, 10000);
            if (err) fail(L, "seek", err);
        }
    }
    rd_kafka_topic_partition_list_destroy(a);
    zb_warn("rewind", "rewound to the last committed offsets");
}

/* ---- transactions / commits ---------------------------------------------- */

#define TXN_ATTEMPTS 5

static int txn_abort(loop *L) {
    if (!L->in_txn) return 0;
    rd_kafka_error_t *e = NULL;
    for (int attempt = 0; attempt < TXN_ATTEMPTS; attempt++) {
        e = rd_kafka_abort_transaction(L->producer, L->cfg->shutdown_timeout_ms);
        if (!e || !rd_kafka_error_is_retriable(e)) break;
        zb_warn("txn_abort_retry", "abort_transaction: %s: retrying", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        e = NULL;
    }
    L->in_txn = 0;
    atomic_fetch_add(&L->m->txn_aborts, 1);
    if (e) {
        fail(L, "abort_transaction", e);
        return -1;
    }
    zb_warn("txn_abort", "transaction aborted");
    return 0;
}

/* After a failed transactional call: a fatal error (e.g. fenced by a newer
 * instance) ends the process; anything else aborts the transaction, and the
 * caller rewinds. 0 aborted, -1 fatal. */
static int txn_error(loop *L, const char *what, rd_kafka_error_t *e) {
    if (rd_kafka_error_is_fatal(e)) {
        fail(L, what, e);
        return -1;
    }
    zb_warn("txn_error", "%s: %s: aborting the transaction", what, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return txn_abort(L);
}

/* Retries a transactional call while librdkafka says it is retriable. */
#define TXN_RETRY(e, call, name)                                                                   \
    for (int attempt_ = 0;; attempt_++) {                                                          \
        e = (call);                                                                                \
        if (!e || !rd_kafka_error_is_retriable(e) || attempt_ + 1 >= TXN_ATTEMPTS) break;          \
        zb_warn("txn_retry", "%s: %s: retrying", name, rd_kafka_error_string(e));                  \
        rd_kafka_error_destroy(e);                                                                 \
    }

/* Commits the batch with its offsets. 1 committed, 0 aborted (rewound), -1
 * fatal. */
static int eos_commit(loop *L) {
    if (!L->in_txn) {
        batch_reset(L);
        return 1;
    }
    rd_kafka_error_t *e = NULL;
    const char *what = "send_offsets_to_transaction";
    if (L->n_offs) {
        rd_kafka_consumer_group_metadata_t *md = rd_kafka_consumer_group_metadata(L->consumer);
        rd_kafka_topic_partition_list_t *offs = offsets_list(L);
        TXN_RETRY(e,
                  rd_kafka_send_offsets_to_transaction(L->producer, offs, md,
                                                       L->cfg->shutdown_timeout_ms),
                  what);
        rd_kafka_topic_partition_list_destroy(offs);
        rd_kafka_consumer_group_metadata_destroy(md);
        if (e) goto error;
    }
    what = "commit_transaction";
    TXN_RETRY(e, rd_kafka_commit_transaction(L->producer, L->cfg->shutdown_timeout_ms), what);
    if (e) goto error;
    L->in_txn = 0;
    atomic_fetch_add(&L->m->txn_commits, 1);
    zb_debug("txn_commit", "committed %d messages", L->batch_count);
    batch_reset(L);
    return 1;
error:
    if (txn_error(L, what, e) < 0) return -1;
    rewind_consumer(L);
    return 0;
}

/* At least once: wait for delivery of everything produced, then commit. */
static int alo_commit(loop *L) {
    if (!L->batch_count) return 1;
    rd_kafka_resp_err_t fe = rd_kafka_flush(L->producer, L->cfg->shutdown_timeout_ms);
    if (fe || atomic_exchange(&L->delivery_failed, 0)) {
        zb_warn("delivery_failed", "not every record was delivered (%s): reprocessing",
                fe ? rd_kafka_err2str(fe) : "delivery report");
        rewind_consumer(L);
        return 0;
    }
    if (L->n_offs) {
        rd_kafka_topic_partition_list_t *offs = offsets_list(L);
        rd_kafka_resp_err_t ce = rd_kafka_commit(L->consumer, offs, 0);
        rd_kafka_topic_partition_list_destroy(offs);
        if (ce) zb_warn("commit_failed", "offset commit: %s", rd_kafka_err2str(ce));
    }
    batch_reset(L);
    return 1;
}

static int commit_batch(loop *L) { return L->eos ? eos_commit(L) : alo_commit(L); }

/* ---- rebalances ----------------------------------------------------------- */

static void on_assign(loop *L, rd_kafka_topic_partition_list_t *parts, int cooperative) {
    rd_kafka_error_t *e = NULL;
    if (cooperative)
        e = rd_kafka_incremental_assign(L->consumer, parts);
    else
        rd_kafka_assign(L->consumer, parts);
    if (e) fail(L, "incremental_assign", e);
    if (L->paused) rd_kafka_pause_partitions(L->consumer, parts);
}

static void drop_revoked(loop *L, const rd_kafka_topic_partition_list_t *parts) {
    /* In flight: its outputs must not be produced even if the partition
     * comes back to us, since the consumer then reads it again. */
    for (int i = 0; i < L->win_n; i++) {
        slot *sl = &L->win[(L->win_head + i) % L->win_cap];
        if (rd_kafka_topic_partition_list_find(parts, rd_kafka_topic_name(sl->msg->rkt),
                                               sl->msg->partition))
            sl->revoked = 1;
    }
    int n = L->pend_n;
    for (int i = 0; i < n; i++) {
        rd_kafka_message_t *m = pending_pop(L);
        if (rd_kafka_topic_partition_list_find(parts, rd_kafka_topic_name(m->rkt), m->partition))
            rd_kafka_message_destroy(m);
        else
            pending_push(L, m);
    }
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque) {
    loop *L = opaque;
    int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    atomic_fetch_add(&L->m->rebalances, 1);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        zb_info("assign", "%d partition(s) assigned", parts->cnt);
        on_assign(L, parts, coop);
    } else {
        int lost = rd_kafka_assignment_lost(rk);
        zb_info("revoke", "%d partition(s) %s", parts->cnt, lost ? "lost" : "revoked");
        if (lost) {
            /* Our offsets may already belong to another member: abandon the
             * batch, never commit it. */
            if (L->eos) txn_abort(L);
            batch_reset(L);
        } else if (commit_batch(L) < 0) {
            zb_error("revoke_commit", "%s", L->err);
        }
        drop_revoked(L, parts);
        if (coop) {
            rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
            if (e) fail(L, "incremental_unassign", e);
        } else {
            rd_kafka_assign(rk, NULL);
        }
    }
    /* Counted here, not read back with rd_kafka_assignment(): called from
     * this callback while rd_kafka_consumer_close() runs, that deadlocks
     * (librdkafka 2.0.2), and SIGTERM never returns. */
    int n = atomic_load(&L->m->assigned_partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
        n = coop ? n + parts->cnt : parts->cnt;
    else
        n = coop && n > parts->cnt ? n - parts->cnt : 0;
    atomic_store(&L->m->assigned_partitions, n);
}

static int still_assigned(loop *L, const rd_kafka_message_t *msg) {
    rd_kafka_topic_partition_list_t *a = NULL;
    int yes = 0;
    if (!rd_kafka_assignment(L->consumer, &a) && a) {
        yes = rd_kafka_topic_partition_list_find(a, rd_kafka_topic_name(msg->rkt),
                                                 msg->partition) != NULL;
        rd_kafka_topic_partition_list_destroy(a);
    }
    return yes;
}

/* ---- callbacks ------------------------------------------------------------ */

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    loop *L = opaque;
    if (m->err) {
        atomic_store(&L->delivery_failed, 1);
        atomic_fetch_add(&L->m->errors[ZB_STAGE_PRODUCE], 1);
        zb_warn("delivery_failed", "%s [%d]: %s", rd_kafka_topic_name(m->rkt), (int)m->partition,
                rd_kafka_err2str(m->err));
        return;
    }
    atomic_fetch_add(&L->m->messages_out, 1);
    if (!strcmp(rd_kafka_topic_name(m->rkt), L->cfg->topic_dlq)) atomic_fetch_add(&L->m->dlq, 1);
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
    loop *L = opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char buf[512];
        rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
        zb_error("kafka_fatal", "%s: %s", rd_kafka_err2name(orig), buf);
        return; /* the loop sees it on its next transactional call / poll */
    }
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) atomic_store(&L->m->broker_up, 0);
    /* Connection failures are already in librdkafka's own log lines. */
    zb_log(err == RD_KAFKA_RESP_ERR__TRANSPORT ? ZB_LOG_DEBUG : ZB_LOG_WARN, "kafka_error",
           "%s: %s", rd_kafka_err2name(err), reason);
}

static int stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque) {
    (void)rk;
    loop *L = opaque;
    zb_metrics_update_from_stats(L->m, json, len);
    return 0;
}

/* ---- waiting on the pool -------------------------------------------------- */

/* Keeps the group membership alive while waiting: the partitions are
 * paused, so a poll only serves events (rebalances) and heartbeats. */
static void poll_alive(loop *L, int ms) {
    zb_metrics_heartbeat(L->m);
    rd_kafka_message_t *m = rd_kafka_consumer_poll(L->consumer, ms);
    L->last_poll_ms = zb_mono_ms();
    if (!m) return;
    if (m->err)
        rd_kafka_message_destroy(m);
    else
        pending_push(L, m);
}

/* Waits up to ms for job j. When the consumer has not been polled for
 * GUARD_MS (the window is full of long messages), the assignment is paused
 * and polled for events only. 1 when j is done. */
static int wait_job(loop *L, zb_job *j, int ms) {
    if (zb_pool_wait(L->pool, j, ms)) return 1;
    zb_metrics_heartbeat(L->m);
    zb_watchdog_check(L->pool, L->m, zb_watchdog_stall_ms(L->cfg->extract_timeout_ms));
    if (zb_mono_ms() - L->last_poll_ms >= GUARD_MS) {
        if (!L->paused) {
            set_paused(L, 1);
            L->guard_paused = 1;
            zb_info("long_extract", "messages take long: pausing consumption meanwhile");
        }
        poll_alive(L, 0);
    }
    return 0;
}

/* Waits for j; on SIGTERM gives it shutdown_timeout_ms more. 0 done, -1
 * abandoned (still running: the process is exiting). */
static int wait_job_guarded(loop *L, zb_job *j) {
    int64_t stop_at = -1;
    while (!wait_job(L, j, POLL_MS)) {
        int64_t now = zb_mono_ms();
        if (*L->stop && stop_at < 0) stop_at = now + L->cfg->shutdown_timeout_ms;
        if (stop_at >= 0 && now >= stop_at) return -1;
    }
    return 0;
}
/* ---- producing ------------------------------------------------------------ */

static const char *out_topic(loop *L, zb_out_kind k) {
    return k == ZB_OUT_INDICATORS ? L->cfg->topic_indicators
           : k == ZB_OUT_FACT     ? L->cfg->topic_facts
                                  : L->cfg->topic_dlq;
}

static rd_kafka_resp_err_t produce_one(loop *L, const zb_pipe_msg *pm) {
    rd_kafka_headers_t *h = NULL;
    if (pm->n_headers) {
        h = rd_kafka_headers_new(pm->n_headers);
        for (size_t i = 0; i < pm->n_headers; i++)
            rd_kafka_header_add(h, pm->headers[i].name, -1, pm->headers[i].value, -1);
    }
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            L->producer, RD_KAFKA_V_TOPIC(out_topic(L, pm->kind)),
            RD_KAFKA_V_KEY(pm->key.len ? pm->key.p : NULL, pm->key.len),
            RD_KAFKA_V_VALUE(pm->value.p, pm->value.len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            if (e && h) rd_kafka_headers_destroy(h); /* owned by the message on success */
            return e;
        }
        rd_kafka_poll(L->producer, POLL_MS);
    }
}

/* 1 produced, 0 aborted/rewound, -1 fatal. */
static int produce_outputs(loop *L, const zb_pipe_out *out) {
    if (L->eos && !L->in_txn) {
        rd_kafka_error_t *e = rd_kafka_begin_transaction(L->producer);
        if (e) {
            fail(L, "begin_transaction", e);
            return -1;
        }
        L->in_txn = 1;
    }
    for (size_t i = 0; i < out->n; i++) {
        rd_kafka_resp_err_t e = produce_one(L, &out->msgs[i]);
        if (!e) continue;
        zb_warn("produce_failed", "%s: %s", out_topic(L, out->msgs[i].kind), rd_kafka_err2str(e));
        if (e == RD_KAFKA_RESP_ERR__FATAL) {
            fail(L, "produce", NULL);
            return -1;
        }
        if (L->eos && txn_abort(L) < 0) return -1;
        rewind_consumer(L);
        return 0;
    }
    rd_kafka_poll(L->producer, 0); /* serve delivery reports */
    return 1;
}

/* ---- one message ---------------------------------------------------------- */

static size_t collect_headers(const rd_kafka_message_t *msg, zb_header *out) {
    rd_kafka_headers_t *hs = NULL;
    if (rd_kafka_message_headers(msg, &hs) || !hs) return 0;
    size_t n = 0;
    const char *name;
    const void *val;
    size_t size;
    while (n < MAX_HEADERS && !rd_kafka_header_get_all(hs, n, &name, &val, &size)) {
        out[n].name = name;
        out[n].value = val;
        out[n].value_len = size;
        n++;
    }
    return n;
}

/* Waits out a registry outage: pause, poll to stay in the group, back off.
 * 1 = try again, 0 = give up on this message for now (stop or revoked). */
static int registry_backoff(loop *L, const rd_kafka_message_t *msg, const zb_pipe_out *out,
                            int *backoff) {
    if (!L->paused) {
        zb_warn("registry_down", "Schema Registry unreachable (%s): pausing consumption",
                out->message);
        if (commit_batch(L) < 0) return 0; /* no transaction stays open meanwhile */
        set_paused(L, 1);
    }
    int64_t until = zb_mono_ms() + *backoff;
    while (!*L->stop && !L->fatal && zb_mono_ms() < until)
        poll_alive(L, POLL_MS);
    *backoff = *backoff * 2 > L->cfg->registry_backoff_max_ms ? L->cfg->registry_backoff_max_ms
                                                              : *backoff * 2;
    if (*L->stop || L->fatal) return 0;
    return still_assigned(L, msg);
}

/* A registry outage: the message is run again until the registry answers,
 * at once the first time (messages that failed before the registry came
 * back need no wait), then after a growing backoff. 0 go on, 1 stop here
 * (nothing after this message may be produced), -1 abandoned at shutdown. */
static int retry_outage(loop *L, slot *sl) {
    int backoff = L->cfg->registry_backoff_ms;
    while (sl->job.res == ZB_PIPE_RETRY && !sl->revoked && sl->rewinds == L->rewinds) {
        if (L->outage && !registry_backoff(L, sl->msg, &sl->out, &backoff)) {
            set_paused(L, 0); /* not committed: redone later */
            return *L->stop || L->fatal ? 1 : 0;
        }
        L->outage = 1;
        zb_pool_submit(L->pool, &sl->job);
        if (wait_job_guarded(L, &sl->job) < 0) return -1;
    }
    if (L->outage && sl->job.res != ZB_PIPE_RETRY) {
        if (L->paused) zb_info("registry_up", "Schema Registry reachable again: resuming");
        set_paused(L, 0);
        L->outage = 0;
    }
    return 0;
}

/* Produces the outputs of a processed message (the oldest in the window)
 * and advances its partition's offset. 0 go on, 1 stop here, -1 abandoned
 * at shutdown (its job still runs). */
static int finish_slot(loop *L, slot *sl) {
    const zb_pipe_in *in = &sl->in;
    int r = retry_outage(L, sl);
    if (r) return r;
    zb_pipe_result res = sl->job.res;
    if (res == ZB_PIPE_RETRY) return 0; /* revoked or rewound meanwhile */
    if (res == ZB_PIPE_FATAL) {
        zb_errf(L->err, L->errlen, "processing %s [%d] @%lld: %s", in->topic, (int)in->partition,
                (long long)in->offset, sl->out.message);
        L->fatal = 1;
        return 1;
    }
    /* Revoked meanwhile: its new owner redoes it. Rewound meanwhile (a
     * rebalance or a failed produce aborted the transaction): it is read
     * again. */
    if (sl->revoked || L->rewinds != sl->rewinds || !still_assigned(L, sl->msg)) return 0;
    if (res == ZB_PIPE_DLQ)
        zb_info("dead_letter", "%s [%d] @%lld -> %s: %s: %s", in->topic, (int)in->partition,
                (long long)in->offset, L->cfg->topic_dlq, sl->out.reason, sl->out.message);
    if (produce_outputs(L, &sl->out) != 1) return 0;
    if (res == ZB_PIPE_OK) atomic_fetch_add(&L->m->reports_ok, 1);
    offset_advance(L, sl->msg);
    if (L->batch_count++ == 0) L->batch_start_ms = zb_mono_ms();
    return 0;
}
/* ---- setup and the loop --------------------------------------------------- */

/* Schema ids not learnt at start (registry down then): try again while idle,
 * on the pool (a registry call can outlast max.poll.interval.ms), with
 * backoff, so /readyz turns ready once the registry answers even when no
 * message arrives. A message arriving meanwhile takes the usual outage path.
 * -1 when abandoned at shutdown. */
static int retry_prepare(loop *L) {
    if (zb_pipeline_prepared(L->pipe) || L->paused || L->win_n || zb_mono_ms() < L->prepare_at)
        return 0;
    L->prep.in = NULL;
    zb_pool_submit(L->pool, &L->prep);
    if (wait_job_guarded(L, &L->prep) < 0) return -1;
    if (L->prep.prep_rc == 0) return 0;
    if (L->prep.prep_rc < 0) {
        zb_errf(L->err, L->errlen, "schema registry: %s", L->prep.perr);
        L->fatal = 1;
        return 0;
    }
    zb_warn("registry_down", "%s (next try in %d ms)", L->prep.perr, L->prepare_backoff);
    L->prepare_at = zb_mono_ms() + L->prepare_backoff;
    L->prepare_backoff = L->prepare_backoff * 2 > L->cfg->registry_backoff_max_ms
                             ? L->cfg->registry_backoff_max_ms
                             : L->prepare_backoff * 2;
    return 0;
}

static rd_kafka_t *make_consumer(loop *L) {
    rd_kafka_conf_t *conf = zb_kafka_conf_new(L->cfg, ZB_ROLE_CONSUMER, L->err, L->errlen);
    if (!conf) return NULL;
    char e[256], v[32];
    size_t vl = sizeof v;
    if (rd_kafka_conf_get(conf, "statistics.interval.ms", v, &vl) == RD_KAFKA_CONF_OK &&
        !strcmp(v, "0"))
        rd_kafka_conf_set(conf, "statistics.interval.ms", "5000", e, sizeof e);
    rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
    rd_kafka_conf_set_error_cb(conf, error_cb);
    rd_kafka_conf_set_stats_cb(conf, stats_cb);
    rd_kafka_conf_set_opaque(conf, L);
    return zb_kafka_consumer_new(L->cfg, conf, L->err, L->errlen);
}

static rd_kafka_t *make_producer(loop *L) {
    rd_kafka_conf_t *conf = zb_kafka_conf_new(L->cfg, ZB_ROLE_PRODUCER, L->err, L->errlen);
    if (!conf) return NULL;
    char v[32];
    size_t vl = sizeof v;
    if (rd_kafka_conf_get(conf, "message.max.bytes", v, &vl) == RD_KAFKA_CONF_OK)
        L->max_msg_bytes = (size_t)strtoull(v, NULL, 10);
    rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    rd_kafka_conf_set_error_cb(conf, error_cb);
    rd_kafka_conf_set_opaque(conf, L);
    char tid[256];
    if (L->eos) {
        zb_kafka_transactional_id(L->cfg, tid, sizeof tid);
        zb_info("producer", "transactional.id %s", tid);
    }
    return zb_kafka_producer_new(conf, L->eos ? tid : NULL, L->cfg->shutdown_timeout_ms, L->stop,
                                 L->err, L->errlen);
}

/* Reads a message into the next free slot and hands it to the pool. */
static void dispatch(loop *L, rd_kafka_message_t *msg) {
    slot *sl = &L->win[(L->win_head + L->win_n++) % L->win_cap];
    sl->msg = msg;
    sl->in = (zb_pipe_in){.value = msg->payload,
                          .len = msg->payload ? msg->len : 0,
                          .key = msg->key,
                          .key_len = msg->key_len,
                          .headers = sl->hdrs,
                          .n_headers = collect_headers(msg, sl->hdrs),
                          .topic = rd_kafka_topic_name(msg->rkt),
                          .partition = msg->partition,
                          .offset = msg->offset,
                          .timestamp_ms = rd_kafka_message_timestamp(msg, NULL)};
    sl->rewinds = L->rewinds;
    sl->revoked = 0;
    sl->job.in = &sl->in;
    sl->job.out = &sl->out;
    L->win_bytes += sl->in.len;
    atomic_fetch_add(&L->m->messages_in, 1);
    atomic_fetch_add(&L->m->bytes_in, sl->in.len);
    zb_pool_submit(L->pool, &sl->job);
}

static void release_head(loop *L) {
    slot *sl = &L->win[L->win_head];
    L->win_bytes -= sl->in.len;
    rd_kafka_message_destroy(sl->msg);
    sl->msg = NULL;
    zb_pipe_out_reset(&sl->out);
    L->win_head = (L->win_head + 1) % L->win_cap;
    L->win_n--;
}

/* Finishes the processed messages at the head of the window, in order,
 * waiting up to wait_ms for the first. 0 go on, 1 stop, -1 abandoned. */
static int drain(loop *L, int wait_ms) {
    while (L->win_n > 0 && !L->fatal) {
        slot *sl = &L->win[L->win_head];
        if (!wait_job(L, &sl->job, wait_ms)) return 0;
        wait_ms = 0;
        int r = finish_slot(L, sl);
        if (r < 0) return -1;
        release_head(L);
        if (r) return 1;
        /* A full batch is committed before the next message is produced. */
        if (L->batch_count >= L->cfg->batch_max_messages) return 0;
    }
    return 0;
}

/* The loop ends: the messages still in flight are waited for (up to the
 * shutdown timeout) and dropped unproduced; they are not committed, so
 * whoever owns their partition next reads them again. -1 abandoned. */
static int settle(loop *L) {
    int64_t stop_at = zb_mono_ms() + L->cfg->shutdown_timeout_ms;
    while (L->win_n) {
        while (!wait_job(L, &L->win[L->win_head].job, POLL_MS))
            if (zb_mono_ms() >= stop_at) return -1;
        release_head(L);
    }
    return 0;
}

/* Room for one more message: a free slot and, unless the window is empty,
 * less than WINDOW_BYTES of input in flight. */
static int room(const loop *L) {
    return L->win_n < L->win_cap && (L->win_n == 0 || L->win_bytes < WINDOW_BYTES);
}

/* One message from the consumer (or those read while paused), or NULL. */
static rd_kafka_message_t *next_message(loop *L) {
    rd_kafka_message_t *msg = pending_pop(L);
    if (msg) return msg;
    msg = rd_kafka_consumer_poll(L->consumer, L->win_n ? 0 : POLL_MS);
    L->last_poll_ms = zb_mono_ms();
    if (!msg || !msg->err) return msg;
    if (msg->err == RD_KAFKA_RESP_ERR__FATAL) {
        zb_errf(L->err, L->errlen, "consumer: %s", rd_kafka_message_errstr(msg));
        L->fatal = 1;
    } else {
        zb_warn("consumer_error", "%s", rd_kafka_message_errstr(msg));
    }
    rd_kafka_message_destroy(msg);
    return NULL;
}

static void run_loop(loop *L, int *abandoned) {
    int d = 0;
    while (!*L->stop && !L->fatal) {
        zb_metrics_heartbeat(L->m);
        /* Delivery reports (the out/dlq counters, delivery_failed logs) are
         * otherwise served only by the next produce or commit: an idle
         * input would leave them pending up to delivery.batch_max_ms. */
        rd_kafka_poll(L->producer, 0);
        if (L->batch_count > 0 && (L->batch_count >= L->cfg->batch_max_messages ||
                                   zb_mono_ms() - L->batch_start_ms >= L->cfg->batch_max_ms)) {
            if (commit_batch(L) < 0) break;
        }
        if ((d = drain(L, 0))) goto end;
        if (room(L)) {
            if (L->guard_paused) {
                set_paused(L, 0);
                L->guard_paused = 0;
            }
            rd_kafka_message_t *msg = next_message(L);
            if (msg) {
                dispatch(L, msg);
                continue;
            }
            if (!L->win_n) {
                if (retry_prepare(L) < 0) {
                    *abandoned = 1; /* the window is empty: only the prepare job runs */
                    return;
                }
                continue;
            }
        }
        /* The window is full, or nothing new to read: wait for its head (a
         * moment only when more messages may come meanwhile). */
        if ((d = drain(L, room(L) ? 1 : POLL_MS))) goto end;
    }
end:
    if (d < 0 || settle(L) < 0) *abandoned = 1;
}

/* Commit what is complete (or abort), leave the group, deliver, close. */
static void shut_down(loop *L) {
    if (!L->fatal) {
        if (commit_batch(L) < 0) zb_error("shutdown_commit", "%s", L->err);
    } else if (L->eos && L->in_txn) {
        rd_kafka_error_t *e = rd_kafka_abort_transaction(L->producer, 5000);
        if (e) rd_kafka_error_destroy(e);
    }
    pending_clear(L);
    zb_info("shutdown", "closing the consumer");
    L->closing = 1;
    rd_kafka_consumer_close(L->consumer);
    rd_kafka_flush(L->producer, L->fatal ? 1000 : L->cfg->shutdown_timeout_ms);
}

/* The processing threads and the window: SLOTS_PER_THREAD slots per thread,
 * so the threads keep extracting while this one produces or waits for a
 * transaction commit (a broker round trip or more, every batch). */
static int start_pool(loop *L) {
    zb_pipeline_set_max_record_bytes(L->pipe, L->max_msg_bytes);
    if (!(L->pool = zb_pool_new(L->pipe, L->cfg->engine_threads, L->err, L->errlen))) return -1;
    int cap = SLOTS_PER_THREAD * zb_pool_threads(L->pool);
    L->win_cap = cap > MAX_WINDOW ? MAX_WINDOW : cap;
    if (!(L->win = calloc((size_t)L->win_cap, sizeof *L->win))) {
        zb_errf(L->err, L->errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < L->win_cap; i++)
        zb_pipe_out_init(&L->win[i].out);
    return 0;
}

int zb_kafka_run(const zb_config *cfg, zb_pipeline *pipe, zb_metrics *m,
                 volatile sig_atomic_t *stop, char *err, size_t errlen) {
    loop *L = calloc(1, sizeof *L);
    if (!L) {
        zb_errf(err, errlen, "out of memory");
        return 1;
    }
    *L = (loop){.cfg = cfg,
                .pipe = pipe,
                .m = m,
                .stop = stop,
                .eos = cfg->delivery == ZB_EXACTLY_ONCE,
                .err = err,
                .errlen = errlen,
                .max_msg_bytes = 1000000,
                .prepare_backoff = cfg->registry_backoff_ms};
    batch_reset(L);
    int rc = 1, abandoned = 0;
    /* Learn the schema ids now when possible (readiness); an outage here
     * is handled per message like any other. */
    char perr[256];
    if (zb_pipeline_prepare(pipe, perr, sizeof perr) < 0) {
        zb_errf(err, errlen, "schema registry: %s", perr);
        goto out;
    }
    if (!(L->producer = make_producer(L))) {
        if (*stop) rc = 0; /* SIGTERM while waiting for the cluster: nothing was read */
        goto out;
    }
    if (start_pool(L) < 0) goto out;
    if (!(L->consumer = make_consumer(L))) goto out;
    if (zb_kafka_subscribe(L->consumer, cfg, err, errlen)) goto out;
    zb_info("start", "consuming %s (%s, %d processing threads) as group %s", cfg->input_topics[0],
            L->eos ? "exactly once" : "at least once", zb_pool_threads(L->pool),
            zb_kvlist_get(&cfg->consumer, "group.id") ? zb_kvlist_get(&cfg->consumer, "group.id")
                                                      : "zhibiao");
    zb_metrics_heartbeat(m);
    atomic_store(&m->running, 1);
    run_loop(L, &abandoned);
    atomic_store(&m->running, 0);
    if (abandoned) {
        /* A message is still being processed on a pool thread, which uses
         * L: leave L alone and let the process exit. */
        zb_warn("shutdown", "a message was still being processed after the shutdown timeout");
        return 3;
    }
    shut_down(L);
    rc = L->fatal ? 1 : 0;
out:
    zb_pool_free(L->pool);
    if (L->consumer) rd_kafka_destroy(L->consumer);
    if (L->producer) rd_kafka_destroy(L->producer);
    for (int i = 0; L->win && i < L->win_cap; i++)
        zb_pipe_out_free(&L->win[i].out);
    free(L->win);
    free(L);
    return rc;
}
