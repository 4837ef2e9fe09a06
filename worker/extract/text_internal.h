/* text_internal.h - shared by the decode layer's modules (text*.c) only. */
#ifndef ZB_TEXT_INTERNAL_H
#define ZB_TEXT_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "text.h"

/* Highest code point the t2s table covers (CJK Ext B..F end before it). */
#define ZB_T2S_MAX 0x30000u
/* GB18030: 126 lead bytes x 190 trail bytes (two-byte codes) and the 39420
 * four-byte codes that map into the BMP. */
#define ZB_GB2_N (126 * 191)
#define ZB_GB4_BMP_N 39420
#define ZB_HTML_MAX_NAMES 128
#define ZB_HTML_NAME_MAX 40

struct zb_t2s {
    uint32_t *map;    /* ZB_T2S_MAX entries; 0 = unchanged */
    uint8_t *changed; /* a bit per code point with a map entry (24 KiB: stays
                         in cache while every Han char of a text is counted) */
    uint32_t *gb2;    /* two-byte GB18030 -> code point; 0 = invalid */
    uint32_t *gb4;    /* four-byte BMP GB18030 -> code point; 0 = invalid */
    /* two-byte GB18030 (indexed as gb2) -> what the plain-text normalizer
     * needs of the chars it copies as they are (plain_3byte in text_norm.c:
     * Han, CJK and general punctuation): ZB_GBX_* bits over the char's
     * UTF-8 bytes (low 24 bits, first byte lowest); 0 for every other code */
    uint32_t *gbx;
    unsigned char drop_tag[256];                      /* by GumboTag: subtree dropped */
    char chrome[ZB_HTML_MAX_NAMES][ZB_HTML_NAME_MAX]; /* id/class words; "x*" = prefix */
    size_t n_chrome;
    /* by a word's first byte, the chrome entries that may match it (a bit
     * per entry: those starting with that byte, with '*' or empty), so a word
     * is compared with a few entries instead of every one */
    uint64_t chrome_by_first[256][ZB_HTML_MAX_NAMES / 64];
    char date_meta[ZB_HTML_MAX_NAMES][ZB_HTML_NAME_MAX]; /* <meta> names of a date */
    size_t n_date_meta;
};

#define ZB_GBX_COPY (1u << 24)   /* the char is copied as it is (entry not 0) */
#define ZB_GBX_HAN (1u << 25)    /* a Han char (U+3400..9FFF) */
#define ZB_GBX_T2S (1u << 26)    /* t2s changes it */
#define ZB_GBX_BIG5 (1u << 27)   /* the byte pair is Big5-shaped (zb_big5_pair) */
#define ZB_GBX_GB2312 (1u << 28) /* ... and in the GB2312 area */

/* text_charset.c ---------------------------------------------------------- */

/* How many bytes of p[0..n) lead as ASCII (a page's markup): 8 at a time,
 * then byte by byte. An ASCII byte is one char in UTF-8 and in GB18030
 * alike, so a run of them steps both texts' offsets by the same amount. */
static inline size_t zb_ascii_run(const unsigned char *p, size_t n) {
    size_t i = 0;
    uint64_t w;
    while (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull)))
        i += 8;
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

/* Inline decoder of one UTF-8 char for the hot loops: its length with *cp
 * set, 0 when invalid, -1 when a valid prefix is cut by the end (n bytes). */
static inline int zb_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp) {
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xE1 && c <= 0xEC && n >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        return 3; /* most CJK: no overlong or surrogate possible for these leads */
    }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n) return -1;
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
        /* reject overlong / surrogate / too-large prefixes as soon as visible */
        if (i == 1) {
            if (c == 0xE0 && p[1] < 0xA0) return 0;
            if (c == 0xED && p[1] > 0x9F) return 0;
            if (c == 0xF0 && p[1] < 0x90) return 0;
            if (c == 0xF4 && p[1] > 0x8F) return 0;
        }
    }
    if (v < min) return 0;
    *cp = v;
    return len;
}

/* A char of U+4000..9FFF (lead byte E4..E9, two continuation bytes) at the
 * start of the little-endian word w: Han, complete and valid, told by one
 * subtraction (a byte out of range borrows from or carries into the next).
 * The hot loops test it before decoding the general 3-byte case. */
static inline int zb_han_4e9(uint32_t w) { return (w & 0xC0C0FFu) - 0x8080E4u <= 5u; }

/* Whether t2s changes the 3-byte char at the start of the little-endian
 * word w (a char of U+0800..FFFF, valid): its bit read from the bytes as
 * they are. The bitmap's 64-bit word number cp >> 6 is the lead's low
 * nibble and the second byte's six bits, the bit in it the third byte's
 * six, so cp needs no assembling (the run loops count every Han char). */
