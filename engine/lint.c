/*
** lint.c - warnings about a checked rule set: policy that is valid but
** cannot mean what its author meant.
**
**   - level and category tables whose rows test the same value twice (the
**     first row takes it; the later mention never decides), rows that can
**     never apply, and tables that leave values of an enum in no row;
**   - rules that read a rule never in force while they are;
**   - lets and functions that nothing uses;
**   - the versions of rules (versions.c).
**
** Tables are analysed where their rows test one enum-valued fact or let
** against members ('x == m', 'x in {..}', 'x has any {..}', joined by 'or');
** rows with other conditions are taken as they come (no completeness claim).
*/
#include "lint.h"
#include "versions.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Lint {
  const Program *p;
  Diag *d;
  int nWarn;
  Arena *a;               /* scratch, freed when the lint ends; longjmps when it runs out */
} Lint;

#define WARN_AT(L, n, ...) \
  (diag_warning((L)->d, (n)->iFile, (n)->off, (n)->len, __VA_ARGS__), (L)->nWarn++)

static int in_stdlib(const Lint *L, int iFile) {
  return iFile >= 0 && iFile < L->d->nFile && strncmp(L->d->aFile[iFile].zName, "<stdlib>", 8) == 0;
}

/* {==== tables ========================================================== */

/* One mention of a member in a row: "subject == member". */
typedef struct Mention {
  int subject;            /* fact slot, or -(rule index) - 1 for a let */
  int member;
  int enumId;
  int row;
  const Node *at;
} Mention;

/* The subject of an atom: a fact or a let with an enum (or list of enum)
** type.  Returns 0 when N is not one. */
static int subject_of(const Node *n, int *subject, int *enumId) {
  if (!n || !n->type) return 0;
  const Type *t = n->type->k == T_LIST ? n->type->elem : n->type;
  if (!t || t->k != T_ENUM) return 0;
  if (n->op == N_FACT) *subject = n->slot;
  else if (n->op == N_RULEREF && !(n->flags & NF_ASRULE)) *subject = -n->slot - 1;
  else return 0;
  *enumId = t->id;
  return 1;
}

/* The constant set an atom tests against: a literal, or a let bound to one. */
static const Node *member_set(const Program *p, const Node *n) {
  if (n && n->op == N_RULEREF && p->aRule[n->slot].kind == RK_LET) n = p->aRule[n->slot].value;
  return n && (n->flags & NF_CONST) ? n : NULL;
}

typedef struct Rows {
  Arena *arena;
  Mention *a;
  int n, cap;
  int pure;               /* every atom so far is a member test */
  int subject, enumId;    /* the one subject of a pure table, or subject = INT32_MIN */
} Rows;

static void add_mention(Rows *rs, int subject, int enumId, int member, int row, const Node *at) {
  if (rs->n == rs->cap) {
    rs->cap = rs->cap ? rs->cap * 2 : 32;
    Mention *na = arena_alloc(rs->arena, (size_t)rs->cap * sizeof *na);
    if (rs->n) memcpy(na, rs->a, (size_t)rs->n * sizeof *na);
    rs->a = na;
  }
  rs->a[rs->n++] = (Mention){subject, member, enumId, row, at};
}

/* Splits a row's condition into atoms joined by 'or'. */
static void atoms(const Program *p, const Node *n, int row, Rows *rs) {
  if (n->op == N_OR) {
    atoms(p, n->a, row, rs);
    atoms(p, n->b, row, rs);
    return;
  }
  int subject, enumId;
  if (n->op == N_EQ && subject_of(n->a, &subject, &enumId) && n->b->op == N_ENUMLIT) {
    add_mention(rs, subject, enumId, (int)n->b->k.u.i, row, n->b);
  } else if ((n->op == N_IN || n->op == N_HASANY) && subject_of(n->a, &subject, &enumId)
             && member_set(p, n->b)) {
    const Node *set = member_set(p, n->b);
    for (int i = 0; i < set->k.n; i++) {
      const Node *at = set == n->b && i < set->nArg ? set->args[i] : n->b;
      add_mention(rs, subject, enumId, (int)set->k.u.items[i].u.i, row, at);
    }
  } else {
    rs->pure = 0;
    return;
  }
  if (rs->subject == INT32_MIN + 1) {
    rs->subject = subject;
    rs->enumId = enumId;
  } else if (rs->subject != subject) {
    rs->subject = INT32_MIN;
  }
}

