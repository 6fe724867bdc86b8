/*
** json.c - reads case facts from JSON into fact slots, and writes values
** (decisions) back as JSON.  The only file that includes yajl: any JSON
** text becomes a read-only tree in an arena (jt_parse), which the case
** reader, the diff's leaves, the case page and the Primero adapter walk.
**
** Reading is strict: every key inside "facts" must be a declared fact, every
** value must have the declared type, and the first problem is reported with
** its JSON path.  null and absent facts are unknown.
*/
#include "json.h"
#include "calendar.h"
#include "render.h"

#include "rrlimits.h"
#include "suggest.h"

#include <yajl/yajl_parse.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void case_init(CaseInput *c) {
  memset(c, 0, sizeof *c);
  arena_init(&c->arena);
}

void case_free(CaseInput *c) {
  arena_free(&c->arena);
  memset(c, 0, sizeof *c);
}

/* {==== a JSON text as a read-only tree (yajl) ============================ */

/* yajl's callbacks push each value on a stack; a list or an object, when it
** ends, takes its members off the stack into one array in the arena.  Strings
** and keys are copied into the arena (NUL-terminated); numbers are parsed
** here from their text, as jansson did: an integer within 64 bits, else a
** real within a double.  What yajl lets through and jansson did not is
** refused here with jansson's words: invalid UTF-8 (overlong forms,
** surrogates), a lone surrogate escape, \u0000 unless JT_NUL_OK, duplicate
** keys with JT_NO_DUPLICATES, nesting deeper than JT_MAX_DEPTH. */

/* The length of the UTF-8 sequence at Z (N bytes left), 0 when it is not
** one (as jansson's utf8_check_string judges). */
static int utf8_len(const unsigned char *z, size_t n) {
  unsigned c = z[0];
  int k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (k <= 1) return k;
  if ((size_t)k > n) return 0;
  uint32_t u = c & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
  for (int i = 1; i < k; i++) {
    if ((z[i] & 0xC0) != 0x80) return 0;
    u = (u << 6) | (z[i] & 0x3F);
  }
  if ((k == 3 && u < 0x800) || (k == 4 && (u < 0x10000 || u > 0x10FFFF)) || (u >= 0xD800 && u <= 0xDFFF)) return 0;
  return k;
}

/* Eight bytes at a time: ONES * c is c in every byte; a word has a byte
** below c (c <= 128) when HAS_LESS, a zero byte when HAS_ZERO. */
#define ONES UINT64_C(0x0101010101010101)
#define HAS_ZERO(w) (((w) - ONES) & ~(w) & ONES * 0x80)
#define HAS_LESS(w, c) (((w) - ONES * (c)) & ~(w) & ONES * 0x80)

static uint64_t load8(const void *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

#define JT_MAX_DEPTH 2048           /* jansson's JSON_PARSER_MAX_DEPTH */

enum {
  NEAR_TOKEN,           /* near the whole token that ends at the offset */
  NEAR_PART,            /* near the token's start up to the offset (a lexical error) */
  NEAR_NONE             /* no "near" (numbers out of range) */
};

typedef struct JtBuild {
  Arena *a;
  const char *text;
  size_t n;
  int flags;
  yajl_handle h;
  JtNode *aStk;                     /* values read, not yet taken by their container */
  size_t nStk, nCap;
  JtNode aLocal[256];               /* the stack's first part, without malloc */
  size_t aOpen[64];                 /* where each open container sits on the stack ... */
  size_t *pOpen;                    /* ... (aOpen, or a malloc'd copy past 64 levels) */
  int depth, nOpenCap;
  const char *zKey;                 /* the key of the next member */
  uint32_t nKey;
  size_t errOff;                    /* set when a callback refused: the end of the token */
  size_t errStart;                  /* ... and where the text it is near starts (NEAR_PART) */
  int errNear;                      /* how the message names the token: NEAR_* */
  int finishing;                    /* in yajl_complete_parse: the token ends the text */
  char errMsg[120];
  int oom;
} JtBuild;

static int jt_fail(JtBuild *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static int jt_fail(JtBuild *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b->errMsg, sizeof b->errMsg, fmt, ap);
  va_end(ap);
  b->errOff = b->errStart = b->finishing ? b->n : yajl_get_bytes_consumed(b->h);
  b->errNear = NEAR_TOKEN;
  return 0;
}

static int jt_oom(JtBuild *b) {
  b->oom = 1;
  return jt_fail(b, "out of memory");
}

static JtNode *jt_push(JtBuild *b, int kind) {
  if (b->depth == 0 && b->nStk > 0) {   /* cannot happen: yajl allows one value */
    jt_fail(b, "end of file expected");
    return NULL;
  }
  if (b->depth == 0 && kind != JT_ARRAY && kind != JT_OBJECT && !(b->flags & JT_ANY)) {
    jt_fail(b, "'[' or '{' expected");
    return NULL;
  }
  if (b->nStk == b->nCap) {
    size_t cap = b->nCap * 2;
    JtNode *s = b->aStk == b->aLocal ? malloc(cap * sizeof *s) : realloc(b->aStk, cap * sizeof *s);
    if (!s) { jt_oom(b); return NULL; }
    if (b->aStk == b->aLocal) memcpy(s, b->aLocal, sizeof b->aLocal);
    b->aStk = s;
    b->nCap = cap;
  }
  JtNode *x = &b->aStk[b->nStk++];
  x->kind = (uint8_t)kind;
  x->zKey = b->zKey;
  x->nKey = b->nKey;
  x->n = 0;
  b->zKey = NULL;
  b->nKey = 0;
  return x;
}

/* The raw token of the string that ends at byte OFF (after its quote). */
static size_t jt_string_start(const JtBuild *b, size_t off) {
  size_t i = off >= 2 ? off - 2 : 0;
  while (i > 0) {
    if (b->text[i] == '"') {
      size_t k = i;
      while (k > 0 && b->text[k - 1] == '\\') k--;
      if ((i - k) % 2 == 0) return i;
    }
    i--;
  }
  return 0;
}

static int hex4(const char *z) {
  int u = 0;
  for (int i = 0; i < 4; i++) {
    int c = z[i];
    u = u * 16 + (c >= '0' && c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
  }
  return u;
}

/* A string's text S (N bytes, decoded) as jansson would have taken it,
** copied into the arena; NULL after jt_fail. */
static const char *jt_string(JtBuild *b, const unsigned char *s, size_t n, int isKey) {
  if ((const char *)s < b->text || (const char *)s >= b->text + b->n) {
    /* decoded from escapes: jansson refused a lone surrogate and \u0000 */
    size_t end = yajl_get_bytes_consumed(b->h), i = jt_string_start(b, end) + 1;
    for (; i + 5 < end; i++) {
      if (b->text[i] != '\\') continue;
      if (b->text[i + 1] != 'u') { i++; continue; }
      int u = hex4(b->text + i + 2);
      if (u == 0 && isKey) {
        jt_fail(b, "NUL byte in object key not supported");
        return NULL;
      }
      if (u == 0 && !(b->flags & JT_NUL_OK)) {
        jt_fail(b, "\\u0000 is not allowed without JSON_ALLOW_NUL");
        return NULL;
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 11 < end && b->text[i + 6] == '\\' && b->text[i + 7] == 'u') {
          int u2 = hex4(b->text + i + 8);
          if (u2 >= 0xDC00 && u2 <= 0xDFFF) { i += 11; continue; }
          jt_fail(b, "invalid Unicode '\\u%04X\\u%04X'", u, u2);
          return NULL;
        }
        jt_fail(b, "invalid Unicode '\\u%04X'", u);
        return NULL;
      }
      if (u >= 0xDC00 && u <= 0xDFFF) {
        jt_fail(b, "invalid Unicode '\\u%04X'", u);
        return NULL;
      }
      i += 5;
    }
  }
  size_t i0 = 0;
  while (i0 + 8 <= n && !(load8(s + i0) & ONES * 0x80)) i0 += 8;   /* ASCII, eight bytes at a time */
  for (size_t i = i0; i < n; i++) {
    if (s[i] < 0x80) continue;
    int k = utf8_len(s + i, n - i);
    if (!k) {
      /* jansson stopped before the byte, near the string's start up to it */
      jt_fail(b, "unable to decode byte 0x%x", s[i]);
      b->errStart = jt_string_start(b, yajl_get_bytes_consumed(b->h));
      b->errOff = (const char *)s >= b->text && (const char *)s < b->text + b->n ? (size_t)((const char *)s - b->text) + i
                                                                                 : b->errStart + 1;
      b->errNear = NEAR_PART;
      return NULL;
    }
    i += (size_t)k - 1;
  }
  const char *z = arena_strndup(b->a, (const char *)s, n);
  if (!z) jt_oom(b);
  return z;
}

static int cb_null(void *ctx) {
  return jt_push(ctx, JT_NULL) != NULL;
}

static int cb_boolean(void *ctx, int v) {
  return jt_push(ctx, v ? JT_TRUE : JT_FALSE) != NULL;
}

static int cb_number(void *ctx, const char *s, size_t n) {
  JtBuild *b = ctx;
  int real = 0;
  for (size_t i = 0; i < n; i++) real |= s[i] == '.' || s[i] == 'e' || s[i] == 'E';
  JtNode *x = jt_push(b, real ? JT_REAL : JT_INT);
  if (!x) return 0;
  if (!real) {
    size_t i = s[0] == '-';
    uint64_t u = 0, lim = s[0] == '-' ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
      unsigned d = (unsigned)(s[i] - '0');
      if (u > (lim - d) / 10) {
        jt_fail(b, s[0] == '-' ? "too big negative integer" : "too big integer");
        if (s[0] == '-') b->errNear = NEAR_NONE;
        return 0;
      }
      u = u * 10 + d;
    }
    x->u.i = s[0] == '-' ? (int64_t)(0 - u) : (int64_t)u;
    return 1;
  }
  char buf[64], *z = buf;
  if (n >= sizeof buf && !(z = arena_strndup(b->a, s, n))) return jt_oom(b);
  if (z == buf) {
    memcpy(buf, s, n);
    buf[n] = 0;
  }
  errno = 0;
  x->u.d = strtod(z, NULL);
  if (errno == ERANGE && (x->u.d == HUGE_VAL || x->u.d == -HUGE_VAL)) {
    jt_fail(b, "real number overflow");
    return 0;
  }
  return 1;
}

