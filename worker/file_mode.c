/* file_mode.c - the pipeline over files into an Avro container file.
 *
 * Inputs are processed on the pool (engine.threads, pool.c), up to two per
 * thread in flight; results are written in input order, so the container
 * and the summary are the same whatever the thread count. */
#include "file_mode.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "mono_clock.h"
#include "pipeline.h"
#include "pool.h"
#include "watchdog.h"
#include "zb_ocf.h"
#include "zb_err.h"

/* An input in flight: its own copy of the bytes and of its source name. */
typedef struct {
    char *data;
    size_t full_len; /* the input's size; more than in.len when read only in part */
    char *source;
    zb_pipe_in in;
    zb_pipe_out out;
    zb_job job;
} fm_slot;

#define FM_MAX_WINDOW 64

typedef struct {
    const zb_config *cfg;
    const zb_rules *rules;
    zb_pipeline *pipe;
    zb_pool *pool;
    fm_slot win[FM_MAX_WINDOW];
    int win_cap, win_head, win_n;
    zb_codec *codec;
    zb_ocf *ocf;
    FILE *sum;
    zb_file_stats *st;
    volatile sig_atomic_t *stop;
    zb_metrics *m;
    char *err;
    size_t errlen;
    int failed;
    double bytes, t0, last_progress; /* input bytes, seconds (monotonic) */
} fm;

/* A long batch says how far it is in the log, every file.progress_ms (the
 * summary on stdout may be block-buffered or going to a file). */
static void progress(fm *F) {
    double t = zb_mono_s();
    if (!F->cfg->file_progress_ms || (t - F->last_progress) * 1000 < F->cfg->file_progress_ms)
        return;
    F->last_progress = t;
    zb_info("progress",
            "%lu inputs done: %lu reports, %lu not processed; %.1f MB in %.1f s (%.2f MB/s)",
            F->st->reports + F->st->dead, F->st->reports, F->st->dead, F->bytes / 1e6, t - F->t0,
            t > F->t0 ? F->bytes / 1e6 / (t - F->t0) : 0.0);
}

static void summarize_report(fm *F, const char *source, const zb_report *r) {
    fprintf(F->sum, "OK   %s\n", source);
    fprintf(F->sum, "     %s | %s (%s, %s) | year %d | issuer %s | %s, %s\n",
            r->title ? r->title : "(no title)", r->region.name ? r->region.name : "(region ?)",
            r->region.code ? r->region.code : "------",
            zb_region_level_name(r->region.level) ? zb_region_level_name(r->region.level) : "?",
            r->report_year, r->issuer.name ? r->issuer.name : "?", r->encoding ? r->encoding : "?",
            zb_script_name(r->script));
    fprintf(F->sum, "     %zu indicators, %zu facts, %zu sections, %zu warnings\n", r->n_indicators,
            r->n_facts, r->n_sections, r->n_warnings);
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_indicator *in = &r->indicators[i];
        fprintf(F->sum, "       %-40s %14.10g %-4s %-8s %s\n", in->code, in->value,
                in->unit ? in->unit : "", zb_approx_name(in->approx), in->scope ? in->scope : "");
    }
}

/* The oldest input's result: the report into the container, or a line in
 * the summary. */
