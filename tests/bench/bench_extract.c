/* bench_extract.c - extraction throughput on a corpus of at least 50 MB built
 * in memory from the team's fixture reports (every *.txt and *.html file under
 * tests/fixtures/ that extracts without error), each document a separate copy.
 *
 * In the same run and over the same bytes it measures:
 *   baseline   a plain UTF-8 validation pass (byte loop, no SIMD)
 *   decode     zb_text_decode alone (charset, HTML, t2s, normalization)
 *   extract    the whole zb_extract per document + zb_report_free
 * and prints MB/s per core (CPU time of this single thread), the ratio to the
 * baseline, and peak RSS. No timed assertions: figures only.
 *
 *   bench_extract FIXTURES_DIR CONFIG_DIR [MB]   (MB default 50) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "text.h"
#include "zb_extract.h"

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

/* decode time of HTML and plain documents apart (gumbo dominates HTML) */
static void decode_split(run *r, double *t_html, double *mb_html, double *t_plain,
                         double *mb_plain) {
    char err[256];
    *t_html = *mb_html = *t_plain = *mb_plain = 0;
    for (size_t i = 0; i < r->corpus->n; i++) {
        zb_text t;
        double t0 = cpu_now();
        if (zb_text_decode(r->t2s, r->corpus->v[i].p, r->corpus->v[i].len, NULL, NULL, 0, &t, err,
                           sizeof err) != ZB_OK)
            continue;
        double dt = cpu_now() - t0;
        double mb = (double)r->corpus->v[i].len / (1 << 20);
        if (t.is_html)
            *t_html += dt, *mb_html += mb;
        else
            *t_plain += dt, *mb_plain += mb;
        zb_text_free(&t);
    }
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

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_extract FIXTURES_DIR CONFIG_DIR [MB]\n");
        return 2;
    }
    size_t target = (size_t)(argc > 3 ? atof(argv[3]) : 50.0) << 20;
    char err[512];
    zb_rules *rules = zb_rules_load(argv[2], err, sizeof err);
    zb_t2s *t2s = zb_t2s_load(argv[2], err, sizeof err);
    if (!rules || !t2s) {
        fprintf(stderr, "bench_extract: %s\n", err);
        return 1;
    }
    docs seeds = {0}, all = {0}, corpus = {0};
    collect(argv[1], &all);
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
    printf("corpus: %.1f MB, %zu documents from %zu fixture reports (%zu bytes) under %s\n", mb,
           corpus.n, seeds.n, seed_bytes, argv[1]);

    run r = {&corpus, rules, t2s, 0, 0};
    double tv = best_of(5, run_validate, &r);
    double td = best_of(3, run_decode, &r);
    double te = best_of(3, run_extract, &r);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-34s %9.1f MB/s per core   1.00x\n", "utf-8 validation (baseline)", mb / tv);
    printf("%-34s %9.1f MB/s per core   %.2fx slower than baseline\n", "decode (zb_text_decode)",
           mb / td, td / tv);
    printf("%-34s %9.1f MB/s per core   %.2fx slower than baseline\n",
           "extract (zb_extract, whole)", mb / te, te / tv);
    double th, mh, tp, mp;
    decode_split(&r, &th, &mh, &tp, &mp);
    if (tp > 0)
        printf("%-34s %9.1f MB/s per core   (%.0f%% of the bytes)\n",
               "  decode, plain-text documents", mp / tp, 100 * mp / mb);
    if (th > 0)
        printf("%-34s %9.1f MB/s per core   (%.0f%% of the bytes; gumbo parse)\n",
               "  decode, HTML documents", mh / th, 100 * mh / mb);
    printf("decode share of extract time: %.0f%%\n", 100.0 * td / te);
    printf("documents failing extraction: %zu of %zu\n", r.failed, corpus.n);
    printf("peak RSS: %.1f MB (corpus itself %.1f MB)\n", (double)ru.ru_maxrss / 1024, mb);
    printf("goal: >= 100 MB/s per core and <= 20x the baseline: %s\n",
           mb / te >= 100 && te / tv <= 20 ? "met" : "NOT met");
    fprintf(stderr, "(sink %zu)\n", r.sink);
    for (size_t i = 0; i < corpus.n; i++)
        free(corpus.v[i].p);
    for (size_t i = 0; i < all.n; i++)
        free(all.v[i].p);
    free(corpus.v);
    free(all.v);
    free(seeds.v);
    zb_t2s_free(t2s);
    zb_rules_free(rules);
    return 0;
}
