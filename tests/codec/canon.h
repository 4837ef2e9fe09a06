/* canon.h - the "canonical JSON" of each record, built from the C structs:
 * exactly the Avro record's fields, enums as symbols, unions as the value or
 * null, dates "YYYY-MM-DD", timestamps as milliseconds, bytes as lowercase
 * hex. The interop tests compare what other Avro implementations read with
 * this, and what they write (decoded by us) with it too. */
#ifndef ZB_TEST_CANON_H
#define ZB_TEST_CANON_H

#include <jansson.h>

#include "zb_codec.h"

json_t *canon_report(const zb_report *r, const zb_origin *o);
json_t *canon_fact(const zb_fact_record *f);
json_t *canon_dead_letter(const zb_dead_letter *d);
json_t *canon_raw_report(const zb_raw_report *r);

/* What zb_encode_fact(r, i, o) should carry, as a zb_fact_record. */
void canon_fact_of(const zb_report *r, size_t i, const zb_origin *o, zb_fact_record *out);

#endif
