/* rules.c - loads every data file of the engine from config/ (the only I/O
 * of worker/extract) and names the loaded data with a stable version. */
#include "rules_internal.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_data_file(const char *name) {
    size_t n = strlen(name);
    if (name[0] == '.') return 0;
    return (n > 4 && !strcmp(name + n - 4, ".tsv")) || (n > 4 && !strcmp(name + n - 4, ".txt"));
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* FNV-1a over the names and bytes of dir's *.tsv and *.txt files, in name
 * order: changes whenever any rule, gazetteer or cue file changes. */
static int hash_dir(const char *dir, uint64_t *out, char *err, size_t errlen) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: cannot open rules directory", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (!is_data_file(e->d_name)) continue;
        char **p = realloc(names, (n + 1) * sizeof *p);
        if (!p || !(p[n] = strdup(e->d_name))) {
            if (p) names = p;
            rc = -1;
            break;
        }
        names = p;
        n++;
    }
    closedir(d);
    if (!rc) qsort(names, n, sizeof *names, cmp_str);
    uint64_t h = 14695981039346656037ull;
    char buf[65536];
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        h = fnv(h, names[i], strlen(names[i]) + 1);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0)
            h = fnv(h, buf, k);
        fclose(f);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc) snprintf(err, errlen, "out of memory");
    *out = h;
    return rc;
}

zb_rules *zb_rules_load(const char *dir, char *err, size_t errlen) {
    zb_rules *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    uint64_t h = 0;
    if (!(r->t2s = zb_t2s_load(dir, err, errlen)) ||
        !(r->gaz = zb_gazetteer_load(dir, err, errlen)) ||
        !(r->doc = zb_doc_cues_load(dir, err, errlen)) ||
        zb_doc_cues_link(r->doc, r->gaz, err, errlen) ||
        !(r->sec = zb_section_cues_load(dir, err, errlen)) ||
        !(r->ind = zb_ind_rules_load(dir, err, errlen)) || hash_dir(dir, &h, err, errlen)) {
        zb_rules_free(r);
        return NULL;
    }
    snprintf(r->version, sizeof r->version, "r%016llx", (unsigned long long)h);
    return r;
}

void zb_rules_free(zb_rules *r) {
    if (!r) return;
    zb_t2s_free(r->t2s);
    zb_gazetteer_free(r->gaz);
    zb_doc_cues_free(r->doc);
    zb_section_cues_free(r->sec);
    zb_ind_rules_free(r->ind);
    free(r);
}

const char *zb_rules_version(const zb_rules *r) { return r ? r->version : ""; }
