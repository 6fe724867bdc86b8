/*
** main.c - the rregull command line: the dispatcher and the policy
** commands (check, eval, explain, test, bench); the case store's commands
** are in cli_store.c, the calendar's in cli_calendar.c.
**
** Exit codes (the same for every command):
**   0  success
**   1  bad policy: the rule files do not load or check
**   2  bad case input: a case file is unreadable, not JSON, or breaks the
**      fact declarations; a stored case that does not exist or breaks them
**      (the other cases are still done)
**   3  a test written in the policy language failed
**   4  the database cannot be opened, read or written
**   64 usage error
**   70 internal error (out of memory, cannot write output)
*/
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>

#include "cli.h"
#include "decide.h"
#include "facts.h"
#include "eval.h"
#include "explain.h"
#include "json.h"
#include "rregull.h"
#include "ruleset.h"

static const char *const usage_main =
  "usage: rregull <command> [options]\n"
  "\n"
  "Evaluates child-labour case facts against policy written in the rregull\n"
  "language (rules/*.rr).\n"
  "\n"
  "commands:\n"
  "  check PATH...                     load and check policy files or directories\n"
  "  eval --rules PATH CASE.json...    evaluate cases, print one JSON decision each\n"
  "  explain --rules PATH CASE.json... the decision in plain text, rule by rule\n"
  "  init --db FILE                    create a case store (SQLite)\n"
  "  import --rules PATH --db FILE CASE.json...\n"
  "                                    record cases' facts in the store (history)\n"
  "  eval --rules PATH --db FILE --case ID [--as-of T]\n"
  "                                    evaluate a stored case\n"
  "  batch --rules PATH --db FILE --as-of T [--where FILTER]\n"
  "                                    evaluate stored cases, write the decisions back\n"
  "  cases --db FILE                   the latest decision of each stored case, a table\n"
  "  test PATH...                      run the tests written in the policy language\n"
  "  calendar --rules PATH --from DATE --to DATE [--json]\n"
  "                                    the non-working weekdays of the working calendar\n"
  "  bench --rules PATH CASE.json...   time loading, evaluation and JSON parsing\n"
  "  help [COMMAND]                    show help for a command\n"
  "  version                           print the version\n"
  "\n"
  "exit codes: 0 ok, 1 bad policy, 2 bad case input, 3 a policy test failed,\n"
  "            4 database error, 5 a municipal hook failed, 64 usage error,\n"
  "            70 internal error\n";

static const char *const usage_check =
  "usage: rregull check PATH...\n"
  "\n"
  "Loads the policy files (a directory contributes its *.rr files, and its\n"
  "tests/ subdirectory) and reports every error: syntax, unknown facts or\n"
  "rules, types and units, duplicate IDs, missing citations or dates, cycles.\n"
  "Warnings (exit status still 0) point at policy that is valid but cannot\n"
  "mean what it says: level or category tables that test a value twice, leave\n"
  "values of an enum in no row, or have rows that never apply; rules that read\n"
  "a rule never in force while they are; lets and functions nothing uses.\n"
  "Each message is 'file:line:col: error: ...' with the source line and a caret.\n"
  "A directory whose files declare an overlay is checked over the national rules\n"
  "given with it (rregull check rules/kosovo rules/municipalities/NAME): it may\n"
  "only make the procedure stricter or add to it.\n"
  "Exit status 0 when the rule set is valid, 1 otherwise.\n";

