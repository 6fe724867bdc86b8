/*
** ast.c - the syntax tree of policy files: its builders and its names.
**
** The grammar's actions (grammar/parser.y) call the builders below, which
** allocate every node, clause and declaration in the rule set's arena and
** keep each expression's depth within RR_MAX_DEPTH; the parse driver
** (parse.c) feeds them tokens.  The names of operators and rule constructs,
** for messages and dumps, are here too.
*/
#include "ast.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser.h"
#include "rrlimits.h"

/* {==== names ========================================================= */

static const char *const op_names[N__COUNT] = {   /* ORDER OPS */
  "bool", "int", "number", "string", "interpolation", "date", "date-time", "time",
  "duration", "null",
  "name", "rule name", "field", "index", "call",
  "fact", "variable", "rule", "enum", "as_of", "case_id", "getfield", "rule attribute", "table", "builtin",
  "fn call",
  "not", "-",
  "and", "or",
  "==", "!=", "<", "<=", ">", ">=",
  "+", "-", "*", "/",
  "in", "not in", "has any", "has all",
  "..", "??",
  "is known", "is not known", "is true", "is not true",
  "if",
  "any", "all",
  "first", "last", "before", "after", "generator",
  "any <kind>", "fired <kind>",
  "set", "list", "object",
  "list comprehension", "object comprehension",
};

const char *op_name(int op) {
  return op >= 0 && op < N__COUNT ? op_names[op] : "?";
}

static const struct {
  const char *zName;
  unsigned flags;          /* KF_* */
} kinds[RK__COUNT] = {
#define X(kind, z, f) {z, f},
  RR_RULE_KINDS(X)
#undef X
};

const char *kind_name(int rk) {
  return rk >= 0 && rk < RK__COUNT ? kinds[rk].zName : "?";
}

int kind_lookup(const char *z, int n) {
  for (int i = 0; i < RK__COUNT; i++) {
    if ((int)strlen(kinds[i].zName) == n && memcmp(kinds[i].zName, z, (size_t)n) == 0) return i;
  }
  return -1;
}

int kind_has(int rk, unsigned flags) {
  return rk >= 0 && rk < RK__COUNT && (kinds[rk].flags & flags) != 0;
}

/* }==== */

/* The builders, called by the grammar's actions, follow. */

Token tok_none(void) {
  Token t = {0, 0};
  return t;
}

/* The builders never see NULL: out of memory, the arena longjmps back to
** parse_file (pp->arena->jmp), which gives up on the file. */
static void *pmalloc(Parse *pp, size_t n) { return arena_alloc(pp->arena, n); }

static const char *tok_text(Parse *pp, Token t) {
  return arena_strndup(pp->arena, pp->zText + t.off, t.len);
}

/* {==== expressions ================================================= */

static Node *node(Parse *pp, int op, Token t) {
  Node *n = pmalloc(pp, sizeof *n);
  n->op = (uint16_t)op;
  n->iFile = (int16_t)pp->iFile;
  n->off = t.off;
  n->len = t.len;
  n->slot = -1;
  n->depth = 1;
  return n;
}

/* Makes KID a level below N: N's depth grows to cover it.  Past
** RR_MAX_DEPTH the declaration is refused (as a syntax error), so that no
** walk of the tree -- checker, linter, evaluator -- recurses deeper. */
static void under(Parse *pp, Node *n, const Node *kid) {
  if (!kid || kid->depth < n->depth) return;
  n->depth = (uint16_t)(kid->depth + 1);
  if (n->depth > RR_MAX_DEPTH) {
    n->depth = RR_MAX_DEPTH + 1;
    if (!pp->syntaxError) {
      pp->syntaxError = 1;
      diag_error(pp->diag, pp->iFile, n->off, n->len,
                 "expression too deep: more than %d levels (a chain of 'and', 'or', '+' ... is a "
                 "level per term): split it with let", RR_MAX_DEPTH);
    }
  }
}

Node *ast_leaf(Parse *pp, int op, Token t) { return node(pp, op, t); }

Node *ast_unary(Parse *pp, int op, Token t, Node *a) {
  Node *n = node(pp, op, t);
  n->a = a;
  under(pp, n, a);
  return n;
}

Node *ast_binary(Parse *pp, int op, Token t, Node *a, Node *b) {
  Node *n = node(pp, op, t);
  n->a = a;
  n->b = b;
  under(pp, n, a);
  under(pp, n, b);
  return n;
}

