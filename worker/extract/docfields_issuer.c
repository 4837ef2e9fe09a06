/* docfields_issuer.c - who issued a report (北碚区司法局: department;
 * 天桥区人民政府: government), from the title, the opening sentences or the
 * signature. */
#include "docfields_internal.h"

#include <stdio.h>
#include <stdlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A level cue (区 县 市 省 州 旗 盟: one char each, checked at load) at
 * s[i]: the bit of its code point. */
static int level_char_at(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (len - i < 3 || (p[0] & 0xF0) != 0xE0) return 0;
    uint32_t cp = cp3(p);
    return (c->first[CUE_LEVEL][cp >> 3] >> (cp & 7)) & 1;
}

/* The level character at s[i] ends an ordinary word (a place-word cue:
 * 社区, 园区, 城市…), not a bare self-reference (区司法局). 地区 is one
 * (地区司法局 in a prefecture's report). */
static int in_word(const zb_doc_cues *c, const char *s, size_t i) {
    return df_ends_with_cue(c, CUE_PLACE, s, i + 3);
}

/* The first of , ; : a line end or a 。 at or after e, else len. Sixteen
 * bytes a test: a clause runs on for a hundred bytes or so, and the
 * byte-at-a-time loop was most of in_leadership_clause's cost. */
size_t df_clause_end(const char *s, size_t len, size_t e) {
    if (e >= len) return len;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), semi = _mm_set1_epi8(';'), colon = _mm_set1_epi8(':'),
                  nl = _mm_set1_epi8('\n'),
                  e3 = _mm_set1_epi8((char)0xE3); /* the lead byte of 。 */
    for (; len - e >= 16; e += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + e));
        __m128i any = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, semi)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, colon), _mm_cmpeq_epi8(x, nl))),
            _mm_cmpeq_epi8(x, e3));
        for (unsigned m = (unsigned)_mm_movemask_epi8(any); m; m &= m - 1) {
            size_t k = e + (size_t)__builtin_ctz(m);
            if (s[k] != (char)0xE3 || starts(s + k, len - k, "。")) return k;
        }
    }
#endif
    while (e < len && s[e] != ',' && s[e] != ';' && s[e] != ':' && s[e] != '\n' &&
           !starts(s + e, len - e, "。"))
        e++;
    return e;
}

/* Just after the last of , ; : a line end or a 。 before b, else 0 (the
 * same test as df_clause_end, backwards). */
static size_t clause_start(const char *s, size_t b) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), semi = _mm_set1_epi8(';'), colon = _mm_set1_epi8(':'),
                  nl = _mm_set1_epi8('\n'),
                  x82 = _mm_set1_epi8((char)0x82); /* the last byte of 。 */
    for (; b >= 16; b -= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + b - 16));
        __m128i any = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, semi)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, colon), _mm_cmpeq_epi8(x, nl))),
            _mm_cmpeq_epi8(x, x82));
        for (unsigned m = (unsigned)_mm_movemask_epi8(any); m;) {
            unsigned hi = 31u - (unsigned)__builtin_clz(m);
            size_t k = b - 16 + hi;
            if (s[k] != (char)0x82 || (k >= 2 && !memcmp(s + k - 2, "。", 3))) return k + 1;
            m &= ~(1u << hi);
        }
    }
#endif
    while (b > 0 && s[b - 1] != ',' && s[b - 1] != ';' && s[b - 1] != ':' && s[b - 1] != '\n' &&
           !(b >= 3 && !memcmp(s + b - 3, "。", 3)))
        b--;
    return b;
}

/* Position i lies inside 在…领导下 (or another under cue: 指导下, 支持下…) within one clause
 * (between , 。 ; : and line ends): the body named there leads the issuer, it
 * is not the issuer ("城关镇人民政府在县委、县政府的领导下": only 县委 is).
 * So does a body between a superior-lead cue and a superior-tail cue
 * (按照区委部署, 落实市委…要求, 围绕省委…部署). */