static const char *const usage_eval =
  "usage: rregull eval --rules PATH [--pretty | --compact] CASE.json...\n"
  "       rregull eval --rules PATH --db FILE --case ID... [--as-of T] [--store]\n"
  "\n"
  "Evaluates each case (a JSON object with \"as_of\" and \"facts\", as in the\n"
  "decision contract) and prints its decision as JSON: indented for one case,\n"
  "one line per case for several (override with --pretty or --compact).\n"
  "A bad case file is reported on stderr and skipped; the exit status is then 2.\n"
  "\n"
  "With --db, evaluates cases of a store (rregull import) instead: with the\n"
  "facts recorded up to T, at T (default: the case's latest as_of), so that a\n"
  "past decision is replayed exactly.\n"
  "\n"
  "options:\n"
  "  --rules PATH   policy file or directory (repeatable)\n"
  "  --pretty       indent the JSON\n"
  "  --compact      one line per decision\n"
  "  --trace        print every rule's result on stderr, in evaluation order\n"
  "  --db FILE      the case store\n"
  "  --case ID      a stored case (repeatable)\n"
  "  --as-of T      the instant, e.g. 2025-03-05T10:00:00+01:00\n"
  "  --store        also write the decisions back to the store\n"
  "  --overlays DIR load the municipal overlays under DIR (rules/municipalities)\n"
  "  --municipality NAME  apply that overlay to every case (otherwise: the overlay\n"
  "                 of the municipality the national rules find competent)\n"
  "\n"
  "A case decided under an overlay whose Lua hook failed is still printed (its\n"
  "overlay.hooks says what failed); the exit status is then 5.\n";

static const char *const usage_test =
  "usage: rregull test [-v] PATH...\n"
  "\n"
  "Loads the policy with its tests (tests/*.rr beside each directory) and runs\n"
  "every 'test' declaration.  Prints the failures and a line 'N passed, N failed'.\n"
  "Exit status 0 when all pass, 3 when one fails, 1 when the policy does not check.\n"
  "An overlay directory among the paths runs its tests over the national rules\n"
  "(rregull test rules/kosovo rules/municipalities/*/); hooks do not run in tests.\n"
  "\n"
  "options:\n"
  "  -v        list every test, passed or failed\n"
  "  --trace   print every rule's result on stderr, in evaluation order\n";

static const char *const usage_explain =
  "usage: rregull explain --rules PATH CASE.json...\n"
  "\n"
  "Evaluates each case and explains the decision in plain text for a case\n"
  "worker: the answers of the report, then every rule that holds -- hazards,\n"
  "findings, risk factors, deadlines with their status, next actions, what\n"
  "closure still needs -- each with its ID, title, citations, the evidence\n"
  "it gives and the facts it read.  Deadlines whose start event has not\n"
  "happened are listed last, as upcoming.  Exit status as for eval.\n"
  "\n"
  "options:\n"
  "  --rules PATH   policy file or directory (repeatable)\n"
  "  --overlays DIR load the municipal overlays under DIR\n"
  "  --municipality NAME  apply that overlay to every case\n";

void die_usage(const char *msg, const char *usage) {
  if (msg) fprintf(stderr, "rregull: %s\n", msg);
  fputs(usage, stderr);
  exit(EXIT_USAGE);
}

int is_help(const char *z) {
  return strcmp(z, "-h") == 0 || strcmp(z, "--help") == 0 || strcmp(z, "help") == 0;
}

/* Loads the rule set or prints its errors (and, with WARNINGS, its
** warnings).  Returns 0 on success. */
static int load_rules(RuleSet *rs, const char *const *paths, int n, int withTests, int warnings) {
  int nErr = ruleset_load(rs, paths, n, withTests);
  if (nErr || warnings) fputs(diag_text(&rs->diag), stderr);
  if (nErr) {
    fprintf(stderr, "rregull: %d error%s\n", nErr, nErr == 1 ? "" : "s");
    return rs->diag.oom ? EXIT_INTERNAL : EXIT_POLICY;
  }
  return 0;
}

int cli_overlays(const char *zDir, const char ***pRules, int *pnRules, char ***pFound, int *pnFound) {
  char **ov;
  int n = ruleset_list_overlays(zDir, &ov);
  if (n < 0) {
    fprintf(stderr, "rregull: --overlays %s: cannot read the directory: %s\n", zDir, strerror(errno));
    return EXIT_POLICY;
  }
  char **grown = realloc(*pFound, (size_t)(*pnFound + n + 1) * sizeof *grown);
  const char **more = realloc(*pRules, (size_t)(*pnRules + n + 64) * sizeof *more);
  if (!grown || !more) return EXIT_INTERNAL;
  *pFound = grown;
  *pRules = more;
  for (int k = 0; k < n; k++) (*pRules)[(*pnRules)++] = (*pFound)[(*pnFound)++] = ov[k];
  free(ov);
  return 0;
}

