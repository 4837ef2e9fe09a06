/* text.c - zb_text_decode: charset detection, then plain-text or HTML
 * decoding through the normalizer; evidence helpers over the result.
 *
 * Memory, as a multiple of the input size n (peak, measured by the 50 MB test):
 *   UTF-8 plain text: s (<= 1.0n) + off (4 bytes per byte of s: <= 4.0n) + orig
 *   (8 bytes per changed char: ~0.1n simplified, <= 0.9n traditional) -> about
 *   5-6n beside the input.
 *   GB18030 plain text: s and off are up to 1.5x larger (2-byte chars become
 *   3 UTF-8 bytes) -> about 7.5n.
 *   HTML adds gumbo's tree (decoded copies of every text and attribute, a
 *   node per element) while it lives: measured about 14x a page of small
 *   elements, so pages over ZB_TEXT_MAX_HTML_BYTES (16 MiB) are refused; for
 *   GB18030 pages a UTF-8 copy (<= 1.5n) for gumbo besides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"
#include "text_unwrap.h"

#define ERR(code, ...)                                                                             \
    do {                                                                                           \
        if (err && errlen) snprintf(err, errlen, __VA_ARGS__);                                     \
        return code;                                                                               \
    } while (0)

/* What binary_at makes of one byte at i: 1 on a NUL (*at = i), else 0,
 * counting the other control bytes that text does not have. */
static inline int binary_byte(unsigned c, size_t i, size_t *ctl, size_t *first, size_t *at) {
    if (c >= 0x20) return 0;
    if (c == 0) {
        *at = i;
        return 1;
    }
    if ((c >= '\t' && c <= '\r') || c == 0x1A || c == 0x1B) return 0;
    if (!(*ctl)++) *first = i;
    return 0;
}

/* The top bit of each byte of w equal to c (exact: no carries between
 * bytes). */
static inline uint64_t bytes_eq(uint64_t w, unsigned char c) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t z = w ^ (0x0101010101010101ull * c);
    return ~(((z & low7) + low7) | z) & ~low7;
}

/* Binary: NUL anywhere, or more control bytes than text plausibly has. */
static int binary_at(const unsigned char *p, size_t n, size_t *at) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    size_t ctl = 0, first = 0, i = 0;
    /* 8 bytes at a time; a word holding a byte < 0x20 other than a line
     * break, a tab or a CR (rare) is looked at byte by byte */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (!((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull)) continue;
        uint64_t lt = ~(((w & low7) + 0x6060606060606060ull) | w) & ~low7; /* bytes < 0x20 */
        if (!(lt & ~(bytes_eq(w, '\n') | bytes_eq(w, '\t') | bytes_eq(w, '\r')))) continue;
        for (size_t k = i; k < i + 8; k++)
            if (binary_byte(p[k], k, &ctl, &first, at)) return 1;
    }
    for (; i < n; i++)
        if (binary_byte(p[i], i, &ctl, &first, at)) return 1;
    if (ctl > 8 && ctl * 200 > n) {
        *at = first;
        return 1;
    }
    return 0;
}

/* binary_at's answer from the counts a validation pass gathered over the
 * whole input of n bytes (the bytes it did not see, a BOM and a partial char
 * at the end, are no control bytes). */
static int scan_binary(const zb_scan *sc, size_t n, size_t *at) {
    if (sc->nul != SIZE_MAX) {
        *at = sc->nul;
        return 1;
    }
    if (sc->ctl > 8 && sc->ctl * 200 > n) {
        *at = sc->first_ctl;
        return 1;
    }
    return 0;
}

/* A UTF-8 text with a few broken sequences (a char cut in an edit, a stray
 * byte): a copy with each invalid byte replaced by 0x01, which the normalizer
 * drops, so every offset stays the same. NULL when there are too many. */
static char *utf8_repair(const zb_t2s *t, const unsigned char *p, size_t n, size_t start,
                         size_t *vlen, size_t *n_bad, size_t *cnt) {
    size_t bad = 0, i = start;
    char *fix = NULL;
    for (int pass = 0; pass < 2; pass++) {
        bad = 0, i = start;
        cnt[0] = cnt[1] = 0;
        while (i < n) {
            size_t ok = 0, b = 0;
            if (zb_utf8_valid(t, p + i, n - i, &ok, &b, cnt)) { /* valid to the end */
                i += ok;
                break;
            }
            if (fix) fix[i + b] = 1;
            i += b + 1;
            if (++bad > 256 || bad > 8 + n / 2000) return free(fix), NULL;
        }
        if (!fix && !(fix = malloc(n))) return NULL;
        if (pass == 0) memcpy(fix, p, n);
    }
    *vlen = i;
    *n_bad = bad;
    return fix;
}

