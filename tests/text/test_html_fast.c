/* test_html_fast.c - the fast HTML parser (worker/extract/text_html_fast.c)
 * must build the very tree gumbo builds: every fixture page and a set of
 * snippets (implied and stray end tags, tables, forms, references, CR/LF) are
 * parsed by both and compared node by node on everything the decode layer
 * reads. Pages the fast parser gives up on are fine (gumbo parses them); a
 * minimum of pages must take the fast path so the test keeps testing.
 *   test_html_fast FIXTURES_DIR */
#include <dirent.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "html_tree_cmp.h"
#include "text_internal.h"
#include "test_utf8.h"
#include "../check.h"

static int built, gave_up;

/* Both trees of a page, compared by html_tree_cmp.c. */
static void compare(const char *name, const char *b, size_t n) {
    html_cmp_stats st = {0};
    html_cmp_page(name, b, n, &st);
    check_count += st.checks;
    check_failures += st.failures;
    built += st.built;
    gave_up += st.gave_up;
}

static void walk_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk_dir(path);
            continue;
        }
        const char *dot = strrchr(e->d_name, '.');
        if (!dot || (strcmp(dot, ".html") && strcmp(dot, ".htm"))) continue;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *b = malloc((size_t)st.st_size + 1);
        size_t n = b ? fread(b, 1, (size_t)st.st_size, f) : 0;
        fclose(f);
        /* the parser is given valid UTF-8 (GB18030 pages are converted
         * first): other pages are not comparable byte for byte */
        if (b && html_cmp_utf8(b, n)) compare(path, b, n);
        free(b);
    }
    closedir(d);
}

static const char *const snippets[] = {
    "<p>a<p>b<div>c</div>d",
    "<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl>",
    "<h1>a<h2>b</h2>c",
    "<table><tr><td>x<td>y</table>z",
    "<table>\n<tr><td>1</td><th>2\n</tr>\n<tr><td>3</table>",
    "<div><table><tbody><tr><td><table><tr><td>in</td></tr></table>out</td></tr></tbody></table></"
    "div>",
    "<form><p>a</form>b<p>c",
    "<form><span>a</span></form>b",
    "<b>bold</b><i>it<u>u</u></i>&nbsp;&amp;&lt;&gt;&quot;&#37;&#x4e2d;&hellip;",
    "<!DOCTYPE html><html><head><title>T&amp;t</title><meta name=PubDate content='2021-01-02'>"
    "<script>if (a < b) x = '<p>';</script><style>p{}</style></head><body>x</body></html>",
    "<head>\n  <meta charset=utf-8>\n  x<p>y",
    "line\r\nbreak\rcr\r\n<p>\r\nafter",
    "<div class=\"nav\" id=menu style=\"display:none\" hidden>h</div><div class='a' "
    "class='b'>d</div>",
    "<p>x<!-- c -->y<!-- -- -->z</p>",
    "<noscript><p>n</p></noscript><iframe><p>raw</p></iframe>e",
    "text</span>more",       /* ignored end tag: gumbo */
    "<table>stray<tr><td>c", /* foster-parented text */
    "<div>a<table><tr><td>1</td></tr>x&nbsp;y</table>b</div>",
    "<b><table>t<tr><td>c</table></b><p>d",
    "<table> <tr> <td>1</td> 2 </tr>\r\n3<!-- c -->4</table>",
    "<table><tbody><tr><td><table><tr>in</tr></table>out</td></tr></tbody>z</table>",
    "<table><span>x</span></table>", /* elements in a table: gumbo */
    "<div>a</p>b<span>c</p></span><table><tr><td>d</p></table></div>",
    "&#10;0(", /* a reference to whitespace first: gumbo */
    "<head><title>t</title>&#32;<meta name=a content=b></head>x", /* in head: gumbo */
    "<table><tr><td>1</td></tr>&#32;&#10;</table>", /* whitespace by reference in a table */
    "<p><b>x<p>y",                                  /* reconstruction: gumbo */
    "<pre>\nx</pre>",                               /* dropped newline: gumbo */
    "a &copy b &notit; c",                          /* legacy references: gumbo */
    "<body></body> \n<!-- end -->\n",
    "<html><body><p>a</body></html>\n",
    "<div><form action=/s><input name=q><button>go</button></form>after</div>",
    "<p>a<button>b<button>c</button>d</button>e",
    "<button><p>x</button>y",
};

