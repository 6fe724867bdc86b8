/*
** ast.h - the syntax tree of policy files.
**
** The parser builds Nodes (expressions) and Decls (declarations) in the rule
** set's arena; nothing is freed on its own.  The checker annotates the same
** nodes in place (type, resolved slot, rewritten op), so the tree the
** evaluator walks is the tree the parser built: there is no second copy.
*/
#ifndef RR_AST_H
#define RR_AST_H

#include <stdint.h>

#include "keywords.h"
#include "lex.h"
#include "value.h"

/* Expression operators.  ORDER OPS: op_names in ast.c. */
typedef enum Op {
  /* literals */
  N_BOOL, N_INT, N_NUM, N_STR, N_INTERP, N_DATE, N_INSTANT, N_TIME, N_DUR, N_NULL,
  /* names as parsed */
  N_NAME,      /* lower-case identifier: fact group, let, fn, variable, enum member */
  N_UNAME,     /* upper-case identifier: a rule */
  N_FIELD,     /* a.name */
  N_INDEX,     /* a[args]: table lookup */
  N_CALL,      /* name(args) */
  /* names as resolved by the checker */
  N_FACT,      /* slot = fact slot */
  N_VAR,       /* slot = variable slot */
  N_RULEREF,   /* slot = rule index (rules and lets) */
  N_ENUMLIT,   /* k = enum value */
  N_ASOF,      /* the evaluation instant */
  N_CASEID,    /* the case's id */
  N_GETFIELD,  /* a.field with slot = field index of a record */
  N_RULEATTR,  /* a.attr of a rule value, slot = RA_* */
  N_TABLE,     /* slot = table rule, args = keys */
  N_BUILTIN,   /* slot = builtin id, args */
  N_FNCALL,    /* slot = fn index, args */
  /* operators */
  N_NOT, N_NEG,
  N_AND, N_OR,
  N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE,
  N_ADD, N_SUB, N_MUL, N_DIV,
  N_IN, N_NOTIN, N_HASANY, N_HASALL,
  N_RANGE, N_COALESCE,
  N_ISKNOWN, N_ISNOTKNOWN, N_ISTRUE, N_ISNOTTRUE,
  N_IF,        /* a ? b : c, where only a definite true takes b */
  N_ANY, N_ALL,          /* quantifiers: name = variable, a = list, b = body */
  N_FIRST, N_LAST,       /* the first / last element of a that satisfies b, or unknown */
  N_BEFORE, N_AFTER,     /* duration a before / after instant b */
  N_GEN,                 /* a generator of 'for each': zName in a, b = index variable */
  N_ANYKIND,   /* any <kind>: slot = kind */
  N_FIRED,     /* fired <kind>: slot = kind */
  N_SET, N_LIST, N_OBJ,  /* literals with args (N_OBJ: keys in keys[]) */
  N_LISTCOMP,  /* [a for name in b if c] */
  N_OBJCOMP,   /* {a: c for name in b if d}: key a, value c */
  N__COUNT
} Op;

typedef struct Node Node;
struct Node {
  uint16_t op;
  uint16_t flags;
  int16_t iFile;
  uint16_t depth;         /* levels of the subtree (a leaf is 1), at most RR_MAX_DEPTH */
  uint32_t off, len;      /* the token that best names this node */
  const Type *type;       /* set by the checker */
  Node *a, *b, *c, *d;
  Node **args;            /* call arguments, list/set elements, object values */
  int nArg;
  const char **keys;      /* N_OBJ keys */
  const char *zName;      /* identifier text (NUL-terminated copy) */
  int slot;               /* resolved index, see the ops above */
  Value k;                /* literal value */
  uint64_t mask;          /* NF_MASK: a constant set of enum members, as bits */
};

/* A type as written: number in kg, list of Shift, Sex. */
typedef struct TypeExpr TypeExpr;
struct TypeExpr {
  int kind;               /* TE_NAME, TE_TNAME, TE_LIST */
  Token name, unit;       /* unit.len == 0 when absent */
  TypeExpr *elem;
  Token lo, hi;           /* the declared range (int in 0 .. 30); lo.len == 0 when absent */
  uint8_t negLo, negHi;   /* a '-' before the bound */
};

/* A bound of a declared range as parsed: NUMBER, - NUMBER or DATE. */
typedef struct Bound {
  Token t;
  int neg;
} Bound;
enum { TE_NAME, TE_TNAME, TE_LIST };

