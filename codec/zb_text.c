/* zb_text.c - pure helpers: dates as Avro days, UTF-8 validity, messages. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "zb_codec_int.h"

zb_codec_status zb_codec_fail(char *err, size_t errlen, zb_codec_status st, const char *fmt, ...) {
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

const char *zb_codec_status_name(zb_codec_status s) {
    switch (s) {
    case ZB_CODEC_OK:
        return "ok";
    case ZB_CODEC_EFRAME:
        return "bad_frame";
    case ZB_CODEC_EDATA:
        return "bad_avro";
    case ZB_CODEC_ESCHEMA:
        return "unknown_schema";
    case ZB_CODEC_EINPUT:
        return "bad_input";
    case ZB_CODEC_ERETRY:
        return "registry_unavailable";
    case ZB_CODEC_ENOMEM:
        return "out_of_memory";
    case ZB_CODEC_EINTERNAL:
        return "internal";
    }
    return "internal";
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int days_in_month(int y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

int zbc_date_to_days(const char *s, int32_t *days) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    int v[8], k = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) continue;
        if (s[i] < '0' || s[i] > '9') return -1;
        v[k++] = s[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    *days = (int32_t)days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

int zbc_days_to_date(int32_t days, char out[11]) {
    int64_t z = (int64_t)days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) return -1;
    snprintf(out, 11, "%04d-%02u-%02u", (int)y, m % 100, d % 100); /* m <= 12, d <= 31 */
    return 0;
}

int64_t zbc_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t zbc_utf8_valid_prefix(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, min = 0x10000;
        else
            return i;
        if (i + need >= n) return i; /* truncated sequence */
        unsigned cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += need + 1;
    }
    return i;
}