/* Text with a reference or a CR at every place of the 16-byte blocks in
 * which the parser looks for the end of a text and, on the way, for the
 * '&' and CR that make it decode the text: before the '<' that ends it
 * (decoded as gumbo decodes it) and after it, in the next text (the text
 * before it taken as it is). */
static void text_seams(void) {
    static const char *const marks[] = {"&amp;", "\r\n", "&#x4e2d;", "\r", "\xe4\xb8\xad"};
    char page[256];
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
        for (int at = 0; at < 40; at++)
            for (int len = at; len < at + 20; len += 3) {
                int n = snprintf(page, sizeof page, "<p>");
                for (int k = 0; k < at; k++)
                    page[n++] = (char)('a' + k % 26);
                n += snprintf(page + n, sizeof page - (size_t)n, "%s", marks[m]);
                for (int k = at; k < len; k++)
                    page[n++] = 'x';
                n += snprintf(page + n, sizeof page - (size_t)n, "</p>%s<p>z", marks[m]);
                compare("text seams", page, (size_t)n);
            }
}

/* zb_html_tag is gumbo_tagn_enum: every tag name, in lower and upper case,
 * and names that only look like one. */
static int tag_names(void) {
    for (int t = 0; t < GUMBO_TAG_LAST; t++) {
        const char *nm = gumbo_normalized_tagname((GumboTag)t);
        char up[64];
        size_t n = strlen(nm);
        if (n >= sizeof up) continue;
        for (size_t i = 0; i <= n; i++)
            up[i] = (char)(nm[i] >= 'a' && nm[i] <= 'z' ? nm[i] - 32 : nm[i]);
        CHECK(zb_html_tag(nm, n) == (int)gumbo_tagn_enum(nm, (unsigned)n), "tag %s", nm);
        CHECK(zb_html_tag(up, n) == (int)gumbo_tagn_enum(up, (unsigned)n), "tag %s", up);
        if (n > 1)
            CHECK(zb_html_tag(nm, n - 1) == (int)gumbo_tagn_enum(nm, (unsigned)(n - 1)), "tag %.*s",
                  (int)(n - 1), nm);
    }
    const char *odd[] = {"d1v", "dIv", "di", "divx", "h7", "sp\xe4n", "tablee", "noscripts", "@"};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        CHECK(zb_html_tag(odd[i], strlen(odd[i])) ==
                  (int)gumbo_tagn_enum(odd[i], (unsigned)strlen(odd[i])),
              "tag %s", odd[i]);
    return 1;
}

/* The doctypes the fast parser takes for no quirks mode are no quirks mode
 * for gumbo too, and a table in a p is built the same with each (closing the
 * p), as it is without a doctype (quirks: the table goes inside the p). */
static int doctypes(void) {
    static const char *const dt[] = {
        "<!DOCTYPE html>",
        "<!doctype HTML >",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
        "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
        "\"http://www.w3.org/TR/html4/loose.dtd\">",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\">",
        "",                                                               /* no doctype */
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//\">", /* quirks: gumbo */
        "<!DOCTYPE html SYSTEM \"about:legacy-compat\">",                 /* gumbo */
    };
    for (size_t i = 0; i < sizeof dt / sizeof *dt; i++) {
        char page[512];
        int n = snprintf(page, sizeof page, "%s\n<p>a<table><tr><td>b</table>c<p>d", dt[i]);
        GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, page, (size_t)n);
        GumboQuirksModeEnum q = g->document->v.document.doc_type_quirks_mode;
        gumbo_destroy_output(&kGumboDefaultOptions, g);
        if (i < 9) CHECK(q == GUMBO_DOCTYPE_NO_QUIRKS, "gumbo quirks %d for %s", (int)q, dt[i]);
        int before = built;
        compare(dt[i], page, (size_t)n);
        if (i < 10) CHECK(built == before + 1, "fast parser gave up on %s", dt[i]);
    }
    return 1;
}

