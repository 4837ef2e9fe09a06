/* indicators.h - assigns quantities to indicator codes using rule data
 * (config/indicators.tsv): one rule per code with its trigger wording
 * (heads), the words that must also appear in the sentence (needs), words
 * that rule it out (excludes), accepted units and, for rates, the counts it
 * is derived from. Pure apart from zb_ind_rules_load. */
#ifndef ZB_INDICATORS_H
#define ZB_INDICATORS_H

#include <stddef.h>

#include "numbers.h"

typedef struct zb_ind_rules zb_ind_rules;

/* Parses rule data (the text of config/indicators.tsv). NULL on error with a
 * message naming the line in err. */
zb_ind_rules *zb_ind_rules_parse(const char *text, size_t len, char *err, size_t errlen);
/* Reads config_dir/indicators.tsv. */
zb_ind_rules *zb_ind_rules_load(const char *config_dir, char *err, size_t errlen);
void zb_ind_rules_free(zb_ind_rules *r);
size_t zb_ind_rules_count(const zb_ind_rules *r);
const char *zb_ind_rule_code(const zb_ind_rules *r, size_t i);
const char *zb_ind_rule_unit(const zb_ind_rules *r, size_t i);
/* Index of the rule for code, -1 when none. */
int zb_ind_rule_find(const zb_ind_rules *r, const char *code);

/* Whether s[a..b), a table's column header, holds an @compare-header word
 * (上年, 同比, 增减): the column compares with another period. */
int zb_ind_compare_header(const zb_ind_rules *r, const char *s, size_t a, size_t b);

/* 1 when s contains one of the @report words (法治, 依法行政...), or the rule
 * data names none: a page without any is not a rule-of-law report. */
int zb_ind_looks_like_report(const zb_ind_rules *r, const char *s, size_t len);

/* What one quantity became. All offsets are into the normalized text s. */
typedef struct {
    zb_quantity q;
    int rule;                        /* index of the matched rule, -1 = generic fact */
    size_t ev_start, ev_end;         /* evidence: trigger word .. quantity */
    size_t scope_start, scope_end;   /* scope phrase (区政府部门及镇街); equal = none */
    size_t phrase_start, phrase_end; /* what the quantity measures (for facts) */
    int target_cue; /* a goal word (@target: 力争, 计划开展) precedes it in the sentence */
    int plan_year;  /* an intention word (@plan: 计划, 拟, 将) and this year (the latest
                       named) precede it in the sentence; 0 = none. A year after the
                       report's makes it a target */
    size_t head_start, head_end; /* the trigger word (equal: none) */
    size_t sent_start;           /* start of its sentence (after 。;!?) */
    int head_after;              /* the trigger came after the unit (7个...审查) */
    size_t head_dist;            /* bytes between the figure and its trigger word */
    int back_rule; /* 1 + the rule of a figure dropped as last year's level (去年,受理120件,
                      in a sentence naming no 今年/本年); 0 = none. Relative to when the
                      text was written: the caller knows whether that is the report's year */
} zb_ind_match;

/* At most this many figures per report are assigned (real reports state a
 * few hundred); more is hostile input, and memory stays bounded. */
#define ZB_IND_MAX_FIGURES 50000

/* Finds every quantity of s[0..len) (rejected ones are dropped) and assigns
 * each to the best matching rule, or to none. *out is a malloc'd array of *n
 * matches in text order. Returns 0, or -1 when out of memory. */
int zb_ind_assign(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match **out, size_t *n);

/* A stated rate that disagrees with the counts stated before it. */
typedef struct {
    size_t rate;     /* index into the matches of the rate */
    size_t num, den; /* indexes of the counts it was checked against */
    double computed; /* 100 * num / den */
} zb_ind_mismatch;

/* Checks each matched rate whose rule names its counts (column ratio) against
 * the nearest preceding counts in the same paragraph. Returns the number of
 * mismatches written to out (at most max). skip[i] != 0 excludes match i
 * (e.g. targets in plan sections); skip may be NULL. */
size_t zb_ind_check_rates(const zb_ind_rules *r, const char *s, const zb_ind_match *m, size_t n,
                          const unsigned char *skip, zb_ind_mismatch *out, size_t max);

#endif
