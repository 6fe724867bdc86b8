/*
** check.c - turns parsed declarations into a checked Program.
**
** Phases: (1) register names: sources, types, rules, lets, fns; (2) resolve
** types of records, facts, parameters and tables; (3) check every expression:
** names become slots, types and units are verified, dependencies between
** rules are collected; (4) order the rules so that each is evaluated after
** the rules it reads, rejecting cycles; (5) mark the rules the scope gates.
** Every error is reported (several per run) with its source location; the
** checker never stops at the first one.
*/
#include "calendar.h"
#include "check.h"

#include "eval.h"

#include "rrlimits.h"
#include "suggest.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== small tools ================================================== */

typedef struct StrMap {     /* open addressing; keys and slots live in the program arena */
  Arena *a;
  const char **keys;
  int *vals;
  int cap, n;
} StrMap;

static unsigned hash_str(const char *z) {
  unsigned h = 2166136261u;
  while (*z) h = (h ^ (unsigned char)*z++) * 16777619u;
  return h;
}

static int map_get(const StrMap *m, const char *z) {
  if (!m->cap) return -1;
  unsigned i = hash_str(z) & (unsigned)(m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], z) == 0) return m->vals[i];
    i = (i + 1) & (unsigned)(m->cap - 1);
  }
  return -1;
}

/* Grows in the arena (the old slots are left there: a few kilobytes). */
static void map_put(StrMap *m, const char *z, int v) {
  if ((m->n + 1) * 2 > m->cap) {
    StrMap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = arena_alloc(m->a, (size_t)m->cap * sizeof *m->keys);
    m->vals = arena_alloc(m->a, (size_t)m->cap * sizeof *m->vals);
    m->n = 0;
    for (int i = 0; i < old.cap; i++) if (old.keys[i]) map_put(m, old.keys[i], old.vals[i]);
  }
  unsigned i = hash_str(z) & (unsigned)(m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], z) == 0) { m->vals[i] = v; return; }
    i = (i + 1) & (unsigned)(m->cap - 1);
  }
  m->keys[i] = z;
  m->vals[i] = v;
  m->n++;
}

/* }==== */

typedef struct Var {
  const char *zName;
  int slot;
  const Type *type;
} Var;

typedef struct Checker {
  Program *p;
  Diag *d;
  Arena *a;
  StrMap rules;          /* upper-case ID -> canonical rule index */
  StrMap lets;           /* let name -> rule index */
  StrMap fns;            /* fn name -> fn index */
  StrMap types;          /* type name -> enum index, or record index + RECBASE */
  StrMap sources;        /* source key -> index */
  Var vars[64];
  int nVar;
  int varFloor;          /* variables below this belong to an enclosing check */
  int *dep;              /* dependencies of the rule being checked */
  int nDep, capDep;
  int render;            /* checking a report, evidence or test: allocation allowed */
  int nRenderUses;       /* render-only constructs met (for lets that build text) */
  int curRule;           /* rule being checked, or -1 */
  int curFn;             /* fn being checked, or -1 */
  RrDate *fileFrom, *fileUntil;   /* 'defaults effective' per file */
  int *fileHasDefault;
  Node **fileStops;      /* 'defaults stops when' per file */
  Decl **ruleDecl;       /* rule index -> its declaration */
  int *letState;         /* per rule: 0 unchecked, 1 checking, 2 done (lets) */
  Decl **aOvHoliday;     /* municipality holiday declarations, for the calendar */
  int nOvHoliday;
  struct Tightened {     /* tighten: compared once the durations are checked */
    int rule;
    Node *was, *now;
    Decl *d;
    const char *zNational; /* the rule with its national citations */
  } *aTight;
  int nTight, capTight;
  int depth;             /* nesting of chk, through lets and functions checked on the way */
  int nNest;             /* definitions being checked inside one another (save/restore) */
} Checker;

/* Definitions checked inside one another at most (check_in_order keeps an
** acyclic rule set at one). */
#define MAX_NEST 64

/* Declarations in a municipal overlay's files obey the overlay's rules. */
static int in_overlay(const Checker *c, int iFile) {
  return c->p->iFirstOverlayFile >= 0 && iFile >= c->p->iFirstOverlayFile;
}

#define RECBASE 100000

/* Never NULL: while the checker runs, the arena longjmps to check_program
** when memory runs out.  Everything the checker allocates, its scratch
** included, is in the program's arena, so nothing is left behind. */
static void *xalloc(Checker *c, size_t n) { return arena_alloc(c->a, n); }

static const char *tok_str(Checker *c, int iFile, Token t) {
  return arena_strndup(c->a, c->d->aFile[iFile].zText + t.off, t.len);
}

static const char *string_tok(Checker *c, int iFile, Token t) {
  const char *z = c->d->aFile[iFile].zText + t.off;
  return parse_string_text(c->a, z + 1, t.len >= 2 ? t.len - 2 : 0);
}

#define ERR(n, ...) diag_error(c->d, (n)->iFile, (n)->off, (n)->len, __VA_ARGS__)
#define ERRT(f, t, ...) diag_error(c->d, (f), (t).off, (t).len, __VA_ARGS__)

/* {==== types ======================================================== */

static const Type *list_of(Checker *c, const Type *elem) {
  Type *t = xalloc(c, sizeof *t);
  t->k = T_LIST;
  t->elem = elem;
  return t;
}

static const Type *num_type(Checker *c, int unit) {
  if (unit == U_NONE) return &tyNumber;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_NUM;
  t->unit = unit;
  return t;
}

static int type_eq(const Type *a, const Type *b) {
  if (a == b) return 1;
  if (a->k != b->k) return 0;
  switch (a->k) {
    case T_NUM: return a->unit == b->unit;
    case T_ENUM: case T_REC: return a->id == b->id;
    case T_LIST: return type_eq(a->elem, b->elem);
    default: return 1;
  }
}

static int is_error(const Type *t) { return !t || t->k == T_ERROR; }

static void ptype_str(const Program *p, const Type *t, char *buf, size_t n) {
  switch (t ? t->k : T_ERROR) {
    case T_BOOL: snprintf(buf, n, "bool"); break;
    case T_INT: snprintf(buf, n, "int"); break;
    case T_NUM:
      if (t->unit) snprintf(buf, n, "number in %s", unit_name(t->unit));
      else snprintf(buf, n, "number");
      break;
    case T_TEXT: snprintf(buf, n, "text"); break;
    case T_DATE: snprintf(buf, n, "date"); break;
    case T_INSTANT: snprintf(buf, n, "datetime"); break;
    case T_TIME: snprintf(buf, n, "time"); break;
    case T_RANGE: snprintf(buf, n, "time range"); break;
    case T_DUR: snprintf(buf, n, "duration"); break;
    case T_ENUM: snprintf(buf, n, "%s", p->aEnum[t->id].zName); break;
    case T_REC: snprintf(buf, n, "%s", p->aRecord[t->id].zName); break;
    case T_LIST: {
      char inner[96];
      ptype_str(p, t->elem, inner, sizeof inner);
      snprintf(buf, n, "list of %s", inner);
      break;
    }
    case T_RULE: snprintf(buf, n, "rule"); break;
    case T_RULES: snprintf(buf, n, "list of rule"); break;
    case T_JSON: snprintf(buf, n, "object"); break;
    case T_NULL: snprintf(buf, n, "null"); break;
    default: snprintf(buf, n, "?"); break;
  }
}

static void type_str(const Checker *c, const Type *t, char *buf, size_t n) {
  ptype_str(c->p, t, buf, n);
}

/* A bound of a declared range as a number (a date as its day number).
** Returns 0, or -1 after reporting why it does not fit type T. */
static int range_bound(Checker *c, int iFile, Token t, int neg, const Type *ty, double *out) {
  const char *z = c->d->aFile[iFile].zText + t.off;
  if (ty->k == T_DATE) {
    RrDate d;
    if (z[0] < '0' || z[0] > '9' || t.len != 10 || neg) {
      ERRT(iFile, t, "a range of dates needs dates (e.g. 1900-01-01 .. 2100-12-31)");
      return -1;
    }
    if (rr_parse_date(z, t.len, &d)) return -1;           /* reported by the parser */
    *out = (double)d;
    return 0;
  }
  if (t.len == 10 && memchr(z, '-', t.len)) {
    ERRT(iFile, t, "a range of %s needs numbers, not dates", ty->k == T_INT ? "int" : "number");
    return -1;
  }
  if (ty->k == T_INT && memchr(z, '.', t.len)) {
    ERRT(iFile, t, "a range of int needs whole numbers");
    return -1;
  }
  char buf[64];
  snprintf(buf, sizeof buf, "%.*s", (int)t.len, z);
  *out = neg ? -strtod(buf, NULL) : strtod(buf, NULL);
  return 0;
}

/* T with the range TE declares (int in 0 .. 30, number in kg 0 .. 500,
** date in 1900-01-01 .. 2100-12-31), checked when a case is read. */
static const Type *with_range(Checker *c, int iFile, TypeExpr *te, const Type *t) {
  if (is_error(t)) return t;
  if (t->k != T_INT && t->k != T_NUM && t->k != T_DATE) {
    ERRT(iFile, te->name, "only int, number and date take a range of values");
    return &tyError;
  }
  TypeRange *r = xalloc(c, sizeof *r);
  if (range_bound(c, iFile, te->lo, te->negLo, t, &r->lo) || range_bound(c, iFile, te->hi, te->negHi, t, &r->hi))
    return &tyError;
  if (r->lo > r->hi) {
    ERRT(iFile, te->hi, "the range is empty: its upper bound is below its lower bound");
    return &tyError;
  }
  Type *ranged = xalloc(c, sizeof *ranged);
  *ranged = *t;
  ranged->range = r;
  return ranged;
}

static const Type *resolve_type_as_written(Checker *c, int iFile, TypeExpr *te);

/* Resolves a type as written.  Returns &tyError (already reported) on failure. */
static const Type *resolve_type(Checker *c, int iFile, TypeExpr *te) {
  const Type *t = resolve_type_as_written(c, iFile, te);
  return te->kind == TE_NAME && te->lo.len ? with_range(c, iFile, te, t) : t;
}

static const Type *resolve_type_as_written(Checker *c, int iFile, TypeExpr *te) {
  const char *z = c->d->aFile[iFile].zText + te->name.off;
  int n = (int)te->name.len;
  if (te->kind == TE_LIST) {
    const Type *e = resolve_type(c, iFile, te->elem);
    return is_error(e) ? e : list_of(c, e);
  }
  if (te->kind == TE_TNAME) {
    const char *name = tok_str(c, iFile, te->name);
    int v = map_get(&c->types, name);
    if (v < 0) {
      if (strcmp(name, "Level") == 0)
        ERRT(iFile, te->name, "unknown type 'Level' (the prelude declares it; was it loaded?)");
      else
        ERRT(iFile, te->name, "unknown type '%s'", name);
      return &tyError;
    }
    return v >= RECBASE ? c->p->aRecord[v - RECBASE].type : c->p->aEnum[v].type;
  }
#define IS(s) (n == (int)strlen(s) && memcmp(z, s, (size_t)n) == 0)
  if (te->unit.len && !IS("number")) {
    ERRT(iFile, te->unit, "only 'number' takes a unit");
    return &tyError;
  }
  if (IS("bool")) return &tyBool;
  if (IS("int")) return &tyInt;
  if (IS("text")) return &tyText;
  if (IS("date")) return &tyDate;
  if (IS("datetime")) return &tyInstant;
  if (IS("time")) return &tyTime;
  if (IS("number")) {
    if (!te->unit.len) return &tyNumber;
    const char *zu = c->d->aFile[iFile].zText + te->unit.off;
    int u = unit_lookup(zu, (int)te->unit.len);
    if (u < 0) {
      ERRT(iFile, te->unit, "unknown unit '%.*s' (known units: kg, m)", (int)te->unit.len, zu);
      return &tyError;
    }
    return num_type(c, u);
  }
#undef IS
  ERRT(iFile, te->name, "unknown type '%.*s' (bool, int, number, text, date, datetime, time, "
       "list of T, or a declared enum or record)", n, z);
  return &tyError;
}

/* }==== */

/* {==== phase 1: names =============================================== */

static RrDate parse_date_tok(Checker *c, int iFile, Token t, int *ok) {
  RrDate d = 0;
  *ok = rr_parse_date(c->d->aFile[iFile].zText + t.off, t.len, &d) == 0;
  return d;   /* an invalid literal was already reported by the lexer's builder */
}

static int member_of(const EnumDef *e, const char *z) {
  for (int i = 0; i < e->nMember; i++) if (strcmp(e->azMember[i], z) == 0) return i;
  return -1;
}

static void register_enum(Checker *c, Decl *d, int i) {
  EnumDef *e = &c->p->aEnum[i];
  int n = 0;
  for (NameList *m = d->members; m; m = m->next) n++;
  e->zName = tok_str(c, d->iFile, d->name);
  e->nMember = n;
  e->azMember = xalloc(c, (size_t)(n ? n : 1) * sizeof *e->azMember);
  e->ordered = d->ordered;
  e->iOther = -1;
  e->iFile = d->iFile;
  e->off = d->name.off;
  e->len = d->name.len;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_ENUM;
  t->id = i;
  e->type = t;
  n = 0;
  for (NameList *m = d->members; m; m = m->next) {
    const char *z = tok_str(c, d->iFile, m->name);
    for (int j = 0; j < n; j++) {
      if (strcmp(e->azMember[j], z) == 0) {
        ERRT(d->iFile, m->name, "duplicate member '%s' in enum %s", z, e->zName);
      }
    }
    e->azMember[n++] = z;
  }
  if (d->aux.len) {
    const char *z = tok_str(c, d->iFile, d->aux);
    for (int j = 0; j < n; j++) if (strcmp(e->azMember[j], z) == 0) e->iOther = j;
    if (e->iOther < 0) ERRT(d->iFile, d->aux, "'%s' is not a member of enum %s", z, e->zName);
  }
  /* exclusive: a list that holds such a member holds nothing else */
  for (NameList *m = d->exclusive; m; m = m->next) {
    const char *z = tok_str(c, d->iFile, m->name);
    int j = member_of(e, z);
    if (j < 0) ERRT(d->iFile, m->name, "'%s' is not a member of enum %s", z, e->zName);
    else if (j >= 64) ERRT(d->iFile, m->name, "an exclusive member must be among the first 64 of its enum");
    else e->exclusive |= (uint64_t)1 << j;
  }
  if (map_get(&c->types, e->zName) >= 0) {
    ERRT(d->iFile, d->name, "type '%s' is already declared", e->zName);
  } else {
    map_put(&c->types, e->zName, i);
  }
}

static void register_record(Checker *c, Decl *d, int i) {
  RecordDef *r = &c->p->aRecord[i];
  r->zName = tok_str(c, d->iFile, d->name);
  r->iFile = d->iFile;
  r->off = d->name.off;
  r->len = d->name.len;
  r->decl = d;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_REC;
  t->id = i;
  r->type = t;
  if (map_get(&c->types, r->zName) >= 0) {
    ERRT(d->iFile, d->name, "type '%s' is already declared", r->zName);
  } else {
    map_put(&c->types, r->zName, i + RECBASE);
  }
}

static int periods_overlap(const Rule *a, const Rule *b) {
  return a->effFrom < b->effUntil && b->effFrom < a->effUntil;
}

/* The value node of a row of a level or category table: "high", "3". */
static Node *row_value(Checker *c, int iFile, Token t) {
  const char *zv = c->d->aFile[iFile].zText + t.off;
  Node *v = xalloc(c, sizeof *v);
  if (zv[0] >= '0' && zv[0] <= '9') {
    v->op = N_INT;
    v->k = v_int(strtoll(zv, NULL, 10));
  } else {
    v->op = N_NAME;
    v->zName = tok_str(c, iFile, t);
  }
  v->iFile = (int16_t)iFile;
  v->off = t.off;
  v->len = t.len;
  v->slot = -1;
  return v;
}

