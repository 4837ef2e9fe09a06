/* zb_codec.h - Avro encoding and decoding of zhibiao's records, with the
 * Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary body).
 *
 * The schemas (codec/schemas/NAME.avsc) are embedded in the binary at build
 * time. A zb_codec holds the parsed schemas, one reusable avro-c value per
 * record type and scratch buffers: encoding a record allocates nothing once
 * the buffers have grown. A zb_codec is NOT thread-safe: use one per thread.
 *
 * Errors: every function returning zb_codec_status writes a one-line message
 * into err (errlen bytes, may be 0) when it fails. */
#ifndef ZB_CODEC_H
#define ZB_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "zb_buf.h"
#include "zb_report.h"

typedef struct zb_registry zb_registry; /* zb_registry.h */

/* "Unknown time" for every *_ms field below. */
#define ZB_TIME_NONE INT64_MIN

typedef enum {
    ZB_CODEC_OK = 0,
    ZB_CODEC_EFRAME,  /* framed payload too short or magic byte not 0 (permanent) */
    ZB_CODEC_EDATA,   /* Avro body does not decode with the writer schema (permanent) */
    ZB_CODEC_ESCHEMA, /* writer schema id unknown to the registry (40403), or a
                         writer schema that cannot be resolved to ours (permanent) */
    ZB_CODEC_EINPUT,  /* caller passed an invalid value (e.g. index out of range) */
    ZB_CODEC_ERETRY,  /* the registry could not answer (down, 5xx, auth or TLS refused):
                         retry later, do not drop */
    ZB_CODEC_ENOMEM,
    ZB_CODEC_EINTERNAL /* avro-c failed in a way that should not happen */
} zb_codec_status;

const char *zb_codec_status_name(zb_codec_status s); /* "frame", "data", ... */

/* ---- schemas ------------------------------------------------------------ */

typedef enum {
    ZB_SCHEMA_REPORT_INDICATORS = 0, /* one per report: topic reports.indicators */
    ZB_SCHEMA_INDICATOR_FACT,        /* one per indicator: reports.indicator-facts */
    ZB_SCHEMA_RAW_REPORT,            /* input contract offered to crawlers */
    ZB_SCHEMA_DEAD_LETTER,           /* reports.dlq */
    ZB_SCHEMA_COUNT
} zb_schema_kind;

#define ZB_SCHEMA_NAMESPACE "cn.zhibiao.v1"

const char *zb_schema_name(zb_schema_kind k);     /* "ReportIndicators" */
const char *zb_schema_fullname(zb_schema_kind k); /* "cn.zhibiao.v1.ReportIndicators" */
/* The .avsc text exactly as in codec/schemas/ (what is registered). */
const char *zb_schema_text(zb_schema_kind k);
/* Finds a schema by name or full name (case-insensitive); -1 when none. */
int zb_schema_find(const char *name);

/* ---- origin: where a report came from and what processed it ------------- */

typedef struct {
    const char *source_url;        /* crawled URL; NULL if unknown */
    int64_t crawl_time_ms;         /* when the crawler fetched it; ZB_TIME_NONE */
    const char *topic;             /* input topic; NULL in file mode */
    int32_t partition;             /* input partition; -1 when no topic */
    int64_t offset;                /* input offset; -1 when no topic */
    const char *report_id;         /* stable id (hash of URL, else of content); required */
    const char *extractor_version; /* NULL = ZB_EXTRACTOR_VERSION of this build */
    const char *rules_version;     /* NULL = the report's rules_version */
    int64_t processed_time_ms;     /* when zhibiao extracted it; ZB_TIME_NONE = now */
} zb_origin;

/* Sets every field to "unknown" (NULL, -1, ZB_TIME_NONE). */
void zb_origin_init(zb_origin *o);

/* ---- codec ----------------------------------------------------------------*/

typedef struct zb_codec zb_codec;

zb_codec *zb_codec_new(char *err, size_t errlen);
void zb_codec_free(zb_codec *c);

/* Confluent framing alone: writes the 5-byte header (magic 0 + id). */
void zb_frame_header(uint8_t out[5], int32_t schema_id);
/* Parses the header; on success sets *id, *body and *body_len (the Avro bytes). */
zb_codec_status zb_frame_parse(const void *data, size_t len, int32_t *id, const uint8_t **body,
                               size_t *body_len, char *err, size_t errlen);

/* Encoders. Each REPLACES the content of out with one record: framed with
 * schema_id when schema_id >= 0, bare Avro binary when schema_id < 0 (what
 * container files hold). out is reused: keep it across calls. */
zb_codec_status zb_encode_report(zb_codec *c, int32_t schema_id, const zb_report *r,
                                 const zb_origin *o, zb_buf *out, char *err, size_t errlen);

/* One IndicatorFact for r->indicators[i]. */
zb_codec_status zb_encode_fact(zb_codec *c, int32_t schema_id, const zb_report *r, size_t i,
                               const zb_origin *o, zb_buf *out, char *err, size_t errlen);

