/* text_html_fast.c - the common HTML pages without gumbo: a tokenizer and a
 * tree builder for the part of HTML5 that well-formed and mildly sloppy pages
 * use (implied html/head/body/tbody, unclosed p/li/dd/dt/td/tr, tables, text
 * misplaced in a table moved before it, formatting elements closed in order,
 * comments, title, script and style), building the very tree gumbo 0.10.1
 * builds: the same GumboNode structs, text nodes split where gumbo splits
 * them, the same decoded text, original_text and positions. Everything the
 * tree walk of text_html.c reads comes out the same; anything outside this
 * part (elements misplaced in a table, misnested formatting, character
 * references other than numeric ones and a few named ones with ';', raw text
 * other than title/script/style, forms in tables, select, pre, template,
 * foreign content, parse errors that drop or reinterpret markup...) makes the
 * parse give up, and the caller runs gumbo on the page instead. Why: gumbo
 * spends about two thirds of the HTML decoding time building its tree char
 * token by char token; see README-text.md. Only the attributes text_html.c
 * reads are kept (id, class, style, hidden, name, property, itemprop,
 * content). */
#include <gumbo.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "budget.h"
#include "text_internal.h"

#define STACK_MAX 2048
#define DEEP_STACK 64 /* open elements over which a tag counts a budget step */
#define AFE_MAX 64
#ifdef ZB_HTML_FAST_DEBUG
#include <stdio.h>
#define GIVE_UP(p) (fprintf(stderr, "html_fast: gives up at line %d\n", __LINE__), (p)->fail = 1)
#else
#define GIVE_UP(p) ((p)->fail = 1)
#endif

enum mode {
    M_INITIAL,
    M_BEFORE_HTML,
    M_BEFORE_HEAD,
    M_IN_HEAD,
    M_AFTER_HEAD,
    M_IN_BODY,
    M_IN_TABLE,
    M_IN_TABLE_BODY,
    M_IN_ROW,
    M_IN_CELL,
    M_AFTER_BODY,
    M_AFTER_AFTER_BODY
};

typedef struct {
    const char *b;
    size_t n;
    void *(*alloc)(void *, size_t);
    void *ud;
    enum mode mode;
    size_t depth;
    GumboNode *afe[AFE_MAX]; /* active formatting elements; NULL = marker */
    size_t n_afe;
    GumboNode *html, *head, *form;
    /* the pending text node (gumbo's text node buffer) */
    char *tb;
    size_t tlen, tcap;
    const char *tstart;
    size_t tstart_off;
    int t_text;  /* has a non-whitespace char */
    int t_table; /* started in a table (not in a cell): gumbo's "in table text" */
    size_t tok;  /* offset of the token being processed (its '<', the char...) */
    int fail;    /* 1: outside what this parser does exactly; 2: out of memory */
    int quirks;  /* gumbo's doc_type_quirks_mode: 1 quirks (no doctype), 0 none, -1 not known */
    /* b[clean_lo..clean_hi) holds no '&' and no CR: the text token being
     * processed, as the search for its end found it (add_text need not
     * look again) */
    size_t clean_lo, clean_hi;
    GumboTag attr_tag;
    GumboNode *stack[STACK_MAX]; /* last: not zeroed (16 KiB) */
} fp;

/* ---- allocation and nodes ----------------------------------------------- */

static void *fp_alloc(fp *p, size_t n) {
    void *m = p->alloc(p->ud, n);
    if (!m) p->fail = 2;
    return m;
}

static int vec_add(fp *p, GumboVector *v, void *x) {
    if (v->length == v->capacity) {
        unsigned cap = v->capacity ? v->capacity * 2 : 4;
        void **d = fp_alloc(p, cap * sizeof *d);
        if (!d) return -1;
        if (v->length) memcpy(d, v->data, v->length * sizeof *d);
        v->data = d;
        v->capacity = cap;
    }
    v->data[v->length++] = x;
    return 0;
}

/* Nodes and attributes start as copies of these zeroed constants (static
 * storage: padding is zero too): gcc makes the copy 8 vector moves inline,
 * where a memset of this size (and a loop it recognizes as one) becomes a
 * "rep stos", slow to start for so few bytes, and a call to a zeroing loop
 * cost about 55 instructions per node. */
static const GumboNode zero_node;
static const GumboAttribute zero_attr;

static GumboNode *new_element(fp *p, GumboTag tag, size_t at) {
    GumboNode *e = fp_alloc(p, sizeof *e);
    if (!e) return NULL;
    *e = zero_node;
    e->type = GUMBO_NODE_ELEMENT;
    e->v.element.tag = tag;
    e->v.element.tag_namespace = GUMBO_NAMESPACE_HTML;
    e->v.element.start_pos.offset = (unsigned)at;
    return e;
}

static GumboNode *current(fp *p) { return p->depth ? p->stack[p->depth - 1] : NULL; }

static void append(fp *p, GumboNode *parent, GumboNode *k) {
    k->parent = parent;
    k->index_within_parent = parent->v.element.children.length;
    vec_add(p, &parent->v.element.children, k);
}

/* Text with other than whitespace met in a table outside a cell: gumbo
 * (handle_in_table_text, get_appropriate_insertion_location) puts it before
 * the last open table, in the table's parent, after reconstructing the
 * active formatting elements (a no-op here, or this parser gives up). */
static int on_stack(fp *p, GumboNode *e);

static void foster(fp *p, GumboNode *t) {
    GumboTag cur = current(p) ? current(p)->v.element.tag : GUMBO_TAG_UNKNOWN;
    if (cur != GUMBO_TAG_TABLE && cur != GUMBO_TAG_TBODY && cur != GUMBO_TAG_THEAD &&
        cur != GUMBO_TAG_TFOOT && cur != GUMBO_TAG_TR) {
        p->fail = 1;
        return;
    }
    if (p->n_afe && p->afe[p->n_afe - 1] && !on_stack(p, p->afe[p->n_afe - 1])) {
        p->fail = 1; /* reconstruction */
        return;
    }
    GumboNode *table = NULL;
    for (size_t i = p->depth; i-- > 0 && !table;)
        if (p->stack[i]->v.element.tag == GUMBO_TAG_TABLE) table = p->stack[i];
    if (!table || !table->parent) {
        p->fail = 1;
        return;
    }
    GumboNode *par = table->parent;
    GumboVector *v = &par->v.element.children;
    size_t at = table->index_within_parent;
    if (vec_add(p, v, t)) return;
    memmove(v->data + at + 1, v->data + at, (v->length - 1 - at) * sizeof *v->data);
    v->data[at] = t;
    t->parent = par;
    for (size_t k = at; k < v->length; k++)
        ((GumboNode *)v->data[k])->index_within_parent = k;
}

/* gumbo's maybe_flush_text_node_buffer: the pending text becomes a node of
 * the current node; its source runs up to the token being processed. */
static void flush(fp *p, const char *end) {
    if (!p->tlen) return;
    GumboNode *t = fp_alloc(p, sizeof *t);
    char *s = fp_alloc(p, p->tlen + 1);
    if (!t || !s) return;
    memcpy(s, p->tb, p->tlen);
    s[p->tlen] = 0;
    *t = zero_node;
    t->type = p->t_text ? GUMBO_NODE_TEXT : GUMBO_NODE_WHITESPACE;
    t->v.text.text = s;
    t->v.text.original_text.data = p->tstart;
    t->v.text.original_text.length = (size_t)(end - p->tstart);
    t->v.text.start_pos.offset = (unsigned)p->tstart_off;
    if (p->t_table && p->t_text)
        foster(p, t);
    else if (current(p))
        append(p, current(p), t);
    p->tlen = 0;
    p->t_text = 0;
    p->t_table = 0;
}

static void flush_here(fp *p) { flush(p, p->b + p->tok); }

static void push(fp *p, GumboNode *e) {
    flush_here(p);
    if (p->fail) return;
    if (p->depth == STACK_MAX) {
        GIVE_UP(p);
        return;
    }
    if (current(p)) append(p, current(p), e);
    p->stack[p->depth++] = e;
}

static int on_stack(fp *p, GumboNode *e) {
    for (size_t i = p->depth; i-- > 0;)
        if (p->stack[i] == e) return 1;
    return 0;
}

static int in_afe(fp *p, GumboNode *e) {
    for (size_t i = p->n_afe; i-- > 0;)
        if (p->afe[i] == e) return 1;
    return 0;
}

/* gumbo's pop_current_node: the element ends at the current token. A
 * formatting element still in the list is popped by something other than its
 * own end tag: gumbo would reconstruct it later, which this parser does not. */