char *slurp(const char *zPath, size_t *pn) {
  FILE *f = strcmp(zPath, "-") == 0 ? stdin : fopen(zPath, "rb");
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
  if (f != stdin) fclose(f);
  if (bad) { free(buf); errno = EIO; return NULL; }
  *pn = n;
  return buf;
}

/* {==== check ========================================================= */

/* Splits paths into the national rule set's and the overlays' (directories
** whose files declare an overlay). */
static void split_paths(const char *const *paths, int n, const char **national, int *nNational,
                        const char **overlays, int *nOverlays) {
  *nNational = *nOverlays = 0;
  for (int i = 0; i < n; i++) {
    if (ruleset_is_overlay(paths[i]) > 0) overlays[(*nOverlays)++] = paths[i];
    else national[(*nNational)++] = paths[i];
  }
}

static void print_ok(const RuleSet *rs, const char *zWhat) {
  int nRule = 0, nTest = rs->prog.nTest, nWarn = rs->diag.nWarn;
  for (int i = 0; i < rs->prog.nRule; i++) {
    const Rule *r = &rs->prog.aRule[i];
    if (r->kind != RK_LET && r->iCanon == i && !r->dynamic && (!zWhat || r->fromOverlay)) nRule++;
  }
  if (zWhat) {
    printf("ok: overlay %s: %d rules, %d amendments, %d hooks, %d tests", zWhat, nRule, rs->prog.nAmend,
           rs->prog.nHook, nTest);
  } else {
    printf("ok: %d rules, %d facts, %d tests in %d files", nRule, rs->prog.nSlot, nTest, rs->nFileUser);
  }
  if (nWarn) printf(" (%d warning%s)", nWarn, nWarn == 1 ? "" : "s");
  printf("\n");
}

static int cmd_check(int argc, char **argv) {
  if (argc < 1 || is_help(argv[0])) die_usage(argc < 1 ? "check needs a path" : NULL, usage_check);
  const char **nat = calloc((size_t)argc + 1, sizeof *nat), **ov = calloc((size_t)argc + 1, sizeof *ov);
  int nNat, nOv;
  if (!nat || !ov) return EXIT_INTERNAL;
  split_paths((const char *const *)argv, argc, nat, &nNat, ov, &nOv);
  if (nOv && !nNat) {
    fprintf(stderr, "rregull: %s is an overlay: give the national rules it amends too "
            "(rregull check rules/kosovo %s)\n", ov[0], ov[0]);
    free(nat);
    free(ov);
    return EXIT_USAGE;
  }
  RuleSet rs;
  int rc = load_rules(&rs, nat, nNat, 1, 1);
  if (!rc) print_ok(&rs, NULL);
  ruleset_free(&rs);
  for (int k = 0; k < nOv; k++) {
    int nErr = ruleset_load_overlay(&rs, nat, nNat, ov[k], 1);
    fputs(diag_text(&rs.diag), stderr);
    if (nErr) {
      fprintf(stderr, "rregull: %s: %d error%s\n", ov[k], nErr, nErr == 1 ? "" : "s");
      rc = rs.diag.oom ? EXIT_INTERNAL : EXIT_POLICY;
    } else {
      print_ok(&rs, rs.prog.zOverlay);
    }
    ruleset_free(&rs);
  }
  free(nat);
  free(ov);
  return rc;
}

/* }==== */

/* {==== eval ========================================================== */

