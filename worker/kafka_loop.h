/* kafka_loop.h - `zhibiao run` in Kafka mode: a consumer-group member that
 * turns raw report messages into records on the indicators, facts and DLQ
 * topics, exactly once by default (transactional producer, input offsets
 * committed in the transaction; librdkafka's examples/transactions.c is the
 * pattern) or at least once (idempotent producer, offsets committed after
 * delivery). */
#ifndef ZB_KAFKA_LOOP_H
#define ZB_KAFKA_LOOP_H

#include <signal.h>

#include "config.h"
#include "metrics.h"
#include "pipeline.h"

/* Runs until *stop becomes non-zero (SIGTERM/SIGINT), then closes the open
 * transaction (commits what is complete, else aborts), closes the consumer
 * and returns 0 within cfg->shutdown_timeout_ms. Returns 1 with a message in
 * err on a fatal error (fenced producer, unrecoverable transaction state,
 * bad config): the process should exit and be restarted. Returns 3 when a
 * message was still being processed when the shutdown timeout ran out: its
 * thread still uses pipe, so the caller exits (status 0) without freeing it;
 * the message is not committed and is processed again by the next owner. */
int zb_kafka_run(const zb_config *cfg, zb_pipeline *pipe, zb_metrics *m,
                 volatile sig_atomic_t *stop, char *err, size_t errlen);

#endif
