/*
** store.c - the case store in SQLite (see store.h).  The only file that
** includes sqlite3.h.
**
** Facts are rows of (case, fact path, JSON value, recorded_at): the history
** is append-only (triggers refuse UPDATE and DELETE), and the facts of a
** case at T are the last value recorded at or before T for each path.
** Decisions are rows with their rules and deadlines, written in the
** caller's transaction so that none is ever half-written.
*/
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"
#include "filter.h"

/* Prepared statements, compiled once per connection.  ORDER STMT: sql_text. */
enum {
  Q_CASE_AS_OF, Q_CASE_INSERT, Q_CASE_UPDATE, Q_FACTS_AT, Q_FACT_INSERT,
  Q_BATCH_FIND, Q_BATCH_INSERT, Q_BATCH_ERROR, Q_BATCH_FINISH, Q_BATCH_COUNTS,
  Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
  Q_LATEST, Q_DECISION_TEXT, Q_CONFIRM_INSERT,
  Q__COUNT
};

static const char *const sql_text[Q__COUNT] = {
  "SELECT as_of FROM cases WHERE case_id = ?1",
  "INSERT INTO cases(case_id, as_of, as_of_utc, created_at) VALUES (?1, ?2, ?3, ?4)",
  "UPDATE cases SET as_of = ?2, as_of_utc = ?3 WHERE case_id = ?1 AND as_of_utc < ?3",
  "SELECT path, value FROM facts WHERE case_id = ?1 AND recorded_at <= ?2 "
  "ORDER BY path, recorded_at DESC, id DESC",
  "INSERT INTO facts(case_id, path, value, recorded_at, recorded_by, imported_at, source) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  "SELECT id FROM batches WHERE as_of = ?1 AND ruleset_hash = ?2 AND selection = ?3 "
  "AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
  "INSERT INTO batches(as_of, ruleset_hash, selection, started_at) VALUES (?1, ?2, ?3, ?4)",
  "INSERT INTO batch_errors(batch_id, case_id, message) VALUES (?1, ?2, ?3)",
  "UPDATE batches SET finished_at = ?2, "
  "n_evaluated = (SELECT count(*) FROM decisions WHERE batch_id = ?1) "
  "+ (SELECT count(*) FROM decision_confirmations WHERE batch_id = ?1), "
  "n_failed = (SELECT count(DISTINCT case_id) FROM batch_errors WHERE batch_id = ?1) WHERE id = ?1",
  "SELECT (SELECT count(*) FROM decisions WHERE batch_id = ?1) "
  "+ (SELECT count(*) FROM decision_confirmations WHERE batch_id = ?1), "
  "(SELECT count(DISTINCT case_id) FROM batch_errors WHERE batch_id = ?1)",
  "SAVEPOINT rr_unit", "RELEASE rr_unit", "ROLLBACK TO rr_unit",
  "SELECT id, ruleset_hash, as_of_utc FROM decisions "
  "WHERE id = (SELECT max(id) FROM decisions WHERE case_id = ?1)",
  "SELECT decision FROM decisions WHERE id = ?1",
  "INSERT INTO decision_confirmations(decision_id, case_id, batch_id, confirmed_at) VALUES (?1, ?2, ?3, ?4)",
};

/* The columns of decisions, in table order: the fixed ones, then the
** report's. */
enum { DC_ID, DC_CASE, DC_BATCH, DC_AS_OF, DC_AS_OF_UTC, DC_EVALUATED, DC_HASH, DC_DECISION, DC__FIXED };

/* A decision's rules and deadlines go in with multi-row INSERTs, blocks of
** 1, 2, 4 ... 32 rows (ORDER INS: ins_head): one statement per block
** instead of one per row -- each statement run costs more than its rows. */
enum { INS_RULE, INS_DEADLINE, INS__COUNT };
enum { NBLOCK = 6 };
static const char *const ins_head[INS__COUNT] = {
  "INSERT INTO decision_rules(decision_id, rule_id, kind, value) VALUES ",
  "INSERT INTO decision_deadlines(decision_id, deadline_id, instance, start_at, due_at, due_at_utc, "
  "completed_at, status, responsible) VALUES ",
};
static const int ins_width[INS__COUNT] = {3, 8};   /* parameters a row, besides ?1 (the decision) */

struct Store {
  sqlite3 *db;
  sqlite3_stmt *q[Q__COUNT];
  sqlite3_stmt *ins[INS__COUNT][NBLOCK];   /* prepared when first needed */
  sqlite3_stmt *insDecision;      /* built from the table's columns */
  char **azCol;                   /* decisions: every column name */
  int nCol;
  const Program *p;               /* the program the path index is for */
  int *aBySlot;                   /* path index: slots sorted by path */
  int iHint;                      /* where the last look-up ended: rows come in path order */
  int lockFd;                     /* the batch lock (store_batch_lock), or -1 */
  int scratchQueryOnly;           /* query_only before store_scratch_begin: put back by its end */
};

static int fail_db(Store *s, char *err, size_t n, const char *what) {
  snprintf(err, n, "%s: %s", what, sqlite3_errmsg(s->db));
  return -1;
}

static void now_utc(char *buf) {
  rr_format_utc((RrInstant)time(NULL), buf);
}

/* {==== opening and migrating ============================================ */

static int schema_version_of(const char *zName) {
  const char *base = strrchr(zName, '/');
  return atoi(base ? base + 1 : zName);
}

