/*
** checkint.h - what the files of the checker share; not for the rest of the
** engine, which sees check.h alone (as SQLite's sqliteInt.h is to sqlite3.h).
**
** The checker turns the parsed declarations into a Program in named phases,
** which check.c (the driver) runs in order.  Each file has one job:
**
**   check.c    the driver: check_program as a sequence of phases
**   declare.c  declarations registered under their names; a rule's clauses
**              folded into its Rule; records, the fact schema and the
**              parameters of functions resolved (SQLite's build.c)
**   types.c    types as written resolved; equality, unification and the
**              descriptions of types in messages
**   expr.c     expressions: each name resolved to its slot, each operator's
**              types and units checked (chk; SQLite's resolve.c)
**   rule.c     rules, functions, tables, tests and requirements: each
**              definition's expressions checked in the context it gives them
**   order.c    the order of checking, the evaluation order, cycles, the
**              rules the scope gates
**   law.c      the instant whose law applies to a rule ('law' clauses,
**              transitions)
**   overlay.c  municipal overlays: what they may declare and amend, and the
**              guarantee that they only make the procedure stricter
**   strmap.c   the name -> index maps all of them use
**
** Every file reports into the same Diag and never stops at the first error.
** Everything is allocated in the program's arena, which longjmps back to
** check_program when memory runs out.
*/
#ifndef RR_CHECKINT_H
#define RR_CHECKINT_H

#include "check.h"
#include "strmap.h"

#include <string.h>

/* A variable in scope: a quantifier's, a comprehension's, a generator's or
** a function's parameter. */
typedef struct Var {
  const char *zName;
  int slot;
  const Type *type;
} Var;

/* What the expression being checked may do (Checker.render). */
typedef enum Render {
  RENDER_NO = 0,          /* evaluated for the decision: no allocation (no computed lists,
                          ** joined texts, objects, interpolations, null) */
  RENDER_YES,             /* rendered (a report, evidence, a note, a label, a test): may
                          ** allocate; reads finished results, so records no dependency */
  RENDER_LET              /* a let's value: may build text (the let is then evaluated only
                          ** when rendering), and its dependencies are recorded */
} Render;

/* A definition's checking state (Checker.letState, Fn.state). */
enum { CHECK_NOT_YET = 0, CHECK_UNDER_WAY, CHECK_DONE };

/* A tightened deadline: its limits compared once the durations are checked
** (overlay_verify_tightened). */
typedef struct Tightened {
  int rule;
  Node *was, *now;
  Decl *d;
  const char *zNational;  /* the rule with its national citations */
} Tightened;

typedef struct Checker {
  Program *p;
  Diag *d;
  Arena *a;               /* the program's */
  StrMap rules;           /* upper-case ID -> canonical rule index */
  StrMap lets;            /* let name -> rule index */
  StrMap fns;             /* fn name -> fn index */
  StrMap types;           /* type name -> enum index, or record index + RECBASE */
  StrMap sources;         /* source key -> index */
  /* the declarations a rule set has at most one of (declare_names) */
  Decl *scopeDecl, *calDecl, *reportDecl, *overlayDecl, *selectorDecl;
  /* per file: its 'defaults' */
  RrDate *fileFrom, *fileUntil;   /* 'defaults effective' */
  int *fileHasDefault;
  Node **fileStops;       /* 'defaults stops when' */
  Decl **ruleDecl;        /* rule index -> its declaration */
  int *letState;          /* per rule: CHECK_NOT_YET, CHECK_UNDER_WAY, CHECK_DONE */
  Decl **aOvHoliday;      /* municipality holiday declarations, for the calendar */
  int nOvHoliday;
  Tightened *aTight;      /* tighten: compared once the durations are checked */
  int nTight, capTight;
  /* the definition being checked (saved and restored around a nested one) */
  Var vars[64];
  int nVar;
  int varFloor;           /* variables below this belong to an enclosing check */
  int *dep;               /* dependencies of the rule or function being checked */
  int nDep, capDep;
  Render render;          /* what its expressions may do */
  int nRenderUses;        /* render-only constructs met (for lets that build text) */
  int curRule;            /* rule being checked, or -1 */
  int curFn;              /* fn being checked, or -1 */
  int depth;              /* nesting of chk, through lets and functions checked on the way */
  int nNest;              /* definitions being checked inside one another (check_save) */
} Checker;

/* Definitions checked inside one another at most (order_check keeps an
** acyclic rule set at one). */
#define MAX_NEST 64

/* Checker.types: records are numbered from here, enums below. */
#define RECBASE 100000

/* Declarations in a municipal overlay's files obey the overlay's rules. */
static inline int in_overlay(const Checker *c, int iFile) {
  return c->p->iFirstOverlayFile >= 0 && iFile >= c->p->iFirstOverlayFile;
}

