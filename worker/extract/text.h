/* text.h - the decode layer of the extraction engine: the bytes of one crawled
 * report, as received, become normalized UTF-8 text for matching, with a map
 * from every output byte back to a byte offset in the input.
 *
 * Pipeline (zb_text_decode):
 *   1. charset: a BOM decides; else valid UTF-8 is UTF-8 (whatever was
 *      declared: declarations are often wrong, GB text is never valid UTF-8);
 *      else a declared unsupported charset (hint, then <meta charset>) is
 *      refused; else GB18030 (strict, covers GBK/GB2312). NUL bytes or bytes
 *      invalid in both -> ZB_E_ENCODING. A partial
 *      multibyte character at the very end is dropped, not rejected; so are
 *      a few invalid bytes inside otherwise valid UTF-8 (n_invalid).
 *   2. HTML (content-type hint or leading markup): parsed into gumbo's HTML5
 *      tree (text_html_fast.c for the common pages, gumbo for the rest); body
 *      text kept with '\n' at block elements, entities decoded, script/style/
 *      chrome dropped (patterns in config/text-html.tsv), main content
 *      container preferred. <title> and <meta> captured.
 *   3. script: traditional when a clear share of CJK characters change under
 *      the t2s table; only then is t2s applied (char level, so offsets stay
 *      exact and simplified text is never "converted").
 *   4. normalization, one input character -> at most one output character:
 *      full-width ASCII (U+FF01..FF5E) and small forms -> ASCII, ideographic /
 *      nbsp / other spaces -> ' ', runs of spaces collapsed, spaces trimmed at
 *      line ends, CR/LF/U+2028 -> '\n', empty lines dropped (so '\n' separates
 *      paragraphs), zero-width chars and other controls dropped. Spaces
 *      between words are kept. Plain text keeps every non-empty line (page
 *      chrome in plain text is for the docfields layer).
 *
 * Memory: peak about 6x the input for plain text (7.5x for GB18030); HTML
 * pages need about 14x while gumbo's tree lives, hence ZB_TEXT_MAX_HTML_BYTES;
 * see text.c for the accounting. All functions are pure (no I/O, no globals)
 * except zb_t2s_load. */
#ifndef ZB_TEXT_H
#define ZB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "zb_buf.h"
#include "zb_extract.h" /* zb_status */
#include "zb_report.h"  /* zb_script */

#define ZB_TEXT_MAX_BYTES_DEFAULT ((size_t)64 << 20)
/* HTML pages are parsed into a gumbo tree of about 14x their size: pages over
 * this are refused (ZB_E_TOO_LARGE) to keep memory bounded. */
#define ZB_TEXT_MAX_HTML_BYTES ((size_t)16 << 20)

/* The text layer's data, loaded from config/ at start and read-only after:
 * the traditional->simplified char table (config/t2s.tsv), the GB18030 decode
 * table (built with iconv at load) and the HTML chrome patterns
 * (config/text-html.tsv). One zb_t2s may be shared by threads. */
typedef struct zb_t2s zb_t2s;

zb_t2s *zb_t2s_load(const char *config_dir, char *err, size_t errlen);
void zb_t2s_free(zb_t2s *t2s);
/* The simplified code point for cp (cp itself when unchanged). */
uint32_t zb_t2s_map(const zb_t2s *t2s, uint32_t cp);

/* One <meta name|property=... content=...> of an HTML page. */
typedef struct {
    char *name;    /* lower-cased name or property, e.g. "pubdate", "articletitle" */
    char *content; /* normalized like s (simplified, ASCII digits), one line */
} zb_text_meta;

/* A normalized character that differs from its original (t2s or width
 * change): kept sparsely so evidence can show the text as written. */
typedef struct {
    uint32_t at; /* index in s of the normalized character's first byte */
    uint32_t cp; /* original code point */
} zb_text_orig;

