/*
** primero.c - the Primero (CPIMS+) adapter: a declarative mapping file
** (rules/integrations/primero.json) read and checked against a rule set's
** fact declarations; a Primero case record mapped to a case in the
** contract's shape; a decision mapped back to the body of a PATCH through
** Primero's API v2.  The mapping decides every name and value: no Primero
** field, rule ID or value is written here.
**
** This file is the adapter's only user of jansson (json.c is the engine's:
** case facts in, decisions out); it includes nothing of jansson elsewhere.
*/
#include "api.h"
#include "diag.h"

#include <jansson.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How one Primero value becomes the value of a fact (or of a field of a
** record fact, or of an element of a list fact). */
typedef struct Spec Spec;
struct Spec {
  const char *zField;     /* the Primero field (or subform field) */
  const char *zFact;      /* the fact path ("child.sex"), or the record field in a subform */
  const Type *type;       /* the declared type of the target */
  json_t *values;         /* Primero value -> fact value, or NULL */
  int endOfDay;           /* a date alone, into a date-time: 23:59:59 local (else 00:00:00) */
  const char *zEach;      /* list of scalars from a subform: the field of each entry */
  Spec *aSub;             /* list of records from a subform: one per record field */
  int nSub;
};

/* A due date written back: the governing deadline's due date. */
typedef struct DueBack {
  const char *zField, *zDeadline, *zInstantField;
} DueBack;

struct rr_map {
  const rr_rules *r;
  const Program *p;
  Diag diag;
  int ok;
  json_t *doc;            /* the mapping file: every string below is borrowed from it */
  const char *zIdField, *zAsOfField, *zDataKey;
  json_t *ignore;         /* array of field names */
  Spec *aField;
  int nField;
  /* back */
  const char *zRiskField, *zRiskSuggest, *zRiskDisagree;
  json_t *riskValues;
  DueBack *aDue;
  int nDue;
  const char *zFollowSubform, *zFollowType, *zFollowTypeField, *zFollowNeededBy, *zFollowComments;
  json_t *followPrefixes;
  const char *zActionsField;
};

/* {==== loading the mapping =========================================== */

typedef struct Loader {
  rr_map *m;
  int iFile;
  const char *zText;
  size_t nText;
  size_t cur;             /* where the next key is looked for (the walk is in file order) */
} Loader;

static uint32_t token_len(const Loader *L, size_t off) {
  const char *z = L->zText;
  size_t i = off;
  if (i >= L->nText) return 1;
  if (z[i] == '"') {
    for (i++; i < L->nText && z[i] != '"' && z[i] != '\n'; i++)
      if (z[i] == '\\') i++;
    return (uint32_t)(i - off + (i < L->nText && z[i] == '"'));
  }
  if (z[i] == '{' || z[i] == '[') return 1;
  while (i < L->nText && !strchr(",}] \t\r\n", z[i])) i++;
  return i > off ? (uint32_t)(i - off) : 1;
}

/* The offset of key ZKEY (its opening quote) after the cursor, which moves
** past its colon; the cursor when it is not found. */
static size_t at_key(Loader *L, const char *zKey) {
  size_t n = strlen(zKey);
  for (size_t i = L->cur; i + n + 2 <= L->nText; i++) {
    if (L->zText[i] != '"' || (i > 0 && L->zText[i - 1] == '\\')) continue;
    if (strncmp(L->zText + i + 1, zKey, n) != 0 || L->zText[i + 1 + n] != '"') continue;
    size_t j = i + n + 2;
    while (j < L->nText && strchr(" \t\r\n", L->zText[j])) j++;
    if (j < L->nText && L->zText[j] == ':') {
      L->cur = j + 1;
      return i;
    }
  }
  return L->cur;
}

/* The offset of the value after the cursor (the key's value). */
static size_t at_value(const Loader *L) {
  size_t j = L->cur;
  while (j < L->nText && strchr(" \t\r\n", L->zText[j])) j++;
  return j;
}

static void load_error(Loader *L, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
static void load_error(Loader *L, size_t off, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_error(&L->m->diag, L->iFile, (uint32_t)off, token_len(L, off), "%s", buf);
}

static int is_note(const char *zKey) { return strcmp(zKey, "//") == 0; }

/* Every key of object O must be one of AZ (NULL-terminated) or a note. */
static void check_keys(Loader *L, json_t *o, const char *zWhat, const char *const *az) {
  const char *k;
  json_t *v;
  size_t save = L->cur;
  json_object_foreach(o, k, v) {
    if (is_note(k)) continue;
    int i = 0;
    while (az[i] && strcmp(az[i], k) != 0) i++;
    if (az[i]) continue;
    char list[256] = "";
    for (i = 0; az[i]; i++) {
      strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, az[i], sizeof list - strlen(list) - 1);
    }
    size_t off = at_key(L, k);
    load_error(L, off, "unknown key '%s' in %s (expected %s)", k, zWhat, list);
  }
  (void)v;
  L->cur = save;
}

/* The string value of KEY in O (NULL when absent); an error when it is not a string. */
static const char *get_string(Loader *L, json_t *o, const char *zKey, int required, const char *zWhat) {
  json_t *v = json_object_get(o, zKey);
  size_t save = L->cur;
  if (!v) {
    if (required) load_error(L, L->cur, "%s needs \"%s\"", zWhat, zKey);
    return NULL;
  }
  size_t off = at_key(L, zKey);
  if (!json_is_string(v)) {
    load_error(L, at_value(L), "\"%s\" of %s must be a string", zKey, zWhat);
    L->cur = save;
    return NULL;
  }
  (void)off;
  L->cur = save;
  return json_string_value(v);
}

static const char *type_desc(const Type *t) {
  switch (t->k) {
  case T_BOOL: return "a boolean";
  case T_INT: return "an integer";
  case T_NUM: return "a number";
  case T_TEXT: return "a text";
  case T_DATE: return "a date";
  case T_INSTANT: return "a date-time";
  case T_TIME: return "a time of day";
  case T_ENUM: return "an enum";
  case T_LIST: return "a list";
  case T_REC: return "a record";
  default: return "a value";
  }
}