static GumboNode *pop(fp *p) {
    flush_here(p);
    GumboNode *e = p->stack[--p->depth];
    e->v.element.end_pos.offset = (unsigned)p->tok;
    return e;
}

/* Reconstructing the active formatting elements: a no-op unless the last
 * entry is an element no longer open, which is not done here. */
static void reconstruct(fp *p) {
    if (p->n_afe && p->afe[p->n_afe - 1] && !on_stack(p, p->afe[p->n_afe - 1])) GIVE_UP(p);
}

static void clear_to_marker(fp *p) {
    while (p->n_afe && p->afe[--p->n_afe])
        ;
}

/* ---- tag sets (gumbo 0.10.1's, HTML namespace) ----------------------------- */

static int is_special(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_META:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_XMP:
        return 1;
    default:
        return 0;
    }
}

static int is_implied_end(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_P:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_RB:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RTC:
        return 1;
    default:
        return 0;
    }
}

static int is_formatting(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_NOBR:
        return 1;
    default:
        return 0;
    }
}

/* Tags whose in-body start closes an open p and is then a plain insert. */
static int is_p_closer(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_UL:
        return 1;
    default:
        return 0;
    }
}

/* End tags closing a block in body (gumbo's list, without listing and pre,
 * which this parser never opens). */
static int is_block_end(GumboTag t) {
    return (is_p_closer(t) && t != GUMBO_TAG_P) || t == GUMBO_TAG_BUTTON;
}

static int is_heading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

/* Scope boundaries (HTML namespace part of gumbo's sets). */
static int scope_edge(GumboTag t, char kind) {
    if (kind == 't') return t == GUMBO_TAG_HTML || t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TEMPLATE;
    if (t == GUMBO_TAG_APPLET || t == GUMBO_TAG_CAPTION || t == GUMBO_TAG_HTML ||
        t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_MARQUEE ||
        t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_TEMPLATE)
        return 1;
    if (kind == 'l') return t == GUMBO_TAG_OL || t == GUMBO_TAG_UL;
    if (kind == 'b') return t == GUMBO_TAG_BUTTON;
    return 0;
}

/* Whether an element with tag t (or any heading, t = H1 with heads) is in
 * scope of kind 's' (plain), 'l' (list item), 'b' (button), 't' (table). */
static int in_scope(fp *p, GumboTag t, char kind, int heads) {
    for (size_t i = p->depth; i-- > 0;) {
        GumboTag s = p->stack[i]->v.element.tag;
        if (s == t || (heads && is_heading(s))) return 1;
        if (scope_edge(s, kind)) return 0;
    }
    return 0;
}

static void implied_ends(fp *p, GumboTag except) {
    while (!p->fail && current(p) && is_implied_end(current(p)->v.element.tag) &&
           current(p)->v.element.tag != except) {
        if (in_afe(p, current(p))) GIVE_UP(p);
        pop(p);
    }
}

/* Pops up to and including the first element with tag t (any heading with
 * heads); fails if that pops a formatting element still listed. */
static void pop_until(fp *p, GumboTag t, int heads) {
    while (!p->fail && p->depth) {
        GumboNode *e = pop(p);
        GumboTag s = e->v.element.tag;
        if (s == t || (heads && is_heading(s))) return;
        if (in_afe(p, e)) GIVE_UP(p);
    }
}

/* gumbo's implicitly_close_tags for a tag known to be open. */
static void close_tag(fp *p, GumboTag t) {
    implied_ends(p, t);
    pop_until(p, t, 0);
}

static void close_p(fp *p) {
    if (in_scope(p, GUMBO_TAG_P, 'b', 0)) close_tag(p, GUMBO_TAG_P);
}

/* ---- character references ---------------------------------------------- */

/* A few named references, with ';' only: longer names cannot match past the
 * ';', so these need no table of all names. Others: gumbo decides. */
static const struct {
    const char *name;
    uint32_t cp;
} named_refs[] = {{"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
                  {"apos", '\''},    {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},
                  {"middot", 0xB7},  {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"lsquo", 0x2018},
                  {"rsquo", 0x2019}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026},
                  {"times", 0xD7},   {"emsp", 0x2003},  {"ensp", 0x2002},  {"bull", 0x2022},
                  {"laquo", 0xAB},   {"raquo", 0xBB},   {"deg", 0xB0},     {"yen", 0xA5}};

static int alnum(unsigned c) { return (c - '0' < 10u) || ((c | 32u) - 'a' < 26u); }

/* The reference at b[i] == '&': its length and *cp; 0 when it is no
 * reference ('&' stays a char); -1 when this parser does not decode it. */
static long char_ref(const char *b, size_t n, size_t i, uint32_t *cp) {
    size_t j = i + 1;
    if (j >= n) return 0;
    unsigned c = (unsigned char)b[j];
    if (c == '#') {
        j++;
        int hex = j < n && (b[j] | 32) == 'x';
        if (hex) j++;
        uint32_t v = 0;
        size_t d = j;
        while (j < n && j - d < 7) {
            unsigned x = (unsigned char)b[j], dv;
            if (x - '0' < 10u)
                dv = x - '0';
            else if (hex && (x | 32u) - 'a' < 6u)
                dv = (x | 32u) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16 : 10) + dv;
            j++;
        }
        if (j == d || j >= n || b[j] != ';') return -1;
        /* plain code points only: no C0/C1 controls, surrogates, nonchars */
        if (!((v >= 0x20 && v < 0x7F) || v == '\t' || v == '\n' || (v >= 0xA0 && v < 0xD800) ||
              (v >= 0xE000 && v < 0xFDD0) ||
              (v > 0xFDEF && v <= 0x10FFFF && (v & 0xFFFE) != 0xFFFE)))
            return -1;
        *cp = v;
        return (long)(j + 1 - i);
    }
    if (!alnum(c)) return 0;
    while (j < n && alnum((unsigned char)b[j]))
        j++;
    if (j >= n || b[j] != ';') return -1;
    size_t nl = j - i - 1;
    for (size_t k = 0; k < sizeof named_refs / sizeof *named_refs; k++)
        if (strlen(named_refs[k].name) == nl && !memcmp(named_refs[k].name, b + i + 1, nl)) {
            *cp = named_refs[k].cp;
            return (long)(j + 1 - i);
        }
    return -1;
}

/* ---- text ------------------------------------------------------------------ */

static int tb_put(fp *p, const char *s, size_t l) {
    if (p->tlen + l > p->tcap) {
        size_t cap = (p->tlen + l) * 2 + 64;
        char *t = realloc(p->tb, cap);
        if (!t) return p->fail = 2, -1;
        p->tb = t;
        p->tcap = cap;
    }
    memcpy(p->tb + p->tlen, s, l);
    p->tlen += l;
    return 0;
}