/* eval and explain: the same cases, a decision in JSON or in plain text. */
static int run_cases(int argc, char **argv, int explain) {
  const char *usage = explain ? usage_explain : usage_eval;
  const char **rules = calloc((size_t)argc + 1, sizeof *rules);
  const char **cases = calloc((size_t)argc + 1, sizeof *cases);
  const char **ids = calloc((size_t)argc + 1, sizeof *ids);
  const char *zDb = NULL, *zAsOf = NULL, *zMunicipality = NULL;
  char **found = NULL;
  int nRules = 0, nCases = 0, nIds = 0, pretty = -1, rc = 0, trace = 0, store = 0, nFound = 0;
  if (!rules || !cases || !ids) return EXIT_INTERNAL;
  for (int i = 0; i < argc; i++) {
    if (is_help(argv[i])) die_usage(NULL, usage);
    if (strcmp(argv[i], "--overlays") == 0 || strcmp(argv[i], "--municipality") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "rregull: %s needs a value\n", argv[i]);
        die_usage(NULL, usage);
      }
      if (argv[i][2] == 'm') {
        zMunicipality = argv[++i];
        continue;
      }
      int r = cli_overlays(argv[++i], &rules, &nRules, &found, &nFound);
      if (r) return r;
      continue;
    }
    if (!explain && (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--case") == 0 ||
                     strcmp(argv[i], "--as-of") == 0)) {
      if (i + 1 >= argc) {
        fprintf(stderr, "rregull: %s needs a value\n", argv[i]);
        die_usage(NULL, usage);
      }
      if (argv[i][2] == 'd') zDb = argv[i + 1];
      else if (argv[i][2] == 'c') ids[nIds++] = argv[i + 1];
      else zAsOf = argv[i + 1];
      i++;
      continue;
    }
    if (!explain && strcmp(argv[i], "--store") == 0) {
      store = 1;
      continue;
    }
    if (strcmp(argv[i], "--rules") == 0) {
      if (i + 1 >= argc) die_usage("--rules needs a path", usage);
      rules[nRules++] = argv[++i];
    } else if (strncmp(argv[i], "--rules=", 8) == 0) {
      rules[nRules++] = argv[i] + 8;
    } else if (!explain && strcmp(argv[i], "--pretty") == 0) {
      pretty = 1;
    } else if (!explain && strcmp(argv[i], "--compact") == 0) {
      pretty = 0;
    } else if (strcmp(argv[i], "--trace") == 0) {
      trace = 1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "rregull: unknown option '%s'\n", argv[i]);
      die_usage(NULL, usage);
    } else {
      cases[nCases++] = argv[i];
    }
  }
  if (!nRules) die_usage(explain ? "explain needs --rules PATH" : "eval needs --rules PATH", usage);
  if (zDb || nIds || zAsOf || store) {
    if (!zDb) die_usage("--case, --as-of and --store need --db FILE", usage);
    if (!nIds) die_usage("eval --db needs --case ID", usage);
    if (nCases) die_usage("eval --db takes cases by --case ID, not case files", usage);
    rc = cmd_eval_db(rules, nRules, zDb, ids, nIds, zAsOf, zMunicipality, pretty < 0 ? nIds == 1 : pretty, store);
    goto out_args;
  }
  if (!nCases) die_usage(explain ? "explain needs at least one case file" : "eval needs at least one case file", usage);
  if (pretty < 0) pretty = nCases == 1;

  Book book;
  Decider dec;
  memset(&dec, 0, sizeof dec);
  if (book_load(&book, rules, nRules)) {
    fputs(book.zErrors, stderr);
    fprintf(stderr, "rregull: %d error%s\n", book.nErr, book.nErr == 1 ? "" : "s");
    rc = book.oom ? EXIT_INTERNAL : EXIT_POLICY;
    goto out_rules;
  }
  const Program *nat = &book.national.prog;
  if (!nat->report) {
    fprintf(stderr, "rregull: the rule set has no report: declare the decision with 'report NAME { ... }'\n");
    rc = EXIT_POLICY;
    goto out_rules;
  }
  if (decider_init(&dec, &book)) { rc = EXIT_INTERNAL; goto out_rules; }
  if (zMunicipality && decider_force(&dec, zMunicipality)) {
    fprintf(stderr, "rregull: --municipality %s: no overlay loaded is for it (add --overlays DIR or --rules "
            "rules/municipalities/NAME)\n", zMunicipality);
    rc = EXIT_USAGE;
    goto out_rules;
  }
  if (trace) {
    dec.national.trace = stderr;
    for (int k = 0; k < book.nOverlay; k++) dec.aOverlay[k].trace = stderr;
  }
  CaseInput ci;
  Arena render;
  case_init(&ci);
  arena_init(&render);
  int hookFailed = 0;
  for (int i = 0; i < nCases; i++) {
    size_t n = 0;
    char err[600];
    char *text = slurp(cases[i], &n);
    if (!text) {
      fprintf(stderr, "rregull: %s: cannot read: %s\n", cases[i], strerror(errno));
      rc = EXIT_FACTS;
      continue;
    }
    int bad = json_read_case(nat, text, n, &ci, err, sizeof err);
    free(text);
    if (!bad) bad = eval_requirements(&dec.national, ci.facts, ci.asOf, err, sizeof err);
    if (bad) {
      fprintf(stderr, "rregull: %s: %s\n", cases[i], err);
      rc = EXIT_FACTS;
      continue;
    }
    Eval *e = decide(&dec, ci.facts, ci.asOf, ci.zId);
    if (dec.hookFailed) {
      fprintf(stderr, "rregull: %s: a hook of overlay %s failed: the decision records it (overlay.hooks); the "
              "national result stands\n", cases[i], book.aOverlay[dec.iOverlay].prog.zOverlay);
      hookFailed = 1;
    }
    arena_reset(&render);
    if (explain) {
      if (i) fputs("\n", stdout);
      if (explain_case(e, &render, stdout)) {
        fprintf(stderr, "rregull: %s: %s\n", cases[i], e->zErr ? e->zErr : "out of memory");
        rc = EXIT_INTERNAL;
        break;
      }
      continue;
    }
    Value v = render_report(e, &render);
    if (e->zErr || json_write(e, v, stdout, pretty)) {
      fprintf(stderr, "rregull: %s: %s\n", cases[i], e->zErr ? e->zErr : "cannot write the decision");
      rc = EXIT_INTERNAL;
      break;
    }
  }
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
  if (!rc && hookFailed) rc = EXIT_HOOK;
  arena_free(&render);
  case_free(&ci);
