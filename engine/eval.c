/*
** eval.c - evaluates checked rules against one case's facts; knows nothing
** about syntax.
**
** Unknown is a value: a missing fact is unknown, and operators follow Kleene's
** three-valued logic (false and unknown = false, true or unknown = true, any
** comparison with unknown is unknown).  A rule's 'when' fires only when it is
** definitely true, and 'if' takes its 'then' branch only on a definite true.
** Rules run in the order the checker computed, so every rule reads results
** that are already there.  Nothing here allocates: the parts of expressions
** that build texts, lists and objects belong to rendering (render.c), which
** eval_expr hands them to.
*/
#include "eval.h"
#include "calendar.h"
#include "flat.h"
#include "ordered.h"
#include "render.h"

#include "rrlimits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of expression N of a rule, through its compiled form F when
** there is one (plan.c). */
static inline Value rx(Eval *e, const Flat *f, const Node *n) { return f ? flat_eval(e, f) : eval_expr(e, n); }

int eval_init(Eval *e, const Program *p) {
  memset(e, 0, sizeof *e);
  e->p = p;
  size_t nr = (size_t)p->nRule + 1, nv = (size_t)p->nVar + 1;
  e->res = calloc(nr, sizeof *e->res);
  e->fired = calloc(nr, 1);
  e->active = calloc(nr, 1);
  e->vars = calloc(nv, sizeof *e->vars);
  e->aDyn = p->nHook ? calloc(nr, sizeof *e->aDyn) : NULL;
  e->aLaw = calloc(nr, sizeof *e->aLaw);
  e->aLawBy = calloc(nr, sizeof *e->aLawBy);
  e->aLawStart = calloc(nr, 1);
  e->aLawOwn = calloc(nr, sizeof *e->aLawOwn);
  e->aLawKind = calloc(nr, sizeof *e->aLawKind);
  if (!e->res || !e->fired || !e->active || !e->vars || (p->nHook && !e->aDyn) || !e->aLaw || !e->aLawBy ||
      !e->aLawStart || !e->aLawOwn || !e->aLawKind) {
    eval_free(e);
    return -1;
  }
  /* which rules take their law from where (eval_law_days), sorted once */
  int n = 0;
  for (int k = 0; k < RK__COUNT; k++) {
    e->aLawKindOff[k] = n;
    for (int i = 0; i < p->nRule; i++) {
      const Rule *r = &p->aRule[i];
      if (r->iCanon != i || r->kind == RK_LET || r->kind == RK_TABLE) continue;
      int own = r->kind != RK_CONVENTION && r->kind != RK_TRANSITION && (r->lawAt || r->lawStart);
      if (own && k == 0) e->aLawOwn[e->nLawOwn++] = i;
      if (!own && r->kind == k && p->aKindLaw[k] >= 0) e->aLawKind[n++] = i;
    }
  }
  e->aLawKindOff[RK__COUNT] = n;
  if (eval_plan(e)) {
    eval_free(e);
    return -1;
  }
  return 0;
}

void eval_free(Eval *e) {
  free(e->aStep);
  free(e->aRF);
  arena_free(&e->plan);
  free(e->aLawOwn);
  free(e->aLawKind);
  free(e->aLaw);
  free(e->aLawBy);
  free(e->aLawStart);
  free(e->aDyn);
  free(e->aHolBuf);
  free(e->aInst);
  free(e->res);
  free(e->fired);
  free(e->active);
  free(e->vars);
  memset(e, 0, sizeof *e);
}

const char *eval_rule_id(const Eval *e, int rule) {
  return e->p->aRule[rule].dynamic && e->aDyn && e->aDyn[rule].zId ? e->aDyn[rule].zId : e->p->aRule[rule].zId;
}

const char *eval_rule_title(const Eval *e, int rule) {
  if (e->p->aRule[rule].dynamic)
    return e->aDyn && e->aDyn[rule].zTitle ? e->aDyn[rule].zTitle : e->p->aRule[rule].zTitle;
  int v = e->aLaw ? eval_version(e, rule) : -1;      /* the title of the version that judged the case */
  return e->p->aRule[v >= 0 ? v : rule].zTitle;
}

void eval_dyn_clear(Eval *e) {
  if (e->aDyn) memset(e->aDyn, 0, (size_t)e->p->nRule * sizeof *e->aDyn);
  e->hookTrail = v_unknown();
}

int eval_dyn_add(Eval *e, int kind, const char *zId, const char *zTitle, const char *zEvidence, const char *zCite,
                 Value value) {
  const Program *p = e->p;
  if (!e->aDyn) return -1;
  for (int i = 0; i < p->nRule; i++) {
    if (!p->aRule[i].dynamic || p->aRule[i].kind != kind || e->aDyn[i].on) continue;
    e->aDyn[i] = (DynSlot){1, value, zId, zTitle, zEvidence, zCite};
    return 0;
  }
  return -1;
}

static void trace_rule(Eval *e, int i, Value w) {
  char tw[32], tv[32];
  Arena a;
  arena_init(&a);
  Arena *saved = e->render;
  e->render = &a;
  snprintf(tw, sizeof tw, "%s", value_text(e, w));
  snprintf(tv, sizeof tv, "%s", value_text(e, e->res[i]));
  fprintf((FILE *)e->trace, "%-40s when=%-8s value=%s\n", eval_rule_id(e, i), tw, tv);
  e->render = saved;
  arena_free(&a);
}

static void eval_deadline(Eval *e, int i, int v);
static Value eval_rows(Eval *e, const Rule *r, const RuleFlat *f);

static int cmp_date(const void *a, const void *b) {
  RrDate x = *(const RrDate *)a, y = *(const RrDate *)b;
  return x < y ? -1 : x > y;
}

