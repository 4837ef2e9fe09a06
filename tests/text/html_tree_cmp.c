/* html_tree_cmp.c - see html_tree_cmp.h. */
#include "html_tree_cmp.h"

#include <gumbo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

/* The first difference found: printed with the node's path, then the
 * comparison stops. */
#define DIFF(cond, ...)                                                                            \
    do {                                                                                           \
        c->st->checks++;                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s: at %s: %s: ", c->name, path, #cond);                         \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputs(" (gumbo vs fast)\n", stderr);                                                   \
            return 0;                                                                              \
        }                                                                                          \
    } while (0)

typedef struct {
    const char *name, *b;
    html_cmp_stats *st;
} cmp_ctx;

/* A bump allocator for the fast parser's nodes, freed in one go. */
typedef struct block {
    struct block *next;
    max_align_t data[];
} block;

static void *bump(void *ud, size_t n) {
    block *b = malloc(sizeof *b + n);
    if (!b) return NULL;
    b->next = *(block **)ud;
    *(block **)ud = b;
    return b->data;
}

static void bump_free(block *b) {
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
}

static const char *const attrs[] = {"id",   "class",    "style",    "hidden",
                                    "name", "property", "itemprop", "content"};

static int same(const cmp_ctx *c, const char *path, const GumboNode *g, const GumboNode *f);

static int same_text(const cmp_ctx *c, const char *path, const GumboNode *g, const GumboNode *f) {
    const GumboText *x = &g->v.text, *y = &f->v.text;
    const char *b = c->b;
    DIFF(!strcmp(x->text, y->text), "text '%s' vs '%s'", x->text, y->text);
    DIFF(x->original_text.data - b == y->original_text.data - b &&
             x->original_text.length == y->original_text.length,
         "original text of '%s' at %td+%zu vs %td+%zu", x->text, x->original_text.data - b,
         x->original_text.length, y->original_text.data - b, y->original_text.length);
    DIFF(x->start_pos.offset == y->start_pos.offset, "text '%s' starts at %u vs %u", x->text,
         x->start_pos.offset, y->start_pos.offset);
    return 1;
}

/* The children, comments skipped (the fast parser does not build them). */
static int same_children(const cmp_ctx *c, const char *path, const GumboElement *x,
                         const GumboElement *y) {
    unsigned i = 0, j = 0;
    for (;;) {
        while (i < x->children.length &&
               ((GumboNode *)x->children.data[i])->type == GUMBO_NODE_COMMENT)
            i++;
        if (i == x->children.length || j == y->children.length) break;
        const GumboNode *gc = x->children.data[i++], *fc = y->children.data[j];
        char sub[1024];
        const char *tn =
            gc->type == GUMBO_NODE_ELEMENT ? gumbo_normalized_tagname(gc->v.element.tag) : "#text";
        snprintf(sub, sizeof sub, "%s>%s[%u]", path, tn, j++);
        if (!same(c, sub, gc, fc)) return 0;
    }
    DIFF(i == x->children.length && j == y->children.length, "%u vs %u children",
         x->children.length, y->children.length);
    return 1;
}

/* Node by node: type, tag, text, original text (as offsets), positions,
 * the attributes the decode layer reads. */
static int same(const cmp_ctx *c, const char *path, const GumboNode *g, const GumboNode *f) {
    DIFF(g->type == f->type || (g->type != GUMBO_NODE_ELEMENT && f->type != GUMBO_NODE_ELEMENT &&
                                g->type != GUMBO_NODE_COMMENT),
         "node type %d vs %d", g->type, f->type);
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE)
        return same_text(c, path, g, f);
    const GumboElement *x = &g->v.element, *y = &f->v.element;
    DIFF(x->tag == y->tag, "<%s> vs <%s>", gumbo_normalized_tagname(x->tag),
         gumbo_normalized_tagname(y->tag));
    const char *tn = gumbo_normalized_tagname(x->tag);
    DIFF(x->start_pos.offset == y->start_pos.offset, "<%s> starts at %u vs %u", tn,
         x->start_pos.offset, y->start_pos.offset);
    if (x->tag == GUMBO_TAG_TD || x->tag == GUMBO_TAG_TH)
        DIFF(x->end_pos.offset == y->end_pos.offset, "<%s> ends at %u vs %u", tn, x->end_pos.offset,
             y->end_pos.offset);
    for (size_t k = 0; k < sizeof attrs / sizeof *attrs; k++) {
        GumboAttribute *u = gumbo_get_attribute(&x->attributes, attrs[k]);
        GumboAttribute *v = gumbo_get_attribute(&y->attributes, attrs[k]);
        DIFF((!u && !v) || (u && v && !strcmp(u->value, v->value)), "<%s %s> '%s' vs '%s'", tn,
             attrs[k], u ? u->value : "(none)", v ? v->value : "(none)");
    }
    return same_children(c, path, x, y);
}

int html_cmp_page(const char *name, const char *b, size_t n, html_cmp_stats *st) {
    block *mem = NULL;
    int oom = 0, r = 0;
    GumboNode *f = zb_html_fast_parse(b, n, bump, &mem, &oom);
    if (!f) {
        st->gave_up++;
    } else {
        st->built++;
        GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, b, n);
        cmp_ctx c = {name, b, st};
        r = same(&c, "html", g->root, f) ? 1 : -1;
        if (r < 0) st->failures++;
        gumbo_destroy_output(&kGumboDefaultOptions, g);
    }
    bump_free(mem);
    return r;
}

int html_cmp_utf8(const char *b, size_t n) {
    size_t k = 0;
    uint32_t cp;
    int l = 1;
    while (k < n && (l = zb_utf8_char((const unsigned char *)b + k, n - k, &cp)) > 0)
        k += (size_t)l;
    return k == n;
}
