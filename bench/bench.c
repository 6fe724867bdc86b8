/*
** bench.c - rregull-bench, the engine's speed (make bench; bench/run.sh
** prints its figures next to their baselines).  Not part of the library nor
** of the rregull command: a measuring tool that links the static library
** and, to time the engine's stages one by one, includes its internal
** headers, as the unit tests do.  It includes sqlite3.h itself for the
** floor of the store's figures: the facts read out of SQLite by the batch's
** own queries, and nothing else.
**
**   rregull-bench --rules PATH [--repeat K] CASE.json...
**       microseconds per case for: loading and checking the rule set;
**       evaluation alone (facts already in memory); JSON parsing plus
**       evaluation; evaluation plus the decision's JSON.  Each figure is the
**       best of 5 runs of K passes over the cases (default K = 1000).
**   rregull-bench --rules PATH --db FILE --as-of T
**       the store, every case in it, at T: (a) reading the facts out of
**       SQLite, the floor; (b) a batch that evaluates without writing; (c) a
**       batch that writes the decisions (a new batch each run; on a store
**       that holds no decision at T yet, every one is written); (d) the same
**       batch again, which finds every decision again (re-confirmed, not
**       written); the peak resident memory after each.
**   rregull-bench --rules PATH --once eval|json CASE.json...
**       one pass over the cases, for callgrind's instruction counts: the
**       pass is the function bench_pass_eval (evaluation alone) or
**       bench_pass_json (evaluation + the decision's JSON), each called
**       once, after a first pass of evaluations that is not counted (the
**       buffers grow there), to name in --toggle-collect.
**
** With --kv, the figures are printed as "key value" lines for bench/run.sh
** (its table).
**
** Exit status 0; 1 when the rules do not load; 2 for a bad case file or an
** empty store; 4 for a database error; 64 for a usage error.
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <sys/resource.h>

#include "eval.h"
#include "json.h"
#include "render.h"
#include "rregull.h"
#include "ruleset.h"

static const char *const usage =
  "usage: rregull-bench --rules PATH [--repeat K] [--kv] CASE.json...\n"
  "       rregull-bench --rules PATH --db FILE --as-of T [--kv]\n"
  "       rregull-bench --rules PATH --once eval|json CASE.json...\n";

static int kv;                     /* --kv: "key value" lines */

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static int usage_error(const char *zMsg) {
  fprintf(stderr, "rregull-bench: %s\n%s", zMsg, usage);
  return 64;
}

static char *slurp(const char *zPath, size_t *pn) {
  FILE *f = fopen(zPath, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) { free(buf); buf = NULL; break; }
    buf = nb;
    cap *= 2;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(buf); errno = EIO; return NULL; }
  *pn = n;
  return buf;
}

/* {==== the store ====================================================== */

/* The batch's queries (engine/facts.c: store_batch_next_cases with no
** selection and batch 0, and Q_FACTS_AT): the floor reads what a batch
** reads, the same way. */
static const char *const sql_page =
  "SELECT case_id FROM cases c WHERE case_id > ?1 AND (1) "
  "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.batch_id = ?2 AND d.case_id = c.case_id) "
  "AND NOT EXISTS (SELECT 1 FROM decision_confirmations k WHERE k.batch_id = ?2 AND k.case_id = c.case_id) "
  "AND NOT EXISTS (SELECT 1 FROM batch_errors e WHERE e.batch_id = ?2 AND e.case_id = c.case_id) "
  "ORDER BY case_id LIMIT ?3";
static const char *const sql_facts =
  "SELECT path, value FROM facts WHERE case_id = ?1 AND recorded_at <= ?2 "
  "ORDER BY path, recorded_at DESC, id DESC";

enum { PAGE = 256 };

static volatile size_t raw_sink;

