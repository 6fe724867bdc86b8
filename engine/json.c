/*
** json.c - reads case facts from JSON into fact slots, and writes values
** (decisions) back as JSON.  The only file that includes jansson.h.
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

#include <jansson.h>
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
  if (!json_is_object(j)) {
    fail(r, "expected an object (%s), got %s", rec->zName, json_kind(j));
    return v_unknown();
  }
  Value *f = arena_alloc(r->a, (size_t)(rec->nField ? rec->nField : 1) * sizeof *f);
  if (!f) { fail(r, "out of memory"); return v_unknown(); }
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
static int json_raw(json_t *j, RawFact *f) {
  memset(f, 0, sizeof *f);
  switch (json_typeof(j)) {
    case JSON_TRUE: f->type = RF_BOOL; f->i = 1; return 1;
    case JSON_FALSE: f->type = RF_BOOL; f->i = 0; return 1;
    case JSON_INTEGER: f->type = RF_INT; f->i = json_integer_value(j); return 1;
    case JSON_REAL: f->type = RF_REAL; f->d = json_real_value(j); return 1;
    case JSON_STRING:
      f->type = RF_TEXT;
      f->z = json_string_value(j);
      f->n = (int)json_string_length(j);
      return 1;
    case JSON_NULL: return 1;
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

static Value read_value(Reader *r, json_t *j, const Type *t) {
  if (json_is_null(j)) return v_unknown();
  switch (t->k) {
    case T_LIST: {
      if (!json_is_array(j)) break;
      size_t cnt = json_array_size(j);
      if (cnt > INT32_MAX) {
        fail(r, "a list of more than %d items", INT32_MAX);
        return v_unknown();
      }
      Value *items = arena_alloc(r->a, (cnt ? cnt : 1) * sizeof *items);
      if (!items) { fail(r, "out of memory"); return v_unknown(); }
      uint64_t seen = 0;                     /* the enum members met, for exclusive ones */
      for (size_t i = 0; i < cnt && !r->failed; i++) {
        size_t mark = path_push_index(r, i);
        json_t *x = json_array_get(j, i);
        if (json_is_null(x)) {
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
static void keep_leaf(Reader *r, json_t *x, RawFact *f) {
  if (json_is_array(x) || json_is_object(x)) {
    char *z = json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER);
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
      if (r->aLeaf && !r->failed) keep_leaf(r, x, &r->aLeaf[k->slot]);
    } else if (!json_is_null(x)) {
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
  json_error_t je;
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
  if (!id || json_is_null(id)) {
    snprintf(err, errLen, "missing \"id\": the case's identifier in the case system (a string)");
    json_decref(root);
    return -1;
  }
  if (!json_is_string(id)) {
    snprintf(err, errLen, "id: expected a string, got %s", json_kind(id));
    json_decref(root);
    return -1;
  }
  if (case_id_error(json_string_value(id), json_string_length(id), err, errLen)) {
    json_decref(root);
    return -1;
  }
  int idLen;
  out->zId = copy_str(&r, id, &idLen);
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
  r.today = rr_local_date(p->zone, out->asOf);
  r.hasToday = 1;
  json_t *facts = json_object_get(root, "facts");
  if (!facts) {
    snprintf(err, errLen, "missing \"facts\"");
    json_decref(root);
    return -1;
  }
  snprintf(r.path, sizeof r.path, "facts");
  read_group(&r, facts, p->root, out->facts);
  json_decref(root);
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
    json_error_t je;
    json_t *j = f->type == RF_TEXT ? json_loadb(f->z, (size_t)f->n, 0, &je) : NULL;
    if (j) out->facts[slot] = read_value(&r, j, t);
    else if (f->type == RF_TEXT) fail(&r, "stored value is not JSON (%s)", je.text);
    else type_mismatch(&r, t, raw_kind(f));
    json_decref(j);
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

static json_t *to_json(Eval *e, Value v) {
  const Program *p = e->p;
  char buf[64];
  switch (v.tag) {
    case V_UNKNOWN: case V_NULL: return json_null();
    case V_BOOL: return json_boolean(v.u.i);
    case V_INT: return json_integer(v.u.i);
    case V_NUM: return isfinite(v.u.d) ? json_real(v.u.d) : json_null();
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

/* A decision is written straight from its Value, without a jansson tree,
** in exactly the text json_dumps gives for the tree to_json builds with
** JSON_INDENT(2) (PRETTY) or JSON_COMPACT, JSON_REAL_PRECISION(15) and
** JSON_ENCODE_ANY: the same escapes, the same numbers, the same layout
** (tests/decisions holds it byte for byte).  to_json stays for the
** calendar and the diff's leaves. */
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

static void out_str(Out *o, const char *s, size_t n) {
  out_grow(o, n + 2);
  if (o->bad) return;
  o->z[o->n++] = '"';
  size_t i = 0, run = 0;
  while (i < n) {
    /* the common run: printable ASCII that needs no escape */
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

/* A real as jansson's jsonp_dtostr writes it with precision 15. */
static void out_real(Out *o, double d) {
  char buf[64];
  int k = snprintf(buf, sizeof buf, "%.15g", d);
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
    case V_NUM: if (isfinite(v.u.d)) out_real(o, v.u.d); else out_put(o, "null", 4); return;
    case V_TEXT: out_str(o, v.u.s, (size_t)v.n); return;
    case V_DATE: rr_format_date((RrDate)v.u.i, buf); out_str(o, buf, strlen(buf)); return;
    case V_INSTANT: rr_format_instant(p->zone, v.u.i, buf); out_str(o, buf, strlen(buf)); return;
    case V_ENUM: { const char *z = p->aEnum[v.aux].azMember[v.u.i]; out_str(o, z, strlen(z)); return; }
    case V_RULE: { const char *z = p->aRule[v.u.i].zId; out_str(o, z, strlen(z)); return; }
    case V_DUR: case V_TIME: case V_RANGE: {
      /* rare: the tree's code says how they read */
      json_t *j = to_json(e, v);
      if (!j || !json_is_string(j)) { json_decref(j); o->bad = 1; return; }
      out_str(o, json_string_value(j), json_string_length(j));
      json_decref(j);
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

/* {==== the working calendar ================================================= */

int json_write_calendar(const Program *p, int i0, int i1, FILE *out) {
  if (fputs("[", out) == EOF) return -1;
  for (int i = i0; i < i1; i++) {
    char day[32];
    rr_format_date(p->aHoliday[i], day);
    json_t *o = json_object();
    if (!o) return -1;
    int bad = json_object_set_new(o, "date", json_string(day)) ||
              json_object_set_new(o, "name", json_string(p->azHolidayName[i])) ||
              json_object_set_new(o, "status", json_string(calendar_status_name(p->aHolidayStatus[i]))) ||
              json_object_set_new(o, "substitute_for",
                                  p->azHolidayFor[i] ? json_string(p->azHolidayFor[i]) : json_null());
    char *s = bad ? NULL : json_dumps(o, JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) return -1;
    bad = fprintf(out, "%s\n  %s", i > i0 ? "," : "", s) < 0;
    free(s);
    if (bad) return -1;
  }
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
static const char *list_key(json_t *j) {
  static const char *const azKey[] = {"id", "rule_id"};
  if (!json_array_size(j)) return NULL;
  for (int k = 0; k < 2; k++) {
    size_t i, i2;
    json_t *x, *y;
    int ok = 1;
    json_array_foreach(j, i, x) {
      if (!json_is_string(json_object_get(x, azKey[k]))) { ok = 0; break; }
      const char *z = json_string_value(json_object_get(x, azKey[k]));
      json_array_foreach(j, i2, y) {
        if (i2 >= i) break;
        if (strcmp(z, json_string_value(json_object_get(y, azKey[k]))) == 0) { ok = 0; break; }
      }
      if (!ok) break;
    }
    if (ok) return azKey[k];
  }
  return NULL;
}

static int all_scalars(json_t *j) {
  size_t i;
  json_t *x;
  json_array_foreach(j, i, x) if (json_is_object(x) || json_is_array(x)) return 0;
  return 1;
}

/* Writes the leaves of J under PATH (N bytes of L's scratch PATH). */
static void leaves_of(Leaves *l, json_t *j, char *path, size_t n, size_t cap) {
  if (l->oom) return;
  if (json_is_object(j)) {
    const char *zKey;
    json_t *v;
    json_object_foreach(j, zKey, v) {
      int w = snprintf(path + n, cap - n, "%s%s", n ? "." : "", zKey);
      if (w < 0 || (size_t)w >= cap - n) { l->oom = 1; return; }
      leaves_of(l, v, path, n + (size_t)w, cap);
    }
    path[n] = 0;
    return;
  }
  if (json_is_array(j)) {
    const char *zKey = list_key(j);
    int scalars = !zKey && all_scalars(j);
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v) {
      int w = zKey ? snprintf(path + n, cap - n, "[%s]", json_string_value(json_object_get(v, zKey)))
              : scalars ? snprintf(path + n, cap - n, "[]")
                        : snprintf(path + n, cap - n, "[%zu]", i);
      if (w < 0 || (size_t)w >= cap - n) { l->oom = 1; return; }
      leaves_of(l, v, path, n + (size_t)w, cap);
    }
    path[n] = 0;
    return;
  }
  char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
  if (!s) { l->oom = 1; return; }
  /* a tab or newline in a value is escaped by JSON; in a key it is not: keep
  ** the line format */
  for (size_t k = 0; k < n; k++)
    if (path[k] == '\t' || path[k] == '\n') path[k] = ' ';
  leaves_put(l, path, n);
  leaves_put(l, "\t", 1);
  leaves_put(l, s, strlen(s));
  leaves_put(l, "\n", 1);
  free(s);
}

char *json_leaves(const char *text, size_t n, char *err, size_t errLen) {
  json_error_t je;
  json_t *j = json_loadb(text, n, JSON_DECODE_ANY, &je);
  if (!j) {
    snprintf(err, errLen, "line %d: %s", je.line, je.text);
    return NULL;
  }
  Leaves l = {0};
  char path[4096];
  path[0] = 0;
  leaves_put(&l, "", 0);
  leaves_of(&l, j, path, 0, sizeof path);
  json_decref(j);
  if (l.oom) {
    free(l.z);
    snprintf(err, errLen, "out of memory (or a path over 4096 bytes)");
    return NULL;
  }
  return l.z;
}

/* }==== */

/* {==== any JSON, as values (the case page reads a decision) ================= */

static Value from_json(Arena *a, json_t *j, int depth) {
  if (depth > 64) return v_null();
  switch (json_typeof(j)) {
    case JSON_OBJECT: {
      size_t n = json_object_size(j), i = 0;
      const char **keys = arena_alloc(a, (n + 1) * sizeof *keys);
      Value *vals = arena_alloc(a, (n + 1) * sizeof *vals);
      if (!keys || !vals) return v_unknown();
      const char *k;
      json_t *x;
      json_object_foreach(j, k, x) {
        keys[i] = arena_strndup(a, k, strlen(k));
        vals[i++] = from_json(a, x, depth + 1);
      }
      return obj_new(a, (int)i, keys, vals);
    }
    case JSON_ARRAY: {
      size_t n = json_array_size(j);
      Value *items = arena_alloc(a, (n + 1) * sizeof *items);
      if (!items) return v_unknown();
      for (size_t i = 0; i < n; i++) items[i] = from_json(a, json_array_get(j, i), depth + 1);
      return v_list(items, (int)n);
    }
    case JSON_STRING: {
      char *z = arena_strndup(a, json_string_value(j), json_string_length(j));
      return z ? v_text(z, (int)json_string_length(j)) : v_unknown();
    }
    case JSON_INTEGER: return v_int(json_integer_value(j));
    case JSON_REAL: return v_num(json_real_value(j), 0);
    case JSON_TRUE: return v_bool(1);
    case JSON_FALSE: return v_bool(0);
    default: return v_null();
  }
}

int json_parse_any(Arena *a, const char *text, size_t n, Value *out) {
  json_error_t err;
  json_t *j = json_loadb(text, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  if (!j) return -1;
  *out = from_json(a, j, 0);
  json_decref(j);
  return a->failed ? -2 : 0;
}

/* }==== */
