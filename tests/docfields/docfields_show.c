/* docfields_show - prints the document fields and sections found in
 * normalized text files (simplified UTF-8, one paragraph per line): a
 * developer's tool and the driver of the corpus check.
 *   docfields_show CONFIG_DIR FILE...   (one line of JSON per file) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docfields.h"
#include "sections.h"

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) free(b);
            b = nb;
        }
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = n;
    return b;
}

/* Local names: this tool links only the docfields sources. */
static const char *level_name(zb_region_level l) {
    static const char *const n[] = {"", "province", "city", "county"};
    return n[l];
}
static const char *kind_name(zb_section_kind k) {
    static const char *const n[] = {"other", "achievements", "problems", "leadership", "plan"};
    return n[k];
}
static const char *issuer_name(zb_issuer_kind k) {
    static const char *const n[] = {"", "government", "department"};
    return n[k];
}

static void jstr(const char *k, const char *v) {
    printf("\"%s\":", k);
    if (!v) {
        printf("null");
        return;
    }
    putchar('"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\') putchar('\\');
        if ((unsigned char)*v >= 0x20) putchar(*v);
    }
    putchar('"');
}

static int show(const zb_gazetteer *g, const zb_doc_cues *dc, const zb_section_cues *sc,
                const char *path) {
    size_t len;
    char err[256], *s = read_all(path, &len);
    if (!s) return fprintf(stderr, "%s: cannot read\n", path), 1;
    zb_report r = {0};
    zb_section *secs = NULL;
    size_t n = 0;
    if (zb_docfields_find(g, dc, s, len, NULL, NULL, &r, err, sizeof err) ||
        zb_sections_find(sc, s, len, &secs, &n, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", path, err);
        free(s);
        return 1;
    }
    printf("{");
    jstr("source", path);
    printf(",");
    jstr("title", r.title);
    printf(",\"report_year\":%d,", r.report_year);
    jstr("published_date", r.published_date);
    printf(",\"region\":{");
    jstr("name", r.region.name);
    printf(",");
    jstr("code", r.region.code);
    printf(",\"level\":\"%s\"},\"issuer\":{", level_name(r.region.level));
    jstr("name", r.issuer.name);
    printf(",\"kind\":\"%s\"},\"sections\":[", issuer_name(r.issuer.kind));
    for (size_t i = 0; i < n; i++) {
        printf("%s{\"level\":%d,\"kind\":\"%s\",\"start\":%llu,\"end\":%llu,", i ? "," : "",
               secs[i].level, kind_name(secs[i].kind), (unsigned long long)secs[i].start,
               (unsigned long long)secs[i].end);
        jstr("title", secs[i].title);
        printf("}");
    }
    printf("]}\n");
    zb_sections_free(secs, n);
    free(r.title);
    free(r.published_date);
    free(r.region.name);
    free(r.region.code);
    free(r.issuer.name);
    free(s);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) return fprintf(stderr, "usage: docfields_show CONFIG_DIR FILE...\n"), 2;
    char err[256];
    zb_gazetteer *g = zb_gazetteer_load(argv[1], err, sizeof err);
    zb_doc_cues *dc = g ? zb_doc_cues_load(argv[1], err, sizeof err) : NULL;
    zb_section_cues *sc = dc ? zb_section_cues_load(argv[1], err, sizeof err) : NULL;
    if (!sc) return fprintf(stderr, "config: %s\n", err), 2;
    int rc = 0;
    for (int i = 2; i < argc; i++)
        rc |= show(g, dc, sc, argv[i]);
    zb_section_cues_free(sc);
    zb_doc_cues_free(dc);
    zb_gazetteer_free(g);
    return rc;
}