static inline unsigned zb_changed3(const uint8_t *chg, uint32_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t m;
    memcpy(&m, chg + (((w & 0x0Fu) << 6 | (w >> 8 & 0x3Fu)) << 3), 8);
    return (unsigned)(m >> (w >> 16 & 0x3Fu)) & 1u;
#else
    uint32_t cp = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
    return (chg[cp >> 3] >> (cp & 7)) & 1u;
#endif
}

/* Han ideographs, the chars whose share under t2s decides the script. */
static inline void zb_count_han(const zb_t2s *t, uint32_t cp, size_t *cnt) {
    if ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp < ZB_T2S_MAX)) {
        cnt[0]++;
        if (t->changed[cp >> 3] & (1u << (cp & 7))) cnt[1]++;
    }
}

/* Inline decoder of one GB18030 char (strict: unmapped codes are invalid),
 * results as zb_utf8_decode. */
static inline int zb_gb_decode(const zb_t2s *t, const unsigned char *p, size_t n, uint32_t *cp) {
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c == 0x80 || c == 0xFF) return 0;
    if (n < 2) return -1;
    unsigned c2 = p[1];
    if (c2 >= 0x40 && c2 <= 0xFE && c2 != 0x7F) {
        uint32_t v = t->gb2[(c - 0x81) * 191 + (c2 - 0x40)];
        if (!v) return 0;
        *cp = v;
        return 2;
    }
    if (c2 < 0x30 || c2 > 0x39) return 0;
    if (n < 3) return -1;
    if (p[2] < 0x81 || p[2] == 0xFF) return 0;
    if (n < 4) return -1;
    if (p[3] < 0x30 || p[3] > 0x39) return 0;
    uint32_t lin = (((c - 0x81) * 10 + (c2 - 0x30)) * 126 + (p[2] - 0x81u)) * 10 + (p[3] - 0x30u);
    if (c <= 0x84) {
        if (lin >= ZB_GB4_BMP_N || !t->gb4[lin]) return 0;
        *cp = t->gb4[lin];
        return 4;
    }
    /* 0x90308130 .. 0xE3329A35: U+10000 .. U+10FFFF, linear */
    const uint32_t sup0 = ((0x90 - 0x81) * 10) * 126 * 10;
    if (c < 0x90 || lin < sup0 || lin - sup0 > 0xFFFFF) return 0;
    *cp = 0x10000 + (lin - sup0);
    return 4;
}

/* Decodes one UTF-8 char at p (n bytes available). Returns its length and
 * sets *cp; 0 when invalid; -1 when a valid prefix is cut by the end. */
int zb_utf8_char(const unsigned char *p, size_t n, uint32_t *cp);
/* Same for GB18030 (strict: unmapped codes are invalid). */
int zb_gb_char(const zb_t2s *t, const unsigned char *p, size_t n, uint32_t *cp);
/* Whole-buffer validation: 1 valid (a partial char at the end is allowed and
 * its start put in *valid_len), 0 invalid with the bad byte's offset in *bad.
 * Also adds to cnt[0] the Han chars seen and to cnt[1] those t2s changes. */
int zb_utf8_valid(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                  size_t *cnt);
/* What zb_utf8_scan finds besides validity, sparing the caller two more
 * passes: the control bytes binary_at (text.c) counts, and whether the fast
 * HTML parser's byte check (odd_bytes) would fail. Offsets are p's. */
typedef struct {
    size_t nul;            /* offset of the first NUL byte, SIZE_MAX if none */
    size_t ctl, first_ctl; /* control bytes text does not have (not NUL, \t..\r,
                              0x1A, 0x1B) and the first one's offset */
    int odd;               /* a char gumbo turns into U+FFFD or treats apart: C0 controls but
                              \t \n \f \r, DEL, C1 controls, noncharacters */
} zb_scan;
/* An ASCII byte c at offset o into *sc. */
static inline void zb_scan_ascii(zb_scan *sc, unsigned c, size_t o) {
    if (c == 0x7F) sc->odd = 1;
    if (c >= 0x20) return;
    if (c != '\t' && c != '\n' && c != '\f' && c != '\r') sc->odd = 1;
    if (c == 0) {
        if (sc->nul == SIZE_MAX) sc->nul = o;
    } else if (!((c >= '\t' && c <= '\r') || c == 0x1A || c == 0x1B)) {
        if (!sc->ctl++) sc->first_ctl = o;
    }
}
/* zb_utf8_valid that also fills *sc, over the complete chars it validated
 * (all of them when it returns 1). */