static int in_leadership_clause(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    /* the clause: back to the last , ; : or line end, or the end of a 。
     * (E3 80 82), forward to the next of them or the start of a 。 */
    size_t b = clause_start(s, i), e = df_clause_end(s, len, i);
    /* the tail may also come first: 紧扣市委…要求及区委…主线 */
    if (df_has_cue(c, CUE_SUP_LEAD, s + b, i - b) && df_has_cue(c, CUE_SUP_TAIL, s + b, e - b))
        return 1;
    if (!df_find(s + b, i - b, "在", 3)) return 0;
    /* a few cues, each searched for on its own (df_find's fast scan):
     * df_has_cue passed a clause's places to its compare 1.2 M times
     * more on the bench corpus */
    for (size_t k = c->lo[CUE_UNDER]; k < c->hi[CUE_UNDER]; k++)
        if (df_find(s + i, e - i, c->cues[k].s, c->cues[k].len)) return 1;
    return 0;
}

typedef struct {
    size_t start, end; /* the issuer's name in the text searched */
    zb_issuer_kind kind;
    int bare; /* starts with a bare level character: 区司法局 */
} issuer_hit;

/* Start of the region names directly before position p (柳州市柳南区 before
 * 委员会), or p when there are none. */
static size_t region_chain_start(const zb_region_mention *m, size_t nm, size_t p) {
    for (int moved = 1; moved;) {
        moved = 0;
        for (size_t k = 0; k < nm; k++)
            if (m[k].end == p && m[k].start < p) {
                p = m[k].start;
                moved = 1;
                break;
            }
    }
    return p;
}

/* Start of a town's name ending at p (the 镇 or 乡 at p): up to four CJK
 * characters back, stopping at punctuation, at words that cannot be part
 * of a name (name-stop cues: 在, 和, 全...) and at the end of a division's name, which is then
 * kept with the town (遂溪县河头镇: the county's name is not cut in two).
 * p itself when there is none. */
static size_t town_name_start(const zb_doc_cues *c, const char *s, size_t p,
                              const zb_region_mention *m, size_t nm) {
    size_t b = p;
    for (int k = 0; k < 4 && b >= 3; k++) {
        if (b < p && region_chain_start(m, nm, b) < b) return region_chain_start(m, nm, b);
        unsigned char lead = (unsigned char)s[b - 3];
        if (lead < 0xE4 || lead > 0xE9) break; /* not a CJK ideograph */
        int stopped = df_ends_with_cue(c, CUE_NAME_STOP, s, b);
        /* 中共大马营镇委员会: the party's name is no part of the town's */
        if (stopped || (b >= 6 && !memcmp(s + b - 6, "中共", 6))) break;
        b -= 3;
    }
    return b;
}

/* Whether an issuer ending may start at s[i]: the filters of
 * df_issuer_ending, inline where every byte of a text is tried. */
static inline int may_end_at(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (len - i < 3 || (p[0] & 0xF0) != 0xE0) return 0;
    /* an ending of one char by its code point, a longer one by its first
     * two chars hashed: sparse sets, so the branch is well predicted */
    uint32_t cp = cp3(p);
    if (!(c->issuer_short[cp >> 3] & (1u << (cp & 7)))) {
        if (len - i < 6) return 0;
        uint32_t pr = zb_pair6(p);
        if (!(c->issuer_pair[pr >> 3] & (1u << (pr & 7)))) return 0;
    }
    return 1;
}

/* The longest issuer ending that starts at i, or NULL. */
const doc_cue *df_issuer_ending(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    if (!may_end_at(c, s, len, i)) return NULL;
    const unsigned char *p = (const unsigned char *)s + i;
    const doc_cue *best = NULL;
    uint32_t h = head3((const char *)p, 3), b = head_bucket(h);
    /* the endings whose head can be h, government first, longest first
     * within a kind: the first match of a kind is its longest. With eight
     * bytes left, their first eight bytes are compared at once (the
     * endings of one first char mostly differ there), the rest by memcmp. */
    uint64_t x = 0;
    int wide = len - i >= 8;
    if (wide) memcpy(&x, p, 8);
    for (size_t j = c->iss_start[b]; j < c->iss_start[b + 1]; j++) {
        const doc_cue *q = &c->cues[c->iss[j]];
        if (best && q->kind == best->kind) continue;
        if (q->head != h || (best && q->len <= best->len) || q->len > len - i) continue;
        if (wide ? (x & q->pre_mask) == q->pre &&
                       (q->len <= 8 || !memcmp(p + 8, q->s + 8, q->len - 8))
                 : !memcmp(p, q->s, q->len))
            best = q;
    }
    return best;
}

