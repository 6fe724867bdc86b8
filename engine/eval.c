/*
** eval.c - evaluates checked rules against one case's facts; knows nothing
** about syntax.
**
** Unknown is a value: a missing fact is unknown, and operators follow Kleene's
** three-valued logic (false and unknown = false, true or unknown = true, any
** comparison with unknown is unknown).  A rule's 'when' fires only when it is
** definitely true, and 'if' takes its 'then' branch only on a definite true.
** Rules run in the order the checker computed, so every rule reads results
** that are already there.  Nothing here allocates unless e->render is set.
*/
#include "eval.h"
#include "calendar.h"

#include "rrlimits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eval_init(Eval *e, const Program *p) {
  memset(e, 0, sizeof *e);
  e->p = p;
  size_t nr = (size_t)p->nRule + 1, nv = (size_t)p->nVar + 1;
  e->res = calloc(nr, sizeof *e->res);
  e->fired = calloc(nr, 1);
  e->active = calloc(nr, 1);
  e->vars = calloc(nv, sizeof *e->vars);
  e->aDyn = p->nHook ? calloc(nr, sizeof *e->aDyn) : NULL;
  if (!e->res || !e->fired || !e->active || !e->vars || (p->nHook && !e->aDyn)) {
    eval_free(e);
    return -1;
  }
  return 0;
}

void eval_free(Eval *e) {
  free(e->aDyn);
  free(e->aHolBuf);
  free(e->aInst);
  free(e->res);
  free(e->fired);
  free(e->active);
  free(e->vars);
  memset(e, 0, sizeof *e);
}

/* The version of a rule in force on E->today, or -1. */
static int version_in_force(const Eval *e, int i) {
  const Program *p = e->p;
  for (int v = i; v >= 0; v = p->aRule[v].iNext) {
    if (p->aRule[v].effFrom <= e->today && e->today < p->aRule[v].effUntil) return v;
  }
  return -1;
}

int eval_version(const Eval *e, int rule) { return version_in_force(e, rule); }

const char *eval_rule_id(const Eval *e, int rule) {
  return e->p->aRule[rule].dynamic && e->aDyn && e->aDyn[rule].zId ? e->aDyn[rule].zId : e->p->aRule[rule].zId;
}

const char *eval_rule_title(const Eval *e, int rule) {
  return e->p->aRule[rule].dynamic && e->aDyn && e->aDyn[rule].zTitle ? e->aDyn[rule].zTitle
                                                                        : e->p->aRule[rule].zTitle;
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
static Value eval_rows(Eval *e, const Rule *r);

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

void eval_case(Eval *e, const Value *facts, RrInstant asOf) {
  const Program *p = e->p;
  e->facts = facts;
  e->asOf = asOf;
  e->today = rr_local_date(p->zone, asOf);
  e->inScope = 1;
  e->nInst = 0;
  e->zErr = NULL;                          /* sticky for this case, from here to its rendering */
  merge_holidays(e);
  for (int k = 0; k < p->nOrder; k++) {
    int i = p->aOrder[k];
    int v = version_in_force(e, i);
    const Rule *r = v >= 0 ? &p->aRule[v] : &p->aRule[i];
    if (v < 0 || (r->gated && !e->inScope)) {
      e->res[i] = r->value || r->kind == RK_TABLE ? v_unknown() : v_bool(0);
      e->fired[i] = 0;
      e->active[i] = 0;
      continue;
    }
    e->active[i] = 1;
    if (r->kind == RK_TABLE) {
      e->fired[i] = 1;
      continue;
    }
    if (r->dynamic) {                       /* a hook's addition, set before evaluation */
      int on = e->aDyn && e->aDyn[i].on;
      e->fired[i] = (uint8_t)on;
      e->res[i] = on ? e->aDyn[i].value : v_unknown();
      continue;
    }
    if (r->kind == RK_LET) {
      if (r->renderOnly) continue;          /* evaluated where a note or report reads it */
      e->res[i] = eval_expr(e, r->value);
      e->fired[i] = v_known(e->res[i]);
      if (e->trace) trace_rule(e, i, e->res[i]);
      continue;
    }
    if (r->kind == RK_DEADLINE) {
      eval_deadline(e, i, v);
      if (e->trace) trace_rule(e, i, v_bool(e->fired[i]));
      continue;
    }
    Value w = r->when ? eval_expr(e, r->when) : v_bool(1);
    if (r->stops && v_true(w) && v_true(eval_expr(e, r->stops))) w = v_bool(0);   /* case work ended */
    if (r->nCase) {
      e->res[i] = v_true(w) ? eval_rows(e, r) : v_unknown();
      w = v_bool(v_known(e->res[i]));
    } else if (r->value) {
      e->res[i] = v_true(w) ? eval_expr(e, r->value) : v_unknown();
    } else {
      e->res[i] = w;
    }
    e->fired[i] = v_true(w);
    if (i == p->iScope) e->inScope = e->fired[i];
    if (e->trace) trace_rule(e, i, w);
  }
}

int eval_requirements(Eval *e, const Value *facts, RrInstant asOf, char *err, size_t n) {
  const Program *p = e->p;
  if (!p->nRequire) return 0;
  e->facts = facts;
  e->asOf = asOf;
  e->today = rr_local_date(p->zone, asOf);
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
  int y, m, dd;
  RrDate day = (RrDate)t.u.i;
  switch (d.aux) {
    case DU_MINUTES: case DU_HOURS: return v_unknown();
    case DU_DAYS: return v_date((RrDate)(day + n));
    case DU_WEEKS: return v_date((RrDate)(day + 7 * n));
    case DU_MONTHS: case DU_YEARS: {
      int64_t months = d.aux == DU_YEARS ? 12 * n : n;
      rr_date_to_ymd(day, &y, &m, &dd);
      int64_t total = (int64_t)y * 12 + (m - 1) + months;
      int ny = (int)(total >= 0 ? total / 12 : -((-total + 11) / 12));
      int nm = (int)(total - (int64_t)ny * 12) + 1;
      int dim = rr_days_in_month(ny, nm);
      return v_date(rr_date_from_ymd(ny, nm, dd > dim ? dim : dd));
    }
    case DU_WORKDAYS: {
      int step = n < 0 ? -1 : 1;
      int64_t left = n < 0 ? -n : n;
      while (left > 0) {
        day += step;
        if (rr_is_working_day(day, &e->hol)) left--;
      }
      return v_date(day);
    }
  }
  return v_unknown();
}

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

/* {==== rendering helpers ============================================== */

static void *ralloc(Eval *e, size_t n) {
  void *p = e->render ? arena_alloc(e->render, n) : NULL;
  if (!p) e->zErr = "out of memory while rendering";
  return p;
}

static Value make_list(Value *items, int n) {
  Value v = {0};
  v.tag = V_LIST;
  v.n = n;
  v.u.items = items;
  return v;
}

typedef struct Buf {
  char *z;
  size_t n, cap;
  Eval *e;
} Buf;

static void buf_add(Buf *b, const char *z, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->n + n + 1) cap *= 2;
    char *nz = ralloc(b->e, cap);
    if (!nz) return;
    if (b->n) memcpy(nz, b->z, b->n);
    b->z = nz;
    b->cap = cap;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
}

