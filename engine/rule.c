/*
** rule.c - definitions checked in the context each gives its expressions:
** rules (their conditions, values, rows, deadlines, evidence and notes),
** functions, tables, tests written in the language, and the requirements
** on the facts of a case.
**
** The context is the Checker's current definition: the variables in scope,
** the dependencies being collected and what its expressions may do
** (Render).  A definition checked inside another, at its first use, saves
** and restores that context (check_save, check_restore).
*/
#include "checkint.h"

#include <string.h>

#include "rrlimits.h"

/* {==== the context of a definition ==================================== */

/* Starts checking a new rule or function while another may be half done (a
** let or fn is checked lazily at its first use): its variables stay on the
** stack but out of sight. */
void check_save(Checker *c, Saved *s) {
  *s = (Saved){c->dep, c->nDep, c->capDep, c->curRule, c->curFn, c->nVar, c->varFloor, c->render,
             c->nRenderUses};
  c->dep = NULL;
  c->nDep = c->capDep = 0;
  c->varFloor = c->nVar;
  c->render = RENDER_NO;
  c->nNest++;
}

/* Ends the definition started by check_save: its dependencies go to *PDEP
** and *PNDEP (when PDEP is not NULL), and the enclosing one resumes. */
void check_restore(Checker *c, const Saved *s, int **pDep, int *pnDep) {
  if (pDep) {
    *pDep = xalloc(c, (size_t)(c->nDep ? c->nDep : 1) * sizeof **pDep);
    if (c->nDep) memcpy(*pDep, c->dep, (size_t)c->nDep * sizeof **pDep);
    *pnDep = c->nDep;
  }
  c->dep = s->dep;
  c->nDep = s->nDep;
  c->capDep = s->capDep;
  c->curRule = s->curRule;
  c->curFn = s->curFn;
  c->nVar = s->nVar;
  c->varFloor = s->varFloor;
  c->render = s->render;
  c->nRenderUses = s->nRenderUses;      /* a rule checked on the way counts for itself */
  c->nNest--;
}

/* The variables a true 'when' leaves bound: those of its existential
** quantifiers reachable through 'and'.  Evidence may name them. */
static void push_witnesses(Checker *c, Node *n) {
  if (!n) return;
  if (n->op == N_AND) {
    push_witnesses(c, n->a);
    push_witnesses(c, n->b);
  } else if (n->op == N_ANY && n->slot >= 0 && c->nVar < (int)(sizeof c->vars / sizeof c->vars[0])) {
    const Type *lt = n->a->type;
    c->vars[c->nVar++] = (Var){n->zName, n->slot, lt && lt->k == T_LIST ? lt->elem : &tyError};
    push_witnesses(c, n->b);
  }
}

/* }==== */

/* {==== rules ========================================================= */

static int is_constant(const Node *n) {
  switch (n->op) {
    case N_BOOL: case N_INT: case N_NUM: case N_STR: case N_DATE: case N_INSTANT: case N_TIME:
    case N_DUR: case N_ENUMLIT:
      return 1;
    default:
      return 0;
  }
}

/* The variables of 'for each': each generator ranges over a list and may
** name the position (for each c at i in events.cmrs). */
static void check_generators(Checker *c, Rule *r) {
  for (int g = 0; g < r->nGen; g++) {
    Node *n = r->aGen[g];
    const Type *lt = chk(c, n->a, NULL), *et = &tyError;
    if (!is_error(lt)) {
      if (lt->k != T_LIST) {
        char s[96];
        type_str(c, lt, s, sizeof s);
        ERR(n->a, "'for each' needs a list, not %s", s);
      } else {
        et = lt->elem;
      }
    }
    n->slot = chk_push_var(c, n, n->zName, et);
    if (n->b) n->b->slot = chk_push_var(c, n->b, n->b->zName, &tyInt);
    n->type = et;
  }
}

