/* bench_extract.c - extraction throughput on a corpus of at least 50 MB built
 * in memory from the team's fixture reports (every *.txt and *.html file under
 * tests/fixtures/ that extracts without error), each document a separate copy.
 *
 * In the same run and over the same bytes it measures:
 *   baseline   a plain UTF-8 validation pass (byte loop, no SIMD)
 *   decode     zb_text_decode alone (charset, HTML, t2s, normalization)
 *   extract    the whole zb_extract per document + zb_report_free
 * and prints MB/s per core (CPU time of this single thread), the ratio to the
 * baseline, and peak RSS. A further pass times every document stage by stage
 * (decode, docfields, sections, indicators; the rest is building the report)
 * and splits the figures by plain text / HTML and by document size, since
 * most fixtures are tiny and per-document costs weigh on them. With
 * REPORTS_DIR (e.g. real crawled reports, 10-15 KB each) those documents are
 * timed the same way, apart: they are not part of the corpus.
 * No timed assertions: figures only.
 *
 *   bench_extract FIXTURES_DIR CONFIG_DIR [MB [REPORTS_DIR]]   (MB default 50) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "rules_internal.h"

typedef struct {
    char *p;
    size_t len;
} doc;

typedef struct {
    doc *v;
    size_t n, cap;
} docs;

static void push(docs *d, char *p, size_t len) {
    if (d->n == d->cap) {
        d->cap = d->cap * 2 + 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) exit(3);
    }
    d->v[d->n++] = (doc){p, len};
}

static int wanted(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".txt") || !strcmp(dot, ".html") || !strcmp(dot, ".htm"));
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(n > 0 ? (size_t)n : 1);
    *len = b && n > 0 ? fread(b, 1, (size_t)n, f) : 0;
    fclose(f);
    return b;
}

static void collect(const char *dir, docs *d) {
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            collect(path, d);
        } else if (wanted(e->d_name)) {
            size_t len;
            char *b = slurp(path, &len);
            if (b) push(d, b, len);
        }
    }
    closedir(dp);
}

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The baseline: validate UTF-8 byte by byte, counting errors and carrying on
 * (GB18030 documents are invalid UTF-8 but still cost a full pass). */
static size_t utf8_errors(const unsigned char *p, size_t n) {
    size_t err = 0, i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t l = c >= 0xC2 && c <= 0xDF   ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        size_t k = 1;
        while (l && k < l && i + k < n && (p[i + k] & 0xC0) == 0x80)
            k++;
        if (!l || k < l) {
            err++;
            i++;
        } else {
            i += l;
        }
    }
    return err;
}

static double best_of(int rounds, double (*fn)(void *), void *ctx) {
    double best = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t = fn(ctx);
        if (t < best) best = t;
    }
    return best;
}

typedef struct {
    docs *corpus;
    const zb_rules *rules;
    const zb_t2s *t2s;
    size_t sink, failed;
} run;

static double run_validate(void *c) {
    run *r = c;
    double t0 = cpu_now();
    for (size_t i = 0; i < r->corpus->n; i++)
        r->sink += utf8_errors((const unsigned char *)r->corpus->v[i].p, r->corpus->v[i].len);
    return cpu_now() - t0;
}

static double run_decode(void *c) {
    run *r = c;
    char err[256];
    double t0 = cpu_now();
    for (size_t i = 0; i < r->corpus->n; i++) {
        zb_text t;
        if (zb_text_decode(r->t2s, r->corpus->v[i].p, r->corpus->v[i].len, NULL, NULL, 0, &t, err,
                           sizeof err) == ZB_OK) {
            r->sink += t.len;
            zb_text_free(&t);
        }
    }
    return cpu_now() - t0;
}

static double run_extract(void *c) {
    run *r = c;
    char err[256];
    r->failed = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < r->corpus->n; i++) {
        zb_report *rep = NULL;
        zb_extract_opts o = {.source = "bench"};
        if (zb_extract(r->rules, r->corpus->v[i].p, r->corpus->v[i].len, &o, &rep, err,
                       sizeof err) == ZB_OK) {
            r->sink += rep->n_indicators + rep->n_facts;
            zb_report_free(rep);
        } else {
            r->failed++;
        }
    }
    return cpu_now() - t0;
}

/* ---- per-stage pass ---- */

enum { ST_DECODE, ST_DOCFIELDS, ST_SECTIONS, ST_INDICATORS, ST_WHOLE, N_ST };
static const char *const st_name[N_ST] = {"decode (zb_text_decode)", "docfields (+ region)",
                                          "sections", "indicators (+ report gate)",
                                          "whole zb_extract"};

#define SIZE_SPLIT 2048 /* bytes: "report-sized" fixtures from here */
enum { CL_PLAIN_SMALL, CL_PLAIN_BIG, CL_HTML_SMALL, CL_HTML_BIG, N_CL };
static const char *const cl_name[N_CL] = {"plain text, < 2 KB", "plain text, >= 2 KB",
                                          "HTML, < 2 KB", "HTML, >= 2 KB"};

