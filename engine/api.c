/*
** api.c - the public library (rregull.h) on top of the engine's modules:
** rule sets (ruleset.c), evaluation (eval.c), JSON (json.c) and the case
** store (facts.c).  It turns a rendered decision into the rows the store
** keeps: the report's scalars, the rules that hold, the deadlines.
*/
#include "api.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int set_err(char *buf, int rc, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
static int set_err(char *buf, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, 1024, fmt, ap);
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

const char *rr_rules_hash(const rr_rules *r) { return r && r->ok ? r->b.zHash : ""; }

int rr_rules_overlays(const rr_rules *r) { return r && r->ok ? r->b.nOverlay : 0; }

const char *rr_rules_overlay_name(const rr_rules *r, int i) {
  return r && r->ok && i >= 0 && i < r->b.nOverlay ? r->b.aOverlay[i].prog.zOverlay : NULL;
}

/* The hash of the rule set that decided E's last case: national, or the overlay's. */
static const char *decided_hash(const rr_eval *e) {
  int k = e->dec.iOverlay;
  return k >= 0 ? e->r->b.aOverlay[k].zHash : e->r->b.national.zHash;
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
    return set_err(e->err, RR_EMISUSE, "no overlay loaded is for '%s'", name);
  return RR_OK;
}

int rr_eval_hook_failed(const rr_eval *e) { return e && e->dec.hookFailed; }

void rr_eval_free(rr_eval *e) {
  if (!e) return;
  free(e->aLeaf);
  arena_free(&e->render);
  case_free(&e->ci);
  decider_free(&e->dec);
  free(e);
}

/* Renders the decision of the case just evaluated into E's arena. */
static int render(rr_eval *e, Value *report) {
  if (!e->r->b.national.prog.report)
    return set_err(e->err, RR_EPOLICY, "the rule set has no report: declare the decision with 'report NAME { ... }'");
  arena_reset(&e->render);
  *report = render_report(e->cur, &e->render);
  return e->cur->zErr ? set_err(e->err, RR_ENOMEM, "out of memory while rendering the decision") : RR_OK;
}

static int to_text(rr_eval *e, Value report, int pretty, char **decision) {
  *decision = json_to_string(e->cur, report, pretty);
  return *decision ? RR_OK : set_err(e->err, RR_ENOMEM, "out of memory while writing the decision");
}

