/*
** eval.h - evaluates a checked Program over the facts of one case.
**
** An Eval holds the per-case working state (rule results, variable slots).
** It is allocated once per program and reused for every case: evaluating a
** case allocates nothing.  Rendering (the report, evidence, deadlines:
** render.h) happens afterwards and allocates in an arena the caller provides.
*/
#ifndef RR_EVAL_H
#define RR_EVAL_H

#include "program.h"

/* Statuses of a deadline.  ORDER STATUS: status_names in eval.c. */
enum { DS_MET = 0, DS_LATE, DS_PENDING, DS_OVERDUE, DS_AWAITING, DS_DUE_IMMEDIATELY };

/* Why a due date is uncertain: it counted a non-working day the calendar
** only estimates or presumes (HS_ESTIMATED, HS_UNCONFIRMED), or it reaches a
** day the calendar does not cover. */
enum { CF_UNCONFIRMED = 1, CF_UNCOVERED = 2 };

/* One deadline of one case (several for 'for each'). */
typedef struct DlInst {
  int rule;               /* canonical rule */
  int ver;                /* the version in force */
  RrInstant start, due, done;
  uint8_t hasStart, hasDue, hasDone, status;
  uint8_t calendar;       /* CF_* */
  int holiday;            /* the estimated or unconfirmed calendar entry it counted, or -1 */
  int governing;          /* governed by: the rule that set the due date, or -1 */
  int nBind;              /* the generator variables, to bind again when rendering */
  Value bind[8];
} DlInst;

/* What a hook put in one of the program's hook slots for the current case. */
typedef struct DynSlot {
  uint8_t on;
  Value value;            /* a factor's level; true otherwise */
  const char *zId, *zTitle, *zEvidence, *zCite;
} DynSlot;

/* One position of the evaluation order, prepared once per program by
** plan.c: what the rule there needs, so that eval_case does not look it up
** again for every case.  ST_GENERAL: anything else (several versions, a
** hook's slot, the scope rule), evaluated the long way. */
enum { ST_GENERAL = 0, ST_TRUE, ST_WHEN, ST_VALUE, ST_LET, ST_SKIP, ST_TABLE, ST_ROWS, ST_DEADLINE };
typedef struct EvalStep {
  int i;                  /* the rule (canonical index) */
  uint8_t op;             /* ST_* */
  uint8_t gated;          /* not evaluated when the scope rule does not hold */
  uint8_t mayStart;       /* a 'law ... at start' may reach it (E->aLawStart), or ST_GENERAL */
  RrDate from;            /* its only version is in force on [from, from + span) */
  uint32_t span;          /* 0: never */
  const Node *when, *value, *stops;   /* NULL when absent */
  const struct Flat *fWhen, *fValue, *fStops;   /* the same, compiled (flat.c) */
  Value off;              /* its value when not in force or gated out */
} EvalStep;

/* A rule's expressions compiled (plan.c, flat.c), per rule and version;
** NULL where the rule has none. */
typedef struct RuleFlat {
  const struct Flat *when, *value, *stops, *from, *due, *anchor, *dur, *done;
  const struct Flat **aCase;   /* level rows' conditions (nCase) */
  const struct Flat **aGen;    /* generators' lists (nGen) */
} RuleFlat;

typedef struct Eval {
  const Program *p;
  const Value *facts;     /* the case's fact slots */
  Value *res;             /* per rule (canonical index): its value */
  uint8_t *fired;         /* per rule: the condition held (statements: in force) */
  uint8_t *active;        /* per rule: in force and not gated */
  Value *vars;            /* variable slots */
  RrInstant asOf;
  const char *zCaseId;    /* may be NULL */
  RrDate today;           /* the local date of as_of */
  RrDate *aLaw;           /* per rule (canonical): the date whose law applies to it */
  int *aLawBy;            /* per rule: the convention, transition or rule that set it, or -1 (as_of) */
  uint8_t *aLawStart;     /* per rule: its law is that of its start event (a deadline) */
  RrDate curDay;          /* the law of the rule being evaluated or rendered: tables follow it */
  int inScope;
  Arena *render;          /* set while rendering; NULL during evaluation */
  struct Lang *lang;      /* set while rendering in a language (lang.h); NULL: as written */
  void *trace;            /* a FILE*: print each rule's result (--trace) */
  RrHolidays hol;         /* the calendar's non-working days and the case's own */
  RrDate *aHolBuf;
  size_t nHolCap;
  DlInst *aInst;          /* deadlines of the case */
  int nInst, capInst;
  const char *zErr;       /* out of memory while evaluating or rendering this case (sticky
                          ** until the next eval_case): its decision is unusable */
  DynSlot *aDyn;          /* per rule: the hook slots' contents (NULL without hooks) */
  Value hookTrail;        /* the hooks' calls on this case, for overlay() (or unknown) */
  int *aLawOwn;           /* the rules with a 'law' clause of their own (eval_init) */
  int nLawOwn;
  int *aLawKind;          /* the other rules whose kind has a convention, by kind: */
  int aLawKindOff[RK__COUNT + 1];   /* kind K's are aLawKind[off[K] .. off[K+1]) */
  struct {                /* lists of the case known ordered or not by a field (ordered.c); */
    const Value *items;   /* emptied by eval_case */
    int n, field;
    uint8_t sorted;
  } aOrd[8];
  int nOrd;
  EvalStep *aStep;        /* per position of p->aOrder (plan.c) */
  int aKindSame[RK__COUNT];   /* per kind: the first kind with the same convention (itself if none) */
  Arena plan;             /* owns the plan's compiled expressions */
  RuleFlat *aRF;          /* per rule (every version) */
  int fromVer;            /* the deadline version whose start eval_law_start just read */
  Value fromVal;          /* ... and that start, for its instance (add_instance), or -1 */
} Eval;

