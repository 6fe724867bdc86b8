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
** where an instant of evaluation is asked for; dates are YYYY-MM-DD; cases
** are JSON in the shape of the decision contract: {"id", "as_of", "facts"}.
**
** The library keeps no global state, never exits and never prints: what it
** has to say goes to the handles' messages, to memory it hands out, or to a
** stream (FILE *) or callback the caller gives.  Functions that take a
** const rr_rules * only read it and may run in several threads at once.
*/
#ifndef RREGULL_H
#define RREGULL_H

#include <stddef.h>
#include <stdio.h>

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
** *.rr files; one whose files declare 'overlay NAME ... for "Municipality"'
** is loaded as an overlay over the others).  rr_rules_errors gives every
** diagnostic ("file:line:col: error: ..." with the source line and a caret),
** warnings included: on RR_EPOLICY the errors, after a load that succeeded
** the warnings (often ""). */
int  rr_rules_load(rr_rules **out, const char *const *paths, int nPaths);
const char *rr_rules_errors(const rr_rules *r);

/* Loading with options; OPT NULL (or all zero) is rr_rules_load.
**   tests    also load the policy's tests (each directory's tests/ files, the
**            'test' declarations rr_rules_test runs).  PATHS is then the
**            national rule set alone: an overlay among them is RR_EMISUSE
**            (load it through OVERLAY).
**   overlay  a directory that declares an overlay: PATHS (the national
**            rules) amended by it, loaded and checked as ONE rule set --
**            what `rregull check` and `rregull test` do for each overlay.
**            Its diagnostics are that rule set's; with TESTS, its tests are
**            the overlay's.  Evaluating with it applies the overlay to every
**            case, without its hooks (as its tests do).
** Errors, ownership and threads as for rr_rules_load. */
typedef struct rr_load_options {
  int tests;
  const char *overlay;
} rr_load_options;
int  rr_rules_load_with(rr_rules **out, const char *const *paths, int nPaths, const rr_load_options *opt);

/* Counts of a loaded rule set, what `rregull check` reports: WHAT is one of
** RR_COUNT_*; -1 for another.  Errors and warnings are those of every rule
** set loaded (overlays included) and are counted also when the load failed;
** the other counts are of the national rule set (or of the one loaded with
** rr_load_options.overlay), and 0 when the load failed. */
enum {
  RR_COUNT_RULES = 0,     /* rules (lets, older versions and hook slots are not); of a rule set
                          ** loaded with an overlay: those the overlay declares */
  RR_COUNT_FACTS,         /* declared facts */
  RR_COUNT_TESTS,         /* 'test' declarations loaded (rr_load_options.tests) */
  RR_COUNT_FILES,         /* policy files read (the library embedded in rregull is not counted) */
  RR_COUNT_ERRORS,
  RR_COUNT_WARNINGS,
  RR_COUNT_AMENDMENTS,    /* of an overlay: its tighten, widen, remove... */
  RR_COUNT_HOOKS,         /* of an overlay: its Lua hooks */
  RR_COUNT_REPORTS        /* 1 when the rule set declares its decision ('report NAME { ... }'), else 0 */
};
int  rr_rules_count(const rr_rules *r, int what);
/* The name of the overlay a rule set was loaded with (rr_load_options.overlay),
** NULL for national rules.  Belongs to R. */
const char *rr_rules_loaded_overlay(const rr_rules *r);

/* SHA-256 (hex) of the rule set's files, overlays and hooks included. */
const char *rr_rules_hash(const rr_rules *r);
/* The overlays loaded (directories given to rr_rules_load whose files
** declare 'overlay NAME ... for "Municipality"'): their number, and the name
** of overlay I. */
int  rr_rules_overlays(const rr_rules *r);
const char *rr_rules_overlay_name(const rr_rules *r, int i);
void rr_rules_free(rr_rules *r);

/* Whether PATH is a directory whose files declare an overlay: 1 or 0 (-1
** when memory ran out before it could tell). */
int  rr_rules_is_overlay(const char *path);
/* The overlays in directory DIR (rules/municipalities): its subdirectories
** that are overlays, in name order.  *PATHS receives *N paths ("DIR/NAME");
** free each, then the array, with rr_free.  RR_EPOLICY when DIR cannot be
** read (errno says why). */
int  rr_rules_list_overlays(const char *dir, char ***paths, int *n);