typedef struct {
    double t[N_ST];
    double mb;
    size_t n;
} tally;

/* CPU time of the whole zb_extract of one document (and zb_report_free). */
static double time_whole(const zb_rules *ru, const doc *d, size_t *sink) {
    char err[256];
    zb_extract_opts o = {.source = "bench"};
    zb_report *rep = NULL;
    double a = cpu_now();
    if (zb_extract(ru, d->p, d->len, &o, &rep, err, sizeof err) == ZB_OK) {
        *sink += rep->n_indicators;
        zb_report_free(rep);
    }
    return cpu_now() - a;
}

/* The stages of zb_extract (extract.c) called one by one, each timed.
 * Returns the document's class, or -1 when it does not decode. */
static int time_stages(const zb_rules *ru, const doc *d, double t[N_ST], size_t *sink) {
    char err[256];
    zb_text x;
    double b = cpu_now();
    if (zb_text_decode(ru->t2s, d->p, d->len, NULL, NULL, 0, &x, err, sizeof err) != ZB_OK)
        return -1;
    double c = cpu_now();
    t[ST_DECODE] = c - b;
    int cls = (x.is_html ? CL_HTML_SMALL : CL_PLAIN_SMALL) + (d->len >= SIZE_SPLIT);
    zb_report *r = calloc(1, sizeof *r);
    if (r)
        zb_docfields_find(ru->gaz, ru->doc, x.s, x.len, x.html_title, x.published, r, err,
                          sizeof err);
    double e = cpu_now();
    t[ST_DOCFIELDS] = e - c;
    zb_section *secs = NULL;
    size_t n_secs = 0;
    if (!zb_sections_find(ru->sec, x.s, x.len, &secs, &n_secs, err, sizeof err))
        zb_sections_free(secs, n_secs);
    double f = cpu_now();
    t[ST_SECTIONS] = f - e;
    zb_ind_match *m = NULL;
    size_t n_m = 0;
    if (zb_ind_looks_like_report(ru->ind, x.s, x.len) &&
        !zb_ind_assign(ru->ind, x.s, x.len, &m, &n_m))
        *sink += n_m;
    free(m);
    t[ST_INDICATORS] = cpu_now() - f;
    zb_report_free(r);
    zb_text_free(&x);
    return cls;
}

/* rounds passes over the documents, into per-class tallies: each document's
 * whole zb_extract and its stages one by one are timed in turn, whole first
 * for one document and stages first for the next, so that neither is always
 * the one running on caches the other warmed, and both see the same load of
 * this shared machine. The rest (gates, copying sections, building
 * indicators and facts with their evidence, freeing the report) is whole
 * minus the stages. */
static void stage_pass(const zb_rules *ru, const docs *d, int rounds, tally cl[N_CL],
                       size_t *sink) {
    memset(cl, 0, N_CL * sizeof *cl);
    for (int k = 0; k < rounds; k++)
        for (size_t i = 0; i < d->n; i++) {
            double t[N_ST] = {0};
            int first = (i + (size_t)k) % 2;
            if (first) t[ST_WHOLE] = time_whole(ru, &d->v[i], sink);
            int c = time_stages(ru, &d->v[i], t, sink);
            if (!first) t[ST_WHOLE] = time_whole(ru, &d->v[i], sink);
            if (c < 0) continue;
            for (int s = 0; s < N_ST; s++)
                cl[c].t[s] += t[s];
            cl[c].mb += (double)d->v[i].len / (1 << 20);
            cl[c].n++;
        }
}

static tally sum_of(const tally cl[N_CL]) {
    tally all = {{0}, 0, 0};
    for (int c = 0; c < N_CL; c++) {
        for (int s = 0; s < N_ST; s++)
            all.t[s] += cl[c].t[s];
        all.mb += cl[c].mb;
        all.n += cl[c].n;
    }
    return all;
}

static double rest_of(const tally *t) {
    double r = t->t[ST_WHOLE];
    for (int s = 0; s < ST_WHOLE; s++)
        r -= t->t[s];
    return r > 0 ? r : 0;
}

static void print_stages(const tally *t) {
    printf("  %-34s %9s %9s\n", "stage", "MB/s/core", "of whole");
    for (int s = 0; s < N_ST; s++)
        printf("  %-34s %9.1f %8.0f%%\n", st_name[s], t->mb / t->t[s],
               100 * t->t[s] / t->t[ST_WHOLE]);
    printf("  %-34s %9s %8.0f%%\n", "rest (gates, evidence, report)", "",
           100 * rest_of(t) / t->t[ST_WHOLE]);
}

