/* tables.c - figures in table rows without a unit of their own.
 *
 * Crawled pages render a table one row per line, cells between '|' (or,
 * from HTML, separated by spaces):
 *
 *   行政处罚实施数量(宗) | ||||          <- measure: one cell, shared unit
 *   罚款 | 行政 拘留 | 合计(宗) | 罚没金额(万元) |   <- header
 *   94929 | 504 | 108156 | 1753.79 |     <- numbers, no unit
 *
 * The number grammar rejects a bare number (no unit), so the rules never see
 * these. Here each number cell under a header that gives it a unit becomes
 * the short sentence "行政处罚实施数量合计108156宗。", read by the indicator
 * rules like any other; nothing else is guessed. */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

#include "budget.h"

#define MAX_CELLS 32
#define MAX_LINE 2048 /* longer lines are prose, not table rows */
#define MAX_NAME 120  /* bytes of a header or measure name kept */

typedef struct {
    size_t a, b;
} span;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static span trim(const char *s, size_t a, size_t b) {
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    return (span){a, b};
}

/* Cells of the line s[a..b): split at '|' when it has one (an empty piece
 * before a leading or after a trailing '|' is no cell), else at runs of
 * spaces. Returns the count, 0 when there are more than MAX_CELLS. */
static size_t split_cells(const char *s, size_t a, size_t b, span *c) {
    size_t n = 0;
    if (memchr(s + a, '|', b - a)) {
        span t = trim(s, a, b);
        a = t.a;
        b = t.b;
        if (a < b && s[a] == '|') a++;
        if (b > a && s[b - 1] == '|') b--;
        size_t i = a;
        for (;;) {
            const char *p = memchr(s + i, '|', b - i);
            size_t e = p ? (size_t)(p - s) : b;
            if (n == MAX_CELLS) return 0;
            c[n++] = trim(s, i, e);
            if (!p) break;
            i = e + 1;
        }
        return n;
    }
    for (size_t i = a; i < b;) {
        while (i < b && is_space(s[i]))
            i++;
        if (i == b) break;
        size_t e = i;
        while (e < b && !is_space(s[e]))
            e++;
        if (n == MAX_CELLS) return 0;
        c[n++] = (span){i, e};
        i = e;
    }
    return n;
}

/* A plain number: digits with . or , inside, nothing else. */
static int number_cell(const char *s, span c) {
    if (c.a == c.b || c.b - c.a > 20 || s[c.a] < '0' || s[c.a] > '9') return 0;
    for (size_t i = c.a; i < c.b; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',')) return 0;
    return 1;
}

static int zero_cell(const char *s, span c) {
    for (size_t i = c.a; i < c.b; i++)
        if (s[i] != '0' && s[i] != '.' && s[i] != ',') return 0;
    return 1;
}

/* A row of numbers: at least one number cell, every other cell empty, except
 * the first, which may label the row (区政府 | 12 | 100). */
static int number_row(const char *s, const span *c, size_t n) {
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (number_cell(s, c[i]))
            any = 1;
        else if (c[i].a != c[i].b && i > 0)
            return 0;
    }
    return any && n >= 2;
}

/* A line without '|' (cells split at spaces) can be a number row only when
 * its last cell is a number and some cell comes before it (number_row: every
 * cell after the first a number, two at least): told from the line's end,
 * before splitting it (most such lines are prose that opens with a digit). */
static int may_be_number_row(const char *s, size_t a, size_t b) {
    size_t e = b;
    while (e > a && is_space(s[e - 1]))
        e--;
    size_t c = e; /* back over the number's characters only (number_cell's) */
    while (c > a && e - c <= 20 &&
           ((s[c - 1] >= '0' && s[c - 1] <= '9') || s[c - 1] == '.' || s[c - 1] == ','))
        c--;
    if ((c > a && !is_space(s[c - 1])) || !number_cell(s, (span){c, e})) return 0;
    while (c > a && is_space(s[c - 1]))
        c--;
    return c > a;
}

/* The unit in parentheses at the end of a cell, 合计(宗) -> 宗; its name
 * without it in *name. */
