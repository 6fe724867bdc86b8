/*
** rregull.h - the rregull library: child-labour case decisions from policy
** files, for case systems that embed the engine.
**
** Three opaque handles:
**
**   rr_rules   a loaded and checked rule set (rules/kosovo/, an overlay...).
**              Read-only once loaded: several rr_eval may share it, also
**              from several threads.
**   rr_eval    the working state of evaluation over one rule set.  Not
**              thread-safe: one per thread.
**   rr_db      an open case store (SQLite): fact history, decisions.  One
**              per thread; several processes may open the same file.
**
** Results: every function that can fail returns an RR_* code (RR_OK is 0).
** The message of the last failure is read from the handle involved with
** rr_rules_errors, rr_eval_errmsg or rr_db_errmsg; it stays valid until the
** next call on that handle.  A load or open that fails still gives a handle
** (so that its message can be read), which the caller frees.
**
** Ownership: strings a function hands out through a char ** (decisions) are
** the caller's and are freed with rr_free.  Strings returned as const char *
** belong to the handle.  Handles are freed with their _free/_close function;
** passing NULL to those is allowed.
**
** Times are ISO 8601 with an offset ("2025-03-05T10:00:00+01:00"), or "now"
** where an instant of evaluation is asked for; cases are
** JSON in the shape of the decision contract: {"id", "as_of", "facts"}.
*/
#ifndef RREGULL_H
#define RREGULL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RREGULL_VERSION "0.2.0"

enum {
  RR_OK = 0,
  RR_EPOLICY = 1,     /* the rule files do not load or check */
  RR_EFACTS = 2,      /* a case breaks the fact declarations, or is not JSON */
  RR_ENOTFOUND = 3,   /* no such case in the store */
  RR_EDB = 4,         /* the database cannot be opened, read or written */
  RR_ENOMEM = 5,
  RR_EMISUSE = 6      /* a bad argument (NULL handle, malformed time...) */
};

typedef struct rr_rules rr_rules;
typedef struct rr_eval rr_eval;
typedef struct rr_db rr_db;

const char *rr_version(void);
void rr_free(void *p);

/* ---- rule sets ------------------------------------------------------- */

/* Loads and checks policy files and directories (a directory contributes its
** *.rr files).  On RR_EPOLICY, rr_rules_errors gives every diagnostic
** ("file:line:col: error: ..." with the source line and a caret). */
int  rr_rules_load(rr_rules **out, const char *const *paths, int nPaths);
const char *rr_rules_errors(const rr_rules *r);
/* SHA-256 (hex) of the rule set's files, overlays and hooks included. */
const char *rr_rules_hash(const rr_rules *r);
/* The overlays loaded (directories given to rr_rules_load whose files
** declare 'overlay NAME ... for "Municipality"'): their number, and the name
** of overlay I. */
int  rr_rules_overlays(const rr_rules *r);
const char *rr_rules_overlay_name(const rr_rules *r, int i);
void rr_rules_free(rr_rules *r);

/* ---- evaluation ------------------------------------------------------ */

int  rr_eval_new(rr_eval **out, const rr_rules *r);
/* Evaluates one case given as JSON; *DECISION receives the decision as JSON
** (indented when PRETTY), freed with rr_free.  RR_EFACTS names the file's
** JSON path in rr_eval_errmsg: "facts.work.loads[0].kg: expected a number". */
int  rr_eval_json(rr_eval *e, const char *caseJson, size_t n, int pretty, char **decision);
const char *rr_eval_errmsg(const rr_eval *e);
/* Applies the overlay called NAME (its name or its municipality) to every
** case instead of the one the case's facts name; NULL goes back to that.
** RR_EMISUSE when no overlay loaded is called so. */
int  rr_eval_set_municipality(rr_eval *e, const char *name);
/* Whether a hook of the overlay that decided the last case failed: the
** decision then records the failure (overlay.hooks) and the national result
** stands. */
int  rr_eval_hook_failed(const rr_eval *e);
void rr_eval_free(rr_eval *e);

/* ---- the case store -------------------------------------------------- */

