/* text_html.c - HTML pages: gumbo parses, we keep the body text with
 * paragraph breaks, drop scripts and navigation chrome, prefer the main
 * content container, and map every character back to its input bytes through
 * gumbo's source positions (entities and tags inside a text run included). */
#include <gumbo.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "budget.h"
#include "text_internal.h"

#define MAX_DEPTH 2000  /* gumbo frees its tree recursively: keep the tree shallow */
#define MAX_TAGS 500000 /* a tree of at most ~100 MB (a crawled report has 1,000-50,000) */
#define MAX_META 64
#define MAX_META_CONTENT 1024
#define MAIN_SHARE 0.9 /* the main container holds this share of non-link CJK text */

/* ---- gumbo's memory: an arena ---------------------------------------------- */

/* gumbo allocates a block per node, string and vector; a bump arena freed in
 * one go makes parsing faster and spares gumbo_destroy_output's recursive
 * walk. Chunks grow from 64 KiB to 4 MiB; bigger requests get their own. */
typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk;

typedef struct {
    chunk *head;
    size_t next_cap;
} arena;

/* A new chunk holding n bytes (rounded), the first of them returned. Apart
 * from arena_alloc so that the common case (room in the current chunk)
 * saves no registers for the call to malloc. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *
arena_grow(arena *a, size_t n) {
    size_t cap = n > a->next_cap ? n : a->next_cap;
    chunk *c = malloc(sizeof *c + cap);
    if (!c) return NULL;
    c->used = n;
    c->cap = cap;
    if (n > a->next_cap && a->head) { /* keep filling the current chunk */
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
        if (a->next_cap < ((size_t)4 << 20)) a->next_cap *= 2;
    }
    return c->data;
}

static void *arena_alloc(void *ud, size_t n) {
    arena *a = ud;
    n = (n + 15) & ~(size_t)15;
    chunk *c = a->head;
    if (c && c->cap - c->used >= n) {
        void *p = (char *)c->data + c->used;
        c->used += n;
        return p;
    }
    return arena_grow(a, n);
}

static void arena_free(void *ud, void *p) {
    (void)ud;
    (void)p;
}

static void arena_release(arena *a) {
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
}

/* ---- input offsets --------------------------------------------------------- */

static size_t u8_len(unsigned char c) { return c < 0xE0 ? (c < 0xC0 ? 1 : 2) : (c < 0xF0 ? 3 : 4); }

static size_t gb_len(const unsigned char *p, size_t n) {
    if (p[0] < 0x80 || n < 2) return 1;
    return (p[1] >= 0x30 && p[1] <= 0x39 && n >= 4) ? 4 : 2;
}

/* Input offset of the char starting at u8 offset u. */
static uint32_t map_off(zb_html_src *s, size_t u) {
    if (!s->gb) return (uint32_t)(s->base + u);
    if (u >= s->u8_len) return (uint32_t)s->in_len;
    if (u < s->cur_u || u - s->cur_u > 256) {
        size_t k = u >> 6;
        if (k >= s->n_ck) k = s->n_ck - 1;
        while (k > 0 && s->ck_u[k] > u)
            k--;
        s->cur_u = s->ck_u[k];
        s->cur_i = s->ck_i[k];
    }
    while (s->cur_u < u && s->cur_i < s->in_len) {
        /* markup: a run of ASCII bytes steps both by its length */
        size_t left = u - s->cur_u < s->in_len - s->cur_i ? u - s->cur_u : s->in_len - s->cur_i;
        size_t r = zb_ascii_run((const unsigned char *)s->u8 + s->cur_u, left);
        s->cur_u += r, s->cur_i += r;
        if (s->cur_u >= u || s->cur_i >= s->in_len) break;
        s->cur_u += u8_len((unsigned char)s->u8[s->cur_u]);
        s->cur_i += gb_len(s->in + s->cur_i, s->in_len - s->cur_i);
    }
    return (uint32_t)s->cur_i;
}

/* ---- sniffing -------------------------------------------------------------- */

/* 1 for the bytes after '<' that open markup, as the HTML tokenizer reads
 * them: a letter (start tag), '/' (end tag), '!' (comment, doctype) and '?'
 * (bogus comment); after any other byte the '<' is text ("a<1"). */
static inline unsigned opens_markup(unsigned char c) {
    /* bit c of the 128-bit set {! / ? A-Z a-z}: two words, no branch */
    const uint64_t lo = (1ull << '!') | (1ull << '/') | (1ull << '?');
    const uint64_t hi = (0x3FFFFFFull << ('A' - 64)) | (0x3FFFFFFull << ('a' - 64));
    uint64_t set = c & 64 ? hi : lo;
    return (unsigned)(set >> (c & 63)) & (c < 128);
}

static int is_alpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

int zb_html_sniff(const char *p, size_t n) {
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    return i + 1 < n && p[i] == '<' && (is_alpha(p[i + 1]) || p[i + 1] == '!' || p[i + 1] == '?');
}

static int name_eq(const char *a, size_t an, const char *lit) {
    size_t l = strlen(lit);
    if (an != l) return 0;
    for (size_t i = 0; i < l; i++)
        if ((a[i] | 32) != lit[i]) return 0;
    return 1;
}

static const char *find_ci(const char *p, const char *end, const char *lit) {
    size_t l = strlen(lit);
    for (; p + l <= end; p++)
        if (*p == '<' && name_eq(p, l, lit)) return p;
    return end;
}

/* Skips a tag starting at p ('<'), quoted attribute values included. */
static const char *skip_tag(const char *p, const char *end) {
    char q = 0;
    for (p++; p < end; p++) {
        if (q) {
            if (*p == q) q = 0;
        } else if (*p == '"' || *p == '\'') {
            q = *p;
        } else if (*p == '>') {
            return p + 1;
        }
    }
    return end;
}

static uint32_t name_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint32_t)(s[i] | 32)) * 16777619u;
    return h;
}

/* Element kinds the HTML parser treats apart when an end tag is misnested
 * (zb_html_depth_estimate), as name hashes: formatting elements, which it
 * reopens after an end tag closed them, and the "special" (block) elements
 * that the pushed ones of may stand above them. */
#define N_FORMATTING 14
#define N_SPECIAL 32
typedef struct {
    uint32_t fmt[N_FORMATTING], special[N_SPECIAL];
} html_kinds;