static int cb_string(void *ctx, const unsigned char *s, size_t n) {
  JtBuild *b = ctx;
  if (n > UINT32_MAX) return jt_fail(b, "a string of more than 4 GB");
  const char *z = jt_string(b, s, n, 0);
  JtNode *x = z ? jt_push(b, JT_STRING) : NULL;
  if (!x) return 0;
  x->u.z = z;
  x->n = (uint32_t)n;
  return 1;
}

/* Is KEY (N bytes) already a member of the object that is open? */
static int jt_has_key(const JtBuild *b, const char *key, size_t n) {
  for (size_t i = b->pOpen[b->depth - 1] + 1; i < b->nStk; i++)
    if (b->aStk[i].nKey == n && memcmp(b->aStk[i].zKey, key, n) == 0) return 1;
  return 0;
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t n) {
  JtBuild *b = ctx;
  if (n > UINT32_MAX) return jt_fail(b, "a key of more than 4 GB");
  const char *z = jt_string(b, s, n, 1);
  if (!z) return 0;
  /* duplicates: looked for here in small objects, at their end in large ones */
  if ((b->flags & JT_NO_DUPLICATES) && b->nStk - b->pOpen[b->depth - 1] <= 64 && jt_has_key(b, z, n))
    return jt_fail(b, "duplicate object key");
  b->zKey = z;
  b->nKey = (uint32_t)n;
  return 1;
}

static int jt_open(void *ctx, int kind) {
  JtBuild *b = ctx;
  if (b->depth >= JT_MAX_DEPTH) return jt_fail(b, "maximum parsing depth reached");
  if (!jt_push(b, kind)) return 0;
  if (b->depth == b->nOpenCap) {
    int cap = b->nOpenCap * 2;
    size_t *p = b->pOpen == b->aOpen ? malloc((size_t)cap * sizeof *p) : realloc(b->pOpen, (size_t)cap * sizeof *p);
    if (!p) return jt_oom(b);
    if (b->pOpen == b->aOpen) memcpy(p, b->aOpen, sizeof b->aOpen);
    b->pOpen = p;
    b->nOpenCap = cap;
  }
  b->pOpen[b->depth++] = b->nStk - 1;
  return 1;
}

static int cb_start_map(void *ctx) { return jt_open(ctx, JT_OBJECT); }
static int cb_start_array(void *ctx) { return jt_open(ctx, JT_ARRAY); }

static int key_cmp(const void *x, const void *y) {
  const JtNode *a = *(const JtNode *const *)x, *b = *(const JtNode *const *)y;
  size_t n = a->nKey < b->nKey ? a->nKey : b->nKey;
  int c = memcmp(a->zKey, b->zKey, n);
  return c ? c : (a->nKey > b->nKey) - (a->nKey < b->nKey);
}

static int jt_close(void *ctx) {
  JtBuild *b = ctx;
  size_t at = b->pOpen[--b->depth], cnt = b->nStk - at - 1;
  JtNode *o = &b->aStk[at];
  if (cnt > UINT32_MAX) return jt_fail(b, "more than 4294967295 members");
  if (o->kind == JT_OBJECT && cnt > 64 && (b->flags & JT_NO_DUPLICATES)) {
    const JtNode **ap = malloc(cnt * sizeof *ap);
    if (!ap) return jt_oom(b);
    for (size_t i = 0; i < cnt; i++) ap[i] = &b->aStk[at + 1 + i];
    qsort(ap, cnt, sizeof *ap, key_cmp);
    size_t i = 1;
    while (i < cnt && key_cmp(&ap[i - 1], &ap[i]) != 0) i++;
    free(ap);
    if (i < cnt) return jt_fail(b, "duplicate object key");
  }
  if (cnt) {
    JtNode *a = arena_alloc(b->a, cnt * sizeof *a);
    if (!a) return jt_oom(b);
    memcpy(a, o + 1, cnt * sizeof *a);
    o->u.a = a;
  } else {
    o->u.a = NULL;
  }
  o->n = (uint32_t)cnt;
  b->nStk = at + 1;
  return 1;
}

static const yajl_callbacks jt_callbacks = {
  cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
  cb_start_map, cb_map_key, jt_close, cb_start_array, jt_close,
};

