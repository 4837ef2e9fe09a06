/* region_internal.h - shared by region.c and region_towns.c; not a public API. */
#ifndef ZB_REGION_INTERNAL_H
#define ZB_REGION_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "region.h"

/* One township-level name and the counties that have a township so named. */
typedef struct {
    const char *name; /* not NUL-terminated at len */
    size_t len;
    const char *codes; /* "330113" or "330182,350902,..." */
} gz_town;

typedef struct {
    gz_town *v; /* sorted by name bytes */
    size_t n;
    uint8_t pair[8192]; /* bit per zb_pair6() of the names' first six bytes */
} gz_towns;

/* Parses regions.towns.tsv text (split in place; fields point into it). */
int gz_towns_parse(gz_towns *t, char *text, char *err, size_t errlen);
/* Whether a name of six bytes or more may start with the six bytes at p. */
static inline int gz_towns_may_start(const gz_towns *t, const unsigned char *p) {
    uint32_t h = zb_pair6(p);
    return (t->pair[h >> 3] >> (h & 7)) & 1;
}
/* The county codes of a town name, or NULL. */
const char *gz_towns_codes(const gz_towns *t, const char *name, size_t len);

#endif