static void html_kinds_init(html_kinds *k) {
    static const char *const fmt[N_FORMATTING] = {"a",      "b",      "big",  "code", "em",
                                                  "font",   "i",      "nobr", "s",    "small",
                                                  "strike", "strong", "tt",   "u"};
    static const char *const special[N_SPECIAL] = {
        "address", "article", "aside",    "blockquote", "button",  "center", "details", "dir",
        "div",     "dl",      "fieldset", "figure",     "footer",  "form",   "h1",      "h2",
        "h3",      "h4",      "h5",       "h6",         "header",  "main",   "menu",    "nav",
        "ol",      "pre",     "section",  "select",     "summary", "table",  "ul",      "object"};
    for (int i = 0; i < N_FORMATTING; i++)
        k->fmt[i] = name_hash(fmt[i], strlen(fmt[i]));
    for (int i = 0; i < N_SPECIAL; i++)
        k->special[i] = name_hash(special[i], strlen(special[i]));
}

static int in_hashes(const uint32_t *v, int n, uint32_t h) {
    for (int i = 0; i < n; i++)
        if (v[i] == h) return 1;
    return 0;
}

/* What close_at needs of an open element, looked up once when it opens:
 * with the list compares at every end tag, elements closed under a deep
 * stack cost 46 compares per element above them (0.8 MB of <b><i>..</b>:
 * 11 billion instructions, before any budget runs). */
enum { K_FMT = 1, K_SPECIAL = 2 };

static unsigned char kind_of(const html_kinds *k, uint32_t h) {
    return (unsigned char)((in_hashes(k->fmt, N_FORMATTING, h) ? K_FMT : 0) |
                           (in_hashes(k->special, N_SPECIAL, h) ? K_SPECIAL : 0));
}

/* An end tag matching stack[m] (depth elements open; kind[]: their
 * kind_of): the depth after it, as HTML's tree construction leaves it. A
 * formatting element (</a>) with a block above it (<a><div>x</a>) is taken
 * out alone: the block stays open (the adoption agency); else everything
 * above closes, and the formatting elements among it are reopened at the
 * next text. Each such misnesting leaves the tree deeper, and gumbo's time
 * grew with its square (1 MB of <a><b>法</a>治: 10 s, <a><div>法</a>治: over
 * 100 s). */
static size_t close_at(uint32_t *stack, unsigned char *kind, size_t depth, size_t m,
                       size_t *steps) {
    if (kind[m] & K_FMT) {
        for (size_t i = m + 1; i < depth; i++)
            if (kind[i] & K_SPECIAL) {
                memmove(stack + m, stack + m + 1, (depth - m - 1) * sizeof *stack);
                memmove(kind + m, kind + m + 1, depth - m - 1);
                *steps += (i - m) + (depth - m - 1);
                return depth - 1;
            }
        *steps += depth - m - 1;
    }
    size_t top = depth;
    depth = m;
    for (size_t i = m + 1; i < top; i++)
        if (kind[i] & K_FMT) {
            stack[depth] = stack[i];
            kind[depth++] = kind[i];
        }
    *steps += top - m - 1;
    return depth;
}

size_t zb_html_depth_estimate(const char *p, size_t n) {
    size_t steps;
    return zb_html_depth_estimate_steps(p, n, &steps);
}

size_t zb_html_depth_estimate_steps(const char *p, size_t n, size_t *steps) {
    /* void elements, and elements the parser closes by itself (the next <p>
     * or <li> ends the previous one) or keeps only once (html, body): none
     * of them deepens the tree however often they appear unclosed */
    static const char *const voids[] = {
        "br",    "img",   "meta",   "link",     "input",  "hr",       "wbr",  "area", "base",
        "col",   "embed", "source", "param",    "track",  "keygen",   "p",    "li",   "dt",
        "dd",    "tr",    "td",     "th",       "option", "optgroup", "html", "head", "body",
        "tbody", "thead", "tfoot",  "colgroup", "rp",     "rt",       NULL};
    static const char *const raw[] = {"script", "style",   "textarea", "title", "xmp",
                                      "iframe", "noembed", "noframes", NULL};
    const char *end = p + n;
    uint32_t stack[MAX_DEPTH + 2];
    unsigned char kind[MAX_DEPTH + 2];
    html_kinds kinds;
    html_kinds_init(&kinds);
    size_t depth = 0, max = 0;
    *steps = 0;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *c = p + 4;
            while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
                c++;
            p = c + 3 <= end ? c + 3 : end;
            continue;
        }
        int close = p + 1 < end && p[1] == '/';
        const char *nm = p + 1 + close, *ne = nm;
        if (!close && (nm >= end || !opens_markup((unsigned char)*nm))) {
            p++; /* "a<1": text to the tokenizer, and not counted by count_tag_opens */
            continue;
        }
        while (ne < end && (is_alpha(*ne) || (*ne >= '0' && *ne <= '9')))
            ne++;
        const char *after = skip_tag(p, end);
        if (ne == nm) {
            p = after;
            continue;
        }
        /* a tag costs up to a stack's length (the search below, close_at):
         * a step each (budget.h); stopped, the caller sees the budget spent */
        if (zb_budget_over()) return max;
        uint32_t h = name_hash(nm, (size_t)(ne - nm));
        if (close) {
            size_t k = depth;
            while (k > 0 && stack[k - 1] != h)
                k--;
            *steps += depth - k + (k > 0); /* the elements compared, with the match */
            if (k > 0) depth = close_at(stack, kind, depth, k - 1, steps);
        } else {
            int is_void = after - p >= 2 && after[-2] == '/';
            char c0 = (char)(*nm | 32); /* first letters first: no strlen per list entry */
            for (int i = 0; voids[i] && !is_void; i++)
                is_void = voids[i][0] == c0 && name_eq(nm, (size_t)(ne - nm), voids[i]);
            for (int i = 0; raw[i]; i++) {
                if (raw[i][0] != c0 || !name_eq(nm, (size_t)(ne - nm), raw[i])) continue;
                char closing[16] = "</";
                strcat(closing, raw[i]);
                after = find_ci(after, end, closing);
                is_void = 1;
            }
            if (!is_void) {
                kind[depth] = kind_of(&kinds, h);
                *steps += N_FORMATTING + N_SPECIAL;
                stack[depth++] = h;
                if (depth > max) max = depth;
                if (depth > MAX_DEPTH) return depth;
            }
        }
        p = after;
    }
    return max;
}

/* ---- what to keep ---------------------------------------------------------- */

static const char *attr(const GumboElement *e, const char *name) {
    GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
    return a ? a->value : NULL;
}