static int is_ws(unsigned c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Nonzero when one of the 8 bytes of v is zero (exact: no false hit). */
static uint64_t has_zero(uint64_t v) {
    return (v - 0x0101010101010101u) & ~v & 0x8080808080808080u;
}

/* The first '&' or CR in b[i..j), else j: 8 bytes tested at a time (a word
 * without either goes by at once), then byte by byte. */
static size_t to_amp_cr(const char *b, size_t i, size_t j) {
#if defined(__SSE2__)
    /* 16 bytes at a time while neither is there */
    for (; i + 16 <= j; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
        if (_mm_movemask_epi8(hit)) break;
    }
#endif
    for (; i + 8 <= j; i += 8) {
        uint64_t v;
        memcpy(&v, b + i, 8);
        if (has_zero(v ^ 0x2626262626262626u) | has_zero(v ^ 0x0D0D0D0D0D0D0D0Du)) break;
    }
    while (i < j && b[i] != '&' && b[i] != '\r')
        i++;
    return i;
}

/* Appends the chars of b[i..j) (no '<' inside) to the pending text, refs
 * decoded, CR LF and CR as LF. */
static void add_text(fp *p, size_t i, size_t j) {
    const char *b = p->b;
    while (i < j && !p->fail) {
        size_t k = i >= p->clean_lo && j <= p->clean_hi ? j : to_amp_cr(b, i, j);
        if (k > i) {
            if (!p->tlen) p->tstart = b + i, p->tstart_off = i;
            for (size_t x = i; x < k && !p->t_text; x++)
                if (!is_ws((unsigned char)b[x])) p->t_text = 1;
            tb_put(p, b + i, k - i);
            i = k;
            continue;
        }
        if (b[i] == '\r') {
            size_t at =
                i + 1 < p->n && b[i + 1] == '\n' ? i + 1 : i; /* CR LF: the LF is the char */
            if (!p->tlen) p->tstart = b + at, p->tstart_off = at;
            tb_put(p, "\n", 1);
            i = at + 1;
            continue;
        }
        uint32_t cp = 0;
        long l = char_ref(b, j, i, &cp);
        if (l < 0) {
            GIVE_UP(p);
            return;
        }
        if (!p->tlen) p->tstart = b + i, p->tstart_off = i;
        if (l == 0) {
            p->t_text = 1;
            tb_put(p, "&", 1);
            i++;
            continue;
        }
        char u[4];
        int ul = zb_utf8_put(cp, u);
        if (!is_ws(cp)) p->t_text = 1;
        tb_put(p, u, (size_t)ul);
        i += (size_t)l;
    }
}

/* ---- tokens and the tree ------------------------------------------------- */

typedef struct {
    GumboTag tag;
    int end, self_closing;
    size_t at, after; /* '<' and just past '>' */
    GumboVector attrs;
} token;

static GumboNode *insert(fp *p, token *t) {
    GumboNode *e = new_element(p, t->tag, t->at);
    if (!e) return NULL;
    e->v.element.attributes = t->attrs;
    e->v.element.original_tag.data = p->b + t->at;
    e->v.element.original_tag.length = t->after - t->at;
    push(p, e);
    return e;
}

static GumboNode *insert_implied(fp *p, GumboTag tag) {
    GumboNode *e = new_element(p, tag, p->tok);
    if (e) push(p, e);
    return e;
}

static void insert_void(fp *p, token *t) {
    if (insert(p, t)) pop(p);
}

/* Reads raw text (title: refs decoded; script, style: as is) up to its end
 * tag, which must be plain "</name>". */
static size_t raw_text(fp *p, token *t, size_t i) {
    const char *b = p->b, *nm = gumbo_normalized_tagname(t->tag);
    size_t nl = strlen(nm), j = i;
    for (;;) {
        const char *lt = memchr(b + j, '<', p->n - j);
        if (!lt) return GIVE_UP(p), p->n;
        j = (size_t)(lt - b);
        if (j + 2 + nl < p->n && b[j + 1] == '/' && !strncasecmp(b + j + 2, nm, nl)) break;
        if (t->tag == GUMBO_TAG_SCRIPT && j + 3 < p->n && !memcmp(b + j, "<!--", 4))
            return GIVE_UP(p), p->n; /* escaped script states */
        j++;
    }
    size_t e = j + 2 + nl;
    if (b[e] != '>') {
        /* "</title " with attributes or a name going on ("</titlex") */
        return GIVE_UP(p), p->n;
    }
    if (t->tag == GUMBO_TAG_TITLE) {
        add_text(p, i, j);
    } else if (j > i) {
        /* script and style: no references, CR LF still folded */
        for (size_t k = i; k < j && !p->fail;) {
            size_t r = k;
            while (r < j && b[r] != '\r')
                r++;
            if (r > k) {
                if (!p->tlen) p->tstart = b + k, p->tstart_off = k;
                p->t_text = 1;
                tb_put(p, b + k, r - k);
            }
            if (r < j) {
                size_t at = r + 1 < p->n && b[r + 1] == '\n' ? r + 1 : r;
                if (!p->tlen) p->tstart = b + at, p->tstart_off = at;
                tb_put(p, "\n", 1);
                r = at + 1;
            }
            k = r;
        }
    }
    p->tok = j; /* the end tag: flush the text into the element, pop it */
    GumboNode *el = pop(p);
    el->v.element.original_end_tag.data = b + j;
    el->v.element.original_end_tag.length = e + 1 - j;
    return e + 1;
}

static int head_tag(GumboTag t) {
    return t == GUMBO_TAG_BASE || t == GUMBO_TAG_BASEFONT || t == GUMBO_TAG_BGSOUND ||
           t == GUMBO_TAG_LINK || t == GUMBO_TAG_META || t == GUMBO_TAG_TITLE ||
           t == GUMBO_TAG_STYLE || t == GUMBO_TAG_SCRIPT;
}

/* A start tag that "in head" handles: void or raw text; returns where the
 * input goes on. */
static size_t in_head_start(fp *p, token *t) {
    if (t->tag == GUMBO_TAG_TITLE || t->tag == GUMBO_TAG_STYLE || t->tag == GUMBO_TAG_SCRIPT) {
        if (!insert(p, t)) return p->n;
        return raw_text(p, t, t->after);
    }
    insert_void(p, t);
    return t->after;
}

static void reset_mode(fp *p) {
    for (size_t i = p->depth; i-- > 0;) {
        switch (p->stack[i]->v.element.tag) {
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            if (i) return (void)(p->mode = M_IN_CELL);
            break;
        case GUMBO_TAG_TR:
            return (void)(p->mode = M_IN_ROW);
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TFOOT:
            return (void)(p->mode = M_IN_TABLE_BODY);
        case GUMBO_TAG_TABLE:
            return (void)(p->mode = M_IN_TABLE);
        case GUMBO_TAG_BODY:
            return (void)(p->mode = M_IN_BODY);
        default:
            break;
        }
    }
    GIVE_UP(p);
}

static void clear_to(fp *p, int row, int body) {
    for (;;) {
        GumboTag s = current(p)->v.element.tag;
        if (s == GUMBO_TAG_HTML || s == GUMBO_TAG_TABLE || s == GUMBO_TAG_TEMPLATE) return;
        if (row && s == GUMBO_TAG_TR) return;
        if (body && (s == GUMBO_TAG_TBODY || s == GUMBO_TAG_TFOOT || s == GUMBO_TAG_THEAD)) return;
        if (in_afe(p, current(p))) GIVE_UP(p);
        pop(p);
        if (p->fail) return;
    }
}

static void close_cell(fp *p) {
    GumboTag cell = in_scope(p, GUMBO_TAG_TD, 't', 0) ? GUMBO_TAG_TD : GUMBO_TAG_TH;
    implied_ends(p, GUMBO_TAG_LAST);
    while (!p->fail && p->depth) { /* formatting inside the cell: cleared below */
        GumboNode *e = pop(p);
        if (e->v.element.tag == cell) break;
    }
    clear_to_marker(p);
    p->mode = M_IN_ROW;
}

/* Start tags in body (and in cell). Returns 0 when handled. */
static void body_start(fp *p, token *t, size_t *next) {
    GumboTag g = t->tag;
    if (head_tag(g)) {
        *next = in_head_start(p, t);
    } else if (is_p_closer(g)) {
        close_p(p);
        insert(p, t);
    } else if (is_heading(g)) {
        close_p(p);
        if (current(p) && is_heading(current(p)->v.element.tag)) pop(p);
        insert(p, t);
    } else if (g == GUMBO_TAG_FORM) {
        if (p->form) return (void)GIVE_UP(p);
        close_p(p);
        p->form = insert(p, t);
    } else if (g == GUMBO_TAG_LI || g == GUMBO_TAG_DD || g == GUMBO_TAG_DT) {
        for (size_t i = p->depth; i-- > 0;) {
            GumboTag s = p->stack[i]->v.element.tag;
            if (g == GUMBO_TAG_LI ? s == GUMBO_TAG_LI : (s == GUMBO_TAG_DD || s == GUMBO_TAG_DT)) {
                close_tag(p, s);
                break;
            }
            if (is_special(s) && s != GUMBO_TAG_ADDRESS && s != GUMBO_TAG_DIV && s != GUMBO_TAG_P)
                break;
        }
        close_p(p);
        insert(p, t);
    } else if (is_formatting(g) && g != GUMBO_TAG_NOBR) {
        size_t same = 0;
        for (size_t i = p->n_afe; i-- > 0 && p->afe[i];)
            if (p->afe[i]->v.element.tag == g) {
                if (g == GUMBO_TAG_A) return (void)GIVE_UP(p); /* adoption agency */
                same++;
            }
        if (same >= 3 || p->n_afe == AFE_MAX) return (void)GIVE_UP(p); /* Noah's ark */
        reconstruct(p);
        GumboNode *e = insert(p, t);
        if (e) p->afe[p->n_afe++] = e;
    } else if (g == GUMBO_TAG_BUTTON) {
        /* a button inside a button closes the first (gumbo: implicitly_close_tags) */
        if (in_scope(p, g, 's', 0)) close_tag(p, g);
        reconstruct(p);
        insert(p, t);
    } else if (g == GUMBO_TAG_TABLE) {
        /* an open p is closed first unless in quirks mode */
        if (p->quirks < 0 && in_scope(p, GUMBO_TAG_P, 'b', 0)) return (void)GIVE_UP(p);
        if (p->quirks == 0) close_p(p);
        insert(p, t);
        p->mode = M_IN_TABLE;
    } else if (g == GUMBO_TAG_AREA || g == GUMBO_TAG_BR || g == GUMBO_TAG_EMBED ||
               g == GUMBO_TAG_IMG || g == GUMBO_TAG_KEYGEN || g == GUMBO_TAG_WBR ||
               g == GUMBO_TAG_INPUT) {
        reconstruct(p);
        insert_void(p, t);
    } else if (g == GUMBO_TAG_PARAM || g == GUMBO_TAG_SOURCE || g == GUMBO_TAG_TRACK) {
        insert_void(p, t);
    } else if (g == GUMBO_TAG_HR) {
        close_p(p);
        insert_void(p, t);
    } else if (g == GUMBO_TAG_IFRAME || g == GUMBO_TAG_NOEMBED) {
        if (insert(p, t)) *next = raw_text(p, t, t->after); /* no reconstruction here */
    } else if (g == GUMBO_TAG_NOSCRIPT) {
        reconstruct(p); /* gumbo parses its content in body as markup */
        insert(p, t);
    } else if (is_special(g) || g == GUMBO_TAG_NOBR || g == GUMBO_TAG_IMAGE ||
               g == GUMBO_TAG_OPTGROUP || g == GUMBO_TAG_OPTION || g == GUMBO_TAG_RB ||
               g == GUMBO_TAG_RP || g == GUMBO_TAG_RT || g == GUMBO_TAG_RTC ||
               g == GUMBO_TAG_MATH || g == GUMBO_TAG_SVG || g == GUMBO_TAG_TEMPLATE ||
               g == GUMBO_TAG_UNKNOWN) {
        GIVE_UP(p); /* html, body, pre, select, textarea, table parts... */
    } else {
        reconstruct(p);
        insert(p, t);
    }
}

static void body_end(fp *p, token *t) {
    GumboTag g = t->tag;
    if (g == GUMBO_TAG_BODY || g == GUMBO_TAG_HTML) {
        if (!in_scope(p, GUMBO_TAG_BODY, 's', 0)) return (void)GIVE_UP(p);
        p->mode = M_AFTER_BODY;
        if (g == GUMBO_TAG_HTML) p->mode = M_AFTER_AFTER_BODY;
    } else if (is_block_end(g)) {
        if (!in_scope(p, g, 's', 0)) return (void)GIVE_UP(p);
        implied_ends(p, GUMBO_TAG_LAST);
        pop_until(p, g, 0);
    } else if (g == GUMBO_TAG_FORM) {
        GumboNode *f = p->form;
        p->form = NULL;
        if (!f || !on_stack(p, f) || !in_scope(p, GUMBO_TAG_FORM, 's', 0)) return (void)GIVE_UP(p);
        implied_ends(p, GUMBO_TAG_LAST);
        if (current(p) != f) return (void)GIVE_UP(p);
        /* gumbo takes the form off the stack without popping it: the pending
         * text is not flushed, it goes on into the form's parent */
        p->depth--;
    } else if (g == GUMBO_TAG_P) {
        /* no p to close: gumbo inserts an empty one, which the tag then closes */
        if (!in_scope(p, g, 'b', 0)) insert_implied(p, GUMBO_TAG_P);
        close_tag(p, g);
    } else if (g == GUMBO_TAG_LI || g == GUMBO_TAG_DD || g == GUMBO_TAG_DT) {
        if (!in_scope(p, g, g == GUMBO_TAG_LI ? 'l' : 's', 0)) return (void)GIVE_UP(p);
        close_tag(p, g);
    } else if (is_heading(g)) {
        if (!in_scope(p, g, 's', 1)) return (void)GIVE_UP(p);
        implied_ends(p, GUMBO_TAG_LAST);
        pop_until(p, g, 1);
    } else if (is_formatting(g)) {
        /* the adoption agency, when the element is the current node */
        GumboNode *c = current(p);
        if (!c || c->v.element.tag != g || !p->n_afe || p->afe[p->n_afe - 1] != c)
            return (void)GIVE_UP(p);
        p->n_afe--;
        pop(p);
    } else if (g == GUMBO_TAG_UNKNOWN || (is_special(g) && g != GUMBO_TAG_NOSCRIPT) ||
               g == GUMBO_TAG_SELECT) {
        GIVE_UP(p);
    } else { /* any other end tag: an ordinary element being the current node */
        GumboNode *c = current(p);
        if (!c || c->v.element.tag != g || in_afe(p, c)) return (void)GIVE_UP(p);
        pop(p);
    }
}

static size_t token_start(fp *p, token *t) {
    size_t next = t->after;
    for (int guard = 0; guard < 8 && !p->fail; guard++) {
        GumboTag g = t->tag;
        switch (p->mode) {
        case M_INITIAL:
            p->mode = M_BEFORE_HTML;
            continue;
        case M_BEFORE_HTML:
            if (g == GUMBO_TAG_HTML) {
                p->html = insert(p, t);
                p->mode = M_BEFORE_HEAD;
                return next;
            }
            p->html = insert_implied(p, GUMBO_TAG_HTML);
            p->mode = M_BEFORE_HEAD;
            continue;
        case M_BEFORE_HEAD:
            if (g == GUMBO_TAG_HTML) return GIVE_UP(p), next;
            if (g == GUMBO_TAG_HEAD) {
                p->head = insert(p, t);
                p->mode = M_IN_HEAD;
                return next;
            }
            p->head = insert_implied(p, GUMBO_TAG_HEAD);
            p->mode = M_IN_HEAD;
            continue;
        case M_IN_HEAD:
            if (head_tag(g)) return in_head_start(p, t);
            if (g == GUMBO_TAG_HTML || g == GUMBO_TAG_HEAD || g == GUMBO_TAG_NOSCRIPT ||
                g == GUMBO_TAG_NOFRAMES || g == GUMBO_TAG_TEMPLATE || g == GUMBO_TAG_MENUITEM)
                return GIVE_UP(p), next;
            pop(p);
            p->mode = M_AFTER_HEAD;
            continue;
        case M_AFTER_HEAD:
            if (g == GUMBO_TAG_BODY) {
                insert(p, t);
                p->mode = M_IN_BODY;
                return next;
            }
            if (g == GUMBO_TAG_HTML || g == GUMBO_TAG_FRAMESET || g == GUMBO_TAG_HEAD ||
                head_tag(g) || g == GUMBO_TAG_NOFRAMES || g == GUMBO_TAG_TEMPLATE)
                return GIVE_UP(p), next;
            insert_implied(p, GUMBO_TAG_BODY);
            p->mode = M_IN_BODY;
            continue;
        case M_IN_BODY:
            body_start(p, t, &next);
            return next;
        case M_IN_TABLE:
            if (g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD || g == GUMBO_TAG_TFOOT) {
                clear_to(p, 0, 0);
                insert(p, t);
                p->mode = M_IN_TABLE_BODY;
                return next;
            }
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH || g == GUMBO_TAG_TR) {
                clear_to(p, 0, 0);
                insert_implied(p, GUMBO_TAG_TBODY);
                p->mode = M_IN_TABLE_BODY;
                continue;
            }
            return GIVE_UP(p), next; /* caption, col, nested table, foster parenting */
        case M_IN_TABLE_BODY:
            if (g == GUMBO_TAG_TR) {
                clear_to(p, 0, 1);
                insert(p, t);
                p->mode = M_IN_ROW;
                return next;
            }
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH) {
                clear_to(p, 0, 1);
                insert_implied(p, GUMBO_TAG_TR);
                p->mode = M_IN_ROW;
                continue;
            }
            if (g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD || g == GUMBO_TAG_TFOOT) {
                if (!in_scope(p, GUMBO_TAG_TBODY, 't', 0) &&
                    !in_scope(p, GUMBO_TAG_THEAD, 't', 0) && !in_scope(p, GUMBO_TAG_TFOOT, 't', 0))
                    return GIVE_UP(p), next;
                clear_to(p, 0, 1);
                pop(p);
                p->mode = M_IN_TABLE;
                continue;
            }
            return GIVE_UP(p), next;
        case M_IN_ROW:
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH) {
                clear_to(p, 1, 0);
                insert(p, t);
                p->mode = M_IN_CELL;
                if (p->n_afe == AFE_MAX) return GIVE_UP(p), next;
                p->afe[p->n_afe++] = NULL;
                return next;
            }
            if (g == GUMBO_TAG_TR || g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD ||
                g == GUMBO_TAG_TFOOT) {
                if (!in_scope(p, GUMBO_TAG_TR, 't', 0)) return GIVE_UP(p), next;
                clear_to(p, 1, 0);
                pop(p);
                p->mode = M_IN_TABLE_BODY;
                continue;
            }
            return GIVE_UP(p), next;
        case M_IN_CELL:
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH || g == GUMBO_TAG_TR ||
                g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD || g == GUMBO_TAG_TFOOT) {
                if (!in_scope(p, GUMBO_TAG_TD, 't', 0) && !in_scope(p, GUMBO_TAG_TH, 't', 0))
                    return GIVE_UP(p), next;
                close_cell(p);
                continue;
            }
            if (g == GUMBO_TAG_CAPTION || g == GUMBO_TAG_COL || g == GUMBO_TAG_COLGROUP)
                return GIVE_UP(p), next;
            body_start(p, t, &next);
            return next;
        default:
            return GIVE_UP(p), next;
        }
    }
    GIVE_UP(p);
    return next;
}

