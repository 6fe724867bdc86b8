/*
** api_diff.c - what `rregull diff` needs of the library, and any program
** comparing decisions: a decision as leaves (json.c walks it), the
** municipality competent for the last case evaluated, the cases of a store.
** Nothing here knows a rule or a key of the decision: decisions are compared
** by the paths of their values.
*/
#include "api.h"

#include <stdlib.h>
#include <string.h>

int rr_decision_leaves(const char *json, size_t n, char **leaves) {
  char err[256];
  *leaves = NULL;
  if (!json) return RR_EMISUSE;
  *leaves = json_leaves(json, n, err, sizeof err);
  if (*leaves) return RR_OK;
  return strncmp(err, "out of memory", 13) == 0 ? RR_ENOMEM : RR_EFACTS;
}

const char *rr_eval_municipality(rr_eval *e) {
  if (!e || !e->cur) return NULL;
  const Node *sel = e->r->b.national.prog.selector;
  if (!sel) return NULL;
  Value m = eval_expr(&e->dec.national, sel);
  if (m.tag != V_TEXT) return NULL;
  return arena_strndup(&e->dec.scratch, m.u.s, (size_t)m.n);
}

int rr_db_cases(rr_db *db, const char *where, int (*fn)(void *ud, const char *caseId), void *ud) {
  if (!db || !db->s || !fn) return RR_EMISUSE;
  enum { PAGE = 256 };
  char *az[PAGE], after[1024] = "";
  for (;;) {
    /* batch -1 is no batch: every selected case */
    int k = store_batch_next_cases(db->s, -1, where ? where : "", after, az, PAGE, db->err, sizeof db->err);
    if (k < 0) return RR_EDB;
    int stop = 0;
    for (int i = 0; i < k; i++) {
      if (!stop && fn(ud, az[i])) stop = 1;
      if (i == k - 1) snprintf(after, sizeof after, "%s", az[i]);
      free(az[i]);
    }
    if (stop || k < PAGE) return RR_OK;
  }
}