static void buf_str(Buf *b, const char *z) { buf_add(b, z, strlen(z)); }

static void format_value(Eval *e, Buf *b, Value v) {
  char tmp[64];
  const Program *p = e->p;
  switch (v.tag) {
    case V_UNKNOWN: buf_str(b, "unknown"); break;
    case V_NULL: buf_str(b, "null"); break;
    case V_BOOL: buf_str(b, v.u.i ? "true" : "false"); break;
    case V_INT: snprintf(tmp, sizeof tmp, "%lld", (long long)v.u.i); buf_str(b, tmp); break;
    case V_NUM:
      snprintf(tmp, sizeof tmp, "%g%s%s", v.u.d, v.aux ? " " : "", unit_name(v.aux));
      buf_str(b, tmp);
      break;
    case V_TEXT: buf_add(b, v.u.s, (size_t)v.n); break;
    case V_DATE: rr_format_date((RrDate)v.u.i, tmp); buf_str(b, tmp); break;
    case V_INSTANT: rr_format_instant(p->zone, v.u.i, tmp); buf_str(b, tmp); break;
    case V_TIME: rr_format_time_of_day((int)v.u.i, tmp); buf_str(b, tmp); break;
    case V_RANGE:
      rr_format_time_of_day((int)v.u.i, tmp);
      buf_str(b, tmp);
      buf_str(b, "-");
      rr_format_time_of_day(v.n, tmp);
      buf_str(b, tmp);
      break;
    case V_DUR:
      snprintf(tmp, sizeof tmp, "%lld %s", (long long)v.u.i, durunit_name(v.aux));
      buf_str(b, tmp);
      break;
    case V_ENUM: buf_str(b, p->aEnum[v.aux].azMember[v.u.i]); break;
    case V_RULE: buf_str(b, eval_rule_id(e, (int)v.u.i)); break;
    case V_LIST: case V_RULES: {
      ListIter it;
      Value x;
      int first = 1;
      list_iter(e, v, &it);
      while (list_next(&it, &x)) {
        if (!first) buf_str(b, ", ");
        first = 0;
        format_value(e, b, x);
      }
      break;
    }
    case V_REC: {
      const RecordDef *r = &p->aRecord[v.aux];
      buf_str(b, "{");
      for (int i = 0; i < r->nField; i++) {
        if (i) buf_str(b, ", ");
        buf_str(b, r->aField[i].zName);
        buf_str(b, ": ");
        format_value(e, b, v.u.items[i]);
      }
      buf_str(b, "}");
      break;
    }
    case V_OBJ: buf_str(b, "{...}"); break;
  }
}

const char *value_text(Eval *e, Value v) {
  Buf b = {0, 0, 0, e};
  buf_str(&b, "");
  format_value(e, &b, v);
  return b.z ? b.z : "";
}

static Value text_value(Buf *b) {
  return b->z ? v_text(b->z, (int)b->n) : v_text("", 0);
}

/* }==== */

/* {==== expressions ==================================================== */

static Value eval_builtin(Eval *e, const Node *n);
static Value render_overlay(Eval *e);
static const char *const status_names[] = {   /* ORDER STATUS */
  "met", "late", "pending", "overdue", "awaiting_start_event", "due_immediately"
};

static Value eval_attr(Eval *e, const Node *n);
static Value eval_render(Eval *e, const Node *n);

static Value kleene_not(Value v) { return v_known(v) ? v_bool(!v.u.i) : v; }

/* A number, or unknown when it overflowed to infinity (no such number). */
static Value finite_num(double x, int unit) { return isfinite(x) ? v_num(x, unit) : v_unknown(); }

static Value eval_table(Eval *e, const Node *n) {
  const Program *p = e->p;
  int v = version_in_force(e, n->slot);
  if (v < 0) return v_unknown();
  const Rule *r = &p->aRule[v];
  Value keys[RR_MAX_TABLE_KEYS];
  int nk = r->nKey < RR_MAX_TABLE_KEYS ? r->nKey : RR_MAX_TABLE_KEYS;   /* the checker refuses more */
  for (int k = 0; k < nk; k++) {
    keys[k] = eval_expr(e, n->args[k]);
    if (!v_known(keys[k])) return v_unknown();
  }
  for (int row = 0; row < r->nRow; row++) {
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
  Value x, found = v_unknown();
  if (!list_iter(e, ev(e, n->a), &it)) return v_unknown();
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
      return eval_render(e, n);     /* lists and texts */
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
      Value r = {0};
      r.tag = V_RANGE;
      r.u.i = a.u.i;
      r.n = (int32_t)b.u.i;
      return r;
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
    case N_FIRED: {
      Value r = {0};
      r.tag = V_RULES;
      r.aux = (uint16_t)n->slot;
      return r;
    }
    case N_SET: case N_LIST:
      if (n->flags & NF_CONST) return n->k;
      return eval_render(e, n);
    default:
      return eval_render(e, n);
  }
}