static int cell_unit(const char *s, span c, span *unit, span *name) {
    *name = c;
    *unit = (span){c.b, c.b};
    size_t close = 0, open_len = 0;
    if (c.b - c.a >= 1 && s[c.b - 1] == ')')
        close = 1;
    else if (c.b - c.a >= 3 && !memcmp(s + c.b - 3, "\xEF\xBC\x89", 3)) /* ） */
        close = 3;
    if (!close) return 0;
    size_t i = c.b - close;
    while (i > c.a && s[i - 1] != '(' && !(i - c.a >= 3 && !memcmp(s + i - 3, "\xEF\xBC\x88", 3)))
        i--;
    if (i == c.a) return 0;
    open_len = s[i - 1] == '(' ? 1 : 3;
    if (i == c.b - close || c.b - close - i > 12) return 0;
    *unit = (span){i, c.b - close};
    *name = trim(s, c.a, i - open_len);
    return 1;
}

/* Start of the line before the one starting at a (a itself when first). */
static size_t prev_line(const char *s, size_t a) {
    if (a == 0) return 0;
    size_t i = a - 1; /* the '\n' ending the previous line */
    while (i > 0 && s[i - 1] != '\n')
        i--;
    return i;
}

static size_t line_end(const char *s, size_t len, size_t a) {
    const char *p = memchr(s + a, '\n', len - a);
    return p ? (size_t)(p - s) : len;
}

/* Appends s[c) without spaces (行政 拘留 -> 行政拘留), at most MAX_NAME bytes. */
static size_t put_name(char *o, size_t k, const char *s, span c) {
    size_t lim = k + MAX_NAME;
    for (size_t i = c.a; i < c.b && k < lim; i++)
        if (!is_space(s[i])) o[k++] = s[i];
    return k;
}

typedef struct {
    const zb_ind_rules *r;
    const char *s;
    size_t len;
    zb_ind_match **m;
    size_t *n, cap;
    /* the header of the row before: a row right below a row of as many
     * cells has the same one (no walk back up a long table) */
    size_t row_end, row_n;
    int have;
    span hc[MAX_CELLS], mname, munit;
} sink;

static int push(sink *k, const zb_ind_match *x) {
    if (*k->n >= ZB_IND_MAX_FIGURES) return 0;
    if (*k->n == k->cap) {
        size_t c = k->cap ? k->cap * 2 : 16;
        zb_ind_match *p = realloc(*k->m, c * sizeof *p);
        if (!p) return -1;
        *k->m = p;
        k->cap = c;
    }
    (*k->m)[(*k->n)++] = *x;
    return 0;
}

/* Reads one number cell as "label measure header N unit。". */
static int read_cell(sink *k, size_t line, span label, span measure, span head, span unit,
                     span cell) {
    const char *s = k->s;
    char syn[4 * MAX_NAME + 64];
    size_t o = put_name(syn, 0, s, label);
    o = put_name(syn, o, s, measure);
    o = put_name(syn, o, s, head);
    memcpy(syn + o, s + cell.a, cell.b - cell.a);
    o += cell.b - cell.a;
    memcpy(syn + o, s + unit.a, unit.b - unit.a);
    o += unit.b - unit.a;
    memcpy(syn + o, "\xE3\x80\x82", 3); /* 。 */
    o += 3;
    syn[o] = '\0';
    zb_ind_match *mm = NULL;
    size_t nm = 0;
    if (zb_ind_assign(k->r, syn, o, &mm, &nm)) return -1;
    int rc = 0;
    /* the cell's own figure only: a number inside a header name is no value */
    for (size_t i = 0; i < nm && !rc; i++) {
        if (mm[i].q.num_start != o - 3 - (unit.b - unit.a) - (cell.b - cell.a)) continue;
        zb_ind_match x = mm[i];
        x.q.start = x.q.num_start = x.ev_start = x.head_start = x.head_end = cell.a;
        x.q.end = x.q.unit_end = x.ev_end = cell.b;
        x.phrase_start = head.a;
        x.phrase_end = head.b;
        x.scope_start = x.scope_end = 0;
        x.sent_start = line;
        x.head_after = 0;
        x.head_dist = 0;
        rc = push(k, &x);
    }
    free(mm);
    return rc;
}

