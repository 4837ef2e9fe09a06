/* region_towns.c - the township-level table (config/regions.towns.tsv): a
 * town or street name (塘栖镇, 鹤龙街道) and the counties that have one of
 * that name. A report about a town that never names its county is placed
 * with it, but only when the name is unique nationally. */
#include "region_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_town(const void *a, const void *b) {
    const gz_town *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int valid_codes(const char *c) {
    size_t n = strlen(c);
    if (n < 6 || (n + 1) % 7) return 0;
    for (size_t i = 0; i < n; i++)
        if (i % 7 == 6 ? c[i] != ',' : (c[i] < '0' || c[i] > '9')) return 0;
    return 1;
}

int gz_towns_parse(gz_towns *t, char *text, char *err, size_t errlen) {
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    t->v = calloc(lines, sizeof *t->v);
    if (!t->v) return snprintf(err, errlen, "regions.towns.tsv: out of memory"), -1;
    char *line = text;
    for (size_t ln = 1; line && *line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            char *tab = strchr(line, '\t');
            if (!tab || tab == line || !valid_codes(tab + 1))
                return snprintf(err, errlen,
                                "regions.towns.tsv:%zu: expected name<TAB>code[,code...]", ln),
                       -1;
            *tab = '\0';
            t->v[t->n++] = (gz_town){line, (size_t)(tab - line), tab + 1};
            if (tab - line >= 6) {
                uint32_t h = zb_pair6((const unsigned char *)line);
                t->pair[h >> 3] |= (uint8_t)(1u << (h & 7));
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    qsort(t->v, t->n, sizeof *t->v, cmp_town);
    return 0;
}

const char *gz_towns_codes(const gz_towns *t, const char *name, size_t len) {
    if (!t->n || !len) return NULL;
    gz_town key = {name, len, NULL};
    const gz_town *hit = bsearch(&key, t->v, t->n, sizeof *t->v, cmp_town);
    return hit ? hit->codes : NULL;
}
