/* watchdog.h - notices a message whose extraction never returns.
 *
 * The engine stops a document at engine.timeout_ms (zb_extract_opts.max_ms:
 * the dead letter "timeout"), but only where its loops check the budget: a
 * loop without a check (an engine bug, like last night's gazetteer parent
 * cycle) holds its pool thread for ever, and the partition waits behind
 * that message. Nothing can stop a thread safely, so the watchdog makes the
 * stall visible instead: an extraction still running well past the limit
 * (zb_watchdog_stall_ms) is logged once as an error naming
 * topic/partition/offset (extract_stalled), counted
 * (zhibiao_extract_stalls_total), shown as zhibiao_extract_stalled and makes
 * /readyz fail with its name, until it returns. Only the time in zb_extract
 * counts (zb_pipe_out.extract_since_ms), not registry calls or encoding.
 *
 * The loop that owns the jobs (the Kafka loop, file mode) calls
 * zb_watchdog_check while it waits on them. */
#ifndef ZB_WATCHDOG_H
#define ZB_WATCHDOG_H

#include "metrics.h"
#include "pool.h"

/* An extraction running longer than this is stalled: twice the budget and
 * 5 s more, so a timeout that is only late never counts (the budget is read
 * between checks, and decoding, linear, has none inside). */
long long zb_watchdog_stall_ms(int timeout_ms);

/* Looks at the extractions the pool runs now: logs each newly stalled one
 * (over stall_ms), updates the metrics (m may be NULL). Returns the number
 * stalled now. */
int zb_watchdog_check(zb_pool *p, zb_metrics *m, long long stall_ms);

#endif
