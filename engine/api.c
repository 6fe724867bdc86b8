/*
** api.c - the public library (rregull.h) on top of the engine's modules:
** rule sets (decide.c, ruleset.c), evaluation (decide.c, eval.c), rendering
** (render.c), JSON (json.c) and the case store (store.c); batches are in
** batch.c.  It turns a rendered decision into the rows the store keeps: the
** report's scalars, the rules that hold, the deadlines.
*/
#include "api.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render.h"
#include "ruleset.h"

int api_error(char *buf, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, API_ERR_SIZE, fmt, ap);
  va_end(ap);
  return rc;
}

const char *rr_version(void) { return RREGULL_VERSION; }
void rr_free(void *p) { free(p); }

/* {==== rule sets ========================================================= */

int rr_rules_load(rr_rules **out, const char *const *paths, int nPaths) {
  rr_rules *r = calloc(1, sizeof *r);
  *out = r;
  if (!r) return RR_ENOMEM;
  int nErr = book_load(&r->b, paths, nPaths);
  r->ok = nErr == 0 && !r->b.oom;
  return r->ok ? RR_OK : r->b.oom ? RR_ENOMEM : RR_EPOLICY;
}

const char *rr_rules_errors(const rr_rules *r) {
  return r && r->b.zErrors ? r->b.zErrors : "rregull: error: out of memory\n";
}

const char *rr_rules_hash(const rr_rules *r) { return r && r->ok ? book_hash(&r->b) : ""; }

int rr_rules_overlays(const rr_rules *r) { return r && r->ok ? r->b.nOverlay : 0; }

const char *rr_rules_overlay_name(const rr_rules *r, int i) {
  return r && r->ok && i >= 0 && i < r->b.nOverlay ? r->b.aOverlay[i].prog.zOverlay : NULL;
}

/* The hash of the rule set that decided E's last case: national, or the overlay's. */
static const char *decided_hash(const rr_eval *e) {
  int k = e->dec.iOverlay;
  return ruleset_hash(k >= 0 ? &e->r->b.aOverlay[k] : &e->r->b.national);
}

void rr_rules_free(rr_rules *r) {
  if (!r) return;
  book_free(&r->b);
  free(r);
}

/* }==== */

/* {==== evaluation ======================================================== */

int rr_eval_new(rr_eval **out, const rr_rules *r) {
  *out = NULL;
  if (!r || !r->ok) return RR_EMISUSE;
  rr_eval *e = calloc(1, sizeof *e);
  if (!e) return RR_ENOMEM;
  e->r = r;
  e->aLeaf = calloc((size_t)r->b.national.prog.nSlot + 1, sizeof *e->aLeaf);
  if (!e->aLeaf || decider_init(&e->dec, &r->b)) {
    decider_free(&e->dec);
    free(e->aLeaf);
    free(e);
    return RR_ENOMEM;
  }
  case_init(&e->ci);
  arena_init(&e->render);
  *out = e;
  return RR_OK;
}

const char *rr_eval_errmsg(const rr_eval *e) { return e ? e->err : "no evaluation context"; }

int rr_eval_set_municipality(rr_eval *e, const char *name) {
  if (!e) return RR_EMISUSE;
  if (!name) {
    e->dec.zForce = NULL;
    return RR_OK;
  }
  if (decider_force(&e->dec, name))
    return api_error(e->err, RR_EMISUSE, "no overlay loaded is for '%s'", name);
  return RR_OK;
}

int rr_eval_hook_failed(const rr_eval *e) { return e && e->dec.hookFailed; }

void rr_eval_free(rr_eval *e) {
  if (!e) return;
  api_lang_free(e);
  free(e->aLeaf);
  arena_free(&e->render);
  case_free(&e->ci);
  decider_free(&e->dec);
  free(e);
}

/* Renders the decision of the case just evaluated into E's arena. */
int api_render(rr_eval *e, Value *report) {
  if (!e->r->b.national.prog.report)
    return api_error(e->err, RR_EPOLICY, "the rule set has no report: declare the decision with 'report NAME { ... }'");
  arena_reset(&e->render);
  *report = render_report(e->cur, &e->render);
  if (e->lang && !e->cur->zErr) *report = api_texts(e, *report);   /* rr_eval_set_lang: "texts" */
  return e->cur->zErr ? api_error(e->err, RR_ENOMEM, "out of memory while rendering the decision") : RR_OK;
}

