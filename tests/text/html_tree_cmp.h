/* html_tree_cmp.h - compares the fast HTML parser's tree
 * (worker/extract/text_html_fast.c) with gumbo's for the same bytes, node by
 * node on everything the decode layer reads. Shared by tests/text/
 * test_html_fast.c and the differential fuzz target
 * tests/fuzz/fuzz_html_tree.c. */
#ifndef HTML_TREE_CMP_H
#define HTML_TREE_CMP_H

#include <stddef.h>

typedef struct {
    int checks;   /* node comparisons made */
    int failures; /* pages whose trees differ (one message each) */
    int built;    /* pages the fast parser built */
    int gave_up;  /* pages it left to gumbo */
} html_cmp_stats;

/* Parses b[0..n) with both parsers. Returns 1 when the fast parser built a
 * tree equal to gumbo's, 0 when it gave up (or ran out of memory), -1 on the
 * first difference, after printing to stderr where it is: name, the path of
 * the node from the root (tag[child index]>...) and both values. */
int html_cmp_page(const char *name, const char *b, size_t n, html_cmp_stats *st);

/* 1 when b[0..n) is valid UTF-8: the fast parser is only given such pages
 * (GB18030 pages are converted first), others are not comparable. */
int html_cmp_utf8(const char *b, size_t n);

#endif
