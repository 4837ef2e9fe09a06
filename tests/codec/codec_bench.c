/* codec_bench.c - Avro encode throughput of ReportIndicators and
 * IndicatorFact (framed, buffers reused as the worker does), beside a plain
 * memcpy of the same output bytes in the same run: the ratio says how far
 * encoding is from just moving the bytes. No timed assertions.
 *   codec_bench [SECONDS_PER_CASE]   (default 2) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile unsigned char sink;

typedef struct {
    double records_per_s, mb_per_s;
} rate;

/* memcpy of the same bytes, same count of records. */
static rate memcpy_rate(const zb_buf *bytes, double secs) {
    char *dst = malloc(bytes->len);
    size_t n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 256; i++, n++) {
            memcpy(dst, bytes->p, bytes->len);
            sink ^= (unsigned char)dst[n % bytes->len];
        }
    } while ((t = now() - t0) < secs);
    free(dst);
    return (rate){n / t, n * (double)bytes->len / t / 1e6};
}

static void report(const char *what, size_t bytes, rate enc, rate cp) {
    printf("%-34s %8zu B/rec  encode %10.0f rec/s %8.1f MB/s | memcpy %12.0f rec/s %9.1f MB/s "
           "| encode/memcpy %.4f\n",
           what, bytes, enc.records_per_s, enc.mb_per_s, cp.records_per_s, cp.mb_per_s,
           enc.mb_per_s / cp.mb_per_s);
}

int main(int argc, char **argv) {
    double secs = argc > 1 ? atof(argv[1]) : 2.0;
    char err[256];
    zb_codec *c = zb_codec_new(err, sizeof err);
    zb_buf out = ZB_BUF_INIT;
    zb_origin o;
    fx_origin(0, &o);
    const size_t sizes[] = {0, 20, 200};
    printf("codec_bench: %.1f s per case\n", secs);
    for (size_t s = 0; s < 3; s++) {
        zb_report *r = sizes[s] ? fx_report(0, sizes[s]) : fx_report(0, 0);
        size_t n = 0, total = 0;
        double t0 = now(), t;
        do {
            for (int i = 0; i < 16; i++, n++) {
                if (zb_encode_report(c, 1, r, &o, &out, err, sizeof err)) {
                    fprintf(stderr, "encode: %s\n", err);
                    return 1;
                }
                total += out.len;
            }
        } while ((t = now() - t0) < secs);
        rate enc = {n / t, total / t / 1e6};
        char what[64];
        snprintf(what, sizeof what, "ReportIndicators (%zu ind+facts)", r->n_indicators);
        report(what, out.len, enc, memcpy_rate(&out, secs));
        fx_report_free(r);
    }
    zb_report *r = fx_report(0, 0);
    size_t n = 0, total = 0;
    double t0 = now(), t;
    do {
        for (size_t i = 0; i < 64; i++, n++) {
            zb_encode_fact(c, 2, r, i % r->n_indicators, &o, &out, err, sizeof err);
            total += out.len;
        }
    } while ((t = now() - t0) < secs);
    rate enc = {n / t, total / t / 1e6};
    report("IndicatorFact", out.len, enc, memcpy_rate(&out, secs));
    fx_report_free(r);
    zb_buf_free(&out);
    zb_codec_free(c);
    return 0;
}