/* The calendar's non-working days plus those the case lists, sorted and
** without duplicates.  The case's few days are sorted at the end of the
** buffer and merged with the calendar's table (already sorted, and long: it
** holds every year the calendar computes).  The buffer grows only when a
** case lists more days than any before it. */
static void merge_holidays(Eval *e) {
  const Program *p = e->p;
  Value extra = p->caseHolidays ? eval_expr(e, p->caseHolidays) : v_unknown();
  size_t nx = extra.tag == V_LIST ? (size_t)extra.n : 0, n = (size_t)p->nHoliday + 2 * nx;
  if (nx == 0) {                            /* the common case: nothing to merge */
    e->hol.dates = p->aHoliday;
    e->hol.n = (size_t)p->nHoliday;
    return;
  }
  if (n > e->nHolCap) {
    RrDate *nb = realloc(e->aHolBuf, n * sizeof *nb);
    if (!nb) {                        /* the case's own days would be missing: say so */
      e->zErr = "out of memory";
      e->hol.dates = p->aHoliday;
      e->hol.n = (size_t)p->nHoliday;
      return;
    }
    e->aHolBuf = nb;
    e->nHolCap = n;
  }
  RrDate *x = e->aHolBuf + p->nHoliday + nx;   /* the case's days, past where the merge writes */
  size_t m = 0;
  for (size_t k = 0; k < nx; k++) {
    if (extra.u.items[k].tag == V_DATE) x[m++] = (RrDate)extra.u.items[k].u.i;
  }
  qsort(x, m, sizeof *x, cmp_date);
  size_t i = 0, j = 0, w = 0;
  while (i < (size_t)p->nHoliday || j < m) {
    RrDate d = j == m || (i < (size_t)p->nHoliday && p->aHoliday[i] <= x[j]) ? p->aHoliday[i++] : x[j++];
    if (w == 0 || e->aHolBuf[w - 1] != d) e->aHolBuf[w++] = d;
  }
  e->hol.dates = e->aHolBuf;
  e->hol.n = w;
}

/* The local date of the instant or date N evaluates to, in *OUT; 0 when it
** is neither (not recorded, or after as_of: hidden). */
static int law_date_f(Eval *e, const Flat *f, const Node *n, RrDate *out) {
  Value x = n ? rx(e, f, n) : v_unknown();
  if (x.tag == V_INSTANT) *out = rr_local_date(e->p->zone, (RrInstant)x.u.i);
  else if (x.tag == V_DATE) *out = (RrDate)x.u.i;
  else return 0;
  return 1;
}

static int law_date(Eval *e, const Node *n, RrDate *out) { return law_date_f(e, NULL, n, out); }

/* Rule I takes the law of the instant N says, by rule BY (a convention, a
** transition, itself); an instant not known leaves as_of (BY -1). */
static void law_set(Eval *e, int i, const Flat *f, const Node *n, int by) {
  RrDate d;
  e->aLaw[i] = e->today;
  e->aLawBy[i] = -1;
  if (law_date_f(e, f, n, &d)) {
    e->aLaw[i] = d;
    e->aLawBy[i] = by;
  }
}

/* The date whose law applies to each rule (law.c), before any rule runs:
** a transition whose condition holds, else the rule's own 'law at', else
** its kind's convention, else as_of.  An instant not known (not recorded,
** or after as_of) leaves as_of.  'at start' is settled in eval_case when
** the deadline's turn comes (its start event may read other rules). */
static void eval_law_days(Eval *e) {
  const Program *p = e->p;
  RrDate kindDay[RK__COUNT] = {0};
  uint8_t kindKnown[RK__COUNT];
  for (int k = 0; k < RK__COUNT; k++) {
    int c = p->aKindLaw[k];
    int same = e->aKindSame[k];             /* a kind before it with the same convention */
    if (same < k) {
      kindKnown[k] = kindKnown[same];
      kindDay[k] = kindDay[same];
      continue;
    }
    kindKnown[k] = (uint8_t)(c >= 0 && p->aRule[c].lawAt && law_date(e, p->aRule[c].lawAt, &kindDay[k]));
  }
  /* as_of for every rule, then the rules with their own 'law', then those
  ** of a kind with a convention (the lists eval_init made) */
  if (p->nRule > 0) e->aLaw[0] = e->today;
  for (size_t n = 1, all = (size_t)p->nRule; n < all; n *= 2)     /* filled by doubling */
    memcpy(e->aLaw + n, e->aLaw, (n < all - n ? n : all - n) * sizeof *e->aLaw);
  memset(e->aLawBy, 0xff, (size_t)p->nRule * sizeof *e->aLawBy);      /* -1 */
  memset(e->aLawStart, 0, (size_t)p->nRule);
  for (int j = 0; j < e->nLawOwn; j++) {
    int i = e->aLawOwn[j];
    const Rule *r = &p->aRule[i];
    if (r->lawAt) law_set(e, i, NULL, r->lawAt, i);
    e->aLawStart[i] = r->lawStart;
    if (r->lawStart) e->aLawBy[i] = i;
  }
  RrDate *law = e->aLaw;                 /* (locals: the stores below alias nothing of E) */
  int *lawBy = e->aLawBy;
  uint8_t *lawStart = e->aLawStart;
  const int *ofKind = e->aLawKind;
  for (int k = 0; k < RK__COUNT; k++) {
    int c = p->aKindLaw[k], from = e->aLawKindOff[k], to = e->aLawKindOff[k + 1];
    if (from == to) continue;
    if (p->aRule[c].lawStart) {
      uint8_t start = p->aRule[c].lawStart;
      for (int j = from; j < to; j++) {
        lawStart[ofKind[j]] = start;
        lawBy[ofKind[j]] = c;
      }
    } else if (kindKnown[k]) {
      RrDate day = kindDay[k];
      for (int j = from; j < to; j++) {
        law[ofKind[j]] = day;
        lawBy[ofKind[j]] = c;
      }
    }
  }
  for (int k = 0; k < p->nTransition; k++) {
    int t = p->aTransition[k], v = eval_version_on(e, t, e->today);
    if (v < 0) continue;
    const Rule *tr = &p->aRule[v];
    if (tr->when && !v_true(eval_expr(e, tr->when))) continue;
    RrDate day = e->today;
    if (!tr->lawStart && !law_date(e, tr->lawAt, &day)) continue;   /* its instant not known */
    for (int j = 0; j < tr->nLawFor; j++) {
      int u = tr->aLawFor[j];
      e->aLaw[u] = day;
      e->aLawStart[u] = tr->lawStart;
      e->aLawBy[u] = t;
    }
  }
}

/* 'at start': the date of the start event of deadline I (of the version in
** force on as_of), by the rule that said so; one whose start is not known
** keeps as_of.  A deadline 'for each' has one start per instance: it is
** evaluated in the version in force on as_of, and each instance then takes
** the version in force at its own start (add_instance; E->aLawStart 2). */
static void eval_law_start(Eval *e, int i) {
  int v = eval_version_on(e, i, e->today);
  const Rule *r = v >= 0 ? &e->p->aRule[v] : NULL;
  e->aLawStart[i] = 0;
  if (r && r->nGen) {
    e->aLaw[i] = e->today;
    e->aLawStart[i] = 2;
    return;
  }
  /* its start, kept for the instance (add_instance) that reads it next */
  Value x = r && r->dlFrom ? rx(e, e->aRF[v].from, r->dlFrom) : v_unknown();
  int by = e->aLawBy[i];
  e->fromVer = v;
  e->fromVal = x;
  e->aLaw[i] = e->today;
  e->aLawBy[i] = -1;
  if (x.tag == V_INSTANT || x.tag == V_DATE) {
    e->aLaw[i] = x.tag == V_INSTANT ? rr_local_date(e->p->zone, (RrInstant)x.u.i) : (RrDate)x.u.i;
    e->aLawBy[i] = by;
  }
}