static void token_end(fp *p, token *t) {
    for (int guard = 0; guard < 8 && !p->fail; guard++) {
        GumboTag g = t->tag;
        switch (p->mode) {
        case M_INITIAL:
            p->mode = M_BEFORE_HTML;
            continue;
        case M_BEFORE_HTML:
            if (g != GUMBO_TAG_HEAD && g != GUMBO_TAG_BODY && g != GUMBO_TAG_HTML) break;
            p->html = insert_implied(p, GUMBO_TAG_HTML);
            p->mode = M_BEFORE_HEAD;
            continue;
        case M_BEFORE_HEAD:
            if (g != GUMBO_TAG_HEAD && g != GUMBO_TAG_BODY && g != GUMBO_TAG_HTML) break;
            p->head = insert_implied(p, GUMBO_TAG_HEAD);
            p->mode = M_IN_HEAD;
            continue;
        case M_IN_HEAD:
            if (g == GUMBO_TAG_HEAD) {
                pop(p);
                p->mode = M_AFTER_HEAD;
                return;
            }
            if (g != GUMBO_TAG_BODY && g != GUMBO_TAG_HTML) break;
            pop(p);
            p->mode = M_AFTER_HEAD;
            continue;
        case M_AFTER_HEAD:
            if (g != GUMBO_TAG_BODY && g != GUMBO_TAG_HTML) break;
            insert_implied(p, GUMBO_TAG_BODY);
            p->mode = M_IN_BODY;
            continue;
        case M_IN_BODY:
            body_end(p, t);
            return;
        case M_IN_TABLE:
            if (g == GUMBO_TAG_TABLE && in_scope(p, g, 't', 0)) {
                pop_until(p, g, 0);
                reset_mode(p);
                return;
            }
            break;
        case M_IN_TABLE_BODY:
            if ((g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD || g == GUMBO_TAG_TFOOT) &&
                in_scope(p, g, 't', 0)) {
                clear_to(p, 0, 1);
                pop(p);
                p->mode = M_IN_TABLE;
                return;
            }
            if (g == GUMBO_TAG_TABLE &&
                (in_scope(p, GUMBO_TAG_TBODY, 't', 0) || in_scope(p, GUMBO_TAG_THEAD, 't', 0) ||
                 in_scope(p, GUMBO_TAG_TFOOT, 't', 0))) {
                clear_to(p, 0, 1);
                pop(p);
                p->mode = M_IN_TABLE;
                continue;
            }
            break;
        case M_IN_ROW:
            if (g == GUMBO_TAG_TR && in_scope(p, g, 't', 0)) {
                clear_to(p, 1, 0);
                pop(p);
                p->mode = M_IN_TABLE_BODY;
                return;
            }
            if ((g == GUMBO_TAG_TABLE || g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD ||
                 g == GUMBO_TAG_TFOOT) &&
                in_scope(p, GUMBO_TAG_TR, 't', 0) &&
                (g == GUMBO_TAG_TABLE || in_scope(p, g, 't', 0))) {
                clear_to(p, 1, 0);
                pop(p);
                p->mode = M_IN_TABLE_BODY;
                continue;
            }
            break;
        case M_IN_CELL:
            if (g == GUMBO_TAG_TD || g == GUMBO_TAG_TH) {
                if (!in_scope(p, g, 't', 0)) break;
                implied_ends(p, GUMBO_TAG_LAST);
                while (!p->fail && p->depth && pop(p)->v.element.tag != g)
                    ;
                clear_to_marker(p);
                p->mode = M_IN_ROW;
                return;
            }
            if (g == GUMBO_TAG_TABLE || g == GUMBO_TAG_TBODY || g == GUMBO_TAG_THEAD ||
                g == GUMBO_TAG_TFOOT || g == GUMBO_TAG_TR) {
                if (!in_scope(p, g, 't', 0)) break;
                close_cell(p);
                continue;
            }
            if (g == GUMBO_TAG_BODY || g == GUMBO_TAG_CAPTION || g == GUMBO_TAG_COL ||
                g == GUMBO_TAG_COLGROUP || g == GUMBO_TAG_HTML)
                break;
            body_end(p, t);
            return;
        case M_AFTER_BODY:
            if (g == GUMBO_TAG_HTML) {
                p->mode = M_AFTER_AFTER_BODY;
                return;
            }
            break;
        default:
            break;
        }
        break; /* ignored or unusual: gumbo's business */
    }
    GIVE_UP(p);
}

