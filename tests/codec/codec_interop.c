/* codec_interop.c - the C side of the interoperability tests (driven by
 * interop.py with fastavro and with python3-avro):
 *
 *   codec_interop write DIR        writes, for each record kind K:
 *       DIR/K.avro            an Avro container file (deflate) by zb_ocf
 *       DIR/K.framed          records in the Confluent wire format, each
 *                             preceded by its length (4 bytes, big-endian)
 *       DIR/K.expected.jsonl  the canonical JSON of each record (canon.h),
 *                             built from the C structs, not from Avro
 *       DIR/ReportIndicators.extract.jsonl  zb_report_json() of each report:
 *                             what `zhibiao extract --format json` prints
 *   codec_interop dump K FILE      decodes FILE (.avro or .framed) with our
 *       decoders and prints each record's canonical JSON, one per line
 *   codec_interop dump-registry K FILE   same for .framed, resolving the writer
 *       schema by id in the registry at $ZB_SR_URL (schema evolution)
 *   codec_interop split SRC DST    one file per framed record of SRC/K.framed
 *       (up to 64 KiB), as seeds for the fuzz target */
#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "fixtures.h"
#include "zb_extract.h"
#include "zb_ocf.h"
#include "zb_registry.h"

#define BIG 1500 /* indicators in the huge report: spans several OCF blocks */

static char err[512];

static int die(const char *what) {
    fprintf(stderr, "codec_interop: %s: %s\n", what, err);
    return 1;
}

typedef struct {
    FILE *avro_fp, *framed, *expected;
    zb_ocf *ocf;
} outputs;

static int open_outputs(outputs *o, const char *dir, zb_schema_kind k) {
    char path[1024];
    const char *name = zb_schema_name(k);
    snprintf(path, sizeof path, "%s/%s.avro", dir, name);
    o->avro_fp = fopen(path, "wb");
    snprintf(path, sizeof path, "%s/%s.framed", dir, name);
    o->framed = fopen(path, "wb");
    snprintf(path, sizeof path, "%s/%s.expected.jsonl", dir, name);
    o->expected = fopen(path, "w");
    if (!o->avro_fp || !o->framed || !o->expected) return -1;
    o->ocf = zb_ocf_open(o->avro_fp, 1, k, "deflate", err, sizeof err);
    return o->ocf ? 0 : -1;
}

static int close_outputs(outputs *o) {
    int rc = zb_ocf_close(o->ocf, err, sizeof err);
    rc |= fclose(o->framed) | fclose(o->expected);
    return rc ? -1 : 0;
}

static void put_framed(outputs *o, const zb_buf *b) {
    unsigned char len[4] = {(unsigned char)(b->len >> 24), (unsigned char)(b->len >> 16),
                            (unsigned char)(b->len >> 8), (unsigned char)b->len};
    fwrite(len, 1, 4, o->framed);
    fwrite(b->p, 1, b->len, o->framed);
}

static void put_json(outputs *o, json_t *j) {
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    fprintf(o->expected, "%s\n", s);
    free(s);
    json_decref(j);
}

