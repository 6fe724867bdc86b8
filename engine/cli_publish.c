/*
** cli_publish.c - rregull publish: the consolidated hazard list as in force
** on a date, from the loaded rules (rr_rules_publish), in Markdown or as one
** printable HTML page.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

const char *const usage_publish =
  "usage: rregull publish --rules PATH --as-of DATE [--since DATE] [--format md|html]\n"
  "\n"
  "Prints the consolidated hazard list as in force on DATE (YYYY-MM-DD): every\n"
  "hazard (hazardous activities and sectors) and worst form of the national\n"
  "rules, in the version in force that day, in plain language -- ID, title, the\n"
  "period it is in force, its legal source -- with what it reads: the tables\n"
  "in full (load limits by sex and frequency...), the values fixed by lets\n"
  "(night-work hours...), the interpretations; then the sources cited.  It is\n"
  "generated from the rules the engine evaluates: there is no second copy.\n"
  "\n"
  "options:\n"
  "  --rules PATH   the rules (a directory or files; repeatable)\n"
  "  --as-of DATE   the day whose law is published\n"
  "  --since DATE   mark each entry added, changed or removed since DATE\n"
  "  --format F     md (Markdown, the default) or html (one self-contained page\n"
  "                 with its CSS embedded, fit for printing; no network)\n"
  "\n"
  "Exit status 0; 1 when the rules do not load; 64 for a usage error (a date\n"
  "that is none, an unknown format).\n";

int cmd_publish(int argc, char **argv) {
  CliList rules = {0}, pos = {0};
  const char *zAsOf = NULL, *zSince = NULL, *zFormat = "md";
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL},
    {"as-of", 0, CLI_VALUE, &zAsOf, 0, NULL, NULL},
    {"since", 0, CLI_VALUE, &zSince, 0, NULL, NULL},
    {"format", 0, CLI_VALUE, &zFormat, 0, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  char *out = NULL;
  int rc = cli_parse("publish", argc, argv, opts, &pos, usage_publish);
  if (rc) goto done;
  int format = strcmp(zFormat, "md") == 0 ? RR_PUBLISH_MARKDOWN : strcmp(zFormat, "html") == 0 ? RR_PUBLISH_HTML : -1;
  if (!rules.n) rc = cli_usage("publish", "needs --rules PATH");
  else if (!zAsOf) rc = cli_usage("publish", "needs --as-of DATE");
  else if (pos.n) rc = cli_usage("publish", "unexpected argument '%s'", pos.a[0]);
  else if (format < 0) rc = cli_usage("publish", "--format %s: use md or html", zFormat);
  else if (rr_date_parse(zAsOf, NULL) != RR_OK) rc = cli_usage("publish", "--as-of %s: not a date (YYYY-MM-DD)", zAsOf);
  else if (zSince && rr_date_parse(zSince, NULL) != RR_OK)
    rc = cli_usage("publish", "--since %s: not a date (YYYY-MM-DD)", zSince);
  if (rc) goto done;
  int one = rr_rules_load(&r, rules.a, rules.n);
  if (one != RR_OK) {
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull publish: the rules do not load\n");
    rc = one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
    goto done;
  }
  one = rr_rules_publish(r, zAsOf, zSince, format, &out);
  if (one != RR_OK) {
    fprintf(stderr, "rregull publish: %s\n", one == RR_ENOMEM ? "out of memory" : "cannot publish these rules");
    rc = one == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
    goto done;
  }
  fputs(out, stdout);
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
done:
  rr_free(out);
  rr_rules_free(r);
  cli_list_free(&rules);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}