static const char *subject_name(const Program *p, int subject) {
  return subject >= 0 ? p->aSlot[subject]->zPath : p->aRule[-subject - 1].zId;
}

/* The value a row gives, as written: "high", "3". */
static const char *row_name(const Program *p, const Rule *r, int row, char *buf, size_t n) {
  Value v = r->aCaseValue[row];
  if (v.tag == V_ENUM) return p->aEnum[v.aux].azMember[v.u.i];
  if (v.tag == V_INT) snprintf(buf, n, "%lld", (long long)v.u.i);
  else if (v.tag == V_TEXT) snprintf(buf, n, "%.*s", v.n, v.u.s);
  else snprintf(buf, n, "row %d", row + 1);
  return buf;
}

static void lint_table(Lint *L, const Rule *r) {
  const Program *p = L->p;
  Rows rs = {L->a, NULL, 0, 0, 1, INT32_MIN + 1, -1};
  int hasOtherwise = 0;
  int *rowStart = arena_alloc(L->a, ((size_t)r->nCase + 1) * sizeof *rowStart);
  for (int k = 0; k < r->nCase; k++) {
    rowStart[k] = rs.n;
    if (r->aCaseCond[k]) atoms(p, r->aCaseCond[k], k, &rs);
    else hasOtherwise = 1;
  }
  rowStart[r->nCase] = rs.n;
  const char *what = r->kind == RK_FACTOR ? "level table" : "category table";

  /* a member a row tests that an earlier row already takes */
  for (int k = 0; k < r->nCase; k++) {
    int nShadowed = 0, nMention = rowStart[k + 1] - rowStart[k];
    for (int i = rowStart[k]; i < rowStart[k + 1]; i++) {
      const Mention *m = &rs.a[i];
      for (int j = 0; j < rowStart[k]; j++) {
        const Mention *o = &rs.a[j];
        if (o->subject != m->subject || o->member != m->member) continue;
        char buf[64];
        WARN_AT(L, m->at, "%s %s: '%s' of %s is already in the row for '%s': it never decides here",
                what, r->zId, p->aEnum[m->enumId].azMember[m->member], subject_name(p, m->subject),
                row_name(p, r, o->row, buf, sizeof buf));
        nShadowed++;
        break;
      }
    }
    /* a row of member tests only, every one taken above: it never applies */
    int rowPure = r->aCaseCond[k] && nMention > 0;
    if (rowPure) {
      Rows one = {L->a, NULL, 0, 0, 1, INT32_MIN + 1, -1};
      atoms(p, r->aCaseCond[k], k, &one);
      rowPure = one.pure;
    }
    if (rowPure && nShadowed == nMention) {
      WARN_AT(L, r->aCaseNode[k], "%s %s: this row can never apply: every value it tests is in an earlier row",
              what, r->zId);
    }
  }

  /* members of the enum no row names, when every row tests the one subject */
  if (!hasOtherwise && rs.pure && rs.subject != INT32_MIN && rs.subject != INT32_MIN + 1) {
    const EnumDef *ed = &p->aEnum[rs.enumId];
    char list[512];
    size_t len = 0;
    int nMissing = 0;
    for (int m = 0; m < ed->nMember; m++) {
      int seen = 0;
      for (int i = 0; i < rs.n && !seen; i++) seen = rs.a[i].member == m;
      if (seen) continue;
      if (len < sizeof list - 64)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", nMissing ? ", " : "", ed->azMember[m]);
      nMissing++;
    }
    if (nMissing) {
      diag_warning(L->d, r->iFile, r->off, r->len,
                   "%s %s is incomplete: no row for %s of %s (%s); with %s it has no %s: "
                   "add %s to a row, or an 'otherwise' row",
                   what, r->zId, list, subject_name(p, rs.subject), ed->zName,
                   nMissing == 1 ? "that value" : "these values",
                   r->kind == RK_FACTOR ? "level" : "category", nMissing == 1 ? "it" : "them");
      L->nWarn++;
    }
  }
}

/* }==== */

/* {==== rules read outside their period ================================== */

static int in_force_during(const Program *p, int rule, RrDate from, RrDate until) {
  for (int v = rule; v >= 0; v = p->aRule[v].iNext) {
    const Rule *r = &p->aRule[v];
    if (r->effFrom < until && from < r->effUntil) return 1;
  }
  return 0;
}

