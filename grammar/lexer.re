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
*/
#include "lex.h"
#include "parser.h"

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

    <INIT> "source"         { TOKEN(TK_SOURCE); }
    <INIT> "file"           { TOKEN(TK_FILE); }
    <INIT> "defaults"       { TOKEN(TK_DEFAULTS); }
    <INIT> "effective"      { TOKEN(TK_EFFECTIVE); }
    <INIT> "until"          { TOKEN(TK_UNTIL); }
    <INIT> "enum"           { TOKEN(TK_ENUM); }
    <INIT> "record"         { TOKEN(TK_RECORD); }
    <INIT> "facts"          { TOKEN(TK_FACTS); }
    <INIT> "list"           { TOKEN(TK_LIST); }
    <INIT> "of"             { TOKEN(TK_OF); }
    <INIT> "let"            { TOKEN(TK_LET); }
    <INIT> "fn"             { TOKEN(TK_FN); }
    <INIT> "hazard"         { TOKEN(TK_HAZARD); }
    <INIT> "wfcl"           { TOKEN(TK_WFCL); }
    <INIT> "definition"     { TOKEN(TK_DEFINITION); }
    <INIT> "interpretation" { TOKEN(TK_INTERPRETATION); }
    <INIT> "convention"     { TOKEN(TK_CONVENTION); }
    <INIT> "advisory"       { TOKEN(TK_ADVISORY); }
    <INIT> "reading"        { TOKEN(TK_READING); }
    <INIT> "table"          { TOKEN(TK_TABLE); }
    <INIT> "keys"           { TOKEN(TK_KEYS); }
    <INIT> "row"            { TOKEN(TK_ROW); }
    <INIT> "scope"          { TOKEN(TK_SCOPE); }
    <INIT> "calendar"       { TOKEN(TK_CALENDAR); }
    <INIT> "zone"           { TOKEN(TK_ZONE); }
    <INIT> "report"         { TOKEN(TK_REPORT); }
    <INIT> "test"           { TOKEN(TK_TEST); }
    <INIT> "given"          { TOKEN(TK_GIVEN); }
    <INIT> "expect"         { TOKEN(TK_EXPECT); }
    <INIT> "as"             { TOKEN(TK_AS); }
    <INIT> "cites"          { TOKEN(TK_CITES); }
    <INIT> "when"           { TOKEN(TK_WHEN); }
    <INIT> "evidence"       { TOKEN(TK_EVIDENCE); }
    <INIT> "uses"           { TOKEN(TK_USES); }
    <INIT> "note"           { TOKEN(TK_NOTE); }
    <INIT> "otherwise"      { TOKEN(TK_OTHERWISE); }
    <INIT> "and"            { TOKEN(TK_AND); }
    <INIT> "or"             { TOKEN(TK_OR); }
    <INIT> "not"            { TOKEN(TK_NOT); }
    <INIT> "in"             { TOKEN(TK_IN); }
    <INIT> "has"            { TOKEN(TK_HAS); }
    <INIT> "any"            { TOKEN(TK_ANY); }
    <INIT> "all"            { TOKEN(TK_ALL); }
    <INIT> "fired"          { TOKEN(TK_FIRED); }
    <INIT> "is"             { TOKEN(TK_IS); }
    <INIT> "known"          { TOKEN(TK_KNOWN); }
    <INIT> "if"             { TOKEN(TK_IF); }
    <INIT> "then"           { TOKEN(TK_THEN); }
    <INIT> "else"           { TOKEN(TK_ELSE); }
    <INIT> "for"            { TOKEN(TK_FOR); }
    <INIT> "true"           { TOKEN(TK_TRUE); }
    <INIT> "false"          { TOKEN(TK_FALSE); }
    <INIT> "null"           { TOKEN(TK_NULL); }
    <INIT> "working"        { TOKEN(TK_WORKING); }
    <INIT> "factor"          { TOKEN(TK_FACTOR); }
    <INIT> "assistance"      { TOKEN(TK_ASSISTANCE); }
    <INIT> "deadline"        { TOKEN(TK_DEADLINE); }
    <INIT> "action"          { TOKEN(TK_ACTION); }
    <INIT> "reason"          { TOKEN(TK_REASON); }
    <INIT> "precondition"    { TOKEN(TK_PRECONDITION); }
    <INIT> "step"            { TOKEN(TK_STEP); }
    <INIT> "finding"         { TOKEN(TK_FINDING); }
    <INIT> "discretionary"   { TOKEN(TK_DISCRETIONARY); }
    <INIT> "responsible"     { TOKEN(TK_RESPONSIBLE); }
    <INIT> "from"            { TOKEN(TK_FROM); }
    <INIT> "within"          { TOKEN(TK_WITHIN); }
    <INIT> "immediately"     { TOKEN(TK_IMMEDIATELY); }
    <INIT> "per"             { TOKEN(TK_PER); }
    <INIT> "due"             { TOKEN(TK_DUE); }
    <INIT> "done"            { TOKEN(TK_DONE); }
    <INIT> "each"            { TOKEN(TK_EACH); }
    <INIT> "at"              { TOKEN(TK_AT); }
    <INIT> "instance"        { TOKEN(TK_INSTANCE); }
    <INIT> "stops"           { TOKEN(TK_STOPS); }
    <INIT> "governed"        { TOKEN(TK_GOVERNED); }
    <INIT> "by"              { TOKEN(TK_BY); }
    <INIT> "before"          { TOKEN(TK_BEFORE); }
    <INIT> "after"           { TOKEN(TK_AFTER); }
    <INIT> "first"           { TOKEN(TK_FIRST); }
    <INIT> "last"            { TOKEN(TK_LAST); }
    <INIT> "where"           { TOKEN(TK_WHERE); }
    <INIT> "covers"          { TOKEN(TK_COVERS); }
    <INIT> "holiday"         { TOKEN(TK_HOLIDAY); }
    <INIT> "planned"         { TOKEN(TK_PLANNED); }
    <INIT> "referral"        { TOKEN(TK_REFERRAL); }
    <INIT> "ruleset"         { TOKEN(TK_RULESET); }
    <INIT> "overlay"         { TOKEN(TK_OVERLAY); }
    <INIT> "amends"          { TOKEN(TK_AMENDS); }
    <INIT> "tighten"         { TOKEN(TK_TIGHTEN); }
    <INIT> "widen"           { TOKEN(TK_WIDEN); }
    <INIT> "remove"          { TOKEN(TK_REMOVE); }
    <INIT> "hook"            { TOKEN(TK_HOOK); }
    <INIT> "municipality"    { TOKEN(TK_MUNICIPALITY); }

    <INIT> dtime            { TOKEN(TK_DATETIME); }
    <INIT> date             { TOKEN(TK_DATE); }
    <INIT> tod              { TOKEN(TK_TIMEOFDAY); }
    <INIT> number           { TOKEN(TK_NUMBER); }
    <INIT> lineref          { TOKEN(TK_LINEREF); }
    <INIT> name             { TOKEN(TK_NAME); }
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
