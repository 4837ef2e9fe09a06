/* rules_internal.h - what zb_rules_load() gathers from config/: the data of
 * every layer of the engine, loaded once and read-only afterwards (so one
 * zb_rules may be shared by threads). Internal to worker/extract. */
#ifndef ZB_RULES_INTERNAL_H
#define ZB_RULES_INTERNAL_H

#include "docfields.h"
#include "indicators.h"
#include "region.h"
#include "sections.h"
#include "text.h"
#include "zb_extract.h"

struct zb_rules {
    zb_t2s *t2s;          /* text: t2s table, GB18030 table, HTML chrome */
    zb_gazetteer *gaz;    /* docfields: regions.tsv */
    zb_doc_cues *doc;     /* docfields: issuer and chrome cues */
    zb_section_cues *sec; /* sections: heading kinds */
    zb_ind_rules *ind;    /* indicators: config/indicators.tsv */
    char version[24];     /* "r" + 16 hex digits: FNV-1a of the data files */
};

#endif