/* Folds the clauses of a rule into R, reporting duplicates and bad citations. */
static void rule_clauses(Checker *c, Decl *d, Rule *r) {
  Clause *seen[CL__COUNT];
  int nCite = 0;
  memset(seen, 0, sizeof seen);
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES && cl->kind != CL_USES && cl->kind != CL_ROW && seen[cl->kind]) {
      ERRT(d->iFile, cl->kw, "duplicate '%.*s' clause in %s", (int)cl->kw.len,
           c->d->aFile[d->iFile].zText + cl->kw.off, r->zId);
      continue;
    }
    seen[cl->kind] = cl;
    switch (cl->kind) {
      case CL_CITES:
        for (Cite *ct = cl->cites; ct; ct = ct->next) nCite++;
        break;
      case CL_EFFECTIVE: {
        int ok1, ok2 = 1;
        r->effFrom = parse_date_tok(c, d->iFile, cl->d1, &ok1);
        if (cl->d2.len) r->effUntil = parse_date_tok(c, d->iFile, cl->d2, &ok2);
        if (ok1 && ok2 && cl->d2.len && r->effUntil <= r->effFrom)
          ERRT(d->iFile, cl->d2, "'until' date must be after the 'effective' date");
        break;
      }
      case CL_WHEN: r->when = cl->expr; break;
      case CL_VALUE: r->value = cl->expr; break;
      case CL_EVIDENCE: r->evidence = cl->expr; break;
      case CL_NOTE:
        r->note = cl->expr;
        if (cl->expr && cl->expr->op == N_STR) r->zNote = cl->expr->k.u.s;
        break;
      case CL_ROW: break;              /* folded below, in order */
      case CL_RESPONSIBLE: r->zResponsible = string_tok(c, d->iFile, cl->text); break;
      case CL_FROM:
        r->dlFrom = cl->expr;
        r->fromLabel = cl->labelExpr;
        break;
      case CL_WITHIN: r->dlWithin = cl->expr; break;
      case CL_IMMEDIATE: r->immediate = 1; break;
      case CL_DUE:
        r->dlDue = cl->expr;
        r->dueLabel = cl->labelExpr;
        break;
      case CL_DONE:
        r->dlDone = cl->expr;
        r->doneLabel = cl->labelExpr;
        break;
      case CL_FOREACH:
        r->aGen = cl->expr->args;
        r->nGen = cl->expr->nArg;
        break;
      case CL_INSTANCE: r->dlInstance = cl->expr; break;
      case CL_STOPS: r->stops = cl->expr; break;
      case CL_GOVERNED: break;         /* resolved once every rule is registered */
      case CL_READING:
        r->zReading = string_tok(c, d->iFile, cl->text);
        r->isInterpretation = 1;
        break;
      case CL_USES: break;     /* resolved once every rule is registered */
      default:
        ERRT(d->iFile, cl->kw, "'%.*s' is not allowed in a rule", (int)cl->kw.len,
             c->d->aFile[d->iFile].zText + cl->kw.off);
        break;
    }
  }
  r->nCite = nCite;
  r->azCite = xalloc(c, (size_t)(nCite ? nCite : 1) * sizeof *r->azCite);
  r->apCite = xalloc(c, (size_t)(nCite ? nCite : 1) * sizeof *r->apCite);
  nCite = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (map_get(&c->sources, key) < 0) {
        ERRT(d->iFile, ct->src, "unknown source '%s' (declare it with: source %s \"title\")", key, key);
      }
      if (ct->isLines && (ct->from < 1 || ct->to < ct->from)) {
        ERRT(d->iFile, ct->where, "invalid line reference '%.*s'", (int)ct->where.len,
             c->d->aFile[d->iFile].zText + ct->where.off);
      }
      r->apCite[nCite] = ct;
      r->azCite[nCite++] = ct->zText;
    }
  }
  /* rows of a level or category table, in order */
  int nCase = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) nCase += cl->kind == CL_ROW;
  if (nCase) {
    r->aCaseCond = xalloc(c, (size_t)nCase * sizeof *r->aCaseCond);
    r->aCaseValue = xalloc(c, (size_t)nCase * sizeof *r->aCaseValue);
    r->aCaseNode = xalloc(c, (size_t)nCase * sizeof *r->aCaseNode);
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind != CL_ROW) continue;
      r->aCaseNode[r->nCase] = row_value(c, d->iFile, cl->text);
      r->aCaseCond[r->nCase++] = cl->expr;
    }
  }
  int isTable = kind_has(r->kind, KF_ROWS);
  if (nCase && !isTable) {
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_ROW) {
        ERRT(d->iFile, cl->text, "rows like '%.*s when ...' belong to a factor or assistance table",
             (int)cl->text.len, c->d->aFile[d->iFile].zText + cl->text.off);
        break;
      }
    }
  }
  if (isTable && !nCase) {
    ERRT(d->iFile, d->name, "%s %s has no rows (e.g. 'high when ...')", kind_name(r->kind), r->zId);
  }
  int isDeadline = r->kind == RK_DEADLINE;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    int dlClause = cl->kind == CL_RESPONSIBLE || cl->kind == CL_FROM || cl->kind == CL_WITHIN ||
                   cl->kind == CL_IMMEDIATE || cl->kind == CL_DUE || cl->kind == CL_DONE ||
                   cl->kind == CL_FOREACH || cl->kind == CL_INSTANCE || cl->kind == CL_GOVERNED;
    if (dlClause && !isDeadline) {
      ERRT(d->iFile, cl->kw, "'%.*s' belongs to a deadline", (int)cl->kw.len,
           c->d->aFile[d->iFile].zText + cl->kw.off);
    }
  }
  if (r->immediate && r->dlWithin) {    /* immediately, within the outer bound of a numeric rule */
    r->dlBound = r->dlWithin;
    r->dlWithin = NULL;
  }
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN && cl->label.len && !r->immediate)
      ERRT(d->iFile, cl->label, "'per RULE' names the rule that bounds an immediate duty: add 'immediately'");
  }
  if (isDeadline) {
    int nTiming = (r->dlWithin != NULL) + r->immediate + (r->dlDue != NULL) + (seen[CL_GOVERNED] != NULL);
    if (nTiming == 0) {
      ERRT(d->iFile, d->name, "deadline %s needs a due date: 'within DURATION', 'immediately [within "
           "DURATION per RULE]', 'due INSTANT' or 'governed by RULE, ...'", r->zId);
    } else if (nTiming > 1) {
      ERRT(d->iFile, d->name, "deadline %s has more than one of within, immediately, due, governed by", r->zId);
    }
    if ((r->dlWithin || r->immediate) && !r->dlFrom) {
      ERRT(d->iFile, d->name, "deadline %s needs 'from INSTANT' to count from", r->zId);
    }
    if (!r->zResponsible) ERRT(d->iFile, d->name, "deadline %s names no one 'responsible'", r->zId);
  }
  if (!seen[CL_EFFECTIVE]) {
    if (c->fileHasDefault[d->iFile]) {
      r->effFrom = c->fileFrom[d->iFile];
      r->effUntil = c->fileUntil[d->iFile];
    } else {
      r->effFrom = INT32_MIN;   /* reported below, once the ID is known */
      r->effUntil = -1;
    }
  }
}

/* "ID (SOURCE l.N, ...)": a national rule named with its citations. */
static const char *rule_with_cites(Checker *c, const Rule *r) {
  char buf[400];
  size_t n = (size_t)snprintf(buf, sizeof buf, "%s (", r->zId);
  for (int k = 0; k < r->nCite && n < sizeof buf - 40; k++)
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k ? ", " : "", r->azCite[k]);
  snprintf(buf + n, sizeof buf - n, ")");
  return arena_strndup(c->a, buf, strlen(buf));
}

/* An overlay that would redefine or remove national rule RULE: what it may
** do instead. */
static void national_rule_error(Checker *c, Decl *d, int rule, const char *verb) {
  const Rule *r = &c->p->aRule[rule];
  const char *instead =
      r->kind == RK_HAZARD || r->kind == RK_WFCL
        ? "that could narrow a hazard; it may widen it (widen ID when ...) or add a hazard of its own"
      : r->kind == RK_FACTOR || r->kind == RK_ASSISTANCE
        ? "that could lower a level; it may add a factor (the highest level wins) or widen a row "
          "(widen ID high when ...)"
      : r->kind == RK_DEADLINE
        ? "that could lengthen it; it may shorten it (tighten ID within ...)"
      : r->kind == RK_ACTION || r->kind == RK_ADVISORY || r->kind == RK_REFERRAL
        ? "that could drop the action; it may widen it (widen ID when ...) or add an action of its own"
      : "the national procedure is the floor; an overlay may only add to it or make it stricter";
  ERRT(d->iFile, d->name, "%s is a national rule: an overlay cannot %s it (%s)", rule_with_cites(c, r), verb,
       instead);
}

static void register_rule(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  r->kind = d->rkind;
  r->iFile = d->iFile;
  r->off = d->name.off;
  r->len = d->name.len;
  r->iCanon = i;
  r->iNext = -1;
  r->iBoundRule = -1;
  r->effFrom = INT32_MIN;
  r->effUntil = INT32_MAX;
  c->ruleDecl[i] = d;
  if (d->kind == D_LET) {
    r->kind = RK_LET;
    r->zId = tok_str(c, d->iFile, d->name);
    r->zTitle = r->zId;
    r->value = d->expr;
    if (map_get(&c->lets, r->zId) >= 0) {
      ERRT(d->iFile, d->name, "'%s' is already defined", r->zId);
    } else {
      map_put(&c->lets, r->zId, i);
    }
    return;
  }
  r->zId = tok_str(c, d->iFile, d->name);
  r->zTitle = string_tok(c, d->iFile, d->title);
  r->isInterpretation = r->kind == RK_INTERPRETATION;
  rule_clauses(c, d, r);
  if (!r->stops && c->fileStops[d->iFile] && kind_has(r->kind, KF_STOPS))
    r->stops = c->fileStops[d->iFile];
  if (r->kind == RK_INTERPRETATION) r->isInterpretation = 1;
  if (r->effFrom == INT32_MIN && r->effUntil == -1) {
    ERRT(d->iFile, d->name, "rule %s has no effective date (add 'effective YYYY-MM-DD', or "
         "'defaults effective YYYY-MM-DD' at the top of the file)", r->zId);
    r->effFrom = INT32_MIN;
    r->effUntil = INT32_MAX;
  }
  if (r->nCite == 0) {
    ERRT(d->iFile, d->name, "rule %s has no citation (add 'cites SOURCE l.LINE')", r->zId);
  }
  if (!r->zTitle[0]) ERRT(d->iFile, d->title, "rule %s has an empty title", r->zId);
  if (kind_has(r->kind, KF_WHEN) && !r->when) {
    ERRT(d->iFile, d->name, "%s %s needs a 'when' condition", kind_name(r->kind), r->zId);
  }
  if (r->evidence && !r->when && !r->nCase && r->kind != RK_DEADLINE) {
    ERRT(d->iFile, d->name, "rule %s has evidence but no 'when' condition", r->zId);
  }
  r->fromOverlay = (uint8_t)in_overlay(c, d->iFile);
  int prev = map_get(&c->rules, r->zId);
  if (prev < 0) {
    map_put(&c->rules, r->zId, i);
    return;
  }
  if (r->fromOverlay && !p->aRule[prev].fromOverlay) {
    national_rule_error(c, d, prev, "redefine");
    return;
  }
  /* a second version of an ID is allowed when the periods do not overlap */
  for (int v = prev; v >= 0; v = p->aRule[v].iNext) {
    if (periods_overlap(&p->aRule[v], r) || p->aRule[v].kind != r->kind) {
      ERRT(d->iFile, d->name, "duplicate rule ID '%s'", r->zId);
      diag_note(c->d, p->aRule[v].iFile, p->aRule[v].off, p->aRule[v].len,
                "'%s' is first defined here%s", r->zId,
                p->aRule[v].kind != r->kind ? "" :
                " (two versions of a rule need effective periods that do not overlap)");
      return;
    }
  }
  r->iCanon = prev;
  int last = prev;
  while (p->aRule[last].iNext >= 0) last = p->aRule[last].iNext;
  p->aRule[last].iNext = i;
}

/* }==== */

/* {==== phase 2: records, facts, parameters, tables ===================== */

static void resolve_record(Checker *c, RecordDef *r) {
  Decl *d = r->decl;
  int n = 0;
  for (FieldDecl *f = d->fields; f; f = f->next) n++;
  r->aField = xalloc(c, (size_t)(n ? n : 1) * sizeof *r->aField);
  n = 0;
  for (FieldDecl *f = d->fields; f; f = f->next) {
    const char *z = tok_str(c, d->iFile, f->name);
    if (!f->type) {
      ERRT(d->iFile, f->name, "a record field needs a type ('%s: T'); only facts nest groups", z);
      continue;
    }
    for (int j = 0; j < n; j++) {
      if (strcmp(r->aField[j].zName, z) == 0) ERRT(d->iFile, f->name, "duplicate field '%s' in record %s", z, r->zName);
    }
    r->aField[n].zName = z;
    r->aField[n].type = resolve_type(c, d->iFile, f->type);
    r->aField[n].planned = f->planned;
    if (f->planned && r->aField[n].type->k != T_INSTANT && !is_error(r->aField[n].type))
      ERRT(d->iFile, f->name, "only a date-time can be 'planned'");
    n++;
  }
  r->nField = n;
}

static FactNode *fact_kid(const FactNode *g, const char *z) {
  for (int i = 0; i < g->nKid; i++) if (strcmp(g->aKid[i]->zName, z) == 0) return g->aKid[i];
  return NULL;
}

static FactNode *fact_group_new(Checker *c, FactNode *parent, const char *zName, int iFile, Token t) {
  FactNode *g = xalloc(c, sizeof *g);
  g->zName = zName;
  g->zPath = parent && parent->zPath[0] ? arena_printf(c->a, "%s.%s", parent->zPath, zName) : zName;
  g->slot = -1;
  g->iFile = iFile;
  g->off = t.off;
  g->len = t.len;
  return g;
}

static void fact_add_kid(Checker *c, FactNode *g, FactNode *k) {
  FactNode **v = xalloc(c, (size_t)(g->nKid + 1) * sizeof *v);
  if (g->nKid) memcpy(v, g->aKid, (size_t)g->nKid * sizeof *v);
  v[g->nKid++] = k;
  g->aKid = v;
}

static void add_facts(Checker *c, int iFile, FactNode *g, FieldDecl *fields) {
  for (FieldDecl *f = fields; f; f = f->next) {
    const char *z = tok_str(c, iFile, f->name);
    FactNode *k = fact_kid(g, z);
    if (f->type) {
      if (k) {
        ERRT(iFile, f->name, "fact '%s' is already declared", k->zPath);
        diag_note(c->d, k->iFile, k->off, k->len, "'%s' is first declared here", k->zPath);
        continue;
      }
      k = fact_group_new(c, g, z, iFile, f->name);
      k->type = resolve_type(c, iFile, f->type);
      k->slot = c->p->nSlot++;
      k->planned = f->planned;
      if (f->planned && k->type->k != T_INSTANT && !is_error(k->type))
        ERRT(iFile, f->name, "only a date-time can be 'planned'");
      fact_add_kid(c, g, k);
    } else {
      if (k && k->type) {
        ERRT(iFile, f->name, "'%s' is already declared as a fact", k->zPath);
        continue;
      }
      if (!k) {
        k = fact_group_new(c, g, z, iFile, f->name);
        fact_add_kid(c, g, k);
      }
      add_facts(c, iFile, k, f->kids);
    }
  }
}

static void index_slots(Program *p, FactNode *g) {
  for (int i = 0; i < g->nKid; i++) {
    FactNode *k = g->aKid[i];
    if (k->type) p->aSlot[k->slot] = k;
    else index_slots(p, k);
  }
}

