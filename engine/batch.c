/*
** batch.c - rr_db_batch: every case of a store (or those a filter selects)
** evaluated at one instant and its decision written, resumably, in memory
** that stays flat however many cases there are.
**
** A batch is a pipeline of two threads: a reader takes the facts of the next
** chunk of cases out of SQLite on a connection of its own, while the caller's
** thread turns the chunk before into values, evaluates and writes.  Chunks
** go round a small ring.  Without threads (pthread_create fails) the same
** steps run one after the other.  Each chunk is one transaction; a case that
** fails is recorded in the batch's errors and the batch goes on.
*/
#include "api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  if (rc->rc != RR_OK) return api_error(err, rc->rc, "%s", rc->zErr ? rc->zErr : "cannot read the case");
  if (json_begin_case(p, &e->ci, rc->zId, t)) return api_error(err, RR_ENOMEM, "out of memory");
  for (int i = 0; i < rc->nItem; i++) {
    const RawItem *it = &c->aItem[rc->iItem + i];
    char msg[1024];
    int r = json_read_fact(p, it->slot, &it->f, &e->ci, msg, sizeof msg);
    if (r) return api_error(err, r == -2 ? RR_ENOMEM : RR_EFACTS, "case %s: %s", rc->zId, msg);
  }
  eval_hide_future(p, e->ci.facts, t);
  char msg[1024];
  if (eval_requirements(&e->dec.national, e->ci.facts, t, msg, sizeof msg))
    return api_error(err, RR_EFACTS, "case %s: %s", rc->zId, msg);
  e->cur = decide(&e->dec, e->ci.facts, t, e->ci.zId);
  return RR_OK;
}

/* One case of a batch: evaluated, its decision written, all or nothing. */
static int batch_case(rr_db *db, rr_eval *e, int64_t batch, const Chunk *c, const RawCase *rcase, RrInstant t,
                      int dryRun, const rr_batch_options *opt, int *pConfirmed) {
  char err[1024];
  const char *caseId = rcase->zId;
  int rc = eval_raw(e, c, rcase, t, err);
  char *json = NULL;
  Value report;
  if (rc == RR_OK && !dryRun) rc = api_render(e, &report);      /* a dry run evaluates only */
  if (rc == RR_OK && !dryRun) rc = api_to_text(e, report, 0, &json);
  if (rc != RR_OK && rc != RR_EFACTS && rc != RR_ENOTFOUND) snprintf(err, sizeof err, "%s", e->err);
  if (rc == RR_OK && !dryRun) {
    int own;
    rc = store_atomic_begin(db->s, &own, db->err, sizeof db->err) ? RR_EDB : RR_OK;
    if (rc == RR_OK) {
      rc = api_write_decision(db, e, batch, caseId, report, json, pConfirmed);
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
    int confirmed = 0;
    int r = batch_case(db, e, pp->batch, c, &c->aCase[i], pp->t, dryRun, opt, &confirmed);
    if (r == RR_EDB) rc = RR_EDB;
    else if (r == RR_OK) result->evaluated++, result->confirmed += confirmed;
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
    api_error(db->err, rc, "out of memory");
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