/* The nodes of one small page, in a static arena reset before each parse. */
static _Alignas(16) unsigned char arena[1 << 16];
static size_t arena_used;

static void *bump_alloc(void *ud, size_t n) {
    (void)ud;
    n = (n + 15) & ~(size_t)15;
    if (n > sizeof arena - arena_used) return NULL;
    arena_used += n;
    return arena + arena_used - n;
}

/* The decode layer checks a UTF-8 page's bytes for the fast parser in its
 * validation pass (zb_utf8_scan) and then parses without the parser's own
 * check: for every kind of char, at every position in the 8-byte words and
 * 32-byte blocks the two loops take, zb_utf8_scan must call a page odd
 * exactly when zb_html_fast_parse gives up on it for its bytes alone, and
 * count NUL and control bytes as binary_at does. */
static int scan_chars(void) {
    static uint8_t no_change[ZB_T2S_MAX / 8];
    struct zb_t2s t = {.changed = no_change};
    uint32_t cps[80];
    size_t ncp = 0;
    for (uint32_t c = 0; c <= 0x20; c++)
        cps[ncp++] = c;
    const uint32_t more[] = {0x7E,    0x7F,    0x80,    0x85,     0x9F,     0xA0,    0xFF,
                             0x2028,  0x4E2D,  0x3000,  0xFDCF,   0xFDD0,   0xFDEF,  0xFDF0,
                             0xFF0C,  0xFFFD,  0xFFFE,  0xFFFF,   0x10000,  0x1FFFD, 0x1FFFE,
                             0x1FFFF, 0x2FFFE, 0x20000, 0x10FFFD, 0x10FFFE, 0x10FFFF};
    for (size_t k = 0; k < sizeof more / sizeof *more; k++)
        cps[ncp++] = more[k];
    int odd_seen = 0, clean_seen = 0;
    for (size_t k = 0; k < ncp; k++) {
        if (cps[k] == '<' || cps[k] == '&') continue; /* markup */
        for (size_t pad = 0; pad < 70; pad += 3) {
            char page[256];
            size_t n = 0;
            /* pad: ASCII with a 3-byte char now and then (U+4E2D) */
            memcpy(page, "<p>", 3), n = 3;
            for (size_t a = 0; a < pad; a++)
                n += a % 5 ? test_put_utf8('a', page + n) : test_put_utf8(0x4E2D, page + n);
            size_t at = n;
            n += test_put_utf8(cps[k], page + n);
            memcpy(page + n, "b</p>\n", 6), n += 6;
            size_t vlen = 0, bad = 0, cnt[2] = {0, 0};
            zb_scan sc;
            int ok = zb_utf8_scan(&t, (const unsigned char *)page, n, &vlen, &bad, cnt, &sc);
            CHECK(ok && vlen == n, "U+%04X: not valid (bad at %zu)", (unsigned)cps[k], bad);
            int oom = 0;
            arena_used = 0;
            int gave_up = zb_html_fast_parse(page, n, bump_alloc, NULL, &oom) == NULL;
            CHECK(!oom && sc.odd == gave_up, "U+%04X at %zu: scan odd %d, fast parser gave up %d",
                  (unsigned)cps[k], at, sc.odd, gave_up);
            odd_seen += sc.odd, clean_seen += !sc.odd;
            uint32_t c = cps[k];
            int ctl = c && c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1A && c != 0x1B;
            CHECK(sc.nul == (c == 0 ? at : SIZE_MAX) && sc.ctl == (size_t)ctl &&
                      (!ctl || sc.first_ctl == at),
                  "U+%04X at %zu: nul %zu ctl %zu first %zu", (unsigned)c, at, sc.nul, sc.ctl,
                  sc.first_ctl);
        }
    }
    CHECK(odd_seen > 100 && clean_seen > 100, "odd %d clean %d", odd_seen, clean_seen);
    return 1;
}

/* CPU seconds of one zb_html_depth_estimate call on p[0..n), with its
 * steps: the time is printed as a figure, the steps are what is checked. */