int zb_utf8_scan(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                 size_t *cnt, zb_scan *sc);
int zb_gb_valid(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                size_t *cnt);
/* 1 when bytes that are valid GB18030 are rather Big5: every pair is
 * Big5-shaped and few fall in the GB2312 area where GBK text lives. */
int zb_gb_looks_big5(const unsigned char *p, size_t n);
/* The same counted pair by pair, by zb_gb_looks_big5 and by the GB18030
 * normalizer as it decodes (no pass of its own). */
typedef struct {
    size_t pairs, gb2312;
    int not_big5; /* a pair no Big5 text has, or a four-byte GB18030 code */
} zb_big5;
/* The pair of bytes c (>= 0x80), t. */
static inline void zb_big5_pair(zb_big5 *b, unsigned c, unsigned t) {
    /* standard Big5: lead A1..F9, trail 40..7E or A1..FE; a four-byte
     * GB18030 code (trail 30..39) is no Big5 either */
    if (c < 0xA1 || c > 0xF9 || !((t >= 0x40 && t <= 0x7E) || t >= 0xA1)) {
        b->not_big5 = 1;
        return;
    }
    b->pairs++;
    if (c <= 0xF7 && t >= 0xA1) b->gb2312++;
}
/* GBK text lives almost only in the GB2312 area; Big5 read as GBK does not. */
static inline int zb_big5_verdict(const zb_big5 *b) {
    return !b->not_big5 && b->pairs >= 20 && b->gb2312 * 10 < b->pairs * 8;
}
/* Charset named by a hint or <meta>: 'u' UTF-8, 'g' GB family, 'n' none /
 * ignorable (ascii, latin1), 'x' unsupported (big5, utf-16...). */
char zb_charset_kind(const char *name, size_t n);
/* Finds "charset=NAME" in s[0..n) (hint or the first KB of a page). Returns the
 * name's start and sets *name_len, NULL if none. */
const char *zb_charset_find(const char *s, size_t n, size_t *name_len);
/* UTF-8 encode cp into o (4 bytes room); returns the length. Inline: the
 * normalizer's general path writes every char it changes with it. */
static inline int zb_utf8_put(uint32_t cp, char *o) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* text_norm.c ------------------------------------------------------------- */

/* The normalizer: takes decoded code points with their input byte range and
 * builds s / off / orig (text.h rules). */
typedef struct {
    const zb_t2s *t2s;
    int apply_t2s;
    int html; /* newlines are plain spaces; a line break between CJK chars vanishes */
    char *s;
    uint32_t *off;
    size_t len, cap;
    zb_text_orig *orig;
    size_t n_orig, cap_orig;
    int line_has_text;
    int pend_space, pend_seg, pend_nl;
    uint32_t pend_space_off, pend_nl_off, last_end, prev_cp;
    int oom;
    /* a char or break was written at an input offset below the one before
     * it: each write that starts a run of increasing offsets checks (HTML
     * text can come out of document order; zb_text.off_back) */
    int back;
} zb_norm;

void zb_norm_init(zb_norm *n, const zb_t2s *t2s, int apply_t2s, int html, size_t size_hint);
void zb_norm_cp(zb_norm *n, uint32_t cp, uint32_t in_off, uint32_t in_end);
void zb_norm_break(zb_norm *n);                  /* paragraph boundary */
void zb_norm_space(zb_norm *n, uint32_t in_off); /* word boundary (table cell) */
/* Starts over (same buffers: no second allocation for a text normalized
 * again with t2s). */
void zb_norm_restart(zb_norm *n, int apply_t2s);
/* A text normalized without t2s (finished but not terminated) made what it
 * would have been with it: every char t2s changes that the normalizer wrote
 * as it came is written simplified in place, with its orig entry, as
 * emit_text writes it. Returns 1 when done (n->oom set when out of memory),
 * 0, with nothing changed, when a char's simplified form is not a 3-byte
 * char of the same kind: then the text is normalized again with t2s. A
 * traditional text was normalized twice, the second time every Han char the
 * general way (a quarter of such a report's instructions). */
int zb_norm_t2s_in_place(zb_norm *n);
/* Terminates s and off (off[len] = in_len). Returns 0, -1 on out of memory. */
int zb_norm_finish(zb_norm *n, uint32_t in_len);
void zb_norm_free(zb_norm *n);
/* Normalizes a short UTF-8 string (title, meta) into a new NUL-terminated
 * single-line string; NULL when empty or out of memory. */