/* Rows of a level table (factor) or a category table (assistance): constant
** values, conditions in order, the first that holds decides; 'otherwise' last. */
static void check_rows(Checker *c, Rule *r) {
  const Type *want = r->kind == RK_FACTOR ? type_level(c) : NULL, *u = NULL;
  if (r->kind == RK_FACTOR && !want) {
    ERRT(r->iFile, ((Token){r->off, r->len}), "a factor needs the type Level (enum Level { ... })");
    return;
  }
  for (int k = 0; k < r->nCase; k++) {
    Node *v = r->aCaseNode[k];
    const Type *t = chk(c, v, want);
    if (!is_error(t)) {
      if (!is_constant(v)) ERR(v, "a row's value must be a constant");
      else if (u && !type_unify(c, u, t)) type_mismatch(c, v, "mix", u, t);
      else if (!u) u = t;
      r->aCaseValue[k] = v->k;
    }
    if (r->aCaseCond[k]) chk_bool(c, r->aCaseCond[k], "a row's condition");
    if (k > 0 && !r->aCaseCond[k - 1]) {
      ERR(v, "this row can never apply: the row before it is 'otherwise'");
    }
    /* a level table reads from the highest level down: the highest indicated wins */
    if (k > 0 && r->kind == RK_FACTOR && !r->amended && !is_error(t) && is_constant(r->aCaseNode[k - 1]) &&
        r->aCaseValue[k].u.i > r->aCaseValue[k - 1].u.i) {
      ERR(v, "rows of a level table go from the highest level down ('%s' after '%s'): "
          "the first row that holds decides", r->aCaseNode[k]->zName, r->aCaseNode[k - 1]->zName);
    }
  }
  r->type = u ? u : &tyError;
  if (r->amended) overlay_merge_rows(r);
}

/* N counts working days somewhere (the deadline then needs the calendar). */
static int mentions_workdays(const Node *n) {
  if (!n) return 0;
  if (n->op == N_DUR && n->k.tag == V_DUR && n->k.aux == DU_WORKDAYS) return 1;
  if (mentions_workdays(n->a) || mentions_workdays(n->b) || mentions_workdays(n->c)) return 1;
  for (int i = 0; i < n->nArg; i++) if (mentions_workdays(n->args[i])) return 1;
  return 0;
}

/* Checks N and reports it unless it is of kind K (a date-time, a duration
** or text; a date-time may be null). */
static void expect_type(Checker *c, Node *n, TKind k, const char *what) {
  const Type *t = chk(c, n, NULL);
  if (!is_error(t) && t->k != k && !(k == T_INSTANT && t->k == T_NULL)) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n, "%s must be %s, not %s", what, k == T_INSTANT ? "a date-time" : k == T_DUR ? "a duration" : "text", s);
  }
}

/* A deadline's clauses: from, within or due, done, instance, labels; the
** rule that bounds an immediate duty; the deadlines it is governed by. */
static void check_deadline(Checker *c, Rule *r, Decl *d) {
  r->type = &tyInstant;
  if (r->dlFrom) expect_type(c, r->dlFrom, T_INSTANT, "'from'");
  if (r->dlWithin) expect_type(c, r->dlWithin, T_DUR, "'within'");
  if (r->dlBound) expect_type(c, r->dlBound, T_DUR, "'immediately within'");
  if (r->dlDue) expect_type(c, r->dlDue, T_INSTANT, "'due'");
  if (r->dlDone) expect_type(c, r->dlDone, T_INSTANT, "'done'");
  c->render = RENDER_YES;
  if (r->dlInstance) expect_type(c, r->dlInstance, T_TEXT, "'instance'");
  if (r->fromLabel) expect_type(c, r->fromLabel, T_TEXT, "a label");
  if (r->dueLabel) expect_type(c, r->dueLabel, T_TEXT, "a label");
  if (r->doneLabel) expect_type(c, r->doneLabel, T_TEXT, "a label");
  c->render = RENDER_NO;
  r->usesWorkdays = mentions_workdays(r->dlWithin) || mentions_workdays(r->dlDue) ||
                    mentions_workdays(r->dlBound);
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN && cl->label.len && r->immediate) {
      const char *z = tok_str(c, d->iFile, cl->label);
      r->iBoundRule = strmap_get(&c->rules, z);
      if (r->iBoundRule < 0) ERRT(d->iFile, cl->label, "unknown rule '%s'", z);
    }
    if (cl->kind != CL_GOVERNED) continue;
    int n = 0;
    for (NameList *nm = cl->names; nm; nm = nm->next) n++;
    r->aGoverned = xalloc(c, (size_t)n * sizeof *r->aGoverned);
    for (NameList *nm = cl->names; nm; nm = nm->next) {
      const char *z = tok_str(c, d->iFile, nm->name);
      int g = strmap_get(&c->rules, z);
      if (g < 0) {
        ERRT(d->iFile, nm->name, "unknown rule '%s'", z);
      } else if (c->p->aRule[g].kind != RK_DEADLINE || c->p->aRule[g].nGen) {
        ERRT(d->iFile, nm->name, "'%s' is not a deadline with a single due date", z);
      } else {
        r->aGoverned[r->nGoverned++] = g;
        chk_add_dep(c, g);
      }
    }
  }
  if (r->nGoverned && !r->dlDone) ERRT(d->iFile, d->name, "deadline %s needs 'done' to be met", r->zId);
}

