/*
** test_report.c - the reports' library calls (rr_db_report,
** rr_report_tables) used the way a server would, through rregull.h alone:
** a store of the shipped examples decided at a period's end, every report
** in every format from a read-only handle, the small-number suppression,
** and the errors.  Run from the project's root.  (The numbers themselves
** are checked by tests/reports/test_reports.py.)
*/
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rregull.h"

static const char *const national[] = {"rules/kosovo"};
static const char *const examples[] = {
  "examples/bakery-early-shift.json", "examples/begging-at-traffic-lights.json",
  "examples/closed-after-cmr.json", "examples/coal-pit.json", "examples/construction-accident.json",
  "examples/street-vendor.json", "examples/turning-18.json"};
static const char *const kinds[] = {"csw-semiannual", "municipal-annual", "national", "compliance"};

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 20);
  *n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
  fclose(f);
  if (buf) buf[*n] = 0;
  return buf;
}

static int build_store(const char *path) {
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  rr_db *db = NULL;
  int ok = CHECK_EQ_INT(rr_rules_load(&r, national, 1), RR_OK) && CHECK_EQ_INT(rr_eval_new(&e, r), RR_OK) &&
           CHECK_EQ_INT(rr_db_open(&db, path, RR_DB_CREATE), RR_OK);
  for (size_t i = 0; ok && i < sizeof examples / sizeof examples[0]; i++) {
    size_t n;
    char *json = read_file(examples[i], &n);
    ok = CHECK(json != NULL) && CHECK_EQ_INT(rr_db_import(db, e, json, n, examples[i], "test", NULL, NULL), RR_OK);
    free(json);
  }
  rr_batch_result res;
  if (ok) ok = CHECK_EQ_INT(rr_db_batch(db, e, "2025-06-30T23:00:00+02:00", NULL, &res), RR_OK);
  rr_db_close(db);
  rr_eval_free(e);
  rr_rules_free(r);
  return ok;
}

