/* test_watchdog.c - the stall watchdog (watchdog.h) on a real pool: an
 * extraction running past the stall threshold is reported once (one
 * extract_stalled error log naming topic [partition] @offset, one count),
 * shown in the metrics and makes /readyz fail with its name; once it
 * returns, the gauge drops and the worker is ready again. A real stall
 * needs an engine loop without a budget check, which the engine must not
 * have: the job here is a real 1 MB extraction (a tenth of a second, more
 * under sanitizers) watched with a stall threshold of 2 ms. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "log.h"
#include "pipeline.h"
#include "pool.h"
#include "watchdog.h"

static char *big_report(size_t size, size_t *len) {
    static const char *const para[] = {
        "一、推进依法行政\n全年共审核规范性文件%u件，清理行政规范性文件%u件。\n",
        "二、行政复议\n全县共收到行政复议申请%u件，依法受理%u件。\n",
    };
    size_t cap = size + 1024, n = 0;
    char *s = malloc(cap);
    n += (size_t)snprintf(s, cap, "某某县2024年法治政府建设年度报告\n");
    for (unsigned k = 0; n < size; k++)
        n += (size_t)snprintf(s + n, cap - n, para[k % 2], 10 + k % 90, 3 + k % 7);
    *len = n;
    return s;
}

static char *read_all(FILE *f) {
    fflush(f);
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    rewind(f);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) s[0] = '\0';
    return s;
}

int main(void) {
    char err[512];
    zb_rules *rules = zb_rules_load(ZB_CONFIG_DIR, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 1;
    }
    FILE *logf = tmpfile();
    zb_log_set_stream(logf);
    zb_metrics m;
    zb_metrics_init(&m);
    m.file_mode = 1;
    atomic_store(&m.running, 1);
    zb_pipe_opts po = {.format = ZB_INPUT_RAW, .max_report_bytes = 8 << 20, .keep_report = 1};
    zb_pipeline *proto = zb_pipeline_new(rules, &po, &m, err, sizeof err);
    zb_pool *pool = proto ? zb_pool_new(proto, 2, err, sizeof err) : NULL;
    CHECK(pool != NULL);
    if (!pool) return check_report("test_watchdog");

    char why[512];
    CHECK(zb_metrics_ready(&m, why, sizeof why));
    CHECK(zb_watchdog_stall_ms(10000) == 25000);

    size_t len;
    char *doc = big_report(1 << 20, &len);
    zb_pipe_in in = {.value = doc,
                     .len = len,
                     .topic = "reports.raw",
                     .partition = 2,
                     .offset = 41,
                     .timestamp_ms = -1};
    zb_pipe_out out;
    zb_pipe_out_init(&out);
    zb_job job = {.in = &in, .out = &out};
    zb_pool_submit(pool, &job);
    int max_stalled = 0, unready = 0, checks = 0;
    while (!zb_pool_wait(pool, &job, 1)) {
        int n = zb_watchdog_check(pool, &m, 2);
        checks++;
        if (n > max_stalled) max_stalled = n;
        if (n && !zb_metrics_ready(&m, why, sizeof why) && strstr(why, "reports.raw [2] @41"))
            unready = 1;
    }
    printf("watchdog: %d checks while the job ran, %d stalled at most, ready: %s\n", checks,
           max_stalled, why);
    CHECK(job.res == ZB_PIPE_OK); /* slow is not wrong: the report itself is fine */
    CHECK(max_stalled == 1);
    CHECK(unready);
    CHECK(strstr(why, "extraction stalled") != NULL);
    CHECK(job.stalled == 1);
    CHECK(atomic_load(&m.stalls) == 1); /* once per message, not once per check */

    /* the job returned: nothing stalled, ready again */
    CHECK(zb_watchdog_check(pool, &m, 2) == 0);
    CHECK(atomic_load(&m.stalled) == 0);
    CHECK(atomic_load(&m.longest_run_ms) == 0);
    CHECK(zb_metrics_ready(&m, why, sizeof why));

    /* the log names the message, once */
    char *log = read_all(logf);
    const char *hit = strstr(log, "\"extract_stalled\"");
    CHECK(hit != NULL);
    CHECK(hit && strstr(hit, "reports.raw [2] @41") != NULL);
    CHECK(hit && strstr(hit + 1, "\"extract_stalled\"") == NULL);
    CHECK(strstr(log, "\"level\":\"error\"") != NULL);

    /* the metrics show it */
    zb_buf text = ZB_BUF_INIT;
    CHECK(zb_metrics_render(&m, &text) == 0);
    CHECK(text.p && strstr(text.p, "zhibiao_extract_stalls_total 1\n"));
    CHECK(text.p && strstr(text.p, "zhibiao_extract_stalled 0\n"));
    CHECK(text.p && strstr(text.p, "zhibiao_extract_timeouts_total 0\n"));

    /* a second run of the same job is watched afresh */
    zb_pipe_out_reset(&out);
    zb_pool_submit(pool, &job);
    CHECK(job.stalled == 0);
    while (!zb_pool_wait(pool, &job, 1))
        zb_watchdog_check(pool, &m, 2);
    CHECK(atomic_load(&m.stalls) == 2);

    zb_buf_free(&text);
    free(log);
    zb_pipe_out_free(&out);
    zb_pool_free(pool);
    zb_pipeline_free(proto);
    free(doc);
    zb_metrics_destroy(&m);
    zb_rules_free(rules);
    zb_log_set_stream(NULL);
    fclose(logf);
    return check_report("test_watchdog");
}
