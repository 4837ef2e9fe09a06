/* http.c - /metrics, /healthz, /readyz on libmicrohttpd's own thread. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

struct zb_http {
    struct MHD_Daemon *d;
    zb_metrics *m;
    int port;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                             const char *body, size_t len) {
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_len, void **state) {
    (void)version;
    (void)upload;
    (void)upload_len;
    (void)state;
    zb_http *h = cls;
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return reply(c, 405, "text/plain", "method not allowed\n", 19);
    if (!strcmp(url, "/metrics")) {
        zb_buf b = ZB_BUF_INIT;
        zb_metrics_render(h->m, &b);
        enum MHD_Result r =
            reply(c, 200, "text/plain; version=0.0.4; charset=utf-8", b.p ? b.p : "", b.len);
        zb_buf_free(&b);
        return r;
    }
    if (!strcmp(url, "/healthz")) {
        char why[128], body[160];
        int ok = zb_metrics_alive(h->m, why, sizeof why);
        int n = snprintf(body, sizeof body, "%s\n", why);
        return reply(c, ok ? 200 : 503, "text/plain", body, (size_t)n);
    }
    if (!strcmp(url, "/readyz")) {
        char why[128], body[160];
        int ok = zb_metrics_ready(h->m, why, sizeof why);
        int n = snprintf(body, sizeof body, "%s\n", why);
        return reply(c, ok ? 200 : 503, "text/plain", body, (size_t)n);
    }
    return reply(c, 404, "text/plain", "not found\n", 10);
}

/* "host:port", ":port", "port" */
int zb_http_parse_listen(const char *s, struct sockaddr_in *sa, char *err, size_t errlen) {
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_ANY);
    const char *colon = strrchr(s, ':');
    const char *port = colon ? colon + 1 : s;
    char *end;
    long p = strtol(port, &end, 10);
    if (*port == 0 || *end || p < 0 || p > 65535) {
        snprintf(err, errlen, "http.listen: bad port in '%s'", s);
        return -1;
    }
    sa->sin_port = htons((uint16_t)p);
    if (colon && colon > s) {
        char host[64];
        snprintf(host, sizeof host, "%.*s", (int)(colon - s), s);
        if (!strcmp(host, "localhost")) snprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
            snprintf(err, errlen, "http.listen: '%s' is not an IPv4 address", host);
            return -1;
        }
    }
    return 0;
}

/* libmicrohttpd's own messages become log lines like ours (they went to
 * stderr as plain text, e.g. "Failed to bind to port 0"). */
static void mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = 0;
    zb_warn("http", "%s", msg);
}

/* The listening socket, bound here so a failure says why (port in use,
 * no permission) instead of only that it failed. */
static int listen_socket(const struct sockaddr_in *sa, const char *listen_s, char *err,
                         size_t errlen) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, (const struct sockaddr *)sa, sizeof *sa) || listen(fd, 64)) {
        snprintf(err, errlen, "http.listen: cannot listen on %s: %s", listen_s, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

zb_http *zb_http_start(const char *listen, zb_metrics *m, char *err, size_t errlen) {
    struct sockaddr_in sa;
    if (zb_http_parse_listen(listen, &sa, err, errlen)) return NULL;
    int fd = listen_socket(&sa, listen, err, errlen);
    if (fd < 0) return NULL;
    zb_http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        close(fd);
        return NULL;
    }
    h->m = m;
    h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                            handle, h, /* the logger first: it applies to what follows */
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
    if (!h->d) {
        snprintf(err, errlen, "http.listen: cannot serve on %s", listen);
        close(fd);
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = di ? di->port : ntohs(sa.sin_port);
    zb_info("http_listen", "serving /metrics /healthz /readyz on port %d", h->port);
    return h;
}

void zb_http_stop(zb_http *h) {
    if (!h) return;
    MHD_stop_daemon(h->d);
    free(h);
}

int zb_http_port(const zb_http *h) { return h->port; }