static int write_all(const char *dir) {
    zb_codec *c = zb_codec_new(err, sizeof err);
    zb_buf b = ZB_BUF_INIT;
    outputs rep = {0}, fact = {0}, dlq = {0}, raw = {0};
    zb_buf js = ZB_BUF_INIT;
    char path[1024];
    snprintf(path, sizeof path, "%s/ReportIndicators.extract.jsonl", dir);
    FILE *extract_json = fopen(path, "w");
    if (!c || !extract_json) return die("codec");
    if (open_outputs(&rep, dir, ZB_SCHEMA_REPORT_INDICATORS) ||
        open_outputs(&fact, dir, ZB_SCHEMA_INDICATOR_FACT) ||
        open_outputs(&dlq, dir, ZB_SCHEMA_DEAD_LETTER) ||
        open_outputs(&raw, dir, ZB_SCHEMA_RAW_REPORT))
        return die("open outputs");
    for (int k = 0; k <= FX_REPORTS; k++) {
        zb_report *r = k < FX_REPORTS ? fx_report(k, 0) : fx_report(0, BIG);
        zb_origin o;
        fx_origin(k, &o);
        if (zb_ocf_append_report(rep.ocf, c, r, &o, err, sizeof err) ||
            zb_encode_report(c, 1, r, &o, &b, err, sizeof err))
            return die("report");
        put_framed(&rep, &b);
        put_json(&rep, canon_report(r, &o));
        /* what `zhibiao extract --format json` prints for the same report */
        zb_buf_reset(&js);
        if (zb_report_json(r, &js)) return die("zb_report_json");
        fprintf(extract_json, "%s\n", js.p);
        for (size_t i = 0; i < r->n_indicators; i++) {
            zb_fact_record fr;
            if (zb_ocf_append_fact(fact.ocf, c, r, i, &o, err, sizeof err) ||
                zb_encode_fact(c, 2, r, i, &o, &b, err, sizeof err))
                return die("fact");
            put_framed(&fact, &b);
            canon_fact_of(r, i, &o, &fr);
            put_json(&fact, canon_fact(&fr));
        }
        fx_report_free(r);
    }
    for (int k = 0; k < 2; k++) {
        zb_dead_letter d;
        zb_raw_report rr;
        fx_dead_letter(k, &d);
        fx_raw_report(k, &rr);
        if (zb_ocf_append_dead_letter(dlq.ocf, c, &d, err, sizeof err) ||
            zb_encode_dead_letter(c, 3, &d, &b, err, sizeof err))
            return die("dead letter");
        put_framed(&dlq, &b);
        put_json(&dlq, canon_dead_letter(&d));
        if (zb_ocf_append_raw_report(raw.ocf, c, &rr, err, sizeof err) ||
            zb_encode_raw_report(c, 4, &rr, &b, err, sizeof err))
            return die("raw report");
        put_framed(&raw, &b);
        put_json(&raw, canon_raw_report(&rr));
    }
    if (close_outputs(&rep) || close_outputs(&fact) || close_outputs(&dlq) || close_outputs(&raw))
        return die("close");
    fclose(extract_json);
    zb_buf_free(&js);
    zb_buf_free(&b);
    zb_codec_free(c);
    return 0;
}

/* Decodes one record (framed or bare) and prints its canonical JSON. */
static int dump_one(zb_codec *c, zb_registry *reg, zb_schema_kind k, int framed, const void *p,
                    size_t n) {
    json_t *j = NULL;
    zb_codec_status st;
    if (k == ZB_SCHEMA_REPORT_INDICATORS) {
        zb_decoded_report *d;
        st = zb_decode_report(c, reg, framed, p, n, &d, err, sizeof err);
        if (!st) j = canon_report(&d->report, &d->origin);
        zb_decoded_report_free(st ? NULL : d);
    } else if (k == ZB_SCHEMA_INDICATOR_FACT) {
        zb_fact_record f;
        st = zb_decode_fact(c, reg, framed, p, n, &f, err, sizeof err);
        if (!st) j = canon_fact(&f);
    } else if (k == ZB_SCHEMA_DEAD_LETTER) {
        zb_dead_letter d;
        st = zb_decode_dead_letter(c, reg, framed, p, n, &d, err, sizeof err);
        if (!st) j = canon_dead_letter(&d);
    } else {
        zb_raw_report r;
        st = zb_decode_raw_report(c, reg, framed, p, n, &r, err, sizeof err);
        if (!st) j = canon_raw_report(&r);
    }
    if (st) return die("decode");
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    printf("%s\n", s);
    free(s);
    json_decref(j);
    return 0;
}

static int dump_framed(zb_codec *c, zb_registry *reg, zb_schema_kind k, FILE *f) {
    unsigned char len[4];
    zb_buf b = ZB_BUF_INIT;
    int rc = 0;
    while (!rc && fread(len, 1, 4, f) == 4) {
        size_t n = (size_t)len[0] << 24 | (size_t)len[1] << 16 | (size_t)len[2] << 8 | len[3];
        zb_buf_reset(&b);
        if (zb_buf_reserve(&b, n) || fread(b.p, 1, n, f) != n) {
            snprintf(err, sizeof err, "truncated file");
            rc = die("read");
            break;
        }
        rc = dump_one(c, reg, k, 1, b.p, n);
    }
    zb_buf_free(&b);
    return rc;
}