/* The token of TEXT that holds byte OFF-1, or the first after it: [*START,
** *END); both N past the last token.  Only on errors: it reads from the start. */
static void jt_token(const char *text, size_t n, size_t off, size_t *start, size_t *end) {
  size_t i = 0;
  while (i < n) {
    while (i < n && strchr(" \t\r\n", text[i]) && text[i]) i++;
    if (i >= n) break;
    size_t j = i + 1;
    if (text[i] == '"') {
      while (j < n && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = j < n ? j + 1 : n;
    } else if (!strchr("{}[],:", text[i]) || !text[i]) {
      while (j < n && (!strchr("{}[],:\" \t\r\n", text[j]) || !text[j])) j++;
    }
    if (j >= off) {
      *start = i;
      *end = j;
      return;
    }
    i = j;
  }
  *start = *end = n;
}

/* jansson's words for what yajl found (its message ZYAJL) at OFF; moves
** OFF and START to what jansson named. */
static const char *jt_yajl_message(const JtBuild *b, const char *zYajl, size_t *off, size_t *start, int *near,
                                   char *buf, size_t nBuf) {
  const char *text = b->text;
  size_t n = b->n;
  static const struct { const char *zYajl, *zMsg; } aMap[] = {
    {"invalid object key", "string or '}' expected"},
    {"object key and value must be separated", "':' expected"},
    {"after key and value, inside map", "'}' expected"},
    {"after array element", "']' expected"},
    {"unallowed token", "unexpected token"},
    {"trailing garbage", "end of file expected"},
  };
  size_t end;
  /* after a member, yajl steps back to (about) the start of the token that
  ** should have been a comma */
  int back = strstr(zYajl, "after key and value") != NULL;
  jt_token(text, n, *off + (size_t)back, start, &end);
  *near = NEAR_TOKEN;
  if (strstr(zYajl, "premature EOF")) {
    *off = n;
    if (*start < n && text[*start] == '"') {
      size_t q = end - 1, k = q;                 /* a string still open at the end */
      while (k > *start + 1 && text[k - 1] == '\\') k--;
      if (end - *start < 2 || text[q] != '"' || (q - k) % 2) return "premature end of input";
    }
    *start = n;
    *near = NEAR_PART;
    size_t k = n;                                /* the last character that is not a space */
    while (k > 0 && strchr(" \t\r\n", text[k - 1]) && text[k - 1]) k--;
    char c = k ? text[k - 1] : 0;
    if (b->depth == 0) return !k && !(b->flags & JT_ANY) ? "'[' or '{' expected" : "unexpected token";
    if (b->aStk[b->pOpen[b->depth - 1]].kind == JT_ARRAY) return "']' expected";
    if (c == '{' || c == ',') return "string or '}' expected";
    if (c == ':') return "unexpected token";
    return b->zKey ? "':' expected" : "'}' expected";
  }
  if (strncmp(zYajl, "lexical error", 13) != 0) {
    *off = end;
    if (*start < end && isalpha((unsigned char)text[*start]) && !strstr(zYajl, "trailing garbage")) {
      /* jansson read a run of letters as one token: not a literal, invalid */
      size_t k = *start;
      while (k < end && isalpha((unsigned char)text[k])) k++;
      if (k == end && !(k - *start == 4 && (!memcmp(text + *start, "true", 4) || !memcmp(text + *start, "null", 4))) &&
          !(k - *start == 5 && !memcmp(text + *start, "false", 5)))
        return "invalid token";
    }
    for (size_t i = 0; i < sizeof aMap / sizeof aMap[0]; i++)
      if (strstr(zYajl, aMap[i].zYajl)) return aMap[i].zMsg;
    return "unexpected token";
  }
  *near = NEAR_PART;
  if (*start >= n || text[*start] != '"') {
    /* outside a string: where a value may stand, an invalid token; else what
    ** was expected there */
    size_t k = *start;
    while (k > 0 && strchr(" \t\r\n", text[k - 1]) && text[k - 1]) k--;
    char c = k ? text[k - 1] : 0;
    if (*start < n && (unsigned char)text[*start] >= 0x80 &&
        !utf8_len((const unsigned char *)text + *start, n - *start)) {
      snprintf(buf, nBuf, "unable to decode byte 0x%x", (unsigned char)text[*start]);
      *off = *start;
      *near = NEAR_NONE;
      return buf;
    }
    if (*start < n && text[*start] && *off <= *start) *off = *start + 1;   /* the wrong character itself */
    if (*start < n && isalpha((unsigned char)text[*start])) {               /* jansson: the run of letters */
      *off = *start;
      while (*off < n && isalpha((unsigned char)text[*off])) ++*off;
    }
    if (*start < n && !text[*start]) *start = *off = *start;              /* jansson stopped at a NUL */
    if (b->depth == 0) return b->nStk ? "end of file expected" : "invalid token";
    if (b->aStk[b->pOpen[b->depth - 1]].kind == JT_ARRAY) return c == '[' || c == ',' ? "invalid token" : "']' expected";
    if (c == ':') return "invalid token";
    if (c == '{' || c == ',') return "string or '}' expected";
    return b->zKey ? "':' expected" : "'}' expected";
  }
  if (strstr(zYajl, "UTF8")) {
    for (size_t i = *start + 1; i < end; i++) {
      int k = (unsigned char)text[i] < 0x80 ? 1 : utf8_len((const unsigned char *)text + i, end - i);
      if (!k) {
        snprintf(buf, nBuf, "unable to decode byte 0x%x", (unsigned char)text[i]);
        *off = i;
        return buf;
      }
      i += (size_t)k - 1;
    }
    return "invalid token";
  }
  if (strstr(zYajl, "'\\")) {            /* '\\' before a wrong character, non-hex after '\\u' */
    /* jansson names the string up to the escape's first wrong character */
    for (size_t i = *start + 1; i + 1 < end; i++) {
      if (text[i] != '\\') continue;
      char c = text[i + 1];
      if (c == 'u') {
        size_t k = i + 2;
        while (k < i + 6 && k < end && isxdigit((unsigned char)text[k])) k++;
        if (k == i + 6) { i = k - 1; continue; }
        *off = k + 1;
        return "invalid escape";
      }
      if (!strchr("\"\\/bfnrt", c)) {
        *off = i + 2;
        return "invalid escape";
      }
      i++;
    }
    return "invalid token";
  }
  if (*off < n && text[*off] == '\n') return "unexpected newline";
  if (*off < n && (unsigned char)text[*off] < 0x20) {
    snprintf(buf, nBuf, "control character 0x%x", (unsigned char)text[*off]);
    return buf;
  }
  return "invalid token";
}

/* The message in E: MSG near the token [START, OFF) (NEAR_PART), the whole
** token ending at OFF (NEAR_TOKEN), or nothing; line and column at OFF. */
static void jt_error(JtError *e, const char *text, size_t n, size_t off, size_t start, int near,
                     const char *zMsg) {
  if (off > n) off = n;
  int line = 1, col = 0;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') { line++; col = 0; }
    else if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
  }
  e->line = line;
  e->column = col;
  e->position = off;
  if (near == NEAR_TOKEN) {
    size_t end;
    jt_token(text, n, off, &start, &end);
    if (end != off) start = off;
  }
  /* jansson named the text it had read when it was at most 20 bytes; here
  ** also only when it is UTF-8 (the message goes into JSON answers) */
  int ok = near != NEAR_NONE && off - start <= 20;
  for (size_t i = start; ok && i < off; i++) {
    int k = (unsigned char)text[i] < 0x80 ? 1 : utf8_len((const unsigned char *)text + i, off - i);
    if (!k || !text[i]) ok = 0;
    else i += (size_t)k - 1;
  }
  if (ok && start < off)
    snprintf(e->text, sizeof e->text, "%s near '%.*s'", zMsg, (int)(off - start), text + start);
  else if (ok)
    snprintf(e->text, sizeof e->text, "%s near end of file", zMsg);
  else
    snprintf(e->text, sizeof e->text, "%s", zMsg);
}

const JtNode *jt_parse(Arena *a, const char *text, size_t n, int flags, JtError *err) {
  JtBuild *b = malloc(sizeof *b);
  memset(err, 0, sizeof *err);
  if (!b) {
    err->oom = 1;
    snprintf(err->text, sizeof err->text, "out of memory");
    return NULL;
  }
  b->a = a;
  b->text = text;
  b->n = n;
  b->flags = flags;
  b->aStk = b->aLocal;
  b->nStk = 0;
  b->nCap = sizeof b->aLocal / sizeof b->aLocal[0];
  b->pOpen = b->aOpen;
  b->nOpenCap = sizeof b->aOpen / sizeof b->aOpen[0];
  b->depth = 0;
  b->zKey = NULL;
  b->nKey = 0;
  b->errOff = b->errStart = 0;
  b->errNear = NEAR_TOKEN;
  b->finishing = 0;
  b->errMsg[0] = 0;
  b->oom = 0;
  b->h = yajl_alloc(&jt_callbacks, NULL, b);
  const JtNode *root = NULL;
  if (!b->h) {
    b->oom = 1;
    snprintf(b->errMsg, sizeof b->errMsg, "out of memory");
  } else {
    yajl_status st = yajl_parse(b->h, (const unsigned char *)text, n);
    size_t off = yajl_get_bytes_consumed(b->h);
    if (st == yajl_status_ok) {
      b->finishing = 1;
      st = yajl_complete_parse(b->h);
      off = n;
    }
    if (st == yajl_status_client_canceled) {
      if (b->oom) snprintf(err->text, sizeof err->text, "out of memory");
      else jt_error(err, text, n, b->errOff, b->errStart, b->errNear, b->errMsg);
      err->oom = b->oom;
    } else if (st != yajl_status_ok) {
      unsigned char *z = yajl_get_error(b->h, 0, NULL, 0);
      char buf[64];
      size_t start = off;
      int near;
      const char *zMsg = jt_yajl_message(b, z ? (const char *)z : "", &off, &start, &near, buf, sizeof buf);
      jt_error(err, text, n, off, start, near, zMsg);
      if (z) yajl_free_error(b->h, z);
    } else if (a->failed) {
      err->oom = 1;
      snprintf(err->text, sizeof err->text, "out of memory");
    } else {
      JtNode *r = arena_alloc(a, sizeof *r);
      if (r) *r = b->aStk[0];
      else {
        err->oom = 1;
        snprintf(err->text, sizeof err->text, "out of memory");
      }
      root = r;
    }
    yajl_free(b->h);
  }
  if (b->aStk != b->aLocal) free(b->aStk);
  if (b->pOpen != b->aOpen) free(b->pOpen);
  free(b);
  return root;
}

const JtNode *jt_get(const JtNode *o, const char *zKey) {
  if (!o || o->kind != JT_OBJECT) return NULL;
  size_t n = strlen(zKey);
  for (uint32_t i = o->n; i-- > 0;)       /* the last of duplicates, as jansson */
    if (o->u.a[i].nKey == n && memcmp(o->u.a[i].zKey, zKey, n) == 0) return &o->u.a[i];
  return NULL;
}

const char *jt_str(const JtNode *j) { return j && j->kind == JT_STRING ? j->u.z : NULL; }

const char *jt_kind_name(const JtNode *j) {
  switch (j->kind) {
    case JT_OBJECT: return "an object";
    case JT_ARRAY: return "a list";
    case JT_STRING: return "a string";
    case JT_INT: return "an integer";
    case JT_REAL: return "a number";
    case JT_TRUE: case JT_FALSE: return "a boolean";
    default: return "null";
  }
}

/* }==== */

/* {==== reading ======================================================= */

