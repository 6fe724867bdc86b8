/*
** api.h - the library's internal header: the structures behind the opaque
** handles of rregull.h, shared by the files that implement the public API
** (api.c: loading, evaluation, the case store; api_policy.c: loading with
** options, policy tests, explanations, traces, the calendar).  Nothing
** outside the library includes it.
*/
#ifndef RR_API_H
#define RR_API_H

#include "rregull.h"

#include "decide.h"
#include "eval.h"
#include "facts.h"
#include "json.h"
#include "ruleset.h"

struct rr_rules {
  Book b;                 /* the national rule set and the overlays loaded with it */
  int ok;
};

struct rr_eval {
  const rr_rules *r;
  Decider dec;
  Eval *cur;              /* the evaluation that decided the last case */
  CaseInput ci;
  Arena render;
  RawFact *aLeaf;         /* per fact slot, for imports */
  char err[1024];
};

struct rr_db {
  Store *s;
  char *zPath;            /* to open a second connection (the batch's reader) */
  char err[1024];
};

#endif
