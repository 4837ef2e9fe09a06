/* file_mode.h - `zhibiao run` without Kafka: the same pipeline over files,
 * directories (recursively, sorted) and JSON Lines files (*.jsonl, one JSON
 * envelope per line), writing the reports to an Avro container file
 * (ReportIndicators) and a readable summary. No broker, no registry. */
#ifndef ZB_FILE_MODE_H
#define ZB_FILE_MODE_H

#include <signal.h>
#include <stdio.h>

#include "config.h"
#include "metrics.h"
#include "zb_extract.h"

typedef struct {
    unsigned long inputs;  /* messages read (files + JSONL lines) */
    unsigned long reports; /* written to the container */
    unsigned long dead;    /* could not be processed (listed in the summary) */
    unsigned long indicators;
    int interrupted; /* *stop was set while inputs were left unread */
} zb_file_stats;

/* Runs cfg->file_inputs through the pipeline into cfg->file_output, the
 * summary to cfg->file_summary ("-" = summary_default, e.g. stdout).
 * 0 ok (dead letters are not errors; a stop leaves st->interrupted set and
 * says so in the summary), 1 with err on I/O failure. */
int zb_file_mode_run(const zb_config *cfg, const zb_rules *rules, zb_metrics *m,
                     volatile sig_atomic_t *stop, FILE *summary_default, zb_file_stats *st,
                     char *err, size_t errlen);

#endif