/* Checks rule (or let) I: its generators, 'when', rows, deadline, 'stops
** when', note, value, evidence and 'uses', each in its context; sets its
** type and its dependencies (Rule.aDep).  Called in order_check's order,
** and at a rule's first use from chk when its type is needed first: a rule
** under way then is a definition in terms of itself (reported by chk). */
void check_rule(Checker *c, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  if (c->letState[i] != CHECK_NOT_YET) return;
  if (r->kind == RK_TABLE) { c->letState[i] = CHECK_DONE; return; }   /* checked in phase 2 */
  if (r->dynamic) {                                            /* a hook's slot: filled per case */
    c->letState[i] = CHECK_DONE;
    r->type = r->kind == RK_FACTOR && type_level(c) ? type_level(c) : &tyBool;
    return;
  }
  c->letState[i] = CHECK_UNDER_WAY;
  Saved s;
  check_save(c, &s);
  c->curRule = i;
  check_generators(c, r);
  if (r->when) chk_bool(c, r->when, "'when'");
  push_witnesses(c, r->when);
  if (r->nCase) check_rows(c, r);
  if (r->kind == RK_DEADLINE) check_deadline(c, r, c->ruleDecl[i]);
  if (r->stops) chk_bool(c, r->stops, "'stops when'");
  if (r->note) {
    c->render = RENDER_YES;
    const Type *t = chk(c, r->note, NULL);
    if (!is_error(t) && t->k != T_TEXT) ERR(r->note, "a note must be text");
    c->render = RENDER_NO;
  }
  if (r->nCase || r->kind == RK_DEADLINE) {
    /* the type was set by the table or deadline */
  } else if (r->value && r->kind == RK_LET) {
    /* a let may build text for notes and reports: then it is rendered, not evaluated */
    int before = c->nRenderUses;
    c->render = RENDER_LET;
    r->type = chk(c, r->value, NULL);
    c->render = RENDER_NO;
    r->renderOnly = c->nRenderUses > before;
  } else if (r->value) {
    const Type *t = chk(c, r->value, NULL);
    if (!is_error(t) && t->k == T_NULL) {
      ERR(r->value, "a rule's value cannot be null");
      t = &tyError;
    }
    r->type = t;
  } else {
    r->type = &tyBool;
  }
  if (r->value && (r->nCase || r->kind == RK_DEADLINE)) {
    ERR(r->value, "%s %s takes its value from its %s, not from '='", kind_name(r->kind), r->zId,
        r->nCase ? "rows" : "due date");
  }
  if (r->evidence) {
    c->render = RENDER_YES;
    chk(c, r->evidence, NULL);
    c->render = RENDER_NO;
  }
  Decl *d = c->ruleDecl[i];
  int nUses = 0;
  for (Clause *cl = d ? d->clauses : NULL; cl; cl = cl->next) {
    if (cl->kind == CL_USES) for (NameList *nm = cl->names; nm; nm = nm->next) nUses++;
  }
  r->aUses = xalloc(c, (size_t)(nUses ? nUses : 1) * sizeof *r->aUses);
  for (Clause *cl = d ? d->clauses : NULL; cl; cl = cl->next) {
    if (cl->kind != CL_USES) continue;
    for (NameList *nm = cl->names; nm; nm = nm->next) {
      const char *z = tok_str(c, d->iFile, nm->name);
      int u = strmap_get(&c->rules, z);
      if (u < 0) {
        const char *sug = declare_suggest_rule(c, z);
        if (sug) ERRT(d->iFile, nm->name, "unknown rule '%s' (did you mean '%s'?)", z, sug);
        else ERRT(d->iFile, nm->name, "unknown rule '%s'", z);
      } else {
        r->aUses[r->nUses++] = u;
      }
    }
  }
  check_restore(c, &s, &r->aDep, &r->nDep);
  c->letState[i] = CHECK_DONE;
}

