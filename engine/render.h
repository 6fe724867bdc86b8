/*
** render.h - the decision of an evaluated case, rendered: the report, the
** evidence and basis of a rule, deadlines, the text of a value.
**
** Each call renders what the last eval_case (or decide) left in E and
** allocates in the arena E->render; the results live as long as that arena.
** render_report sets E->render itself, for the duration of the call; the
** others need it set by the caller.  When memory runs out, e->zErr is set
** and the decision is unusable.
*/
#ifndef RR_RENDER_H
#define RR_RENDER_H

#include "eval.h"

/* The decision: the program's report expression evaluated in arena A (the
** contract's object), or V_UNKNOWN if the program has none.  This is the one
** entry point for a decision; everything below is reached from it, or used
** by explain.c and the store's rows.  E->render is A during the call and
** restored after. */
Value render_report(Eval *e, Arena *a);

/* The contract's object for deadline instance INST (an index into
** e->aInst). */
Value render_deadline(Eval *e, int inst);

/* Why RULE holds: the text its 'evidence' gives, or the parts of its
** condition that made it true ("work.sector 'street_work', ..."); for a
** table the row that decided.  V_UNKNOWN when it does not hold. */
Value render_evidence(Eval *e, int rule);

/* The rules that made RULE hold (those its condition read and that hold or
** have a value), at most MAX of them, into OUT; returns how many. */
int   render_basis(Eval *e, int rule, int *out, int max);

/* The text of a value as interpolation shows it ("2025-03-04", "high",
** "a, b"), NUL-terminated in E->render; "" when memory ran out. */
const char *value_text(Eval *e, Value v);

/* ---- for eval.c: the parts of expressions that allocate ----
** eval_expr hands these over; without E->render they give V_UNKNOWN (the
** checker allows them only where a decision is rendered). */

/* Texts, lists and objects built by an expression: interpolation, list and
** object literals, comprehensions, '+' on texts and lists. */
Value render_expr(Eval *e, const Node *n);
/* The builtins that return new values (ids, basis, trace, holding, join,
** text, deadlines, awaiting_deadlines, municipal_overlay: the checker flags
** their calls NF_RENDER). */
Value render_builtin(Eval *e, const Node *n);
/* r.citations of RULE: a list of texts. */
Value render_citations(Eval *e, int rule);

#endif
