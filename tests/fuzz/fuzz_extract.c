/* fuzz_extract.c - libFuzzer target over the whole extraction path:
 * zb_extract() (decode -> document fields -> sections -> numbers ->
 * indicators) and the JSON writer, with rules loaded once from
 * $ZB_CONFIG_DIR (default: the source tree's config/).
 *
 * Besides ASan/UBSan findings it checks the engine's contract on every input:
 * a failure leaves no report and a one-line message; a report's evidence and
 * section offsets lie inside the input, start <= end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zb_extract.h"

#ifndef ZB_CONFIG_DIR
#define ZB_CONFIG_DIR "config"
#endif

static zb_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *dir = getenv("ZB_CONFIG_DIR");
    char err[512];
    rules = zb_rules_load(dir && *dir ? dir : ZB_CONFIG_DIR, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "fuzz_extract: cannot load rules: %s\n", err);
        abort();
    }
    return 0;
}

static void check_span(const zb_span *s, size_t size) {
    if (s->start > s->end || s->end > size) {
        fprintf(stderr, "fuzz_extract: span [%llu,%llu) outside input of %zu bytes\n",
                (unsigned long long)s->start, (unsigned long long)s->end, size);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the crawler's hints vary with the input so all paths get exercised */
    static const char *const ct[] = {NULL, "text/html", "text/plain; charset=gbk", NULL};
    static const char *const cs[] = {NULL, NULL, NULL, "utf-8"};
    unsigned k = size ? data[size - 1] % 4 : 0;
    /* a budget under libFuzzer's -timeout=20: an input that slow (at most
     * 128 KB) is a finding, reported with the engine's own message instead of
     * hidden as an ordinary ZB_E_TIMEOUT (the default budget is 10 s) */
    zb_extract_opts opts = {
        .source = "fuzz", .content_type = ct[k], .charset = cs[k], .max_ms = 15000};
    zb_report *r = NULL;
    char err[512] = "";
    zb_status st = zb_extract(rules, (const char *)data, size, &opts, &r, err, sizeof err);
    if (st == ZB_E_TIMEOUT) {
        fprintf(stderr, "fuzz_extract: %zu bytes: %s\n", size, err);
        abort();
    }
    if (st != ZB_OK) {
        if (r || !err[0] || strchr(err, '\n')) {
            fprintf(stderr, "fuzz_extract: bad failure contract (status %d, '%s')\n", st, err);
            abort();
        }
        return 0;
    }
    for (size_t i = 0; i < r->n_indicators; i++)
        check_span(&r->indicators[i].evidence, size);
    for (size_t i = 0; i < r->n_facts; i++)
        check_span(&r->facts[i].evidence, size);
    for (size_t i = 0; i < r->n_sections; i++) {
        zb_span s = {r->sections[i].start, r->sections[i].end, NULL};
        check_span(&s, size);
    }
    zb_buf b = ZB_BUF_INIT;
    if (zb_report_json(r, &b) != 0) abort();
    zb_buf_free(&b);
    zb_report_free(r);
    return 0;
}
