/* fuzz_html_tree.c - differential libFuzzer target for the fast HTML parser
 * (worker/extract/text_html_fast.c): whenever zb_html_fast_parse() accepts
 * the input, its tree must be gumbo's tree for the same bytes, node by node
 * on everything the decode layer reads (tests/text/html_tree_cmp.c, shared
 * with test_html_fast). The first difference is printed with the path of the
 * node and both values, then the target aborts.
 *
 * The decode layer only hands the fast parser valid UTF-8 (GB18030 pages are
 * converted first), so other inputs are skipped. */
#include <stdint.h>
#include <stdlib.h>

#include "html_tree_cmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *b = (const char *)data;
    if (!html_cmp_utf8(b, size)) return 0;
    html_cmp_stats st = {0};
    if (html_cmp_page("fuzz input", b, size, &st) < 0) abort();
    return 0;
}