static void finish(fm *F, fm_slot *sl) {
    const char *source = sl->source;
    zb_pipe_out *out = &sl->out;
    zb_pipe_result r = sl->job.res;
    if (F->failed) return;
    if (r == ZB_PIPE_FATAL) {
        zb_errf(F->err, F->errlen, "%s: %s", source, out->message);
        F->failed = 1;
        return;
    }
    if (r != ZB_PIPE_OK) {
        F->st->dead++;
        if (sl->full_len > sl->in.len && !strcmp(out->reason, "too_large"))
            /* the pipeline saw the first limit + 1 bytes only: give the real size */
            snprintf(out->message, sizeof out->message, "message of %zu bytes exceeds %zu",
                     sl->full_len, F->cfg->max_report_bytes);
        fprintf(F->sum, "DLQ  %s\n     %s/%s: %s\n", source, zb_dlq_stage_name(out->stage),
                out->reason, out->message);
        return;
    }
    zb_origin o;
    zb_origin_init(&o);
    o.source_url = out->url[0] ? out->url : NULL;
    o.crawl_time_ms = out->fetched_ms;
    o.report_id = out->report_id;
    o.extractor_version = ZB_EXTRACTOR_VERSION;
    o.rules_version = zb_rules_version(F->rules);
    char e[256];
    if (zb_ocf_append_report(F->ocf, F->codec, out->report, &o, e, sizeof e) != ZB_CODEC_OK) {
        zb_errf(F->err, F->errlen, "%s: writing the container: %s", source, e);
        F->failed = 1;
        return;
    }
    F->st->reports++;
    F->st->indicators += out->report->n_indicators;
    summarize_report(F, source, out->report);
}

/* Writes the finished inputs at the head of the window, in order; with
 * all, waits for every input in flight. */
static void drain(fm *F, int all) {
    while (F->win_n > 0) {
        fm_slot *sl = &F->win[F->win_head];
        while (!zb_pool_wait(F->pool, &sl->job, all || F->win_n == F->win_cap ? 100 : 0)) {
            if (!all && F->win_n < F->win_cap) return;
            if (F->m) zb_metrics_heartbeat(F->m);
            zb_watchdog_check(F->pool, F->m, zb_watchdog_stall_ms(F->cfg->extract_timeout_ms));
        }
        finish(F, sl);
        F->bytes += (double)sl->in.len;
        progress(F);
        free(sl->data);
        free(sl->source);
        sl->data = sl->source = NULL;
        zb_pipe_out_reset(&sl->out);
        F->win_head = (F->win_head + 1) % F->win_cap;
        F->win_n--;
    }
}

/* Checked before each further input is read: a signal ends the walk, and
 * the run is then marked as not having read everything. */
static int stopped(fm *F) {
    if (*F->stop) F->st->interrupted = 1;
    return *F->stop != 0;
}

/* One input to the pool; takes data (malloc'ed) over. full_len: the
 * input's whole size when data holds only its first len bytes. */
static void submit(fm *F, const char *source, char *data, size_t len, size_t full_len) {
    if (F->failed) {
        free(data);
        return;
    }
    F->st->inputs++;
    if (F->m) zb_metrics_heartbeat(F->m);
    drain(F, 0); /* with the window full, waits for its oldest input: a slot is free after */
    fm_slot *sl = &F->win[(F->win_head + F->win_n) % F->win_cap];
    if (!(sl->source = strdup(source))) {
        free(data);
        zb_errf(F->err, F->errlen, "out of memory");
        F->failed = 1;
        return;
    }
    sl->data = data;
    sl->full_len = full_len > len ? full_len : len;
    sl->in = (zb_pipe_in){.value = data ? data : "",
                          .len = data ? len : 0,
                          .partition = -1,
                          .offset = -1,
                          .timestamp_ms = -1,
                          .source = sl->source};
    sl->job.in = &sl->in;
    sl->job.out = &sl->out;
    F->win_n++;
    zb_pool_submit(F->pool, &sl->job);
}

static int read_file(const char *path, size_t limit, char **data, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    zb_buf b = ZB_BUF_INIT;
    char chunk[65536];
    size_t n;
    /* Read one byte past the limit so the pipeline sees "too large". */
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= limit)
        if (zb_buf_append(&b, chunk, n)) break;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        zb_buf_free(&b);
        return -1;
    }
    *data = b.p;
    *len = b.len;
    return 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A JSON Lines file read line by line through a fixed window: memory is
 * one line (at most keep bytes of it) per input in flight, whatever the
 * file's size. */
typedef struct {
    FILE *f;
    size_t pos, len;
    char win[65536];
} line_reader;

/* The next line without its '\n' into b (emptied first), keeping its first
 * keep bytes; *full is its whole length. 1 a line, 0 end of file, -1 a read
 * error or out of memory. */