/* Whether a region name ending at p names reg (with several divisions of
 * that name, any of them). */
static int names_region(const zb_region_mention *m, size_t nm, size_t p, const zb_region *reg) {
    for (size_t k = 0; k < nm; k++)
        if (m[k].end == p && m[k].region == reg) return 1;
    return 0;
}

/* A division named in s[b..e) is neither reg nor one it lies in or that
 * lies in it: the name belongs to another area. */
static int names_other(const zb_gazetteer *g, const zb_region_mention *m, size_t nm, size_t b,
                       size_t e, const zb_region *reg) {
    for (size_t k = 0; k < nm; k++) {
        if (m[k].start < b || m[k].end > e) continue;
        const zb_region *r = m[k].region, *p;
        for (p = r; p && p != reg; p = zb_gazetteer_parent(g, p))
            ;
        if (p) continue; /* r lies in reg */
        for (p = reg; p && p != r; p = zb_gazetteer_parent(g, p))
            ;
        if (!p) return 1;
    }
    return 0;
}

/* The level character of a bare issuer (区司法局) is the region's own: 市委
 * in a district's report is the city's committee, not the issuer. */
static int same_level_char(const char *s, size_t b, const zb_region *reg) {
    size_t n = strlen(reg->name);
    return n >= 3 && !memcmp(reg->name + n - 3, s + b, 3);
}

/* Position i lies on an addressee line listing many recipients
 * (各开发区管委会,各区县(市)人民政府,市人民政府各部门:): a line starting
 * with 各 and ending with a colon names who the report goes to. */
static int on_addressee_line(const char *s, size_t len, size_t i) {
    size_t b = line_start(s, i), e = line_end(s, len, i);
    while (e > b && s[e - 1] == ' ')
        e--;
    return starts(s + b, e - b, "各") && e > b && s[e - 1] == ':';
}

#define SIGNATURE_LINES 6  /* the last lines looked at for a signature */
#define SALUTATION_MAX 120 /* bytes: 市委、市政府: / 区委全面依法治区委员会: */

/* The line starting at b is a salutation: short, no sentence, ending with a
 * colon (市委、市政府:). */
static int salutation_line(const char *s, size_t len, size_t b) {
    size_t e = line_end(s, len, b);
    while (e > b && s[e - 1] == ' ')
        e--;
    return e > b && e - b <= SALUTATION_MAX && s[e - 1] == ':' && !df_find(s + b, e - b, "。", 3);
}

/* First issuer named in s[0..len): a region name or level character followed
 * by an issuer ending, outside 在…领导下 clauses. */
/* The text an issuer is looked for in: s[0..len) is base + from (hits:
 * the scan of base, or NULL). */
typedef struct {
    const char *base;
    size_t from;
    const zb_region_scan *hits;
} in_text;

static int find_issuer(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                       const in_text *in, const zb_region *reg, issuer_hit *hit) {
    zb_region_mention m[MAX_MENTIONS];
    size_t nm = 0;
    int scanned = 0; /* the mentions are looked up at the first ending: most
                        lines searched have none */
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 3; i < len; i++) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* runs of whole 3-byte chars where no ending starts: one 32-bit
         * test of the char's bytes and the filters of may_end_at each
         * (the filters read six bytes: to the end of a line but its last
         * char, which the byte loop below tries) */
        while (len - i >= 6) {
            uint32_t v;
            memcpy(&v, u + i, 4);
            if (!(v & 0x80)) { /* no ending starts with an ASCII char */
                i++;
                continue;
            }
            if ((v & 0xC0C0F0) != 0x8080E0) break;
            /* the char starts no ending (most chars: a hash of its bytes
             * and a bit), else the filters of may_end_at */
            uint32_t h = first_hash(v);
            if ((c->issuer_first[h >> 3] >> (h & 7)) & 1) {
                uint32_t cp = cp3(u + i), pr = zb_pair6(u + i);
                if ((c->issuer_short[cp >> 3] >> (cp & 7) | c->issuer_pair[pr >> 3] >> (pr & 7)) &
                    1)
                    break;
            }
            i += 3;
        }
        if (i >= len) break;
