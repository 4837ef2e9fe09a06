/* cli_extract.c - `zhibiao extract`: runs the extraction engine over files
 * (or stdin) and prints JSON Lines, a readable table, or an Avro container. */
#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mono_clock.h"
#include "pipeline.h" /* zb_report_id */
#include "zb_codec.h"
#include "zb_extract.h"
#include "zb_ocf.h"

#ifndef ZB_CONFIG_DIR
#define ZB_CONFIG_DIR "config"
#endif

#define DEFAULT_MAX_BYTES ((size_t)64 << 20) /* --max-bytes: the engine's own default */

typedef enum { FMT_JSON, FMT_PRETTY, FMT_AVRO } out_format;

static void usage(FILE *f) {
    fprintf(f,
            "usage: zhibiao extract [--format json|pretty|avro] [--rules-dir DIR] [--max-bytes N]\n"
            "                       [--timeout-ms N] FILE...\n"
            "\n"
            "Extracts indicators from rule-of-law government annual reports (HTML or text,\n"
            "UTF-8 or GB18030, simplified or traditional). '-' reads standard input.\n"
            "\n"
            "  --format json    one JSON object per input and line (default)\n"
            "  --format pretty  document fields and a table of indicators with evidence\n"
            "  --format avro    an Avro container file of ReportIndicators records on stdout\n"
            "  --rules-dir DIR  rule and gazetteer data (default $ZHIBIAO_RULES_DIR, else\n"
            "                   %s)\n"
            "  --max-bytes N    refuse inputs larger than N bytes (default 64 MiB)\n"
            "  --timeout-ms N   give up on an input after N ms of work (default 10000)\n"
            "\n"
            "A file that cannot be processed gets one line on stderr and exit status 1;\n"
            "the other files are still processed.\n",
            ZB_CONFIG_DIR);
}

/* Reads a whole file (or stdin for "-") of at most limit bytes. A larger
 * one is refused without being read into memory (a regular file by its
 * size, a stream once limit + 1 bytes have come). */
static int read_input(const char *path, size_t limit, char **buf, size_t *len, char *err,
                      size_t errlen) {
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        snprintf(err, errlen, "io: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (f != stdin && !fstat(fileno(f), &st) && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size > limit) {
        snprintf(err, errlen, "too_large: input is %lld bytes, over the limit of %zu bytes",
                 (long long)st.st_size, limit);
        fclose(f);
        return -1;
    }
    zb_buf b = ZB_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > limit) {
            snprintf(err, errlen, "too_large: input is over the limit of %zu bytes", limit);
            rc = -1;
            break;
        }
        if (zb_buf_append(&b, chunk, n)) {
            snprintf(err, errlen, "out_of_memory: reading input");
            rc = -1;
            break;
        }
    }
    if (!rc && ferror(f)) {
        snprintf(err, errlen, "io: %s", strerror(errno));
        rc = -1;
    }
    if (f != stdin) fclose(f);
    if (rc) {
        zb_buf_free(&b);
        return -1;
    }
    *buf = b.p;
    *len = b.len;
    return 0;
}

/* ---- pretty ---- */

static void print_field(const char *name, const char *v) {
    printf("  %-15s %s\n", name, v ? v : "-");
}

/* Copies at most max_chars UTF-8 characters of s, one line. */
static void snippet(const char *s, size_t max_chars, char *out, size_t outlen) {
    size_t o = 0, chars = 0;
    for (size_t i = 0; s && s[i] && o + 5 < outlen;) {
        unsigned char c = (unsigned char)s[i];
        size_t cl = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (chars == max_chars) {
            memcpy(out + o, "…", 3);
            o += 3;
            break;
        }
        if (c == '\n' || c == '\t') {
            out[o++] = ' ';
            i++;
        } else {
            for (size_t k = 0; k < cl && s[i]; k++)
                out[o++] = s[i++];
        }
        chars++;
    }
    out[o] = '\0';
}

/* Prints s left-aligned in width terminal columns (CJK characters take two). */
static void print_col(const char *s, int width) {
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x80) {
            w++;
            p++;
        } else {
            size_t cl = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
            w += cl >= 3 ? 2 : 1;
            for (size_t k = 0; k < cl && *p; k++)
                p++;
        }
    }
    fputs(s, stdout);
    for (; w < width; w++)
        putchar(' ');
    putchar(' ');
}

