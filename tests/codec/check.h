/* check.h - the codec tests' CHECK: counts passes and failures, prints the
 * failing line with the last codec error message (err). Each test program
 * defines passed, failed and err. */
#ifndef ZB_CODEC_CHECK_H
#define ZB_CODEC_CHECK_H

#include <stdio.h>

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, " [err: %s]\n", err);                                                  \
        }                                                                                          \
    } while (0)

#endif