static Value eval_attr(Eval *e, const Node *n) {
  const Program *p = e->p;
  Value a = eval_expr(e, n->a);
  if (a.tag != V_RULE) return v_unknown();
  int i = (int)a.u.i;
  const Rule *r = &p->aRule[i];
  int v = version_in_force(e, i);
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
    case RA_CITATIONS: {
      if (r->dynamic && e->aDyn && e->aDyn[i].zCite) {
        Value *one = ralloc(e, sizeof *one);
        if (!one) return v_unknown();
        one[0] = v_text(e->aDyn[i].zCite, (int)strlen(e->aDyn[i].zCite));
        return make_list(one, 1);
      }
      Value *items = ralloc(e, (size_t)(r->nCite ? r->nCite : 1) * sizeof *items);
      if (!items) return v_unknown();
      for (int k = 0; k < r->nCite; k++) items[k] = v_text(r->azCite[k], (int)strlen(r->azCite[k]));
      return make_list(items, r->nCite);
    }
  }
  return v_unknown();
}

/* }==== */

/* {==== builtins ======================================================= */

static int rule_list_add(int *out, int n, int max, int r) {
  for (int i = 0; i < n; i++) if (out[i] == r) return n;
  if (n < max) out[n++] = r;
  return n;
}

static Value rules_value(Eval *e, const int *v, int n) {
  Value *items = ralloc(e, (size_t)(n ? n : 1) * sizeof *items);
  if (!items) return v_unknown();
  for (int i = 0; i < n; i++) items[i] = v_rule(v[i]);
  return make_list(items, n);
}

static int trace_into(Eval *e, int r, int *out, int n, int max) {
  const Program *p = e->p;
  int before = n;
  n = rule_list_add(out, n, max, r);
  if (n == before) return n;              /* already traced */
  int v = version_in_force(e, r);
  const Rule *rr = &p->aRule[v >= 0 ? v : r];
  for (int k = 0; k < rr->nUses; k++) n = rule_list_add(out, n, max, rr->aUses[k]);
  int basis[256];
  int nb = render_basis(e, r, basis, 256);
  for (int k = 0; k < nb; k++) n = trace_into(e, basis[k], out, n, max);
  return n;
}

static Value eval_builtin(Eval *e, const Node *n) {
  Value a = n->nArg > 0 ? eval_expr(e, n->args[0]) : v_unknown();
  switch (n->slot) {
    case B_AGE_ON: {
      Value at = eval_expr(e, n->args[1]);
      if (!v_known(a) || !v_known(at)) return v_unknown();
      RrDate on = at.tag == V_INSTANT ? rr_local_date(e->p->zone, at.u.i) : (RrDate)at.u.i;
      int age = rr_age_years((RrDate)a.u.i, on);
      return age < 0 ? v_unknown() : v_int(age);
    }
    case B_DATE_OF:
      return v_known(a) ? v_date(rr_local_date(e->p->zone, a.u.i)) : v_unknown();
    case B_OVERLAP_MINUTES: {
      Value b = eval_expr(e, n->args[1]);
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
      int one = n->nArg == 1 && list_iter(e, a, &it);
      for (int i = 0; one ? list_next(&it, &x) : i < n->nArg; i++) {
        if (!one) x = i ? eval_expr(e, n->args[i]) : a;
        if (!v_known(x)) continue;
        int c = v_known(best) ? values_cmp(x, best) : -2;
        int lower = n->slot == B_EARLIEST || n->slot == B_MIN;
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
    case B_OVERLAY:
      return render_overlay(e);
    case B_DEADLINES: case B_AWAITING: {
      /* deadlines(): every instance, in rule order, those awaiting their
      ** start event last; awaiting_deadlines(): only those */
      int cnt = 0;
      for (int k = 0; k < e->nInst; k++) cnt += n->slot == B_DEADLINES || e->aInst[k].status == DS_AWAITING;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      cnt = 0;
      for (int pass = n->slot == B_AWAITING; pass < 2; pass++) {
        for (int k = 0; k < e->nInst; k++) {
          if ((e->aInst[k].status == DS_AWAITING) == pass) items[cnt++] = render_deadline(e, k);
        }
      }
      return make_list(items, cnt);
    }
    case B_IDS: {
      ListIter it;
      Value x;
      int cnt = 0;
      if (a.tag == V_RULE) {
        const char *z = eval_rule_id(e, (int)a.u.i);
        Value *items = ralloc(e, sizeof *items);
        if (!items) return v_unknown();
        items[0] = v_text(z, (int)strlen(z));
        return make_list(items, 1);
      }
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) cnt++;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      list_iter(e, a, &it);
      cnt = 0;
      while (list_next(&it, &x)) {
        if (x.tag != V_RULE) continue;
        const char *z = eval_rule_id(e, (int)x.u.i);
        items[cnt++] = v_text(z, (int)strlen(z));
      }
      return make_list(items, cnt);
    }
    case B_BASIS: case B_TRACE: {
      int out[512];
      int cnt;
      if (a.tag != V_RULE) return v_unknown();
      if (n->slot == B_BASIS) cnt = render_basis(e, (int)a.u.i, out, 512);
      else cnt = trace_into(e, (int)a.u.i, out, 0, 512);
      return rules_value(e, out, cnt);
    }
    case B_HOLDING: {
      ListIter it;
      Value x;
      int out[512], cnt = 0;
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x) && cnt < 512) {
        if (x.tag == V_RULE && e->fired[x.u.i]) out[cnt++] = (int)x.u.i;
      }
      return rules_value(e, out, cnt);
    }
    case B_JOIN: {
      Value sep = eval_expr(e, n->args[1]);
      ListIter it;
      Value x;
      Buf b = {0, 0, 0, e};
      int first = 1;
      buf_str(&b, "");
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) {
        if (!first && sep.tag == V_TEXT) buf_add(&b, sep.u.s, (size_t)sep.n);
        first = 0;
        format_value(e, &b, x);
      }
      return text_value(&b);
    }
    case B_TEXT: {
      Buf b = {0, 0, 0, e};
      buf_str(&b, "");
      format_value(e, &b, a);
      return text_value(&b);
    }
  }
  return v_unknown();
}

