/*
** cli_store.c - the case store's commands: init, import, eval --db, batch,
** cases.  They use the public library (rregull.h) as a case system would.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "rregull.h"

const char *const usage_init =
  "usage: rregull init --db FILE\n"
  "\n"
  "Creates a case store: an SQLite database with the schema for fact history\n"
  "and decisions (import does this too), in a new or an empty file.  An\n"
  "existing store is migrated to the current schema; nothing in it is lost.\n"
  "A database of another program (tables of its own) is refused, untouched.\n";

const char *const usage_import =
  "usage: rregull import --rules PATH --db FILE [--by NAME] [--recorded-at T] CASE.json...\n"
  "\n"
  "Records the facts of cases in the store, checked first against the rules'\n"
  "fact declarations.  Each case file (the contract's shape; its \"id\" names\n"
  "the case) is imported in one transaction: a bad file is reported with its\n"
  "JSON path and leaves nothing behind, the others still import.  A file\n"
  "ending in .jsonl holds one case per line (a bad line is reported with its\n"
  "number); '-' reads such lines from standard input.\n"
  "\n"
  "Facts are history: only facts whose value changed are recorded, each with\n"
  "when it became known (--recorded-at, default the case's as_of) and by whom\n"
  "(--by, default the user's name); nothing is updated or deleted.\n";

#define USAGE_WHERE \
  "FILTER selects cases by the fields of the cases table -- case_id, as_of,\n" \
  "as_of_utc (sorts as time does), created_at -- with = != < <= > >=, [NOT] IN\n" \
  "('a', 'b'), [NOT] LIKE 'A-%', AND, OR, NOT and brackets; values are 'text'\n" \
  "or numbers.  It is not SQL: nothing else can be read.  For example\n" \
  "  --where \"case_id LIKE 'PZ-%' AND as_of_utc >= '2025-01-01'\"\n"

const char *const usage_cases =
  "usage: rregull cases --db FILE [--where FILTER] [--rules PATH [--lang LANG]]\n"
  "\n"
  "Prints the latest stored decision of each case (or of those FILTER\n"
  "selects) as a table: case, as of, risk level, overdue deadlines, hazards,\n"
  "next action, the municipal overlay.  It only reads: the database is never\n"
  "created, migrated or changed.\n"
  "\n"
  "With --rules, each case is evaluated again at its stored as_of and the\n"
  "table says it in words, in LANG (en, sq, sr, sr-Cyrl): case, as of, risk,\n"
  "overdue deadlines, the nearest due time ('overdue by 2 days', 'due\n"
  "tomorrow at 14:00') and what to do first (its text, not its ID).\n"
  "\n" USAGE_WHERE;

const char *const usage_batch =
  "usage: rregull batch --rules PATH --db FILE --as-of T [--where FILTER] [--dry-run]\n"
  "\n"
  "Evaluates every stored case (or those FILTER selects) at T, with the\n"
  "facts recorded up to T, and writes each\n"
  "decision back with the rule set's hash: the decision row (in scope, child\n"
  "labour, risk level, closure...), its rules, its deadlines and the whole\n"
  "JSON.  A decision identical to the case's latest one (its JSON byte for\n"
  "byte, the same rule set) is not written again: the batch records that it\n"
  "re-confirmed it.  One transaction per chunk of cases: after an interruption no\n"
  "decision is half-written, and running the same command again resumes.\n"
  "A case that cannot be evaluated is reported and recorded; the others go on\n"
  "(exit status 2).  --dry-run evaluates without writing.  --overlays DIR\n"
  "loads the municipal overlays under DIR (each case is decided under its\n"
  "municipality's, or under --municipality NAME's); a decision whose hook\n"
  "failed is stored and says so (exit status 5).  One batch writes to a\n"
  "store at a time: a second one says another batch is running (exit 4).\n"
  "\n" USAGE_WHERE;

/* The rules, loaded through the library, or their errors printed. */
static int open_rules(const char *const *rules, int nRules, rr_rules **pr, rr_eval **pe) {
  *pe = NULL;
  int rc = rr_rules_load(pr, rules, nRules);
  if (rc != RR_OK) {
    fputs(rr_rules_errors(*pr), stderr);
    fprintf(stderr, "rregull: the rules do not check\n");
    return rc == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
  }
  return rr_eval_new(pe, *pr) == RR_OK ? 0 : EXIT_INTERNAL;
}

