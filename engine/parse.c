/*
** parse.c - the parse driver: feeds re2c tokens to the lemon parser, reports
** syntax errors and resumes after them.
**
** "In lemon, the tokenizer calls the parser": parse_file() loops over
** lex_next() and pushes each token into RrParser().  On a syntax error the
** driver reports it once, throws the parser away, skips to the next
** declaration keyword at the start of a line, and starts a fresh parser
** there, so one run reports the errors of every declaration, not just the
** first.  The grammar's actions build the tree with the builders of ast.c.
*/
#include "parse.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "rrlimits.h"
#include "parser.h"

/* The lemon parser's entry points (generated into build/parser.c). */
void *RrParserAlloc(void *(*mallocProc)(size_t), Parse *pp);
void  RrParserFree(void *p, void (*freeProc)(void *));
void  RrParser(void *p, int major, Token minor);

/* {==== error reporting ============================================ */

/* Where the driver resumes after a syntax error: the keywords that start a
** declaration (engine/keywords.h). */
static int is_decl_keyword(int code) {
  switch (code) {
#define X(tok, z, flags) case TK_##tok: return ((flags) & KW_DECL) != 0;
    RR_KEYWORDS(X)
#undef X
    default:
      return 0;
  }
}

/* A description of a token for "unexpected ..." messages. */
static void describe(Parse *pp, int code, Token t, char *buf, size_t n) {
  const char *z = pp->zText + t.off;
  int len = t.len > 40 ? 40 : (int)t.len;
  switch (code) {
    case 0: snprintf(buf, n, "end of input"); break;
    case TK_NAME: case TK_UNAME: case TK_TNAME:
      snprintf(buf, n, "name '%.*s'", len, z); break;
    case TK_UNIT: snprintf(buf, n, "unit '%.*s'", len, z); break;
    case TK_STRING: case TK_STR_HEAD: snprintf(buf, n, "string"); break;
    case TK_STR_MID: case TK_STR_TAIL: snprintf(buf, n, "end of interpolation"); break;
    case TK_NUMBER: snprintf(buf, n, "number '%.*s'", len, z); break;
    case TK_DATE: snprintf(buf, n, "date '%.*s'", len, z); break;
    case TK_DATETIME: snprintf(buf, n, "date-time '%.*s'", len, z); break;
    case TK_TIMEOFDAY: snprintf(buf, n, "time '%.*s'", len, z); break;
    case TK_LINEREF: snprintf(buf, n, "line reference '%.*s'", len, z); break;
    default: snprintf(buf, n, "'%.*s'", len, z); break;
  }
}

void parse_syntax_error(Parse *pp, int major, Token t) {
  char what[96], why[96];
  if (pp->syntaxError) return;
  pp->syntaxError = 1;
  describe(pp, major, t, what, sizeof what);
  why[0] = 0;
  if (pp->nOpen > 0 && (major == 0 || is_decl_keyword(major))) {
    /* name the bracket left open, as Lua's check_match does */
    int line, col;
    Token o = pp->aOpen[pp->nOpen - 1];
    diag_locate(pp->diag, pp->iFile, o.off, &line, &col);
    snprintf(why, sizeof why, " ('%c' at line %d is not closed)", pp->zText[o.off], line);
  }
  if (major == 0) {
    diag_error(pp->diag, pp->iFile, t.off, 0, "unexpected end of input%s", why);
  } else if (is_decl_keyword(major)) {
    diag_error(pp->diag, pp->iFile, t.off, t.len,
               "unexpected %s: the declaration before it is incomplete%s", what, why);
  } else {
    diag_error(pp->diag, pp->iFile, t.off, t.len, "unexpected %s", what);
  }
}

/* Keeps the stack of open brackets for messages about unclosed ones.  It
** grows with them: lemon's own stack (parser.y's %stack_size) stops the
** nesting long before memory does. */
static void track_brackets(Parse *pp, int code, Token t) {
  switch (code) {
    case TK_LPAREN: case TK_LBRACKET: case TK_LBRACE:
      if (pp->nOpen == pp->nOpenAlloc) {
        int n = pp->nOpenAlloc ? 2 * pp->nOpenAlloc : 64;
        Token *na = realloc(pp->aOpen, (size_t)n * sizeof *na);
        if (!na) {                    /* out of memory: the load fails (oom is sticky) */
          pp->diag->oom = 1;
          break;
        }
        pp->aOpen = na;
        pp->nOpenAlloc = n;
      }
      pp->aOpen[pp->nOpen++] = t;
      break;
    case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
      if (pp->nOpen > 0) pp->nOpen--;
      break;
    default:
      break;
  }
}