static int next_line(line_reader *lr, zb_buf *b, size_t keep, size_t *full) {
    int any = 0;
    b->len = 0;
    *full = 0;
    for (;;) {
        if (lr->pos == lr->len) {
            lr->pos = 0;
            lr->len = fread(lr->win, 1, sizeof lr->win, lr->f);
            if (!lr->len) return ferror(lr->f) ? -1 : any;
        }
        any = 1;
        const char *p = lr->win + lr->pos;
        const char *nl = memchr(p, '\n', lr->len - lr->pos);
        size_t n = nl ? (size_t)(nl - p) : lr->len - lr->pos;
        size_t take = b->len < keep ? (n < keep - b->len ? n : keep - b->len) : 0;
        if (take && zb_buf_append(b, p, take)) return -1;
        *full += n;
        lr->pos += n + (nl != NULL);
        if (nl) return 1;
    }
}

/* JSON Lines: one envelope per non-empty line; source "path:line". A line
 * over input.max_report_bytes is handed on cut one byte past the limit, so
 * it becomes a too_large dead letter like any other large message. */
static void process_jsonl(fm *F, const char *path, FILE *f) {
    line_reader *lr = malloc(sizeof *lr);
    if (!lr) {
        zb_errf(F->err, F->errlen, "out of memory");
        F->failed = 1;
        return;
    }
    lr->f = f;
    lr->pos = lr->len = 0;
    zb_buf b = ZB_BUF_INIT;
    size_t line = 0, full;
    int r = 0;
    while (!F->failed && (r = next_line(lr, &b, F->cfg->max_report_bytes + 1, &full)) > 0) {
        if (stopped(F)) break;
        line++;
        int cut = full != b.len; /* kept in part: over the limit */
        if (!cut)                /* whole: trailing \r and blanks are no part of it */
            while (b.len && (b.p[b.len - 1] == '\r' || b.p[b.len - 1] == ' '))
                b.len--;
        if (!b.len) continue;
        char src[1100];
        snprintf(src, sizeof src, "%s:%zu", path, line);
        submit(F, src, b.p, b.len, cut ? full : b.len); /* takes the line's memory over */
        b = (zb_buf)ZB_BUF_INIT;
    }
    if (r < 0 && !F->failed) {
        zb_errf(F->err, F->errlen, "%s: line %zu: cannot read: %s", path, line + 1,
                errno ? strerror(errno) : "out of memory");
        F->failed = 1;
    }
    zb_buf_free(&b);
    free(lr);
}

static void process_path(fm *F, const char *path);

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void process_dir(fm *F, const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        zb_errf(F->err, F->errlen, "%s: %s", path, strerror(errno));
        F->failed = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int oom = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue; /* ., .., hidden files */
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **v = realloc(names, nc * sizeof *v);
            if (!v) {
                oom = 1;
                break;
            }
            names = v;
            cap = nc;
        }
        char *full = malloc(strlen(path) + strlen(de->d_name) + 2);
        if (!full) {
            oom = 1;
            break;
        }
        sprintf(full, "%s/%s", path, de->d_name);
        names[n++] = full;
    }
    closedir(d);
    if (oom) { /* not a walk that silently leaves the rest of the directory out */
        zb_errf(F->err, F->errlen, "%s: out of memory listing the directory", path);
        F->failed = 1;
    }
    if (names) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!F->failed && !stopped(F)) process_path(F, names[i]);
        free(names[i]);
    }
    free(names);
}

static void process_path(fm *F, const char *path) {
    struct stat sb;
    if (F->failed) return;
    if (stat(path, &sb)) {
        zb_errf(F->err, F->errlen, "%s: %s", path, strerror(errno));
        F->failed = 1;
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        process_dir(F, path);
        return;
    }
    if (ends_with(path, ".jsonl")) { /* many reports: no limit on the file */
        FILE *f = fopen(path, "rb");
        if (!f) {
            zb_errf(F->err, F->errlen, "%s: cannot read: %s", path, strerror(errno));
            F->failed = 1;
            return;
        }
        process_jsonl(F, path, f);
        fclose(f);
        return;
    }
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, F->cfg->max_report_bytes, &data, &len)) {
        zb_errf(F->err, F->errlen, "%s: cannot read: %s", path, strerror(errno));
        F->failed = 1;
        return;
    }
    submit(F, path, data, len, (size_t)sb.st_size);
}

