/* fixtures.h - hand-built records for the codec tests. The extraction engine
 * is not needed: the codec takes a zb_report struct, so the tests build
 * them directly (realistic values taken from the shape of real reports). */
#ifndef ZB_TEST_FIXTURES_H
#define ZB_TEST_FIXTURES_H

#include "zb_codec.h"

/* kind 0: a full county report; 1: zero indicators, nothing known;
 * 2: traditional script, city level, department issuer, odd characters;
 * n_big > 0: a huge report with n_big indicators and facts. */
zb_report *fx_report(int kind, size_t n_big);
void fx_report_free(zb_report *r);
void fx_origin(int kind, zb_origin *o);
/* kind 0: every field set, binary bytes; 1: minimal (nulls). */
void fx_dead_letter(int kind, zb_dead_letter *d);
void fx_raw_report(int kind, zb_raw_report *r);

#define FX_REPORTS 3

#endif