int api_to_text(rr_eval *e, Value report, int pretty, char **decision) {
  *decision = json_to_string(e->cur, report, pretty);
  return *decision ? RR_OK : api_error(e->err, RR_ENOMEM, "out of memory while writing the decision");
}

static int decision_json(rr_eval *e, int pretty, char **decision) {
  Value report;
  int rc = api_render(e, &report);
  return rc ? rc : api_to_text(e, report, pretty, decision);
}

int rr_eval_json(rr_eval *e, const char *caseJson, size_t n, int pretty, char **decision) {
  *decision = NULL;
  if (!e) return RR_EMISUSE;
  int rc = json_read_case(&e->r->b.national.prog, caseJson, n, &e->ci, e->err, sizeof e->err);
  if (rc) return rc == -2 ? RR_ENOMEM : RR_EFACTS;
  if (eval_requirements(&e->dec.national, e->ci.facts, e->ci.asOf, e->err, sizeof e->err)) return RR_EFACTS;
  e->cur = decide(&e->dec, e->ci.facts, e->ci.asOf, e->ci.zId);
  return decision_json(e, pretty, decision);
}

/* }==== */

/* {==== the case store ==================================================== */

int rr_db_open(rr_db **out, const char *path, int mode) {
  rr_db *db = calloc(1, sizeof *db);
  *out = db;
  if (!db || !(db->zPath = strdup(path))) return RR_ENOMEM;
  if (mode != RR_DB_OPEN && mode != RR_DB_CREATE && mode != RR_DB_READONLY)
    return api_error(db->err, RR_EMISUSE, "rr_db_open: mode %d is none of RR_DB_OPEN, RR_DB_CREATE, RR_DB_READONLY",
                   mode);
  int storeMode = mode == RR_DB_CREATE ? STORE_CREATE : mode == RR_DB_READONLY ? STORE_READ : STORE_OPEN;
  return store_open(&db->s, path, storeMode, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

const char *rr_db_errmsg(const rr_db *db) { return db ? db->err : "out of memory"; }

void rr_db_close(rr_db *db) {
  if (!db) return;
  store_close(db->s);
  free(db->zPath);
  free(db->zChanged);
  free(db);
}

int rr_db_begin(rr_db *db) {
  if (!db || !db->s) return RR_EMISUSE;
  return store_begin(db->s, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

int rr_db_commit(rr_db *db) {
  if (!db || !db->s) return RR_EMISUSE;
  return store_commit(db->s, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

void rr_db_rollback(rr_db *db) {
  if (db && db->s) store_rollback(db->s);
}

int api_parse_time(const char *z, RrInstant *t, char *err, const char *what) {
  if (strcmp(z, "now") == 0) {                     /* the present instant */
    *t = (RrInstant)time(NULL);
    return RR_OK;
  }
  if (rr_parse_instant(z, strlen(z), t))
    return api_error(err, RR_EMISUSE, "%s: '%s' is not a date-time with an offset (e.g. 2025-03-05T10:00:00+01:00)",
                   what, z);
  return RR_OK;
}

int rr_db_import(rr_db *db, rr_eval *e, const char *caseJson, size_t n, const char *source,
                 const char *by, const char *recordedAt, int *nChanged) {
  int changed = 0;
  if (nChanged) *nChanged = 0;
  if (!db || !db->s || !e) return RR_EMISUSE;
  free(db->zChanged);
  db->zChanged = NULL;
  const Program *p = &e->r->b.national.prog;
  int rc = json_read_case_leaves(p, caseJson, n, &e->ci, e->aLeaf, db->err, sizeof db->err);
  if (rc) return rc == -2 ? RR_ENOMEM : RR_EFACTS;
  if (eval_requirements(&e->dec.national, e->ci.facts, e->ci.asOf, db->err, sizeof db->err)) return RR_EFACTS;
  if (!e->ci.zId || !*e->ci.zId)
    return api_error(db->err, RR_EFACTS, "missing \"id\": the case id under which the facts are recorded");
  RrInstant rec = e->ci.asOf;
  if (recordedAt && api_parse_time(recordedAt, &rec, db->err, "recorded at")) return RR_EMISUSE;
  int own, *aChanged = malloc((size_t)(p->nSlot ? p->nSlot : 1) * sizeof *aChanged);
  if (!aChanged) return api_error(db->err, RR_ENOMEM, "out of memory");
  if (store_atomic_begin(db->s, &own, db->err, sizeof db->err)) {
    free(aChanged);
    return RR_EDB;
  }
  int ok = store_import_case(db->s, p, e->ci.zId, e->ci.asOf, e->aLeaf, by ? by : "rregull",
                             rec, source, &changed, aChanged, db->err, sizeof db->err) == 0;
  if (ok) {
    size_t len = 1;
    for (int i = 0; i < changed; i++) len += strlen(p->aSlot[aChanged[i]]->zPath) + 1;
    db->zChanged = malloc(len);
    if (db->zChanged) {
      char *z = db->zChanged;
      for (int i = 0; i < changed; i++) {
        size_t k = strlen(p->aSlot[aChanged[i]]->zPath);
        memcpy(z, p->aSlot[aChanged[i]]->zPath, k);
        z[k] = '\n';
        z += k + 1;
      }
      *z = 0;
    }
  }
  free(aChanged);
  char err2[1024];
  if (store_atomic_end(db->s, own, ok, err2, sizeof err2) && ok) {
    memcpy(db->err, err2, sizeof err2);
    return RR_EDB;
  }
  if (ok && nChanged) *nChanged = changed;
  return ok ? RR_OK : RR_EDB;
}

const char *rr_db_import_changes(const rr_db *db) {
  return db && db->zChanged ? db->zChanged : "";
}

static int put_fact(void *ud, int slot, const RawFact *f, char *err, size_t n) {
  rr_eval *e = ud;
  return json_read_fact(&e->r->b.national.prog, slot, f, &e->ci, err, n);
}

/* Loads a stored case's facts up to T and evaluates it at T.  Errors go to
** ERR: RR_ENOTFOUND, RR_EFACTS (a stored fact breaks the declarations),
** RR_EDB. */
static int eval_stored(rr_db *db, rr_eval *e, const char *caseId, RrInstant t, char *err) {
  const Program *p = &e->r->b.national.prog;
  if (json_begin_case(p, &e->ci, caseId, t)) return api_error(err, RR_ENOMEM, "out of memory");
  char msg[1024];
  int rc = store_read_facts(db->s, p, caseId, t, put_fact, e, msg, sizeof msg);
  if (rc == RR_STORE_NOTFOUND) return api_error(err, RR_ENOTFOUND, "no case '%s' in the database", caseId);
  if (rc == -2 || e->ci.arena.failed) return api_error(err, RR_ENOMEM, "out of memory");
  if (rc) {
    /* a message that names the case came from the store; a fact's comes from json.c */
    if (strncmp(msg, "case ", 5) == 0 || strncmp(msg, "facts.", 6) != 0) return api_error(err, RR_EFACTS, "%s", msg);
    return api_error(err, RR_EFACTS, "case %s: %s", caseId, msg);
  }
  eval_hide_future(p, e->ci.facts, t);            /* events after t have not happened, as for a case file */
  if (eval_requirements(&e->dec.national, e->ci.facts, t, msg, sizeof msg))
    return api_error(err, RR_EFACTS, "case %s: %s", caseId, msg);
  e->cur = decide(&e->dec, e->ci.facts, t, e->ci.zId);
  return RR_OK;
}

/* The rows a stored decision adds besides its JSON. */
typedef struct Rows {
  StoreField *aField;
  int nField, capField;
  StoreRule *aRule;
  int nRule;
  StoreDeadline *aDl;
  int nDl;
} Rows;

static const char *text_of(Eval *e, Value v) {
  return v.tag == V_TEXT ? arena_strndup(e->render, v.u.s, (size_t)v.n)
                         : v_known(v) && v.tag != V_NULL ? value_text(e, v) : NULL;
}

/* An instant as the decision writes it (local, with its offset) or in UTC. */
static const char *instant_text(Eval *e, RrInstant t, int utc) {
  char *z = arena_alloc(e->render, 32);
  if (!z) e->zErr = "out of memory while rendering";
  if (z && utc) rr_format_utc(t, z);
  else if (z) rr_format_instant(e->p->zone, t, z);
  return z;
}

static void add_field(Rows *rw, Eval *e, const char *zName, Value v) {
  if (rw->nField == rw->capField) {
    int cap = rw->capField ? rw->capField * 2 : 32;
    StoreField *na = arena_alloc(e->render, (size_t)cap * sizeof *na);
    if (!na) return;
    if (rw->nField) memcpy(na, rw->aField, (size_t)rw->nField * sizeof *na);
    rw->aField = na;
    rw->capField = cap;
  }
  StoreField *f = &rw->aField[rw->nField++];
  memset(f, 0, sizeof *f);
  f->zName = zName;
  switch (v.tag) {
    case V_BOOL: case V_INT: f->type = SF_INT; f->i = v.u.i; break;
    case V_NUM: f->type = SF_REAL; f->d = v.u.d; break;
    case V_UNKNOWN: case V_NULL: f->type = SF_NULL; break;
    default: f->type = SF_TEXT; f->z = text_of(e, v); if (!f->z) f->type = SF_NULL; break;
  }
}

/* The report's scalars, and those of its objects one level down joined with
** '_' (risk.level -> risk_level): the columns a case system filters on. */
static void report_fields(Rows *rw, Eval *e, Value report) {
  if (report.tag != V_OBJ) return;
  const Obj *o = report.u.obj;
  for (int i = 0; i < o->n; i++) {
    Value v = o->vals[i];
    if (v_is_scalar(v)) {
      add_field(rw, e, o->keys[i], v);
    } else if (v.tag == V_OBJ) {
      for (int k = 0; k < v.u.obj->n; k++) {
        if (!v_is_scalar(v.u.obj->vals[k])) continue;
        add_field(rw, e, arena_printf(e->render, "%s_%s", o->keys[i], v.u.obj->keys[k]), v.u.obj->vals[k]);
      }
    }
  }
}

/* The rows of the decision E holds: the report's scalars, the rules that
** hold, and each deadline as render_deadline words it (the same DeadlineRow
** the decision's "deadlines" entries are made of).  Texts live in e->render.
** Returns 0, or -1 when memory ran out. */
static int collect_rows(Rows *rw, Eval *e, Value report) {
  const Program *p = e->p;
  memset(rw, 0, sizeof *rw);
  report_fields(rw, e, report);
  rw->aRule = arena_alloc(e->render, (size_t)(2 * p->nRule + 1) * sizeof *rw->aRule);
  rw->aDl = arena_alloc(e->render, (size_t)(e->nInst + 1) * sizeof *rw->aDl);
  if (!rw->aRule || !rw->aDl) return -1;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->iCanon != i || !e->fired[i]) continue;
    /* a rule that applies a reading is listed under its construct and as an interpretation */
    for (int pass = 0; pass < 2; pass++) {
      int kind = pass ? RK_INTERPRETATION : r->kind;
      if (pass && (!r->isInterpretation || r->kind == RK_INTERPRETATION)) break;
      if (!kind_has(kind, KF_OUTCOME)) continue;   /* what a case system asks about */
      StoreRule *x = &rw->aRule[rw->nRule++];
      x->zId = r->zId;
      x->zKind = kind_name(kind);
      x->zValue = e->res[i].tag == V_BOOL ? NULL : text_of(e, e->res[i]);
    }
  }
  for (int k = 0; k < e->nInst; k++) {
    DeadlineRow d;
    render_deadline(e, k, &d);
    StoreDeadline *x = &rw->aDl[rw->nDl++];
    x->zId = d.zId;
    x->zInstance = d.instance.z ? arena_strndup(e->render, d.instance.z, (size_t)d.instance.n) : NULL;
    x->zStart = d.hasStartAt ? instant_text(e, d.startAt, 0) : NULL;
    x->zDue = d.hasDueAt ? instant_text(e, d.dueAt, 0) : NULL;
    x->zDueUtc = d.hasDueAt ? instant_text(e, d.dueAt, 1) : NULL;
    x->zDone = d.hasCompletedAt ? instant_text(e, d.completedAt, 0) : NULL;
    x->zStatus = eval_status_name(d.status);
    x->zResponsible = d.zResponsible;
  }
  return e->zErr || e->render->failed ? -1 : 0;      /* no row with a text silently missing */
}

int api_decision_rows(rr_eval *e, const char *caseId, Value report, const char *zJson, StoreDecision *d,
                      char *err) {
  Eval *ev = e->cur;
  Arena *saved = ev->render;
  ev->render = &e->render;
  char *asOf = arena_alloc(&e->render, 32), *asOfUtc = arena_alloc(&e->render, 32);
  Rows rw;
  int rc = asOf && asOfUtc ? collect_rows(&rw, ev, report) : -1;
  ev->render = saved;
  if (rc) return api_error(err, RR_ENOMEM, "out of memory while preparing the decision");
  rr_format_instant(ev->p->zone, ev->asOf, asOf);
  rr_format_utc(ev->asOf, asOfUtc);
  StoreDecision x = {caseId, asOf, asOfUtc, decided_hash(e), zJson, rw.aField, rw.nField,
                     rw.aRule, rw.nRule, rw.aDl, rw.nDl};
  *d = x;
  return RR_OK;
}

/* Writes the decision of the case just evaluated: REPORT as rendered, ZJSON
** its text. */
int api_write_decision(rr_db *db, rr_eval *e, int64_t batch, const char *caseId, Value report,
                       const char *zJson) {
  StoreDecision d;
  int rc = api_decision_rows(e, caseId, report, zJson, &d, db->err);
  if (rc) return rc;
  return store_write_decision(db->s, batch, &d, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

int rr_db_eval(rr_db *db, rr_eval *e, const char *caseId, const char *asOf, int pretty,
               int store, char **decision) {
  *decision = NULL;
  if (!db || !db->s || !e || !caseId) return RR_EMISUSE;
  RrInstant t;
  if (asOf) {
    if (api_parse_time(asOf, &t, db->err, "--as-of")) return RR_EMISUSE;
  } else {
    int rc = store_case_as_of(db->s, caseId, &t, db->err, sizeof db->err);
    if (rc == RR_STORE_NOTFOUND) return api_error(db->err, RR_ENOTFOUND, "no case '%s' in the database", caseId);
    if (rc) return RR_EDB;
  }
  int rc = eval_stored(db, e, caseId, t, db->err);
  if (rc) return rc;
  Value report;
  char *compact = NULL;
  if ((rc = api_render(e, &report)) != RR_OK || (rc = api_to_text(e, report, pretty, decision)) != RR_OK ||
      (store && (rc = api_to_text(e, report, 0, &compact)) != RR_OK)) {
    memcpy(db->err, e->err, sizeof db->err);
    free(*decision);
    *decision = NULL;
    return rc;
  }
  if (!store) return RR_OK;
  int own;
  if (store_atomic_begin(db->s, &own, db->err, sizeof db->err)) { free(compact); return RR_EDB; }
  rc = api_write_decision(db, e, 0, caseId, report, compact);
  char err2[1024];
  if (store_atomic_end(db->s, own, rc == RR_OK, err2, sizeof err2) && rc == RR_OK) {
    memcpy(db->err, err2, sizeof err2);
    rc = RR_EDB;
  }
  free(compact);
  return rc;
}

typedef struct SummaryCtx {
  int (*fn)(void *ud, const rr_case_summary *c);
  void *ud;
} SummaryCtx;

static int one_summary(void *ud, const char *zCaseId, const char *zAsOf, const char *zRisk,
                       const char *zHazards, int nOverdue, const char *zActions, const char *zOverlay) {
  SummaryCtx *c = ud;
  rr_case_summary s = {zCaseId, zAsOf, zRisk, zHazards ? zHazards : "", zActions ? zActions : "", nOverdue,
                       zOverlay};
  return c->fn(c->ud, &s);
}

int rr_db_summaries(rr_db *db, const char *where, int (*fn)(void *ud, const rr_case_summary *c), void *ud) {
  if (!db || !db->s || !fn) return RR_EMISUSE;
  SummaryCtx c = {fn, ud};
  return store_summaries(db->s, where, one_summary, &c, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

/* }==== */
