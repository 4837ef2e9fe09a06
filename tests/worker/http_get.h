/* http_get.h - GET a URL with libcurl into a buffer (tests only). */
#ifndef ZB_TEST_HTTP_GET_H
#define ZB_TEST_HTTP_GET_H

#include <curl/curl.h>

#include "zb_buf.h"

static size_t http_get_sink(char *p, size_t sz, size_t n, void *ud) {
    return zb_buf_append((zb_buf *)ud, p, sz * n) ? 0 : sz * n;
}

/* HTTP status, or -1 when the request failed; body into out. */
static long http_get(const char *url, zb_buf *out) {
    CURL *c = curl_easy_init();
    if (!c) return -1;
    zb_buf_reset(out);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_get_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
    long status = -1;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    zb_buf_append(out, "", 1); /* NUL-terminate */
    out->len--;
    return status;
}

#endif
