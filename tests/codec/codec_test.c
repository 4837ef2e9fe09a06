/* codec_test.c - unit tests of the codec: framing, dates, UTF-8, round trips
 * of every record type (zero indicators, huge reports), the OCF writer read
 * back by avro-c, and hostile input. Prints "N checks, N failures". */
#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "fixtures.h"
#include "zb_codec_int.h"
#include "zb_ocf.h"

static char err[512];

#include "../check.h"

/* Compares two JSON values; on difference prints both. */
static int same_json(json_t *a, json_t *b) {
    int eq = json_equal(a, b);
    if (!eq) {
        char *sa = json_dumps(a, JSON_COMPACT), *sb = json_dumps(b, JSON_COMPACT);
        fprintf(stderr, "  got:  %.600s\n  want: %.600s\n", sa, sb);
        free(sa);
        free(sb);
    }
    json_decref(a);
    json_decref(b);
    return eq;
}

static void test_framing(void) {
    uint8_t h[5];
    zb_frame_header(h, 0x01020304);
    CHECK(h[0] == 0 && h[1] == 1 && h[2] == 2 && h[3] == 3 && h[4] == 4, "header bytes");
    int32_t id;
    const uint8_t *body;
    size_t n;
    const uint8_t ok[] = {0, 0, 0, 1, 0, 42};
    CHECK(zb_frame_parse(ok, sizeof ok, &id, &body, &n, err, sizeof err) == ZB_CODEC_OK &&
              id == 256 && n == 1 && body[0] == 42,
          "parse framed");
    for (size_t len = 0; len < 5; len++)
        CHECK(zb_frame_parse(ok, len, &id, &body, &n, err, sizeof err) == ZB_CODEC_EFRAME &&
                  strstr(err, "too short"),
              "short payload of %zu bytes", len);
    CHECK(zb_frame_parse(NULL, 0, &id, &body, &n, err, sizeof err) == ZB_CODEC_EFRAME, "NULL");
    const uint8_t json[] = "{\"url\": 1}";
    CHECK(zb_frame_parse(json, sizeof json - 1, &id, &body, &n, err, sizeof err) ==
                  ZB_CODEC_EFRAME &&
              strstr(err, "0x7b"),
          "wrong magic names the byte");
    zb_frame_header(h, -1);
    CHECK(zb_frame_parse(h, 5, &id, &body, &n, err, sizeof err) == ZB_CODEC_OK && id == -1 &&
              n == 0,
          "id round trip, empty body");
}

static void test_dates(void) {
    int32_t d;
    char s[11];
    CHECK(zbc_date_to_days("1970-01-01", &d) == 0 && d == 0, "epoch");
    CHECK(zbc_date_to_days("2024-02-29", &d) == 0 && d == 19782, "leap day");
    CHECK(zbc_date_to_days("1969-12-31", &d) == 0 && d == -1, "before epoch");
    CHECK(zbc_date_to_days("2023-02-29", &d) == -1, "no Feb 29 in 2023");
    CHECK(zbc_date_to_days("2023-13-01", &d) == -1, "month 13");
    CHECK(zbc_date_to_days("2023-1-01", &d) == -1, "short");
    CHECK(zbc_date_to_days(NULL, &d) == -1, "NULL");
    int bad = 0;
    for (int32_t x = -719000; x <= 2900000; x += 37) {
        int32_t back;
        if (zbc_days_to_date(x, s) || zbc_date_to_days(s, &back) || back != x) bad++;
    }
    CHECK(bad == 0, "days <-> date round trip, years 1..9909 (%d bad)", bad);
    CHECK(zbc_days_to_date(19782, s) == 0 && !strcmp(s, "2024-02-29"), "days to date");
}

static void test_utf8(void) {
    CHECK(zbc_utf8_valid_prefix("abc", 3) == 3, "ascii");
    CHECK(zbc_utf8_valid_prefix("北碚", 6) == 6, "CJK");
    CHECK(zbc_utf8_valid_prefix("\xF0\xA0\xAE\xB7", 4) == 4, "4-byte");
    CHECK(zbc_utf8_valid_prefix("a\xB1\xB1", 3) == 1, "GBK bytes");
    CHECK(zbc_utf8_valid_prefix("\xE5\x8C", 2) == 0, "truncated");
    CHECK(zbc_utf8_valid_prefix("\xC0\x80", 2) == 0, "overlong");
    CHECK(zbc_utf8_valid_prefix("\xED\xA0\x80", 3) == 0, "surrogate");
}