static int decision_json(rr_eval *e, int pretty, char **decision) {
  Value report;
  int rc = render(e, &report);
  return rc ? rc : to_text(e, report, pretty, decision);
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
    return set_err(db->err, RR_EMISUSE, "rr_db_open: mode %d is none of RR_DB_OPEN, RR_DB_CREATE, RR_DB_READONLY",
                   mode);
  int storeMode = mode == RR_DB_CREATE ? STORE_CREATE : mode == RR_DB_READONLY ? STORE_READ : STORE_OPEN;
  return store_open(&db->s, path, storeMode, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

const char *rr_db_errmsg(const rr_db *db) { return db ? db->err : "out of memory"; }

void rr_db_close(rr_db *db) {
  if (!db) return;
  store_close(db->s);
  free(db->zPath);
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

static int parse_time(const char *z, RrInstant *t, char *err, const char *what) {
  if (strcmp(z, "now") == 0) {                     /* the present instant */
    *t = (RrInstant)time(NULL);
    return RR_OK;
  }
  if (rr_parse_instant(z, strlen(z), t))
    return set_err(err, RR_EMISUSE, "%s: '%s' is not a date-time with an offset (e.g. 2025-03-05T10:00:00+01:00)",
                   what, z);
  return RR_OK;
}

int rr_db_import(rr_db *db, rr_eval *e, const char *caseJson, size_t n, const char *source,
                 const char *by, const char *recordedAt, int *nChanged) {
  int changed = 0;
  if (nChanged) *nChanged = 0;
  if (!db || !db->s || !e) return RR_EMISUSE;
  const Program *p = &e->r->b.national.prog;
  int rc = json_read_case_leaves(p, caseJson, n, &e->ci, e->aLeaf, db->err, sizeof db->err);
  if (rc) return rc == -2 ? RR_ENOMEM : RR_EFACTS;
  if (eval_requirements(&e->dec.national, e->ci.facts, e->ci.asOf, db->err, sizeof db->err)) return RR_EFACTS;
  if (!e->ci.zId || !*e->ci.zId)
    return set_err(db->err, RR_EFACTS, "missing \"id\": the case id under which the facts are recorded");
  RrInstant rec = e->ci.asOf;
  if (recordedAt && parse_time(recordedAt, &rec, db->err, "recorded at")) return RR_EMISUSE;
  int own;
  if (store_atomic_begin(db->s, &own, db->err, sizeof db->err)) return RR_EDB;
  int ok = store_import_case(db->s, p, e->ci.zId, e->ci.asOf, e->aLeaf, by ? by : "rregull",
                             rec, source, &changed, db->err, sizeof db->err) == 0;
  char err2[1024];
  if (store_atomic_end(db->s, own, ok, err2, sizeof err2) && ok) {
    memcpy(db->err, err2, sizeof err2);
    return RR_EDB;
  }
  if (ok && nChanged) *nChanged = changed;
  return ok ? RR_OK : RR_EDB;
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
  if (json_begin_case(p, &e->ci, caseId, t)) return set_err(err, RR_ENOMEM, "out of memory");
  char msg[1024];
  int rc = store_read_facts(db->s, p, caseId, t, put_fact, e, msg, sizeof msg);
  if (rc == RR_STORE_NOTFOUND) return set_err(err, RR_ENOTFOUND, "no case '%s' in the database", caseId);
  if (rc == -2 || e->ci.arena.failed) return set_err(err, RR_ENOMEM, "out of memory");
  if (rc) {
    /* a message that names the case came from the store; a fact's comes from json.c */
    if (strncmp(msg, "case ", 5) == 0 || strncmp(msg, "facts.", 6) != 0) return set_err(err, RR_EFACTS, "%s", msg);
    return set_err(err, RR_EFACTS, "case %s: %s", caseId, msg);
  }
  eval_hide_future(p, e->ci.facts, t);            /* events after t have not happened, as for a case file */
  if (eval_requirements(&e->dec.national, e->ci.facts, t, msg, sizeof msg))
    return set_err(err, RR_EFACTS, "case %s: %s", caseId, msg);
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

static int is_scalar(Value v) {
  return v.tag != V_LIST && v.tag != V_OBJ && v.tag != V_RULES && v.tag != V_REC;
}

/* The report's scalars, and those of its objects one level down joined with
** '_' (risk.level -> risk_level): the columns a case system filters on. */
static void report_fields(Rows *rw, Eval *e, Value report) {
  if (report.tag != V_OBJ) return;
  const Obj *o = report.u.obj;
  for (int i = 0; i < o->n; i++) {
    Value v = o->vals[i];
    if (is_scalar(v)) {
      add_field(rw, e, o->keys[i], v);
    } else if (v.tag == V_OBJ) {
      for (int k = 0; k < v.u.obj->n; k++) {
        if (!is_scalar(v.u.obj->vals[k])) continue;
        add_field(rw, e, arena_printf(e->render, "%s_%s", o->keys[i], v.u.obj->keys[k]), v.u.obj->vals[k]);
      }
    }
  }
}

/* The constructs whose holding rules a case system asks about. */
static int outcome_kind(int kind) {
  switch (kind) {
    case RK_HAZARD: case RK_WFCL: case RK_FACTOR: case RK_ASSISTANCE: case RK_ACTION:
    case RK_ADVISORY: case RK_REASON: case RK_PRECONDITION: case RK_DISCRETIONARY: case RK_STEP:
    case RK_FINDING: case RK_INTERPRETATION:
      return 1;
    default:
      return 0;
  }
}

static Value obj_get(Value o, const char *key) {
  if (o.tag == V_OBJ)
    for (int i = 0; i < o.u.obj->n; i++) if (strcmp(o.u.obj->keys[i], key) == 0) return o.u.obj->vals[i];
  return v_unknown();
}

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
      if (!outcome_kind(kind)) continue;
      StoreRule *x = &rw->aRule[rw->nRule++];
      x->zId = r->zId;
      x->zKind = kind_name(kind);
      x->zValue = e->res[i].tag == V_BOOL ? NULL : text_of(e, e->res[i]);
    }
  }
  for (int k = 0; k < e->nInst; k++) {
    const DlInst *d = &e->aInst[k];
    Value o = render_deadline(e, k);
    StoreDeadline *x = &rw->aDl[rw->nDl++];
    x->zId = p->aRule[d->rule].zId;
    x->zInstance = text_of(e, obj_get(o, "instance"));
    x->zStart = text_of(e, obj_get(o, "start_at"));
    x->zDue = text_of(e, obj_get(o, "due_at"));
    if (d->hasDue) {
      char *utc = arena_alloc(e->render, 32);
      if (utc) rr_format_utc(d->due, utc);
      x->zDueUtc = utc;
    }
    x->zDone = text_of(e, obj_get(o, "completed_at"));
    x->zStatus = eval_status_name(d->status);
    x->zResponsible = text_of(e, obj_get(o, "responsible"));
  }
  return e->zErr ? -1 : 0;
}

/* Writes the decision of the case just evaluated: REPORT as rendered, ZJSON
** its text. */
static int write_decision(rr_db *db, rr_eval *e, int64_t batch, const char *caseId, Value report,
                          const char *zJson) {
  Eval *ev = e->cur;
  Arena *saved = ev->render;
  ev->render = &e->render;
  Rows rw;
  char asOf[32], asOfUtc[32];
  rr_format_instant(ev->p->zone, ev->asOf, asOf);
  rr_format_utc(ev->asOf, asOfUtc);
  int rc = collect_rows(&rw, ev, report);
  ev->render = saved;
  if (rc) return set_err(db->err, RR_ENOMEM, "out of memory while preparing the decision");
  StoreDecision d = {caseId, asOf, asOfUtc, decided_hash(e), zJson, rw.aField, rw.nField,
                     rw.aRule, rw.nRule, rw.aDl, rw.nDl};
  return store_write_decision(db->s, batch, &d, db->err, sizeof db->err) ? RR_EDB : RR_OK;
}

int rr_db_eval(rr_db *db, rr_eval *e, const char *caseId, const char *asOf, int pretty,
               int store, char **decision) {
  *decision = NULL;
  if (!db || !db->s || !e || !caseId) return RR_EMISUSE;
  RrInstant t;
  if (asOf) {
    if (parse_time(asOf, &t, db->err, "--as-of")) return RR_EMISUSE;
  } else {
    int rc = store_case_as_of(db->s, caseId, &t, db->err, sizeof db->err);
    if (rc == RR_STORE_NOTFOUND) return set_err(db->err, RR_ENOTFOUND, "no case '%s' in the database", caseId);
    if (rc) return RR_EDB;
  }
  int rc = eval_stored(db, e, caseId, t, db->err);
  if (rc) return rc;
  Value report;
  char *compact = NULL;
  if ((rc = render(e, &report)) != RR_OK || (rc = to_text(e, report, pretty, decision)) != RR_OK ||
      (store && (rc = to_text(e, report, 0, &compact)) != RR_OK)) {
    memcpy(db->err, e->err, sizeof db->err);
    free(*decision);
    *decision = NULL;
    return rc;
  }
  if (!store) return RR_OK;
  int own;
  if (store_atomic_begin(db->s, &own, db->err, sizeof db->err)) { free(compact); return RR_EDB; }
  rc = write_decision(db, e, 0, caseId, report, compact);
  char err2[1024];
  if (store_atomic_end(db->s, own, rc == RR_OK, err2, sizeof err2) && rc == RR_OK) {
    memcpy(db->err, err2, sizeof err2);
    rc = RR_EDB;
  }
  free(compact);
  return rc;
}

/* }==== */

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

/* {==== batches =========================================================== */

/* A batch is a pipeline of two threads: a reader takes the facts of the next
** chunk of cases out of SQLite on a connection of its own, while the caller's
** thread turns the chunk before into values, evaluates and writes.  Chunks
** go round a small ring, so memory stays flat however many cases there are.
** Without threads (pthread_create fails) the same steps run one after the
** other. */

enum { RING = 3 };

typedef struct RawItem {        /* one stored fact of one case */
  int slot;
  RawFact f;
} RawItem;

typedef struct RawCase {
  char *zId;
  int iItem, nItem;             /* its facts in the chunk's items */
  int rc;                       /* RR_OK, RR_EFACTS, RR_ENOTFOUND */
  char *zErr;                   /* why it failed (in the chunk's arena) */
} RawCase;

typedef struct Chunk {
  Arena arena;                  /* texts of the facts and messages */
  RawCase *aCase;
  int nCase;
  RawItem *aItem;
  int nItem, capItem;
  int rc;                       /* RR_OK, or RR_EDB / RR_ENOMEM: the batch stops */
  int last;                     /* no case after these */
  char err[1024];
} Chunk;

typedef struct Pipe {
  const Program *p;
  Store *reader;
  int64_t batch;
  const char *where;
  RrInstant t;
  int chunkSize;
  char *after;                  /* the last case id read */
  Chunk ring[RING];
  int head, tail, nFull;        /* chunks handed from reader to evaluator */
  int stop;                     /* the evaluator gave up: the reader ends */
  pthread_mutex_t mu;
  pthread_cond_t cv;
} Pipe;

static int keep_fact(void *ud, int slot, const RawFact *f, char *err, size_t n) {
  Chunk *c = ud;
  if (c->nItem == c->capItem) {
    int cap = c->capItem ? c->capItem * 2 : 4096;
    RawItem *na = realloc(c->aItem, (size_t)cap * sizeof *na);
    if (!na) { snprintf(err, n, "out of memory"); return -1; }
    c->aItem = na;
    c->capItem = cap;
  }
  RawItem *it = &c->aItem[c->nItem];
  it->slot = slot;
  it->f = *f;
  if (f->type == RF_TEXT && !(it->f.z = arena_strndup(&c->arena, f->z, (size_t)f->n))) {
    snprintf(err, n, "out of memory");
    return -1;
  }
  c->nItem++;
  return 0;
}

/* Reads the next chunk of cases into C (the reader's half of the work). */
static void read_chunk(Pipe *pp, Chunk *c) {
  arena_reset(&c->arena);
  c->nCase = c->nItem = 0;
  c->rc = RR_OK;
  c->last = 0;
  char **ids = calloc((size_t)pp->chunkSize, sizeof *ids);
  if (!ids) { c->rc = set_err(c->err, RR_ENOMEM, "out of memory"); return; }
  int k = store_batch_next_cases(pp->reader, pp->batch, pp->where, pp->after, ids, pp->chunkSize,
                                 c->err, sizeof c->err);
  if (k <= 0) {
    free(ids);
    if (k < 0) c->rc = RR_EDB;
    else c->last = 1;
    return;
  }
  if (store_begin_read(pp->reader, c->err, sizeof c->err)) k = -1, c->rc = RR_EDB;
  for (int i = 0; i < k && c->rc == RR_OK; i++) {
    RawCase *rc = &c->aCase[c->nCase++];
    char msg[1024];
    rc->zId = arena_strndup(&c->arena, ids[i], strlen(ids[i]));
    rc->iItem = c->nItem;
    rc->zErr = NULL;
    int r = store_read_facts(pp->reader, pp->p, ids[i], pp->t, keep_fact, c, msg, sizeof msg);
    rc->nItem = c->nItem - rc->iItem;
    rc->rc = r == 0 ? RR_OK : r == RR_STORE_NOTFOUND ? RR_ENOTFOUND : RR_EFACTS;
    if (r == -1 && strncmp(msg, "case ", 5) != 0 && strcmp(msg, "out of memory") != 0) {
      memcpy(c->err, msg, sizeof msg);            /* the store, not the case, failed */
      c->rc = RR_EDB;
    }
    if (r) rc->zErr = arena_strndup(&c->arena, msg, strlen(msg));
  }
  char cerr[1024];
  if (k > 0 && store_commit(pp->reader, cerr, sizeof cerr) && c->rc == RR_OK) {
    memcpy(c->err, cerr, sizeof cerr);
    c->rc = RR_EDB;
  }
  if (k > 0) {
    free(pp->after);
    pp->after = ids[k - 1];
    ids[k - 1] = NULL;
  }
  for (int i = 0; i < (k > 0 ? k : 0); i++) free(ids[i]);
  free(ids);
}

static void *reader_main(void *arg) {
  Pipe *pp = arg;
  for (;;) {
    pthread_mutex_lock(&pp->mu);
    while (pp->nFull == RING && !pp->stop) pthread_cond_wait(&pp->cv, &pp->mu);
    int stop = pp->stop;
    Chunk *c = &pp->ring[pp->tail];
    pthread_mutex_unlock(&pp->mu);
    if (stop) break;
    read_chunk(pp, c);
    pthread_mutex_lock(&pp->mu);
    pp->tail = (pp->tail + 1) % RING;
    pp->nFull++;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    if (c->last || c->rc != RR_OK) break;
  }
  return NULL;
}

/* A case's facts from the chunk, evaluated at T. */
static int eval_raw(rr_eval *e, const Chunk *c, const RawCase *rc, RrInstant t, char *err) {
  const Program *p = &e->r->b.national.prog;
  if (rc->rc != RR_OK) return set_err(err, rc->rc, "%s", rc->zErr ? rc->zErr : "cannot read the case");
  if (json_begin_case(p, &e->ci, rc->zId, t)) return set_err(err, RR_ENOMEM, "out of memory");
  for (int i = 0; i < rc->nItem; i++) {
    const RawItem *it = &c->aItem[rc->iItem + i];
    char msg[1024];
    int r = json_read_fact(p, it->slot, &it->f, &e->ci, msg, sizeof msg);
    if (r) return set_err(err, r == -2 ? RR_ENOMEM : RR_EFACTS, "case %s: %s", rc->zId, msg);
  }
  eval_hide_future(p, e->ci.facts, t);
  char msg[1024];
  if (eval_requirements(&e->dec.national, e->ci.facts, t, msg, sizeof msg))
    return set_err(err, RR_EFACTS, "case %s: %s", rc->zId, msg);
  e->cur = decide(&e->dec, e->ci.facts, t, e->ci.zId);
  return RR_OK;
}

/* One case of a batch: evaluated, its decision written, all or nothing. */
static int batch_case(rr_db *db, rr_eval *e, int64_t batch, const Chunk *c, const RawCase *rcase, RrInstant t,
                      int dryRun, const rr_batch_options *opt) {
  char err[1024];
  const char *caseId = rcase->zId;
  int rc = eval_raw(e, c, rcase, t, err);
  char *json = NULL;
  Value report;
  if (rc == RR_OK && !dryRun) rc = render(e, &report);      /* a dry run evaluates only */
  if (rc == RR_OK && !dryRun) rc = to_text(e, report, 0, &json);
  if (rc != RR_OK && rc != RR_EFACTS && rc != RR_ENOTFOUND) snprintf(err, sizeof err, "%s", e->err);
  if (rc == RR_OK && !dryRun) {
    int own;
    rc = store_atomic_begin(db->s, &own, db->err, sizeof db->err) ? RR_EDB : RR_OK;
    if (rc == RR_OK) {
      rc = write_decision(db, e, batch, caseId, report, json);
      char err2[1024];
      if (store_atomic_end(db->s, own, rc == RR_OK, err2, sizeof err2) && rc == RR_OK) {
        memcpy(db->err, err2, sizeof err2);
        rc = RR_EDB;
      }
    }
    if (rc != RR_OK) snprintf(err, sizeof err, "%s", db->err);
  }
  free(json);
  if (rc == RR_OK) return RR_OK;
  if (rc == RR_EDB) return rc;               /* the store itself failed: stop */
  if (opt && opt->caseError) opt->caseError(opt->ud, caseId, err);
  if (!dryRun && store_batch_error(db->s, batch, caseId, err, db->err, sizeof db->err)) return RR_EDB;
  return rc;
}

/* The evaluator's half: one chunk, in one transaction when it writes. */
static int eval_chunk(rr_db *db, rr_eval *e, Pipe *pp, const Chunk *c, int dryRun, const rr_batch_options *opt,
                      rr_batch_result *result) {
  if (c->rc != RR_OK) {
    memcpy(db->err, c->err, sizeof db->err);
    return c->rc;
  }
  if (!dryRun && store_begin(db->s, db->err, sizeof db->err)) return RR_EDB;
  int rc = RR_OK;
  for (int i = 0; i < c->nCase && rc == RR_OK; i++) {
    int r = batch_case(db, e, pp->batch, c, &c->aCase[i], pp->t, dryRun, opt);
    if (r == RR_EDB) rc = RR_EDB;
    else if (r == RR_OK) result->evaluated++;
    else result->failed++;
    if (r == RR_OK && e->dec.hookFailed) result->hookFailures++;
  }
  if (!dryRun) {
    if (rc == RR_OK && store_commit(db->s, db->err, sizeof db->err)) rc = RR_EDB;
    if (rc != RR_OK) store_rollback(db->s);
  }
  if (rc == RR_OK && opt && opt->progress)
    opt->progress(opt->ud, result->alreadyDone + result->evaluated, result->failed);
  return rc;
}

static int run_pipe(rr_db *db, rr_eval *e, Pipe *pp, int dryRun, const rr_batch_options *opt,
                    rr_batch_result *result) {
  pthread_t th;
  int threaded = pthread_create(&th, NULL, reader_main, pp) == 0, rc = RR_OK;
  for (;;) {
    Chunk *c;
    if (threaded) {
      pthread_mutex_lock(&pp->mu);
      while (pp->nFull == 0) pthread_cond_wait(&pp->cv, &pp->mu);
      c = &pp->ring[pp->head];
      pthread_mutex_unlock(&pp->mu);
    } else {
      c = &pp->ring[0];
      read_chunk(pp, c);
    }
    int last = c->last;
    rc = last && c->rc == RR_OK ? RR_OK : eval_chunk(db, e, pp, c, dryRun, opt, result);
    if (threaded) {
      pthread_mutex_lock(&pp->mu);
      pp->head = (pp->head + 1) % RING;
      pp->nFull--;
      if (rc != RR_OK) pp->stop = 1;
      pthread_cond_broadcast(&pp->cv);
      pthread_mutex_unlock(&pp->mu);
    }
    if (last || rc != RR_OK) break;
  }
  if (threaded) pthread_join(th, NULL);
  return rc;
}

int rr_db_batch(rr_db *db, rr_eval *e, const char *asOf, const rr_batch_options *opt,
                rr_batch_result *result) {
  memset(result, 0, sizeof *result);
  if (!db || !db->s || !e || !asOf) return RR_EMISUSE;
  Pipe pp;
  memset(&pp, 0, sizeof pp);
  if (parse_time(asOf, &pp.t, db->err, "--as-of")) return RR_EMISUSE;
  pp.p = &e->r->b.national.prog;
  pp.where = opt && opt->where ? opt->where : "";
  pp.chunkSize = opt && opt->chunk > 0 ? opt->chunk : 256;
  int dryRun = opt && opt->dryRun;
  if (!dryRun) {
    if (store_batch_lock(db->s, db->err, sizeof db->err)) return RR_EDB;
    if (store_batch_open(db->s, pp.t, e->r->b.zHash, pp.where, &pp.batch, &result->resumed, db->err,
                         sizeof db->err)) {
      store_batch_unlock(db->s);
      return RR_EDB;
    }
    int64_t done, failed;
    if (store_batch_counts(db->s, pp.batch, &done, &failed, db->err, sizeof db->err)) {
      store_batch_unlock(db->s);
      return RR_EDB;
    }
    result->alreadyDone = done;
    result->batchId = pp.batch;
  } else if (store_check_where(db->s, pp.where, db->err, sizeof db->err)) {
    return RR_EDB;
  }
  /* the reader's own connection: WAL lets it read while this one writes */
  if (store_open(&pp.reader, db->zPath, STORE_READ, db->err, sizeof db->err)) {
    store_batch_unlock(db->s);
    return RR_EDB;
  }
  pp.after = strdup("");
  int rc = pp.after ? RR_OK : RR_ENOMEM;
  for (int i = 0; i < RING && rc == RR_OK; i++) {
    arena_init(&pp.ring[i].arena);
    pp.ring[i].aCase = calloc((size_t)pp.chunkSize, sizeof *pp.ring[i].aCase);
    if (!pp.ring[i].aCase) rc = RR_ENOMEM;
  }
  if (rc == RR_OK) {
    pthread_mutex_init(&pp.mu, NULL);
    pthread_cond_init(&pp.cv, NULL);
    rc = run_pipe(db, e, &pp, dryRun, opt, result);
    pthread_cond_destroy(&pp.cv);
    pthread_mutex_destroy(&pp.mu);
  } else {
    set_err(db->err, rc, "out of memory");
  }
  for (int i = 0; i < RING; i++) {
    arena_free(&pp.ring[i].arena);
    free(pp.ring[i].aCase);
    free(pp.ring[i].aItem);
  }
  free(pp.after);
  store_close(pp.reader);
  if (rc == RR_OK && !dryRun && store_batch_finish(db->s, pp.batch, db->err, sizeof db->err)) rc = RR_EDB;
  store_batch_unlock(db->s);
  return rc;
}

/* }==== */
