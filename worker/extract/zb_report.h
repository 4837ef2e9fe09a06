/* zb_report.h - the structured record extracted from one report.
 *
 * This is the contract between the extraction engine (worker/extract), the
 * codec (codec/, Avro) and the worker (worker/). Field names follow
 * ../shared/DESIGN.md "What one report becomes"; the JSON printed by
 * `zhibiao extract --format json` carries exactly these fields.
 *
 * Ownership: every pointer inside a zb_report is owned by the report and
 * released by zb_report_free(). Strings are UTF-8, NUL-terminated; optional
 * strings are NULL when absent. Byte offsets (start/end) always point into the
 * input bytes as received (before any charset conversion or normalization),
 * half-open [start, end). */
#ifndef ZB_REPORT_H
#define ZB_REPORT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    ZB_APPROX_EXACT = 0, /* "exact" */
    ZB_APPROX_AT_LEAST,  /* "at_least": 余/多/以上/超过 */
    ZB_APPROX_ABOUT,     /* "about": 约/左右/近 */
    ZB_APPROX_AT_MOST    /* "at_most": 不到/不足/以内 */
} zb_approx;

typedef enum {
    ZB_SEC_OTHER = 0,    /* "other" */
    ZB_SEC_ACHIEVEMENTS, /* "achievements" */
    ZB_SEC_PROBLEMS,     /* "problems" */
    ZB_SEC_LEADERSHIP,   /* "leadership": 党政主要负责人履行第一责任人职责 */
    ZB_SEC_PLAN          /* "plan": 下一步/工作思路/工作重点 */
} zb_section_kind;

typedef enum {
    ZB_LEVEL_UNKNOWN = 0, /* null in JSON */
    ZB_LEVEL_PROVINCE,    /* "province" */
    ZB_LEVEL_CITY,        /* "city" */
    ZB_LEVEL_COUNTY       /* "county" */
} zb_region_level;

typedef enum {
    ZB_ISSUER_UNKNOWN = 0, /* null in JSON */
    ZB_ISSUER_GOVERNMENT,  /* "government" */
    ZB_ISSUER_DEPARTMENT   /* "department" */
} zb_issuer_kind;

typedef enum { ZB_SCRIPT_SIMPLIFIED = 0, ZB_SCRIPT_TRADITIONAL } zb_script;

typedef struct {
    uint64_t start, end; /* byte offsets into the input as received */
    char *text;          /* the evidence as UTF-8 (converted, not normalized) */
} zb_span;

typedef struct {
    zb_section_kind kind;
    char *title; /* heading text, UTF-8 */
    int level;   /* 1 = top level (一、), 2 = (一), 3 = 1. ... */
    uint64_t start, end;
} zb_section;

typedef struct {
    char *code;   /* a code from indicators.tsv, e.g. "litigation.loss_rate" */
    double value; /* rates as percent numbers, money in yuan, 万/亿 multiplied out */
    char *unit;   /* canonical unit from the rule, e.g. "件", "%", "元" */
    zb_approx approx;
    char *scope; /* phrase naming who (区政府部门及镇街), NULL when not stated */
    zb_section_kind section;
    zb_span evidence;
} zb_indicator;

typedef struct {
    double value;
    char *unit; /* unit as written (normalized to simplified), e.g. "户" */
    zb_approx approx;
    char *phrase; /* the phrase the quantity measures */
    zb_section_kind section;
    int target; /* 1 when stated in a plan section: a goal, not a result */
    zb_span evidence;
} zb_fact;

typedef struct {
    char *code;    /* machine-readable, e.g. "rate_mismatch" */
    char *message; /* human-readable, UTF-8 */
} zb_warning;

typedef struct {
    char *source;         /* path given, or topic/partition/offset; set by caller */
    char *title;          /* NULL when not found */
    int report_year;      /* year covered; 0 when unknown */
    char *published_date; /* "YYYY-MM-DD", NULL when the page shows none */
    struct {
        char *name; /* full name with province, e.g. 重庆市北碚区; NULL if unknown */
        char *code; /* 6-digit GB/T 2260 code; NULL if unknown */
        zb_region_level level;
    } region;
    struct {
        char *name; /* e.g. 北碚区司法局; NULL if unknown */
        zb_issuer_kind kind;
    } issuer;
    zb_script script;
    char *encoding;     /* detected input charset: "utf-8" or "gb18030" */
    char *content_type; /* "text/html" or "text/plain" as detected */

    zb_section *sections;
    size_t n_sections;
    zb_indicator *indicators;
    size_t n_indicators;
    zb_fact *facts;
    size_t n_facts;
    zb_warning *warnings;
    size_t n_warnings;
    char *rules_version; /* zb_rules_version() of the rules used; set by zb_extract */
    /* Blocks that hold many of the strings and arrays above (set by
     * zb_extract: one allocation for a report's figures instead of several
     * per figure). zb_report_free frees a pointer that lies in none of them
     * as before; NULL: every pointer is its own allocation. zb_extract's
     * report struct itself lies in the first block (zb_report_clear keeps that
     * block; zb_report_free frees it). */
    struct zb_report_arena *arena;
} zb_report;

const char *zb_approx_name(zb_approx a);
const char *zb_section_kind_name(zb_section_kind k);
const char *zb_region_level_name(zb_region_level l); /* NULL for unknown */
const char *zb_issuer_kind_name(zb_issuer_kind k);   /* NULL for unknown */
const char *zb_script_name(zb_script s);

#endif