static void roundtrip_report(zb_codec *c, const zb_report *r, const zb_origin *o, int framed,
                             const char *what) {
    zb_buf b = ZB_BUF_INIT;
    zb_decoded_report *d = NULL;
    zb_codec_status st = zb_encode_report(c, framed ? 7 : -1, r, o, &b, err, sizeof err);
    CHECK(st == ZB_CODEC_OK, "%s: encode", what);
    if (framed) CHECK(b.len > 5 && b.p[0] == 0 && b.p[4] == 7, "%s: framed", what);
    st = zb_decode_report(c, NULL, framed, b.p, b.len, &d, err, sizeof err);
    CHECK(st == ZB_CODEC_OK, "%s: decode", what);
    if (d) CHECK(same_json(canon_report(&d->report, &d->origin), canon_report(r, o)), "%s", what);
    zb_decoded_report_free(d);
    zb_buf_free(&b);
}

static void test_reports(zb_codec *c) {
    for (int k = 0; k < FX_REPORTS; k++) {
        zb_report *r = fx_report(k, 0);
        zb_origin o;
        fx_origin(k, &o);
        char what[64];
        snprintf(what, sizeof what, "report kind %d", k);
        roundtrip_report(c, r, &o, 1, what);
        roundtrip_report(c, r, &o, 0, what);
        if (k == 1) CHECK(r->n_indicators == 0, "kind 1 has zero indicators");
        fx_report_free(r);
    }
    /* huge: 100,000 indicators and facts (~25 MB of Avro) */
    zb_report *r = fx_report(0, 100000);
    zb_origin o;
    fx_origin(0, &o);
    roundtrip_report(c, r, &o, 1, "huge report");
    fx_report_free(r);
}

static void test_buffers_reused(zb_codec *c) {
    zb_report *big = fx_report(0, 2000), *small = fx_report(1, 0);
    zb_origin o;
    fx_origin(0, &o);
    zb_buf b = ZB_BUF_INIT;
    zb_encode_report(c, 1, big, &o, &b, err, sizeof err);
    char *p = b.p;
    size_t cap = b.cap;
    CHECK(zb_encode_report(c, 1, small, &o, &b, err, sizeof err) == 0 && b.p == p && b.cap == cap &&
              b.len < 200,
          "output buffer reused, replaced not appended");
    zb_decoded_report *d = NULL;
    zb_decode_report(c, NULL, 1, b.p, b.len, &d, err, sizeof err);
    CHECK(d && d->report.n_indicators == 0 && d->report.n_sections == 0,
          "value reset between records (no leftovers from the big one)");
    zb_decoded_report_free(d);
    zb_buf_free(&b);
    fx_report_free(big);
    fx_report_free(small);
}

static void test_facts(zb_codec *c) {
    zb_report *r = fx_report(0, 0);
    zb_origin o;
    fx_origin(0, &o);
    zb_buf b = ZB_BUF_INIT, key = ZB_BUF_INIT;
    for (size_t i = 0; i < r->n_indicators; i++) {
        zb_fact_record got, want;
        CHECK(zb_encode_fact(c, 9, r, i, &o, &b, err, sizeof err) == 0, "fact encode");
        CHECK(zb_decode_fact(c, NULL, 1, b.p, b.len, &got, err, sizeof err) == 0, "decode");
        canon_fact_of(r, i, &o, &want);
        CHECK(same_json(canon_fact(&got), canon_fact(&want)), "fact %zu round trip", i);
    }
    CHECK(zb_encode_fact(c, 9, r, r->n_indicators, &o, &b, err, sizeof err) == ZB_CODEC_EINPUT,
          "index out of range");
    CHECK(zb_fact_key(r, 1, &key) == 0 && !strcmp(key.p, "500109|2023|litigation.loss_rate"),
          "fact key: %s", key.p ? key.p : "");
    fx_report_free(r);
    r = fx_report(1, 0);
    r->indicators = calloc(1, sizeof *r->indicators);
    r->n_indicators = 1;
    r->indicators[0].code = strdup("litigation.lost");
    CHECK(zb_fact_key(r, 0, &key) == 0 && !strcmp(key.p, "||litigation.lost"),
          "fact key with unknown region and year: %s", key.p ? key.p : "");
    zb_origin bad;
    zb_origin_init(&bad);
    CHECK(zb_encode_fact(c, 9, r, 0, &bad, &b, err, sizeof err) == ZB_CODEC_EINPUT,
          "origin without report id refused");
    fx_report_free(r);
    zb_buf_free(&b);
    zb_buf_free(&key);
}

