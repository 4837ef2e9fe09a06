/* log.c - structured JSON log lines. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "zb_buf.h"

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

static zb_log_level g_level = ZB_LOG_INFO;
static FILE *g_stream;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

int zb_log_level_parse(const char *name, zb_log_level *out) {
    for (int i = 0; i <= ZB_LOG_OFF; i++) {
        if (!strcmp(name, level_names[i])) {
            *out = (zb_log_level)i;
            return 0;
        }
    }
    if (!strcmp(name, "warning")) {
        *out = ZB_LOG_WARN;
        return 0;
    }
    return -1;
}

const char *zb_log_level_name(zb_log_level l) {
    return (l >= ZB_LOG_DEBUG && l <= ZB_LOG_OFF) ? level_names[l] : "?";
}

void zb_log_set_level(zb_log_level l) { g_level = l; }
zb_log_level zb_log_get_level(void) { return g_level; }

void zb_log_set_stream(FILE *f) {
    pthread_mutex_lock(&g_mu);
    g_stream = f;
    pthread_mutex_unlock(&g_mu);
}

static void put_timestamp(zb_buf *b) {
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    zb_buf_printf(b, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\"", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
}

void zb_log(zb_log_level l, const char *event, const char *fmt, ...) {
    if (l < g_level || l >= ZB_LOG_OFF) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    zb_buf b = ZB_BUF_INIT;
    zb_buf_puts(&b, "{\"ts\":");
    put_timestamp(&b);
    zb_buf_printf(&b, ",\"level\":\"%s\",\"event\":", level_names[l]);
    zb_buf_json_str(&b, event, strlen(event));
    zb_buf_puts(&b, ",\"msg\":");
    zb_buf_json_str(&b, msg, strlen(msg));
    zb_buf_puts(&b, "}\n");
    if (b.p) {
        pthread_mutex_lock(&g_mu);
        FILE *f = g_stream ? g_stream : stderr;
        fwrite(b.p, 1, b.len, f);
        fflush(f);
        pthread_mutex_unlock(&g_mu);
    }
    zb_buf_free(&b);
}
