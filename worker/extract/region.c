/* region.c - region gazetteer (config/regions.tsv) and the search for the
 * area a report is about. See region.h. */
#include "region_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

#define GZ_MAX_FILE (16u << 20) /* regions.tsv is ~250 KB; refuse absurd files */
#define GZ_BUCKETS 8192u        /* power of two */
#define GZ_KEY 6                /* names are matched by their first two CJK chars */
#define GZ_CODED_WEIGHT 6.0     /* an index number's division: a full name in the opening */

/* One searchable string: a region's name or one of its aliases. */
typedef struct {
    const char *s;
    uint64_t key; /* the first GZ_KEY bytes, compared before the whole name */
    uint32_t len;
    uint32_t region;
    uint8_t alias;   /* short form (北碚 for 北碚区) */
    uint8_t generic; /* also an ordinary word: counts only after its parent */
    uint16_t bucket;
} gz_name;

/* A context word of regions.context.tsv. */
typedef struct {
    const char *s;
    size_t len;
    uint32_t head; /* its first three bytes (p[0] lowest), compared first */
} gz_word;

typedef enum {
    CTX_BODY,
    CTX_ORG,
    CTX_STOP,
    CTX_LEAD,
    CTX_COUNTY_SELF,
    CTX_ADDRESS,
    CTX_INDEX,
    CTX_ZONE,
    CTX_PROVINCE_SELF,
    CTX_BRANCH,
    CTX_PRESS,
    CTX_PROVINCE_BODY,
    CTX_ABBREV,
    CTX_PROVINCE_ALL, /* 全省: the whole province, not a province speaking (我省) */
    CTX_LEVEL_SUFFIX, /* 县, 市, 区, 旗 after or ending a county's short form: a name */
    CTX_SELF_START,   /* 全, 本, 我, 各 starting a short form: a word (全州市县) */
    N_CTX
} gz_ctx_kind;

#define GZ_INDEX_KEYS 64 /* keys of the places where index labels start */
#define GZ_CWORDS 64     /* county-self and province-self words the scan records */

struct zb_gazetteer {
    char *text; /* regions.tsv, split in place into NUL-terminated fields */
    char *generic_text;
    char *towns_text; /* regions.towns.tsv, split in place */
    gz_towns towns;
    char *context_text;  /* regions.context.tsv, split in place */
    gz_word *ctx[N_CTX]; /* its words by kind */
    size_t n_ctx[N_CTX];
    uint64_t ctx_head[N_CTX][4]; /* bit per head_bit() of the words' first three bytes */
    int ctx_short[N_CTX];        /* a word under three bytes: no filter */
    /* the words of each kind (when none is short) by head_bit(), file order
     * kept within a bucket: bucket b is ctx_by[k][ctx_start[k][b] ..
     * ctx_start[k][b + 1]) */
    uint16_t *ctx_by[N_CTX];
    uint16_t ctx_start[N_CTX][257];
    zb_region *regs;     /* sorted by code */
    int32_t *parent;     /* index of each region's parent, -1 for provinces */
    uint32_t *code_slot; /* open addressing on a code's value: 1 + the index the
                            binary search by code gives (codes repeat: 441900) */
    size_t code_mask;
    size_t n;
    gz_name *names; /* sorted by (bucket, len desc, bytes) */
    size_t n_names;
    uint32_t bucket_start[GZ_BUCKETS + 1];
    uint8_t first_char[8192]; /* bit per BMP code point that starts some name */
    uint64_t self_key[21];    /* key_of() of 我区 .. 本盟 (21 = 3 x 7, level = index % 7) */
    uint64_t self_first[3];   /* the same masked to the first char (self_mask): 我 全 本 */
    uint64_t self_mask;
    uint8_t scan_pair[8192];    /* first_pair and the key_pair() of the self keys */
    uint64_t scan_pair64[1024]; /* the same bits, 64 to a word (the scan's fast loop) */
    uint8_t first_pair[8192];   /* bit per key_pair() of some name's first two chars */
    /* the same keys (names and self keys) by key_pair2(): a second test
     * of the few that pass scan_pair, most of them by chance, before the
     * bucket's names are read (a cache miss or two per char tried) */
    uint8_t scan_pair2[8192];
    /* zb_gazetteer_set_marks: the strings, their keys, a bit per key_pair()
     * of their keys (also set in the scan's filters) */
    const void *marks_owner;
    struct gz_mark {
        uint64_t key;
        const char *s;
        size_t len;
    } * marks; /* by mark_bucket() of their keys */
    size_t n_marks;
    uint32_t mark_start[65]; /* bucket b: marks[mark_start[b] .. mark_start[b + 1]) */
    uint8_t mark_pair[8192]; /* and the bits of index_key: one test for both */
    /* index_keys: the keys (first six bytes) of the places where an index
     * label may start (索引号, 索 引 号: label_at lets spaces stand between
     * its chars), their key_pair() bits set in mark_pair and the scan's
     * filters; index_keyed when every label's places are among them, so
     * that the scan's list of them is all zb_region_index_code_in tries */
    uint64_t index_key[GZ_INDEX_KEYS]; /* by mark_bucket(), as the marks */
    size_t n_index_key;
    uint8_t index_start[65]; /* bucket b: index_key[index_start[b] .. index_start[b + 1]) */
    int index_keyed;
    /* the county-self and province-self words (self_words): their keys by
     * mark_bucket(), their key_pair() bits in mark_pair and the scan's
     * filters; words_scanned when all of them are, so that the scan's
     * list of their places gives their counts */
    struct gz_cword {
        uint64_t key;
        const gz_word *w;
        uint16_t id; /* county-self k, or n_ctx[CTX_COUNTY_SELF] + province-self k */
    } cword[GZ_CWORDS];
    uint8_t cword_start[65]; /* bucket b: cword[cword_start[b] .. cword_start[b + 1]) */
    int words_scanned;
};

/* Code point of the 3-byte UTF-8 sequence at p (CJK names start with one). */
static uint32_t cp3(const unsigned char *p) {
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

/* The first GZ_KEY bytes as one integer (two loads, no loop). */
static uint64_t key_of(const unsigned char *p) {
    /* a 4- and a 2-byte load joined in registers: a 6-byte memcpy into a
     * stack word costs a store-forwarding stall at every character */
    uint32_t a;
    uint16_t b;
    memcpy(&a, p, 4);
    memcpy(&b, p + 4, 2);
    return (uint64_t)a | (uint64_t)b << 32;
}

/* Bucket of a key: a multiplicative hash, cheap enough for every character. */
static uint32_t key_bucket(uint64_t key) {
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (GZ_BUCKETS - 1);
}

static uint32_t key_hash(const unsigned char *p) { return key_bucket(key_of(p)); }

/* Another 16 bits of the same product: a bit set of the names' first two
 * chars. Most chars that start some name (新, 长, 中...) are not followed by
 * the second char of one; this bit test, on a table that stays in cache,
 * spares the bucket lookup at those places. */
static uint32_t key_pair(uint64_t key) { return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 48); }

/* 16 bits of another product, independent of key_pair's. */
static uint32_t key_pair2(uint64_t key) { return (uint32_t)((key * 0xC2B2AE3D27D4EB4Full) >> 48); }

static inline int bit_at(const uint8_t *set, uint32_t b) { return (set[b >> 3] >> (b & 7)) & 1; }

/* An 8-bit hash of three bytes (as three_bytes gives them). */
static inline unsigned head_bit(uint32_t h) { return (h * 0x9E3779B1u) >> 24; }