/* }==== */

/* {==== render-time expressions ========================================= */

static Value eval_render(Eval *e, const Node *n) {
  if (!e->render) return v_unknown();     /* the checker keeps this from happening */
  switch (n->op) {
    case N_SET: case N_LIST: {
      Value *items = ralloc(e, (size_t)(n->nArg ? n->nArg : 1) * sizeof *items);
      if (!items) return v_unknown();
      for (int i = 0; i < n->nArg; i++) items[i] = eval_expr(e, n->args[i]);
      return make_list(items, n->nArg);
    }
    case N_OBJ: {
      if (n->type && n->type->k == T_REC) {
        const RecordDef *r = &e->p->aRecord[n->type->id];
        Value *f = ralloc(e, (size_t)(r->nField ? r->nField : 1) * sizeof *f);
        if (!f) return v_unknown();
        for (int i = 0; i < n->nArg; i++) {
          for (int j = 0; j < r->nField; j++) {
            if (strcmp(r->aField[j].zName, n->keys[i]) == 0) f[j] = eval_expr(e, n->args[i]);
          }
        }
        Value v = {0};
        v.tag = V_REC;
        v.aux = (uint16_t)n->type->id;
        v.u.items = f;
        return v;
      }
      Obj *o = ralloc(e, sizeof *o);
      Value *vals = ralloc(e, (size_t)(n->nArg ? n->nArg : 1) * sizeof *vals);
      if (!o || !vals) return v_unknown();
      for (int i = 0; i < n->nArg; i++) vals[i] = eval_expr(e, n->args[i]);
      o->n = n->nArg;
      o->keys = n->keys;
      o->vals = vals;
      Value v = {0};
      v.tag = V_OBJ;
      v.u.obj = o;
      return v;
    }
    case N_LISTCOMP: case N_OBJCOMP: {
      ListIter it;
      Value x;
      int cnt = 0, cap = 8;
      Value list = eval_expr(e, n->b);
      if (!list_iter(e, list, &it)) return v_unknown();
      Value *keys = ralloc(e, (size_t)cap * sizeof *keys);
      Value *vals = ralloc(e, (size_t)cap * sizeof *vals);
      if (!keys || !vals) return v_unknown();
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (n->op == N_LISTCOMP && n->c && !v_true(eval_expr(e, n->c))) continue;
        if (cnt == cap) {
          Value *nk = ralloc(e, (size_t)cap * 2 * sizeof *nk), *nv = ralloc(e, (size_t)cap * 2 * sizeof *nv);
          if (!nk || !nv) return v_unknown();
          memcpy(nk, keys, (size_t)cap * sizeof *nk);
          memcpy(nv, vals, (size_t)cap * sizeof *nv);
          keys = nk;
          vals = nv;
          cap *= 2;
        }
        if (n->op == N_LISTCOMP) {
          vals[cnt++] = eval_expr(e, n->a);
        } else {
          keys[cnt] = eval_expr(e, n->a);
          vals[cnt++] = eval_expr(e, n->c);
        }
      }
      if (n->op == N_LISTCOMP) return make_list(vals, cnt);
      Obj *o = ralloc(e, sizeof *o);
      const char **ks = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *ks);
      if (!o || !ks) return v_unknown();
      for (int i = 0; i < cnt; i++) ks[i] = value_text(e, keys[i]);
      o->n = cnt;
      o->keys = ks;
      o->vals = vals;
      Value v = {0};
      v.tag = V_OBJ;
      v.u.obj = o;
      return v;
    }
    case N_INTERP: {
      Buf b = {0, 0, 0, e};
      buf_str(&b, "");
      for (int i = 0; i < n->nArg; i++) format_value(e, &b, eval_expr(e, n->args[i]));
      return text_value(&b);
    }
    case N_ADD: {
      Value a = eval_expr(e, n->a), b = eval_expr(e, n->b);
      if (a.tag == V_TEXT && b.tag == V_TEXT) {
        Buf buf = {0, 0, 0, e};
        buf_add(&buf, a.u.s, (size_t)a.n);
        buf_add(&buf, b.u.s, (size_t)b.n);
        return text_value(&buf);
      }
      ListIter ia, ib;
      Value x;
      if (!list_iter(e, a, &ia) || !list_iter(e, b, &ib)) return v_unknown();
      int cnt = 0;
      while (list_next(&ia, &x)) cnt++;
      while (list_next(&ib, &x)) cnt++;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      list_iter(e, a, &ia);
      list_iter(e, b, &ib);
      cnt = 0;
      while (list_next(&ia, &x)) items[cnt++] = x;
      while (list_next(&ib, &x)) items[cnt++] = x;
      return make_list(items, cnt);
    }
    default:
      return v_unknown();
  }
}

/* }==== */

/* {==== evidence and basis ============================================== */

static const char *node_label(const Eval *e, const Node *n) {
  if (n->op == N_FACT) return e->p->aSlot[n->slot]->zPath;
  if (n->op == N_GETFIELD && n->a && n->a->type && n->a->type->k == T_REC)
    return e->p->aRecord[n->a->type->id].aField[n->slot].zName;
  if (n->op == N_RULEREF && !(n->flags & NF_ASRULE)) return e->p->aRule[n->slot].zId;   /* a let's name */
  return NULL;
}

