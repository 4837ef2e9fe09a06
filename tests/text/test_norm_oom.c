/* test_norm_oom.c - the decode layer out of memory: each realloc a decode
 * makes fails in turn (this program alone links with realloc wrapped). The
 * normalizer's out-of-memory tail, one copy for its fast loops (text_norm.c
 * slow_char), must end the decode with ZB_E_NOMEM and its message, or, when
 * the failed realloc was one the decode could do without, give the text of a
 * decode with no failure; under ASan, no leak and no bad access either way.
 * Inputs are built here: plain UTF-8 and GB18030 text full of full-width
 * ASCII (each one an orig entry, so the orig array grows; GB18030 text also
 * grows from 2 to 3 bytes a char), the same with an invalid byte at the end,
 * and a page.
 *
 *   test_norm_oom CONFIG_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "zb_extract.h"

#include "../check.h"
#include "test_utf8.h"

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

static long calls, fail_at; /* the realloc that fails (0: none) */

void *__wrap_realloc(void *p, size_t n) {
    if (++calls == fail_at) return NULL;
    return __real_realloc(p, n);
}

/* Decodes in[0..len) with every one of its reallocs failing in turn. */
static void each_failure(const zb_t2s *t2s, const char *in, size_t len, const char *ct,
                         const char *name) {
    char err[256], err0[256] = "";
    zb_text ref;
    fail_at = 0;
    long before = calls;
    zb_status st0 = zb_text_decode(t2s, in, len, ct, NULL, 0, &ref, err0, sizeof err0);
    long n = calls - before;
    CHECK(n > 0, "%s: no realloc to fail", name);
    int nomem = 0;
    for (long k = 1; k <= n; k++) {
        zb_text t;
        fail_at = calls + k;
        zb_status st = zb_text_decode(t2s, in, len, ct, NULL, 0, &t, err, sizeof err);
        fail_at = 0;
        if (st == ZB_E_NOMEM) {
            nomem++;
            CHECK(strstr(err, "out of memory") != NULL, "%s, realloc %ld failed: message %s", name,
                  k, err);
            continue;
        }
        CHECK(st == st0, "%s, realloc %ld failed: status %d, want %d or out of memory (%s)", name,
              k, (int)st, (int)st0, err);
        /* an invalid byte is found where it is, out of memory or not: the
         * tail validates the rest of the input */
        if (st != ZB_OK && st == st0)
            CHECK(strcmp(err, err0) == 0, "%s, realloc %ld failed: %s, want %s", name, k, err,
                  err0);
        if (st == ZB_OK && st0 == ZB_OK) {
            CHECK(t.len == ref.len && memcmp(t.s, ref.s, t.len) == 0 &&
                      memcmp(t.off, ref.off, (t.len + 1) * sizeof *t.off) == 0,
                  "%s, realloc %ld failed: another text or map", name, k);
        }
        if (st == ZB_OK) zb_text_free(&t);
    }
    CHECK(st0 != ZB_OK || nomem > 0, "%s: none of %ld failed reallocs ended in out of memory", name,
          n);
    if (st0 == ZB_OK) zb_text_free(&ref);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_norm_oom CONFIG_DIR\n");
        return 2;
    }
    char err[256];
    zb_t2s *t2s = zb_t2s_load(argv[1], err, sizeof err);
    if (!t2s) {
        fprintf(stderr, "zb_t2s_load: %s\n", err);
        return 1;
    }
    static const char line[] = "全年依法办理行政复议案件１，２３４件，同比增长１７．１％；"
                               "纠错率：１２．５％（较上年下降）。ＡＢＣ　ｘｙｚ\n";
    size_t ll = sizeof line - 1, reps = 120, n = 0;
    char *u = malloc(ll * reps + 128), *gb = malloc(ll * reps + 64);
    char *page = malloc(ll * reps + 128);
    for (size_t r = 0; r < reps; r++, n += ll)
        memcpy(u + n, line, ll);
    size_t gn = test_to_gb(u, n, gb, ll * reps + 64);
    CHECK(gn > 0, "iconv to GB18030");
    each_failure(t2s, u, n, NULL, "plain UTF-8");
    each_failure(t2s, gb, gn, NULL, "plain GB18030");
    u[n] = (char)0xFF; /* invalid in both: the tail validates the rest */
    gb[gn] = (char)0xFF;
    each_failure(t2s, u, n + 1, NULL, "plain UTF-8, invalid end");
    each_failure(t2s, gb, gn + 1, NULL, "plain GB18030, invalid end");
    u[n / 2] = (char)0xFF; /* and in the middle: UTF-8 nor GB18030 */
    each_failure(t2s, u, n + 1, NULL, "plain UTF-8, invalid middle");
    u[n / 2] = line[(n / 2) % ll];
    /* too many bad bytes to repair, after the text: refused, with the offset
     * of the first one in the message, which the tail has to find */
    for (size_t k = 0; k < 40; k++)
        u[n + 2 * k] = (char)0xFF, u[n + 2 * k + 1] = 'a';
    each_failure(t2s, u, n + 80, NULL, "plain UTF-8, bad bytes after");
    size_t pn = (size_t)sprintf(page, "<html><body><p>");
    memcpy(page + pn, u, n);
    pn += n;
    pn += (size_t)sprintf(page + pn, "</p></body></html>");
    each_failure(t2s, page, pn, "text/html", "page");
    free(u);
    free(gb);
    free(page);
    zb_t2s_free(t2s);
    return check_report("test_norm_oom");
}