/* The header for the number row starting at line: the nearest line above,
 * past other number rows, with as many cells, none of them a number. */
static int find_header(const char *s, size_t len, size_t line, size_t n, span *hc, size_t *hl) {
    span c[MAX_CELLS];
    for (size_t a = line; a > 0;) {
        a = prev_line(s, a);
        size_t b = line_end(s, len, a);
        if (b - a > MAX_LINE) return 0;
        size_t m = split_cells(s, a, b, c);
        if (m != n) return 0;
        if (number_row(s, c, m)) continue;
        for (size_t i = 0; i < m; i++)
            if (number_cell(s, c[i])) return 0;
        memcpy(hc, c, n * sizeof *c);
        *hl = a;
        return 1;
    }
    return 0;
}

/* The measure above a header: a line whose only non-empty cell is its first
 * (a cell spanning the columns), name and unit. */
static void find_measure(const char *s, size_t len, size_t hl, span *name, span *unit) {
    *name = *unit = (span){0, 0};
    if (hl == 0) return;
    size_t a = prev_line(s, hl), b = line_end(s, len, a);
    span c[MAX_CELLS];
    size_t m = b - a <= MAX_LINE ? split_cells(s, a, b, c) : 0;
    /* from HTML the spanning cell is a line of its own: a short name with
     * its unit, 行政处罚案件数(件) */
    if (m == 1 && b - a <= 90 && cell_unit(s, c[0], unit, name)) return;
    *name = *unit = (span){0, 0};
    if (m < 2 || !memchr(s + a, '|', b - a)) return;
    for (size_t i = 1; i < m; i++)
        if (c[i].a != c[i].b) return;
    if (!cell_unit(s, c[0], unit, name)) *name = c[0];
}

/* The year a header names (2023年, 2023年度, 2023), 0 when it names none. */
static int header_year(const char *s, span name) {
    size_t a = name.a, n = name.b - name.a;
    if (n < 4 || !(s[a] == '1' || s[a] == '2')) return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[a + i] < '0' || s[a + i] > '9') return 0;
        y = y * 10 + (s[a + i] - '0');
    }
    if (y < 1949 || y > 2100) return 0;
    if (n == 4 || (n == 7 && !memcmp(s + a + 4, "年", 3)) ||
        (n == 10 && !memcmp(s + a + 4, "年度", 6)))
        return y;
    return 0;
}

static int read_cells(sink *k, size_t line, const span *c, size_t n);

/* The latest year labelling a row of the run of number rows of n cells
 * around the one at line (年度 | 收案(件): 2022 | 412, 2023 | 538). */
static int latest_row_year(const char *s, size_t len, size_t line, size_t n) {
    span c[MAX_CELLS];
    int last = 0;
    for (int dir = -1; dir <= 1; dir += 2) {
        for (size_t a = line;;) {
            if (dir < 0) {
                if (a == 0) break;
                a = prev_line(s, a);
            } else {
                size_t e = line_end(s, len, a);
                if (e >= len) break;
                a = e + 1;
            }
            size_t b = line_end(s, len, a);
            if (b - a > MAX_LINE || split_cells(s, a, b, c) != n || !number_row(s, c, n)) break;
            int y = header_year(s, c[0]);
            if (y > last) last = y;
        }
    }
    return last;
}

/* The year labelling the row c (2023, 2023年) under a first header cell with
 * no unit (年度, 年份), 0 when none: a count of 2023 under 警告(件) is no year. */
static int year_label(const sink *k, const span *c) {
    span unit, name;
    if (cell_unit(k->s, k->hc[0], &unit, &name)) return 0;
    return header_year(k->s, c[0]);
}

static int read_row(sink *k, size_t line, size_t end, const span *c, size_t n) {
    if (!(k->row_n == n && k->row_end + 1 == line)) {
        size_t hl;
        k->have = find_header(k->s, k->len, line, n, k->hc, &hl);
        if (k->have) find_measure(k->s, k->len, hl, &k->mname, &k->munit);
    }
    k->row_end = end;
    k->row_n = n;
    if (!k->have) return 0;
    /* rows labelled by years compare periods: the latest is the report's */
    int ry = year_label(k, c);
    if (ry && ry < latest_row_year(k->s, k->len, line, n)) return 0;
    return read_cells(k, line, c, n);
}

