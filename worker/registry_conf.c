/* registry_conf.c - see registry_conf.h. */
#include "registry_conf.h"

zb_registry *zb_config_registry(const zb_config *cfg, const char *url, int max_attempts, char *err,
                                size_t errlen) {
    zb_registry_conf rc;
    zb_registry_conf_init(&rc);
    rc.urls = url;
    if (cfg) {
        rc.username = cfg->registry_user;
        rc.password = cfg->registry_password;
        rc.ca_file = cfg->registry_ca;
        rc.cert_file = cfg->registry_cert;
        rc.key_file = cfg->registry_key;
        rc.key_password = cfg->registry_key_password;
        rc.timeout_ms = cfg->registry_timeout_ms;
        /* connecting is bounded apart, so a dead host fails fast and the
         * caller's backoff (not one long call) rides out an outage */
        rc.connect_timeout_ms = cfg->registry_timeout_ms < 5000 ? cfg->registry_timeout_ms : 5000;
    }
    if (max_attempts > 0) rc.max_attempts = max_attempts;
    return zb_registry_new(&rc, err, errlen);
}
