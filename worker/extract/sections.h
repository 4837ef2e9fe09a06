/* sections.h - heading structure of a report and the kind of each top-level
 * section (achievements, problems, leadership, plan, other).
 *
 * Heading styles: 一、 (level 1), (一) (level 2), 1. / 1、 (level 3), (1)
 * (level 4), 一是/二是 (level 5, inline enumerations). A heading starts a line
 * or follows a sentence end (。;: or a space: crawled pages often run a whole
 * report into one line), and numbers must follow in order (一、 then 二、). The kind of a section
 * comes from cue phrases in config/sections.tsv, loaded once; finding is pure. */
#ifndef ZB_SECTIONS_H
#define ZB_SECTIONS_H

#include <stddef.h>
#include "zb_report.h"

typedef struct zb_section_cues zb_section_cues;

/* Loads config_dir/sections.tsv. NULL on error, message in err. */
zb_section_cues *zb_section_cues_load(const char *config_dir, char *err, size_t errlen);
void zb_section_cues_free(zb_section_cues *c);

/* Classifies one heading text (already normalized). */
zb_section_kind zb_section_classify(const zb_section_cues *c, const char *title, size_t len);

/* Finds the headings of s[0..len) (normalized text, paragraphs separated by
 * '\n'). *out is a malloc'd array of *n sections in text order (NULL when
 * none); their titles are stored in the same block, so zb_sections_free
 * frees both; start/end are byte offsets into s (the caller maps them to
 * input offsets): a section runs from its heading to the next heading of the
 * same or a higher level (or the end of the text). Levels 1..5 as above.
 * The top-level sections (the smallest level present) are classified; nested
 * sections carry the kind of the section they are in, except those that
 * close it naming a problems or plan section themselves ((五)存在的问题,
 * (六)下一步打算 at the end of the only 一、): those take their own kind.
 * Inside a plan everything stays plan.
 * Free with zb_sections_free(). Returns 0, or -1 with a message in err. */
int zb_sections_find(const zb_section_cues *c, const char *s, size_t len, zb_section **out,
                     size_t *n, char *err, size_t errlen);
void zb_sections_free(zb_section *secs, size_t n);

/* Kind of the top-level section containing offset (of s); ZB_SEC_OTHER
 * before the first heading. secs as returned by zb_sections_find. */
zb_section_kind zb_section_at(const zb_section *secs, size_t n, size_t offset);
/* How many of secs start at or before offset (zb_section_at's search, for
 * callers that keep the index between look-ups). */
size_t zb_section_count_to(const zb_section *secs, size_t n, size_t offset);

#endif
