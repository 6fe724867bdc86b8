/*
** test_api.c - the public API for policy work (engine/api_policy.c), used
** the way an embedder would, through rregull.h alone: loading with tests
** and with one overlay, the counts, the policy's tests (also from several
** threads at once over one rule set), explanations, traces, the overlay that
** decided, the working calendar, dates.  Run from the project's root.
*/
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rregull.h"

static const char *const national[] = {"rules/kosovo"};

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 20);
  *n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
  fclose(f);
  if (buf) buf[*n] = 0;
  return buf;
}

/* {==== loading and counts ================================================= */

static void test_load(void) {
  rr_rules *r;
  CHECK_EQ_INT(rr_rules_load(&r, national, 1), RR_OK);
  int nRules = rr_rules_count(r, RR_COUNT_RULES);
  CHECK(nRules > 200);
  CHECK(rr_rules_count(r, RR_COUNT_FACTS) > 100);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_TESTS), 0);        /* not loaded without the option */
  CHECK(rr_rules_count(r, RR_COUNT_FILES) > 10);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_ERRORS), 0);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_WARNINGS), 0);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_REPORTS), 1);
  CHECK_EQ_INT(rr_rules_count(r, 999), -1);
  CHECK(rr_rules_loaded_overlay(r) == NULL);
  CHECK_EQ_STR(rr_rules_errors(r), "");
  rr_rules_free(r);

  rr_load_options lo = {1, NULL};
  CHECK_EQ_INT(rr_rules_load_with(&r, national, 1, &lo), RR_OK);
  CHECK(rr_rules_count(r, RR_COUNT_TESTS) > 100);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_RULES), nRules);
  rr_rules_free(r);

  /* an overlay is loaded over the national rules, as one rule set */
  CHECK_EQ_INT(rr_rules_is_overlay("rules/municipalities/prizren-example"), 1);
  CHECK_EQ_INT(rr_rules_is_overlay("rules/kosovo"), 0);
  CHECK_EQ_INT(rr_rules_is_overlay("no/such/dir"), 0);
  lo.overlay = "rules/municipalities/prizren-example";
  CHECK_EQ_INT(rr_rules_load_with(&r, national, 1, &lo), RR_OK);
  CHECK_EQ_STR(rr_rules_loaded_overlay(r), "prizren");
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_HOOKS), 1);
  CHECK(rr_rules_count(r, RR_COUNT_AMENDMENTS) > 0);
  CHECK(rr_rules_count(r, RR_COUNT_RULES) < nRules);          /* the overlay's own */
  CHECK(rr_rules_count(r, RR_COUNT_TESTS) > 0);
  rr_rules_free(r);

  /* with tests, an overlay among the national paths is a misuse, said so */
  const char *both[] = {"rules/kosovo", "rules/municipalities/prizren-example"};
  lo.overlay = NULL;
  CHECK_EQ_INT(rr_rules_load_with(&r, both, 2, &lo), RR_EMISUSE);
  CHECK(strstr(rr_rules_errors(r), "is an overlay") != NULL);
  rr_rules_free(r);

  /* a rule set that does not check: its errors are counted */
  const char *missing[] = {"no/such/dir"};
  CHECK_EQ_INT(rr_rules_load_with(&r, missing, 1, &lo), RR_EPOLICY);
  CHECK(rr_rules_count(r, RR_COUNT_ERRORS) > 0);
  CHECK_EQ_INT(rr_rules_count(r, RR_COUNT_RULES), 0);
  CHECK(strstr(rr_rules_errors(r), "no/such/dir") != NULL);
  rr_rules_free(r);

  char **paths;
  int n;
  CHECK_EQ_INT(rr_rules_list_overlays("rules/municipalities", &paths, &n), RR_OK);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_EQ_STR(paths[0], "rules/municipalities/gjakova-example");
    CHECK_EQ_STR(paths[1], "rules/municipalities/prizren-example");
  }
  for (int k = 0; k < n; k++) rr_free(paths[k]);
  rr_free(paths);
  CHECK_EQ_INT(rr_rules_list_overlays("no/such/dir", &paths, &n), RR_EPOLICY);
  CHECK_EQ_INT(n, 0);
}