static void build_facts(Checker *c, Decl *decls) {
  Program *p = c->p;
  Token none = {0, 0};
  p->root = fact_group_new(c, NULL, "", -1, none);
  p->root->zPath = "";
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != D_FACTS) continue;
    FactNode *g = p->root;
    if (d->name.len) {
      const char *z = tok_str(c, d->iFile, d->name);
      FactNode *k = fact_kid(g, z);
      if (k && k->type) {
        ERRT(d->iFile, d->name, "'%s' is already declared as a fact", z);
        continue;
      }
      if (!k) {
        k = fact_group_new(c, g, z, d->iFile, d->name);
        fact_add_kid(c, g, k);
      }
      g = k;
    }
    add_facts(c, d->iFile, g, d->fields);
  }
  p->aSlot = xalloc(c, (size_t)(p->nSlot ? p->nSlot : 1) * sizeof *p->aSlot);
  index_slots(p, p->root);
}

static int new_var_slot(Checker *c) { return c->p->nVar++; }

static void resolve_fn(Checker *c, Fn *f) {
  Decl *d = f->decl;
  int n = 0;
  for (FieldDecl *x = d->fields; x; x = x->next) n++;
  f->nParam = n;
  f->aParamSlot = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->aParamSlot);
  f->aParamType = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->aParamType);
  f->azParam = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->azParam);
  n = 0;
  for (FieldDecl *x = d->fields; x; x = x->next) {
    f->azParam[n] = tok_str(c, d->iFile, x->name);
    for (int j = 0; j < n; j++) {
      if (strcmp(f->azParam[j], f->azParam[n]) == 0) ERRT(d->iFile, x->name, "duplicate parameter '%s'", f->azParam[n]);
    }
    f->aParamType[n] = resolve_type(c, d->iFile, x->type);
    f->aParamSlot[n] = new_var_slot(c);
    n++;
  }
}

/* }==== */

/* {==== phase 3: expressions ========================================== */

static const Type *chk(Checker *c, Node *n, const Type *want);
static const Type *level_type(Checker *c);
static void check_rule(Checker *c, int i);
static void check_fn(Checker *c, int i);

static const struct { const char *zName; int nMin, nMax, render; } builtins[B__COUNT] = {
  /* ORDER BUILTINS */
  {"age_on", 2, 2, 0}, {"date_of", 1, 1, 0}, {"overlap_minutes", 2, 2, 0}, {"count", 1, 1, 0},
  {"min", 2, 8, 0}, {"max", 2, 8, 0}, {"earliest", 1, 8, 0}, {"latest", 1, 8, 0},
  {"end_of_day", 1, 1, 0}, {"highest", 1, 1, 0},
  {"ids", 1, 1, 1}, {"basis", 1, 1, 1}, {"trace", 1, 1, 1}, {"holding", 1, 1, 1},
  {"join", 2, 2, 1}, {"text", 1, 1, 1}, {"deadlines", 0, 0, 1}, {"awaiting_deadlines", 0, 0, 1},
  {"municipal_overlay", 0, 0, 1},
};

static const char *const rule_attrs[] = {   /* ORDER: RA_* in program.h */
  "id", "title", "citations", "evidence", "kind", "note", "reading", "holds", "value", "status", 0
};

static void add_dep(Checker *c, int r) {
  if ((c->curRule < 0 && c->curFn < 0) || c->render == 1) return;   /* rendering reads finished results */
  for (int i = 0; i < c->nDep; i++) if (c->dep[i] == r) return;
  if (c->nDep == c->capDep) {
    c->capDep = c->capDep ? c->capDep * 2 : 16;
    int *nd = xalloc(c, (size_t)c->capDep * sizeof *nd);
    if (c->nDep) memcpy(nd, c->dep, (size_t)c->nDep * sizeof *nd);
    c->dep = nd;
  }
  c->dep[c->nDep++] = r;
}

static int need_render(Checker *c, Node *n, const char *what) {
  n->flags |= NF_RENDER;
  c->nRenderUses++;
  if (c->render) return 1;
  ERR(n, "%s can only be used in a report, an evidence clause or a test", what);
  return 0;
}

static Var *find_var(Checker *c, const char *z) {
  for (int i = c->nVar - 1; i >= c->varFloor; i--) if (strcmp(c->vars[i].zName, z) == 0) return &c->vars[i];
  return NULL;
}

static int push_var(Checker *c, Node *at, const char *z, const Type *t) {
  if (c->nVar == (int)(sizeof c->vars / sizeof c->vars[0])) {
    ERR(at, "too many nested variables");
    return -1;
  }
  int slot = new_var_slot(c);
  c->vars[c->nVar++] = (Var){z, slot, t};
  return slot;
}

static int member_index(const EnumDef *e, const char *z) {
  for (int i = 0; i < e->nMember; i++) if (strcmp(e->azMember[i], z) == 0) return i;
  return -1;
}

/* The group of facts an expression names (child, events.identified_by), if any. */
static FactNode *as_group(Checker *c, Node *n) {
  if (n->op == N_NAME) {
    if (find_var(c, n->zName) || map_get(&c->lets, n->zName) >= 0) return NULL;
    FactNode *k = fact_kid(c->p->root, n->zName);
    return k && !k->type ? k : NULL;
  }
  if (n->op == N_FIELD) {
    FactNode *g = as_group(c, n->a);
    if (!g) return NULL;
    FactNode *k = fact_kid(g, n->zName);
    return k && !k->type ? k : NULL;
  }
  return NULL;
}

static const char *kid_name(int i, const void *ud) { return ((const FactNode *)ud)->aKid[i]->zName; }

/* The path of the member of G nearest to Z, for "did you mean". */
static const char *suggest_kid(const FactNode *g, const char *z) {
  const char *best = suggest_nearest(z, g->nKid, kid_name, g);
  for (int i = 0; best && i < g->nKid; i++) if (g->aKid[i]->zName == best) return g->aKid[i]->zPath;
  return NULL;
}

static const char *rule_name(int i, const void *ud) {
  const Rule *r = &((const Program *)ud)->aRule[i];
  return r->kind == RK_LET || r->iCanon != i ? NULL : r->zId;
}

static const char *suggest_rule(Checker *c, const char *z) {
  return suggest_nearest(z, c->p->nRule, rule_name, c->p);
}

static const Type *rule_type(Checker *c, Node *at, int i) {
  Rule *r = &c->p->aRule[i];
  if (r->type) return r->type;
  if (r->kind == RK_TABLE) return &tyError;     /* reported with the table */
  if (!r->value && !r->nCase && r->kind != RK_DEADLINE) return &tyBool;
  if (c->letState[i] == 1) {
    ERR(at, "'%s' is defined in terms of itself", r->zId);
    return &tyError;
  }
  if (c->nNest >= MAX_NEST && !c->letState[i]) {
    ERR(at, "'%s' is part of a chain of more than %d definitions that read one another: is it "
        "defined in terms of itself?", r->zId, MAX_NEST);
    return &tyError;
  }
  check_rule(c, i);
  return r->type ? r->type : &tyError;
}

/* Common type of two operands: int widens to number; null fits anything. */
static const Type *unify(Checker *c, const Type *a, const Type *b) {
  if (is_error(a) || is_error(b)) return &tyError;
  if (a->k == T_NULL) return b;
  if (b->k == T_NULL) return a;
  if (type_eq(a, b)) return a;
  if (a->k == T_INT && b->k == T_NUM && b->unit == U_NONE) return b;
  if (b->k == T_INT && a->k == T_NUM && a->unit == U_NONE) return a;
  if (a->k == T_LIST && b->k == T_LIST) {
    const Type *e = unify(c, a->elem, b->elem);
    return e ? (e == a->elem ? a : e == b->elem ? b : list_of(c, e)) : NULL;
  }
  return NULL;
}

static void mismatch(Checker *c, Node *at, const char *what, const Type *a, const Type *b) {
  char sa[96], sb[96];
  type_str(c, a, sa, sizeof sa);
  type_str(c, b, sb, sizeof sb);
  if (a->k == T_NUM && b->k == T_NUM && a->unit != b->unit) {
    if (!a->unit || !b->unit)
      ERR(at, "cannot %s %s with %s: give the number a unit (e.g. 15 %s)", what, sa, sb,
          unit_name(a->unit ? a->unit : b->unit));
    else
      ERR(at, "unit mismatch: cannot %s %s with %s", what, sa, sb);
    return;
  }
  if ((a->k == T_INT && b->k == T_NUM) || (a->k == T_NUM && b->k == T_INT)) {
    ERR(at, "cannot %s %s with %s: give the number a unit (e.g. 15 %s)", what, sa, sb,
        unit_name(a->k == T_NUM ? a->unit : b->unit));
    return;
  }
  ERR(at, "cannot %s %s with %s", what, sa, sb);
}

static int is_ordered(const Type *t) {
  switch (t->k) {
    case T_INT: case T_NUM: case T_DATE: case T_INSTANT: case T_TIME: return 1;
    default: return 0;
  }
}

/* A bare lower-case name that may only make sense in context (an enum member). */
static int needs_context(Checker *c, Node *n) {
  if (n->op == N_SET || n->op == N_LIST) return 1;
  if (n->op != N_NAME) return 0;
  if (find_var(c, n->zName) || map_get(&c->lets, n->zName) >= 0) return 0;
  if (strcmp(n->zName, "as_of") == 0 || strcmp(n->zName, "case_id") == 0) return 0;
  return fact_kid(c->p->root, n->zName) == NULL;
}

/* Checks the two operands of a binary operator, the contextual one last. */
static void chk_pair(Checker *c, Node *n, const Type **ta, const Type **tb) {
  if (needs_context(c, n->a) && !needs_context(c, n->b)) {
    *tb = chk(c, n->b, NULL);
    *ta = chk(c, n->a, *tb);
  } else {
    *ta = chk(c, n->a, NULL);
    *tb = chk(c, n->b, *ta);
  }
}

static const Type *expect_bool(Checker *c, Node *n, const char *what) {
  const Type *t = chk(c, n, &tyBool);
  if (!is_error(t) && t->k != T_BOOL) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n, "%s must be a condition (bool), not %s", what, s);
    return &tyError;
  }
  return t;
}

/* Folds a list of constants (literals, enum members, rules) into n->k. */
static void fold_list(Checker *c, Node *n) {
  for (int i = 0; i < n->nArg; i++) {
    Node *e = n->args[i];
    int constant = e->op == N_BOOL || e->op == N_INT || e->op == N_NUM || e->op == N_STR ||
                   e->op == N_DATE || e->op == N_INSTANT || e->op == N_TIME || e->op == N_DUR ||
                   e->op == N_ENUMLIT || (e->op == N_RULEREF && (e->flags & NF_ASRULE));
    if (!constant) return;
  }
  Value *v = xalloc(c, (size_t)(n->nArg ? n->nArg : 1) * sizeof *v);
  for (int i = 0; i < n->nArg; i++) {
    Node *e = n->args[i];
    v[i] = e->op == N_RULEREF ? v_rule(e->slot) : e->k;
  }
  n->k.tag = V_LIST;
  n->k.n = n->nArg;
  n->k.u.items = v;
  n->flags |= NF_CONST;
  /* members of one enum: a bit set, so that 'in' and 'has any' test a bit */
  int allEnum = n->nArg > 0;
  for (int i = 0; i < n->nArg && allEnum; i++)
    allEnum = v[i].tag == V_ENUM && v[i].aux == v[0].aux && v[i].u.i < 64;
  if (allEnum) {
    n->mask = 0;
    for (int i = 0; i < n->nArg; i++) n->mask |= (uint64_t)1 << v[i].u.i;
    n->flags |= NF_MASK;
  }
}

static const Type *chk_name(Checker *c, Node *n, const Type *want) {
  const char *z = n->zName;
  if (want && want->k == T_ENUM) {
    int m = member_index(&c->p->aEnum[want->id], z);
    if (m >= 0) {
      n->op = N_ENUMLIT;
      n->k = v_enum(want->id, m);
      return want;
    }
  }
  Var *v = find_var(c, z);
  if (v) {
    n->op = N_VAR;
    n->slot = v->slot;
    return v->type;
  }
  if (strcmp(z, "as_of") == 0) {
    n->op = N_ASOF;
    return &tyInstant;
  }
  if (strcmp(z, "case_id") == 0) {
    n->op = N_CASEID;
    return &tyText;
  }
  int li = map_get(&c->lets, z);
  if (li >= 0) {
    const Type *t = rule_type(c, n, li);
    n->op = N_RULEREF;
    n->slot = li;
    add_dep(c, li);
    if (c->p->aRule[li].renderOnly && !need_render(c, n, "a let that builds text")) return &tyError;
    return t;
  }
  FactNode *k = fact_kid(c->p->root, z);
  if (k) {
    if (!k->type) {
      ERR(n, "'%s' is a group of facts, not a fact: name one of its members (e.g. %s.%s)", z, z,
          k->nKid ? k->aKid[0]->zName : "...");
      return &tyError;
    }
    n->op = N_FACT;
    n->slot = k->slot;
    return k->type;
  }
  if (map_get(&c->fns, z) >= 0) {
    ERR(n, "'%s' is a function: call it with arguments, %s(...)", z, z);
    return &tyError;
  }
  for (int b = 0; b < B__COUNT; b++) {
    if (strcmp(builtins[b].zName, z) == 0) {
      ERR(n, "'%s' is a function: call it with arguments, %s(...)", z, z);
      return &tyError;
    }
  }
  if (!want || want->k != T_ENUM) {
    /* a member of exactly one enum needs no context */
    int found = -1, nFound = 0;
    char owners[200];
    size_t len = 0;
    owners[0] = 0;
    for (int i = 0; i < c->p->nEnum; i++) {
      if (member_index(&c->p->aEnum[i], z) < 0) continue;
      found = i;
      nFound++;
      if (len < sizeof owners - 40)
        len += (size_t)snprintf(owners + len, sizeof owners - len, "%s%s", nFound > 1 ? ", " : "",
                                c->p->aEnum[i].zName);
    }
    if (nFound == 1) {
      n->op = N_ENUMLIT;
      n->k = v_enum(found, member_index(&c->p->aEnum[found], z));
      return c->p->aEnum[found].type;
    }
    if (nFound > 1) {
      ERR(n, "'%s' is a member of several enums (%s): compare it with a value of the one you mean", z, owners);
      return &tyError;
    }
  }
  if (want && want->k == T_ENUM) {
    const EnumDef *e = &c->p->aEnum[want->id];
    char list[256];
    size_t len = 0;
    list[0] = 0;
    for (int i = 0; i < e->nMember && len < sizeof list - 40; i++) {
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", e->azMember[i]);
    }
    if (len >= sizeof list - 40) snprintf(list + len, sizeof list - len, ", ...");
    ERR(n, "'%s' is not a member of enum %s (%s)", z, e->zName, list);
    return &tyError;
  }
  const char *sug = suggest_kid(c->p->root, z);
  if (sug) ERR(n, "unknown name '%s' (did you mean '%s'?)", z, sug);
  else ERR(n, "unknown name '%s'", z);
  return &tyError;
}

static const Type *chk_uname(Checker *c, Node *n, const Type *want) {
  int i = map_get(&c->rules, n->zName);
  if (i < 0 && diag_is_broken(c->d, n->zName)) return &tyError;   /* already reported */
  if (i < 0) {
    const char *sug = suggest_rule(c, n->zName);
    if (sug) ERR(n, "unknown rule '%s' (did you mean '%s'?)", n->zName, sug);
    else ERR(n, "unknown rule '%s'", n->zName);
    return &tyError;
  }
  n->op = N_RULEREF;
  n->slot = i;
  if ((want && want->k == T_RULE) || (n->flags & NF_ASRULE)) {
    n->flags |= NF_ASRULE;
    return &tyRule;
  }
  if (c->p->aRule[i].kind == RK_TABLE) {
    ERR(n, "'%s' is a table: look a value up with %s[key, ...]", n->zName, n->zName);
    return &tyError;
  }
  add_dep(c, i);
  return rule_type(c, n, i);
}

