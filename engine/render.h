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

/* ---- deadlines ---- */

/* Rule IDs a deadline lists: its own and those it uses. */
#define DL_MAX_RULES 16

/* A text a deadline reports: N bytes at Z (not NUL-terminated); Z NULL when
** there is none (the contract's null). */
typedef struct DlText {
  const char *z;
  int n;
} DlText;

/* One deadline of a case as the contract reports it, in plain C: what
** render_deadline fills, and what the decision's object
** (render_deadline_object), the store's rows (api.c) and the explanation
** (explain.c) are all made from -- a field cannot be in one and missing from
** the other.  Texts live in e->render or in the program; an instant is
** reported only when its flag is set (else null). */
typedef struct DeadlineRow {
  const char *zId;                  /* id: the deadline rule's ID */
  int hasInstance;                  /* the rule says which occurrence this is: */
  DlText instance;                  /*   instance ("cmrs[1] (review)") */
  int aRule[DL_MAX_RULES];          /* rule_ids: the rule and the rules it uses */
  int nRule;
  int immediate;                    /* kind: immediate (1) or timed (0) */
  DlText startEvent;                /* start_event: what starts the clock */
  int hasStartAt;
  RrInstant startAt;                /* start_at */
  DlText duration;                  /* duration, as the document counts it */
  int hasDueAt;
  RrInstant dueAt;                  /* due_at */
  DlText completedEvent;            /* completed_event: what meets it */
  int hasCompletedAt;
  RrInstant completedAt;            /* completed_at */
  const char *zResponsible;         /* responsible (NULL: null) */
  int status;                       /* status: DS_* (eval_status_name) */
  int64_t lateBy;                   /* seconds: late_by (DS_LATE), overdue_by (DS_OVERDUE) */
  const char *zOuterBoundRule;      /* outer_bound_rule of an immediate duty (NULL: none) */
  int hasElapsed;
  int64_t elapsed;                  /* elapsed: seconds an immediate duty took */
  DlText note;                      /* note: the rule's, the governing deadline, the calendar's doubts */
} DeadlineRow;

/* Fills ROW with deadline instance INST (an index into e->aInst) of the
** case E has evaluated; needs E->render for the texts it makes. */
void  render_deadline(Eval *e, int inst, DeadlineRow *row);
/* The decision's object for a deadline: the contract's keys, in order. */
Value render_deadline_object(Eval *e, const DeadlineRow *row);

/* ---- rules ---- */

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