/* }==== */

/* {==== the policy's tests ================================================= */

typedef struct Seen {
  int n, nFailed, lastLine;
  char lastFile[256];
} Seen;

static void on_test(void *ud, const rr_test_outcome *t) {
  Seen *s = ud;
  s->n++;
  if (!t->passed) {
    s->nFailed++;
    s->lastLine = t->line;
    snprintf(s->lastFile, sizeof s->lastFile, "%s", t->file);
  }
}

typedef struct Run {
  const rr_rules *r;
  int rc, passed, failed;
} Run;

static void *run_tests(void *arg) {
  Run *x = arg;
  rr_test_result res;
  x->rc = rr_rules_test(x->r, NULL, &res);
  x->passed = res.passed;
  x->failed = res.failed;
  rr_free(res.failures);
  return NULL;
}

/* An overlay directory: a .rr file with a line that starts, after blanks,
** with "overlay "; the word elsewhere on a line does not count. */
static int overlay_dir_with(const char *text) {
  char dir[] = "/tmp/rr-test-ovl-XXXXXX", file[300];
  if (!CHECK(mkdtemp(dir) != NULL)) return -2;
  snprintf(file, sizeof file, "%s/a.rr", dir);
  FILE *f = fopen(file, "w");
  if (!CHECK(f != NULL)) return -2;
  fputs(text, f);
  fclose(f);
  int is = rr_rules_is_overlay(dir);
  unlink(file);
  rmdir(dir);
  return is;
}

static void test_is_overlay(void) {
  CHECK_EQ_INT(overlay_dir_with("overlay \"x\"\n"), 1);
  CHECK_EQ_INT(overlay_dir_with("# a comment\n \t overlay \"x\"\n"), 1);
  CHECK_EQ_INT(overlay_dir_with("# overlay \"x\"\nlet a = \"overlay \"\n"), 0);
  CHECK_EQ_INT(overlay_dir_with("overlays \"x\"\n  xoverlay y\n"), 0);
  CHECK_EQ_INT(overlay_dir_with("let a = 1\n# overlay\n"), 0);     /* no blank after it */
}

static void test_tests(void) {
  char dir[] = "/tmp/rr-test-api-XXXXXX", file[300];
  if (!CHECK(mkdtemp(dir) != NULL)) return;
  snprintf(file, sizeof file, "%s/failing.rr", dir);
  FILE *f = fopen(file, "w");
  if (!CHECK(f != NULL)) return;
  fputs("test \"deliberately failing\"\n"
        "  given history_of_abuse_neglect = none\n"
        "  expect RISK-HIGHEST-WINS == high\n", f);
  fclose(f);
  const char *paths[] = {"rules/kosovo", file};
  rr_load_options lo = {1, NULL};
  rr_rules *r;
  CHECK_EQ_INT(rr_rules_load_with(&r, paths, 2, &lo), RR_OK);
  int nTests = rr_rules_count(r, RR_COUNT_TESTS);
  Seen seen;
  memset(&seen, 0, sizeof seen);
  rr_test_options opt = {NULL, on_test, &seen};
  rr_test_result res;
  CHECK_EQ_INT(rr_rules_test(r, &opt, &res), RR_OK);
  CHECK_EQ_INT(res.passed + res.failed, nTests);
  CHECK_EQ_INT(res.failed, 1);
  CHECK_EQ_INT(seen.n, nTests);
  CHECK_EQ_INT(seen.nFailed, 1);
  CHECK_EQ_INT(seen.lastLine, 1);
  CHECK_EQ_STR(seen.lastFile, file);
  CHECK(res.failures && strstr(res.failures, ":3:28: error: test \"deliberately failing\" failed: this expectation "
                                             "is false\n") != NULL);
  rr_free(res.failures);

  /* the rule set is only read: tests run in two threads while a third evaluates */
  Run runs[2] = {{r, -1, 0, 0}, {r, -1, 0, 0}};
  pthread_t th[2];
  int started[2];
  for (int k = 0; k < 2; k++) started[k] = pthread_create(&th[k], NULL, run_tests, &runs[k]) == 0;
  rr_eval *e = NULL;
  size_t n = 0;
  char *text = read_file("examples/street-vendor.json", &n), *decision = NULL;
  CHECK_EQ_INT(rr_eval_new(&e, r), RR_OK);
  for (int i = 0; i < 20 && text; i++) {
    CHECK_EQ_INT(rr_eval_json(e, text, n, 0, &decision), RR_OK);
    rr_free(decision);
  }
  for (int k = 0; k < 2; k++) {
    if (!CHECK(started[k])) continue;
    pthread_join(th[k], NULL);
    CHECK_EQ_INT(runs[k].rc, RR_OK);
    CHECK_EQ_INT(runs[k].passed, nTests - 1);
    CHECK_EQ_INT(runs[k].failed, 1);
  }
  free(text);
  rr_eval_free(e);
  rr_rules_free(r);
  unlink(file);
  rmdir(dir);

  CHECK_EQ_INT(rr_rules_test(NULL, NULL, &res), RR_EMISUSE);
}

