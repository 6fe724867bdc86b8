/*
** filter.c - parses the case selection of batch --where and cases --where
** (the grammar is in filter.h) into SQL made of a fixed vocabulary -- the
** columns of the cases table, comparison operators, AND, OR, NOT, IN, LIKE
** -- with every value a bound parameter.  A recursive descent over a small
** tokenizer; nesting, length and the number of values are bounded
** (rrlimits.h), so a filter can neither read another table nor run long.
*/
#include "filter.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rrlimits.h"
#include "strbuf.h"

#define MAX_NESTING 32

static const char *const fields[] = {"case_id", "as_of", "as_of_utc", "created_at", NULL};

enum { T_END, T_WORD, T_TEXT, T_NUM, T_OP, T_LPAREN, T_RPAREN, T_COMMA, T_BAD };


typedef struct P {
  const char *z;          /* the filter */
  size_t i;               /* where the tokenizer is */
  int tok;                /* the current token */
  size_t start, len;      /* its extent in Z */
  char op[3];             /* T_OP: the operator, normalized */
  Filter *f;
  int firstParam;
  char *textEnd;          /* where the next unescaped text goes in f->zOwn */
  StrBuf sql, canon;
  char *err;
  size_t errLen;
  int failed;
  int depth;
} P;


static void fail(P *p, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static void fail(P *p, const char *fmt, ...) {
  char msg[300];
  va_list ap;
  if (p->failed) return;
  p->failed = 1;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(p->err, p->errLen, "--where: %s", msg);
}

/* The token at P->i; strings are unescaped into the filter's own storage
** when their value is taken (value()). */
static void next(P *p) {
  const char *z = p->z;
  size_t i = p->i;
  while (z[i] == ' ' || z[i] == '\t' || z[i] == '\n' || z[i] == '\r') i++;
  p->start = i;
  if (!z[i]) {
    p->tok = T_END;
  } else if (isalpha((unsigned char)z[i]) || z[i] == '_') {
    while (isalnum((unsigned char)z[i]) || z[i] == '_') i++;
    p->tok = T_WORD;
  } else if (isdigit((unsigned char)z[i]) || ((z[i] == '-' || z[i] == '.') && isdigit((unsigned char)z[i + 1]))) {
    i++;
    while (isdigit((unsigned char)z[i]) || z[i] == '.') i++;
    p->tok = T_NUM;
  } else if (z[i] == '\'' || z[i] == '"') {
    char q = z[i++];
    for (;;) {
      if (!z[i]) {
        p->tok = T_BAD;
        fail(p, "a text value is not closed (%c...)", q);
        break;
      }
      if (z[i] == q && z[i + 1] == q) { i += 2; continue; }   /* '' is a quote */
      if (z[i] == q) { i++; p->tok = T_TEXT; break; }
      i++;
    }
  } else if (z[i] == '(' || z[i] == ')' || z[i] == ',') {
    p->tok = z[i] == '(' ? T_LPAREN : z[i] == ')' ? T_RPAREN : T_COMMA;
    i++;
  } else if (strchr("=!<>", z[i])) {
    size_t k = 0;
    while (k < 2 && z[i] && strchr("=!<>", z[i])) p->op[k++] = z[i++];
    p->op[k] = 0;
    if (strcmp(p->op, "==") == 0) strcpy(p->op, "=");
    if (strcmp(p->op, "<>") == 0) strcpy(p->op, "!=");
    p->tok = strcmp(p->op, "=") && strcmp(p->op, "!=") && strcmp(p->op, "<") && strcmp(p->op, "<=") &&
             strcmp(p->op, ">") && strcmp(p->op, ">=") ? T_BAD : T_OP;
    if (p->tok == T_BAD) fail(p, "unknown operator '%s' (=, !=, <, <=, >, >=, IN, LIKE)", p->op);
  } else {
    p->tok = T_BAD;
    fail(p, "unexpected '%c' at %zu: a filter is made of fields, operators and values "
         "(e.g. case_id IN ('A-1', 'A-2') AND as_of_utc >= '2025-01-01')", z[i], i + 1);
    i++;
  }
  p->i = i;
  p->len = i - p->start;
}

static int is_word(const P *p, const char *w) {
  return p->tok == T_WORD && p->len == strlen(w) && strncasecmp(p->z + p->start, w, p->len) == 0;
}

/* A value: a bound parameter in the SQL, written out in the canonical text. */
static void value(P *p) {
  if (p->tok != T_TEXT && p->tok != T_NUM) {
    if (!p->failed) fail(p, "expected a value ('text' or a number) at %zu", p->start + 1);
    return;
  }
  if (p->f->nVal == RR_MAX_FILTER_TERMS) {
    fail(p, "more than %d values", RR_MAX_FILTER_TERMS);
    return;
  }
  FilterValue *v = &p->f->aVal[p->f->nVal++];
  char ph[16];
  snprintf(ph, sizeof ph, "?%d", p->firstParam + p->f->nVal - 1);
  sb_puts(&p->sql, ph);
  if (p->tok == T_NUM) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(p->len < 63 ? p->len : 63), p->z + p->start);
    char *end;
    v->d = strtod(buf, &end);
    if (*end) fail(p, "'%s' is not a number", buf);
    if (!strchr(buf, '.')) {               /* an integer binds as one: '5' matches 5 */
      v->isInt = 1;
      v->i = strtoll(buf, &end, 10);
    }
    sb_add(&p->canon, p->z + p->start, p->len);
  } else {
    char q = p->z[p->start], *out = p->textEnd;
    v->isText = 1;
    v->z = out;
    sb_puts(&p->canon, "'");
    for (size_t i = p->start + 1; i < p->start + p->len - 1; i++) {
      if (p->z[i] == q) i++;                        /* the second of a doubled quote */
      *out++ = p->z[i];
      if (p->z[i] == '\'') sb_puts(&p->canon, "'");
      sb_add(&p->canon, &p->z[i], 1);
    }
    sb_puts(&p->canon, "'");
    v->n = (int)(out - v->z);
    *out++ = 0;
    p->textEnd = out;
  }
  next(p);
}

