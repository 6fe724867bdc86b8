/*
** main.c - the rregull command line: the dispatcher and the policy
** commands (check, eval, explain, test); the case store's commands are in
** cli_store.c, the calendar's in cli_calendar.c, the option parser in
** cli_args.c.  Like any program that embeds rregull, it uses the library
** through rregull.h alone.
**
** Exit codes (the same for every command):
**   0  success
**   1  bad policy: the rule files do not load or check
**   2  bad case input: a case file is unreadable, not JSON, or breaks the
**      fact declarations; a stored case that does not exist or breaks them
**      (the other cases are still done)
**   3  a test written in the policy language failed
**   4  the database cannot be opened, read or written
**   5  a municipal hook failed (the decision says so)
**   64 usage error: one line on stderr says what is wrong
**   70 internal error (out of memory, cannot write output)
*/
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

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
  "  primero --rules PATH RECORD.json  a Primero case record: decision + patch back\n"
  "  serve --rules PATH [--db FILE] [--listen ADDR:PORT]\n"
  "                                    a JSON API over HTTP for case systems\n"
  "  diff OLD NEW --db FILE | CASE.json...\n"
  "                                    what a rule edit changes in every case\n"
  "  fmt [--check] FILE|DIR...         format policy files canonically\n"
  "  publish --rules PATH --as-of DATE [--since DATE] [--format md|html]\n"
  "                                    the hazard list as in force on DATE\n"
  "  report KIND --db FILE --from DATE --to DATE [--format html|csv|json]\n"
  "                                    the SOP's monitoring reports over the store\n"
  "  i18n extract RULEDIR              write the PO template translators work from\n"
  "  help [COMMAND]                    show help for a command\n"
  "  version                           print the version\n"
  "\n"
  "Every command takes --help.  (The benchmarks, once 'rregull bench', are the\n"
  "program build/rregull-bench: make bench.)\n"
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
  "a rule never in force while they are; lets and functions nothing uses;\n"
  "texts of the rules with no translation, or a stale one, in the PO files\n"
  "beside them (po/sq.po, po/sr.po: at most 10 shown a language, then a count).\n"
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
  "  --lang LANG    add \"texts\" in en, sq, sr or sr-Cyrl: the answers, to-do\n"
  "                 list, titles and evidence in words (IDs and codes unchanged)\n"
  "  --overlays DIR load the municipal overlays under DIR (rules/municipalities)\n"
  "  --municipality NAME  apply that overlay to every case (otherwise: the overlay\n"
  "                 of the municipality the national rules find competent)\n"
  "\n"
  "A case decided under an overlay whose Lua hook failed is still printed (its\n"
  "overlay.hooks says what failed); the exit status is then 5.\n";

static const char *const usage_test =
  "usage: rregull test [-v] [--trace] PATH...\n"
  "\n"
  "Loads the policy with its tests (tests/*.rr beside each directory) and runs\n"
  "every 'test' declaration.  Prints the failures and a line 'N passed, N failed'.\n"
  "Exit status 0 when all pass, 3 when one fails, 1 when the policy does not check.\n"
  "An overlay directory among the paths runs its tests over the national rules\n"
  "(rregull test rules/kosovo rules/municipalities/*/); hooks do not run in tests.\n"
  "\n"
  "options:\n"
  "  -v, --verbose  list every test, passed or failed\n"
  "  --trace        print every rule's result on stderr, in evaluation order\n";

