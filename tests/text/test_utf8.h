/* test_utf8.h - the text tests' own encoders (UTF-8 here, GB18030 through
 * iconv), kept apart from the engine's zb_utf8_put and GB18030 tables so
 * that the decoder is not checked against itself. */
#ifndef ZB_TEST_UTF8_H
#define ZB_TEST_UTF8_H

#include <iconv.h>
#include <stddef.h>
#include <stdint.h>

/* Writes cp (any value below 0x110000, surrogates too) at o; returns its
 * length, 1 to 4 bytes. */
static inline size_t test_put_utf8(uint32_t cp, char *o) {
    unsigned char *u = (unsigned char *)o;
    if (cp < 0x80) return u[0] = (unsigned char)cp, 1;
    if (cp < 0x800) return u[0] = (unsigned char)(0xC0 | cp >> 6), u[1] = 0x80 | (cp & 0x3F), 2;
    if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | cp >> 12), u[1] = 0x80 | (cp >> 6 & 0x3F);
        return u[2] = 0x80 | (cp & 0x3F), 3;
    }
    u[0] = (unsigned char)(0xF0 | cp >> 18), u[1] = 0x80 | (cp >> 12 & 0x3F);
    u[2] = 0x80 | (cp >> 6 & 0x3F), u[3] = 0x80 | (cp & 0x3F);
    return 4;
}

/* UTF-8 u[0..ul) as GB18030 in out[0..cap); its length, 0 when iconv
 * fails. */
static inline size_t test_to_gb(const char *u, size_t ul, char *out, size_t cap) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    char *ip = (char *)u, *op = out;
    size_t il = ul, ol = cap;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    return r == (size_t)-1 ? 0 : cap - ol;
}

#endif