static void print_pretty(const zb_report *r) {
    char year[16], region[256];
    snprintf(year, sizeof year, "%d", r->report_year);
    snprintf(region, sizeof region, "%s %s %s", r->region.name ? r->region.name : "-",
             r->region.code ? r->region.code : "",
             zb_region_level_name(r->region.level) ? zb_region_level_name(r->region.level) : "");
    printf("== %s\n", r->source ? r->source : "-");
    print_field("title", r->title);
    print_field("report_year", r->report_year ? year : NULL);
    print_field("published_date", r->published_date);
    print_field("region", region);
    print_field("issuer", r->issuer.name);
    print_field("issuer_kind", zb_issuer_kind_name(r->issuer.kind));
    print_field("script", zb_script_name(r->script));
    print_field("encoding", r->encoding);
    printf("  %-15s %zu (", "sections", r->n_sections);
    for (size_t i = 0, first = 1; i < r->n_sections; i++) {
        if (r->sections[i].level != 1) continue;
        printf("%s%s", first ? "" : ", ", zb_section_kind_name(r->sections[i].kind));
        first = 0;
    }
    printf(")\n\n");
    printf("  %-38s %12s %-5s %-9s %-17s %-12s %s\n", "code", "value", "unit", "approx", "scope",
           "section", "evidence");
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_indicator *x = &r->indicators[i];
        char ev[256], scope[64], val[32];
        snippet(x->evidence.text, 30, ev, sizeof ev);
        snippet(x->scope ? x->scope : "-", 8, scope, sizeof scope);
        snprintf(val, sizeof val, "%.15g", x->value);
        printf("  %-38s %12s ", x->code, val);
        print_col(x->unit, 5);
        printf("%-9s ", zb_approx_name(x->approx));
        print_col(scope, 17);
        printf("%-12s %s\n", zb_section_kind_name(x->section), ev);
    }
    size_t targets = 0;
    for (size_t i = 0; i < r->n_facts; i++)
        targets += r->facts[i].target != 0;
    printf("\n  %zu indicators, %zu other facts (%zu of them targets)\n", r->n_indicators,
           r->n_facts, targets);
    for (size_t i = 0; i < r->n_facts; i++) {
        const zb_fact *f = &r->facts[i];
        if (!f->target) continue;
        char ev[256], val[32];
        snippet(f->evidence.text, 40, ev, sizeof ev);
        snprintf(val, sizeof val, "%.15g", f->value);
        printf("  target %12s ", val);
        print_col(f->unit, 5);
        printf("%-9s %s\n", zb_approx_name(f->approx), ev);
    }
    for (size_t i = 0; i < r->n_warnings; i++)
        printf("  warning %s: %s\n", r->warnings[i].code, r->warnings[i].message);
    printf("\n");
}

/* ---- main loop ---- */

typedef struct {
    out_format fmt;
    const zb_rules *rules;
    size_t max_bytes;
    uint32_t max_ms; /* --timeout-ms: the engine's work budget, 0 = its default */
    zb_codec *codec;
    zb_ocf *ocf;
    int show_progress;
    size_t done, total;
    double bytes, t0;
} ctx;

static void progress(const ctx *c, int final) {
    if (!c->show_progress) return;
    double dt = zb_mono_s() - c->t0;
    fprintf(stderr, "\rzhibiao: %zu/%zu files, %.1f MB, %.1f MB/s%s", c->done, c->total,
            c->bytes / 1e6, dt > 0 ? c->bytes / 1e6 / dt : 0.0, final ? "\n" : "");
}

static int emit(ctx *c, const zb_report *r, const char *buf, size_t len, char *err, size_t errlen) {
    if (c->fmt == FMT_PRETTY) {
        print_pretty(r);
        return 0;
    }
    if (c->fmt == FMT_JSON) {
        zb_buf b = ZB_BUF_INIT;
        int rc = zb_report_json(r, &b);
        if (!rc) {
            fwrite(b.p, 1, b.len, stdout);
            fputc('\n', stdout);
        } else {
            snprintf(err, errlen, "out_of_memory: printing JSON");
        }
        zb_buf_free(&b);
        return rc;
    }
    zb_origin o;
    char id[17];
    zb_origin_init(&o);
    zb_report_id(buf, len, id);
    o.report_id = id;
    o.extractor_version = ZB_EXTRACTOR_VERSION;
    o.rules_version = zb_rules_version(c->rules);
    return zb_ocf_append_report(c->ocf, c->codec, r, &o, err, errlen) == ZB_CODEC_OK ? 0 : -1;
}

