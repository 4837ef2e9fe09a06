/* zb_schema.c - the embedded schemas and their names. */
#include <strings.h>

#include "zb_codec_int.h"

static const struct {
    const char *name;
    const char *full;
    const char *text;
} schemas[ZB_SCHEMA_COUNT] = {
    {"ReportIndicators", ZB_SCHEMA_NAMESPACE ".ReportIndicators", zb_avsc_ReportIndicators},
    {"IndicatorFact", ZB_SCHEMA_NAMESPACE ".IndicatorFact", zb_avsc_IndicatorFact},
    {"RawReport", ZB_SCHEMA_NAMESPACE ".RawReport", zb_avsc_RawReport},
    {"DeadLetter", ZB_SCHEMA_NAMESPACE ".DeadLetter", zb_avsc_DeadLetter},
};

const char *zb_schema_name(zb_schema_kind k) {
    return (unsigned)k < ZB_SCHEMA_COUNT ? schemas[k].name : NULL;
}

const char *zb_schema_fullname(zb_schema_kind k) {
    return (unsigned)k < ZB_SCHEMA_COUNT ? schemas[k].full : NULL;
}

const char *zb_schema_text(zb_schema_kind k) {
    return (unsigned)k < ZB_SCHEMA_COUNT ? schemas[k].text : NULL;
}

int zb_schema_find(const char *name) {
    if (!name) return -1;
    for (int k = 0; k < ZB_SCHEMA_COUNT; k++)
        if (!strcasecmp(name, schemas[k].name) || !strcasecmp(name, schemas[k].full)) return k;
    return -1;
}