static int exec(Store *s, const char *sql, char *err, size_t n, const char *what) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(err, n, "%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

int store_schema_version(Store *s) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Applies the embedded migrations the database has not seen, each in one
** transaction with its new user_version. */
static int migrate(Store *s, char *err, size_t n) {
  int have = store_schema_version(s), newest = 0;
  if (have < 0) return fail_db(s, err, n, "cannot read the schema version");
  for (const StdlibFile *f = schema_files; f->zName; f++) {
    int v = schema_version_of(f->zName);
    if (v > newest) newest = v;
  }
  if (have > newest) {
    snprintf(err, n, "the database's schema is version %d, newer than this rregull knows (%d): "
             "use a newer rregull", have, newest);
    return -1;
  }
  for (const StdlibFile *f = schema_files; f->zName; f++) {
    int v = schema_version_of(f->zName);
    if (v <= have) continue;
    char *sql = malloc(f->nText + 64);
    if (!sql) { snprintf(err, n, "out of memory"); return -1; }
    int len = snprintf(sql, f->nText + 64, "BEGIN IMMEDIATE;\n%.*s\nPRAGMA user_version = %d;\nCOMMIT;",
                       (int)f->nText, f->zText, v);
    (void)len;
    char what[160];
    snprintf(what, sizeof what, "cannot migrate the database to schema %d (%s)", v, f->zName);
    int rc = exec(s, sql, err, n, what);
    free(sql);
    if (rc) {
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
  }
  return 0;
}

static int read_columns(Store *s, char *err, size_t n) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info('decisions') ORDER BY cid", -1, &st,
                         NULL) != SQLITE_OK) {
    return fail_db(s, err, n, "cannot read the decisions table");
  }
  int cap = 16;
  s->azCol = calloc((size_t)cap, sizeof *s->azCol);
  while (s->azCol && sqlite3_step(st) == SQLITE_ROW) {
    if (s->nCol == cap) {
      char **na = realloc(s->azCol, (size_t)cap * 2 * sizeof *na);
      if (!na) break;
      s->azCol = na;
      cap *= 2;
    }
    s->azCol[s->nCol] = strdup((const char *)sqlite3_column_text(st, 0));
    if (!s->azCol[s->nCol]) break;
    s->nCol++;
  }
  sqlite3_finalize(st);
  if (!s->azCol || s->nCol < DC__FIXED) {
    snprintf(err, n, "the decisions table lacks its columns (%d found)", s->nCol);
    return -1;
  }
  /* INSERT INTO decisions(every column but id) VALUES (?2, ?3, ...) */
  size_t len = 64;
  for (int i = 1; i < s->nCol; i++) len += strlen(s->azCol[i]) + 8;
  char *sql = malloc(len);
  if (!sql) { snprintf(err, n, "out of memory"); return -1; }
  size_t k = (size_t)snprintf(sql, len, "INSERT INTO decisions(");
  for (int i = 1; i < s->nCol; i++) k += (size_t)snprintf(sql + k, len - k, "%s\"%s\"", i > 1 ? "," : "", s->azCol[i]);
  k += (size_t)snprintf(sql + k, len - k, ") VALUES (");
  for (int i = 1; i < s->nCol; i++) k += (size_t)snprintf(sql + k, len - k, "%s?%d", i > 1 ? "," : "", i + 1);
  snprintf(sql + k, len - k, ")");
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &s->insDecision, NULL);
  free(sql);
  return rc == SQLITE_OK ? 0 : fail_db(s, err, n, "cannot prepare the decision insert");
}

/* The tables every rregull schema has: a database without them is not a
** case store, whatever its user_version says. */
static const char *const own_tables[] = {"cases", "facts", "batches", "decisions", "decision_rules",
                                         "decision_deadlines", "batch_errors", NULL};

static int newest_schema(void) {
  int newest = 0;
  for (const StdlibFile *f = schema_files; f->zName; f++)
    if (schema_version_of(f->zName) > newest) newest = schema_version_of(f->zName);
  return newest;
}

/* Whether the database at ZPATH is rregull's, before anything is written to
** it: a schema version of ours with our tables, or -- when MODE may create
** the schema -- an empty database.  Another program's database is refused,
** as is a negative or future user_version. */
static int identify(Store *s, const char *zPath, int mode, char *err, size_t n) {
  sqlite3_stmt *st;
  int nObject = -1, have;
  char first[80] = "";
  /* the first statement reads the file: a file that is no database fails here */
  if (sqlite3_prepare_v2(s->db, "SELECT count(*), min(name) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK)
    return fail_db(s, err, n, zPath);
  if (sqlite3_step(st) == SQLITE_ROW) {
    nObject = sqlite3_column_int(st, 0);
    if (sqlite3_column_text(st, 1)) snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  if (nObject < 0) return fail_db(s, err, n, zPath);
  have = store_schema_version(s);
  if (have < 0) {
    snprintf(err, n, "%s: user_version is %d: not a schema version of rregull's case store (a database of "
             "another program?)", zPath, have);
    return -1;
  }
  if (have == 0 && nObject > 0) {
    snprintf(err, n, "%s is not an rregull case store: it has tables of its own ('%s'...) and no rregull "
             "schema; rregull adds to an empty database only", zPath, first);
    return -1;
  }
  if (have == 0) {
    if (mode == STORE_READ) {
      snprintf(err, n, "%s holds no case store yet: import cases into it first (or run rregull init)", zPath);
      return -1;
    }
    return 0;                                   /* empty: the migrations create it */
  }
  if (have > newest_schema()) {
    snprintf(err, n, "the database's schema is version %d, newer than this rregull knows (%d): use a newer "
             "rregull", have, newest_schema());
    return -1;
  }
  for (int i = 0; own_tables[i]; i++) {
    int found = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL)
        != SQLITE_OK)
      return fail_db(s, err, n, zPath);
    sqlite3_bind_text(st, 1, own_tables[i], -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!found) {
      snprintf(err, n, "%s is not an rregull case store: its user_version is %d but it has no table '%s'", zPath,
               have, own_tables[i]);
      return -1;
    }
  }
  if (mode == STORE_READ && have < newest_schema()) {
    snprintf(err, n, "%s: its schema is version %d, older than this rregull's (%d): run 'rregull init --db "
             "%s' to migrate it (reading does not change the database)", zPath, have, newest_schema(), zPath);
    return -1;
  }
  return 0;
}

int store_open(Store **ps, const char *zPath, int mode, char *err, size_t n) {
  *ps = NULL;
  Store *s = calloc(1, sizeof *s);
  if (!s) { snprintf(err, n, "out of memory"); return -1; }
  s->lockFd = -1;
  /* a store is used by one thread at a time (rregull.h): no mutex per call */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(zPath, &s->db, flags, NULL) != SQLITE_OK) {
    snprintf(err, n, "%s: cannot open the database: %s", zPath,
             s->db ? sqlite3_errmsg(s->db) : "out of memory");
    store_close(s);
    return -1;
  }
  sqlite3_extended_result_codes(s->db, 1);
  /* how long to wait for another writer; RREGULL_BUSY_TIMEOUT_MS overrides */
  const char *zWait = getenv("RREGULL_BUSY_TIMEOUT_MS");
  sqlite3_busy_timeout(s->db, zWait && atoi(zWait) >= 0 ? atoi(zWait) : 5000);
  char what[600];
  snprintf(what, sizeof what, "%s", zPath);
  int bad = identify(s, zPath, mode, err, n);
  if (!bad && mode == STORE_READ) {
    /* reading never writes: no journal mode switch, no migration, no write,
    ** and no checkpoint of someone else's log when it closes */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    bad = exec(s, "PRAGMA query_only = ON; PRAGMA cache_size = -16384", err, n, what);
  } else if (!bad) {
    bad = exec(s, "PRAGMA journal_mode = WAL", err, n, what) ||
          exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                  /* a batch writes thousands of decisions a chunk: a page cache that holds a
                     chunk, and checkpoints every 16 MB of log rather than every 4 MB */
                  "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 4096", err, n, what) ||
          migrate(s, err, n);
  }
  if (bad || read_columns(s, err, n)) {
    store_close(s);
    return -1;
  }
  for (int i = 0; i < Q__COUNT; i++) {
    if (sqlite3_prepare_v3(s->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
      fail_db(s, err, n, "cannot prepare a statement");
      store_close(s);
      return -1;
    }
  }
  *ps = s;
  return 0;
}