#endif
        if (!may_end_at(c, s, len, i)) continue;
        const doc_cue *q = df_issuer_ending(c, s, len, i);
        if (!q) continue;
        if (!scanned) {
            nm = !g   ? 0
                 : in ? zb_region_mentions_in(g, in->hits, in->base, in->from, in->from + len, m,
                                              MAX_MENTIONS)
                      : zb_region_mentions(g, s, len, m, MAX_MENTIONS);
            scanned = 1;
        }
        size_t b = region_chain_start(m, nm, i);
        int bare = 0;
        /* an issuer named with another region (贵州省委 in 黔东南州's report)
         * is a superior or a neighbour, not the author */
        if (b < i && reg && !names_region(m, nm, i, reg)) continue;
        /* Beijing's area offices (南磨房地区办事处) are named like towns */
        if (b == i && i >= 6 && starts(s + i - 6, 6, "地区") && starts(s + i, len - i, "办事处") &&
            town_name_start(c, s, i - 6, m, nm) < i - 6)
            b = town_name_start(c, s, i - 6, m, nm);
        /* a development zone's department (武汉经开区统计局): the zone's name
         * is up to four chars and the divisions before its zone word; one
         * naming another area than the report's is a neighbour's */
        size_t z = b == i ? zb_region_zone_before(g, s, i) : i;
        if (z < i) {
            size_t zb = town_name_start(c, s, z, m, nm);
            if (zb < z && (!reg || !names_other(g, m, nm, zb, z, reg))) b = zb;
        }
        if (b == i && level_char_at(c, s, len, i - 3) && !in_word(c, s, i - 3)) {
            b = i - 3;
            bare = 1;
            if (reg && !same_level_char(s, b, reg)) continue;
            /* 全区政府 / 各县公安局 / 我县政府: a collective or a
             * self-reference, no issuer's name (level-lead cues) */
            if (df_ends_with_cue(c, CUE_LEVEL_LEAD, s, b)) continue;
        }
        /* towns and subdistricts are not in the gazetteer: 城关镇人民政府, 东城街道办事处 */
        if (b == i && (starts(s + i - 3, 3, "镇") || starts(s + i - 3, 3, "乡")) &&
            town_name_start(c, s, i - 3, m, nm) < i - 3)
            b = town_name_start(c, s, i - 3, m, nm);
        if (b == i && starts(s + i, len - i, "街道")) b = town_name_start(c, s, i, m, nm);
        if (b == i || in_leadership_clause(c, s, len, i) || on_addressee_line(s, len, i)) continue;
        /* 区政府: at a line start addresses the report to a superior, and
         * so does a short line of bodies ending with a colon (市委、市政府:) */
        if ((b == 0 || s[b - 1] == '\n') &&
            ((i + q->len < len && s[i + q->len] == ':') || salutation_line(s, len, b)))
            continue;
        /* collectives: 市政府部门 (the departments: a collective cue
         * after the ending), 乡镇人民政府 (all towns: an all-towns cue) */
        if (df_cue_starting(c, CUE_COLLECTIVE, s + i + q->len, len - i - q->len) ||
            df_is_cue(c, CUE_ALL_TOWNS, s + b, i - b))
            continue;
        /* the agent of a passive (分局被省自然资源厅评为…) honours or
         * directs the issuer; it is another body */
        if (b >= 3 && starts(s + b - 3, 3, "被")) continue;
        if (b >= 6 && starts(s + b - 6, 6, "中共")) b -= 6;
        *hit = (issuer_hit){b, i + q->len,
                            q->kind == CUE_GOV ? ZB_ISSUER_GOVERNMENT : ZB_ISSUER_DEPARTMENT, bare};
        return 0;
    }
    return -1;
}

/* Bytes of the first n sentences of s (up to 。 or a line end), at most
 * OPENING_SPAN: the issuer names itself there (2021年,区司法局坚持...). */
static size_t first_sentences(const char *s, size_t len, int n) {
    size_t max = len < OPENING_SPAN ? len : OPENING_SPAN;
    const char *nl = memchr(s, '\n', max);
    size_t lim = nl ? (size_t)(nl - s) : max; /* the line's end, or max */
    /* the n-th 。 starting before it (it may end after max) */
    for (size_t from = 0;;) {
        const char *p = df_find(s + from, len - from, "。", 3);
        if (!p || (size_t)(p - s) >= lim) return lim;
        if (--n == 0) return (size_t)(p - s);
        from = (size_t)(p - s) + 3;
    }
}