/* Text b[i..j) in the current mode: whitespace where only whitespace goes
 * (before and in head, in tables), the rest as in body. */
static void token_text(fp *p, size_t i, size_t j) {
    const char *b = p->b;
    while (i < j && !p->fail) {
        switch (p->mode) {
        case M_INITIAL:
        case M_BEFORE_HTML:
        case M_BEFORE_HEAD:
            while (i < j && is_ws((unsigned char)b[i]))
                i++; /* ignored */
            if (i == j) return;
            if (b[i] == '&') return (void)GIVE_UP(p); /* may be whitespace (&#32;) to gumbo */
            p->tok = b[i] == '\r' && i + 1 < p->n && b[i + 1] == '\n' ? i + 1 : i;
            if (p->mode == M_INITIAL)
                p->mode = M_BEFORE_HTML;
            else if (p->mode == M_BEFORE_HTML) {
                p->html = insert_implied(p, GUMBO_TAG_HTML);
                p->mode = M_BEFORE_HEAD;
            } else {
                p->head = insert_implied(p, GUMBO_TAG_HEAD);
                p->mode = M_IN_HEAD;
            }
            continue;
        case M_IN_HEAD:
        case M_AFTER_HEAD:
        case M_IN_TABLE:
        case M_IN_TABLE_BODY:
        case M_IN_ROW:
        case M_AFTER_BODY:
        case M_AFTER_AFTER_BODY: {
            size_t k = i;
            while (k < j && is_ws((unsigned char)b[k]))
                k++;
            int table = p->mode == M_IN_TABLE || p->mode == M_IN_TABLE_BODY || p->mode == M_IN_ROW;
            if (k > i) {
                if (p->mode == M_AFTER_BODY || p->mode == M_AFTER_AFTER_BODY) reconstruct(p);
                add_text(p, i, k);
                i = k;
            }
            if (i == j) return;
            if (table) {
                /* the whole pending text goes before the table when flushed */
                p->t_table = 1;
                add_text(p, i, j);
                return;
            }
            if (p->mode != M_IN_HEAD && p->mode != M_AFTER_HEAD) return (void)GIVE_UP(p);
            if (b[i] == '&') return (void)GIVE_UP(p); /* may be whitespace to gumbo */
            p->tok = b[i] == '\r' && i + 1 < p->n && b[i + 1] == '\n' ? i + 1 : i;
            if (p->mode == M_IN_HEAD) {
                pop(p);
                p->mode = M_AFTER_HEAD;
            } else {
                insert_implied(p, GUMBO_TAG_BODY);
                p->mode = M_IN_BODY;
            }
            continue;
        }
        case M_IN_BODY:
        case M_IN_CELL:
            reconstruct(p);
            add_text(p, i, j);
            return;
        }
    }
}

/* ---- the tokenizer ----------------------------------------------------------- */

