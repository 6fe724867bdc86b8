/*
** cli_explain.c - explain --db: a stored case explained, in plain text or as
** the printable case page (explain --html), with the facts recorded up to
** --as-of.  The store is opened read-only: nothing is written.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

int cmd_explain_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                   const char *zAsOf, const char *zMunicipality, const char *zLang, int html) {
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
  if (rr_db_open(&db, zDb, RR_DB_READONLY) != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = EXIT_DB;
    goto out;
  }
  for (int i = 0; i < nCases; i++) {
    char *decision = NULL, *text = NULL;
    one = rr_db_eval(db, e, cases[i], zAsOf, 0, 0, &decision);
    if (one != RR_OK) {
      fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
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
