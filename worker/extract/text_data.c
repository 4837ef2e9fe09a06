/* text_data.c - loads the decode layer's data at start: config/t2s.tsv,
 * config/text-html.tsv, and the GB18030 decode table built once through
 * glibc's iconv (so decoding itself is a table lookup per char). The only
 * module of the decode layer that does I/O. */
#include <errno.h>
#include <gumbo.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, long b) {
    if (err && errlen) snprintf(err, errlen, fmt, a, b);
}

/* Reads one UTF-8 code point from a NUL-terminated string; 0 at the end. */
static uint32_t read_cp(const char **s) {
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = strlen(*s);
    if (!n) return 0;
    uint32_t cp;
    int l = zb_utf8_char(p, n, &cp);
    if (l <= 0) return 0;
    *s += l;
    return cp;
}

/* Opens dir/name for reading, its path in path[0..size) for the loader's
 * messages; NULL with the reason in err when it cannot. */
static FILE *open_data(const char *dir, const char *name, char *path, size_t size, char *err,
                       size_t errlen) {
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f && err && errlen) snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return f;
}

static int load_t2s_tsv(zb_t2s *t, const char *dir, char *err, size_t errlen) {
    char path[4096];
    FILE *f = open_data(dir, "t2s.tsv", path, sizeof path, err, errlen);
    if (!f) return -1;
    char line[256];
    long lineno = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        const char *p = line;
        uint32_t a = read_cp(&p);
        uint32_t tab = read_cp(&p);
        uint32_t b = read_cp(&p);
        if (!a || tab != '\t' || !b || a >= ZB_T2S_MAX || (*p && *p != '\n' && *p != '\r')) {
            fclose(f);
            set_err(err, errlen, "%s: bad line %ld (want: traditional TAB simplified)", path,
                    lineno);
            return -1;
        }
        t->map[a] = b;
        t->changed[a >> 3] |= (uint8_t)(1u << (a & 7));
        n++;
    }
    fclose(f);
    if (n == 0) {
        set_err(err, errlen, "%s: no entries%.0ld", path, 0);
        return -1;
    }
    return 0;
}

static uint32_t iconv_one(iconv_t cd, const unsigned char *in, size_t n) {
    char ib[4], ob[8];
    memcpy(ib, in, n);
    char *ip = ib, *op = ob;
    size_t il = n, ol = sizeof ob;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 || ol != 4) return 0;
    uint32_t cp = (uint32_t)(unsigned char)ob[0] | (uint32_t)(unsigned char)ob[1] << 8 |
                  (uint32_t)(unsigned char)ob[2] << 16 | (uint32_t)(unsigned char)ob[3] << 24;
    /* never map to controls or NUL: those would make binary look like text */
    return cp >= 0x80 && cp <= 0x10FFFF ? cp : 0;
}

static int build_gb_tables(zb_t2s *t, char *err, size_t errlen) {
    iconv_t cd = iconv_open("UTF-32LE", "GB18030");
    if (cd == (iconv_t)-1) {
        set_err(err, errlen, "iconv has no GB18030 converter (glibc gconv modules missing)%s%.0ld",
                "", 0);
        return -1;
    }
    unsigned char b[4];
    for (unsigned lead = 0x81; lead <= 0xFE; lead++) {
        for (unsigned tr = 0x40; tr <= 0xFE; tr++) {
            if (tr == 0x7F) continue;
            b[0] = (unsigned char)lead, b[1] = (unsigned char)tr;
            t->gb2[(lead - 0x81) * 191 + (tr - 0x40)] = iconv_one(cd, b, 2);
        }
    }
    for (uint32_t lin = 0; lin < ZB_GB4_BMP_N; lin++) {
        b[0] = (unsigned char)(0x81 + lin / 12600);
        b[1] = (unsigned char)(0x30 + lin / 1260 % 10);
        b[2] = (unsigned char)(0x81 + lin / 10 % 126);
        b[3] = (unsigned char)(0x30 + lin % 10);
        t->gb4[lin] = iconv_one(cd, b, 4);
    }
    iconv_close(cd);
    /* the normalizer's fast path for plain GB18030 text (after t2s.tsv:
     * the changed bits are known) */
    for (unsigned lead = 0x81; lead <= 0xFE; lead++) {
        for (unsigned tr = 0x40; tr <= 0xFE; tr++) {
            if (tr == 0x7F) continue;
            size_t k = (lead - 0x81) * 191 + (tr - 0x40);
            uint32_t cp = t->gb2[k];
            /* plain_3byte (text_norm.c): U+3001..9FFF, 2010..2027, 2030..205E */
            if (!(cp - 0x3001u <= 0x9FFFu - 0x3001u || cp - 0x2010u <= 0x17u ||
                  cp - 0x2030u <= 0x2Eu))
                continue;
            char u[4];
            zb_utf8_put(cp, u);
            uint32_t e = (uint32_t)(unsigned char)u[0] | (uint32_t)(unsigned char)u[1] << 8 |
                         (uint32_t)(unsigned char)u[2] << 16 | ZB_GBX_COPY;
            if (cp >= 0x3400) e |= ZB_GBX_HAN;
            if (t->changed[cp >> 3] & (1u << (cp & 7))) e |= ZB_GBX_T2S;
            zb_big5 b = {0, 0, 0};
            zb_big5_pair(&b, lead, tr);
            if (b.pairs) e |= ZB_GBX_BIG5;
            if (b.gb2312) e |= ZB_GBX_GB2312;
            t->gbx[k] = e;
        }
    }
    return 0;
}