/* Whether the id/class word w[0..n) matches the chrome entry c (lower case;
 * "x*" matches words starting with x). */
static int chrome_entry(const char *c, const char *w, size_t n) {
    size_t l = strlen(c);
    int prefix = l && c[l - 1] == '*';
    if (prefix) l--;
    if (n < l || (!prefix && n != l)) return 0;
    size_t k = 0;
    while (k < l && (w[k] | (w[k] >= 'A' && w[k] <= 'Z' ? 32 : 0)) == c[k])
        k++;
    return k == l;
}

/* id / class words (split at spaces, - _ and camelCase) against the chrome list. */
static int chrome_word(const zb_t2s *t, const char *w, size_t n) {
    char w0 = (char)(w[0] | (w[0] >= 'A' && w[0] <= 'Z' ? 32 : 0));
    /* the entries the first letter leaves (bit i: t->chrome[i]) */
    const uint64_t *may = t->chrome_by_first[(unsigned char)w0];
    for (size_t h = 0; h < ZB_HTML_MAX_NAMES / 64; h++)
        for (uint64_t m = may[h]; m; m &= m - 1)
            if (chrome_entry(t->chrome[h * 64 + (size_t)__builtin_ctzll(m)], w, n)) return 1;
    return 0;
}

static int chrome_attr(const zb_t2s *t, const char *v) {
    if (!v) return 0;
    const char *p = v;
    while (*p) {
        while (*p && !is_alpha(*p) && !(*p >= '0' && *p <= '9'))
            p++;
        const char *w = p;
        if (*p) p++;
        while (*p && (is_alpha(*p) || (*p >= '0' && *p <= '9')) &&
               !(*p >= 'A' && *p <= 'Z' && p[-1] >= 'a' && p[-1] <= 'z'))
            p++;
        if (p > w && chrome_word(t, w, (size_t)(p - w))) return 1;
    }
    return 0;
}

/* The attributes judge() reads, in one pass (the first of each name, case
 * insensitive, as gumbo_get_attribute finds it). */
typedef struct {
    const char *hidden, *style, *id, *cls;
} judged_attrs;

static void take(const char **slot, const GumboAttribute *a, const char *lit) {
    if (!*slot && (a->name[0] | 32) == lit[0] && !strcasecmp(a->name, lit)) *slot = a->value;
}

static judged_attrs judged(const GumboElement *e) {
    judged_attrs r = {NULL, NULL, NULL, NULL};
    for (unsigned i = 0; i < e->attributes.length; i++) {
        const GumboAttribute *a = e->attributes.data[i];
        take(&r.hidden, a, "hidden");
        take(&r.style, a, "style");
        take(&r.id, a, "id");
        take(&r.cls, a, "class");
    }
    return r;
}

static int hidden(const judged_attrs *a) {
    if (a->hidden) return 1;
    const char *st = a->style;
    if (!st) return 0;
    /* both values follow a ':' after nothing but spaces and tabs ("n" of
     * none, "h" of hidden): most styles (text-align:center) have no such
     * ':' and need no lower-cased copy */
    const char *c = st;
    while ((c = strchr(c, ':')) != NULL) {
        c++;
        c += strspn(c, " \t");
        if ((*c | 32) == 'n' || (*c | 32) == 'h') break;
    }
    if (!c) return 0;
    char buf[256];
    size_t n = 0;
    for (const char *p = st; *p && n + 1 < sizeof buf; p++)
        if (*p != ' ' && *p != '\t') buf[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    buf[n] = 0;
    return strstr(buf, "display:none") != NULL || strstr(buf, "visibility:hidden") != NULL;
}

enum { KEEP, DROP, CHROME };

static int judge(const zb_t2s *t, const GumboElement *e, int in_article) {
    if (e->tag < sizeof t->drop_tag && t->drop_tag[e->tag]) {
        /* <header>/<footer> of an article are part of it (title, date) */
        if ((e->tag == GUMBO_TAG_HEADER || e->tag == GUMBO_TAG_FOOTER) && in_article) return KEEP;
        return DROP;
    }
    if (!e->attributes.length) return KEEP; /* most elements: nothing to read */
    judged_attrs a = judged(e);
    if (hidden(&a)) return DROP;
    if (e->tag == GUMBO_TAG_BODY || e->tag == GUMBO_TAG_HTML || e->tag == GUMBO_TAG_MAIN ||
        e->tag == GUMBO_TAG_ARTICLE)
        return KEEP;
    if (chrome_attr(t, a.id) || chrome_attr(t, a.cls)) return CHROME;
    return KEEP;
}

static int is_block(GumboTag g) {
    switch (g) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
        return 1;
    default:
        return 0;
    }
}

/* ---- tree walk ------------------------------------------------------------- */

/* Counts in 32 bits (pages of 16 MiB at most). */
typedef struct {
    GumboNode *node;
    uint32_t child;
    uint32_t idx;       /* pre-order number among the elements walked */
    uint32_t cjk, link; /* subtree totals (CJK chars; of which inside <a>) */
    uint32_t nelem;     /* elements in the subtree, itself included */
    /* the census pass only: the same without chrome subtrees, and the
     * pre-order number among the elements outside chrome */
    uint32_t idxk, cjkk, linkk, nelemk;
    unsigned char in_link, in_article, in_chrome, in_main, in_pre;
    unsigned char flat; /* inside a cell of a statistics table: blocks are spaces */
} frame;

typedef struct walker walker;
struct walker {
    const zb_t2s *t2s;
    int use_chrome; /* drop CHROME elements (else only count them) */
    frame *st;
    size_t depth, cap, idx;
    void *ctx;
    int oom;
};

/* Elements per work-budget step (budget.h): an element costs some hundred
 * instructions, counting it a few; one step per 16 (by the walk's element
 * number, already at hand) keeps the count under 0.5 % of decoding, and the
 * clock is still read every 16,384 elements. */
#define ELEMENTS_PER_STEP 16u

/* Lead bytes of U+3000..U+9FFF (E3..E9), counted 64 bytes at a time without
 * a branch (the compiler vectorizes it), then 8 at a time: with the E0 bits
 * flipped they are the bytes between 2 and 10, which the "countbetween" bit
 * trick counts exactly (no carry crosses a byte: every term stays below
 * 256), then one by one. */
