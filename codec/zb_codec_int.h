/* zb_codec_int.h - internals shared by the codec's source files (not API). */
#ifndef ZB_CODEC_INT_H
#define ZB_CODEC_INT_H

#include <avro.h>
#include <stdarg.h>
#include <stdint.h>

#include "zb_codec.h"

/* Writes a formatted message into err (if any) and returns st. */
zb_codec_status zb_codec_fail(char *err, size_t errlen, zb_codec_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "YYYY-MM-DD" <-> days since 1970-01-01 (Avro "date"). Pure. -1 on a
 * malformed or impossible date. */
int zbc_date_to_days(const char *s, int32_t *days);
/* out must hold 11 bytes; years outside 0..9999 give -1. */
int zbc_days_to_date(int32_t days, char out[11]);
int64_t zbc_now_ms(void);

/* Length of the longest prefix of s[0..n) that is valid UTF-8. Pure. */
size_t zbc_utf8_valid_prefix(const char *s, size_t n);

/* Checks that body[0..len) is exactly one datum of writer schema ws, with
 * every length and count within the bytes present, before avro-c reads it
 * (avro-c allocates a declared length before checking it is there). Pure. */
int zbc_avro_check(avro_schema_t ws, const uint8_t *body, size_t len, char *err, size_t errlen);

/* One parsed schema of ours with its generic class. */
typedef struct {
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;  /* reused for every record of this kind we encode */
    avro_value_t dvalue; /* reused for decoding: decoded pointers borrow it, so
                            encoding (even of what was just decoded) is safe */
} zb_kind_state;

/* A writer schema seen on input (by registry id). When it differs from ours,
 * records are read into a value of the writer schema and the decoders pick
 * fields by name, with our defaults for fields the writer lacks: Avro's
 * resolution rules. (avro-c's own resolver refuses reader fields missing
 * from the writer even when they have defaults, which is exactly the
 * backward-compatible change, so it cannot be used.) */
typedef struct zb_resolved {
    int32_t id;
    zb_schema_kind kind;
    avro_schema_t writer;
    avro_value_iface_t *iface; /* NULL when writer equals ours */
    avro_value_t value;        /* a value of the writer schema (when iface) */
    struct zb_resolved *next;
} zb_resolved;

/* 0 when data written with writer can be read as our schema (reader_json,
 * the .avsc text): every field we need without a default is there, types
 * match or promote. Otherwise -1 and why. Pure. */
int zbc_can_read(const char *reader_json, avro_schema_t writer, char *why, size_t whylen);

struct zb_codec {
    zb_kind_state k[ZB_SCHEMA_COUNT];
    avro_writer_t writer;
    avro_reader_t reader;
    zb_resolved *resolved;
    zb_buf scratch;     /* UTF-8 repair */
    zb_buf dec_strings; /* decoded dates etc. */
    const char **meta;  /* RawReport metadata keys then values */
    size_t meta_cap;
    zb_header *headers; /* DeadLetter headers */
    size_t headers_cap;
    char date[11];
};

/* Writes value v (of kind) framed with id (or bare when id < 0) into out. */
zb_codec_status zb_codec_write(zb_codec *c, avro_value_t *v, int32_t id, zb_buf *out, char *err,
                               size_t errlen);

/* Encoders of one record value (value reset and filled, not written). */
zb_codec_status zbc_fill_report(zb_codec *c, const zb_report *r, const zb_origin *o, char *err,
                                size_t errlen);
zb_codec_status zbc_fill_fact(zb_codec *c, const zb_report *r, size_t i, const zb_origin *o,
                              char *err, size_t errlen);
zb_codec_status zbc_fill_dead_letter(zb_codec *c, const zb_dead_letter *d, char *err,
                                     size_t errlen);
zb_codec_status zbc_fill_raw_report(zb_codec *c, const zb_raw_report *in, char *err, size_t errlen);

extern const char zb_avsc_ReportIndicators[];
extern const char zb_avsc_IndicatorFact[];
extern const char zb_avsc_RawReport[];
extern const char zb_avsc_DeadLetter[];

#endif