void parse_stack_overflow(Parse *pp) {
  if (pp->syntaxError) return;
  pp->syntaxError = 1;
  diag_error(pp->diag, pp->iFile, pp->cur.off, pp->cur.len,
             "nested too deeply: brackets, 'not', '-', '?\?' and 'list of' nest at most "
             "about 390 levels");
}

/* A declaration keyword that starts a line: where the driver resumes. */
static int at_line_start(const char *zText, uint32_t off) {
  while (off > 0 && (zText[off - 1] == ' ' || zText[off - 1] == '\t')) off--;
  return off == 0 || zText[off - 1] == '\n';
}

/* Checks a token against the limits and validates its literal, in one place
** for every date, date-time, time and number wherever it stands.  Returns
** non-zero when the token cannot be used at all (the declaration is then
** skipped as after a syntax error). */
static int check_token(Parse *pp, int code, Token t) {
  const char *z = pp->zText + t.off;
  int n = (int)t.len;
  switch (code) {
    case TK_NAME: case TK_UNAME: case TK_TNAME: case TK_UNIT:
      if (t.len > RR_MAX_NAME) {
        diag_error(pp->diag, pp->iFile, t.off, RR_MAX_NAME, "name too long: %u characters, at most %d",
                   t.len, RR_MAX_NAME);
        return 1;
      }
      return 0;
    case TK_NUMBER: {
      char buf[RR_MAX_NUMBER + 1];
      if (t.len > RR_MAX_NUMBER) {
        diag_error(pp->diag, pp->iFile, t.off, RR_MAX_NUMBER, "number too long: %u characters, at most %d",
                   t.len, RR_MAX_NUMBER);
        return 1;
      }
      memcpy(buf, z, t.len);
      buf[t.len] = 0;
      if (!memchr(buf, '.', t.len)) {
        errno = 0;
        (void)strtoll(buf, NULL, 10);
        if (errno == ERANGE) {
          diag_error(pp->diag, pp->iFile, t.off, t.len, "integer '%s' is out of range (at most %lld)", buf,
                     (long long)INT64_MAX);
          return 1;
        }
      }
      return 0;
    }
    case TK_DATE: {
      RrDate d;
      if (rr_parse_date(z, t.len, &d))
        diag_error(pp->diag, pp->iFile, t.off, t.len, "invalid date '%.*s'", n, z);
      return 0;
    }
    case TK_DATETIME: {
      RrInstant i;
      if (rr_parse_instant(z, t.len, &i))
        diag_error(pp->diag, pp->iFile, t.off, t.len, "invalid date-time '%.*s'", n, z);
      return 0;
    }
    case TK_TIMEOFDAY: {
      int m;
      if (rr_parse_time_of_day(z, t.len, &m))
        diag_error(pp->diag, pp->iFile, t.off, t.len, "invalid time of day '%.*s'", n, z);
      return 0;
    }
    default:
      return 0;
  }
}