/* Rule I, the long way: its version in force, the scope, its kind (see
** eval_case). */
static void eval_rule(Eval *e, int i) {
  const Program *p = e->p;
  if (e->aLawStart[i]) eval_law_start(e, i);
  e->curDay = e->aLaw[i];
  int v = eval_version(e, i);
  const Rule *r = v >= 0 ? &p->aRule[v] : &p->aRule[i];
  if (v < 0 || (r->gated && !e->inScope)) {
    e->res[i] = r->value || r->kind == RK_TABLE ? v_unknown() : v_bool(0);
    e->fired[i] = 0;
    e->active[i] = 0;
    return;
  }
  e->active[i] = 1;
  if (r->kind == RK_TABLE) {
    e->fired[i] = 1;
    return;
  }
  if (r->dynamic) {                       /* a hook's addition, set before evaluation */
    int on = e->aDyn && e->aDyn[i].on;
    e->fired[i] = (uint8_t)on;
    e->res[i] = on ? e->aDyn[i].value : v_unknown();
    return;
  }
  if (r->kind == RK_LET) {
    if (r->renderOnly) return;          /* evaluated where a note or report reads it */
    e->res[i] = eval_expr(e, r->value);
    e->fired[i] = v_known(e->res[i]);
    if (e->trace) trace_rule(e, i, e->res[i]);
    return;
  }
  if (r->kind == RK_DEADLINE) {
    eval_deadline(e, i, v);
    e->fromVer = -1;
    if (e->trace) trace_rule(e, i, v_bool(e->fired[i]));
    return;
  }
  const RuleFlat *f = &e->aRF[v];
  Value w = r->when ? rx(e, f->when, r->when) : v_bool(1);
  if (r->stops && v_true(w) && v_true(rx(e, f->stops, r->stops))) w = v_bool(0);   /* case work ended */
  if (r->nCase) {
    e->res[i] = v_true(w) ? eval_rows(e, r, f) : v_unknown();
    w = v_bool(v_known(e->res[i]));
  } else if (r->value) {
    e->res[i] = v_true(w) ? rx(e, f->value, r->value) : v_unknown();
  } else {
    e->res[i] = w;
  }
  e->fired[i] = v_true(w);
  if (i == p->iScope) e->inScope = e->fired[i];
  if (e->trace) trace_rule(e, i, w);
}

/* The rule at one position of the order, by its plan (plan.c): the same
** as eval_rule, without looking up again what the plan knows. */
static inline void eval_step(Eval *e, const EvalStep *s) {
  int i = s->i;
  if (s->mayStart) {
    if (s->op == ST_GENERAL) {
      eval_rule(e, i);
      return;
    }
    if (e->aLawStart[i]) eval_law_start(e, i);
  }
  RrDate day = e->aLaw[i];
  e->curDay = day;
  if ((uint32_t)day - (uint32_t)s->from >= s->span || (s->gated && !e->inScope)) {   /* not in force */
    e->res[i] = s->off;
    e->fired[i] = 0;
    e->active[i] = 0;
    return;
  }
  e->active[i] = 1;
  Value w;
  switch (s->op) {
    case ST_TABLE:
      e->fired[i] = 1;
      return;
    case ST_SKIP:                           /* evaluated where a note or report reads it */
      return;
    case ST_LET:
      e->res[i] = flat_eval(e, s->fValue);
      e->fired[i] = v_known(e->res[i]);
      return;
    case ST_TRUE:
      e->res[i] = v_bool(1);
      e->fired[i] = 1;
      return;
    case ST_DEADLINE:
      eval_deadline(e, i, i);
      e->fromVer = -1;
      return;
    case ST_ROWS:
      w = s->fWhen ? flat_eval(e, s->fWhen) : v_bool(1);
      if (s->fStops && v_true(w) && v_true(flat_eval(e, s->fStops))) w = v_bool(0);   /* case work ended */
      e->res[i] = v_true(w) ? eval_rows(e, &e->p->aRule[i], &e->aRF[i]) : v_unknown();
      e->fired[i] = v_known(e->res[i]);
      return;
    default:                                /* ST_WHEN, ST_VALUE */
      w = flat_eval(e, s->fWhen);
      if (s->fStops && v_true(w) && v_true(flat_eval(e, s->fStops))) w = v_bool(0);   /* case work ended */
      if (s->op == ST_VALUE) e->res[i] = v_true(w) ? flat_eval(e, s->fValue) : v_unknown();
      else e->res[i] = w;
      e->fired[i] = v_true(w);
      return;
  }
}

/* Evaluates every rule of E's program for one case: FACTS, one value per
** fact slot (V_UNKNOWN for a fact not given), read as they stand at ASOF,
** the instant of evaluation.  Rules run in the checker's order
** (p->aOrder), each in its version in force on the date whose law applies to it
** (eval_law_days; tables in the version of the rule that reads them); a rule
** gated by the scope rule is not evaluated when the scope does not hold.
** Fills E->res (each rule's value), E->fired (its condition held, or a
** deadline has an instance), E->active and E->aInst (the deadlines'
** instances), and resets E->zErr.  FACTS is borrowed: it must stay as it is
** while the decision is rendered.  Allocates nothing but, rarely, the
** growth of E's holiday and deadline buffers (out of memory: E->zErr). */
void eval_case(Eval *e, const Value *facts, RrInstant asOf) {
  const Program *p = e->p;
  e->facts = facts;
  e->asOf = asOf;
  e->today = rr_local_date(p->zone, asOf);
  e->inScope = 1;
  e->nInst = 0;
  e->zErr = NULL;                          /* sticky for this case, from here to its rendering */
  e->nOrd = 0;                             /* the lists are the new case's */
  e->fromVer = -1;
  merge_holidays(e);
  e->curDay = e->today;
  eval_law_days(e);
  if (e->trace) {                          /* every rule the long way, traced */
    for (int k = 0; k < p->nOrder; k++) eval_rule(e, p->aOrder[k]);
  } else {
    for (int k = 0; k < p->nOrder; k++) eval_step(e, &e->aStep[k]);
  }
  e->curDay = e->today;                    /* the report reads tables as of the evaluation */
}

