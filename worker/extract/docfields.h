/* docfields.h - the document fields of a report: title, report_year,
 * published_date, region and issuer. Pure functions over normalized text
 * (simplified script, ASCII digits and punctuation, paragraphs split by '\n'). */
#ifndef ZB_DOCFIELDS_H
#define ZB_DOCFIELDS_H

#include <stddef.h>
#include "zb_report.h"
#include "region.h"

/* Cue data for issuer kinds, page chrome and the words around a year
 * (config/regions.issuers.tsv, config/chrome.tsv, config/years.tsv), loaded
 * once. */
typedef struct zb_doc_cues zb_doc_cues;

zb_doc_cues *zb_doc_cues_load(const char *config_dir, char *err, size_t errlen);
void zb_doc_cues_free(zb_doc_cues *c);
/* Has every scan of g record where c's page-chrome cues start, so that
 * zb_docfields_find with g and c tells chrome lines from that scan instead
 * of searching each short line (same result either way). Once, after both
 * are loaded. 0, or -1 out of memory (message in err). */
int zb_doc_cues_link(zb_doc_cues *c, zb_gazetteer *g, char *err, size_t errlen);

/* Fills r->title, r->report_year, r->published_date, r->region.{name,code,level}
 * and r->issuer.{name,kind}; strings are malloc'd (freed by zb_report_free).
 * Fields already set in r are overwritten only when found. html_title and
 * meta_date (any of "YYYY-MM-DD", "YYYY-MM-DD hh:mm", "YYYY年M月D日") may be NULL.
 * Returns 0, or -1 with a message in err (out of memory only: a field not
 * found is left NULL/0). */
int zb_docfields_find(const zb_gazetteer *g, const zb_doc_cues *cues, const char *s, size_t len,
                      const char *html_title, const char *meta_date, zb_report *r, char *err,
                      size_t errlen);

/* Building blocks, exposed for tests. */
/* First "YYYY-MM-DD" date the page shows as its publication date, written to
 * out[11]; 0 found, -1 not. */
int zb_docfields_published(const zb_doc_cues *cues, const char *s, size_t len, char out[11]);
/* The year covered, or 0. published ("YYYY-MM-DD" or NULL) bounds the years
 * considered and is the last resort: a report published in January-September
 * covers the year before, one published in October-December its own year.
 * cues: the year cues (ranges, start points, comparisons) among them. */
int zb_docfields_year(const zb_doc_cues *cues, const char *s, size_t len, const char *title,
                      const char *published);

#endif