/* Names the parts of a true condition that made it true. */
static void auto_evidence(Eval *e, const Node *n, Buf *b) {
  Value v;
  switch (n->op) {
    case N_OR:
      if (v_true(eval_expr(e, n->a))) auto_evidence(e, n->a, b);
      if (v_true(eval_expr(e, n->b))) auto_evidence(e, n->b, b);
      return;
    case N_AND:
      auto_evidence(e, n->a, b);
      auto_evidence(e, n->b, b);
      return;
    case N_ISTRUE:
      auto_evidence(e, n->a, b);
      return;
    case N_ANY: {
      ListIter it;
      Value x;
      if (!list_iter(e, eval_expr(e, n->a), &it)) return;
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (v_true(eval_expr(e, n->b))) {
          auto_evidence(e, n->b, b);
          return;
        }
      }
      return;
    }
    case N_ANYKIND: {
      ListIter it;
      Value x, kind = {0};
      kind.tag = V_RULES;
      kind.aux = (uint16_t)n->slot;
      list_iter(e, kind, &it);
      while (list_next(&it, &x)) {
        if (b->n) buf_str(b, ", ");
        format_value(e, b, x);
      }
      return;
    }
    default:
      break;
  }
  if (b->n) buf_str(b, ", ");
  const char *la = n->a ? node_label(e, n->a) : NULL;
  if (la && (n->op == N_ISKNOWN || n->op == N_ISNOTKNOWN || n->op == N_ISNOTTRUE || n->op == N_NOT)) {
    Value x = eval_expr(e, n->a);
    if (n->op == N_NOT) buf_str(b, "not ");
    buf_str(b, la);
    if (n->op == N_NOT) return;
    if (!v_known(x)) {
      buf_str(b, " not recorded");
    } else {
      buf_str(b, " '");
      format_value(e, b, x);
      buf_str(b, "'");
    }
    return;
  }
  const char *label = node_label(e, n);
  if (label && n->type && n->type->k == T_BOOL) {
    buf_str(b, label);
    return;
  }
  if (n->op == N_RULEREF && !(n->flags & NF_ASRULE)) {
    buf_str(b, e->p->aRule[n->slot].zId);
    return;
  }
  int member = n->op == N_IN || n->op == N_NOTIN || n->op == N_HASANY || n->op == N_HASALL;
  if ((member || (n->op >= N_EQ && n->op <= N_GE)) && n->a) {
    if (la) {
      buf_str(b, la);
      buf_str(b, " ");
    }
    v = eval_expr(e, n->a);
    buf_str(b, "'");
    format_value(e, b, v);
    buf_str(b, "'");
    if (!member && n->op != N_EQ) {
      buf_str(b, " ");
      buf_str(b, op_name(n->op));
      buf_str(b, " ");
      format_value(e, b, eval_expr(e, n->b));
    }
    return;
  }
  format_value(e, b, eval_expr(e, n));
}

Value render_evidence(Eval *e, int i) {
  const Program *p = e->p;
  if (!e->fired[i]) return v_unknown();
  if (p->aRule[i].dynamic) {
    const char *z = e->aDyn ? e->aDyn[i].zEvidence : NULL;
    return z ? v_text(z, (int)strlen(z)) : v_unknown();
  }
  int v = version_in_force(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  if (r->nCase) {
    /* a table: the row that decided, and the facts that made it hold */
    Buf b = {0, 0, 0, e};
    buf_str(&b, "");
    for (int k = 0; k < r->nCase; k++) {
      const Node *cond = r->aCaseCond[k];
      if (cond && !v_true(eval_expr(e, cond))) continue;   /* binds witnesses when it holds */
      if (r->evidence) {
        Value x = eval_expr(e, r->evidence);
        format_value(e, &b, x);
        return text_value(&b);
      }
      if (cond) auto_evidence(e, cond, &b);
      else buf_str(&b, "otherwise");
      buf_str(&b, " -> ");
      format_value(e, &b, r->aCaseValue[k]);
      return text_value(&b);
    }
    return v_unknown();
  }
  if (!r->when) return v_unknown();
  if (r->evidence) {
    eval_expr(e, r->when);               /* binds the witnesses */
    Value x = eval_expr(e, r->evidence);
    if (x.tag == V_TEXT || !v_known(x)) return x;
    Buf b = {0, 0, 0, e};
    buf_str(&b, "");
    format_value(e, &b, x);
    return text_value(&b);
  }
  Buf b = {0, 0, 0, e};
  buf_str(&b, "");
  auto_evidence(e, r->when, &b);
  return text_value(&b);
}

typedef struct Collect {
  int *out;
  int n, max;
} Collect;

static void collect(Eval *e, const Node *n, Collect *c);

static void collect_kids(Eval *e, const Node *n, Collect *c) {
  if (n->a) collect(e, n->a, c);
  if (n->b) collect(e, n->b, c);
  if (n->c) collect(e, n->c, c);
  for (int i = 0; i < n->nArg; i++) collect(e, n->args[i], c);
}

static void collect(Eval *e, const Node *n, Collect *c) {
  const Program *p = e->p;
  if (!n) return;
  switch (n->op) {
    case N_RULEREF: {
      if (n->flags & NF_ASRULE) return;
      const Rule *r = &p->aRule[n->slot];
      if (r->kind == RK_LET) {
        collect(e, r->value, c);
      } else if (e->fired[n->slot] || (r->value && v_known(e->res[n->slot]))) {
        c->n = rule_list_add(c->out, c->n, c->max, n->slot);
      }
      return;
    }
    case N_TABLE:
      c->n = rule_list_add(c->out, c->n, c->max, n->slot);
      collect_kids(e, n, c);
      return;
    case N_OR:
      if (v_true(eval_expr(e, n->a))) collect(e, n->a, c);
      if (v_true(eval_expr(e, n->b))) collect(e, n->b, c);
      return;
    case N_NOT: case N_ISNOTKNOWN: case N_ISNOTTRUE: case N_NOTIN:
      return;
    case N_ANYKIND: {
      const int *v = n->slot == RK_INTERPRETATION ? p->aInterp : p->aKindRule[n->slot];
      int cnt = n->slot == RK_INTERPRETATION ? p->nInterp : p->nKindRule[n->slot];
      for (int i = 0; i < cnt; i++) {
        if (e->fired[v[i]]) c->n = rule_list_add(c->out, c->n, c->max, v[i]);
      }
      return;
    }
    case N_ANY: case N_ALL: {
      ListIter it;
      Value x;
      if (!list_iter(e, eval_expr(e, n->a), &it)) return;
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (n->op == N_ALL || v_true(eval_expr(e, n->b))) collect(e, n->b, c);
      }
      return;
    }
    case N_IF:
      if (v_true(eval_expr(e, n->a))) {
        collect(e, n->a, c);
        collect(e, n->b, c);
      } else {
        collect(e, n->c, c);
      }
      return;
    case N_COALESCE:
      collect(e, v_known(eval_expr(e, n->a)) ? n->a : n->b, c);
      return;
    case N_FNCALL: {
      const Fn *f = &p->aFn[n->slot];
      for (int i = 0; i < n->nArg; i++) collect(e, n->args[i], c);
      for (int i = 0; i < n->nArg && i < f->nParam; i++) e->vars[f->aParamSlot[i]] = eval_expr(e, n->args[i]);
      collect(e, f->body, c);
      return;
    }
    default:
      collect_kids(e, n, c);
      return;
  }
}