/* The field NAME of record type T, or NULL. */
static const FieldDef *record_field(const Program *p, const Type *t, const char *zName, size_t n) {
  if (t->k != T_REC || t->id < 0 || t->id >= p->nRecord) return NULL;
  const RecordDef *rd = &p->aRecord[t->id];
  for (int i = 0; i < rd->nField; i++)
    if (strlen(rd->aField[i].zName) == n && strncmp(rd->aField[i].zName, zName, n) == 0) return &rd->aField[i];
  return NULL;
}

/* The type at fact path Z: a fact, or a field inside a record fact
** ("events.identified_by.agency_type"); NULL when there is none. */
static const Type *fact_type(const Program *p, const char *z) {
  for (int i = 0; i < p->nSlot; i++) {
    const char *zp = p->aSlot[i]->zPath;
    size_t n = strlen(zp);
    if (strncmp(zp, z, n) != 0) continue;
    if (z[n] == 0) return p->aSlot[i]->type;
    if (z[n] != '.') continue;
    const Type *t = p->aSlot[i]->type;
    const char *s = z + n + 1;
    while (t && *s) {
      const char *e = strchr(s, '.');
      size_t len = e ? (size_t)(e - s) : strlen(s);
      const FieldDef *f = record_field(p, t, s, len);
      t = f ? f->type : NULL;
      s = e ? e + 1 : s + len;
    }
    if (t) return t;
  }
  return NULL;
}

/* Whether JSON value V can stand for a fact of type T (after the value map). */
static int value_fits(const Program *p, const Type *t, json_t *v, char *why, size_t nWhy) {
  if (json_is_null(v)) return 1;
  switch (t->k) {
  case T_BOOL:
    if (json_is_boolean(v)) return 1;
    break;
  case T_INT:
    if (json_is_integer(v)) return 1;
    break;
  case T_NUM:
    if (json_is_number(v)) return 1;
    break;
  case T_ENUM: {
    if (!json_is_string(v)) break;
    const EnumDef *e = &p->aEnum[t->id];
    for (int i = 0; i < e->nMember; i++)
      if (strcmp(e->azMember[i], json_string_value(v)) == 0) return 1;
    char list[512] = "";
    for (int i = 0; i < e->nMember && strlen(list) < sizeof list - 40; i++) {
      strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, e->azMember[i], sizeof list - strlen(list) - 1);
    }
    snprintf(why, nWhy, "'%s' is not a member of %s (%s)", json_string_value(v), e->zName, list);
    return 0;
  }
  default:
    if (json_is_string(v)) return 1;
    break;
  }
  snprintf(why, nWhy, "a fact of this type needs %s", type_desc(t));
  return 0;
}

static void load_spec(Loader *L, Spec *s, const char *zField, json_t *v, const Type *parentRec, const char *zWhere);

/* The value map VALUES of spec S (its targets must fit the element type). */
static void load_values(Loader *L, Spec *s, json_t *values, const Type *elem) {
  size_t save = L->cur;
  at_key(L, "values");
  if (!json_is_object(values)) {
    load_error(L, at_value(L), "\"values\" of field '%s' must be an object: Primero value -> fact value", s->zField);
    L->cur = save;
    return;
  }
  const char *k;
  json_t *v;
  json_object_foreach(values, k, v) {
    if (is_note(k)) continue;
    at_key(L, k);
    char why[700];
    if (!value_fits(L->m->p, elem, v, why, sizeof why))
      load_error(L, at_value(L), "field '%s': value '%s' maps to nothing %s takes: %s", s->zField, k,
                 s->zFact, why);
  }
  s->values = values;
  L->cur = save;
}

/* One entry of "fields" (or of a subform's "each"): ZFIELD -> V, a fact path
** or {"fact", "values", "date_only", "each"}.  PARENTREC: inside a subform,
** the record type whose fields the targets are. */
static void load_spec(Loader *L, Spec *s, const char *zField, json_t *v, const Type *parentRec, const char *zWhere) {
  const Program *p = L->m->p;
  size_t keyOff = at_key(L, zField);
  size_t save = L->cur;
  s->zField = zField;
  json_t *fact = v;
  if (json_is_object(v)) {
    static const char *const keys[] = {"fact", "values", "date_only", "each", NULL};
    check_keys(L, v, "a field mapping", keys);
    fact = json_object_get(v, "fact");
    if (!fact) {
      load_error(L, keyOff, "field '%s'%s%s needs \"fact\": the fact it gives", zField, *zWhere ? " " : "", zWhere);
      return;
    }
    at_key(L, "fact");
  }
  if (!json_is_string(fact)) {
    load_error(L, at_value(L), "field '%s'%s%s: the fact must be a string (a fact path) or an object with \"fact\"",
               zField, *zWhere ? " " : "", zWhere);
    L->cur = save;
    return;
  }
  s->zFact = json_string_value(fact);
  size_t factOff = at_value(L);
  if (parentRec) {
    const FieldDef *f = record_field(p, parentRec, s->zFact, strlen(s->zFact));
    s->type = f ? f->type : NULL;
    if (!s->type) {
      load_error(L, factOff, "'%s' is not a field of record %s", s->zFact, p->aRecord[parentRec->id].zName);
      return;
    }
  } else if (!(s->type = fact_type(p, s->zFact))) {
    load_error(L, factOff, "no fact '%s' is declared", s->zFact);
    return;
  }
  if (!json_is_object(v)) {
    if (s->type->k == T_REC)
      load_error(L, factOff, "field '%s': '%s' is a record: map its fields one by one (%s.FIELD)", zField, s->zFact,
                 s->zFact);
    else if (s->type->k == T_LIST && s->type->elem->k == T_REC)
      load_error(L, factOff, "field '%s': '%s' holds records: map a subform with \"each\"", zField, s->zFact);
    L->cur = save;
    return;
  }
  const Type *elem = s->type->k == T_LIST ? s->type->elem : s->type;
  json_t *each = json_object_get(v, "each");
  json_t *values = json_object_get(v, "values");
  json_t *dateOnly = json_object_get(v, "date_only");
  if (dateOnly) {
    at_key(L, "date_only");
    const char *z = json_is_string(dateOnly) ? json_string_value(dateOnly) : "";
    if (elem->k != T_INSTANT)
      load_error(L, at_value(L), "\"date_only\" is for a date-time fact; '%s' is %s", s->zFact, type_desc(s->type));
    else if (strcmp(z, "end_of_day") == 0) s->endOfDay = 1;
    else if (strcmp(z, "start_of_day") != 0)
      load_error(L, at_value(L), "\"date_only\" must be \"start_of_day\" or \"end_of_day\"");
  }
  if (each) {
    at_key(L, "each");
    if (s->type->k != T_LIST) {
      load_error(L, at_value(L), "\"each\" reads a subform into a list; '%s' is %s", s->zFact, type_desc(s->type));
    } else if (json_is_string(each)) {
      s->zEach = json_string_value(each);
      if (elem->k == T_REC || elem->k == T_LIST)
        load_error(L, at_value(L), "'%s' is a list of records: \"each\" must map each of its fields", s->zFact);
    } else if (json_is_object(each)) {
      if (elem->k != T_REC) {
        load_error(L, at_value(L), "'%s' is a list of scalars: \"each\" must name one subform field", s->zFact);
      } else {
        size_t n = json_object_size(each);
        s->aSub = calloc(n ? n : 1, sizeof *s->aSub);
        if (!s->aSub) {
          L->m->diag.oom = 1;
          return;
        }
        const char *k;
        json_t *sub;
        json_object_foreach(each, k, sub) {
          if (is_note(k)) continue;
          load_spec(L, &s->aSub[s->nSub++], k, sub, elem, "of the subform");
        }
      }
    } else {
      load_error(L, at_value(L), "\"each\" must be a subform field name or an object of them");
    }
  } else if (elem->k == T_REC) {
    load_error(L, keyOff, "field '%s': '%s' holds records: map a subform with \"each\"", zField, s->zFact);
  }
  if (values) load_values(L, s, values, elem);
  L->cur = save;
}

