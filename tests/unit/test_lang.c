/*
** test_lang.c - the language API through rregull.h alone, as a server would
** use it: a language per evaluation state (also several states in several
** threads over one rule set), the decision's "texts", the case page from a
** decision, explanations of the last case, the to-do summary, the PO
** template, the translation warnings, bad languages and bad decisions.  Uses
** the test policy of tests/cli/data/i18n (its own po/sq.po and po/sr.po).
** Run from the project's root.
*/
#include "unit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rregull.h"

static const char *const policy[] = {"tests/cli/data/i18n/policy.rr"};

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 16);
  *n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
  fclose(f);
  if (buf) buf[*n] = 0;
  return buf;
}

static rr_rules *rules;
static char *kase;
static size_t nKase;

static void test_languages(void) {
  rr_eval *e;
  char *out = NULL;
  CHECK_EQ_INT(rr_eval_new(&e, rules), RR_OK);
  CHECK(strcmp(rr_eval_lang(e), "en") == 0);
  CHECK_EQ_INT(rr_eval_set_lang(e, "fr"), RR_EMISUSE);
  CHECK(strstr(rr_eval_errmsg(e), "unknown language 'fr'") != NULL);
  CHECK_EQ_INT(rr_eval_explain_last(e, &out), RR_EMISUSE);       /* nothing evaluated yet */

  /* without a language: no texts */
  CHECK_EQ_INT(rr_eval_json(e, kase, nKase, 0, &out), RR_OK);
  CHECK(out && strstr(out, "\"texts\"") == NULL);
  rr_free(out);

  CHECK_EQ_INT(rr_eval_set_lang(e, "sq"), RR_OK);
  CHECK(strcmp(rr_eval_lang(e), "sq") == 0);
  CHECK_EQ_INT(rr_eval_json(e, kase, nKase, 0, &out), RR_OK);
  CHECK(out && strstr(out, "\"texts\":{\"lang\":\"sq\"") != NULL);
  CHECK(out && strstr(out, "Referimi brenda 24 orëve") != NULL);       /* a title */
  CHECK(out && strstr(out, "me vonesë 21 orë") != NULL);                 /* when, in words */
  CHECK(out && strstr(out, "\"rule_id\":\"DL-REF-24H\"") != NULL);       /* the codes stay */
  CHECK(out && strstr(out, "\"risk\":\"medium\"") != NULL);
  char *page = NULL;
  CHECK_EQ_INT(rr_decision_html(out, strlen(out), &page), RR_OK);
  CHECK(page && strncmp(page, "<!DOCTYPE html>", 15) == 0);
  CHECK(page && strstr(page, "<html lang=\"sq\">") != NULL);
  CHECK(page && strstr(page, "<section id=\"timeline\">") != NULL);
  CHECK(page && strstr(page, "Për t&#39;u bërë tani") == NULL && strstr(page, "Për t'u bërë tani") != NULL);
  rr_free(page);
  rr_free(out);

  /* the last case explained, and what it asks to do now */
  CHECK_EQ_INT(rr_eval_explain_last(e, &out), RR_OK);
  CHECK(out && strstr(out, "Për t'u bërë tani (2)") != NULL);
  CHECK(out && strstr(out, "-- Gjuha: shqip.") != NULL);
  rr_free(out);
  rr_todo_summary t;
  CHECK_EQ_INT(rr_eval_todo_summary(e, &t), RR_OK);
  CHECK_EQ_INT(t.open, 1);
  CHECK_EQ_INT(t.overdue, 1);
  CHECK(strcmp(t.nearestDue, "2025-03-30T13:00:00+02:00") == 0);
  CHECK(strcmp(t.nearestDueWords, "me vonesë 21 orë") == 0);
  CHECK(strcmp(t.firstWhat, "Referimi brenda 24 orëve") == 0);

  /* Serbian in Cyrillic; and back to none */
  CHECK_EQ_INT(rr_eval_set_lang(e, "sr-Cyrl"), RR_OK);
  CHECK_EQ_INT(rr_eval_explain(e, kase, nKase, &out), RR_OK);
  CHECK(out && strstr(out, "Упућивање у року од 24 часа") != NULL);
  CHECK(out && strstr(out, "(DL-REF-24H)") != NULL);                     /* IDs stay Latin */
  rr_free(out);
  CHECK_EQ_INT(rr_eval_set_lang(e, NULL), RR_OK);
  CHECK(strcmp(rr_eval_lang(e), "en") == 0);

  /* bad decisions for the page */
  CHECK_EQ_INT(rr_decision_html("not json", 8, &page), RR_EFACTS);
  CHECK_EQ_INT(rr_decision_html("[1, 2]", 6, &page), RR_EFACTS);
  CHECK_EQ_INT(rr_decision_html("{}", 2, &page), RR_OK);               /* an empty decision: a page */
  rr_free(page);
  rr_eval_free(e);
}

static void test_template(void) {
  char *pot = NULL, *warnings = NULL;
  int n = -1;
  CHECK_EQ_INT(rr_rules_pot(rules, &pot), RR_OK);
  CHECK(pot && strstr(pot, "msgctxt \"HAZ-HEIGHT|evidence\"\nmsgid \"works at {work.max_height_m} in {work.sector}\"") != NULL);
  CHECK(pot && strstr(pot, "msgctxt \"ui\"\nmsgid \"{n} day\"\nmsgid_plural \"{n} days\"") != NULL);
  /* the reports' headings, whatever the rule set: msgctxt report-heading */
  CHECK(pot && strstr(pot, "#. label.period\nmsgctxt \"report-heading\"\nmsgid \"Reporting period\"") != NULL);
  rr_free(pot);
  CHECK_EQ_INT(rr_rules_check_translations(rules, &warnings, &n), RR_OK);
  CHECK_EQ_INT(n, 12);                          /* 6 texts a language; one of sq's is stale (its PO files
                                                ** do not translate the reports: their headings not counted) */
  CHECK(warnings && strstr(warnings, "DEF-CHILD: the text changed since it was translated") != NULL);
  rr_free(warnings);
}

/* Several evaluation states, each in its language, over one rule set. */
static void *worker(void *ud) {
  const char *lang = ud;
  rr_eval *e;
  int bad = 0;
  if (rr_eval_new(&e, rules) != RR_OK || rr_eval_set_lang(e, lang) != RR_OK) return (void *)1;
  for (int i = 0; i < 20 && !bad; i++) {
    char *out = NULL;
    bad = rr_eval_explain(e, kase, nKase, &out) != RR_OK ||
          !strstr(out, strcmp(lang, "sq") == 0 ? "Për t'u bërë tani" : strcmp(lang, "sr") == 0 ? "Šta uraditi sada"
                                                                                              : "Шта урадити сада");
    rr_free(out);
  }
  rr_eval_free(e);
  return bad ? (void *)1 : NULL;
}

static void test_threads(void) {
  static const char *const langs[] = {"sq", "sr", "sr-Cyrl", "sq"};
  pthread_t th[4];
  for (int i = 0; i < 4; i++) CHECK_EQ_INT(pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)langs[i]), 0);
  for (int i = 0; i < 4; i++) {
    void *rv = (void *)1;
    pthread_join(th[i], &rv);
    CHECK(rv == NULL);
  }
}

int main(void) {
  CHECK_EQ_INT(rr_rules_load(&rules, policy, 1), RR_OK);
  kase = read_file("tests/cli/data/i18n/agriculture.json", &nKase);
  CHECK(kase != NULL);
  if (kase) {
    test_languages();
    test_template();
    test_threads();
  }
  free(kase);
  rr_rules_free(rules);
  return unit_done("test_lang");
}