/* Whether the cue q starts at p (left bytes to the text's end): with
 * eight bytes left, its first eight bytes at once (the shipped words are
 * six), no call. */
static inline int selfref_is(const doc_cue *q, const char *p, size_t left) {
    if (q->len > left) return 0;
    if (left < 8) return !memcmp(p, q->s, q->len);
    uint64_t x;
    memcpy(&x, p, 8);
    return (x & q->pre_mask) == q->pre && (q->len <= 8 || !memcmp(p + 8, q->s + 8, q->len - 8));
}

/* At p (left bytes to the text's end): 1 when a selfref-department word
 * starts there; else *gov_seen set when a selfref-government word does. */
static int selfref_word(const zb_doc_cues *c, const char *p, size_t left, int *gov_seen) {
    for (size_t k = c->lo[CUE_SELFREF_DEPT]; k < c->hi[CUE_SELFREF_DEPT]; k++)
        if (selfref_is(&c->cues[k], p, left)) return 1;
    for (size_t k = c->lo[CUE_SELFREF_GOV]; k < c->hi[CUE_SELFREF_GOV] && !*gov_seen; k++)
        *gov_seen = selfref_is(&c->cues[k], p, left);
    return 0;
}

/* Whether one of the selfref words' first chars (found at load) starts at
 * p (three bytes there). */
static int selfref_first_at(const zb_doc_cues *c, const char *p) {
    for (size_t k = 0; k < c->n_selfref_first; k++)
        if (!memcmp(p, c->selfref_first[k], 3)) return 1;
    return 0;
}

#if defined(__SSE2__)
/* Bit k: one of the selfref words' first chars (我, 本, 全 with the
 * shipped words) starts at p[k] (k < 16; reads p[0..18)). */
static unsigned selfref_places(const zb_doc_cues *c, const char *p) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)p),
            x1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2)), any = _mm_setzero_si128();
    for (size_t k = 0; k < c->n_selfref_first; k++) {
        const char *f = c->selfref_first[k];
        any =
            _mm_or_si128(any, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8(f[0])),
                                                          _mm_cmpeq_epi8(x1, _mm_set1_epi8(f[1]))),
                                            _mm_cmpeq_epi8(x2, _mm_set1_epi8(f[2]))));
    }
    return (unsigned)_mm_movemask_epi8(any);
}
#endif

/* 我局 / 本局 say a department speaks; 我区 / 全县 a government (the
 * selfref cues). */
static zb_issuer_kind issuer_kind_from_selfref(const zb_doc_cues *c, const char *s, size_t len) {
    /* one pass: the words are compared only where one's first char stands;
     * a department word anywhere wins over a government one */
    int gov_seen = 0;
    size_t i = 0;
#if defined(__SSE2__)
    /* sixteen places a step: where the three bytes of a first char start
     * (the byte-by-byte test of their lead bytes, E5 and E6 for 我, 本 and
     * 全, stopped at a third of all CJK chars) */
    for (; c->n_selfref_first && len - i >= 21; i += 16) { /* places i..i+15 */
        for (unsigned m = selfref_places(c, s + i); m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (selfref_word(c, s + at, len - at, &gov_seen)) return ZB_ISSUER_DEPARTMENT;
        }
    }
#endif
    for (; i + 3 <= len; i++) {
        if (!c->selfref_any && !selfref_first_at(c, s + i)) continue;
        if (selfref_word(c, s + i, len - i, &gov_seen)) return ZB_ISSUER_DEPARTMENT;
    }
    return gov_seen ? ZB_ISSUER_GOVERNMENT : ZB_ISSUER_UNKNOWN;
}

/* Issuer name: a bare 区司法局 becomes 北碚区司法局 when the region's name
 * ends with the same level character. */
static char *issuer_name(const char *s, const issuer_hit *h, const zb_region *r) {
    size_t n = h->end - h->start;
    if (h->bare && r) {
        size_t rl = strlen(r->name);
        if (rl >= 3 && !memcmp(r->name + rl - 3, s + h->start, 3)) {
            char *d = malloc(rl + n - 3 + 1);
            if (!d) return NULL;
            memcpy(d, r->name, rl);
            memcpy(d + rl, s + h->start + 3, n - 3);
            d[rl + n - 3] = '\0';
            return d;
        }
    }
    return df_dupn(s + h->start, n);
}