static size_t count_han(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), c = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        unsigned char k = 0; /* at most 64: byte lanes */
        for (size_t j = 0; j < 64; j++)
            k = (unsigned char)(k + ((unsigned char)(p[i + j] - 0xE3) <= 6));
        c += k;
    }
    const uint64_t ones = 0x0101010101010101u, low7 = ones * 127, high = ones * 128;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        x ^= ones * 0xE0;
        uint64_t y = x & low7;
        uint64_t in = (ones * (127 + 10) - y) & ~x & (y + ones * (127 - 2)) & high;
        c += (size_t)((in >> 7) * ones >> 56); /* one per byte in range */
    }
    for (; i < n; i++)
        c += (unsigned char)(p[i] - 0xE3) <= 6;
    return c;
}

/* The three walks ask the same questions of every node: the answers are kept
 * in the node's index_within_parent, which nothing reads once the tree is
 * built (it lives in our arena and is dropped whole). The top bit, which no
 * real index has, marks a kept answer: a text node's Han count, an
 * element's verdict. */
#define CACHED ((size_t)1 << (sizeof(size_t) * 8 - 1))

static size_t node_han(GumboNode *k) {
    if (k->index_within_parent & CACHED) return k->index_within_parent & ~CACHED;
    size_t c = count_han(k->v.text.text);
    k->index_within_parent = c | CACHED;
    return c;
}

/* judge() depends on the element and on whether an ancestor is an article,
 * the same in every walk. */
static int node_verdict(const zb_t2s *t, GumboNode *k, int in_article) {
    if (k->index_within_parent & CACHED) return (int)(k->index_within_parent & 3u);
    int v = judge(t, &k->v.element, in_article);
    k->index_within_parent = (size_t)v | CACHED;
    return v;
}

static int in_article_root(GumboNode *root) {
    for (GumboNode *a = root; a; a = a->parent)
        if (a->type == GUMBO_NODE_ELEMENT &&
            (a->v.element.tag == GUMBO_TAG_ARTICLE || a->v.element.tag == GUMBO_TAG_MAIN ||
             a->v.element.tag == GUMBO_TAG_SECTION))
            return 1;
    return 0;
}

/* Room for one more frame; 0 when out of memory. */
static int reserve(walker *w) {
    if (w->depth < w->cap) return 1;
    size_t cap = w->cap ? 2 * w->cap : 64;
    frame *st = realloc(w->st, cap * sizeof *st);
    if (!st) return w->oom = 1, 0;
    w->st = st;
    w->cap = cap;
    return 1;
}

/* The walk's callbacks, passed as constants to walk_with so that each walk
 * gets its own copy with them inlined (an indirect call per node and per
 * text node otherwise). */
typedef int (*enter_fn)(walker *, frame *);
typedef void (*leave_fn)(walker *, frame *);
typedef void (*text_fn)(walker *, frame *, GumboNode *);
#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE inline
#endif

/* Enters the frame just written above the top; 0 when on_enter skips it. */
static ALWAYS_INLINE int enter(walker *w, enter_fn on_enter) {
    frame *nf = &w->st[w->depth++];
    nf->idx = (uint32_t)w->idx++;
    nf->nelem = 1;
    if (!on_enter(w, nf)) {
        w->depth--;
        return 0;
    }
    return 1;
}

/* Depth-first over the kept elements, iteratively (trees can be deep). */
static ALWAYS_INLINE void walk_with(walker *w, GumboNode *root, enter_fn on_enter, text_fn on_text,
                                    leave_fn on_leave, int steps) {
    w->depth = 0;
    w->idx = 0;
    if (!reserve(w)) return;
    w->st[0] = (frame){.node = root, .in_article = (unsigned char)in_article_root(root)};
    if (!enter(w, on_enter)) return;
    while (w->depth && reserve(w)) {
        frame *f = &w->st[w->depth - 1];
        GumboVector *kids = &f->node->v.element.children;
        if (f->child >= kids->length) {
            on_leave(w, f);
            if (w->depth >= 2) {
                frame *up = f - 1;
                up->cjk += f->cjk;
                up->link += f->link;
                up->nelem += f->nelem;
            }
            w->depth--;
            continue;
        }
        GumboNode *k = kids->data[f->child++];
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE ||
            k->type == GUMBO_NODE_CDATA) {
            uint32_t c = (uint32_t)node_han(k);
            f->cjk += c;
            if (f->in_link) f->link += c;
            on_text(w, f, k);
            continue;
        }
        if (k->type != GUMBO_NODE_ELEMENT && k->type != GUMBO_NODE_TEMPLATE) continue;
        /* steps by elements kept (budget.h; text nodes are at most one more
         * each, dropped elements are not entered): the caller sees the
         * budget spent and drops the walk's result. The census counts them;
         * the output walk, after it, visits no more elements, and its own
         * work is linear in the text. */
        if (steps && w->idx % ELEMENTS_PER_STEP == 0 && zb_budget_over()) break;
        int verdict = node_verdict(w->t2s, k, f->in_article);
        if (verdict == DROP || (verdict == CHROME && w->use_chrome)) continue;
        GumboTag tag = k->v.element.tag;
        frame *nf = f + 1;
        nf->node = k;
        nf->child = 0;
        nf->cjk = nf->link = 0;
        nf->in_link = f->in_link || tag == GUMBO_TAG_A;
        nf->in_article = f->in_article || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN ||
                         tag == GUMBO_TAG_SECTION;
        nf->in_chrome = f->in_chrome || verdict == CHROME;
        nf->in_main = f->in_main;
        nf->flat = f->flat;
        nf->in_pre = f->in_pre || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING ||
                     tag == GUMBO_TAG_PLAINTEXT;
        enter(w, on_enter);
    }
}

/* ---- pass 1: the census ----------------------------------------------------- */

/* One walk with chrome (use_chrome = 0) gathers what both choices need: the
 * totals with and without chrome, and every element's totals counted both
 * ways, numbered both ways (pre-order among all elements, among those
 * outside chrome), in leave order. Once the totals decide use_chrome, the
 * main container and pass 3's table are taken from the matching side: the
 * same as a second walk with that use_chrome would give. */

typedef struct {
    uint32_t cjk, link, nelem;
} stats;

#define NO_IDX UINT32_MAX

typedef struct {
    GumboNode *node;
    uint32_t idx, idxk; /* idxk NO_IDX: inside chrome */
} left;

typedef struct {
    size_t all, kept; /* non-link CJK chars, with and without chrome */
    stats *st, *stk;  /* by idx, by idxk */
    left *order;      /* elements in leave order */
    size_t n, nk, cap;
} census;

