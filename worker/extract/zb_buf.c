#include "zb_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zb_buf_reserve(zb_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) return -1;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int zb_buf_append(zb_buf *b, const void *p, size_t n) {
    if (zb_buf_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int zb_buf_puts(zb_buf *b, const char *s) { return zb_buf_append(b, s, strlen(s)); }

int zb_buf_printf(zb_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || zb_buf_reserve(b, (size_t)n)) return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int zb_buf_json_str(zb_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (zb_buf_reserve(b, n + 2)) return -1;
    b->p[b->len++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc = 0;
        switch (c) {
        case '"':
            esc = '"';
            break;
        case '\\':
            esc = '\\';
            break;
        case '\n':
            esc = 'n';
            break;
        case '\r':
            esc = 'r';
            break;
        case '\t':
            esc = 't';
            break;
        case '\b':
            esc = 'b';
            break;
        case '\f':
            esc = 'f';
            break;
        default:
            break;
        }
        if (esc) {
            char e[2] = {'\\', esc};
            if (zb_buf_append(b, e, 2)) return -1;
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            if (zb_buf_append(b, e, 6)) return -1;
        } else if (zb_buf_append(b, &s[i], 1)) {
            return -1;
        }
    }
    return zb_buf_append(b, "\"", 1);
}

void zb_buf_reset(zb_buf *b) {
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void zb_buf_free(zb_buf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