Node *ast_literal(Parse *pp, int code, Token t) {
  const char *z = pp->zText + t.off;
  Node *n;
  switch (code) {
    case TK_TRUE: case TK_FALSE:
      n = node(pp, N_BOOL, t);
      n->k = v_bool(code == TK_TRUE);
      return n;
    case TK_NULL:
      n = node(pp, N_NULL, t);
      n->k = v_null();
      return n;
    case TK_NUMBER: {
      char buf[64];
      size_t len = t.len < sizeof buf - 1 ? t.len : sizeof buf - 1;
      memcpy(buf, z, len);
      buf[len] = 0;
      if (memchr(buf, '.', len)) {
        n = node(pp, N_NUM, t);
        n->k = v_num(strtod(buf, NULL), U_NONE);
      } else {
        n = node(pp, N_INT, t);
        n->k = v_int(strtoll(buf, NULL, 10));
      }
      return n;
    }
    case TK_DATE: {
      RrDate d;
      n = node(pp, N_DATE, t);
      if (!rr_parse_date(z, t.len, &d)) n->k = v_date(d);     /* else reported by check_token */
      return n;
    }
    case TK_DATETIME: {
      RrInstant i;
      n = node(pp, N_INSTANT, t);
      if (!rr_parse_instant(z, t.len, &i)) n->k = v_instant(i);
      return n;
    }
    case TK_TIMEOFDAY: {
      int m;
      n = node(pp, N_TIME, t);
      if (!rr_parse_time_of_day(z, t.len, &m)) n->k = v_time(m);
      return n;
    }
    default: {   /* TK_STRING: strip the quotes */
      n = node(pp, N_STR, t);
      char *s = parse_string_text(pp->arena, z + 1, t.len >= 2 ? t.len - 2 : 0);
      n->k = v_text(s, (int)strlen(s));
      return n;
    }
  }
}

Node *ast_quantity(Parse *pp, Token num, Token unit, int working) {
  Node *n = ast_literal(pp, TK_NUMBER, num);
  Node *q = node(pp, N_DUR, unit);   /* the checker decides: duration or quantity */
  q->a = n;
  under(pp, q, n);
  q->zName = tok_text(pp, unit);
  q->flags = (uint16_t)working;
  return q;
}

Node *ast_name(Parse *pp, int op, Token t) {
  Node *n = node(pp, op, t);
  n->zName = tok_text(pp, t);
  return n;
}

Node *ast_field(Parse *pp, Node *a, Token name) {
  Node *n = node(pp, N_FIELD, name);
  n->a = a;
  under(pp, n, a);
  n->zName = tok_text(pp, name);
  return n;
}

Node *ast_call(Parse *pp, Token name, Node *args) {
  Node *n = node(pp, N_CALL, name);
  n->zName = tok_text(pp, name);
  if (args) {
    n->args = args->args;
    n->nArg = args->nArg;
    for (int i = 0; i < n->nArg; i++) under(pp, n, n->args[i]);
  }
  return n;
}

Node *ast_index(Parse *pp, Node *a, Token t, Node *args) {
  Node *n = node(pp, N_INDEX, t);
  n->a = a;
  n->args = args->args;
  n->nArg = args->nArg;
  under(pp, n, a);
  for (int i = 0; i < n->nArg; i++) under(pp, n, n->args[i]);
  if (a) {                     /* the caret goes under the table's name */
    n->off = a->off;
    n->len = a->len;
  }
  return n;
}

Node *ast_quant(Parse *pp, int op, Token kw, Token var, Node *list, Node *body) {
  Node *n = node(pp, op, var);
  (void)kw;
  n->zName = tok_text(pp, var);
  n->a = list;
  n->b = body;
  under(pp, n, list);
  under(pp, n, body);
  return n;
}

Node *ast_kind_query(Parse *pp, int op, Token kw, Token kind) {
  Node *n = node(pp, op, kind);
  (void)kw;
  n->slot = kind_lookup(pp->zText + kind.off, (int)kind.len);
  return n;
}

Node *ast_if(Parse *pp, Token kw, Node *c, Node *a, Node *b) {
  Node *n = node(pp, N_IF, kw);
  n->a = c;
  n->b = a;
  n->c = b;
  under(pp, n, c);
  under(pp, n, a);
  under(pp, n, b);
  return n;
}

Node *ast_comp(Parse *pp, int op, Token t, Node *key, Node *val, Token var, Node *list, Node *cond) {
  Node *n = node(pp, op, t);
  n->zName = tok_text(pp, var);
  n->a = op == N_OBJCOMP ? key : val;
  n->b = list;
  n->c = op == N_OBJCOMP ? val : cond;
  under(pp, n, n->a);
  under(pp, n, n->b);
  under(pp, n, n->c);
  return n;
}