static void or_expr(P *p);

/* field op value | field [NOT] IN (...) | field [NOT] LIKE value */
static void test(P *p) {
  if (p->tok != T_WORD) {
    if (!p->failed) fail(p, "expected a field (case_id, as_of, as_of_utc, created_at) at %zu", p->start + 1);
    return;
  }
  int k = 0;
  while (fields[k] && !(p->len == strlen(fields[k]) && strncasecmp(p->z + p->start, fields[k], p->len) == 0)) k++;
  if (!fields[k]) {
    fail(p, "unknown field '%.*s': a filter reads the cases table (case_id, as_of, as_of_utc, created_at)",
         (int)(p->len < 40 ? p->len : 40), p->z + p->start);
    return;
  }
  sb_puts(&p->sql, fields[k]);
  sb_puts(&p->canon, fields[k]);
  next(p);
  int neg = 0;
  if (is_word(p, "not")) {
    neg = 1;
    next(p);
  }
  if (is_word(p, "in")) {
    sb_puts(&p->sql, neg ? " NOT IN (" : " IN (");
    sb_puts(&p->canon, neg ? " NOT IN (" : " IN (");
    next(p);
    if (p->tok != T_LPAREN) {
      fail(p, "expected '(' after IN");
      return;
    }
    next(p);
    for (int first = 1; !p->failed; first = 0) {
      if (!first) {
        sb_puts(&p->sql, ", ");
        sb_puts(&p->canon, ", ");
      }
      value(p);
      if (p->tok == T_COMMA) { next(p); continue; }
      if (p->tok != T_RPAREN) fail(p, "expected ',' or ')' in the list of IN at %zu", p->start + 1);
      break;
    }
    sb_puts(&p->sql, ")");
    sb_puts(&p->canon, ")");
    next(p);
  } else if (is_word(p, "like")) {
    sb_puts(&p->sql, neg ? " NOT LIKE " : " LIKE ");
    sb_puts(&p->canon, neg ? " NOT LIKE " : " LIKE ");
    next(p);
    value(p);
  } else if (!neg && p->tok == T_OP) {
    sb_puts(&p->sql, " ");
    sb_puts(&p->sql, p->op);
    sb_puts(&p->sql, " ");
    sb_puts(&p->canon, " ");
    sb_puts(&p->canon, p->op);
    sb_puts(&p->canon, " ");
    next(p);
    value(p);
  } else if (!p->failed) {
    fail(p, "expected an operator (=, !=, <, <=, >, >=, IN, LIKE) at %zu", p->start + 1);
  }
}

