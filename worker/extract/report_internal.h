/* report_internal.h - the memory of an extracted report (report.c), for
 * zb_extract; not a public API. */
#ifndef ZB_REPORT_INTERNAL_H
#define ZB_REPORT_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "zb_report.h"

/* One block of a report's arena (report.c). */
struct zb_report_arena {
    struct zb_report_arena *next; /* the block before */
    size_t size, used;            /* bytes of data */
    max_align_t data[];
};

/* A zeroed report inside the first block of its own arena (one allocation;
 * zb_report_free frees it with the blocks). NULL: out of memory. */
zb_report *zb_report_new(void);
/* n bytes aligned for any type, from r->arena (a new block when the newest
 * one is full), freed by zb_report_free. NULL: out of memory. */
void *zb_report_alloc(zb_report *r, size_t n);
/* zb_report_strndup when the newest block has no room (or none exists). */
char *zb_report_strndup_grow(zb_report *r, const char *s, size_t n);

/* s[0..n) and a NUL from r->arena (no alignment). NULL: out of memory.
 * Inline: a report takes a few strings per figure, and the call cost as
 * much as the copy of most of them. */
static inline char *zb_report_strndup(zb_report *r, const char *s, size_t n) {
    struct zb_report_arena *b = r->arena;
    if (b && n < b->size - b->used) { /* room for n + 1 bytes */
        char *d = (char *)b->data + b->used;
        b->used += n + 1;
        if (n) memcpy(d, s, n);
        d[n] = '\0';
        return d;
    }
    return zb_report_strndup_grow(r, s, n);
}

#endif
