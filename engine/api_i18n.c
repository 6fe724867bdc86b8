/*
** api_i18n.c - the library's translation API (rregull.h): the PO template of
** a rule set.
*/
#include "api.h"
#include "pot.h"

int rr_rules_pot(const rr_rules *r, char **pot) {
  if (!r || !pot) return RR_EMISUSE;
  *pot = NULL;
  if (!r->ok) return RR_EPOLICY;
  Arena a;
  arena_init(&a);
  *pot = pot_write(&r->b.national, &a);
  arena_free(&a);
  return *pot ? RR_OK : RR_ENOMEM;
}
