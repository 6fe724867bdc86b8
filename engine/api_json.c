/*
** api_json.c - the public API's small JSON reader and quoter (rr_json_*):
** a request's body checked and its top-level members read, and a string
** written as JSON, for programs on rregull.h (the server) that must not
** parse or escape JSON by hand.  Through json.c's parser and writer: the
** JSON library stays confined to json.c.
*/
#include <stdlib.h>
#include <string.h>

#include "rregull.h"
#include "arena.h"
#include "json.h"

struct rr_json {
  Arena a;
  const JtNode *root;
};

int rr_json_parse(const char *text, size_t n, rr_json **out, char *err, size_t errLen) {
  if (err && errLen) err[0] = 0;
  if (!out) return RR_EMISUSE;
  *out = NULL;
  if (!text) return RR_EMISUSE;
  rr_json *j = calloc(1, sizeof *j);
  if (!j) return RR_ENOMEM;
  arena_init(&j->a);
  JtError je;
  memset(&je, 0, sizeof je);
  j->root = jt_parse(&j->a, text, n, JT_ANY, &je);
  if (!j->root) {
    int rc = je.oom ? RR_ENOMEM : RR_EFACTS;
    if (err && errLen) {
      if (je.oom) snprintf(err, errLen, "out of memory");
      else snprintf(err, errLen, "invalid JSON at line %d, column %d: %s", je.line, je.column, je.text);
    }
    rr_json_free(j);
    return rc;
  }
  *out = j;
  return RR_OK;
}

void rr_json_free(rr_json *j) {
  if (!j) return;
  arena_free(&j->a);
  free(j);
}

static int kind_of(const JtNode *v) {
  if (!v) return RR_JSON_ABSENT;
  switch (v->kind) {
    case JT_NULL: return RR_JSON_NULL;
    case JT_FALSE: return RR_JSON_FALSE;
    case JT_TRUE: return RR_JSON_TRUE;
    case JT_INT: case JT_REAL: return RR_JSON_NUMBER;
    case JT_STRING: return RR_JSON_STRING;
    case JT_ARRAY: return RR_JSON_LIST;
    default: return RR_JSON_OBJECT;
  }
}

/* The member ZKEY of the top-level object (NULL: the value itself). */
static const JtNode *member(const rr_json *j, const char *zKey) {
  if (!j) return NULL;
  if (!zKey) return j->root;
  return j->root->kind == JT_OBJECT ? jt_get(j->root, zKey) : NULL;
}

int rr_json_kind(const rr_json *j, const char *zKey) { return kind_of(member(j, zKey)); }

const char *rr_json_string(const rr_json *j, const char *zKey) {
  const JtNode *v = member(j, zKey);
  /* a string holding \u0000 is not a C string: none */
  return v && v->kind == JT_STRING && strlen(v->u.z) == v->n ? v->u.z : NULL;
}

/* The length of the well-formed UTF-8 character at Z (1-4), or 0 (an
** overlong form, a surrogate, beyond U+10FFFF, a stray or missing byte). */
static int utf8_char(const unsigned char *z) {
  unsigned c = z[0];
  if (c < 0x80) return 1;
  int k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (!k || c > 0xF4) return 0;
  for (int i = 1; i < k; i++)
    if ((z[i] & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && z[1] < 0xA0) return 0;           /* overlong */
  if (c == 0xED && z[1] >= 0xA0) return 0;          /* a surrogate */
  if (c == 0xF0 && z[1] < 0x90) return 0;           /* overlong */
  if (c == 0xF4 && z[1] >= 0x90) return 0;          /* beyond U+10FFFF */
  return k;
}

int rr_json_utf8(const char *z) {
  const unsigned char *p = (const unsigned char *)z;
  if (!p) return 0;
  while (*p) {
    int k = utf8_char(p);
    if (!k) return 0;
    p += k;
  }
  return 1;
}

char *rr_json_quote(const char *z) {
  if (!z) {
    char *null = malloc(5);
    if (null) memcpy(null, "null", 5);
    return null;
  }
  Arena a;
  arena_init(&a);
  const char *text = z;
  if (!rr_json_utf8(z)) {
    /* a text from outside (a URL, a query) that is not UTF-8: each byte
    ** that starts no character becomes U+FFFD, so the answer stays JSON */
    size_t n = strlen(z);
    char *w = arena_alloc(&a, 3 * n + 1), *o = w;
    for (const unsigned char *p = (const unsigned char *)z; w && *p;) {
      int k = utf8_char(p);
      if (k) { memcpy(o, p, (size_t)k); o += k; p += k; }
      else { memcpy(o, "\xEF\xBF\xBD", 3); o += 3; p++; }
    }
    if (w) *o = 0;
    text = w;
  }
  JbNode *s = text ? jb_string(&a, text) : NULL;
  char *out = s ? jb_to_text(s, 0) : NULL;
  arena_free(&a);
  return out;
}