static double estimate_seconds(const char *p, size_t n, size_t *depth, size_t *steps) {
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    *depth = zb_html_depth_estimate_steps(p, n, steps);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* Appends times copies of the tag t. */
static char *put_tags(char *o, const char *t, int times) {
    size_t l = strlen(t);
    for (int k = 0; k < times; k++, o += l)
        memcpy(o, t, l);
    return o;
}

/* The depth estimate runs before any parser, outside the work budget: its
 * cost per tag must stay that of the end tag's search down the stack, which
 * it always had. Formatting elements closed under a deep stack of other
 * formatting elements (<b>x990 <i>x990 </b>x990: each </b> reopens the 990
 * <i>) are compared with end tags that match nothing in as deep a stack (a
 * full search each): the same work per tag, give or take a small factor.
 * The work is the estimate's own step count, not a CPU time: a timed
 * assertion fails on a busy machine (it did on this one). */
static int depth_estimate_cost(void) {
    enum { D = 990, BAD = 20, REF = 14 };
    char *bad = malloc((size_t)BAD * D * 16 + 1), *ref = malloc((size_t)REF * D * 2 * 24 + 1);
    if (!bad || !ref) exit(2);
    char *o = bad;
    for (int c = 0; c < BAD; c++) {
        o = put_tags(o, "<b>", D), o = put_tags(o, "<i>", D);
        o = put_tags(o, "</b>", D), o = put_tags(o, "</i>", D);
    }
    size_t n_bad = (size_t)(o - bad), tags_bad = (size_t)BAD * D * 4;
    o = ref;
    for (int c = 0; c < REF; c++) {
        o = put_tags(o, "<span>", 2 * D), o = put_tags(o, "</q>", 2 * D);
        o = put_tags(o, "</span>", 2 * D);
    }
    size_t n_ref = (size_t)(o - ref), tags_ref = (size_t)REF * D * 6, d_bad, d_ref;
    size_t s_bad, s_ref;
    double t_bad = estimate_seconds(bad, n_bad, &d_bad, &s_bad) / (double)tags_bad;
    double t_ref = estimate_seconds(ref, n_ref, &d_ref, &s_ref) / (double)tags_ref;
    free(bad);
    free(ref);
    CHECK(d_bad == 2 * D && d_ref == 2 * D, "depths %zu %zu", d_bad, d_ref);
    double per_bad = (double)s_bad / (double)tags_bad, per_ref = (double)s_ref / (double)tags_ref;
    CHECK(per_bad < 4 * per_ref, "reopened formatting: %.0f steps per tag, plain search: %.0f",
          per_bad, per_ref);
    /* and no tag costs more than a few walks of the deepest stack (2 D)
     * plus its kind lookup */
    CHECK(s_bad <= tags_bad * (3 * 2 * D + 46) && s_ref <= tags_ref * (3 * 2 * D + 46),
          "steps %zu for %zu tags, %zu for %zu tags", s_bad, tags_bad, s_ref, tags_ref);
    printf("depth estimate: reopened formatting %.0f steps, %.1f ns per tag; plain search %.0f "
           "steps, %.1f ns per tag (times: a figure, not checked)\n",
           per_bad, t_bad * 1e9, per_ref, t_ref * 1e9);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_html_fast FIXTURES_DIR\n");
        return 2;
    }
    tag_names();
    depth_estimate_cost();
    doctypes();
    scan_chars();
    int seams_built = built;
    text_seams();
    CHECK(built - seams_built >= 900, "text seams: %d pages built by the fast parser",
          built - seams_built);
    for (size_t i = 0; i < sizeof snippets / sizeof *snippets; i++)
        compare(snippets[i], snippets[i], strlen(snippets[i]));
    int snip_built = built;
    walk_dir(argv[1]);
    CHECK(snip_built >= 15 && built - snip_built >= 4,
          "too few pages built by the fast parser (%d snippets, %d files)", snip_built,
          built - snip_built);
    printf("%d pages built by the fast parser and compared with gumbo, %d given up\n", built,
           gave_up);
    return check_report("test_html_fast");
}
