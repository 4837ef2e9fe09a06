/* test_pool.c - the processing pool: every fixture report run through the
 * pipeline on several threads at once (one zb_rules shared by all) gives
 * exactly what one thread gives, message for message; job order, states,
 * the thread count and the schema-preparation job. Run under ASan/UBSan in
 * the suite; data races in the engine show up as differing outputs here and
 * under ThreadSanitizer (build with -fsanitize=thread and run this test). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../check.h"
#include "pipeline.h"
#include "pool.h"

#define MAX_DOCS 512
#define ROUNDS 4

typedef struct {
    char *data;
    size_t len;
    char path[512];
} doc;

static doc docs[MAX_DOCS];
static size_t n_docs;

static void collect(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) && n_docs < MAX_DOCS) {
        if (e->d_name[0] == '.') continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st)) continue;
        if (S_ISDIR(st.st_mode)) {
            collect(p);
            continue;
        }
        size_t nl = strlen(e->d_name);
        int txt = nl > 4 && !strcmp(e->d_name + nl - 4, ".txt");
        int html = nl > 5 && !strcmp(e->d_name + nl - 5, ".html");
        if ((!txt && !html) || st.st_size > (8 << 20)) continue;
        FILE *f = fopen(p, "rb");
        if (!f) continue;
        doc *x = &docs[n_docs];
        x->data = malloc((size_t)st.st_size + 1);
        x->len = fread(x->data, 1, (size_t)st.st_size, f);
        fclose(f);
        snprintf(x->path, sizeof x->path, "%s", p);
        n_docs++;
    }
    closedir(d);
}

/* What one message gives: the report as JSON, or the dead-letter reason. */
static char *result_text(zb_pipe_result r, const zb_pipe_out *o) {
    zb_buf b = {0};
    if (r == ZB_PIPE_OK && o->report) {
        zb_report_json(o->report, &b);
    } else {
        char line[640];
        snprintf(line, sizeof line, "result %d reason %s: %s", (int)r, o->reason, o->message);
        zb_buf_append(&b, line, strlen(line));
    }
    char *s = strndup(b.p ? b.p : "", b.len);
    zb_buf_free(&b);
    return s;
}

static zb_pipe_in input_of(const doc *d, int64_t offset) {
    return (zb_pipe_in){.value = d->data,
                        .len = d->len,
                        .topic = "reports.raw",
                        .partition = 0,
                        .offset = offset,
                        .timestamp_ms = -1,
                        .source = d->path};
}

int main(void) {
    char err[512];
    zb_rules *rules = zb_rules_load(ZB_CONFIG_DIR, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 1;
    }
    collect(ZB_SOURCE_DIR "/tests/fixtures");
    collect(ZB_SOURCE_DIR "/config/samples");
    CHECK(n_docs >= 20);
    zb_pipe_opts po = {.format = ZB_INPUT_RAW, .max_report_bytes = 64 << 20, .keep_report = 1};
    zb_pipeline *proto = zb_pipeline_new(rules, &po, NULL, err, sizeof err);
    CHECK(proto != NULL);
    if (!proto) return check_report("test_pool");

    /* one thread, in order: the expected results */
    char **want = calloc(n_docs, sizeof *want);
    zb_pipe_out o;
    zb_pipe_out_init(&o);
    size_t n_ok = 0;
    for (size_t i = 0; i < n_docs; i++) {
        zb_pipe_in in = input_of(&docs[i], (int64_t)i);
        zb_pipe_result r = zb_pipeline_process(proto, &in, &o);
        n_ok += r == ZB_PIPE_OK;
        want[i] = result_text(r, &o);
    }
    zb_pipe_out_free(&o);
    CHECK(n_ok >= 10); /* most fixtures are reports, some are traps */

    /* four threads, every document ROUNDS times, all queued at once */
    zb_pool *pool = zb_pool_new(proto, 4, err, sizeof err);
    CHECK(pool != NULL);
    if (!pool) return check_report("test_pool");
    CHECK(zb_pool_threads(pool) == 4);
    size_t n = n_docs * ROUNDS;
    zb_pipe_in *ins = calloc(n, sizeof *ins);
    zb_pipe_out *outs = calloc(n, sizeof *outs);
    zb_job *jobs = calloc(n, sizeof *jobs);
    for (size_t k = 0; k < n; k++) {
        ins[k] = input_of(&docs[k % n_docs], (int64_t)(k % n_docs));
        zb_pipe_out_init(&outs[k]);
        jobs[k].in = &ins[k];
        jobs[k].out = &outs[k];
        zb_pool_submit(pool, &jobs[k]);
    }
    CHECK(zb_pool_busy(pool) > 0);
    size_t same = 0;
    for (size_t k = 0; k < n; k++) {
        while (!zb_pool_wait(pool, &jobs[k], 1000)) {
        }
        char *got = result_text(jobs[k].res, &outs[k]);
        if (!strcmp(got, want[k % n_docs]))
            same++;
        else
            fprintf(stderr, "differs on a thread: %s\n", docs[k % n_docs].path);
        free(got);
        zb_pipe_out_free(&outs[k]);
    }
    CHECK(same == n);
    CHECK(zb_pool_busy(pool) == 0);
    CHECK(zb_pool_wait(pool, &jobs[0], 0) == 1); /* done stays done */

    /* the preparation job (nothing to learn without encoding) */
    zb_job prep = {.in = NULL};
    zb_pool_submit(pool, &prep);
    while (!zb_pool_wait(pool, &prep, 1000)) {
    }
    CHECK(prep.prep_rc == 0);
    zb_pool_free(pool);

    /* threads <= 0: one per online CPU */
    pool = zb_pool_new(proto, 0, err, sizeof err);
    CHECK(pool && zb_pool_threads(pool) >= 1);
    zb_pool_free(pool);

    fprintf(stderr, "test_pool: %zu documents x %d rounds on 4 threads, %zu reports\n", n_docs,
            ROUNDS, n_ok);
    for (size_t i = 0; i < n_docs; i++) {
        free(want[i]);
        free(docs[i].data);
    }
    free(want);
    free(ins);
    free(outs);
    free(jobs);
    zb_pipeline_free(proto);
    zb_rules_free(rules);
    return check_report("test_pool");
}
