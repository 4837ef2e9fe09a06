/* check.h - the tests' assertion (engine, worker and codec tests): count
 * failures, print where, keep going so one run shows every broken case. One
 * copy, so a change to how failures are reported reaches every test
 * program. */
#ifndef ZB_TEST_CHECK_H
#define ZB_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;
/* A text printed after each failure when set (the codec tests point it at
 * their last error message). */
static const char *check_note;

/* CHECK(cond) or CHECK(cond, "format", ...): the message is a format
 * literal, pasted after a space so that it may be left out. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond)) {                                                                             \
            check_failures++;                                                                      \
            fprintf(stderr, "%s:%d: FAIL: %s:", __FILE__, __LINE__, #cond);                        \
            fprintf(stderr, " " __VA_ARGS__);                                                      \
            if (check_note) fprintf(stderr, " [%s]", check_note);                                  \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* Two strings equal, or both NULL. */
#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *got_ = (got), *want_ = (want);                                                 \
        CHECK(got_ &&want_ ? !strcmp(got_, want_) : got_ == want_, "got %s, want %s",              \
              got_ ? got_ : "NULL", want_ ? want_ : "NULL");                                       \
    } while (0)

/* Prints the totals; the exit status: 1 when a check failed. */
static int check_report(const char *name) {
    printf("%s: %d checks, %d failures\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
