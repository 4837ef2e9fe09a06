/* report_internal.h - the memory of an extracted report (report.c), for
 * zb_extract; not a public API. */
#ifndef ZB_REPORT_INTERNAL_H
#define ZB_REPORT_INTERNAL_H

#include <stddef.h>

#include "zb_report.h"

/* n bytes aligned for any type, from r->arena (a new block when the newest
 * one is full), freed by zb_report_free. NULL: out of memory. */
void *zb_report_alloc(zb_report *r, size_t n);
/* s[0..n) and a NUL from r->arena (no alignment). NULL: out of memory. */
char *zb_report_strndup(zb_report *r, const char *s, size_t n);

#endif
