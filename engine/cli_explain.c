/*
** cli_explain.c - explain --db: a stored case explained, in plain text or as
** the printable case page (explain --html), with the facts recorded up to
** --as-of; and cases --rules: the stored cases' nearest due time in words
** and what to do first.  The store is opened read-only: nothing is written.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

int cmd_explain_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                   const char *zAsOf, const char *zMunicipality, const char *zLang, int html, const char *zQuote) {
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  int rc = 0, bad = 0;
  int one = rr_rules_load(&r, rules, nRules);
  if (one != RR_OK) {
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull: the rules do not check\n");
    rc = one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
    goto out;
  }
  if (rr_eval_new(&e, r) != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  if (zMunicipality && rr_eval_set_municipality(e, zMunicipality) != RR_OK) {
    rc = cli_usage("explain", "--municipality: %s", rr_eval_errmsg(e));
    goto out;
  }
  if ((zLang || html) && rr_eval_set_lang(e, zLang ? zLang : "en") != RR_OK) {
    rc = cli_usage("explain", "--lang %s: %s", zLang, rr_eval_errmsg(e));
    goto out;
  }
  if (zQuote && rr_eval_set_quote(e, zQuote) != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  if (rr_db_open(&db, zDb, RR_DB_READONLY) != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = EXIT_DB;
    goto out;
  }
  for (int i = 0; i < nCases; i++) {
    char *decision = NULL, *text = NULL;
    one = rr_db_eval(db, e, cases[i], zAsOf, 0, 0, &decision);
    if (one != RR_OK) {
      cli_error_lang(r, zLang, NULL, rr_db_errmsg(db));
      rr_free(decision);
      if (one == RR_EFACTS || one == RR_ENOTFOUND) { bad = 1; continue; }
      rc = one == RR_EDB ? EXIT_DB : one == RR_EMISUSE ? EXIT_USAGE : EXIT_INTERNAL;
      break;
    }
    one = html ? rr_decision_html(decision, strlen(decision), &text) : rr_eval_explain_last(e, &text);
    rr_free(decision);
    if (one != RR_OK) {
      fprintf(stderr, "rregull: case %s: %s\n", cases[i], rr_eval_errmsg(e));
      rc = EXIT_INTERNAL;
      break;
    }
    if (i && !html) fputc('\n', stdout);
    fputs(text, stdout);
    rr_free(text);
  }
  if (!rc && bad) rc = EXIT_FACTS;
  if (fflush(stdout) != 0 && !rc) rc = EXIT_INTERNAL;
out:
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return rc;
}

/* {==== cases --rules: the stored cases in words ========================== */

typedef struct CaseRow {
  char *zId, *zAsOf, *zRisk;
} CaseRow;

typedef struct CaseRows {
  CaseRow *a;
  int n, cap, oom;
} CaseRows;

static int keep_row(void *ud, const rr_case_summary *c) {
  CaseRows *rows = ud;
  if (rows->n == rows->cap) {
    int cap = rows->cap ? rows->cap * 2 : 64;
    CaseRow *v = realloc(rows->a, (size_t)cap * sizeof *v);
    if (!v) { rows->oom = 1; return 1; }
    rows->a = v;
    rows->cap = cap;
  }
  CaseRow *r = &rows->a[rows->n++];
  r->zId = strdup(c->caseId);
  r->zAsOf = strdup(c->asOf);
  r->zRisk = strdup(c->risk ? c->risk : "-");
  if (!r->zId || !r->zAsOf || !r->zRisk) rows->oom = 1;
  return rows->oom;
}

/* One cell of at most W display columns (UTF-8 counted by characters). */
static void cell(const char *z, int w) {
  int cols = 0;
  const char *p = z;
  for (; *p; p++) {
    if (((unsigned char)*p & 0xC0) != 0x80) {
      if (cols == w - 1 && strlen(p) > 1) break;
      cols++;
    }
  }
  if (*p) {
    fwrite(z, 1, (size_t)(p - z), stdout);
    fputs("…", stdout);
    cols++;
  } else {
    fputs(z, stdout);
  }
  for (; cols < w; cols++) fputc(' ', stdout);
}

int cmd_cases_texts(const char *zDb, const char *zWhere, const char *const *rules, int nRules, const char *zLang) {
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  CaseRows rows = {0};
  int rc = 0;
  if (rr_rules_load(&r, rules, nRules) != RR_OK) {
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull: the rules do not check\n");
    rc = EXIT_POLICY;
    goto out;
  }
  if (rr_eval_new(&e, r) != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  if (zLang && rr_eval_set_lang(e, zLang) != RR_OK) {
    rc = cli_usage("cases", "--lang %s: %s", zLang, rr_eval_errmsg(e));
    goto out;
  }
  if (rr_db_open(&db, zDb, RR_DB_READONLY) != RR_OK || rr_db_summaries(db, zWhere, keep_row, &rows) != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = EXIT_DB;
    goto out;
  }
  if (rows.oom) { rc = EXIT_INTERNAL; goto out; }
  if (!rows.n) {
    printf("no decisions stored yet: run rregull batch\n");
    goto out;
  }
  if (!zLang || !strcmp(zLang, "en")) {
    printf("%-12s %-25s %-7s %7s  %-40s %s\n", "case", "as of", "risk", "overdue", "nearest due", "to do first");
  } else {                              /* the headings in the language, padded by characters */
    static const char *const heads[] = {"case", "as of", "risk", "overdue duties", "nearest due"};
    static const int widths[] = {12, 25, 7, 12, 40};
    for (int k = 0; k < 5; k++) {
      cell(rr_eval_word(e, heads[k]), widths[k]);
      fputc(' ', stdout);
    }
    printf("%s\n", rr_eval_word(e, "to do first"));
  }
  for (int i = 0; i < rows.n; i++) {
    char *decision = NULL;
    rr_todo_summary t;
    int one = rr_db_eval(db, e, rows.a[i].zId, rows.a[i].zAsOf, 0, 0, &decision);
    rr_free(decision);
    if (one != RR_OK || rr_eval_todo_summary(e, &t) != RR_OK) {
      fprintf(stderr, "rregull: case %s: %s\n", rows.a[i].zId, one != RR_OK ? rr_db_errmsg(db) : rr_eval_errmsg(e));
      rc = EXIT_FACTS;
      continue;
    }
    if (!zLang || !strcmp(zLang, "en")) {
      printf("%-12s %-25s %-7s %7d  ", rows.a[i].zId, rows.a[i].zAsOf, rows.a[i].zRisk, t.overdue);
    } else {
      printf("%-12s %-25s ", rows.a[i].zId, rows.a[i].zAsOf);
      cell(rr_eval_value_label(e, rows.a[i].zRisk), 7);
      printf(" %11d  ", t.overdue);
    }
    cell(*t.nearestDueWords ? t.nearestDueWords : "-", 40);
    printf(" %s\n", *t.firstWhat ? t.firstWhat : "-");
  }
  if (fflush(stdout) != 0 && !rc) rc = EXIT_INTERNAL;
out:
  for (int i = 0; i < rows.n; i++) {
    free(rows.a[i].zId);
    free(rows.a[i].zAsOf);
    free(rows.a[i].zRisk);
  }
  free(rows.a);
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return rc;
}

/* }==== */