/* }==== */

/* {==== functions and tables ========================================== */

/* Checks function I's body with its parameters in scope, once; sets its
** type and dependencies.  A function under way calls itself: refused. */
void check_fn(Checker *c, int i) {
  Fn *f = &c->p->aFn[i];
  if (f->state == CHECK_DONE) return;
  if (f->state == CHECK_UNDER_WAY) {
    ERRT(f->iFile, ((Token){f->off, f->len}), "function '%s' calls itself (recursion is not allowed)", f->zName);
    f->type = &tyError;
    return;
  }
  f->state = CHECK_UNDER_WAY;
  Saved s;
  check_save(c, &s);
  c->curFn = i;
  for (int k = 0; k < f->nParam; k++) {
    if (c->nVar == (int)(sizeof c->vars / sizeof c->vars[0])) {
      ERRT(f->iFile, ((Token){f->off, f->len}), "too many nested variables");
      break;
    }
    c->vars[c->nVar++] = (Var){f->azParam[k], f->aParamSlot[k], f->aParamType[k]};
  }
  f->type = chk(c, f->body, NULL);
  check_restore(c, &s, &f->aDep, &f->nDep);
  f->state = CHECK_DONE;
}

/* Checks table I (in phase 2, before any expression that looks it up): its
** key types, and rows of constant keys and values, no two with the same
** keys. */
void check_table(Checker *c, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  Decl *d = c->ruleDecl[i];
  r->nKey = d->nKeyType;
  r->aKeyType = xalloc(c, (size_t)(r->nKey ? r->nKey : 1) * sizeof *r->aKeyType);
  if (r->nKey > RR_MAX_TABLE_KEYS) {
    ERRT(d->iFile, d->keyTypes[RR_MAX_TABLE_KEYS]->name, "table %s has %d keys, at most %d", r->zId, r->nKey,
         RR_MAX_TABLE_KEYS);
  }
  for (int k = 0; k < r->nKey; k++) {
    const Type *t = type_resolve(c, d->iFile, d->keyTypes[k]);
    if (!is_error(t) && t->k != T_ENUM && t->k != T_BOOL && t->k != T_INT && t->k != T_TEXT) {
      char s[96];
      type_str(c, t, s, sizeof s);
      ERRT(d->iFile, d->keyTypes[k]->name, "a table key must be an enum, bool, int or text, not %s", s);
      t = &tyError;
    }
    r->aKeyType[k] = t;
  }
  int nRow = 0;
  for (TableRow *row = d->rows; row; row = row->next) nRow++;
  r->nRow = nRow;
  r->aRowKey = xalloc(c, (size_t)(nRow * r->nKey + 1) * sizeof *r->aRowKey);
  r->aRowValue = xalloc(c, (size_t)(nRow ? nRow : 1) * sizeof *r->aRowValue);
  r->aRowFrom = xalloc(c, (size_t)(nRow ? nRow : 1) * sizeof *r->aRowFrom);
  r->aRowUntil = xalloc(c, (size_t)(nRow ? nRow : 1) * sizeof *r->aRowUntil);
  const Type *vt = NULL;
  int ir = 0;
  Saved s;
  check_save(c, &s);
  c->curRule = i;
  for (TableRow *row = d->rows; row; row = row->next, ir++) {
    r->aRowValue[ir] = row->value;
    r->aRowFrom[ir] = INT32_MIN;
    r->aRowUntil[ir] = INT32_MAX;
    if (row->d1.len) {                   /* row ... -> V effective FROM [until UNTIL] */
      const char *zt = c->d->aFile[d->iFile].zText;
      int bad = rr_parse_date(zt + row->d1.off, row->d1.len, &r->aRowFrom[ir]) != 0;
      if (row->d2.len) bad |= rr_parse_date(zt + row->d2.off, row->d2.len, &r->aRowUntil[ir]) != 0;
      if (!bad && r->aRowUntil[ir] <= r->aRowFrom[ir])
        ERRT(d->iFile, row->d2, "'until' date must be after the 'effective' date");
    }
    if (row->nKey != r->nKey) {
      ERR(row->keys[0], "this row has %d key%s; table %s has %d", row->nKey, row->nKey == 1 ? "" : "s",
          r->zId, r->nKey);
      continue;
    }
    for (int k = 0; k < r->nKey; k++) {
      const Type *t = chk(c, row->keys[k], r->aKeyType[k]);
      if (is_error(t) || is_error(r->aKeyType[k])) continue;
      if (!type_eq(t, r->aKeyType[k])) type_mismatch(c, row->keys[k], "use", t, r->aKeyType[k]);
      else if (!is_constant(row->keys[k])) ERR(row->keys[k], "a table key must be a constant");
      else r->aRowKey[ir * r->nKey + k] = row->keys[k]->k;
    }
    const Type *t = chk(c, row->value, vt);
    if (is_error(t)) continue;
    if (!is_constant(row->value)) {
      ERR(row->value, "a table value must be a constant");
      continue;
    }
    if (!vt) vt = t;
    else if (!type_unify(c, vt, t)) type_mismatch(c, row->value, "mix", vt, t);
    /* the same keys twice */
    for (int j = 0; j < ir; j++) {
      int same = 1;
      for (int k = 0; k < r->nKey && same; k++) {
        Value a = r->aRowKey[ir * r->nKey + k], b = r->aRowKey[j * r->nKey + k];
        same = a.tag == b.tag && a.u.i == b.u.i && a.aux == b.aux;
      }
      if (same && r->nKey && r->aRowFrom[j] < r->aRowUntil[ir] && r->aRowFrom[ir] < r->aRowUntil[j]) {
        ERR(row->keys[0], "table %s has two rows for the same keys%s", r->zId,
            row->d1.len ? " in force at the same time" : "");
        break;
      }
    }
  }
  check_restore(c, &s, &r->aDep, &r->nDep);
  r->type = vt ? vt : &tyError;
  c->letState[i] = CHECK_DONE;
}

