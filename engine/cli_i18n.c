/*
** cli_i18n.c - the i18n command: the PO template of a rule set, what
** translators work from (rules/kosovo/po/rregull.pot); and the CLI's
** messages to a case worker in the language asked for (--lang).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rregull.h"

const char *const usage_i18n =
  "usage: rregull i18n extract RULEDIR [-o FILE]\n"
  "\n"
  "Writes the PO template of the rule set in RULEDIR: every text a person\n"
  "reads -- rule titles and texts, notes, readings, evidence templates,\n"
  "responsible parties, deadline labels, enum values, the decision's keys and\n"
  "the engine's own words -- once per (msgctxt, msgid).  msgctxt is the rule ID\n"
  "for a rule's title, 'ID|FIELD' for its other texts, 'enum|TYPE' for an enum\n"
  "value, 'report' for a key of the decision, 'ui' for the engine's words.\n"
  "Translations go to RULEDIR/po/LANG.po (sq, sr); a {placeholder} is kept\n"
  "verbatim.  'rregull check' warns of texts with no translation or a stale one.\n"
  "\n"
  "options:\n"
  "  -o, --output FILE   where to write (default RULEDIR/po/rregull.pot; - for stdout)\n"
  "\n"
  "Exit status 0; 1 when the rules do not check; 64 for a usage error; 70 when\n"
  "the file cannot be written.\n";

int cmd_i18n(int argc, char **argv) {
  CliList pos = {0};
  const char *zOut = NULL;
  const CliOpt opts[] = {
    {"output", 'o', CLI_VALUE, &zOut, 0, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  char *pot = NULL, *zPath = NULL;
  int rc = cli_parse("i18n", argc, argv, opts, &pos, usage_i18n);
  if (rc) goto out;
  if (pos.n == 0 || strcmp(pos.a[0], "extract") != 0) {
    rc = cli_usage("i18n", pos.n ? "unknown subcommand '%s' (the one there is: extract)" : "needs a subcommand: extract",
                   pos.n ? pos.a[0] : "");
    goto out;
  }
  if (pos.n != 2) {
    rc = cli_usage("i18n", pos.n < 2 ? "extract needs RULEDIR" : "extract takes one RULEDIR");
    goto out;
  }
  const char *zDir = pos.a[1];
  int one = rr_rules_load(&r, &zDir, 1);
  if (one != RR_OK) {
    int nErr = rr_rules_count(r, RR_COUNT_ERRORS);
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull: %d error%s\n", nErr, nErr == 1 ? "" : "s");
    rc = one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
    goto out;
  }
  if (rr_rules_pot(r, &pot) != RR_OK) {
    rc = EXIT_INTERNAL;
    goto out;
  }
  if (zOut && strcmp(zOut, "-") == 0) {
    fputs(pot, stdout);
    if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
    goto out;
  }
  if (!zOut) {
    size_t n = strlen(zDir) + 32;
    zPath = malloc(n);
    if (!zPath) { rc = EXIT_INTERNAL; goto out; }
    snprintf(zPath, n, "%s/po", zDir);
    if (mkdir(zPath, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "rregull i18n: cannot create %s: %s\n", zPath, strerror(errno));
      rc = EXIT_INTERNAL;
      goto out;
    }
    snprintf(zPath, n, "%s/po/rregull.pot", zDir);
    zOut = zPath;
  }
  FILE *f = fopen(zOut, "w");
  if (!f || fputs(pot, f) == EOF || fclose(f) != 0) {
    fprintf(stderr, "rregull i18n: cannot write %s: %s\n", zOut, strerror(errno));
    rc = EXIT_INTERNAL;
    goto out;
  }
  fprintf(stderr, "rregull i18n: wrote %s\n", zOut);
out:
  rr_free(pot);
  free(zPath);
  rr_rules_free(r);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}

void cli_error_lang(const struct rr_rules *r, const char *zLang, const char *zPrefix, const char *zMsg) {
  char *t = NULL;
  if (zLang && r && rr_rules_message(r, zLang, zMsg, &t) != RR_OK) t = NULL;
  fprintf(stderr, "rregull: %s%s%s\n", zPrefix ? zPrefix : "", zPrefix ? ": " : "", t ? t : zMsg);
  rr_free(t);
}