typedef struct Reader {
  const Program *p;
  Arena *a;
  RawFact *aLeaf;          /* when set: each fact as given, per slot (texts in the arena) */
  char path[512];          /* JSON path of the value being read */
  char *err;
  size_t errLen;
  int failed;
  int hasToday;
  RrDate today;            /* the local date of as_of: enum members must be in force on it */
} Reader;

static void fail(Reader *r, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static void fail(Reader *r, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  if (r->failed) return;
  r->failed = 1;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(r->err, r->errLen, "%s: %s", r->path[0] ? r->path : "(top level)", msg);
}

#define json_kind jt_kind_name

/* The JSON path grows and shrinks with every value read: appended by hand,
** as this runs for every fact of every case. */
static size_t path_append(Reader *r, const char *z, size_t n) {
  size_t len = strlen(r->path);
  if (len + n >= sizeof r->path) n = sizeof r->path - len - 1;
  memcpy(r->path + len, z, n);
  r->path[len + n] = 0;
  return len;
}

static size_t path_push_key(Reader *r, const char *key) {
  size_t len = r->path[0] ? path_append(r, ".", 1) : 0;
  path_append(r, key, strlen(key));
  return len;
}

static size_t path_push_index(Reader *r, size_t i) {
  char buf[24], *q = buf + sizeof buf;
  *--q = ']';
  do *--q = (char)('0' + i % 10); while ((i /= 10) > 0);
  *--q = '[';
  return path_append(r, q, (size_t)(buf + sizeof buf - q));
}

static Value read_value(Reader *r, const JtNode *j, const Type *t);

static Value read_record(Reader *r, const JtNode *j, const Type *t) {
  const RecordDef *rec = &r->p->aRecord[t->id];
  if (j->kind != JT_OBJECT) {
    fail(r, "expected an object (%s), got %s", rec->zName, json_kind(j));
    return v_unknown();
  }
  Value *f = arena_alloc(r->a, (size_t)(rec->nField ? rec->nField : 1) * sizeof *f);
  if (!f) { fail(r, "out of memory"); return v_unknown(); }
  for (uint32_t ix = 0; ix < j->n; ix++) {
    const JtNode *x = &j->u.a[ix];
    const char *key = x->zKey;
    int k = -1;
    for (int i = 0; i < rec->nField && k < 0; i++)       /* the first byte first: most names differ there */
      if (rec->aField[i].zName[0] == key[0] && strcmp(rec->aField[i].zName, key) == 0) k = i;
    size_t mark = path_push_key(r, key);
    if (k < 0) {
      fail(r, "%s has no field '%s'", rec->zName, key);
    } else {
      f[k] = read_value(r, x, rec->aField[k].type);
    }
    r->path[mark] = 0;
    if (r->failed) return v_unknown();
  }
  return v_rec(t->id, f);
}

static const char *raw_kind(const RawFact *f) {
  switch (f->type) {
    case RF_BOOL: return f->i ? "true" : "false";
    case RF_INT: return "an integer";
    case RF_REAL: return "a real number";
    case RF_TEXT: return "a string";
    default: return "null";
  }
}

static Value type_mismatch(Reader *r, const Type *t, const char *got) {
  char want[96];
  if (t->k == T_INSTANT) snprintf(want, sizeof want, "a date-time string");
  else if (t->k == T_DATE) snprintf(want, sizeof want, "a date string");
  else if (t->k == T_TIME) snprintf(want, sizeof want, "a time-of-day string (HH:MM)");
  else if (t->k == T_ENUM) snprintf(want, sizeof want, "a string (one of %s)", r->p->aEnum[t->id].zName);
  else if (t->k == T_BOOL) snprintf(want, sizeof want, "true or false");
  else if (t->k == T_INT) snprintf(want, sizeof want, "an integer");
  else if (t->k == T_NUM) snprintf(want, sizeof want, "a number");
  else if (t->k == T_TEXT) snprintf(want, sizeof want, "a string");
  else if (t->k == T_LIST) snprintf(want, sizeof want, "a list");
  else snprintf(want, sizeof want, "a value");
  fail(r, "expected %s, got %s", want, got);
  return v_unknown();
}

/* V against the range its type declares (int in 0 .. 30): V itself, or
** unknown after reporting it. */
static Value in_range(Reader *r, Value v, const Type *t) {
  const TypeRange *rg = t->range;
  if (!rg || r->failed) return v;
  double x = v.tag == V_INT ? (double)v.u.i : v.tag == V_NUM ? v.u.d : (double)v.u.i;
  if (x >= rg->lo && x <= rg->hi) return v;
  if (t->k == T_DATE) {
    char a[32], b[32], c[32];
    rr_format_date((RrDate)v.u.i, a);
    rr_format_date((RrDate)rg->lo, b);
    rr_format_date((RrDate)rg->hi, c);
    fail(r, "%s is out of range (%s .. %s)", a, b, c);
  } else {
    const char *u = t->k == T_NUM && t->unit ? unit_name(t->unit) : "";
    fail(r, "%.15g%s%s is out of range (%.15g .. %.15g%s%s)", x, *u ? " " : "", u, rg->lo, rg->hi, *u ? " " : "", u);
  }
  return v_unknown();
}

static Value read_scalar_as_given(Reader *r, const RawFact *f, const Type *t);

/* A scalar fact of type T from its raw form (given in JSON, or stored),
** within its declared range.  A stored boolean is the integer 0 or 1. */
static Value read_scalar(Reader *r, const RawFact *f, const Type *t) {
  Value v = read_scalar_as_given(r, f, t);
  return v_known(v) && t->range ? in_range(r, v, t) : v;
}

static Value read_scalar_as_given(Reader *r, const RawFact *f, const Type *t) {
  char buf[64];
  if (f->type == RF_NULL) return v_unknown();
  switch (t->k) {
    case T_BOOL:
      if (f->type == RF_BOOL || (f->type == RF_INT && (f->i == 0 || f->i == 1))) return v_bool((int)f->i);
      break;
    case T_INT:
      if (f->type == RF_INT) return v_int(f->i);
      if (f->type == RF_REAL && f->d >= -9.2e18 && f->d <= 9.2e18 && f->d == (double)(long long)f->d)
        return v_int((long long)f->d);
      break;
    case T_NUM:
      if (f->type == RF_INT) return v_num((double)f->i, t->unit);
      if (f->type == RF_REAL) return v_num(f->d, t->unit);
      break;
    case T_TEXT: {
      if (f->type != RF_TEXT) break;
      const char *z = arena_strndup(r->a, f->z, (size_t)f->n);
      if (!z) fail(r, "out of memory");
      return v_text(z, f->n);
    }
    case T_DATE: case T_INSTANT: case T_TIME: {
      if (f->type != RF_TEXT) break;
      RrDate d;
      RrInstant i;
      int m;
      snprintf(buf, sizeof buf, "%.*s", f->n, f->z);
      if (t->k == T_DATE && !rr_parse_date(f->z, (size_t)f->n, &d)) return v_date(d);
      if (t->k == T_INSTANT && !rr_parse_instant(f->z, (size_t)f->n, &i)) return v_instant(i);
      if (t->k == T_TIME && !rr_parse_time_of_day(f->z, (size_t)f->n, &m)) return v_time(m);
      fail(r, t->k == T_DATE ? "'%s' is not a date (YYYY-MM-DD)"
              : t->k == T_INSTANT ? "'%s' is not a date-time with an offset (YYYY-MM-DDTHH:MM:SS+01:00)"
              : "'%s' is not a time of day (HH:MM)", buf);
      return v_unknown();
    }
    case T_ENUM: {
      const EnumDef *e = &r->p->aEnum[t->id];
      if (f->type != RF_TEXT) break;
      for (int i = 0; i < e->nMember; i++) {
        if ((int)strlen(e->azMember[i]) != f->n || memcmp(e->azMember[i], f->z, (size_t)f->n) != 0) continue;
        if (r->hasToday && (r->today < e->aFrom[i] || r->today >= e->aUntil[i])) {
          char a[32], b[32], c[32];
          rr_format_date(r->today, a);
          rr_format_date(e->aFrom[i], b);
          if (e->aUntil[i] != INT32_MAX) rr_format_date(e->aUntil[i], c);
          fail(r, "'%s' is not in force on %s (enum %s: from %s%s%s)", e->azMember[i], a, e->zName, b,
               e->aUntil[i] != INT32_MAX ? " until " : "", e->aUntil[i] != INT32_MAX ? c : "");
          return v_unknown();
        }
        return v_enum(t->id, i);
      }
      if (e->iOther >= 0) return v_enum(t->id, e->iOther);
      char list[300];
      join_members(list, sizeof list, e->azMember, e->nMember);
      fail(r, "'%.*s' is not one of %s", f->n, f->z, list);
      return v_unknown();
    }
    default:
      break;
  }
  return type_mismatch(r, t, raw_kind(f));
}

/* The raw form of a JSON scalar (strings point into J). */
static int json_raw(const JtNode *j, RawFact *f) {
  memset(f, 0, sizeof *f);
  switch (j->kind) {
    case JT_TRUE: f->type = RF_BOOL; f->i = 1; return 1;
    case JT_FALSE: f->type = RF_BOOL; f->i = 0; return 1;
    case JT_INT: f->type = RF_INT; f->i = j->u.i; return 1;
    case JT_REAL: f->type = RF_REAL; f->d = j->u.d; return 1;
    case JT_STRING:
      f->type = RF_TEXT;
      f->z = j->u.z;
      f->n = (int)j->n;
      return 1;
    case JT_NULL: return 1;
    default: return 0;
  }
}

/* A list of enum members that holds an exclusive one (neglect: "none")
** holds nothing else. */
static void exclusive_members(Reader *r, const Type *t, uint64_t seen) {
  const EnumDef *e = &r->p->aEnum[t->id];
  uint64_t excl = seen & e->exclusive;
  if (!excl || !(seen & (seen - 1))) return;          /* none of them, or one member only */
  int a = 0, b = 0;
  while (!((excl >> a) & 1)) a++;
  while (b == a || !((seen >> b) & 1)) b++;
  fail(r, "'%s' excludes every other value, here '%s'", e->azMember[a], e->azMember[b]);
}

static Value read_value(Reader *r, const JtNode *j, const Type *t) {
  if (j->kind == JT_NULL) return v_unknown();
  switch (t->k) {
    case T_LIST: {
      if (j->kind != JT_ARRAY) break;
      size_t cnt = j->n;
      if (cnt > INT32_MAX) {
        fail(r, "a list of more than %d items", INT32_MAX);
        return v_unknown();
      }
      Value *items = arena_alloc(r->a, (cnt ? cnt : 1) * sizeof *items);
      if (!items) { fail(r, "out of memory"); return v_unknown(); }
      uint64_t seen = 0;                     /* the enum members met, for exclusive ones */
      for (size_t i = 0; i < cnt && !r->failed; i++) {
        size_t mark = path_push_index(r, i);
        const JtNode *x = &j->u.a[i];
        if (x->kind == JT_NULL) {
          fail(r, "null in a list: a list holds known values only (leave the item out)");
        } else {
          items[i] = read_value(r, x, t->elem);
          if (items[i].tag == V_ENUM && items[i].u.i < 64) seen |= (uint64_t)1 << items[i].u.i;
        }
        r->path[mark] = 0;
      }
      if (!r->failed && t->elem->k == T_ENUM) exclusive_members(r, t->elem, seen);
      return v_list(items, (int)cnt);
    }
    case T_REC:
      return read_record(r, j, t);
    default: {
      RawFact f;
      if (json_raw(j, &f)) return read_scalar(r, &f, t);
      break;
    }
  }
  return type_mismatch(r, t, json_kind(j));
}

/* A fact as given, to be stored: a scalar as itself, a list or a record as
** compact JSON. */
static void keep_leaf(Reader *r, const JtNode *x, RawFact *f) {
  if (x->kind == JT_ARRAY || x->kind == JT_OBJECT) {
    char *z = jt_to_text(x);
    memset(f, 0, sizeof *f);
    f->type = RF_TEXT;
    f->n = z ? (int)strlen(z) : 0;
    f->z = z ? arena_strndup(r->a, z, (size_t)f->n) : NULL;
    free(z);
  } else {
    json_raw(x, f);
    if (f->type == RF_TEXT) f->z = arena_strndup(r->a, f->z, (size_t)f->n);
  }
  if (f->type == RF_TEXT && !f->z) fail(r, "out of memory");
}

static const char *kid_name(int i, const void *ud) { return ((const FactNode *)ud)->aKid[i]->zName; }

static void read_group(Reader *r, const JtNode *j, const FactNode *g, Value *facts) {
  if (j->kind != JT_OBJECT) {
    fail(r, "expected an object (a group of facts), got %s", json_kind(j));
    return;
  }
  for (uint32_t ix = 0; ix < j->n; ix++) {
    const JtNode *x = &j->u.a[ix];
    const char *key = x->zKey;
    const FactNode *k = NULL;
    for (int i = 0; i < g->nKid && !k; i++)
      if (g->aKid[i]->zName[0] == key[0] && strcmp(g->aKid[i]->zName, key) == 0) k = g->aKid[i];
    size_t mark = path_push_key(r, key);
    if (!k) {
      const char *near = suggest_nearest(key, g->nKid, kid_name, g);
      if (near) fail(r, "unknown fact (did you mean '%s'?)", near);
      else fail(r, "unknown fact (not declared in the rules)");
    } else if (k->type) {
      facts[k->slot] = read_value(r, x, k->type);
      if (r->aLeaf && !r->failed) keep_leaf(r, x, &r->aLeaf[k->slot]);
    } else if (x->kind != JT_NULL) {
      read_group(r, x, k, facts);
    }
    r->path[mark] = 0;
    if (r->failed) return;
  }
}

/* A case id: 1 to RR_MAX_CASE_ID bytes, no control characters (it is a key
** in the store, a column of tables, a part of messages). */
static int case_id_error(const char *z, size_t n, char *err, size_t errLen) {
  if (n == 0) {
    snprintf(err, errLen, "id: empty: the case's identifier is needed");
    return -1;
  }
  if (n > RR_MAX_CASE_ID) {
    snprintf(err, errLen, "id: %zu bytes long, at most %d", n, RR_MAX_CASE_ID);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)z[i] < 0x20 || z[i] == 0x7f) {
      snprintf(err, errLen, "id: a control character (byte %zu): an id is printable text", i + 1);
      return -1;
    }
  }
  return 0;
}

