/*
** law.c - which instant's law applies to a rule (rule time is not fact
** time): the 'law' clauses checked and folded into the program.
**
**   convention C "..." law for hazard, wfcl at events.identified_at
**       the default for kinds of rule (one convention per kind)
**   deadline D "..." law at start        (any rule: its own instant;
**       'start' is a deadline's start event)
**   transition T "..." when COND law for RULE, ... at INSTANT
**       while COND holds, the named rules take the law in force at INSTANT
**
** Without a clause a rule takes the law in force on the date of the
** evaluation (as_of).  The expressions read the facts only (and as_of):
** they are evaluated before any rule (eval.c: eval_law_days).  A version's
** clause is the first version's: the instant decides which version applies.
*/
#include "checkint.h"

#include <string.h>

/* What an instant whose law applies may read: facts, as_of, constants,
** functions of those.  Returns 0 after reporting the first thing it may not. */
static int facts_only(Checker *c, const Node *n) {
  if (!n) return 1;
  switch (n->op) {
    case N_RULEREF: case N_TABLE: case N_RULEATTR: case N_ANYKIND: case N_FIRED:
      if (n->op == N_RULEREF && (n->flags & NF_ASRULE)) break;
      ERR(n, "the instant whose law applies reads facts only, not rules or lets: write it out");
      return 0;
    case N_FNCALL:
      if (c->p->aFn[n->slot].nDep) {
        ERR(n, "the instant whose law applies reads facts only: function '%s' reads rules or lets",
            c->p->aFn[n->slot].zName);
        return 0;
      }
      break;
    default:
      break;
  }
  if (!facts_only(c, n->a) || !facts_only(c, n->b) || !facts_only(c, n->c) || !facts_only(c, n->d)) return 0;
  for (int i = 0; i < n->nArg; i++) if (!facts_only(c, n->args[i])) return 0;
  return 1;
}

static int is_start(const Node *n) {
  return n && n->op == N_NAME && n->zName && strcmp(n->zName, "start") == 0;
}

/* The instant of clause CL for rule R: a date or date-time of the facts. */
static void check_instant(Checker *c, Rule *r, Clause *cl) {
  if (is_start(cl->expr)) {
    r->lawStart = 1;
    return;
  }
  Saved s;
  check_save(c, &s);
  const Type *t = chk(c, cl->expr, NULL);
  check_restore(c, &s, NULL, NULL);
  if (is_error(t)) return;
  if (t->k != T_INSTANT && t->k != T_DATE) {
    char z[96];
    type_str(c, t, z, sizeof z);
    ERR(cl->expr, "'law at' needs a date or date-time (the instant whose law applies), not %s", z);
    return;
  }
  if (facts_only(c, cl->expr)) r->lawAt = cl->expr;
}

/* A convention's kinds: law for hazard, wfcl at ... */
static void law_for_kinds(Checker *c, Decl *d, int i, Clause *cl) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  int n = 0;
  for (NameList *nm = cl->names; nm; nm = nm->next) n++;
  r->aLawFor = xalloc(c, (size_t)(n ? n : 1) * sizeof *r->aLawFor);
  for (NameList *nm = cl->names; nm; nm = nm->next) {
    const char *z = tok_str(c, d->iFile, nm->name);
    int k = kind_lookup(z, (int)strlen(z));
    if (k < 0 || !kind_has(k, KF_RULE) || k == RK_CONVENTION || k == RK_TRANSITION) {
      ERRT(d->iFile, nm->name, "a convention's 'law for' names kinds of rule (hazard, wfcl, deadline ...), "
           "not '%s'", z);
      continue;
    }
    if (p->aKindLaw[k] >= 0 && p->aKindLaw[k] != i) {
      const Rule *o = &p->aRule[p->aKindLaw[k]];
      ERRT(d->iFile, nm->name, "the law that applies to %s rules is already declared by %s", z, o->zId);
      diag_note(c->d, o->iFile, o->off, o->len, "%s declares it here", o->zId);
      continue;
    }
    if (r->lawStart && k != RK_DEADLINE) {
      ERRT(d->iFile, nm->name, "'at start' is a deadline's start event: %s rules have none", z);
      continue;
    }
    p->aKindLaw[k] = i;
    r->aLawFor[r->nLawFor++] = k;
  }
}