static void load_back(Loader *L, json_t *back) {
  rr_map *m = L->m;
  static const char *const keys[] = {"data_key", "risk", "due_dates", "followups", "next_actions_field", NULL};
  check_keys(L, back, "\"back\"", keys);
  m->zDataKey = get_string(L, back, "data_key", 0, "\"back\"");
  m->zActionsField = get_string(L, back, "next_actions_field", 0, "\"back\"");
  json_t *risk = json_object_get(back, "risk");
  size_t save = L->cur;
  if (risk) {
    at_key(L, "risk");
    static const char *const rkeys[] = {"field", "suggestion_field", "disagreement_field", "values", NULL};
    check_keys(L, risk, "\"risk\"", rkeys);
    m->zRiskField = get_string(L, risk, "field", 1, "\"risk\"");
    m->zRiskSuggest = get_string(L, risk, "suggestion_field", 1, "\"risk\"");
    m->zRiskDisagree = get_string(L, risk, "disagreement_field", 1, "\"risk\"");
    m->riskValues = json_object_get(risk, "values");
    if (!json_is_object(m->riskValues)) {
      load_error(L, at_key(L, "risk"), "\"risk\" needs \"values\": the decision's level -> Primero's");
      m->riskValues = NULL;
    }
  }
  L->cur = save;
  json_t *due = json_object_get(back, "due_dates");
  if (due) {
    at_key(L, "due_dates");
    if (!json_is_array(due)) {
      load_error(L, at_value(L), "\"due_dates\" must be a list of {\"field\", \"deadline\"}");
    } else if ((m->aDue = calloc(json_array_size(due) + 1, sizeof *m->aDue))) {
      size_t i;
      json_t *d;
      json_array_foreach(due, i, d) {
        if (!json_is_object(d)) {
          load_error(L, at_value(L), "each of \"due_dates\" must be {\"field\", \"deadline\"}");
          continue;
        }
        static const char *const dkeys[] = {"field", "deadline", "instant_field", NULL};
        check_keys(L, d, "a due date", dkeys);
        size_t entry = L->cur, fieldOff = at_key(L, "field");
        L->cur = entry;
        DueBack *b = &m->aDue[m->nDue];
        b->zField = get_string(L, d, "field", 1, "a due date");
        b->zDeadline = get_string(L, d, "deadline", 1, "a due date");
        b->zInstantField = get_string(L, d, "instant_field", 0, "a due date");
        if (b->zDeadline) {
          /* the deadline must be a rule of the rule set */
          at_key(L, "deadline");
          int found = 0;
          for (int r = 0; r < L->m->p->nRule && !found; r++) found = strcmp(L->m->p->aRule[r].zId, b->zDeadline) == 0;
          if (!found) load_error(L, at_value(L), "no rule '%s' in the rule set", b->zDeadline);
        }
        for (int j = 0; j < m->nDue && b->zField; j++)
          if (m->aDue[j].zField && strcmp(m->aDue[j].zField, b->zField) == 0)
            load_error(L, fieldOff, "two due dates for Primero field '%s': one due date per kind", b->zField);
        if (b->zField && b->zDeadline) m->nDue++;
      }
    } else {
      m->diag.oom = 1;
    }
  }
  L->cur = save;
  json_t *fu = json_object_get(back, "followups");
  if (fu) {
    at_key(L, "followups");
    static const char *const fkeys[] = {"subform", "deadlines", "type_field", "type", "needed_by_field",
                                        "comments_field", NULL};
    check_keys(L, fu, "\"followups\"", fkeys);
    m->zFollowSubform = get_string(L, fu, "subform", 1, "\"followups\"");
    m->zFollowTypeField = get_string(L, fu, "type_field", 0, "\"followups\"");
    m->zFollowType = get_string(L, fu, "type", 0, "\"followups\"");
    m->zFollowNeededBy = get_string(L, fu, "needed_by_field", 1, "\"followups\"");
    m->zFollowComments = get_string(L, fu, "comments_field", 0, "\"followups\"");
    m->followPrefixes = json_object_get(fu, "deadlines");
    if (!json_is_array(m->followPrefixes)) {
      load_error(L, L->cur, "\"followups\" needs \"deadlines\": a list of rule-ID prefixes");
      m->followPrefixes = NULL;
    }
  }
  L->cur = save;
}

