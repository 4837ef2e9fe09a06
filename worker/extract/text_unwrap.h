/* text_unwrap.h - hard-wrapped plain text (a PDF's text layer, a mail body)
 * joined back into paragraphs: a line break in the middle of a sentence
 * would split a figure from its wording (审查合同\n23份). */
#ifndef ZB_TEXT_UNWRAP_H
#define ZB_TEXT_UNWRAP_H

#include <stddef.h>
#include <stdint.h>

#include "text.h" /* zb_text_orig */

/* Width of a wrapped text's full lines (display columns: a CJK character
 * and a punctuation mark that was full-width count 2, other ASCII 1), or 0
 * when s[0..len) does not look hard-wrapped: at least UNWRAP_MIN_FULL lines
 * that are no headings end within a few columns of one width of 40 columns
 * or more, and they are most of the long lines. */
size_t zb_unwrap_width(const char *s, size_t len);

/* Removes the '\n' after every full line (zb_unwrap_width) that does not end
 * a sentence (。!?;:) when the next line opens no heading (一、 (一) 1. 第…):
 * s, its offset map off (len + 1 entries) and the sorted positions of
 * orig[0..n_orig) are updated in place; s stays NUL-terminated. Returns the
 * new length (len when the text is not hard-wrapped). Pure, no allocation. */
size_t zb_unwrap(char *s, size_t len, uint32_t *off, zb_text_orig *orig, size_t n_orig);

#endif