static int read_case(const Program *p, const char *text, size_t n, CaseInput *out, RawFact *aLeaf,
                     int hideFuture, char *err, size_t errLen) {
  JtError je;
  Reader r;
  memset(&r, 0, sizeof r);
  r.p = p;
  r.aLeaf = aLeaf;
  r.a = &out->arena;
  r.err = err;
  r.errLen = errLen;
  arena_reset(&out->arena);
  out->zId = NULL;
  out->facts = arena_alloc(&out->arena, (size_t)(p->nSlot ? p->nSlot : 1) * sizeof *out->facts);
  if (!out->facts) {
    snprintf(err, errLen, "out of memory");
    return -2;
  }
  /* the tree lives in the case's arena too: gone at the next case */
  const JtNode *root = jt_parse(&out->arena, text, n, JT_NO_DUPLICATES, &je);
  if (!root) {
    if (je.oom) {
      snprintf(err, errLen, "out of memory");
      return -2;
    }
    snprintf(err, errLen, "invalid JSON at line %d, column %d: %s", je.line, je.column, je.text);
    return -1;
  }
  if (root->kind != JT_OBJECT) {
    snprintf(err, errLen, "expected a JSON object with \"as_of\" and \"facts\", got %s", json_kind(root));
    return -1;
  }
  const JtNode *id = jt_get(root, "id");
  if (!id || id->kind == JT_NULL) {
    snprintf(err, errLen, "missing \"id\": the case's identifier in the case system (a string)");
    return -1;
  }
  if (id->kind != JT_STRING) {
    snprintf(err, errLen, "id: expected a string, got %s", json_kind(id));
    return -1;
  }
  if (case_id_error(id->u.z, id->n, err, errLen)) return -1;
  out->zId = id->u.z;                          /* in the case's arena already */
  const JtNode *asOf = jt_get(root, "as_of");
  if (!asOf || asOf->kind == JT_NULL) {
    snprintf(err, errLen, "missing \"as_of\" (the instant of evaluation, e.g. \"2025-03-05T10:00:00+01:00\")");
    return -1;
  }
  if (asOf->kind != JT_STRING || rr_parse_instant(asOf->u.z, asOf->n, &out->asOf)) {
    int isStr = asOf->kind == JT_STRING;
    snprintf(err, errLen, "as_of: expected a date-time with an offset (e.g. \"2025-03-05T10:00:00+01:00\"), got %s%s%s",
             isStr ? "'" : json_kind(asOf), isStr ? asOf->u.z : "", isStr ? "'" : "");
    return -1;
  }
  r.today = rr_local_date(p->zone, out->asOf);
  r.hasToday = 1;
  const JtNode *facts = jt_get(root, "facts");
  if (!facts) {
    snprintf(err, errLen, "missing \"facts\"");
    return -1;
  }
  snprintf(r.path, sizeof r.path, "facts");
  read_group(&r, facts, p->root, out->facts);
  if (out->arena.failed) {
    snprintf(err, errLen, "out of memory");
    return -2;
  }
  if (r.failed) return -1;
  if (hideFuture) eval_hide_future(p, out->facts, out->asOf);   /* events after as_of have not happened */
  return 0;
}

