/* test_evidence.c - zb_text_original_verbatim against zb_text_original: for
 * every range of a few decoded texts (traditional chars, full-width digits,
 * entities, simplified text with nothing converted), the range it snaps to is
 * the one zb_text_original renders, and it says "verbatim" exactly when the
 * evidence text is those bytes of s as they are (extract.c then copies them
 * once instead of rendering them through a buffer), and its cursor finds
 * the same orig entry from wherever it starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "zb_buf.h"

static int failures, checks;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, "\n");                                                                 \
        }                                                                                          \
    } while (0)

static int is_cont(const zb_text *t, size_t i) {
    return i < t->len && ((unsigned char)t->s[i] & 0xC0) == 0x80;
}

/* Every [a, b) with a < b <= len (byte offsets, mid-char ones included):
 * returns how many ranges were verbatim. */
static size_t check_all_ranges(const zb_text *t, const char *name, size_t *cursor) {
    size_t n_verbatim = 0;
    zb_buf o = ZB_BUF_INIT;
    for (size_t a = 0; a < t->len; a++)
        for (size_t b = a + 1; b <= t->len; b++) {
            size_t va = a, vb = b;
            int v = zb_text_original_verbatim(t, &va, &vb, NULL);
            /* from any cursor (before, at, after the answer, past the end):
             * the same answer, and the cursor is left at the first orig
             * entry at or after the snapped start */
            size_t starts[] = {0,      1, t->n_orig / 3, t->n_orig / 2, t->n_orig, t->n_orig + 5,
                               *cursor};
            for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
                size_t ca = a, cb = b, c = starts[k];
                int cv = zb_text_original_verbatim(t, &ca, &cb, &c);
                CHECK(cv == v && ca == va && cb == vb && c <= t->n_orig &&
                          (c == t->n_orig || t->orig[c].at >= va) &&
                          (c == 0 || t->orig[c - 1].at < va),
                      "%s: [%zu,%zu) from cursor %zu: %d [%zu,%zu) cursor %zu", name, a, b,
                      starts[k], cv, ca, cb, c);
                if (k + 1 == sizeof starts / sizeof starts[0]) *cursor = c;
            }
            zb_buf_reset(&o);
            int rc = zb_text_original(t, a, b, &o);
            CHECK(rc == 0, "%s: zb_text_original [%zu,%zu) failed", name, a, b);
            CHECK(va <= a && vb >= b && vb <= t->len && !is_cont(t, va) && !is_cont(t, vb),
                  "%s: [%zu,%zu) snapped to [%zu,%zu)", name, a, b, va, vb);
            int same = o.len == vb - va && !memcmp(o.p, t->s + va, vb - va);
            CHECK(v == same, "%s: [%zu,%zu) verbatim %d, but the evidence is%s s[%zu..%zu)", name,
                  a, b, v, same ? "" : " not", va, vb);
            n_verbatim += v != 0;
            if (failures > 20) goto out;
        }
out:
    zb_buf_free(&o);
    return n_verbatim;
}

static void decode(const zb_t2s *t2s, const char *in, const char *ct, zb_text *t) {
    char err[256];
    zb_status st = zb_text_decode(t2s, in, strlen(in), ct, NULL, 0, t, err, sizeof err);
    CHECK(st == ZB_OK, "decode '%.30s': %s", in, err);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_evidence CONFIG_DIR\n");
        return 2;
    }
    char err[256];
    zb_t2s *t2s = zb_t2s_load(argv[1], err, sizeof err);
    if (!t2s) {
        fprintf(stderr, "zb_t2s_load: %s\n", err);
        return 1;
    }
    struct {
        const char *name, *in, *ct;
        int some_verbatim, all_verbatim;
    } cases[] = {
        /* simplified, nothing converted: every range is the text's bytes */
        {"simplified", "全年办理行政复议案件12件、纠错率为3.5%。", NULL, 1, 1},
        /* traditional chars and full-width digits between simplified ones */
        {"traditional", "全年辦理行政復議案件１２件，敗訴率為８．１％，較上年下降。", NULL, 1, 0},
        /* an entity and a full-width percent sign in a page */
        {"html",
         "<html><body><p>行政复议&nbsp;纠错率&#32;为3.5％，应诉率100%。</p>"
         "<p>法治政府建设年度报告</p></body></html>",
         "text/html", 1, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        zb_text t;
        decode(t2s, cases[k].in, cases[k].ct, &t);
        size_t cursor = 0, n = t.len * (t.len + 1) / 2,
               v = check_all_ranges(&t, cases[k].name, &cursor);
        CHECK(!cases[k].some_verbatim || v > 0, "%s: no range verbatim", cases[k].name);
        CHECK(cases[k].all_verbatim ? v == n : v < n, "%s: %zu of %zu ranges verbatim",
              cases[k].name, v, n);
        zb_text_free(&t);
    }
    zb_t2s_free(t2s);
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