static int one_file(ctx *c, const char *path) {
    char err[512] = "";
    char *buf = NULL;
    size_t len = 0;
    if (read_input(path, c->max_bytes, &buf, &len, err, sizeof err)) {
        fprintf(stderr, "zhibiao: %s: %s\n", path, err);
        return -1;
    }
    zb_extract_opts o = {.source = path, .max_bytes = c->max_bytes, .max_ms = c->max_ms};
    zb_report *r = NULL;
    zb_status st = zb_extract(c->rules, buf, len, &o, &r, err, sizeof err);
    int rc = 0;
    if (st != ZB_OK) {
        if (c->show_progress) fputc('\n', stderr);
        fprintf(stderr, "zhibiao: %s: %s: %s\n", path, zb_status_name(st), err);
        rc = -1;
    } else if (emit(c, r, buf, len, err, sizeof err)) {
        fprintf(stderr, "zhibiao: %s: output: %s\n", path, err);
        rc = -1;
    }
    c->bytes += (double)len;
    zb_report_free(r);
    free(buf);
    return rc;
}

static int set_format(ctx *c, const char *v) {
    if (!strcmp(v, "json"))
        c->fmt = FMT_JSON;
    else if (!strcmp(v, "pretty"))
        c->fmt = FMT_PRETTY;
    else if (!strcmp(v, "avro"))
        c->fmt = FMT_AVRO;
    else {
        fprintf(stderr, "zhibiao extract: unknown format '%s' (json|pretty|avro)\n", v);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, ctx *c, const char **rules_dir, int *first_file) {
    static const struct option longopts[] = {{"format", required_argument, 0, 'f'},
                                             {"rules-dir", required_argument, 0, 'r'},
                                             {"max-bytes", required_argument, 0, 'm'},
                                             {"timeout-ms", required_argument, 0, 't'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    optind = 1;
    opterr = 0; /* zb_cli_bad_option says it, in the words of every subcommand */
    int ch;
    unsigned long long n;
    while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            if (set_format(c, optarg)) return 2;
            break;
        case 'r':
            *rules_dir = optarg;
            break;
        case 'm':
            if (zb_cli_count("extract", "--max-bytes", optarg, 1, SIZE_MAX, &n)) return 2;
            c->max_bytes = (size_t)n;
            break;
        case 't':
            if (zb_cli_count("extract", "--timeout-ms", optarg, 1, ZB_EXTRACT_MAX_MS_LIMIT, &n))
                return 2;
            c->max_ms = (uint32_t)n;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            zb_cli_bad_option("extract", ch, argv, longopts);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "zhibiao extract: no FILE given ('-' reads standard input; try --help)\n");
        return 2;
    }
    *first_file = optind;
    return 0;
}

int zb_cmd_extract(int argc, char **argv) {
    ctx c = {.fmt = FMT_JSON, .max_bytes = DEFAULT_MAX_BYTES};
    const char *rules_dir = getenv("ZHIBIAO_RULES_DIR");
    if (!rules_dir) rules_dir = ZB_CONFIG_DIR;
    int first = 0;
    int prc = parse_args(argc, argv, &c, &rules_dir, &first);
    if (prc) return prc == 1 ? 0 : prc;
    char err[512];
    zb_rules *rules = zb_rules_load(rules_dir, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "zhibiao: cannot load rules from %s: %s\n", rules_dir, err);
        return 2;
    }
    c.rules = rules;
    if (c.fmt == FMT_AVRO) {
        if (isatty(STDOUT_FILENO)) {
            fprintf(stderr, "zhibiao: refusing to write Avro binary to a terminal; redirect "
                            "stdout to a file\n");
            zb_rules_free(rules);
            return 2;
        }
        c.codec = zb_codec_new(err, sizeof err);
        if (c.codec)
            c.ocf = zb_ocf_open(stdout, 0, ZB_SCHEMA_REPORT_INDICATORS, NULL, err, sizeof err);
        if (!c.codec || !c.ocf) {
            fprintf(stderr, "zhibiao: avro output: %s\n", err);
            zb_codec_free(c.codec);
            zb_rules_free(rules);
            return 2;
        }
    }
    c.total = (size_t)(argc - first);
    c.show_progress = c.total > 1 && isatty(STDERR_FILENO);
    c.t0 = zb_mono_s();
    int failed = 0;
    for (int i = first; i < argc; i++) {
        if (one_file(&c, argv[i])) failed = 1;
        c.done++;
        progress(&c, 0);
        if (c.fmt != FMT_AVRO) fflush(stdout);
    }
    progress(&c, 1);
    if (c.ocf && zb_ocf_close(c.ocf, err, sizeof err)) {
        fprintf(stderr, "zhibiao: avro output: %s\n", err);
        failed = 1;
    }
    zb_codec_free(c.codec);
    zb_rules_free(rules);
    if (fflush(stdout)) failed = 1;
    return failed ? 1 : 0;
}