/* A field of a record or a fact group; a group nests further fields. */
typedef struct FieldDecl FieldDecl;
struct FieldDecl {
  Token name;
  TypeExpr *type;         /* NULL for a nested group */
  FieldDecl *kids;        /* nested group members */
  int planned;            /* declared 'planned': may lie after as_of */
  FieldDecl *next;
  FieldDecl *tail;        /* on the head of a list: its last element (appends) */
};

typedef struct Cite Cite;
struct Cite {
  Token src;              /* source key: SOP */
  Token where;            /* l.172 or "A-04" */
  int isLines;            /* where is a line reference */
  int from, to;           /* line range when isLines */
  const char *zText;      /* "SOP l.172" as rendered */
  Cite *next;
  Cite *tail;             /* on the head of a list: its last element (appends) */
};

typedef struct NameList NameList;
struct NameList {
  Token name;
  Token d1, d2;           /* enum members: effective dates (len 0 when absent) */
  NameList *next;
  NameList *tail;         /* on the head of a list: its last element (appends) */
};

/* A fact assignment of a test: path = value. */
typedef struct Assign Assign;
struct Assign {
  NameList *path;
  Token pathTok;
  Node *value;
  Assign *next;
  Assign *tail;           /* on the head of a list: its last element (appends) */
};

/* The day of the year a yearly holiday falls on, as written after 'on':
** "1 january" (a month of the Gregorian calendar), "1 shawwal in
** \"islamic-umalqura\"" (a month of the Hijri calendar, computed by ICU),
** "easter + 1 day" (an Easter of the computus, with an offset). */
typedef struct CalDay {
  Token num, unit;        /* day and month; num.len == 0 for an Easter */
  Token variant;          /* the Hijri calendar's ICU name, a string; len 0 when absent */
  Token base;             /* easter or orthodox_easter */
  int sign;               /* +1, -1, or 0 without an offset */
  Token offNum, offUnit;  /* the offset: "1 day" */
} CalDay;

/* Clauses of a rule or test, in any order; duplicates are reported. */
typedef struct Clause Clause;
struct Clause {
  int kind;               /* CL_* */
  Token kw;               /* the keyword, for diagnostics */
  Node *expr;
  Cite *cites;
  Token d1, d2;           /* effective dates */
  NameList *names;        /* uses */
  Token text;             /* note, reading, responsible, row value, holiday name */
  Token label;            /* immediate "per" rule; holiday status */
  Node *labelExpr;        /* from/due/done "as" label */
  Assign *given;          /* test facts */
  Token ident;            /* calendar: the yearly holiday's name (holiday NAME ...) */
  CalDay *day;            /* calendar: the day of a yearly holiday */
  Clause *next;
  Clause *tail;           /* on the head of a list: its last element (appends) */
};
enum {
  CL_CITES, CL_EFFECTIVE, CL_WHEN, CL_VALUE, CL_EVIDENCE, CL_USES, CL_NOTE, CL_READING,
  CL_ROW, CL_RESPONSIBLE, CL_FROM, CL_WITHIN, CL_IMMEDIATE, CL_DUE, CL_DONE, CL_FOREACH,
  CL_INSTANCE, CL_STOPS, CL_GOVERNED,
  CL_LAW,                 /* law [for KIND|ID, ...] at EXPR */
  CL_ASOF, CL_GIVEN, CL_EXPECT, CL_COVERS, CL_HOLIDAY,
  CL_YEARLY,              /* holiday NAME "title" on DAY */
  CL_DATED,               /* holiday NAME DATE STATUS: one year's date of a yearly holiday */
  CL_CONFIRM,             /* holiday DATE|YEAR STATUS: the status of computed days */
  CL_SUBSTITUTE,          /* substitute next working day "prefix" */
  CL__COUNT
};

/* One row of a table: key expressions and a value. */
typedef struct TableRow TableRow;
struct TableRow {
  Node **keys;
  int nKey;
  Node *value;
  Token d1, d2;           /* effective dates of a dated row (len 0 when absent) */
  TableRow *next;
  TableRow *tail;         /* on the head of a list: its last element (appends) */
};