static void load_doc(Loader *L) {
  rr_map *m = L->m;
  json_t *doc = m->doc;
  if (!json_is_object(doc)) {
    load_error(L, 0, "a mapping file is a JSON object");
    return;
  }
  static const char *const keys[] = {"mapping", "record", "ignore", "fields", "back", NULL};
  check_keys(L, doc, "the mapping", keys);
  const char *zKind = get_string(L, doc, "mapping", 1, "the mapping");
  if (zKind && strcmp(zKind, "primero") != 0) {
    size_t save = L->cur;
    at_key(L, "mapping");
    load_error(L, at_value(L), "this adapter reads \"mapping\": \"primero\", not '%s'", zKind);
    L->cur = save;
  }
  json_t *rec = json_object_get(doc, "record");
  if (rec) {
    size_t save = L->cur;
    at_key(L, "record");
    static const char *const rkeys[] = {"data_key", "id", "as_of", NULL};
    check_keys(L, rec, "\"record\"", rkeys);
    m->zIdField = get_string(L, rec, "id", 1, "\"record\"");
    m->zAsOfField = get_string(L, rec, "as_of", 0, "\"record\"");
    if (!m->zDataKey) m->zDataKey = get_string(L, rec, "data_key", 0, "\"record\"");
    L->cur = save;
  } else {
    load_error(L, 0, "the mapping needs \"record\": {\"id\": the Primero field that names the case}");
  }
  json_t *ign = json_object_get(doc, "ignore");
  if (ign) {
    size_t save = L->cur;
    at_key(L, "ignore");
    int ok = json_is_array(ign);
    for (size_t i = 0; ok && i < json_array_size(ign); i++) ok = json_is_string(json_array_get(ign, i));
    if (!ok) load_error(L, at_value(L), "\"ignore\" must be a list of Primero field names");
    else m->ignore = ign;
    L->cur = save;
  }
  json_t *fields = json_object_get(doc, "fields");
  if (!json_is_object(fields)) {
    load_error(L, fields ? at_key(L, "fields") : 0, "the mapping needs \"fields\": an object of Primero field -> fact");
  } else {
    at_key(L, "fields");
    size_t n = json_object_size(fields);
    if (!(m->aField = calloc(n ? n : 1, sizeof *m->aField))) {
      m->diag.oom = 1;
      return;
    }
    const char *k;
    json_t *v;
    json_object_foreach(fields, k, v) {
      if (is_note(k)) continue;
      load_spec(L, &m->aField[m->nField], k, v, NULL, "");
      Spec *s = &m->aField[m->nField++];
      for (int i = 0; i + 1 < m->nField && s->zFact; i++)
        if (m->aField[i].zFact && strcmp(m->aField[i].zFact, s->zFact) == 0) {
          size_t save = L->cur;
          L->cur = 0;
          at_key(L, "fields");
          size_t off = at_key(L, k);
          load_error(L, off, "fields '%s' and '%s' both give fact '%s'", m->aField[i].zField, k, s->zFact);
          L->cur = save;
        }
      if (m->ignore)
        for (size_t i = 0; i < json_array_size(m->ignore); i++)
          if (strcmp(json_string_value(json_array_get(m->ignore, i)), k) == 0) {
            size_t save = L->cur;
            L->cur = 0;
            at_key(L, "fields");
            load_error(L, at_key(L, k), "field '%s' is both mapped and ignored", k);
            L->cur = save;
          }
    }
  }
  json_t *back = json_object_get(doc, "back");
  if (back) {
    L->cur = 0;
    at_key(L, "back");
    if (!json_is_object(back)) load_error(L, at_value(L), "\"back\" must be an object");
    else load_back(L, back);
  }
}