static void test_dead_letters(zb_codec *c) {
    zb_buf b = ZB_BUF_INIT;
    for (int k = 0; k < 2; k++) {
        zb_dead_letter d, got;
        fx_dead_letter(k, &d);
        CHECK(zb_encode_dead_letter(c, 3, &d, &b, err, sizeof err) == 0, "dlq encode");
        CHECK(zb_decode_dead_letter(c, NULL, 1, b.p, b.len, &got, err, sizeof err) == 0,
              "dlq decode");
        CHECK(same_json(canon_dead_letter(&got), canon_dead_letter(&d)), "dlq %d round trip", k);
        if (k == 1)
            CHECK(got.key == NULL && got.value && got.value_len == 0,
                  "null key vs empty value kept apart");
    }
    zb_dead_letter d;
    fx_dead_letter(0, &d);
    d.error_code = NULL;
    CHECK(zb_encode_dead_letter(c, 3, &d, &b, err, sizeof err) == ZB_CODEC_EINPUT,
          "dead letter needs a reason");
    zb_buf_free(&b);
}

static void test_raw_reports(zb_codec *c) {
    zb_buf b = ZB_BUF_INIT;
    for (int k = 0; k < 2; k++) {
        zb_raw_report r, got;
        fx_raw_report(k, &r);
        CHECK(zb_encode_raw_report(c, 4, &r, &b, err, sizeof err) == 0, "raw encode");
        CHECK(zb_decode_raw_report(c, NULL, 1, b.p, b.len, &got, err, sizeof err) == 0,
              "raw decode");
        CHECK(same_json(canon_raw_report(&got), canon_raw_report(&r)), "raw %d round trip", k);
        CHECK(got.body_len == r.body_len && !memcmp(got.body, r.body, r.body_len),
              "body bytes exact (NULs and GBK kept)");
    }
    zb_buf_free(&b);
}

static void test_utf8_repair(zb_codec *c) {
    zb_report *r = fx_report(1, 0);
    free(r->title);
    r->title = strdup("bad\xB1\xB1 title \xE5");
    zb_origin o;
    fx_origin(1, &o);
    zb_buf b = ZB_BUF_INIT;
    zb_decoded_report *d = NULL;
    CHECK(zb_encode_report(c, 1, r, &o, &b, err, sizeof err) == 0, "encode with bad UTF-8");
    zb_decode_report(c, NULL, 1, b.p, b.len, &d, err, sizeof err);
    CHECK(d && !strcmp(d->report.title, "bad\xEF\xBF\xBD\xEF\xBF\xBD title \xEF\xBF\xBD"),
          "invalid bytes replaced by U+FFFD");
    zb_decoded_report_free(d);
    zb_buf_free(&b);
    fx_report_free(r);
}

/* Hostile input: every prefix and some mutations of a valid record must give
 * an error (never a crash, never an allocation of a claimed huge length). */