static void add_name(char names[][ZB_HTML_NAME_MAX], size_t *n, const char *v) {
    if (*n >= ZB_HTML_MAX_NAMES || strlen(v) >= ZB_HTML_NAME_MAX) return;
    char *d = names[(*n)++];
    size_t i = 0;
    for (; v[i]; i++)
        d[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
    d[i] = 0;
}

/* config/text-html.tsv: "drop_tag NAME", "chrome WORD[*]", "date_meta NAME". */
static int load_html_cfg(zb_t2s *t, const char *dir, char *err, size_t errlen) {
    char path[4096];
    FILE *f = open_data(dir, "text-html.tsv", path, sizeof path, err, errlen);
    if (!f) return -1;
    char line[256];
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#' || line[0] == 0) continue;
        char *tab = strchr(line, '\t');
        if (!tab || !tab[1]) {
            rc = -1;
            break;
        }
        *tab = 0;
        const char *v = tab + 1;
        if (strcmp(line, "drop_tag") == 0) {
            GumboTag tag = gumbo_tag_enum(v);
            if (tag == GUMBO_TAG_UNKNOWN || (unsigned)tag >= sizeof t->drop_tag)
                rc = -1;
            else
                t->drop_tag[tag] = 1;
        } else if (strcmp(line, "chrome") == 0) {
            add_name(t->chrome, &t->n_chrome, v);
        } else if (strcmp(line, "date_meta") == 0) {
            add_name(t->date_meta, &t->n_date_meta, v);
        } else {
            rc = -1;
        }
    }
    fclose(f);
    if (rc) set_err(err, errlen, "%s: bad line %ld", path, lineno);
    for (size_t i = 0; i < t->n_chrome; i++) {
        unsigned char c0 = (unsigned char)t->chrome[i][0];
        for (unsigned b = 0; b < 256; b++)
            if (c0 == b || c0 == '*' || c0 == 0) t->chrome_by_first[b][i / 64] |= 1ull << (i % 64);
    }
    return rc;
}

zb_t2s *zb_t2s_load(const char *dir, char *err, size_t errlen) {
    zb_t2s *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->map = calloc(ZB_T2S_MAX, sizeof *t->map);
    t->gb2 = calloc(ZB_GB2_N, sizeof *t->gb2);
    t->gb4 = calloc(ZB_GB4_BMP_N, sizeof *t->gb4);
    t->gbx = calloc(ZB_GB2_N, sizeof *t->gbx);
    t->changed = calloc(ZB_T2S_MAX / 8, 1);
    if (!t->map || !t->gb2 || !t->gb4 || !t->gbx || !t->changed) {
        set_err(err, errlen, "out of memory loading %s%.0ld", "text data", 0);
        zb_t2s_free(t);
        return NULL;
    }
    if (load_t2s_tsv(t, dir, err, errlen) || load_html_cfg(t, dir, err, errlen) ||
        build_gb_tables(t, err, errlen)) {
        zb_t2s_free(t);
        return NULL;
    }
    return t;
}

void zb_t2s_free(zb_t2s *t) {
    if (!t) return;
    free(t->map);
    free(t->changed);
    free(t->gb2);
    free(t->gb4);
    free(t->gbx);
    free(t);
}

uint32_t zb_t2s_map(const zb_t2s *t, uint32_t cp) {
    if (cp < ZB_T2S_MAX && t->map[cp]) return t->map[cp];
    return cp;
}
