/* zb_ocf.h - Avro Object Container Files (the "avro" file format) writer.
 *
 * Writes the header with our .avsc text exactly as embedded (doc, logical
 * types kept, so fastavro / Java readers see dates and timestamps), then
 * blocks of records compressed with deflate (default) or stored ("null").
 * Used by file mode and `zhibiao extract --format avro`. Any standard Avro
 * reader (fastavro, avro-python, avro-tools, avro-c) reads the result. */
#ifndef ZB_OCF_H
#define ZB_OCF_H

#include <stdio.h>

#include "zb_codec.h"

typedef struct zb_ocf zb_ocf;

/* Starts a container of records of one kind on fp (e.g. stdout, or a file
 * opened "wb"). codec: "deflate" (NULL = deflate) or "null". close_fp: fclose
 * fp in zb_ocf_close(). The header is written at once. */
zb_ocf *zb_ocf_open(FILE *fp, int close_fp, zb_schema_kind kind, const char *codec, char *err,
                    size_t errlen);

/* Appends one record. The kind must match the container's. A block is
 * written when it reaches ~64 KiB of records or 1000 records. */
zb_codec_status zb_ocf_append_report(zb_ocf *w, zb_codec *c, const zb_report *r, const zb_origin *o,
                                     char *err, size_t errlen);
zb_codec_status zb_ocf_append_fact(zb_ocf *w, zb_codec *c, const zb_report *r, size_t i,
                                   const zb_origin *o, char *err, size_t errlen);
zb_codec_status zb_ocf_append_dead_letter(zb_ocf *w, zb_codec *c, const zb_dead_letter *d,
                                          char *err, size_t errlen);
zb_codec_status zb_ocf_append_raw_report(zb_ocf *w, zb_codec *c, const zb_raw_report *in, char *err,
                                         size_t errlen);

/* Writes the pending block and fflush()es fp: what was appended so far is a
 * complete, readable file. 0 ok, -1 on write error (message in err). */
int zb_ocf_flush(zb_ocf *w, char *err, size_t errlen);

/* Flushes, frees, closes fp if asked. Returns -1 when the final write failed.
 * Safe with w == NULL. */
int zb_ocf_close(zb_ocf *w, char *err, size_t errlen);

/* Records appended so far. */
unsigned long long zb_ocf_count(const zb_ocf *w);

#endif
