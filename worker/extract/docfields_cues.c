/* docfields_cues.c - loading the document-field cues (config/chrome.tsv,
 * config/regions.issuers.tsv, config/years.tsv), searching text for them,
 * and blanking page chrome. */
#include "docfields_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_cue(const void *a, const void *b) {
    const doc_cue *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return x->len > y->len ? -1 : x->len < y->len;
}

/* by_head, short_cues and iss (see zb_doc_cues): a counting sort of the
 * cues by bucket, stable, so each bucket keeps cues[] order. */
static int index_heads(zb_doc_cues *c) {
    size_t n = c->n ? c->n : 1;
    if (!(c->by_head = malloc(n * sizeof *c->by_head)) ||
        !(c->short_cues = malloc(n * sizeof *c->short_cues)) ||
        !(c->iss = malloc(n * sizeof *c->iss)))
        return -1;
    size_t nb = 0, ns = 0, ni = 0;
    for (int k = 0; k < N_CUE_KINDS; k++) {
        c->short_start[k] = (uint32_t)ns;
        for (size_t i = c->lo[k]; i < c->hi[k]; i++)
            if (c->cues[i].len < 3) c->short_cues[ns++] = (uint32_t)i;
        for (uint32_t b = 0; b < HEAD_BUCKETS; b++) {
            c->by_start[k][b] = (uint32_t)nb;
            for (size_t i = c->lo[k]; i < c->hi[k]; i++)
                if (c->cues[i].len >= 3 && head_bucket(c->cues[i].head) == b)
                    c->by_head[nb++] = (uint32_t)i;
        }
        c->by_start[k][HEAD_BUCKETS] = (uint32_t)nb;
    }
    c->short_start[N_CUE_KINDS] = (uint32_t)ns;
    for (uint32_t b = 0; b < HEAD_BUCKETS; b++) {
        c->iss_start[b] = (uint32_t)ni;
        for (int k = CUE_GOV; k <= CUE_DEPT; k++)
            for (size_t i = c->lo[k]; i < c->hi[k]; i++)
                if (head_bucket(c->cues[i].head) == b) c->iss[ni++] = (uint32_t)i;
    }
    c->iss_start[HEAD_BUCKETS] = (uint32_t)ni;
    return 0;
}

