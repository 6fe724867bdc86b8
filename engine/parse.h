/*
** parse.h - turns one policy file into declarations.  The driver (parse.c)
** pulls tokens from the re2c lexer and pushes them into the lemon parser
** (grammar/parser.y); the grammar's actions call the tree builders of
** ast.h (ast.c), which allocate the tree in the rule set's arena.
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

/* ---- used by the grammar's actions (the tree builders are in ast.h) ---- */
void parse_syntax_error(Parse *pp, int major, Token t);
void parse_stack_overflow(Parse *pp);

/* Unescapes the text of a string token part (without its delimiters). */
char *parse_string_text(Arena *a, const char *z, size_t n);

#endif