/* }==== */

/* {==== tests and requirements ======================================== */

/* test "name" as of ... given ... expect ...: the facts it gives, resolved
** to slots and checked against their types, and its expectations, checked
** as conditions (a test may render). */
void check_test(Checker *c, Decl *d, TestCase *t) {
  int nExpect = 0;
  t->zName = string_tok(c, d->iFile, d->name);
  t->iFile = d->iFile;
  t->off = d->kw.off;
  t->len = d->kw.len;
  for (Clause *cl = d->clauses; cl; cl = cl->next) if (cl->kind == CL_EXPECT) nExpect++;
  t->aExpect = xalloc(c, (size_t)(nExpect ? nExpect : 1) * sizeof *t->aExpect);
  if (!nExpect) ERRT(d->iFile, d->kw, "test \"%s\" has no 'expect' clause", t->zName);
  Saved s;
  check_save(c, &s);
  c->render = RENDER_YES;
  int nGiven = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_GIVEN) for (Assign *a = cl->given; a; a = a->next) nGiven++;
  }
  t->aGivenSlot = xalloc(c, (size_t)(nGiven ? nGiven : 1) * sizeof *t->aGivenSlot);
  Assign *last = NULL;
  nGiven = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    switch (cl->kind) {
      case CL_ASOF:
        if (t->hasAsOf) ERRT(d->iFile, cl->kw, "duplicate 'as of' clause");
        t->hasAsOf = 1;
        rr_parse_instant(c->d->aFile[d->iFile].zText + cl->text.off, cl->text.len, &t->asOf);
        break;
      case CL_EXPECT:
        chk_bool(c, cl->expr, "'expect'");
        t->aExpect[t->nExpect++] = cl->expr;
        break;
      case CL_GIVEN:
        for (Assign *a = cl->given; a; a = a->next) {
          FactNode *g = c->p->root;
          int ok = 1;
          for (NameList *nm = a->path; nm && ok; nm = nm->next) {
            const char *z = tok_str(c, d->iFile, nm->name);
            FactNode *k = g ? fact_kid(g, z) : NULL;
            if (!k || (nm->next && k->type) || (!nm->next && !k->type)) {
              ERRT(d->iFile, nm->name, "'%s' is not a fact", z);
              ok = 0;
            }
            g = k;
          }
          t->aGivenSlot[nGiven++] = ok ? g->slot : -1;
          if (ok) {
            const Type *vt = chk(c, a->value, g->type);
            if (!is_error(vt) && !type_unify(c, g->type, vt)) type_mismatch(c, a->value, "assign", vt, g->type);
          }
          if (last) last->next = a; else t->given = a;
          last = a;
        }
        break;
      default:
        break;
    }
  }
  check_restore(c, &s, NULL, NULL);
}