Node *ast_list_new(Parse *pp, Token t) { return node(pp, N_LIST, t); }

Node *ast_list_add(Parse *pp, Node *list, Node *e) {
  if ((list->nArg & (list->nArg - 1)) == 0) {      /* grow at powers of two */
    int cap = list->nArg ? list->nArg * 2 : 4;
    Node **v = pmalloc(pp, (size_t)cap * sizeof *v);
    if (list->nArg) memcpy(v, list->args, (size_t)list->nArg * sizeof *v);
    list->args = v;
  }
  list->args[list->nArg++] = e;
  under(pp, list, e);
  return list;
}

Node *ast_retag(Node *list, int op, Token t) {
  list->op = (uint16_t)op;
  list->off = t.off;
  list->len = t.len;
  return list;
}

Node *ast_obj_add(Parse *pp, Node *obj, Token key, Node *value) {
  if (!obj) obj = node(pp, N_OBJ, key);
  int n = obj->nArg;
  ast_list_add(pp, obj, value);
  if ((n & (n - 1)) == 0) {                        /* grow at powers of two, as the values */
    const char **keys = pmalloc(pp, (size_t)(n ? n * 2 : 4) * sizeof *keys);
    if (n) memcpy(keys, obj->keys, (size_t)n * sizeof *keys);
    obj->keys = keys;
  }
  const char *z = pp->zText + key.off;
  obj->keys[n] = (z[0] == '"') ? parse_string_text(pp->arena, z + 1, key.len - 2)
                               : arena_strndup(pp->arena, z, key.len);
  return obj;
}

/* Interpolated strings: ARGS alternate text literals (N_STR) and expressions.
** A token part carries its delimiters: "text{  }text{  }text" */
Node *ast_interp_add(Parse *pp, Node *interp, Token part, Node *e) {
  if (!interp) interp = node(pp, N_INTERP, part);
  if (part.len >= 2) {
    Node *s = node(pp, N_STR, part);
    char *z = parse_string_text(pp->arena, pp->zText + part.off + 1, part.len - 2);
    s->k = v_text(z, (int)strlen(z));
    if (z[0]) ast_list_add(pp, interp, s);
  }
  if (e && e->op == N_INTERP) {           /* splice a tail: concatenation is associative */
    for (int i = 0; i < e->nArg; i++) ast_list_add(pp, interp, e->args[i]);
  } else if (e) {
    ast_list_add(pp, interp, e);
  }
  return interp;
}

/* }==== */

/* {==== clauses and small lists ======================================= */

Clause *clause_new(Parse *pp, int kind, Token kw) {
  Clause *c = pmalloc(pp, sizeof *c);
  c->kind = kind;
  c->kw = kw;
  return c;
}

Clause *clause_expr(Parse *pp, int kind, Token kw, Node *e) {
  Clause *c = clause_new(pp, kind, kw);
  c->expr = e;
  return c;
}

Clause *clause_cites(Parse *pp, Token kw, Cite *cites) {
  Clause *c = clause_new(pp, CL_CITES, kw);
  c->cites = cites;
  return c;
}

Clause *clause_effective(Parse *pp, Token kw, Token from, Token until) {
  Clause *c = clause_new(pp, CL_EFFECTIVE, kw);
  c->d1 = from;
  c->d2 = until;
  return c;
}

Clause *clause_names(Parse *pp, int kind, Token kw, NameList *names) {
  Clause *c = clause_new(pp, kind, kw);
  c->names = names;
  return c;
}

Clause *clause_given(Parse *pp, Token kw, Assign *given) {
  Clause *c = clause_new(pp, CL_GIVEN, kw);
  c->given = given;
  return c;
}

Clause *clause_text(Parse *pp, int kind, Token kw, Token text) {
  Clause *c = clause_new(pp, kind, kw);
  c->text = text;
  return c;
}

Clause *clause_row(Parse *pp, Token kw, Token value, Node *cond) {
  Clause *c = clause_new(pp, CL_ROW, kw);
  c->text = value;
  c->expr = cond;
  return c;
}

Clause *clause_labelled(Parse *pp, int kind, Token kw, Node *e, Node *label) {
  Clause *c = clause_expr(pp, kind, kw, e);
  c->labelExpr = label;
  return c;
}

