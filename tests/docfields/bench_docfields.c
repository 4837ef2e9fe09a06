/* bench_docfields - throughput of document fields and sections on the
 * fixture reports, beside a plain UTF-8 validation pass over the same bytes in
 * the same run (the baseline). Prints figures and ratios; asserts nothing.
 *   bench_docfields CONFIG_DIR FIXTURE_DIR [MB]   (default 20 MB of reports) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docfields.h"
#include "sections.h"

typedef struct {
    char *s;
    size_t len;
} doc;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Counts valid UTF-8 sequences: the baseline every text pass must beat. */
static size_t utf8_valid(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        int ok = i + k <= len;
        for (size_t j = 1; ok && j < k; j++)
            ok = ((unsigned char)s[i + j] & 0xC0) == 0x80;
        n += ok;
        i += ok ? k : 1;
    }
    return n;
}

static size_t load_docs(const char *dir, doc *docs, size_t max) {
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;
    char path[2048];
    while (d && (e = readdir(d)) && n < max) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") || strstr(e->d_name, "gb18030")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *b = malloc(1 << 20);
        size_t r = b ? fread(b, 1, (1 << 20) - 1, f) : 0;
        fclose(f);
        if (!b) continue;
        b[r] = '\0';
        docs[n++] = (doc){b, r};
    }
    if (d) closedir(d);
    return n;
}

int main(int argc, char **argv) {
    if (argc < 3) return fprintf(stderr, "usage: bench_docfields CONFIG_DIR FIXTURE_DIR [MB]\n"), 2;
    double target = (argc > 3 ? atof(argv[3]) : 20.0) * 1e6;
    char err[256];
    zb_gazetteer *g = zb_gazetteer_load(argv[1], err, sizeof err);
    zb_doc_cues *dc = g ? zb_doc_cues_load(argv[1], err, sizeof err) : NULL;
    zb_section_cues *sc = dc ? zb_section_cues_load(argv[1], err, sizeof err) : NULL;
    if (!sc) return fprintf(stderr, "config: %s\n", err), 1;
    doc docs[256];
    size_t nd = load_docs(argv[2], docs, 256), bytes = 0, rounds = 0, sink = 0;
    if (!nd) return fprintf(stderr, "no fixtures in %s\n", argv[2]), 1;
    double t_fields = 0, t_secs = 0, t_base = 0;
    while ((double)bytes < target) {
        for (size_t i = 0; i < nd; i++) {
            double t0 = now();
            sink += utf8_valid(docs[i].s, docs[i].len);
            double t1 = now();
            zb_report r = {0};
            if (zb_docfields_find(g, dc, docs[i].s, docs[i].len, NULL, NULL, &r, err, sizeof err))
                return fprintf(stderr, "%s\n", err), 1;
            double t2 = now();
            zb_section *v;
            size_t n;
            if (zb_sections_find(sc, docs[i].s, docs[i].len, &v, &n, err, sizeof err))
                return fprintf(stderr, "%s\n", err), 1;
            double t3 = now();
            sink += (size_t)r.report_year + n;
            zb_sections_free(v, n);
            free(r.title), free(r.published_date), free(r.region.name), free(r.region.code);
            free(r.issuer.name);
            t_base += t1 - t0, t_fields += t2 - t1, t_secs += t3 - t2;
            bytes += docs[i].len;
        }
        rounds++;
    }
    double mb = (double)bytes / 1e6;
    printf("docfields bench: %zu fixture reports x %zu rounds = %.1f MB (sink %zu)\n", nd, rounds,
           mb, sink);
    printf("  utf-8 validation (baseline): %8.1f MB/s\n", mb / t_base);
    printf("  document fields:             %8.1f MB/s  (%.1fx slower than baseline)\n",
           mb / t_fields, t_fields / t_base);
    printf("  sections:                    %8.1f MB/s  (%.1fx slower than baseline)\n", mb / t_secs,
           t_secs / t_base);
    for (size_t i = 0; i < nd; i++)
        free(docs[i].s);
    zb_section_cues_free(sc);
    zb_doc_cues_free(dc);
    zb_gazetteer_free(g);
    return 0;
}