/* (a) the floor: a page of case ids at a time, then, in one read
** transaction, every fact row of each case at UTC, each value read out as
** the engine reads it, and nothing done with it.  The connection is opened
** as the store opens a reader (query_only, the same page cache). */
static int read_floor(const char *zDb, const char *zUtc, long long *pnCases, long long *pnRows, double *pSeconds) {
  sqlite3 *db = NULL;
  sqlite3_stmt *facts = NULL;
  int rc = 0;
  if (sqlite3_open_v2(zDb, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    fprintf(stderr, "rregull-bench: %s: cannot open the database: %s\n", zDb, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return 4;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
  if (sqlite3_exec(db, "PRAGMA query_only = ON; PRAGMA cache_size = -16384", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3(db, sql_facts, -1, SQLITE_PREPARE_PERSISTENT, &facts, NULL) != SQLITE_OK) {
    fprintf(stderr, "rregull-bench: %s: %s\n", zDb, sqlite3_errmsg(db));
    sqlite3_close(db);
    return 4;
  }
  double t0 = now_us();
  char *ids[PAGE], *after = strdup("");
  long long nCases = 0, nRows = 0;
  size_t bytes = 0;
  while (after && !rc) {
    sqlite3_stmt *page = NULL;
    int k = 0, step;
    if (sqlite3_prepare_v2(db, sql_page, -1, &page, NULL) != SQLITE_OK) { rc = 4; break; }
    sqlite3_bind_text(page, 1, after, -1, SQLITE_STATIC);
    sqlite3_bind_int64(page, 2, 0);
    sqlite3_bind_int(page, 3, PAGE);
    while (k < PAGE && (step = sqlite3_step(page)) == SQLITE_ROW) {
      if (!(ids[k] = strdup((const char *)sqlite3_column_text(page, 0)))) break;
      k++;
    }
    sqlite3_finalize(page);
    if (k == 0) break;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) rc = 4;
    for (int i = 0; i < k && !rc; i++) {
      sqlite3_bind_text(facts, 1, ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_text(facts, 2, zUtc, -1, SQLITE_STATIC);
      while ((step = sqlite3_step(facts)) == SQLITE_ROW) {
        bytes += (size_t)sqlite3_column_bytes(facts, 0);
        switch (sqlite3_column_type(facts, 1)) {
          case SQLITE_INTEGER: bytes += (size_t)sqlite3_column_int64(facts, 1); break;
          case SQLITE_FLOAT: bytes += sqlite3_column_double(facts, 1) != 0; break;
          case SQLITE_NULL: break;
          default:
            bytes += sqlite3_column_text(facts, 1) != NULL;
            bytes += (size_t)sqlite3_column_bytes(facts, 1);
            break;
        }
        nRows++;
      }
      sqlite3_reset(facts);
      if (step != SQLITE_DONE) rc = 4;
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) rc = 4;
    nCases += k;
    free(after);
    after = ids[k - 1];
    for (int i = 0; i < k - 1; i++) free(ids[i]);
  }
  *pSeconds = (now_us() - t0) / 1e6;
  raw_sink += bytes;               /* the values are read, not skipped */
  if (rc) fprintf(stderr, "rregull-bench: %s: cannot read the facts: %s\n", zDb, sqlite3_errmsg(db));
  else if (!after) rc = 70;
  free(after);
  sqlite3_finalize(facts);
  sqlite3_close(db);
  *pnCases = nCases;
  *pnRows = nRows;
  return rc;
}

/* --db: the floor, a batch without writing, a batch with writing. */
static int bench_store(const char *const *rules, int nRules, const char *zDb, const char *zAsOf) {
  RrInstant t;
  if (rr_parse_instant(zAsOf, strlen(zAsOf), &t)) return usage_error("--as-of needs a date-time with an offset");
  char utc[32];
  rr_format_utc(t, utc);
  long long nCases = 0, nRows = 0;
  double ta = 0;
  int rc = read_floor(zDb, utc, &nCases, &nRows, &ta);
  long rssA = peak_rss_kb();
  if (rc) return rc;
  if (!nCases) {
    fprintf(stderr, "rregull-bench: the store holds no case\n");
    return 2;
  }
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  if (rr_rules_load(&r, rules, nRules) != RR_OK) {
    fputs(rr_rules_errors(r), stderr);
    rr_rules_free(r);
    return 1;
  }
  rr_batch_result res[3];
  double tb[3];
  long rss[3];
  rc = rr_eval_new(&e, r) == RR_OK && rr_db_open(&db, zDb, RR_DB_OPEN) == RR_OK ? 0 : 4;
  /* (d) is (c) again at the same instant: every decision is found again */
  for (int pass = 0; pass < 3 && !rc; pass++) {
    rr_batch_options opt = {NULL, pass == 0, 0, NULL, NULL, NULL};
    double t0 = now_us();
    if (rr_db_batch(db, e, zAsOf, &opt, &res[pass]) != RR_OK) {
      fprintf(stderr, "rregull-bench: %s\n", rr_db_errmsg(db));
      rc = 4;
    }
    tb[pass] = (now_us() - t0) / 1e6;
    rss[pass] = peak_rss_kb();
  }
  if (!rc && kv) {
    printf("floor_us %.2f\nbatch_us %.2f\nbatch_write_us %.2f\nbatch_again_us %.2f\nstore_cases %lld\n",
           ta * 1e6 / nCases, tb[0] * 1e6 / nCases, tb[1] * 1e6 / nCases, tb[2] * 1e6 / nCases, nCases);
    printf("floor_rss_mb %.1f\nbatch_rss_mb %.1f\nbatch_write_rss_mb %.1f\nbatch_again_rss_mb %.1f\n"
           "batch_again_confirmed %lld\n", rssA / 1024.0, rss[0] / 1024.0, rss[1] / 1024.0, rss[2] / 1024.0,
           res[2].confirmed);
  } else if (!rc) {
    printf("store %s: %lld cases, %lld facts in force at %s\n", zDb, nCases, nRows, zAsOf);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB\n",
           "(a) read the facts (SQLite only)", ta, nCases / ta, ta * 1e6 / nCases, rssA / 1024.0);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB  (%.0f%% of (a))\n",
           "(b) batch: evaluate, write nothing", tb[0], res[0].evaluated / tb[0], tb[0] * 1e6 / nCases,
           rss[0] / 1024.0, 100.0 * ta / tb[0]);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB\n",
           "(c) batch: evaluate, write decisions", tb[1], res[1].evaluated / tb[1], tb[1] * 1e6 / nCases,
           rss[1] / 1024.0);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB  (%lld re-confirmed)\n",
           "(d) the same batch again", tb[2], res[2].evaluated / tb[2], tb[2] * 1e6 / nCases, rss[2] / 1024.0,
           res[2].confirmed);
    if (res[0].failed || res[1].failed) printf("  (%lld cases failed)\n", res[1].failed);
  }
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return rc;
}