int rr_map_load(rr_map **out, const rr_rules *r, const char *path) {
  rr_map *m = calloc(1, sizeof *m);
  *out = m;
  if (!m) return RR_ENOMEM;
  diag_init(&m->diag);
  if (!r || !r->ok || !path) {
    diag_plain(&m->diag, "rr_map_load: %s", !path ? "no mapping file" : "the rule set did not load");
    return RR_EMISUSE;
  }
  m->r = r;
  m->p = &r->b.national.prog;
  FILE *f = fopen(path, "rb");
  char *zText = NULL;
  size_t n = 0, cap = 0;
  if (f) {
    for (;;) {
      if (n + 4096 + 1 > cap) {
        cap = cap ? cap * 2 : 8192;
        char *z = realloc(zText, cap);
        if (!z) break;
        zText = z;
      }
      size_t got = fread(zText + n, 1, cap - n - 1, f);
      n += got;
      if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
      free(zText);
      zText = NULL;
    }
  }
  if (!zText) {
    diag_plain(&m->diag, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
    return RR_EPOLICY;
  }
  zText[n] = 0;
  Loader L = {m, diag_add_file(&m->diag, path, zText, n), zText, n, 0};
  json_error_t jerr;
  m->doc = json_loadb(zText, n, JSON_REJECT_DUPLICATES, &jerr);
  if (!m->doc) {
    size_t off = jerr.position > 0 && (size_t)jerr.position <= n ? (size_t)jerr.position - 1 : 0;
    diag_error(&m->diag, L.iFile, (uint32_t)off, 1, "not JSON: %s", jerr.text);
    return RR_EPOLICY;
  }
  load_doc(&L);
  if (m->diag.oom) return RR_ENOMEM;
  if (m->diag.nErr) return RR_EPOLICY;
  m->ok = 1;
  return RR_OK;
}

const char *rr_map_errors(const rr_map *m) {
  if (!m) return "out of memory\n";
  rr_map *w = (rr_map *)(uintptr_t)m;   /* the text is built on demand: the handle's cache */
  return diag_text(&w->diag);
}

static void free_specs(Spec *a, int n) {
  for (int i = 0; i < n; i++) free_specs(a[i].aSub, a[i].nSub);
  free(a);
}

void rr_map_free(rr_map *m) {
  if (!m) return;
  free_specs(m->aField, m->nField);
  free(m->aDue);
  json_decref(m->doc);
  diag_free(&m->diag);
  free(m);
}

/* }==== */

/* {==== a Primero record -> a case ====================================== */

typedef struct Mapper {
  const rr_map *m;
  char path[256];         /* the Primero field being read: "followup_subform_section[2].followup_date" */
  char msg[1024];
  const char *code;       /* "unprocessable" or "bad_request" */
} Mapper;

static int fail(Mapper *M, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static int fail(Mapper *M, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(M->msg, sizeof M->msg, fmt, ap);
  va_end(ap);
  if (!M->code) M->code = "unprocessable";
  return -1;
}

/* Parses "YYYY-MM-DD[THH:MM[:SS[.fff]]]" with no offset into C; returns 1
** for a date alone, 2 for a date and time, 0 when it is neither. */
static int parse_local(const char *z, RrCivil *c) {
  memset(c, 0, sizeof *c);
  size_t n = strlen(z);
  if (n < 10 || rr_parse_date(z, 10, &(RrDate){0})) return 0;
  c->y = atoi(z);
  c->m = atoi(z + 5);
  c->d = atoi(z + 8);
  if (n == 10) return 1;
  if ((z[10] != 'T' && z[10] != ' ') || n < 16) return 0;
  int mins;
  if (rr_parse_time_of_day(z + 11, 5, &mins)) return 0;
  c->hh = mins / 60;
  c->mi = mins % 60;
  size_t i = 16;
  if (i < n && z[i] == ':') {
    if (n < 19 || z[17] < '0' || z[17] > '5' || z[18] < '0' || z[18] > '9') return 0;
    c->ss = (z[17] - '0') * 10 + (z[18] - '0');
    i = 19;
    if (i < n && z[i] == '.') {
      i++;
      while (i < n && z[i] >= '0' && z[i] <= '9') i++;
    }
  }
  return i == n ? 2 : 0;
}

static int has_offset(const char *z) {
  size_t n = strlen(z);
  if (n > 10 && (z[n - 1] == 'Z' || z[n - 1] == 'z')) return 1;
  return n > 19 && (z[n - 6] == '+' || z[n - 6] == '-') && z[n - 3] == ':';
}

/* A date-time as Primero gives it -> the engine's form, local with offset. */
static int to_instant(Mapper *M, const char *z, int endOfDay, char *buf) {
  RrInstant t;
  const RrZone *zone = M->m->p->zone;
  if (has_offset(z)) {
    if (rr_parse_instant(z, strlen(z), &t)) return fail(M, "'%s' is not a date-time", z);
  } else {
    RrCivil c;
    int k = parse_local(z, &c);
    if (!k) return fail(M, "'%s' is not a date or a date-time", z);
    if (k == 1 && endOfDay) c.hh = 23, c.mi = 59, c.ss = 59;
    t = rr_from_local(zone, c);
  }
  rr_format_instant(zone, t, buf);
  return 0;
}

static int to_date(Mapper *M, const char *z, char *buf) {
  RrCivil c;
  if (has_offset(z)) {
    RrInstant t;
    if (rr_parse_instant(z, strlen(z), &t)) return fail(M, "'%s' is not a date", z);
    rr_format_date(rr_local_date(M->m->p->zone, t), buf);
    return 0;
  }
  if (!parse_local(z, &c)) return fail(M, "'%s' is not a date (YYYY-MM-DD)", z);
  memcpy(buf, z, 10);
  buf[10] = 0;
  return 0;
}

static const char *scalar_text(json_t *v, char *buf, size_t n) {
  if (json_is_string(v)) return json_string_value(v);
  if (json_is_true(v)) return "true";
  if (json_is_false(v)) return "false";
  if (json_is_integer(v)) snprintf(buf, n, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v)) snprintf(buf, n, "%g", json_real_value(v));
  else return NULL;
  return buf;
}

/* One scalar V for a target of type T -> a new JSON value in *OUT (NULL:
** unknown, the fact is left out).  Always a new value, never a reference to
** the mapping's: the mapping is shared by threads, and never written. */
static int map_scalar(Mapper *M, const Spec *s, const Type *t, json_t *v, json_t **out) {
  *out = NULL;
  char num[64];
  if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) return 0;
  if (s->values) {
    const char *key = scalar_text(v, num, sizeof num);
    json_t *to = key ? json_object_get(s->values, key) : NULL;
    if (!to) {
      char list[512] = "";
      const char *k;
      json_t *x;
      json_object_foreach(s->values, k, x) {
        if (is_note(k) || strlen(list) > sizeof list - 40) continue;
        strncat(list, *list ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, k, sizeof list - strlen(list) - 1);
      }
      (void)x;
      if (!key) return fail(M, "expected one of the field's values (%s), got %s", list, json_is_object(v) ? "an object" : "a list");
      return fail(M, "'%s' is not a value of this field the mapping knows (%s)", key, list);
    }
    if (json_is_null(to)) return 0;
    v = to;
  }
  char buf[40];
  switch (t->k) {
  case T_INSTANT:
    if (!json_is_string(v)) return fail(M, "expected a date-time");
    if (to_instant(M, json_string_value(v), s->endOfDay, buf)) return -1;
    *out = json_string(buf);
    break;
  case T_DATE:
    if (!json_is_string(v)) return fail(M, "expected a date");
    if (to_date(M, json_string_value(v), buf)) return -1;
    *out = json_string(buf);
    break;
  case T_BOOL:
    if (json_is_string(v) && (!strcmp(json_string_value(v), "true") || !strcmp(json_string_value(v), "false")))
      *out = json_boolean(json_string_value(v)[0] == 't');
    else if (json_is_boolean(v)) *out = json_boolean(json_is_true(v));
    else return fail(M, "expected true or false");
    break;
  case T_INT:
  case T_NUM:
    if (json_is_integer(v)) {
      *out = json_integer(json_integer_value(v));
    } else if (json_is_real(v)) {
      *out = json_real(json_real_value(v));
    } else if (json_is_string(v)) {
      char *end;
      const char *z = json_string_value(v);
      double d = strtod(z, &end);
      if (end == z || *end) return fail(M, "'%s' is not a number", z);
      *out = t->k == T_INT && d == (double)(long long)d ? json_integer((long long)d) : json_real(d);
    } else {
      return fail(M, "expected a number");
    }
    break;
  case T_ENUM: {
    if (!json_is_string(v)) return fail(M, "expected one of the dropdown's values");
    const EnumDef *e = &M->m->p->aEnum[t->id];
    int ok = e->iOther >= 0;
    for (int i = 0; i < e->nMember && !ok; i++) ok = strcmp(e->azMember[i], json_string_value(v)) == 0;
    if (!ok) return fail(M, "'%s' is not a value this field can take (no value map in the mapping, and not one of %s)",
                         json_string_value(v), e->zName);
    *out = json_string(json_string_value(v));
    break;
  }
  default:
    if (!json_is_string(v)) return fail(M, "expected a text");
    *out = json_string(json_string_value(v));
    break;
  }
  return *out ? 0 : fail(M, "out of memory");
}

static size_t path_index(Mapper *M, size_t i) {
  size_t n = strlen(M->path);
  snprintf(M->path + n, sizeof M->path - n, "[%zu]", i);
  return n;
}

