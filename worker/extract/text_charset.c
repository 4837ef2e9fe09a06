/* text_charset.c - UTF-8 and GB18030 character decoding, validation and
 * charset names. Pure functions; the GB18030 tables come from zb_t2s. */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text_internal.h"

int zb_utf8_char(const unsigned char *p, size_t n, uint32_t *cp) {
    return zb_utf8_decode(p, n, cp);
}

/* A char the fast HTML parser leaves to gumbo, beyond ASCII: C1 controls and
 * noncharacters (U+FDD0..FDEF, U+xFFFE/F). */
static inline int odd_cp(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFEu) == 0xFFFEu;
}

/* zb_utf8_valid, and with sc (a constant when inlined: no cost without it)
 * zb_utf8_scan. The counts in locals: stores through cnt could alias p,
 * making the compiler reload around every char. */
static inline int utf8_valid(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len,
                             size_t *bad, size_t *cnt, zb_scan *sc) {
    size_t i = 0;
    uint64_t han = 0; /* Han chars (low half), of which t2s changes (high half) */
    const uint8_t *chg = t->changed;
    while (i < n) {
        int at_high = 0;
#if defined(__SSE2__)
        /* ASCII runs, 16 bytes at a time, then straight to the first
         * non-ASCII byte; with sc, only the bytes zb_scan_ascii does
         * something with (below 0x20 but tab, line feed, form feed and CR;
         * DEL) are handed to it, those before that byte: the rest is read
         * after the non-ASCII chars. Pages are mostly markup, and most of
         * their 16-byte blocks hold a line break or a tab. */
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            unsigned hi = (unsigned)_mm_movemask_epi8(v);
            if (sc) {
                __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                                       _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\f')),
                                                       _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
                __m128i lt = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)); /* and bytes >= 0x80 */
                __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
                unsigned m =
                    (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(ws, lt), del));
                for (m &= (hi & -hi) - 1u; m; m &= m - 1)
                    zb_scan_ascii(sc, p[i + (size_t)__builtin_ctz(m)],
                                  i + (size_t)__builtin_ctz(m));
            }
            if (hi) {
                i += (size_t)__builtin_ctz(hi);
                at_high = 1;
                break;
            }
            i += 16;
        }
#endif
        /* the same 8 bytes at a time; with sc, a word holding a byte below
         * 0x20 or a DEL is looked at byte by byte up to the first non-ASCII
         * byte */
        while (!at_high && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            uint64_t hi = w & 0x8080808080808080ull;
            if (sc) {
                uint64_t del = w ^ 0x7F7F7F7F7F7F7F7Full;
                if (((w - 0x2020202020202020ull) | (del - 0x0101010101010101ull)) & ~w & ~del &
                    0x8080808080808080ull)
                    for (size_t k = i; k < i + 8 && p[k] < 0x80; k++)
                        zb_scan_ascii(sc, p[k], k);
            }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            if (hi) {
                i += (size_t)__builtin_ctzll(hi) >> 3;
                break;
            }
#else
            if (hi) {
                while (p[i] < 0x80)
                    i++;
                break;
            }
#endif
            i += 8;
        }
        if (i >= n) break;
        if (p[i] < 0x80) {
            if (sc) zb_scan_ascii(sc, p[i], i);
            i++;
            continue;
        }
        uint32_t cp, w;
        /* the common 3-byte chars (U+1000..CFFF) read as one word, a run of
         * them in one loop: bytes read one by one made gcc spill one and
         * reload it as a word, a store-forwarding stall per char. Most are
         * U+4000..9FFF, told apart by one test (zb_han_4e9). None of them
         * is odd. */
        for (size_t last = n - 4; n >= 4 && i <= last; i += 3) {
            memcpy(&w, p + i, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w = __builtin_bswap32(w);
#endif
            if (!zb_han_4e9(w)) {
                if ((w & 0xFFu) - 0xE1u > 0xECu - 0xE1u || (w & 0xC0C000u) != 0x808000u) break;
                cp = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
                if (cp - 0x3400u > 0x9FFFu - 0x3400u) continue;
            }
            han += 1 | (uint64_t)zb_changed3(chg, w) << 32;
        }
        if (i >= n) break;
        if (p[i] < 0x80) continue;
        int l = zb_utf8_decode(p + i, n - i, &cp);
        if (l == -1) break; /* partial char at the very end */
        if (l == 0) {
            cnt[0] += (uint32_t)han, cnt[1] += han >> 32;
            *bad = i;
            return 0;
        }
        if (sc && odd_cp(cp)) sc->odd = 1;
        size_t c[2] = {0, 0};
        zb_count_han(t, cp, c);
        han += c[0] | (uint64_t)c[1] << 32;
        i += (size_t)l;
    }
    cnt[0] += (uint32_t)han, cnt[1] += han >> 32;
    *valid_len = i;
    return 1;
}