int eval_requirements(Eval *e, const Value *facts, RrInstant asOf, char *err, size_t n) {
  const Program *p = e->p;
  if (!p->nRequire) return 0;
  e->facts = facts;
  e->asOf = asOf;
  e->nOrd = 0;
  e->today = rr_local_date(p->zone, asOf);
  e->curDay = e->today;
  for (int i = 0; i < p->nRule; i++) e->aLaw[i] = e->today;
  merge_holidays(e);
  for (int k = 0; k < p->nRequire; k++) {
    const Requirement *r = &p->aRequire[k];
    if (!v_false(eval_expr(e, r->cond))) continue;       /* unknown is not a violation */
    snprintf(err, n, "facts.%s: %s", p->aSlot[r->blameSlot]->zPath, r->zMessage);
    return -1;
  }
  return 0;
}

/* {==== lists ========================================================= */

int list_iter(const Eval *e, Value list, ListIter *it) {
  memset(it, 0, sizeof *it);
  if (list.tag == V_LIST) {
    it->items = list.u.items;
    it->n = list.n;
    return 1;
  }
  if (list.tag == V_RULES) {
    const Program *p = e->p;
    it->rules = list.aux == RK_INTERPRETATION ? p->aInterp : p->aKindRule[list.aux];
    it->n = list.aux == RK_INTERPRETATION ? p->nInterp : p->nKindRule[list.aux];
    it->fired = e->fired;
    return 1;
  }
  return 0;
}

int list_next(ListIter *it, Value *out) {
  while (it->i < it->n) {
    int k = it->i++;
    if (it->items) {
      *out = it->items[k];
      return 1;
    }
    if (it->fired[it->rules[k]]) {
      *out = v_rule(it->rules[k]);
      return 1;
    }
  }
  return 0;
}

/* }==== */

/* {==== comparison ==================================================== */

static int is_num(Value v) { return v.tag == V_INT || v.tag == V_NUM; }
static double num_of(Value v) { return v.tag == V_INT ? (double)v.u.i : v.u.d; }

/* Equality of two known values of compatible types. */
static int values_equal(Value a, Value b) {
  if (is_num(a) && is_num(b)) return num_of(a) == num_of(b);
  if (a.tag != b.tag) return 0;
  switch (a.tag) {
    case V_TEXT: return a.n == b.n && memcmp(a.u.s, b.u.s, (size_t)a.n) == 0;
    case V_ENUM: return a.u.i == b.u.i && a.aux == b.aux;
    case V_RANGE: return a.u.i == b.u.i && a.n == b.n;
    case V_DUR: return a.u.i == b.u.i && a.aux == b.aux;
    case V_NULL: return 1;
    default: return a.u.i == b.u.i;
  }
}

/* Order of two known values of the same ordered type: -1, 0, 1. */
static int values_cmp(Value a, Value b) {
  if (is_num(a) && is_num(b)) {
    double x = num_of(a), y = num_of(b);
    return x < y ? -1 : x > y;
  }
  if (a.tag == V_TEXT) {
    int n = a.n < b.n ? a.n : b.n, r = memcmp(a.u.s, b.u.s, (size_t)n);
    return r ? (r < 0 ? -1 : 1) : (a.n < b.n ? -1 : a.n > b.n);
  }
  return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
}

int eval_cmp(Value a, Value b) { return values_cmp(a, b); }
int eval_equal(Value a, Value b) { return values_equal(a, b); }

static int list_contains(const Eval *e, Value list, Value x) {
  ListIter it;
  Value v;
  list_iter(e, list, &it);
  while (list_next(&it, &v)) {
    if (v_known(v) && values_equal(v, x)) return 1;
  }
  return 0;
}

/* }==== */

/* {==== time ========================================================== */

/* The days a duration spans, roughly (a month as 31, a working day as 1.4). */
double eval_duration_days(Value d) {
  double n = (double)d.u.i;
  switch (d.aux) {
    case DU_MINUTES: return n / 1440;
    case DU_HOURS: return n / 24;
    case DU_WEEKS: return n * 7;
    case DU_MONTHS: return n * 31;
    case DU_YEARS: return n * 366;
    case DU_WORKDAYS: return n * 1.4;
    default: return n;
  }
}

static Value add_duration(Eval *e, Value t, Value d, int sign) {
  double span = eval_duration_days(d);
  if (span > RR_MAX_DURATION_DAYS || span < -RR_MAX_DURATION_DAYS) return v_unknown();   /* no such date */
  int64_t n = d.u.i * sign;
  const RrZone *z = e->p->zone;
  if (t.tag == V_INSTANT) {
    switch (d.aux) {
      case DU_MINUTES: return v_instant(rr_add_seconds(t.u.i, n * 60));
      case DU_HOURS: return v_instant(rr_add_seconds(t.u.i, n * 3600));
      case DU_DAYS: return v_instant(rr_add_days(z, t.u.i, (int)n));
      case DU_WEEKS: return v_instant(rr_add_days(z, t.u.i, (int)(7 * n)));
      case DU_MONTHS: return v_instant(rr_add_months(z, t.u.i, (int)n));
      case DU_YEARS: return v_instant(rr_add_months(z, t.u.i, (int)(12 * n)));
      case DU_WORKDAYS: return v_instant(rr_add_working_days(z, t.u.i, (int)n, &e->hol));
    }
    return v_unknown();
  }
  /* dates: the same arithmetic on a civil date */
  RrDate day = (RrDate)t.u.i;
  switch (d.aux) {
    case DU_MINUTES: case DU_HOURS: return v_unknown();
    case DU_DAYS: return v_date((RrDate)(day + n));
    case DU_WEEKS: return v_date((RrDate)(day + 7 * n));
    case DU_MONTHS: return v_date(rr_date_add_months(day, n));
    case DU_YEARS: return v_date(rr_date_add_months(day, 12 * n));
    case DU_WORKDAYS: return v_date(rr_date_add_working_days(day, n, &e->hol));
  }
  return v_unknown();
}

Value eval_add_duration(Eval *e, Value t, Value d, int sign) { return add_duration(e, t, d, sign); }