/* The number cells of the row c[0..n) through the header k->hc. */
static int read_cells(sink *k, size_t line, const span *c, size_t n) {
    const span *hc = k->hc, mname = k->mname, munit = k->munit;
    span label = number_cell(k->s, c[0]) ? (span){0, 0} : c[0];
    int row_year = year_label(k, c);
    if (row_year) label = (span){0, 0}; /* 2023年 names no measure */
    /* columns headed by years (2022年(件) | 2023年(件)) compare periods: the
     * latest is the report's, the others are looks back */
    int last = 0;
    for (size_t i = 0; i < n; i++) {
        span unit, name;
        if (!cell_unit(k->s, hc[i], &unit, &name)) name = hc[i];
        int y = header_year(k->s, name);
        if (y > last) last = y;
    }
    for (size_t i = row_year ? 1 : 0; i < n; i++) {
        /* an empty class of a breakdown (0) states nothing */
        if (!number_cell(k->s, c[i]) || zero_cell(k->s, c[i])) continue;
        span unit, name;
        if (!cell_unit(k->s, hc[i], &unit, &name)) unit = munit;
        if (unit.a == unit.b) continue; /* no unit anywhere: not guessed */
        /* a column comparing with another period (上年, 同比, 增减...)
         * states no level of the report's year */
        if (zb_ind_compare_header(k->r, k->s, name.a, name.b)) continue;
        int y = header_year(k->s, name);
        if (y && y < last) continue;
        if (y) name = (span){name.b, name.b}; /* the year names no measure */
        if (read_cell(k, line, label, mname, name, unit, c[i])) return -1;
    }
    return 0;
}

/* ---- tables written one cell per line ------------------------------------
 *
 *   领域 |                 a crawler's rendering of a table whose cells hold
 *   行政处罚案件数(件) |    <p> (Word, WPS exports): every cell a line ending
 *   罚没款金额(万元) |      with '|', the rows no longer marked. They are
 *   食品安全 |             rebuilt from where the first number cell stands:
 *   21436 |                the header row is the cells before it (less the
 *   18762.5 |              first row's label), and every row after it must
 *   ...                    have the same shape (label, then numbers), else
 *                          nothing is read. */
#define MAX_BLOCK 512

/* A line holding one cell: text (possibly none) then '|'. */
static int cell_line(const char *s, size_t a, size_t b, span *c) {
    span t = trim(s, a, b);
    if (t.a == t.b || s[t.b - 1] != '|') return 0;
    t.b--;
    if (t.b > t.a + 90 || memchr(s + t.a, '|', t.b - t.a)) return 0;
    *c = trim(s, t.a, t.b);
    return 1;
}

/* Whether the cells after the header (h of them) form rows of w cells: a
 * label first when labelled, every other cell a number or empty, at least
 * one number a row. */
static int block_rows(const char *s, const span *c, size_t n, size_t h, size_t w, int labelled) {
    if (w < 2 || w > MAX_CELLS || h > MAX_CELLS || n <= h || (n - h) % w) return 0;
    for (size_t i = 0; i < h; i++)
        if (number_cell(s, c[i])) return 0;
    for (size_t r = h; r < n; r += w) {
        int any = 0;
        for (size_t j = 0; j < w; j++) {
            span x = c[r + j];
            if (labelled && j == 0) {
                if (x.a == x.b || number_cell(s, x)) return 0;
            } else if (number_cell(s, x)) {
                any = 1;
            } else if (x.a != x.b) {
                return 0;
            }
        }
        if (!any) return 0;
    }
    return 1;
}