static size_t path_field(Mapper *M, const char *z) {
  size_t n = strlen(M->path);
  snprintf(M->path + n, sizeof M->path - n, ".%s", z);
  return n;
}

/* V for spec S -> *OUT (NULL: unknown). */
static int map_value(Mapper *M, const Spec *s, json_t *v, json_t **out) {
  *out = NULL;
  if (json_is_null(v)) return 0;
  if (s->type->k != T_LIST) return map_scalar(M, s, s->type, v, out);
  if (!json_is_array(v)) return fail(M, "expected a list (a multi-select or a subform)");
  json_t *list = json_array();
  if (!list) return fail(M, "out of memory");
  size_t i;
  json_t *x;
  json_array_foreach(v, i, x) {
    size_t mark = path_index(M, i);
    json_t *el = NULL;
    int rc = 0;
    if (s->zEach || s->aSub) {
      if (!json_is_object(x)) {
        rc = fail(M, "expected a subform entry (an object)");
      } else if (s->zEach) {
        size_t mark2 = path_field(M, s->zEach);
        json_t *f = json_object_get(x, s->zEach);
        rc = f ? map_scalar(M, s, s->type->elem, f, &el) : 0;
        if (!rc) M->path[mark2] = 0;
      } else {
        el = json_object();
        for (int k = 0; k < s->nSub && !rc && el; k++) {
          const Spec *sub = &s->aSub[k];
          json_t *f = json_object_get(x, sub->zField), *y = NULL;
          if (!f) continue;
          size_t mark2 = path_field(M, sub->zField);
          rc = map_value(M, sub, f, &y);
          if (!rc) M->path[mark2] = 0;
          if (y) json_object_set_new(el, sub->zFact, y);
        }
        /* an entry with nothing mapped in it says nothing */
        if (el && !json_object_size(el)) {
          json_decref(el);
          el = NULL;
        }
      }
    } else {
      rc = map_scalar(M, s, s->type->elem, x, &el);
    }
    if (rc) {
      json_decref(el);
      json_decref(list);
      return -1;
    }
    M->path[mark] = 0;
    if (el) json_array_append_new(list, el);
  }
  *out = list;
  return 0;
}

/* Sets FACTS at the dotted path Z to V (taking it), creating the groups. */
static int set_path(json_t *facts, const char *z, json_t *v) {
  json_t *o = facts;
  for (;;) {
    const char *dot = strchr(z, '.');
    if (!dot) return json_object_set_new(o, z, v);
    char key[128];
    size_t n = (size_t)(dot - z) < sizeof key - 1 ? (size_t)(dot - z) : sizeof key - 1;
    memcpy(key, z, n);
    key[n] = 0;
    json_t *k = json_object_get(o, key);
    if (!json_is_object(k)) {
      k = json_object();
      if (!k || json_object_set_new(o, key, k)) {
        json_decref(v);
        return -1;
      }
    }
    o = k;
    z = dot + 1;
  }
}

static const Spec *find_spec(const rr_map *m, const char *zField) {
  for (int i = 0; i < m->nField; i++)
    if (strcmp(m->aField[i].zField, zField) == 0) return &m->aField[i];
  return NULL;
}

static int is_ignored(const rr_map *m, const char *zField) {
  for (size_t i = 0; m->ignore && i < json_array_size(m->ignore); i++) {
    const char *z = json_string_value(json_array_get(m->ignore, i));
    if (z && strcmp(z, zField) == 0) return 1;
  }
  return 0;
}

static char *error_json(const Mapper *M) {
  json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", M->code ? M->code : "unprocessable", "message",
                        M->msg, "path", M->path);
  char *z = e ? json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(e);
  return z;
}