out_rules:
  decider_free(&dec);
  book_free(&book);
out_args:
  for (int k = 0; k < nFound; k++) free(found[k]);
  free(found);
  free(rules);
  free(cases);
  free(ids);
  return rc;
}

static int cmd_eval(int argc, char **argv) { return run_cases(argc, argv, 0); }
static int cmd_explain(int argc, char **argv) { return run_cases(argc, argv, 1); }

/* }==== */

/* {==== bench ========================================================= */

static const char *const usage_bench =
  "usage: rregull bench --rules PATH [--repeat K] CASE.json...\n"
  "       rregull bench --rules PATH --db FILE --as-of T\n"
  "\n"
  "Loads the cases once and reports microseconds per case for: loading and\n"
  "checking the rule set; evaluation alone (facts already in memory); JSON\n"
  "parsing plus evaluation; and rendering the decision as JSON.  Each figure\n"
  "is the best of 5 runs of K passes over the cases (default K = 1000).\n"
  "\n"
  "With --db, measures the store over every case in it, at T: (a) reading the\n"
  "facts out of SQLite and nothing else, the floor; (b) a batch that evaluates\n"
  "without writing; (c) a batch that writes the decisions (a new batch each\n"
  "run); and the peak resident memory after each.\n";

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* bench --db: the floor, a batch without writing, a batch with writing. */
static int bench_store(const char *const *rules, int nRules, const char *zDb, const char *zAsOf) {
  RrInstant t;
  if (rr_parse_instant(zAsOf, strlen(zAsOf), &t)) die_usage("--as-of needs a date-time with an offset", usage_bench);
  char err[1024];
  Store *s = NULL;
  if (store_open(&s, zDb, 0, err, sizeof err)) {
    fprintf(stderr, "rregull: %s\n", err);
    return EXIT_DB;
  }
  /* (a) the floor: every case's facts read by the batch's query, nothing else */
  double t0 = now_us();
  long long nCases = 0, nRows = 0;
  char *ids[256], *after = strdup("");
  int k, rc = 0;
  while (after && (k = store_batch_next_cases(s, 0, "", after, ids, 256, err, sizeof err)) > 0) {
    if (store_begin_read(s, err, sizeof err)) { rc = EXIT_DB; break; }   /* as the batch reads */
    for (int i = 0; i < k; i++) {
      long r = store_read_raw(s, ids[i], t, err, sizeof err);
      if (r < 0) { rc = EXIT_DB; break; }
      nRows += r;
    }
    if (!rc && store_commit(s, err, sizeof err)) rc = EXIT_DB;
    nCases += k;
    free(after);
    after = ids[k - 1];
    for (int i = 0; i < k - 1; i++) free(ids[i]);
    if (rc) break;
  }
  free(after);
  store_close(s);
  double ta = (now_us() - t0) / 1e6;
  long rssA = peak_rss_kb();
  if (rc || !nCases) {
    fprintf(stderr, "rregull: %s\n", rc ? err : "the store holds no case");
    return rc ? rc : EXIT_FACTS;
  }
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  if (rr_rules_load(&r, rules, nRules) != RR_OK) {
    fputs(rr_rules_errors(r), stderr);
    rr_rules_free(r);
    return EXIT_POLICY;
  }
  rr_batch_result res[2];
  double tb[2];
  long rss[2];
  rc = rr_eval_new(&e, r) == RR_OK && rr_db_open(&db, zDb, RR_DB_OPEN) == RR_OK ? 0 : EXIT_DB;
  for (int pass = 0; pass < 2 && !rc; pass++) {
    rr_batch_options opt = {NULL, pass == 0, 0, NULL, NULL, NULL};
    t0 = now_us();
    if (rr_db_batch(db, e, zAsOf, &opt, &res[pass]) != RR_OK) {
      fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
      rc = EXIT_DB;
    }
    tb[pass] = (now_us() - t0) / 1e6;
    rss[pass] = peak_rss_kb();
  }
  if (!rc) {
    printf("store %s: %lld cases, %lld facts in force at %s\n", zDb, nCases, nRows, zAsOf);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB\n",
           "(a) read the facts (SQLite only)", ta, nCases / ta, ta * 1e6 / nCases, rssA / 1024.0);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB  (%.0f%% of (a))\n",
           "(b) batch: evaluate, write nothing", tb[0], res[0].evaluated / tb[0], tb[0] * 1e6 / nCases,
           rss[0] / 1024.0, 100.0 * ta / tb[0]);
    printf("  %-40s %8.2f s %9.0f cases/s %8.1f us/case  peak RSS %6.1f MB\n",
           "(c) batch: evaluate, write decisions", tb[1], res[1].evaluated / tb[1], tb[1] * 1e6 / nCases,
           rss[1] / 1024.0);
    if (res[0].failed || res[1].failed) printf("  (%lld cases failed)\n", res[1].failed);
  }
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return rc;
}

