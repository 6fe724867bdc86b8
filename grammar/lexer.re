/*
** lexer.re - the tokenizer of the rregull policy language.
**
** This is the canonical source: re2c turns it into build/lexer.c, which must
** never be edited or committed.  Token codes come from the lemon grammar
** (grammar/parser.y -> build/parser.h), so the two cannot drift apart.
**
** The buffer is NUL-terminated (the sentinel).  A NUL before the end of the
** buffer is an error, not the end of the file.  Strings may interpolate
** expressions: "shift {s.start}-{s.end}" is returned as STR_HEAD, the tokens
** of s.start, STR_MID, the tokens of s.end, STR_TAIL.  The lexer keeps a
** stack of brace depths so that braces inside an interpolation nest.
** Keywords are names found in the table of engine/keywords.h (by a hash).
*/
#include "lex.h"

#include <pthread.h>
#include <string.h>

#include "keywords.h"
#include "parser.h"

/* The reserved words (keywords.h). */
static const struct Keyword {
  const char *z;
  size_t n;
  int code;
} aKeyword[] = {
#define X(tok, z, flags) {z, sizeof z - 1, TK_##tok},
  RR_KEYWORDS(X)
#undef X
};

/* The keywords by a hash of their spelling, open addressing: each slot holds
** a keyword's index + 1, or 0.  Filled once, by whichever thread lexes first. */
enum { KW_SLOTS = 1024 };     /* a power of two, over 8 slots a keyword: probes are short */
static unsigned char aKwSlot[KW_SLOTS];
static size_t kwMaxLen;
static pthread_once_t kwOnce = PTHREAD_ONCE_INIT;
_Static_assert(sizeof aKeyword / sizeof aKeyword[0] < 255 && sizeof aKeyword / sizeof aKeyword[0] * 4 < KW_SLOTS,
               "the keyword slots hold an index in a byte, and stay mostly empty");

/* The length and three letters: enough to spread the keywords, cheap for
** the long names most names are. */
static unsigned kw_hash(const char *z, size_t n) {
  return (unsigned)n * 613u + (unsigned char)z[0] * 31u + (unsigned char)z[n / 2] * 7u + (unsigned char)z[n - 1];
}

static void kw_fill(void) {
  for (size_t k = 0; k < sizeof aKeyword / sizeof aKeyword[0]; k++) {
    unsigned i = kw_hash(aKeyword[k].z, aKeyword[k].n) & (KW_SLOTS - 1);
    while (aKwSlot[i]) i = (i + 1) & (KW_SLOTS - 1);
    aKwSlot[i] = (unsigned char)(k + 1);
    if (aKeyword[k].n > kwMaxLen) kwMaxLen = aKeyword[k].n;
  }
}

/* The token of a lower-case name: its keyword's, or NAME. */
static int keyword_code(const char *z, size_t n) {
  if (n == 0 || n > kwMaxLen) return TK_NAME;          /* kwMaxLen: 0 until lex_init fills the table */
  for (unsigned i = kw_hash(z, n) & (KW_SLOTS - 1); aKwSlot[i]; i = (i + 1) & (KW_SLOTS - 1)) {
    const struct Keyword *k = &aKeyword[aKwSlot[i] - 1];
    if (k->n == n && k->z[0] == z[0] && memcmp(k->z, z, n) == 0) return k->code;
  }
  return TK_NAME;
}

int lex_keyword(const char *z, size_t n) {
  pthread_once(&kwOnce, kw_fill);
  return keyword_code(z, n);
}

/*!re2c
  re2c:define:YYCTYPE = "unsigned char";
  re2c:define:YYCURSOR = "cur";
  re2c:define:YYMARKER = "mark";
  re2c:define:YYGETCONDITION = "lx->cond";
  re2c:define:YYGETCONDITION:naked = 1;
  re2c:define:YYSETCONDITION = "lx->cond = @@;";
  re2c:define:YYSETCONDITION:naked = 1;
  re2c:yyfill:enable = 0;
  re2c:indent:string = "  ";

  digit   = [0-9];
  name    = [a-z_][a-z0-9_]*;
  uname   = [A-Z][A-Z0-9_]* ("-" [A-Z0-9_]+)*;
  tname   = [A-Z][a-z][A-Za-z0-9]*;
  number  = digit+ ("." digit+)?;
  date    = digit{4} "-" digit{2} "-" digit{2};
  offset  = "Z" | [+-] digit{2} ":" digit{2};
  dtime   = date "T" digit{2} ":" digit{2} (":" digit{2} ("." digit+)?)? offset;
  tod     = digit{2} ":" digit{2};
  lineref = "l." digit+ ("-" digit+)?;
*/

/*!conditions:re2c*/

void lex_init(Lexer *lx, const char *zText, size_t nText) {
  pthread_once(&kwOnce, kw_fill);
  lx->zStart = zText;
  lx->zEnd = zText + nText;
  lx->cur = zText;
  lx->cond = yycINIT;
  lx->nDepth = 0;
  lx->strStart = 0;
  lx->interp = 0;
  lx->zErr = 0;
}