static void test_hostile(zb_codec *c) {
    zb_raw_report r, got;
    fx_raw_report(0, &r);
    zb_buf b = ZB_BUF_INIT;
    zb_encode_raw_report(c, 4, &r, &b, err, sizeof err);
    int crashes_avoided = 0, accepted = 0;
    for (size_t n = 5; n < b.len; n++) {
        zb_codec_status st = zb_decode_raw_report(c, NULL, 1, b.p, n, &got, err, sizeof err);
        if (st == ZB_CODEC_EDATA)
            crashes_avoided++;
        else
            accepted++;
    }
    CHECK(accepted == 0, "every truncation refused (%d accepted)", accepted);
    CHECK(crashes_avoided > 0, "truncations give EDATA");
    /* a string claiming 2^62 bytes */
    uint8_t huge[] = {0, 0, 0, 0, 4, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
    CHECK(zb_decode_raw_report(c, NULL, 1, huge, sizeof huge, &got, err, sizeof err) ==
              ZB_CODEC_EDATA,
          "huge length refused before allocation");
    /* trailing garbage */
    zb_buf_append(&b, "xx", 2);
    CHECK(zb_decode_raw_report(c, NULL, 1, b.p, b.len, &got, err, sizeof err) == ZB_CODEC_EDATA &&
              strstr(err, "trailing"),
          "trailing bytes refused");
    /* a DeadLetter with a union index out of range */
    uint8_t badunion[] = {0, 0, 0, 0, 3, 0x08};
    zb_dead_letter d;
    CHECK(zb_decode_dead_letter(c, NULL, 1, badunion, sizeof badunion, &d, err, sizeof err) ==
              ZB_CODEC_EDATA,
          "bad union index");
    /* pseudo-random bytes */
    uint64_t x = 88172645463325252ULL;
    int ok = 0;
    for (int i = 0; i < 20000; i++) {
        uint8_t buf[64];
        size_t n = 5 + (size_t)(i % 59);
        for (size_t j = 0; j < n; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[j] = (uint8_t)x;
        }
        buf[0] = 0;
        zb_decoded_report *dr = NULL;
        if (zb_decode_report(c, NULL, 1, buf, n, &dr, err, sizeof err) == 0) ok++;
        zb_decoded_report_free(dr);
        zb_decode_dead_letter(c, NULL, 1, buf, n, &d, err, sizeof err);
        zb_decode_raw_report(c, NULL, 1, buf, n, &got, err, sizeof err);
    }
    CHECK(1, "20,000 random payloads decoded without crashing (%d happened to be valid)", ok);
    zb_buf_free(&b);
}

/* The container file read back by avro-c's own reader: same records, same
 * bytes as our encoder's bare output. */
static void test_ocf(zb_codec *c) {
    char path[] = "/tmp/zb_codec_test_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "wb");
    zb_ocf *w = zb_ocf_open(f, 1, ZB_SCHEMA_REPORT_INDICATORS, NULL, err, sizeof err);
    CHECK(w != NULL, "ocf open");
    zb_report *reps[4] = {fx_report(0, 0), fx_report(1, 0), fx_report(2, 0), fx_report(0, 3000)};
    zb_origin o;
    fx_origin(0, &o);
    for (int round = 0; round < 300; round++)
        for (int k = 0; k < 4; k++)
            if (k < 3 || round == 0)
                CHECK(zb_ocf_append_report(w, c, reps[k], &o, err, sizeof err) == 0, "append");
    CHECK(zb_ocf_append_fact(w, c, reps[0], 0, &o, err, sizeof err) == ZB_CODEC_EINPUT,
          "wrong kind refused");
    CHECK(zb_ocf_count(w) == 901, "count");
    CHECK(zb_ocf_close(w, err, sizeof err) == 0, "close");

    avro_file_reader_t fr;
    CHECK(avro_file_reader(path, &fr) == 0, "avro-c opens our file: %s", avro_strerror());
    avro_schema_t ws = avro_file_reader_get_writer_schema(fr);
    avro_value_iface_t *iface = avro_generic_class_from_schema(ws);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    zb_buf mine = ZB_BUF_INIT;
    size_t n = 0, same = 0;
    static char buf[4 << 20];
    avro_writer_t aw = avro_writer_memory(buf, sizeof buf);
    while (avro_file_reader_read_value(fr, &v) == 0) {
        int k = n < 4 ? (int)n : (int)((n - 4) % 3);
        zb_encode_report(c, -1, reps[k], &o, &mine, err, sizeof err);
        avro_writer_reset(aw);
        avro_value_write(aw, &v);
        if ((size_t)avro_writer_tell(aw) == mine.len && !memcmp(buf, mine.p, mine.len)) same++;
        avro_value_reset(&v);
        n++;
    }
    CHECK(n == 901 && same == n, "avro-c read %zu records, %zu identical", n, same);
    avro_writer_free(aw);
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(ws); /* the reader gave us a reference */
    avro_file_reader_close(fr);
    zb_buf_free(&mine);
    for (int k = 0; k < 4; k++)
        fx_report_free(reps[k]);
    remove(path);

    CHECK(zb_ocf_open(stdout, 0, ZB_SCHEMA_RAW_REPORT, "snappy", err, sizeof err) == NULL,
          "unknown codec refused");
}

static void test_schemas(void) {
    for (int k = 0; k < ZB_SCHEMA_COUNT; k++) {
        const char *t = zb_schema_text((zb_schema_kind)k);
        json_t *j = json_loads(t, 0, NULL);
        CHECK(j &&
                  !strcmp(json_string_value(json_object_get(j, "name")),
                          zb_schema_name((zb_schema_kind)k)) &&
                  !strcmp(json_string_value(json_object_get(j, "namespace")), ZB_SCHEMA_NAMESPACE),
              "embedded schema %d is the .avsc", k);
        json_decref(j);
        CHECK(zb_schema_find(zb_schema_fullname((zb_schema_kind)k)) == k, "find by full name");
    }
    CHECK(zb_schema_find("deadletter") == ZB_SCHEMA_DEAD_LETTER, "find, any case");
    CHECK(zb_schema_find("Nope") == -1, "unknown");
}

int main(void) {
    check_note = err; /* the codec's last error after each failure */
    zb_codec *c = zb_codec_new(err, sizeof err);
    if (!c) {
        fprintf(stderr, "codec: %s\n", err);
        return 1;
    }
    test_framing();
    test_dates();
    test_utf8();
    test_schemas();
    test_reports(c);
    test_buffers_reused(c);
    test_facts(c);
    test_dead_letters(c);
    test_raw_reports(c);
    test_utf8_repair(c);
    test_hostile(c);
    test_ocf(c);
    zb_codec_free(c);
    return check_report("codec_test");
}