/* JSON Schema (draft 2020-12) generated from R's declarations: WHICH is
** RR_SCHEMA_CASE (a case: "id", "as_of" and the facts as declared) or
** RR_SCHEMA_DECISION (what the rule set's report writes).  *JSON is freed
** with rr_free.  RR_EMISUSE when R did not load or WHICH is neither. */
enum { RR_SCHEMA_CASE = 0, RR_SCHEMA_DECISION = 1 };
int  rr_rules_json_schema(const rr_rules *r, int which, char **json);

/* ---- the policy's tests ---------------------------------------------- */

typedef struct rr_test_outcome {
  const char *name;       /* the test's name */
  const char *file;       /* the file that declares it, as loaded */
  int line;
  int passed;
} rr_test_outcome;

typedef struct rr_test_options {
  FILE *trace;            /* every rule's result in every test, as rr_eval_set_trace; NULL: none */
  /* called after each test, in the order of declaration; may be NULL */
  void (*each)(void *ud, const rr_test_outcome *t);
  void *ud;
} rr_test_options;

typedef struct rr_test_result {
  int passed, failed;
  /* every expectation that failed, as a diagnostic in file order:
  ** 'file:line:col: error: test "NAME" failed: this expectation is false'
  ** (or unknown), the source line and a caret; "" when none.  The caller's:
  ** free it with rr_free. */
  char *failures;
} rr_test_result;

/* Runs every test of R (loaded with rr_load_options.tests): each gives
** facts, evaluates the rule set at its instant (2025-01-01T12:00:00Z when
** it names none) and checks its expectations; hooks do not run.  OPT may be
** NULL.  Returns RR_OK however many tests failed (RESULT counts them),
** RR_EMISUSE when R did not load, RR_ENOMEM.  R is only read. */
int  rr_rules_test(const rr_rules *r, const rr_test_options *opt, rr_test_result *result);

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
/* The name of the overlay that decided the last case, NULL when the national
** rules did (or no case was evaluated).  Belongs to the rule set. */
const char *rr_eval_overlay(const rr_eval *e);

/* Evaluates one case as rr_eval_json does and explains its decision in
** plain text for a case worker: the report's answers, then every rule that
** holds -- hazards, findings, factors, deadlines with their status, next
** actions, what closure needs -- with its ID, title, citations, evidence and
** the facts it read.  *TEXT receives it, freed with rr_free.  Errors as for
** rr_eval_json. */
int  rr_eval_explain(rr_eval *e, const char *caseJson, size_t n, char **text);

/* From now on, writes a line to OUT for every rule E evaluates, in order --
** its ID, whether it holds, its value -- to see why a decision is what it
** is (NULL stops).  The stream stays the caller's; the format may change. */
int  rr_eval_set_trace(rr_eval *e, FILE *out);
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
/* The declared paths of the facts the last rr_db_import on DB recorded
** ("work.loads"), one a line, in declaration order; "" when none (or when
** the import failed).  Valid until DB's next import or rr_db_close. */
const char *rr_db_import_changes(const rr_db *db);

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
  long long confirmed;    /* of those evaluated: the case's latest decision found again, byte for
                             byte, by the same rule set, recorded as re-confirmed, not written again */
} rr_batch_result;

/* Evaluates every selected case at AS_OF and stores each decision with the
** rule set's hash, one transaction per chunk: an interruption loses at most
** the chunk under way, and a rerun with the same AS_OF, rule set and
** selection resumes the batch.  A case that fails is recorded and skipped.
** One batch writes to a store at a time: while another runs (any process),
** RR_EDB says so.  A dry run writes nothing and takes no lock. */
int  rr_db_batch(rr_db *db, rr_eval *e, const char *asOf, const rr_batch_options *opt,
                 rr_batch_result *result);

/* ---- reports over the store (issue 16) ------------------------------- */

