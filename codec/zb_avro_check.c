/* zbc_avro_check.c - walks Avro binary data against a writer schema without
 * allocating, so that hostile input (a string "of 2^60 bytes", an array of a
 * billion elements in ten bytes) is refused before avro-c allocates for it. */
#include <stdio.h>

#include "zb_codec_int.h"

typedef struct {
    const uint8_t *p, *end;
    int depth;
} cursor;

#define MAX_DEPTH 64

static int read_long(cursor *c, int64_t *out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) return -1;
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
            return 0;
        }
    }
    return -1; /* more than 10 bytes */
}

static int skip(cursor *c, int64_t n) {
    if (n < 0 || n > c->end - c->p) return -1;
    c->p += n;
    return 0;
}

static int check(avro_schema_t s, cursor *c);

/* Array and map blocks: count, [byte size when count < 0], items. Every item
 * of our schemas takes at least one byte, so a count larger than the bytes
 * left is a lie; for other item types the count is bounded the same way. */
static int check_blocks(avro_schema_t items, int is_map, cursor *c) {
    for (;;) {
        int64_t n;
        if (read_long(c, &n)) return -1;
        if (n == 0) return 0;
        if (n < 0) {
            int64_t bytes;
            if (n == INT64_MIN || read_long(c, &bytes) || bytes < 0 || bytes > c->end - c->p)
                return -1;
            n = -n;
        }
        if (n > c->end - c->p) return -1;
        for (int64_t i = 0; i < n; i++) {
            if (is_map) {
                int64_t klen;
                if (read_long(c, &klen) || skip(c, klen)) return -1;
            }
            if (check(items, c)) return -1;
        }
    }
}

static int check(avro_schema_t s, cursor *c) {
    int64_t n;
    if (++c->depth > MAX_DEPTH) return -1;
    int rc = 0;
    switch (avro_typeof(s)) {
    case AVRO_NULL:
        break;
    case AVRO_BOOLEAN:
        rc = c->p < c->end && *c->p <= 1 ? skip(c, 1) : -1;
        break;
    case AVRO_INT32:
    case AVRO_INT64:
        rc = read_long(c, &n);
        break;
    case AVRO_FLOAT:
        rc = skip(c, 4);
        break;
    case AVRO_DOUBLE:
        rc = skip(c, 8);
        break;
    case AVRO_STRING:
    case AVRO_BYTES:
        rc = read_long(c, &n) || skip(c, n);
        break;
    case AVRO_FIXED:
        rc = skip(c, avro_schema_fixed_size(s));
        break;
    case AVRO_ENUM:
        rc = read_long(c, &n) || n < 0 || n >= avro_schema_enum_number_of_symbols(s);
        break;
    case AVRO_UNION:
        rc = read_long(c, &n) || n < 0 || (size_t)n >= avro_schema_union_size(s) ||
             check(avro_schema_union_branch(s, (int)n), c);
        break;
    case AVRO_ARRAY:
        rc = check_blocks(avro_schema_array_items(s), 0, c);
        break;
    case AVRO_MAP:
        rc = check_blocks(avro_schema_map_values(s), 1, c);
        break;
    case AVRO_RECORD:
        for (size_t i = 0; i < avro_schema_record_size(s) && !rc; i++)
            rc = check(avro_schema_record_field_get_by_index(s, (int)i), c);
        break;
    case AVRO_LINK:
        rc = check(avro_schema_link_target(s), c);
        break;
    default:
        rc = -1;
    }
    c->depth--;
    return rc ? -1 : 0;
}

int zbc_avro_check(avro_schema_t ws, const uint8_t *body, size_t len, char *err, size_t errlen) {
    cursor c = {body, body + len, 0};
    if (check(ws, &c)) {
        if (err && errlen)
            snprintf(err, errlen,
                     "Avro body (%zu bytes) does not match the writer schema: bad "
                     "length, count, enum or union index near byte %zu",
                     len, (size_t)(c.p - body));
        return -1;
    }
    if (c.p != c.end) {
        if (err && errlen)
            snprintf(err, errlen, "%zu trailing bytes after the Avro record",
                     (size_t)(c.end - c.p));
        return -1;
    }
    return 0;
}
