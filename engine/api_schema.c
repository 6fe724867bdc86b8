/*
** api_schema.c - rr_rules_json_schema: JSON Schema (draft 2020-12) of a
** case, generated from the rule set's fact declarations, and of a decision,
** generated from its report declaration ('report NAME { ... }'), so that
** what a server publishes cannot drift from what the engine reads and
** writes.  Every fact may be null (unknown); so may every value of the
** report computed from facts.
*/
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Out {
  char *z;
  size_t n, cap;
  int oom;
  const Program *p;
} Out;

static void put(Out *o, const char *z) {
  size_t n = strlen(z);
  if (o->oom) return;
  if (o->n + n + 1 > o->cap) {
    size_t cap = o->cap ? o->cap : 1024;
    while (cap < o->n + n + 1) cap *= 2;
    char *nz = realloc(o->z, cap);
    if (!nz) { o->oom = 1; return; }
    o->z = nz;
    o->cap = cap;
  }
  memcpy(o->z + o->n, z, n + 1);
  o->n += n;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void putf(Out *o, const char *zFmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(buf, sizeof buf, zFmt, ap);
  va_end(ap);
  put(o, buf);
}

static void put_str(Out *o, const char *z) {
  put(o, "\"");
  for (; *z; z++) {
    char c[8] = {*z, 0};
    if (*z == '"' || *z == '\\') { c[0] = '\\'; c[1] = *z; c[2] = 0; }
    else if ((unsigned char)*z < 0x20) snprintf(c, sizeof c, "\\u%04x", (unsigned char)*z);
    put(o, c);
  }
  put(o, "\"");
}

/* The schema of a value of type T ("null" allowed when NULLABLE). */
static void type_schema(Out *o, const Type *t, int nullable) {
  const char *nul = nullable ? ",\"null\"]" : "]";
  if (!t) { put(o, "{}"); return; }
  switch (t->k) {
    case T_BOOL: putf(o, "{\"type\":[\"boolean\"%s}", nul); return;
    case T_INT: case T_NUM:
      putf(o, "{\"type\":[\"%s\"%s", t->k == T_INT ? "integer" : "number", nul);
      if (t->k == T_NUM && t->unit) putf(o, ",\"description\":\"in %s\"", unit_name(t->unit));
      if (t->range) putf(o, ",\"minimum\":%.15g,\"maximum\":%.15g", t->range->lo, t->range->hi);
      put(o, "}");
      return;
    case T_TEXT: putf(o, "{\"type\":[\"string\"%s}", nul); return;
    case T_DATE:
      putf(o, "{\"type\":[\"string\"%s,\"format\":\"date\"", nul);
      if (t->range) {
        char a[32], b[32];
        rr_format_date((RrDate)t->range->lo, a);
        rr_format_date((RrDate)t->range->hi, b);
        putf(o, ",\"description\":\"from %s to %s\"", a, b);
      }
      put(o, "}");
      return;
    case T_INSTANT:
      putf(o, "{\"type\":[\"string\"%s,\"format\":\"date-time\",\"description\":\"with its UTC offset\"}", nul);
      return;
    case T_TIME:
      putf(o, "{\"type\":[\"string\"%s,\"pattern\":\"^[0-2][0-9]:[0-5][0-9]$\"}", nul);
      return;
    case T_ENUM: {
      const EnumDef *e = &o->p->aEnum[t->id];
      if (e->iOther >= 0) {
        putf(o, "{\"type\":[\"string\"%s,\"description\":", nul);
        put_str(o, e->zName);
        put(o, ",\"examples\":[");
      } else {
        put(o, "{\"title\":");
        put_str(o, e->zName);
        put(o, ",\"enum\":[");
      }
      for (int i = 0; i < e->nMember; i++) {
        if (i) put(o, ",");
        put_str(o, e->azMember[i]);
      }
      put(o, nullable && e->iOther < 0 ? ",null]}" : "]}");
      return;
    }
    case T_LIST:
      putf(o, "{\"type\":[\"array\"%s,\"items\":", nul);
      type_schema(o, t->elem, 0);
      put(o, "}");
      return;
    case T_REC: {
      const RecordDef *r = &o->p->aRecord[t->id];
      putf(o, "{\"title\":");
      put_str(o, r->zName);
      putf(o, ",\"type\":[\"object\"%s,\"additionalProperties\":false,\"properties\":{", nul);
      for (int i = 0; i < r->nField; i++) {
        if (i) put(o, ",");
        put_str(o, r->aField[i].zName);
        put(o, ":");
        type_schema(o, r->aField[i].type, 1);
      }
      put(o, "}}");
      return;
    }
    case T_RULE: putf(o, "{\"type\":[\"string\"%s,\"description\":\"a rule ID\"}", nul); return;
    case T_RULES:
      putf(o, "{\"type\":[\"array\"%s,\"items\":{\"type\":\"string\",\"description\":\"a rule ID\"}}", nul);
      return;
    case T_NULL: put(o, "{\"type\":\"null\"}"); return;
    default: put(o, "{}"); return;
  }
}

static void facts_schema(Out *o, const FactNode *g) {
  if (g->type) {
    type_schema(o, g->type, 1);
    return;
  }
  put(o, "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{");
  for (int i = 0; i < g->nKid; i++) {
    if (i) put(o, ",");
    put_str(o, g->aKid[i]->zName);
    put(o, ":");
    facts_schema(o, g->aKid[i]);
  }
  put(o, "}}");
}

/* The schema of what the report's expression N writes. */
static void report_schema(Out *o, const Node *n, int depth) {
  if (!n || depth > 64) { put(o, "{}"); return; }
  switch (n->op) {
    case N_OBJ:
      put(o, "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{");
      for (int i = 0; i < n->nArg; i++) {
        if (i) put(o, ",");
        put_str(o, n->keys[i]);
        put(o, ":");
        report_schema(o, n->args[i], depth + 1);
      }
      put(o, "},\"required\":[");
      for (int i = 0; i < n->nArg; i++) {
        if (i) put(o, ",");
        put_str(o, n->keys[i]);
      }
      put(o, "]}");
      return;
    case N_IF:
      put(o, "{\"anyOf\":[");
      report_schema(o, n->b, depth + 1);
      put(o, ",");
      report_schema(o, n->c, depth + 1);
      put(o, "]}");
      return;
    case N_NULL:
      put(o, "{\"type\":\"null\"}");
      return;
    case N_LIST:
      put(o, "{\"type\":\"array\"");
      if (n->nArg) {
        put(o, ",\"items\":");
        report_schema(o, n->args[0], depth + 1);
      }
      put(o, "}");
      return;
    case N_LISTCOMP:
      put(o, "{\"type\":[\"array\",\"null\"],\"items\":");
      report_schema(o, n->a, depth + 1);
      put(o, "}");
      return;
    case N_OBJCOMP:
      put(o, "{\"type\":[\"object\",\"null\"],\"additionalProperties\":");
      report_schema(o, n->c, depth + 1);
      put(o, "}");
      return;
    default:
      type_schema(o, n->type, 1);
      return;
  }
}

int rr_rules_json_schema(const rr_rules *r, int which, char **json) {
  if (!json) return RR_EMISUSE;
  *json = NULL;
  if (!r || !r->ok || (which != RR_SCHEMA_CASE && which != RR_SCHEMA_DECISION)) return RR_EMISUSE;
  const Program *p = &r->b.national.prog;
  Out o = {NULL, 0, 0, 0, p};
  put(&o, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",");
  if (which == RR_SCHEMA_CASE) {
    put(&o, "\"title\":\"a case: its facts at an instant\",\"type\":\"object\","
            "\"required\":[\"id\",\"as_of\",\"facts\"],\"properties\":{"
            "\"id\":{\"type\":\"string\",\"minLength\":1},"
            "\"as_of\":{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"with its UTC offset\"},"
            "\"facts\":");
    facts_schema(&o, p->root);
    put(&o, "}}");
  } else {
    put(&o, "\"title\":");
    put_str(&o, p->zReport ? p->zReport : "decision");
    put(&o, ",");
    if (!p->report) {
      put(&o, "\"type\":\"null\"}");
    } else {
      Out rep = {NULL, 0, 0, 0, p};
      report_schema(&rep, p->report, 0);
      if (rep.oom || !rep.z || rep.z[0] != '{') o.oom = 1;
      else put(&o, rep.z + 1);        /* the report's schema, in the same object as $schema */
      free(rep.z);
    }
  }
  if (o.oom) {
    free(o.z);
    return RR_ENOMEM;
  }
  *json = o.z;
  return RR_OK;
}
