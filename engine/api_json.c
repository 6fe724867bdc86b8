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

char *rr_json_quote(const char *z) {
  if (!z) {
    char *null = malloc(5);
    if (null) memcpy(null, "null", 5);
    return null;
  }
  Arena a;
  arena_init(&a);
  JbNode *s = jb_string(&a, z);
  char *out = s ? jb_to_text(s, 0) : NULL;
  arena_free(&a);
  return out;
}