/* }==== */

/* {==== explain, trace, the overlay that decided ============================ */

static void test_eval(void) {
  const char *paths[] = {"rules/kosovo", "rules/municipalities/gjakova-example",
                         "rules/municipalities/prizren-example"};
  rr_rules *r;
  rr_eval *e;
  CHECK_EQ_INT(rr_rules_load(&r, paths, 3), RR_OK);
  CHECK_EQ_INT(rr_eval_new(&e, r), RR_OK);
  size_t n = 0;
  char *text = read_file("examples/street-vendor.json", &n), *out = NULL;
  if (!CHECK(text != NULL)) return;
  CHECK(rr_eval_overlay(e) == NULL);                          /* no case yet */
  CHECK_EQ_INT(rr_eval_explain(e, text, n, &out), RR_OK);
  CHECK(out && strncmp(out, "Case ", 5) == 0);
  rr_free(out);
  CHECK_EQ_INT(rr_eval_set_municipality(e, "Prizren"), RR_OK);
  CHECK_EQ_INT(rr_eval_json(e, text, n, 0, &out), RR_OK);
  CHECK_EQ_STR(rr_eval_overlay(e), "prizren");
  rr_free(out);

  FILE *trace = tmpfile();
  if (CHECK(trace != NULL)) {
    CHECK_EQ_INT(rr_eval_set_trace(e, trace), RR_OK);
    CHECK_EQ_INT(rr_eval_json(e, text, n, 0, &out), RR_OK);
    rr_free(out);
    CHECK_EQ_INT(rr_eval_set_trace(e, NULL), RR_OK);
    long size = ftell(trace);
    CHECK(size > 1000);
    CHECK_EQ_INT(rr_eval_json(e, text, n, 0, &out), RR_OK);   /* no more tracing */
    rr_free(out);
    CHECK_EQ_INT(ftell(trace), size);
    fclose(trace);
  }
  CHECK_EQ_INT(rr_eval_explain(e, "{\"id\": \"X\", \"as_of\": 3}", 23, &out), RR_EFACTS);
  CHECK(out == NULL);
  CHECK(strstr(rr_eval_errmsg(e), "as_of") != NULL);
  free(text);
  rr_eval_free(e);
  rr_rules_free(r);
}

/* }==== */

/* {==== the working calendar ================================================ */

typedef struct Days {
  int n;
  char first[64], firstWeekday[8];
} Days;

static int on_day(void *ud, const rr_day_off *d) {
  Days *x = ud;
  if (x->n++ == 0) {
    snprintf(x->first, sizeof x->first, "%s %s %s", d->date, d->status, d->name);
    snprintf(x->firstWeekday, sizeof x->firstWeekday, "%d", d->weekday);
  }
  return 0;
}