Clause *clause_within(Parse *pp, Token kw, Node *dur, Token per) {
  Clause *c = clause_expr(pp, CL_WITHIN, kw, dur);
  c->label = per;
  return c;
}

Clause *clause_holiday(Parse *pp, Token kw, Token date, Token name, Token status) {
  Clause *c = clause_new(pp, CL_HOLIDAY, kw);
  c->d1 = date;
  c->text = name;
  c->label = status;
  return c;
}

/* covers FROM through YEAR | covers FROM onward: the word is checked with
** the calendar (calendar.c), as are the words of the items below. */
Clause *clause_covers(Parse *pp, Token kw, Token from, Token word, Token year) {
  Clause *c = clause_new(pp, CL_COVERS, kw);
  c->d1 = from;
  c->label = word;
  c->text = year;
  return c;
}

Clause *clause_yearly(Parse *pp, Token ident, Token title, Token on, CalDay *day) {
  Clause *c = clause_new(pp, CL_YEARLY, ident);
  c->ident = ident;
  c->text = title;
  c->label = on;
  c->day = day;
  return c;
}

Clause *clause_dated(Parse *pp, Token kw, Token ident, Token date, Token status) {
  Clause *c = clause_new(pp, CL_DATED, kw);
  c->ident = ident;
  c->d1 = date;
  c->label = status;
  return c;
}

/* WHEN is a date (in d1) or a year (a number, in text). */
Clause *clause_confirm(Parse *pp, Token kw, Token when, Token status, int isYear) {
  Clause *c = clause_new(pp, CL_CONFIRM, kw);
  if (isYear) c->text = when;
  else c->d1 = when;
  c->label = status;
  return c;
}

Clause *clause_substitute(Parse *pp, Token kw, Token next, Token day, Token prefix) {
  Clause *c = clause_new(pp, CL_SUBSTITUTE, kw);
  c->label = next;
  c->d2 = day;
  c->text = prefix;
  return c;
}

CalDay *calday_new(Parse *pp, Token num, Token unit, Token variant, Token base, int sign, Token offNum,
                   Token offUnit) {
  CalDay *d = pmalloc(pp, sizeof *d);
  d->num = num;
  d->unit = unit;
  d->variant = variant;
  d->base = base;
  d->sign = sign;
  d->offNum = offNum;
  d->offUnit = offUnit;
  return d;
}

Node *ast_generator(Parse *pp, Token var, Token index, Node *list) {
  Node *n = node(pp, N_GEN, var);
  n->zName = tok_text(pp, var);
  n->a = list;
  under(pp, n, list);
  if (index.len) n->b = ast_name(pp, N_NAME, index);
  return n;
}

/* Appending to a list keeps its last element on its head, so that a list
** of N items is built in N steps, not N * N / 2.  ITEM may be a list. */
#define LIST_APPEND(T, list, item) do {                       \
    if (!(list)) return (item);                               \
    if (!(item)) return (list);                               \
    T *p_ = (list)->tail ? (list)->tail : (list);             \
    while (p_->next) p_ = p_->next;                           \
    p_->next = (item);                                        \
    p_ = (item)->tail ? (item)->tail : (item);                \
    while (p_->next) p_ = p_->next;                           \
    (list)->tail = p_;                                        \
    return (list);                                            \
  } while (0)

Clause *clause_append(Clause *list, Clause *c) { LIST_APPEND(Clause, list, c); }

/* "A B" in ARENA (A and B are N_A and N_B bytes), or NULL. */
static char *two_words(Arena *arena, const char *a, size_t nA, const char *b, size_t nB) {
  char *z = arena_alloc(arena, nA + nB + 2);
  if (!z) return NULL;
  memcpy(z, a, nA);
  z[nA] = ' ';
  memcpy(z + nA + 1, b, nB);
  z[nA + 1 + nB] = 0;
  return z;
}

Cite *cite_new(Parse *pp, Token src, Token where, int isLines) {
  Cite *c = pmalloc(pp, sizeof *c);
  const char *zw = pp->zText + where.off;
  c->src = src;
  c->where = where;
  c->isLines = isLines;
  if (isLines) {                       /* l.172 or l.131-135 */
    char *end;
    c->from = (int)strtol(zw + 2, &end, 10);
    c->to = *end == '-' ? (int)strtol(end + 1, NULL, 10) : c->from;
    c->zText = two_words(pp->arena, pp->zText + src.off, src.len, zw, where.len);
  } else {
    const char *w = parse_string_text(pp->arena, zw + 1, where.len - 2);
    c->zText = w ? two_words(pp->arena, pp->zText + src.off, src.len, w, strlen(w)) : NULL;
  }
  return c;
}