/* Never NULL: while the checker runs, the arena longjmps to check_program
** when memory runs out.  Everything the checker allocates, its scratch
** included, is in the program's arena, so nothing is left behind. */
static inline void *xalloc(Checker *c, size_t n) { return arena_alloc(c->a, n); }

/* The text of token T of file IFILE, as a NUL-terminated copy. */
static inline const char *tok_str(Checker *c, int iFile, Token t) {
  return arena_strndup(c->a, c->d->aFile[iFile].zText + t.off, t.len);
}

/* The text of string token T, without its quotes and unescaped. */
static inline const char *string_tok(Checker *c, int iFile, Token t) {
  const char *z = c->d->aFile[iFile].zText + t.off;
  return parse_string_text(c->a, z + 1, t.len >= 2 ? t.len - 2 : 0);
}

/* A type already diagnosed (or none): no further message about it. */
static inline int is_error(const Type *t) { return !t || t->k == T_ERROR; }

/* The member Z of fact group G (a fact or a group), or NULL. */
static inline FactNode *fact_kid(const FactNode *g, const char *z) {
  /* the first letters rule out most without a call */
  for (int i = 0; i < g->nKid; i++) {
    if (g->aKid[i]->zName[0] == z[0] && strcmp(g->aKid[i]->zName, z) == 0) return g->aKid[i];
  }
  return NULL;
}

/* The index of member Z of enum E, or -1. */
static inline int enum_member(const EnumDef *e, const char *z) {
  for (int i = 0; i < e->nMember; i++) if (e->azMember[i][0] == z[0] && strcmp(e->azMember[i], z) == 0) return i;
  return -1;
}

/* A new variable slot of the program (for the evaluator's frame). */
static inline int new_var_slot(Checker *c) { return c->p->nVar++; }

/* Errors at node N, or at token T of file F. */
#define ERR(n, ...) diag_error(c->d, (n)->iFile, (n)->off, (n)->len, __VA_ARGS__)
#define ERRT(f, t, ...) diag_error(c->d, (f), (t).off, (t).len, __VA_ARGS__)

/* ---- declare.c ---- */
void declare_names(Checker *c, Decl *decls);
void declare_definitions(Checker *c, Decl *decls);
void declare_schema(Checker *c, Decl *decls);
Node *declare_row_value(Checker *c, int iFile, Token t);
const char *declare_suggest_rule(Checker *c, const char *z);

/* ---- types.c ---- */
const Type *type_resolve(Checker *c, int iFile, TypeExpr *te);
const Type *type_list_of(Checker *c, const Type *elem);
const Type *type_num(Checker *c, int unit);
const Type *type_level(Checker *c);
int type_eq(const Type *a, const Type *b);
const Type *type_unify(Checker *c, const Type *a, const Type *b);
int type_is_ordered(const Type *t);
void type_str(const Checker *c, const Type *t, char *buf, size_t n);
void type_mismatch(Checker *c, Node *at, const char *what, const Type *a, const Type *b);

/* ---- expr.c ---- */
const Type *chk(Checker *c, Node *n, const Type *want);
const Type *chk_bool(Checker *c, Node *n, const char *what);
void chk_add_dep(Checker *c, int r);
int chk_push_var(Checker *c, Node *at, const char *z, const Type *t);

/* ---- rule.c ---- */
/* The state of the definition being checked, saved while another is
** checked inside it (a let or fn is checked at its first use). */
typedef struct Saved {
  int *dep;
  int nDep, capDep, curRule, curFn, nVar, varFloor;
  Render render;
  int nRenderUses;
} Saved;
void check_save(Checker *c, Saved *s);
void check_restore(Checker *c, const Saved *s, int **pDep, int *pnDep);
void check_rule(Checker *c, int i);
void check_fn(Checker *c, int i);
void check_table(Checker *c, int i);
void check_test(Checker *c, Decl *d, TestCase *t);
void check_requirements(Checker *c, Decl *decls);

/* ---- law.c ---- */
/* The 'law' clauses: kind defaults (conventions), a rule's own, transitions. */
void law_check(Checker *c);

/* ---- order.c ---- */
void order_check(Checker *c);
void order_rules(Checker *c);
void order_mark_gated(Program *p);

/* ---- overlay.c ---- */
void overlay_placement(Checker *c, Decl *d);
void overlay_declare(Checker *c, Decl *d);
void overlay_refuse(Checker *c, Decl *d, int rule, const char *verb);
void overlay_check_base(Checker *c);
void overlay_apply(Checker *c, Decl *decls);
void overlay_merge_rows(Rule *r);
void overlay_add_hook_slots(Checker *c);
void overlay_verify_tightened(Checker *c);

#endif