static void lint_periods(Lint *L, const Rule *r) {
  const Program *p = L->p;
  for (int k = 0; k < r->nDep; k++) {
    int dep = p->aRule[r->aDep[k]].iCanon;
    if (kind_has(p->aRule[dep].kind, KF_ALWAYS)) continue;     /* lets, tables, conventions */
    if (in_force_during(p, dep, r->effFrom, r->effUntil)) continue;
    diag_warning(L->d, r->iFile, r->off, r->len,
                 "%s reads %s, which is not in force at any time %s is: it can never apply as written",
                 r->zId, p->aRule[dep].zId, r->zId);
    L->nWarn++;
  }
}

/* }==== */

/* {==== unused lets and functions ======================================== */

typedef struct Uses {
  uint8_t *rule;
  uint8_t *fn;
} Uses;

static void mark(const Program *p, const Node *n, Uses *u) {
  if (!n) return;
  if (n->op == N_RULEREF || n->op == N_TABLE) u->rule[n->slot] = 1;
  if (n->op == N_FNCALL) u->fn[n->slot] = 1;
  mark(p, n->a, u);
  mark(p, n->b, u);
  mark(p, n->c, u);
  mark(p, n->d, u);
  for (int i = 0; i < n->nArg; i++) mark(p, n->args[i], u);
}

static void mark_rule(const Program *p, const Rule *r, Uses *u) {
  const Node *roots[] = {r->when, r->value, r->evidence, r->note, r->dlFrom, r->dlWithin, r->dlDue,
                         r->dlDone, r->dlInstance, r->dlBound, r->fromLabel, r->dueLabel,
                         r->doneLabel, r->stops};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) mark(p, roots[i], u);
  for (int k = 0; k < r->nCase; k++) mark(p, r->aCaseCond[k], u);
  for (int g = 0; g < r->nGen; g++) mark(p, r->aGen[g], u);
  for (int k = 0; k < r->nRow; k++) mark(p, r->aRowValue[k], u);
  for (int k = 0; k < r->nUses; k++) u->rule[r->aUses[k]] = 1;
}

static void lint_unused(Lint *L) {
  const Program *p = L->p;
  Uses u = {arena_alloc(L->a, (size_t)p->nRule + 1), arena_alloc(L->a, (size_t)p->nFn + 1)};
  for (int i = 0; i < p->nRule; i++) mark_rule(p, &p->aRule[i], &u);
  for (int i = 0; i < p->nFn; i++) mark(p, p->aFn[i].body, &u);
  mark(p, p->report, &u);
  mark(p, p->caseHolidays, &u);
  for (int t = 0; t < p->nTest; t++) {
    for (int k = 0; k < p->aTest[t].nExpect; k++) mark(p, p->aTest[t].aExpect[k], &u);
  }
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->kind != RK_LET || u.rule[i] || in_stdlib(L, r->iFile)) continue;
    diag_warning(L->d, r->iFile, r->off, r->len, "let '%s' is never used", r->zId);
    L->nWarn++;
  }
  for (int i = 0; i < p->nFn; i++) {
    const Fn *f = &p->aFn[i];
    if (u.fn[i] || in_stdlib(L, f->iFile)) continue;
    diag_warning(L->d, f->iFile, f->off, f->len, "function '%s' is never used", f->zName);
    L->nWarn++;
  }
}

/* }==== */

static void lint_all(Lint *L) {
  const Program *p = L->p;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (in_stdlib(L, r->iFile)) continue;
    if (r->nCase && !r->amended) lint_table(L, r);   /* an overlay's rows shadow on purpose */
    if (r->kind != RK_LET) lint_periods(L, r);
  }
  lint_unused(L);
  L->nWarn += versions_lint(p, L->d);    /* versions.c: gaps, stale titles, amendments' citations */
}

/* Runs the lint with its scratch arena set to longjmp here when memory runs
** out: the warnings are then incomplete, and the diagnostics say so. */
static void lint_guarded(Lint *L) {
  jmp_buf env;
  if (setjmp(env) == 0) {
    L->a->jmp = &env;
    lint_all(L);
  } else {
    L->d->oom = 1;
  }
  L->a->jmp = NULL;
}

int lint_program(const Program *p, Diag *d) {
  Arena scratch;
  Lint L = {p, d, 0, &scratch};
  arena_init(&scratch);
  lint_guarded(&L);
  arena_free(&scratch);
  return L.nWarn;
}