static int stop_at_once(void *ud, const rr_day_off *d) {
  (void)d;
  ++*(int *)ud;
  return 1;
}

static void test_calendar(void) {
  const char *paths[] = {"rules/kosovo", "rules/municipalities/prizren-example"};
  rr_rules *r;
  CHECK_EQ_INT(rr_rules_load(&r, paths, 2), RR_OK);
  Days d;
  memset(&d, 0, sizeof d);
  rr_calendar_cover cover;
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "2025-01-01", "2025-01-10", on_day, &d, &cover), RR_OK);
  CHECK_EQ_INT(d.n, 3);
  CHECK_EQ_STR(d.first, "2025-01-01 derived New Year's Day");
  CHECK_EQ_STR(d.firstWeekday, "3");                          /* a Wednesday */
  CHECK_EQ_STR(cover.first, "2023-01-01");
  CHECK_EQ_STR(cover.last, "");
  CHECK_EQ_INT(cover.beyond, 0);
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "1990-01-01", "1990-01-02", NULL, NULL, &cover), RR_OK);
  CHECK_EQ_INT(cover.beyond, 1);
  int calls = 0;
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "2025-01-01", "2025-12-31", stop_at_once, &calls, NULL), RR_OK);
  CHECK_EQ_INT(calls, 1);

  /* the municipality's days too */
  Days nat, muni;
  memset(&nat, 0, sizeof nat);
  memset(&muni, 0, sizeof muni);
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "2025-10-01", "2025-10-31", on_day, &nat, NULL), RR_OK);
  CHECK_EQ_INT(rr_rules_calendar(r, "PRIZREN", "2025-10-01", "2025-10-31", on_day, &muni, NULL), RR_OK);
  CHECK_EQ_INT(muni.n, nat.n + 1);
  CHECK_EQ_INT(rr_rules_calendar(r, "Peja", "2025-01-01", "2025-01-10", on_day, &d, NULL), RR_ENOTFOUND);
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "2025-02-30", "2025-03-10", on_day, &d, NULL), RR_EMISUSE);
  CHECK_EQ_INT(rr_rules_calendar(r, NULL, "2025-03-10", "2025-03-01", on_day, &d, NULL), RR_EMISUSE);

  char *json = NULL;
  CHECK_EQ_INT(rr_rules_calendar_json(r, NULL, "2025-01-01", "2025-01-02", &json), RR_OK);
  CHECK_EQ_STR(json, "[\n"
                     "  {\"date\": \"2025-01-01\", \"name\": \"New Year's Day\", \"status\": \"derived\", "
                     "\"substitute_for\": null},\n"
                     "  {\"date\": \"2025-01-02\", \"name\": \"New Year's Day (day 2)\", \"status\": \"derived\", "
                     "\"substitute_for\": null}\n"
                     "]\n");
  rr_free(json);
  CHECK_EQ_INT(rr_rules_calendar_json(r, NULL, "2025-01-03", "2025-01-03", &json), RR_OK);
  CHECK_EQ_STR(json, "[]\n");
  rr_free(json);
  rr_rules_free(r);

  long day = -1;
  CHECK_EQ_INT(rr_date_parse("1970-01-02", &day), RR_OK);
  CHECK_EQ_INT(day, 1);
  CHECK_EQ_INT(rr_date_parse("2024-02-29", NULL), RR_OK);
  CHECK_EQ_INT(rr_date_parse("2025-02-29", &day), RR_EMISUSE);
  CHECK_EQ_INT(rr_date_parse("2025-1-1", &day), RR_EMISUSE);
  CHECK_EQ_INT(rr_date_parse(NULL, &day), RR_EMISUSE);
}

/* }==== */

int main(void) {
  test_load();
  test_is_overlay();
  test_tests();
  test_eval();
  test_calendar();
  return unit_done("test_api");
}