int render_basis(Eval *e, int i, int *out, int max) {
  const Program *p = e->p;
  Collect c = {out, 0, max};
  if (!e->fired[i]) return 0;
  int v = version_in_force(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  collect(e, r->when ? r->when : r->value, &c);
  return c.n;
}

Value render_report(Eval *e, Arena *a) {
  Arena *saved = e->render;
  e->render = a;
  Value v = e->p->report ? eval_expr(e, e->p->report) : v_unknown();
  e->render = saved;
  return v;
}

/* }==== */

/* {==== level and category tables ======================================= */

/* The first row whose condition holds decides; 'otherwise' (no condition)
** always holds.  Unknown when no row holds: the factor is not scored. */
static Value eval_rows(Eval *e, const Rule *r) {
  for (int k = 0; k < r->nCase; k++) {
    if (!r->aCaseCond[k] || v_true(eval_expr(e, r->aCaseCond[k]))) return r->aCaseValue[k];
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

static void add_instance(Eval *e, int i, int v) {
  const Program *p = e->p;
  const Rule *r = &p->aRule[v];
  if (r->when && !v_true(eval_expr(e, r->when))) return;
  DlInst d;
  memset(&d, 0, sizeof d);
  d.rule = i;
  d.ver = v;
  d.governing = -1;
  d.holiday = -1;
  Value start = r->dlFrom ? eval_expr(e, r->dlFrom) : v_unknown(), due = v_unknown();
  if (r->nGoverned) {
    for (int k = 0; k < r->nGoverned; k++) {
      Value x = e->res[r->aGoverned[k]];
      if (x.tag == V_INSTANT && (!v_known(due) || x.u.i < due.u.i)) {
        due = x;
        d.governing = r->aGoverned[k];
      }
    }
  } else if (r->dlDue) {
    due = eval_expr(e, r->dlDue);
    if (!r->dlFrom && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER)) {
      start = eval_expr(e, r->dlDue->b);       /* counted from its anchor */
    }
  } else if (v_known(start) && (r->dlWithin || r->dlBound)) {
    due = add_duration(e, start, eval_expr(e, r->immediate ? r->dlBound : r->dlWithin), 1);
  }
  Value done = r->dlDone ? eval_expr(e, r->dlDone) : v_unknown();
  d.hasStart = start.tag == V_INSTANT;
  d.start = start.u.i;
  d.hasDue = due.tag == V_INSTANT && (d.hasStart || r->nGoverned || r->dlDue);
  d.due = due.u.i;
  d.hasDone = done.tag == V_INSTANT && done.u.i <= e->asOf;
  d.done = done.u.i;
  if (r->dlFrom && !d.hasStart) d.hasDue = 0;
  set_status(e, r, &d);
  if (r->stops && d.status != DS_MET && d.status != DS_LATE && v_true(eval_expr(e, r->stops))) return;
  if (r->usesWorkdays) check_calendar(e, &d);
  for (int g = 0; g < r->nGen && d.nBind < 8; g++) {
    d.bind[d.nBind++] = e->vars[r->aGen[g]->slot];
    if (r->aGen[g]->b && d.nBind < 8) d.bind[d.nBind++] = e->vars[r->aGen[g]->b->slot];
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
  e->aInst[e->nInst++] = d;
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
  if (!list_iter(e, eval_expr(e, gen->a), &it)) return;
  for (int k = 0; list_next(&it, &x); k++) {
    e->vars[gen->slot] = x;
    if (gen->b) e->vars[gen->b->slot] = v_int(k);
    each_generator(e, i, v, g + 1);
  }
}

static void eval_deadline(Eval *e, int i, int v) {
  int first = e->nInst;
  each_generator(e, i, v, 0);
  /* a deadline's value is its due date, when it has exactly one */
  e->fired[i] = e->nInst > first;
  e->res[i] = e->nInst == first + 1 && e->aInst[first].hasDue ? v_instant(e->aInst[first].due) : v_unknown();
}

/* The name of the event an expression reads: the fact, the field, or the
** alternative that supplied the value. */
static const char *expr_label(Eval *e, const Node *n) {
  switch (n->op) {
    case N_FACT: return e->p->aSlot[n->slot]->zName;
    case N_GETFIELD:
      if (n->a && n->a->type && n->a->type->k == T_REC) return e->p->aRecord[n->a->type->id].aField[n->slot].zName;
      return "?";
    case N_COALESCE: return expr_label(e, v_known(eval_expr(e, n->a)) ? n->a : n->b);
    case N_RULEREF: return e->p->aRule[n->slot].kind == RK_LET ? expr_label(e, e->p->aRule[n->slot].value)
                                                              : e->p->aRule[n->slot].zId;
    case N_BEFORE: case N_AFTER: return expr_label(e, n->b);
    case N_FNCALL: {
      const Fn *f = &e->p->aFn[n->slot];
      for (int k = 0; k < n->nArg && k < f->nParam; k++) e->vars[f->aParamSlot[k]] = eval_expr(e, n->args[k]);
      return expr_label(e, f->body);
    }
    case N_IF: return expr_label(e, v_true(eval_expr(e, n->a)) ? n->b : n->c);
    case N_BUILTIN:
      if ((n->slot == B_EARLIEST || n->slot == B_LATEST) && n->nArg > 1) {
        Value best = eval_expr(e, n);
        for (int k = 0; k < n->nArg; k++) {
          Value x = eval_expr(e, n->args[k]);
          if (v_known(x) && v_known(best) && x.u.i == best.u.i) return expr_label(e, n->args[k]);
        }
      }
      return n->nArg ? expr_label(e, n->args[0]) : "?";
    default: return "?";
  }
}

static void iso_dur(char *buf, size_t n, const char *sign, Value d) {
  long long k = (long long)d.u.i;
  switch (d.aux) {
    case DU_MINUTES: snprintf(buf, n, "%sPT%lldM", sign, k); break;
    case DU_HOURS: snprintf(buf, n, "%sPT%lldH", sign, k); break;
    case DU_DAYS: snprintf(buf, n, "%sP%lldD", sign, k); break;
    case DU_WEEKS: snprintf(buf, n, "%sP%lldD", sign, 7 * k); break;
    case DU_MONTHS: snprintf(buf, n, "%sP%lldM", sign, k); break;
    case DU_YEARS: snprintf(buf, n, "%sP%lldY", sign, k); break;
    default: snprintf(buf, n, "%s%lld working days", sign, k); break;
  }
}

static Value str_value(Eval *e, const char *z) {
  size_t n = strlen(z);
  char *c = ralloc(e, n + 1);
  if (!c) return v_unknown();
  memcpy(c, z, n + 1);
  return v_text(c, (int)n);
}

typedef struct ObjB {      /* an object under construction */
  const char *keys[24];
  Value vals[24];
  int n;
} ObjB;

static void put(ObjB *o, const char *k, Value v) {
  if (o->n < 24) {
    o->keys[o->n] = k;
    o->vals[o->n++] = v;
  }
}

static Value obj_value(Eval *e, ObjB *o);

static Value str_of(Eval *e, const char *z);

/* municipal_overlay(): the municipal overlay that decided the case (null for the
** national rules alone): its name, its rules that hold -- its own, the hooks'
** additions, the national rules it amended --, what it changed, and the
** trail of its hooks. */
static Value render_overlay(Eval *e) {
  const Program *p = e->p;
  if (!p->zOverlay) return v_null();
  int n = 0;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    n += r->iCanon == i && e->fired[i] && r->kind != RK_LET && (r->fromOverlay || r->amended);
  }
  Value *ids = ralloc(e, (size_t)(n + 1) * sizeof *ids);
  Value *am = ralloc(e, (size_t)(p->nAmend + 1) * sizeof *am);
  if (!ids || !am) return v_unknown();
  n = 0;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->iCanon == i && e->fired[i] && r->kind != RK_LET && (r->fromOverlay || r->amended))
      ids[n++] = str_of(e, eval_rule_id(e, i));
  }
  for (int k = 0; k < p->nAmend; k++) {
    ObjB a;
    a.n = 0;
    put(&a, "rule_id", str_of(e, p->aRule[p->aAmend[k].rule].zId));
    put(&a, "change", str_of(e, p->aAmend[k].zText));
    put(&a, "applied", v_bool(e->fired[p->aAmend[k].rule]));
    am[k] = obj_value(e, &a);
  }
  ObjB o;
  o.n = 0;
  put(&o, "name", str_of(e, p->zOverlay));
  put(&o, "title", str_of(e, p->zOverlayTitle));
  put(&o, "municipality", str_of(e, p->zMunicipality));
  put(&o, "rule_ids", make_list(ids, n));
  put(&o, "amendments", make_list(am, p->nAmend));
  if (p->nHook) put(&o, "hooks", v_known(e->hookTrail) ? e->hookTrail : make_list(am, 0));
  return obj_value(e, &o);
}