static int cen_enter(walker *w, frame *f) {
    census *c = w->ctx;
    f->idxk = f->in_chrome ? NO_IDX : (uint32_t)c->nk++;
    f->cjkk = f->linkk = 0;
    f->nelemk = 1;
    return 1;
}

static void cen_text(walker *w, frame *f, GumboNode *k) {
    census *c = w->ctx;
    uint32_t h = (uint32_t)node_han(k);
    if (!f->in_link) {
        c->all += h;
        if (!f->in_chrome) c->kept += h;
    }
    if (!f->in_chrome) {
        f->cjkk += h;
        if (f->in_link) f->linkk += h;
    }
}

static void cen_leave(walker *w, frame *f) {
    census *c = w->ctx;
    /* idx (>= idxk) can run ahead of the elements left so far */
    size_t need = (c->n > f->idx ? c->n : f->idx) + 1;
    if (need > c->cap) {
        size_t cap = need * 2 + 256;
        stats *st = realloc(c->st, cap * sizeof *st);
        if (st) c->st = st;
        stats *stk = realloc(c->stk, cap * sizeof *stk);
        if (stk) c->stk = stk;
        left *o = realloc(c->order, cap * sizeof *o);
        if (o) c->order = o;
        if (!st || !stk || !o) return (void)(w->oom = 1);
        c->cap = cap;
    }
    c->order[c->n++] = (left){f->node, f->idx, f->idxk};
    c->st[f->idx] = (stats){f->cjk, f->link, f->nelem};
    if (f->idxk == NO_IDX) return;
    c->stk[f->idxk] = (stats){f->cjkk, f->linkk, f->nelemk};
    if (w->depth >= 2) {
        frame *up = f - 1;
        up->cjkk += f->cjkk;
        up->linkk += f->linkk;
        up->nelemk += f->nelemk;
    }
}

/* ---- the main container ------------------------------------------------------ */

typedef struct {
    size_t need; /* non-link CJK chars the container must hold */
    GumboNode *chain[64];
    size_t cjk[64], link[64], n;
    const stats *st; /* by pre-order number in pass 3's walk */
    size_t n_st;
} chain;

/* The elements (in leave order) holding at least need non-link CJK chars,
 * counted as the walk with use_chrome counts them. */
static void make_chain(chain *ch, const census *c, int use_chrome) {
    ch->st = use_chrome ? c->stk : c->st;
    ch->n_st = use_chrome ? c->nk : c->n;
    for (size_t i = 0; i < c->n && ch->n < 64; i++) {
        const left *l = &c->order[i];
        if (use_chrome && l->idxk == NO_IDX) continue;
        const stats *s = use_chrome ? &c->stk[l->idxk] : &c->st[l->idx];
        if ((size_t)(s->cjk - s->link) >= ch->need) {
            ch->chain[ch->n] = l->node;
            ch->cjk[ch->n] = s->cjk;
            ch->link[ch->n++] = s->link;
        }
    }
}

/* The deepest element holding MAIN_SHARE of the text, widened while what its
 * parent adds is mostly not links (the title and date above an article body). */
static GumboNode *pick_main(const chain *c, GumboNode *body) {
    if (!c->n) return body;
    size_t j = 0;
    while (j + 1 < c->n) {
        size_t extra = c->cjk[j + 1] - c->cjk[j], extra_link = c->link[j + 1] - c->link[j];
        if (extra && extra_link * 2 >= extra) break;
        j++;
    }
    return c->chain[j];
}

/* ---- pass 3: text out ------------------------------------------------------ */

typedef struct {
    zb_html_src *src;
    zb_norm *n;
    GumboNode *main;
    const chain *c;
    GumboNode *table; /* the table last judged by stats_table(), and its verdict */
    int table_flat;
    /* the main container's ancestors (n_up 0: too deep to list, every
     * element outside it is walked) */
    GumboNode *up[64];
    size_t n_up;
} emit_ctx;

/* Lists the ancestors of e->main (the walk's root, root, included). */
static void list_ancestors(emit_ctx *e, GumboNode *root) {
    e->n_up = 0;
    for (GumboNode *a = e->main; a != root;) {
        a = a->parent;
        if (!a || e->n_up == sizeof e->up / sizeof *e->up) {
            e->n_up = 0;
            return;
        }
        e->up[e->n_up++] = a;
    }
}

/* Whether the walk must go into k, an element outside the main container:
 * only when it holds the container. */
static int leads_to_main(const emit_ctx *e, const GumboNode *k) {
    if (!e->n_up) return 1;
    for (size_t i = 0; i < e->n_up; i++)
        if (e->up[i] == k) return 1;
    return 0;
}

/* Navigation inside the main container: a block whose Chinese text is mostly
 * link text (上一篇/下一篇, 相关链接, a menu column of a table layout). */
static int link_dense(GumboTag tag, const stats *s) {
    switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_P:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_CENTER:
        break;
    default:
        return 0;
    }
    return s->link >= 2 && (size_t)s->link * 10 >= (size_t)s->cjk * 7;
}

/* A statistics table: no table inside, every cell short (at most 30 Han
 * characters) and at least one cell a bare number. Word and WPS exports wrap
 * each cell's text in <p>; in such a table the <p> is no paragraph, and a row
 * must stay one line for tables.c to read its numbers through the header.
 * Layout tables holding a whole article in a cell keep their breaks. */
#define CELL_MAX_HAN 30
static int stats_table(GumboNode *table) {
    GumboNode *stack[64];
    size_t depth = 0, han = 0;
    int numeric = 0, digits = 0, other = 0, in_cell = 0;
    stack[depth++] = table;
    /* pre-order; a cell's totals are judged when the next cell (or the end) comes */
    while (depth) {
        GumboNode *k = stack[--depth];
        if (k->type == GUMBO_NODE_ELEMENT) {
            GumboTag g = k->v.element.tag;
            if (g == GUMBO_TAG_TABLE && k != table) return 0;
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH) {
                if (in_cell && digits && !other) numeric = 1;
                in_cell = 1, han = 0, digits = 0, other = 0;
            }
            GumboVector *v = &k->v.element.children;
            for (size_t i = v->length; i-- > 0;) {
                if (depth == sizeof stack / sizeof *stack) return 0;
                stack[depth++] = v->data[i];
            }
        } else if (k->type == GUMBO_NODE_TEXT && in_cell) {
            for (const unsigned char *p = (const unsigned char *)k->v.text.text; *p; p++) {
                if (p[0] == 0xC2 && p[1] == 0xA0) /* &nbsp; */
                    p++;
                else if (*p >= '0' && *p <= '9')
                    digits = 1;
                else if (*p >= 0xE3 && *p <= 0xE9) {
                    if (++han > CELL_MAX_HAN) return 0;
                    other = 1;
                } else if (*p != '.' && *p != ',' && *p != '%' && *p != ' ' && *p < 0x80)
                    other = 1;
                else if (*p >= 0x80 && (*p & 0xC0) != 0x80)
                    other = 1;
            }
        }
    }
    return numeric || (in_cell && digits && !other);
}