static void print_classes(const tally cl[N_CL], double base) {
    printf("  %-22s %6s %7s %9s %9s %9s %9s\n", "documents", "count", "MB", "extract", "vs base",
           "us/doc", "decode");
    for (int c = 0; c < N_CL; c++) {
        if (!cl[c].n) continue;
        double w = cl[c].t[ST_WHOLE];
        printf("  %-22s %6zu %7.1f %9.1f %8.1fx %9.1f %9.1f\n", cl_name[c], cl[c].n, cl[c].mb,
               cl[c].mb / w, base / (cl[c].mb / w), 1e6 * w / (double)cl[c].n,
               cl[c].mb / cl[c].t[ST_DECODE]);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_extract FIXTURES_DIR CONFIG_DIR [MB [REPORTS_DIR]]\n");
        return 2;
    }
    size_t target = (size_t)((argc > 3 ? atof(argv[3]) : 50.0) * (1 << 20));
    char err[512];
    zb_rules *rules = zb_rules_load(argv[2], err, sizeof err);
    if (!rules) {
        fprintf(stderr, "bench_extract: %s\n", err);
        return 1;
    }
    docs seeds = {0}, all = {0}, corpus = {0}, reports = {0};
    collect(argv[1], &all);
    if (argc > 4) collect(argv[4], &reports);
    size_t seed_bytes = 0;
    for (size_t i = 0; i < all.n; i++) {
        zb_report *rep = NULL;
        zb_extract_opts o = {0};
        if (zb_extract(rules, all.v[i].p, all.v[i].len, &o, &rep, err, sizeof err) == ZB_OK) {
            zb_report_free(rep);
            push(&seeds, all.v[i].p, all.v[i].len);
            seed_bytes += all.v[i].len;
        }
    }
    if (!seeds.n) {
        fprintf(stderr, "bench_extract: no fixture under %s extracts\n", argv[1]);
        return 1;
    }
    size_t total = 0;
    for (size_t i = 0; total < target; i = (i + 1) % seeds.n) {
        char *p = malloc(seeds.v[i].len);
        if (!p) return 3;
        memcpy(p, seeds.v[i].p, seeds.v[i].len);
        push(&corpus, p, seeds.v[i].len);
        total += seeds.v[i].len;
    }
    double mb = (double)total / (1 << 20);
    printf("corpus: %.1f MB, %zu documents from %zu fixture reports (%zu bytes, %.0f bytes on "
           "average) under %s\n",
           mb, corpus.n, seeds.n, seed_bytes, (double)seed_bytes / (double)seeds.n, argv[1]);

    run r = {&corpus, rules, rules->t2s, 0, 0};
    double tv = best_of(5, run_validate, &r);
    double td = best_of(3, run_decode, &r);
    double te = best_of(3, run_extract, &r);
    double base = mb / tv;
    printf("\n%-34s %9.1f MB/s per core   1.00x\n", "utf-8 validation (baseline)", base);
    printf("%-34s %9.1f MB/s per core   %.2fx slower than baseline\n", "decode (zb_text_decode)",
           mb / td, td / tv);
    printf("%-34s %9.1f MB/s per core   %.2fx slower than baseline\n",
           "extract (zb_extract, whole)", mb / te, te / tv);
    printf("%-34s %9.1f us per document\n", "", 1e6 * te / (double)corpus.n);
    printf("documents failing extraction: %zu of %zu\n", r.failed, corpus.n);

    tally cl[N_CL];
    stage_pass(rules, &corpus, 1, cl, &r.sink);
    tally sum = sum_of(cl);
    printf("\nby stage (one pass timing each document's stages and its whole zb_extract in "
           "turn; MB/s over the whole corpus):\n");
    print_stages(&sum);
    printf("by document (same pass; 'vs base' = baseline MB/s / extract MB/s):\n");
    print_classes(cl, base);

    if (reports.n) {
        size_t rbytes = 0;
        for (size_t i = 0; i < reports.n; i++)
            rbytes += reports.v[i].len;
        int rounds = rbytes ? (int)((8u << 20) / rbytes) + 1 : 1;
        tally rc[N_CL];
        stage_pass(rules, &reports, rounds, rc, &r.sink);
        tally rs = sum_of(rc);
        printf("\nreport-sized documents from %s (%zu files, %.0f bytes on average, %d rounds; "
               "not part of the corpus):\n",
               argv[4], reports.n, (double)rbytes / (double)reports.n, rounds);
        if (rs.n) {
            printf("  whole extract %.1f MB/s per core, %.1fx slower than baseline\n",
                   rs.mb / rs.t[ST_WHOLE], base / (rs.mb / rs.t[ST_WHOLE]));
            print_stages(&rs);
        }
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("\npeak RSS: %.1f MB (corpus itself %.1f MB)\n", (double)ru.ru_maxrss / 1024, mb);
    printf("goal: >= 100 MB/s per core and <= 20x the baseline: %s\n",
           mb / te >= 100 && te / tv <= 20 ? "met" : "NOT met");
    fprintf(stderr, "(sink %zu)\n", r.sink);
    for (size_t i = 0; i < corpus.n; i++)
        free(corpus.v[i].p);
    for (size_t i = 0; i < all.n; i++)
        free(all.v[i].p);
    for (size_t i = 0; i < reports.n; i++)
        free(reports.v[i].p);
    free(corpus.v);
    free(all.v);
    free(seeds.v);
    free(reports.v);
    zb_rules_free(rules);
    return 0;
}