/* A transition's rules: law for RULE, ... at ... */
static void law_for_rules(Checker *c, Decl *d, int i, Clause *cl) {
  Rule *r = &c->p->aRule[i];
  int n = 0;
  for (NameList *nm = cl->names; nm; nm = nm->next) n++;
  r->aLawFor = xalloc(c, (size_t)(n ? n : 1) * sizeof *r->aLawFor);
  for (NameList *nm = cl->names; nm; nm = nm->next) {
    const char *z = tok_str(c, d->iFile, nm->name);
    int u = strmap_get(&c->rules, z);
    if (u < 0) {
      const char *sug = declare_suggest_rule(c, z);
      if (sug) ERRT(d->iFile, nm->name, "unknown rule '%s' (did you mean '%s'?)", z, sug);
      else ERRT(d->iFile, nm->name, "a transition's 'law for' names rules, and '%s' is none", z);
      continue;
    }
    if (c->p->aRule[u].kind == RK_LET || c->p->aRule[u].kind == RK_TRANSITION) {
      ERRT(d->iFile, nm->name, "a transition applies to rules and tables, not to %s", z);
      continue;
    }
    if (r->lawStart && c->p->aRule[u].kind != RK_DEADLINE) {
      ERRT(d->iFile, nm->name, "'at start' is a deadline's start event: %s has none", z);
      continue;
    }
    r->aLawFor[r->nLawFor++] = u;
  }
}

/* The 'law' clause of rule I, if any. */
static Clause *law_clause(Checker *c, int i) {
  Decl *d = c->ruleDecl[i];
  if (!d || d->kind == D_LET) return NULL;
  for (Clause *cl = d->clauses; cl; cl = cl->next) if (cl->kind == CL_LAW) return cl;
  return NULL;
}

/* check.h: phase 3, once every rule's expressions are checked. */
void law_check(Checker *c) {
  Program *p = c->p;
  for (int k = 0; k < RK__COUNT; k++) p->aKindLaw[k] = -1;
  p->aTransition = xalloc(c, (size_t)(p->nRule + 1) * sizeof *p->aTransition);
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    Decl *d = c->ruleDecl[i];
    Clause *cl = law_clause(c, i);
    if (r->kind == RK_TRANSITION && r->iCanon == i) p->aTransition[p->nTransition++] = i;
    if (!cl) {
      if (r->kind == RK_TRANSITION)
        ERRT(d->iFile, d->name, "transition %s needs 'law for RULE, ... at INSTANT'", r->zId);
      continue;
    }
    if (in_overlay(c, d->iFile)) {
      ERRT(d->iFile, cl->kw, "'law' is national: a municipal overlay cannot say whose law applies");
      continue;
    }
    if (r->kind == RK_TABLE) {
      ERRT(d->iFile, cl->kw, "a table takes the law of the rule that reads it: no 'law' clause");
      continue;
    }
    check_instant(c, r, cl);
    if (r->lawStart && !cl->names && r->kind != RK_DEADLINE) {
      ERR(cl->expr, "'at start' is a deadline's start event: %s %s has none", kind_name(r->kind), r->zId);
      r->lawStart = 0;
    }
    if (r->kind == RK_CONVENTION) {
      if (!cl->names) ERRT(d->iFile, cl->kw, "a convention says 'law for KIND, ... at INSTANT'");
      else law_for_kinds(c, d, i, cl);
    } else if (r->kind == RK_TRANSITION) {
      if (!cl->names) ERRT(d->iFile, cl->kw, "a transition says 'law for RULE, ... at INSTANT'");
      else law_for_rules(c, d, i, cl);
    } else if (cl->names) {
      ERRT(d->iFile, cl->kw, "'law for' belongs to a convention (kinds of rule) or a transition (rules); "
           "a rule says 'law at INSTANT'");
    }
  }
}