static GumboAttribute *keep_attr(fp *p, const char *nm, size_t nl) {
    static const char *const used[] = {"id",   "class",    "style",    "hidden",
                                       "name", "property", "itemprop", "content"};
    for (size_t k = 0; k < sizeof used / sizeof *used; k++)
        if (strlen(used[k]) == nl && (nm[0] | 32) == used[k][0] &&
            !strncasecmp(used[k], nm, nl)) { /* length and first letter first */
            GumboAttribute *a = fp_alloc(p, sizeof *a);
            if (!a) return NULL;
            *a = zero_attr;
            a->attr_namespace = GUMBO_ATTR_NAMESPACE_NONE;
            a->name = used[k];
            return a;
        }
    return NULL;
}

/* Decodes an attribute value b[i..j) into a new string (refs, CR). */
static char *attr_value(fp *p, size_t i, size_t j) {
    size_t save_len = p->tlen, save_off = p->tstart_off;
    const char *save_start = p->tstart;
    int save_text = p->t_text;
    size_t mark = p->tlen;
    for (size_t k = i; k < j && !p->fail;) {
        if (p->b[k] == '&') {
            uint32_t cp = 0;
            long l = char_ref(p->b, j, k, &cp);
            if (l < 0) return GIVE_UP(p), NULL;
            if (l == 0) {
                tb_put(p, "&", 1);
                k++;
                continue;
            }
            char u[4];
            tb_put(p, u, (size_t)zb_utf8_put(cp, u));
            k += (size_t)l;
        } else if (p->b[k] == '\r') {
            tb_put(p, "\n", 1);
            k += k + 1 < j && p->b[k + 1] == '\n' ? 2 : 1;
        } else {
            size_t r = to_amp_cr(p->b, k, j);
            tb_put(p, p->b + k, r - k);
            k = r;
        }
    }
    char *v = p->fail ? NULL : fp_alloc(p, p->tlen - mark + 1);
    if (v) {
        if (p->tlen > mark) memcpy(v, p->tb + mark, p->tlen - mark);
        v[p->tlen - mark] = 0;
    }
    p->tlen = save_len, p->tstart_off = save_off, p->tstart = save_start, p->t_text = save_text;
    return v;
}

/* Tag names packed lower-case, one byte each, little end first. */
#define K2(a, b) ((uint64_t)(a) | (uint64_t)(b) << 8)
#define K3(a, b, c) (K2(a, b) | (uint64_t)(c) << 16)
#define K4(a, b, c, d) (K3(a, b, c) | (uint64_t)(d) << 24)
#define K5(a, b, c, d, e) (K4(a, b, c, d) | (uint64_t)(e) << 32)
#define K6(a, b, c, d, e, f) (K5(a, b, c, d, e) | (uint64_t)(f) << 40)
#define K7(a, b, c, d, e, f, g) (K6(a, b, c, d, e, f) | (uint64_t)(g) << 48)
#define K8(a, b, c, d, e, f, g, h) (K7(a, b, c, d, e, f, g) | (uint64_t)(h) << 56)

/* gumbo_tagn_enum for the tags report pages are made of, by one switch on
 * the packed name (gumbo hashes and compares with strncasecmp); other names
 * go to gumbo. tests/text checks every entry against gumbo. */
int zb_html_tag(const char *s, size_t n) {
    if (n == 0 || n > 8) return gumbo_tagn_enum(s, (unsigned)n);
    uint64_t k = 0;
    for (size_t i = n; i-- > 0;) {
        unsigned char c = (unsigned char)s[i];
        k = k << 8 | (unsigned char)((unsigned)(c - 'A') < 26u ? c | 32 : c);
    }
    switch (k) {
    case 'a':
        return GUMBO_TAG_A;
    case 'b':
        return GUMBO_TAG_B;
    case 'i':
        return GUMBO_TAG_I;
    case 'p':
        return GUMBO_TAG_P;
    case 's':
        return GUMBO_TAG_S;
    case 'u':
        return GUMBO_TAG_U;
    case K2('b', 'r'):
        return GUMBO_TAG_BR;
    case K2('d', 'd'):
        return GUMBO_TAG_DD;
    case K2('d', 'l'):
        return GUMBO_TAG_DL;
    case K2('d', 't'):
        return GUMBO_TAG_DT;
    case K2('e', 'm'):
        return GUMBO_TAG_EM;
    case K2('h', '1'):
        return GUMBO_TAG_H1;
    case K2('h', '2'):
        return GUMBO_TAG_H2;
    case K2('h', '3'):
        return GUMBO_TAG_H3;
    case K2('h', '4'):
        return GUMBO_TAG_H4;
    case K2('h', '5'):
        return GUMBO_TAG_H5;
    case K2('h', '6'):
        return GUMBO_TAG_H6;
    case K2('h', 'r'):
        return GUMBO_TAG_HR;
    case K2('l', 'i'):
        return GUMBO_TAG_LI;
    case K2('o', 'l'):
        return GUMBO_TAG_OL;
    case K2('t', 'd'):
        return GUMBO_TAG_TD;
    case K2('t', 'h'):
        return GUMBO_TAG_TH;
    case K2('t', 'r'):
        return GUMBO_TAG_TR;
    case K2('u', 'l'):
        return GUMBO_TAG_UL;
    case K3('d', 'i', 'v'):
        return GUMBO_TAG_DIV;
    case K3('i', 'm', 'g'):
        return GUMBO_TAG_IMG;
    case K3('n', 'a', 'v'):
        return GUMBO_TAG_NAV;
    case K3('s', 'u', 'b'):
        return GUMBO_TAG_SUB;
    case K3('s', 'u', 'p'):
        return GUMBO_TAG_SUP;
    case K3('b', 'i', 'g'):
        return GUMBO_TAG_BIG;
    case K4('b', 'o', 'd', 'y'):
        return GUMBO_TAG_BODY;
    case K4('f', 'o', 'n', 't'):
        return GUMBO_TAG_FONT;
    case K4('f', 'o', 'r', 'm'):
        return GUMBO_TAG_FORM;
    case K4('h', 'e', 'a', 'd'):
        return GUMBO_TAG_HEAD;
    case K4('h', 't', 'm', 'l'):
        return GUMBO_TAG_HTML;
    case K4('l', 'i', 'n', 'k'):
        return GUMBO_TAG_LINK;
    case K4('m', 'a', 'i', 'n'):
        return GUMBO_TAG_MAIN;
    case K4('m', 'e', 't', 'a'):
        return GUMBO_TAG_META;
    case K4('s', 'p', 'a', 'n'):
        return GUMBO_TAG_SPAN;
    case K5('a', 's', 'i', 'd', 'e'):
        return GUMBO_TAG_ASIDE;
    case K5('i', 'n', 'p', 'u', 't'):
        return GUMBO_TAG_INPUT;
    case K5('l', 'a', 'b', 'e', 'l'):
        return GUMBO_TAG_LABEL;
    case K5('s', 'm', 'a', 'l', 'l'):
        return GUMBO_TAG_SMALL;
    case K5('s', 't', 'y', 'l', 'e'):
        return GUMBO_TAG_STYLE;
    case K5('t', 'a', 'b', 'l', 'e'):
        return GUMBO_TAG_TABLE;
    case K5('t', 'b', 'o', 'd', 'y'):
        return GUMBO_TAG_TBODY;
    case K5('t', 'h', 'e', 'a', 'd'):
        return GUMBO_TAG_THEAD;
    case K5('t', 'i', 't', 'l', 'e'):
        return GUMBO_TAG_TITLE;
    case K6('b', 'u', 't', 't', 'o', 'n'):
        return GUMBO_TAG_BUTTON;
    case K6('c', 'e', 'n', 't', 'e', 'r'):
        return GUMBO_TAG_CENTER;
    case K6('f', 'o', 'o', 't', 'e', 'r'):
        return GUMBO_TAG_FOOTER;
    case K6('h', 'e', 'a', 'd', 'e', 'r'):
        return GUMBO_TAG_HEADER;
    case K6('i', 'f', 'r', 'a', 'm', 'e'):
        return GUMBO_TAG_IFRAME;
    case K6('s', 'c', 'r', 'i', 'p', 't'):
        return GUMBO_TAG_SCRIPT;
    case K6('s', 't', 'r', 'o', 'n', 'g'):
        return GUMBO_TAG_STRONG;
    case K7('a', 'r', 't', 'i', 'c', 'l', 'e'):
        return GUMBO_TAG_ARTICLE;
    case K7('s', 'e', 'c', 't', 'i', 'o', 'n'):
        return GUMBO_TAG_SECTION;
    case K8('n', 'o', 's', 'c', 'r', 'i', 'p', 't'):
        return GUMBO_TAG_NOSCRIPT;
    default:
        return gumbo_tagn_enum(s, (unsigned)n);
    }
}