static char *read_file(const char *path, size_t *len, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(GZ_MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, GZ_MAX_FILE + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad || n > GZ_MAX_FILE) {
        snprintf(err, errlen, "%s: %s", path,
                 !buf  ? "out of memory"
                 : bad ? "read error"
                       : "file too large");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int cmp_region(const void *a, const void *b) {
    return strcmp(((const zb_region *)a)->code, ((const zb_region *)b)->code);
}

static int cmp_name(const void *a, const void *b) {
    const gz_name *x = a, *y = b;
    if (x->bucket != y->bucket) return x->bucket < y->bucket ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    int c = memcmp(x->s, y->s, x->len);
    if (c) return c;
    return x->region < y->region ? -1 : x->region > y->region;
}

static zb_region_level parse_level(const char *s) {
    if (!strcmp(s, "province")) return ZB_LEVEL_PROVINCE;
    if (!strcmp(s, "city")) return ZB_LEVEL_CITY;
    if (!strcmp(s, "county")) return ZB_LEVEL_COUNTY;
    return ZB_LEVEL_UNKNOWN;
}

static int valid_code(const char *c) {
    if (strlen(c) != 6) return 0;
    for (int i = 0; i < 6; i++)
        if (c[i] < '0' || c[i] > '9') return 0;
    return 1;
}

/* Splits line into at most max tab-separated fields in place. */
static int split_tabs(char *line, char **f, int max) {
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

/* Parses the TSV rows into g->regs (fields point into g->text). */
static int parse_regions(zb_gazetteer *g, size_t len, char *err, size_t errlen) {
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += g->text[i] == '\n';
    g->regs = calloc(lines, sizeof *g->regs);
    if (!g->regs) return snprintf(err, errlen, "regions.tsv: out of memory"), -1;
    char *line = g->text;
    for (size_t ln = 1; line && *line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            char *f[6] = {0};
            int nf = split_tabs(line, f, 6);
            zb_region *r = &g->regs[g->n];
            if (nf < 5 || !valid_code(f[0]) || !*f[1] || parse_level(f[2]) == ZB_LEVEL_UNKNOWN ||
                (*f[3] && !valid_code(f[3]))) {
                snprintf(err, errlen,
                         "regions.tsv:%zu: expected code, name, level, parent, "
                         "fullname[, aliases]",
                         ln);
                return -1;
            }
            r->code = f[0];
            r->name = f[1];
            r->level = parse_level(f[2]);
            r->parent = f[3];
            r->fullname = f[4];
            r->aliases = nf == 6 ? f[5] : "";
            g->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    if (g->n == 0) return snprintf(err, errlen, "regions.tsv: no regions"), -1;
    return 0;
}

static int is_generic(const char *generic, const char *name, size_t len) {
    for (const char *p = generic; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        if (l == len && !memcmp(p, name, len)) return 1;
        p = nl ? nl + 1 : NULL;
    }
    return 0;
}

static void add_name(zb_gazetteer *g, const char *s, size_t len, size_t region, int alias) {
    if (len < GZ_KEY) return; /* one-character names are never matched */
    gz_name *nm = &g->names[g->n_names++];
    nm->s = s;
    nm->len = (uint32_t)len;
    nm->region = (uint32_t)region;
    nm->alias = (uint8_t)alias;
    nm->generic = (uint8_t)is_generic(g->generic_text, s, len);
    nm->bucket = (uint16_t)key_hash((const unsigned char *)s);
    nm->key = key_of((const unsigned char *)s);
    if (((unsigned char)s[0] & 0xF0) == 0xE0) {
        uint32_t c = cp3((const unsigned char *)s);
        g->first_char[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    uint32_t pr = key_pair(nm->key);
    g->first_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
    pr = key_pair2(nm->key);
    g->scan_pair2[pr >> 3] |= (uint8_t)(1u << (pr & 7));
}

static int build_names(zb_gazetteer *g, char *err, size_t errlen) {
    size_t cap = g->n; /* each alias adds one: count them */
    for (size_t i = 0; i < g->n; i++) {
        const char *a = g->regs[i].aliases;
        if (*a) cap++;
        for (; *a; a++)
            cap += *a == ',';
    }
    g->names = calloc(cap, sizeof *g->names);
    if (!g->names) return snprintf(err, errlen, "regions.tsv: out of memory"), -1;
    for (size_t i = 0; i < g->n; i++) {
        const zb_region *r = &g->regs[i];
        add_name(g, r->name, strlen(r->name), i, 0);
        for (const char *a = r->aliases; *a;) {
            const char *c = strchr(a, ',');
            size_t l = c ? (size_t)(c - a) : strlen(a);
            add_name(g, a, l, i, 1);
            a += l + (c != NULL);
        }
    }
    qsort(g->names, g->n_names, sizeof *g->names, cmp_name);
    size_t j = 0;
    for (uint32_t b = 0; b <= GZ_BUCKETS; b++) {
        while (j < g->n_names && g->names[j].bucket < b)
            j++;
        g->bucket_start[b] = (uint32_t)j;
    }
    /* the scan's filter: the names' first two chars and the self-references */
    static const char *const pre[] = {"我", "全", "本"};
    static const char *const lvl[] = {"区", "县", "市", "省", "州", "旗", "盟"};
    memcpy(g->scan_pair, g->first_pair, sizeof g->scan_pair);
    for (int p = 0; p < 3; p++)
        for (int l = 0; l < 7; l++) {
            unsigned char k[GZ_KEY];
            memcpy(k, pre[p], 3);
            memcpy(k + 3, lvl[l], 3);
            uint64_t key = key_of(k);
            g->self_key[p * 7 + l] = key;
            static const unsigned char first_char[GZ_KEY] = {0xFF, 0xFF, 0xFF, 0, 0, 0};
            g->self_mask = key_of(first_char);
            g->self_first[p] = key & g->self_mask;
            uint32_t pr = key_pair(key);
            g->scan_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
            pr = key_pair2(key);
            g->scan_pair2[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        }
    for (uint32_t b = 0; b < 65536; b++)
        if ((g->scan_pair[b >> 3] >> (b & 7)) & 1) g->scan_pair64[b >> 6] |= 1ull << (b & 63);
    return 0;
}

/* The value of a six-digit code, or -1 for any other string. */
static long code_value(const char *c) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
        if (c[i] < '0' || c[i] > '9') return -1;
        v = v * 10 + (c[i] - '0');
    }
    return c[6] ? -1 : v;
}

static size_t code_hash(long v) { return (size_t)((uint64_t)v * 0x9E3779B97F4A7C15ull >> 32); }

/* The code table: each code to the region the binary search by code finds
 * (sorted regs), so that zb_gazetteer_by_code needs no search. */
static int index_codes(zb_gazetteer *g, char *err, size_t errlen) {
    size_t size = 16;
    while (size < 2 * g->n)
        size *= 2;
    g->code_mask = size - 1;
    if (!(g->code_slot = calloc(size, sizeof *g->code_slot)))
        return snprintf(err, errlen, "regions.tsv: out of memory"), -1;
    for (size_t i = 0; i < g->n; i++) {
        zb_region key = {.code = g->regs[i].code};
        const zb_region *r = bsearch(&key, g->regs, g->n, sizeof *g->regs, cmp_region);
        long v = code_value(r->code);
        size_t h = code_hash(v) & g->code_mask;
        while (g->code_slot[h] && code_value(g->regs[g->code_slot[h] - 1].code) != v)
            h = (h + 1) & g->code_mask;
        g->code_slot[h] = (uint32_t)(r - g->regs) + 1;
    }
    return 0;
}

/* A city without counties (东莞市, 中山市, 儋州市) is listed twice under one
 * code: as the city and as its own county, whose parent code is its own.
 * The code lookup may give either row; the county's parent is the other
 * one (rows of one code are adjacent in the sorted table), never itself. */
static const zb_region *other_row(const zb_gazetteer *g, const zb_region *r) {
    const zb_region *end = g->regs + g->n;
    for (const zb_region *q = r + 1; q < end && !strcmp(q->code, r->code); q++)
        if (q->level != r->level) return q;
    for (const zb_region *q = r; q > g->regs && !strcmp(q[-1].code, r->code); q--)
        if (q[-1].level != r->level) return q - 1;
    return NULL;
}

#define MAX_PARENT_DEPTH 8 /* province, city, county, and room for odd data */

static int link_parents(zb_gazetteer *g, char *err, size_t errlen) {
    g->parent = malloc(g->n * sizeof *g->parent);
    if (!g->parent) return snprintf(err, errlen, "regions.tsv: out of memory"), -1;
    for (size_t i = 0; i < g->n; i++) {
        const zb_region *r = &g->regs[i];
        g->parent[i] = -1;
        if (!*r->parent) continue;
        const zb_region *p = zb_gazetteer_by_code(g, r->parent);
        if (p && p == r) p = other_row(g, r);
        if (!p)
            return snprintf(err, errlen, "regions.tsv: %s: unknown parent %s", r->code, r->parent),
                   -1;
        g->parent[i] = (int32_t)(p - g->regs);
    }
    /* every walk up the parents (scoring, ancestry) must end: a cycle in
     * the data is an error at load, not a worker that never returns */
    for (size_t i = 0; i < g->n; i++) {
        int32_t p = g->parent[i];
        for (int d = 0; p >= 0 && d < MAX_PARENT_DEPTH; d++)
            p = g->parent[p];
        if (p >= 0)
            return snprintf(err, errlen, "regions.tsv: %s: parents form a cycle", g->regs[i].code),
                   -1;
    }
    return 0;
}

static int ctx_kind(const char *s) {
    static const char *const names[N_CTX] = {
        "body",   "org",          "stop",          "lead",      "county-self", "address",
        "index",  "zone",         "province-self", "branch",    "press",       "province-body",
        "abbrev", "province-all", "level-suffix",  "self-start"};
    for (int k = 0; k < N_CTX; k++)
        if (!strcmp(s, names[k])) return k;
    return -1;
}

/* Parses regions.context.tsv (kind<TAB>phrase) into g->ctx. */
static int parse_context(zb_gazetteer *g, size_t len, char *err, size_t errlen) {
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += g->context_text[i] == '\n';
    for (int k = 0; k < N_CTX; k++)
        if (!(g->ctx[k] = calloc(lines, sizeof *g->ctx[k])))
            return snprintf(err, errlen, "regions.context.tsv: out of memory"), -1;
    char *line = g->context_text;
    for (size_t ln = 1; line && *line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            char *f[2] = {0};
            int k = split_tabs(line, f, 2) == 2 && *f[1] ? ctx_kind(f[0]) : -1;
            if (k < 0)
                return snprintf(err, errlen,
                                "regions.context.tsv:%zu: expected "
                                "body|org|stop|lead|county-self|address|index|zone|"
                                "province-self|branch|press|province-body|abbrev|province-all|"
                                "level-suffix|self-start<TAB>phrase",
                                ln),
                       -1;
            size_t n = strlen(f[1]);
            /* 我省 speaks as a province, 全省 names the whole of one: a
             * word of both kinds would say both */
            int other = k == CTX_PROVINCE_SELF  ? CTX_PROVINCE_ALL
                        : k == CTX_PROVINCE_ALL ? CTX_PROVINCE_SELF
                                                : -1;
            for (size_t j = 0; other >= 0 && j < g->n_ctx[other]; j++)
                if (g->ctx[other][j].len == n && !memcmp(g->ctx[other][j].s, f[1], n))
                    return snprintf(err, errlen,
                                    "regions.context.tsv:%zu: %s is both province-self and "
                                    "province-all",
                                    ln, f[1]),
                           -1;
            /* level_suffixed and self_start compare one char's bytes */
            const unsigned char *u = (const unsigned char *)f[1];
            if ((k == CTX_LEVEL_SUFFIX || k == CTX_SELF_START) && (n != 3 || (u[0] & 0xF0) != 0xE0))
                return snprintf(err, errlen,
                                "regions.context.tsv:%zu: %s %s is not one Chinese character", ln,
                                f[0], f[1]),
                       -1;
            uint32_t head = 0;
            for (size_t b = 0; b < 3 && b < n; b++)
                head |= (uint32_t)(unsigned char)f[1][b] << (8 * b);
            g->ctx[k][g->n_ctx[k]++] = (gz_word){f[1], n, head};
            if (n < 3)
                g->ctx_short[k] = 1;
            else
                g->ctx_head[k][head_bit(head) >> 6] |= 1ull << (head_bit(head) & 63);
        }
        line = nl ? nl + 1 : NULL;
    }
    /* ctx_by: a counting sort of each kind's words by bucket */
    for (int k = 0; k < N_CTX; k++) {
        if (g->n_ctx[k] > 65535)
            return snprintf(err, errlen, "regions.context.tsv: too many words"), -1;
        if (!(g->ctx_by[k] = malloc((g->n_ctx[k] + 1) * sizeof *g->ctx_by[k])))
            return snprintf(err, errlen, "regions.context.tsv: out of memory"), -1;
        size_t m = 0;
        for (unsigned b = 0; b < 256; b++) {
            g->ctx_start[k][b] = (uint16_t)m;
            for (size_t j = 0; j < g->n_ctx[k]; j++)
                if (g->ctx[k][j].len >= 3 && head_bit(g->ctx[k][j].head) == b)
                    g->ctx_by[k][m++] = (uint16_t)j;
        }
        g->ctx_start[k][256] = (uint16_t)m;
    }
    return 0;
}

/* The bucket of a mark's key (six bits of key_pair2's product). */
static uint32_t mark_bucket(uint64_t key) { return key_pair2(key) & 63; }

/* Adds the keys of the places where label_at may find the index label w:
 * key[0..have) is what it has read so far, k where it is in w. After the
 * first char label_at takes spaces and ideographic spaces, then w's next
 * unit (a 3-byte char, else one byte), and so on: every way of filling
 * the key's six bytes is a key. -1 when six bytes cannot tell (the label
 * ends before: any bytes may follow it), or too many keys. */
static int index_keys_after(zb_gazetteer *g, const gz_word *w, size_t k, unsigned char *key,
                            size_t have) {
    if (have == GZ_KEY) {
        uint64_t x = key_of(key);
        for (size_t j = 0; j < g->n_index_key; j++)
            if (g->index_key[j] == x) return 0;
        if (g->n_index_key == GZ_INDEX_KEYS) return -1;
        g->index_key[g->n_index_key++] = x;
        return 0;
    }
    if (k >= w->len) return -1;
    static const char *const seps[] = {" ", "\xe3\x80\x80"};
    for (size_t t = 0; t < 2; t++) {
        size_t n = strlen(seps[t]), m = n < GZ_KEY - have ? n : GZ_KEY - have;
        memcpy(key + have, seps[t], m);
        if (index_keys_after(g, w, k, key, have + m)) return -1;
    }
    size_t n = (unsigned char)w->s[k] >= 0xE0 ? 3 : 1, m = n < GZ_KEY - have ? n : GZ_KEY - have;
    if (k + n > w->len) return -1;
    memcpy(key + have, w->s + k, m);
    return index_keys_after(g, w, k + n, key, have + m);
}

/* The index labels' keys (index_key), when every label of three bytes or
 * more starts with a 3-byte char (the shorter ones are never looked for):
 * the scan records their places, and the page's index number is looked
 * for there instead of a memchr pass per label over the page. */
static void index_keys(zb_gazetteer *g) {
    g->n_index_key = 0;
    for (size_t k = 0; k < g->n_ctx[CTX_INDEX]; k++) {
        const gz_word *w = &g->ctx[CTX_INDEX][k];
        const unsigned char *p = (const unsigned char *)w->s;
        if (w->len < 3) continue;
        unsigned char key[GZ_KEY];
        if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return;
        memcpy(key, p, 3);
        if (index_keys_after(g, w, 3, key, 3)) return;
    }
    /* sorted by bucket (an insertion sort of a few dozen keys) */
    for (size_t j = 1; j < g->n_index_key; j++)
        for (size_t i = j; i > 0 && mark_bucket(g->index_key[i - 1]) > mark_bucket(g->index_key[i]);
             i--) {
            uint64_t x = g->index_key[i];
            g->index_key[i] = g->index_key[i - 1];
            g->index_key[i - 1] = x;
        }
    for (uint32_t b = 0, j = 0; b <= 64; b++) {
        while (j < g->n_index_key && mark_bucket(g->index_key[j]) < b)
            j++;
        g->index_start[b] = (uint8_t)j;
    }
    for (size_t j = 0; j < g->n_index_key; j++) {
        uint32_t pr = key_pair(g->index_key[j]), pr2 = key_pair2(g->index_key[j]);
        g->mark_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair64[pr >> 6] |= 1ull << (pr & 63);
        g->scan_pair2[pr2 >> 3] |= (uint8_t)(1u << (pr2 & 7));
    }
    g->index_keyed = 1;
}

/* The county-self and province-self words (self_words): the region's
 * checks count them in the text, for county-level reports after every
 * find (a pass per word, stopping at every 政府); when each is six bytes or
 * more, starts with a 3-byte char and holds no space (a blanked chrome line
 * then neither makes nor hides one), the scan, which hashes every char's
 * first two chars anyway, records their places instead. */
static void self_words(zb_gazetteer *g) {
    static const int kinds[] = {CTX_COUNTY_SELF, CTX_PROVINCE_SELF};
    size_t n = 0;
    for (int j = 0; j < 2; j++)
        for (size_t k = 0; k < g->n_ctx[kinds[j]]; k++) {
            const gz_word *w = &g->ctx[kinds[j]][k];
            const unsigned char *p = (const unsigned char *)w->s;
            if (n == GZ_CWORDS || w->len < GZ_KEY || w->len > UINT16_MAX ||
                memchr(w->s, ' ', w->len) || (p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 ||
                (p[2] & 0xC0) != 0x80)
                return;
            g->cword[n++] =
                (struct gz_cword){key_of(p), w, (uint16_t)(j ? g->n_ctx[CTX_COUNTY_SELF] + k : k)};
        }
    /* sorted by bucket (an insertion sort of a few words), file order kept */
    for (size_t j = 1; j < n; j++)
        for (size_t i = j; i > 0 && mark_bucket(g->cword[i - 1].key) > mark_bucket(g->cword[i].key);
             i--) {
            struct gz_cword x = g->cword[i];
            g->cword[i] = g->cword[i - 1];
            g->cword[i - 1] = x;
        }
    for (uint32_t b = 0, j = 0; b <= 64; b++) {
        while (j < n && mark_bucket(g->cword[j].key) < b)
            j++;
        g->cword_start[b] = (uint8_t)j;
    }
    for (size_t j = 0; j < n; j++) {
        uint32_t pr = key_pair(g->cword[j].key), pr2 = key_pair2(g->cword[j].key);
        g->mark_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair64[pr >> 6] |= 1ull << (pr & 63);
        g->scan_pair2[pr2 >> 3] |= (uint8_t)(1u << (pr2 & 7));
    }
    g->words_scanned = 1;
}

/* The province an abbrev row of regions.context.tsv names ("苏\t江苏省"),
 * or NULL: not one character, a tab and a province's name. */
static const zb_region *abbrev_province(const zb_gazetteer *g, const gz_word *w) {
    if (w->len < 5 || (unsigned char)w->s[0] < 0xE0 || w->s[3] != '\t') return NULL;
    for (size_t i = 0; i < g->n; i++)
        if (g->regs[i].level == ZB_LEVEL_PROVINCE && !strcmp(g->regs[i].name, w->s + 4))
            return &g->regs[i];
    return NULL;
}

static int check_abbrevs(const zb_gazetteer *g, char *err, size_t errlen) {
    for (size_t k = 0; k < g->n_ctx[CTX_ABBREV]; k++)
        if (!abbrev_province(g, &g->ctx[CTX_ABBREV][k]))
            return snprintf(err, errlen,
                            "regions.context.tsv: abbrev %s: expected one character, a tab and "
                            "a province's name",
                            g->ctx[CTX_ABBREV][k].s),
                   -1;
    return 0;
}

static int load_all(zb_gazetteer *g, const char *config_dir, char *err, size_t errlen) {
    char path[4096];
    size_t len = 0, glen = 0;
    snprintf(path, sizeof path, "%s/regions.generic.txt", config_dir);
    if (!(g->generic_text = read_file(path, &glen, err, errlen))) return -1;
    snprintf(path, sizeof path, "%s/regions.tsv", config_dir);
    if (!(g->text = read_file(path, &len, err, errlen))) return -1;
    if (parse_regions(g, len, err, errlen)) return -1;
    snprintf(path, sizeof path, "%s/regions.context.tsv", config_dir);
    if (!(g->context_text = read_file(path, &glen, err, errlen)) ||
        parse_context(g, glen, err, errlen))
        return -1;
    snprintf(path, sizeof path, "%s/regions.towns.tsv", config_dir);
    if (!(g->towns_text = read_file(path, &glen, err, errlen)) ||
        gz_towns_parse(&g->towns, g->towns_text, err, errlen))
        return -1;
    qsort(g->regs, g->n, sizeof *g->regs, cmp_region);
    if (index_codes(g, err, errlen) || link_parents(g, err, errlen) ||
        build_names(g, err, errlen) || check_abbrevs(g, err, errlen))
        return -1;
    index_keys(g);
    self_words(g);
    return 0;
}

zb_gazetteer *zb_gazetteer_load(const char *config_dir, char *err, size_t errlen) {
    zb_gazetteer *g = calloc(1, sizeof *g);
    if (!g) return snprintf(err, errlen, "gazetteer: out of memory"), NULL;
    if (load_all(g, config_dir, err, errlen)) {
        zb_gazetteer_free(g);
        return NULL;
    }
    return g;
}

void zb_gazetteer_free(zb_gazetteer *g) {
    if (!g) return;
    free(g->text);
    free(g->generic_text);
    free(g->context_text);
    free(g->towns_text);
    free(g->towns.v);
    for (int k = 0; k < N_CTX; k++)
        free(g->ctx[k]), free(g->ctx_by[k]);
    free(g->regs);
    free(g->parent);
    free(g->code_slot);
    free(g->names);
    free(g->marks);
    free(g);
}

int zb_gazetteer_set_marks(zb_gazetteer *g, const void *owner, const char *const *s,
                           const size_t *len, size_t n) {
    if (!g || g->marks) return -1;
    for (size_t k = 0; k < n; k++) {
        const unsigned char *p = (const unsigned char *)s[k];
        if (len[k] < GZ_KEY || (p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 ||
            (p[2] & 0xC0) != 0x80)
            return -1;
    }
    if (!(g->marks = malloc((n ? n : 1) * sizeof *g->marks))) return -1;
    size_t m = 0;
    for (uint32_t b = 0; b < 64; b++) { /* a counting sort by bucket */
        g->mark_start[b] = (uint32_t)m;
        for (size_t k = 0; k < n; k++) {
            uint64_t key = key_of((const unsigned char *)s[k]);
            if (mark_bucket(key) == b) g->marks[m++] = (struct gz_mark){key, s[k], len[k]};
        }
    }
    g->mark_start[64] = (uint32_t)m;
    for (size_t k = 0; k < n; k++) {
        uint64_t key = key_of((const unsigned char *)s[k]);
        uint32_t pr = key_pair(key), pr2 = key_pair2(key);
        g->mark_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        g->scan_pair64[pr >> 6] |= 1ull << (pr & 63);
        g->scan_pair2[pr2 >> 3] |= (uint8_t)(1u << (pr2 & 7));
    }
    g->n_marks = n;
    g->marks_owner = owner;
    return 0;
}

const void *zb_gazetteer_marks_owner(const zb_gazetteer *g) { return g ? g->marks_owner : NULL; }

size_t zb_gazetteer_size(const zb_gazetteer *g) { return g ? g->n : 0; }

const zb_region *zb_gazetteer_by_code(const zb_gazetteer *g, const char *code) {
    if (!g || !code || !g->code_slot) return NULL;
    /* every code of the table is six digits: another string matches none */
    long v = code_value(code);
    if (v < 0) return NULL;
    for (size_t h = code_hash(v) & g->code_mask; g->code_slot[h]; h = (h + 1) & g->code_mask)
        if (code_value(g->regs[g->code_slot[h] - 1].code) == v)
            return &g->regs[g->code_slot[h] - 1];
    return NULL;
}

const zb_region *zb_gazetteer_parent(const zb_gazetteer *g, const zb_region *r) {
    if (!g || !r) return NULL;
    int32_t p = g->parent[r - g->regs];
    return p < 0 ? NULL : &g->regs[p];
}

const zb_region *zb_gazetteer_town(const zb_gazetteer *g, const char *name, size_t len,
                                   int *n_counties) {
    return zb_gazetteer_town_in(g, name, len, NULL, n_counties);
}

size_t zb_gazetteer_town_next(const zb_gazetteer *g, const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
    if (!g) return len;
    while (i < len && len - i >= 9) {
        if (u[i] - 0xE4u > 0xE9u - 0xE4u) {
            i++;
            continue;
        }
        if (gz_towns_may_start(&g->towns, u + i)) return i;
        /* a lead byte: its continuation bytes (80..BF, never E4..E9) are
         * stepped over at once, not tried one by one */
        i += (u[i + 1] & 0xC0) != 0x80 ? 1 : (u[i + 2] & 0xC0) != 0x80 ? 2 : 3;
    }
    return len;
}

int zb_gazetteer_town_may_start(const zb_gazetteer *g, const char *s, size_t len) {
    return g && len >= 6 && gz_towns_may_start(&g->towns, (const unsigned char *)s);
}

static int lies_in(const zb_gazetteer *g, const zb_region *r, const zb_region *area) {
    for (; r; r = zb_gazetteer_parent(g, r))
        if (r == area) return 1;
    return 0;
}

const zb_region *zb_gazetteer_town_in(const zb_gazetteer *g, const char *name, size_t len,
                                      const zb_region *within, int *n_counties) {
    *n_counties = 0;
    const char *codes = g ? gz_towns_codes(&g->towns, name, len) : NULL;
    if (!codes) return NULL;
    *n_counties = (int)((strlen(codes) + 1) / 7);
    const zb_region *found = NULL;
    for (const char *p = codes; *p; p += p[6] ? 7 : 6) {
        char code[7];
        memcpy(code, p, 6);
        code[6] = '\0';
        const zb_region *c = zb_gazetteer_by_code(g, code);
        if (within && !lies_in(g, c, within)) continue;
        if (!c || found) return NULL; /* a statistical unit, or a second county */
        found = c;
    }
    return found;
}

const zb_region *zb_gazetteer_town_of_level(const zb_gazetteer *g, const char *name, size_t len,
                                            const zb_region *within, const char *level) {
    const char *codes = g && level ? gz_towns_codes(&g->towns, name, len) : NULL;
    if (!codes) return NULL;
    const zb_region *found = NULL;
    for (const char *p = codes; *p; p += p[6] ? 7 : 6) {
        char code[7];
        memcpy(code, p, 6);
        code[6] = '\0';
        const zb_region *c = zb_gazetteer_by_code(g, code);
        if (!c) return NULL; /* a statistical unit: its level is unknown */
        size_t n = strlen(c->name);
        if ((within && !lies_in(g, c, within)) || n < 3 || memcmp(c->name + n - 3, level, 3))
            continue;
        if (found) return NULL; /* two of that level */
        found = c;
    }
    return found;
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t u8len(unsigned char c) {
    if (c < 0xC0) return 1;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    return 4;
}

/* The names whose first GZ_KEY bytes are key: their bucket's range, [*lo,
 * *hi) set to the longest one matching s[i..) and its equals. */
static int longest_in_bucket(const zb_gazetteer *g, const char *s, size_t len, size_t i,
                             uint64_t key, size_t *lo, size_t *hi) {
    uint32_t b = key_bucket(key);
    for (size_t k = g->bucket_start[b]; k < g->bucket_start[b + 1]; k++) {
        const gz_name *nm = &g->names[k];
        if (nm->key != key || nm->len > len - i ||
            memcmp(nm->s + GZ_KEY, s + i + GZ_KEY, nm->len - GZ_KEY))
            continue;
        size_t e = k + 1;
        while (e < g->bucket_start[b + 1] && g->names[e].len == nm->len &&
               !memcmp(g->names[e].s, nm->s, nm->len))
            e++;
        *lo = k;
        *hi = e;
        return 1;
    }
    return 0;
}

/* The range [*lo, *hi) of names equal to the longest name starting at s[i].
 * Called at every character of a text: the bit tests are inlined, the
 * bucket search is not. */
static inline int longest_at(const zb_gazetteer *g, const char *s, size_t len, size_t i, size_t *lo,
                             size_t *hi) {
    if (len - i < GZ_KEY) return 0;
    const unsigned char *p = (const unsigned char *)s + i;
    /* most characters start no name: bit tests save the hash and compares */
    if ((p[0] & 0xF0) != 0xE0) return 0;
    uint32_t c = cp3(p);
    if (!(g->first_char[c >> 3] & (1u << (c & 7)))) return 0;
    uint64_t key = key_of(p);
    uint32_t pr = key_pair(key);
    if (!(g->first_pair[pr >> 3] & (1u << (pr & 7))) || !bit_at(g->scan_pair2, key_pair2(key)))
        return 0;
    return longest_in_bucket(g, s, len, i, key, lo, hi);
}

size_t zb_region_mentions(const zb_gazetteer *g, const char *s, size_t len, zb_region_mention *out,
                          size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < len && n < max;) {
        size_t lo, hi;
        if (!longest_at(g, s, len, i, &lo, &hi)) {
            i += u8len((unsigned char)s[i]);
            continue;
        }
        for (size_t k = lo; k < hi && n < max; k++)
            out[n++] = (zb_region_mention){i, i + g->names[k].len, &g->regs[g->names[k].region],
                                           g->names[k].alias};
        i += g->names[lo].len;
    }
    return n;
}

/* v (n elements of size bytes, room for *cap) moved to a heap block twice
 * as large, *cap updated; NULL when out of memory (v left as it was). Not
 * realloc: the first block is its owner's local array. Kept out of line: its
 * callers are inlined into the scan's loop, and the growth is rare. */
__attribute__((noinline, cold)) static void *grow_local(void *v, size_t n, size_t *cap,
                                                        const void *local, size_t size) {
    size_t c = *cap * 2;
    void *x = malloc(c * size);
    if (!x) return NULL;
    memcpy(x, v, n * size);
    if (v != local) free(v);
    *cap = c;
    return x;
}

static int hits_push(zb_region_scan *sc, size_t start, size_t end, size_t lo, size_t hi) {
    if (sc->n == sc->cap) {
        zb_region_hit *v = grow_local(sc->v, sc->n, &sc->cap, sc->local, sizeof *v);
        if (!v) return -1;
        sc->v = v;
    }
    sc->v[sc->n++] = (zb_region_hit){start, end, (uint32_t)lo, (uint32_t)hi};
    return 0;
}

void zb_region_scan_init(zb_region_scan *sc) {
    sc->v = sc->local;
    sc->n = 0;
    sc->cap = ZB_REGION_SCAN_LOCAL;
    sc->exact = 0;
    sc->self = sc->local_self;
    sc->n_self = 0;
    sc->cap_self = ZB_REGION_SELF_LOCAL;
    sc->digit = sc->local_digit;
    sc->n_digit = 0;
    sc->cap_digit = ZB_REGION_DIGITS_LOCAL;
    sc->mark = sc->local_mark;
    sc->n_mark = 0;
    sc->cap_mark = ZB_REGION_MARKS_LOCAL;
    sc->index = sc->local_index;
    sc->n_index = 0;
    sc->cap_index = ZB_REGION_INDEX_LOCAL;
    sc->word = sc->local_word;
    sc->n_word = 0;
    sc->cap_word = ZB_REGION_WORDS_LOCAL;
}

void zb_region_scan_free(zb_region_scan *sc) {
    if (sc->v != sc->local) free(sc->v);
    if (sc->self != sc->local_self) free(sc->self);
    if (sc->digit != sc->local_digit) free(sc->digit);
    if (sc->mark != sc->local_mark) free(sc->mark);
    /* (the index list was freed after the init had reset it: a leak) */
    if (sc->index != sc->local_index) free(sc->index);
    if (sc->word != sc->local_word) free(sc->word);
    zb_region_scan_init(sc);
}

/* grow_local for offsets, written out: through grow_local the scan's loop,
 * into which this is inlined, costs about 4 % more (callgrind, real
 * reports). */
int zb_offsets_grow(size_t **v, size_t n, size_t *cap, const size_t *local) {
    size_t c = *cap * 2, *x = malloc(c * sizeof *x);
    if (!x) return -1;
    memcpy(x, *v, n * sizeof *x);
    if (*v != local) free(*v);
    *v = x;
    *cap = c;
    return 0;
}

/* Records a digit run starting at i; -1 out of memory. */
static inline int digit_push(zb_region_scan *sc, size_t i) {
    return zb_offsets_push(&sc->digit, &sc->n_digit, &sc->cap_digit, sc->local_digit, i);
}

/* Records the context word id (len bytes) at pos; -1 out of memory. */
static int word_push(zb_region_scan *sc, size_t pos, uint16_t id, size_t len) {
    if (sc->n_word == sc->cap_word) {
        zb_region_word *x =
            grow_local(sc->word, sc->n_word, &sc->cap_word, sc->local_word, sizeof *x);
        if (!x) return -1;
        sc->word = x;
    }
    sc->word[sc->n_word++] = (zb_region_word){pos, id, (uint16_t)len};
    return 0;
}

/* Records pos when one of the marks (zb_gazetteer_set_marks) starts at
 * u[pos..len), key its first six bytes, and when an index label may start
 * there (index_key); -1 out of memory. Called where the key's key_pair()
 * bit is set in mark_pair (inline: most places fail). */
static int mark_push(const zb_gazetteer *g, zb_region_scan *sc, const unsigned char *u, size_t len,
                     size_t pos, uint64_t key) {
    uint32_t b = mark_bucket(key);
    for (size_t k = g->mark_start[b]; k < g->mark_start[b + 1]; k++) {
        const struct gz_mark *m = &g->marks[k];
        if (m->key != key || m->len > len - pos ||
            memcmp(u + pos + GZ_KEY, m->s + GZ_KEY, m->len - GZ_KEY))
            continue;
        if (zb_offsets_push(&sc->mark, &sc->n_mark, &sc->cap_mark, sc->local_mark, pos)) return -1;
        break;
    }
    /* every context word starting here (区委区政府 and 区委、区政府 share a key) */
    for (size_t k = g->cword_start[b]; k < g->cword_start[b + 1]; k++) {
        const gz_word *w = g->cword[k].w;
        if (g->cword[k].key != key || w->len > len - pos ||
            memcmp(u + pos + GZ_KEY, w->s + GZ_KEY, w->len - GZ_KEY))
            continue;
        if (word_push(sc, pos, g->cword[k].id, w->len)) return -1;
    }
    for (size_t k = g->index_start[b]; k < g->index_start[b + 1]; k++)
        if (g->index_key[k] == key)
            return zb_offsets_push(&sc->index, &sc->n_index, &sc->cap_index, sc->local_index, pos);
    return 0;
}

/* The ASCII byte u[i] starts a run of digits. */
static inline int digit_run_at(const unsigned char *u, size_t i) {
    return (unsigned)(u[i] - '0') < 10 && (i == 0 || (unsigned)(u[i - 1] - '0') >= 10);
}

/* Records the self-reference whose six bytes are key, at pos (if it is
 * one); -1 out of memory. */
static int self_record(const zb_gazetteer *g, zb_region_scan *sc, uint64_t key, size_t pos) {
    for (int j = 0; j < 21; j++) {
        if (key != g->self_key[j]) continue;
        if (sc->n_self == sc->cap_self) {
            zb_region_self *x =
                grow_local(sc->self, sc->n_self, &sc->cap_self, sc->local_self, sizeof *x);
            if (!x) return -1;
            sc->self = x;
        }
        sc->self[sc->n_self++] = (zb_region_self){pos, (uint8_t)(j % 7)};
        return 0;
    }
    return 0;
}

/* self_record where the key's first char is 我, 全 or 本 (inline: most keys
 * passing the scan's filter are names). */
static inline int self_push(const zb_gazetteer *g, zb_region_scan *sc, uint64_t key, size_t pos) {
    uint64_t first = key & g->self_mask;
    if (first != g->self_first[0] && first != g->self_first[1] && first != g->self_first[2])
        return 0;
    return self_record(g, sc, key, pos);
}

int zb_region_scan_text(const zb_gazetteer *g, const char *s, size_t len, zb_region_scan *sc) {
    const unsigned char *u = (const unsigned char *)s;
    sc->n = 0;
    sc->n_self = 0;
    sc->n_digit = 0;
    sc->n_mark = 0;
    sc->n_index = 0;
    sc->n_word = 0;
    sc->exact = 1;
    for (size_t i = 0; i < len;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* runs of ASCII chars and of whole 3-byte chars whose first two
         * chars (with the next one) pass no filter: one test of lead and
         * continuation bytes (a 32-bit load) and one of the filter each */
        /* (a pointer against a precomputed bound, the 3-byte test first:
         * nine chars in ten are CJK; the filter's bits read 64 at a time) */
        if (len - i >= 8) {
            const unsigned char *p = u + i, *last = u + len - 8;
            const uint64_t *pair64 = g->scan_pair64;
            for (uint64_t x; p <= last;) {
                memcpy(&x, p, 8); /* one load for the lead test and the key */
                if ((x & 0xC0C0F0) == 0x8080E0) {
                    uint64_t key = x << 16 >> 16; /* key_of(p) */
                    uint32_t pr = key_pair(key);
                    /* both filters here: one char in seven passes the
                     * first by chance, and leaving the loop for the second
                     * cost more than it */
                    if (((pair64[pr >> 6] >> (pr & 63)) & 1) &&
                        bit_at(g->scan_pair2, key_pair2(key)))
                        break;
                    p += 3;
                } else if (!(x & 0x80)) { /* an ASCII char (digits, narrowed punctuation) */
                    if (digit_run_at(u, (size_t)(p - u)) && digit_push(sc, (size_t)(p - u)))
                        return -1;
                    p++;
                } else {
                    break;
                }
            }
            i = (size_t)(p - u);
            if (i >= len) break;
        }
#endif
        unsigned c = u[i];
        if (c < 0x80) { /* no name starts with an ASCII char */
            if (digit_run_at(u, i) && digit_push(sc, i)) return -1;
            i++;
            continue;
        }
        /* the common case inline: a whole 3-byte char, tried as a name's start */
        if ((c & 0xF0) == 0xE0 && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            /* straight to the test of the first two chars: it fails at
             * nearly every char, so its branch is well predicted (the test of
             * the first char alone passes one char in three, at random) */
            size_t lo, hi;
            if (len - i >= GZ_KEY) {
                uint64_t key = key_of(u + i);
                uint32_t pr = key_pair(key);
                /* the self-references (count_selfref) share the filter */
                if ((g->scan_pair[pr >> 3] & (1u << (pr & 7))) &&
                    bit_at(g->scan_pair2, key_pair2(key))) {
                    if (self_push(g, sc, key, i) ||
                        (bit_at(g->mark_pair, pr) && mark_push(g, sc, u, len, i, key)))
                        return -1;
                    if (longest_in_bucket(g, s, len, i, key, &lo, &hi)) {
                        size_t e = i + g->names[lo].len;
                        if (hits_push(sc, i, e, lo, hi)) return -1;
                        /* self-references and marks inside the name (全州县: 全州) */
                        for (i += u8len(u[i]); i < e && len - i >= GZ_KEY; i += u8len(u[i])) {
                            uint64_t k = key_of(u + i);
                            if (self_push(g, sc, k, i) || (bit_at(g->mark_pair, key_pair(k)) &&
                                                           mark_push(g, sc, u, len, i, k)))
                                return -1;
                        }
                        i = e;
                        continue;
                    }
                }
            }
            i += 3;
            continue;
        }
        /* other chars start no name (a cut-short 3-byte one matches no
         * name's bytes); one whose sequence is cut short may step over a
         * line break: then spans cannot be read off this scan */
        size_t step = u8len((unsigned char)c);
        for (size_t k = 1; k < step && i + k < len; k++)
            if ((u[i + k] & 0xC0) != 0x80) sc->exact = 0;
        i += step;
    }
    return 0;
}

int zb_region_scan_sub(const zb_region_scan *sc, const char *s, size_t a, size_t b,
                       zb_region_scan *out) {
    if (!sc->exact || a > b) return -1;
    out->n = out->n_self = out->n_digit = out->n_mark = out->n_index = out->n_word = 0;
    out->exact = 1;
    /* the scan of s[a..b) alone finds what the page's finds there, unless
     * a name of the page's runs across a or b (the text alone is cut
     * there): then it is scanned */
    for (size_t k = zb_region_hit_after(sc, a); k < sc->n && sc->v[k].start < b; k++) {
        const zb_region_hit *h = &sc->v[k];
        if (h->start < a || h->end > b || hits_push(out, h->start - a, h->end - a, h->lo, h->hi))
            return -1;
    }
    /* a run of digits starts at a in the text alone even when one runs on
     * into it in s */
    if (a < b && digit_run_at((const unsigned char *)s + a, 0) && a > 0 &&
        (unsigned)(s[a - 1] - '0') < 10 && digit_push(out, 0))
        return -1;
    size_t lo = 0, hi = sc->n_digit; /* the first run at or after a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->digit[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < sc->n_digit && sc->digit[lo] < b; lo++)
        if (digit_push(out, sc->digit[lo] - a)) return -1;
    return 0;
}

void zb_region_scan_blank(zb_region_scan *sc, size_t from, size_t to) {
    for (size_t k = zb_region_hit_after(sc, from); k < sc->n && sc->v[k].start < to; k++)
        sc->v[k].hi = sc->v[k].lo;  /* no names */
    size_t lo = 0, hi = sc->n_self; /* the first self-reference at or after from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->self[mid].pos < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < sc->n_self && sc->self[lo].pos < to; lo++)
        sc->self[lo].level = 255;
    /* a word the blanked bytes cut is gone from the text too */
    for (size_t k = 0; k < sc->n_word && sc->word[k].pos < to; k++)
        if (sc->word[k].pos + sc->word[k].len > from) sc->word[k].len = 0;
}

void zb_region_scan_compact(zb_region_scan *sc) {
    size_t k = 0;
    for (size_t j = 0; j < sc->n; j++)
        if (sc->v[j].hi > sc->v[j].lo) sc->v[k++] = sc->v[j];
    sc->n = k;
    k = 0;
    for (size_t j = 0; j < sc->n_self; j++)
        if (sc->self[j].level != 255) sc->self[k++] = sc->self[j];
    sc->n_self = k;
    k = 0;
    for (size_t j = 0; j < sc->n_word; j++)
        if (sc->word[j].len) sc->word[k++] = sc->word[j];
    sc->n_word = k;
}

size_t zb_region_hit_after(const zb_region_scan *sc, size_t a) {
    size_t lo = 0, hi = sc->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->v[mid].end <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t zb_region_mentions_in(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                             size_t a, size_t b, zb_region_mention *out, size_t max) {
    size_t k = sc && sc->exact ? zb_region_hit_after(sc, a) : 0;
    /* a scan from inside a name finds other names: scan again */
    if (!sc || !sc->exact || (k < sc->n && sc->v[k].start < a))
        return zb_region_mentions(g, s + a, b - a, out, max);
    size_t n = 0;
    for (; k < sc->n && sc->v[k].start < b && n < max; k++) {
        const zb_region_hit *h = &sc->v[k];
        if (h->end > b) {
            /* cut by b: the names that fit from there on */
            size_t m = zb_region_mentions(g, s + h->start, b - h->start, out + n, max - n);
            for (size_t j = n; j < n + m; j++)
                out[j].start += h->start - a, out[j].end += h->start - a;
            return n + m;
        }
        for (size_t j = h->lo; j < h->hi && n < max; j++)
            out[n++] = (zb_region_mention){h->start - a, h->end - a, &g->regs[g->names[j].region],
                                           g->names[j].alias};
    }
    return n;
}

/* The scores of one mentioned region. */
typedef struct {
    uint32_t region;
    double own;   /* full-name mentions, and aliases of provinces and cities */
    double alias; /* alias mentions of counties: count only with a full mention */
    double score; /* the total, once scanning is done */
    int zone;     /* named right before a zone word (武汉经开区) */
} gz_score;

#define GZ_SCORES_LOCAL 64 /* mentioned regions kept on the stack (most texts) */

/* Scores collected while scanning, only for the regions mentioned: a report
 * names a few dozen of the ~3,200 divisions, and zeroing a table for all of
 * them cost more per document than the scan of a short text. */
typedef struct {
    gz_score *v; /* the regions with a mention, in the order first seen */
    size_t n, cap;
    uint32_t *slot; /* open addressing on region index: 1 + index into v, 0 empty */
    size_t mask;    /* slot table size - 1 (a power of two, at least 2 * cap) */
    int oom;
    gz_score local_v[GZ_SCORES_LOCAL];
    uint32_t local_slot[2 * GZ_SCORES_LOCAL];
    size_t prev_end;
    size_t prev_lo, prev_hi; /* names of the previous match, for generic names */
    int prev_addr;           /* the previous match was part of an address */
    size_t head_end;         /* mentions before it weigh double */
} gz_scores;

static void scores_init(gz_scores *sc) {
    sc->v = sc->local_v;
    sc->n = 0;
    sc->cap = GZ_SCORES_LOCAL;
    sc->slot = sc->local_slot;
    sc->mask = 2 * GZ_SCORES_LOCAL - 1;
    sc->oom = 0;
    memset(sc->local_slot, 0, sizeof sc->local_slot);
}

static void scores_free(gz_scores *sc) {
    if (sc->v != sc->local_v) free(sc->v);
    if (sc->slot != sc->local_slot) free(sc->slot);
}

static size_t slot_of(const gz_scores *sc, uint32_t region) {
    size_t h = (region * 2654435761u) & sc->mask;
    while (sc->slot[h] && sc->v[sc->slot[h] - 1].region != region)
        h = (h + 1) & sc->mask;
    return h;
}

/* The scores of region, or NULL when it has no mention. */
static const gz_score *score_of(const gz_scores *sc, uint32_t region) {
    uint32_t k = sc->slot[slot_of(sc, region)];
    return k ? &sc->v[k - 1] : NULL;
}

static int scores_grow(gz_scores *sc) {
    size_t cap = sc->cap * 2, mask = cap * 2 - 1;
    gz_score *v = malloc(cap * sizeof *v);
    uint32_t *slot = calloc(mask + 1, sizeof *slot);
    if (!v || !slot) {
        free(v);
        free(slot);
        return -1;
    }
    memcpy(v, sc->v, sc->n * sizeof *v);
    scores_free(sc);
    sc->v = v;
    sc->cap = cap;
    sc->slot = slot;
    sc->mask = mask;
    for (size_t i = 0; i < sc->n; i++)
        sc->slot[slot_of(sc, v[i].region)] = (uint32_t)(i + 1);
    return 0;
}

/* The scores of region, added (zero) on its first mention; NULL when out of
 * memory. */
static gz_score *score_add(gz_scores *sc, uint32_t region) {
    size_t h = slot_of(sc, region);
    if (sc->slot[h]) return &sc->v[sc->slot[h] - 1];
    if (sc->n == sc->cap) {
        if (scores_grow(sc)) return sc->oom = 1, NULL;
        h = slot_of(sc, region);
    }
    sc->v[sc->n] = (gz_score){region, 0, 0, 0, 0};
    sc->slot[h] = (uint32_t)++sc->n;
    return &sc->v[sc->n - 1];
}

static double own_of(const gz_scores *sc, int32_t region) {
    const gz_score *x = score_of(sc, (uint32_t)region);
    return x ? x->own : 0;
}

static int follows_parent(const zb_gazetteer *g, const gz_scores *sc, size_t i, uint32_t region) {
    if (sc->prev_end != i) return 0;
    for (size_t k = sc->prev_lo; k < sc->prev_hi; k++)
        if (g->parent[region] == (int32_t)g->names[k].region) return 1;
    return 0;
}

/* The same for any ancestor (河南滑县, 河南省安阳市滑县). */
static int follows_ancestor(const zb_gazetteer *g, const gz_scores *sc, size_t i, uint32_t region) {
    if (sc->prev_end != i) return 0;
    for (size_t k = sc->prev_lo; k < sc->prev_hi; k++)
        for (int32_t p = g->parent[region]; p >= 0; p = g->parent[p])
            if (p == (int32_t)g->names[k].region) return 1;
    return 0;
}

/* The three bytes at p as one integer (p[0] lowest). */
static inline uint32_t three_bytes(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
}

/* The low three bytes in memory order of a word loaded from memory: what
 * three_bytes gives for the same address. */
static inline uint32_t le24(uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap32(v) & 0xFFFFFF;
#else
    return v & 0xFFFFFF;
#endif
}

/* The context word of kind k starting at s[0..len), or NULL. */
static const gz_word *ctx_at(const zb_gazetteer *g, gz_ctx_kind k, const char *s, size_t len) {
    /* the first three bytes compared at once (most words are CJK, whose
     * first byte nearly every char of the text shares), after a filter on
     * them that rules out most places */
    uint32_t h = len >= 3 ? three_bytes(s) : 0;
    if (!g->ctx_short[k] &&
        (len < 3 || !((g->ctx_head[k][head_bit(h) >> 6] >> (head_bit(h) & 63)) & 1)))
        return NULL;
    if (!g->ctx_short[k]) {
        /* every word is three bytes or more: those of h's bucket, in file
         * order (a match has h as its head) */
        unsigned b = head_bit(h);
        for (size_t j = g->ctx_start[k][b]; j < g->ctx_start[k][b + 1]; j++) {
            const gz_word *w = &g->ctx[k][g->ctx_by[k][j]];
            if (w->head == h && w->len <= len && !memcmp(s, w->s, w->len)) return w;
        }
        return NULL;
    }
    for (size_t j = 0; j < g->n_ctx[k]; j++) {
        const gz_word *w = &g->ctx[k][j];
        if (w->len <= len && (w->len < 3 ? s[0] == w->s[0] : w->head == h) &&
            !memcmp(s, w->s, w->len))
            return w;
    }
    return NULL;
}

static int is_cjk(const unsigned char *p) { return p[0] >= 0xE4 && p[0] <= 0xE9; }

#define ORG_LOOKAHEAD 6 /* characters after a place name searched for an org ending */

/* The place name ending at e is part of a third party's name: an org ending
 * follows within a few Chinese characters (江苏承匠律师事务所, 北京银行),
 * before any other place name (长寿区邀请四川大学: the university is
 * 四川's). */
static int in_org_name(const zb_gazetteer *g, const char *s, size_t len, size_t e) {
    for (int k = 0; k <= ORG_LOOKAHEAD && e + 3 <= len && is_cjk((const unsigned char *)s + e);
         k++) {
        size_t lo, hi;
        if (ctx_at(g, CTX_ORG, s + e, len - e)) return 1;
        if (ctx_at(g, CTX_STOP, s + e, len - e) || ctx_at(g, CTX_BODY, s + e, len - e) ||
            (k > 0 && longest_at(g, s, len, e, &lo, &hi)))
            return 0;
        e += 3;
    }
    return 0;
}

/* A one-character stem plus 县/区 (范县, 滑县): also the tail of ordinary
 * words (示范县, 贡献, 责任). */
static int short_county(const zb_gazetteer *g, const gz_name *nm) {
    return !nm->alias && nm->len == 6 && g->regs[nm->region].level == ZB_LEVEL_COUNTY;
}

/* Such a name at s[i..) stands on its own: no Chinese character before it,
 * or one that cannot form a word with it (在滑县, 赴献县, 2022年单县, 中共任县).
 * A body word after it does not help: 曾任县委书记, 担任县政府… */
static int stands_alone(const zb_gazetteer *g, const char *s, size_t i) {
    if (i < 3 || !is_cjk((const unsigned char *)s + i - 3)) return 1;
    const gz_word *w = ctx_at(g, CTX_LEAD, s + i - 3, 3);
    return w && w->len == 3;
}

/* The name at s[i..) starts a postal address: an address word (地址, 住址)
 * right before it, maybe with a colon (地址:天津市和平区建设路18号). A contact
 * line says where an office sits, not which area the report is about. */
static int starts_address(const zb_gazetteer *g, const char *s, size_t i) {
    size_t e = i;
    if (e >= 1 && s[e - 1] == ':')
        e--;
    else if (e >= 3 && !memcmp(s + e - 3, "：", 3))
        e -= 3;
    for (size_t k = 0; k < g->n_ctx[CTX_ADDRESS]; k++) {
        const gz_word *w = &g->ctx[CTX_ADDRESS][k];
        /* the last byte first: most places end otherwise */
        if (w->len <= e && s[e - 1] == w->s[w->len - 1] && !memcmp(s + e - w->len, w->s, w->len))
            return 1;
    }
    return 0;
}

/* A level-suffix word (县 市 区 旗: one char each) at s[e..) (a county's
 * short form ending with one, or right before one: 屏边县 for 屏边苗族自治县,
 * 临安市 for what is now 临安区, 石柱县委) makes a proper name with a level,
 * written short or under its former level, not a word. The longest match
 * already took any name the gazetteer has (平安区). */
static int level_suffixed(const zb_gazetteer *g, const char *s, size_t len, size_t e) {
    if (e + 3 > len) return 0;
    uint32_t v = three_bytes(s + e);
    for (size_t k = 0; k < g->n_ctx[CTX_LEVEL_SUFFIX]; k++)
        if (g->ctx[CTX_LEVEL_SUFFIX][k].head == v) return 1;
    return 0;
}

/* A short form starting like a self-reference (a self-start word: 全州 for
 * 全州县): 全州市县 is "the whole prefecture's cities and counties", not a
 * name. */
static int self_start(const zb_gazetteer *g, const char *p) {
    uint32_t v = three_bytes(p);
    for (size_t k = 0; k < g->n_ctx[CTX_SELF_START]; k++)
        if (g->ctx[CTX_SELF_START][k].head == v) return 1;
    return 0;
}

/* 人民政府 right after s[..e), maybe after the ) that closes the name. */
static int names_government(const char *s, size_t len, size_t e) {
    static const char GOV[] = "人民政府";
    if (e < len && s[e] == ')') e++;
    return e + sizeof GOV - 1 <= len && !memcmp(s + e, GOV, sizeof GOV - 1);
}

/* Scores the names s[i..) of names [lo, hi) (all of one length). */
static void score_hit(const zb_gazetteer *g, const char *s, size_t len, size_t i, size_t lo,
                      size_t hi, double factor, int in_title, gz_scores *sc) {
    double f = factor * (i < sc->head_end ? 2.0 : 1.0);
    size_t e = i + g->names[lo].len;
    /* an address goes on with the names right after its first one */
    int addr = (sc->prev_end == i && sc->prev_addr) || starts_address(g, s, i);
    int org = addr || in_org_name(g, s, len, e);
    for (size_t k = lo; k < hi && !org; k++) {
        const gz_name *nm = &g->names[k];
        int after_parent = follows_parent(g, sc, i, nm->region);
        /* an ordinary word is a division's name only after its parent, or
         * as the name of a government (新市区人民政府, 高新区(新市区)人民政府:
         * no word is that) */
        if (nm->generic && !after_parent && !names_government(s, len, e)) continue;
        /* short forms of counties, and one-character stems seen inside
         * a word, count only for a county also named in full */
        /* a zone word after the short form makes a proper name too: the
         * development zone the county holds (宁河经济开发区) */
        int zone = ctx_at(g, CTX_ZONE, s + e, len - e) != NULL;
        /* a branch word after it in the opening names the report's issuer,
         * a city bureau's branch in that county (2024年,鄂州市生态环境局华容
         * 分局认真落实…): as proper a name as the county's own. Further down
         * it is one of the branches a city's report lists (市公安局秦州分局等). */
        int branch = nm->alias && i < sc->head_end && ctx_at(g, CTX_BRANCH, s + e, len - e) != NULL;
        int county_alias = (nm->alias && g->regs[nm->region].level == ZB_LEVEL_COUNTY &&
                            ((!level_suffixed(g, s, len, e) && !level_suffixed(g, s, e, e - 3) &&
                              !zone && !branch) ||
                             self_start(g, s + i))) ||
                           (short_county(g, nm) && !in_title &&
                            !follows_ancestor(g, sc, i, nm->region) && !stands_alone(g, s, i));
        double w = f * (nm->alias && !branch ? 1.0 : 3.0);
        gz_score *x = score_add(sc, nm->region);
        if (!x) return;
        if (county_alias)
            x->alias += w;
        else
            x->own += w;
        x->zone |= zone;
    }
    sc->prev_end = e;
    sc->prev_lo = lo;
    sc->prev_hi = hi;
    sc->prev_addr = addr;
}

/* Scores the names in s[0..len) (hits: its scan, or NULL to scan); in_title:
 * s is the report's title, where every name is the report's own. */
static void score_text(const zb_gazetteer *g, const zb_region_scan *hits, const char *s, size_t len,
                       size_t head_end, double factor, int in_title, gz_scores *sc) {
    sc->prev_end = (size_t)-1;
    sc->prev_addr = 0;
    sc->head_end = head_end;
    if (hits) {
        for (size_t k = 0; k < hits->n && !sc->oom && !zb_budget_over(); k++)
            score_hit(g, s, len, hits->v[k].start, hits->v[k].lo, hits->v[k].hi, factor, in_title,
                      sc);
        return;
    }
    for (size_t i = 0; i < len && !sc->oom && !zb_budget_over();) {
        size_t lo, hi;
        if (!longest_at(g, s, len, i, &lo, &hi)) {
            i += u8len((unsigned char)s[i]);
            continue;
        }
        score_hit(g, s, len, i, lo, hi, factor, in_title, sc);
        i = sc->prev_end;
    }
}

/* How often the text calls itself 我区 / 全县 / 本市...: the level character
 * of the area the report speaks for. */
static void count_selfref(const char *s, size_t len, double counts[8]) {
    static const char *const pre[] = {"我", "全", "本"};
    static const char *const lvl[] = {"区", "县", "市", "省", "州", "旗", "盟"};
    uint32_t want[3], level[7];
    for (int p = 0; p < 3; p++)
        want[p] = three_bytes(pre[p]);
    for (int l = 0; l < 7; l++)
        level[l] = three_bytes(lvl[l]);
    /* one load and three compares per byte, and a branch that is nearly
     * never taken: the lead bytes of 我, 全 and 本 (E5, E6) start a third of
     * all CJK chars, so testing them first mispredicts */
    for (size_t i = 0; i + 6 <= len; i++) {
        uint32_t v;
        memcpy(&v, s + i, 4); /* i + 6 <= len */
        v = le24(v);
        if (v != want[0] && v != want[1] && v != want[2]) continue;
        uint32_t w = three_bytes(s + i + 3);
        for (int l = 0; l < 7; l++)
            if (w == level[l]) counts[l] += 1;
    }
}

static const char *level_name_of(int l) {
    static const char *const lvl[] = {"区", "县", "市", "省", "州", "旗", "盟"};
    return lvl[l];
}

static int level_char(const char *name) {
    size_t n = strlen(name);
    if (n < 3) return -1;
    for (int l = 0; l < 7; l++)
        if (!memcmp(name + n - 3, level_name_of(l), 3)) return l;
    return -1;
}

/* How often w occurs in s[0..len), without overlaps. memchr looks for the
 * word's last byte: its first is a UTF-8 lead (E5, E6...) that nearly every
 * char of a Chinese text starts with, so a search for it stopped at every
 * other char; a given continuation byte is some thirty times rarer. The
 * words are of one length, so the leftmost end is the leftmost start. */
static size_t count_word(const char *s, size_t len, const gz_word *w) {
    size_t n = 0, wl = w->len;
    if (!wl || wl > len) return 0;
    for (size_t e = wl - 1; e < len;) { /* e: where the word's last byte may be */
        const char *p = memchr(s + e, w->s[wl - 1], len - e);
        if (!p) break;
        e = (size_t)(p - s);
        if (!memcmp(p + 1 - wl, w->s, wl - 1)) {
            n++;
            e += wl;
        } else {
            e++;
        }
    }
    return n;
}

/* The scan whose recorded county-self and province-self words count_ctx
 * may read: NULL (count_ctx then passes over the text) when the scan is not
 * exact or the gazetteer's words could not all be recorded. */
static const zb_region_scan *scan_words(const zb_gazetteer *g, const zb_region_scan *sc) {
    return g && sc && sc->exact && g->words_scanned ? sc : NULL;
}

/* count_word of the context word k of kind (county-self or province-self)
 * in s[0..len), read off ws, the exact scan of s, when not NULL: the same
 * leftmost, non-overlapping count from the places the scan recorded. */
static size_t count_ctx(const zb_gazetteer *g, const zb_region_scan *ws, int kind, size_t k,
                        const char *s, size_t len) {
    const gz_word *w = &g->ctx[kind][k];
    if (!ws) return count_word(s, len, w);
    size_t id = kind == CTX_PROVINCE_SELF ? g->n_ctx[CTX_COUNTY_SELF] + k : k, n = 0, end = 0;
    for (size_t j = 0; j < ws->n_word; j++)
        if (ws->word[j].word == id && ws->word[j].pos >= end) {
            n++;
            end = ws->word[j].pos + w->len;
        }
    return n;
}

static double total_score(const zb_gazetteer *g, const gz_scores *sc, const double selfref[8],
                          const gz_score *x) {
    double own = x->own;
    if (own <= 0) return 0;
    uint32_t i = x->region;
    if (g->regs[i].level == ZB_LEVEL_COUNTY) own += x->alias;
    double ctx = 0, wgt = 0.5;
    for (int32_t p = g->parent[i]; p >= 0; p = g->parent[p], wgt /= 2)
        ctx += wgt * own_of(sc, p);
    int l = level_char(g->regs[i].name);
    double self = l < 0 ? 0 : selfref[l] > 10 ? 10 : selfref[l];
    return own + ctx + self;
}

/* Another mentioned region of the same name scoring the same: the text
 * cannot tell them apart. */
static int ambiguous(const zb_gazetteer *g, const gz_scores *sc, size_t best) {
    for (size_t k = 0; k < sc->n; k++) {
        const gz_score *x = &sc->v[k];
        if (k != best && x->score == sc->v[best].score &&
            !strcmp(g->regs[x->region].name, g->regs[sc->v[best].region].name))
            return 1;
    }
    return 0;
}

static const zb_region *best_region(const zb_gazetteer *g, gz_scores *sc) {
    for (;;) {
        size_t best = 0;
        double top = 0;
        for (size_t k = 0; k < sc->n; k++)
            if (sc->v[k].score > top) best = k, top = sc->v[k].score;
        if (top <= 0) return NULL;
        const char *name = g->regs[sc->v[best].region].name;
        if (!ambiguous(g, sc, best)) return &g->regs[sc->v[best].region];
        /* drop every region of that name and look again */
        for (size_t k = 0; k < sc->n; k++)
            if (!strcmp(g->regs[sc->v[k].region].name, name)) sc->v[k].score = 0;
    }
}

#define COUNTY_SELFREF_MIN 2 /* 全区 / 我县 said this often makes a report county-level */

/* A province or city found while the text speaks for a county-level area
 * (全区, 我县, 本旗) and never with the found division's own level character
 * (全省, 全市): the report is about a county the text does not name, and
 * its province (from 全省先进 or a third party's name) would be wrong. */
static int speaks_for_county(const zb_gazetteer *g, const zb_region *r, const double selfref[8],
                             const zb_region_scan *ws, const char *s, size_t len) {
    if (r->level == ZB_LEVEL_COUNTY) return 0;
    int own = level_char(r->name);
    if (own >= 0 && selfref[own] > 0) return 0;
    static const int county_chars[] = {0, 1, 5}; /* 区 县 旗 */
    double county = 0;
    for (size_t k = 0; k < 3; k++)
        if (county_chars[k] != own) county += selfref[county_chars[k]];
    /* 区委、区政府 / 县委县政府: the county-level leadership the text works under */
    for (size_t k = 0; k < g->n_ctx[CTX_COUNTY_SELF] && county < COUNTY_SELFREF_MIN; k++) {
        const gz_word *w = &g->ctx[CTX_COUNTY_SELF][k];
        if (own >= 0 && !memcmp(w->s, level_name_of(own), 3)) continue;
        county += count_ctx(g, ws, CTX_COUNTY_SELF, k, s, len);
    }
    return county >= COUNTY_SELFREF_MIN;
}

#define PROVINCE_SELFREF_MIN 2 /* 我省 said this often makes a report province-level */

static int province_words(const zb_gazetteer *g, const zb_region_scan *ws, const char *s,
                          size_t len);

/* The text speaks as a province (我省, at least twice, or once as a body
 * only a province has: 我厅, a provincial department) and never as a city
 * or county (全市, 我县, 区委区政府). */
static int province_voice(const zb_gazetteer *g, const double selfref[8], const zb_region_scan *ws,
                          const char *s, size_t len) {
    for (int l = 0; l < 7; l++)
        if (l != 3 && selfref[l] > 0) return 0; /* 3: 省 */
    for (size_t k = 0; k < g->n_ctx[CTX_COUNTY_SELF]; k++)
        if (count_ctx(g, ws, CTX_COUNTY_SELF, k, s, len)) return 0;
    return province_words(g, ws, s, len);
}

/* The words of province_voice's last test (我省 twice, or 我厅 once): the
 * cheap part when ws holds the scan's recorded words, so a caller can ask
 * it before a pass of its own over the text. */
static int province_words(const zb_gazetteer *g, const zb_region_scan *ws, const char *s,
                          size_t len) {
    size_t n = 0;
    for (size_t k = 0; k < g->n_ctx[CTX_PROVINCE_SELF] && n < PROVINCE_SELFREF_MIN; k++)
        n += count_ctx(g, ws, CTX_PROVINCE_SELF, k, s, len);
    /* not recorded by the scan: looked for only here, once a city or
     * county has been found (or no area at all) */
    for (size_t k = 0; k < g->n_ctx[CTX_PROVINCE_BODY] && n < PROVINCE_SELFREF_MIN; k++)
        if (count_word(s, len, &g->ctx[CTX_PROVINCE_BODY][k])) n = PROVINCE_SELFREF_MIN;
    return n >= PROVINCE_SELFREF_MIN;
}

/* A city or county found while the text speaks as a province: the
 * division is one the provincial report names in passing (密山市被命名为
 * 示范市, 在巴中市恩阳区开展试点), and the report is about its province. */
static int speaks_for_province(const zb_gazetteer *g, const zb_region *r, const double selfref[8],
                               const zb_region_scan *ws, const char *s, size_t len) {
    return r->level != ZB_LEVEL_PROVINCE && province_voice(g, selfref, ws, s, len);
}

#define CITY_SELFREF_MIN 2 /* 全市 / 我市 said this often makes a report city-level */

/* A county found while the text speaks as a city (全市, 我市, at least
 * twice) and never as a county (no 全区/我县 of the county's own level
 * character, no county-self word), with the county's city named: the
 * county is one the city's report names as an example (以高要区为例,
 * 镇坪县法律援助中心获表彰), and the city is the report's area. A
 * county-level city (泰兴市) speaks as 全市 of itself and is kept. */
static const zb_region *speaks_for_city(const zb_gazetteer *g, const gz_scores *sc,
                                        const zb_region *r, const double selfref[8],
                                        const zb_region_scan *ws, const char *s, size_t len) {
    if (r->level != ZB_LEVEL_COUNTY) return NULL;
    int own = level_char(r->name), city = 2; /* 2: 市 */
    if (own < 0 || own == city || selfref[own] > 0 || selfref[city] < CITY_SELFREF_MIN) return NULL;
    const zb_region *p = zb_gazetteer_parent(g, r);
    if (!p || p->level != ZB_LEVEL_CITY || own_of(sc, (int32_t)(p - g->regs)) <= 0) return NULL;
    for (size_t k = 0; k < g->n_ctx[CTX_COUNTY_SELF]; k++)
        if (count_ctx(g, ws, CTX_COUNTY_SELF, k, s, len)) return NULL;
    return p;
}

#define LISTED_COUNTIES_MIN 3 /* short forms of one city's counties that name the city */

/* For a text in which no area wins: three or more counties of one city named
 * by their short forms alone (黄石港、西塞山、下陆、铁山执法大队) while the
 * text speaks as a city (我市, 全市) list that city's districts, and the
 * city is the text's area. One short form alone is too often a word. */
static const zb_region *city_of_listed(const zb_gazetteer *g, const gz_scores *sc,
                                       const double selfref[8]) {
    if (selfref[2] <= 0) return NULL; /* 2: 市 */
    const zb_region *city = NULL;
    for (size_t k = 0; k < sc->n; k++) {
        const gz_score *x = &sc->v[k];
        int32_t p = g->parent[x->region];
        if (x->own > 0 || x->alias <= 0 || p < 0 || g->regs[p].level != ZB_LEVEL_CITY ||
            city == &g->regs[p])
            continue;
        size_t n = 0;
        for (size_t j = 0; j < sc->n; j++)
            n += sc->v[j].own <= 0 && sc->v[j].alias > 0 && g->parent[sc->v[j].region] == p;
        if (n < LISTED_COUNTIES_MIN) continue;
        if (city) return NULL; /* two cities listed */
        city = &g->regs[p];
    }
    return city;
}

const char *zb_region_county_self_level(const zb_gazetteer *g, const char *s, size_t len) {
    return zb_region_county_self_level_in(g, NULL, s, len);
}

const char *zb_region_county_self_level_in(const zb_gazetteer *g, const zb_region_scan *sc,
                                           const char *s, size_t len) {
    const zb_region_scan *ws = scan_words(g, sc);
    const char *level = NULL;
    for (size_t k = 0; g && s && k < g->n_ctx[CTX_COUNTY_SELF]; k++) {
        const gz_word *w = &g->ctx[CTX_COUNTY_SELF][k];
        if (w->len < 3 || (level && !memcmp(level, w->s, 3)) ||
            !count_ctx(g, ws, CTX_COUNTY_SELF, k, s, len))
            continue;
        if (level) return NULL; /* 区委区政府 and 县委县政府: no one level */
        level = w->s;
    }
    return level;
}

size_t zb_region_zone_before(const zb_gazetteer *g, const char *s, size_t e) {
    for (size_t k = 0; g && s && k < g->n_ctx[CTX_ZONE]; k++) {
        const gz_word *w = &g->ctx[CTX_ZONE][k];
        if (w->len <= e && !memcmp(s + e - w->len, w->s, w->len)) return e - w->len;
    }
    return e;
}

/* The province r lies in (r itself when it is one). */
static const zb_region *province_of(const zb_gazetteer *g, const zb_region *r) {
    while (r && r->level != ZB_LEVEL_PROVINCE)
        r = zb_gazetteer_parent(g, r);
    return r;
}

/* The label w at s[i..) with spaces allowed between its chars (索 引 号):
 * the end of the label, or 0. */
static size_t label_at(const char *s, size_t len, size_t i, const gz_word *w) {
    for (size_t k = 0; k < w->len;) {
        size_t n = (unsigned char)w->s[k] >= 0xE0 ? 3 : 1;
        if (k && i < len && s[i] == ' ') {
            i++;
            continue;
        }
        if (k && i + 3 <= len && !memcmp(s + i, "　", 3)) {
            i += 3;
            continue;
        }
        if (i + n > len || memcmp(s + i, w->s + k, n)) return 0;
        i += n;
        k += n;
    }
    return i;
}

static int is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The division code in the number after an index label at s[i..): an
 * 18-character unified social credit code holds its registering division
 * in characters 3-8 (11500230008689607X: 500230), other index numbers
 * start with the division code (370402/2022-00029, 6207250034/2026-00051). */
static const zb_region *code_after(const zb_gazetteer *g, const char *s, size_t len, size_t i) {
    static const char *const skip[] = {" ", ":", "：", "]", "】", "|", "\t", "\n", "\r", "　", "-"};
    for (size_t n = 0, moved = 1; moved && n < 24;) {
        moved = 0;
        for (size_t k = 0; k < sizeof skip / sizeof *skip && !moved; k++)
            if (strlen(skip[k]) <= len - i && !memcmp(s + i, skip[k], strlen(skip[k]))) {
                i += strlen(skip[k]);
                n += strlen(skip[k]);
                moved = 1;
            }
    }
    size_t e = i;
    while (e < len && is_alnum(s[e]))
        e++;
    char code[7] = {0};
    size_t from = e - i == 18 ? i + 2 : i;
    /* eight or nine characters: an organisation code, whose digits are
     * no division code */
    if (e - from < 6 || e - i == 8 || e - i == 9) return NULL;
    for (int k = 0; k < 6; k++) {
        if (s[from + k] < '0' || s[from + k] > '9') return NULL;
        code[k] = s[from + k];
    }
    return zb_gazetteer_by_code(g, code);
}

#define INDEX_GROUP 4 /* index words with one first char, searched in one pass */

/* Tries the labels words[k..m) (one first char) at s[i..): each keeps its
 * first find in found[]; word k's find is returned at once. */
static const zb_region *labels_at(const zb_gazetteer *g, const char *s, size_t len, size_t i,
                                  const gz_word *words, size_t k, size_t m,
                                  const zb_region **found) {
    for (size_t j = k; j < m; j++) {
        if (found[j - k]) continue;
        size_t e = label_at(s, len, i, &words[j]);
        const zb_region *r = e ? code_after(g, s, len, e) : NULL;
        if (r && j == k) return r;
        found[j - k] = r;
    }
    return NULL;
}

/* zb_region_index_code, with the places of the labels' first chars from
 * sc (the scan of s; NULL: memchr passes over s). */
static const zb_region *index_code(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                                   size_t len) {
    const gz_word *words = g->ctx[CTX_INDEX];
    size_t n = g->n_ctx[CTX_INDEX];
    for (size_t k = 0; k < n;) {
        if (words[k].len < 3) { /* never found (as before) */
            k++;
            continue;
        }
        /* words k..m-1 share their first three bytes (索引号, 索引號): the
         * same places to try, so one pass for them all (was one each).
         * Each keeps its first find; the words' order decides, as when
         * each had a pass of its own: word k's find ends the search, a
         * later word's counts only when none before it has one. */
        size_t m = k + 1, shortest = words[k].len;
        while (m < n && m - k < INDEX_GROUP && words[m].len >= 3 &&
               !memcmp(words[m].s, words[k].s, 3)) {
            if (words[m].len < shortest) shortest = words[m].len;
            m++;
        }
        const zb_region *found[INDEX_GROUP] = {0}, *r;
        const gz_word *w = &words[k];
        if (sc) {
            /* the places the scan recorded (every one where a label may
             * start, in text order): those of this first char */
            for (size_t j = 0; j < sc->n_index; j++)
                if (!memcmp(s + sc->index[j], w->s, 3) &&
                    (r = labels_at(g, s, len, sc->index[j], words, k, m, found)))
                    return r;
        } else {
            /* memchr on the first char's last byte: its lead byte starts
             * most CJK chars (a word too long for the place is not found
             * there by label_at) */
            for (size_t i = 2; i + shortest - 2 <= len;) {
                const char *p = memchr(s + i, w->s[2], len - i);
                if (!p) break;
                i = (size_t)(p - s) - 2;
                /* the first two bytes inline: most stops are other chars */
                if (s[i] == w->s[0] && s[i + 1] == w->s[1] &&
                    (r = labels_at(g, s, len, i, words, k, m, found)))
                    return r;
                i += 3;
            }
        }
        for (size_t j = k + 1; j < m; j++)
            if (found[j - k]) return found[j - k];
        k = m;
    }
    return NULL;
}

const zb_region *zb_region_index_code(const zb_gazetteer *g, const char *s, size_t len) {
    return g && s ? index_code(g, NULL, s, len) : NULL;
}

const zb_region *zb_region_index_code_in(const zb_gazetteer *g, const zb_region_scan *sc,
                                         const char *s, size_t len) {
    if (!g || !s) return NULL;
    return index_code(g, sc && sc->exact && g->index_keyed ? sc : NULL, s, len);
}

const zb_region *zb_region_find(const zb_gazetteer *g, const char *s, size_t len,
                                const zb_region_hints *hints) {
    return zb_region_find_in(g, NULL, s, len, hints);
}

/* 中山市 is a city without counties, listed as the city and as its own
 * county under one code (嘉峪关市: under the code of its one 市辖区): the
 * region named is the city (its county row is how the table files the
 * city's towns) */
static const zb_region *as_city(const zb_gazetteer *g, const zb_region *r) {
    const zb_region *p = r ? zb_gazetteer_parent(g, r) : NULL;
    return p && (!strcmp(p->code, r->code) || !strcmp(p->name, r->name)) ? p : r;
}

/* A county-level text under a province or city it names ("县司法局…“蒙城县‘5+N’
 * 矛盾化解会商机制”…入选亳州市“十大法治事件”"): the one county of that area
 * named in full is the text's own; none or several, no region. */
static const zb_region *one_county_in(const zb_gazetteer *g, const gz_scores *sc,
                                      const zb_region *area) {
    const zb_region *one = NULL;
    for (size_t k = 0; k < sc->n; k++) {
        const zb_region *r = &g->regs[sc->v[k].region];
        if (r->level != ZB_LEVEL_COUNTY || sc->v[k].own <= 0 || !lies_in(g, r, area)) continue;
        if (one && one != r) return NULL;
        one = r;
    }
    return one;
}

const zb_region *zb_region_find_in(const zb_gazetteer *g, const zb_region_scan *hits, const char *s,
                                   size_t len, const zb_region_hints *hints) {
    if (!g || !s) return NULL;
    /* scores are kept only for the mentioned regions (parents not mentioned
     * count 0), and only those are ranked */
    gz_scores scores, *sc = &scores;
    scores_init(sc);
    size_t head = hints ? hints->head_end : 0;
    if (hints && hints->title)
        score_text(g, hints->title_scan, hints->title, hints->title_len, 0, 4.0, 1, sc);
    if (!sc->oom) score_text(g, hits && hits->exact ? hits : NULL, s, len, head, 1.0, 0, sc);
    /* the page's index number gives the division that published it */
    if (!sc->oom && hints && hints->coded) {
        gz_score *x = score_add(sc, (uint32_t)(hints->coded - g->regs));
        if (x) x->own += GZ_CODED_WEIGHT;
    }
    const zb_region *found = NULL;
    if (!sc->oom) {
        double selfref[8] = {0};
        if (hits && hits->exact) /* found by the scan */
            for (size_t k = 0; k < hits->n_self; k++)
                selfref[hits->self[k].level] += 1;
        else
            count_selfref(s, len, selfref);
        for (size_t k = 0; k < sc->n; k++)
            sc->v[k].score = total_score(g, sc, selfref, &sc->v[k]);
        found = best_region(g, sc);
        /* a zone's report speaks as 全区/我区 of the zone, not of a county
         * (武汉经开区统计局…全区): the city that holds the zone is its area */
        const gz_score *fx = found ? score_of(sc, (uint32_t)(found - g->regs)) : NULL;
        /* the context words' places the scan recorded, when it could */
        const zb_region_scan *ws = scan_words(g, hits);
        if (found && !(fx && fx->zone) && speaks_for_county(g, found, selfref, ws, s, len))
            found = one_county_in(g, sc, found);
        else if (found && speaks_for_province(g, found, selfref, ws, s, len))
            found = province_of(g, found);
        else if (found && speaks_for_city(g, sc, found, selfref, ws, s, len))
            found = speaks_for_city(g, sc, found, selfref, ws, s, len);
        if (!found && (found = city_of_listed(g, sc, selfref)) &&
            speaks_for_county(g, found, selfref, ws, s, len))
            found = NULL;
    }
    scores_free(sc);
    return as_city(g, found);
}

#define PRESS_NAME_MAX 12 /* characters of a division's name looked back for */

/* The division whose name ends right before the press word at raw[p..),
 * the longest such name, or NULL; *shared: that name is several divisions'. */
static const zb_region *named_before(const zb_gazetteer *g, const char *raw, size_t len, size_t p,
                                     int *shared) {
    for (size_t k = PRESS_NAME_MAX; k > 0; k--) {
        size_t lo, hi;
        if (3 * k > p) continue;
        size_t b = p - 3 * k;
        if (!is_cjk((const unsigned char *)raw + b) || !longest_at(g, raw, len, b, &lo, &hi) ||
            b + g->names[lo].len != p)
            continue;
        *shared = hi - lo != 1;
        return as_city(g, &g->regs[g->names[lo].region]);
    }
    return NULL;
}

/* The one division named right before a press word (莆田晚报, 《福建日报》,
 * chrome lines included: 来源:莆田晚报), or NULL: none, several, or a
 * name several divisions share. The org rule keeps a newspaper's name from
 * counting among the text's mentions (a county report may quote its
 * province's paper); a text that names no area at all was most likely
 * written for its own local paper. Not a province or city when the text
 * speaks as a county (全县, 县委县政府): that report is a county's. The
 * press words are looked for, not every name: they are rare, and the pass
 * is one memchr walk per word (no budget stop: it is linear and short
 * beside the scan of the names). */
const zb_region *zb_region_press(const zb_gazetteer *g, const char *raw, const char *s,
                                 size_t len) {
    if (!g || !raw || !s) return NULL;
    const zb_region *one = NULL;
    for (size_t k = 0; k < g->n_ctx[CTX_PRESS]; k++) {
        const gz_word *w = &g->ctx[CTX_PRESS][k];
        if (w->len < 3) continue;
        /* memchr on the word's third byte: its lead byte starts most CJK
         * chars */
        for (size_t i = 2; i + w->len - 2 <= len;) {
            const char *q = memchr(raw + i, w->s[2], len - i);
            if (!q) break;
            size_t p = (size_t)(q - raw) - 2;
            i = p + 3;
            if (p + w->len > len) break;
            if (memcmp(raw + p, w->s, w->len)) continue;
            int shared = 0;
            const zb_region *r = named_before(g, raw, len, p, &shared);
            if (!r) continue;
            if (shared || (one && one != r)) return NULL;
            one = r;
        }
    }
    double selfref[8] = {0};
    if (one) count_selfref(s, len, selfref);
    return one && !speaks_for_county(g, one, selfref, NULL, s, len) ? one : NULL;
}

#define DOCNO_PREFIX_MAX 8 /* characters of a document number's prefix (苏依法办) */

/* The start of the prefix of a document number whose year bracket opens at
 * s[b..) (苏依法办〔2019〕5号: 〔2019〕 then digits and 号): the run of Chinese
 * characters right before it, up to DOCNO_PREFIX_MAX, not preceded by
 * another one. Returns b when there is none. */
static size_t docno_prefix(const char *s, size_t len, size_t b) {
    static const char *const open[] = {"〔", "[", "［", "【", "(", "（"};
    static const char *const close[] = {"〕", "]", "］", "】", ")", "）"};
    for (size_t k = 0; k < sizeof open / sizeof *open; k++) {
        size_t o = strlen(open[k]), c = strlen(close[k]), i = b + o;
        if (b + o > len || memcmp(s + b, open[k], o)) continue;
        for (int d = 0; d < 4; d++, i++)
            if (i >= len || s[i] < '0' || s[i] > '9') return b;
        if (i + c > len || memcmp(s + i, close[k], c)) return b;
        i += c;
        if (i >= len || s[i] < '0' || s[i] > '9') return b;
        size_t p = b, n = 0;
        while (n < DOCNO_PREFIX_MAX && p >= 3 && is_cjk((const unsigned char *)s + p - 3))
            p -= 3, n++;
        if (n < 2 || (p >= 3 && is_cjk((const unsigned char *)s + p - 3))) return b;
        return p;
    }
    return b;
}

const zb_region *zb_region_docno(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                                 size_t len) {
    if (!g || !s || !g->n_ctx[CTX_ABBREV]) return NULL;
    /* most texts that reach here name no area and never speak as a
     * province: the recorded words say so before the byte loop below, which
     * cost 1.5 % of zb_extract on the fixtures when it ran first */
    const zb_region_scan *ws = scan_words(g, sc);
    if (!province_words(g, ws, s, len)) return NULL;
    const zb_region *one = NULL;
    for (size_t b = 0; b < len; b++) {
        /* the brackets' first bytes: [ ( and E3 (〔【) or EF (［（) */
        unsigned char c = (unsigned char)s[b];
        if (c != '[' && c != '(' && c != 0xE3 && c != 0xEF) continue;
        size_t p = docno_prefix(s, len, b);
        if (p == b) continue;
        for (size_t k = 0; k < g->n_ctx[CTX_ABBREV]; k++) {
            const gz_word *w = &g->ctx[CTX_ABBREV][k];
            if (memcmp(s + p, w->s, 3)) continue;
            const zb_region *r = abbrev_province(g, w);
            if (one && one != r) return NULL; /* two provinces' numbers */
            one = r;
        }
    }
    double selfref[8] = {0};
    if (one) count_selfref(s, len, selfref);
    return one && province_voice(g, selfref, ws, s, len) ? one : NULL;
}

int zb_region_names_province_self(const zb_gazetteer *g, const char *s, size_t len) {
    static const int kinds[] = {CTX_PROVINCE_SELF, CTX_PROVINCE_ALL};
    for (size_t j = 0; g && j < sizeof kinds / sizeof *kinds; j++)
        for (size_t k = 0; k < g->n_ctx[kinds[j]]; k++) {
            const gz_word *w = &g->ctx[kinds[j]][k];
            if (count_word(s, len, w)) return 1;
        }
    return 0;
}