static int em_enter(walker *w, frame *f) {
    emit_ctx *e = w->ctx;
    GumboElement *el = &f->node->v.element;
    if (f->node == e->main) f->in_main = 1;
    if (!f->in_main) {
        /* still looking for the main container: a subtree without it has
         * no output, it is skipped as link_dense blocks are below */
        if (leads_to_main(e, f->node) || f->idx >= e->c->n_st) return 1;
        w->idx += e->c->st[f->idx].nelem - 1;
        return 0;
    }
    if (f->node != e->main && f->idx < e->c->n_st && link_dense(el->tag, &e->c->st[f->idx])) {
        w->idx += e->c->st[f->idx].nelem - 1; /* keep numbering in step with pass 2 */
        return 0;
    }
    if (is_block(el->tag) && f->flat)
        zb_norm_space(e->n, map_off(e->src, el->start_pos.offset));
    else if (is_block(el->tag))
        zb_norm_break(e->n);
    else if (el->tag == GUMBO_TAG_TD || el->tag == GUMBO_TAG_TH) {
        GumboNode *t = f->node->parent;
        while (t && !(t->type == GUMBO_NODE_ELEMENT && t->v.element.tag == GUMBO_TAG_TABLE))
            t = t->parent;
        if (t && t != e->table) e->table = t, e->table_flat = stats_table(t);
        f->flat = t && e->table_flat;
        zb_norm_space(e->n, map_off(e->src, el->start_pos.offset));
    }
    return 1;
}

static void em_leave(walker *w, frame *f) {
    emit_ctx *e = w->ctx;
    GumboElement *el = &f->node->v.element;
    if (!f->in_main) return;
    if (is_block(el->tag) && f->flat)
        zb_norm_space(e->n, map_off(e->src, el->end_pos.offset));
    else if (is_block(el->tag))
        zb_norm_break(e->n);
    else if (el->tag == GUMBO_TAG_TD || el->tag == GUMBO_TAG_TH)
        zb_norm_space(e->n, map_off(e->src, el->end_pos.offset));
}

/* Length of a character reference at o ('&'), 0 if it is not one. Sets
 * *named. Without ';' HTML accepts legacy names: the caller resyncs. */
size_t zb_html_ref_len(const char *o, size_t on, int *named, size_t *name_len) {
    size_t i = 1;
    *named = 0;
    *name_len = 0;
    if (i < on && o[i] == '#') {
        i++;
        int hex = i < on && (o[i] | 32) == 'x';
        if (hex) i++;
        size_t d = i;
        while (i < on &&
               ((o[i] >= '0' && o[i] <= '9') || (hex && (o[i] | 32) >= 'a' && (o[i] | 32) <= 'f')))
            i++;
        if (i == d) return 0;
        return i < on && o[i] == ';' ? i + 1 : i;
    }
    while (i < on && (is_alpha(o[i]) || (o[i] >= '0' && o[i] <= '9')))
        i++;
    if (i == 1) return 0;
    *named = 1;
    *name_len = i - 1;
    return i < on && o[i] == ';' ? i + 1 : i;
}

static int agrees(const char *o, size_t on, const char *t, size_t tn) {
    for (size_t k = 0; k < 8; k++) {
        if (k >= on || k >= tn) return k >= on && k >= tn;
        if (o[k] == '&' || o[k] == '<' || o[k] == '\r') return 1;
        if (o[k] != t[k]) return 0;
    }
    return 1;
}

static size_t text_chars(const char *t, size_t tn, size_t k) {
    size_t b = 0;
    while (k-- && b < tn)
        b += u8_len((unsigned char)t[b]);
    return b < tn ? b : tn;
}

/* How many orig bytes (*ol) and text bytes (*tl) one step consumes. */
static void step(const char *o, size_t on, const char *t, size_t tn, size_t *ol, size_t *tl) {
    unsigned char oc = (unsigned char)o[0], tc = (unsigned char)t[0];
    int named;
    size_t nl;
    size_t rl = oc == '&' ? zb_html_ref_len(o, on, &named, &nl) : 0;
    if (rl && tc == '&' && !(named && (name_eq(o + 1, nl, "amp")))) rl = 0;
    if (rl) {
        *ol = rl;
        if (!named) {
            *tl = text_chars(t, tn, 1);
            return;
        }
        /* named: try the full name, then legacy prefixes; 1 or 2 decoded chars
         * (no entity name is longer than 32 chars: bound the search) */
        for (size_t l = rl < 40 ? rl : 40; l >= 2; l--) {
            for (size_t k = 1; k <= 2; k++) {
                size_t b = text_chars(t, tn, k);
                if (agrees(o + l, on - l, t + b, tn - b)) {
                    *ol = l;
                    *tl = b;
                    return;
                }
            }
        }
        *tl = text_chars(t, tn, 1);
        return;
    }
    if (oc == '<' && tc != '<') {
        *ol = (size_t)(skip_tag(o, o + on) - o);
        *tl = 0;
        return;
    }
    if (oc == '\r') {
        *ol = on > 1 && o[1] == '\n' ? 2 : 1;
        *tl = tc == '\n' ? 1 : 0;
        return;
    }
    *ol = u8_len(oc);
    if (*ol > on) *ol = on;
    int o_ws = oc == ' ' || oc == '\n' || oc == '\t' || oc == '\f';
    int t_ws = tc == ' ' || tc == '\n' || tc == '\t' || tc == '\f';
    *tl = o_ws && !t_ws ? 0 : u8_len(tc); /* e.g. the newline <pre> drops */
    if (*tl > tn) *tl = tn;
}

/* Nonzero when one of the 8 bytes of v is zero (exact: no false hit). */
static uint64_t has_zero(uint64_t v) {
    return (v - 0x0101010101010101u) & ~v & 0x8080808080808080u;
}

/* Length of the common prefix of o and t (m bytes readable in each) holding
 * no '&', '<' or CR: 8 bytes compared at a time, then byte by byte. */