int json_read_case(const Program *p, const char *text, size_t n, CaseInput *out,
                   char *err, size_t errLen) {
  return read_case(p, text, n, out, NULL, 1, err, errLen);
}

int json_read_case_leaves(const Program *p, const char *text, size_t n, CaseInput *out,
                          RawFact *aLeaf, char *err, size_t errLen) {
  memset(aLeaf, 0, (size_t)p->nSlot * sizeof *aLeaf);
  return read_case(p, text, n, out, aLeaf, 0, err, errLen);
}

int json_read_fact(const Program *p, int slot, const RawFact *f, CaseInput *out, char *err, size_t errLen) {
  Reader r;
  r.p = p;
  r.a = &out->arena;
  r.aLeaf = NULL;
  r.err = err;
  r.errLen = errLen;
  r.failed = 0;
  r.today = rr_local_date(p->zone, out->asOf);
  r.hasToday = 1;
  const char *zPath = p->aSlot[slot]->zPath;      /* facts.PATH, without printf: once per fact */
  size_t len = strlen(zPath);
  if (len > sizeof r.path - 8) len = sizeof r.path - 8;
  memcpy(r.path, "facts.", 6);
  memcpy(r.path + 6, zPath, len);
  r.path[6 + len] = 0;
  const Type *t = p->aSlot[slot]->type;
  if (t->k == T_LIST && f->type == RF_TEXT && f->n == 2 && memcmp(f->z, "[]", 2) == 0) {
    out->facts[slot] = v_list(NULL, 0);            /* the empty list, a third of the lists stored */
  } else if (t->k == T_LIST || t->k == T_REC) {   /* stored as JSON */
    JtError je;
    const JtNode *j = f->type == RF_TEXT ? jt_parse(&out->arena, f->z, (size_t)f->n, 0, &je) : NULL;
    if (j) out->facts[slot] = read_value(&r, j, t);
    else if (f->type == RF_TEXT && je.oom) out->arena.failed = 1;
    else if (f->type == RF_TEXT) fail(&r, "stored value is not JSON (%s)", je.text);
    else if (f->type != RF_TEXT) type_mismatch(&r, t, raw_kind(f));
  } else {
    out->facts[slot] = read_scalar(&r, f, t);
  }
  if (out->arena.failed) {
    snprintf(err, errLen, "out of memory");
    return -2;
  }
  return r.failed ? -1 : 0;
}

int json_begin_case(const Program *p, CaseInput *out, const char *zId, RrInstant asOf) {
  arena_reset(&out->arena);
  out->facts = arena_alloc(&out->arena, (size_t)(p->nSlot ? p->nSlot : 1) * sizeof *out->facts);
  out->zId = zId ? arena_strndup(&out->arena, zId, strlen(zId)) : NULL;
  out->asOf = asOf;
  return out->facts && (!zId || out->zId) ? 0 : -1;
}

/* }==== */

/* {==== writing ======================================================= */

/* The text of a duration, a time of day or a range, as a JSON string holds it. */
static const char *rare_text(Eval *e, Value v, char *buf, size_t n) {
  if (v.tag != V_DUR) return value_text(e, v);
  switch (v.aux) {
    case DU_MINUTES: case DU_HOURS: case DU_DAYS: case DU_WEEKS:
      rr_format_duration(v.u.i * (v.aux == DU_MINUTES ? 60 : v.aux == DU_HOURS ? 3600 :
                                  v.aux == DU_DAYS ? 86400 : 7 * 86400), buf);
      return buf;
    case DU_MONTHS: snprintf(buf, n, "P%lldM", (long long)v.u.i); return buf;
    case DU_YEARS: snprintf(buf, n, "P%lldY", (long long)v.u.i); return buf;
    default: snprintf(buf, n, "%lld working days", (long long)v.u.i); return buf;
  }
}

/* A decision is written straight from its Value, in exactly the text
** jansson's json_dumps gave (when rregull used jansson) with JSON_INDENT(2)
** (PRETTY) or JSON_COMPACT, JSON_REAL_PRECISION(15) and JSON_ENCODE_ANY:
** the same escapes, the same numbers, the same layout (tests/decisions
** holds it byte for byte). */
typedef struct Out {
  char *z;
  size_t n, cap;
  int bad;                /* out of memory, or a text that is not UTF-8 */
} Out;

static void out_grow(Out *o, size_t n) {
  if (o->bad || o->n + n + 1 <= o->cap) return;
  size_t cap = o->cap ? o->cap : 16384;
  while (cap < o->n + n + 1) cap *= 2;
  char *z = realloc(o->z, cap);
  if (!z) { o->bad = 1; return; }
  o->z = z;
  o->cap = cap;
}

static void out_put(Out *o, const char *z, size_t n) {
  out_grow(o, n);
  if (o->bad) return;
  memcpy(o->z + o->n, z, n);
  o->n += n;
}

static void out_indent(Out *o, int pretty, int depth) {
  if (!pretty) return;
  out_grow(o, (size_t)depth * 2 + 1);
  if (o->bad) return;
  o->z[o->n++] = '\n';
  memset(o->z + o->n, ' ', (size_t)depth * 2);
  o->n += (size_t)depth * 2;
}

static void out_str(Out *o, const char *s, size_t n) {
  out_grow(o, n + 2);
  if (o->bad) return;
  o->z[o->n++] = '"';
  size_t i = 0, run = 0;
  while (i < n) {
    /* the common run: printable ASCII that needs no escape, eight bytes at
    ** a time while no byte is below 0x20, 0x7F or above, '"' or '\\' */
    while (i + 8 <= n) {
      uint64_t w = load8(s + i);
      if ((w & ONES * 0x80) || HAS_LESS(w, 0x20) || HAS_ZERO(w ^ ONES * 0x7F) || HAS_ZERO(w ^ ONES * '"') ||
          HAS_ZERO(w ^ ONES * '\\'))
        break;
      i += 8;
    }
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F && s[i] != '"' && s[i] != '\\') i++;
    if (i == n) break;
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[8];
    if (c >= 0x80) {
      int k = utf8_len((const unsigned char *)s + i, n - i);
      if (!k) { o->bad = 1; return; }
      i += (size_t)k;
      continue;
    }
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          if (c == 0x7F) { i++; continue; }        /* jansson writes DEL as it is */
          snprintf(u, sizeof u, "\\u%04X", c);
          esc = u;
        }
    }
    if (!esc) { i++; continue; }
    out_put(o, s + run, i - run);
    out_put(o, esc, strlen(esc));
    i++;
    run = i;
  }
  out_put(o, s + run, n - run);
  out_put(o, "\"", 1);
}

/* A real as jansson's jsonp_dtostr writes it with PREC digits (15 or 17). */
static void out_real(Out *o, double d, int prec) {
  char buf[64];
  int k = snprintf(buf, sizeof buf, "%.*g", prec, d);
  if (k < 0 || k >= (int)sizeof buf - 3) { o->bad = 1; return; }
  if (!strpbrk(buf, ".eE")) { memcpy(buf + k, ".0", 3); k += 2; }
  char *e = strchr(buf, 'e');
  if (e) {                                          /* "1e+20" -> "1e20", "1e-05" -> "1e-5" */
    char *p = e + 1, *q = p;
    if (*q == '+') q++;
    else if (*q == '-') { p++; q++; }
    while (*q == '0' && q[1]) q++;
    memmove(p, q, strlen(q) + 1);
    k = (int)strlen(buf);
  }
  out_put(o, buf, (size_t)k);
}

