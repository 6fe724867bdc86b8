/*
** cli_calendar.c - the calendar command: the non-working weekdays of a rule
** set's working calendar over a range of dates, as officers publish them
** and inspectors check a due date against.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "cli.h"
#include "decide.h"
#include "json.h"

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

/* A usage error: one line, "rregull: calendar: MESSAGE ARG... (rregull
** calendar --help)", where ARG (may be NULL) is quoted after MESSAGE. */
static int usage_line(const char *zMsg, const char *zArg, const char *zAfter) {
  fprintf(stderr, "rregull: calendar: %s%s%s%s%s (rregull calendar --help)\n", zMsg, zArg ? " '" : "",
          zArg ? zArg : "", zArg ? "'" : "", zAfter ? zAfter : "");
  return EXIT_USAGE;
}

static void print_text(const Program *p, int i0, int i1) {
  static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int i = i0; i < i1; i++) {
    char day[32];
    const char *zName = p->azHolidayName[i], *zFor = p->azHolidayFor[i];
    size_t nName = strlen(zName), nFor = zFor ? strlen(zFor) : 0;
    rr_format_date(p->aHoliday[i], day);
    printf("%s  %s  %-11s  %s", day, wd[rr_weekday(p->aHoliday[i])], calendar_status_name(p->aHolidayStatus[i]),
           zName);
    if (zFor && (nName < nFor || strcmp(zName + nName - nFor, zFor) != 0)) printf(" (for %s)", zFor);
    printf("\n");
  }
}

int cmd_calendar(int argc, char **argv) {
  const char **rules = calloc((size_t)argc + 1, sizeof *rules);
  const char *zFrom = NULL, *zTo = NULL, *zMunicipality = NULL;
  char **found = NULL;
  int nRules = 0, nFound = 0, json = 0, rc = 0;
  if (!rules) return EXIT_INTERNAL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (is_help(a)) {
      fputs(usage_calendar, stdout);
      rc = 0;
      goto out;
    }
    if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (strncmp(a, "--rules=", 8) == 0) {
      rules[nRules++] = a + 8;
    } else if (strcmp(a, "--rules") == 0 || strcmp(a, "--overlays") == 0 || strcmp(a, "--municipality") == 0 ||
               strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
      if (i + 1 >= argc) {
        rc = usage_line("a value is missing after", a, NULL);
        goto out;
      }
      const char *v = argv[++i];
      if (strcmp(a, "--rules") == 0) {
        rules[nRules++] = v;
      } else if (strcmp(a, "--overlays") == 0) {
        rc = cli_overlays(v, &rules, &nRules, &found, &nFound);
        if (rc) goto out;
      } else if (strcmp(a, "--municipality") == 0) {
        zMunicipality = v;
      } else if (strcmp(a, "--from") == 0) {
        zFrom = v;
      } else {
        zTo = v;
      }
    } else {
      rc = usage_line(a[0] == '-' ? "unknown option" : "unexpected argument", a, NULL);
      goto out;
    }
  }
  RrDate from, to;
  if (!nRules) { rc = usage_line("--rules PATH is needed", NULL, NULL); goto out; }
  if (!zFrom || !zTo) { rc = usage_line("--from DATE and --to DATE are needed", NULL, NULL); goto out; }
  if (rr_parse_date(zFrom, strlen(zFrom), &from)) { rc = usage_line("--from", zFrom, " is not a date (YYYY-MM-DD)"); goto out; }
  if (rr_parse_date(zTo, strlen(zTo), &to)) { rc = usage_line("--to", zTo, " is not a date (YYYY-MM-DD)"); goto out; }
  if (to < from) { rc = usage_line("--to is before --from", NULL, NULL); goto out; }

  Book book;
  if (book_load(&book, rules, nRules)) {
    fputs(book.zErrors, stderr);
    fprintf(stderr, "rregull: %d error%s\n", book.nErr, book.nErr == 1 ? "" : "s");
    rc = EXIT_POLICY;
    goto out_book;
  }
  const Program *p = &book.national.prog;
  if (zMunicipality) {
    int k = 0;
    while (k < book.nOverlay && !((book.aOverlay[k].prog.zOverlay && strcasecmp(book.aOverlay[k].prog.zOverlay, zMunicipality) == 0) ||
                                  (book.aOverlay[k].prog.zMunicipality && strcasecmp(book.aOverlay[k].prog.zMunicipality, zMunicipality) == 0)))
      k++;
    if (k == book.nOverlay) {
      rc = usage_line("--municipality", zMunicipality, ": no overlay loaded is for it (add --overlays DIR)");
      goto out_book;
    }
    p = &book.aOverlay[k].prog;
  }
  if (from < p->coverFrom || to >= p->coverUntil) {
    char a[32], b[32];
    if (p->coverFrom == INT32_MIN) {
      fprintf(stderr, "rregull: note: the calendar says no days it covers: only days written with their date "
              "are listed\n");
    } else {
      rr_format_date(p->coverFrom, a);
      if (p->coverUntil != INT32_MAX) rr_format_date(p->coverUntil - 1, b);
      fprintf(stderr, "rregull: note: the calendar covers %s %s%s: outside it, only days written with their "
              "date are listed\n", a, p->coverUntil == INT32_MAX ? "onward" : "to ",
              p->coverUntil == INT32_MAX ? "" : b);
    }
  }
  int i0 = calendar_find(p, from), i1 = calendar_find(p, to + 1);
  if (json) {
    if (json_write_calendar(p, i0, i1, stdout)) rc = EXIT_INTERNAL;
  } else {
    print_text(p, i0, i1);
  }
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
out_book:
  book_free(&book);
out:
  for (int k = 0; k < nFound; k++) free(found[k]);
  free(found);
  free(rules);
  return rc;
}