/* The compaction key of r->indicators[i]: "region.code|report_year|code",
 * with an empty field when unknown (e.g. "|2023|litigation.loss_rate").
 * Replaces the content of key (NUL-terminated). 0 ok, -1 out of memory. */
int zb_fact_key(const zb_report *r, size_t i, zb_buf *key);

/* Kafka header of a dead letter's original message. */
typedef struct {
    const char *name;
    const void *value; /* NULL = null header value */
    size_t value_len;
} zb_header;

/* Why a message could not be processed. */
typedef enum {
    ZB_STAGE_OTHER = 0, /* "other" */
    ZB_STAGE_DECODE,    /* "decode": input envelope / Avro / framing */
    ZB_STAGE_EXTRACT,   /* "extract": zb_extract failed (empty, not a report...) */
    ZB_STAGE_ENCODE,    /* "encode": output could not be encoded */
    ZB_STAGE_PRODUCE    /* "produce": output rejected by the broker (e.g. too large) */
} zb_dlq_stage;

const char *zb_dlq_stage_name(zb_dlq_stage s);

typedef struct {
    const void *key; /* original key; NULL = no key */
    size_t key_len;
    const void *value; /* original value; NULL = null value */
    size_t value_len;
    const zb_header *headers;
    size_t n_headers;
    const char *topic;    /* where the original was read; NULL in file mode */
    int32_t partition;    /* -1 when unknown */
    int64_t offset;       /* -1 when unknown */
    int64_t timestamp_ms; /* original message timestamp; ZB_TIME_NONE */
    const char *source;   /* file path in file mode, else NULL */
    zb_dlq_stage stage;
    const char *error_code;    /* e.g. zb_status_name(): "bad_encoding"; required */
    const char *error_message; /* one line, human-readable; required */
    int64_t failed_time_ms;    /* ZB_TIME_NONE = now */
    const char *worker_id;     /* host / group.instance.id; NULL if unknown */
    const char *report_id;     /* when known; NULL otherwise */
} zb_dead_letter;

zb_codec_status zb_encode_dead_letter(zb_codec *c, int32_t schema_id, const zb_dead_letter *d,
                                      zb_buf *out, char *err, size_t errlen);

/* ---- decoders ---------------------------------------------------------------
 * Framed input: the writer schema is looked up by id in reg (cached there) and
 * resolved to our current schema with Avro's schema resolution, so records
 * written with an older or newer compatible version decode. With reg == NULL
 * only bare input or our own current schema is accepted (id is ignored).
 * Returned pointers borrow the codec's memory: valid until the next decode
 * of the same record type on this codec or zb_codec_free(). */

typedef struct {
    const char *url;
    int64_t fetched_time_ms;  /* ZB_TIME_NONE when absent */
    const char *content_type; /* NULL when absent */
    const char *charset;      /* NULL when absent */
    const void *body;
    size_t body_len;
    const char *title;            /* NULL when absent */
    const char *const *meta_keys; /* n_meta keys and values */
    const char *const *meta_values;
    size_t n_meta;
} zb_raw_report;

/* framed: 1 = Confluent framed bytes, 0 = bare Avro binary body (our schema). */
zb_codec_status zb_decode_raw_report(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                     size_t len, zb_raw_report *out, char *err, size_t errlen);

/* A RawReport encoder, for crawlers written in C, tools and tests. */
zb_codec_status zb_encode_raw_report(zb_codec *c, int32_t schema_id, const zb_raw_report *in,
                                     zb_buf *out, char *err, size_t errlen);

zb_codec_status zb_decode_dead_letter(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                      size_t len, zb_dead_letter *out, char *err, size_t errlen);

/* A decoded ReportIndicators: an owned zb_report plus its origin. Free with
 * zb_decoded_report_free() (NOT zb_report_free(): the memory is the codec's). */
typedef struct {
    zb_report report;
    zb_origin origin; /* strings owned by this struct */
} zb_decoded_report;

zb_codec_status zb_decode_report(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                 size_t len, zb_decoded_report **out, char *err, size_t errlen);
void zb_decoded_report_free(zb_decoded_report *d);

/* A decoded IndicatorFact (flat). Borrowed like zb_raw_report. */
typedef struct {
    const char *report_id;
    const char *region_code; /* NULL when unknown */
    const char *region_name; /* NULL when unknown */
    int report_year;         /* 0 when unknown */
    const char *code;
    double value;
    const char *unit;
    zb_approx approx;
    const char *scope; /* NULL when not stated */
    zb_section_kind section;
    zb_span evidence; /* evidence.text borrowed */
    const char *title;
    const char *published_date; /* "YYYY-MM-DD" (in codec scratch), NULL when absent */
    const char *issuer_name;
    const char *source_url;
    const char *extractor_version;
    const char *rules_version;
    int64_t processed_time_ms;
} zb_fact_record;

zb_codec_status zb_decode_fact(zb_codec *c, zb_registry *reg, int framed, const void *data,
                               size_t len, zb_fact_record *out, char *err, size_t errlen);

#endif