static const Type *chk_field(Checker *c, Node *n) {
  FactNode *g = as_group(c, n->a);
  if (g) {
    FactNode *k = fact_kid(g, n->zName);
    if (!k) {
      const char *sug = suggest_kid(g, n->zName);
      if (sug) ERR(n, "unknown fact '%s.%s' (did you mean '%s'?)", g->zPath, n->zName, sug);
      else ERR(n, "unknown fact '%s.%s'", g->zPath, n->zName);
      return &tyError;
    }
    if (!k->type) {
      ERR(n, "'%s' is a group of facts, not a fact: name one of its members (e.g. %s.%s)",
          k->zPath, k->zPath, k->nKid ? k->aKid[0]->zName : "...");
      return &tyError;
    }
    n->op = N_FACT;
    n->slot = k->slot;
    n->a = NULL;
    return k->type;
  }
  if (n->a->op == N_UNAME) n->a->flags |= NF_ASRULE;
  const Type *t = chk(c, n->a, NULL);
  if (is_error(t)) return t;
  if (t->k == T_RULE) {
    for (int i = 0; rule_attrs[i]; i++) {
      if (strcmp(rule_attrs[i], n->zName) != 0) continue;
      n->op = N_RULEATTR;
      n->slot = i;
      if ((i == RA_HOLDS || i == RA_VALUE || i == RA_STATUS) && n->a->op == N_RULEREF) add_dep(c, n->a->slot);
      switch (i) {
        case RA_HOLDS: return &tyBool;
        case RA_STATUS:
          if (n->a->op == N_RULEREF && c->p->aRule[n->a->slot].kind != RK_DEADLINE) {
            ERR(n, "'.status' is the status of a deadline; %s is a %s", c->p->aRule[n->a->slot].zId,
                kind_name(c->p->aRule[n->a->slot].kind));
            return &tyError;
          }
          return &tyText;
        case RA_CITATIONS: return list_of(c, &tyText);
        case RA_VALUE:
          if (n->a->op == N_RULEREF) return rule_type(c, n, n->a->slot);
          if (t->unit > 0) {                 /* a rule of one construct: their common type */
            int kind = t->unit - 1, cnt = kind == RK_INTERPRETATION ? c->p->nInterp : c->p->nKindRule[kind];
            const int *v = kind == RK_INTERPRETATION ? c->p->aInterp : c->p->aKindRule[kind];
            const Type *u = NULL;
            for (int k = 0; k < cnt && (!u || !is_error(u)); k++) {
              const Type *w = rule_type(c, n, v[k]);
              u = !u ? w : unify(c, u, w) ? unify(c, u, w) : &tyJson;
            }
            if (u && !is_error(u) && u->k != T_JSON) return u;
          }
          need_render(c, n, "the value of a rule chosen at run time");
          return &tyJson;
        case RA_EVIDENCE:
          need_render(c, n, "evidence");
          return &tyText;
        default: return &tyText;
      }
    }
    ERR(n, "a rule has no attribute '%s' (id, title, citations, evidence, kind, note, reading, "
        "holds, value, status)", n->zName);
    return &tyError;
  }
  if (t->k == T_REC) {
    const RecordDef *r = &c->p->aRecord[t->id];
    for (int i = 0; i < r->nField; i++) {
      if (strcmp(r->aField[i].zName, n->zName) == 0) {
        n->op = N_GETFIELD;
        n->slot = i;
        return r->aField[i].type;
      }
    }
    ERR(n, "record %s has no field '%s'", r->zName, n->zName);
    return &tyError;
  }
  char s[96];
  type_str(c, t, s, sizeof s);
  if (t->k == T_LIST)
    ERR(n, "'.%s' on a %s: use a quantifier, e.g. any x in ...: x.%s", n->zName, s, n->zName);
  else
    ERR(n, "%s has no field '%s'", s, n->zName);
  return &tyError;
}

static const Type *chk_index(Checker *c, Node *n) {
  if (n->a->op != N_UNAME) {
    ERR(n, "only tables can be indexed: TABLE[key, ...]");
    return &tyError;
  }
  int i = map_get(&c->rules, n->a->zName);
  if (i < 0 || c->p->aRule[i].kind != RK_TABLE) {
    if (i < 0) chk_uname(c, n->a, NULL);
    else ERR(n, "'%s' is not a table", n->a->zName);
    return &tyError;
  }
  Rule *r = &c->p->aRule[i];
  n->op = N_TABLE;
  n->slot = i;
  add_dep(c, i);
  if (n->nArg != r->nKey) {
    ERR(n, "table %s has %d key%s, not %d", r->zId, r->nKey, r->nKey == 1 ? "" : "s", n->nArg);
    return r->type ? r->type : &tyError;
  }
  for (int k = 0; k < n->nArg; k++) {
    const Type *t = chk(c, n->args[k], r->aKeyType[k]);
    if (!is_error(t) && !is_error(r->aKeyType[k]) && !type_eq(t, r->aKeyType[k])) {
      mismatch(c, n->args[k], "look up", r->aKeyType[k], t);
    }
  }
  return r->type ? r->type : &tyError;
}

static const Type *chk_builtin(Checker *c, Node *n, int b) {
  const Type *t[8] = {0};
  const Type *ruleList = list_of(c, &tyRule);
  if (n->nArg < builtins[b].nMin || n->nArg > builtins[b].nMax) {
    if (builtins[b].nMin == builtins[b].nMax)
      ERR(n, "%s() takes %d argument%s, not %d", builtins[b].zName, builtins[b].nMin,
          builtins[b].nMin == 1 ? "" : "s", n->nArg);
    else
      ERR(n, "%s() takes %d to %d arguments, not %d", builtins[b].zName, builtins[b].nMin,
          builtins[b].nMax, n->nArg);
    return &tyError;
  }
  if (builtins[b].render && !need_render(c, n, "this function")) return &tyError;
  n->op = N_BUILTIN;
  n->slot = b;
  switch (b) {
    case B_IDS: case B_HOLDING: case B_HIGHEST:
      t[0] = chk(c, n->args[0], ruleList);
      break;
    case B_BASIS: case B_TRACE:
      t[0] = chk(c, n->args[0], &tyRule);
      break;
    default:
      for (int i = 0; i < n->nArg; i++) t[i] = chk(c, n->args[i], i ? t[0] : NULL);
      break;
  }
  for (int i = 0; i < n->nArg; i++) if (is_error(t[i])) return &tyError;
  char s[96];
#define ARGERR(i, what) do { type_str(c, t[i], s, sizeof s); \
    ERR(n->args[i], "%s() needs %s here, not %s", builtins[b].zName, what, s); return &tyError; } while (0)
  switch (b) {
    case B_AGE_ON:
      if (t[0]->k != T_DATE) ARGERR(0, "a date (of birth)");
      if (t[1]->k != T_DATE && t[1]->k != T_INSTANT) ARGERR(1, "a date or datetime");
      return &tyInt;
    case B_DATE_OF:
      if (t[0]->k != T_INSTANT) ARGERR(0, "a datetime");
      return &tyDate;
    case B_OVERLAP_MINUTES:
      if (t[0]->k != T_RANGE) ARGERR(0, "a time range (a .. b)");
      if (t[1]->k != T_RANGE) ARGERR(1, "a time range (a .. b)");
      return &tyInt;
    case B_COUNT:
      if (t[0]->k != T_LIST) ARGERR(0, "a list");
      return &tyInt;
    case B_MIN: case B_MAX: {
      const Type *u = t[0];
      for (int i = 1; i < n->nArg; i++) {
        const Type *w = unify(c, u, t[i]);
        if (!w) { mismatch(c, n->args[i], "combine", u, t[i]); return &tyError; }
        u = w;
      }
      if (!is_ordered(u) && !(u->k == T_ENUM && c->p->aEnum[u->id].ordered))
        ARGERR(0, "numbers, dates, date-times or levels");
      return u;
    }
    case B_IDS:
      if (t[0]->k != T_RULE && !(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "rules");
      return list_of(c, &tyText);
    case B_BASIS: case B_TRACE:
      if (t[0]->k != T_RULE) ARGERR(0, "a rule");
      return ruleList;
    case B_HOLDING:
      if (!(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "a list of rules");
      return ruleList;
    case B_JOIN:
      if (t[0]->k != T_LIST) ARGERR(0, "a list");
      if (t[1]->k != T_TEXT) ARGERR(1, "a text separator");
      return &tyText;
    case B_TEXT:
      return &tyText;
    case B_EARLIEST: case B_LATEST: {
      /* known values only: earliest(a, b) is a when b is unknown */
      const Type *u = n->nArg == 1 && t[0]->k == T_LIST ? t[0]->elem : t[0];
      for (int i = 1; i < n->nArg; i++) {
        const Type *w = unify(c, u, t[i]);
        if (!w) { mismatch(c, n->args[i], "combine", u, t[i]); return &tyError; }
        u = w;
      }
      if (u->k == T_NULL) return &tyInstant;
      if (u->k != T_INSTANT && u->k != T_DATE && u->k != T_INT && u->k != T_NUM) ARGERR(0, "date-times, dates or numbers");
      return u;
    }
    case B_END_OF_DAY:
      if (t[0]->k != T_INSTANT) ARGERR(0, "a date-time");
      return &tyInstant;
    case B_HIGHEST: {
      if (!(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "rules whose values are levels");
      const Type *lv = level_type(c);
      if (!lv) ARGERR(0, "levels (enum Level is not declared)");
      return lv;
    }
    case B_DEADLINES: case B_AWAITING:
      return list_of(c, &tyJson);
    case B_OVERLAY:
      return &tyJson;
  }
#undef ARGERR
  return &tyError;
}

static const Type *chk_call(Checker *c, Node *n) {
  int fi = map_get(&c->fns, n->zName);
  if (fi >= 0) {
    Fn *f = &c->p->aFn[fi];
    if (c->nNest >= MAX_NEST && f->state == 0) {
      ERR(n, "'%s' is part of a chain of more than %d definitions that read one another: does it call "
          "itself?", f->zName, MAX_NEST);
      return &tyError;
    }
    check_fn(c, fi);
    n->op = N_FNCALL;
    n->slot = fi;
    if (n->nArg != f->nParam) {
      ERR(n, "%s() takes %d argument%s, not %d", f->zName, f->nParam, f->nParam == 1 ? "" : "s", n->nArg);
      return f->type ? f->type : &tyError;
    }
    for (int i = 0; i < n->nArg; i++) {
      const Type *t = chk(c, n->args[i], f->aParamType[i]);
      if (!is_error(t) && !is_error(f->aParamType[i]) && !unify(c, f->aParamType[i], t))
        mismatch(c, n->args[i], "pass", t, f->aParamType[i]);
    }
    for (int i = 0; i < f->nDep; i++) add_dep(c, f->aDep[i]);
    return f->type ? f->type : &tyError;
  }
  for (int b = 0; b < B__COUNT; b++) {
    if (strcmp(builtins[b].zName, n->zName) == 0) return chk_builtin(c, n, b);
  }
  ERR(n, "unknown function '%s'", n->zName);
  for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
  return &tyError;
}

static const Type *chk_quantity(Checker *c, Node *n) {
  Node *num = n->a;
  double x = num->op == N_INT ? (double)num->k.u.i : num->k.u.d;
  int u = unit_lookup(n->zName, (int)strlen(n->zName));
  uint32_t end = n->off + n->len;
  n->off = num->off;                      /* the caret covers "15 kg" */
  n->len = end - num->off;
  if (u >= 0 && !n->flags) {
    n->op = N_NUM;
    n->k = v_num(x, u);
    return num_type(c, u);
  }
  int du = durunit_lookup(n->zName, (int)strlen(n->zName), n->flags);
  if (du < 0) {
    if (n->flags) ERR(n, "'working' must be followed by 'days'");
    else ERR(n, "unknown unit '%s' (kg, m, minutes, hours, days, weeks, months, years, working days)", n->zName);
    return &tyError;
  }
  if (num->op != N_INT) {
    ERR(num, "a duration needs a whole number of %s", durunit_name(du));
    return &tyError;
  }
  n->op = N_DUR;
  n->flags = 0;
  n->k.tag = V_DUR;
  n->k.u.i = num->k.u.i;
  n->k.aux = (uint16_t)du;
  if (eval_duration_days(n->k) > RR_MAX_DURATION_DAYS) {
    ERR(n, "duration too long: at most about a thousand years (%.0f days)", RR_MAX_DURATION_DAYS);
    return &tyError;
  }
  return &tyDur;
}

static const Type *chk_quant(Checker *c, Node *n) {
  const Type *lt = chk(c, n->a, NULL);
  const Type *et = &tyError;
  if (!is_error(lt)) {
    if (lt->k != T_LIST) {
      char s[96];
      type_str(c, lt, s, sizeof s);
      ERR(n->a, "'%s' needs a list to range over, not %s", op_name(n->op), s);
    } else {
      et = lt->elem;
    }
  }
  int slot = push_var(c, n, n->zName, et);
  n->slot = slot;
  expect_bool(c, n->b, "the body of a quantifier");
  c->nVar--;
  return &tyBool;
}

static const Type *chk_collection(Checker *c, Node *n, const Type *want) {
  const Type *elem = want && want->k == T_LIST ? want->elem : NULL;
  const Type *u = NULL;
  for (int i = 0; i < n->nArg; i++) {
    const Type *t = chk(c, n->args[i], elem ? elem : u);
    if (is_error(t)) { u = &tyError; continue; }
    if (!u) { u = t; continue; }
    if (is_error(u)) continue;
    const Type *w = unify(c, u, t);
    if (!w) { mismatch(c, n->args[i], "mix", u, t); u = &tyError; continue; }
    u = w;
  }
  if (!u) u = elem ? elem : &tyNull;
  if (is_error(u)) return &tyError;
  fold_list(c, n);
  if (!(n->flags & NF_CONST) && !need_render(c, n, "a list of computed values")) return &tyError;
  return list_of(c, u);
}

static const Type *chk_object(Checker *c, Node *n, const Type *want) {
  if (want && want->k == T_REC) {          /* a record literal: test facts */
    const RecordDef *r = &c->p->aRecord[want->id];
    for (int i = 0; i < n->nArg; i++) {
      int f = -1;
      for (int j = 0; j < r->nField; j++) if (strcmp(r->aField[j].zName, n->keys[i]) == 0) f = j;
      if (f < 0) {
        ERR(n->args[i], "record %s has no field '%s'", r->zName, n->keys[i]);
        continue;
      }
      const Type *t = chk(c, n->args[i], r->aField[f].type);
      if (!is_error(t) && !unify(c, r->aField[f].type, t)) mismatch(c, n->args[i], "assign", t, r->aField[f].type);
    }
    need_render(c, n, "a record value");
    return want;
  }
  for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
  if (!need_render(c, n, "an object")) return &tyError;
  return &tyJson;
}

static const Type *chk_comp(Checker *c, Node *n) {
  need_render(c, n, "a comprehension");
  const Type *lt = chk(c, n->b, NULL), *et = &tyError;
  if (!is_error(lt)) {
    if (lt->k != T_LIST) {
      char s[96];
      type_str(c, lt, s, sizeof s);
      ERR(n->b, "'for' needs a list to range over, not %s", s);
    } else {
      et = lt->elem;
    }
  }
  n->slot = push_var(c, n, n->zName, et);
  const Type *t;
  if (n->op == N_LISTCOMP) {
    t = chk(c, n->a, NULL);
    if (n->c) expect_bool(c, n->c, "the filter of a comprehension");
    c->nVar--;
    return is_error(t) ? t : list_of(c, t);
  }
  t = chk(c, n->a, NULL);         /* key */
  if (!is_error(t) && t->k != T_TEXT && t->k != T_RULE && t->k != T_ENUM) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n->a, "an object key must be text, a rule or an enum member, not %s", s);
  }
  chk(c, n->c, NULL);             /* value */
  c->nVar--;
  return &tyJson;
}

