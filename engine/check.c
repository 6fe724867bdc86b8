/*
** check.c - the checker's driver: turns parsed declarations into a checked
** Program by running its phases in order (checkint.h lists the files that
** do the work of each).
**
** Every error is reported (several per run) with its source location; the
** checker never stops at the first one.  A phase that needs a consistent
** rule set (the calendar's coverage, the evaluation order) runs only when
** the phases before it found no error.
*/
#include "checkint.h"

#include <setjmp.h>
#include <string.h>

#include "calendar.h"

/* Sizes the arrays of P by a first count of DECLS (the hooks' slots are
** rules too, added by overlay_add_hook_slots). */
static void allocate(Checker *c, Decl *decls) {
  Program *p = c->p;
  int nEnum = 0, nRec = 0, nSrc = 0, nRule = 0, nFn = 0, nTest = 0, nHook = 0, nAmend = 0, nHol = 0;
  int nFile = c->d->nFile;
  for (Decl *d = decls; d; d = d->next) {
    switch (d->kind) {
      case D_ENUM: nEnum++; break;
      case D_RECORD: nRec++; break;
      case D_SOURCE: nSrc++; break;
      case D_RULE: case D_TABLE: case D_LET: nRule++; break;
      case D_FN: nFn++; break;
      case D_TEST: nTest++; break;
      case D_HOOK: nHook++; break;
      case D_TIGHTEN: case D_WIDEN: nAmend++; break;
      case D_HOLIDAY: nHol++; break;
      default: break;
    }
  }
  nRule += nHook * 4 * HOOK_SLOTS;
  p->aHook = xalloc(c, (size_t)(nHook + 1) * sizeof *p->aHook);
  p->aAmend = xalloc(c, (size_t)(nAmend + 1) * sizeof *p->aAmend);
  c->aOvHoliday = xalloc(c, (size_t)(nHol + 1) * sizeof *c->aOvHoliday);
  p->aEnum = xalloc(c, (size_t)(nEnum + 1) * sizeof *p->aEnum);
  p->aRecord = xalloc(c, (size_t)(nRec + 1) * sizeof *p->aRecord);
  p->aSource = xalloc(c, (size_t)(nSrc + 1) * sizeof *p->aSource);
  p->aRule = xalloc(c, (size_t)(nRule + 1) * sizeof *p->aRule);
  p->aFn = xalloc(c, (size_t)(nFn + 1) * sizeof *p->aFn);
  p->aTest = xalloc(c, (size_t)(nTest + 1) * sizeof *p->aTest);
  c->ruleDecl = xalloc(c, (size_t)(nRule + 1) * sizeof *c->ruleDecl);
  c->letState = xalloc(c, (size_t)(nRule + 1) * sizeof *c->letState);
  c->fileFrom = xalloc(c, (size_t)(nFile + 1) * sizeof *c->fileFrom);
  c->fileUntil = xalloc(c, (size_t)(nFile + 1) * sizeof *c->fileUntil);
  c->fileHasDefault = xalloc(c, (size_t)(nFile + 1) * sizeof *c->fileHasDefault);
  c->fileStops = xalloc(c, (size_t)(nFile + 1) * sizeof *c->fileStops);
}

/* The canonical rules of each construct, and those that are interpretations
** (a rule that applies a reading is one, whichever its construct). */
static void index_constructs(Checker *c) {
  Program *p = c->p;
  for (int k = 0; k < RK__COUNT; k++) {
    p->aKindRule[k] = xalloc(c, (size_t)(p->nRule + 1) * sizeof(int));
  }
  p->aInterp = xalloc(c, (size_t)(p->nRule + 1) * sizeof(int));
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    if (r->iCanon != i) {
      if (r->isInterpretation) p->aRule[r->iCanon].isInterpretation = 1;
      continue;
    }
    p->aKindRule[r->kind][p->nKindRule[r->kind]++] = i;
  }
  for (int i = 0; i < p->nRule; i++) {
    if (p->aRule[i].iCanon == i && p->aRule[i].isInterpretation) p->aInterp[p->nInterp++] = i;
  }
}

/* scope ID: the rule every case must meet for the rules it gates to apply. */
static void resolve_scope(Checker *c) {
  const Decl *d = c->scopeDecl;
  if (!d) return;
  const char *z = tok_str(c, d->iFile, d->name);
  c->p->iScope = strmap_get(&c->rules, z);
  if (c->p->iScope < 0) ERRT(d->iFile, d->name, "unknown rule '%s'", z);
}

