/*
** cli_report.c - the report command: the reports the SOP's monitoring asks
** for (the CSW's semi-annual data, the CPT's annual municipal report, the
** national report with its trend, compliance with the time limits), from a
** case store, as HTML, CSV or JSON.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rregull.h"

const char *const usage_report =
  "usage: rregull report KIND --db FILE --from DATE --to DATE [--municipality M]\n"
  "                      [--format html|csv|json] [--lang L --rules PATH]\n"
  "                      [--min-cell N] [--out PATH] [--table NAME] [--date DATE]\n"
  "\n"
  "Counts the cases of a store over a period (both dates included) for the\n"
  "reports of the SOP's monitoring (SOP l.926-966).  KIND is one of\n"
  "  csw-semiannual    the CSW's data every six months: children referred,\n"
  "                    their needs, services provided, missing services and\n"
  "                    barriers to access (SOP l.938)\n"
  "  municipal-annual  the CPT's annual report: children at work by sector,\n"
  "                    hazard, worst form, sex and age group, municipality of\n"
  "                    work, risk level; closures by reason; services, gaps\n"
  "  national          the same over every municipality, with the trend\n"
  "                    against the previous period of the same length\n"
  "  compliance        each duty with a time limit: instances met, late,\n"
  "                    overdue, median and 90th percentile delay, by\n"
  "                    institution responsible and municipality\n"
  "The numbers come from the facts in force at the period's end and each\n"
  "case's latest decision made before it (run 'rregull batch --as-of' at the\n"
  "period's end first), by one rule set, whose hash the report states.  The\n"
  "definitions are SQL in stdlib/reports/ (a new KIND.sql there, built in, is\n"
  "a new report); the store is never written.\n"
  "\n"
  "options:\n"
  "  --db FILE            the case store\n"
  "  --from DATE          first day of the period, YYYY-MM-DD\n"
  "  --to DATE            last day of the period, YYYY-MM-DD\n"
  "  --municipality M     one municipality (that of the competent CSW: of\n"
  "                       origin, else of work); default all\n"
  "  --format F           html (default: one printable page with charts), csv\n"
  "                       (one table per file) or json (every number)\n"
  "  --lang L             the report's language: en (default), sq (Albanian),\n"
  "                       sr (Serbian, Latin script) or sr-Cyrl (Cyrillic):\n"
  "                       headings, the labels of sectors, services, needs...,\n"
  "                       rules' titles after their IDs, dates; CSV's header\n"
  "                       gives the headings instead of the column names\n"
  "  --rules PATH         the rule set (its directory, or one of its .rr files)\n"
  "                       whose po/LANG.po translate the report: needed for a\n"
  "                       language other than en (the store records the rule\n"
  "                       set's hash, not where its files are)\n"
  "  --min-cell N         counts from 1 to N-1 are shown \"<N\" in HTML and CSV\n"
  "                       so that no child can be singled out (default 5;\n"
  "                       1 shows every count)\n"
  "  --out PATH           write to PATH instead of standard output; for csv, a\n"
  "                       directory that receives NAME.csv for each table\n"
  "  --table NAME         csv: this table only\n"
  "  --date DATE          the date the report states (default today)\n"
  "\n"
  "Exit status 0; 4 when the store cannot be read; 64 for a usage error.\n";

static int write_file(const char *zPath, const char *zText) {
  FILE *f = fopen(zPath, "wb");
  if (!f) {
    fprintf(stderr, "rregull: %s: %s\n", zPath, strerror(errno));
    return EXIT_DB;
  }
  size_t n = strlen(zText);
  int bad = fwrite(zText, 1, n, f) != n;
  bad |= fclose(f) != 0;
  if (bad) {
    fprintf(stderr, "rregull: %s: cannot write: %s\n", zPath, strerror(errno));
    return EXIT_DB;
  }
  return 0;
}

/* --format csv --out DIR: one file per table */
static int write_csv_dir(rr_db *db, const char *zKind, rr_report_options *o, const char *zDir) {
  if (mkdir(zDir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "rregull: %s: %s\n", zDir, strerror(errno));
    return EXIT_DB;
  }
  char **names = NULL;
  int n = 0, rc = 0;
  const char *zOnly = o->table;
  if (rr_report_tables(zKind, &names, &n) != RR_OK) return EXIT_INTERNAL;
  for (int i = 0; i < n && !rc; i++) {
    if (zOnly && strcmp(zOnly, names[i]) != 0) continue;
    char *text = NULL;
    o->table = names[i];
    int one = rr_db_report(db, zKind, o, RR_REPORT_CSV, &text);
    if (one != RR_OK) {
      fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
      rc = one == RR_EMISUSE ? EXIT_USAGE : EXIT_DB;
    } else {
      size_t len = strlen(zDir) + strlen(names[i]) + 8;
      char *zPath = malloc(len);
      if (!zPath) rc = EXIT_INTERNAL;
      else {
        snprintf(zPath, len, "%s/%s.csv", zDir, names[i]);
        rc = write_file(zPath, text);
        free(zPath);
      }
    }
    rr_free(text);
  }
  o->table = zOnly;
  for (int i = 0; i < n; i++) rr_free(names[i]);
  rr_free(names);
  return rc;
}

