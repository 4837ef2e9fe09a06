/* zb_frame.c - Confluent wire format: magic byte 0, 4-byte big-endian schema
 * id, then the Avro binary body. */
#include "zb_codec_int.h"

void zb_frame_header(uint8_t out[5], int32_t schema_id) {
    uint32_t id = (uint32_t)schema_id;
    out[0] = 0;
    out[1] = (uint8_t)(id >> 24);
    out[2] = (uint8_t)(id >> 16);
    out[3] = (uint8_t)(id >> 8);
    out[4] = (uint8_t)id;
}

zb_codec_status zb_frame_parse(const void *data, size_t len, int32_t *id, const uint8_t **body,
                               size_t *body_len, char *err, size_t errlen) {
    const uint8_t *p = data;
    if (!p || len < 5)
        return zb_codec_fail(err, errlen, ZB_CODEC_EFRAME,
                             "payload of %zu bytes is too short for the Confluent wire format "
                             "(5-byte header)",
                             p ? len : 0);
    if (p[0] != 0)
        return zb_codec_fail(err, errlen, ZB_CODEC_EFRAME,
                             "payload starts with byte 0x%02x, not the Confluent magic byte 0",
                             p[0]);
    uint32_t v = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
    *id = (int32_t)v;
    *body = p + 5;
    *body_len = len - 5;
    return ZB_CODEC_OK;
}