typedef struct {
    char *s;        /* normalized UTF-8, NUL-terminated, no '\0' inside */
    size_t len;     /* bytes in s */
    uint32_t *off;  /* len+1 entries: off[i] = input offset of the character that
                       produced s[i] (every byte of a multibyte char has the same
                       value; a '\n' inserted at a block boundary gets the end of
                       the previous char); off[len] = input length. Offsets are
                       into the input as received (GB18030 bytes for GB input),
                       non-decreasing for plain text. HTML may go back: the
                       tree gumbo builds moves some text out of document order
                       (text misplaced inside a <table> goes before it), so
                       use zb_text_span for ranges, not off[a]..off[b]. */
    const char *in; /* the input (borrowed: must outlive the zb_text for
                       zb_text_span) */
    size_t in_len;
    const char *encoding; /* "utf-8" | "gb18030" (static string) */
    int is_html;          /* 1 when parsed as HTML */
    int off_back;         /* 1 when off[] may go back somewhere (HTML only; set whenever
                             it does): zb_text_span then looks for the lowest start
                             and highest end */
    int truncated;        /* 1 when a partial char at the end was dropped */
    size_t n_invalid;     /* invalid UTF-8 bytes dropped: a text with a few broken
                             sequences (<= 8 + 1 per 2000 bytes, <= 256 in all) is decoded
                             without them rather than refused; offsets stay exact */
    zb_script script;     /* ZB_SCRIPT_TRADITIONAL when t2s was applied */
    size_t n_cjk, n_t2s;  /* CJK chars seen / of which changed by t2s */
    char *html_title;     /* <title>, normalized, NULL if none */
    char *published;      /* first date-like <meta> (pubdate, publishdate,
                             article:published_time...), normalized, NULL if none */
    zb_text_meta *meta;   /* every <meta name|property content> (bounded) */
    size_t n_meta;
    zb_text_orig *orig; /* sorted by at */
    size_t n_orig;
} zb_text;

/* Decodes in[0..len). content_type_hint / charset_hint may be NULL (e.g.
 * "text/html; charset=gbk", "gb2312"). max_bytes 0 = ZB_TEXT_MAX_BYTES_DEFAULT.
 * Returns ZB_OK and fills *out (free with zb_text_free), or ZB_E_EMPTY,
 * ZB_E_TOO_LARGE, ZB_E_ENCODING, ZB_E_NOMEM with a one-line message in err;
 * on error *out is zeroed and needs no free. */
zb_status zb_text_decode(const zb_t2s *t2s, const char *in, size_t len,
                         const char *content_type_hint, const char *charset_hint, size_t max_bytes,
                         zb_text *out, char *err, size_t errlen);

/* Input byte range [*start, *end) that renders s[a..b): start = off[a], end =
 * the end of the input bytes of the char holding s[b-1] (tags and spaces after
 * it are not included). a < b <= len. Where the map goes back inside s[a..b)
 * (HTML), the range runs from the lowest start to the highest end of its
 * chars: it holds every one of them, and start < end for any char. */
void zb_text_span(const zb_text *t, size_t a, size_t b, uint64_t *start, uint64_t *end);

/* Appends the evidence text for s[a..b) to out: as written in the input
 * (traditional stays traditional, full-width stays full-width), entities
 * decoded, tags removed, whitespace as in s. a and b are snapped outward to
 * char boundaries. 0 ok, -1 out of memory. */
int zb_text_original(const zb_text *t, size_t a, size_t b, zb_buf *out);
/* Snaps s[*a..*b) outward to char boundaries as zb_text_original does and
 * tells whether its evidence text is those bytes of s as they are (1: no
 * char in it was written otherwise in the input), so that a caller can copy
 * them once instead of through a buffer. 0: use zb_text_original. cursor
 * (may be NULL; 0 before the first call) keeps where the last call looked:
 * ranges asked for in text order are then found in a few steps. */
int zb_text_original_verbatim(const zb_text *t, size_t *a, size_t *b, size_t *cursor);

void zb_text_free(zb_text *t);

#endif