/* The calendar: its zone and citations here, its days in calendar.c
** (expanded once, into the sorted table of non-working weekdays, with the
** overlay's municipal holidays). */
static void read_calendar(Checker *c) {
  Decl *d = c->calDecl;
  c->p->zZone = d ? string_tok(c, d->iFile, d->aux) : "UTC";
  for (Clause *cl = d ? d->clauses : NULL; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (strmap_get(&c->sources, key) < 0) ERRT(d->iFile, ct->src, "unknown source '%s'", key);
    }
  }
  calendar_build(c->p, c->d, d, c->aOvHoliday, c->nOvHoliday);
}

/* Tables: their key types and constant rows (their values are needed by
** the expressions that look them up). */
static void check_tables(Checker *c) {
  for (int i = 0; i < c->p->nRule; i++) if (c->p->aRule[i].kind == RK_TABLE) check_table(c, i);
}

/* Every rule, let and function, in an order where each comes after the
** definitions it names (order_check), then any left (a cycle: reported). */
static void check_definitions(Checker *c) {
  order_check(c);
  for (int i = 0; i < c->p->nRule; i++) check_rule(c, i);
  for (int i = 0; i < c->p->nFn; i++) check_fn(c, i);
}

/* report NAME EXPR: rendered once per decision. */
static void check_report(Checker *c) {
  const Decl *d = c->reportDecl;
  if (!d) return;
  Saved s;
  check_save(c, &s);
  c->render = RENDER_YES;
  c->p->report = d->expr;
  c->p->zReport = tok_str(c, d->iFile, d->name);
  chk(c, c->p->report, NULL);
  check_restore(c, &s, NULL, NULL);
}

/* The tests written in the language (test "..." given ... expect ...). */
static void check_tests(Checker *c, Decl *decls) {
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind == D_TEST) check_test(c, d, &c->p->aTest[c->p->nTest++]);
  }
}

/* municipality by EXPR: the text that chooses the overlay of a case. */
static void check_selector(Checker *c) {
  if (!c->selectorDecl) return;
  Program *p = c->p;
  p->selector = c->selectorDecl->expr;
  const Type *t = chk(c, p->selector, NULL);
  if (!is_error(t) && t->k != T_TEXT) ERR(p->selector, "'municipality by' needs text (a municipality's name)");
}

/* holiday from EXPR (in the calendar): the days off a case adds. */
static void check_case_holidays(Checker *c) {
  Program *p = c->p;
  if (!p->caseHolidays) return;
  const Type *t = chk(c, p->caseHolidays, NULL);
  if (!is_error(t) && !(t->k == T_LIST && t->elem->k == T_DATE)) {
    ERR(p->caseHolidays, "'holiday from' needs a list of dates");
  }
}

/* The phases, in order.  Returns the number of errors they reported. */
static int check_phases(Checker *c, Decl *decls) {
  Program *p = c->p;
  int nErr0 = c->d->nErr;
  allocate(c, decls);
  /* 1: names, and what the overlay changes in them */
  declare_names(c, decls);
  declare_definitions(c, decls);
  overlay_check_base(c);
  overlay_apply(c, decls);
  overlay_add_hook_slots(c);
  index_constructs(c);
  resolve_scope(c);
  read_calendar(c);
  /* 2: types of records, facts, parameters; tables */
  declare_schema(c, decls);
  check_tables(c);
  /* 3: expressions */
  check_definitions(c);
  check_report(c);
  check_tests(c, decls);
  check_requirements(c, decls);
  law_check(c);
  overlay_verify_tightened(c);
  if (c->d->nErr == nErr0) calendar_check_coverage(p, c->d, c->calDecl);
  check_selector(c);
  check_case_holidays(c);
  /* 4 and 5: the evaluation order (rejecting cycles), the rules the scope gates */
  if (c->d->nErr == nErr0) {
    order_rules(c);
    order_mark_gated(p);
  }
  return c->d->nErr - nErr0;
}

/* Runs the phases with the arena set to longjmp here when memory runs out:
** the program is then unusable, and the diagnostics say why (oom). */
static int check_guarded(Checker *c, Decl *decls) {
  jmp_buf env;
  Program *p = c->p;
  int nErr0 = c->d->nErr, nErr;
  void *saved = p->arena.jmp;
  if (setjmp(env) == 0) {
    p->arena.jmp = &env;
    nErr = check_phases(c, decls);
  } else {
    c->d->oom = 1;
    nErr = c->d->nErr - nErr0 + 1;
  }
  p->arena.jmp = saved;
  return nErr;
}

/* check.h.  The Checker lives on the stack; what it allocates is in P's
** arena. */
int check_program(Program *p, Diag *diag, Decl *decls) {
  Checker c;
  memset(&c, 0, sizeof c);
  c.p = p;
  c.d = diag;
  c.a = &p->arena;
  c.rules.a = c.lets.a = c.fns.a = c.types.a = c.sources.a = c.a;
  c.curRule = c.curFn = -1;
  p->iScope = -1;
  return check_guarded(&c, decls);
}