/* find_issuer's answers on one page. Its answer is a function of the bytes
 * searched alone (the region names in them are the same whether read off
 * the title's scan, the page's or a scan of their own), so a text searched
 * again is not searched again: on a short page the title is also the
 * opening and one of the last lines, and the lines above the opening are
 * the signature lines searched before. */
#define SEARCHED_MAX (SIGNATURE_LINES + 4)

typedef struct {
    struct {
        const char *s;
        size_t len;
        int rc;
        issuer_hit h;
    } v[SEARCHED_MAX];
    size_t n;
} searched;

static int find_issuer_once(searched *m, const zb_gazetteer *g, const zb_doc_cues *c, const char *s,
                            size_t len, const in_text *in, const zb_region *reg, issuer_hit *hit) {
    for (size_t k = 0; k < m->n; k++)
        if (m->v[k].len == len && (m->v[k].s == s || !memcmp(m->v[k].s, s, len))) {
            if (!m->v[k].rc) *hit = m->v[k].h;
            return m->v[k].rc;
        }
    int rc = find_issuer(g, c, s, len, in, reg, hit);
    if (m->n < SEARCHED_MAX) {
        m->v[m->n].s = s, m->v[m->n].len = len, m->v[m->n].rc = rc;
        if (!rc) m->v[m->n].h = *hit;
        m->n++;
    }
    return rc;
}

/* The first national body of the cues named in s[0..len) (not 司法部门: a
 * trade's departments), or NULL. */
static const doc_cue *national_in(const zb_doc_cues *c, const char *s, size_t len) {
    const doc_cue *first = NULL;
    const char *at = s + len;
    for (size_t j = c->lo[CUE_NATIONAL]; j < c->hi[CUE_NATIONAL]; j++) {
        const doc_cue *q = &c->cues[j];
        for (const char *p = df_find(s, (size_t)(at - s), q->s, q->len); p;
             p = df_find(p + 3, (size_t)(at - p - 3), q->s, q->len)) {
            size_t e = (size_t)(p - s) + q->len;
            if (starts(s + e, len - e, "门")) continue;
            first = q, at = p;
            break;
        }
    }
    return first;
}

#define GOV_TOPIC_MIN 2 /* mentions of a government's topic that make a text one's */

/* Whether s[0..len) names the government-topic cues GOV_TOPIC_MIN times. */
static int gov_topic(const zb_doc_cues *c, const char *s, size_t len) {
    size_t n = 0;
    for (size_t k = c->lo[CUE_GOV_TOPIC]; k < c->hi[CUE_GOV_TOPIC]; k++) {
        const doc_cue *q = &c->cues[k];
        for (const char *p = s; q->len && (p = df_find(p, len - (size_t)(p - s), q->s, q->len));
             p += q->len)
            if (++n >= GOV_TOPIC_MIN) return 1;
    }
    return 0;
}

#define HEADLINE_MAX 120 /* bytes: a headline is one short line */