/* What a requirement may read: facts, as_of, the case's id, functions of
** those, variables.  It is checked when a case is read, before any rule is
** evaluated.  *BLAME receives the first fact read, in the text. */
static void requirement_reads(Checker *c, const Node *n, const Node **blame) {
  if (!n) return;
  switch (n->op) {
    case N_FACT:
      if (!*blame || n->off < (*blame)->off) *blame = n;
      break;
    case N_RULEREF: case N_TABLE: case N_RULEATTR: case N_ANYKIND: case N_FIRED:
      if (n->op == N_RULEREF && (n->flags & NF_ASRULE)) break;
      ERR(n, "a requirement reads facts only, not rules or lets: write the condition out");
      return;
    case N_FNCALL:
      if (c->p->aFn[n->slot].nDep)
        ERR(n, "a requirement reads facts only: function '%s' reads rules or lets", c->p->aFn[n->slot].zName);
      break;
    default:
      break;
  }
  requirement_reads(c, n->a, blame);
  requirement_reads(c, n->b, blame);
  requirement_reads(c, n->c, blame);
  requirement_reads(c, n->d, blame);
  for (int i = 0; i < n->nArg; i++) requirement_reads(c, n->args[i], blame);
}

/* require COND else "message": a condition on the facts of every case. */
void check_requirements(Checker *c, Decl *decls) {
  Program *p = c->p;
  int n = 0;
  for (Decl *d = decls; d; d = d->next) n += d->kind == D_REQUIRE && !in_overlay(c, d->iFile);
  p->aRequire = xalloc(c, (size_t)(n + 1) * sizeof *p->aRequire);
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != D_REQUIRE || in_overlay(c, d->iFile)) continue;
    Saved s;
    check_save(c, &s);
    const Type *t = chk_bool(c, d->expr, "a requirement");
    check_restore(c, &s, NULL, NULL);
    if (is_error(t)) continue;
    const Node *blame = NULL;
    int nErr = c->d->nErr;
    requirement_reads(c, d->expr, &blame);
    if (c->d->nErr != nErr) continue;
    if (!blame) {
      ERR(d->expr, "a requirement must read a fact of the case");
      continue;
    }
    Requirement *r = &p->aRequire[p->nRequire++];
    r->cond = d->expr;
    r->zMessage = string_tok(c, d->iFile, d->title);
    r->blameSlot = blame->slot;
    r->iFile = d->iFile;
    r->off = d->kw.off;
    r->len = d->kw.len;
    if (!r->zMessage[0]) ERRT(d->iFile, d->title, "a requirement needs a message (what is wrong with the facts)");
  }
}

/* }==== */
