/* http.h - the worker's HTTP port (libmicrohttpd, its own thread):
 *   /metrics  Prometheus text (metrics.h)
 *   /healthz  200 while the loop turns (503 when stuck over liveness_ms)
 *   /readyz   200 only when broker and registry are reachable and partitions
 *             are assigned (file mode: while running), else 503 with why. */
#ifndef ZB_HTTP_H
#define ZB_HTTP_H

#include <netinet/in.h>

#include "metrics.h"

typedef struct zb_http zb_http;

/* listen: "host:port", ":port" or "port" (IPv4 or localhost) into sa; -1
 * with err naming http.listen when it is none of these. */
int zb_http_parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errlen);

/* listen: as above. NULL with err on failure (the reason: port in use...). */
zb_http *zb_http_start(const char *listen, zb_metrics *m, char *err, size_t errlen);
void zb_http_stop(zb_http *h);
/* The port actually bound (useful with port 0 in tests). */
int zb_http_port(const zb_http *h);

#endif