int df_fill_issuer(const zb_gazetteer *g, const zb_doc_cues *c, const char *t, size_t len,
                   const char *title, const zb_region_scan *title_hits, const zb_region_scan *hits,
                   df_opening *op, zb_report *r) {
    issuer_hit h;
    const zb_region *reg = g && r->region.code ? zb_gazetteer_by_code(g, r->region.code) : NULL;
    searched memo;
    memo.n = 0;
    in_text ti = {title, 0, title_hits};
    if (title &&
        !find_issuer_once(&memo, g, c, title, strlen(title), title_hits ? &ti : NULL, reg, &h)) {
        r->issuer.kind = h.kind;
        return df_set_str(&r->issuer.name, issuer_name(title, &h, reg));
    }
    size_t o = op->o;
    /* a news headline above the text opening with a department named in
     * full (某区司法局三举措推进…): the department the item is about, not
     * a body its opening names in passing (区政府法律顾问) */
    size_t e0 = line_end(t, len, 0);
    if (o > e0 && e0 <= HEADLINE_MAX && !df_find(t, e0, "。", 3) && !memchr(t, ',', e0) &&
        !find_issuer_once(&memo, g, c, t, e0, &(in_text){t, 0, hits}, reg, &h) && h.start == 0 &&
        !h.bare && h.kind == ZB_ISSUER_DEPARTMENT && h.end < e0) {
        r->issuer.kind = h.kind;
        return df_set_str(&r->issuer.name, issuer_name(t, &h, reg));
    }
    size_t span = first_sentences(t + o, len - o, 2);
    df_subject sub;
    /* a town's report: 区委 / 县政府 in its opening are its superiors (the
     * subject is looked for only then) */
    in_text in = {t, o, hits};
    if (!find_issuer_once(&memo, g, c, t + o, span, &in, reg, &h) &&
        !(h.bare && !df_opening_subject(g, c, t, len, op, &sub) && sub.town)) {
        r->issuer.kind = h.kind;
        return df_set_str(&r->issuer.name, issuer_name(t + o, &h, reg));
    }
    /* the signature: a short line (not a sentence) starting with the
     * issuer's name among the last lines */
    size_t n = 0;
    for (size_t e = len; e > 0 && n < SIGNATURE_LINES;) {
        size_t b = line_start(t, e);
        if (e > b && e - b <= SIGNATURE_MAX && !memchr(t + b, ',', e - b) &&
            !df_find(t + b, e - b, "。", 3) &&
            !find_issuer_once(&memo, g, c, t + b, e - b, &(in_text){t, b, hits}, reg, &h) &&
            h.start == 0) {
            r->issuer.kind = h.kind;
            return df_set_str(&r->issuer.name, issuer_name(t + b, &h, reg));
        }
        n += e > b;
        e = b ? b - 1 : 0;
    }
    /* a line of its own above the text: 通城镇人民政府 over the title (after
     * the opening: a site's banner may name the government that hosts a
     * department's report) */
    for (size_t b = 0; b < o;) {
        size_t e = line_end(t, len, b);
        const char *l = t + b;
        size_t ln = e - b;
        df_trim(&l, &ln);
        if (ln && ln <= SIGNATURE_MAX &&
            !find_issuer_once(&memo, g, c, l, ln, &(in_text){t, (size_t)(l - t), hits}, reg, &h) &&
            h.start == 0 && h.end == ln) {
            r->issuer.kind = h.kind;
            return df_set_str(&r->issuer.name, issuer_name(l, &h, reg));
        }
        b = e + 1;
    }
    /* the opening's subject: 塘栖镇坚持… (government), 鼓楼街道办事处深入…
     * (named), 我局认真… (department) */
    if (!df_opening_subject(g, c, t, len, op, &sub)) {
        r->issuer.kind = sub.kind;
        if (sub.named)
            return df_set_str(&r->issuer.name, df_dupn(t + sub.start, sub.end - sub.start));
        return 0;
    }
    /* a title that starts with the area or town it reports on (古城街道2025年
     * 法治政府建设年度报告): that area's government */
    if (title && !df_subject_at_start(g, c, title, strlen(title), title_hits, &sub)) {
        r->issuer.kind = sub.kind;
        return 0;
    }
    zb_issuer_kind k =
        issuer_kind_from_selfref(c, t, len < 4 * OPENING_SPAN ? len : 4 * OPENING_SPAN);
    if (k != ZB_ISSUER_UNKNOWN) {
        r->issuer.kind = k;
        return 0;
    }
    /* no word of its own: a national ministry the opening names, anywhere
     * in its first sentences (记者从司法部获悉, 生态环境部新闻发言人…), is
     * the department the news or report is about */
    const doc_cue *nat = national_in(c, t + o, first_sentences(t + o, len - o, 2));
    if (nat) {
        r->issuer.kind = ZB_ISSUER_DEPARTMENT;
        return df_set_str(&r->issuer.name, df_dupn(nat->s, nat->len));
    }
    /* nor a ministry: a text about what a government reports on
     * (法治政府建设 said twice: an excerpt of its report that starts
     * mid-way, under 盟委、行署 or 镇党委) is a government's. A judgement
     * from the topic, not a name: a department's text says it too, but one
     * names itself and is caught above. */
    if (gov_topic(c, t, len)) r->issuer.kind = ZB_ISSUER_GOVERNMENT;
    return 0;
}