Cite *cite_append(Parse *pp, Cite *list, Cite *c) {
  (void)pp;
  LIST_APPEND(Cite, list, c);
}

NameList *names_append(Parse *pp, NameList *list, Token name) {
  NameList *n = pmalloc(pp, sizeof *n);
  n->name = name;
  LIST_APPEND(NameList, list, n);
}

NameList *names_dated(Parse *pp, NameList *list, Token name, Token from, Token until) {
  NameList *n = pmalloc(pp, sizeof *n);
  n->name = name;
  n->d1 = from;
  n->d2 = until;
  LIST_APPEND(NameList, list, n);
}

FieldDecl *field_new(Parse *pp, Token name, TypeExpr *type, FieldDecl *kids) {
  FieldDecl *f = pmalloc(pp, sizeof *f);
  f->name = name;
  f->type = type;
  f->kids = kids;
  return f;
}

FieldDecl *fields_append(FieldDecl *list, FieldDecl *f) { LIST_APPEND(FieldDecl, list, f); }

TypeExpr *type_new(Parse *pp, int kind, Token name, Token unit, TypeExpr *elem) {
  TypeExpr *t = pmalloc(pp, sizeof *t);
  t->kind = kind;
  t->name = name;
  t->unit = unit;
  t->elem = elem;
  return t;
}

TypeExpr **types_append(Parse *pp, TypeExpr **list, int *n, TypeExpr *t) {
  TypeExpr **v = list;
  if ((*n & (*n - 1)) == 0) {                       /* grow at powers of two */
    v = pmalloc(pp, (size_t)(*n ? *n * 2 : 4) * sizeof *v);
    if (*n) memcpy(v, list, (size_t)*n * sizeof *v);
  }
  v[(*n)++] = t;
  return v;
}

TableRow *row_new(Parse *pp, Node *keys, Node *value) {
  TableRow *r = pmalloc(pp, sizeof *r);
  r->keys = keys->args;
  r->nKey = keys->nArg;
  r->value = value;
  return r;
}

TableRow *rows_append(TableRow *list, TableRow *r) { LIST_APPEND(TableRow, list, r); }

Assign *assign_new(Parse *pp, NameList *path, Token first, Node *value) {
  Assign *a = pmalloc(pp, sizeof *a);
  a->path = path;
  a->pathTok = first;
  a->value = value;
  return a;
}

Assign *assigns_append(Assign *list, Assign *a) { LIST_APPEND(Assign, list, a); }

/* }==== */

/* {==== declarations ================================================= */

/* A new declaration, appended to the file's -- unless an error is pending
** in it (a limit reached inside, reported by an action): then it is built
** and dropped, as after a syntax error. */
static Decl *decl_new(Parse *pp, int kind, Token kw) {
  Decl *d = pmalloc(pp, sizeof *d);
  d->kind = kind;
  d->kw = kw;
  d->iFile = (int16_t)pp->iFile;
  if (pp->syntaxError) return d;
  if (pp->last) pp->last->next = d;
  else pp->first = d;
  pp->last = d;
  return d;
}

void decl_source(Parse *pp, Token kw, Token key, Token title, Token file, Token from, Token until) {
  Decl *d = decl_new(pp, D_SOURCE, kw);
  d->name = key;
  d->title = title;
  d->aux = file;
  if (from.len) d->clauses = clause_effective(pp, kw, from, until);   /* in force from ... */
}

void decl_defaults(Parse *pp, Token kw, Token from, Token until) {
  Decl *d = decl_new(pp, D_DEFAULTS, kw);
  d->clauses = clause_effective(pp, kw, from, until);
}

void decl_defaults_stops(Parse *pp, Token kw, Node *e) {
  Decl *d = decl_new(pp, D_DEFAULTS, kw);
  d->clauses = clause_expr(pp, CL_STOPS, kw, e);
}

void decl_enum(Parse *pp, Token kw, Token name, NameList *members, int ordered, Token otherwise,
               NameList *exclusive) {
  Decl *d = decl_new(pp, D_ENUM, kw);
  d->name = name;
  d->members = members;
  d->ordered = ordered;
  d->aux = otherwise;
  d->exclusive = exclusive;
}

void decl_record(Parse *pp, Token kw, Token name, FieldDecl *fields) {
  Decl *d = decl_new(pp, D_RECORD, kw);
  d->name = name;
  d->fields = fields;
}

