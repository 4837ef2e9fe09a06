/* registry_conf.h - the Schema Registry client built from the worker's
 * registry.* settings, one way for `zhibiao run` (pipeline.c) and `zhibiao
 * dlq` (cli_dlq.c), so a TLS or auth setting reaches both. */
#ifndef ZB_REGISTRY_CONF_H
#define ZB_REGISTRY_CONF_H

#include "config.h"
#include "zb_registry.h"

/* A client for url with cfg's credentials, TLS files and timeouts (cfg may
 * be NULL: the registry's defaults). max_attempts: tries per call, 0 = the
 * registry's default. NULL with a message in err. */
zb_registry *zb_config_registry(const zb_config *cfg, const char *url, int max_attempts, char *err,
                                size_t errlen);

#endif