/* Reads a tag at b[i] == '<' (b[i+1] a letter, or '/' and a letter). */
/* The offset of the first c in b[i..n), n if none. Most are near (the text
 * between two tags, an attribute's value): the first 16 bytes are looked
 * at here, the rest by memchr, whose call costs more than that. */
static inline size_t find_byte(const char *b, size_t i, size_t n, char c) {
#if defined(__SSE2__)
    if (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
        if (m) return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    const char *q = memchr(b + i, c, n - i);
    return q ? (size_t)(q - b) : n;
}

/* The end of the text at b[i] (the first '<' from i, n if none), and in
 * *clean whether b[i..end) is free of '&' and CR: one pass over the text
 * where a search for '<' and add_text's search for the other two made two.
 * 16 bytes at a time, then byte by byte. */
static inline size_t text_end(const char *b, size_t i, size_t n, int *clean) {
    unsigned seen = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
        unsigned lt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
        unsigned ac = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
        if (lt) {
            unsigned z = (unsigned)__builtin_ctz(lt);
            *clean = !(seen | (ac & ((1u << z) - 1u)));
            return i + z;
        }
        seen |= ac;
    }
#endif
    for (; i < n && b[i] != '<'; i++)
        seen |= b[i] == '&' || b[i] == '\r';
    *clean = !seen;
    return i;
}

/* What the tag reader tells apart, by byte: one look-up where a loop
 * compared each byte with five to eight chars. */
enum { T_WS = 1, T_SLASH = 2, T_GT = 4, T_EQ = 8, T_QUOTE = 16, T_LT = 32, T_BACKTICK = 64 };
static const unsigned char tag_cls[256] = {
    [' '] = T_WS,    ['\t'] = T_WS,    ['\n'] = T_WS, ['\f'] = T_WS,
    ['\r'] = T_WS,   ['/'] = T_SLASH,  ['>'] = T_GT,  ['='] = T_EQ,
    ['"'] = T_QUOTE, ['\''] = T_QUOTE, ['<'] = T_LT,  ['`'] = T_BACKTICK};

static int read_tag(fp *p, size_t i, token *t) {
    const char *b = p->b;
    size_t n = p->n, j = i + 1;
    memset(t, 0, sizeof *t);
    t->at = i;
    if (b[j] == '/') t->end = 1, j++;
    size_t nm = j;
    while (j < n && !(tag_cls[(unsigned char)b[j]] & (T_WS | T_SLASH | T_GT)))
        j++;
    if (j >= n) return -1;
    t->tag = (GumboTag)zb_html_tag(b + nm, j - nm);
    if (t->tag == GUMBO_TAG_UNKNOWN) return -1;
    for (;;) {
        while (j < n && tag_cls[(unsigned char)b[j]] & T_WS)
            j++;
        if (j >= n) return -1;
        if (b[j] == '>') break;
        if (b[j] == '/') {
            if (j + 1 < n && b[j + 1] == '>') {
                t->self_closing = 1;
                j++;
                break;
            }
            return -1;
        }
        if (t->end) return -1; /* attributes on an end tag */
        size_t an = j;
        /* the name: up to a space, '/', '>' or '='; a quote or '<' in it is
         * left to gumbo */
        unsigned stop = 0;
        while (j < n && !(stop = tag_cls[(unsigned char)b[j]] &
                                 (T_WS | T_SLASH | T_GT | T_EQ | T_QUOTE | T_LT)))
            j++;
        if (stop & (T_QUOTE | T_LT)) return -1;
        size_t ae = j;
        if (ae == an) return -1; /* a name starting with '=' */
        while (j < n && tag_cls[(unsigned char)b[j]] & T_WS)
            j++;
        if (j >= n) return -1;
        size_t vs = j, ve = j;
        int has_value = b[j] == '=';
        if (has_value) {
            j++;
            while (j < n && tag_cls[(unsigned char)b[j]] & T_WS)
                j++;
            if (j >= n) return -1;
            if (b[j] == '"' || b[j] == '\'') {
                size_t q = find_byte(b, j + 1, n, b[j]);
                if (q == n) return -1;
                vs = j + 1, ve = q;
                j = ve + 1;
                if (j < n && !is_ws((unsigned char)b[j]) && b[j] != '/' && b[j] != '>') return -1;
            } else {
                vs = j;
                while (j < n && !(stop = tag_cls[(unsigned char)b[j]] &
                                         (T_WS | T_GT | T_QUOTE | T_LT | T_EQ | T_BACKTICK)))
                    j++;
                if (stop & (T_QUOTE | T_LT | T_EQ | T_BACKTICK)) return -1;
                ve = j;
                if (ve == vs) return -1;
            }
        }
        int dup = 0;
        for (unsigned k = 0; k < t->attrs.length; k++)
            if (strlen(((GumboAttribute *)t->attrs.data[k])->name) == ae - an &&
                !strncasecmp(((GumboAttribute *)t->attrs.data[k])->name, b + an, ae - an))
                dup = 1;
        GumboAttribute *a = dup ? NULL : keep_attr(p, b + an, ae - an);
        if (a) {
            a->value = has_value ? attr_value(p, vs, ve) : "";
            if (!a->value || vec_add(p, &t->attrs, a)) return -1;
        }
        if (p->fail) return -1;
    }
    t->after = j + 1;
    return 0;
}

/* 1 when 32 bytes at b (b[32] readable) may hold what odd_bytes looks for:
 * the bytes it checks, each with the next one (full-width punctuation, EF BC
 * xx, and nbsp, C2 A0, pass). With SSE2 (every x86-64) 16 bytes at a time,
 * the next bytes as a second load one byte on: about a third of the
 * instructions gcc makes of the portable loop below, which it vectorizes
 * byte lane by byte lane. */
#if defined(__SSE2__)
static int odd_block(const unsigned char *b) {
    const __m128i flip = _mm_set1_epi8((char)0x80); /* unsigned order as signed */
    __m128i bad = _mm_setzero_si128();
    for (int k = 0; k < 32; k += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(b + k));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(b + k + 1));
        __m128i cs = _mm_xor_si128(c, flip), ds = _mm_xor_si128(d, flip);
        __m128i ctl = _mm_cmplt_epi8(cs, _mm_set1_epi8((char)(0x20 ^ 0x80)));
        __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('\t')),
                                               _mm_cmpeq_epi8(c, _mm_set1_epi8('\n'))),
                                  _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('\f')),
                                               _mm_cmpeq_epi8(c, _mm_set1_epi8('\r'))));
        bad = _mm_or_si128(bad, _mm_andnot_si128(ws, ctl));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(c, _mm_set1_epi8(0x7F)));
        bad = _mm_or_si128(bad,
                           _mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8((char)0xC2)),
                                         _mm_cmplt_epi8(ds, _mm_set1_epi8((char)(0xA0 ^ 0x80)))));
        bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8((char)0xEF)),
                                              _mm_cmpeq_epi8(_mm_or_si128(d, _mm_set1_epi8(8)),
                                                             _mm_set1_epi8((char)0xBF))));
        bad = _mm_or_si128(bad, _mm_cmpgt_epi8(cs, _mm_set1_epi8((char)(0xEF ^ 0x80))));
    }
    return _mm_movemask_epi8(bad) != 0;
}
#else
static int odd_block(const unsigned char *b) {
    unsigned char bad = 0;
    for (int k = 0; k < 32; k++) {
        unsigned char c = b[k], d = b[k + 1];
        bad |= (unsigned char)((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\f') & (c != '\r'));
        bad |= (unsigned char)((c == 0x7F) | ((c == 0xC2) & (d < 0xA0)) |
                               ((c == 0xEF) & ((d | 8) == 0xBF)) | (c >= 0xF0));
    }
    return bad;
}
#endif

/* Bytes gumbo turns into U+FFFD or treats apart: C0 controls but tab, LF, FF,
 * CR; DEL; C1 controls (C2 80..9F); noncharacters (U+FDD0..FDEF, U+xFFFE/F). */
static int odd_bytes(const char *s, size_t n) {
    const unsigned char *b = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if ((i & 31) == 0 && i + 32 < n && !odd_block(b + i)) {
            i += 31; /* the loop's i++ goes on at the next block */
            continue;
        }
        unsigned c = b[i];
        if (c >= 0x20 && c < 0x7F) continue;
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\f' && c != '\r') return 1;
        } else if (c == 0x7F) {
            return 1;
        } else if (c == 0xC2) {
            if (i + 1 < n && b[i + 1] < 0xA0) return 1;
        } else if (c == 0xEF) {
            if (i + 2 < n && ((b[i + 1] == 0xB7 && b[i + 2] >= 0x90 && b[i + 2] <= 0xAF) ||
                              (b[i + 1] == 0xBF && b[i + 2] >= 0xBE)))
                return 1;
        } else if (c >= 0xF0) {
            if (i + 3 < n && b[i + 2] == 0xBF && b[i + 3] >= 0xBE && (b[i + 1] & 0x0F) == 0x0F)
                return 1;
        }
    }
    return 0;
}