/* Minutes of overlap between two time-of-day ranges; a range whose end is not
** after its start crosses midnight.  Computed on two consecutive days so that
** a window like 20:00-06:00 meets shifts on either side of midnight. */
static int overlap_minutes(Value a, Value b) {
  int as = (int)a.u.i, ae = a.n, bs = (int)b.u.i, be = b.n;
  if (ae <= as) ae += 1440;
  if (be <= bs) be += 1440;
  int total = 0;
  for (int shift = -1440; shift <= 1440; shift += 1440) {
    int lo = as > bs + shift ? as : bs + shift;
    int hi = ae < be + shift ? ae : be + shift;
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/* }==== */

/* {==== expressions ==================================================== */

static Value eval_builtin(Eval *e, const Node *n);
static const char *const status_names[] = {   /* ORDER STATUS */
  "met", "late", "pending", "overdue", "awaiting_start_event", "due_immediately"
};

static Value eval_attr(Eval *e, const Node *n);

static Value kleene_not(Value v) { return v_known(v) ? v_bool(!v.u.i) : v; }

/* A number, or unknown when it overflowed to infinity (no such number). */
static Value finite_num(double x, int unit) { return isfinite(x) ? v_num(x, unit) : v_unknown(); }

static Value eval_table(Eval *e, const Node *n) {
  const Program *p = e->p;
  int v = eval_version(e, n->slot);
  if (v < 0) return v_unknown();
  const Rule *r = &p->aRule[v];
  Value keys[RR_MAX_TABLE_KEYS];
  int nk = r->nKey < RR_MAX_TABLE_KEYS ? r->nKey : RR_MAX_TABLE_KEYS;   /* the checker refuses more */
  for (int k = 0; k < nk; k++) {
    keys[k] = eval_expr(e, n->args[k]);
    if (!v_known(keys[k])) return v_unknown();
  }
  for (int row = 0; row < r->nRow; row++) {
    if (e->curDay < r->aRowFrom[row] || e->curDay >= r->aRowUntil[row]) continue;   /* a dated row */
    int k = 0;
    while (k < nk && values_equal(r->aRowKey[row * r->nKey + k], keys[k])) k++;
    if (k == nk) return r->aRowValue[row]->k;
  }
  return v_unknown();
}

/* The value of a node: constants, facts and rule results inline, the rest
** through eval_expr (most nodes of a condition are leaves). */
static inline Value ev(Eval *e, const Node *n) {
  if (n->op == N_FACT) return e->facts[n->slot];
  if (n->op == N_RULEREF && !(n->flags & (NF_ASRULE | NF_RENDER))) return e->res[n->slot];
  if (n->op <= N_NULL && n->op != N_INTERP) return n->k;
  return eval_expr(e, n);
}

/* The cases of eval_expr that need room on the stack live apart, so that
** the common path keeps a small frame. */
static __attribute__((noinline)) Value eval_call(Eval *e, const Node *n) {
  const Fn *f = &e->p->aFn[n->slot];
  Value args[RR_MAX_PARAMS];
  int na = n->nArg < RR_MAX_PARAMS ? n->nArg : RR_MAX_PARAMS;   /* the checker refuses more */
  for (int i = 0; i < na; i++) args[i] = ev(e, n->args[i]);
  for (int i = 0; i < na; i++) e->vars[f->aParamSlot[i]] = args[i];
  return ev(e, f->body);
}

static __attribute__((noinline)) Value eval_has(Eval *e, const Node *n) {
  Value a = ev(e, n->a);
  if (!v_known(a)) return v_unknown();
  ListIter it;
  Value x;
  if ((n->b->flags & NF_MASK) && a.tag == V_LIST) {       /* a constant set of members */
    uint64_t seen = 0;
    for (int i = 0; i < a.n; i++) {
      Value m = a.u.items[i];
      if (m.tag == V_ENUM && m.u.i < 64) seen |= (uint64_t)1 << m.u.i;
    }
    return v_bool(n->op == N_HASANY ? (seen & n->b->mask) != 0 : (seen & n->b->mask) == n->b->mask);
  }
  Value b = ev(e, n->b);
  if (!v_known(b)) return v_unknown();
  list_iter(e, b, &it);
  while (list_next(&it, &x)) {
    int has = list_contains(e, a, x);
    if (n->op == N_HASANY && has) return v_bool(1);
    if (n->op == N_HASALL && !has) return v_bool(0);
  }
  return v_bool(n->op == N_HASALL);
}

/* On success 'any' leaves its variable bound to the witness. */
static __attribute__((noinline)) Value eval_quant(Eval *e, const Node *n) {
  ListIter it;
  Value x, b;
  int unknown = 0;
  if (!list_iter(e, ev(e, n->a), &it)) return v_unknown();
  while (list_next(&it, &x)) {
    e->vars[n->slot] = x;
    b = ev(e, n->b);
    if (n->op == N_ANY && v_true(b)) return b;
    if (n->op == N_ALL && v_false(b)) return b;
    if (!v_known(b)) unknown = 1;
  }
  return unknown ? v_unknown() : v_bool(n->op == N_ALL);
}

static __attribute__((noinline)) Value eval_first(Eval *e, const Node *n) {
  ListIter it;
  Value x, found = v_unknown(), list = ev(e, n->a);
  if ((n->flags & NF_ORDERED) && ordered_first(e, n, list, &found)) return found;   /* searched */
  if (!list_iter(e, list, &it)) return v_unknown();
  while (list_next(&it, &x)) {
    e->vars[n->slot] = x;
    if (v_true(ev(e, n->b))) {
      found = x;
      if (n->op == N_FIRST) break;
    }
  }
  if (v_known(found)) e->vars[n->slot] = found;
  return found;
}

/* The value of expression N (a checked node of E's program) on the case E
** holds: facts from E->facts, rule results from E->res (so every rule N
** reads must already be evaluated: eval_case's order sees to it),
** variables from E->vars (quantifiers and generators bind them, and 'any'
** leaves the witness bound).  Unknown propagates by Kleene's rules.  The
** result is a Value that owns nothing: it points into the facts, the
** program, or -- for the parts that allocate, which this hands to render.c
** -- the arena E->render, and is valid as long as they are.  Without
** E->render those parts are V_UNKNOWN (the checker allows them only where a
** decision is rendered). */
Value eval_expr(Eval *e, const Node *n) {
  Value a, b;
  switch (n->op) {
    case N_BOOL: case N_INT: case N_NUM: case N_STR: case N_DATE: case N_INSTANT: case N_TIME:
    case N_DUR: case N_ENUMLIT: case N_NULL:
      return n->k;
    case N_FACT: return e->facts[n->slot];
    case N_VAR: return e->vars[n->slot];
    case N_ASOF: return v_instant(e->asOf);
    case N_CASEID: return e->zCaseId ? v_text(e->zCaseId, (int)strlen(e->zCaseId)) : v_unknown();
    case N_RULEREF:
      if (n->flags & NF_ASRULE) return v_rule(n->slot);
      if (e->p->aRule[n->slot].renderOnly) return e->render ? ev(e, e->p->aRule[n->slot].value) : v_unknown();
      return e->res[n->slot];
    case N_GETFIELD:
      a = ev(e, n->a);
      return a.tag == V_REC ? a.u.items[n->slot] : v_unknown();
    case N_RULEATTR: return eval_attr(e, n);
    case N_TABLE: return eval_table(e, n);
    case N_BUILTIN: return eval_builtin(e, n);
    case N_FNCALL: return eval_call(e, n);
    case N_NOT: return kleene_not(ev(e, n->a));
    case N_NEG:
      a = ev(e, n->a);
      if (a.tag == V_INT) return a.u.i == INT64_MIN ? v_unknown() : v_int(-a.u.i);
      if (a.tag == V_NUM) return v_num(-a.u.d, a.aux);
      return v_unknown();
    case N_AND:
      a = ev(e, n->a);
      if (v_false(a)) return a;
      b = ev(e, n->b);
      if (v_false(b)) return b;
      return v_known(a) && v_known(b) ? v_bool(1) : v_unknown();
    case N_OR:
      a = ev(e, n->a);
      if (v_true(a)) return a;
      b = ev(e, n->b);
      if (v_true(b)) return b;
      return v_known(a) && v_known(b) ? v_bool(0) : v_unknown();
    case N_EQ: case N_NE:
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      return v_bool(values_equal(a, b) == (n->op == N_EQ));
    case N_LT: case N_LE: case N_GT: case N_GE: {
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      int c = values_cmp(a, b);
      switch (n->op) {
        case N_LT: return v_bool(c < 0);
        case N_LE: return v_bool(c <= 0);
        case N_GT: return v_bool(c > 0);
        default: return v_bool(c >= 0);
      }
    }
    case N_ADD: case N_SUB:
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      if (b.tag == V_DUR) return add_duration(e, a, b, n->op == N_ADD ? 1 : -1);
      if (a.tag == V_INT && b.tag == V_INT) {       /* beyond 64 bits: no such number */
        int64_t r;
        if (n->op == N_ADD ? __builtin_add_overflow(a.u.i, b.u.i, &r) : __builtin_sub_overflow(a.u.i, b.u.i, &r))
          return v_unknown();
        return v_int(r);
      }
      if (is_num(a) && is_num(b)) {
        double x = num_of(a), y = num_of(b);
        return finite_num(n->op == N_ADD ? x + y : x - y, a.tag == V_NUM ? a.aux : b.aux);
      }
      return render_expr(e, n);     /* lists and texts */
    case N_MUL: case N_DIV: {
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      if (n->op == N_MUL && a.tag == V_INT && b.tag == V_INT) {
        int64_t r;
        return __builtin_mul_overflow(a.u.i, b.u.i, &r) ? v_unknown() : v_int(r);
      }
      if (n->op == N_MUL && (a.tag == V_DUR || b.tag == V_DUR)) {   /* 3 * 1 month */
        Value d = a.tag == V_DUR ? a : b;
        int64_t r;
        if (__builtin_mul_overflow(d.u.i, a.tag == V_DUR ? b.u.i : a.u.i, &r)) return v_unknown();
        d.u.i = r;
        return d;
      }
      double x = num_of(a), y = num_of(b);
      int unit = a.tag == V_NUM ? a.aux : b.tag == V_NUM ? b.aux : 0;
      if (n->op == N_DIV) {
        if (y == 0) return v_unknown();
        if (a.tag == V_NUM && b.tag == V_NUM && a.aux == b.aux) unit = 0;
        return finite_num(x / y, unit);
      }
      return finite_num(x * y, unit);
    }
    case N_IN: case N_NOTIN:
      a = ev(e, n->a);
      if (!v_known(a)) return v_unknown();
      if ((n->b->flags & NF_MASK) && a.tag == V_ENUM)         /* a bit of a constant set */
        return v_bool((a.u.i < 64 && ((n->b->mask >> a.u.i) & 1)) == (n->op == N_IN));
      b = ev(e, n->b);
      if (!v_known(b)) return v_unknown();
      return v_bool(list_contains(e, b, a) == (n->op == N_IN));
    case N_HASANY: case N_HASALL: return eval_has(e, n);
    case N_RANGE: {
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      return v_range((int)a.u.i, (int)b.u.i);
    }
    case N_COALESCE:
      a = ev(e, n->a);
      return v_known(a) ? a : ev(e, n->b);
    case N_ISKNOWN: return v_bool(v_known(ev(e, n->a)));
    case N_ISNOTKNOWN: return v_bool(!v_known(ev(e, n->a)));
    case N_ISTRUE: return v_bool(v_true(ev(e, n->a)));
    case N_ISNOTTRUE: return v_bool(!v_true(ev(e, n->a)));
    case N_IF:
      return v_true(ev(e, n->a)) ? ev(e, n->b) : ev(e, n->c);
    case N_ANY: case N_ALL: return eval_quant(e, n);
    case N_FIRST: case N_LAST: return eval_first(e, n);
    case N_BEFORE: case N_AFTER:
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (!v_known(a) || !v_known(b)) return v_unknown();
      return add_duration(e, b, a, n->op == N_AFTER ? 1 : -1);
    case N_ANYKIND: {
      const Program *p = e->p;
      const int *v = n->slot == RK_INTERPRETATION ? p->aInterp : p->aKindRule[n->slot];
      int cnt = n->slot == RK_INTERPRETATION ? p->nInterp : p->nKindRule[n->slot];
      for (int i = 0; i < cnt; i++) if (e->fired[v[i]]) return v_bool(1);
      return v_bool(0);
    }
    case N_FIRED: return v_rules(n->slot);
    case N_SET: case N_LIST:
      if (n->flags & NF_CONST) return n->k;
      return render_expr(e, n);
    default:
      return render_expr(e, n);
  }
}

static Value eval_attr(Eval *e, const Node *n) {
  const Program *p = e->p;
  Value a = eval_expr(e, n->a);
  if (a.tag != V_RULE) return v_unknown();
  int i = (int)a.u.i;
  const Rule *r = &p->aRule[i];
  int v = eval_version(e, i);
  if (v >= 0) r = &p->aRule[v];
  switch (n->slot) {
    case RA_ID: return v_text(eval_rule_id(e, i), (int)strlen(eval_rule_id(e, i)));
    case RA_TITLE: return v_text(eval_rule_title(e, i), (int)strlen(eval_rule_title(e, i)));
    case RA_KIND: return v_text(kind_name(r->kind), (int)strlen(kind_name(r->kind)));
    case RA_NOTE: return r->zNote ? v_text(r->zNote, (int)strlen(r->zNote)) : v_unknown();
    case RA_READING: return r->zReading ? v_text(r->zReading, (int)strlen(r->zReading)) : v_unknown();
    case RA_HOLDS: return v_bool(e->fired[i]);
    case RA_VALUE: return e->res[i];
    case RA_STATUS: {                  /* a deadline's status, when it has exactly one instance */
      int found = -1;
      for (int k = 0; k < e->nInst; k++) {
        if (e->aInst[k].rule != i) continue;
        if (found >= 0) return v_unknown();
        found = k;
      }
      if (found < 0) return v_unknown();
      const char *z = status_names[e->aInst[found].status];
      return v_text(z, (int)strlen(z));
    }
    case RA_EVIDENCE: return render_evidence(e, i);
    case RA_CITATIONS: return render_citations(e, i);
  }
  return v_unknown();
}

/* }==== */

/* {==== builtins ======================================================= */

/* The builtins that compute a value from others; those that build new lists
** or texts (flagged NF_RENDER by the checker) are rendering's. */
static __attribute__((noinline)) Value eval_builtin(Eval *e, const Node *n) {
  if (n->flags & NF_RENDER) return render_builtin(e, n);
  Value av[RR_MAX_PARAMS];
  int na = n->nArg < RR_MAX_PARAMS ? n->nArg : RR_MAX_PARAMS;   /* the checker refuses more */
  for (int i = 0; i < na; i++) av[i] = eval_expr(e, n->args[i]);
  return eval_builtin_values(e, n->slot, av, na);
}

/* Builtin SLOT on the values AV of its NA arguments (at most RR_MAX_PARAMS;
** all evaluated: they read nothing the others bind). */
Value eval_builtin_values(Eval *e, int slot, const Value *av, int na) {
  Value a = na > 0 ? av[0] : v_unknown();
  switch (slot) {
    case B_AGE_ON: {
      Value at = av[1];
      if (!v_known(a) || !v_known(at)) return v_unknown();
      RrDate on = at.tag == V_INSTANT ? rr_local_date(e->p->zone, at.u.i) : (RrDate)at.u.i;
      int age = rr_age_years((RrDate)a.u.i, on);
      return age < 0 ? v_unknown() : v_int(age);
    }
    case B_DATE_OF:
      return v_known(a) ? v_date(rr_local_date(e->p->zone, a.u.i)) : v_unknown();
    case B_OVERLAP_MINUTES: {
      Value b = av[1];
      if (!v_known(a) || !v_known(b)) return v_unknown();
      return v_int(overlap_minutes(a, b));
    }
    case B_COUNT: {
      ListIter it;
      Value x;
      int cnt = 0;
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) cnt++;
      return v_int(cnt);
    }
    case B_MIN: case B_MAX: case B_EARLIEST: case B_LATEST: {
      /* only known values count; unknown if none is known */
      Value best = v_unknown(), x;
      ListIter it;
      int one = na == 1 && list_iter(e, a, &it);
      for (int i = 0; one ? list_next(&it, &x) : i < na; i++) {
        if (!one) x = av[i];
        if (!v_known(x)) continue;
        int c = v_known(best) ? values_cmp(x, best) : -2;
        int lower = slot == B_EARLIEST || slot == B_MIN;
        if (c == -2 || (lower && c < 0) || (!lower && c > 0)) best = x;
      }
      return best;
    }
    case B_END_OF_DAY:
      return v_known(a) ? v_instant(rr_end_of_day(e->p->zone, a.u.i)) : v_unknown();
    case B_HIGHEST: {
      ListIter it;
      Value x, best = v_unknown();
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) {
        if (x.tag != V_RULE) continue;
        Value lv = e->res[x.u.i];
        if (lv.tag == V_ENUM && (!v_known(best) || lv.u.i > best.u.i)) best = lv;
      }
      return best;
    }
  }
  return v_unknown();
}

