/*
** plan.c - the evaluation plan of a program: for each position of the
** evaluation order, what eval_case does there (EvalStep, eval.h), decided
** once per program instead of once per rule and case.
**
** A rule with one version, of a simple form -- true when in force (a
** definition), a condition, a condition and a value, a let, a table -- gets
** its own step: eval_case checks its days in force and the scope, and
** evaluates its expressions directly; so for a deadline and level rows.
** Everything else (several versions, a hook's slot, the scope rule itself)
** is a ST_GENERAL step, evaluated the long way.
*/
#include "eval.h"
#include "flat.h"

#include <stdlib.h>

int eval_plan(Eval *e) {
  const Program *p = e->p;
  int oom = 0;
  arena_init(&e->plan);
  e->aStep = calloc((size_t)p->nOrder + 1, sizeof *e->aStep);
  if (!e->aStep) return -1;
  for (int k = 0; k < RK__COUNT; k++) {     /* kinds that share a convention read its instant once */
    e->aKindSame[k] = k;
    for (int j = 0; j < k && p->aKindLaw[k] >= 0; j++) {
      if (p->aKindLaw[j] == p->aKindLaw[k]) {
        e->aKindSame[k] = j;
        break;
      }
    }
  }
  /* the rules a transition may give the law of their start (any version) */
  uint8_t *aReach = calloc((size_t)p->nRule + 1, 1);
  if (!aReach) return -1;
  for (int t = 0; t < p->nRule; t++) {
    if (p->aRule[t].kind != RK_TRANSITION) continue;
    for (int j = 0; j < p->aRule[t].nLawFor; j++) {
      int u = p->aRule[t].aLawFor[j];
      if (u >= 0 && u < p->nRule) aReach[u] = 1;
    }
  }
  for (int k = 0; k < p->nOrder; k++) {
    int i = p->aOrder[k];
    const Rule *r = &p->aRule[i];
    EvalStep *s = &e->aStep[k];
    int c = r->kind >= 0 && r->kind < RK__COUNT ? p->aKindLaw[r->kind] : -1;
    s->i = i;
    s->op = ST_GENERAL;
    s->mayStart = 1;
    if (r->iNext >= 0 || r->iCanon != i || r->dynamic || i == p->iScope) continue;
    s->mayStart = (uint8_t)(r->lawStart || (c >= 0 && p->aRule[c].lawStart) || aReach[i]);
    s->gated = (uint8_t)(r->gated != 0);
    s->from = r->effFrom;
    s->span = r->effUntil > r->effFrom ? (uint32_t)r->effUntil - (uint32_t)r->effFrom : 0;
    s->when = r->when;
    s->value = r->value;
    s->stops = r->stops;
    s->off = r->value || r->kind == RK_TABLE ? v_unknown() : v_bool(0);
    if (r->kind == RK_DEADLINE) s->op = ST_DEADLINE;
    else if (r->nCase) s->op = ST_ROWS;
    else if (r->kind == RK_TABLE) s->op = ST_TABLE;
    else if (r->kind == RK_LET) s->op = r->renderOnly ? ST_SKIP : ST_LET;
    else if (!r->when && !r->value && !r->stops) s->op = ST_TRUE;
    else if (r->when && !r->value) s->op = ST_WHEN;
    else if (r->when && r->value) s->op = ST_VALUE;
    if (s->op == ST_GENERAL) s->mayStart = 1;   /* a form of its own: the long way */
    if (s->op == ST_LET || s->op == ST_WHEN || s->op == ST_VALUE || s->op == ST_ROWS) {
      s->fWhen = flat_compile(&e->plan, p, r->when, &oom);
      s->fValue = flat_compile(&e->plan, p, r->value, &oom);
      s->fStops = flat_compile(&e->plan, p, r->stops, &oom);
    }
  }
  free(aReach);
  /* every version's expressions that the long way evaluates */
  e->aRF = calloc((size_t)p->nRule + 1, sizeof *e->aRF);
  if (!e->aRF) return -1;
  for (int v = 0; v < p->nRule && !oom; v++) {
    const Rule *r = &p->aRule[v];
    RuleFlat *f = &e->aRF[v];
    if (r->kind == RK_LET || r->kind == RK_TABLE || r->dynamic) continue;
    f->when = flat_compile(&e->plan, p, r->when, &oom);
    f->value = flat_compile(&e->plan, p, r->value, &oom);
    f->stops = flat_compile(&e->plan, p, r->stops, &oom);
    if (r->nCase) {
      f->aCase = arena_alloc(&e->plan, (size_t)r->nCase * sizeof *f->aCase);
      if (!f->aCase) oom = 1;
      for (int k = 0; k < r->nCase && !oom; k++) f->aCase[k] = flat_compile(&e->plan, p, r->aCaseCond[k], &oom);
    }
    if (r->kind != RK_DEADLINE) continue;
    f->from = flat_compile(&e->plan, p, r->dlFrom, &oom);
    f->due = flat_compile(&e->plan, p, r->dlDue, &oom);
    if (r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER))
      f->anchor = flat_compile(&e->plan, p, r->dlDue->b, &oom);
    f->dur = flat_compile(&e->plan, p, r->immediate ? r->dlBound : r->dlWithin, &oom);
    f->done = flat_compile(&e->plan, p, r->dlDone, &oom);
    if (r->nGen) {
      f->aGen = arena_alloc(&e->plan, (size_t)r->nGen * sizeof *f->aGen);
      if (!f->aGen) oom = 1;
      for (int g = 0; g < r->nGen && !oom; g++) f->aGen[g] = flat_compile(&e->plan, p, r->aGen[g]->a, &oom);
    }
  }
  return oom ? -1 : 0;
}
