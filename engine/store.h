/*
** store.h - the case store in SQLite: fact history, decisions written back,
** batches.  This module is the only one that includes sqlite3.h; what it
** exchanges with the rest of the engine is plain C (texts, numbers, slots).
**
** The schema is stdlib/schema/NNN-*.sql, embedded in the binary and applied
** in order on open (PRAGMA user_version).  Every function that can fail
** returns 0 on success, RR_STORE_NOTFOUND where documented, or -1 with a
** one-line message in ERR.
*/
#ifndef RR_STORE_H
#define RR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

enum { RR_STORE_NOTFOUND = -2 };

typedef struct Store Store;

/* Opens the database at PATH.  STORE_CREATE creates the file when missing;
** it and STORE_OPEN switch to the WAL journal and migrate the schema
** forward.  STORE_READ writes nothing at all (no journal switch, no
** migration: the schema must be current).  Every mode sets a busy timeout
** and refuses a file that is not a database, a database of another program
** (tables but no rregull schema; an empty one is taken when writing), a
** negative or newer schema version.  On failure *PS is NULL.  ORDER: the
** RR_DB_* modes of rregull.h. */
enum { STORE_OPEN = 0, STORE_CREATE = 1, STORE_READ = 2 };
int  store_open(Store **ps, const char *zPath, int mode, char *err, size_t n);
void store_close(Store *s);
int  store_schema_version(Store *s);

/* Transactions (BEGIN IMMEDIATE ... COMMIT); rollback never fails.  A read
** transaction (BEGIN ... COMMIT) gives one snapshot to many reads. */
int  store_begin(Store *s, char *err, size_t n);
int  store_begin_read(Store *s, char *err, size_t n);
int  store_commit(Store *s, char *err, size_t n);
void store_rollback(Store *s);
int  store_in_transaction(Store *s);
/* A unit of work that is all or nothing: its own transaction, or a savepoint
** inside the caller's.  END commits (OK) or undoes it; *POWN says which. */
int  store_atomic_begin(Store *s, int *pOwn, char *err, size_t n);
int  store_atomic_end(Store *s, int own, int ok, char *err, size_t n);

/* Records a case's facts as known at RECORDED_AT: for each fact slot, ALEAF
** holds its value as given (RF_NULL: unknown).  Only facts whose value differs from the
** one in force are recorded; the case is created on first import and its
** as_of moves forward to AS_OF.  *PNCHANGED receives the number of rows
** written, and ACHANGED (P->nSlot entries, or NULL) their slots, in slot
** order.  Call inside a transaction. */
int  store_import_case(Store *s, const Program *p, const char *zCaseId, RrInstant asOf,
                       const RawFact *aLeaf, const char *zBy, RrInstant recordedAt,
                       const char *zSource, int *pnChanged, int *aChanged, char *err, size_t n);

/* The case's latest as_of, or RR_STORE_NOTFOUND. */
int  store_case_as_of(Store *s, const char *zCaseId, RrInstant *pAsOf, char *err, size_t n);

/* Calls FN for every fact of the case in force at UP_TO (the value recorded
** last at or before it; facts that became unknown are skipped).  A recorded
** fact the rules do not declare is an error naming it.  RR_STORE_NOTFOUND
** when the case does not exist.  FN returns 0 to go on, non-zero to stop
** with that result (its own message in ERR). */
typedef int (*StoreFactFn)(void *ud, int slot, const RawFact *f, char *err, size_t n);
int  store_read_facts(Store *s, const Program *p, const char *zCaseId, RrInstant upTo,
                      StoreFactFn fn, void *ud, char *err, size_t n);

/* ---- batches ---- */

/* Finds the unfinished batch with the same instant, rule set and selection
** (*PRESUMED = 1), or starts a new one.  The selection is a filter on the
** cases table (filter.h; '' for all); it is checked here. */
int  store_batch_open(Store *s, RrInstant asOf, const char *zHash, const char *zWhere,
                      int64_t *pBatch, int *pResumed, char *err, size_t n);
/* Checks that a selection is a filter on the cases table (filter.h). */
int  store_check_where(Store *s, const char *zWhere, char *err, size_t n);
/* The next page of at most MAX case ids (after AFTER, '' at first) selected
** by the batch and not yet decided in it.  Returns the number written to
** AZID (each malloc'd; the caller frees them). */
int  store_batch_next_cases(Store *s, int64_t batch, const char *zWhere, const char *zAfter,
                            char **azId, int max, char *err, size_t n);