/* The loop over the tokens of one file (parse_file, below, sets up and
** tears down). */
static int parse_tokens(Parse *pp, Lexer *lx, void *volatile *pParser) {
  const SrcFile *f = &pp->diag->aFile[pp->iFile];
  Token t;
  int nSyntax = 0;
  uint32_t lastEnd = 0;          /* end of the last token: where "end of input" points */
  int prevCode = 0;              /* for units: a name right after a number on its line */
  Token declName = tok_none();   /* the ID of the declaration being parsed */
  int afterDeclKw = 0;
  for (;;) {
    int code = lex_next(lx, &t);
    if (code == 0) t.off = lastEnd;
    if (code == TK_NAME && (prevCode == TK_NUMBER || prevCode == TK_WORKING)
        && !memchr(f->zText + lastEnd, '\n', t.off - lastEnd)) {
      code = TK_UNIT;
    }
    prevCode = code;
    if (afterDeclKw) declName = (code == TK_UNAME || code == TK_NAME) && t.len <= RR_MAX_NAME ? t : tok_none();
    afterDeclKw = is_decl_keyword(code) && at_line_start(f->zText, t.off);
    pp->cur = t;
    if (code == TK_ILLEGAL) {
      if (!pp->syntaxError) {
        diag_error(pp->diag, pp->iFile, t.off, t.len ? t.len : 1, "%s", lx->zErr);
        pp->syntaxError = 1;
      }
    } else if (check_token(pp, code, t)) {
      pp->syntaxError = 1;
    } else {
      track_brackets(pp, code, t);
      RrParser(*pParser, code, t);
      if (code) lastEnd = t.off + t.len;
    }
    if (pp->syntaxError) {
      nSyntax++;
      if (declName.len) diag_add_broken(pp->diag, f->zText + declName.off, declName.len);
      declName = tok_none();
      /* resume at the next declaration keyword that starts a line (which may
      ** be the very token that ended the broken declaration) */
      if (!(is_decl_keyword(code) && at_line_start(f->zText, t.off))) {
        do {
          if (code == 0) break;
          code = lex_next(lx, &t);
        } while (code != 0 && !(is_decl_keyword(code) && at_line_start(f->zText, t.off)));
      }
      RrParserFree(*pParser, free);
      *pParser = 0;
      if (code == 0) break;
      pp->syntaxError = 0;
      pp->nOpen = 0;
      *pParser = RrParserAlloc(malloc, pp);
      if (!*pParser) {
        pp->diag->oom = 1;
        break;
      }
      afterDeclKw = 1;
      prevCode = code;
      pp->cur = t;
      RrParser(*pParser, code, t);
      lastEnd = t.off + t.len;
      if (pp->syntaxError) continue;
    }
    if (code == 0) break;
  }
  return nSyntax;
}

/* Runs the loop with the arena set to longjmp here when it runs out of
** memory.  Returns the number of syntax errors. */
static int parse_guarded(Parse *pp, Lexer *lx, void *volatile *pParser) {
  jmp_buf env;
  void *savedJmp = pp->arena->jmp;
  int nSyntax = 0;
  if (setjmp(env) == 0) {
    pp->arena->jmp = &env;
    *pParser = RrParserAlloc(malloc, pp);
    if (*pParser) nSyntax = parse_tokens(pp, lx, pParser);
    else pp->diag->oom = 1;
  } else {
    pp->diag->oom = 1;                  /* the arena ran out: give up on the file */
  }
  pp->arena->jmp = savedJmp;
  return nSyntax;
}

int parse_file(Arena *arena, Diag *diag, int iFile, Decl **ppFirst, Decl **ppLast) {
  Parse pp;
  Lexer lx;
  void *volatile parser = NULL;
  const SrcFile *f = &diag->aFile[iFile];

  if (f->nText > RR_MAX_FILE_BYTES) {
    diag_error(diag, iFile, 0, 0, "file too large: %zu bytes, at most %u", f->nText, RR_MAX_FILE_BYTES);
    return 1;
  }
  memset(&pp, 0, sizeof pp);
  pp.arena = arena;
  pp.diag = diag;
  pp.iFile = iFile;
  pp.zText = f->zText;
  pp.first = *ppFirst;
  pp.last = *ppLast;
  lex_init(&lx, f->zText, f->nText);
  int nSyntax = parse_guarded(&pp, &lx, &parser);
  if (parser) RrParserFree(parser, free);
  free(pp.aOpen);
  *ppFirst = pp.first;
  *ppLast = pp.last;
  return nSyntax;
}

/* }==== */

/* {==== string tokens ================================================ */

char *parse_string_text(Arena *a, const char *z, size_t n) {
  char *out = arena_alloc(a, n + 1), *p = out;
  if (!out) return NULL;
  size_t i = 0;
  while (i < n) {
    const char *bs = memchr(z + i, '\\', n - i);     /* the text up to the next escape, at once */
    size_t run = bs ? (size_t)(bs - (z + i)) : n - i;
    memcpy(p, z + i, run);
    p += run;
    i += run;
    if (i >= n) break;
    char c = z[i++];                                  /* a backslash */
    if (i < n) {
      c = z[i++];
      switch (c) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        default: break;       /* \" \\ \{ \} stand for themselves */
      }
    }
    *p++ = c;
  }
  *p = 0;
  return out;
}

/* }==== */
