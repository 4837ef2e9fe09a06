/* log.h - structured JSON logs on stderr: one object per line,
 * {"ts":"...","level":"info","event":"...","msg":"..."}. Thread-safe: the
 * HTTP thread and librdkafka's threads log too. */
#ifndef ZB_LOG_H
#define ZB_LOG_H

#include <stdio.h>

typedef enum { ZB_LOG_DEBUG = 0, ZB_LOG_INFO, ZB_LOG_WARN, ZB_LOG_ERROR, ZB_LOG_OFF } zb_log_level;

/* "debug" | "info" | "warn" | "error" | "off"; 0 ok, -1 unknown name. */
int zb_log_level_parse(const char *name, zb_log_level *out);
const char *zb_log_level_name(zb_log_level l);
void zb_log_set_level(zb_log_level l);
zb_log_level zb_log_get_level(void);
/* Where lines go (default stderr); tests point it at a file. */
void zb_log_set_stream(FILE *f);

/* event: a short stable identifier (e.g. "txn_abort"); msg: printf format. */
void zb_log(zb_log_level l, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define zb_debug(ev, ...) zb_log(ZB_LOG_DEBUG, ev, __VA_ARGS__)
#define zb_info(ev, ...) zb_log(ZB_LOG_INFO, ev, __VA_ARGS__)
#define zb_warn(ev, ...) zb_log(ZB_LOG_WARN, ev, __VA_ARGS__)
#define zb_error(ev, ...) zb_log(ZB_LOG_ERROR, ev, __VA_ARGS__)

#endif