static const Type *chk_compare(Checker *c, Node *n) {
  const Type *ta, *tb;
  chk_pair(c, n, &ta, &tb);
  if (is_error(ta) || is_error(tb)) return &tyBool;
  const Type *u = unify(c, ta, tb);
  if (!u || u->k == T_NULL) {
    mismatch(c, n, "compare", ta, tb);
    return &tyBool;
  }
  if (n->op != N_EQ && n->op != N_NE) {
    int ok = is_ordered(u) || (u->k == T_ENUM && c->p->aEnum[u->id].ordered);
    if (!ok) {
      char s[96];
      type_str(c, u, s, sizeof s);
      if (u->k == T_ENUM)
        ERR(n, "enum %s is not ordered: declare it with '<' (enum %s { a < b < c }) to compare with '%s'",
            s, s, op_name(n->op));
      else
        ERR(n, "values of type %s have no order; use == or !=", s);
    }
  } else if (u->k == T_LIST || u->k == T_JSON) {
    char s[96];
    type_str(c, u, s, sizeof s);
    ERR(n, "cannot compare %s values with '%s'", s, op_name(n->op));
  }
  return &tyBool;
}

static const Type *chk_arith(Checker *c, Node *n, const Type *want) {
  const Type *ta, *tb;
  if (n->op == N_ADD && want && want->k == T_LIST) {   /* joining lists: both sides are wanted */
    ta = chk(c, n->a, want);
    tb = chk(c, n->b, want);
  } else {
    chk_pair(c, n, &ta, &tb);
  }
  if (is_error(ta) || is_error(tb)) return &tyError;
  char sa[96], sb[96];
  if (n->op == N_ADD || n->op == N_SUB) {
    if ((ta->k == T_INSTANT || ta->k == T_DATE) && tb->k == T_DUR) return ta;
    if (n->op == N_ADD && ta->k == T_LIST && tb->k == T_LIST) {
      const Type *u = unify(c, ta, tb);
      if (!u) { mismatch(c, n, "concatenate", ta, tb); return &tyError; }
      if (!need_render(c, n, "joining lists")) return &tyError;
      return u;
    }
    if (n->op == N_ADD && ta->k == T_TEXT && tb->k == T_TEXT) {
      if (!need_render(c, n, "joining texts")) return &tyError;
      return &tyText;
    }
    const Type *u = unify(c, ta, tb);
    if (u && (u->k == T_INT || u->k == T_NUM)) return u;
    if (!u && ta->k == T_NUM && tb->k == T_NUM) { mismatch(c, n, "add", ta, tb); return &tyError; }
  } else if (n->op == N_MUL && ((ta->k == T_INT && tb->k == T_DUR) || (ta->k == T_DUR && tb->k == T_INT))) {
    return &tyDur;                      /* 3 * 1 month */
  } else {
    /* a quantity may be scaled by a plain number; two units do not multiply */
    int na = ta->k == T_INT || ta->k == T_NUM, nb = tb->k == T_INT || tb->k == T_NUM;
    if (na && nb) {
      int ua = ta->k == T_NUM ? ta->unit : 0, ub = tb->k == T_NUM ? tb->unit : 0;
      if (ua && ub && !(n->op == N_DIV && ua == ub)) {
        type_str(c, ta, sa, sizeof sa);
        type_str(c, tb, sb, sizeof sb);
        ERR(n, "cannot %s %s by %s", n->op == N_MUL ? "multiply" : "divide", sa, sb);
        return &tyError;
      }
      if (n->op == N_DIV && ua && ua == ub) return &tyNumber;
      if (ua || ub) return num_type(c, ua ? ua : ub);
      if (ta->k == T_INT && tb->k == T_INT && n->op == N_MUL) return &tyInt;
      return &tyNumber;
    }
  }
  type_str(c, ta, sa, sizeof sa);
  type_str(c, tb, sb, sizeof sb);
  ERR(n, "cannot apply '%s' to %s and %s", op_name(n->op), sa, sb);
  return &tyError;
}

static const Type *chk_member(Checker *c, Node *n) {
  const Type *ta, *tb;
  if (n->op == N_IN || n->op == N_NOTIN) {
    if (needs_context(c, n->a) && !needs_context(c, n->b)) {
      tb = chk(c, n->b, NULL);
      ta = chk(c, n->a, !is_error(tb) && tb->k == T_LIST ? tb->elem : NULL);
    } else {
      ta = chk(c, n->a, NULL);
      tb = chk(c, n->b, is_error(ta) ? NULL : list_of(c, ta));
    }
    if (is_error(ta) || is_error(tb)) return &tyBool;
    if (tb->k != T_LIST) {
      char s[96];
      type_str(c, tb, s, sizeof s);
      ERR(n->b, "'in' needs a list or a set on its right, not %s", s);
      return &tyBool;
    }
    if (!unify(c, ta, tb->elem)) mismatch(c, n, "look for", ta, tb->elem);
    return &tyBool;
  }
  ta = chk(c, n->a, NULL);
  tb = chk(c, n->b, is_error(ta) ? NULL : ta);
  if (is_error(ta) || is_error(tb)) return &tyBool;
  if (ta->k != T_LIST || tb->k != T_LIST) {
    char s[96];
    type_str(c, ta->k != T_LIST ? ta : tb, s, sizeof s);
    ERR(ta->k != T_LIST ? n->a : n->b, "'has any' and 'has all' compare two lists, not %s", s);
    return &tyBool;
  }
  if (!unify(c, ta, tb)) mismatch(c, n, "compare", ta, tb);
  return &tyBool;
}

static const Type *chk_node(Checker *c, Node *n, const Type *want);

/* Checks expression N (with the type WANT where the context gives one).  The
** parser bounds the depth of a tree; checking a let or function at its first
** use nests further, and check_in_order keeps that nesting short, so the
** bound here only catches what it could not order (a cycle of definitions,
** already an error). */
static const Type *chk(Checker *c, Node *n, const Type *want) {
  if (!n) return &tyError;
  if (c->depth >= RR_MAX_DEPTH + 100) {
    ERR(n, "definitions nested too deeply: checking this needs more than %d levels of the lets, "
        "rules and functions it reads", RR_MAX_DEPTH + 100);
    return &tyError;
  }
  c->depth++;
  const Type *t = chk_node(c, n, want);
  c->depth--;
  return t;
}

static const Type *chk_node(Checker *c, Node *n, const Type *want) {
  const Type *t = &tyError;
  switch (n->op) {
    case N_BOOL: t = &tyBool; break;
    case N_INT: t = &tyInt; break;
    case N_NUM: t = n->k.aux ? num_type(c, n->k.aux) : &tyNumber; break;
    case N_STR: t = &tyText; break;
    case N_DATE: t = &tyDate; break;
    case N_INSTANT: t = &tyInstant; break;
    case N_TIME: t = &tyTime; break;
    case N_NULL:
      t = &tyNull;
      if (!c->render) { need_render(c, n, "null"); t = &tyError; }
      break;
    case N_DUR: t = n->k.tag == V_DUR ? &tyDur : chk_quantity(c, n); break;
    case N_INTERP:
      need_render(c, n, "a string with {interpolation}");
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = &tyText;
      break;
    case N_NAME: t = chk_name(c, n, want); break;
    case N_UNAME: t = chk_uname(c, n, want); break;
    case N_FIELD: t = chk_field(c, n); break;
    case N_INDEX: t = chk_index(c, n); break;
    case N_CALL: t = chk_call(c, n); break;
    case N_NOT:
      expect_bool(c, n->a, "the operand of 'not'");
      t = &tyBool;
      break;
    case N_NEG: {
      const Type *x = chk(c, n->a, NULL);
      if (!is_error(x) && x->k != T_INT && x->k != T_NUM) {
        char s[96];
        type_str(c, x, s, sizeof s);
        ERR(n, "cannot negate %s", s);
      } else {
        t = x;
      }
      break;
    }
    case N_AND: case N_OR:
      expect_bool(c, n->a, n->op == N_AND ? "the operand of 'and'" : "the operand of 'or'");
      expect_bool(c, n->b, n->op == N_AND ? "the operand of 'and'" : "the operand of 'or'");
      t = &tyBool;
      break;
    case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
      t = chk_compare(c, n);
      break;
    case N_ADD: case N_SUB: case N_MUL: case N_DIV:
      t = chk_arith(c, n, want);
      break;
    case N_IN: case N_NOTIN: case N_HASANY: case N_HASALL: {
      t = chk_member(c, n);
      /* a let bound to a constant set of members: test its bits directly */
      const Node *set = n->b && n->b->op == N_RULEREF && !(n->b->flags & NF_ASRULE) &&
                        c->p->aRule[n->b->slot].kind == RK_LET ? c->p->aRule[n->b->slot].value : NULL;
      if (set && (set->flags & NF_MASK)) {
        n->b->mask = set->mask;
        n->b->flags |= NF_MASK;
      }
      break;
    }
    case N_RANGE: {
      const Type *ta = chk(c, n->a, NULL), *tb = chk(c, n->b, NULL);
      if (!is_error(ta) && !is_error(tb)) {
        if (ta->k != T_TIME || tb->k != T_TIME) mismatch(c, n, "make a time range of", ta, tb);
        else t = &tyRange;
      }
      break;
    }
    case N_COALESCE: {
      const Type *ta, *tb;
      chk_pair(c, n, &ta, &tb);
      if (!is_error(ta) && !is_error(tb)) {
        t = unify(c, ta, tb);
        if (!t) { mismatch(c, n, "combine with '?\?'", ta, tb); t = &tyError; }
      }
      break;
    }
    case N_ISKNOWN: case N_ISNOTKNOWN:
      chk(c, n->a, NULL);
      t = &tyBool;
      break;
    case N_ISTRUE: case N_ISNOTTRUE:
      expect_bool(c, n->a, "the operand of 'is true'");
      t = &tyBool;
      break;
    case N_IF: {
      expect_bool(c, n->a, "the condition of 'if'");
      const Type *ta = chk(c, n->b, want), *tb = chk(c, n->c, is_error(ta) ? want : ta);
      if (!is_error(ta) && !is_error(tb)) {
        t = unify(c, ta, tb);
        if (!t) { mismatch(c, n, "choose between", ta, tb); t = &tyError; }
      }
      break;
    }
    case N_ANY: case N_ALL: t = chk_quant(c, n); break;
    case N_FIRST: case N_LAST: {
      chk_quant(c, n);                       /* the body is a condition */
      const Type *lt = n->a->type;
      t = lt && lt->k == T_LIST ? lt->elem : &tyError;
      break;
    }
    case N_BEFORE: case N_AFTER: {
      const Type *td = chk(c, n->a, NULL), *ti = chk(c, n->b, NULL);
      if (is_error(td) || is_error(ti)) break;
      if (td->k != T_DUR) {
        char sd[96];
        type_str(c, td, sd, sizeof sd);
        ERR(n, "'%s' needs a duration on its left (e.g. 3 days before ...), not %s",
            n->op == N_BEFORE ? "before" : "after", sd);
      } else if (ti->k != T_INSTANT && ti->k != T_DATE) {
        char si[96];
        type_str(c, ti, si, sizeof si);
        ERR(n, "'%s' needs a date or date-time on its right, not %s", n->op == N_BEFORE ? "before" : "after", si);
      } else {
        t = ti;
      }
      break;
    }
    case N_ANYKIND: case N_FIRED: {
      if (n->slot < 0) { ERR(n, "unknown kind of rule"); break; }
      const int *v = n->slot == RK_INTERPRETATION ? c->p->aInterp : c->p->aKindRule[n->slot];
      int cnt = n->slot == RK_INTERPRETATION ? c->p->nInterp : c->p->nKindRule[n->slot];
      for (int i = 0; i < cnt; i++) add_dep(c, v[i]);
      if (n->op == N_ANYKIND) {
        t = &tyBool;
      } else {
        Type *rt = xalloc(c, sizeof *rt);      /* a rule of this construct */
        rt->k = T_RULE;
        rt->unit = n->slot + 1;
        t = list_of(c, rt);
      }
      break;
    }
    case N_SET: case N_LIST: t = chk_collection(c, n, want); break;
    case N_OBJ: t = chk_object(c, n, want); break;
    case N_LISTCOMP: case N_OBJCOMP: t = chk_comp(c, n); break;
    case N_RULEREF: case N_TABLE:
      /* already resolved (a subtree shared by several rules): record the dependency again */
      if (!(n->flags & NF_ASRULE)) add_dep(c, n->slot);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
    case N_RULEATTR:                        /* already resolved, as above */
      if ((n->slot == RA_HOLDS || n->slot == RA_VALUE || n->slot == RA_STATUS) && n->a->op == N_RULEREF)
        add_dep(c, n->a->slot);
      chk(c, n->a, NULL);
      t = n->type ? n->type : &tyError;
      break;
    case N_FNCALL:
      for (int i = 0; i < c->p->aFn[n->slot].nDep; i++) add_dep(c, c->p->aFn[n->slot].aDep[i]);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
    default:
      /* already resolved (a shared subtree): keep its type */
      if (n->a) chk(c, n->a, NULL);
      if (n->b) chk(c, n->b, NULL);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
  }
  n->type = t;
  return t;
}

/* }==== */

/* {==== rules, functions, tables, tests ================================ */

typedef struct Saved {
  int *dep;
  int nDep, capDep, curRule, curFn, nVar, varFloor, render, nRenderUses;
} Saved;

/* Starts checking a new rule or function while another may be half done (a
** let or fn is checked lazily at its first use): its variables stay on the
** stack but out of sight. */
static void save(Checker *c, Saved *s) {
  *s = (Saved){c->dep, c->nDep, c->capDep, c->curRule, c->curFn, c->nVar, c->varFloor, c->render,
             c->nRenderUses};
  c->dep = NULL;
  c->nDep = c->capDep = 0;
  c->varFloor = c->nVar;
  c->render = 0;
  c->nNest++;
}

static void restore(Checker *c, const Saved *s, int **pDep, int *pnDep) {
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
    n->slot = push_var(c, n, n->zName, et);
    if (n->b) n->b->slot = push_var(c, n->b, n->b->zName, &tyInt);
    n->type = et;
  }
}

static const Type *level_type(Checker *c) {
  int v = map_get(&c->types, "Level");
  return v >= 0 && v < RECBASE ? c->p->aEnum[v].type : NULL;
}

/* Rows of a level table (factor) or a category table (assistance): constant
** values, conditions in order, the first that holds decides; 'otherwise' last. */
static void check_rows(Checker *c, Rule *r) {
  const Type *want = r->kind == RK_FACTOR ? level_type(c) : NULL, *u = NULL;
  if (r->kind == RK_FACTOR && !want) {
    ERRT(r->iFile, ((Token){r->off, r->len}), "a factor needs the type Level (enum Level { ... })");
    return;
  }
  for (int k = 0; k < r->nCase; k++) {
    Node *v = r->aCaseNode[k];
    const Type *t = chk(c, v, want);
    if (!is_error(t)) {
      if (!is_constant(v)) ERR(v, "a row's value must be a constant");
      else if (u && !unify(c, u, t)) mismatch(c, v, "mix", u, t);
      else if (!u) u = t;
      r->aCaseValue[k] = v->k;
    }
    if (r->aCaseCond[k]) expect_bool(c, r->aCaseCond[k], "a row's condition");
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
  if (r->amended) {
    /* an overlay's rows join the rows of their level, ahead of them; 'otherwise' stays last */
    for (int k = 1; k < r->nCase; k++) {
      Node *cond = r->aCaseCond[k], *node = r->aCaseNode[k];
      Value val = r->aCaseValue[k];
      int j = k;
      while (j > 0 && cond && r->aCaseCond[j - 1] && r->aCaseValue[j - 1].u.i < val.u.i) {
        r->aCaseCond[j] = r->aCaseCond[j - 1];
        r->aCaseNode[j] = r->aCaseNode[j - 1];
        r->aCaseValue[j] = r->aCaseValue[j - 1];
        j--;
      }
      r->aCaseCond[j] = cond;
      r->aCaseNode[j] = node;
      r->aCaseValue[j] = val;
    }
  }
}

static int mentions_workdays(const Node *n) {
  if (!n) return 0;
  if (n->op == N_DUR && n->k.tag == V_DUR && n->k.aux == DU_WORKDAYS) return 1;
  if (mentions_workdays(n->a) || mentions_workdays(n->b) || mentions_workdays(n->c)) return 1;
  for (int i = 0; i < n->nArg; i++) if (mentions_workdays(n->args[i])) return 1;
  return 0;
}

static void expect_type(Checker *c, Node *n, TKind k, const char *what) {
  const Type *t = chk(c, n, NULL);
  if (!is_error(t) && t->k != k && !(k == T_INSTANT && t->k == T_NULL)) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n, "%s must be %s, not %s", what, k == T_INSTANT ? "a date-time" : k == T_DUR ? "a duration" : "text", s);
  }
}