static const char *const usage_explain =
  "usage: rregull explain --rules PATH [--lang LANG] [--html] [--quote DIR] [--trace] CASE.json...\n"
  "       rregull explain --rules PATH --db FILE --case ID [--as-of T] [--lang LANG] [--html]\n"
  "\n"
  "Evaluates each case (or a stored one) and explains the decision in plain\n"
  "text for a case worker: a header with the answers, one line each, and what\n"
  "closure still needs; 'To do now', every open duty -- overdue first, then by\n"
  "due time -- with what to do, who is responsible, when in words ('overdue by\n"
  "2 days', 'due tomorrow at 14:00') and the legal source; then, for\n"
  "supervisors and appeals, every rule that holds -- hazards, findings, risk\n"
  "factors, deadlines with their status, next actions, what closure still\n"
  "needs -- each with its ID, title, citations, the evidence it gives and the\n"
  "facts it read.  Deadlines whose start event has not happened are listed\n"
  "last, as upcoming.  With --lang, a footer names the language and says how\n"
  "many draft translations (awaiting ministry review) were shown.  Exit\n"
  "status as for eval.\n"
  "\n"
  "options:\n"
  "  --rules PATH   policy file or directory (repeatable)\n"
  "  --overlays DIR load the municipal overlays under DIR\n"
  "  --municipality NAME  apply that overlay to every case\n"
  "  --trace        print every rule's result on stderr, in evaluation order\n"
  "  --lang LANG    en, sq (Albanian), sr (Serbian, Latin script) or sr-Cyrl\n"
  "                 (Cyrillic): texts from the rules' po/LANG.po\n"
  "  --html         one self-contained HTML page per case instead: the answers,\n"
  "                 the to-do list, a deadline timeline, the risk factors, what\n"
  "                 closure needs; prints on A4\n"
  "  --db FILE --case ID [--as-of T]  explain a stored case (read only)\n"
  "  --quote DIR    under each citation 'SOURCE l.N', the lines it cites, from\n"
  "                 the file its source declares, in DIR (the seed documents)\n";


/* {==== loading ======================================================== */

/* Prints the errors of a load that failed; returns the exit code.  ZWHAT
** (may be NULL) names the overlay in the count. */
static int load_failed(rr_rules *r, int rc, const char *zWhat) {
  int nErr = rr_rules_count(r, RR_COUNT_ERRORS);
  fputs(rr_rules_errors(r), stderr);
  fprintf(stderr, "rregull: %s%s%d error%s\n", zWhat ? zWhat : "", zWhat ? ": " : "", nErr, nErr == 1 ? "" : "s");
  return rc == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
}

/* Splits paths into the national rule set's and the overlays' (directories
** whose files declare an overlay). */
static void split_paths(const CliList *paths, CliList *national, CliList *overlays) {
  for (int i = 0; i < paths->n; i++) {
    CliList *to = rr_rules_is_overlay(paths->a[i]) > 0 ? overlays : national;
    to->a[to->n++] = paths->a[i];
  }
}

/* Room for N paths in each of two lists. */
static int two_lists(CliList *a, CliList *b, int n) {
  a->a = calloc((size_t)n + 1, sizeof *a->a);
  b->a = calloc((size_t)n + 1, sizeof *b->a);
  a->cap = b->cap = n + 1;
  return a->a && b->a ? 0 : -1;
}

/* }==== */

/* {==== check ========================================================= */

static void print_ok(const rr_rules *r) {
  const char *zOverlay = rr_rules_loaded_overlay(r);
  int nRule = rr_rules_count(r, RR_COUNT_RULES), nTest = rr_rules_count(r, RR_COUNT_TESTS);
  int nWarn = rr_rules_count(r, RR_COUNT_WARNINGS);
  if (zOverlay) {
    printf("ok: overlay %s: %d rules, %d amendments, %d hooks, %d tests", zOverlay, nRule,
           rr_rules_count(r, RR_COUNT_AMENDMENTS), rr_rules_count(r, RR_COUNT_HOOKS), nTest);
  } else {
    printf("ok: %d rules, %d facts, %d tests in %d files", nRule, rr_rules_count(r, RR_COUNT_FACTS), nTest,
           rr_rules_count(r, RR_COUNT_FILES));
  }
  if (nWarn) printf(" (%d warning%s)", nWarn, nWarn == 1 ? "" : "s");
  printf("\n");
}