static void out_value(Out *o, Eval *e, Value v, int pretty, int depth) {
  const Program *p = e->p;
  char buf[64];
  if (o->bad) return;
  switch (v.tag) {
    case V_UNKNOWN: case V_NULL: out_put(o, "null", 4); return;
    case V_BOOL: if (v.u.i) out_put(o, "true", 4); else out_put(o, "false", 5); return;
    case V_INT: {
      int k = snprintf(buf, sizeof buf, "%" PRId64, (int64_t)v.u.i);
      out_put(o, buf, (size_t)k);
      return;
    }
    case V_NUM: if (isfinite(v.u.d)) out_real(o, v.u.d, 15); else out_put(o, "null", 4); return;
    case V_TEXT: out_str(o, v.u.s, (size_t)v.n); return;
    case V_DATE: rr_format_date((RrDate)v.u.i, buf); out_str(o, buf, strlen(buf)); return;
    case V_INSTANT: rr_format_instant(p->zone, v.u.i, buf); out_str(o, buf, strlen(buf)); return;
    case V_ENUM: { const char *z = p->aEnum[v.aux].azMember[v.u.i]; out_str(o, z, strlen(z)); return; }
    case V_RULE: { const char *z = p->aRule[v.u.i].zId; out_str(o, z, strlen(z)); return; }
    case V_DUR: case V_TIME: case V_RANGE: {
      const char *z = rare_text(e, v, buf, sizeof buf);
      if (!z) { o->bad = 1; return; }
      out_str(o, z, strlen(z));
      return;
    }
    case V_LIST: case V_RULES: {
      ListIter it;
      Value x;
      int n = 0;
      list_iter(e, v, &it);
      while (!o->bad && list_next(&it, &x)) {
        out_put(o, n++ ? "," : "[", 1);
        out_indent(o, pretty, depth + 1);
        out_value(o, e, x, pretty, depth + 1);
      }
      if (!n) { out_put(o, "[]", 2); return; }
      out_indent(o, pretty, depth);
      out_put(o, "]", 1);
      return;
    }
    case V_REC: case V_OBJ: {
      int n = v.tag == V_REC ? p->aRecord[v.aux].nField : v.u.obj->n;
      if (!n) { out_put(o, "{}", 2); return; }
      out_put(o, "{", 1);
      for (int i = 0; i < n && !o->bad; i++) {
        const char *k = v.tag == V_REC ? p->aRecord[v.aux].aField[i].zName : v.u.obj->keys[i];
        if (i) out_put(o, ",", 1);
        out_indent(o, pretty, depth + 1);
        out_str(o, k, strlen(k));
        out_put(o, pretty ? ": " : ":", pretty ? 2 : 1);
        out_value(o, e, v.tag == V_REC ? v.u.items[i] : v.u.obj->vals[i], pretty, depth + 1);
      }
      out_indent(o, pretty, depth);
      out_put(o, "}", 1);
      return;
    }
  }
  out_put(o, "null", 4);
}

char *json_to_string(Eval *e, Value v, int pretty) {
  Out o = {0};
  out_value(&o, e, v, pretty, 0);
  out_grow(&o, 1);
  if (o.bad) { free(o.z); return NULL; }
  o.z[o.n] = 0;
  return o.z;
}

int json_write(Eval *e, Value v, FILE *out, int pretty) {
  char *s = json_to_string(e, v, pretty);
  if (!s) return -1;
  fputs(s, out);
  fputc('\n', out);
  free(s);
  return 0;
}

/* }==== */

/* J as compact JSON into O: jansson's JSON_COMPACT dump, reals with
** PREC significant digits. */
/* A scalar of kind KIND (JT_*: I, D or Z of N bytes) into O; 0 when KIND
** is a list or an object, which the caller writes. */
static int out_scalar(Out *o, int kind, int64_t i, double d, const char *z, uint32_t n, int prec) {
  char buf[32];
  switch (kind) {
    case JT_NULL: out_put(o, "null", 4); return 1;
    case JT_TRUE: out_put(o, "true", 4); return 1;
    case JT_FALSE: out_put(o, "false", 5); return 1;
    case JT_INT: out_put(o, buf, (size_t)snprintf(buf, sizeof buf, "%" PRId64, i)); return 1;
    case JT_REAL: out_real(o, d, prec); return 1;
    case JT_STRING: out_str(o, z, n); return 1;
    default: return 0;
  }
}

static void out_node(Out *o, const JtNode *j, int prec) {
  if (out_scalar(o, j->kind, j->kind == JT_INT ? j->u.i : 0, j->kind == JT_REAL ? j->u.d : 0,
                 j->kind == JT_STRING ? j->u.z : NULL, j->n, prec))
    return;
  switch (j->kind) {
    case JT_ARRAY: case JT_OBJECT:
      out_put(o, j->kind == JT_ARRAY ? "[" : "{", 1);
      for (uint32_t i = 0; i < j->n && !o->bad; i++) {
        if (i) out_put(o, ",", 1);
        if (j->kind == JT_OBJECT) {
          out_str(o, j->u.a[i].zKey, j->u.a[i].nKey);
          out_put(o, ":", 1);
        }
        out_node(o, &j->u.a[i], prec);
      }
      out_put(o, j->kind == JT_ARRAY ? "]" : "}", 1);
      return;
  }
}

char *jt_to_text(const JtNode *j) {
  Out o = {0};
  out_node(&o, j, 17);
  out_grow(&o, 1);
  if (o.bad) { free(o.z); return NULL; }
  o.z[o.n] = 0;
  return o.z;
}

/* }==== */

/* {==== JSON being built ================================================== */

struct JbNode {
  uint8_t kind;                     /* JT_* */
  const char *zKey;                 /* in an object: the member's key */
  JbNode *pNext;                    /* the next member */
  JbNode *pFirst, *pLast;           /* a list's or an object's members */
  uint32_t n;                       /* members; a string's bytes */
  union { int64_t i; double d; const char *z; } u;
};

static JbNode *jb_new(Arena *a, int kind) {
  JbNode *j = arena_alloc(a, sizeof *j);     /* zeroed */
  if (j) j->kind = (uint8_t)kind;
  return j;
}

JbNode *jb_object(Arena *a) { return jb_new(a, JT_OBJECT); }
JbNode *jb_array(Arena *a) { return jb_new(a, JT_ARRAY); }
JbNode *jb_null(Arena *a) { return jb_new(a, JT_NULL); }
JbNode *jb_bool(Arena *a, int b) { return jb_new(a, b ? JT_TRUE : JT_FALSE); }

JbNode *jb_int(Arena *a, int64_t i) {
  JbNode *j = jb_new(a, JT_INT);
  if (j) j->u.i = i;
  return j;
}

JbNode *jb_real(Arena *a, double d) {
  JbNode *j = isfinite(d) ? jb_new(a, JT_REAL) : NULL;   /* jansson refused inf and nan too */
  if (j) j->u.d = d;
  return j;
}

JbNode *jb_string(Arena *a, const char *z) {
  if (!z) return NULL;
  size_t n = strlen(z);
  JbNode *j = jb_new(a, JT_STRING);
  if (!j || !(j->u.z = arena_strndup(a, z, n))) return NULL;
  j->n = (uint32_t)n;
  return j;
}

JbNode *jb_get(const JbNode *o, const char *zKey) {
  if (!o || o->kind != JT_OBJECT) return NULL;
  for (JbNode *x = o->pFirst; x; x = x->pNext)
    if (strcmp(x->zKey, zKey) == 0) return x;
  return NULL;
}

int jb_append(JbNode *list, JbNode *v) {
  if (!list || !v || v->pNext || v == list->pLast) return -1;
  if (list->pLast) list->pLast->pNext = v;
  else list->pFirst = v;
  list->pLast = v;
  list->n++;
  return 0;
}

int jb_set(Arena *a, JbNode *o, const char *zKey, JbNode *v) {
  if (!o || !v || o->kind != JT_OBJECT) return -1;
  for (JbNode **pp = &o->pFirst; *pp; pp = &(*pp)->pNext) {
    if (strcmp((*pp)->zKey, zKey) != 0) continue;
    v->zKey = (*pp)->zKey;                       /* in place: the key keeps its position */
    v->pNext = (*pp)->pNext;
    if (o->pLast == *pp) o->pLast = v;
    *pp = v;
    return 0;
  }
  if (!(v->zKey = arena_strndup(a, zKey, strlen(zKey)))) return -1;
  return jb_append(o, v);
}

const JbNode *jb_first(const JbNode *j) { return j ? j->pFirst : NULL; }
const JbNode *jb_next(const JbNode *j) { return j ? j->pNext : NULL; }
int jb_kind(const JbNode *j) { return j ? j->kind : -1; }
const char *jb_str(const JbNode *j) { return j && j->kind == JT_STRING ? j->u.z : NULL; }

uint32_t jb_size(const JbNode *j) { return j && (j->kind == JT_ARRAY || j->kind == JT_OBJECT) ? j->n : 0; }

int jb_equal(const JtNode *t, const JbNode *b) {
  if (!t || !b || t->kind != b->kind) return 0;
  switch (t->kind) {
    case JT_INT: return t->u.i == b->u.i;
    case JT_REAL: return t->u.d == b->u.d;
    case JT_STRING: return t->n == b->n && memcmp(t->u.z, b->u.z, t->n) == 0;
    case JT_ARRAY: {
      if (t->n != b->n) return 0;
      const JbNode *x = b->pFirst;
      for (uint32_t i = 0; i < t->n; i++, x = x->pNext)
        if (!jb_equal(&t->u.a[i], x)) return 0;
      return 1;
    }
    case JT_OBJECT:
      if (t->n != b->n) return 0;
      for (const JbNode *x = b->pFirst; x; x = x->pNext)
        if (!jb_equal(jt_get(t, x->zKey), x)) return 0;
      return 1;
    default: return 1;
  }
}