/* Container files written by others: avro-c reads them (deflate included);
 * each value is re-serialized to Avro binary and decoded by our decoder. */
static int dump_ocf(zb_codec *c, zb_schema_kind k, const char *path) {
    avro_file_reader_t fr;
    if (avro_file_reader(path, &fr)) {
        snprintf(err, sizeof err, "%s", avro_strerror());
        return die(path);
    }
    avro_schema_t ws = avro_file_reader_get_writer_schema(fr);
    avro_value_iface_t *iface = avro_generic_class_from_schema(ws);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    avro_writer_t w = avro_writer_memory(buf, (int64_t)cap);
    int rc = 0;
    while (!rc && avro_file_reader_read_value(fr, &v) == 0) {
        size_t need;
        avro_value_sizeof(&v, &need);
        if (need > cap) {
            cap = need;
            buf = realloc(buf, cap);
        }
        avro_writer_memory_set_dest(w, buf, (int64_t)cap);
        if (avro_value_write(w, &v)) {
            snprintf(err, sizeof err, "%s", avro_strerror());
            rc = die("re-serialize");
            break;
        }
        rc = dump_one(c, NULL, k, 0, buf, (size_t)avro_writer_tell(w));
        avro_value_reset(&v);
    }
    avro_writer_free(w);
    free(buf);
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(ws); /* the reader gave us a reference */
    avro_file_reader_close(fr);
    return rc;
}

static int split(const char *src, const char *dst) {
    for (int k = 0; k < ZB_SCHEMA_COUNT; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.framed", src, zb_schema_name((zb_schema_kind)k));
        FILE *f = fopen(path, "rb");
        if (!f) return fprintf(stderr, "cannot open %s\n", path), 1;
        unsigned char len[4];
        static char buf[65536];
        for (int i = 0; fread(len, 1, 4, f) == 4; i++) {
            size_t n = (size_t)len[0] << 24 | (size_t)len[1] << 16 | (size_t)len[2] << 8 | len[3];
            if (n > sizeof buf) {
                fseek(f, (long)n, SEEK_CUR);
                continue;
            }
            if (fread(buf, 1, n, f) != n) break;
            snprintf(path, sizeof path, "%s/%s-%d", dst, zb_schema_name((zb_schema_kind)k), i);
            FILE *o = fopen(path, "wb");
            if (!o) return fprintf(stderr, "cannot write %s\n", path), 1;
            fwrite(buf, 1, n, o);
            fclose(o);
        }
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "write")) return write_all(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "split")) return split(argv[2], argv[3]);
    if (argc != 4 || (strcmp(argv[1], "dump") && strcmp(argv[1], "dump-registry"))) {
        fprintf(stderr,
                "usage: codec_interop write DIR | dump[-registry] KIND FILE | split SRC DST\n");
        return 2;
    }
    int k = zb_schema_find(argv[2]);
    if (k < 0) return fprintf(stderr, "unknown kind %s\n", argv[2]), 2;
    zb_codec *c = zb_codec_new(err, sizeof err);
    zb_registry *reg = NULL;
    if (!strcmp(argv[1], "dump-registry")) {
        zb_registry_conf conf;
        zb_registry_conf_init(&conf);
        conf.urls = getenv("ZB_SR_URL");
        if (!(reg = zb_registry_new(&conf, err, sizeof err))) return die("registry");
    }
    size_t n = strlen(argv[3]);
    int rc;
    if (n > 5 && !strcmp(argv[3] + n - 5, ".avro")) {
        rc = dump_ocf(c, (zb_schema_kind)k, argv[3]);
    } else {
        FILE *f = fopen(argv[3], "rb");
        if (!f) return fprintf(stderr, "cannot open %s\n", argv[3]), 1;
        rc = dump_framed(c, reg, (zb_schema_kind)k, f);
        fclose(f);
    }
    zb_registry_free(reg);
    zb_codec_free(c);
    return rc;
}
