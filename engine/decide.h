/*
** decide.h - one case's decision under the national rules or the overlay of
** the case's municipality, with the overlay's Lua hooks.
**
** A Book holds the national rule set and the overlays loaded with it; a
** Decider holds the evaluation state for each (one per thread).  decide()
** evaluates a case nationally, picks the overlay of the competent
** municipality ('municipality by' in the national rules, or a forced one),
** evaluates it under that overlay, runs its hooks on the national decision,
** and evaluates again with what they added.  The returned Eval holds the
** decision until the next call; render it with render_report.
*/
#ifndef RR_DECIDE_H
#define RR_DECIDE_H

#include "eval.h"
#include "render.h"
#include "ruleset.h"

typedef struct Book {
  RuleSet national;
  RuleSet *aOverlay;
  int nOverlay;
  char *zErrors;          /* every diagnostic of loading (malloc'd) */
  int nErr, nWarn;
  int oom;                /* memory ran out while loading: the book is unusable */
  char zHashHex[65];      /* book_hash(): computed when first asked for */
  atomic_int hashReady;   /* zHashHex is written */
} Book;

/* Loads PATHS: a directory whose files declare an overlay is loaded as an
** overlay over the others, which form the national rule set.  Returns the
** number of errors; the messages are in b->zErrors.  Free with book_free
** whatever the result. */
int  book_load(Book *b, const char *const *paths, int nPaths);
void book_free(Book *b);
/* The identity of the whole book (the national rule set and every overlay
** together), computed when first asked for, once; any thread may ask.  Only
** for a book loaded without errors. */
const char *book_hash(const Book *b);

typedef struct Decider {
  const Book *b;
  Eval national;
  Eval *aOverlay;
  Arena scratch;          /* hook inputs, outputs and trail: one case */
  const char *zForce;     /* apply this overlay (name or municipality) to every case */
  int iOverlay;           /* the overlay of the last case, -1 for none */
  int hookFailed;         /* a hook of the last case failed (the decision says so) */
} Decider;

int  decider_init(Decider *d, const Book *b);      /* 0, or -1 when out of memory */
void decider_free(Decider *d);
/* Applies the overlay named NAME (its name or its municipality, any case) to
** every case; -1 when no overlay loaded is called so. */
int  decider_force(Decider *d, const char *zName);
/* Decides the case whose facts (read with the national program) are FACTS,
** at AS_OF; ZCASEID may be NULL.  Returns the Eval that holds the decision. */
Eval *decide(Decider *d, const Value *facts, RrInstant asOf, const char *zCaseId);

#endif
