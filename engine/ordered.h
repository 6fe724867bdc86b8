/*
** ordered.h - 'first x in L where x.F > v' (and >=, <, <=, and 'last') over
** a list ordered by F: found by binary search, not by a scan (ordered.c).
*/
#ifndef RR_ORDERED_H
#define RR_ORDERED_H

#include "eval.h"

/* The checker's part: 1 when N (N_FIRST or N_LAST, checked) has that shape:
** its condition compares the bound variable, or one of its fields, with an
** expression that does not read the variable.  The checker then flags N
** NF_ORDERED. */
int ordered_shape(const Node *n);

/* The evaluator's part, for N flagged NF_ORDERED and LIST its list's value:
** 1 and the answer in *OUT (the variable bound as a scan would leave it)
** when LIST is long, read from a fact or a rule, and ordered by the field
** (every value known, never decreasing; checked once per case and list);
** 0 when the caller must scan. */
int ordered_first(Eval *e, const Node *n, Value list, Value *out);

#endif
