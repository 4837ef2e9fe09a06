/* kafka_client.h - librdkafka clients built from the zhibiao config: the
 * `kafka.*` properties first, then `consumer.*` or `producer.*` on top, plus
 * zhibiao's defaults where the user set nothing. Logs go to zb_log. Shared by
 * `zhibiao run` (kafka_loop.c) and `zhibiao dlq replay` (cli_dlq.c). */
#ifndef ZB_KAFKA_CLIENT_H
#define ZB_KAFKA_CLIENT_H

#include <librdkafka/rdkafka.h>
#include <signal.h>

#include "config.h"

typedef enum { ZB_ROLE_CONSUMER, ZB_ROLE_PRODUCER } zb_kafka_role;

/* A conf with kafka.* then consumer.*|producer.* applied. Consumer defaults
 * (each only when unset): group.id=zhibiao,
 * partition.assignment.strategy=cooperative-sticky, enable.auto.commit=false,
 * auto.offset.reset=earliest, isolation.level=read_committed,
 * enable.partition.eof=false. Producer defaults: enable.idempotence=true,
 * acks=all. NULL with err on an unknown/invalid property (named). */
rd_kafka_conf_t *zb_kafka_conf_new(const zb_config *c, zb_kafka_role role, char *err,
                                   size_t errlen);

/* A consumer (rd_kafka_poll_set_consumer done, not subscribed). conf: from
 * zb_kafka_conf_new(..CONSUMER..) with the caller's callbacks set, consumed
 * on success; NULL = a fresh one from c. */
rd_kafka_t *zb_kafka_consumer_new(const zb_config *c, rd_kafka_conf_t *conf, char *err,
                                  size_t errlen);
/* A producer from conf (from zb_kafka_conf_new(..PRODUCER..), consumed on
 * success). With transactional_id non-NULL: transactional,
 * rd_kafka_init_transactions done with timeout_ms; with stop non-NULL a
 * retriable failure (no broker answered in time) is logged and the call
 * repeated until it succeeds or *stop is set (then NULL). */
rd_kafka_t *zb_kafka_producer_new(rd_kafka_conf_t *conf, const char *transactional_id,
                                  int timeout_ms, volatile sig_atomic_t *stop, char *err,
                                  size_t errlen);

/* The transactional.id zhibiao uses when producer.transactional.id is
 * unset: "zhibiao-" and zb_config_worker_id, so with static membership
 * (group.instance.id) it is stable across restarts and a restarted pod
 * fences its zombie; else "zhibiao-<hostname>-<pid>". */
void zb_kafka_transactional_id(const zb_config *c, char *out, size_t outlen);

/* Subscribes to cfg->input_topics. 0 ok. */
int zb_kafka_subscribe(rd_kafka_t *consumer, const zb_config *c, char *err, size_t errlen);

#endif