static int cmd_bench(int argc, char **argv) {
  const char **rules = calloc((size_t)argc + 1, sizeof *rules);
  const char **cases = calloc((size_t)argc + 1, sizeof *cases);
  int nRules = 0, nCases = 0, repeat = 1000, rc = 0;
  const char *zDb = NULL, *zAsOf = NULL;
  if (!rules || !cases) return EXIT_INTERNAL;
  for (int i = 0; i < argc; i++) {
    if (is_help(argv[i])) die_usage(NULL, usage_bench);
    if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc) rules[nRules++] = argv[++i];
    else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) zDb = argv[++i];
    else if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc) zAsOf = argv[++i];
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (argv[i][0] == '-') die_usage("unknown option", usage_bench);
    else cases[nCases++] = argv[i];
  }
  if (zDb || zAsOf) {
    if (!nRules || !zDb || !zAsOf || nCases) die_usage("bench --db needs --rules PATH, --db FILE and --as-of T", usage_bench);
    rc = bench_store(rules, nRules, zDb, zAsOf);
    free(rules);
    free(cases);
    return rc;
  }
  if (!nRules || !nCases || repeat < 1) die_usage("bench needs --rules PATH and case files", usage_bench);

  double t0 = now_us();
  RuleSet rs;
  rc = load_rules(&rs, rules, nRules, 0, 0);
  double tLoad = now_us() - t0;
  if (rc) { ruleset_free(&rs); free(rules); free(cases); return rc; }

  char **texts = calloc((size_t)nCases, sizeof *texts);
  size_t *lens = calloc((size_t)nCases, sizeof *lens);
  CaseInput *ci = calloc((size_t)nCases, sizeof *ci);
  Eval e;
  Arena render;
  if (!texts || !lens || !ci || eval_init(&e, &rs.prog)) return EXIT_INTERNAL;
  arena_init(&render);
  for (int i = 0; i < nCases; i++) {
    char err[600];
    case_init(&ci[i]);
    texts[i] = slurp(cases[i], &lens[i]);
    if (!texts[i] || json_read_case(&rs.prog, texts[i], lens[i], &ci[i], err, sizeof err)) {
      fprintf(stderr, "rregull: %s: %s\n", cases[i], texts[i] ? err : strerror(errno));
      return EXIT_FACTS;
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
  printf("rule set: %d rules and lets, %d facts; load + check %.2f ms\n", nRule, rs.prog.nSlot, tLoad / 1e3);
  printf("cases: %d, %d passes, best of 5 runs\n", nCases, repeat);
  printf("  %-34s %8.2f us/case\n", "evaluation (facts in memory)", best[0]);
  printf("  %-34s %8.2f us/case\n", "JSON parse + evaluation", best[1]);
  printf("  %-34s %8.2f us/case\n", "evaluation + decision JSON", best[2]);
  for (int i = 0; i < nCases; i++) { free(texts[i]); case_free(&ci[i]); }
  case_free(&scratch);
  free(texts); free(lens); free(ci);
  arena_free(&render);
  eval_free(&e);
  ruleset_free(&rs);
  free(rules);
  free(cases);
  return 0;
}

/* }==== */

/* {==== test ========================================================== */

/* Runs the tests of the loaded program RS, counting into *PASSED and *FAILED;
** failures are reported on stderr with their source lines.  A test sees the
** program's rules (an overlay's with the national ones); hooks do not run. */
static int run_tests(RuleSet *rs, int verbose, int trace, int *passed, int *failed) {
  Program *p = &rs->prog;
  Eval e;
  Arena a;
  Diag *d = &rs->diag;
  if (eval_init(&e, p)) return EXIT_INTERNAL;
  if (trace) e.trace = stderr;
  arena_init(&a);
  Value *facts = calloc((size_t)p->nSlot + 1, sizeof *facts);
  if (!facts) return EXIT_INTERNAL;
  diag_clear_messages(d);
  for (int t = 0; t < p->nTest; t++) {
    const TestCase *tc = &p->aTest[t];
    RrInstant asOf = 0;
    if (tc->hasAsOf) asOf = tc->asOf;
    else rr_parse_instant("2025-01-01T12:00:00Z", 20, &asOf);
    memset(facts, 0, (size_t)p->nSlot * sizeof *facts);
    arena_reset(&a);
    e.render = &a;
    e.facts = facts;
    e.asOf = asOf;
    e.today = rr_local_date(p->zone, asOf);
    int k = 0;
    for (const Assign *g = tc->given; g; g = g->next, k++) {
      if (tc->aGivenSlot[k] >= 0) facts[tc->aGivenSlot[k]] = eval_expr(&e, g->value);
    }
    eval_hide_future(p, facts, asOf);
    e.render = NULL;
    eval_case(&e, facts, asOf);
    e.render = &a;
    int ok = 1;
    for (int x = 0; x < tc->nExpect; x++) {
      Value v = eval_expr(&e, tc->aExpect[x]);
      if (!v_true(v)) {
        const Node *n = tc->aExpect[x];
        diag_error(d, n->iFile, n->off, n->len, "test \"%s\" failed: this expectation is %s",
                   tc->zName, v_known(v) ? "false" : "unknown");
        ok = 0;
      }
    }
    e.render = NULL;
    if (ok) (*passed)++;
    else (*failed)++;
    if (verbose) {
      int line, col;
      diag_locate(d, tc->iFile, tc->off, &line, &col);
      printf("%s %s:%d: %s\n", ok ? "ok  " : "FAIL", d->aFile[tc->iFile].zName, line, tc->zName);
    }
  }
  fputs(diag_text(d), stderr);
  free(facts);
  arena_free(&a);
  eval_free(&e);
  return 0;
}

static int cmd_test(int argc, char **argv) {
  int verbose = 0, nPath = 0, trace = 0;
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  const char **nat = calloc((size_t)argc + 1, sizeof *nat), **ov = calloc((size_t)argc + 1, sizeof *ov);
  if (!paths || !nat || !ov) return EXIT_INTERNAL;
  for (int i = 0; i < argc; i++) {
    if (is_help(argv[i])) die_usage(NULL, usage_test);
    if (strcmp(argv[i], "-v") == 0) verbose = 1;
    else if (strcmp(argv[i], "--trace") == 0) trace = 1;
    else paths[nPath++] = argv[i];
  }
  if (!nPath) die_usage("test needs a path", usage_test);
  int nNat, nOv, passed = 0, failed = 0;
  split_paths(paths, nPath, nat, &nNat, ov, &nOv);
  if (!nNat) die_usage("test needs the national rules (an overlay is tested with them)", usage_test);
  RuleSet rs;
  int rc = load_rules(&rs, nat, nNat, 1, 1);
  if (!rc) rc = run_tests(&rs, verbose, trace, &passed, &failed);
  ruleset_free(&rs);
  for (int k = 0; !rc && k < nOv; k++) {
    int nErr = ruleset_load_overlay(&rs, nat, nNat, ov[k], 1);
    if (nErr) {
      fputs(diag_text(&rs.diag), stderr);
      fprintf(stderr, "rregull: %s: %d error%s\n", ov[k], nErr, nErr == 1 ? "" : "s");
      rc = rs.diag.oom ? EXIT_INTERNAL : EXIT_POLICY;
    } else {
      rc = run_tests(&rs, verbose, trace, &passed, &failed);
    }
    ruleset_free(&rs);
  }
  free(paths);
  free(nat);
  free(ov);
  if (rc) return rc;
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? EXIT_TEST : 0;
}

/* }==== */

int main(int argc, char **argv) {
  /* past a file size limit (ulimit -f) a write fails with EFBIG and is
  ** reported like a full disk, rather than the signal killing the process */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) die_usage(NULL, usage_main);
  const char *cmd = argv[1];
  if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
  if (strcmp(cmd, "eval") == 0) return cmd_eval(argc - 2, argv + 2);
  if (strcmp(cmd, "explain") == 0) return cmd_explain(argc - 2, argv + 2);
  if (strcmp(cmd, "init") == 0) return cmd_init(argc - 2, argv + 2);
  if (strcmp(cmd, "import") == 0) return cmd_import(argc - 2, argv + 2);
  if (strcmp(cmd, "batch") == 0) return cmd_batch(argc - 2, argv + 2);
  if (strcmp(cmd, "cases") == 0) return cmd_cases(argc - 2, argv + 2);
  if (strcmp(cmd, "test") == 0) return cmd_test(argc - 2, argv + 2);
  if (strcmp(cmd, "bench") == 0) return cmd_bench(argc - 2, argv + 2);
  if (strcmp(cmd, "calendar") == 0) return cmd_calendar(argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("rregull %s\n", rr_version());
    return 0;
  }
  if (is_help(cmd)) {
    const char *topic = argc > 2 ? argv[2] : "";
    fputs(strcmp(topic, "check") == 0 ? usage_check : strcmp(topic, "eval") == 0 ? usage_eval
          : strcmp(topic, "explain") == 0 ? usage_explain
          : strcmp(topic, "init") == 0 ? usage_init : strcmp(topic, "import") == 0 ? usage_import
          : strcmp(topic, "batch") == 0 ? usage_batch : strcmp(topic, "cases") == 0 ? usage_cases
          : strcmp(topic, "test") == 0 ? usage_test : strcmp(topic, "bench") == 0 ? usage_bench
          : strcmp(topic, "calendar") == 0 ? usage_calendar
          : usage_main, stdout);
    return 0;
  }
  fprintf(stderr, "rregull: unknown command '%s'\n", cmd);
  die_usage(NULL, usage_main);
  return EXIT_USAGE;
}