typedef enum DeclKind {
  D_SOURCE, D_DEFAULTS, D_ENUM, D_RECORD, D_FACTS, D_LET, D_FN, D_RULE, D_TABLE,
  D_SCOPE, D_CALENDAR, D_REPORT, D_TEST,
  D_RULESET, D_SELECTOR, D_OVERLAY, D_TIGHTEN, D_WIDEN, D_REMOVE, D_HOLIDAY, D_HOOK,
  D_REQUIRE
} DeclKind;

/* Rule constructs: RK_LET, RK_HAZARD ... in the order of the table of
** keywords.h (RR_RULE_KINDS), which also gives their names and flags. */
typedef enum RuleKind {
#define X(kind, z, flags) RK_##kind,
  RR_RULE_KINDS(X)
#undef X
  RK__COUNT
} RuleKind;

typedef struct Decl Decl;
struct Decl {
  int kind;               /* D_* */
  int rkind;              /* RK_* for D_RULE / D_TABLE */
  int16_t iFile;
  Token kw;               /* the introducing keyword */
  Token name;             /* identifier (rule ID, type name, let name ...) */
  Token title;            /* string (require: the message) */
  Token aux;              /* source file string, enum otherwise-member, zone, amended
                             rule set, hook file */
  Token aux2;             /* overlay: the municipality it is for */
  Clause *clauses;
  FieldDecl *fields;      /* records, facts, fn parameters */
  NameList *members;      /* enum members */
  NameList *exclusive;    /* enum members that exclude the others in a list */
  int ordered;            /* enum declared with '<' */
  TypeExpr **keyTypes;    /* table keys */
  int nKeyType;
  TableRow *rows;
  Node *expr;             /* let / fn body / report / require */
  Decl *next;
};

const char *op_name(int op);
const char *kind_name(int rk);              /* "hazard", "wfcl", ... */
int         kind_lookup(const char *z, int n);   /* RK_* of a spelling, or -1 */
int         kind_has(int rk, unsigned flags);    /* non-zero when RK has any of the KF_* FLAGS */

/* ---- the builders, called by the grammar's actions (ast.c) ----
** Each allocates in the arena of the Parse (parse.h) it is given: out of
** memory, the arena longjmps back to parse_file, so none returns NULL.  An
** expression deeper than RR_MAX_DEPTH is refused as a syntax error. */
typedef struct Parse Parse;

Token tok_none(void);                                         /* an absent token: len 0 */

Node *ast_leaf(Parse *pp, int op, Token t);
Node *ast_unary(Parse *pp, int op, Token t, Node *a);
Node *ast_binary(Parse *pp, int op, Token t, Node *a, Node *b);
Node *ast_literal(Parse *pp, int code, Token t);              /* NUMBER DATE DATETIME TIMEOFDAY STRING TRUE FALSE NULL */
Node *ast_quantity(Parse *pp, Token num, Token unit, int working);
Node *ast_name(Parse *pp, int op, Token t);                     /* N_NAME or N_UNAME */
Node *ast_field(Parse *pp, Node *a, Token name);
Node *ast_call(Parse *pp, Token name, Node *args);
Node *ast_index(Parse *pp, Node *a, Token t, Node *args);
Node *ast_quant(Parse *pp, int op, Token kw, Token var, Node *list, Node *body);
Node *ast_kind_query(Parse *pp, int op, Token kw, Token kind);
Node *ast_if(Parse *pp, Token kw, Node *c, Node *a, Node *b);
Node *ast_comp(Parse *pp, int op, Token t, Node *key, Node *val, Token var, Node *list, Node *cond);
/* Lists of expressions are built in a temporary N_LIST node and then retagged. */
Node *ast_list_new(Parse *pp, Token t);
Node *ast_list_add(Parse *pp, Node *list, Node *e);
Node *ast_retag(Node *list, int op, Token t);
Node *ast_obj_add(Parse *pp, Node *obj, Token key, Node *value);   /* obj may be NULL */
Node *ast_interp_add(Parse *pp, Node *interp, Token part, Node *e); /* interp may be NULL */