static Value str_of(Eval *e, const char *z) {
  (void)e;
  return z ? v_text(z, (int)strlen(z)) : v_null();
}

static Value obj_value(Eval *e, ObjB *o) {
  Obj *obj = ralloc(e, sizeof *obj);
  const char **keys = ralloc(e, (size_t)o->n * sizeof *keys);
  Value *vals = ralloc(e, (size_t)o->n * sizeof *vals);
  if (!obj || !keys || !vals) return v_unknown();
  memcpy(keys, o->keys, (size_t)o->n * sizeof *keys);
  memcpy(vals, o->vals, (size_t)o->n * sizeof *vals);
  obj->n = o->n;
  obj->keys = keys;
  obj->vals = vals;
  Value v = {0};
  v.tag = V_OBJ;
  v.u.obj = obj;
  return v;
}

Value render_deadline(Eval *e, int k) {
  const Program *p = e->p;
  DlInst *d = &e->aInst[k];
  const Rule *r = &p->aRule[d->ver];
  ObjB o;
  char buf[256];
  o.n = 0;
  /* the generator variables of this instance */
  for (int g = 0, b = 0; g < r->nGen && b < d->nBind; g++) {
    e->vars[r->aGen[g]->slot] = d->bind[b++];
    if (r->aGen[g]->b && b < d->nBind) e->vars[r->aGen[g]->b->slot] = d->bind[b++];
  }
  put(&o, "id", v_text(r->zId, (int)strlen(r->zId)));
  if (r->dlInstance) put(&o, "instance", eval_expr(e, r->dlInstance));
  int ids[16], nIds = 0;
  ids[nIds++] = d->rule;
  for (int u = 0; u < r->nUses && nIds < 16; u++) ids[nIds++] = r->aUses[u];
  put(&o, "rule_ids", rules_value(e, ids, nIds));
  put(&o, "kind", v_text(r->immediate ? "immediate" : "timed", r->immediate ? 9 : 5));
  int anchored = !r->dlFrom && r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER);
  if (r->fromLabel) put(&o, "start_event", eval_expr(e, r->fromLabel));
  else if (anchored && r->dueLabel) put(&o, "start_event", eval_expr(e, r->dueLabel));
  else put(&o, "start_event", str_value(e, r->dlFrom ? expr_label(e, r->dlFrom)
                                         : anchored ? expr_label(e, r->dlDue->b)
                                         : r->nGoverned ? "earliest applicable" : "?"));
  put(&o, "start_at", d->hasStart && !r->nGoverned ? v_instant(d->start) : v_null());
  /* the duration as the document counts it */
  if (r->nGoverned) {
    size_t len = (size_t)snprintf(buf, sizeof buf, "earliest of ");
    for (int g = 0; g < r->nGoverned && len < sizeof buf - 40; g++)
      len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", g ? " / " : "", p->aRule[r->aGoverned[g]].zId);
  } else if (r->immediate && !r->dlBound) {
    snprintf(buf, sizeof buf, "immediately (no numeric rule bounds it)");
  } else if (r->immediate) {
    char b2[64];
    iso_dur(b2, sizeof b2, "", r->dlBound->k);
    snprintf(buf, sizeof buf, "immediately (outer bound %s%s%s)", b2, r->iBoundRule >= 0 ? ", " : "",
             r->iBoundRule >= 0 ? p->aRule[r->iBoundRule].zId : "");
  } else if (r->dlWithin) {
    iso_dur(buf, sizeof buf, "", r->dlWithin->k);
  } else if (r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER)) {
    Value dv = eval_expr(e, r->dlDue->a);
    if (dv.tag == V_DUR) iso_dur(buf, sizeof buf, r->dlDue->op == N_BEFORE ? "-" : "", dv);
    else snprintf(buf, sizeof buf, "?");
  } else {
    snprintf(buf, sizeof buf, "as computed");
  }
  if (r->dueLabel && !anchored && !r->dlWithin && !r->immediate && !r->nGoverned) {
    put(&o, "duration", eval_expr(e, r->dueLabel));
  } else {
    put(&o, "duration", str_value(e, buf));
  }
  put(&o, "due_at", d->hasDue ? v_instant(d->due) : v_null());
  put(&o, "completed_event", r->doneLabel ? eval_expr(e, r->doneLabel)
                              : str_value(e, r->dlDone ? expr_label(e, r->dlDone) : "next occurrence"));
  put(&o, "completed_at", d->hasDone ? v_instant(d->done) : v_null());
  put(&o, "responsible", r->zResponsible ? v_text(r->zResponsible, (int)strlen(r->zResponsible)) : v_null());
  put(&o, "status", v_text(status_names[d->status], (int)strlen(status_names[d->status])));
  if (d->status == DS_LATE) {
    rr_format_duration(d->done - d->due, buf);
    put(&o, "late_by", str_value(e, buf));
  } else if (d->status == DS_OVERDUE) {
    rr_format_duration(e->asOf - d->due, buf);
    put(&o, "overdue_by", str_value(e, buf));
  }
  if (r->immediate) {
    if (r->iBoundRule >= 0) put(&o, "outer_bound_rule", v_text(p->aRule[r->iBoundRule].zId, (int)strlen(p->aRule[r->iBoundRule].zId)));
    if (d->hasDone && d->hasStart) {
      rr_format_duration(d->done - d->start, buf);
      put(&o, "elapsed", str_value(e, buf));
    }
  }
  /* notes: the rule's own, the governing deadline, the calendar's doubts */
  Buf nb = {0, 0, 0, e};
  if (d->governing >= 0) {
    buf_str(&nb, "governing deadline: ");
    buf_str(&nb, p->aRule[d->governing].zId);
  }
  if (r->note) {
    Value nv = eval_expr(e, r->note);
    if (nv.tag == V_TEXT && nv.n) {
      if (nb.n) buf_str(&nb, "; ");
      buf_add(&nb, nv.u.s, (size_t)nv.n);
    }
  }
  if (d->calendar & CF_UNCONFIRMED) {
    char day[32];
    rr_format_date(p->aHoliday[d->holiday], day);
    if (nb.n) buf_str(&nb, "; ");
    snprintf(buf, sizeof buf, "the due date counts %s (%s) as a non-working day, which is %s",
             day, p->azHolidayName[d->holiday], calendar_status_name(p->aHolidayStatus[d->holiday]));
    buf_str(&nb, buf);
  }
  if (d->calendar & CF_UNCOVERED) {
    if (nb.n) buf_str(&nb, "; ");
    buf_str(&nb, "the due date falls in a year the working calendar does not cover: non-working days may be missing");
  }
  if (nb.n) put(&o, "note", text_value(&nb));
  return obj_value(e, &o);
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
