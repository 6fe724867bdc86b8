/*
** types.c - the checker's types: types as written resolved (bool, number in
** kg, list of Shift, int in 0 .. 30), their equality and unification, and
** their descriptions in messages.
**
** The built-in types are the constants of value.h (tyBool, tyInt ...); a
** type with a unit, a range, an element or a member is allocated in the
** program's arena.  A type that could not be resolved is &tyError, already
** reported: is_error() (checkint.h) keeps it from causing further messages.
*/
#include "checkint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== the type algebra ============================================== */

/* list of ELEM. */
const Type *type_list_of(Checker *c, const Type *elem) {
  Type *t = xalloc(c, sizeof *t);
  t->k = T_LIST;
  t->elem = elem;
  return t;
}

/* number in UNIT (U_NONE: a plain number). */
const Type *type_num(Checker *c, int unit) {
  if (unit == U_NONE) return &tyNumber;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_NUM;
  t->unit = unit;
  return t;
}

/* The same type: units, enums, records and element types included. */
int type_eq(const Type *a, const Type *b) {
  if (a == b) return 1;
  if (a->k != b->k) return 0;
  switch (a->k) {
    case T_NUM: return a->unit == b->unit;
    case T_ENUM: case T_REC: return a->id == b->id;
    case T_LIST: return type_eq(a->elem, b->elem);
    default: return 1;
  }
}

/* Common type of two operands: int widens to number; null fits anything. */
const Type *type_unify(Checker *c, const Type *a, const Type *b) {
  if (is_error(a) || is_error(b)) return &tyError;
  if (a->k == T_NULL) return b;
  if (b->k == T_NULL) return a;
  if (type_eq(a, b)) return a;
  if (a->k == T_INT && b->k == T_NUM && b->unit == U_NONE) return b;
  if (b->k == T_INT && a->k == T_NUM && a->unit == U_NONE) return a;
  if (a->k == T_LIST && b->k == T_LIST) {
    const Type *e = type_unify(c, a->elem, b->elem);
    return e ? (e == a->elem ? a : e == b->elem ? b : type_list_of(c, e)) : NULL;
  }
  return NULL;
}

/* Values of T have an order (<, min, earliest ...); ordered enums too, but
** that is a property of the enum (EnumDef.ordered). */
int type_is_ordered(const Type *t) {
  switch (t->k) {
    case T_INT: case T_NUM: case T_DATE: case T_INSTANT: case T_TIME: return 1;
    default: return 0;
  }
}

/* The enum Level the prelude declares (levels of factors), or NULL. */
const Type *type_level(Checker *c) {
  int v = strmap_get(&c->types, "Level");
  return v >= 0 && v < RECBASE ? c->p->aEnum[v].type : NULL;
}

/* }==== */

/* {==== types as written ============================================== */

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
const Type *type_resolve(Checker *c, int iFile, TypeExpr *te) {
  const Type *t = resolve_type_as_written(c, iFile, te);
  return te->kind == TE_NAME && te->lo.len ? with_range(c, iFile, te, t) : t;
}

/* A type as written, without its range. */
static const Type *resolve_type_as_written(Checker *c, int iFile, TypeExpr *te) {
  const char *z = c->d->aFile[iFile].zText + te->name.off;
  int n = (int)te->name.len;
  if (te->kind == TE_LIST) {
    const Type *e = type_resolve(c, iFile, te->elem);
    return is_error(e) ? e : type_list_of(c, e);
  }
  if (te->kind == TE_TNAME) {
    const char *name = tok_str(c, iFile, te->name);
    int v = strmap_get(&c->types, name);
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
    return type_num(c, u);
  }
#undef IS
  ERRT(iFile, te->name, "unknown type '%.*s' (bool, int, number, text, date, datetime, time, "
       "list of T, or a declared enum or record)", n, z);
  return &tyError;
}

/* }==== */

/* {==== descriptions ================================================== */

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

/* Describes T for messages ("number in kg", "list of Shift", "Sex"). */
void type_str(const Checker *c, const Type *t, char *buf, size_t n) {
  ptype_str(c->p, t, buf, n);
}

/* check.h: as type_str, for the rest of the engine. */
void check_type_str(const Program *p, const Type *t, char *buf, size_t n) {
  ptype_str(p, t, buf, n);
}

/* Reports that A and B cannot be combined by WHAT ("compare", "add" ...),
** with a hint when it is a matter of units. */
void type_mismatch(Checker *c, Node *at, const char *what, const Type *a, const Type *b) {
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

/* }==== */