/* }==== */

/* {==== evaluation ===================================================== */

static int bench_cases(const char *const *rules, int nRules, const char *const *cases, int nCases, int repeat) {
  double t0 = now_us();
  RuleSet rs;
  int nErr = ruleset_load(&rs, rules, nRules, 0);
  double tLoad = now_us() - t0;
  if (nErr) {
    fputs(diag_text(&rs.diag), stderr);
    fprintf(stderr, "rregull-bench: %d error%s\n", nErr, nErr == 1 ? "" : "s");
    ruleset_free(&rs);
    return 1;
  }
  char **texts = calloc((size_t)nCases, sizeof *texts);
  size_t *lens = calloc((size_t)nCases, sizeof *lens);
  CaseInput *ci = calloc((size_t)nCases, sizeof *ci);
  Eval e;
  Arena render;
  if (!texts || !lens || !ci || eval_init(&e, &rs.prog)) {
    fprintf(stderr, "rregull-bench: out of memory\n");
    return 70;
  }
  arena_init(&render);
  for (int i = 0; i < nCases; i++) {
    char err[600];
    case_init(&ci[i]);
    texts[i] = slurp(cases[i], &lens[i]);
    if (!texts[i] || json_read_case(&rs.prog, texts[i], lens[i], &ci[i], err, sizeof err)) {
      fprintf(stderr, "rregull-bench: %s: %s\n", cases[i], texts[i] ? err : strerror(errno));
      return 2;
    }
  }
  double best[3] = {1e300, 1e300, 1e300};
  CaseInput scratch;
  case_init(&scratch);
  for (int run = 0; run < 5; run++) {
    double a = now_us();
    for (int k = 0; k < repeat; k++)
      for (int i = 0; i < nCases; i++) eval_case(&e, ci[i].facts, ci[i].asOf);
    double b = now_us();
    for (int k = 0; k < repeat; k++) {
      for (int i = 0; i < nCases; i++) {
        char err[600];
        json_read_case(&rs.prog, texts[i], lens[i], &scratch, err, sizeof err);
        eval_case(&e, scratch.facts, scratch.asOf);
      }
    }
    double c = now_us();
    int kr = repeat / 10 > 0 ? repeat / 10 : 1;
    for (int k = 0; k < kr; k++) {
      for (int i = 0; i < nCases; i++) {
        eval_case(&e, ci[i].facts, ci[i].asOf);
        arena_reset(&render);
        char *json = json_to_string(&e, render_report(&e, &render), 0);
        free(json);
      }
    }
    double d = now_us();
    double n = (double)repeat * nCases;
    if ((b - a) / n < best[0]) best[0] = (b - a) / n;
    if ((c - b) / n < best[1]) best[1] = (c - b) / n;
    if ((d - c) / ((double)kr * nCases) < best[2]) best[2] = (d - c) / ((double)kr * nCases);
  }
  int nRule = 0;
  for (int i = 0; i < rs.prog.nRule; i++) nRule += rs.prog.aRule[i].iCanon == i;
  if (kv) printf("load_ms %.3f\neval_us %.3f\nparse_eval_us %.3f\neval_json_us %.3f\n", tLoad / 1e3, best[0],
                 best[1], best[2]);
  else printf("rule set: %d rules and lets, %d facts; load + check %.2f ms\n", nRule, rs.prog.nSlot, tLoad / 1e3);
  if (!kv) {
    printf("cases: %d, %d passes, best of 5 runs\n", nCases, repeat);
    printf("  %-34s %8.2f us/case\n", "evaluation (facts in memory)", best[0]);
    printf("  %-34s %8.2f us/case\n", "JSON parse + evaluation", best[1]);
    printf("  %-34s %8.2f us/case\n", "evaluation + decision JSON", best[2]);
  }
  for (int i = 0; i < nCases; i++) { free(texts[i]); case_free(&ci[i]); }
  case_free(&scratch);
  free(texts); free(lens); free(ci);
  arena_free(&render);
  eval_free(&e);
  ruleset_free(&rs);
  return 0;
}