void store_close(Store *s) {
  if (!s) return;
  store_batch_unlock(s);
  for (int i = 0; i < Q__COUNT; i++) sqlite3_finalize(s->q[i]);
  for (int i = 0; i < INS__COUNT; i++)
    for (int b = 0; b < NBLOCK; b++) sqlite3_finalize(s->ins[i][b]);
  sqlite3_finalize(s->insDecision);
  for (int i = 0; i < s->nCol; i++) free(s->azCol[i]);
  free(s->azCol);
  free(s->aBySlot);
  sqlite3_close(s->db);
  free(s);
}

int store_begin(Store *s, char *err, size_t n) {
  return exec(s, "BEGIN IMMEDIATE", err, n, "cannot start a transaction");
}

int store_begin_read(Store *s, char *err, size_t n) {
  return exec(s, "BEGIN", err, n, "cannot start a read transaction");
}

int store_commit(Store *s, char *err, size_t n) {
  if (exec(s, "COMMIT", err, n, "cannot commit")) {
    store_rollback(s);
    return -1;
  }
  return 0;
}

void store_rollback(Store *s) {
  if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_in_transaction(Store *s) { return !sqlite3_get_autocommit(s->db); }

/* Runs a prepared statement that returns no row (a savepoint's). */
static int run(Store *s, int q, char *err, size_t n, const char *what) {
  int rc = sqlite3_step(s->q[q]);
  sqlite3_reset(s->q[q]);
  return rc == SQLITE_DONE ? 0 : err ? fail_db(s, err, n, what) : -1;
}

int store_atomic_begin(Store *s, int *pOwn, char *err, size_t n) {
  *pOwn = sqlite3_get_autocommit(s->db);
  return *pOwn ? store_begin(s, err, n) : run(s, Q_SAVEPOINT, err, n, "cannot start a savepoint");
}

int store_atomic_end(Store *s, int own, int ok, char *err, size_t n) {
  if (own) {
    if (ok) return store_commit(s, err, n);
    store_rollback(s);
    return 0;
  }
  if (!ok) run(s, Q_ROLLBACK_TO, NULL, 0, NULL);
  return run(s, Q_RELEASE, err, n, "cannot release a savepoint");
}

/* }==== */

/* {==== facts ============================================================= */

/* The slot of a fact path, by binary search in an index built once per
** program; -1 if the rules do not declare it. */
static int slot_of(Store *s, const Program *p, const char *zPath) {
  if (s->p != p) {
    free(s->aBySlot);
    s->aBySlot = malloc((size_t)(p->nSlot ? p->nSlot : 1) * sizeof *s->aBySlot);
    if (!s->aBySlot) return -1;
    for (int i = 0; i < p->nSlot; i++) {            /* insertion sort: a hundred paths, once */
      int k = i;
      while (k > 0 && strcmp(p->aSlot[s->aBySlot[k - 1]]->zPath, p->aSlot[i]->zPath) > 0) {
        s->aBySlot[k] = s->aBySlot[k - 1];
        k--;
      }
      s->aBySlot[k] = i;
    }
    s->p = p;
  }
  int h = s->iHint;               /* the next path in order is usually the next one here */
  for (int k = h; k < h + 3 && k < p->nSlot; k++) {
    if (strcmp(zPath, p->aSlot[s->aBySlot[k]]->zPath) == 0) {
      s->iHint = k + 1 < p->nSlot ? k + 1 : 0;
      return s->aBySlot[k];
    }
  }
  int lo = 0, hi = p->nSlot - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(zPath, p->aSlot[s->aBySlot[mid]]->zPath);
    if (c == 0) {
      s->iHint = mid + 1 < p->nSlot ? mid + 1 : 0;
      return s->aBySlot[mid];
    }
    if (c < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return -1;
}

int store_case_as_of(Store *s, const char *zCaseId, RrInstant *pAsOf, char *err, size_t n) {
  sqlite3_stmt *st = s->q[Q_CASE_AS_OF];
  sqlite3_bind_text(st, 1, zCaseId, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st), out = RR_STORE_NOTFOUND;
  if (rc == SQLITE_ROW) {
    const char *z = (const char *)sqlite3_column_text(st, 0);
    out = z && rr_parse_instant(z, strlen(z), pAsOf) == 0 ? 0 : -1;
    if (out) snprintf(err, n, "case %s: stored as_of '%s' is not a date-time", zCaseId, z ? z : "");
  } else if (rc != SQLITE_DONE) {
    out = fail_db(s, err, n, "cannot read the case");
  }
  sqlite3_reset(st);
  return out;
}

/* The value of column I as a raw fact (valid until the next step). */
static void column_raw(sqlite3_stmt *st, int i, RawFact *f) {
  memset(f, 0, sizeof *f);
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: f->type = RF_INT; f->i = sqlite3_column_int64(st, i); break;
    case SQLITE_FLOAT: f->type = RF_REAL; f->d = sqlite3_column_double(st, i); break;
    case SQLITE_NULL: break;
    default:
      f->type = RF_TEXT;
      f->z = (const char *)sqlite3_column_text(st, i);
      f->n = sqlite3_column_bytes(st, i);
      break;
  }
}

/* Walks the facts of a case at an instant: the newest row of each path
** comes first (Q_FACTS_AT's order), the older ones are skipped. */
typedef int (*RowFn)(void *ud, const char *zPath, const RawFact *f, char *err, size_t n);

static int each_fact_at(Store *s, const char *zCaseId, const char *zUtc, RowFn fn, void *ud,
                        char *err, size_t n) {
  sqlite3_stmt *st = s->q[Q_FACTS_AT];
  sqlite3_bind_text(st, 1, zCaseId, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zUtc, -1, SQLITE_STATIC);
  char prev[512];
  int rc, out = 0;
  prev[0] = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *zPath = (const char *)sqlite3_column_text(st, 0);
    int len = sqlite3_column_bytes(st, 0);
    if (!zPath || len >= (int)sizeof prev) continue;          /* no declared path is that long */
    if (memcmp(prev, zPath, (size_t)len + 1) == 0) continue;  /* an older value of the same fact */
    memcpy(prev, zPath, (size_t)len + 1);
    RawFact f;
    column_raw(st, 1, &f);
    if ((out = fn(ud, zPath, &f, err, n)) != 0) break;
  }
  if (!out && rc != SQLITE_ROW && rc != SQLITE_DONE) out = fail_db(s, err, n, "cannot read the facts");
  sqlite3_reset(st);
  return out;
}

