/* check.h - a minimal assertion helper for the worker's unit tests: counts
 * failures, prints each with its line, and main returns non-zero on any. */
#ifndef ZB_TEST_CHECK_H
#define ZB_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int g_failures, g_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        g_checks++;                                                                                \
        if (!(cond)) {                                                                             \
            g_failures++;                                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        g_checks++;                                                                                \
        if (!a_ || !b_ || strcmp(a_, b_)) {                                                        \
            g_failures++;                                                                          \
            fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)",       \
                    b_ ? b_ : "(null)");                                                           \
        }                                                                                          \
    } while (0)

static int check_done(const char *name) {
    fprintf(stderr, "%s: %d checks, %d failed\n", name, g_checks, g_failures);
    return g_failures ? 1 : 0;
}

#endif