static void not_expr(P *p) {
  if (++p->depth > MAX_NESTING) {
    fail(p, "nested more than %d deep", MAX_NESTING);
    return;
  }
  if (is_word(p, "not")) {
    sb_puts(&p->sql, "NOT ");
    sb_puts(&p->canon, "NOT ");
    next(p);
    not_expr(p);
  } else if (p->tok == T_LPAREN) {
    sb_puts(&p->sql, "(");
    sb_puts(&p->canon, "(");
    next(p);
    or_expr(p);
    if (p->tok != T_RPAREN && !p->failed) fail(p, "expected ')' at %zu", p->start + 1);
    sb_puts(&p->sql, ")");
    sb_puts(&p->canon, ")");
    next(p);
  } else {
    test(p);
  }
  p->depth--;
}

static void and_expr(P *p) {
  not_expr(p);
  while (!p->failed && is_word(p, "and")) {
    sb_puts(&p->sql, " AND ");
    sb_puts(&p->canon, " AND ");
    next(p);
    not_expr(p);
  }
}

static void or_expr(P *p) {
  and_expr(p);
  while (!p->failed && is_word(p, "or")) {
    sb_puts(&p->sql, " OR ");
    sb_puts(&p->canon, " OR ");
    next(p);
    and_expr(p);
  }
}

void filter_free(Filter *f) {
  free(f->zSql);
  free(f->zCanon);
  free(f->aVal);
  free(f->zOwn);
  memset(f, 0, sizeof *f);
}

int filter_parse(const char *z, int firstParam, Filter *f, char *err, size_t n) {
  memset(f, 0, sizeof *f);
  if (!z) z = "";
  size_t len = strlen(z);
  if (len > RR_MAX_FILTER) {
    snprintf(err, n, "--where: %zu bytes long, at most %d", len, RR_MAX_FILTER);
    return -1;
  }
  P p;
  memset(&p, 0, sizeof p);
  p.z = z;
  p.f = f;
  p.firstParam = firstParam;
  p.err = err;
  p.errLen = n;
  f->aVal = calloc(RR_MAX_FILTER_TERMS, sizeof *f->aVal);
  f->zOwn = malloc(len + 1);
  if (!f->aVal || !f->zOwn) {
    filter_free(f);
    snprintf(err, n, "out of memory");
    return -1;
  }
  p.textEnd = f->zOwn;
  next(&p);
  if (p.tok == T_END) {                        /* every case */
    sb_puts(&p.sql, "1");
    sb_puts(&p.canon, "");
  } else {
    or_expr(&p);
    if (!p.failed && p.tok != T_END)
      fail(&p, "unexpected '%.*s' at %zu: join conditions with AND or OR", (int)(p.len < 40 ? p.len : 40),
           z + p.start, p.start + 1);
  }
  if (p.sql.oom || p.canon.oom) fail(&p, "out of memory");
  f->zSql = p.sql.z;
  f->zCanon = p.canon.z ? p.canon.z : calloc(1, 1);
  if (p.failed || !f->zCanon) {
    if (!f->zCanon) snprintf(err, n, "out of memory");
    filter_free(f);
    return -1;
  }
  return 0;
}