typedef struct ReadCtx {
  Store *s;
  const Program *p;
  const char *zCaseId;
  StoreFactFn fn;
  void *ud;
  int nRows;
} ReadCtx;

static int read_row(void *ud, const char *zPath, const RawFact *f, char *err, size_t n) {
  ReadCtx *c = ud;
  c->nRows++;
  if (f->type == RF_NULL) return 0;               /* the fact became unknown */
  int slot = slot_of(c->s, c->p, zPath);
  if (slot < 0) {
    snprintf(err, n, "case %s: fact '%s' is recorded in the database but not declared in the rules",
             c->zCaseId, zPath);
    return -1;
  }
  return c->fn(c->ud, slot, f, err, n);
}

int store_read_facts(Store *s, const Program *p, const char *zCaseId, RrInstant upTo,
                     StoreFactFn fn, void *ud, char *err, size_t n) {
  char utc[32];
  rr_format_utc(upTo, utc);
  ReadCtx c = {s, p, zCaseId, fn, ud, 0};
  int rc = each_fact_at(s, zCaseId, utc, read_row, &c, err, n);
  if (rc || c.nRows) return rc;
  RrInstant asOf;                                  /* no fact: is there such a case at all? */
  return store_case_as_of(s, zCaseId, &asOf, err, n);
}

/* The facts in force when an import is recorded, to write only changes:
** per slot, a copy of the stored value. */
typedef struct Current {
  Store *s;
  const Program *p;
  RawFact *aFact;
  char **azOwned;                 /* the copies of the texts, per slot */
} Current;

static int keep_row(void *ud, const char *zPath, const RawFact *f, char *err, size_t n) {
  Current *c = ud;
  int slot = slot_of(c->s, c->p, zPath);
  if (slot < 0 || f->type == RF_NULL) return 0;
  c->aFact[slot] = *f;
  if (f->type == RF_TEXT) {
    c->aFact[slot].z = c->azOwned[slot] = strndup(f->z, (size_t)f->n);
    if (!c->azOwned[slot]) {
      snprintf(err, n, "out of memory");
      return -1;
    }
  }
  return 0;
}

static int same_value(const RawFact *a, const RawFact *b) {
  int ta = a->type == RF_BOOL ? RF_INT : a->type, tb = b->type == RF_BOOL ? RF_INT : b->type;
  if (ta != tb) return 0;
  switch (ta) {
    case RF_INT: return a->i == b->i;
    case RF_REAL: return a->d == b->d;
    case RF_TEXT: return a->n == b->n && memcmp(a->z, b->z, (size_t)a->n) == 0;
    default: return 1;
  }
}

static void bind_raw(sqlite3_stmt *st, int i, const RawFact *f) {
  switch (f->type) {
    case RF_BOOL: case RF_INT: sqlite3_bind_int64(st, i, f->i); break;
    case RF_REAL: sqlite3_bind_double(st, i, f->d); break;
    case RF_TEXT: sqlite3_bind_text(st, i, f->z, f->n, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, i); break;
  }
}

