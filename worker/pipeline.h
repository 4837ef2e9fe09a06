/* pipeline.h - one input message through detect -> decode envelope ->
 * zb_extract -> encode -> route. Knows nothing of Kafka: the Kafka loop and
 * file mode both call it, so they run the same code.
 *
 * Routing: a report becomes one ReportIndicators record (indicators topic,
 * key = report id) and one IndicatorFact per indicator (facts topic, key
 * "region.code|report_year|code"). Anything else becomes one DeadLetter
 * (DLQ topic) carrying the original key, value and headers, the stage and
 * the reason. Only a Schema Registry outage is not routed: the caller
 * retries the same message later (ZB_PIPE_RETRY). */
#ifndef ZB_PIPELINE_H
#define ZB_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "metrics.h"
#include "zb_buf.h"
#include "zb_codec.h"
#include "zb_extract.h"

/* One input message as received. */
typedef struct {
    const void *value;
    size_t len;
    const void *key; /* may be NULL */
    size_t key_len;
    const zb_header *headers;
    size_t n_headers;
    const char *topic; /* NULL in file mode */
    int32_t partition;
    int64_t offset;
    int64_t timestamp_ms; /* -1 unknown */
    const char *source;   /* file mode: the path; Kafka: NULL -> topic/partition/offset */
} zb_pipe_in;

typedef enum { ZB_OUT_INDICATORS = 0, ZB_OUT_FACT, ZB_OUT_DLQ } zb_out_kind;

/* One record to produce. DLQ records also carry headers (stage, reason,
 * origin topic/partition/offset) besides the DeadLetter value. */
#define ZB_PIPE_MAX_HEADERS 4
typedef struct {
    zb_out_kind kind;
    zb_buf key;
    zb_buf value;
    size_t n_headers; /* DLQ only: zb.stage, zb.reason, zb.origin */
    struct {
        const char *name; /* static string */
        char value[320];
    } headers[ZB_PIPE_MAX_HEADERS];
} zb_pipe_msg;

typedef enum {
    ZB_PIPE_OK = 0, /* outputs hold the report records */
    ZB_PIPE_DLQ,    /* outputs hold one DeadLetter */
    ZB_PIPE_RETRY,  /* Schema Registry unreachable: nothing routed, retry later */
    ZB_PIPE_FATAL   /* out of memory / internal: message in out->message */
} zb_pipe_result;

typedef struct {
    zb_pipe_msg *msgs;
    size_t n, cap;
    zb_report *report;  /* the extracted report (kept when keep_report) */
    char report_id[17]; /* 16 hex digits; "" when no report */
    char url[1024];     /* source URL from the envelope; "" when none */
    int64_t fetched_ms; /* crawl time from the envelope; ZB_TIME_NONE */
    zb_dlq_stage stage; /* on DLQ/RETRY: where it failed */
    char reason[40];    /* on DLQ: zb_status_name() or a codec reason */
    char message[512];  /* on DLQ/RETRY/FATAL: one line */
    double extract_seconds;
    /* monotonic ms when zb_extract began while it runs, else 0: the stall
     * watchdog (watchdog.h) reads it from another thread */
    atomic_llong extract_since_ms;
} zb_pipe_out;

typedef struct zb_pipeline zb_pipeline;

/* Pipeline options. encode = 0 (file mode): no Avro/registry, the report is
 * only extracted and kept in out->report (file mode writes the container). */
typedef struct {
    zb_input_format format;
    size_t max_report_bytes;
    int encode;
    int keep_report;
    const char *registry_url; /* NULL/"" -> no registry (encode must be 0) */
    const zb_config *cfg;     /* registry auth/TLS settings; may be NULL */
    size_t max_record_bytes;  /* an output record (key + value) over this makes the input a
                                 dead letter (output_too_large); 0 = no limit */
    uint32_t max_ms;          /* engine.timeout_ms: the extraction's work budget, over it the
                                 input is a dead letter (timeout); 0 = the engine's default */
} zb_pipe_opts;

zb_pipeline *zb_pipeline_new(const zb_rules *rules, const zb_pipe_opts *opts, zb_metrics *m,
                             char *err, size_t errlen);
void zb_pipeline_free(zb_pipeline *p);
/* Sets opts.max_record_bytes (the producer's message.max.bytes, known only
 * once the producer is configured). Before any clone is made. */
void zb_pipeline_set_max_record_bytes(zb_pipeline *p, size_t n);
/* A pipeline for another thread: the same rules, options and metrics, its
 * own codec and registry client, the schema ids known so far. */
zb_pipeline *zb_pipeline_clone(const zb_pipeline *p, char *err, size_t errlen);
/* Ensures the schemas are registered / their ids known (first call talks to
 * the registry). 0 ok, 1 retriable (registry down), -1 fatal; err set. */
int zb_pipeline_prepare(zb_pipeline *p, char *err, size_t errlen);
/* 1 when the output schema ids are known (or nothing is encoded). */
int zb_pipeline_prepared(const zb_pipeline *p);

void zb_pipe_out_init(zb_pipe_out *o);
void zb_pipe_out_reset(zb_pipe_out *o); /* frees contents, keeps it usable */
void zb_pipe_out_free(zb_pipe_out *o);

zb_pipe_result zb_pipeline_process(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *out);

/* Routes in to the DLQ with the given stage, reason and message (used by
 * the Kafka loop when an output record cannot be produced). */
zb_pipe_result zb_pipeline_dead_letter(zb_pipeline *p, const zb_pipe_in *in, zb_dlq_stage stage,
                                       const char *reason, const char *message, zb_pipe_out *out);

/* Which input format a message is in when format is auto:
 * Confluent magic byte 0 + 4-byte id -> avro; first non-space byte '{' and a
 * JSON object with "body" or "body_base64" -> json; else raw. */
zb_input_format zb_pipeline_detect(const void *value, size_t len);

/* Report id: FNV-1a 64-bit of the source URL when known, else of the bytes,
 * as 16 lower-case hex digits. */
void zb_report_id(const void *data, size_t len, char out[17]);

#endif
