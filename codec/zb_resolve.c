/* zb_resolve.c - can data written with a writer schema be read as ours?
 * Avro's resolution rules, for what our decoders need: record fields matched
 * by name (a field we need and the writer lacks must have a default in our
 * .avsc), numbers promoted int -> long -> float -> double, string <-> bytes,
 * unions branch by branch, enums by symbol (unknown symbols take the enum's
 * default, so any enum is accepted). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "zb_codec_int.h"

static avro_schema_t deref(avro_schema_t s) {
    while (s && avro_typeof(s) == AVRO_LINK)
        s = avro_schema_link_target(s);
    return s;
}

/* The Avro type a JSON type names, for primitives; -1 for named/complex. */
static int primitive(const char *name) {
    static const struct {
        const char *n;
        int t;
    } p[] = {{"null", AVRO_NULL},   {"boolean", AVRO_BOOLEAN}, {"int", AVRO_INT32},
             {"long", AVRO_INT64},  {"float", AVRO_FLOAT},     {"double", AVRO_DOUBLE},
             {"bytes", AVRO_BYTES}, {"string", AVRO_STRING}};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (!strcmp(name, p[i].n)) return p[i].t;
    return -1;
}

static int promotes(int w, int r) {
    if (w == r) return 1;
    switch (w) {
    case AVRO_INT32:
        return r == AVRO_INT64 || r == AVRO_FLOAT || r == AVRO_DOUBLE;
    case AVRO_INT64:
        return r == AVRO_FLOAT || r == AVRO_DOUBLE;
    case AVRO_FLOAT:
        return r == AVRO_DOUBLE;
    case AVRO_STRING:
        return r == AVRO_BYTES;
    case AVRO_BYTES:
        return r == AVRO_STRING;
    }
    return 0;
}

static int fits(json_t *r, avro_schema_t w, const char *where, char *why, size_t n);

static int fits_record(json_t *r, avro_schema_t w, const char *where, char *why, size_t n) {
    if (avro_typeof(w) != AVRO_RECORD) {
        snprintf(why, n, "%s: writer has %s, not a record", where, avro_schema_type_name(w));
        return 0;
    }
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(r, "fields"), i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        if (!name) continue;
        /* (avro_schema_record_field_get reads garbage for unknown names) */
        int idx = avro_schema_record_field_get_index(w, name);
        avro_schema_t wf = idx < 0 ? NULL : avro_schema_record_field_get_by_index(w, idx);
        if (!wf) {
            if (!json_object_get(f, "default")) {
                snprintf(why, n, "%s.%s: missing in the writer and has no default", where, name);
                return 0;
            }
            continue;
        }
        char sub[256];
        snprintf(sub, sizeof sub, "%s.%s", where, name);
        if (!fits(json_object_get(f, "type"), wf, sub, why, n)) return 0;
    }
    return 1;
}

static int fits_object(json_t *r, avro_schema_t w, const char *where, char *why, size_t n) {
    const char *t = json_string_value(json_object_get(r, "type"));
    if (!t) return 1;
    if (!strcmp(t, "record")) return fits_record(r, w, where, why, n);
    if (!strcmp(t, "enum")) return avro_typeof(w) == AVRO_ENUM;
    if (!strcmp(t, "array"))
        return avro_typeof(w) == AVRO_ARRAY &&
               fits(json_object_get(r, "items"), avro_schema_array_items(w), where, why, n);
    if (!strcmp(t, "map"))
        return avro_typeof(w) == AVRO_MAP &&
               fits(json_object_get(r, "values"), avro_schema_map_values(w), where, why, n);
    int p = primitive(t); /* {"type": "long", "logicalType": ...} */
    return p < 0 || promotes(avro_typeof(w), p);
}

/* Does every value the writer type can hold fit the reader type r? */
static int fits(json_t *r, avro_schema_t w, const char *where, char *why, size_t n) {
    w = deref(w);
    if (!w || !r) return 0;
    if (avro_typeof(w) == AVRO_UNION) {
        for (size_t b = 0; b < avro_schema_union_size(w); b++)
            if (!fits(r, avro_schema_union_branch(w, (int)b), where, why, n)) return 0;
        return 1;
    }
    if (json_is_array(r)) {
        size_t i;
        json_t *b;
        json_array_foreach(r, i, b) {
            char tmp[8];
            if (fits(b, w, where, tmp, sizeof tmp)) return 1;
        }
        snprintf(why, n, "%s: writer type %s is in no branch of ours", where,
                 avro_schema_type_name(w));
        return 0;
    }
    int ok = 1;
    if (json_is_object(r)) {
        ok = fits_object(r, w, where, why, n);
    } else if (json_is_string(r)) {
        int p = primitive(json_string_value(r));
        ok = p < 0 || promotes(avro_typeof(w), p); /* named types: by structure at use */
    }
    if (!ok && !why[0])
        snprintf(why, n, "%s: writer type %s does not match ours", where, avro_schema_type_name(w));
    return ok;
}

int zbc_can_read(const char *reader_json, avro_schema_t writer, char *why, size_t whylen) {
    char local[8];
    if (!why || !whylen) why = local, whylen = sizeof local;
    why[0] = '\0';
    json_t *r = json_loads(reader_json, 0, NULL);
    const char *name = json_string_value(json_object_get(r, "name"));
    int ok = r && fits(r, writer, name ? name : "record", why, whylen);
    json_decref(r);
    return ok ? 0 : -1;
}