int store_import_case(Store *s, const Program *p, const char *zCaseId, RrInstant asOf,
                      const RawFact *aLeaf, const char *zBy, RrInstant recordedAt,
                      const char *zSource, int *pnChanged, int *aChanged, char *err, size_t n) {
  char asOfText[32], asOfUtc[32], recUtc[32], nowText[32];
  rr_format_instant(p->zone, asOf, asOfText);
  rr_format_utc(asOf, asOfUtc);
  rr_format_utc(recordedAt, recUtc);
  now_utc(nowText);
  *pnChanged = 0;

  RrInstant have;
  int rc = store_case_as_of(s, zCaseId, &have, err, n);
  if (rc == -1) return -1;
  sqlite3_stmt *st = s->q[rc == RR_STORE_NOTFOUND ? Q_CASE_INSERT : Q_CASE_UPDATE];
  sqlite3_bind_text(st, 1, zCaseId, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, asOfText, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, asOfUtc, -1, SQLITE_STATIC);
  if (rc == RR_STORE_NOTFOUND) sqlite3_bind_text(st, 4, nowText, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return fail_db(s, err, n, "cannot record the case");

  Current cur = {s, p, calloc((size_t)(p->nSlot ? p->nSlot : 1), sizeof(RawFact)),
                 calloc((size_t)(p->nSlot ? p->nSlot : 1), sizeof(char *))};
  if (!cur.aFact || !cur.azOwned) {
    free(cur.aFact);
    free(cur.azOwned);
    snprintf(err, n, "out of memory");
    return -1;
  }
  int out = each_fact_at(s, zCaseId, recUtc, keep_row, &cur, err, n);
  st = s->q[Q_FACT_INSERT];
  for (int i = 0; i < p->nSlot && !out; i++) {
    if (same_value(&aLeaf[i], &cur.aFact[i])) continue;
    sqlite3_bind_text(st, 1, zCaseId, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->aSlot[i]->zPath, -1, SQLITE_STATIC);
    bind_raw(st, 3, &aLeaf[i]);
    sqlite3_bind_text(st, 4, recUtc, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, zBy, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, nowText, -1, SQLITE_STATIC);
    if (zSource) sqlite3_bind_text(st, 7, zSource, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 7);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) out = fail_db(s, err, n, "cannot record a fact");
    else {
      if (aChanged) aChanged[*pnChanged] = i;
      (*pnChanged)++;
    }
  }
  for (int i = 0; i < p->nSlot; i++) free(cur.azOwned[i]);
  free(cur.azOwned);
  free(cur.aFact);
  return out;
}

/* }==== */

/* {==== batches =========================================================== */

/* One batch writes to a store at a time: an advisory lock (flock) on the
** file DB-batch beside the database, held while the batch runs and dropped
** by the system if the process dies.  The file keeps the holder's process
** id for the message; it is never removed (removing a lock file races). */
int store_batch_lock(Store *s, char *err, size_t n) {
  const char *zDb = sqlite3_db_filename(s->db, "main");
  if (!zDb || !*zDb || s->lockFd >= 0) return 0;         /* in memory, or held already */
  char *zLock = sqlite3_mprintf("%s-batch", zDb);
  if (!zLock) {
    snprintf(err, n, "out of memory");
    return -1;
  }
  int fd = open(zLock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(err, n, "%s: cannot open the batch lock: %s", zLock, strerror(errno));
    sqlite3_free(zLock);
    return -1;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int busy = errno == EWOULDBLOCK;
    char pid[32] = "";
    ssize_t got = busy ? pread(fd, pid, sizeof pid - 1, 0) : -1;
    pid[got > 0 ? got : 0] = 0;
    pid[strcspn(pid, "\n")] = 0;
    if (busy)
      snprintf(err, n, "another batch is running on %s%s%s%s: wait for it to finish (a batch that was cut short "
               "is resumed by running it again)", zDb, *pid ? " (process " : "", pid, *pid ? ")" : "");
    else
      snprintf(err, n, "%s: cannot take the batch lock: %s", zLock, strerror(errno));
    close(fd);
    sqlite3_free(zLock);
    return -1;
  }
  sqlite3_free(zLock);
  char pid[32];
  int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)len, 0) < 0) { /* the pid is only for messages */ }
  s->lockFd = fd;
  return 0;
}

void store_batch_unlock(Store *s) {
  if (s->lockFd < 0) return;
  close(s->lockFd);                          /* closing drops the lock */
  s->lockFd = -1;
}

/* Binds the values of filter F from parameter FIRST on. */
static void bind_filter(sqlite3_stmt *st, const Filter *f, int first) {
  for (int i = 0; i < f->nVal; i++) {
    const FilterValue *v = &f->aVal[i];
    if (v->isText) sqlite3_bind_text(st, first + i, v->z, v->n, SQLITE_STATIC);
    else if (v->isInt) sqlite3_bind_int64(st, first + i, v->i);
    else sqlite3_bind_double(st, first + i, v->d);
  }
}

int store_check_where(Store *s, const char *zWhere, char *err, size_t n) {
  Filter f;
  (void)s;
  int rc = filter_parse(zWhere, 1, &f, err, n);
  filter_free(&f);
  return rc;
}

static int batch_open(Store *s, RrInstant asOf, const char *zHash, const char *sel, int64_t *pBatch,
                      int *pResumed, char *err, size_t n);

int store_batch_open(Store *s, RrInstant asOf, const char *zHash, const char *zWhere,
                     int64_t *pBatch, int *pResumed, char *err, size_t n) {
  Filter f;
  if (filter_parse(zWhere, 1, &f, err, n)) return -1;
  int rc = batch_open(s, asOf, zHash, f.zCanon, pBatch, pResumed, err, n);
  filter_free(&f);
  return rc;
}