void decl_facts(Parse *pp, Token kw, Token group, FieldDecl *fields) {
  Decl *d = decl_new(pp, D_FACTS, kw);
  d->name = group;
  d->fields = fields;
}

void decl_let(Parse *pp, Token kw, Token name, Node *e) {
  Decl *d = decl_new(pp, D_LET, kw);
  d->name = name;
  d->expr = e;
}

void decl_fn(Parse *pp, Token kw, Token name, FieldDecl *params, Node *e) {
  Decl *d = decl_new(pp, D_FN, kw);
  d->name = name;
  d->fields = params;
  d->expr = e;
}

void decl_rule(Parse *pp, Token kw, Token id, Token title, Clause *clauses) {
  Decl *d = decl_new(pp, D_RULE, kw);
  d->rkind = kind_lookup(pp->zText + kw.off, (int)kw.len);
  d->name = id;
  d->title = title;
  d->clauses = clauses;
}

void decl_table(Parse *pp, Token kw, Token id, Token title, Clause *clauses,
                TypeExpr **keys, int nKey, TableRow *rows) {
  Decl *d = decl_new(pp, D_TABLE, kw);
  d->rkind = RK_TABLE;
  d->name = id;
  d->title = title;
  d->clauses = clauses;
  d->keyTypes = keys;
  d->nKeyType = nKey;
  d->rows = rows;
}

void decl_scope(Parse *pp, Token kw, Token id) {
  Decl *d = decl_new(pp, D_SCOPE, kw);
  d->name = id;
}

void decl_calendar(Parse *pp, Token kw, Token name, Token title, Clause *clauses, Token zone,
                   Clause *items) {
  Decl *d = decl_new(pp, D_CALENDAR, kw);
  d->name = name;
  d->title = title;
  d->clauses = clause_append(clauses, items);
  d->aux = zone;
}

void decl_report(Parse *pp, Token kw, Token name, Node *e) {
  Decl *d = decl_new(pp, D_REPORT, kw);
  d->name = name;
  d->expr = e;
}

void decl_ruleset(Parse *pp, Token kw, Token name, Token title) {
  Decl *d = decl_new(pp, D_RULESET, kw);
  d->name = name;
  d->title = title;
}

void decl_selector(Parse *pp, Token kw, Node *e) {
  Decl *d = decl_new(pp, D_SELECTOR, kw);
  d->expr = e;
}

void decl_overlay(Parse *pp, Token kw, Token name, Token title, Token base, Token municipality,
                  Clause *clauses) {
  Decl *d = decl_new(pp, D_OVERLAY, kw);
  d->name = name;
  d->title = title;
  d->aux = base;
  d->aux2 = municipality;
  d->clauses = clauses;
}

void decl_amend(Parse *pp, int kind, Token kw, Token target, Clause *clauses) {
  Decl *d = decl_new(pp, kind, kw);
  d->name = target;
  d->clauses = clauses;
}

void decl_holiday(Parse *pp, Token kw, Token date, Token name, Token status, Clause *clauses) {
  Decl *d = decl_new(pp, D_HOLIDAY, kw);
  d->clauses = clause_append(clause_holiday(pp, kw, date, name, status), clauses);
}

/* municipality holiday NAME "title" on DAY | municipality holiday NAME DATE STATUS */
void decl_holiday_clause(Parse *pp, Token kw, Clause *holiday, Clause *clauses) {
  Decl *d = decl_new(pp, D_HOLIDAY, kw);
  d->clauses = clause_append(holiday, clauses);
}

void decl_hook(Parse *pp, Token kw, Token name, Token file, Clause *clauses) {
  Decl *d = decl_new(pp, D_HOOK, kw);
  d->name = name;
  d->aux = file;
  d->clauses = clauses;
}

void decl_require(Parse *pp, Token kw, Node *e, Token message) {
  Decl *d = decl_new(pp, D_REQUIRE, kw);
  d->expr = e;
  d->title = message;
}

void type_range(Parse *pp, TypeExpr *t, Bound lo, Bound hi) {
  (void)pp;
  t->lo = lo.t;
  t->hi = hi.t;
  t->negLo = (uint8_t)lo.neg;
  t->negHi = (uint8_t)hi.neg;
}

void decl_test(Parse *pp, Token kw, Token name, Clause *clauses) {
  Decl *d = decl_new(pp, D_TEST, kw);
  d->name = name;
  d->title = name;
  d->clauses = clauses;
}

/* }==== */