static int open_db(const char *zDb, int mode, rr_db **pdb) {
  if (rr_db_open(pdb, zDb, mode) == RR_OK) return 0;
  fprintf(stderr, "rregull: %s\n", rr_db_errmsg(*pdb));
  return EXIT_DB;
}

static int exit_for(int rr) {
  switch (rr) {
    case RR_OK: return 0;
    case RR_EPOLICY: return EXIT_POLICY;
    case RR_EFACTS: case RR_ENOTFOUND: return EXIT_FACTS;
    case RR_EDB: return EXIT_DB;
    case RR_EMISUSE: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
  }
}

/* {==== init ============================================================= */

int cmd_init(int argc, char **argv) {
  const char *zDb = NULL;
  CliList pos = {0};
  const CliOpt opts[] = {{"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL}, {NULL, 0, 0, NULL, 0, NULL, NULL}};
  int rc = cli_parse("init", argc, argv, opts, &pos, usage_init);
  if (!rc && !zDb) rc = cli_usage("init", "needs --db FILE");
  if (!rc && pos.n) rc = cli_usage("init", "takes no other argument than --db FILE: '%s'", pos.a[0]);
  cli_list_free(&pos);
  if (rc) return rc == CLI_HELP ? 0 : rc;
  rr_db *db;
  rc = open_db(zDb, RR_DB_CREATE, &db);
  if (!rc) printf("%s: case store ready\n", zDb);
  rr_db_close(db);
  return rc;
}

/* }==== */

/* {==== import =========================================================== */

/* What an import did.  Counts are of what was committed: the cases of a
** transaction that then fails to commit (a full disk) are not imported. */
typedef struct Import {
  rr_db *db;
  rr_eval *e;
  const char *zBy, *zRecordedAt;
  long long nCases, nFacts, nBad;
  int inTx;                      /* the cases below wait for a commit */
  long long nPendCases, nPendFacts;
  long long nLost;               /* imported in a transaction that could not commit */
} Import;

/* One case; LABEL names it in messages ("file" or "file:line"). */
static int import_one(Import *im, const char *text, size_t n, const char *label) {
  int changed = 0;
  int rc = rr_db_import(im->db, im->e, text, n, label, im->zBy, im->zRecordedAt, &changed);
  if (rc == RR_OK) {
    if (im->inTx) {
      im->nPendCases++;
      im->nPendFacts += changed;
    } else {
      im->nCases++;                /* its own transaction, committed */
      im->nFacts += changed;
    }
    return 0;
  }
  fprintf(stderr, "rregull: %s: %s\n", label, rr_db_errmsg(im->db));
  im->nBad++;
  return rc;
}

/* The cases of the transaction just committed count as imported. */
static void commit_pending(Import *im) {
  im->nCases += im->nPendCases;
  im->nFacts += im->nPendFacts;
  im->nPendCases = im->nPendFacts = 0;
  im->inTx = 0;
}

/* A .jsonl file or standard input: a case per line, a transaction per
** thousand lines (each line all or nothing). */
static int import_lines(Import *im, const char *zPath) {
  FILE *f = strcmp(zPath, "-") == 0 ? stdin : fopen(zPath, "r");
  if (!f) {
    fprintf(stderr, "rregull: %s: cannot read: %s\n", zPath, strerror(errno));
    im->nBad++;
    return RR_EFACTS;
  }
  char *line = NULL, label[4200];
  size_t cap = 0;
  ssize_t len;
  long lineNo = 0;
  int rc = RR_OK;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineNo++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (len == 0) continue;
    if (!im->inTx) {
      if (rr_db_begin(im->db) != RR_OK) { rc = RR_EDB; break; }
      im->inTx = 1;
    }
    snprintf(label, sizeof label, "%s:%ld", strcmp(zPath, "-") == 0 ? "<stdin>" : zPath, lineNo);
    int r = import_one(im, line, (size_t)len, label);
    if (r == RR_EDB) { rc = RR_EDB; break; }
    if (r != RR_OK) rc = r;
    if (lineNo % 1000 == 0) {
      if (rr_db_commit(im->db) != RR_OK) { rc = RR_EDB; break; }
      commit_pending(im);
    }
  }
  if (im->inTx && rc != RR_EDB) {
    if (rr_db_commit(im->db) != RR_OK) rc = RR_EDB;
    else commit_pending(im);
  }
  if (rc == RR_EDB) {
    fprintf(stderr, "rregull: %s: %s\n", zPath, rr_db_errmsg(im->db));
    rr_db_rollback(im->db);
    im->nLost += im->nPendCases;     /* rolled back with the transaction */
    im->nPendCases = im->nPendFacts = 0;
    im->inTx = 0;
  }
  free(line);
  if (f != stdin) fclose(f);
  return rc;
}

static int ends_with(const char *z, const char *suffix) {
  size_t n = strlen(z), m = strlen(suffix);
  return n >= m && strcmp(z + n - m, suffix) == 0;
}

int cmd_import(int argc, char **argv) {
  CliList rules = {0}, pos = {0};
  const char *zDb = NULL, *zBy = NULL, *zAt = NULL;
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL}, {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"by", 0, CLI_VALUE, &zBy, 0, NULL, NULL}, {"recorded-at", 0, CLI_VALUE, &zAt, 0, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  int rc = cli_parse("import", argc, argv, opts, &pos, usage_import);
  if (!rc && !rules.n) rc = cli_usage("import", "needs --rules PATH (the fact declarations)");
  if (!rc && !zDb) rc = cli_usage("import", "needs --db FILE");
  if (!rc && !pos.n) rc = cli_usage("import", "needs case files");
  if (rc) goto out;
  if (!zBy) zBy = getenv("USER") && *getenv("USER") ? getenv("USER") : "rregull import";

  rc = open_rules(rules.a, rules.n, &r, &e);
  if (!rc) rc = open_db(zDb, RR_DB_CREATE, &db);
  Import im = {db, e, zBy, zAt, 0, 0, 0, 0, 0, 0, 0};
  int worst = RR_OK;
  for (int i = 0; !rc && i < pos.n; i++) {
    int one;
    const char *zPath = pos.a[i];
    if (strcmp(zPath, "-") == 0 || ends_with(zPath, ".jsonl")) {
      one = import_lines(&im, zPath);
    } else {
      size_t n = 0;
      char *text = cli_slurp(zPath, &n);
      if (!text) {
        fprintf(stderr, "rregull: %s: cannot read: %s\n", zPath, strerror(errno));
        im.nBad++;
        one = RR_EFACTS;
      } else {
        one = import_one(&im, text, n, zPath);
        free(text);
      }
    }
    if (one == RR_EDB) { rc = EXIT_DB; break; }
    if (one != RR_OK && worst == RR_OK) worst = one;
  }
  if (db && rc != EXIT_POLICY && rc != EXIT_INTERNAL) {
    printf("imported %lld case%s (%lld fact%s recorded)", im.nCases, im.nCases == 1 ? "" : "s", im.nFacts,
           im.nFacts == 1 ? "" : "s");
    if (im.nBad) printf("; %lld failed, nothing of them stored", im.nBad);
    if (im.nLost)
      printf("; %lld more read well but were not stored: the database could not be written", im.nLost);
    printf("\n");
  }
  if (!rc && worst != RR_OK) rc = exit_for(worst == RR_EMISUSE ? RR_EMISUSE : RR_EFACTS);
out:
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  cli_list_free(&rules);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */

/* {==== eval --db ======================================================== */

int cmd_eval_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                const char *zAsOf, const char *zMunicipality, int pretty, int store, const char *zLang) {
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  int rc = open_rules(rules, nRules, &r, &e), bad = 0, hook = 0;
  if (!rc && zLang && rr_eval_set_lang(e, zLang) != RR_OK) rc = cli_usage("eval", "--lang %s: %s", zLang, rr_eval_errmsg(e));
  if (!rc && zMunicipality && rr_eval_set_municipality(e, zMunicipality) != RR_OK) {
    rc = cli_usage("eval", "--municipality: %s", rr_eval_errmsg(e));
  }
  if (!rc) rc = open_db(zDb, store ? RR_DB_OPEN : RR_DB_READONLY, &db);
  for (int i = 0; !rc && i < nCases; i++) {
    char *decision = NULL;
    int one = rr_db_eval(db, e, cases[i], zAsOf, pretty, store, &decision);
    if (one == RR_OK) {
      fputs(decision, stdout);
      fputc('\n', stdout);
      if (rr_eval_hook_failed(e)) {
        fprintf(stderr, "rregull: case %s: a hook of its overlay failed: the decision records it "
                "(overlay.hooks); the national result stands\n", cases[i]);
        hook = 1;
      }
    } else {
      cli_error_lang(r, zLang, NULL, rr_db_errmsg(db));
      if (one == RR_EFACTS || one == RR_ENOTFOUND) bad = 1;   /* the other cases still go */
      else rc = exit_for(one);
    }
    rr_free(decision);
  }
  if (!rc && bad) rc = EXIT_FACTS;
  if (!rc && hook) rc = EXIT_HOOK;
  if (fflush(stdout) != 0 && !rc) rc = EXIT_INTERNAL;
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return rc;
}

/* }==== */

/* {==== cases ============================================================ */

static int print_summary(void *ud, const rr_case_summary *c) {
  int *n = ud;
  if ((*n)++ == 0)
    printf("%-12s %-25s %-7s %7s %-40s %-28s %s\n", "case", "as of", "risk", "overdue", "hazards", "next action",
           "overlay");
  char hz[41], act[80];
  snprintf(hz, sizeof hz, "%s", *c->hazards ? c->hazards : "-");
  if (strlen(c->hazards) > 40) memcpy(hz + 36, "... ", 5);
  const char *sp = strchr(c->actions, ' ');
  int more = 0;
  for (const char *q = c->actions; *q; q++) more += *q == ' ';
  if (!*c->actions) snprintf(act, sizeof act, "-");
  else if (sp) snprintf(act, sizeof act, "%.*s (+%d more)", (int)(sp - c->actions), c->actions, more);
  else snprintf(act, sizeof act, "%s", c->actions);
  printf("%-12s %-25s %-7s %7d %-40s %-28s %s\n", c->caseId, c->asOf, c->risk ? c->risk : "-", c->overdue, hz, act,
         c->overlay ? c->overlay : "-");
  return 0;
}

int cmd_cases(int argc, char **argv) {
  const char *zDb = NULL, *zWhere = NULL, *zLang = NULL;
  CliList pos = {0}, rules = {0};
  const CliOpt opts[] = {{"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL}, {"where", 0, CLI_VALUE, &zWhere, 0, NULL, NULL},
                         {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL}, {"lang", 0, CLI_VALUE, &zLang, 0, NULL, NULL},
                         {NULL, 0, 0, NULL, 0, NULL, NULL}};
  int rc = cli_parse("cases", argc, argv, opts, &pos, usage_cases), n = 0;
  if (!rc && !zDb) rc = cli_usage("cases", "needs --db FILE");
  if (!rc && pos.n) rc = cli_usage("cases", "takes no other argument than its options: '%s'", pos.a[0]);
  if (!rc && zLang && !rules.n) rc = cli_usage("cases", "--lang needs --rules PATH (the texts are the rules')");
  cli_list_free(&pos);
  if (!rc && rules.n) rc = cmd_cases_texts(zDb, zWhere, rules.a, rules.n, zLang);   /* in words: cli_explain.c */
  if (rc || rules.n) {
    cli_list_free(&rules);
    return rc == CLI_HELP ? 0 : rc;
  }
  rr_db *db;
  rc = open_db(zDb, RR_DB_READONLY, &db);
  if (!rc && rr_db_summaries(db, zWhere, print_summary, &n) != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = EXIT_DB;
  }
  if (!rc && n == 0) printf("no decisions stored yet: run rregull batch\n");
  rr_db_close(db);
  return rc;
}

/* }==== */

/* {==== batch ============================================================ */

typedef struct Progress {
  int tty;
  int shown;
} Progress;

static void on_progress(void *ud, long long done, long long failed) {
  Progress *pr = ud;
  if (!pr->tty) return;
  fprintf(stderr, "\r%lld cases evaluated, %lld failed", done, failed);
  pr->shown = 1;
}

static void on_case_error(void *ud, const char *caseId, const char *message) {
  Progress *pr = ud;
  if (pr->shown) fputc('\n', stderr);
  pr->shown = 0;
  fprintf(stderr, "rregull: case %s: %s\n", caseId, message);
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_batch(int argc, char **argv) {
  CliList rules = {0}, pos = {0}, ovDirs = {0};
  CliOverlays found = {&rules, NULL, 0};
  const char *zDb = NULL, *zAsOf = NULL, *zWhere = NULL, *zMunicipality = NULL;
  int dryRun = 0;
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL}, {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"as-of", 0, CLI_VALUE, &zAsOf, 0, NULL, NULL}, {"where", 0, CLI_VALUE, &zWhere, 0, NULL, NULL},
    {"dry-run", 0, CLI_FLAG, &dryRun, 1, NULL, NULL}, {"overlays", 0, CLI_LIST, &ovDirs, 0, NULL, NULL},
    {"municipality", 0, CLI_VALUE, &zMunicipality, 0, NULL, NULL}, {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  int rc = cli_parse("batch", argc, argv, opts, &pos, usage_batch);
  for (int k = 0; !rc && k < ovDirs.n; k++) rc = cli_overlays(&found, ovDirs.a[k]);   /* after the rules */
  if (!rc && !rules.n) rc = cli_usage("batch", "needs --rules PATH");
  if (!rc && !zDb) rc = cli_usage("batch", "needs --db FILE");
  if (!rc && !zAsOf) rc = cli_usage("batch", "needs --as-of T (e.g. 2025-03-05T10:00:00+01:00)");
  if (!rc && pos.n) rc = cli_usage("batch", "takes no case files: it evaluates the stored cases");
  if (rc) goto out;

  rc = open_rules(rules.a, rules.n, &r, &e);
  if (!rc && zMunicipality && rr_eval_set_municipality(e, zMunicipality) != RR_OK) {
    rc = cli_usage("batch", "--municipality: %s", rr_eval_errmsg(e));
  }
  if (!rc) rc = open_db(zDb, RR_DB_OPEN, &db);
  if (!rc) {
    Progress pr = {isatty(2), 0};
    rr_batch_options opt = {zWhere, dryRun, 0, on_progress, on_case_error, &pr};
    rr_batch_result res;
    double t0 = seconds_now();
    int one = rr_db_batch(db, e, zAsOf, &opt, &res);
    double dt = seconds_now() - t0;
    if (pr.shown) fputc('\n', stderr);
    if (one != RR_OK) {
      fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
      rc = exit_for(one);
    }
    if (one == RR_OK || one == RR_EDB) {
      if (dryRun) printf("dry run");
      else printf("batch %lld%s", res.batchId, res.resumed ? " (resumed)" : "");
      printf(": %lld case%s evaluated", res.evaluated, res.evaluated == 1 ? "" : "s");
      if (res.confirmed) printf(" (%lld unchanged: re-confirmed, not written again)", res.confirmed);
      if (res.alreadyDone) printf(", %lld done before", res.alreadyDone);
      if (res.hookFailures) printf(", %lld with a failed hook", res.hookFailures);
      printf(", %lld failed; as of %s; rules %.12s; %.2f s\n", res.failed, zAsOf, rr_rules_hash(r), dt);
      if (!rc && res.failed) rc = EXIT_FACTS;
      if (!rc && res.hookFailures) rc = EXIT_HOOK;
    }
  }
out:
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  cli_overlays_free(&found);
  cli_list_free(&rules);
  cli_list_free(&pos);
  cli_list_free(&ovDirs);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */
