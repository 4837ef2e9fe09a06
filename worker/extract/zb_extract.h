/* zb_extract.h - the extraction engine: bytes of one crawled report in,
 * zb_report out. No I/O and no globals below zb_rules_load(): the worker, the
 * CLI, the tests and the fuzzers all call the same code. */
#ifndef ZB_EXTRACT_H
#define ZB_EXTRACT_H

#include "zb_report.h"
#include "zb_buf.h"

#include <stdint.h>

#define ZB_EXTRACTOR_VERSION "0.1.0"

/* Why an input could not be processed. The names (zb_status_name) are the
 * reasons written to the dead-letter topic; keep them stable. */
typedef enum {
    ZB_OK = 0,
    ZB_E_EMPTY,      /* "empty": no bytes, or no text after decoding */
    ZB_E_TOO_LARGE,  /* "too_large": over opts->max_bytes */
    ZB_E_ENCODING,   /* "bad_encoding": not UTF-8 / GB18030, or binary */
    ZB_E_NOT_REPORT, /* "not_a_report": decodes, but is not a report */
    ZB_E_NOMEM,      /* "out_of_memory" */
    ZB_E_INTERNAL,   /* "internal" */
    ZB_E_TIMEOUT     /* "timeout": over opts->max_ms */
} zb_status;

const char *zb_status_name(zb_status s);

/* Rules and gazetteers loaded from config/ at start; read-only afterwards, so
 * one zb_rules may be shared by threads. */
typedef struct zb_rules zb_rules;

/* Loads every data file from dir (config/: indicator rules, region
 * gazetteer, t2s table, section cues...). NULL on error, message in err. */
zb_rules *zb_rules_load(const char *dir, char *err, size_t errlen);
void zb_rules_free(zb_rules *rules);
/* A stable identifier of the loaded rule data (e.g. a hash of the files),
 * carried in the output as rules_version. */
const char *zb_rules_version(const zb_rules *rules);

typedef struct {
    const char *source;       /* copied into report->source; may be NULL */
    const char *content_type; /* hint from the crawler, may be NULL */
    const char *charset;      /* hint from the crawler, may be NULL */
    size_t max_bytes;         /* 0 = default (64 MiB) */
    /* Work budget: an extraction that has used max_ms milliseconds of its
     * thread's CPU time
     * stops with ZB_E_TIMEOUT, so one hostile document (or an engine bug
     * that loops) cannot hold a worker thread and stall its partition.
     * 0 = default (ZB_EXTRACT_MAX_MS_DEFAULT). */
    uint32_t max_ms;
} zb_extract_opts;

#define ZB_EXTRACT_MAX_MS_DEFAULT 10000u
/* The largest budget the worker (engine.timeout_ms) and `zhibiao extract
 * --timeout-ms` accept: an hour; past it a stuck message is better dead-lettered. */
#define ZB_EXTRACT_MAX_MS_LIMIT 3600000u

/* Extracts one report. On ZB_OK *out holds a report to free with
 * zb_report_free(); otherwise *out is NULL and err holds a one-line message. */
zb_status zb_extract(const zb_rules *rules, const char *buf, size_t len,
                     const zb_extract_opts *opts, zb_report **out, char *err, size_t errlen);
void zb_report_free(zb_report *r);
/* Frees what a report owns and zeroes it, but not the struct itself: for a
 * zb_report embedded in another struct (the codec's decoded records). On a
 * report zb_extract returned it leaves an empty report, still to be freed
 * with zb_report_free. */
void zb_report_clear(zb_report *r);

/* Appends the report as one line of JSON (DESIGN.md contract, no newline). */
int zb_report_json(const zb_report *r, zb_buf *out);

#endif