static void check_deadline(Checker *c, Rule *r, Decl *d) {
  r->type = &tyInstant;
  if (r->dlFrom) expect_type(c, r->dlFrom, T_INSTANT, "'from'");
  if (r->dlWithin) expect_type(c, r->dlWithin, T_DUR, "'within'");
  if (r->dlBound) expect_type(c, r->dlBound, T_DUR, "'immediately within'");
  if (r->dlDue) expect_type(c, r->dlDue, T_INSTANT, "'due'");
  if (r->dlDone) expect_type(c, r->dlDone, T_INSTANT, "'done'");
  c->render = 1;
  if (r->dlInstance) expect_type(c, r->dlInstance, T_TEXT, "'instance'");
  if (r->fromLabel) expect_type(c, r->fromLabel, T_TEXT, "a label");
  if (r->dueLabel) expect_type(c, r->dueLabel, T_TEXT, "a label");
  if (r->doneLabel) expect_type(c, r->doneLabel, T_TEXT, "a label");
  c->render = 0;
  r->usesWorkdays = mentions_workdays(r->dlWithin) || mentions_workdays(r->dlDue) ||
                    mentions_workdays(r->dlBound);
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN && cl->label.len && r->immediate) {
      const char *z = tok_str(c, d->iFile, cl->label);
      r->iBoundRule = map_get(&c->rules, z);
      if (r->iBoundRule < 0) ERRT(d->iFile, cl->label, "unknown rule '%s'", z);
    }
    if (cl->kind != CL_GOVERNED) continue;
    int n = 0;
    for (NameList *nm = cl->names; nm; nm = nm->next) n++;
    r->aGoverned = xalloc(c, (size_t)n * sizeof *r->aGoverned);
    for (NameList *nm = cl->names; nm; nm = nm->next) {
      const char *z = tok_str(c, d->iFile, nm->name);
      int g = map_get(&c->rules, z);
      if (g < 0) {
        ERRT(d->iFile, nm->name, "unknown rule '%s'", z);
      } else if (c->p->aRule[g].kind != RK_DEADLINE || c->p->aRule[g].nGen) {
        ERRT(d->iFile, nm->name, "'%s' is not a deadline with a single due date", z);
      } else {
        r->aGoverned[r->nGoverned++] = g;
        add_dep(c, g);
      }
    }
  }
  if (r->nGoverned && !r->dlDone) ERRT(d->iFile, d->name, "deadline %s needs 'done' to be met", r->zId);
}

static void check_rule(Checker *c, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  if (c->letState[i]) return;
  if (r->kind == RK_TABLE) { c->letState[i] = 2; return; }   /* checked in phase 2 */
  if (r->dynamic) {                                            /* a hook's slot: filled per case */
    c->letState[i] = 2;
    r->type = r->kind == RK_FACTOR && level_type(c) ? level_type(c) : &tyBool;
    return;
  }
  c->letState[i] = 1;
  Saved s;
  save(c, &s);
  c->curRule = i;
  check_generators(c, r);
  if (r->when) expect_bool(c, r->when, "'when'");
  push_witnesses(c, r->when);
  if (r->nCase) check_rows(c, r);
  if (r->kind == RK_DEADLINE) check_deadline(c, r, c->ruleDecl[i]);
  if (r->stops) expect_bool(c, r->stops, "'stops when'");
  if (r->note) {
    c->render = 1;
    const Type *t = chk(c, r->note, NULL);
    if (!is_error(t) && t->k != T_TEXT) ERR(r->note, "a note must be text");
    c->render = 0;
  }
  if (r->nCase || r->kind == RK_DEADLINE) {
    /* the type was set by the table or deadline */
  } else if (r->value && r->kind == RK_LET) {
    /* a let may build text for notes and reports: then it is rendered, not evaluated */
    int before = c->nRenderUses;
    c->render = 2;                           /* render constructs allowed, dependencies recorded */
    r->type = chk(c, r->value, NULL);
    c->render = 0;
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
    c->render = 1;
    chk(c, r->evidence, NULL);
    c->render = 0;
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
      int u = map_get(&c->rules, z);
      if (u < 0) {
        const char *sug = suggest_rule(c, z);
        if (sug) ERRT(d->iFile, nm->name, "unknown rule '%s' (did you mean '%s'?)", z, sug);
        else ERRT(d->iFile, nm->name, "unknown rule '%s'", z);
      } else {
        r->aUses[r->nUses++] = u;
      }
    }
  }
  restore(c, &s, &r->aDep, &r->nDep);
  c->letState[i] = 2;
}

static void check_fn(Checker *c, int i) {
  Fn *f = &c->p->aFn[i];
  if (f->state == 2) return;
  if (f->state == 1) {
    ERRT(f->iFile, ((Token){f->off, f->len}), "function '%s' calls itself (recursion is not allowed)", f->zName);
    f->type = &tyError;
    return;
  }
  f->state = 1;
  Saved s;
  save(c, &s);
  c->curFn = i;
  for (int k = 0; k < f->nParam; k++) {
    if (c->nVar == (int)(sizeof c->vars / sizeof c->vars[0])) {
      ERRT(f->iFile, ((Token){f->off, f->len}), "too many nested variables");
      break;
    }
    c->vars[c->nVar++] = (Var){f->azParam[k], f->aParamSlot[k], f->aParamType[k]};
  }
  f->type = chk(c, f->body, NULL);
  restore(c, &s, &f->aDep, &f->nDep);
  f->state = 2;
}


static void check_table(Checker *c, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  Decl *d = c->ruleDecl[i];
  r->nKey = d->nKeyType;
  r->aKeyType = xalloc(c, (size_t)(r->nKey ? r->nKey : 1) * sizeof *r->aKeyType);
  for (int k = 0; k < r->nKey; k++) {
    const Type *t = resolve_type(c, d->iFile, d->keyTypes[k]);
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
  const Type *vt = NULL;
  int ir = 0;
  Saved s;
  save(c, &s);
  c->curRule = i;
  for (TableRow *row = d->rows; row; row = row->next, ir++) {
    r->aRowValue[ir] = row->value;
    if (row->nKey != r->nKey) {
      ERR(row->keys[0], "this row has %d key%s; table %s has %d", row->nKey, row->nKey == 1 ? "" : "s",
          r->zId, r->nKey);
      continue;
    }
    for (int k = 0; k < r->nKey; k++) {
      const Type *t = chk(c, row->keys[k], r->aKeyType[k]);
      if (is_error(t) || is_error(r->aKeyType[k])) continue;
      if (!type_eq(t, r->aKeyType[k])) mismatch(c, row->keys[k], "use", t, r->aKeyType[k]);
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
    else if (!unify(c, vt, t)) mismatch(c, row->value, "mix", vt, t);
    /* the same keys twice */
    for (int j = 0; j < ir; j++) {
      int same = 1;
      for (int k = 0; k < r->nKey && same; k++) {
        Value a = r->aRowKey[ir * r->nKey + k], b = r->aRowKey[j * r->nKey + k];
        same = a.tag == b.tag && a.u.i == b.u.i && a.aux == b.aux;
      }
      if (same && r->nKey) {
        ERR(row->keys[0], "table %s has two rows for the same keys", r->zId);
        break;
      }
    }
  }
  restore(c, &s, &r->aDep, &r->nDep);
  r->type = vt ? vt : &tyError;
  c->letState[i] = 2;
}

static void check_test(Checker *c, Decl *d, TestCase *t) {
  int nExpect = 0;
  t->zName = string_tok(c, d->iFile, d->name);
  t->iFile = d->iFile;
  t->off = d->kw.off;
  t->len = d->kw.len;
  for (Clause *cl = d->clauses; cl; cl = cl->next) if (cl->kind == CL_EXPECT) nExpect++;
  t->aExpect = xalloc(c, (size_t)(nExpect ? nExpect : 1) * sizeof *t->aExpect);
  if (!nExpect) ERRT(d->iFile, d->kw, "test \"%s\" has no 'expect' clause", t->zName);
  Saved s;
  save(c, &s);
  c->render = 1;
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
        expect_bool(c, cl->expr, "'expect'");
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
            if (!is_error(vt) && !unify(c, g->type, vt)) mismatch(c, a->value, "assign", vt, g->type);
          }
          if (last) last->next = a; else t->given = a;
          last = a;
        }
        break;
      default:
        break;
    }
  }
  restore(c, &s, NULL, NULL);
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
static void check_requirements(Checker *c, Decl *decls) {
  Program *p = c->p;
  int n = 0;
  for (Decl *d = decls; d; d = d->next) n += d->kind == D_REQUIRE && !in_overlay(c, d->iFile);
  p->aRequire = xalloc(c, (size_t)(n + 1) * sizeof *p->aRequire);
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != D_REQUIRE || in_overlay(c, d->iFile)) continue;
    Saved s;
    save(c, &s);
    const Type *t = expect_bool(c, d->expr, "a requirement");
    restore(c, &s, NULL, NULL);
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

/* {==== the order of checking, and how deep evaluation goes ============ */

/* A let, a rule with a value or a function is checked when it is first used
** (its type is needed there), so checking one definition may check another
** inside it.  Checked in an order where each comes after the definitions it
** names, that nesting stays one level deep however long a chain of
** definitions is.  The names are taken as written (a variable that shadows
** a let counts too): a superset of what the checker will resolve. */
typedef struct Graph {
  int **aRef;            /* per definition: the definitions it names */
  int *nRef, *capRef;
  int nRule;             /* rules are 0..nRule-1, functions nRule.. */
} Graph;

static void graph_add(Checker *c, Graph *g, int from, int to) {
  if (g->nRef[from] == g->capRef[from]) {
    int cap = g->capRef[from] ? 2 * g->capRef[from] : 4;
    int *na = xalloc(c, (size_t)cap * sizeof *na);
    if (g->nRef[from]) memcpy(na, g->aRef[from], (size_t)g->nRef[from] * sizeof *na);
    g->aRef[from] = na;
    g->capRef[from] = cap;
  }
  g->aRef[from][g->nRef[from]++] = to;
}

static void graph_refs(Checker *c, Graph *g, int from, const Node *n) {
  if (!n) return;
  int to = -1;
  switch (n->op) {
    case N_NAME: to = map_get(&c->lets, n->zName); break;
    case N_UNAME: to = map_get(&c->rules, n->zName); break;
    case N_CALL:
      to = map_get(&c->fns, n->zName);
      if (to >= 0) to += g->nRule;
      break;
    case N_FIRED: case N_ANYKIND:      /* r.value of a fired rule reads every rule of the kind */
      if (n->slot >= 0 && n->slot != RK_INTERPRETATION)
        for (int k = 0; k < c->p->nKindRule[n->slot]; k++) graph_add(c, g, from, c->p->aKindRule[n->slot][k]);
      break;
    default: break;
  }
  if (to >= 0) graph_add(c, g, from, to);
  graph_refs(c, g, from, n->a);
  graph_refs(c, g, from, n->b);
  graph_refs(c, g, from, n->c);
  graph_refs(c, g, from, n->d);
  for (int i = 0; i < n->nArg; i++) graph_refs(c, g, from, n->args[i]);
}

/* The expressions of rule R, for walks over all of them. */
static int rule_roots(const Rule *r, const Node **out, int max) {
  const Node *fixed[] = {r->when, r->value, r->evidence, r->note, r->dlFrom, r->dlWithin, r->dlDue,
                         r->dlDone, r->dlInstance, r->dlBound, r->fromLabel, r->dueLabel,
                         r->doneLabel, r->stops};
  int n = 0;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && n < max; i++) if (fixed[i]) out[n++] = fixed[i];
  return n;
}

/* The definitions in an order where each follows those it names, by an
** iterative depth-first search (a chain of definitions may be as long as
** the rule set).  Returns their number in ORDER. */
static int graph_order(Checker *c, Graph *g, int nNode, int *order) {
  uint8_t *state = xalloc(c, (size_t)nNode + 1);        /* 0 new, 1 on the stack, 2 done */
  int *stack = xalloc(c, (size_t)(nNode + 1) * sizeof *stack);
  int *next = xalloc(c, (size_t)(nNode + 1) * sizeof *next);   /* the next ref to follow */
  int n = 0;
  for (int root = 0; root < nNode; root++) {
    if (state[root]) continue;
    int sp = 0;
    stack[sp++] = root;
    state[root] = 1;
    while (sp) {
      int v = stack[sp - 1];
      if (next[v] < g->nRef[v]) {
        int w = g->aRef[v][next[v]++];
        if (!state[w]) {
          state[w] = 1;
          stack[sp++] = w;
        }
      } else {
        state[v] = 2;
        order[n++] = v;
        sp--;
      }
    }
  }
  return n;
}

/* The levels evaluation (and explanation) recurses through for N: a let it
** reads is evaluated in place when it builds text, and explained in place
** always; a function is called in place.  LEVELS holds each definition's
** own, computed in order (0 when not yet known: a cycle, reported apart). */
static int eval_depth(const Checker *c, const Node *n, const int *levels) {
  if (!n) return 0;
  int deepest = 0, k;
  switch (n->op) {
    case N_RULEREF:
      if (!(n->flags & NF_ASRULE) && c->p->aRule[n->slot].kind == RK_LET) deepest = levels[n->slot];
      break;
    case N_FNCALL: deepest = levels[c->p->nRule + n->slot]; break;
    default: break;
  }
  if ((k = eval_depth(c, n->a, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->b, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->c, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->d, levels)) > deepest) deepest = k;
  for (int i = 0; i < n->nArg; i++) if ((k = eval_depth(c, n->args[i], levels)) > deepest) deepest = k;
  return deepest >= RR_MAX_DEPTH ? RR_MAX_DEPTH + 1 : deepest + 1;
}

static void check_in_order(Checker *c) {
  Program *p = c->p;
  int nNode = p->nRule + p->nFn;
  Graph g;
  g.nRule = p->nRule;
  g.aRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.aRef);
  g.nRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.nRef);
  g.capRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.capRef);
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    const Node *roots[16];
    int nRoot = rule_roots(r, roots, 16);
    for (int k = 0; k < nRoot; k++) graph_refs(c, &g, i, roots[k]);
    for (int k = 0; k < r->nCase; k++) graph_refs(c, &g, i, r->aCaseCond[k]);
    for (int k = 0; k < r->nGen; k++) graph_refs(c, &g, i, r->aGen[k]);
  }
  for (int f = 0; f < p->nFn; f++) graph_refs(c, &g, p->nRule + f, p->aFn[f].body);
  int *order = xalloc(c, (size_t)(nNode + 1) * sizeof *order);
  int n = graph_order(c, &g, nNode, order);
  for (int k = 0; k < n; k++) {
    if (order[k] < p->nRule) check_rule(c, order[k]);
    else check_fn(c, order[k] - p->nRule);
  }
  /* how deep evaluating each goes, through the lets and functions it reads */
  int *levels = xalloc(c, (size_t)(nNode + 1) * sizeof *levels);
  for (int k = 0; k < n; k++) {
    int v = order[k], deepest = 0;
    const char *zName;
    int iFile;
    Token at;
    if (v < p->nRule) {
      const Rule *r = &p->aRule[v];
      const Node *roots[16];
      int nRoot = rule_roots(r, roots, 16);
      for (int j = 0; j < nRoot; j++) {
        int d = eval_depth(c, roots[j], levels);
        if (d > deepest) deepest = d;
      }
      for (int j = 0; j < r->nCase; j++) {
        int d = eval_depth(c, r->aCaseCond[j], levels);
        if (d > deepest) deepest = d;
      }
      zName = r->zId;
      iFile = r->iFile;
      at = (Token){r->off, r->len};
    } else {
      const Fn *f = &p->aFn[v - p->nRule];
      deepest = eval_depth(c, f->body, levels);
      zName = f->zName;
      iFile = f->iFile;
      at = (Token){f->off, f->len};
    }
    levels[v] = deepest;
    if (deepest > RR_MAX_DEPTH && iFile >= 0) {
      ERRT(iFile, at, "'%s' nests too deeply with the lets and functions it reads: more than %d levels",
           zName, RR_MAX_DEPTH);
      levels[v] = 0;                     /* reported once, where the bound is crossed */
    }
  }
}

