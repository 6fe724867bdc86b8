/*
** batch.c - rr_db_batch: every case of a store (or those a filter selects)
** evaluated at one instant and its decision written, resumably, in memory
** that stays flat however many cases there are.
**
** A batch is a pipeline of three threads: a reader takes the facts of the
** next chunk of cases out of SQLite on a connection of its own and reads
** them into values (json_read_fact: a list or a record is JSON text); the caller's
** thread turns the chunk before into values, evaluates each case and renders
** its decision (the JSON and the rows), copied into a write chunk; a writer
** stores the write chunk before that in one transaction on the caller's
** connection -- each decision, or the confirmation of one found again, and
** each case that failed.  Chunks go round small rings.  Without threads
** (pthread_create fails) the same steps run one after the other.  A case
** that fails is recorded in the batch's errors and the batch goes on; a
** failure of the store stops it, with every chunk before committed whole.
** The callbacks (progress, caseError) run on the caller's thread.
*/
#include "api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RING = 3, WRING = 2 };

typedef struct RawItem {        /* one stored fact of one case */
  int slot;
  RawFact f;
} RawItem;

typedef struct RawCase {
  char *zId;
  int iItem, nItem;             /* its facts in the chunk's items */
  int rc;                       /* RR_OK, RR_EFACTS, RR_ENOTFOUND, RR_ENOMEM */
  char *zErr;                   /* why it failed (in the chunk's arena) */
  CaseInput ci;                 /* its facts as values, read by the reader thread */
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

typedef struct WItem {          /* a decision to write, or (zErr) a case that failed */
  StoreDecision d;              /* d.zCaseId only, for a failed case */
  const char *zErr;
} WItem;

typedef struct WChunk {
  Arena arena;                  /* everything its items point to */
  WItem *a;
  int n;
} WChunk;

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
  rr_db *db;
  WChunk w[WRING];              /* decisions handed from evaluator to writer */
  int wHead, nW;
  int wThreaded;                /* a writer thread runs (else the evaluator writes) */
  int wEnd;                     /* no chunk will come: the writer ends */
  int wRc;                      /* RR_OK, or RR_EDB: the writer failed (message in wErr) */
  long long wConfirmed;         /* decisions found again, in the chunks committed */
  char wErr[API_ERR_SIZE];
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

/* The stored facts of RC as values (lists and records are JSON text), in
** its own CaseInput: parsing them is the reader's work, not the evaluator's. */
static void read_values(const Program *p, Chunk *c, RawCase *rc, RrInstant t) {
  char msg[1024];
  int r = json_begin_case(p, &rc->ci, rc->zId, t) ? -2 : 0;
  if (r) snprintf(msg, sizeof msg, "out of memory");
  for (int i = 0; i < rc->nItem && !r; i++) {
    const RawItem *it = &c->aItem[rc->iItem + i];
    r = json_read_fact(p, it->slot, &it->f, &rc->ci, msg, sizeof msg);
  }
  if (!r) return;
  rc->rc = r == -2 ? RR_ENOMEM : RR_EFACTS;
  rc->zErr = arena_printf(&c->arena, "case %s: %s", rc->zId, msg);
}

/* Reads the next chunk of cases into C (the reader's half of the work). */
static void read_chunk(Pipe *pp, Chunk *c) {
  arena_reset(&c->arena);
  c->nCase = c->nItem = 0;
  c->rc = RR_OK;
  c->last = 0;
  char **ids = calloc((size_t)pp->chunkSize, sizeof *ids);
  if (!ids) { c->rc = api_error(c->err, RR_ENOMEM, "out of memory"); return; }
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
    if (rc->rc == RR_OK) read_values(pp->p, c, rc, pp->t);
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

/* A case of the chunk, its facts read by the reader, evaluated at T. */
static int eval_raw(rr_eval *e, RawCase *rc, RrInstant t, char *err) {
  const Program *p = &e->r->b.national.prog;
  if (rc->rc != RR_OK) return api_error(err, rc->rc, "%s", rc->zErr ? rc->zErr : "cannot read the case");
  CaseInput *ci = &rc->ci;
  eval_hide_future(p, ci->facts, t);
  char msg[1024];
  if (eval_requirements(&e->dec.national, ci->facts, t, msg, sizeof msg))
    return api_error(err, RR_EFACTS, "case %s: %s", rc->zId, msg);
  e->cur = decide(&e->dec, ci->facts, t, ci->zId);
  return RR_OK;
}

/* {==== the writer ======================================================= */

/* A decision to write, or a case to record as failed, copied out of the
** evaluator's arenas into a write chunk's. */
static char *keep(Arena *a, const char *z) {
  return z ? arena_strndup(a, z, strlen(z)) : NULL;
}

static int copy_decision(Arena *a, const StoreDecision *x, StoreDecision *d) {
  *d = *x;
  d->zCaseId = keep(a, x->zCaseId);
  d->zAsOf = keep(a, x->zAsOf);
  d->zAsOfUtc = keep(a, x->zAsOfUtc);
  d->zJson = keep(a, x->zJson);
  StoreField *f = arena_alloc(a, (size_t)(x->nField + 1) * sizeof *f);
  StoreRule *r = arena_alloc(a, (size_t)(x->nRule + 1) * sizeof *r);
  StoreDeadline *dl = arena_alloc(a, (size_t)(x->nDl + 1) * sizeof *dl);
  if (!f || !r || !dl) return -1;
  for (int i = 0; i < x->nField; i++) {
    f[i] = x->aField[i];
    f[i].zName = keep(a, f[i].zName);
    if (f[i].type == SF_TEXT) f[i].z = keep(a, f[i].z);
  }
  for (int i = 0; i < x->nRule; i++) {
    r[i] = x->aRule[i];             /* the rule's id and kind belong to the program */
    r[i].zValue = keep(a, r[i].zValue);
  }
  for (int i = 0; i < x->nDl; i++) {
    const StoreDeadline *y = &x->aDl[i];
    StoreDeadline z = {y->zId, keep(a, y->zInstance), keep(a, y->zStart), keep(a, y->zDue), keep(a, y->zDueUtc),
                       keep(a, y->zDone), y->zStatus, keep(a, y->zResponsible)};
    dl[i] = z;
  }
  d->aField = f;
  d->aRule = r;
  d->aDl = dl;
  return a->failed || !d->zCaseId || !d->zJson ? -1 : 0;
}

/* Writes a chunk in one transaction: each decision (or its confirmation),
** each failed case.  Any failure is the store's: the chunk is undone and
** the batch stops. */
static int write_chunk(Store *s, int64_t batch, const WChunk *w, long long *pConfirmed, char *err, size_t n) {
  if (store_begin(s, err, n)) return RR_EDB;
  long long confirmed = 0;
  int bad = 0;
  for (int i = 0; i < w->n && !bad; i++) {
    const WItem *it = &w->a[i];
    if (it->zErr) {
      bad = store_batch_error(s, batch, it->d.zCaseId, it->zErr, err, n);
      continue;
    }
    int same;
    bad = store_confirm_decision(s, batch, &it->d, &same, err, n);
    if (!bad && same) confirmed++;
    else if (!bad) bad = store_write_decision(s, batch, &it->d, err, n);
  }
  if (!bad) bad = store_commit(s, err, n);
  else store_rollback(s);
  if (!bad) *pConfirmed += confirmed;
  return bad ? RR_EDB : RR_OK;
}

static void *writer_main(void *arg) {
  Pipe *pp = arg;
  for (;;) {
    pthread_mutex_lock(&pp->mu);
    while (pp->nW == 0 && !pp->wEnd) pthread_cond_wait(&pp->cv, &pp->mu);
    if (pp->nW == 0) {                        /* the end, and nothing left */
      pthread_mutex_unlock(&pp->mu);
      break;
    }
    WChunk *w = &pp->w[pp->wHead];
    pthread_mutex_unlock(&pp->mu);
    long long confirmed = 0;
    int rc = write_chunk(pp->db->s, pp->batch, w, &confirmed, pp->wErr, sizeof pp->wErr);
    pthread_mutex_lock(&pp->mu);
    pp->wHead = (pp->wHead + 1) % WRING;
    pp->nW--;
    pp->wConfirmed += confirmed;
    if (rc != RR_OK) pp->wRc = rc;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    if (rc != RR_OK) break;
  }
  return NULL;
}

/* A free write chunk for the evaluator, or NULL when the writer failed. */
static WChunk *writer_take(Pipe *pp) {
  if (!pp->wThreaded) return pp->wRc ? NULL : &pp->w[0];
  pthread_mutex_lock(&pp->mu);
  while (pp->nW == WRING && !pp->wRc) pthread_cond_wait(&pp->cv, &pp->mu);
  WChunk *w = pp->wRc ? NULL : &pp->w[(pp->wHead + pp->nW) % WRING];
  pthread_mutex_unlock(&pp->mu);
  return w;
}

/* Hands W to the writer (or, without a writer thread, writes it). */
static void writer_give(Pipe *pp, WChunk *w) {
  if (!pp->wThreaded) {
    long long confirmed = 0;
    pp->wRc = write_chunk(pp->db->s, pp->batch, w, &confirmed, pp->wErr, sizeof pp->wErr);
    pp->wConfirmed += confirmed;
    return;
  }
  pthread_mutex_lock(&pp->mu);
  pp->nW++;
  pthread_cond_broadcast(&pp->cv);
  pthread_mutex_unlock(&pp->mu);
}

/* }==== */

/* One case of a batch evaluated, and its decision (or why it failed) put
** in W for the writer.  Returns RR_OK, the case's error, or RR_ENOMEM when
** W could not take it (the batch stops). */
static int batch_case(rr_eval *e, RawCase *rcase, RrInstant t, WChunk *w, const rr_batch_options *opt) {
  char err[API_ERR_SIZE];
  const char *caseId = rcase->zId;
  int rc = eval_raw(e, rcase, t, err);
  char *json = NULL;
  Value report;
  StoreDecision d;
  if (rc == RR_OK && w) rc = api_render(e, &report);      /* a dry run evaluates only */
  if (rc == RR_OK && w) rc = api_to_text(e, report, 0, &json);
  if (rc != RR_OK && rc != RR_EFACTS && rc != RR_ENOTFOUND) snprintf(err, sizeof err, "%s", e->err);
  if (rc == RR_OK && w) rc = api_decision_rows(e, caseId, report, json, &d, err);
  if (w) {
    WItem *it = &w->a[w->n];
    memset(it, 0, sizeof *it);
    if (rc == RR_OK ? copy_decision(&w->arena, &d, &it->d)
                    : !(it->d.zCaseId = keep(&w->arena, caseId)) || !(it->zErr = keep(&w->arena, err))) {
      free(json);
      return RR_ENOMEM;
    }
    w->n++;
  }
  free(json);
  if (rc != RR_OK && opt && opt->caseError) opt->caseError(opt->ud, caseId, err);
  return rc == RR_ENOMEM ? RR_EFACTS : rc;   /* a case that ran out of memory is recorded; the batch goes on */
}

/* The evaluator's half: one chunk, handed to the writer unless a dry run. */
static int eval_chunk(rr_db *db, rr_eval *e, Pipe *pp, Chunk *c, int dryRun, const rr_batch_options *opt,
                      rr_batch_result *result) {
  if (c->rc != RR_OK) {
    memcpy(db->err, c->err, sizeof db->err);
    return c->rc;
  }
  WChunk *w = NULL;
  if (!dryRun) {
    if (!(w = writer_take(pp))) return RR_EDB;
    arena_reset(&w->arena);
    w->n = 0;
  }
  for (int i = 0; i < c->nCase; i++) {
    int r = batch_case(e, &c->aCase[i], pp->t, w, opt);
    if (r == RR_ENOMEM) return api_error(db->err, RR_ENOMEM, "out of memory");
    if (r == RR_OK) result->evaluated++;
    else result->failed++;
    if (r == RR_OK && e->dec.hookFailed) result->hookFailures++;
  }
  if (w) writer_give(pp, w);
  if (w && pp->wRc) return RR_EDB;
  if (opt && opt->progress) opt->progress(opt->ud, result->alreadyDone + result->evaluated, result->failed);
  return RR_OK;
}

static int run_pipe(rr_db *db, rr_eval *e, Pipe *pp, int dryRun, const rr_batch_options *opt,
                    rr_batch_result *result) {
  pthread_t th, wth;
  int threaded = pthread_create(&th, NULL, reader_main, pp) == 0, rc = RR_OK;
  pp->wThreaded = !dryRun && pthread_create(&wth, NULL, writer_main, pp) == 0;
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
  if (pp->wThreaded) {
    pthread_mutex_lock(&pp->mu);
    pp->wEnd = 1;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    pthread_join(wth, NULL);
  }
  /* the writer's failure, or the evaluator's with the writer's chunks written */
  if (pp->wRc && (rc == RR_OK || rc == RR_EDB)) {
    memcpy(db->err, pp->wErr, sizeof db->err);
    rc = pp->wRc;
  }
  result->confirmed = pp->wConfirmed;
  return rc;
}

int rr_db_batch(rr_db *db, rr_eval *e, const char *asOf, const rr_batch_options *opt,
                rr_batch_result *result) {
  memset(result, 0, sizeof *result);
  if (!db || !db->s || !e || !asOf) return RR_EMISUSE;
  Pipe pp;
  memset(&pp, 0, sizeof pp);
  if (api_parse_time(asOf, &pp.t, db->err, "--as-of")) return RR_EMISUSE;
  pp.p = &e->r->b.national.prog;
  pp.where = opt && opt->where ? opt->where : "";
  pp.chunkSize = opt && opt->chunk > 0 ? opt->chunk : 256;
  int dryRun = opt && opt->dryRun;
  if (!dryRun) {
    if (store_batch_lock(db->s, db->err, sizeof db->err)) return RR_EDB;
    if (store_batch_open(db->s, pp.t, book_hash(&e->r->b), pp.where, &pp.batch, &result->resumed, db->err,
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
  pp.db = db;
  for (int i = 0; i < RING && rc == RR_OK; i++) {
    arena_init(&pp.ring[i].arena);
    pp.ring[i].aCase = calloc((size_t)pp.chunkSize, sizeof *pp.ring[i].aCase);
    if (!pp.ring[i].aCase) rc = RR_ENOMEM;
  }
  for (int i = 0; i < WRING && rc == RR_OK && !dryRun; i++) {
    arena_init(&pp.w[i].arena);
    pp.w[i].a = calloc((size_t)pp.chunkSize, sizeof *pp.w[i].a);
    if (!pp.w[i].a) rc = RR_ENOMEM;
  }
  if (rc == RR_OK) {
    pthread_mutex_init(&pp.mu, NULL);
    pthread_cond_init(&pp.cv, NULL);
    rc = run_pipe(db, e, &pp, dryRun, opt, result);
    pthread_cond_destroy(&pp.cv);
    pthread_mutex_destroy(&pp.mu);
  } else {
    api_error(db->err, rc, "out of memory");
  }
  for (int i = 0; i < RING; i++) {
    arena_free(&pp.ring[i].arena);
    for (int k = 0; pp.ring[i].aCase && k < pp.chunkSize; k++) case_free(&pp.ring[i].aCase[k].ci);
    free(pp.ring[i].aCase);
    free(pp.ring[i].aItem);
  }
  for (int i = 0; i < WRING; i++) {
    arena_free(&pp.w[i].arena);
    free(pp.w[i].a);
  }
  free(pp.after);
  store_close(pp.reader);
  if (rc == RR_OK && !dryRun && store_batch_finish(db->s, pp.batch, db->err, sizeof db->err)) rc = RR_EDB;
  store_batch_unlock(db->s);
  return rc;
}
