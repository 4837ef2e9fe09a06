/* tables.h - figures in table rows that carry no unit of their own
 * ("12175 | 94929 | 108156 | 1753.79 |"): the header row above names what
 * each column counts and its unit (合计(宗), 罚没金额(万元)), a row above the
 * header with one cell the measure they share (行政处罚实施数量(宗)). Pure. */
#ifndef ZB_TABLES_H
#define ZB_TABLES_H

#include <stddef.h>

#include "indicators.h"

/* Each number cell under a header that gives it a unit is read by the rules
 * as the short sentence "measure header N unit". Appends the results to
 * *m (*n entries, realloc'd, kept in text order) with offsets into s: the
 * quantity and evidence are the cell, the phrase its header cell. At most
 * ZB_IND_MAX_FIGURES matches in all. Returns 0, or -1 when out of memory. */
int zb_tables_assign(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match **m, size_t *n);

#endif