/* The reports the SOP's monitoring asks for (SOP l.926-966), counted in SQL
** over the store -- stdlib/reports/KIND.sql after common.sql -- from the
** facts in force at the end of the period and each case's latest decision
** made before it by one rule set (that of the newest such decision, whose
** hash the report states).  KIND: "csw-semiannual", "municipal-annual",
** "national" (with the previous period of the same length), "compliance".
** Nothing is written to the store.  FORMAT: RR_REPORT_HTML (one printable
** page), RR_REPORT_CSV (the tables one after another, or OPT->table alone:
** a header line, then rows), RR_REPORT_JSON (every number, not
** suppressed).  *OUT is freed with rr_free.  RR_EMISUSE for an unknown
** kind, a bad date or option, RR_EDB when the store cannot be read. */
enum { RR_REPORT_HTML = 0, RR_REPORT_CSV = 1, RR_REPORT_JSON = 2 };
typedef struct rr_report_options {
  const char *from, *to;      /* the period, dates (YYYY-MM-DD), both included */
  const char *municipality;   /* NULL: every municipality */
  const char *lang;           /* NULL or "en", "sq", "sr", "sr-Cyrl" (the headings: stdlib/reports/headings.tsv,
                              ** translated by the PO files of the rule set: see rules) */
  int minCell;                /* counts 1 .. minCell-1 show as "<minCell" in HTML and CSV; 0: 5; 1: none */
  const char *table;          /* CSV: this table only (NULL: all) */
  const char *generated;      /* the date the report states, NULL: today (UTC) */
  const char *rules;          /* the rule set's directory (or one of its .rr files): its po/LANG.po
                              ** translate the report; needed for a language other than en */
} rr_report_options;
int  rr_db_report(rr_db *db, const char *kind, const rr_report_options *opt, int format, char **out);
/* The names of the tables of report KIND, in order (one CSV file each):
** *NAMES receives *N strings; free each, then the array, with rr_free. */
int  rr_report_tables(const char *kind, char ***names, int *n);

/* ---- the working calendar -------------------------------------------- */

/* One non-working weekday of the working calendar. */
typedef struct rr_day_off {
  const char *date;           /* YYYY-MM-DD */
  int weekday;                /* 1 Monday ... 5 Friday (weekends are never working days: not listed) */
  const char *name;
  /* where it comes from: official, announced, news, derived (the law
  ** applied), estimated (a Hijri date computed, not yet announced) or
  ** unconfirmed */
  const char *status;
  const char *substituteFor;  /* the holiday a substitute day is for; NULL for a day off in its own right */
} rr_day_off;

/* The days the calendar covers: outside them only days written with their
** date are known. */
typedef struct rr_calendar_cover {
  char first[16];             /* the first day it covers, "" when no limit */
  char last[16];              /* the last, "" when it covers every later day ('onward') */
  int beyond;                 /* the range asked for reaches outside them */
} rr_calendar_cover;

/* The non-working weekdays of R's working calendar from FROM to TO (dates,
** both included), in date order: FN (may be NULL) is called for each, with
** texts valid during the call, and returns non-zero to stop.  MUNICIPALITY
** (NULL: none) adds the days of the overlay loaded for it (its name or its
** municipality, in any case).  COVER (may be NULL) receives what the
** calendar covers.  RR_EMISUSE for a date that is none or TO before FROM,
** RR_ENOTFOUND when no overlay loaded is for MUNICIPALITY. */
int  rr_rules_calendar(const rr_rules *r, const char *municipality, const char *from, const char *to,
                       int (*fn)(void *ud, const rr_day_off *d), void *ud, rr_calendar_cover *cover);
/* The same days as a JSON list, one object a line: {"date", "name", "status",
** "substitute_for"}.  *JSON is freed with rr_free. */
int  rr_rules_calendar_json(const rr_rules *r, const char *municipality, const char *from, const char *to,
                            char **json);

/* Whether DATE is a date (YYYY-MM-DD, of the Gregorian calendar): RR_OK, with
** the days since 1970-01-01 in *DAY (may be NULL), or RR_EMISUSE. */
int  rr_date_parse(const char *date, long *day);

/* ---- the Primero adapter ---------------------------------------------- */

/* A declarative mapping between Primero (CPIMS+) case records and cases
** (rules/integrations/primero.json: which Primero field gives which fact,
** with value maps for dropdowns; what goes back into Primero).  Loaded and
** checked against R's fact declarations; read-only once loaded (share it
** between threads).  R must outlive it.  On RR_EPOLICY, rr_map_errors gives
** the diagnostics ("file:line:col: error: ..." with the line and a caret);
** a load that fails still gives a handle, which the caller frees. */
typedef struct rr_map rr_map;
int  rr_map_load(rr_map **out, const rr_rules *r, const char *path);
const char *rr_map_errors(const rr_map *m);
void rr_map_free(rr_map *m);

/* A Primero case record (N bytes: the record, or {"data": record} as the API
** and webhooks send it) -> *CASEJSON, a case {"id", "as_of", "facts"}.
** AS_OF: NULL takes the record's update time (the field the mapping names),
** else "now" or a date-time.  RR_EFACTS with *ERRJSON (may be NULL) =
** {"error": {"code", "message", "path"}}: code "bad_request" when the body is
** not a JSON object, "unprocessable" for a field the mapping does not name or
** a value it cannot map; path is the Primero field ("sex",
** "followup_subform_section[1].followup_date").  Both freed with rr_free. */
int  rr_map_case(const rr_map *m, const char *primeroJson, size_t n, const char *asOf, char **caseJson,
                 char **errJson);