/* Prepares E to evaluate cases under P (which must outlive it): the
** per-rule and per-variable arrays, allocated once.  0, or -1 when out of
** memory (E is then empty and eval_free is harmless). */
int   eval_init(Eval *e, const Program *p);
void  eval_free(Eval *e);
/* Fills E->aStep from E's program (plan.c): 0, or -1 when out of memory. */
int   eval_plan(Eval *e);
/* Evaluates every rule of the program for one case (see eval.c). */
void  eval_case(Eval *e, const Value *facts, RrInstant asOf);
/* The value of expression N on the case E holds (see eval.c). */
Value eval_expr(Eval *e, const Node *n);
/* Checks FACTS (at AS_OF) against the program's requirements ('require COND
** else "message"'): -1 and "facts.PATH: message" in ERR for the first whose
** condition is false (unknown passes), else 0. */
int   eval_requirements(Eval *e, const Value *facts, RrInstant asOf, char *err, size_t n);

/* Hides what has not happened yet, in place: a date-time later
** than AS_OF has not happened and becomes unknown (dropped from lists), unless
** it is declared 'planned'. */
void  eval_hide_future(const Program *p, Value *facts, RrInstant asOf);

/* Order of two known values of the same ordered type: -1, 0, 1. */
int   eval_cmp(Value a, Value b);
/* Equality of two known values of compatible types. */
int   eval_equal(Value a, Value b);
/* T (an instant or a date) moved by duration D, forwards (SIGN 1) or back. */
Value eval_add_duration(Eval *e, Value t, Value d, int sign);
/* Builtin SLOT (B_*, one that does not render) on its arguments' values. */
Value eval_builtin_values(Eval *e, int slot, const Value *av, int na);

const char *eval_status_name(int status);
/* The days duration D spans, roughly: a month counts 31, a year 366. */
double eval_duration_days(Value d);
/* A rule's ID and title: a hook slot's come from the hook. */
const char *eval_rule_id(const Eval *e, int rule);
const char *eval_rule_title(const Eval *e, int rule);
/* Hook slots: empties them all, or fills the next free slot of construct
** KIND (hazard, action, factor, referral); -1 when there is none left. */
void  eval_dyn_clear(Eval *e);
int   eval_dyn_add(Eval *e, int kind, const char *zId, const char *zTitle, const char *zEvidence,
                   const char *zCite, Value value);
/* The version of RULE (canonical index) in force on DAY, or -1:
** the rule itself or one of its versions ('effective from'), each holding
** on the days [effFrom, effUntil). */
static inline int eval_version_on(const Eval *e, int rule, RrDate day) {
  const Program *p = e->p;
  for (int v = rule; v >= 0; v = p->aRule[v].iNext) {
    if (p->aRule[v].effFrom <= day && day < p->aRule[v].effUntil) return v;
  }
  return -1;
}
/* ... on the date whose law applies to it (E->aLaw, law.c: 'law' clauses
** and transitions); a table on the date of the rule that reads it
** (E->curDay). */
static inline int eval_version(const Eval *e, int rule) {
  return eval_version_on(e, rule, e->p->aRule[rule].kind == RK_TABLE ? e->curDay : e->aLaw[rule]);
}

/* Iteration over list values, including the lazy "fired <kind>" lists. */
typedef struct ListIter {
  const Value *items;
  const int *rules;
  int n, i;
  const uint8_t *fired;
} ListIter;
int  list_iter(const Eval *e, Value list, ListIter *it);   /* 0 if LIST is not a list */
int  list_next(ListIter *it, Value *out);

#endif
