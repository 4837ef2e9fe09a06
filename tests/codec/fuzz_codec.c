/* fuzz_codec.c - libFuzzer target over the decoders: any bytes, read as each
 * record type, framed and bare, must give a status (never a crash, a leak or
 * an allocation of a length the payload does not hold). A successful decode
 * must re-encode. A fresh codec per input: LeakSanitizer reports avro-c
 * value memory held by a codec alive at exit as leaked, which would hide real
 * leaks. */
#include <stdint.h>
#include <stdlib.h>

#include "zb_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zb_buf out = ZB_BUF_INIT;
    char err[256];
    zb_codec *c = zb_codec_new(err, sizeof err);
    if (!c) abort();
    for (int framed = 0; framed < 2; framed++) {
        zb_raw_report raw;
        if (zb_decode_raw_report(c, NULL, framed, data, size, &raw, err, sizeof err) == 0 &&
            zb_encode_raw_report(c, 1, &raw, &out, err, sizeof err))
            abort();
        zb_dead_letter d;
        if (zb_decode_dead_letter(c, NULL, framed, data, size, &d, err, sizeof err) == 0 &&
            zb_encode_dead_letter(c, 1, &d, &out, err, sizeof err))
            abort();
        zb_fact_record f;
        zb_decode_fact(c, NULL, framed, data, size, &f, err, sizeof err);
        zb_decoded_report *r = NULL;
        if (zb_decode_report(c, NULL, framed, data, size, &r, err, sizeof err) == 0) {
            if (zb_encode_report(c, 1, &r->report, &r->origin, &out, err, sizeof err)) abort();
            zb_decoded_report_free(r);
        }
    }
    zb_buf_free(&out);
    zb_codec_free(c);
    return 0;
}
