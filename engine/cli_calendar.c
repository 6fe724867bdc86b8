/*
** cli_calendar.c - the calendar command: the non-working weekdays of a rule
** set's working calendar over a range of dates, as officers publish them
** and inspectors check a due date against.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

const char *const usage_calendar =
  "usage: rregull calendar --rules PATH [--overlays DIR --municipality NAME]\n"
  "                        --from DATE --to DATE [--json]\n"
  "\n"
  "Lists every non-working weekday of the rule set's working calendar from\n"
  "DATE to DATE (both included): its date, its name, the holiday a substitute\n"
  "day is for, and the status of its source -- official, announced, news,\n"
  "derived (the law applied), estimated (a Hijri date ICU computes, not yet\n"
  "announced) or unconfirmed.  Saturdays and Sundays are never working days\n"
  "and are not listed.  These are the days 'N working days' skip.\n"
  "\n"
  "options:\n"
  "  --rules PATH          policy file or directory (repeatable)\n"
  "  --overlays DIR        load the municipal overlays under DIR\n"
  "  --municipality NAME   add the days of that municipality's overlay\n"
  "  --from DATE           first day, YYYY-MM-DD\n"
  "  --to DATE             last day, YYYY-MM-DD\n"
  "  --json                a JSON list of {\"date\", \"name\", \"status\",\n"
  "                        \"substitute_for\"} (null for a day off in its own right)\n"
  "\n"
  "A range reaching beyond the days the calendar covers is listed with a note\n"
  "on stderr: there, only days written with their date are known.\n"
  "Exit status 0; 1 when the rules do not check; 64 for a usage error.\n";

static int print_day(void *ud, const rr_day_off *d) {
  static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  (void)ud;
  size_t nName = strlen(d->name), nFor = d->substituteFor ? strlen(d->substituteFor) : 0;
  printf("%s  %s  %-11s  %s", d->date, wd[(d->weekday - 1) % 7], d->status, d->name);
  /* "Substitute day for X" already says what it is for */
  if (d->substituteFor && (nName < nFor || strcmp(d->name + nName - nFor, d->substituteFor) != 0))
    printf(" (for %s)", d->substituteFor);
  printf("\n");
  return 0;
}

int cmd_calendar(int argc, char **argv) {
  CliList rules = {0}, pos = {0};
  CliOverlays found = {&rules, NULL, 0};
  const char *zFrom = NULL, *zTo = NULL, *zMunicipality = NULL;
  int json = 0;
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL},
    {"overlays", 0, CLI_CALL, NULL, 0, cli_overlays, &found},
    {"municipality", 0, CLI_VALUE, &zMunicipality, 0, NULL, NULL},
    {"from", 0, CLI_VALUE, &zFrom, 0, NULL, NULL},
    {"to", 0, CLI_VALUE, &zTo, 0, NULL, NULL},
    {"json", 0, CLI_FLAG, &json, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  long from, to;
  int rc = cli_parse("calendar", argc, argv, opts, &pos, usage_calendar);
  if (rc) goto out;
  if (pos.n) rc = cli_usage("calendar", "unexpected argument '%s'", pos.a[0]);
  else if (!rules.n) rc = cli_usage("calendar", "--rules PATH is needed");
  else if (!zFrom || !zTo) rc = cli_usage("calendar", "--from DATE and --to DATE are needed");
  else if (rr_date_parse(zFrom, &from) != RR_OK) rc = cli_usage("calendar", "--from '%s' is not a date (YYYY-MM-DD)", zFrom);
  else if (rr_date_parse(zTo, &to) != RR_OK) rc = cli_usage("calendar", "--to '%s' is not a date (YYYY-MM-DD)", zTo);
  else if (to < from) rc = cli_usage("calendar", "--to is before --from");
  if (rc) goto out;

  int one = rr_rules_load(&r, rules.a, rules.n);
  if (one != RR_OK) {
    int nErr = rr_rules_count(r, RR_COUNT_ERRORS);
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull: %d error%s\n", nErr, nErr == 1 ? "" : "s");
    rc = one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
    goto out;
  }
  rr_calendar_cover cover;
  one = rr_rules_calendar(r, zMunicipality, zFrom, zTo, NULL, NULL, &cover);
  if (one == RR_ENOTFOUND) {
    rc = cli_usage("calendar", "--municipality '%s': no overlay loaded is for it (add --overlays DIR)", zMunicipality);
    goto out;
  }
  if (one != RR_OK) { rc = EXIT_INTERNAL; goto out; }
  if (cover.beyond) {
    fprintf(stderr, "rregull: note: the calendar covers %s %s%s: outside it, only days written with their date "
            "are listed\n", cover.first, cover.last[0] ? "to " : "onward", cover.last);
  }
  if (json) {
    char *text = NULL;
    if (rr_rules_calendar_json(r, zMunicipality, zFrom, zTo, &text) != RR_OK) rc = EXIT_INTERNAL;
    else fputs(text, stdout);
    rr_free(text);
  } else if (rr_rules_calendar(r, zMunicipality, zFrom, zTo, print_day, NULL, NULL) != RR_OK) {
    rc = EXIT_INTERNAL;
  }
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
out:
  rr_rules_free(r);
  cli_overlays_free(&found);
  cli_list_free(&rules);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}
