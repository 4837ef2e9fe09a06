/* zb_ocf.c - Avro Object Container File writer (Avro spec, "Object Container
 * Files"): header with our schema text, then blocks of records, each block
 * raw-deflated (RFC 1951) and followed by the file's 16-byte sync marker.
 * Written here rather than with avro_file_writer because avro-c re-serializes
 * the schema and drops doc and logicalType, which other readers need. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "zb_codec_int.h"
#include "zb_ocf.h"

#define BLOCK_BYTES (64 * 1024)
#define BLOCK_RECORDS 1000

struct zb_ocf {
    FILE *fp;
    int close_fp;
    zb_schema_kind kind;
    int deflate;
    z_stream z;
    int z_ready;
    zb_buf block; /* records of the pending block, uncompressed */
    zb_buf rec;   /* one encoded record */
    zb_buf out;   /* compressed block */
    size_t block_count;
    unsigned long long count;
    uint8_t sync[16];
};

/* Avro long: zigzag varint. */
static int put_long(zb_buf *b, int64_t v) {
    uint64_t n = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    uint8_t tmp[10];
    size_t k = 0;
    do {
        uint8_t byte = n & 0x7F;
        n >>= 7;
        tmp[k++] = byte | (n ? 0x80 : 0);
    } while (n);
    return zb_buf_append(b, tmp, k);
}

static int put_bytes(zb_buf *b, const void *p, size_t n) {
    return put_long(b, (int64_t)n) || zb_buf_append(b, p, n);
}

static int write_all(zb_ocf *w, const void *p, size_t n, char *err, size_t errlen) {
    if (n && fwrite(p, 1, n, w->fp) != n) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "write failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* The sync marker only has to be unlikely to appear in the data. */
static void make_sync(uint8_t sync[16], const void *salt) {
    FILE *r = fopen("/dev/urandom", "rb");
    size_t got = r ? fread(sync, 1, 16, r) : 0;
    if (r) fclose(r);
    if (got == 16) return;
    uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)salt ^ ((uint64_t)getpid() << 32);
    for (int i = 0; i < 16; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
        sync[i] = (uint8_t)x;
    }
}

static void ocf_free(zb_ocf *w) {
    if (w->z_ready) deflateEnd(&w->z);
    zb_buf_free(&w->block);
    zb_buf_free(&w->rec);
    zb_buf_free(&w->out);
    free(w);
}

zb_ocf *zb_ocf_open(FILE *fp, int close_fp, zb_schema_kind kind, const char *codec, char *err,
                    size_t errlen) {
    if (!fp || (unsigned)kind >= ZB_SCHEMA_COUNT) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "no file or unknown record kind");
        return NULL;
    }
    int deflate = !codec || !strcmp(codec, "deflate");
    if (!deflate && strcmp(codec, "null")) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "unknown Avro file codec '%s' (deflate|null)",
                      codec);
        return NULL;
    }
    zb_ocf *w = calloc(1, sizeof *w);
    if (!w) {
        zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        return NULL;
    }
    w->fp = fp;
    w->kind = kind;
    w->deflate = deflate;
    if (deflate) {
        if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
            Z_OK) {
            zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "deflate init failed");
            free(w);
            return NULL;
        }
        w->z_ready = 1;
    }
    make_sync(w->sync, w);
    zb_buf h = ZB_BUF_INIT;
    const char *schema = zb_schema_text(kind);
    const char *cname = deflate ? "deflate" : "null";
    int bad = zb_buf_append(&h, "Obj\x01", 4) || put_long(&h, 2) ||
              put_bytes(&h, "avro.schema", 11) || put_bytes(&h, schema, strlen(schema)) ||
              put_bytes(&h, "avro.codec", 10) || put_bytes(&h, cname, strlen(cname)) ||
              put_long(&h, 0) || zb_buf_append(&h, w->sync, 16);
    if (bad) zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    if (bad || write_all(w, h.p, h.len, err, errlen)) {
        zb_buf_free(&h);
        ocf_free(w);
        return NULL;
    }
    zb_buf_free(&h);
    w->close_fp = close_fp;
    return w;
}