char *zb_norm_string(const zb_t2s *t2s, int apply_t2s, const char *s, size_t n);
/* Feeds valid UTF-8 p[i..end) (complete chars) to the normalizer. */
void zb_norm_utf8(zb_norm *n, const unsigned char *p, size_t i, size_t end);
/* Plain UTF-8 text in one pass: validates p[i..end) like zb_utf8_scan
 * (adds the Han counts to cnt[0], cnt[1]; the control bytes into *sc, not
 * its odd flag) while normalizing it without t2s. Returns 1 when valid, with
 * *vend the end of the last complete char; 0 with the bad byte's offset in
 * *bad (the output is then to be thrown away). *sc is complete unless the
 * normalizer ran out of memory (n->oom). */
int zb_norm_utf8_plain(zb_norm *n, const unsigned char *p, size_t i, size_t end, size_t *vend,
                       size_t *bad, size_t *cnt, zb_scan *sc);
/* The same for plain GB18030 text, validated like zb_gb_valid; its pairs
 * counted into *b5 as zb_gb_looks_big5(p + i, end - i) counts them
 * (complete unless the normalizer ran out of memory). */
int zb_norm_gb_plain(zb_norm *n, const unsigned char *p, size_t i, size_t end, size_t *vend,
                     size_t *bad, size_t *cnt, zb_big5 *b5);
/* Feeds valid UTF-8 t[0..len) whose byte k came from input offset in_off + k
 * (a stretch of an HTML text node the same as its source), as zb_norm_cp
 * char by char would. */
void zb_norm_run(zb_norm *n, const unsigned char *t, size_t len, uint32_t in_off);
/* zb_norm_run for the UTF-8 text of a GB18030 page: t[0..len_t) is the
 * UTF-8 of the GB18030 chars at gb[in_off..] (gb_n bytes in all), each char
 * mapped to its own GB18030 offset. Returns the offset after the last. */
uint32_t zb_norm_run_gb(zb_norm *n, const unsigned char *t, size_t len_t, uint32_t in_off,
                        const unsigned char *gb, size_t gb_n);
/* Same for valid GB18030 (tables from n->t2s). */
void zb_norm_gb(zb_norm *n, const unsigned char *p, size_t i, size_t end);
int zb_is_cjk(uint32_t cp);

/* text_html.c ------------------------------------------------------------- */

/* Input view for the HTML walker: the UTF-8 buffer gumbo parses and how its
 * offsets map back to the input as received. */
typedef struct {
    const char *u8; /* UTF-8 text given to gumbo */
    size_t u8_len;
    const unsigned char *in; /* input as received */
    size_t in_len;
    uint32_t base;               /* UTF-8 input: in offset of u8[0] (after a BOM) */
    const zb_t2s *gb;            /* non-NULL: GB18030 input, map through ck */
    const uint32_t *ck_u, *ck_i; /* checkpoints: first char start in each 64-byte block */
    size_t n_ck;
    size_t cur_u, cur_i; /* mapping cursor */
    int checked;         /* 1: u8 is known to hold no byte the fast parser's
                            check looks for (zb_scan.odd of the input is 0) */
} zb_html_src;

/* Parses the page and feeds its text to n; fills title/published/meta of out.
 * Returns ZB_OK, ZB_E_NOMEM or ZB_E_NOT_REPORT (pathological nesting). */
zb_status zb_html_text(const zb_t2s *t2s, zb_html_src *src, zb_norm *n, zb_text *out, char *err,
                       size_t errlen);
/* text_html_fast.c: gumbo's tree for pages within the part of HTML this
 * parser does exactly as gumbo 0.10.1, nodes from alloc(ud, size); NULL when
 * the page is outside it (*oom set when out of memory instead). */
struct GumboInternalNode *zb_html_fast_parse(const char *u8, size_t n,
                                             void *(*alloc)(void *, size_t), void *ud, int *oom);
/* The same for a page whose bytes the caller has checked (zb_scan.odd 0):
 * no check pass of its own. */
struct GumboInternalNode *zb_html_fast_parse_checked(const char *u8, size_t n,
                                                     void *(*alloc)(void *, size_t), void *ud,
                                                     int *oom);
/* gumbo_tagn_enum(s, n), common tags without gumbo's hash. */
int zb_html_tag(const char *s, size_t n);
/* Rough upper bound of element nesting, to keep gumbo's recursion bounded. */
size_t zb_html_depth_estimate(const char *p, size_t n);
/* The same, with *steps set to the work it did: stack elements compared,
 * walked or moved and kind-list entries compared. Deterministic, for the
 * test that bounds the work per tag (a CPU time would vary with the machine). */
size_t zb_html_depth_estimate_steps(const char *p, size_t n, size_t *steps);
/* Length of the character reference at o[0] == '&' (0 if none); *named set
 * for &name; forms. */
size_t zb_html_ref_len(const char *o, size_t on, int *named, size_t *name_len);
/* 1 when the bytes start with markup (after BOM and spaces). */
int zb_html_sniff(const char *p, size_t n);

#endif