/* }==== */

/* {==== level and category tables ======================================= */

/* The first row whose condition holds decides; 'otherwise' (no condition)
** always holds.  Unknown when no row holds: the factor is not scored. */
static Value eval_rows(Eval *e, const Rule *r, const RuleFlat *f) {
  for (int k = 0; k < r->nCase; k++) {
    if (!r->aCaseCond[k] || v_true(rx(e, f->aCase ? f->aCase[k] : NULL, r->aCaseCond[k]))) return r->aCaseValue[k];
  }
  return v_unknown();
}

/* }==== */

/* {==== deadlines ======================================================== */


const char *eval_status_name(int status) {
  return status >= 0 && status <= DS_DUE_IMMEDIATELY ? status_names[status] : "?";
}

/* Flags a due date that counted an estimated or unconfirmed non-working day
** or reaches beyond the days the calendar covers. */
static void check_calendar(Eval *e, DlInst *d) {
  const Program *p = e->p;
  if (!d->hasDue) return;
  RrInstant a = d->hasStart ? d->start : d->due, b = d->due;
  if (a > b) { RrInstant t = a; a = b; b = t; }
  RrDate lo = rr_local_date(p->zone, a), hi = rr_local_date(p->zone, b);
  if (lo < p->coverFrom || hi >= p->coverUntil) d->calendar |= CF_UNCOVERED;
  for (int k = calendar_find(p, lo); k < p->nHoliday && p->aHoliday[k] <= hi; k++) {
    if (p->aHolidayStatus[k] >= HS_ESTIMATED) {
      d->calendar |= CF_UNCONFIRMED;
      d->holiday = k;
      break;
    }
  }
}

