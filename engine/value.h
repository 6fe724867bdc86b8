/*
** value.h - runtime values and static types of the policy language.
**
** A Value is 16 bytes and never owns memory: texts, lists and records point
** into an arena (the case's facts, or a rendering arena).  UNKNOWN is a value
** like any other: a fact absent from the input is unknown, not false, and the
** operators propagate it (Kleene logic; see eval.c).
*/
#ifndef RR_VALUE_H
#define RR_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "rrtime.h"

typedef enum VTag {
  V_UNKNOWN = 0,
  V_BOOL,      /* i: 0 or 1 */
  V_INT,       /* i */
  V_NUM,       /* d, aux = unit */
  V_TEXT,      /* s, n = length in bytes */
  V_DATE,      /* i: RrDate */
  V_INSTANT,   /* i: RrInstant */
  V_TIME,      /* i: minutes after midnight */
  V_RANGE,     /* i: start minutes, n: end minutes (time-of-day range) */
  V_DUR,       /* i: amount, aux = duration unit */
  V_ENUM,      /* i: member index, aux = enum index in the program */
  V_LIST,      /* items, n */
  V_REC,       /* items (one per field), aux = record index */
  V_RULE,      /* i: rule index */
  V_RULES,     /* aux = rule kind: the fired rules of that kind (lazy) */
  V_OBJ,       /* obj: a JSON-like object built while rendering */
  V_NULL       /* an explicit JSON null while rendering */
} VTag;

typedef struct Obj Obj;

typedef struct Value {
  uint8_t tag;
  uint8_t pad;
  uint16_t aux;
  int32_t n;
  union {
    int64_t i;
    double d;
    const char *s;
    struct Value *items;
    const Obj *obj;
  } u;
} Value;

struct Obj {                  /* insertion-ordered keys */
  int n;
  const char **keys;
  Value *vals;
};

/* A fact as given or as stored, before it is checked against its declared
** type: true/false, an integer, a real, or text -- the value itself for a
** scalar (a name, a date), JSON for a list or a record.  Z need not be
** NUL-terminated. */
enum { RF_NULL = 0, RF_BOOL, RF_INT, RF_REAL, RF_TEXT };
typedef struct RawFact {
  int type;                /* RF_* */
  int64_t i;
  double d;
  const char *z;
  int n;
} RawFact;

/* Physical units of quantities.  ORDER UNITS: unit_names in value.c. */
enum { U_NONE = 0, U_KG, U_M, U__COUNT };

/* Units of durations.  ORDER DURUNITS: durunit_names in value.c. */
enum {
  DU_MINUTES = 0, DU_HOURS, DU_DAYS, DU_WEEKS, DU_MONTHS, DU_YEARS, DU_WORKDAYS, DU__COUNT
};

/* Static types. */
typedef enum TKind {
  T_ERROR = 0,  /* an expression already diagnosed: suppresses follow-on errors */
  T_BOOL, T_INT, T_NUM, T_TEXT, T_DATE, T_INSTANT, T_TIME, T_RANGE, T_DUR,
  T_ENUM, T_LIST, T_REC, T_RULE, T_RULES, T_JSON, T_NULL
} TKind;

/* The values a fact of type int, number or date may take, both ends
** included (dates as day numbers): int in 0 .. 30. */
typedef struct TypeRange {
  double lo, hi;
} TypeRange;

typedef struct Type Type;
struct Type {
  TKind k;
  int unit;           /* T_NUM: U_* */
  int id;             /* T_ENUM / T_REC: index in the program */
  const Type *elem;   /* T_LIST */
  const TypeRange *range;   /* a declared range, checked on input; NULL for none */
  int rkind;          /* T_RULE: the construct (RK_*) every rule of this type is of
                      ** ('fired hazard' gives a list of them), or -1: any rule */
};

extern const Type tyError, tyBool, tyInt, tyNumber, tyText, tyDate, tyInstant, tyTime,
    tyRange, tyDur, tyRule, tyJson, tyNull;

const char *unit_name(int unit);                 /* "kg", "m", "" */
int         unit_lookup(const char *z, int n);   /* U_* or -1 */
const char *durunit_name(int du);                /* "hours", "working days", ... */
int         durunit_lookup(const char *z, int n, int working);  /* DU_* or -1 */