/* Groups the cues by kind and indexes the issuer endings' first characters. */
static void index_cues(zb_doc_cues *c) {
    qsort(c->cues, c->n, sizeof *c->cues, cmp_cue);
    for (int k = 0; k < N_CUE_KINDS; k++)
        c->lo[k] = c->hi[k] = 0;
    for (size_t i = c->n; i-- > 0;)
        c->lo[c->cues[i].kind] = i;
    for (size_t i = 0; i < c->n; i++)
        c->hi[c->cues[i].kind] = i + 1;
    for (size_t i = 0; i < c->n; i++) {
        const doc_cue *q = &c->cues[i];
        const unsigned char *p = (const unsigned char *)q->s;
        uint32_t cp = p[0] < 0x80 ? p[0] : q->len >= 3 && (p[0] & 0xF0) == 0xE0 ? cp3(p) : 0;
        c->first[q->kind][cp >> 3] |= (uint8_t)(1u << (cp & 7));
        if (q->len >= 6) {
            uint32_t qh = quad_hash(p + 1);
            c->quad[q->kind][qh >> 3] |= (uint8_t)(1u << (qh & 7));
            uint32_t pr = zb_pair6(p);
            c->pair[q->kind][pr >> 3] |= (uint8_t)(1u << (pr & 7));
        } else {
            c->first_short[q->kind][cp >> 3] |= (uint8_t)(1u << (cp & 7));
            if (cp >= 0x80) c->cjk_short[q->kind] = 1;
        }
        if ((q->kind == CUE_GOV || q->kind == CUE_DEPT) && q->len >= 3 && (p[0] & 0xF0) == 0xE0) {
            uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16,
                     h = first_hash(v);
            c->issuer_first[h >> 3] |= (uint8_t)(1u << (h & 7));
        }
        if ((q->kind == CUE_GOV || q->kind == CUE_DEPT) && q->len >= 6) {
            uint32_t pr = zb_pair6(p);
            c->issuer_pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        } else if (q->kind == CUE_GOV || q->kind == CUE_DEPT) {
            c->issuer_short[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        }
    }
}

static char *slurp(const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errlen, "%s: %s", path, strerror(errno)), NULL;
    char *buf = malloc(CUE_MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, CUE_MAX_FILE + 1, f) : 0;
    int bad = ferror(f) || n > CUE_MAX_FILE;
    fclose(f);
    if (!buf || bad) {
        snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory" : "unreadable or too large");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static const char *const kind_names[N_CUE_KINDS] = {"chrome",
                                                    "date",
                                                    "title",
                                                    "government",
                                                    "department",
                                                    "opener",
                                                    "superior-lead",
                                                    "superior-tail",
                                                    "range-before",
                                                    "range-after",
                                                    "point",
                                                    "start-before",
                                                    "start-after",
                                                    "compare",
                                                    "so-far",
                                                    "this-year",
                                                    "title-near",
                                                    "national",
                                                    "under",
                                                    "place-word",
                                                    "name-stop",
                                                    "all-towns",
                                                    "clock",
                                                    "when",
                                                    "self",
                                                    "self-department",
                                                    "self-government",
                                                    "self-town",
                                                    "selfref-department",
                                                    "selfref-government",
                                                    "bureau-self",
                                                    "town-end",
                                                    "level",
                                                    "level-lead",
                                                    "collective",
                                                    "title-sep",
                                                    "government-topic"};

static int kind_of(const char *s, cue_kind *k) {
    for (int i = 0; i < N_CUE_KINDS; i++)
        if (!strcmp(s, kind_names[i])) return *k = (cue_kind)i, 0;
    return -1;
}

/* Kinds that say which kind of body speaks: a word in two of one group
 * would say two things, so a list holding one is refused (0: no group). */
static int answer_group(cue_kind k) {
    if (k == CUE_SELF_DEPT || k == CUE_SELF_GOV || k == CUE_SELF_TOWN) return 1;
    return k == CUE_SELFREF_DEPT || k == CUE_SELFREF_GOV ? 2 : 0;
}

/* The first chars of the selfref words (see zb_doc_cues). */
static void selfref_triggers(zb_doc_cues *c) {
    c->n_selfref_first = 0;
    c->selfref_any = 0;
    for (int k = CUE_SELFREF_DEPT; k <= CUE_SELFREF_GOV; k++)
        for (size_t i = c->lo[k]; i < c->hi[k]; i++) {
            const unsigned char *p = (const unsigned char *)c->cues[i].s;
            if (c->cues[i].len < 3 || (p[0] & 0xF0) != 0xE0) {
                c->selfref_any = 1;
                continue;
            }
            size_t j = 0;
            while (j < c->n_selfref_first && memcmp(c->selfref_first[j], p, 3))
                j++;
            if (j < c->n_selfref_first) continue;
            if (j == SELFREF_FIRST_MAX)
                c->selfref_any = 1;
            else
                memcpy(c->selfref_first[c->n_selfref_first++], p, 3);
        }
    if (c->selfref_any) c->n_selfref_first = 0;
}

/* The cue of another kind of q's group with q's phrase, among the cues
 * read so far, or NULL. */
static const doc_cue *contradicted(const zb_doc_cues *c, const doc_cue *q) {
    int grp = answer_group(q->kind);
    for (size_t j = 0; grp && j < c->n; j++) {
        const doc_cue *o = &c->cues[j];
        if (o->kind != q->kind && answer_group(o->kind) == grp && o->len == q->len &&
            !memcmp(o->s, q->s, q->len))
            return o;
    }
    return NULL;
}

/* Parses kind<TAB>phrase lines of text into c->cues. */
static int parse_cues(zb_doc_cues *c, char *text, const char *file, char *err, size_t errlen) {
    char *line = text;
    for (size_t ln = 1; line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            char *tab = strchr(line, '\t');
            doc_cue *q = &c->cues[c->n];
            if (tab) *tab = '\0';
            if (!tab || !tab[1] || kind_of(line, &q->kind))
                return snprintf(err, errlen, "%s:%zu: expected kind<TAB>phrase", file, ln), -1;
            q->s = tab + 1;
            q->len = strlen(q->s);
            /* town_tail and level_char_at test a cue by its code point alone */
            const unsigned char *u = (const unsigned char *)q->s;
            if ((q->kind == CUE_TOWN_END || q->kind == CUE_LEVEL) &&
                (q->len != 3 || (u[0] & 0xF0) != 0xE0))
                return snprintf(err, errlen, "%s:%zu: %s %s is not one Chinese character", file, ln,
                                kind_names[q->kind], q->s),
                       -1;
            /* a separator of spaces alone would cut titles at every
             * space (and an editor may drop it unseen) */
            if (q->kind == CUE_TITLE_SEP && strspn(q->s, " ") == q->len)
                return snprintf(err, errlen, "%s:%zu: title-sep is only spaces", file, ln), -1;
            const doc_cue *o = contradicted(c, q);
            if (o)
                return snprintf(err, errlen, "%s:%zu: %s is both %s and %s", file, ln, q->s,
                                kind_names[o->kind], kind_names[q->kind]),
                       -1;
            q->head = head3(q->s, q->len);
            size_t np = q->len < 8 ? q->len : 8;
            q->pre = 0;
            memcpy(&q->pre, q->s, np);
            unsigned char m[8] = {0}; /* the mask in memory order, as the bytes */
            memset(m, 0xFF, np);
            memcpy(&q->pre_mask, m, 8);
            c->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static size_t count_lines(const char *t) {
    size_t n = 1;
    for (; *t; t++)
        n += *t == '\n';
    return n;
}

zb_doc_cues *zb_doc_cues_load(const char *config_dir, char *err, size_t errlen) {
    static const char *const files[N_CUE_FILES] = {"chrome.tsv", "regions.issuers.tsv",
                                                   "years.tsv"};
    char path[4096];
    zb_doc_cues *c = calloc(1, sizeof *c);
    if (!c) return snprintf(err, errlen, "doc cues: out of memory"), NULL;
    size_t lines = 0;
    for (int i = 0; i < N_CUE_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", config_dir, files[i]);
        if (!(c->text[i] = slurp(path, err, errlen))) goto fail;
        lines += count_lines(c->text[i]);
    }
    c->cues = calloc(lines, sizeof *c->cues);
    if (!c->cues) {
        snprintf(err, errlen, "doc cues: out of memory");
        goto fail;
    }
    for (int i = 0; i < N_CUE_FILES; i++)
        if (parse_cues(c, c->text[i], files[i], err, errlen)) goto fail;
    index_cues(c);
    selfref_triggers(c);
    if (index_heads(c)) {
        snprintf(err, errlen, "doc cues: out of memory");
        goto fail;
    }
    return c;
fail:
    zb_doc_cues_free(c);
    return NULL;
}

int zb_doc_cues_link(zb_doc_cues *c, zb_gazetteer *g, char *err, size_t errlen) {
    if (!c || !g) return 0;
    size_t n = 0, lo = c->lo[CUE_CHROME], hi = c->hi[CUE_CHROME];
    const char **s = malloc((hi - lo + 1) * sizeof *s);
    size_t *len = malloc((hi - lo + 1) * sizeof *len);
    if (!s || !len) {
        free(s);
        free(len);
        return snprintf(err, errlen, "doc cues: out of memory"), -1;
    }
    c->n_chrome_ascii = 0;
    for (size_t i = lo; i < hi; i++) {
        const doc_cue *q = &c->cues[i];
        unsigned char b = (unsigned char)q->s[0];
        if (b < 0x80) {
            if (!memchr(c->chrome_ascii, b, c->n_chrome_ascii))
                c->chrome_ascii[c->n_chrome_ascii++] = (char)b;
        } else {
            s[n] = q->s, len[n++] = q->len;
        }
    }
    /* a cue the marks cannot hold (under six bytes, or not starting with a
     * 3-byte char): no link, chrome lines are searched as before */
    if (!zb_gazetteer_set_marks(g, c, s, len, n)) c->linked = g;
    free(s);
    free(len);
    return 0;
}

void zb_doc_cues_free(zb_doc_cues *c) {
    if (!c) return;
    for (int i = 0; i < N_CUE_FILES; i++)
        free(c->text[i]);
    free(c->cues);
    free(c->by_head);
    free(c->short_cues);
    free(c->iss);
    free(c);
}

/* First occurrence of p in s[0..len). Haystacks are mostly short lines, where
 * memmem's setup costs more than the search: this jumps with memchr on the
 * needle's last byte (the most varied byte of a UTF-8 character). */
const char *df_find(const char *s, size_t len, const char *p, size_t plen) {
    if (plen == 0 || plen > len) return NULL;
    const char last = p[plen - 1];
    for (const char *q = s + plen - 1, *end = s + len; q < end; q++) {
        q = memchr(q, last, (size_t)(end - q));
        if (!q) return NULL;
        if (!memcmp(q - (plen - 1), p, plen - 1)) return q - (plen - 1);
    }
    return NULL;
}

/* Whether a cue of kind k starts at s[i] (len - i bytes left): the cues
 * of the bucket of the three bytes there, and the short ones. */
static int cue_at(const zb_doc_cues *c, cue_kind k, const unsigned char *p, size_t left) {
    uint32_t h = head3((const char *)p, left), b = head_bucket(h);
    for (size_t j = c->by_start[k][b]; j < c->by_start[k][b + 1]; j++) {
        const doc_cue *q = &c->cues[c->by_head[j]];
        if (q->head == h && q->len <= left && !memcmp(p, q->s, q->len)) return 1;
    }
    for (size_t j = c->short_start[k]; j < c->short_start[k + 1]; j++) {
        const doc_cue *q = &c->cues[c->short_cues[j]];
        if (q->head == head3((const char *)p, q->len) && q->len <= left && !memcmp(p, q->s, q->len))
            return 1;
    }
    return 0;
}

/* df_has_cue for a kind whose short cues all start with an ASCII char (the
 * most): every byte tested, without branching on the chars' lengths (text
 * mixes ASCII and CJK at random). A cue starts at an ASCII byte or at the
 * lead byte of a 3-byte char, never inside one. */
static int has_cue_bytes(const zb_doc_cues *c, cue_kind k, const unsigned char *s, size_t len) {
    const uint8_t *quad = c->quad[k], *first_short = c->first_short[k];
    size_t i = 0;
    for (; i + 6 <= len; i++) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* runs of whole 3-byte chars (no cue starts on their continuation
         * bytes) whose hash misses: one test of the char's bytes each */
        for (uint32_t v; i + 6 <= len; i += 3) {
            memcpy(&v, s + i, 4);
            if ((v & 0xC0C0F0) != 0x8080E0) break;
            uint32_t qh = quad_hash(s + i + 1);
            if ((quad[qh >> 3] >> (qh & 7)) & 1) break;
        }
        if (i + 6 > len) break;
#endif
        /* a cue of six bytes or more by the hash of its bytes 1..4 (a small
         * table, one 32-bit product); a shorter one by its first byte (an
         * ASCII one: the bits of bytes 0x80..0xFF are clear for this kind) */
        uint32_t qh = quad_hash(s + i + 1);
        unsigned b = s[i];
        unsigned hit = (quad[qh >> 3] >> (qh & 7)) | (first_short[b >> 3] >> (b & 7));
        if ((hit & 1) && (b < 0x80 || (b & 0xF0) == 0xE0) && cue_at(c, k, s + i, len - i)) return 1;
    }
    /* the last five bytes: only short cues fit */
    for (; i < len; i++)
        if (s[i] < 0x80 && (first_short[s[i] >> 3] >> (s[i] & 7) & 1) &&
            cue_at(c, k, s + i, len - i))
            return 1;
    return 0;
}

/* Whether s[0..len) contains a cue of kind k: one pass over the characters,
 * comparing cues only where one of them can start. */
int df_has_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t len) {
    if (!c->cjk_short[k]) return has_cue_bytes(c, k, (const unsigned char *)s, len);
    const uint8_t *pair = c->pair[k], *first_short = c->first_short[k];
    for (size_t i = 0, step; i < len; i += step) {
        const unsigned char *p = (const unsigned char *)s + i;
        uint32_t cp;
        step = 1;
        if (p[0] < 0x80) {
            cp = p[0];
        } else if ((p[0] & 0xF0) == 0xE0 && len - i >= 3) {
            cp = cp3(p);
            /* no cue starts on the continuation bytes of a whole char */
            if ((p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) step = 3;
        } else {
            continue;
        }
        /* a short cue's first char, or the first two chars of a longer one,
         * hashed: both sets are sparse, so these branches are rarely taken
         * and well predicted (a test of the first char alone passes common
         * chars at random) */
        if (!(first_short[cp >> 3] & (1u << (cp & 7)))) {
            if (len - i < 6) continue;
            uint32_t pr = zb_pair6(p);
            if (!(pair[pr >> 3] & (1u << (pr & 7)))) continue;
        }
        if (cue_at(c, k, p, len - i)) return 1;
    }
    return 0;
}

int df_starts_with_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t n) {
    /* the cues of three bytes or more in the bucket of s's first three,
     * then the shorter ones (was: every cue of the kind, 88,000 memcmp
     * calls on the bench corpus for the openers alone) */
    if (n >= 3) {
        uint32_t h = head3(s, 3), b = head_bucket(h);
        for (size_t j = c->by_start[k][b]; j < c->by_start[k][b + 1]; j++) {
            const doc_cue *q = &c->cues[c->by_head[j]];
            if (q->head == h && q->len <= n && !memcmp(s, q->s, q->len)) return 1;
        }
    }
    for (size_t j = c->short_start[k]; j < c->short_start[k + 1]; j++) {
        const doc_cue *q = &c->cues[c->short_cues[j]];
        if (q->len <= n && !memcmp(s, q->s, q->len)) return 1;
    }
    return 0;
}

const doc_cue *df_cue_starting_at(const zb_doc_cues *c, cue_kind k, const char *s, size_t n) {
    /* a kind's cues are longest first, and so is each bucket: the first
     * match of three bytes or more is the longest, the shorter ones come
     * after */
    if (n >= 3) {
        uint32_t h = head3(s, 3), b = head_bucket(h);
        for (size_t j = c->by_start[k][b]; j < c->by_start[k][b + 1]; j++) {
            const doc_cue *q = &c->cues[c->by_head[j]];
            if (q->head == h && q->len <= n && !memcmp(s, q->s, q->len)) return q;
        }
    }
    for (size_t j = c->short_start[k]; j < c->short_start[k + 1]; j++) {
        const doc_cue *q = &c->cues[c->short_cues[j]];
        if (q->len <= n && !memcmp(s, q->s, q->len)) return q;
    }
    return NULL;
}

int df_ends_with_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t end) {
    /* the last byte first: it differs for most cues, and no call */
    for (size_t j = c->lo[k]; j < c->hi[k]; j++) {
        const doc_cue *q = &c->cues[j];
        if (q->len <= end && q->s[q->len - 1] == s[end - 1] &&
            !memcmp(s + end - q->len, q->s, q->len))
            return 1;
    }
    return 0;
}