/* Opens the store at PATH.  MODE: RR_DB_CREATE creates the file if missing;
** it and RR_DB_OPEN migrate the schema forward (the database is written);
** RR_DB_READONLY writes nothing -- no file created, no migration -- and needs
** a current schema (a read then never changes the database).  A file that is
** not a database, or a database that is not rregull's (tables of another
** program; an empty one is taken by the writing modes), is RR_EDB. */
enum { RR_DB_OPEN = 0, RR_DB_CREATE = 1, RR_DB_READONLY = 2 };
int  rr_db_open(rr_db **out, const char *path, int mode);
const char *rr_db_errmsg(const rr_db *db);
void rr_db_close(rr_db *db);

/* Groups imports in one transaction (faster); without it each import is
** its own.  Inside one, an import that fails leaves nothing behind and the
** transaction goes on. */
int  rr_db_begin(rr_db *db);
int  rr_db_commit(rr_db *db);
void rr_db_rollback(rr_db *db);

/* Imports one case (its "id" names it) after checking it against E's fact
** declarations: each fact whose value changed is recorded with RECORDED_AT
** (NULL: the case's as_of) and BY; SOURCE names the file.  *NCHANGED (may be
** NULL) receives the number of facts recorded. */
int  rr_db_import(rr_db *db, rr_eval *e, const char *caseJson, size_t n, const char *source,
                  const char *by, const char *recordedAt, int *nChanged);

/* Evaluates a stored case with the facts recorded up to AS_OF (NULL: the
** case's latest as_of) at that instant; the decision is the one rr_eval_json
** gives for the same facts.  With STORE the decision is also written back. */
int  rr_db_eval(rr_db *db, rr_eval *e, const char *caseId, const char *asOf, int pretty,
                int store, char **decision);

/* The latest stored decision of each case (WHERE: a filter on the cases
** table, NULL or "" for all; see rr_batch_options.where), in case order.  Texts are valid during the
** call; hazards and actions are space-separated rule IDs; risk may be NULL.
** FN returns non-zero to stop. */
typedef struct rr_case_summary {
  const char *caseId, *asOf, *risk, *hazards, *actions;
  int overdue;                   /* deadlines overdue at the decision's as_of */
  const char *overlay;           /* the municipal overlay that decided it, or NULL */
} rr_case_summary;
int  rr_db_summaries(rr_db *db, const char *where, int (*fn)(void *ud, const rr_case_summary *c), void *ud);

typedef struct rr_batch_options {
  /* which cases: NULL or "" for every case, or a filter on the fields of the
  ** cases table -- case_id, as_of, as_of_utc, created_at -- with = != < <= >
  ** >=, [NOT] IN ('a', 'b'), [NOT] LIKE 'A-%', AND, OR, NOT and brackets;
  ** values are 'text' or numbers (never SQL: they are bound as parameters) */
  const char *where;
  int dryRun;             /* evaluate without writing decisions */
  int chunk;              /* cases per transaction (0: 256) */
  /* called after each chunk, and for each case that fails */
  void (*progress)(void *ud, long long done, long long failed);
  void (*caseError)(void *ud, const char *caseId, const char *message);
  void *ud;
} rr_batch_options;

typedef struct rr_batch_result {
  long long batchId;      /* 0 for a dry run */
  int resumed;            /* an interrupted batch was taken up again */
  long long evaluated;    /* decisions written (or evaluated, dry run) by this call */
  long long failed;       /* cases that could not be evaluated */
  long long alreadyDone;  /* decided by the interrupted run before */
  long long hookFailures; /* decisions whose overlay hook failed (they are stored, and say so) */
} rr_batch_result;

/* Evaluates every selected case at AS_OF and stores each decision with the
** rule set's hash, one transaction per chunk: an interruption loses at most
** the chunk under way, and a rerun with the same AS_OF, rule set and
** selection resumes the batch.  A case that fails is recorded and skipped.
** One batch writes to a store at a time: while another runs (any process),
** RR_EDB says so.  A dry run writes nothing and takes no lock. */
int  rr_db_batch(rr_db *db, rr_eval *e, const char *asOf, const rr_batch_options *opt,
                 rr_batch_result *result);

#ifdef __cplusplus
}
#endif

#endif