int cmd_report(int argc, char **argv) {
  CliList pos = {0};
  const char *zDb = NULL, *zFormat = "html", *zOut = NULL, *zMinCell = NULL;
  rr_report_options o;
  memset(&o, 0, sizeof o);
  const CliOpt opts[] = {
    {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"from", 0, CLI_VALUE, &o.from, 0, NULL, NULL},
    {"to", 0, CLI_VALUE, &o.to, 0, NULL, NULL},
    {"municipality", 0, CLI_VALUE, &o.municipality, 0, NULL, NULL},
    {"format", 0, CLI_VALUE, &zFormat, 0, NULL, NULL},
    {"lang", 0, CLI_VALUE, &o.lang, 0, NULL, NULL},
    {"rules", 0, CLI_VALUE, &o.rules, 0, NULL, NULL},
    {"min-cell", 0, CLI_VALUE, &zMinCell, 0, NULL, NULL},
    {"out", 'o', CLI_VALUE, &zOut, 0, NULL, NULL},
    {"table", 0, CLI_VALUE, &o.table, 0, NULL, NULL},
    {"date", 0, CLI_VALUE, &o.generated, 0, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_db *db = NULL;
  long from, to, day;
  int format = -1;
  int rc = cli_parse("report", argc, argv, opts, &pos, usage_report);
  if (rc) goto out;
  if (strcmp(zFormat, "html") == 0) format = RR_REPORT_HTML;
  else if (strcmp(zFormat, "csv") == 0) format = RR_REPORT_CSV;
  else if (strcmp(zFormat, "json") == 0) format = RR_REPORT_JSON;
  char **names = NULL;
  int nNames = 0;
  if (pos.n != 1) rc = cli_usage("report", pos.n ? "one report at a time" : "which report? (csw-semiannual, "
                                 "municipal-annual, national, compliance)");
  else if (rr_report_tables(pos.a[0], &names, &nNames) != RR_OK)
    rc = cli_usage("report", "unknown report '%s' (csw-semiannual, municipal-annual, national, compliance, "
                   "or another stdlib/reports/KIND.sql)", pos.a[0]);
  else if (!zDb) rc = cli_usage("report", "--db FILE is needed");
  else if (!o.from || !o.to) rc = cli_usage("report", "--from DATE and --to DATE are needed");
  else if (rr_date_parse(o.from, &from) != RR_OK) rc = cli_usage("report", "--from '%s' is not a date (YYYY-MM-DD)", o.from);
  else if (rr_date_parse(o.to, &to) != RR_OK) rc = cli_usage("report", "--to '%s' is not a date (YYYY-MM-DD)", o.to);
  else if (to < from) rc = cli_usage("report", "--to is before --from");
  else if (o.generated && rr_date_parse(o.generated, &day) != RR_OK)
    rc = cli_usage("report", "--date '%s' is not a date (YYYY-MM-DD)", o.generated);
  else if (format < 0) rc = cli_usage("report", "--format '%s': html, csv or json", zFormat);
  else if (o.lang && strcmp(o.lang, "en") != 0 && strcmp(o.lang, "sq") != 0 && strcmp(o.lang, "sr") != 0 &&
           strcmp(o.lang, "sr-Latn") != 0 && strcmp(o.lang, "sr-Cyrl") != 0)
    rc = cli_usage("report", "--lang '%s': en, sq, sr or sr-Cyrl", o.lang);
  else if (o.lang && strcmp(o.lang, "en") != 0 && !o.rules)
    rc = cli_usage("report", "--lang %s needs --rules PATH: the translations are the rule set's po/ files", o.lang);
  else if (zMinCell && (strspn(zMinCell, "0123456789") != strlen(zMinCell) || !*zMinCell || atoi(zMinCell) < 1 ||
                        strlen(zMinCell) > 6))
    rc = cli_usage("report", "--min-cell '%s': a whole number, 1 or more", zMinCell);
  else if (o.table && format != RR_REPORT_CSV) rc = cli_usage("report", "--table is for --format csv");
  if (!rc && o.table) {
    int found = 0;
    for (int i = 0; i < nNames; i++) found |= strcmp(names[i], o.table) == 0;
    if (!found) rc = cli_usage("report", "report %s has no table '%s'", pos.a[0], o.table);
  }
  for (int i = 0; i < nNames; i++) rr_free(names[i]);
  rr_free(names);
  if (rc) goto out;
  o.minCell = zMinCell ? atoi(zMinCell) : 5;

  if (rr_db_open(&db, zDb, RR_DB_READONLY) != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = EXIT_DB;
    goto out;
  }
  if (format == RR_REPORT_CSV && zOut) {
    rc = write_csv_dir(db, pos.a[0], &o, zOut);
    goto out;
  }
  char *text = NULL;
  int one = rr_db_report(db, pos.a[0], &o, format, &text);
  if (one != RR_OK) {
    fprintf(stderr, "rregull: %s\n", rr_db_errmsg(db));
    rc = one == RR_EMISUSE ? EXIT_USAGE : one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_DB;
  } else if (zOut) {
    rc = write_file(zOut, text);
  } else {
    fputs(text, stdout);
    if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
  }
  rr_free(text);
out:
  rr_db_close(db);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}