/* }==== */

/* {==== phases 4 and 5: order, cycles, scope =========================== */

/* Appends ROOT and what it depends on to the evaluation order, depth first,
** with an explicit stack (a chain of dependencies may be as long as the
** rule set).  A cycle is reported from its first member. */
static void order_visit(Checker *c, int root, int *color, int *stack, int *ver, int *next) {
  Program *p = c->p;
  if (color[root]) return;
  int sp = 0;
  color[root] = 1;
  stack[sp] = root, ver[sp] = root, next[sp] = 0, sp++;
  while (sp) {
    int i = stack[sp - 1], v = ver[sp - 1];
    if (v >= 0 && next[sp - 1] < p->aRule[v].nDep) {
      int dep = p->aRule[p->aRule[v].aDep[next[sp - 1]++]].iCanon;
      if (color[dep] == 2) continue;
      if (color[dep] == 1) {
        char path[512];
        size_t len = 0;
        int start = sp - 1;
        while (start > 0 && stack[start] != dep) start--;
        for (int k = start; k < sp && len < sizeof path - 80; k++) {
          len += (size_t)snprintf(path + len, sizeof path - len, "%s -> ", p->aRule[stack[k]].zId);
        }
        snprintf(path + len, sizeof path - len, "%s", p->aRule[dep].zId);
        const Rule *r = &p->aRule[dep];
        diag_error(c->d, r->iFile, r->off, r->len, "'%s' depends on itself: %s", r->zId, path);
        for (int k = 0; k < sp; k++) color[stack[k]] = 2;   /* abandon this search */
        return;
      }
      color[dep] = 1;
      stack[sp] = dep, ver[sp] = dep, next[sp] = 0, sp++;
      continue;
    }
    if (v >= 0) {                               /* the next version of the same rule */
      ver[sp - 1] = p->aRule[v].iNext;
      next[sp - 1] = 0;
      continue;
    }
    color[i] = 2;
    p->aOrder[p->nOrder++] = i;
    sp--;
  }
}

static void order_rules(Checker *c) {
  Program *p = c->p;
  size_t n = (size_t)p->nRule + 1;
  int *color = xalloc(c, n * sizeof *color), *stack = xalloc(c, n * sizeof *stack);
  int *ver = xalloc(c, n * sizeof *ver), *next = xalloc(c, n * sizeof *next);
  p->aOrder = xalloc(c, n * sizeof *p->aOrder);
  /* the scope and what it reads come first: every rule it gates is evaluated after it */
  if (p->iScope >= 0) order_visit(c, p->aRule[p->iScope].iCanon, color, stack, ver, next);
  for (int i = 0; i < p->nRule; i++) {
    if (p->aRule[i].iCanon == i) order_visit(c, i, color, stack, ver, next);
  }
}

/* Marks I and every rule it depends on, with an explicit stack. */
static void mark_closure(Program *p, int i, char *in, int *stack) {
  int sp = 0;
  in[i] = 1;
  stack[sp++] = i;
  while (sp) {
    int r = stack[--sp];
    for (int v = r; v >= 0; v = p->aRule[v].iNext) {
      for (int k = 0; k < p->aRule[v].nDep; k++) {
        int d = p->aRule[p->aRule[v].aDep[k]].iCanon;
        if (!in[d]) {
          in[d] = 1;
          stack[sp++] = d;
        }
      }
    }
  }
}

static void mark_gated(Program *p) {
  if (p->iScope < 0) return;
  char *in = arena_alloc(&p->arena, (size_t)p->nRule + 1);
  int *stack = arena_alloc(&p->arena, ((size_t)p->nRule + 1) * sizeof *stack);
  mark_closure(p, p->iScope, in, stack);
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    r->gated = !in[r->iCanon] && !kind_has(r->kind, KF_ALWAYS);
  }
}

/* }==== */


/* The calendar: its citations here, its days in calendar.c (expanded once,
** into the sorted table of non-working weekdays). */
static void read_calendar(Checker *c, Decl *d) {
  for (Clause *cl = d ? d->clauses : NULL; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (map_get(&c->sources, key) < 0) ERRT(d->iFile, ct->src, "unknown source '%s'", key);
    }
  }
  calendar_build(c->p, c->d, d, c->aOvHoliday, c->nOvHoliday);
}

/* {==== municipal overlays ============================================ */

/* Which declarations belong where: an overlay adds rules and amends national
** ones; it declares no facts, types, scope, calendar or report, and no rule
** that would make closing a case easier. */
static void check_placement(Checker *c, Decl *d) {
  const char *what = NULL;
  if (in_overlay(c, d->iFile)) {
    switch (d->kind) {
      case D_FACTS: what = "facts: they are declared nationally, for every municipality"; break;
      case D_ENUM: case D_RECORD: what = "types: they are declared nationally"; break;
      case D_SCOPE: what = "a scope: the national scope applies"; break;
      case D_CALENDAR: what = "a calendar: it adds days with 'municipality holiday DATE \"name\" STATUS'"; break;
      case D_REPORT: what = "a report: the decision has the national shape"; break;
      case D_RULESET: case D_SELECTOR: what = "this: it belongs to the national rule set"; break;
      case D_REQUIRE: what = "a requirement on facts: facts are declared nationally"; break;
      case D_RULE:
        if (kind_has(d->rkind, KF_CLOSING))
          what = "a ground for closing a case: that would make closing easier than the national procedure";
        else if (kind_has(d->rkind, KF_NATIONAL))   /* the conventions of time and reading */
          what = "a convention: the conventions of time and reading are national";
        break;
      default: break;
    }
    if (what) ERRT(d->iFile, d->kw, "an overlay cannot declare %s", what);
  } else {
    switch (d->kind) {
      case D_OVERLAY: case D_TIGHTEN: case D_WIDEN: case D_REMOVE: case D_HOLIDAY: case D_HOOK:
        ERRT(d->iFile, d->kw, "'%.*s' belongs in a municipal overlay (a directory whose files declare "
             "'overlay NAME \"title\" amends ...'), not in the national rules",
             (int)d->kw.len, c->d->aFile[d->iFile].zText + d->kw.off);
        break;
      default: break;
    }
  }
}

static Node *new_node(Checker *c, int op, const Node *at) {
  Node *n = xalloc(c, sizeof *n);
  n->op = (uint16_t)op;
  n->iFile = at->iFile;
  n->off = at->off;
  n->len = at->len;
  n->slot = -1;
  n->depth = 1;
  return n;
}

/* Adds the amendment's citations (the municipal decision) to rule R. */
static void add_cites(Checker *c, Decl *d, Rule *r) {
  int n = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next)
    if (cl->kind == CL_CITES) for (Cite *ct = cl->cites; ct; ct = ct->next) n++;
  if (!n) {
    ERRT(d->iFile, d->kw, "an amendment needs the municipal decision it rests on (add 'cites SOURCE \"...\"')");
    return;
  }
  const char **az = xalloc(c, (size_t)(r->nCite + n) * sizeof *az);
  Cite **ap = xalloc(c, (size_t)(r->nCite + n) * sizeof *ap);
  if (r->nCite) {
    memcpy(az, r->azCite, (size_t)r->nCite * sizeof *az);
    memcpy(ap, r->apCite, (size_t)r->nCite * sizeof *ap);
  }
  int k = r->nCite;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (map_get(&c->sources, key) < 0)
        ERRT(d->iFile, ct->src, "unknown source '%s' (declare it with: source %s \"title\")", key, key);
      ap[k] = ct;
      az[k++] = ct->zText;
    }
  }
  r->azCite = az;
  r->apCite = ap;
  r->nCite = k;
}

static void record_amendment(Checker *c, int rule, int kind, const char *zText) {
  Amendment *a = &c->p->aAmend[c->p->nAmend++];
  a->rule = rule;
  a->kind = kind;
  a->zText = zText;
}

/* tighten ID within DURATION: a national deadline, shorter.  The durations
** are compared once they are checked (verify_tightened). */
static void amend_tighten(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  Node *dur = NULL;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN) dur = cl->expr;
    else if (cl->kind != CL_CITES && cl->kind != CL_NOTE)
      ERRT(d->iFile, cl->kw, "tighten takes 'within DURATION' and 'cites', nothing else");
  }
  if (r->kind != RK_DEADLINE) {
    ERRT(d->iFile, d->name, "%s is a %s, not a deadline: only deadlines are tightened",
         rule_with_cites(c, r), kind_name(r->kind));
    return;
  }
  if (!dur) {
    ERRT(d->iFile, d->kw, "tighten needs the shorter limit: 'tighten %s within DURATION'", r->zId);
    return;
  }
  if (!r->dlWithin && !r->dlBound) {
    ERRT(d->iFile, d->name, "%s counts its due date another way ('due' or 'governed by'): only a "
         "'within' limit can be tightened", rule_with_cites(c, r));
    return;
  }
  for (int v = i; v >= 0; v = p->aRule[v].iNext) {
    Rule *rv = &p->aRule[v];
    if (c->nTight == c->capTight) {
      c->capTight = c->capTight ? 2 * c->capTight : 16;
      struct Tightened *na = xalloc(c, (size_t)c->capTight * sizeof *na);
      if (c->nTight) memcpy(na, c->aTight, (size_t)c->nTight * sizeof *na);
      c->aTight = na;
    }
    struct Tightened x = {v, rv->dlWithin ? rv->dlWithin : rv->dlBound, dur, d, NULL};
    for (int t = 0; t < c->nTight; t++) {            /* tightened before: compare with the national limit */
      if (c->aTight[t].rule == v) {
        x.was = c->aTight[t].was;
        x.zNational = c->aTight[t].zNational;
        break;
      }
    }
    if (!x.zNational) x.zNational = rule_with_cites(c, r);
    c->aTight[c->nTight++] = x;
    if (rv->dlWithin) rv->dlWithin = dur;
    else rv->dlBound = dur;
    rv->amended = 1;
  }
  add_cites(c, d, r);
}

/* widen ID when COND [reading "..."]: the rule also holds when COND does;
** widen ID LEVEL when COND: a level or category table gains a row, ordered
** among the rows of its level by check_rows (a row can only raise what the
** table gives: the first row that holds decides, from the highest down). */
static int amend_widen(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  if (!kind_has(r->kind, KF_WIDEN)) {      /* only rules whose holding adds obligations */
    const char *why =
        kind_has(r->kind, KF_CLOSING)
          ? "it is a ground for closing a case: widening it would make closing easier"
        : r->kind == RK_DEADLINE ? "a deadline is made stricter with 'tighten'"
        : r->kind == RK_INTERPRETATION || r->kind == RK_DEFINITION || r->kind == RK_LET
          ? "which way is more protective depends on the rules that read it: widen the rule that "
            "carries the obligation"
        : "only rules that add obligations (hazards, actions, factors, preconditions, findings) can be widened";
    ERRT(d->iFile, d->name, "cannot widen %s: %s", rule_with_cites(c, r), why);
    return 0;
  }
  int isTable = kind_has(r->kind, KF_ROWS), nRow = 0, nWhen = 0;
  const char *zReading = NULL;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_ROW) nRow++;
    else if (cl->kind == CL_WHEN) nWhen++;
    else if (cl->kind == CL_READING) zReading = string_tok(c, d->iFile, cl->text);
    else if (cl->kind != CL_CITES && cl->kind != CL_NOTE)
      ERRT(d->iFile, cl->kw, "widen takes 'when', rows, 'reading' and 'cites', nothing else");
  }
  if (isTable && (nWhen || !nRow)) {
    ERRT(d->iFile, d->kw, "%s is a %s: widen one of its rows ('widen %s LEVEL when ...')", r->zId,
         kind_name(r->kind), r->zId);
    return 0;
  }
  if (!isTable && (nRow || nWhen != 1)) {
    ERRT(d->iFile, d->kw, "widen needs one condition: 'widen %s when ...'", r->zId);
    return 0;
  }
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_ROW && !cl->expr) {
      ERRT(d->iFile, cl->kw, "a widening row needs a condition: 'otherwise' would replace the national rows");
      return 0;
    }
  }
  for (int v = i; v >= 0; v = p->aRule[v].iNext) {
    Rule *rv = &p->aRule[v];
    rv->amended = 1;
    if (zReading) {
      rv->zReading = arena_printf(c->a, "overlay %s: %s", p->zOverlay ? p->zOverlay : "?", zReading);
      rv->isInterpretation = 1;
    }
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_WHEN) {
        if (!rv->when) continue;                     /* it holds always already */
        Node *o = new_node(c, N_OR, cl->expr);
        o->a = rv->when;
        o->b = cl->expr;
        o->depth = (uint16_t)((o->a->depth > o->b->depth ? o->a->depth : o->b->depth) + 1);
        if (o->depth > RR_MAX_DEPTH) {
          ERRT(d->iFile, d->kw, "%s is widened too many times: its condition would be more than %d "
               "levels deep", r->zId, RR_MAX_DEPTH);
          return 0;
        }
        rv->when = o;
      } else if (cl->kind == CL_ROW) {
        Node **conds = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *conds);
        Node **vals = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *vals);
        conds[0] = cl->expr;
        vals[0] = row_value(c, d->iFile, cl->text);
        memcpy(conds + 1, rv->aCaseCond, (size_t)rv->nCase * sizeof *conds);
        memcpy(vals + 1, rv->aCaseNode, (size_t)rv->nCase * sizeof *vals);
        rv->aCaseCond = conds;
        rv->aCaseNode = vals;
        rv->aCaseValue = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *rv->aCaseValue);
        rv->nCase++;
      }
    }
  }
  add_cites(c, d, r);
  return 1;
}

/* The text of an amendment for the decision: "also when COND". */
static const char *widen_text(Checker *c, Decl *d) {
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_WHEN && cl->kind != CL_ROW) continue;
    /* the condition as written: from after 'when' to the end of its line */
    const char *zSrc = c->d->aFile[d->iFile].zText;
    uint32_t start = cl->kw.off + cl->kw.len, end = start;
    while (zSrc[start] == ' ') start++;
    end = start;
    while (zSrc[end] && zSrc[end] != '\n') end++;
    while (end > start && (zSrc[end - 1] == ' ' || zSrc[end - 1] == '\r')) end--;
    if (cl->kind == CL_ROW)
      return arena_printf(c->a, "widened: also %.*s when %.*s", (int)cl->text.len, zSrc + cl->text.off,
                          (int)(end - start), zSrc + start);
    return arena_printf(c->a, "widened: also when %.*s", (int)(end - start), zSrc + start);
  }
  return "widened";
}

static void apply_amendments(Checker *c, Decl *decls) {
  Program *p = c->p;
  for (Decl *d = decls; d; d = d->next) {
    if ((d->kind != D_TIGHTEN && d->kind != D_WIDEN && d->kind != D_REMOVE) || !in_overlay(c, d->iFile)) continue;
    const char *z = tok_str(c, d->iFile, d->name);
    int i = map_get(&c->rules, z);
    if (i < 0) {
      const char *sug = suggest_rule(c, z);
      if (sug) ERRT(d->iFile, d->name, "unknown rule '%s' (did you mean '%s'?)", z, sug);
      else ERRT(d->iFile, d->name, "unknown rule '%s'", z);
      continue;
    }
    if (p->aRule[i].fromOverlay) {
      ERRT(d->iFile, d->name, "%s is the overlay's own rule: %s", z,
           d->kind == D_REMOVE ? "delete its declaration" : "change it where it is declared");
      continue;
    }
    if (d->kind == D_REMOVE) national_rule_error(c, d, i, "remove");
    else if (d->kind == D_TIGHTEN) amend_tighten(c, d, i);
    else if (amend_widen(c, d, i)) record_amendment(c, i, D_WIDEN, widen_text(c, d));
  }
}