/* DECISIONJSON (as rr_eval_json gives it, NUL-terminated) of the record
** PRIMEROJSON (N bytes) -> *PATCHJSON, the body to PATCH to the record
** through Primero's API v2: {"data": {only the fields that change}}. */
int  rr_map_back(const rr_map *m, const char *decisionJson, const char *primeroJson, size_t n,
                 char **patchJson);
/* Both with an evaluation between: *BODY = {"decision": ..., "primero_patch":
** ...}, what `rregull primero` prints and the server answers.  A mapped case
** that breaks the fact declarations is RR_EFACTS too, its path the Primero
** field that gives the fact. */
int  rr_map_eval(const rr_map *m, rr_eval *e, const char *primeroJson, size_t n, const char *asOf, int pretty,
                 char **body, char **errJson);
/* ---- publishing the law in force (rregull publish) ------------------- */

/* The consolidated hazard list of R's national rules as in force on DATE
** (YYYY-MM-DD): every hazard and worst form in the version in force that
** day -- ID, title, period, legal sources -- with what each reads: tables
** (their rows), lets of a fixed value, interpretations; then the sources
** cited.  SINCE (a date, or NULL) marks each entry added, changed or
** removed between SINCE and DATE.  FORMAT: RR_PUBLISH_MARKDOWN, or
** RR_PUBLISH_HTML for one self-contained page (embedded CSS, fit for
** printing).  *OUT is freed with rr_free.  RR_EMISUSE for a rule set that
** did not load or a date that is none. */
enum { RR_PUBLISH_MARKDOWN = 0, RR_PUBLISH_HTML = 1 };
int  rr_rules_publish(const rr_rules *r, const char *date, const char *since, int format, char **out);

/* ---- comparing decisions (rregull diff) ------------------------------ */

/* A decision (JSON, as rr_eval_json gives) as its leaves, one a line in
** the decision's order: "PATH<TAB>VALUE".  PATH names the value by its keys from the top
** ("risk.level"); a list's elements by their "id" (or "rule_id") when each
** has a distinct one ("deadlines[DL-X].status"); each element of a list of
** scalars is a line "PATH[]"; other lists number their elements ("[0]").
** VALUE is compact JSON.  Empty lists and objects give no line.  Two
** decisions differ where their lines do.  *LEAVES is freed with rr_free;
** RR_EFACTS when JSON is not JSON. */
int  rr_decision_leaves(const char *json, size_t n, char **leaves);

/* The municipality the national rules find competent for the last case E
** evaluated ('municipality by'), or NULL (none declared, or unknown).
** Valid until the next evaluation. */
const char *rr_eval_municipality(rr_eval *e);

/* Every case of the store (WHERE: a filter as for rr_batch_options.where,
** NULL or "" for all), in case order, whether decided or not: FN receives
** each id (valid during the call) and returns non-zero to stop. */
int  rr_db_cases(rr_db *db, const char *where, int (*fn)(void *ud, const char *caseId), void *ud);
/* ---- languages --------------------------------------------------------- */

/* The PO template of R's national rule set: every text a person reads, with
** its msgctxt (the rule ID; "ID|field"; "enum|TYPE"; "report"; "ui").  *POT
** is freed with rr_free.  RR_EPOLICY when R did not load. */
int  rr_rules_pot(const rr_rules *r, char **pot);

/* The translations of R's rules (DIR/po/sq.po, sr.po beside its files) that
** are missing or stale (the text changed since): one warning line each
** ("file:line:col: warning: ID|field: no translation (sq)"), at most 10 a
** language and then their number; "" when none.  *WARNINGS is freed with
** rr_free; *NWARNINGS (may be NULL) gets the number of texts concerned.
** Enum and key labels are not counted (their English is derived). */
int  rr_rules_check_translations(const rr_rules *r, char **warnings, int *nWarnings);

/* MSG, a message of the library, the CLI or the server that reaches a case
** worker (rr_eval_errmsg, rr_db_errmsg: a case's facts, an unknown case, a
** bad as-of), in language LANG (sq, sr, sr-Cyrl, en; NULL: as it is), from
** the PO files beside R's rules (msgctxt "error"); a JSON path before the
** message stays as it is.  *OUT (rr_free) gets the translation, or a copy
** of MSG when there is none.  RR_EMISUSE for an unknown language. */
int  rr_rules_message(const rr_rules *r, const char *lang, const char *msg, char **out);