/* The batch of the selection SEL (a filter written out canonically). */
static int batch_open(Store *s, RrInstant asOf, const char *zHash, const char *sel, int64_t *pBatch,
                      int *pResumed, char *err, size_t n) {
  char asOfUtc[32], nowText[32];
  rr_format_utc(asOf, asOfUtc);
  now_utc(nowText);
  sqlite3_stmt *st = s->q[Q_BATCH_FIND];
  sqlite3_bind_text(st, 1, asOfUtc, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zHash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, sel, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  *pResumed = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW) *pBatch = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_db(s, err, n, "cannot look for the batch");
  if (*pResumed) return 0;
  st = s->q[Q_BATCH_INSERT];
  sqlite3_bind_text(st, 1, asOfUtc, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zHash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, sel, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, nowText, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return fail_db(s, err, n, "cannot start the batch");
  *pBatch = sqlite3_last_insert_rowid(s->db);
  return 0;
}

int store_batch_next_cases(Store *s, int64_t batch, const char *zWhere, const char *zAfter,
                           char **azId, int max, char *err, size_t n) {
  Filter f;
  if (filter_parse(zWhere, 4, &f, err, n)) return -1;
  char *sql = sqlite3_mprintf(
      "SELECT case_id FROM cases c WHERE case_id > ?1 AND (%s) "
      "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.batch_id = ?2 AND d.case_id = c.case_id) "
      "AND NOT EXISTS (SELECT 1 FROM decision_confirmations k WHERE k.batch_id = ?2 AND k.case_id = c.case_id) "
      "AND NOT EXISTS (SELECT 1 FROM batch_errors e WHERE e.batch_id = ?2 AND e.case_id = c.case_id) "
      "ORDER BY case_id LIMIT ?3", f.zSql);
  sqlite3_stmt *st = NULL;
  if (!sql || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_free(sql);
    filter_free(&f);
    return fail_db(s, err, n, "cannot select the cases");
  }
  sqlite3_free(sql);
  bind_filter(st, &f, 4);
  sqlite3_bind_text(st, 1, zAfter ? zAfter : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, batch);
  sqlite3_bind_int(st, 3, max);
  int k = 0, rc;
  while (k < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    azId[k] = strdup((const char *)sqlite3_column_text(st, 0));
    if (!azId[k]) break;
    k++;
  }
  if (k < max && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fail_db(s, err, n, "cannot select the cases");
    while (k) free(azId[--k]);
    sqlite3_finalize(st);
    filter_free(&f);
    return -1;
  }
  sqlite3_finalize(st);
  filter_free(&f);
  return k;
}

int store_batch_error(Store *s, int64_t batch, const char *zCaseId, const char *zMsg, char *err, size_t n) {
  sqlite3_stmt *st = s->q[Q_BATCH_ERROR];
  sqlite3_bind_int64(st, 1, batch);
  sqlite3_bind_text(st, 2, zCaseId, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, zMsg, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : fail_db(s, err, n, "cannot record the failed case");
}

int store_batch_finish(Store *s, int64_t batch, char *err, size_t n) {
  char nowText[32];
  now_utc(nowText);
  sqlite3_stmt *st = s->q[Q_BATCH_FINISH];
  sqlite3_bind_int64(st, 1, batch);
  sqlite3_bind_text(st, 2, nowText, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : fail_db(s, err, n, "cannot finish the batch");
}

int store_batch_counts(Store *s, int64_t batch, int64_t *pDone, int64_t *pFailed, char *err, size_t n) {
  sqlite3_stmt *st = s->q[Q_BATCH_COUNTS];
  sqlite3_bind_int64(st, 1, batch);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *pDone = sqlite3_column_int64(st, 0);
    *pFailed = sqlite3_column_int64(st, 1);
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? 0 : fail_db(s, err, n, "cannot count the batch");
}

/* }==== */

/* {==== reading decisions back ============================================= */

int store_summaries(Store *s, const char *zWhere, StoreSummaryFn fn, void *ud, char *err, size_t n) {
  Filter f;
  if (filter_parse(zWhere, 1, &f, err, n)) return -1;
  char *sql = sqlite3_mprintf(
      "SELECT d.case_id, d.as_of, d.risk_level, "
      "(SELECT group_concat(rule_id, ' ') FROM (SELECT rule_id FROM decision_rules r "
      "  WHERE r.decision_id = d.id AND r.kind = 'hazard' ORDER BY r.rowid)), "
      "(SELECT count(*) FROM decision_deadlines x WHERE x.decision_id = d.id AND x.status = 'overdue'), "
      "(SELECT group_concat(rule_id, ' ') FROM (SELECT rule_id FROM decision_rules r "
      "  WHERE r.decision_id = d.id AND r.kind = 'action' ORDER BY r.rowid)), d.overlay_name "
      "FROM latest_decisions d WHERE d.case_id IN (SELECT case_id FROM cases WHERE (%s)) ORDER BY d.case_id",
      f.zSql);
  sqlite3_stmt *st = NULL;
  if (!sql || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_free(sql);
    filter_free(&f);
    return fail_db(s, err, n, "cannot read the decisions");
  }
  sqlite3_free(sql);
  bind_filter(st, &f, 1);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *z[7];
    for (int i = 0; i < 7; i++) z[i] = (const char *)sqlite3_column_text(st, i);
    if (fn(ud, z[0], z[1], z[2], z[3], sqlite3_column_int(st, 4), z[5], z[6])) { rc = SQLITE_DONE; break; }
  }
  int out = rc == SQLITE_DONE ? 0 : fail_db(s, err, n, "cannot read the decisions");
  sqlite3_finalize(st);
  filter_free(&f);
  return out;
}

/* }==== */

/* {==== decisions ========================================================= */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *z) {
  if (z) sqlite3_bind_text(st, i, z, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

int store_confirm_decision(Store *s, int64_t batch, const StoreDecision *d, int *pConfirmed, char *err, size_t n) {
  *pConfirmed = 0;
  sqlite3_stmt *st = s->q[Q_LATEST];
  sqlite3_bind_text(st, 1, d->zCaseId, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  int64_t id = 0;
  /* the same rule set and instant first: only then is the JSON read back */
  int same = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 1), d->zHash) &&
             !strcmp((const char *)sqlite3_column_text(st, 2), d->zAsOfUtc);
  if (same) id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_db(s, err, n, "cannot read the case's latest decision");
  if (!same) return 0;
  st = s->q[Q_DECISION_TEXT];
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  size_t len = strlen(d->zJson);
  same = rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 0) == len &&
         !memcmp(sqlite3_column_blob(st, 0), d->zJson, len);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_db(s, err, n, "cannot read the case's latest decision");
  if (!same) return 0;
  char nowText[32];
  now_utc(nowText);
  st = s->q[Q_CONFIRM_INSERT];
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, d->zCaseId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, batch);
  sqlite3_bind_text(st, 4, nowText, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return fail_db(s, err, n, "cannot record the decision's confirmation");
  *pConfirmed = 1;
  return 0;
}

/* The statement that inserts 2^B rows of table T (one of INS_*). */
static sqlite3_stmt *block_stmt(Store *s, int t, int b) {
  if (s->ins[t][b]) return s->ins[t][b];
  int rows = 1 << b, w = ins_width[t];
  size_t len = strlen(ins_head[t]) + (size_t)rows * ((size_t)w * 8 + 8) + 1;
  char *sql = malloc(len);
  if (!sql) return NULL;
  size_t k = (size_t)snprintf(sql, len, "%s", ins_head[t]);
  for (int r = 0; r < rows; r++) {
    k += (size_t)snprintf(sql + k, len - k, "%s(?1", r ? "," : "");
    for (int c = 0; c < w; c++) k += (size_t)snprintf(sql + k, len - k, ",?%d", 2 + r * w + c);
    k += (size_t)snprintf(sql + k, len - k, ")");
  }
  sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->ins[t][b], NULL);
  free(sql);
  return s->ins[t][b];
}