int  store_batch_error(Store *s, int64_t batch, const char *zCaseId, const char *zMsg,
                       char *err, size_t n);
int  store_batch_finish(Store *s, int64_t batch, char *err, size_t n);
/* Counts of a batch: decisions written and cases that failed. */
int  store_batch_counts(Store *s, int64_t batch, int64_t *pDone, int64_t *pFailed, char *err, size_t n);
/* One batch writes to a store at a time: takes the store's batch lock, or
** fails saying another batch is running (its process id).  Released by
** store_batch_unlock, store_close, or the process's end. */
int  store_batch_lock(Store *s, char *err, size_t n);
void store_batch_unlock(Store *s);

/* ---- reading decisions back ---- */

/* The latest decision of each case (those the SQL condition WHERE on the
** cases table selects, '' for all), in case order: FN gets the case id, its
** as_of, the risk level, the hazards (space-separated), the number of
** overdue deadlines, the next actions (space-separated, in rule order), the
** overlay that decided it (NULL: the national rules).
** Texts are valid during the call.  FN returns non-zero to stop. */
typedef int (*StoreSummaryFn)(void *ud, const char *zCaseId, const char *zAsOf, const char *zRisk,
                              const char *zHazards, int nOverdue, const char *zActions, const char *zOverlay);
int  store_summaries(Store *s, const char *zWhere, StoreSummaryFn fn, void *ud, char *err, size_t n);

/* ---- decisions ---- */

enum { SF_NULL = 0, SF_INT, SF_REAL, SF_TEXT };

typedef struct StoreField {      /* a scalar of the report: risk_level = 'high' */
  const char *zName;
  int type;                      /* SF_* */
  int64_t i;
  double d;
  const char *z;
} StoreField;

typedef struct StoreRule {        /* a rule that holds */
  const char *zId, *zKind, *zValue;   /* zValue may be NULL */
} StoreRule;

typedef struct StoreDeadline {
  const char *zId, *zInstance, *zStart, *zDue, *zDueUtc, *zDone, *zStatus, *zResponsible;
} StoreDeadline;

typedef struct StoreDecision {
  const char *zCaseId, *zAsOf, *zAsOfUtc, *zHash, *zJson;
  const StoreField *aField;
  int nField;
  const StoreRule *aRule;
  int nRule;
  const StoreDeadline *aDl;
  int nDl;
} StoreDecision;

/* Writes a decision with its rules and deadlines (BATCH 0: outside a batch).
** The report's scalars fill the decisions columns of the same name.  Call
** inside a transaction. */
int  store_write_decision(Store *s, int64_t batch, const StoreDecision *d, char *err, size_t n);

/* Whether the case's latest decision is D again: the same rule set and its
** JSON byte for byte (which holds the case and its as_of).  If so, records
** that batch BATCH re-confirmed it (decision_confirmations) and sets
** *PCONFIRMED to 1; nothing else is written.  Otherwise writes nothing.  Call
** inside a transaction. */
int  store_confirm_decision(Store *s, int64_t batch, const StoreDecision *d, int *pConfirmed,
                            char *err, size_t n);

/* ---- queries of the reports (report.c) ---- */

/* A scratch session for the reports' SQL: everything done in it is undone
** at its end (one transaction, rolled back), and while it lasts an
** authorizer lets statements read the store and write only TEMP tables (no
** write to the store, no ATTACH, no PRAGMA, no transaction control), also
** on a store opened read-only. */
int  store_scratch_begin(Store *s, char *err, size_t n);
void store_scratch_end(Store *s);

/* Runs every statement of ZSQL in order, binding each named parameter
** (:from) to the value of AP[] of that name (a NULL value binds NULL; a
** parameter not in AP is an error naming it), and calls FN for each row of
** each statement with the column names and values as text (NULL for SQL
** NULL) and their SF_* types; for a statement that returns columns but no
** row, FN is called once with AZVAL and ATYPE NULL.  FN returns 0 to go
** on, non-zero to stop with that result.  ZWHAT names the SQL in messages. */
typedef struct StoreParam { const char *zName, *zValue; } StoreParam;
typedef int (*StoreRowFn)(void *ud, int nCol, const char *const *azName, const char *const *azVal,
                          const int *aType, char *err, size_t n);
int  store_query(Store *s, const char *zSql, const char *zWhat, const StoreParam *aParam, int nParam,
                 StoreRowFn fn, void *ud, char *err, size_t n);

#endif