static int read_block(sink *k, const span *c, const size_t *line, size_t n) {
    size_t f = 0;
    while (f < n && !number_cell(k->s, c[f]))
        f++;
    if (f < 2 || f == n) return 0;
    /* header with a cell over the labels (领域 | 案件数(件)), without one, or
     * no labels at all */
    size_t h, w, pad = 0;
    if (block_rows(k->s, c, n, f - 1, f - 1, 1))
        h = w = f - 1;
    else if (block_rows(k->s, c, n, f - 1, f, 1))
        h = f - 1, w = f, pad = 1;
    else if (block_rows(k->s, c, n, f, f, 0))
        h = w = f;
    else
        return 0;
    k->hc[0] = (span){0, 0};
    memcpy(k->hc + pad, c, h * sizeof *c);
    k->mname = k->munit = (span){0, 0};
    k->row_n = 0; /* the next '|' row looks for its own header */
    int last = 0; /* rows labelled by years: the latest is the report's */
    for (size_t r = h; r < n; r += w)
        if (year_label(k, c + r) > last) last = year_label(k, c + r);
    for (size_t r = h; r < n; r += w)
        if (year_label(k, c + r) >= last && read_cells(k, line[r], c + r, w)) return -1;
    return 0;
}

/* Reads the run of cell lines starting at a; returns where it ends. */
static size_t cell_block(sink *k, size_t a, int *rc) {
    span *c = malloc(MAX_BLOCK * sizeof *c);
    size_t *line = malloc(MAX_BLOCK * sizeof *line), n = 0, b = a;
    if (!c || !line) {
        free(c);
        free(line);
        *rc = -1;
        return a;
    }
    while (a < k->len && n < MAX_BLOCK) {
        b = line_end(k->s, k->len, a);
        if (!cell_line(k->s, a, b, &c[n])) break;
        line[n++] = a;
        a = b + 1;
    }
    if (n >= 4) *rc = read_block(k, c, line, n);
    free(c);
    free(line);
    return n ? a : line_end(k->s, k->len, a) + 1;
}

/* Merges the table figures t[0..nt) (in text order) into m[0..n). */
static int merge(zb_ind_match **m, size_t *n, zb_ind_match *t, size_t nt) {
    size_t total = *n + nt;
    if (total > ZB_IND_MAX_FIGURES) total = ZB_IND_MAX_FIGURES;
    zb_ind_match *o = malloc(total * sizeof *o);
    if (!o) return -1;
    size_t i = 0, j = 0, k = 0;
    while (k < total) {
        if (j == nt || (i < *n && (*m)[i].q.start <= t[j].q.start))
            o[k++] = (*m)[i++];
        else
            o[k++] = t[j++];
    }
    free(*m);
    *m = o;
    *n = total;
    return 0;
}

int zb_tables_assign(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match **m,
                     size_t *n) {
    zb_ind_match *t = NULL;
    size_t nt = 0;
    sink k = {.r = r, .s = s, .len = len, .m = &t, .n = &nt};
    span c[MAX_CELLS];
    int rc = 0;
    /* the first '|' at or after the line: whether a line holds one was two
     * memchr over it for every line of every text, most of which (prose,
     * and all of a text with no table) hold none; now one search per '|'
     * passed, and none over a text's lines after its last */
    size_t bar = 0;
    for (size_t a = 0; a < len && !rc && *n + nt < ZB_IND_MAX_FIGURES && !zb_budget_over();) {
        size_t b = line_end(s, len, a);
        if (bar < a) bar = a; /* (cell_block moves a on past whole lines) */
        if (bar < len && s[bar] != '|') {
            const char *p = memchr(s + bar, '|', len - bar);
            bar = p ? (size_t)(p - s) : len;
        }
        int has_bar = bar < b;
        span one; /* (a cell line ends with a '|') */
        if (b - a <= MAX_LINE && has_bar && cell_line(s, a, b, &one)) {
            a = cell_block(&k, a, &rc);
            continue;
        }
        /* a number row starts with a number, holds a '|', or (from HTML, a
         * row label first: 食品安全 21436 18762.5) ends with one after a space */
        if (b - a <= MAX_LINE && b > a &&
            ((s[a] >= '0' && s[a] <= '9') || has_bar ||
             (s[b - 1] >= '0' && s[b - 1] <= '9' && memchr(s + a, ' ', b - a)))) {
            size_t nc = has_bar || may_be_number_row(s, a, b) ? split_cells(s, a, b, c) : 0;
            if (nc && number_row(s, c, nc)) rc = read_row(&k, a, b, c, nc);
        }
        a = b + 1;
    }
    if (!rc && nt) rc = merge(m, n, t, nt);
    free(t);
    return rc;
}