static int compress_block(zb_ocf *w, char *err, size_t errlen) {
    zb_buf_reset(&w->out);
    uLong bound = deflateBound(&w->z, (uLong)w->block.len);
    if (zb_buf_reserve(&w->out, bound)) {
        zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        return -1;
    }
    deflateReset(&w->z);
    w->z.next_in = (Bytef *)w->block.p;
    w->z.avail_in = (uInt)w->block.len;
    w->z.next_out = (Bytef *)w->out.p;
    w->z.avail_out = (uInt)bound;
    if (deflate(&w->z, Z_FINISH) != Z_STREAM_END) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINTERNAL, "deflate failed");
        return -1;
    }
    w->out.len = bound - w->z.avail_out;
    return 0;
}

static int write_block(zb_ocf *w, char *err, size_t errlen) {
    if (!w->block_count) return 0;
    const zb_buf *data = &w->block;
    if (w->deflate) {
        if (compress_block(w, err, errlen)) return -1;
        data = &w->out;
    }
    zb_buf hdr = ZB_BUF_INIT;
    int bad = put_long(&hdr, (int64_t)w->block_count) || put_long(&hdr, (int64_t)data->len);
    int rc = bad ? -1
                 : write_all(w, hdr.p, hdr.len, err, errlen) ||
                       write_all(w, data->p, data->len, err, errlen) ||
                       write_all(w, w->sync, 16, err, errlen);
    if (bad) zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    zb_buf_free(&hdr);
    zb_buf_reset(&w->block);
    w->block_count = 0;
    return rc ? -1 : 0;
}

/* Adds the record in c->k[kind].value (already filled) to the block. */
static zb_codec_status append_value(zb_ocf *w, zb_codec *c, zb_schema_kind kind, char *err,
                                    size_t errlen) {
    if (kind != w->kind)
        return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "container holds %s, not %s",
                             zb_schema_name(w->kind), zb_schema_name(kind));
    zb_codec_status st = zb_codec_write(c, &c->k[kind].value, -1, &w->rec, err, errlen);
    if (st) return st;
    if (zb_buf_append(&w->block, w->rec.p, w->rec.len))
        return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    w->block_count++;
    w->count++;
    if ((w->block.len >= BLOCK_BYTES || w->block_count >= BLOCK_RECORDS) &&
        write_block(w, err, errlen))
        return ZB_CODEC_EINPUT;
    return ZB_CODEC_OK;
}

zb_codec_status zb_ocf_append_report(zb_ocf *w, zb_codec *c, const zb_report *r, const zb_origin *o,
                                     char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_report(c, r, o, err, errlen);
    return st ? st : append_value(w, c, ZB_SCHEMA_REPORT_INDICATORS, err, errlen);
}

zb_codec_status zb_ocf_append_fact(zb_ocf *w, zb_codec *c, const zb_report *r, size_t i,
                                   const zb_origin *o, char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_fact(c, r, i, o, err, errlen);
    return st ? st : append_value(w, c, ZB_SCHEMA_INDICATOR_FACT, err, errlen);
}

zb_codec_status zb_ocf_append_dead_letter(zb_ocf *w, zb_codec *c, const zb_dead_letter *d,
                                          char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_dead_letter(c, d, err, errlen);
    return st ? st : append_value(w, c, ZB_SCHEMA_DEAD_LETTER, err, errlen);
}

zb_codec_status zb_ocf_append_raw_report(zb_ocf *w, zb_codec *c, const zb_raw_report *in, char *err,
                                         size_t errlen) {
    zb_codec_status st = zbc_fill_raw_report(c, in, err, errlen);
    return st ? st : append_value(w, c, ZB_SCHEMA_RAW_REPORT, err, errlen);
}

int zb_ocf_flush(zb_ocf *w, char *err, size_t errlen) {
    if (write_block(w, err, errlen)) return -1;
    if (fflush(w->fp)) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "flush failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int zb_ocf_close(zb_ocf *w, char *err, size_t errlen) {
    if (!w) return 0;
    int rc = zb_ocf_flush(w, err, errlen);
    if (w->close_fp && fclose(w->fp) && !rc) {
        zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "close failed: %s", strerror(errno));
        rc = -1;
    }
    ocf_free(w);
    return rc;
}

unsigned long long zb_ocf_count(const zb_ocf *w) { return w ? w->count : 0; }
