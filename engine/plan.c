/*
** plan.c - the evaluation plan of a program: for each position of the
** evaluation order, what eval_case does there (EvalStep, eval.h), decided
** once per program instead of once per rule and case.
**
** A rule with one version, of a simple form -- true when in force (a
** definition), a condition, a condition and a value, a let, a table -- gets
** its own step: eval_case checks its days in force and the scope, and
** evaluates its expressions directly.  Everything else (several versions, a
** deadline, level rows, a hook's slot, the scope rule itself) is a
** ST_GENERAL step, evaluated the long way.
*/
#include "eval.h"

#include <stdlib.h>

int eval_plan(Eval *e) {
  const Program *p = e->p;
  e->aStep = calloc((size_t)p->nOrder + 1, sizeof *e->aStep);
  if (!e->aStep) return -1;
  for (int k = 0; k < p->nOrder; k++) {
    int i = p->aOrder[k];
    const Rule *r = &p->aRule[i];
    EvalStep *s = &e->aStep[k];
    s->i = i;
    s->op = ST_GENERAL;
    if (r->iNext >= 0 || r->iCanon != i || r->dynamic || i == p->iScope || r->nCase || r->kind == RK_DEADLINE)
      continue;
    s->gated = (uint8_t)(r->gated != 0);
    s->from = r->effFrom;
    s->until = r->effUntil;
    s->when = r->when;
    s->value = r->value;
    s->stops = r->stops;
    s->off = r->value || r->kind == RK_TABLE ? v_unknown() : v_bool(0);
    if (r->kind == RK_TABLE) s->op = ST_TABLE;
    else if (r->kind == RK_LET) s->op = r->renderOnly ? ST_SKIP : ST_LET;
    else if (!r->when && !r->value && !r->stops) s->op = ST_TRUE;
    else if (r->when && !r->value) s->op = ST_WHEN;
    else if (r->when && r->value) s->op = ST_VALUE;
  }
  return 0;
}