int df_is_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t n) {
    for (size_t j = c->lo[k]; j < c->hi[k]; j++)
        if (c->cues[j].len == n && !memcmp(s, c->cues[j].s, n)) return 1;
    return 0;
}

int df_is_chrome_line(const zb_doc_cues *c, const char *s, size_t len) {
    return len < CHROME_LINE_MAX && df_has_cue(c, CUE_CHROME, s, len);
}

/* A short line s[i..e) that is mostly a list of place names (a site's menu
 * of its districts: "上城区 | 拱墅区 | 西湖区 | 滨江区"); hits: the scan of s,
 * *k its first hit ending after i, or after an earlier line's start (the
 * lines are tried in order: a cursor, not a search per line). */
static int is_place_menu(const zb_gazetteer *g, const zb_region_scan *hits, size_t *k,
                         const char *s, size_t i, size_t e) {
    if (hits && hits->exact) { /* names start at distinct places: three are needed */
        while (*k < hits->n && hits->v[*k].end <= i)
            (*k)++;
        size_t j = *k, n = 0;
        for (; j < hits->n && hits->v[j].start < e && n < 3; j++)
            n++;
        if (n < 3) return 0;
    }
    zb_region_mention m[64];
    /* names written one right after another (新疆维吾尔自治区克孜勒苏柯尔克孜自治州
     * 阿图什市) are one full name, a title's subject, not a menu's items; a
     * name inside the one before it is no new text */
    size_t nm = zb_region_mentions_in(g, hits, s, i, e, m, 64), named = 0, distinct = 0,
           last_end = 0;
    for (size_t j = 0; j < nm; j++) {
        if (j && m[j].start < last_end) continue;
        named += m[j].end - m[j].start;
        distinct += !j || m[j].start != last_end;
        last_end = m[j].end;
    }
    if (distinct < 3) return 0;
    size_t text = 0;
    for (size_t j = i; j < e; j++)
        text += s[j] != ' ' && s[j] != '|' && s[j] != '\t';
    return named * 10 >= text * 6;
}

