/* http.h - the worker's HTTP port (libmicrohttpd, its own thread):
 *   /metrics  Prometheus text (metrics.h)
 *   /healthz  200 while the loop turns (503 when stuck over liveness_ms)
 *   /readyz   200 only when broker and registry are reachable and partitions
 *             are assigned (file mode: while running), else 503 with why. */
#ifndef ZB_HTTP_H
#define ZB_HTTP_H

#include "metrics.h"

typedef struct zb_http zb_http;

/* listen: "host:port", ":port" or "port". NULL with err on failure. */
zb_http *zb_http_start(const char *listen, zb_metrics *m, char *err, size_t errlen);
void zb_http_stop(zb_http *h);
/* The port actually bound (useful with port 0 in tests). */
int zb_http_port(const zb_http *h);

#endif