static void out_jb(Out *o, const JbNode *j, int pretty, int depth) {
  if (out_scalar(o, j->kind, j->kind == JT_INT ? j->u.i : 0, j->kind == JT_REAL ? j->u.d : 0,
                 j->kind == JT_STRING ? j->u.z : NULL, j->n, 17))
    return;
  int obj = j->kind == JT_OBJECT;
  if (!j->pFirst) { out_put(o, obj ? "{}" : "[]", 2); return; }
  out_put(o, obj ? "{" : "[", 1);
  for (const JbNode *x = j->pFirst; x && !o->bad; x = x->pNext) {
    if (x != j->pFirst) out_put(o, ",", 1);
    out_indent(o, pretty, depth + 1);
    if (obj) {
      out_str(o, x->zKey, strlen(x->zKey));
      out_put(o, pretty ? ": " : ":", pretty ? 2 : 1);
    }
    out_jb(o, x, pretty, depth + 1);
  }
  out_indent(o, pretty, depth);
  out_put(o, obj ? "}" : "]", 1);
}

char *jb_to_text(const JbNode *j, int pretty) {
  Out o = {0};
  if (!j) return NULL;
  out_jb(&o, j, pretty, 0);
  out_grow(&o, 1);
  if (o.bad) { free(o.z); return NULL; }
  o.z[o.n] = 0;
  return o.z;
}

/* }==== */

/* {==== the working calendar ================================================= */

/* One day as jansson's json_dumps(JSON_PRESERVE_ORDER) wrote it:
** {"date": "...", "name": "...", "status": "...", "substitute_for": null}. */
int json_write_calendar(const Program *p, int i0, int i1, FILE *out) {
  if (fputs("[", out) == EOF) return -1;
  Out o = {0};
  for (int i = i0; i < i1; i++) {
    char day[32];
    const char *z;
    rr_format_date(p->aHoliday[i], day);
    o.n = 0;
    out_put(&o, i > i0 ? ",\n  {\"date\": " : "\n  {\"date\": ", i > i0 ? 13 : 12);
    out_str(&o, day, strlen(day));
    out_put(&o, ", \"name\": ", 10);
    out_str(&o, p->azHolidayName[i], strlen(p->azHolidayName[i]));
    out_put(&o, ", \"status\": ", 12);
    z = calendar_status_name(p->aHolidayStatus[i]);
    out_str(&o, z, strlen(z));
    out_put(&o, ", \"substitute_for\": ", 20);
    if (p->azHolidayFor[i]) out_str(&o, p->azHolidayFor[i], strlen(p->azHolidayFor[i]));
    else out_put(&o, "null", 4);
    out_put(&o, "}", 1);
    if (o.bad || fwrite(o.z, 1, o.n, out) != o.n) {
      free(o.z);
      return -1;
    }
  }
  free(o.z);
  return fputs(i1 > i0 ? "\n]\n" : "]\n", out) == EOF ? -1 : 0;
}

/* }==== */

/* {==== a decision as leaves (rregull diff) ================================= */

/* A growing text. */
typedef struct Leaves {
  char *z;
  size_t n, cap;
  int oom;
} Leaves;

static void leaves_put(Leaves *l, const char *z, size_t n) {
  if (l->oom) return;
  if (l->n + n + 1 > l->cap) {
    size_t cap = (l->cap ? l->cap * 2 : 4096) + n;
    char *z2 = realloc(l->z, cap);
    if (!z2) { l->oom = 1; return; }
    l->z = z2;
    l->cap = cap;
  }
  memcpy(l->z + l->n, z, n);
  l->n += n;
  l->z[l->n] = 0;
}

/* The key that names each element of list J, when every element is an
** object with a distinct text member of that name ("id", then "rule_id");
** else NULL. */
static const char *list_key(const JtNode *j) {
  static const char *const azKey[] = {"id", "rule_id"};
  if (!j->n) return NULL;
  for (int k = 0; k < 2; k++) {
    int ok = 1;
    for (uint32_t i = 0; i < j->n && ok; i++) {
      const char *z = jt_str(jt_get(&j->u.a[i], azKey[k]));
      if (!z) { ok = 0; break; }
      for (uint32_t i2 = 0; i2 < i; i2++) {
        if (strcmp(z, jt_str(jt_get(&j->u.a[i2], azKey[k]))) == 0) { ok = 0; break; }
      }
    }
    if (ok) return azKey[k];
  }
  return NULL;
}

static int all_scalars(const JtNode *j) {
  for (uint32_t i = 0; i < j->n; i++)
    if (j->u.a[i].kind == JT_OBJECT || j->u.a[i].kind == JT_ARRAY) return 0;
  return 1;
}

/* Writes the leaves of J under PATH (N bytes of L's scratch PATH). */
static void leaves_of(Leaves *l, const JtNode *j, char *path, size_t n, size_t cap) {
  if (l->oom) return;
  if (j->kind == JT_OBJECT) {
    for (uint32_t i = 0; i < j->n; i++) {
      int w = snprintf(path + n, cap - n, "%s%s", n ? "." : "", j->u.a[i].zKey);
      if (w < 0 || (size_t)w >= cap - n) { l->oom = 1; return; }
      leaves_of(l, &j->u.a[i], path, n + (size_t)w, cap);
    }
    path[n] = 0;
    return;
  }
  if (j->kind == JT_ARRAY) {
    const char *zKey = list_key(j);
    int scalars = !zKey && all_scalars(j);
    for (uint32_t i = 0; i < j->n; i++) {
      const JtNode *v = &j->u.a[i];
      int w = zKey ? snprintf(path + n, cap - n, "[%s]", jt_str(jt_get(v, zKey)))
              : scalars ? snprintf(path + n, cap - n, "[]")
                        : snprintf(path + n, cap - n, "[%u]", (unsigned)i);
      if (w < 0 || (size_t)w >= cap - n) { l->oom = 1; return; }
      leaves_of(l, v, path, n + (size_t)w, cap);
    }
    path[n] = 0;
    return;
  }
  Out o = {0};
  out_node(&o, j, 15);
  if (o.bad) { free(o.z); l->oom = 1; return; }
  /* a tab or newline in a value is escaped by JSON; in a key it is not: keep
  ** the line format */
  for (size_t k = 0; k < n; k++)
    if (path[k] == '\t' || path[k] == '\n') path[k] = ' ';
  leaves_put(l, path, n);
  leaves_put(l, "\t", 1);
  leaves_put(l, o.z, o.n);
  leaves_put(l, "\n", 1);
  free(o.z);
}

char *json_leaves(const char *text, size_t n, char *err, size_t errLen) {
  JtError je;
  Arena a;
  arena_init(&a);
  const JtNode *j = jt_parse(&a, text, n, JT_ANY, &je);
  if (!j) {
    if (je.oom) snprintf(err, errLen, "out of memory");
    else snprintf(err, errLen, "line %d: %s", je.line, je.text);
    arena_free(&a);
    return NULL;
  }
  Leaves l = {0};
  char path[4096];
  path[0] = 0;
  leaves_put(&l, "", 0);
  leaves_of(&l, j, path, 0, sizeof path);
  arena_free(&a);
  if (l.oom) {
    free(l.z);
    snprintf(err, errLen, "out of memory (or a path over 4096 bytes)");
    return NULL;
  }
  return l.z;
}

/* }==== */

/* {==== any JSON, as values (the case page reads a decision) ================= */

/* Keys and strings are already in A (the tree was built there). */
static Value from_json(Arena *a, const JtNode *j, int depth) {
  if (depth > 64) return v_null();
  switch (j->kind) {
    case JT_OBJECT: {
      size_t n = j->n;
      const char **keys = arena_alloc(a, (n + 1) * sizeof *keys);
      Value *vals = arena_alloc(a, (n + 1) * sizeof *vals);
      if (!keys || !vals) return v_unknown();
      for (size_t i = 0; i < n; i++) {
        keys[i] = j->u.a[i].zKey;
        vals[i] = from_json(a, &j->u.a[i], depth + 1);
      }
      return obj_new(a, (int)n, keys, vals);
    }
    case JT_ARRAY: {
      size_t n = j->n;
      Value *items = arena_alloc(a, (n + 1) * sizeof *items);
      if (!items) return v_unknown();
      for (size_t i = 0; i < n; i++) items[i] = from_json(a, &j->u.a[i], depth + 1);
      return v_list(items, (int)n);
    }
    case JT_STRING: return v_text(j->u.z, (int)j->n);
    case JT_INT: return v_int(j->u.i);
    case JT_REAL: return v_num(j->u.d, 0);
    case JT_TRUE: return v_bool(1);
    case JT_FALSE: return v_bool(0);
    default: return v_null();
  }
}

int json_parse_any(Arena *a, const char *text, size_t n, Value *out) {
  JtError err;
  const JtNode *j = jt_parse(a, text, n, JT_ANY | JT_NUL_OK, &err);
  if (!j) return err.oom ? -2 : -1;
  *out = from_json(a, j, 0);
  return a->failed ? -2 : 0;
}

/* }==== */
