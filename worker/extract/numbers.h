/* numbers.h - quantities in normalized report text (simplified script, ASCII
 * digits and punctuation): Arabic and Chinese numerals, 万/亿 multipliers,
 * percentages, approximation words and the unit after the number.
 *
 * The scanner also recognises what is NOT a quantity (years, dates, ordinals,
 * plan and session names, hotlines, document numbers, titles in 《》, quoted
 * names, changes such as 同比增长17.1%) and reports it with a reason, so the
 * indicator layer never sees it as a level. Pure functions: no I/O, no
 * globals. */
#ifndef ZB_NUMBERS_H
#define ZB_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "zb_report.h" /* zb_approx */

typedef enum {
    ZB_QK_COUNT = 0, /* 件, 人次, 项 ... */
    ZB_QK_RATE,      /* %, value in percent */
    ZB_QK_MONEY      /* 元, value in yuan */
} zb_qkind;

/* flags */
#define ZB_QF_CHINESE 1u /* written in Chinese numerals */
#define ZB_QF_SHARE 2u   /* 占...的N%: a share of something, not a named rate */

typedef struct {
    double value;     /* 万/亿 multiplied out; money in yuan; rates in percent */
    zb_approx approx; /* from 余/多/以上 (at_least), 约/左右/近 (about), 不到/不足/以内 */
    zb_qkind kind;
    char unit[24];     /* unit as written, canonical: "件", "件次", "%", "元" (万元 -> 元);
                          NUL-padded to the end (two units compare as arrays) */
    size_t start, end; /* [start, end) in s: approx prefix .. number .. unit .. suffix */
    size_t num_start;  /* first byte of the numeral itself */
    size_t unit_end;   /* end of the unit (before a trailing 以上/左右) */
    unsigned flags;
    const char *reject; /* NULL for a quantity; else why it is not one: "no_unit",
                           "year", "ordinal", "plan_name", "session", "title",
                           "quoted", "docnum", "change", "one", "malformed" */
} zb_quantity;

/* Parses the numeral at s[i] (Arabic with separators/decimals and an optional
 * 万/亿/千 multiplier, or Chinese numerals). Returns the bytes consumed (0 if
 * no numeral starts there); *chinese set to 1 for Chinese numerals. */
size_t zb_numeral_parse(const char *s, size_t len, size_t i, double *value, int *chinese);

/* The words of the scanner's grammar, data (config/indicators.tsv: @unit,
 * @change-word, @change-glue), each 1 to 23 bytes (a unit fits
 * zb_quantity.unit): the units after a number (件, 人次, 个百分点; the
 * longest wins), the words before a number that make it a change, not a
 * level (增长, 下降: 同比增长17.1%), and the words that may stand between
 * one and the number (了, 达: 下降了3件); the approximation words before
 * a number (约, 超过, 不到: at most ZB_APPROX_WORDS_MAX in all). */
#define ZB_CHANGE_WORDS_MAX 32 /* a bit per word in a table by last byte */
#define ZB_CHANGE_GLUE_MAX 8
#define ZB_APPROX_WORDS_MAX 32 /* a bit per word in a table by last byte */
#define ZB_APPROX_AFTER_MAX 8
typedef struct {
    const char *const *units;
    size_t n_units;
    const char *const *change;
    size_t n_change;
    const char *const *glue;
    size_t n_glue;
    /* the approximation words right before a number (@approx-at-least
     * 超过, @approx-about 约, @approx-at-most 不到), by zb_approx - 1 */
    const char *const *approx[3];
    size_t n_approx[3];
    /* the approximation words right after a unit (@approx-after-at-least
     * 以上, @approx-after-about 左右, @approx-after-at-most 以内), the same
     * way; the first that opens the text there is taken */
    const char *const *approx_after[3];
    size_t n_approx_after[3];
} zb_number_words;

/* The table the scanner reads its words through: the units of words and
 * extra[0..n_extra) (units named by the rules, e.g. 株 for a new
 * indicator) indexed by their first two bytes, the change words by their
 * last byte. Built once with the rule data, then every lookup is a few
 * comparisons. The strings are borrowed and must outlive the table. NULL
 * with the reason in err when a list does not fit (too many change or glue
 * words, an empty or too long word) or out of memory. */
typedef struct zb_units zb_units;
zb_units *zb_units_new(const zb_number_words *words, const char *const *extra, size_t n_extra,
                       char *err, size_t errlen);
void zb_units_free(zb_units *u);

/* Finds the next numeral at or after *pos and describes it in *q, with
 * q->reject set when it is not a quantity, the words of u. Advances *pos
 * past it. Returns 1 when one was found, 0 at the end of the text. Text
 * inside 《》 and 〔〕 is skipped. */
int zb_number_next_in(const char *s, size_t len, size_t *pos, zb_quantity *q, const zb_units *u);

/* 1 for a character the scan looks at (ASCII digits, [ and ", Chinese
 * numerals and 十百千万, 《〔【“): it steps over every other one. */
int zb_number_stop(unsigned cp);

/* zb_number_stop for a character of three bytes (all of them are), inline
 * and without branches: a perfect hash of the 20 characters into 32 slots. */
static inline int zb_number_stop3(unsigned cp) {
    static const uint16_t T[32] = {0x4E5D, 0x767E, 0x5343, 0x0000, 0x96F6, 0x0000, 0x4E94, 0x300A,
                                   0x4E07, 0x4E00, 0x0000, 0x0000, 0x4E09, 0x0000, 0x516B, 0x0000,
                                   0x0000, 0x3007, 0x516D, 0x0000, 0x3010, 0x4E8C, 0x4E24, 0x56DB,
                                   0x0000, 0x0000, 0x0000, 0x0000, 0x3014, 0x201C, 0x5341, 0x4E03};
    return T[(uint32_t)(cp * 0x91285905u) >> 27] == cp;
}

/* As zb_number_next_in over valid UTF-8 text whose stop characters
 * (zb_number_stop) start at stops[0..n_stops), in order, listed by the
 * caller in a pass it makes anyway: the scan jumps from one to the next.
 * *k is the caller's index into stops, 0 at first. Only quantities are
 * returned (q->reject NULL): the numerals that are not one are stepped over,
 * years and dates with less work than describing them. Each stop looked at
 * is a step of the work budget (budget.h): when it is spent, the scan ends
 * as at the end of the text. */
int zb_number_next_stops(const char *s, size_t len, size_t *pos, zb_quantity *q, const zb_units *u,
                         const size_t *stops, size_t n_stops, size_t *k);

#endif