/* Status under the contract: done at or before due is met, after it late;
** not done: pending until due (inclusive), overdue after.  Immediate duties
** are due_immediately while open within their bound. */
static void set_status(const Eval *e, const Rule *r, DlInst *d) {
  if (r->immediate && !r->dlBound && d->hasStart) {   /* no numeric rule bounds it */
    d->status = d->hasDone ? DS_MET : DS_DUE_IMMEDIATELY;
  } else if (!d->hasDue) {
    d->status = DS_AWAITING;
  } else if (d->hasDone) {
    d->status = d->done <= d->due ? DS_MET : DS_LATE;
  } else if (e->asOf <= d->due) {
    d->status = r->immediate ? DS_DUE_IMMEDIATELY : DS_PENDING;
  } else {
    d->status = DS_OVERDUE;
  }
}

/* Adds one instance of deadline rule I (canonical index; V the version in
** force) to E->aInst, with the generator variables bound as they are now:
** its start, due and completion instants, its status at e->asOf, and the
** calendar's doubts.  Nothing when its condition does not hold, or when it
** stopped ('stops when') before it was met. */
static void add_instance(Eval *e, int i, int v) {
  const Program *p = e->p;
  const Rule *r = &p->aRule[v];
  if (e->aLawStart[i] == 2 && r->dlFrom) {   /* 'law at start', one start per instance */
    RrDate day;
    if (law_date_f(e, e->aRF[v].from, r->dlFrom, &day)) {
      int v2 = eval_version_on(e, i, day);
      if (v2 < 0) return;                     /* no version in force when it started */
      const Rule *r2 = &p->aRule[v2];
      if (v2 != v && r2->nGen == r->nGen) {   /* the same generators: bind its variables */
        for (int g = 0; g < r->nGen; g++) {
          e->vars[r2->aGen[g]->slot] = e->vars[r->aGen[g]->slot];
          if (r2->aGen[g]->b && r->aGen[g]->b) e->vars[r2->aGen[g]->b->slot] = e->vars[r->aGen[g]->b->slot];
        }
        v = v2;
        r = r2;
      }
    }
  }
  const RuleFlat *f = &e->aRF[v];
  if (r->when && !v_true(rx(e, f->when, r->when))) return;
  DlInst tmp, *dp = e->nInst < e->capInst ? &e->aInst[e->nInst] : &tmp;   /* in place when there is room */
  dp->rule = i;                             /* every field but the unused bindings */
  dp->ver = v;
  dp->status = 0;
  dp->calendar = 0;
  dp->governing = -1;
  dp->holiday = -1;
  dp->nBind = 0;
  Value start = !r->dlFrom ? v_unknown() : !r->nGen && v == e->fromVer ? e->fromVal : rx(e, f->from, r->dlFrom);
  Value due = v_unknown();
  if (r->nGoverned) {
    for (int k = 0; k < r->nGoverned; k++) {
      Value x = e->res[r->aGoverned[k]];
      if (x.tag == V_INSTANT && (!v_known(due) || x.u.i < due.u.i)) {
        due = x;
        dp->governing = r->aGoverned[k];
      }
    }
  } else if (r->dlDue) {
    due = rx(e, f->due, r->dlDue);
    if (!r->dlFrom && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER)) {
      start = rx(e, f->anchor, r->dlDue->b);   /* counted from its anchor */
    }
  } else if (v_known(start) && (r->dlWithin || r->dlBound)) {
    due = add_duration(e, start, rx(e, f->dur, r->immediate ? r->dlBound : r->dlWithin), 1);
  }
  Value done = r->dlDone ? rx(e, f->done, r->dlDone) : v_unknown();
  dp->hasStart = start.tag == V_INSTANT;
  dp->start = start.u.i;
  dp->hasDue = due.tag == V_INSTANT && (dp->hasStart || r->nGoverned || r->dlDue);
  dp->due = due.u.i;
  dp->hasDone = done.tag == V_INSTANT && done.u.i <= e->asOf;
  dp->done = done.u.i;
  if (r->dlFrom && !dp->hasStart) dp->hasDue = 0;
  set_status(e, r, dp);
  if (r->stops && dp->status != DS_MET && dp->status != DS_LATE && v_true(rx(e, f->stops, r->stops))) return;
  if (r->usesWorkdays) check_calendar(e, dp);
  for (int g = 0; g < r->nGen && dp->nBind < 8; g++) {
    dp->bind[dp->nBind++] = e->vars[r->aGen[g]->slot];
    if (r->aGen[g]->b && dp->nBind < 8) dp->bind[dp->nBind++] = e->vars[r->aGen[g]->b->slot];
  }
  if (dp != &tmp) {
    e->nInst++;
    return;
  }
  if (e->nInst == e->capInst) {
    int cap = e->capInst ? e->capInst * 2 : 64;
    DlInst *na = realloc(e->aInst, (size_t)cap * sizeof *na);
    if (!na) {                              /* a deadline would be missing: the case fails */
      e->zErr = "out of memory";
      return;
    }
    e->aInst = na;
    e->capInst = cap;
  }
  e->aInst[e->nInst++] = tmp;
}