typedef struct StoreRow {
  const StoreDecision *d;
  int64_t id;
} StoreRow;

/* Binds row I of the decision from parameter FIRST on. */
typedef void (*BindRowFn)(sqlite3_stmt *st, int first, const StoreDecision *d, int i);

static void bind_rule(sqlite3_stmt *st, int first, const StoreDecision *d, int i) {
  const StoreRule *x = &d->aRule[i];
  sqlite3_bind_text(st, first, x->zId, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, first + 1, x->zKind, -1, SQLITE_STATIC);
  bind_text_or_null(st, first + 2, x->zValue);
}

static void bind_deadline(sqlite3_stmt *st, int first, const StoreDecision *d, int i) {
  const StoreDeadline *x = &d->aDl[i];
  sqlite3_bind_text(st, first, x->zId, -1, SQLITE_STATIC);
  bind_text_or_null(st, first + 1, x->zInstance);
  bind_text_or_null(st, first + 2, x->zStart);
  bind_text_or_null(st, first + 3, x->zDue);
  bind_text_or_null(st, first + 4, x->zDueUtc);
  bind_text_or_null(st, first + 5, x->zDone);
  sqlite3_bind_text(st, first + 6, x->zStatus, -1, SQLITE_STATIC);
  bind_text_or_null(st, first + 7, x->zResponsible);
}

/* Inserts N rows of table T in the largest blocks first, in order (their
** rowids keep the decision's order).  Returns 0, or -1 (the connection's
** message says why). */
static int insert_rows(Store *s, int t, int n, BindRowFn bind, const StoreRow *rw) {
  int i = 0;
  for (int b = NBLOCK - 1; b >= 0; b--) {
    int rows = 1 << b;
    while (n - i >= rows) {
      sqlite3_stmt *st = block_stmt(s, t, b);
      if (!st) return -1;
      sqlite3_bind_int64(st, 1, rw->id);
      for (int r = 0; r < rows; r++) bind(st, 2 + r * ins_width[t], rw->d, i + r);
      int rc = sqlite3_step(st);
      sqlite3_reset(st);
      if (rc != SQLITE_DONE) return -1;
      i += rows;
    }
  }
  return 0;
}

int store_write_decision(Store *s, int64_t batch, const StoreDecision *d, char *err, size_t n) {
  char nowText[32];
  now_utc(nowText);
  sqlite3_stmt *st = s->insDecision;
  sqlite3_clear_bindings(st);
  /* parameter ?k is column k - 1: ?2 = case_id ... */
  sqlite3_bind_text(st, DC_CASE + 1, d->zCaseId, -1, SQLITE_STATIC);
  if (batch) sqlite3_bind_int64(st, DC_BATCH + 1, batch);
  sqlite3_bind_text(st, DC_AS_OF + 1, d->zAsOf, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, DC_AS_OF_UTC + 1, d->zAsOfUtc, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, DC_EVALUATED + 1, nowText, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, DC_HASH + 1, d->zHash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, DC_DECISION + 1, d->zJson, -1, SQLITE_STATIC);
  for (int c = DC__FIXED; c < s->nCol; c++) {
    for (int f = 0; f < d->nField; f++) {
      const StoreField *x = &d->aField[f];
      if (strcmp(x->zName, s->azCol[c]) != 0) continue;
      if (x->type == SF_INT) sqlite3_bind_int64(st, c + 1, x->i);
      else if (x->type == SF_REAL) sqlite3_bind_double(st, c + 1, x->d);
      else if (x->type == SF_TEXT) sqlite3_bind_text(st, c + 1, x->z, -1, SQLITE_STATIC);
      break;
    }
  }
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return fail_db(s, err, n, "cannot write the decision");
  int64_t id = sqlite3_last_insert_rowid(s->db);

  StoreRow rows = {d, id};
  if (insert_rows(s, INS_RULE, d->nRule, bind_rule, &rows))
    return fail_db(s, err, n, "cannot write a rule of the decision");
  if (insert_rows(s, INS_DEADLINE, d->nDl, bind_deadline, &rows))
    return fail_db(s, err, n, "cannot write a deadline of the decision");
  return 0;
}