/* Whether a chrome cue starting with an ASCII char (>, ICP备) is in the
 * line s[i..e) of s[0..len): the places of their first bytes, each tried.
 * next[k]: where the k-th byte is next found at or after an earlier line's
 * start (len: nowhere), so that the page is searched for each byte once
 * over, not once per line. */
static int ascii_chrome_in(const zb_doc_cues *c, const char *s, size_t len, size_t i, size_t e,
                           size_t *next) {
    for (size_t k = 0; k < c->n_chrome_ascii; k++) {
        if (next[k] < i) {
            const char *p = memchr(s + i, c->chrome_ascii[k], len - i);
            next[k] = p ? (size_t)(p - s) : len;
        }
        for (size_t q = next[k]; q < e;) {
            if (cue_at(c, CUE_CHROME, (const unsigned char *)s + q, e - q)) return 1;
            const char *p = memchr(s + q + 1, c->chrome_ascii[k], len - q - 1);
            next[k] = q = p ? (size_t)(p - s) : len;
        }
    }
    return 0;
}

/* df_is_chrome_line for the line s[i..e) of a text whose scan hits recorded
 * where the chrome cues starting with a CJK char start (marks, from *k on:
 * moved past the line). A cue holds no line break, so one starting in the
 * line ends in it: the line holds one of them when a mark lies in it. */