/* Binds the generators one after another, then adds an instance for every
** combination (for each c at i in events.cmrs, n in c.non_attendance_notices). */
static void each_generator(Eval *e, int i, int v, int g) {
  const Rule *r = &e->p->aRule[v];
  if (g == r->nGen) {
    add_instance(e, i, v);
    return;
  }
  const Node *gen = r->aGen[g];
  ListIter it;
  Value x;
  const RuleFlat *f = &e->aRF[v];
  if (!list_iter(e, rx(e, f->aGen ? f->aGen[g] : NULL, gen->a), &it)) return;
  for (int k = 0; list_next(&it, &x); k++) {
    e->vars[gen->slot] = x;
    if (gen->b) e->vars[gen->b->slot] = v_int(k);
    each_generator(e, i, v, g + 1);
  }
}

/* Deadline rule I (version V): its instances, one per combination of its
** generators; it holds when it has one, and its value is the due date of
** its only instance. */
static void eval_deadline(Eval *e, int i, int v) {
  int first = e->nInst;
  each_generator(e, i, v, 0);
  /* a deadline's value is its due date, when it has exactly one */
  e->fired[i] = e->nInst > first;
  e->res[i] = e->nInst == first + 1 && e->aInst[first].hasDue ? v_instant(e->aInst[first].due) : v_unknown();
}

/* }==== */

/* {==== facts as of a date ================================================= */

static void hide_value(const Program *p, Value *v, const Type *t, int planned, RrInstant asOf) {
  switch (t->k) {
    case T_INSTANT:
      if (!planned && v->tag == V_INSTANT && v->u.i > asOf) *v = v_unknown();
      break;
    case T_LIST:
      if (v->tag != V_LIST) break;
      if (t->elem->k == T_INSTANT && !planned) {       /* drop what has not happened yet */
        int w = 0;
        for (int k = 0; k < v->n; k++) {
          if (!(v->u.items[k].tag == V_INSTANT && v->u.items[k].u.i > asOf)) v->u.items[w++] = v->u.items[k];
        }
        v->n = w;
      } else {
        for (int k = 0; k < v->n; k++) hide_value(p, &v->u.items[k], t->elem, planned, asOf);
      }
      break;
    case T_REC:
      if (v->tag != V_REC) break;
      for (int f = 0; f < p->aRecord[t->id].nField; f++) {
        const FieldDef *fd = &p->aRecord[t->id].aField[f];
        hide_value(p, &v->u.items[f], fd->type, fd->planned, asOf);
      }
      break;
    default:
      break;
  }
}

void eval_hide_future(const Program *p, Value *facts, RrInstant asOf) {
  for (int s = 0; s < p->nSlot; s++) hide_value(p, &facts[s], p->aSlot[s]->type, p->aSlot[s]->planned, asOf);
}

/* }==== */