/* --once: one pass, in functions of their own for callgrind's
** --toggle-collect (noinline: each must stay a function). */
__attribute__((noinline)) void bench_pass_eval(Eval *e, const CaseInput *ci, int n);
__attribute__((noinline)) void bench_pass_json(Eval *e, Arena *render, const CaseInput *ci, int n);

__attribute__((noinline)) void bench_pass_eval(Eval *e, const CaseInput *ci, int n) {
  for (int i = 0; i < n; i++) eval_case(e, ci[i].facts, ci[i].asOf);
}

__attribute__((noinline)) void bench_pass_json(Eval *e, Arena *render, const CaseInput *ci, int n) {
  size_t bytes = 0;
  for (int i = 0; i < n; i++) {
    eval_case(e, ci[i].facts, ci[i].asOf);
    arena_reset(render);
    char *json = json_to_string(e, render_report(e, render), 0);
    bytes += json ? strlen(json) : 0;
    free(json);
  }
  raw_sink += bytes;
}

static int bench_once(const char *const *rules, int nRules, const char *const *cases, int nCases, int json) {
  RuleSet rs;
  if (ruleset_load(&rs, rules, nRules, 0)) {
    fputs(diag_text(&rs.diag), stderr);
    ruleset_free(&rs);
    return 1;
  }
  CaseInput *ci = calloc((size_t)nCases, sizeof *ci);
  char **texts = calloc((size_t)nCases, sizeof *texts);
  Eval e;
  Arena render;
  if (!ci || !texts || eval_init(&e, &rs.prog)) return 70;
  arena_init(&render);
  for (int i = 0; i < nCases; i++) {
    char err[600];
    size_t len = 0;
    case_init(&ci[i]);
    texts[i] = slurp(cases[i], &len);
    if (!texts[i] || json_read_case(&rs.prog, texts[i], len, &ci[i], err, sizeof err)) {
      fprintf(stderr, "rregull-bench: %s: %s\n", cases[i], texts[i] ? err : strerror(errno));
      return 2;
    }
  }
  /* a first pass outside the counted function: the buffers (deadline
  ** instances, holidays) grow there once, as they do in a long batch */
  for (int i = 0; i < nCases; i++) eval_case(&e, ci[i].facts, ci[i].asOf);
  if (json) bench_pass_json(&e, &render, ci, nCases);
  else bench_pass_eval(&e, ci, nCases);
  for (int i = 0; i < nCases; i++) { free(texts[i]); case_free(&ci[i]); }
  free(texts); free(ci);
  arena_free(&render);
  eval_free(&e);
  ruleset_free(&rs);
  return 0;
}

/* }==== */

int main(int argc, char **argv) {
  static const struct option lo[] = {
    {"rules", required_argument, NULL, 'r'}, {"db", required_argument, NULL, 'd'},
    {"as-of", required_argument, NULL, 'a'}, {"repeat", required_argument, NULL, 'k'},
    {"once", required_argument, NULL, 'o'}, {"kv", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  const char **rules = calloc((size_t)argc + 1, sizeof *rules);
  int nRules = 0, repeat = 1000, c;
  const char *zDb = NULL, *zAsOf = NULL, *zOnce = NULL;
  if (!rules) return 70;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
    switch (c) {
      case 'r': rules[nRules++] = optarg; break;
      case 'd': zDb = optarg; break;
      case 'a': zAsOf = optarg; break;
      case 'k': repeat = atoi(optarg); break;
      case 'o': zOnce = optarg; break;
      case 'v': kv = 1; break;
      case 'h': fputs(usage, stdout); return 0;
      case ':': return usage_error("an option needs a value");
      default: return usage_error("unknown option");
    }
  }
  const char *const *cases = (const char *const *)argv + optind;
  int nCases = argc - optind, rc;
  if (zOnce) {
    if (!nRules || !nCases || (strcmp(zOnce, "eval") && strcmp(zOnce, "json")))
      return usage_error("--once needs eval or json, --rules PATH and case files");
    rc = bench_once(rules, nRules, cases, nCases, strcmp(zOnce, "json") == 0);
  } else if (zDb || zAsOf) {
    if (!nRules || !zDb || !zAsOf || nCases) return usage_error("--db needs --rules PATH, --db FILE and --as-of T");
    rc = bench_store(rules, nRules, zDb, zAsOf);
  } else {
    if (!nRules || !nCases || repeat < 1) return usage_error("needs --rules PATH and case files");
    rc = bench_cases(rules, nRules, cases, nCases, repeat);
  }
  free(rules);
  return rc;
}
