/*
** parse.h - turns one policy file into declarations.  The driver (parse.c)
** pulls tokens from the re2c lexer and pushes them into the lemon parser
** (grammar/parser.y); the grammar's actions call the builders below, which
** allocate the tree in the rule set's arena.
*/
#ifndef RR_PARSE_H
#define RR_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"

typedef struct Parse {
  Arena *arena;
  Diag *diag;
  int iFile;
  const char *zText;      /* the file's text */
  Decl *first, *last;     /* declarations parsed so far */
  int syntaxError;        /* set by the grammar; the driver resynchronises */
  Token *aOpen;           /* brackets not yet closed, innermost last (malloc'd) */
  int nOpen, nOpenAlloc;
  Token cur;              /* the token being pushed, for messages */
} Parse;

/* Parses file IFILE of DIAG (already loaded) and appends its declarations to
** *PPFIRST and *PPLAST.  Errors go to DIAG.  Returns the number of syntax
** errors.  Out of memory, it stops and sets DIAG's sticky oom flag. */
int parse_file(Arena *arena, Diag *diag, int iFile, Decl **ppFirst, Decl **ppLast);

/* ---- used by the grammar's actions ---- */
void parse_syntax_error(Parse *pp, int major, Token t);
void parse_stack_overflow(Parse *pp);
Token tok_none(void);

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
FieldDecl *field_new(Parse *pp, Token name, TypeExpr *type, FieldDecl *kids);
FieldDecl *fields_append(FieldDecl *list, FieldDecl *f);
TypeExpr *type_new(Parse *pp, int kind, Token name, Token unit, TypeExpr *elem);
TypeExpr **types_append(Parse *pp, TypeExpr **list, int *n, TypeExpr *t);
TableRow *row_new(Parse *pp, Node *keys, Node *value);
TableRow *rows_append(TableRow *list, TableRow *r);
Assign *assign_new(Parse *pp, NameList *path, Token first, Node *value);
Assign *assigns_append(Assign *list, Assign *a);

void decl_source(Parse *pp, Token kw, Token key, Token title, Token file);
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

/* Unescapes the text of a string token part (without its delimiters). */
char *parse_string_text(Arena *a, const char *z, size_t n);

#endif