static size_t same_run(const char *o, const char *t, size_t m) {
    size_t r = 0;
#if defined(__SSE2__)
    /* 16 bytes at a time while they agree and hold none of the three */
    for (; r + 16 <= m; r += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(o + r));
        __m128i u = _mm_loadu_si128((const __m128i *)(const void *)(t + r));
        __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                                                _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
        if (_mm_movemask_epi8(_mm_andnot_si128(odd, _mm_cmpeq_epi8(v, u))) != 0xFFFF) break;
    }
#endif
    for (; r + 8 <= m; r += 8) {
        uint64_t v, u;
        memcpy(&v, o + r, 8);
        memcpy(&u, t + r, 8);
        if (v != u || has_zero(v ^ 0x2626262626262626u) || has_zero(v ^ 0x3C3C3C3C3C3C3C3Cu) ||
            has_zero(v ^ 0x0D0D0D0D0D0D0D0Du))
            break;
    }
    while (r < m && o[r] == t[r] && o[r] != '&' && o[r] != '<' && o[r] != '\r')
        r++;
    return r;
}

static void em_text(walker *w, frame *f, GumboNode *k) {
    emit_ctx *e = w->ctx;
    if (!f->in_main) return;
    int html = e->n->html;
    if (f->in_pre) e->n->html = 0; /* preformatted: its line breaks are paragraph breaks */
    const char *o = k->v.text.original_text.data, *t = k->v.text.text;
    size_t on = k->v.text.original_text.length, tn = strlen(t);
    if (o < e->src->u8 || o + on > e->src->u8 + e->src->u8_len) on = 0;
    size_t u0 = on ? (size_t)(o - e->src->u8) : k->v.text.start_pos.offset;
    size_t op = 0, tp = 0;
    uint32_t i = map_off(e->src, u0);
    while (tp < tn && !e->n->oom) {
        size_t ol = 0, tl;
        if (op < on) {
            /* a stretch the same in source and text (no reference, tag or
             * CR): offsets run along with the bytes, or for a GB18030 page
             * along with its chars */
            size_t m = on - op < tn - tp ? on - op : tn - tp, r = same_run(o + op, t + tp, m);
            while (r > 0 && tp + r < tn && ((unsigned char)t[tp + r] & 0xC0) == 0x80)
                r--; /* whole chars */
            if (r > 1) {
                const unsigned char *run = (const unsigned char *)t + tp;
                if (e->src->gb) {
                    uint32_t gi = zb_norm_run_gb(e->n, run, r, i, e->src->in, e->src->in_len);
                    /* map_off's cursor where the run ends (not walked again) */
                    e->src->cur_u = u0 + op + r, e->src->cur_i = gi;
                } else {
                    zb_norm_run(e->n, run, r, i);
                }
                op += r, tp += r;
                i = map_off(e->src, u0 + op);
                continue;
            }
        }
        if (op < on)
            step(o + op, on - op, t + tp, tn - tp, &ol, &tl);
        else
            tl = tn - tp; /* original exhausted: rest maps to its end */
        uint32_t inext = ol ? map_off(e->src, u0 + op + ol) : i;
        size_t end = tp + tl;
        while (tp < end) {
            uint32_t cp;
            int l = zb_utf8_char((const unsigned char *)t + tp, end - tp, &cp);
            if (l <= 0) {
                tp++;
                continue;
            }
            zb_norm_cp(e->n, cp, i, inext);
            tp += (size_t)l;
        }
        op += ol;
        i = inext;
    }
    e->n->html = html;
}

/* The two walks, each with its callbacks inlined. */
static void walk_census(walker *w, GumboNode *root) {
    walk_with(w, root, cen_enter, cen_text, cen_leave, 1);
}

static void walk_emit(walker *w, GumboNode *root) {
    walk_with(w, root, em_enter, em_text, em_leave, 0);
}

/* ---- head: title and meta -------------------------------------------------- */

static char *node_text(GumboNode *el) {
    zb_buf b = ZB_BUF_INIT;
    GumboVector *kids = &el->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE)
            if (zb_buf_puts(&b, k->v.text.text)) break;
    }
    return b.p ? b.p : NULL;
}

static void add_meta(const zb_t2s *t2s, int apply, zb_text *out, GumboElement *e) {
    const char *name = attr(e, "name");
    if (!name) name = attr(e, "property");
    if (!name) name = attr(e, "itemprop");
    const char *content = attr(e, "content");
    if (!name || !content || out->n_meta >= MAX_META) return;
    size_t cl = strlen(content);
    if (cl > MAX_META_CONTENT) {
        cl = MAX_META_CONTENT;
        while (cl && ((unsigned char)content[cl] & 0xC0) == 0x80)
            cl--;
    }
    char *nm = strdup(name), *c = zb_norm_string(t2s, apply, content, cl);
    if (!nm || !c) {
        free(nm);
        free(c);
        return;
    }
    for (char *p = nm; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    out->meta[out->n_meta++] = (zb_text_meta){nm, c};
}

static void read_head(const zb_t2s *t2s, int apply, GumboNode *root, zb_text *out) {
    /* title and meta live in <head>; gumbo moves stray ones there too */
    GumboVector *top = &root->v.element.children;
    for (unsigned i = 0; i < top->length; i++) {
        GumboNode *h = top->data[i];
        if (h->type != GUMBO_NODE_ELEMENT || h->v.element.tag != GUMBO_TAG_HEAD) continue;
        GumboVector *kids = &h->v.element.children;
        for (unsigned j = 0; j < kids->length; j++) {
            GumboNode *k = kids->data[j];
            if (k->type != GUMBO_NODE_ELEMENT) continue;
            if (k->v.element.tag == GUMBO_TAG_TITLE && !out->html_title) {
                char *raw = node_text(k);
                if (raw) out->html_title = zb_norm_string(t2s, apply, raw, strlen(raw));
                free(raw);
            } else if (k->v.element.tag == GUMBO_TAG_META) {
                add_meta(t2s, apply, out, &k->v.element);
            }
        }
    }
    for (size_t d = 0; d < t2s->n_date_meta && !out->published; d++)
        for (size_t m = 0; m < out->n_meta && !out->published; m++)
            if (strcmp(out->meta[m].name, t2s->date_meta[d]) == 0)
                out->published = strdup(out->meta[m].content);
}

static GumboNode *find_body(GumboNode *root) {
    GumboVector *top = &root->v.element.children;
    for (unsigned i = 0; i < top->length; i++) {
        GumboNode *b = top->data[i];
        if (b->type == GUMBO_NODE_ELEMENT && b->v.element.tag == GUMBO_TAG_BODY) return b;
    }
    return NULL;
}

/* '<' bytes in p[0..n), compared in 64-byte blocks without a branch (the
 * compiler vectorizes it): a bound of count_tag_opens at half its cost. */
static size_t count_lt(const char *p, size_t n) {
    size_t c = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        unsigned char k = 0; /* at most 64: byte lanes */
        for (size_t j = 0; j < 64; j++)
            k = (unsigned char)(k + (p[i + j] == '<'));
        c += k;
    }
    for (; i < n; i++)
        c += p[i] == '<';
    return c;
}

