/* check.h - the engine tests' assertion (tests/extract, tests/text,
 * tests/docfields): count failures, print where, keep going so one run shows
 * every broken case. One copy, so a change to how failures are reported
 * reaches every test program. */
#ifndef ZB_TEST_CHECK_H
#define ZB_TEST_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond)) {                                                                             \
            check_failures++;                                                                      \
            fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond);                       \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* Prints the totals; the exit status: 1 when a check failed. */
static int check_report(const char *name) {
    printf("%s: %d checks, %d failures\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