static FILE *open_output(const char *path, char *err, size_t errlen) {
    /* Create the parent directory (one level, e.g. out/) when missing. */
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
        mkdir(dir, 0755);
    }
    FILE *f = fopen(path, "wb");
    if (!f) zb_errf(err, errlen, "%s: %s", path, strerror(errno));
    return f;
}

int zb_file_mode_run(const zb_config *cfg, const zb_rules *rules, zb_metrics *m,
                     volatile sig_atomic_t *stop, FILE *summary_default, zb_file_stats *st,
                     char *err, size_t errlen) {
    memset(st, 0, sizeof *st);
    fm F = {
        .cfg = cfg, .rules = rules, .st = st, .stop = stop, .m = m, .err = err, .errlen = errlen};
    zb_pipe_opts po = {.format = cfg->input_format,
                       .max_report_bytes = cfg->max_report_bytes,
                       .encode = 0,
                       .keep_report = 1,
                       .cfg = cfg,
                       .max_ms = (uint32_t)cfg->extract_timeout_ms};
    int own_sum = strcmp(cfg->file_summary, "-") != 0;
    FILE *fp = NULL;
    if (!(F.pipe = zb_pipeline_new(rules, &po, m, err, errlen))) goto out;
    if (!(F.pool = zb_pool_new(F.pipe, cfg->engine_threads, err, errlen))) goto out;
    F.win_cap = 2 * zb_pool_threads(F.pool);
    if (F.win_cap > FM_MAX_WINDOW) F.win_cap = FM_MAX_WINDOW;
    for (int i = 0; i < F.win_cap; i++)
        zb_pipe_out_init(&F.win[i].out);
    if (!(F.codec = zb_codec_new(err, errlen))) goto out;
    if (!(fp = open_output(cfg->file_output, err, errlen))) goto out;
    if (!(F.ocf = zb_ocf_open(fp, 1, ZB_SCHEMA_REPORT_INDICATORS, NULL, err, errlen))) {
        fclose(fp);
        goto out;
    }
    F.sum = own_sum ? fopen(cfg->file_summary, "w") : summary_default;
    if (!F.sum) {
        zb_errf(err, errlen, "%s: %s", cfg->file_summary, strerror(errno));
        goto out;
    }
    if (m) zb_metrics_heartbeat(m);
    if (m) atomic_store(&m->running, 1);
    F.t0 = F.last_progress = zb_mono_s();
    for (size_t i = 0; i < cfg->n_file_inputs && !F.failed && !stopped(&F); i++)
        process_path(&F, cfg->file_inputs[i]);
    drain(&F, 1);
    if (m) atomic_store(&m->running, 0);
    fprintf(F.sum, "\n%lu inputs: %lu reports (%lu indicators) -> %s; %lu not processed\n",
            st->inputs, st->reports, st->indicators, cfg->file_output, st->dead);
    if (st->interrupted)
        fprintf(F.sum, "stopped by a signal: the inputs after these were not read\n");
out:
    if (F.ocf && zb_ocf_close(F.ocf, F.failed ? NULL : err, F.failed ? 0 : errlen) && !F.failed)
        F.failed = 1;
    if (own_sum && F.sum) fclose(F.sum);
    drain(&F, 1); /* after an early failure: nothing may still run */
    zb_pool_free(F.pool);
    for (int i = 0; i < F.win_cap; i++)
        zb_pipe_out_free(&F.win[i].out);
    zb_codec_free(F.codec);
    zb_pipeline_free(F.pipe);
    return (F.failed || !F.ocf || !F.sum) ? 1 : 0;
}