/* Returns the code of the next token and fills *T with its extent, 0 at the
** end of input, TK_ILLEGAL (with lx->zErr set) for text that is not a token. */
int lex_next(Lexer *lx, Token *t) {
  const unsigned char *cur = (const unsigned char *)lx->cur;
  const unsigned char *mark = cur;
  const unsigned char *tok, *start;
  int code;
  (void)mark;

#define TOKEN(c) do { code = (c); goto done; } while (0)

  for (;;) {
    tok = start = cur;
/*!re2c
    <INIT> [ \t\r\n]+           { continue; }
    <INIT> "#" [^\n\x00]*       { continue; }
    <INIT> "\x00" {
      if ((const char *)cur - 1 == lx->zEnd) { cur--; TOKEN(0); }
      lx->zErr = "unexpected NUL byte";
      TOKEN(TK_ILLEGAL);
    }


    <INIT> dtime            { TOKEN(TK_DATETIME); }
    <INIT> date             { TOKEN(TK_DATE); }
    <INIT> tod              { TOKEN(TK_TIMEOFDAY); }
    <INIT> number           { TOKEN(TK_NUMBER); }
    <INIT> lineref          { TOKEN(TK_LINEREF); }
    <INIT> name             { TOKEN(keyword_code((const char *)tok, (size_t)(cur - tok))); }
    <INIT> uname            { TOKEN(TK_UNAME); }
    <INIT> tname            { TOKEN(TK_TNAME); }

    <INIT> "=="  { TOKEN(TK_EQEQ); }
    <INIT> "!="  { TOKEN(TK_NE); }
    <INIT> "<="  { TOKEN(TK_LE); }
    <INIT> ">="  { TOKEN(TK_GE); }
    <INIT> "<"   { TOKEN(TK_LT); }
    <INIT> ">"   { TOKEN(TK_GT); }
    <INIT> "="   { TOKEN(TK_EQ); }
    <INIT> "+"   { TOKEN(TK_PLUS); }
    <INIT> "-"   { TOKEN(TK_MINUS); }
    <INIT> "*"   { TOKEN(TK_STAR); }
    <INIT> "/"   { TOKEN(TK_SLASH); }
    <INIT> "("   { TOKEN(TK_LPAREN); }
    <INIT> ")"   { TOKEN(TK_RPAREN); }
    <INIT> "["   { TOKEN(TK_LBRACKET); }
    <INIT> "]"   { TOKEN(TK_RBRACKET); }
    <INIT> ","   { TOKEN(TK_COMMA); }
    <INIT> ":"   { TOKEN(TK_COLON); }
    <INIT> ".."  { TOKEN(TK_DOTDOT); }
    <INIT> "."   { TOKEN(TK_DOT); }
    <INIT> "->"  { TOKEN(TK_ARROW); }
    <INIT> "??"  { TOKEN(TK_QQ); }
    <INIT> "{" {
      if (lx->nDepth > 0) lx->depth[lx->nDepth - 1]++;
      TOKEN(TK_LBRACE);
    }
    <INIT> "}" {
      if (lx->nDepth > 0 && lx->depth[lx->nDepth - 1] == 0) {
        /* end of an interpolation: the string continues */
        lx->nDepth--;
        lx->strStart = (size_t)((const char *)tok - lx->zStart);
        lx->interp = 1;
        lx->cond = yycSTR;
        continue;
      }
      if (lx->nDepth > 0) lx->depth[lx->nDepth - 1]--;
      TOKEN(TK_RBRACE);
    }
    <INIT> "\"" {
      lx->strStart = (size_t)((const char *)tok - lx->zStart);
      lx->interp = 0;
      lx->cond = yycSTR;
      continue;
    }
    <INIT> * {
      lx->zErr = "unrecognized character";
      TOKEN(TK_ILLEGAL);
    }

    <STR> [^"\\{\n\x00]+            { continue; }
    <STR> "\\" [^\n\x00]            { continue; }
    <STR> "{" {
      if (lx->nDepth == (int)(sizeof lx->depth / sizeof lx->depth[0])) {
        lx->zErr = "interpolations nested too deeply";
        lx->cond = yycINIT;
        TOKEN(TK_ILLEGAL);
      }
      lx->depth[lx->nDepth++] = 0;
      lx->cond = yycINIT;
      start = (const unsigned char *)lx->zStart + lx->strStart;
      TOKEN(lx->interp ? TK_STR_MID : TK_STR_HEAD);
    }
    <STR> "\"" {
      lx->cond = yycINIT;
      start = (const unsigned char *)lx->zStart + lx->strStart;
      TOKEN(lx->interp ? TK_STR_TAIL : TK_STRING);
    }
    <STR> [\n\x00] {
      lx->zErr = "unterminated string";
      lx->cond = yycINIT;
      start = (const unsigned char *)lx->zStart + lx->strStart;
      cur--;
      TOKEN(TK_ILLEGAL);
    }
    <STR> * {
      lx->zErr = "invalid escape in string";
      lx->cond = yycINIT;
      TOKEN(TK_ILLEGAL);
    }
*/
  }

done:
  t->off = (uint32_t)((const char *)start - lx->zStart);
  t->len = (uint32_t)((const char *)cur - (const char *)start);
  lx->cur = (const char *)cur;
  return code;
#undef TOKEN
}