static int cmd_check(int argc, char **argv) {
  CliList paths = {0}, nat = {0}, ov = {0};
  static const CliOpt opts[] = {{NULL, 0, 0, NULL, 0, NULL, NULL}};
  int rc = cli_parse("check", argc, argv, opts, &paths, usage_check);
  if (!rc && !paths.n) rc = cli_usage("check", "needs a path");
  if (!rc && two_lists(&nat, &ov, paths.n)) rc = EXIT_INTERNAL;
  if (!rc) split_paths(&paths, &nat, &ov);
  if (!rc && ov.n && !nat.n)
    rc = cli_usage("check", "%s is an overlay: give the national rules it amends too, as in rregull check rules/kosovo %s",
                   ov.a[0], ov.a[0]);
  if (rc) goto out;
  /* the national rules, then each overlay over them: each with its tests */
  rr_rules *r;
  rr_load_options lo = {1, NULL};
  int one = rr_rules_load_with(&r, nat.a, nat.n, &lo);
  if (one == RR_OK) {
    fputs(rr_rules_errors(r), stderr);            /* the warnings */
    char *gaps = NULL;                            /* translations missing or stale (po/LANG.po) */
    if (rr_rules_check_translations(r, &gaps, NULL) == RR_OK) fputs(gaps, stderr);
    rr_free(gaps);
    print_ok(r);
  } else {
    rc = load_failed(r, one, NULL);
  }
  rr_rules_free(r);
  for (int k = 0; k < ov.n; k++) {
    lo.overlay = ov.a[k];
    one = rr_rules_load_with(&r, nat.a, nat.n, &lo);
    if (one == RR_OK) {
      fputs(rr_rules_errors(r), stderr);
      print_ok(r);
    } else {
      rc = load_failed(r, one, ov.a[k]);
    }
    rr_rules_free(r);
  }
out:
  cli_list_free(&paths);
  cli_list_free(&nat);
  cli_list_free(&ov);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */

/* {==== eval and explain ============================================== */

/* eval and explain: the same cases, a decision in JSON or in plain text. */
static int run_cases(int argc, char **argv, int explain) {
  const char *zCmd = explain ? "explain" : "eval", *usage = explain ? usage_explain : usage_eval;
  CliList rules = {0}, cases = {0}, ids = {0};
  CliOverlays found = {&rules, NULL, 0};
  const char *zDb = NULL, *zAsOf = NULL, *zMunicipality = NULL, *zLang = NULL, *zQuote = NULL;
  int pretty = -1, trace = 0, store = 0, html = 0;
  CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL},
    {"overlays", 0, CLI_CALL, NULL, 0, cli_overlays, &found},
    {"municipality", 0, CLI_VALUE, &zMunicipality, 0, NULL, NULL},
    {"trace", 0, CLI_FLAG, &trace, 1, NULL, NULL},
    {"lang", 0, CLI_VALUE, &zLang, 0, NULL, NULL},
    {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"case", 0, CLI_LIST, &ids, 0, NULL, NULL},
    {"as-of", 0, CLI_VALUE, &zAsOf, 0, NULL, NULL},
    {"pretty", 0, CLI_FLAG, &pretty, 1, NULL, NULL},     /* eval only from here */
    {"compact", 0, CLI_FLAG, &pretty, 0, NULL, NULL},
    {"store", 0, CLI_FLAG, &store, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  if (explain) {                  /* explain: the first eight, --html and --quote */
    opts[8] = (CliOpt){"html", 0, CLI_FLAG, &html, 1, NULL, NULL};
    opts[9] = (CliOpt){"quote", 0, CLI_VALUE, &zQuote, 0, NULL, NULL};
    opts[10] = opts[11];
  }
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  int rc = cli_parse(zCmd, argc, argv, opts, &cases, usage);
  if (rc) goto out;
  if (!rules.n) { rc = cli_usage(zCmd, "needs --rules PATH"); goto out; }
  if (zDb || ids.n || zAsOf || store) {
    if (!zDb) rc = cli_usage(zCmd, "--case, --as-of%s need --db FILE", explain ? "" : " and --store");
    else if (!ids.n) rc = cli_usage(zCmd, "--db needs --case ID");
    else if (cases.n) rc = cli_usage(zCmd, "with --db, cases are given by --case ID, not as files");
    else if (explain) rc = cmd_explain_db(rules.a, rules.n, zDb, ids.a, ids.n, zAsOf, zMunicipality, zLang, html, zQuote);
    else rc = cmd_eval_db(rules.a, rules.n, zDb, ids.a, ids.n, zAsOf, zMunicipality, pretty < 0 ? ids.n == 1 : pretty,
                          store, zLang);
    goto out;
  }
  if (!cases.n) { rc = cli_usage(zCmd, "needs at least one case file"); goto out; }
  if (pretty < 0) pretty = cases.n == 1;

  int one = rr_rules_load(&r, rules.a, rules.n);
  if (one != RR_OK) { rc = load_failed(r, one, NULL); goto out; }
  if (!rr_rules_count(r, RR_COUNT_REPORTS)) {
    fprintf(stderr, "rregull: the rule set has no report: declare the decision with 'report NAME { ... }'\n");
    rc = EXIT_POLICY;
    goto out;
  }
  if (rr_eval_new(&e, r) != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  if (zMunicipality && rr_eval_set_municipality(e, zMunicipality) != RR_OK) {
    rc = cli_usage(zCmd, "--municipality %s: no overlay loaded is for it (add --overlays DIR or --rules "
                   "rules/municipalities/NAME)", zMunicipality);
    goto out;
  }
  if (trace) rr_eval_set_trace(e, stderr);
  if ((zLang || html) && rr_eval_set_lang(e, zLang ? zLang : "en") != RR_OK) {
    rc = cli_usage(zCmd, "--lang %s: %s", zLang, rr_eval_errmsg(e));
    goto out;
  }
  if (zQuote && rr_eval_set_quote(e, zQuote) != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  int hookFailed = 0;
  for (int i = 0; i < cases.n; i++) {
    size_t n = 0;
    char *text = cli_slurp(cases.a[i], &n), *out = NULL;
    if (!text) {
      fprintf(stderr, "rregull: %s: cannot read: %s\n", cases.a[i], strerror(errno));
      rc = EXIT_FACTS;
      continue;
    }
    one = explain && !html ? rr_eval_explain(e, text, n, &out) : rr_eval_json(e, text, n, pretty, &out);
    if (one == RR_OK && html) {
      char *page = NULL;
      one = rr_decision_html(out, strlen(out), &page);
      rr_free(out);
      out = page;
    }
    free(text);
    if (one == RR_EFACTS) {
      cli_error_lang(r, zLang, cases.a[i], rr_eval_errmsg(e));
      rc = EXIT_FACTS;
      continue;
    }
    if (rr_eval_hook_failed(e)) {
      fprintf(stderr, "rregull: %s: a hook of overlay %s failed: the decision records it (overlay.hooks); the "
              "national result stands\n", cases.a[i], rr_eval_overlay(e));
      hookFailed = 1;
    }
    if (one != RR_OK) {
      fprintf(stderr, "rregull: %s: %s\n", cases.a[i], rr_eval_errmsg(e));
      rc = EXIT_INTERNAL;
      break;
    }
    if (explain && !html && i) fputs("\n", stdout);
    fputs(out, stdout);
    if (!explain) fputc('\n', stdout);
    rr_free(out);
  }
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
  if (!rc && hookFailed) rc = EXIT_HOOK;
out:
  rr_eval_free(e);
  rr_rules_free(r);
  cli_overlays_free(&found);
  cli_list_free(&rules);
  cli_list_free(&cases);
  cli_list_free(&ids);
  return rc == CLI_HELP ? 0 : rc;
}

static int cmd_eval(int argc, char **argv) { return run_cases(argc, argv, 0); }
static int cmd_explain(int argc, char **argv) { return run_cases(argc, argv, 1); }

/* }==== */

/* {==== test ========================================================== */

static void print_outcome(void *ud, const rr_test_outcome *t) {
  (void)ud;
  printf("%s %s:%d: %s\n", t->passed ? "ok  " : "FAIL", t->file, t->line, t->name);
}

/* Runs the tests of R, counting into *PASSED and *FAILED; the failures go
** to stderr with their source lines. */
static int run_tests(const rr_rules *r, int verbose, int trace, int *passed, int *failed) {
  rr_test_options opt = {trace ? stderr : NULL, verbose ? print_outcome : NULL, NULL};
  rr_test_result res;
  if (rr_rules_test(r, &opt, &res) != RR_OK) {
    fprintf(stderr, "rregull: out of memory while running the tests\n");
    return EXIT_INTERNAL;
  }
  fputs(res.failures, stderr);
  rr_free(res.failures);
  *passed += res.passed;
  *failed += res.failed;
  return 0;
}

static int cmd_test(int argc, char **argv) {
  CliList paths = {0}, nat = {0}, ov = {0};
  int verbose = 0, trace = 0, passed = 0, failed = 0;
  const CliOpt opts[] = {
    {"verbose", 'v', CLI_FLAG, &verbose, 1, NULL, NULL},
    {"trace", 0, CLI_FLAG, &trace, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  int rc = cli_parse("test", argc, argv, opts, &paths, usage_test);
  if (!rc && !paths.n) rc = cli_usage("test", "needs a path");
  if (!rc && two_lists(&nat, &ov, paths.n)) rc = EXIT_INTERNAL;
  if (!rc) split_paths(&paths, &nat, &ov);
  if (!rc && !nat.n) rc = cli_usage("test", "needs the national rules (an overlay is tested with them)");
  if (rc) goto out;
  rr_rules *r;
  rr_load_options lo = {1, NULL};
  int one = rr_rules_load_with(&r, nat.a, nat.n, &lo);
  if (one == RR_OK) {
    fputs(rr_rules_errors(r), stderr);            /* the warnings */
    rc = run_tests(r, verbose, trace, &passed, &failed);
  } else {
    rc = load_failed(r, one, NULL);
  }
  rr_rules_free(r);
  for (int k = 0; !rc && k < ov.n; k++) {
    lo.overlay = ov.a[k];
    one = rr_rules_load_with(&r, nat.a, nat.n, &lo);
    if (one == RR_OK) rc = run_tests(r, verbose, trace, &passed, &failed);
    else rc = load_failed(r, one, ov.a[k]);
    rr_rules_free(r);
  }
  if (!rc) {
    printf("%d passed, %d failed\n", passed, failed);
    if (failed) rc = EXIT_TEST;
  }
out:
  cli_list_free(&paths);
  cli_list_free(&nat);
  cli_list_free(&ov);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */

/* {==== the dispatcher ================================================ */

typedef struct Command {
  const char *zName;
  int (*fn)(int argc, char **argv);
  const char *const *pzHelp;
} Command;

static const Command aCommand[] = {
  {"check", cmd_check, &usage_check},     {"eval", cmd_eval, &usage_eval},
  {"explain", cmd_explain, &usage_explain}, {"init", cmd_init, &usage_init},
  {"import", cmd_import, &usage_import},   {"batch", cmd_batch, &usage_batch},
  {"cases", cmd_cases, &usage_cases},     {"test", cmd_test, &usage_test},
  {"calendar", cmd_calendar, &usage_calendar},
  {"primero", cmd_primero, &usage_primero},
  {"serve", cmd_serve, &usage_serve},
  {"diff", cmd_diff, &usage_diff},
  {"fmt", cmd_fmt, &usage_fmt},
  {"publish", cmd_publish, &usage_publish},
  {"report", cmd_report, &usage_report},
  {"i18n", cmd_i18n, &usage_i18n},
};
enum { N_COMMAND = (int)(sizeof aCommand / sizeof aCommand[0]) };

static const Command *find_command(const char *zName) {
  for (int i = 0; i < N_COMMAND; i++)
    if (strcmp(aCommand[i].zName, zName) == 0) return &aCommand[i];
  return NULL;
}

static int is_help(const char *z) {
  return strcmp(z, "-h") == 0 || strcmp(z, "--help") == 0 || strcmp(z, "help") == 0;
}

int main(int argc, char **argv) {
  /* past a file size limit (ulimit -f) a write fails with EFBIG and is
  ** reported like a full disk, rather than the signal killing the process */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    fputs(usage_main, stderr);
    return EXIT_USAGE;
  }
  const char *zCmd = argv[1];
  const Command *c = find_command(zCmd);
  if (c) return c->fn(argc - 1, argv + 1);
  if (strcmp(zCmd, "version") == 0 || strcmp(zCmd, "--version") == 0) {
    printf("rregull %s\n", rr_version());
    return 0;
  }
  if (is_help(zCmd)) {
    if (argc < 3) {
      fputs(usage_main, stdout);
      return 0;
    }
    if (argc > 3) return cli_usage(NULL, "help takes one command");
    if (!(c = find_command(argv[2]))) return cli_usage(NULL, "no command '%s' to help with", argv[2]);
    fputs(*c->pzHelp, stdout);
    return 0;
  }
  if (strcmp(zCmd, "bench") == 0)
    return cli_usage(NULL, "'bench' is no longer a command: the benchmarks are build/rregull-bench (make bench)");
  return cli_usage(NULL, "unknown command '%s'", zCmd);
}