int main(void) {
  char dir[] = "/tmp/rr-test-report-XXXXXX", path[64];
  if (!CHECK(mkdtemp(dir) != NULL)) return unit_done("test_report");
  snprintf(path, sizeof path, "%s/store.db", dir);
  if (build_store(path)) {
    rr_db *db = NULL;
    CHECK_EQ_INT(rr_db_open(&db, path, RR_DB_READONLY), RR_OK);
    rr_report_options o;
    memset(&o, 0, sizeof o);
    o.from = "2025-01-01";
    o.to = "2025-06-30";
    o.generated = "2025-07-01";
    for (int k = 0; k < 4; k++) {
      char **names = NULL;
      int n = 0;
      CHECK_EQ_INT(rr_report_tables(kinds[k], &names, &n), RR_OK);
      CHECK(n >= 3);
      for (int f = RR_REPORT_HTML; f <= RR_REPORT_JSON; f++) {
        char *out = NULL;
        o.table = f == RR_REPORT_CSV && n ? names[0] : NULL;
        if (!CHECK_EQ_INT(rr_db_report(db, kinds[k], &o, f, &out), RR_OK)) {
          printf("  %s\n", rr_db_errmsg(db));
          continue;
        }
        if (f == RR_REPORT_HTML) CHECK(strstr(out, "<!DOCTYPE html>") == out && strstr(out, "<svg") != NULL);
        if (f == RR_REPORT_JSON) CHECK(strstr(out, "\"ruleset_hash\": \"") != NULL);
        if (f == RR_REPORT_CSV) CHECK(strchr(out, '\n') != NULL);
        rr_free(out);
      }
      for (int i = 0; i < n; i++) rr_free(names[i]);
      rr_free(names);
    }
    /* Prizren has four examples identified before 2025; over 2024-07..2025-06 the
    ** street-work count is small: "<5" in CSV unless min_cell is 1 */
    char *out = NULL;
    o.from = "2024-07-01";
    o.table = "by_sector";
    o.municipality = "Prizren";
    CHECK_EQ_INT(rr_db_report(db, "municipal-annual", &o, RR_REPORT_CSV, &out), RR_OK);
    CHECK(out && strstr(out, "street_work,<5,") != NULL);
    rr_free(out);
    o.minCell = 1;
    CHECK_EQ_INT(rr_db_report(db, "municipal-annual", &o, RR_REPORT_CSV, &out), RR_OK);
    CHECK(out && strstr(out, "street_work,3,") != NULL);
    rr_free(out);
    o.minCell = 0;

    /* the same in Albanian and Serbian, translated by the rule set's PO
    ** files: the sector's label, the count still "<5", the heading */
    o.lang = "sq";
    o.rules = "rules/kosovo";
    CHECK_EQ_INT(rr_db_report(db, "municipal-annual", &o, RR_REPORT_CSV, &out), RR_OK);
    CHECK(out && strstr(out, "Sektori,Fëmijë,") == out && strstr(out, "\npunë në rrugë,<5,") != NULL);
    rr_free(out);
    o.lang = "sr";
    o.rules = "rules/kosovo/facts.rr";          /* a file of the rule set: its directory's po/ */
    CHECK_EQ_INT(rr_db_report(db, "municipal-annual", &o, RR_REPORT_CSV, &out), RR_OK);
    CHECK(out && strstr(out, "Sektor,Deca,") == out && strstr(out, "\nrad na ulici,<5,") != NULL);
    rr_free(out);
    o.table = NULL;
    o.lang = "sr-Cyrl";
    o.rules = "rules/kosovo/";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_HTML, &out), RR_OK);
    CHECK(out && strstr(out, "<html lang=\"sr-Cyrl\">") != NULL && strstr(out, ">01.07.2025.</dd>") != NULL &&
          strstr(out, "Национални годишњи извештај") != NULL);
    rr_free(out);
    o.lang = "en";                              /* English needs no catalog: the rules change nothing */
    char *en = NULL;
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_HTML, &out), RR_OK);
    o.rules = NULL;
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_HTML, &en), RR_OK);
    CHECK(out && en && strcmp(out, en) == 0 && strstr(en, "<html lang=\"en\">") != NULL);
    rr_free(out);
    rr_free(en);
    o.lang = "sq";
    o.rules = "/nonexistent/rules";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK(strstr(rr_db_errmsg(db), "no translation") != NULL);
    o.lang = "xx";
    o.rules = "rules/kosovo";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK(strstr(rr_db_errmsg(db), "unknown language 'xx'") != NULL);
    o.lang = NULL;
    o.rules = NULL;
    o.table = NULL;
    o.municipality = NULL;

    /* errors, each with its message on the handle */
    CHECK_EQ_INT(rr_db_report(db, "nosuch", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK(out == NULL && strstr(rr_db_errmsg(db), "nosuch") != NULL);
    CHECK_EQ_INT(rr_db_report(db, "common", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK_EQ_INT(rr_db_report(db, "national", &o, 7, &out), RR_EMISUSE);
    CHECK_EQ_INT(rr_db_report(db, "national", NULL, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK_EQ_INT(rr_db_report(NULL, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    o.lang = "sq";                              /* a language without the rules' PO files */
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK(strstr(rr_db_errmsg(db), "give the rules") != NULL);
    o.lang = NULL;
    o.table = "nosuch";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_CSV, &out), RR_EMISUSE);
    o.table = NULL;
    o.to = "2024-01-01";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    CHECK(strstr(rr_db_errmsg(db), "ends") != NULL);
    o.to = "2025-02-30";
    CHECK_EQ_INT(rr_db_report(db, "national", &o, RR_REPORT_JSON, &out), RR_EMISUSE);
    char **names = NULL;
    int n = 0;
    CHECK_EQ_INT(rr_report_tables("nosuch", &names, &n), RR_EMISUSE);
    CHECK(names == NULL && n == 0);
    rr_db_close(db);
  }
  char wal[80];
  unlink(path);
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(wal);
  snprintf(wal, sizeof wal, "%s-shm", path);
  unlink(wal);
  snprintf(wal, sizeof wal, "%s-batch", path);
  unlink(wal);
  rmdir(dir);
  return unit_done("test_report");
}