/* What a binary input probably is, for the error message (operators read it
 * in the dead-letter topic). */
static const char *binary_kind(const unsigned char *p, size_t n) {
    static const struct {
        const char *magic;
        size_t len;
        const char *what;
    } kinds[] = {{"%PDF-", 5, " (a PDF document)"},
                 {"PK\x03\x04", 4, " (a ZIP archive: DOCX, XLSX, WPS?)"},
                 {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, " (an OLE document: DOC, XLS?)"},
                 {"\x89PNG", 4, " (a PNG image)"},
                 {"\xFF\xD8\xFF", 3, " (a JPEG image)"},
                 {"GIF8", 4, " (a GIF image)"},
                 {"\x1F\x8B", 2, " (gzip data: not decompressed?)"},
                 {"{\\rtf", 5, " (an RTF document)"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (n >= kinds[i].len && memcmp(p, kinds[i].magic, kinds[i].len) == 0) return kinds[i].what;
    return "";
}

/* GB18030 -> UTF-8 for gumbo, with a checkpoint per 64 output bytes (the
 * first char starting in each block) to map gumbo's offsets back. The
 * bytes p[start..end) are validated and their Han chars counted on the way,
 * as zb_gb_valid(p + start, end - start, ...) does (a page's check and its
 * conversion were two passes): 1 when valid, with *vend the end of the last
 * complete char; 0 when not, with the bad byte's offset in *bad (both
 * relative to start) and nothing kept; -1 when out of memory. */
static int gb_to_u8(const zb_t2s *t, const unsigned char *p, size_t start, size_t end,
                    zb_html_src *src, char **u8, uint32_t **ck, size_t *vend, size_t *bad,
                    size_t *cnt) {
    size_t cap = (end - start) / 2 * 3 + 8, nck = cap / 64 + 2;
    char *o = malloc(cap);
    uint32_t *c = malloc(2 * nck * sizeof *c);
    if (!o || !c) {
        free(o);
        free(c);
        return -1;
    }
    size_t u = 0, k = 0, i = start;
    while (i < end) {
        uint32_t cp = p[i];
        int l = 1;
        if (cp < 0x80) {
            /* a run of ASCII (the markup) copied whole: every byte is a char,
             * so a block's checkpoint is its first byte (or the run's) */
            size_t r = zb_ascii_run(p + i, end - i);
            for (; k < nck && (k << 6) < u + r; k++) {
                size_t at = (k << 6) > u ? (k << 6) : u;
                c[k] = (uint32_t)at;
                c[nck + k] = (uint32_t)(i + (at - u));
            }
            memcpy(o + u, p + i, r);
            u += r;
            i += r;
            continue;
        }
        l = zb_gb_decode(t, p + i, end - i, &cp);
        if (l == -1) break; /* a char cut by the end */
        if (l == 0) {
            *bad = i - start;
            free(o);
            free(c);
            return 0;
        }
        zb_count_han(t, cp, cnt);
        while (k <= (u >> 6) && k < nck) {
            c[k] = (uint32_t)u;
            c[nck + k++] = (uint32_t)i;
        }
        u += (size_t)zb_utf8_put(cp, o + u);
        i += (size_t)l;
    }
    if (k == 0) c[0] = 0, c[nck] = (uint32_t)start, k = 1;
    *vend = i - start;
    *u8 = o;
    *ck = c;
    src->gb = t;
    src->u8 = o;
    src->u8_len = u;
    src->ck_u = c;
    src->ck_i = c + nck;
    src->n_ck = k;
    src->cur_u = 0;
    src->cur_i = start;
    return 1;
}

/* Chooses the charset: 'u' or 'g', or fails with the message. vlen is the
 * length without a partial char at the end. *fixed: see utf8_repair. With
 * gsrc (a page), GB18030 is validated by its conversion for the parser
 * (gb_to_u8: *gu8, *gck and gsrc's fields set when it is GB18030, else
 * NULL), as gbn (plain text) validates it by normalizing it. */
static zb_status pick_charset(const zb_t2s *t, const unsigned char *p, size_t n, size_t start,
                              const char *ct_hint, const char *cs_hint, zb_text *out, size_t *vlen,
                              size_t bad_u, zb_norm *gbn, zb_html_src *gsrc, char **gu8,
                              uint32_t **gck, char **fixed, char *err, size_t errlen) {
    size_t bad_g = 0, cnt[2] = {0, 0};
    /* valid UTF-8 is UTF-8 whatever was declared: GB18030 text is never valid
     * UTF-8 beyond a few chars, and declarations are often wrong (bad_u != -1:
     * the caller found it invalid already) */
    if (start != 4 && bad_u == (size_t)-1 &&
        zb_utf8_valid(t, p + start, n - start, vlen, &bad_u, cnt)) {
        *vlen += start;
        out->encoding = "utf-8";
        out->n_cjk = cnt[0], out->n_t2s = cnt[1];
        return ZB_OK;
    }
    /* what the sender declared: hint, then <meta charset> in the first KB */
    const char *nm = NULL;
    size_t nl = 0;
    if (cs_hint && *cs_hint)
        nm = cs_hint, nl = strlen(cs_hint);
    else if (ct_hint)
        nm = zb_charset_find(ct_hint, strlen(ct_hint), &nl);
    if (!nm || zb_charset_kind(nm, nl) == 'n')
        nm = zb_charset_find((const char *)p, n < 2048 ? n : 2048, &nl);
    char declared = nm ? zb_charset_kind(nm, nl) : 'n';
    if (declared == 'x')
        ERR(ZB_E_ENCODING,
            "input declares charset %.*s and is not UTF-8; only UTF-8 and GB18030 are supported",
            (int)(nl > 40 ? 40 : nl), nm);
    cnt[0] = cnt[1] = 0;
    /* gbn (plain text): validated, normalized and its pairs counted for the
     * Big5 test in one pass */
    zb_big5 b5;
    int gb_ok = -1;
    if (gsrc && (gb_ok = gb_to_u8(t, p, start, n, gsrc, gu8, gck, vlen, &bad_g, cnt)) == -1)
        cnt[0] = cnt[1] = 0; /* no room for the copy: validated alone, copied later */
    if (gb_ok == -1)
        gb_ok = gbn ? zb_norm_gb_plain(gbn, p, start, n, vlen, &bad_g, cnt, &b5)
                    : zb_gb_valid(t, p + start, n - start, vlen, &bad_g, cnt);
    if (gbn) *vlen -= start, bad_g -= start;
    if (gb_ok) {
        if (declared != 'g' &&
            (gbn && !gbn->oom ? zb_big5_verdict(&b5) : zb_gb_looks_big5(p + start, n - start))) {
            if (gsrc) free(*gu8), free(*gck), *gu8 = NULL, *gck = NULL;
            ERR(ZB_E_ENCODING, "input looks like Big5 (traditional Chinese), not GB18030; only "
                               "UTF-8 and GB18030 are supported");
        }
        *vlen += start;
        out->encoding = "gb18030";
        out->n_cjk = cnt[0], out->n_t2s = cnt[1];
        return ZB_OK;
    }
    if (declared != 'g' && start != 4 &&
        (*fixed = utf8_repair(t, p, n, start, vlen, &out->n_invalid, cnt)) != NULL) {
        out->encoding = "utf-8";
        out->n_cjk = cnt[0], out->n_t2s = cnt[1];
        return ZB_OK;
    }
    size_t bad = (declared == 'g' || start == 4) ? bad_g + start : bad_u + start;
    ERR(ZB_E_ENCODING, "input is not UTF-8 or GB18030 text: invalid byte 0x%02x at offset %zu%s",
        p[bad], bad, binary_kind(p, n));
}

/* Sets out->script from the Han chars counted (n_cjk, of which n_t2s are
 * ones t2s changes) and returns 1 when the text is traditional: at least 8 %
 * of them. Only then is t2s applied: simplified text has no business being
 * converted (t2s is lossy on a few chars such as 乾). One rule for the three
 * decode paths. */
static int set_script(zb_text *out) {
    int trad = out->n_t2s > 0 && out->n_t2s * 100 >= out->n_cjk * 8;
    out->script = trad ? ZB_SCRIPT_TRADITIONAL : ZB_SCRIPT_SIMPLIFIED;
    return trad;
}

/* Hands the normalizer's output to out, or fails (out freed). */
static zb_status finish(zb_norm *n, zb_status st, size_t len, zb_text *out, char *err,
                        size_t errlen) {
    if (st == ZB_OK && zb_norm_finish(n, (uint32_t)len)) st = ZB_E_NOMEM;
    if (st == ZB_OK && n->len == 0) {
        st = ZB_E_EMPTY;
        snprintf(err, errlen, "no text in the input after decoding (%s)",
                 out->is_html ? "markup only" : "whitespace only");
    }
    if (st != ZB_OK) {
        if (st == ZB_E_NOMEM) snprintf(err, errlen, "out of memory decoding %zu bytes", len);
        zb_norm_free(n);
        zb_text_free(out);
        return st;
    }
    out->s = n->s;
    out->len = n->len;
    out->off = n->off;
    out->off_back = out->is_html && n->back; /* plain text never goes back */
    out->orig = n->orig;
    out->n_orig = n->n_orig;
    /* a PDF's text layer: its lines broken at the page's width joined */
    if (!out->is_html) out->len = zb_unwrap(out->s, out->len, out->off, out->orig, out->n_orig);
    return ZB_OK;
}

/* Plain text that may be UTF-8: validated, counted and normalized (without
 * t2s) in one pass. ZB_E_ENCODING with no message when it is not valid UTF-8
 * (*bad_u the bad byte, relative to start): the caller then picks the charset
 * the long way. A traditional text is then converted in place (or, when a
 * char t2s changes cannot be, normalized again with t2s). */
static zb_status plain_utf8(const zb_t2s *t2s, const unsigned char *p, size_t start, size_t len,
                            zb_text *out, size_t *bad_u, char *err, size_t errlen) {
    zb_norm n;
    zb_scan sc;
    size_t vlen = start, cnt[2] = {0, 0}, at;
    zb_norm_init(&n, t2s, 0, 0, len + 64);
    if (!zb_norm_utf8_plain(&n, p, start, len, &vlen, bad_u, cnt, &sc)) {
        *bad_u -= start;
        zb_norm_free(&n);
        return ZB_E_ENCODING;
    }
    /* valid UTF-8: the control bytes were counted on the way (binary input
     * is refused before anything else, as binary_at would) */
    if (n.oom ? binary_at(p, len, &at) : scan_binary(&sc, len, &at)) {
        zb_norm_free(&n);
        ERR(ZB_E_ENCODING,
            "input is not UTF-8 or GB18030 text: invalid byte 0x%02x at offset %zu%s", p[at], at,
            binary_kind(p, len));
    }
    out->encoding = "utf-8";
    out->n_cjk = cnt[0], out->n_t2s = cnt[1];
    out->in = (const char *)p;
    out->in_len = len;
    out->truncated = vlen < len;
    /* traditional: the chars t2s changes converted in place; else (a mapping
     * the normalized text cannot take in place) again, converting, by the
     * run normalizer (it writes the chars t2s changes itself; zb_norm_utf8
     * sends every Han char of a traditional text the general way) */
    if (set_script(out) && !zb_norm_t2s_in_place(&n)) {
        zb_norm_restart(&n, 1);
        zb_norm_run(&n, p + start, vlen - start, (uint32_t)start);
    }
    return finish(&n, ZB_OK, len, out, err, errlen);
}

static int html_hint(const char *ct) {
    if (!ct) return 0;
    for (const char *p = ct; *p; p++)
        if ((p[0] | 32) == 'h' && (p[1] | 32) == 't' && (p[2] | 32) == 'm' && (p[3] | 32) == 'l')
            return 1;
    return 0;
}

/* An HTML hint is trusted only if there is markup to parse: a plain text sent
 * as text/html would otherwise lose its line breaks. */
static int looks_html(const char *p, size_t n, const char *ct) {
    if (zb_html_sniff(p, n)) return 1;
    if (!html_hint(ct)) return 0;
    size_t m = n < 65536 ? n : 65536;
    for (size_t i = 0; i + 1 < m; i++)
        if (p[i] == '<' && ((p[i + 1] | 32) >= 'a' && (p[i + 1] | 32) <= 'z')) return 1;
    return 0;
}

zb_status zb_text_decode(const zb_t2s *t2s, const char *in, size_t len, const char *ct_hint,
                         const char *cs_hint, size_t max_bytes, zb_text *out, char *err,
                         size_t errlen) {
    memset(out, 0, sizeof *out);
    if (!max_bytes) max_bytes = ZB_TEXT_MAX_BYTES_DEFAULT;
    if (max_bytes > UINT32_MAX - 1) max_bytes = UINT32_MAX - 1; /* offsets are 32-bit */
    if (len > max_bytes)
        ERR(ZB_E_TOO_LARGE, "input is %zu bytes, over the limit of %zu bytes", len, max_bytes);
    if (len == 0 || !in) ERR(ZB_E_EMPTY, "input is empty (0 bytes)");
    const unsigned char *p = (const unsigned char *)in;
    size_t start = 0, vlen = 0;
    zb_status st;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    else if (len >= 4 && memcmp(p, "\x84\x31\x95\x33", 4) == 0)
        start = 4;
    else if (len >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 || memcmp(p, "\xFE\xFF", 2) == 0))
        ERR(ZB_E_ENCODING, "input is UTF-16 (byte order mark at offset 0); only UTF-8 and "
                           "GB18030 are supported");
    size_t at;
    /* plain UTF-8, the common case: validated, checked for control bytes
     * and normalized in one pass (a partial char at the end cannot make
     * markup: the same answer as looks_html over the valid part) */
    size_t bad_u = (size_t)-1;
    int plain = !looks_html(in + start, len - start, ct_hint);
    if (plain && start != 4) {
        st = plain_utf8(t2s, p, start, len, out, &bad_u, err, errlen);
        if (st != ZB_E_ENCODING || bad_u == (size_t)-1) return st; /* done, or binary */
    }
    /* a page in UTF-8, the other common case: validated and checked for
     * control bytes and for what the fast parser leaves to gumbo in one pass */
    int scanned = 0, odd = 1;
    if (!plain && start != 4) {
        zb_scan sc;
        size_t cnt[2] = {0, 0};
        if (zb_utf8_scan(t2s, p + start, len - start, &vlen, &bad_u, cnt, &sc)) {
            if (scan_binary(&sc, len, &at)) {
                at += start;
                ERR(ZB_E_ENCODING,
                    "input is not UTF-8 or GB18030 text: invalid byte 0x%02x at offset %zu%s",
                    p[at], at, binary_kind(p, len));
            }
            vlen += start;
            out->encoding = "utf-8";
            out->n_cjk = cnt[0], out->n_t2s = cnt[1];
            scanned = 1;
            odd = sc.odd;
        }
    }
    if (!scanned && binary_at(p, len, &at))
        ERR(ZB_E_ENCODING,
            "input is not UTF-8 or GB18030 text: invalid byte 0x%02x at offset %zu%s", p[at], at,
            binary_kind(p, len));
    zb_norm gbn;
    if (plain) zb_norm_init(&gbn, t2s, 0, 0, len / 2 * 3 + 64);
    char *fixed = NULL;
    const char *received = in;
    /* a page under the HTML limit: if GB18030, validated by its conversion
     * for the parser (gb_to_u8) */
    zb_html_src gsrc = {0};
    char *u8 = NULL;
    uint32_t *ck = NULL;
    int gb_page = !plain && len - start <= ZB_TEXT_MAX_HTML_BYTES;
    st = scanned ? ZB_OK
                 : pick_charset(t2s, p, len, start, ct_hint, cs_hint, out, &vlen, bad_u,
                                plain ? &gbn : NULL, gb_page ? &gsrc : NULL, &u8, &ck, &fixed, err,
                                errlen);
    if (plain && st == ZB_OK && out->encoding[0] == 'g') { /* normalized already */
        out->in = received;
        out->in_len = len;
        out->truncated = vlen < len;
        /* traditional: converted in place as plain UTF-8 is, else again */
        if (set_script(out) && !zb_norm_t2s_in_place(&gbn)) {
            zb_norm_restart(&gbn, 1);
            zb_norm_gb(&gbn, p, start, vlen);
        }
        return finish(&gbn, ZB_OK, len, out, err, errlen);
    }
    if (plain) zb_norm_free(&gbn);
    if (st != ZB_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    if (fixed) { /* decode the repaired copy; offsets are the same */
        in = fixed;
        p = (const unsigned char *)fixed;
    }
    char enc = out->encoding[0];
    out->in = received;
    out->in_len = len;
    out->truncated = vlen < len;
    out->is_html = looks_html(in + start, vlen - start, ct_hint);
    if (!out->is_html) { /* the copy is a page's (never so: a cut char holds no markup) */
        free(u8), free(ck);
        u8 = NULL, ck = NULL;
    }
    if (out->is_html && vlen - start > ZB_TEXT_MAX_HTML_BYTES) {
        free(fixed);
        free(u8), free(ck);
        memset(out, 0, sizeof *out);
        ERR(ZB_E_TOO_LARGE, "HTML page is %zu bytes, over the HTML limit of %zu bytes", len,
            (size_t)ZB_TEXT_MAX_HTML_BYTES);
    }

    zb_html_src src = {.in = p, .in_len = len, .base = (uint32_t)start, .checked = !odd};
    if (out->is_html && enc == 'g' && u8) { /* converted as it was validated */
        src.gb = gsrc.gb, src.u8 = gsrc.u8, src.u8_len = gsrc.u8_len;
        src.ck_u = gsrc.ck_u, src.ck_i = gsrc.ck_i, src.n_ck = gsrc.n_ck;
        src.cur_u = gsrc.cur_u, src.cur_i = gsrc.cur_i;
    } else if (out->is_html && enc == 'g') { /* no room for it then: converted now */
        size_t v, b, c[2] = {0, 0};
        if (gb_to_u8(t2s, p, start, vlen, &src, &u8, &ck, &v, &b, c) != 1) {
            free(fixed);
            memset(out, 0, sizeof *out);
            ERR(ZB_E_NOMEM, "out of memory decoding %zu bytes", len);
        }
    } else {
        src.u8 = in + start;
        src.u8_len = vlen - start;
    }
    int trad = set_script(out);

    zb_norm n;
    zb_norm_init(&n, t2s, trad, out->is_html, enc == 'g' ? len / 2 * 3 + 64 : len + 64);
    st = ZB_OK;
    if (out->is_html)
        st = zb_html_text(t2s, &src, &n, out, err, errlen);
    else if (enc == 'u')
        zb_norm_utf8(&n, p, start, vlen);
    else
        zb_norm_gb(&n, p, start, vlen);
    free(u8);
    free(ck);
    free(fixed);
    return finish(&n, st, len, out, err, errlen);
}

static size_t in_char_len(const zb_text *t, size_t o) {
    const unsigned char *p = (const unsigned char *)t->in;
    size_t n = t->in_len;
    if (o >= n || p[o] == '<') return 0;
    if (p[o] == '&' && t->is_html) {
        int named;
        size_t nl, l = zb_html_ref_len(t->in + o, n - o, &named, &nl);
        return l ? l : 1;
    }
    if (p[o] == '\r') return o + 1 < n && p[o + 1] == '\n' ? 2 : 1;
    if (p[o] < 0x80) return 1;
    uint32_t cp;
    int l = t->encoding[0] == 'u' ? zb_utf8_decode(p + o, n - o, &cp) : 0;
    if (t->encoding[0] == 'g') {
        /* gb tables are not at hand here: the lengths follow from the bytes */
        l = (n - o >= 4 && p[o + 1] >= 0x30 && p[o + 1] <= 0x39) ? 4 : 2;
    }
    return l > 0 && (size_t)l <= n - o ? (size_t)l : 1;
}

void zb_text_span(const zb_text *t, size_t a, size_t b, uint64_t *start, uint64_t *end) {
    if (b > t->len) b = t->len;
    if (a > b) a = b;
    *start = t->off[a];
    if (a == b) {
        *end = *start;
        return;
    }
    size_t j = b - 1;
    while (j > a && ((unsigned char)t->s[j] & 0xC0) == 0x80)
        j--;
    uint64_t e = t->off[j];
    if (t->s[j] != '\n') e += in_char_len(t, t->off[j]);
    *end = e < *start ? *start : e;
    /* HTML text can come out of document order (gumbo's tree moves text
     * misplaced inside a <table> before the table), so the map may go back
     * inside s[a..b): then the range is the lowest start and the highest end
     * of its chars, never empty nor missing one */
    if (!t->off_back) return;
    size_t i = a + 1;
    while (i < b && t->off[i] >= t->off[i - 1])
        i++;
    if (i == b) return;
    for (i = a; i < b; i++) {
        if (((unsigned char)t->s[i] & 0xC0) == 0x80) continue;
        uint64_t o = t->off[i], oe = o + (t->s[i] == '\n' ? 0 : in_char_len(t, o));
        if (o < *start) *start = o;
        if (oe > *end) *end = oe;
    }
}

/* The first orig entry with at >= a: a binary search whose steps are
 * conditional moves (a traditional text has an entry for every third
 * char, and every evidence span looks up its start). */
static size_t orig_at(const zb_text *t, size_t a) {
    const zb_text_orig *p = t->orig;
    size_t n = t->n_orig;
    if (!n) return 0;
    while (n > 1) { /* the answer is in [p, p + n] */
        size_t half = n / 2;
        p = p[half].at < a ? p + half : p;
        n -= half;
    }
    return (size_t)(p - t->orig) + (p->at < a);
}

/* s[a..b) snapped outward to char boundaries, b at most len. */
static void snap_chars(const zb_text *t, size_t *a, size_t *b) {
    if (*b > t->len) *b = t->len;
    while (*a > 0 && ((unsigned char)t->s[*a] & 0xC0) == 0x80)
        (*a)--;
    while (*b < t->len && ((unsigned char)t->s[*b] & 0xC0) == 0x80)
        (*b)++;
}

/* orig_at searched from entry c, the answer for a nearby position: the
 * evidence of a report's figures comes mostly in text order, a few entries
 * apart, so the answer lies a few doubling steps from c instead of
 * log2(n_orig) halvings away; then it is bisected within the last step. */
static size_t orig_near(const zb_text *t, size_t a, size_t c) {
    const zb_text_orig *o = t->orig;
    size_t n = t->n_orig, lo, hi; /* the answer is in [lo, hi] */
    if (c > n) c = n;
    if (c < n && o[c].at < a) { /* after c: o[lo - 1].at < a */
        lo = c + 1;
        hi = n;
        for (size_t step = 1; n - c > step; step *= 2) {
            if (o[c + step].at >= a) {
                hi = c + step;
                break;
            }
            c += step;
            lo = c + 1;
        }
    } else { /* at or before c: hi == n or o[hi].at >= a */
        hi = c;
        lo = 0;
        for (size_t step = 1; c >= step; step *= 2) {
            if (o[c - step].at < a) {
                lo = c - step + 1;
                break;
            }
            c -= step;
            hi = c;
        }
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o[mid].at < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int zb_text_original_verbatim(const zb_text *t, size_t *a, size_t *b, size_t *cursor) {
    snap_chars(t, a, b);
    size_t lo = cursor ? orig_near(t, *a, *cursor) : orig_at(t, *a);
    if (cursor) *cursor = lo;
    return lo == t->n_orig || t->orig[lo].at >= *b;
}

int zb_text_original(const zb_text *t, size_t a, size_t b, zb_buf *out) {
    snap_chars(t, &a, &b);
    size_t lo = orig_at(t, a), hi = lo; /* the orig entries in [a, b) */
    while (hi < t->n_orig && t->orig[hi].at < b)
        hi++;
    if (lo == hi) return zb_buf_append(out, t->s + a, b - a);
    /* orig entries sit at char starts, in order: the runs between them are
     * copied, each one's original char written (at most 4 bytes for at
     * least 1), into room reserved once */
    if (zb_buf_reserve(out, b - a + 3 * (hi - lo))) return -1;
    char *o = out->p + out->len;
    size_t run = a;
    for (; lo < hi; lo++) {
        size_t i = t->orig[lo].at, l = 1;
        while (i + l < t->len && ((unsigned char)t->s[i + l] & 0xC0) == 0x80)
            l++;
        memcpy(o, t->s + run, i - run);
        o += i - run;
        o += zb_utf8_put(t->orig[lo].cp, o);
        run = i + l;
    }
    memcpy(o, t->s + run, b - run);
    o += b - run;
    out->len = (size_t)(o - out->p);
    out->p[out->len] = '\0';
    return 0;
}

void zb_text_free(zb_text *t) {
    if (!t) return;
    free(t->s);
    free(t->off);
    free(t->orig);
    free(t->html_title);
    free(t->published);
    for (size_t i = 0; i < t->n_meta; i++) {
        free(t->meta[i].name);
        free(t->meta[i].content);
    }
    free(t->meta);
    memset(t, 0, sizeof *t);
}