/* Bit j set for each '<' at u[j], j < 64. */
static inline uint64_t lt_bits64(const unsigned char *u) {
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8('<');
    uint64_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + 16 * k));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lt)) << (16 * k);
    }
    return m;
#else
    uint64_t m = 0;
    for (int j = 0; j < 64; j++)
        m |= (uint64_t)(u[j] == '<') << j;
    return m;
#endif
}

/* The '<' in p[0..n) that open markup (opens_markup): the tags, end tags,
 * comments and doctypes that become tree nodes, so the tag limit counts
 * tags, not "a<b" in prose. The depth estimate pushes at most once per such
 * '<' (a start tag needs a letter after it), so a page with no more than
 * MAX_DEPTH of them needs no estimate pass. The '<' of a 64-byte block are
 * found at once (a block of text has none); only they look at the next
 * byte, which may be the first of the next block, so blocks stop a byte
 * early. */
static size_t count_tag_opens(const char *p, size_t n) {
    const unsigned char *u = (const unsigned char *)p;
    size_t c = 0, i = 0;
    for (; i + 65 <= n; i += 64)
        for (uint64_t m = lt_bits64(u + i); m; m &= m - 1)
            c += opens_markup(u[i + (size_t)__builtin_ctzll(m) + 1]);
    /* the last 1-64 bytes as a block of their own, zeros after them (a '<'
     * at the very end opens nothing) */
    unsigned char last[80] = {0};
    memcpy(last, u + i, n - i);
    for (uint64_t m = lt_bits64(last); m; m &= m - 1)
        c += opens_markup(last[__builtin_ctzll(m) + 1]);
    return c;
}

/* The work budget (budget.h) is spent: a loop that counts steps stopped,
 * and what it left is not used. Outside zb_extract no budget runs and this
 * is never so. */
static int budget_spent(void) { return zb_budget_state.over; }

static zb_status out_of_budget(const zb_html_src *src, const char *doing, char *err,
                               size_t errlen) {
    snprintf(err, errlen, "decoding an HTML page of %zu bytes stopped over its work budget %s",
             src->u8_len, doing);
    return ZB_E_TIMEOUT;
}

zb_status zb_html_text(const zb_t2s *t2s, zb_html_src *src, zb_norm *n, zb_text *out, char *err,
                       size_t errlen) {
    /* every tag is a tree node of ~190 bytes: 8 MB of <br> took 377 MB */
    /* the '<' bound the tags: a page with few (most) is not counted again */
    size_t tags = count_lt(src->u8, src->u8_len);
    if (tags > MAX_DEPTH) tags = count_tag_opens(src->u8, src->u8_len);
    if (tags > MAX_TAGS) {
        snprintf(err, errlen, "HTML page has %zu tags, over the HTML limit of %d tags", tags,
                 MAX_TAGS);
        return ZB_E_TOO_LARGE;
    }
    size_t depth = 0;
    if (tags > MAX_DEPTH) {
        depth = zb_html_depth_estimate(src->u8, src->u8_len);
        if (budget_spent()) return out_of_budget(src, "in the depth estimate", err, errlen);
    }
    if (depth > MAX_DEPTH) {
        snprintf(err, errlen, "HTML nested deeper than %d elements", MAX_DEPTH);
        return ZB_E_NOT_REPORT;
    }
    out->meta = calloc(MAX_META, sizeof *out->meta);
    if (!out->meta) return ZB_E_NOMEM;
    arena mem = {NULL, (size_t)64 << 10};
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0;
    opts.allocator = arena_alloc;
    opts.deallocator = arena_free;
    opts.userdata = &mem;
    /* the common pages without gumbo (text_html_fast.c), the rest with it */
    int oom = 0;
    GumboNode *root =
        src->checked ? zb_html_fast_parse_checked(src->u8, src->u8_len, arena_alloc, &mem, &oom)
                     : zb_html_fast_parse(src->u8, src->u8_len, arena_alloc, &mem, &oom);
    if (!root && !oom && budget_spent()) { /* the fast parser stopped */
        arena_release(&mem);
        return out_of_budget(src, "in the parser", err, errlen);
    }
    if (!root && !oom) {
        arena_release(&mem); /* what the fast parser built before giving up */
        mem = (arena){NULL, (size_t)64 << 10};
        GumboOutput *g = gumbo_parse_with_options(&opts, src->u8, src->u8_len);
        root = g ? g->root : NULL;
    }
    if (!root) {
        arena_release(&mem);
        return ZB_E_NOMEM;
    }
    read_head(t2s, n->apply_t2s, root, out);
    GumboNode *body = find_body(root);
    walker w = {.t2s = t2s};
    census cen = {0};
    if (body) {
        w.ctx = &cen;
        w.use_chrome = 0;
        walk_census(&w, body);
        int go = !w.oom && !budget_spent(); /* a census cut short is not used */
        /* id/class patterns that would drop most of the text are wrong here */
        w.use_chrome = cen.kept * 2 >= cen.all;
        chain c = {0};
        c.need = (size_t)((double)(w.use_chrome ? cen.kept : cen.all) * MAIN_SHARE);
        if (c.need == 0) c.need = 1;
        if (go) make_chain(&c, &cen, w.use_chrome);
        emit_ctx e = {src, n, pick_main(&c, body), &c, NULL, 0, {NULL}, 0};
        list_ancestors(&e, body);
        w.ctx = &e;
        if (go) walk_emit(&w, body);
    }
    free(w.st);
    free(cen.st);
    free(cen.stk);
    free(cen.order);
    arena_release(&mem); /* the whole tree; no gumbo_destroy_output walk */
    if (w.oom) return ZB_E_NOMEM;
    return budget_spent() ? out_of_budget(src, "in the tree walk", err, errlen) : ZB_OK;
}