/* }==== */

/* {==== queries of the reports =========================================== */

/* What the reports' SQL may do: read anything, write TEMP tables only. */
static int scratch_auth(void *ud, int op, const char *z1, const char *z2, const char *zDb, const char *zTrigger) {
  (void)ud; (void)z1; (void)z2; (void)zTrigger;
  switch (op) {
  case SQLITE_SELECT: case SQLITE_READ: case SQLITE_FUNCTION: case SQLITE_RECURSIVE:
  case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_TEMP_VIEW: case SQLITE_CREATE_TEMP_INDEX:
  case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_TEMP_VIEW: case SQLITE_DROP_TEMP_INDEX:
    return SQLITE_OK;
  case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE:
    /* sqlite_master: the schema of a table-valued function (json_each) as
    ** it is connected; the schema cannot be written otherwise (no PRAGMA) */
    return zDb && (strcmp(zDb, "temp") == 0 || (z1 && strcmp(z1, "sqlite_master") == 0)) ? SQLITE_OK : SQLITE_DENY;
  default:
    return SQLITE_DENY;
  }
}

int store_scratch_begin(Store *s, char *err, size_t n) {
  if (!sqlite3_get_autocommit(s->db)) {
    snprintf(err, n, "a report cannot run inside a transaction");
    return -1;
  }
  sqlite3_stmt *st;
  int qo = 0;
  if (sqlite3_prepare_v2(s->db, "PRAGMA query_only", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) qo = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  s->scratchQueryOnly = qo;
  /* TEMP tables are writes for query_only: the authorizer and the rollback
  ** keep the store unwritten instead */
  if ((qo && exec(s, "PRAGMA query_only = OFF", err, n, "report")) ||
      exec(s, "BEGIN", err, n, "report")) {
    if (qo) exec(s, "PRAGMA query_only = ON", err, n, "report");
    return -1;
  }
  sqlite3_set_authorizer(s->db, scratch_auth, NULL);
  return 0;
}

void store_scratch_end(Store *s) {
  char err[200];
  sqlite3_set_authorizer(s->db, NULL, NULL);
  if (!sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", err, sizeof err, "report");
  if (s->scratchQueryOnly > 0) exec(s, "PRAGMA query_only = ON", err, sizeof err, "report");
  s->scratchQueryOnly = 0;
}

static int bind_params(Store *s, sqlite3_stmt *st, const char *zWhat, const StoreParam *aParam, int nParam,
                       char *err, size_t n) {
  int np = sqlite3_bind_parameter_count(st);
  for (int i = 1; i <= np; i++) {
    const char *zName = sqlite3_bind_parameter_name(st, i);
    int j = 0;
    while (zName && j < nParam && strcmp(aParam[j].zName, zName + 1) != 0) j++;
    if (!zName || j == nParam) {
      snprintf(err, n, "%s: unknown parameter %s", zWhat, zName ? zName : "?");
      return -1;
    }
    if (aParam[j].zValue) sqlite3_bind_text(st, i, aParam[j].zValue, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
  }
  (void)s;
  return 0;
}

enum { QUERY_MAX_COLS = 64 };

int store_query(Store *s, const char *zSql, const char *zWhat, const StoreParam *aParam, int nParam,
                StoreRowFn fn, void *ud, char *err, size_t n) {
  const char *zTail = zSql;
  while (zTail && *zTail) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, zTail, -1, &st, &zTail) != SQLITE_OK) {
      snprintf(err, n, "%s: %s", zWhat, sqlite3_errmsg(s->db));
      return -1;
    }
    if (!st) continue;   /* whitespace or comments only */
    int nCol = sqlite3_column_count(st), rc;
    if (nCol > QUERY_MAX_COLS) {
      sqlite3_finalize(st);
      snprintf(err, n, "%s: more than %d columns", zWhat, QUERY_MAX_COLS);
      return -1;
    }
    if (bind_params(s, st, zWhat, aParam, nParam, err, n)) {
      sqlite3_finalize(st);
      return -1;
    }
    const char *azName[QUERY_MAX_COLS], *azVal[QUERY_MAX_COLS];
    int aType[QUERY_MAX_COLS];
    for (int i = 0; i < nCol; i++) azName[i] = sqlite3_column_name(st, i);
    int nRow = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      nRow++;
      for (int i = 0; i < nCol; i++) {
        int t = sqlite3_column_type(st, i);
        aType[i] = t == SQLITE_INTEGER ? SF_INT : t == SQLITE_FLOAT ? SF_REAL : t == SQLITE_NULL ? SF_NULL : SF_TEXT;
        azVal[i] = (const char *)sqlite3_column_text(st, i);
        if (!azVal[i] && t != SQLITE_NULL) {
          sqlite3_finalize(st);
          snprintf(err, n, "out of memory");
          return -1;
        }
      }
      int r = fn ? fn(ud, nCol, azName, azVal, aType, err, n) : 0;
      if (r) {
        sqlite3_finalize(st);
        return r;
      }
    }
    if (rc != SQLITE_DONE) {
      snprintf(err, n, "%s: %s", zWhat, sqlite3_errmsg(s->db));
      sqlite3_finalize(st);
      return -1;
    }
    int r = rc == SQLITE_DONE && nRow == 0 && nCol > 0 && fn ? fn(ud, nCol, azName, NULL, NULL, err, n) : 0;
    sqlite3_finalize(st);
    if (r) return r;
  }
  return 0;
}

/* }==== */