/* A tightened deadline may not be longer than the national one.  Units are
** compared only where the answer is certain: 1 not longer, 0 longer, -1
** cannot tell. */
static int dur_not_longer(Value now, Value was) {
  if (now.aux == was.aux) return now.u.i <= was.u.i;
  double lo[2], hi[2];
  int cls[2];
  Value v[2] = {now, was};
  for (int k = 0; k < 2; k++) {
    double n = (double)v[k].u.i;
    switch (v[k].aux) {
      case DU_MINUTES: lo[k] = hi[k] = n / 60; cls[k] = 0; break;
      case DU_HOURS: lo[k] = hi[k] = n; cls[k] = 0; break;
      case DU_DAYS: lo[k] = n * 23; hi[k] = n * 25; cls[k] = 1; break;      /* across a clock change */
      case DU_WEEKS: lo[k] = n * 168 - 1; hi[k] = n * 168 + 1; cls[k] = 1; break;
      case DU_MONTHS: lo[k] = n * 28 * 24 - 1; hi[k] = n * 31 * 24 + 1; cls[k] = 2; break;
      case DU_YEARS: lo[k] = n * 365 * 24 - 1; hi[k] = n * 366 * 24 + 1; cls[k] = 2; break;
      default: lo[k] = n * 24; hi[k] = -1; cls[k] = 3; break;               /* working days */
    }
  }
  if (cls[0] == 1 && cls[1] == 1) {                 /* days and weeks: exact in days */
    long long a = now.aux == DU_WEEKS ? now.u.i * 7 : now.u.i, b = was.aux == DU_WEEKS ? was.u.i * 7 : was.u.i;
    return a <= b;
  }
  if (cls[0] == 3) return -1;           /* working days against calendar time: uncertain */
  if (cls[1] == 3) return hi[0] <= lo[1] ? 1 : -1;
  if (hi[0] <= lo[1]) return 1;
  if (lo[0] > hi[1]) return 0;
  return -1;
}

static void verify_tightened(Checker *c) {
  Program *p = c->p;
  for (int t = 0; t < c->nTight; t++) {
    struct Tightened *x = &c->aTight[t];
    if (x->now->op == N_DUR && x->now->k.tag != V_DUR) chk(c, x->now, NULL);   /* tightened again: not checked */
    if (x->now->op != N_DUR || x->now->k.tag != V_DUR) {
      if (t == 0 || c->aTight[t - 1].now != x->now) ERR(x->now, "tighten needs a constant duration (e.g. 5 days)");
      continue;
    }
    if (x->was->op == N_DUR && x->was->k.tag != V_DUR) chk(c, x->was, NULL);   /* replaced: not checked */
    if (x->was->op != N_DUR || x->was->k.tag != V_DUR) continue;
    const Rule *r = &p->aRule[x->rule];
    char was[64], now[64];
    snprintf(was, sizeof was, "%lld %s", (long long)x->was->k.u.i, durunit_name(x->was->k.aux));
    snprintf(now, sizeof now, "%lld %s", (long long)x->now->k.u.i, durunit_name(x->now->k.aux));
    int ok = dur_not_longer(x->now->k, x->was->k);
    if (ok == 0) {
      ERR(x->now, "%s gives %s: an overlay may shorten it, not lengthen it to %s", x->zNational, was, now);
    } else if (ok < 0) {
      ERR(x->now, "cannot tell whether %s is shorter than %s (%s): write the limit in the national rule's unit",
          now, was, x->zNational);
    } else if (x->rule == r->iCanon) {
      record_amendment(c, x->rule, D_TIGHTEN, arena_printf(c->a, "tightened: within %s instead of %s", now, was));
    }
  }
}

/* Hook slots: rules of the constructs a hook may add to, filled per case by
** the evaluator (their IDs, titles and values come from the hook). */
static const int hook_kinds[4] = {RK_HAZARD, RK_ACTION, RK_FACTOR, RK_REFERRAL};

static void add_hook_slots(Checker *c) {
  Program *p = c->p;
  for (int h = 0; h < p->nHook; h++) {
    for (int k = 0; k < 4; k++) {
      for (int s = 0; s < HOOK_SLOTS; s++) {
        int i = p->nRule++;
        Rule *r = &p->aRule[i];
        memset(r, 0, sizeof *r);
        r->kind = hook_kinds[k];
        r->zId = arena_printf(c->a, "%s#%s%d", p->aHook[h].zName, kind_name(r->kind), s + 1);
        r->zTitle = "";
        r->azCite = xalloc(c, sizeof *r->azCite);
        r->apCite = xalloc(c, sizeof *r->apCite);
        r->iCanon = i;
        r->iNext = -1;
        r->iBoundRule = -1;
        r->effFrom = INT32_MIN;
        r->effUntil = INT32_MAX;
        r->iFile = p->aHook[h].iFile;
        r->off = p->aHook[h].off;
        r->len = p->aHook[h].len;
        r->dynamic = 1;
        r->fromOverlay = 1;
      }
    }
  }
}

/* }==== */

/* {==== the driver ==================================================== */

void check_type_str(const Program *p, const Type *t, char *buf, size_t n) {
  ptype_str(p, t, buf, n);
}

static int check_all(Checker *c, Program *p, Diag *diag, Decl *decls) {
  int nErr0 = diag->nErr;
  int nEnum = 0, nRec = 0, nSrc = 0, nRule = 0, nFn = 0, nTest = 0, nHook = 0, nAmend = 0, nHol = 0;
  Decl *scopeDecl = NULL, *calDecl = NULL, *reportDecl = NULL, *overlayDecl = NULL, *selectorDecl = NULL;

  c->p = p;
  c->d = diag;
  c->a = &p->arena;
  c->rules.a = c->lets.a = c->fns.a = c->types.a = c->sources.a = c->a;
  c->curRule = c->curFn = -1;
  p->iScope = -1;

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
  nRule += nHook * 4 * HOOK_SLOTS;          /* the hooks' slots (add_hook_slots) */
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
  c->fileFrom = xalloc(c, (size_t)(diag->nFile + 1) * sizeof *c->fileFrom);
  c->fileUntil = xalloc(c, (size_t)(diag->nFile + 1) * sizeof *c->fileUntil);
  c->fileHasDefault = xalloc(c, (size_t)(diag->nFile + 1) * sizeof *c->fileHasDefault);
  c->fileStops = xalloc(c, (size_t)(diag->nFile + 1) * sizeof *c->fileStops);

  /* phase 1: names */
  for (Decl *d = decls; d; d = d->next) {
    check_placement(c, d);
    switch (d->kind) {
      case D_RULESET:
        if (p->zRuleset) ERRT(d->iFile, d->kw, "the rule set already has a name ('%s')", p->zRuleset);
        p->zRuleset = tok_str(c, d->iFile, d->name);
        p->zRulesetTitle = string_tok(c, d->iFile, d->title);
        break;
      case D_SELECTOR:
        if (selectorDecl) ERRT(d->iFile, d->kw, "the rule set already says which municipality applies");
        else selectorDecl = d;
        break;
      case D_OVERLAY:
        if (!in_overlay(c, d->iFile)) break;
        if (overlayDecl) {
          ERRT(d->iFile, d->kw, "an overlay is declared once");
          diag_note(diag, overlayDecl->iFile, overlayDecl->kw.off, overlayDecl->kw.len, "it is declared here");
          break;
        }
        overlayDecl = d;
        p->zOverlay = tok_str(c, d->iFile, d->name);
        p->zOverlayTitle = string_tok(c, d->iFile, d->title);
        p->zAmends = tok_str(c, d->iFile, d->aux);
        p->zMunicipality = string_tok(c, d->iFile, d->aux2);
        for (Clause *cl = d->clauses; cl; cl = cl->next) {
          if (cl->kind == CL_CITES || cl->kind == CL_NOTE) continue;
          ERRT(d->iFile, cl->kw, "an overlay declaration takes 'cites' and 'note' only");
        }
        break;
      case D_HOLIDAY:
        if (in_overlay(c, d->iFile)) c->aOvHoliday[c->nOvHoliday++] = d;
        break;
      case D_HOOK:
        if (in_overlay(c, d->iFile)) {
          HookDef *h = &p->aHook[p->nHook++];
          h->zName = tok_str(c, d->iFile, d->name);
          h->zPath = string_tok(c, d->iFile, d->aux);
          h->iFile = d->iFile;
          h->off = d->name.off;
          h->len = d->name.len;
          for (int k = 0; k < p->nHook - 1; k++) {
            if (strcmp(p->aHook[k].zName, h->zName) == 0) ERRT(d->iFile, d->name, "hook '%s' is already declared", h->zName);
          }
          for (Clause *cl = d->clauses; cl; cl = cl->next) ERRT(d->iFile, cl->kw, "a hook takes no clauses");
        }
        break;
      case D_SOURCE: {
        SourceDef *s = &p->aSource[p->nSource];
        s->zKey = tok_str(c, d->iFile, d->name);
        s->zTitle = string_tok(c, d->iFile, d->title);
        s->zFile = d->aux.len ? string_tok(c, d->iFile, d->aux) : NULL;
        s->iFile = d->iFile;
        s->off = d->name.off;
        s->len = d->name.len;
        if (map_get(&c->sources, s->zKey) >= 0) {
          ERRT(d->iFile, d->name, "source '%s' is already declared", s->zKey);
        } else {
          map_put(&c->sources, s->zKey, p->nSource);
        }
        p->nSource++;
        break;
      }
      case D_DEFAULTS: {
        Clause *cl = d->clauses;
        int ok1, ok2 = 1;
        if (cl->kind == CL_STOPS) {
          if (c->fileStops[d->iFile]) ERRT(d->iFile, d->kw, "duplicate 'defaults stops when' in this file");
          else c->fileStops[d->iFile] = cl->expr;
          break;
        }
        if (c->fileHasDefault[d->iFile]) {
          ERRT(d->iFile, d->kw, "duplicate 'defaults' in this file");
          break;
        }
        c->fileHasDefault[d->iFile] = 1;
        c->fileFrom[d->iFile] = parse_date_tok(c, d->iFile, cl->d1, &ok1);
        c->fileUntil[d->iFile] = cl->d2.len ? parse_date_tok(c, d->iFile, cl->d2, &ok2) : INT32_MAX;
        if (ok1 && ok2 && c->fileUntil[d->iFile] <= c->fileFrom[d->iFile])
          ERRT(d->iFile, cl->d2, "'until' date must be after the 'effective' date");
        break;
      }
      case D_ENUM: register_enum(c, d, p->nEnum++); break;
      case D_RECORD: register_record(c, d, p->nRecord++); break;
      case D_SCOPE:
        if (scopeDecl) ERRT(d->iFile, d->kw, "the rule set already has a scope");
        else scopeDecl = d;
        break;
      case D_CALENDAR:
        if (calDecl) ERRT(d->iFile, d->kw, "the rule set already has a calendar");
        else calDecl = d;
        break;
      case D_REPORT:
        if (reportDecl) {
          ERRT(d->iFile, d->kw, "the rule set already has a report");
          diag_note(diag, reportDecl->iFile, reportDecl->kw.off, reportDecl->kw.len, "the first report is here");
        } else {
          reportDecl = d;
        }
        break;
      default: break;
    }
  }
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind == D_RULE || d->kind == D_TABLE || d->kind == D_LET) {
      register_rule(c, d, p->nRule++);
    } else if (d->kind == D_FN) {
      Fn *f = &p->aFn[p->nFn];
      f->zName = tok_str(c, d->iFile, d->name);
      f->decl = d;
      f->body = d->expr;
      f->iFile = d->iFile;
      f->off = d->name.off;
      f->len = d->name.len;
      if (map_get(&c->fns, f->zName) >= 0 || map_get(&c->lets, f->zName) >= 0) {
        ERRT(d->iFile, d->name, "'%s' is already defined", f->zName);
      } else {
        map_put(&c->fns, f->zName, p->nFn);
      }
      p->nFn++;
    }
  }
  if (p->iFirstOverlayFile >= 0) {
    if (!overlayDecl) {
      diag_error(diag, p->iFirstOverlayFile, 0, 0, "the overlay's files declare no overlay: add "
                 "'overlay NAME \"title\" amends %s for \"MUNICIPALITY\"'", p->zRuleset ? p->zRuleset : "RULESET");
    } else if (!p->zRuleset || strcmp(p->zAmends, p->zRuleset) != 0) {
      ERRT(overlayDecl->iFile, overlayDecl->aux, "overlay %s amends '%s', but the national rule set is '%s'",
           p->zOverlay, p->zAmends, p->zRuleset ? p->zRuleset : "(unnamed: declare 'ruleset NAME \"title\"')");
    }
  }
  apply_amendments(c, decls);
  add_hook_slots(c);
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
  if (scopeDecl) {
    const char *z = tok_str(c, scopeDecl->iFile, scopeDecl->name);
    p->iScope = map_get(&c->rules, z);
    if (p->iScope < 0) ERRT(scopeDecl->iFile, scopeDecl->name, "unknown rule '%s'", z);
  }
  p->zZone = calDecl ? string_tok(c, calDecl->iFile, calDecl->aux) : "UTC";
  read_calendar(c, calDecl);

  /* phase 2: types of records, facts, parameters; tables */
  for (int i = 0; i < p->nRecord; i++) resolve_record(c, &p->aRecord[i]);
  build_facts(c, decls);
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    if (r->kind == RK_LET && fact_kid(p->root, r->zId)) {
      ERRT(r->iFile, ((Token){r->off, r->len}), "'%s' is already a fact or group of facts", r->zId);
    }
  }
  for (int i = 0; i < p->nFn; i++) resolve_fn(c, &p->aFn[i]);
  for (int i = 0; i < p->nRule; i++) if (p->aRule[i].kind == RK_TABLE) check_table(c, i);

  /* phase 3: expressions */
  check_in_order(c);
  for (int i = 0; i < p->nRule; i++) check_rule(c, i);
  for (int i = 0; i < p->nFn; i++) check_fn(c, i);
  if (reportDecl) {
    Saved s;
    save(c, &s);
    c->render = 1;
    p->report = reportDecl->expr;
    p->zReport = tok_str(c, reportDecl->iFile, reportDecl->name);
    chk(c, p->report, NULL);
    restore(c, &s, NULL, NULL);
  }
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind == D_TEST) check_test(c, d, &p->aTest[p->nTest++]);
  }
  check_requirements(c, decls);
  verify_tightened(c);
  if (diag->nErr == nErr0) calendar_check_coverage(p, diag, calDecl);
  if (selectorDecl) {
    p->selector = selectorDecl->expr;
    const Type *t = chk(c, p->selector, NULL);
    if (!is_error(t) && t->k != T_TEXT) ERR(p->selector, "'municipality by' needs text (a municipality's name)");
  }
  if (p->caseHolidays) {
    const Type *t = chk(c, p->caseHolidays, NULL);
    if (!is_error(t) && !(t->k == T_LIST && t->elem->k == T_DATE)) {
      ERR(p->caseHolidays, "'holiday from' needs a list of dates");
    }
  }

  /* phases 4 and 5 */
  if (diag->nErr == nErr0) {
    order_rules(c);
    mark_gated(p);
  }

  return diag->nErr - nErr0;
}

/* Runs the checker with the arena set to longjmp here when memory runs out:
** the program is then unusable, and the diagnostics say why (oom). */
static int check_guarded(Checker *c, Program *p, Diag *diag, Decl *decls) {
  jmp_buf env;
  int nErr0 = diag->nErr, nErr;
  void *saved = p->arena.jmp;
  if (setjmp(env) == 0) {
    p->arena.jmp = &env;
    nErr = check_all(c, p, diag, decls);
  } else {
    diag->oom = 1;
    nErr = diag->nErr - nErr0 + 1;
  }
  p->arena.jmp = saved;
  return nErr;
}

int check_program(Program *p, Diag *diag, Decl *decls) {
  Checker c;
  memset(&c, 0, sizeof c);
  return check_guarded(&c, p, diag, decls);
}
