/*
** primero.c - the Primero (CPIMS+) adapter: a declarative mapping file
** (rules/integrations/primero.json) read and checked against a rule set's
** fact declarations; a Primero case record mapped to a case in the
** contract's shape; a decision mapped back to the body of a PATCH through
** Primero's API v2.  The mapping decides every name and value: no Primero
** field, rule ID or value is written here.
**
** JSON is read and written through json.h (a parsed text is a read-only
** tree, JtNode; an answer is built as JbNode): no JSON library here.
*/
#include "api.h"
#include "diag.h"

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
  const JtNode *values;   /* Primero value -> fact value, or NULL */
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
  Arena arena;            /* holds the mapping file's tree */
  const JtNode *doc;      /* the mapping file: every string below is borrowed from it */
  const char *zIdField, *zAsOfField, *zDataKey;
  const JtNode *ignore;   /* array of field names */
  Spec *aField;
  int nField;
  /* back */
  const char *zRiskField, *zRiskSuggest, *zRiskDisagree;
  const JtNode *riskValues;
  DueBack *aDue;
  int nDue;
  const char *zFollowSubform, *zFollowType, *zFollowTypeField, *zFollowNeededBy, *zFollowComments;
  const JtNode *followPrefixes;
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
static void check_keys(Loader *L, const JtNode *o, const char *zWhat, const char *const *az) {
  size_t save = L->cur;
  for (uint32_t ik = 0; o->kind == JT_OBJECT && ik < o->n; ik++) {
    const char *k = o->u.a[ik].zKey;
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
  L->cur = save;
}

/* The string value of KEY in O (NULL when absent); an error when it is not a string. */
static const char *get_string(Loader *L, const JtNode *o, const char *zKey, int required, const char *zWhat) {
  const JtNode *v = jt_get(o, zKey);
  size_t save = L->cur;
  if (!v) {
    if (required) load_error(L, L->cur, "%s needs \"%s\"", zWhat, zKey);
    return NULL;
  }
  size_t off = at_key(L, zKey);
  if (v->kind != JT_STRING) {
    load_error(L, at_value(L), "\"%s\" of %s must be a string", zKey, zWhat);
    L->cur = save;
    return NULL;
  }
  (void)off;
  L->cur = save;
  return v->u.z;
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
static int value_fits(const Program *p, const Type *t, const JtNode *v, char *why, size_t nWhy) {
  if (v->kind == JT_NULL) return 1;
  switch (t->k) {
  case T_BOOL:
    if (v->kind == JT_TRUE || v->kind == JT_FALSE) return 1;
    break;
  case T_INT:
    if (v->kind == JT_INT) return 1;
    break;
  case T_NUM:
    if (v->kind == JT_INT || v->kind == JT_REAL) return 1;
    break;
  case T_ENUM: {
    if (v->kind != JT_STRING) break;
    const EnumDef *e = &p->aEnum[t->id];
    for (int i = 0; i < e->nMember; i++)
      if (strcmp(e->azMember[i], v->u.z) == 0) return 1;
    char list[512] = "";
    for (int i = 0; i < e->nMember && strlen(list) < sizeof list - 40; i++) {
      strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, e->azMember[i], sizeof list - strlen(list) - 1);
    }
    snprintf(why, nWhy, "'%s' is not a member of %s (%s)", v->u.z, e->zName, list);
    return 0;
  }
  default:
    if (v->kind == JT_STRING) return 1;
    break;
  }
  snprintf(why, nWhy, "a fact of this type needs %s", type_desc(t));
  return 0;
}

static void load_spec(Loader *L, Spec *s, const char *zField, const JtNode *v, const Type *parentRec, const char *zWhere);

/* The value map VALUES of spec S (its targets must fit the element type). */
static void load_values(Loader *L, Spec *s, const JtNode *values, const Type *elem) {
  size_t save = L->cur;
  at_key(L, "values");
  if (values->kind != JT_OBJECT) {
    load_error(L, at_value(L), "\"values\" of field '%s' must be an object: Primero value -> fact value", s->zField);
    L->cur = save;
    return;
  }
  for (uint32_t ik = 0; ik < values->n; ik++) {
    const JtNode *v = &values->u.a[ik];
    const char *k = v->zKey;
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
static void load_spec(Loader *L, Spec *s, const char *zField, const JtNode *v, const Type *parentRec, const char *zWhere) {
  const Program *p = L->m->p;
  size_t keyOff = at_key(L, zField);
  size_t save = L->cur;
  s->zField = zField;
  const JtNode *fact = v;
  if (v->kind == JT_OBJECT) {
    static const char *const keys[] = {"fact", "values", "date_only", "each", NULL};
    check_keys(L, v, "a field mapping", keys);
    fact = jt_get(v, "fact");
    if (!fact) {
      load_error(L, keyOff, "field '%s'%s%s needs \"fact\": the fact it gives", zField, *zWhere ? " " : "", zWhere);
      return;
    }
    at_key(L, "fact");
  }
  if (fact->kind != JT_STRING) {
    load_error(L, at_value(L), "field '%s'%s%s: the fact must be a string (a fact path) or an object with \"fact\"",
               zField, *zWhere ? " " : "", zWhere);
    L->cur = save;
    return;
  }
  s->zFact = fact->u.z;
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
  if (v->kind != JT_OBJECT) {
    if (s->type->k == T_REC)
      load_error(L, factOff, "field '%s': '%s' is a record: map its fields one by one (%s.FIELD)", zField, s->zFact,
                 s->zFact);
    else if (s->type->k == T_LIST && s->type->elem->k == T_REC)
      load_error(L, factOff, "field '%s': '%s' holds records: map a subform with \"each\"", zField, s->zFact);
    L->cur = save;
    return;
  }
  const Type *elem = s->type->k == T_LIST ? s->type->elem : s->type;
  const JtNode *each = jt_get(v, "each");
  const JtNode *values = jt_get(v, "values");
  const JtNode *dateOnly = jt_get(v, "date_only");
  if (dateOnly) {
    at_key(L, "date_only");
    const char *z = dateOnly->kind == JT_STRING ? dateOnly->u.z : "";
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
    } else if (each->kind == JT_STRING) {
      s->zEach = each->u.z;
      if (elem->k == T_REC || elem->k == T_LIST)
        load_error(L, at_value(L), "'%s' is a list of records: \"each\" must map each of its fields", s->zFact);
    } else if (each->kind == JT_OBJECT) {
      if (elem->k != T_REC) {
        load_error(L, at_value(L), "'%s' is a list of scalars: \"each\" must name one subform field", s->zFact);
      } else {
        size_t n = each->n;
        s->aSub = calloc(n ? n : 1, sizeof *s->aSub);
        if (!s->aSub) {
          L->m->diag.oom = 1;
          return;
        }
        for (uint32_t ik = 0; ik < each->n; ik++) {
          const JtNode *sub = &each->u.a[ik];
          const char *k = sub->zKey;
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

static void load_back(Loader *L, const JtNode *back) {
  rr_map *m = L->m;
  static const char *const keys[] = {"data_key", "risk", "due_dates", "followups", "next_actions_field", NULL};
  check_keys(L, back, "\"back\"", keys);
  m->zDataKey = get_string(L, back, "data_key", 0, "\"back\"");
  m->zActionsField = get_string(L, back, "next_actions_field", 0, "\"back\"");
  const JtNode *risk = jt_get(back, "risk");
  size_t save = L->cur;
  if (risk) {
    at_key(L, "risk");
    static const char *const rkeys[] = {"field", "suggestion_field", "disagreement_field", "values", NULL};
    check_keys(L, risk, "\"risk\"", rkeys);
    m->zRiskField = get_string(L, risk, "field", 1, "\"risk\"");
    m->zRiskSuggest = get_string(L, risk, "suggestion_field", 1, "\"risk\"");
    m->zRiskDisagree = get_string(L, risk, "disagreement_field", 1, "\"risk\"");
    m->riskValues = jt_get(risk, "values");
    if (!m->riskValues || m->riskValues->kind != JT_OBJECT) {
      load_error(L, at_key(L, "risk"), "\"risk\" needs \"values\": the decision's level -> Primero's");
      m->riskValues = NULL;
    }
  }
  L->cur = save;
  const JtNode *due = jt_get(back, "due_dates");
  if (due) {
    at_key(L, "due_dates");
    if (due->kind != JT_ARRAY) {
      load_error(L, at_value(L), "\"due_dates\" must be a list of {\"field\", \"deadline\"}");
    } else if ((m->aDue = calloc(due->n + 1, sizeof *m->aDue))) {
      for (uint32_t i = 0; i < due->n; i++) {
        const JtNode *d = &due->u.a[i];
        if (d->kind != JT_OBJECT) {
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
  const JtNode *fu = jt_get(back, "followups");
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
    m->followPrefixes = jt_get(fu, "deadlines");
    if (!m->followPrefixes || m->followPrefixes->kind != JT_ARRAY) {
      load_error(L, L->cur, "\"followups\" needs \"deadlines\": a list of rule-ID prefixes");
      m->followPrefixes = NULL;
    }
  }
  L->cur = save;
}

static void load_doc(Loader *L) {
  rr_map *m = L->m;
  const JtNode *doc = m->doc;
  if (doc->kind != JT_OBJECT) {
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
  const JtNode *rec = jt_get(doc, "record");
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
  const JtNode *ign = jt_get(doc, "ignore");
  if (ign) {
    size_t save = L->cur;
    at_key(L, "ignore");
    int ok = ign->kind == JT_ARRAY;
    for (uint32_t i = 0; ok && i < ign->n; i++) ok = ign->u.a[i].kind == JT_STRING;
    if (!ok) load_error(L, at_value(L), "\"ignore\" must be a list of Primero field names");
    else m->ignore = ign;
    L->cur = save;
  }
  const JtNode *fields = jt_get(doc, "fields");
  if (!fields || fields->kind != JT_OBJECT) {
    load_error(L, fields ? at_key(L, "fields") : 0, "the mapping needs \"fields\": an object of Primero field -> fact");
  } else {
    at_key(L, "fields");
    size_t n = fields->n;
    if (!(m->aField = calloc(n ? n : 1, sizeof *m->aField))) {
      m->diag.oom = 1;
      return;
    }
    for (uint32_t ik = 0; ik < fields->n; ik++) {
      const JtNode *v = &fields->u.a[ik];
      const char *k = v->zKey;
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
        for (uint32_t i = 0; i < m->ignore->n; i++)
          if (strcmp(m->ignore->u.a[i].u.z, k) == 0) {
            size_t save = L->cur;
            L->cur = 0;
            at_key(L, "fields");
            load_error(L, at_key(L, k), "field '%s' is both mapped and ignored", k);
            L->cur = save;
          }
    }
  }
  const JtNode *back = jt_get(doc, "back");
  if (back) {
    L->cur = 0;
    at_key(L, "back");
    if (back->kind != JT_OBJECT) load_error(L, at_value(L), "\"back\" must be an object");
    else load_back(L, back);
  }
}

int rr_map_load(rr_map **out, const rr_rules *r, const char *path) {
  rr_map *m = calloc(1, sizeof *m);
  *out = m;
  if (!m) return RR_ENOMEM;
  diag_init(&m->diag);
  arena_init(&m->arena);
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
  JtError jerr;
  m->doc = jt_parse(&m->arena, zText, n, JT_NO_DUPLICATES, &jerr);
  if (!m->doc) {
    if (jerr.oom) return RR_ENOMEM;
    size_t off = jerr.position > 0 && jerr.position <= n ? jerr.position - 1 : 0;
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
  arena_free(&m->arena);
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
  Arena *a;               /* the record's tree and the answer being built */
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

static const char *scalar_text(const JtNode *v, char *buf, size_t n) {
  if (v->kind == JT_STRING) return v->u.z;
  if (v->kind == JT_TRUE) return "true";
  if (v->kind == JT_FALSE) return "false";
  if (v->kind == JT_INT) snprintf(buf, n, "%lld", (long long)v->u.i);
  else if (v->kind == JT_REAL) snprintf(buf, n, "%g", v->u.d);
  else return NULL;
  return buf;
}

/* One scalar V for a target of type T -> a new JSON value in *OUT (NULL:
** unknown, the fact is left out).  Always a new value, never a reference to
** the mapping's: the mapping is shared by threads, and never written. */
static int map_scalar(Mapper *M, const Spec *s, const Type *t, const JtNode *v, JbNode **out) {
  *out = NULL;
  char num[64];
  if (v->kind == JT_NULL || (v->kind == JT_STRING && !*v->u.z)) return 0;
  if (s->values) {
    const char *key = scalar_text(v, num, sizeof num);
    const JtNode *to = key ? jt_get(s->values, key) : NULL;
    if (!to) {
      char list[512] = "";
      for (uint32_t ik = 0; ik < s->values->n; ik++) {
        const char *k = s->values->u.a[ik].zKey;
        if (is_note(k) || strlen(list) > sizeof list - 40) continue;
        strncat(list, *list ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, k, sizeof list - strlen(list) - 1);
      }
      if (!key) return fail(M, "expected one of the field's values (%s), got %s", list, v->kind == JT_OBJECT ? "an object" : "a list");
      return fail(M, "'%s' is not a value of this field the mapping knows (%s)", key, list);
    }
    if (to->kind == JT_NULL) return 0;
    v = to;
  }
  char buf[40];
  Arena *a = M->a;
  switch (t->k) {
  case T_INSTANT:
    if (v->kind != JT_STRING) return fail(M, "expected a date-time");
    if (to_instant(M, v->u.z, s->endOfDay, buf)) return -1;
    *out = jb_string(a, buf);
    break;
  case T_DATE:
    if (v->kind != JT_STRING) return fail(M, "expected a date");
    if (to_date(M, v->u.z, buf)) return -1;
    *out = jb_string(a, buf);
    break;
  case T_BOOL:
    if (v->kind == JT_STRING && (!strcmp(v->u.z, "true") || !strcmp(v->u.z, "false")))
      *out = jb_bool(a, v->u.z[0] == 't');
    else if (v->kind == JT_TRUE || v->kind == JT_FALSE) *out = jb_bool(a, v->kind == JT_TRUE);
    else return fail(M, "expected true or false");
    break;
  case T_INT:
  case T_NUM:
    if (v->kind == JT_INT) {
      *out = jb_int(a, v->u.i);
    } else if (v->kind == JT_REAL) {
      *out = jb_real(a, v->u.d);
    } else if (v->kind == JT_STRING) {
      char *end;
      const char *z = v->u.z;
      double d = strtod(z, &end);
      if (end == z || *end) return fail(M, "'%s' is not a number", z);
      *out = t->k == T_INT && d == (double)(long long)d ? jb_int(a, (long long)d) : jb_real(a, d);
    } else {
      return fail(M, "expected a number");
    }
    break;
  case T_ENUM: {
    if (v->kind != JT_STRING) return fail(M, "expected one of the dropdown's values");
    const EnumDef *e = &M->m->p->aEnum[t->id];
    int ok = e->iOther >= 0;
    for (int i = 0; i < e->nMember && !ok; i++) ok = strcmp(e->azMember[i], v->u.z) == 0;
    if (!ok) return fail(M, "'%s' is not a value this field can take (no value map in the mapping, and not one of %s)",
                         v->u.z, e->zName);
    *out = jb_string(a, v->u.z);
    break;
  }
  default:
    if (v->kind != JT_STRING) return fail(M, "expected a text");
    *out = jb_string(a, v->u.z);
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
static int map_value(Mapper *M, const Spec *s, const JtNode *v, JbNode **out) {
  *out = NULL;
  if (v->kind == JT_NULL) return 0;
  if (s->type->k != T_LIST) return map_scalar(M, s, s->type, v, out);
  if (v->kind != JT_ARRAY) return fail(M, "expected a list (a multi-select or a subform)");
  JbNode *list = jb_array(M->a);
  if (!list) return fail(M, "out of memory");
  for (uint32_t i = 0; i < v->n; i++) {
    const JtNode *x = &v->u.a[i];
    size_t mark = path_index(M, i);
    JbNode *el = NULL;
    int rc = 0;
    if (s->zEach || s->aSub) {
      if (x->kind != JT_OBJECT) {
        rc = fail(M, "expected a subform entry (an object)");
      } else if (s->zEach) {
        size_t mark2 = path_field(M, s->zEach);
        const JtNode *f = jt_get(x, s->zEach);
        rc = f ? map_scalar(M, s, s->type->elem, f, &el) : 0;
        if (!rc) M->path[mark2] = 0;
      } else {
        el = jb_object(M->a);
        for (int k = 0; k < s->nSub && !rc && el; k++) {
          const Spec *sub = &s->aSub[k];
          const JtNode *f = jt_get(x, sub->zField);
          JbNode *y = NULL;
          if (!f) continue;
          size_t mark2 = path_field(M, sub->zField);
          rc = map_value(M, sub, f, &y);
          if (!rc) M->path[mark2] = 0;
          if (y) jb_set(M->a, el, sub->zFact, y);
        }
        /* an entry with nothing mapped in it says nothing */
        if (el && !jb_size(el)) el = NULL;
      }
    } else {
      rc = map_scalar(M, s, s->type->elem, x, &el);
    }
    if (rc) return -1;
    M->path[mark] = 0;
    if (el) jb_append(list, el);
  }
  *out = list;
  return 0;
}

/* Sets FACTS at the dotted path Z to V, creating the groups. */
static int set_path(Arena *a, JbNode *facts, const char *z, JbNode *v) {
  JbNode *o = facts;
  for (;;) {
    const char *dot = strchr(z, '.');
    if (!dot) return jb_set(a, o, z, v);
    char key[128];
    size_t n = (size_t)(dot - z) < sizeof key - 1 ? (size_t)(dot - z) : sizeof key - 1;
    memcpy(key, z, n);
    key[n] = 0;
    JbNode *k = jb_get(o, key);
    if (jb_kind(k) != JT_OBJECT) {
      k = jb_object(a);
      if (!k || jb_set(a, o, key, k)) return -1;
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
  for (uint32_t i = 0; m->ignore && i < m->ignore->n; i++) {
    const char *z = jt_str(&m->ignore->u.a[i]);
    if (z && strcmp(z, zField) == 0) return 1;
  }
  return 0;
}

static char *error_json(const Mapper *M) {
  Arena a;
  arena_init(&a);
  JbNode *e = jb_object(&a), *o = jb_object(&a);
  int bad = jb_set(&a, o, "code", jb_string(&a, M->code ? M->code : "unprocessable")) ||
            jb_set(&a, o, "message", jb_string(&a, M->msg)) || jb_set(&a, o, "path", jb_string(&a, M->path)) ||
            jb_set(&a, e, "error", o);
  char *z = bad ? NULL : jb_to_text(e, 0);
  arena_free(&a);
  return z;
}

/* The record in TEXT: the object itself, or its "data" member. */
static const JtNode *read_record(Mapper *M, const char *text, size_t n) {
  JtError jerr;
  const JtNode *doc = jt_parse(M->a, text, n, 0, &jerr);
  if (!doc) {
    M->code = "bad_request";
    if (jerr.oom) fail(M, "out of memory");
    else fail(M, "the body is not JSON: %s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
    return NULL;
  }
  const char *zData = M->m->zDataKey ? M->m->zDataKey : "data";
  const JtNode *data = jt_get(doc, zData);
  const JtNode *rec = data && data->kind == JT_OBJECT ? data : doc;
  if (rec->kind != JT_OBJECT) {
    M->code = "bad_request";
    fail(M, "a Primero case record is a JSON object");
    return NULL;
  }
  return rec;
}

static JbNode *map_record(Mapper *M, const JtNode *rec, const char *asOf) {
  const rr_map *m = M->m;
  JbNode *facts = jb_object(M->a);
  const JtNode *id = NULL;
  const char *zAsOf = NULL;
  if (!facts) {
    fail(M, "out of memory");
    return NULL;
  }
  for (uint32_t ik = 0; ik < rec->n; ik++) {
    const JtNode *v = &rec->u.a[ik];
    const char *k = v->zKey;
    snprintf(M->path, sizeof M->path, "%s", k);
    if (m->zIdField && strcmp(k, m->zIdField) == 0) {
      id = v;
      continue;
    }
    if (m->zAsOfField && strcmp(k, m->zAsOfField) == 0) {
      zAsOf = jt_str(v);
      if (!zAsOf && v->kind != JT_NULL) goto bad_asof;
      continue;
    }
    if (is_ignored(m, k)) continue;
    const Spec *s = find_spec(m, k);
    if (!s) {
      fail(M, "Primero field '%s' is not mapped: the mapping names it neither in \"fields\" nor in \"ignore\"", k);
      return NULL;
    }
    JbNode *val = NULL;
    if (map_value(M, s, v, &val)) return NULL;
    if (val && set_path(M->a, facts, s->zFact, val)) {
      fail(M, "out of memory");
      return NULL;
    }
  }
  char idBuf[64];
  const char *zId = id ? scalar_text(id, idBuf, sizeof idBuf) : NULL;
  if (!zId || !*zId) {
    snprintf(M->path, sizeof M->path, "%s", m->zIdField ? m->zIdField : "");
    fail(M, "the record has no '%s': the case id", m->zIdField ? m->zIdField : "id");
    return NULL;
  }
  char tBuf[40];
  RrInstant t;
  if (asOf && strcmp(asOf, "now") != 0) {
    M->path[0] = 0;
    if (to_instant(M, asOf, 0, tBuf)) return NULL;
  } else if (!asOf && zAsOf && *zAsOf) {
    snprintf(M->path, sizeof M->path, "%s", m->zAsOfField);
    if (to_instant(M, zAsOf, 0, tBuf)) return NULL;
  } else {
    t = (RrInstant)time(NULL);
    rr_format_instant(m->p->zone, t, tBuf);
  }
  JbNode *c = jb_object(M->a);
  if (jb_set(M->a, c, "id", jb_string(M->a, zId)) || jb_set(M->a, c, "as_of", jb_string(M->a, tBuf)) ||
      jb_set(M->a, c, "facts", facts)) {
    fail(M, "out of memory");
    return NULL;
  }
  return c;
bad_asof:
  fail(M, "expected the date-time of the record's last update");
  return NULL;
}

int rr_map_case(const rr_map *m, const char *primeroJson, size_t n, const char *asOf, char **caseJson,
                char **errJson) {
  *caseJson = NULL;
  if (errJson) *errJson = NULL;
  if (!m || !m->ok || !primeroJson) return RR_EMISUSE;
  Arena a;
  arena_init(&a);
  Mapper M = {m, "", "", NULL, &a};
  const JtNode *rec = read_record(&M, primeroJson, n);
  JbNode *c = rec ? map_record(&M, rec, asOf) : NULL;
  if (!c) {
    if (errJson) *errJson = error_json(&M);
    arena_free(&a);
    return strcmp(M.msg, "out of memory") == 0 ? RR_ENOMEM : RR_EFACTS;
  }
  *caseJson = jb_to_text(c, 0);
  arena_free(&a);
  return *caseJson ? RR_OK : RR_ENOMEM;
}

/* }==== */

/* {==== a decision -> the PATCH body ==================================== */

static const char *str_at(const JtNode *o, const char *k) { return jt_str(jt_get(o, k)); }

static int is_open(const char *zStatus) {
  return zStatus && (!strcmp(zStatus, "pending") || !strcmp(zStatus, "overdue") || !strcmp(zStatus, "due_immediately"));
}

/* Sets DATA[K] = V unless the record already holds that value. */
static void put_changed(Arena *a, JbNode *data, const JtNode *rec, const char *k, JbNode *v) {
  if (!v) return;
  if (!jb_equal(jt_get(rec, k), v)) jb_set(a, data, k, v);
}

static void back_risk(const rr_map *m, Arena *a, const JtNode *dec, const JtNode *rec, JbNode *data) {
  const char *zLevel = jt_str(jt_get(jt_get(dec, "risk"), "level"));
  const JtNode *to = zLevel ? jt_get(m->riskValues, zLevel) : NULL;
  const char *zSuggest = jt_str(to);   /* NULL: no Primero level for it (none, out of scope) */
  const char *zCur = str_at(rec, m->zRiskField), *zPrev = str_at(rec, m->zRiskSuggest);
  if (zCur && !*zCur) zCur = NULL;
  put_changed(a, data, rec, m->zRiskSuggest, zSuggest ? jb_string(a, zSuggest) : jb_null(a));
  int disagree = 0;
  if (zSuggest) {
    /* the level is ours to set when the field is empty or still holds our
    ** last suggestion; anything else was set by hand and stays */
    if (!zCur || (zPrev && strcmp(zCur, zPrev) == 0)) put_changed(a, data, rec, m->zRiskField, jb_string(a, zSuggest));
    else disagree = strcmp(zCur, zSuggest) != 0;
  }
  const JtNode *was = jt_get(rec, m->zRiskDisagree);
  if (disagree || (was && was->kind == JT_TRUE)) put_changed(a, data, rec, m->zRiskDisagree, jb_bool(a, disagree));
}

/* The entry of deadline ZID that governs: the open one due first, else the
** first with a due date. */
static const JtNode *find_deadline(const JtNode *dls, const char *zId) {
  const JtNode *best = NULL;
  for (uint32_t i = 0; dls && dls->kind == JT_ARRAY && i < dls->n; i++) {
    const JtNode *x = &dls->u.a[i];
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

static JbNode *local_date(Arena *a, const char *zInstant) {
  /* the decision writes instants in local time: the date is their first ten characters */
  char d[11];
  if (!zInstant || strlen(zInstant) < 10) return NULL;
  memcpy(d, zInstant, 10);
  d[10] = 0;
  return jb_string(a, d);
}

static int has_entry(const JtNode *subform, const char *zUnique) {
  for (uint32_t i = 0; subform && subform->kind == JT_ARRAY && i < subform->n; i++) {
    const char *z = str_at(&subform->u.a[i], "unique_id");
    if (z && strcmp(z, zUnique) == 0) return 1;
  }
  return 0;
}

static int has_added(const JbNode *add, const char *zUnique) {
  for (const JbNode *x = jb_first(add); x; x = jb_next(x)) {
    const char *z = jb_str(jb_get(x, "unique_id"));
    if (z && strcmp(z, zUnique) == 0) return 1;
  }
  return 0;
}

static void back_followups(const rr_map *m, Arena *a, const JtNode *dls, const JtNode *rec, JbNode *data) {
  const JtNode *existing = jt_get(rec, m->zFollowSubform);
  JbNode *add = jb_array(a);
  if (!add) return;
  for (uint32_t i = 0; dls && dls->kind == JT_ARRAY && i < dls->n; i++) {
    const JtNode *x = &dls->u.a[i];
    const char *zId = str_at(x, "id"), *zDue = str_at(x, "due_at");
    if (!zId || !zDue || !is_open(str_at(x, "status"))) continue;
    int want = 0;
    for (uint32_t j = 0; j < m->followPrefixes->n && !want; j++) {
      const char *zp = jt_str(&m->followPrefixes->u.a[j]);
      want = zp && strncmp(zId, zp, strlen(zp)) == 0;
    }
    if (!want) continue;
    char unique[256];
    const JtNode *inst = jt_get(x, "instance");
    char ib[64] = "";
    if (inst && inst->kind != JT_NULL) {
      const char *zi = scalar_text(inst, ib + 1, sizeof ib - 1);
      if (zi) snprintf(ib, sizeof ib, "-%s", zi);
    }
    snprintf(unique, sizeof unique, "rregull-%s%s-%.10s", zId, ib, zDue);
    if (has_entry(existing, unique) || has_added(add, unique)) continue;
    JbNode *e = jb_object(a);
    if (!e) continue;
    jb_set(a, e, "unique_id", jb_string(a, unique));
    if (m->zFollowTypeField && m->zFollowType) jb_set(a, e, m->zFollowTypeField, jb_string(a, m->zFollowType));
    jb_set(a, e, m->zFollowNeededBy, local_date(a, zDue));
    if (m->zFollowComments) {
      char note[512];
      snprintf(note, sizeof note, "%s: due %s (%s, rregull)", zId, zDue, str_at(x, "status"));
      jb_set(a, e, m->zFollowComments, jb_string(a, note));
    }
    jb_append(add, e);
  }
  if (jb_size(add)) jb_set(a, data, m->zFollowSubform, add);
}

static JbNode *map_back(const rr_map *m, Arena *a, const JtNode *dec, const JtNode *rec) {
  JbNode *data = jb_object(a);
  if (!data) return NULL;
  const JtNode *dls = jt_get(dec, "deadlines");
  if (m->zRiskField && m->riskValues) back_risk(m, a, dec, rec, data);
  for (int i = 0; i < m->nDue; i++) {
    const JtNode *d = find_deadline(dls, m->aDue[i].zDeadline);
    if (!d) continue;   /* not started yet: a date someone set stays */
    put_changed(a, data, rec, m->aDue[i].zField, local_date(a, str_at(d, "due_at")));
    if (m->aDue[i].zInstantField)
      put_changed(a, data, rec, m->aDue[i].zInstantField, jb_string(a, str_at(d, "due_at")));
  }
  if (m->zFollowSubform && m->followPrefixes) back_followups(m, a, dls, rec, data);
  if (m->zActionsField) {
    JbNode *ids = jb_array(a);
    const JtNode *acts = jt_get(dec, "next_actions");
    for (uint32_t i = 0; ids && acts && acts->kind == JT_ARRAY && i < acts->n; i++) {
      const char *z = str_at(&acts->u.a[i], "id");
      if (z) jb_append(ids, jb_string(a, z));
    }
    put_changed(a, data, rec, m->zActionsField, ids);
  }
  JbNode *patch = jb_object(a);
  if (jb_set(a, patch, m->zDataKey ? m->zDataKey : "data", data)) return NULL;
  return patch;
}

static int back_text(const rr_map *m, Arena *a, const char *decisionJson, const JtNode *rec, int pretty,
                     char **patchJson) {
  JtError je;
  const JtNode *dec = jt_parse(a, decisionJson, strlen(decisionJson), 0, &je);
  if (!dec) return je.oom ? RR_ENOMEM : RR_EMISUSE;
  JbNode *patch = map_back(m, a, dec, rec);
  if (!patch || a->failed) return RR_ENOMEM;
  *patchJson = jb_to_text(patch, pretty);
  return *patchJson ? RR_OK : RR_ENOMEM;
}

int rr_map_back(const rr_map *m, const char *decisionJson, const char *primeroJson, size_t n, char **patchJson) {
  *patchJson = NULL;
  if (!m || !m->ok || !decisionJson || !primeroJson) return RR_EMISUSE;
  Arena a;
  arena_init(&a);
  Mapper M = {m, "", "", NULL, &a};
  const JtNode *rec = read_record(&M, primeroJson, n);
  int rc = rec ? back_text(m, &a, decisionJson, rec, 0, patchJson) : RR_EMISUSE;
  arena_free(&a);
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
  Arena a;
  arena_init(&a);
  Mapper M = {m, "", "", NULL, &a};
  char *zCase = NULL, *zDec = NULL, *zPatch = NULL;
  const JtNode *rec = read_record(&M, primeroJson, n);
  JbNode *c = rec ? map_record(&M, rec, asOf) : NULL;
  int rc = RR_EFACTS;
  if (!c) goto out;
  zCase = jb_to_text(c, 0);
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
  rc = back_text(m, &a, zDec, rec, pretty, &zPatch);
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
  arena_free(&a);
  free(zCase);
  rr_free(zDec);
  free(zPatch);
  return rc;
}

/* }==== */