static int chrome_line_marked(const zb_doc_cues *c, const zb_region_scan *hits, size_t *k,
                              const char *s, size_t len, size_t i, size_t e, size_t *next) {
    while (*k < hits->n_mark && hits->mark[*k] < i)
        (*k)++;
    if (e - i >= CHROME_LINE_MAX) return 0;
    return (*k < hits->n_mark && hits->mark[*k] < e) || ascii_chrome_in(c, s, len, i, e, next);
}

/* A copy of s with chrome lines blanked (same length, so offsets hold).
 * hits: the scan of s, made the scan of the copy (NULL: none). */
char *df_strip_chrome(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                      zb_region_scan *hits) {
    char *t = malloc(len + 1);
    if (!t) return NULL;
    memcpy(t, s, len);
    t[len] = '\0';
    int dropped = 0;
    /* the scan found the chrome cues when it was linked to them and read
     * every char (exact) */
    int marked = g && hits && hits->exact && c->linked == g && zb_gazetteer_marks_owner(g) == c;
    size_t k = 0, kh = 0, next[sizeof c->chrome_ascii];
    for (size_t j = 0; marked && j < c->n_chrome_ascii; j++) {
        const char *p = memchr(s, c->chrome_ascii[j], len);
        next[j] = p ? (size_t)(p - s) : len;
    }
    for (size_t i = 0; i < len;) {
        size_t e = line_end(s, len, i);
        if ((marked ? chrome_line_marked(c, hits, &k, s, len, i, e, next)
                    : df_is_chrome_line(c, s + i, e - i)) ||
            (g && e - i < CHROME_LINE_MAX && is_place_menu(g, hits, &kh, s, i, e))) {
            memset(t + i, ' ', e - i);
            if (hits) zb_region_scan_blank(hits, i, e), dropped = 1;
        }
        i = e + 1;
    }
    if (dropped) zb_region_scan_compact(hits);
    return t;
}

/* Trims spaces, table pipes and ideographic spaces at both ends. */
void df_trim(const char **s, size_t *len) {
    for (;;) {
        /* eight spaces at a time: chrome lines blanked by df_strip_chrome
         * are all spaces, up to CHROME_LINE_MAX of them */
        for (uint64_t x; *len >= 8 && (memcpy(&x, *s, 8), x == 0x2020202020202020ull);)
            *s += 8, *len -= 8;
        if (*len && (**s == ' ' || **s == '|' || **s == '\t' || **s == '\r')) {
            (*s)++, (*len)--;
        } else if (starts(*s, *len, "\xe3\x80\x80")) {
            *s += 3, *len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        char e = *len ? (*s)[*len - 1] : 0;
        if (e == ' ' || e == '|' || e == '\t' || e == '\r')
            (*len)--;
        else if (*len >= 3 && !memcmp(*s + *len - 3, "\xe3\x80\x80", 3))
            *len -= 3;
        else
            break;
    }
}

char *df_dupn(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int df_set_str(char **dst, char *v) {
    if (!v) return -1;
    free(*dst);
    *dst = v;
    return 0;
}