int zb_utf8_valid(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                  size_t *cnt) {
    return utf8_valid(t, p, n, valid_len, bad, cnt, NULL);
}

int zb_utf8_scan(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                 size_t *cnt, zb_scan *sc) {
    *sc = (zb_scan){.nul = SIZE_MAX};
    return utf8_valid(t, p, n, valid_len, bad, cnt, sc);
}

int zb_gb_char(const zb_t2s *t, const unsigned char *p, size_t n, uint32_t *cp) {
    return zb_gb_decode(t, p, n, cp);
}

int zb_gb_valid(const zb_t2s *t, const unsigned char *p, size_t n, size_t *valid_len, size_t *bad,
                size_t *cnt) {
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i += zb_ascii_run(p + i, n - i);
            continue;
        }
        uint32_t cp;
        int l = zb_gb_decode(t, p + i, n - i, &cp);
        if (l == -1) break;
        if (l == 0) {
            *bad = i;
            return 0;
        }
        zb_count_han(t, cp, cnt);
        i += (size_t)l;
    }
    *valid_len = i;
    return 1;
}

int zb_gb_looks_big5(const unsigned char *p, size_t n) {
    zb_big5 b = {0, 0, 0};
    for (size_t i = 0; i + 1 < n && !b.not_big5;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        zb_big5_pair(&b, p[i], p[i + 1]);
        i += 2;
    }
    return zb_big5_verdict(&b);
}

static int name_is(const char *s, size_t n, const char *lit) {
    size_t l = strlen(lit);
    if (n != l) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != lit[i]) return 0;
    }
    return 1;
}

char zb_charset_kind(const char *s, size_t n) {
    static const char *const utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8", NULL};
    static const char *const gb[] = {"gb18030",  "gbk",        "gb2312",      "x-gbk",
                                     "cp936",    "ms936",      "windows-936", "euc-cn",
                                     "x-euc-cn", "csgb2312",   "chinese",     "iso-ir-58",
                                     "csgbk",    "gb_2312-80", "gb_2312",     NULL};
    /* often sent by servers and crawlers by default, says nothing about the bytes */
    static const char *const none[] = {"us-ascii", "ascii",     "iso-8859-1",
                                       "latin1",   "iso8859-1", "windows-1252",
                                       "cp1252",   "l1",        NULL};
    for (int i = 0; utf8[i]; i++)
        if (name_is(s, n, utf8[i])) return 'u';
    for (int i = 0; gb[i]; i++)
        if (name_is(s, n, gb[i])) return 'g';
    for (int i = 0; none[i]; i++)
        if (name_is(s, n, none[i])) return 'n';
    return n ? 'x' : 'n';
}

const char *zb_charset_find(const char *s, size_t n, size_t *name_len) {
    for (size_t i = 0; i + 7 <= n; i++) {
        /* 8 bytes at a time to the next 'c' or 'C' (a GB18030 text without a
         * declaration is searched through its first 2 KB) */
        while (i + 15 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t z = (w | 0x2020202020202020ull) ^ 0x6363636363636363ull; /* 0: c or C */
            if ((z - 0x0101010101010101ull) & ~z & 0x8080808080808080ull) break;
            i += 8;
        }
        if ((s[i] | 32) != 'c' || !name_is(s + i, 7, "charset")) continue;
        size_t j = i + 7;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= n || s[j] != '=') continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = j;
        while (k < n && k - j < 40 &&
               ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_' || s[k] == '.' ||
                s[k] == ':'))
            k++;
        if (k > j) {
            *name_len = k - j;
            return s + j;
        }
    }
    return NULL;
}