static inline Value v_unknown(void) { Value v = {0}; return v; }
static inline Value v_bool(int b) { Value v = {0}; v.tag = V_BOOL; v.u.i = b != 0; return v; }
static inline Value v_int(int64_t i) { Value v = {0}; v.tag = V_INT; v.u.i = i; return v; }
static inline Value v_num(double d, int unit) {
  Value v = {0}; v.tag = V_NUM; v.u.d = d; v.aux = (uint16_t)unit; return v;
}
static inline Value v_text(const char *s, int n) {
  Value v = {0}; v.tag = V_TEXT; v.u.s = s; v.n = n; return v;
}
static inline Value v_date(RrDate d) { Value v = {0}; v.tag = V_DATE; v.u.i = d; return v; }
static inline Value v_instant(RrInstant t) { Value v = {0}; v.tag = V_INSTANT; v.u.i = t; return v; }
static inline Value v_time(int minutes) { Value v = {0}; v.tag = V_TIME; v.u.i = minutes; return v; }
static inline Value v_enum(int e, int member) {
  Value v = {0}; v.tag = V_ENUM; v.aux = (uint16_t)e; v.u.i = member; return v;
}
static inline Value v_rule(int r) { Value v = {0}; v.tag = V_RULE; v.u.i = r; return v; }
static inline Value v_null(void) { Value v = {0}; v.tag = V_NULL; return v; }
static inline Value v_dur(int64_t n, int unit) {
  Value v = {0}; v.tag = V_DUR; v.u.i = n; v.aux = (uint16_t)unit; return v;
}
/* A time-of-day range from START to END minutes after midnight. */
static inline Value v_range(int start, int end) {
  Value v = {0}; v.tag = V_RANGE; v.u.i = start; v.n = end; return v;
}
/* The composite values point at items that live elsewhere (an arena). */
static inline Value v_list(Value *items, int n) {
  Value v = {0}; v.tag = V_LIST; v.n = n; v.u.items = items; return v;
}
/* A value of record type RECORD (its index in the program): one item per field. */
static inline Value v_rec(int record, Value *fields) {
  Value v = {0}; v.tag = V_REC; v.aux = (uint16_t)record; v.u.items = fields; return v;
}
/* The fired rules of construct KIND (RK_*), read lazily (list_iter in eval.h). */
static inline Value v_rules(int kind) { Value v = {0}; v.tag = V_RULES; v.aux = (uint16_t)kind; return v; }
static inline Value v_obj(const Obj *o) { Value v = {0}; v.tag = V_OBJ; v.u.obj = o; return v; }
static inline int v_known(Value v) { return v.tag != V_UNKNOWN; }
static inline int v_true(Value v) { return v.tag == V_BOOL && v.u.i; }
static inline int v_false(Value v) { return v.tag == V_BOOL && !v.u.i; }
/* A value a column can hold: not a list, record or object. */
static inline int v_is_scalar(Value v) {
  return v.tag != V_LIST && v.tag != V_OBJ && v.tag != V_RULES && v.tag != V_REC;
}

/* ---- objects and texts (the small ones inline, the rest in value.c) ----
** Values never own memory: these take an arena for what they allocate, and
** what they are given (keys, items) must live at least as long as the result. */

/* An object of N keys and values (both kept, not copied): only the Obj is
** allocated in A.  V_UNKNOWN when memory ran out. */
static inline Value obj_new(Arena *a, int n, const char **keys, Value *vals) {
  Obj *o = (Obj *)arena_alloc(a, sizeof *o);
  if (!o) return v_unknown();
  o->n = n;
  o->keys = keys;
  o->vals = vals;
  return v_obj(o);
}
/* The value of KEY in object O: V_UNKNOWN when O is not an object or has no
** such key. */
Value obj_get(Value o, const char *key);
/* Z (NUL-terminated) as text, without copying; null when Z is NULL. */
static inline Value v_str(const char *z) { return z ? v_text(z, (int)strlen(z)) : v_null(); }
/* Z copied into A as text; null when Z is NULL or memory ran out. */
Value v_strdup(Arena *a, const char *z);
/* The members of an enum as error messages list them, "a, b, c", into BUF
** of SIZE bytes (SIZE > 40).  Stops while 40 bytes remain, so that a message
** around the list fits; returns the number of members written: fewer than
** N means the list was cut. */
int   join_members(char *buf, size_t size, const char *const *azMember, int n);

#endif
