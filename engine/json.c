/*
** json.c - reads case facts from JSON into fact slots, and writes values
** (decisions) back as JSON.  The only file that includes jansson.h.
**
** Reading is strict: every key inside "facts" must be a declared fact, every
** value must have the declared type, and the first problem is reported with
** its JSON path.  null and absent facts are unknown.
*/
#include "json.h"

#include "suggest.h"

#include <jansson.h>
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

/* {==== reading ======================================================= */

typedef struct Reader {
  const Program *p;
  Arena *a;
  char **azLeaf;           /* when set: each fact's JSON as given, per slot (malloc'd) */
  char path[512];          /* JSON path of the value being read */
  char *err;
  size_t errLen;
  int failed;
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

static const char *json_kind(const json_t *j) {
  switch (json_typeof(j)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
  }
}

static size_t path_push_key(Reader *r, const char *key) {
  size_t len = strlen(r->path);
  snprintf(r->path + len, sizeof r->path - len, "%s%s", len ? "." : "", key);
  return len;
}

static size_t path_push_index(Reader *r, size_t i) {
  size_t len = strlen(r->path);
  snprintf(r->path + len, sizeof r->path - len, "[%zu]", i);
  return len;
}

static const char *copy_str(Reader *r, const json_t *j, int *n) {
  size_t len = json_string_length(j);
  *n = (int)len;
  const char *z = arena_strndup(r->a, json_string_value(j), len);
  if (!z) fail(r, "out of memory");
  return z;
}

static Value read_value(Reader *r, json_t *j, const Type *t);

static Value read_record(Reader *r, json_t *j, const Type *t) {
  const RecordDef *rec = &r->p->aRecord[t->id];
  Value v = {0};
  if (!json_is_object(j)) {
    fail(r, "expected an object (%s), got %s", rec->zName, json_kind(j));
    return v;
  }
  Value *f = arena_alloc(r->a, (size_t)(rec->nField ? rec->nField : 1) * sizeof *f);
  if (!f) { fail(r, "out of memory"); return v; }
  const char *key;
  json_t *x;
  json_object_foreach(j, key, x) {
    int k = -1;
    for (int i = 0; i < rec->nField; i++) if (strcmp(rec->aField[i].zName, key) == 0) k = i;
    size_t mark = path_push_key(r, key);
    if (k < 0) {
      fail(r, "%s has no field '%s'", rec->zName, key);
    } else {
      f[k] = read_value(r, x, rec->aField[k].type);
    }
    r->path[mark] = 0;
    if (r->failed) return v;
  }
  v.tag = V_REC;
  v.aux = (uint16_t)t->id;
  v.u.items = f;
  return v;
}

static Value read_value(Reader *r, json_t *j, const Type *t) {
  int n;
  const char *z;
  if (json_is_null(j)) return v_unknown();
  switch (t->k) {
    case T_BOOL:
      if (!json_is_boolean(j)) break;
      return v_bool(json_is_true(j));
    case T_INT:
      if (json_is_integer(j)) return v_int(json_integer_value(j));
      if (json_is_real(j) && json_real_value(j) == (double)(long long)json_real_value(j))
        return v_int((long long)json_real_value(j));
      break;
    case T_NUM:
      if (!json_is_number(j)) break;
      return v_num(json_number_value(j), t->unit);
    case T_TEXT:
      if (!json_is_string(j)) break;
      z = copy_str(r, j, &n);
      return v_text(z, n);
    case T_DATE: {
      RrDate d;
      if (!json_is_string(j)) break;
      if (rr_parse_date(json_string_value(j), json_string_length(j), &d)) {
        fail(r, "'%s' is not a date (YYYY-MM-DD)", json_string_value(j));
        return v_unknown();
      }
      return v_date(d);
    }
    case T_INSTANT: {
      RrInstant i;
      if (!json_is_string(j)) break;
      if (rr_parse_instant(json_string_value(j), json_string_length(j), &i)) {
        fail(r, "'%s' is not a date-time with an offset (YYYY-MM-DDTHH:MM:SS+01:00)", json_string_value(j));
        return v_unknown();
      }
      return v_instant(i);
    }
    case T_TIME: {
      int m;
      if (!json_is_string(j)) break;
      if (rr_parse_time_of_day(json_string_value(j), json_string_length(j), &m)) {
        fail(r, "'%s' is not a time of day (HH:MM)", json_string_value(j));
        return v_unknown();
      }
      return v_time(m);
    }
    case T_ENUM: {
      const EnumDef *e = &r->p->aEnum[t->id];
      if (!json_is_string(j)) break;
      const char *s = json_string_value(j);
      for (int i = 0; i < e->nMember; i++) if (strcmp(e->azMember[i], s) == 0) return v_enum(t->id, i);
      if (e->iOther >= 0) return v_enum(t->id, e->iOther);
      char list[300];
      size_t len = 0;
      list[0] = 0;
      for (int i = 0; i < e->nMember && len < sizeof list - 40; i++) {
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", e->azMember[i]);
      }
      fail(r, "'%s' is not one of %s", s, list);
      return v_unknown();
    }
    case T_LIST: {
      if (!json_is_array(j)) break;
      size_t cnt = json_array_size(j);
      Value *items = arena_alloc(r->a, (cnt ? cnt : 1) * sizeof *items);
      if (!items) { fail(r, "out of memory"); return v_unknown(); }
      for (size_t i = 0; i < cnt && !r->failed; i++) {
        size_t mark = path_push_index(r, i);
        items[i] = read_value(r, json_array_get(j, i), t->elem);
        r->path[mark] = 0;
      }
      Value v = {0};
      v.tag = V_LIST;
      v.n = (int32_t)cnt;
      v.u.items = items;
      return v;
    }
    case T_REC:
      return read_record(r, j, t);
    default:
      break;
  }
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
  fail(r, "expected %s, got %s", want, json_kind(j));
  return v_unknown();
}

static const char *kid_name(int i, const void *ud) { return ((const FactNode *)ud)->aKid[i]->zName; }

static void read_group(Reader *r, json_t *j, const FactNode *g, Value *facts) {
  const char *key;
  json_t *x;
  if (!json_is_object(j)) {
    fail(r, "expected an object (a group of facts), got %s", json_kind(j));
    return;
  }
  json_object_foreach(j, key, x) {
    const FactNode *k = NULL;
    for (int i = 0; i < g->nKid; i++) if (strcmp(g->aKid[i]->zName, key) == 0) k = g->aKid[i];
    size_t mark = path_push_key(r, key);
    if (!k) {
      const char *near = suggest_nearest(key, g->nKid, kid_name, g);
      if (near) fail(r, "unknown fact (did you mean '%s'?)", near);
      else fail(r, "unknown fact (not declared in the rules)");
    } else if (k->type) {
      facts[k->slot] = read_value(r, x, k->type);
      if (r->azLeaf && !r->failed && !json_is_null(x)) {
        free(r->azLeaf[k->slot]);
        r->azLeaf[k->slot] = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
        if (!r->azLeaf[k->slot]) fail(r, "out of memory");
      }
    } else if (!json_is_null(x)) {
      read_group(r, x, k, facts);
    }
    r->path[mark] = 0;
    if (r->failed) return;
  }
}

static int read_case(const Program *p, const char *text, size_t n, CaseInput *out, char **azLeaf,
                     int hideFuture, char *err, size_t errLen) {
  json_error_t je;
  Reader r;
  memset(&r, 0, sizeof r);
  r.p = p;
  r.azLeaf = azLeaf;
  r.a = &out->arena;
  r.err = err;
  r.errLen = errLen;
  arena_reset(&out->arena);
  out->zId = NULL;
  out->facts = arena_alloc(&out->arena, (size_t)(p->nSlot ? p->nSlot : 1) * sizeof *out->facts);
  if (!out->facts) {
    snprintf(err, errLen, "out of memory");
    return -1;
  }
  json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
  if (!root) {
    snprintf(err, errLen, "invalid JSON at line %d, column %d: %s", je.line, je.column, je.text);
    return -1;
  }
  if (!json_is_object(root)) {
    snprintf(err, errLen, "expected a JSON object with \"as_of\" and \"facts\", got %s", json_kind(root));
    json_decref(root);
    return -1;
  }
  json_t *id = json_object_get(root, "id");
  if (id && json_is_string(id)) {
    int len;
    out->zId = copy_str(&r, id, &len);
  } else if (id && !json_is_null(id)) {
    snprintf(err, errLen, "id: expected a string, got %s", json_kind(id));
    json_decref(root);
    return -1;
  }
  json_t *asOf = json_object_get(root, "as_of");
  if (!asOf || json_is_null(asOf)) {
    snprintf(err, errLen, "missing \"as_of\" (the instant of evaluation, e.g. \"2025-03-05T10:00:00+01:00\")");
    json_decref(root);
    return -1;
  }
  if (!json_is_string(asOf) ||
      rr_parse_instant(json_string_value(asOf), json_string_length(asOf), &out->asOf)) {
    snprintf(err, errLen, "as_of: expected a date-time with an offset (e.g. \"2025-03-05T10:00:00+01:00\"), got %s%s%s",
             json_is_string(asOf) ? "'" : json_kind(asOf), json_is_string(asOf) ? json_string_value(asOf) : "",
             json_is_string(asOf) ? "'" : "");
    json_decref(root);
    return -1;
  }
  json_t *facts = json_object_get(root, "facts");
  if (!facts) {
    snprintf(err, errLen, "missing \"facts\"");
    json_decref(root);
    return -1;
  }
  snprintf(r.path, sizeof r.path, "facts");
  read_group(&r, facts, p->root, out->facts);
  json_decref(root);
  if (r.failed) return -1;
  if (hideFuture) eval_hide_future(p, out->facts, out->asOf);   /* CONV-FUTURE-EVENTS */
  return 0;
}

int json_read_case(const Program *p, const char *text, size_t n, CaseInput *out,
                   char *err, size_t errLen) {
  return read_case(p, text, n, out, NULL, 1, err, errLen);
}

int json_read_case_leaves(const Program *p, const char *text, size_t n, CaseInput *out,
                          char **azLeaf, char *err, size_t errLen) {
  for (int i = 0; i < p->nSlot; i++) { free(azLeaf[i]); azLeaf[i] = NULL; }
  int rc = read_case(p, text, n, out, azLeaf, 0, err, errLen);
  if (rc) for (int i = 0; i < p->nSlot; i++) { free(azLeaf[i]); azLeaf[i] = NULL; }
  return rc;
}

int json_read_fact(const Program *p, int slot, const char *text, size_t n, CaseInput *out,
                   char *err, size_t errLen) {
  json_error_t je;
  Reader r;
  memset(&r, 0, sizeof r);
  r.p = p;
  r.a = &out->arena;
  r.err = err;
  r.errLen = errLen;
  snprintf(r.path, sizeof r.path, "facts.%s", p->aSlot[slot]->zPath);
  json_t *j = json_loadb(text, n, JSON_DECODE_ANY, &je);
  if (!j) {
    snprintf(err, errLen, "%s: stored value is not JSON (%s)", r.path, je.text);
    return -1;
  }
  out->facts[slot] = read_value(&r, j, p->aSlot[slot]->type);
  json_decref(j);
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

static json_t *to_json(Eval *e, Value v) {
  const Program *p = e->p;
  char buf[64];
  switch (v.tag) {
    case V_UNKNOWN: case V_NULL: return json_null();
    case V_BOOL: return json_boolean(v.u.i);
    case V_INT: return json_integer(v.u.i);
    case V_NUM: return json_real(v.u.d);
    case V_TEXT: return json_stringn(v.u.s, (size_t)v.n);
    case V_DATE: rr_format_date((RrDate)v.u.i, buf); return json_string(buf);
    case V_INSTANT: rr_format_instant(p->zone, v.u.i, buf); return json_string(buf);
    case V_ENUM: return json_string(p->aEnum[v.aux].azMember[v.u.i]);
    case V_RULE: return json_string(p->aRule[v.u.i].zId);
    case V_DUR:
      switch (v.aux) {
        case DU_MINUTES: case DU_HOURS: case DU_DAYS: case DU_WEEKS:
          rr_format_duration(v.u.i * (v.aux == DU_MINUTES ? 60 : v.aux == DU_HOURS ? 3600 :
                                      v.aux == DU_DAYS ? 86400 : 7 * 86400), buf);
          return json_string(buf);
        case DU_MONTHS: snprintf(buf, sizeof buf, "P%lldM", (long long)v.u.i); return json_string(buf);
        case DU_YEARS: snprintf(buf, sizeof buf, "P%lldY", (long long)v.u.i); return json_string(buf);
        default: snprintf(buf, sizeof buf, "%lld working days", (long long)v.u.i); return json_string(buf);
      }
    case V_TIME: case V_RANGE: return json_string(value_text(e, v));
    case V_LIST: case V_RULES: {
      json_t *a = json_array();
      ListIter it;
      Value x;
      list_iter(e, v, &it);
      while (a && list_next(&it, &x)) {
        json_t *j = to_json(e, x);
        if (!j || json_array_append_new(a, j)) { json_decref(a); return NULL; }
      }
      return a;
    }
    case V_REC: {
      const RecordDef *r = &p->aRecord[v.aux];
      json_t *o = json_object();
      for (int i = 0; o && i < r->nField; i++) {
        json_t *j = to_json(e, v.u.items[i]);
        if (!j || json_object_set_new(o, r->aField[i].zName, j)) { json_decref(o); return NULL; }
      }
      return o;
    }
    case V_OBJ: {
      json_t *o = json_object();
      for (int i = 0; o && i < v.u.obj->n; i++) {
        json_t *j = to_json(e, v.u.obj->vals[i]);
        if (!j || json_object_set_new(o, v.u.obj->keys[i], j)) { json_decref(o); return NULL; }
      }
      return o;
    }
  }
  return json_null();
}

static size_t flags_for(int pretty) {
  return (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY;
}

char *json_to_string(Eval *e, Value v, int pretty) {
  json_t *j = to_json(e, v);
  if (!j) return NULL;
  char *s = json_dumps(j, flags_for(pretty));
  json_decref(j);
  return s;
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
