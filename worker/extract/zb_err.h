/* zb_err.h - error messages into a caller's buffer, the convention of every
 * module: functions return a status and write one line into (err, errlen). */
#ifndef ZB_ERR_H
#define ZB_ERR_H

#include <stddef.h>

/* printf into err (truncated to errlen); does nothing when err is NULL or
 * errlen is 0. */
void zb_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