/* The record in TEXT: the object itself, or its "data" member. */
static json_t *read_record(Mapper *M, const char *text, size_t n) {
  json_error_t jerr;
  json_t *doc = json_loadb(text, n, 0, &jerr);
  if (!doc) {
    M->code = "bad_request";
    fail(M, "the body is not JSON: %s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
    return NULL;
  }
  const char *zData = M->m->zDataKey ? M->m->zDataKey : "data";
  json_t *data = json_object_get(doc, zData);
  json_t *rec = json_is_object(data) ? json_incref(data) : json_incref(doc);
  json_decref(doc);
  if (!json_is_object(rec)) {
    M->code = "bad_request";
    fail(M, "a Primero case record is a JSON object");
    json_decref(rec);
    return NULL;
  }
  return rec;
}

static json_t *map_record(Mapper *M, json_t *rec, const char *asOf) {
  const rr_map *m = M->m;
  json_t *facts = json_object(), *id = NULL;
  const char *zAsOf = NULL;
  const char *k;
  json_t *v;
  if (!facts) {
    fail(M, "out of memory");
    return NULL;
  }
  json_object_foreach(rec, k, v) {
    snprintf(M->path, sizeof M->path, "%s", k);
    if (m->zIdField && strcmp(k, m->zIdField) == 0) {
      id = v;
      continue;
    }
    if (m->zAsOfField && strcmp(k, m->zAsOfField) == 0) {
      zAsOf = json_string_value(v);
      if (!zAsOf && !json_is_null(v)) goto bad_asof;
      continue;
    }
    if (is_ignored(m, k)) continue;
    const Spec *s = find_spec(m, k);
    if (!s) {
      fail(M, "Primero field '%s' is not mapped: the mapping names it neither in \"fields\" nor in \"ignore\"", k);
      goto fail;
    }
    json_t *val = NULL;
    if (map_value(M, s, v, &val)) goto fail;
    if (val && set_path(facts, s->zFact, val)) {
      fail(M, "out of memory");
      goto fail;
    }
  }
  char idBuf[64];
  const char *zId = id ? scalar_text(id, idBuf, sizeof idBuf) : NULL;
  if (!zId || !*zId) {
    snprintf(M->path, sizeof M->path, "%s", m->zIdField ? m->zIdField : "");
    fail(M, "the record has no '%s': the case id", m->zIdField ? m->zIdField : "id");
    goto fail;
  }
  char tBuf[40];
  RrInstant t;
  if (asOf && strcmp(asOf, "now") != 0) {
    M->path[0] = 0;
    if (to_instant(M, asOf, 0, tBuf)) goto fail;
  } else if (!asOf && zAsOf && *zAsOf) {
    snprintf(M->path, sizeof M->path, "%s", m->zAsOfField);
    if (to_instant(M, zAsOf, 0, tBuf)) goto fail;
  } else {
    t = (RrInstant)time(NULL);
    rr_format_instant(m->p->zone, t, tBuf);
  }
  json_t *c = json_pack("{s:s,s:s,s:o}", "id", zId, "as_of", tBuf, "facts", facts);
  if (!c) fail(M, "out of memory");
  return c;
bad_asof:
  fail(M, "expected the date-time of the record's last update");
fail:
  json_decref(facts);
  return NULL;
}

int rr_map_case(const rr_map *m, const char *primeroJson, size_t n, const char *asOf, char **caseJson,
                char **errJson) {
  *caseJson = NULL;
  if (errJson) *errJson = NULL;
  if (!m || !m->ok || !primeroJson) return RR_EMISUSE;
  Mapper M = {m, "", "", NULL};
  json_t *rec = read_record(&M, primeroJson, n), *c = NULL;
  if (rec) c = map_record(&M, rec, asOf);
  json_decref(rec);
  if (!c) {
    if (errJson) *errJson = error_json(&M);
    return strcmp(M.msg, "out of memory") == 0 ? RR_ENOMEM : RR_EFACTS;
  }
  *caseJson = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(c);
  return *caseJson ? RR_OK : RR_ENOMEM;
}

/* }==== */

/* {==== a decision -> the PATCH body ==================================== */

static const char *str_at(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int is_open(const char *zStatus) {
  return zStatus && (!strcmp(zStatus, "pending") || !strcmp(zStatus, "overdue") || !strcmp(zStatus, "due_immediately"));
}

/* Sets DATA[K] = V (taking it) unless the record already holds that value. */
static void put_changed(json_t *data, json_t *rec, const char *k, json_t *v) {
  if (!v) return;
  if (json_equal(json_object_get(rec, k), v)) json_decref(v);
  else json_object_set_new(data, k, v);
}

static void back_risk(const rr_map *m, json_t *dec, json_t *rec, json_t *data) {
  const char *zLevel = json_string_value(json_object_get(json_object_get(dec, "risk"), "level"));
  json_t *to = zLevel ? json_object_get(m->riskValues, zLevel) : NULL;
  const char *zSuggest = json_string_value(to);   /* NULL: no Primero level for it (none, out of scope) */
  const char *zCur = str_at(rec, m->zRiskField), *zPrev = str_at(rec, m->zRiskSuggest);
  if (zCur && !*zCur) zCur = NULL;
  put_changed(data, rec, m->zRiskSuggest, zSuggest ? json_string(zSuggest) : json_null());
  int disagree = 0;
  if (zSuggest) {
    /* the level is ours to set when the field is empty or still holds our
    ** last suggestion; anything else was set by hand and stays */
    if (!zCur || (zPrev && strcmp(zCur, zPrev) == 0)) put_changed(data, rec, m->zRiskField, json_string(zSuggest));
    else disagree = strcmp(zCur, zSuggest) != 0;
  }
  json_t *was = json_object_get(rec, m->zRiskDisagree);
  if (disagree || json_is_true(was)) put_changed(data, rec, m->zRiskDisagree, json_boolean(disagree));
}

/* The entry of deadline ZID that governs: the open one due first, else the
** first with a due date. */
static json_t *find_deadline(json_t *dls, const char *zId) {
  json_t *best = NULL, *x;
  size_t i;
  json_array_foreach(dls, i, x) {
    const char *z = str_at(x, "id"), *zDue = str_at(x, "due_at");
    if (!z || strcmp(z, zId) != 0 || !zDue) continue;
    if (!best) {
      best = x;
      continue;
    }
    int o1 = is_open(str_at(best, "status")), o2 = is_open(str_at(x, "status"));
    if (o2 && !o1) best = x;
    else if (o1 == o2 && strcmp(zDue, str_at(best, "due_at")) < 0) best = x;
  }
  return best;
}

static json_t *local_date(const char *zInstant) {
  /* the decision writes instants in local time: the date is their first ten characters */
  char d[11];
  if (!zInstant || strlen(zInstant) < 10) return NULL;
  memcpy(d, zInstant, 10);
  d[10] = 0;
  return json_string(d);
}

static int has_entry(json_t *subform, const char *zUnique) {
  size_t i;
  json_t *x;
  json_array_foreach(subform, i, x) {
    const char *z = str_at(x, "unique_id");
    if (z && strcmp(z, zUnique) == 0) return 1;
  }
  return 0;
}

static void back_followups(const rr_map *m, json_t *dls, json_t *rec, json_t *data) {
  json_t *existing = json_object_get(rec, m->zFollowSubform), *add = json_array(), *x;
  size_t i;
  if (!add) return;
  json_array_foreach(dls, i, x) {
    const char *zId = str_at(x, "id"), *zDue = str_at(x, "due_at");
    if (!zId || !zDue || !is_open(str_at(x, "status"))) continue;
    int want = 0;
    for (size_t j = 0; j < json_array_size(m->followPrefixes) && !want; j++) {
      const char *zp = json_string_value(json_array_get(m->followPrefixes, j));
      want = zp && strncmp(zId, zp, strlen(zp)) == 0;
    }
    if (!want) continue;
    char unique[256];
    json_t *inst = json_object_get(x, "instance");
    char ib[64] = "";
    if (inst && !json_is_null(inst)) {
      const char *zi = scalar_text(inst, ib + 1, sizeof ib - 1);
      if (zi) snprintf(ib, sizeof ib, "-%s", zi);
    }
    snprintf(unique, sizeof unique, "rregull-%s%s-%.10s", zId, ib, zDue);
    if (has_entry(existing, unique) || has_entry(add, unique)) continue;
    json_t *e = json_object();
    if (!e) continue;
    json_object_set_new(e, "unique_id", json_string(unique));
    if (m->zFollowTypeField && m->zFollowType) json_object_set_new(e, m->zFollowTypeField, json_string(m->zFollowType));
    json_object_set_new(e, m->zFollowNeededBy, local_date(zDue));
    if (m->zFollowComments) {
      char note[512];
      snprintf(note, sizeof note, "%s: due %s (%s, rregull)", zId, zDue, str_at(x, "status"));
      json_object_set_new(e, m->zFollowComments, json_string(note));
    }
    json_array_append_new(add, e);
  }
  if (json_array_size(add)) json_object_set_new(data, m->zFollowSubform, add);
  else json_decref(add);
}

static json_t *map_back(const rr_map *m, json_t *dec, json_t *rec) {
  json_t *data = json_object();
  if (!data) return NULL;
  json_t *dls = json_object_get(dec, "deadlines");
  if (m->zRiskField && m->riskValues) back_risk(m, dec, rec, data);
  for (int i = 0; i < m->nDue; i++) {
    json_t *d = find_deadline(dls, m->aDue[i].zDeadline);
    if (!d) continue;   /* not started yet: a date someone set stays */
    put_changed(data, rec, m->aDue[i].zField, local_date(str_at(d, "due_at")));
    if (m->aDue[i].zInstantField)
      put_changed(data, rec, m->aDue[i].zInstantField, json_string(str_at(d, "due_at")));
  }
  if (m->zFollowSubform && m->followPrefixes) back_followups(m, dls, rec, data);
  if (m->zActionsField) {
    json_t *ids = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(dec, "next_actions"), i, x) {
      const char *z = str_at(x, "id");
      if (z) json_array_append_new(ids, json_string(z));
    }
    put_changed(data, rec, m->zActionsField, ids);
  }
  return json_pack("{s:o}", m->zDataKey ? m->zDataKey : "data", data);
}

static int back_text(const rr_map *m, const char *decisionJson, json_t *rec, int pretty, char **patchJson) {
  json_t *dec = json_loads(decisionJson, 0, NULL);
  if (!dec) return RR_EMISUSE;
  json_t *patch = map_back(m, dec, rec);
  json_decref(dec);
  if (!patch) return RR_ENOMEM;
  *patchJson = json_dumps(patch, JSON_PRESERVE_ORDER | (pretty ? JSON_INDENT(2) : JSON_COMPACT));
  json_decref(patch);
  return *patchJson ? RR_OK : RR_ENOMEM;
}

int rr_map_back(const rr_map *m, const char *decisionJson, const char *primeroJson, size_t n, char **patchJson) {
  *patchJson = NULL;
  if (!m || !m->ok || !decisionJson || !primeroJson) return RR_EMISUSE;
  Mapper M = {m, "", "", NULL};
  json_t *rec = read_record(&M, primeroJson, n);
  if (!rec) return RR_EMISUSE;
  int rc = back_text(m, decisionJson, rec, 0, patchJson);
  json_decref(rec);
  return rc;
}

/* }==== */

/* {==== the whole endpoint ============================================== */

/* The Primero field the engine's message is about ("facts.work.loads[0].kg:
** ...", "id: ..."), or NULL. */
static const char *blame(const rr_map *m, const char *zMsg) {
  if (strncmp(zMsg, "id:", 3) == 0) return m->zIdField;
  if (strncmp(zMsg, "as_of:", 6) == 0) return m->zAsOfField;
  if (strncmp(zMsg, "facts.", 6) != 0) return NULL;
  const char *z = zMsg + 6;
  const Spec *best = NULL;
  for (int i = 0; i < m->nField; i++) {
    size_t n = strlen(m->aField[i].zFact);
    if (strncmp(z, m->aField[i].zFact, n) == 0 && strchr(".[: ", z[n]) &&
        (!best || n > strlen(best->zFact)))
      best = &m->aField[i];
  }
  return best ? best->zField : NULL;
}

/* TEXT indented by two more spaces after each line break. */
static char *indent(const char *text) {
  size_t n = strlen(text), nl = 0;
  for (size_t i = 0; i < n; i++) nl += text[i] == '\n';
  char *z = malloc(n + 2 * nl + 1), *o = z;
  if (!z) return NULL;
  for (size_t i = 0; i < n; i++) {
    *o++ = text[i];
    if (text[i] == '\n' && i + 1 < n) *o++ = ' ', *o++ = ' ';
  }
  *o = 0;
  return z;
}

int rr_map_eval(const rr_map *m, rr_eval *e, const char *primeroJson, size_t n, const char *asOf, int pretty,
                char **body, char **errJson) {
  *body = NULL;
  if (errJson) *errJson = NULL;
  if (!m || !m->ok || !e || !primeroJson) return RR_EMISUSE;
  Mapper M = {m, "", "", NULL};
  char *zCase = NULL, *zDec = NULL, *zPatch = NULL;
  json_t *rec = read_record(&M, primeroJson, n), *c = NULL;
  if (rec) c = map_record(&M, rec, asOf);
  int rc = RR_EFACTS;
  if (!c) goto out;
  zCase = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(c);
  if (!zCase) {
    rc = RR_ENOMEM;
    goto out;
  }
  rc = rr_eval_json(e, zCase, strlen(zCase), pretty, &zDec);
  if (rc == RR_EFACTS) {
    const char *zMsg = rr_eval_errmsg(e);
    const char *zField = blame(m, zMsg);
    snprintf(M.path, sizeof M.path, "%s", zField ? zField : "");
    fail(&M, "%s", zMsg);
    goto out;
  }
  if (rc != RR_OK) goto out;
  rc = back_text(m, zDec, rec, pretty, &zPatch);
  if (rc != RR_OK) goto out;
  for (size_t nd = strlen(zDec); nd && zDec[nd - 1] == '\n'; nd--) zDec[nd - 1] = 0;
  if (pretty) {
    char *d = indent(zDec), *p = indent(zPatch);
    size_t len = (d ? strlen(d) : 0) + (p ? strlen(p) : 0) + 64;
    if (d && p && (*body = malloc(len)))
      snprintf(*body, len, "{\n  \"decision\": %s,\n  \"primero_patch\": %s\n}\n", d, p);
    free(d);
    free(p);
  } else {
    size_t nd = strlen(zDec);
    while (nd && zDec[nd - 1] == '\n') nd--;
    size_t len = nd + strlen(zPatch) + 64;
    if ((*body = malloc(len)))
      snprintf(*body, len, "{\"decision\":%.*s,\"primero_patch\":%s}\n", (int)nd, zDec, zPatch);
  }
  rc = *body ? RR_OK : RR_ENOMEM;
out:
  if (rc == RR_EFACTS && errJson) *errJson = error_json(&M);
  json_decref(rec);
  free(zCase);
  rr_free(zDec);
  free(zPatch);
  return rc;
}

/* }==== */