Clause *clause_new(Parse *pp, int kind, Token kw);
Clause *clause_expr(Parse *pp, int kind, Token kw, Node *e);
Clause *clause_cites(Parse *pp, Token kw, Cite *cites);
Clause *clause_effective(Parse *pp, Token kw, Token from, Token until);
Clause *clause_names(Parse *pp, int kind, Token kw, NameList *names);
Clause *clause_given(Parse *pp, Token kw, Assign *given);
Clause *clause_text(Parse *pp, int kind, Token kw, Token text);
Clause *clause_row(Parse *pp, Token kw, Token value, Node *cond);        /* cond NULL: otherwise */
Clause *clause_labelled(Parse *pp, int kind, Token kw, Node *e, Node *label);
Clause *clause_within(Parse *pp, Token kw, Node *dur, Token per);
Clause *clause_holiday(Parse *pp, Token kw, Token date, Token name, Token status);
/* calendar items (see ast.h CL_COVERS ... CL_SUBSTITUTE) */
Clause *clause_covers(Parse *pp, Token kw, Token from, Token word, Token year);
Clause *clause_yearly(Parse *pp, Token ident, Token title, Token on, CalDay *day);
Clause *clause_dated(Parse *pp, Token kw, Token ident, Token date, Token status);
Clause *clause_confirm(Parse *pp, Token kw, Token when, Token status, int isYear);
Clause *clause_substitute(Parse *pp, Token kw, Token next, Token day, Token prefix);
CalDay *calday_new(Parse *pp, Token num, Token unit, Token variant, Token base, int sign, Token offNum,
                   Token offUnit);
Node *ast_generator(Parse *pp, Token var, Token index, Node *list);
Clause *clause_append(Clause *list, Clause *c);
Cite *cite_new(Parse *pp, Token src, Token where, int isLines);
Cite *cite_append(Parse *pp, Cite *list, Cite *c);

NameList *names_append(Parse *pp, NameList *list, Token name);
/* An enum member, dated 'effective FROM [until UNTIL]' (tokens of length 0 when not). */
NameList *names_dated(Parse *pp, NameList *list, Token name, Token from, Token until);
FieldDecl *field_new(Parse *pp, Token name, TypeExpr *type, FieldDecl *kids);
FieldDecl *fields_append(FieldDecl *list, FieldDecl *f);
TypeExpr *type_new(Parse *pp, int kind, Token name, Token unit, TypeExpr *elem);
TypeExpr **types_append(Parse *pp, TypeExpr **list, int *n, TypeExpr *t);
TableRow *row_new(Parse *pp, Node *keys, Node *value);
TableRow *rows_append(TableRow *list, TableRow *r);
Assign *assign_new(Parse *pp, NameList *path, Token first, Node *value);
Assign *assigns_append(Assign *list, Assign *a);

void decl_source(Parse *pp, Token kw, Token key, Token title, Token file, Token from, Token until);
void decl_defaults(Parse *pp, Token kw, Token from, Token until);
void decl_defaults_stops(Parse *pp, Token kw, Node *e);
void decl_enum(Parse *pp, Token kw, Token name, NameList *members, int ordered, Token otherwise,
               NameList *exclusive);
void decl_record(Parse *pp, Token kw, Token name, FieldDecl *fields);
void decl_facts(Parse *pp, Token kw, Token group, FieldDecl *fields);
void decl_let(Parse *pp, Token kw, Token name, Node *e);
void decl_fn(Parse *pp, Token kw, Token name, FieldDecl *params, Node *e);
void decl_rule(Parse *pp, Token kw, Token id, Token title, Clause *clauses);
void decl_table(Parse *pp, Token kw, Token id, Token title, Clause *clauses,
                TypeExpr **keys, int nKey, TableRow *rows);
void decl_scope(Parse *pp, Token kw, Token id);
void decl_calendar(Parse *pp, Token kw, Token name, Token title, Clause *clauses, Token zone,
                   Clause *items);
void decl_report(Parse *pp, Token kw, Token name, Node *e);
void decl_test(Parse *pp, Token kw, Token name, Clause *clauses);
void decl_ruleset(Parse *pp, Token kw, Token name, Token title);
void decl_selector(Parse *pp, Token kw, Node *e);
void decl_overlay(Parse *pp, Token kw, Token name, Token title, Token base, Token municipality,
                  Clause *clauses);
void decl_amend(Parse *pp, int kind, Token kw, Token target, Clause *clauses);
void decl_holiday(Parse *pp, Token kw, Token date, Token name, Token status, Clause *clauses);
void decl_holiday_clause(Parse *pp, Token kw, Clause *holiday, Clause *clauses);
void decl_hook(Parse *pp, Token kw, Token name, Token file, Clause *clauses);
void decl_require(Parse *pp, Token kw, Node *e, Token message);
void type_range(Parse *pp, TypeExpr *t, Bound lo, Bound hi);

#endif
