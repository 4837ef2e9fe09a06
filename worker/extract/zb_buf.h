/* zb_buf.h - a growable byte buffer, shared by every module. */
#ifndef ZB_BUF_H
#define ZB_BUF_H

#include <stddef.h>

typedef struct {
    char *p; /* NUL-terminated when len < cap */
    size_t len;
    size_t cap;
} zb_buf;

#define ZB_BUF_INIT                                                                                \
    { NULL, 0, 0 }

int zb_buf_reserve(zb_buf *b, size_t extra); /* 0 ok, -1 out of memory */
int zb_buf_append(zb_buf *b, const void *p, size_t n);
int zb_buf_puts(zb_buf *b, const char *s);
int zb_buf_printf(zb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included). */
int zb_buf_json_str(zb_buf *b, const char *s, size_t n);
void zb_buf_reset(zb_buf *b); /* len = 0, keeps memory */
void zb_buf_free(zb_buf *b);

#endif