/* Public identifiers with which gumbo 0.10.1's compute_quirks_mode gives no
 * quirks (its prefix lists are compared whole, so these, the usual ones,
 * match none); test_html_fast checks each against gumbo. */
static const char *const no_quirks_ids[] = {"-//W3C//DTD XHTML 1.0 Transitional//EN",
                                            "-//W3C//DTD XHTML 1.0 Strict//EN",
                                            "-//W3C//DTD XHTML 1.1//EN",
                                            "-//W3C//DTD HTML 4.01 Transitional//EN",
                                            "-//W3C//DTD HTML 4.01//EN",
                                            "-//W3C//DTD HTML 4.0 Transitional//EN"};

/* gumbo's quirks mode for the doctype whose text after "<!DOCTYPE" is d[0..n)
 * (up to its '>'): 0 (none) for "html" alone or "html PUBLIC" one of the ids
 * above (with a system id or not), -1 (not known here) for anything else. */
static int doctype_quirks(const char *d, size_t n) {
    size_t i = 0, k;
    if (i == n || !is_ws((unsigned char)d[i])) return -1;
    while (i < n && is_ws((unsigned char)d[i]))
        i++;
    if (n - i < 4 || strncasecmp(d + i, "html", 4)) return -1;
    i += 4;
    for (k = i; k < n && is_ws((unsigned char)d[k]);)
        k++;
    if (k == n) return 0;
    if (k == i || n - k < 6 || strncasecmp(d + k, "PUBLIC", 6)) return -1;
    for (i = k + 6, k = i; k < n && is_ws((unsigned char)d[k]);)
        k++;
    if (k == i || k == n || d[k] != '"') return -1;
    const char *q = memchr(d + k + 1, '"', n - k - 1);
    if (!q) return -1;
    size_t il = (size_t)(q - (d + k + 1));
    int known = 0;
    for (size_t x = 0; x < sizeof no_quirks_ids / sizeof *no_quirks_ids; x++)
        known |= strlen(no_quirks_ids[x]) == il && !memcmp(no_quirks_ids[x], d + k + 1, il);
    if (!known) return -1;
    for (i = (size_t)(q - d) + 1, k = i; k < n && is_ws((unsigned char)d[k]);)
        k++;
    if (k == n) return 0;
    if (k == i || d[k] != '"') return -1;
    q = memchr(d + k + 1, '"', n - k - 1);
    static const char ibm[] = "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd";
    if (!q ||
        ((size_t)(q - (d + k + 1)) == sizeof ibm - 1 && !memcmp(d + k + 1, ibm, sizeof ibm - 1)))
        return -1; /* the one system id that means quirks */
    for (k = (size_t)(q - d) + 1; k < n && is_ws((unsigned char)d[k]);)
        k++;
    return k == n ? 0 : -1;
}

static GumboNode *parse(const char *u8, size_t n, void *(*alloc)(void *, size_t), void *ud,
                        int *oom) {
    *oom = 0;
    fp *p = malloc(sizeof *p);
    if (!p) return *oom = 1, NULL;
    memset(p, 0, offsetof(fp, stack));
    p->quirks = 1; /* no doctype: quirks (a doctype first says otherwise) */
    p->b = u8, p->n = n, p->alloc = alloc, p->ud = ud;
    size_t i = 0;
    while (i < n && !p->fail) {
        int clean;
        size_t j = text_end(u8, i, n, &clean);
        if (j > i) {
            p->tok = i;
            p->clean_lo = i, p->clean_hi = clean ? j : i;
            token_text(p, i, j);
            i = j;
            continue;
        }
        p->tok = i;
        unsigned c1 = i + 1 < n ? (unsigned char)u8[i + 1] : 0;
        unsigned c2 = i + 2 < n ? (unsigned char)u8[i + 2] : 0;
        if ((c1 | 32u) - 'a' < 26u || (c1 == '/' && (c2 | 32u) - 'a' < 26u)) {
            /* a tag may search the open elements (scopes, formatting
             * elements): under a deep stack it costs up to the stack's
             * length, and counts a work-budget step (budget.h); under a
             * shallow one it is cheap, and not counted (a compare per tag).
             * The caller sees the budget spent and does not hand the page to
             * gumbo. */
            if (p->depth > DEEP_STACK && zb_budget_over()) {
                GIVE_UP(p);
                break;
            }
            token t;
            if (read_tag(p, i, &t)) {
                GIVE_UP(p);
                break;
            }
            if (t.end) {
                token_end(p, &t);
                i = t.after;
            } else {
                i = token_start(p, &t);
            }
        } else if (c1 == '!' && c2 == '-' && i + 3 < n && u8[i + 3] == '-') {
            /* comment: up to the first "-->"; abrupt and "--!>" endings are
             * gumbo's */
            size_t s = i + 4;
            if (s < n && (u8[s] == '>' || (u8[s] == '-' && s + 1 < n && u8[s + 1] == '>'))) {
                GIVE_UP(p);
                break;
            }
            const char *e = NULL;
            for (size_t k = s; k + 2 < n; k++)
                if (u8[k] == '-' && u8[k + 1] == '-') {
                    if (u8[k + 2] == '>') {
                        e = u8 + k;
                        break;
                    }
                    if (u8[k + 2] == '!') break;
                }
            if (!e || p->mode == M_INITIAL || p->mode == M_BEFORE_HTML) {
                GIVE_UP(p);
                break;
            }
            flush_here(p); /* the comment node itself is not needed */
            i = (size_t)(e - u8) + 3;
        } else if (c1 == '!' && n - i >= 9 && !strncasecmp(u8 + i + 2, "DOCTYPE", 7) &&
                   p->mode == M_INITIAL) {
            const char *e = memchr(u8 + i, '>', n - i);
            if (!e) {
                GIVE_UP(p);
                break;
            }
            p->quirks = doctype_quirks(u8 + i + 9, (size_t)(e - u8) - (i + 9));
            p->mode = M_BEFORE_HTML;
            i = (size_t)(e - u8) + 1;
        } else if (c1 == '!' || c1 == '/' || c1 == '?' || c1 == 0) {
            GIVE_UP(p); /* bogus comments, "</>", a cut tag */
        } else {
            p->tok = i;
            token_text(p, i, i + 1); /* a '<' that starts no markup */
            i++;
        }
    }
    /* end of input: the implied elements, then everything open ends here */
    p->tok = n;
    for (int guard = 0; guard < 8 && !p->fail; guard++) {
        if (p->mode == M_INITIAL) {
            p->mode = M_BEFORE_HTML;
        } else if (p->mode == M_BEFORE_HTML) {
            p->html = insert_implied(p, GUMBO_TAG_HTML);
            p->mode = M_BEFORE_HEAD;
        } else if (p->mode == M_BEFORE_HEAD) {
            p->head = insert_implied(p, GUMBO_TAG_HEAD);
            p->mode = M_IN_HEAD;
        } else if (p->mode == M_IN_HEAD) {
            pop(p);
            p->mode = M_AFTER_HEAD;
        } else if (p->mode == M_AFTER_HEAD) {
            insert_implied(p, GUMBO_TAG_BODY);
            p->mode = M_IN_BODY;
        } else {
            break;
        }
    }
    flush(p, u8 + n);
    while (!p->fail && p->depth)
        pop(p);
    GumboNode *root = p->fail ? NULL : p->html;
#ifdef ZB_HTML_FAST_DEBUG
    if (root) fprintf(stderr, "html_fast: built the tree\n");
#endif
    if (p->fail == 2) *oom = 1;
    free(p->tb);
    free(p);
    return root;
}

GumboNode *zb_html_fast_parse(const char *u8, size_t n, void *(*alloc)(void *, size_t), void *ud,
                              int *oom) {
    *oom = 0;
    return odd_bytes(u8, n) ? NULL : parse(u8, n, alloc, ud, oom);
}

GumboNode *zb_html_fast_parse_checked(const char *u8, size_t n, void *(*alloc)(void *, size_t),
                                      void *ud, int *oom) {
    return parse(u8, n, alloc, ud, oom);
}