/* The language E explains and renders in: "en", "sq", "sr" (Serbian, Latin
** script), "sr-Cyrl" (the same in Cyrillic), or NULL for the policy's own
** words.  Texts come from the rule set's po/LANG.po; a text without a
** translation is shown in English.  RR_EMISUSE (message in rr_eval_errmsg)
** for another language or a PO file that does not read.  Decisions keep
** their IDs and codes; rr_eval_json adds "texts" in the language. */
int  rr_eval_set_lang(rr_eval *e, const char *lang);
const char *rr_eval_lang(const rr_eval *e);

/* From now on, explanations quote under each citation "SOURCE l.N" the
** lines it cites, read from the file its source declares ('source SOP
** "..." file "x.txt"') in directory DIR (NULL: no quotes). */
int  rr_eval_set_quote(rr_eval *e, const char *dir);

/* Explains, as rr_eval_explain does, the case E evaluated last (by
** rr_eval_json or rr_db_eval), in E's language.  RR_EMISUSE when E has
** evaluated no case. */
int  rr_eval_explain_last(rr_eval *e, char **text);

/* What the case E evaluated last asks to do now, in E's language (English
** when none was set): the open duties, those overdue, the nearest due time
** of an open deadline ("" when none) in ISO and in words ("overdue by 2
** days", "due tomorrow at 14:00"), and the first thing to do (an overdue or
** the nearest deadline, else an action in force; "" when nothing).  Texts
** stay valid until E's next call.  RR_EMISUSE when E has evaluated no case. */
typedef struct rr_todo_summary {
  int open, overdue;
  const char *nearestDue, *nearestDueWords, *firstWhat;
} rr_todo_summary;
int  rr_eval_todo_summary(rr_eval *e, rr_todo_summary *out);

/* One of the engine's words (msgctxt "ui" of the PO files: a heading, a
** column of a table) in E's language; ENGLISH itself when E has none or the
** word no translation.  Valid while E's language is. */
const char *rr_eval_word(rr_eval *e, const char *english);
/* The label of VALUE, a member of one of the rules' enums ("low"), in E's
** language (the first enum that has it); VALUE itself when none. */
const char *rr_eval_value_label(rr_eval *e, const char *value);

/* The printable case page of a decision: one self-contained HTML document
** (embedded CSS and SVG, no network) drawn from DECISION, the JSON
** rr_eval_json or rr_db_eval gives after rr_eval_set_lang (its "texts" give
** the words; without them, IDs and codes are shown): the answers, "To do
** now", a deadline timeline, the risk factors and what closure still needs,
** with print CSS for A4.  *HTML is freed with rr_free.  RR_EFACTS when
** DECISION is not a decision in JSON. */
int  rr_decision_html(const char *decision, size_t n, char **html);

/* {==== JSON for programs on this header (a request's body, a string) ====
** The server reads its requests' small bodies ({"id", ...}, {"as_of",
** "where", "dry_run"}) and writes strings into its answers through these,
** with the engine's JSON parser and writer, not by hand. */
typedef struct rr_json rr_json;
enum {
  RR_JSON_ABSENT = -1, RR_JSON_NULL, RR_JSON_FALSE, RR_JSON_TRUE, RR_JSON_NUMBER,
  RR_JSON_STRING, RR_JSON_LIST, RR_JSON_OBJECT
};
/* TEXT (N bytes), one JSON value of any kind, read into *OUT (freed with
** rr_json_free).  RR_EFACTS when it is not JSON, with "invalid JSON at line
** L, column C: why" in ERR (ERRLEN bytes; ERR may be NULL); RR_ENOMEM. */
int  rr_json_parse(const char *text, size_t n, rr_json **out, char *err, size_t errLen);
void rr_json_free(rr_json *j);
/* The kind (RR_JSON_*) of the member KEY of J's top-level object, or of J's
** value itself when KEY is NULL; RR_JSON_ABSENT when J is no object or has
** no such member. */
int  rr_json_kind(const rr_json *j, const char *key);
/* That member's text when it is a string (without NUL inside), else NULL;
** valid until rr_json_free. */
const char *rr_json_string(const rr_json *j, const char *key);
/* Z as a JSON string ("null" when Z is NULL), malloc'd (rr_free); NULL when
** out of memory.  Bytes of Z that are not UTF-8 are written as U+FFFD. */
char *rr_json_quote(const char *z);
/* Whether Z is well-formed UTF-8 (1), or not (0). */
int  rr_json_utf8(const char *z);
/* }==== */

#ifdef __cplusplus
}
#endif

#endif
