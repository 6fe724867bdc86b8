/*
** cli_primero.c - the primero command: a Primero (CPIMS+) case record mapped
** to a case through the mapping file, decided, and mapped back to the body a
** deployment PATCHes to Primero -- what the server's
** POST /v1/integrations/primero/case answers.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

#define DEFAULT_MAPPING "rules/integrations/primero.json"

const char *const usage_primero =
  "usage: rregull primero --rules PATH [--overlays DIR] [--mapping FILE] [--as-of T]\n"
  "                       [--compact] [--case] RECORD.json...\n"
  "       rregull primero --rules PATH [--mapping FILE] --check\n"
  "\n"
  "Reads each Primero case record (as Primero's webhook posts it or its API v2\n"
  "answers it: the record, or {\"data\": record}), maps its fields to facts\n"
  "through the mapping file, evaluates the case and prints\n"
  "  {\"decision\": <the decision, as rregull eval gives it>,\n"
  "   \"primero_patch\": {\"data\": {<the fields to write back>}}}\n"
  "The patch suggests the risk level (never overwriting one set by hand: a\n"
  "disagreement is flagged instead), sets the assessment and case-plan due\n"
  "dates from the governing deadlines, and adds follow-ups that are due.\n"
  "\n"
  "options:\n"
  "  --rules PATH      policy file or directory (repeatable)\n"
  "  --overlays DIR    load the municipal overlays under DIR\n"
  "  --mapping FILE    the mapping (default " DEFAULT_MAPPING ")\n"
  "  --as-of T         evaluate at T (a date-time, or now); default: the\n"
  "                    record's last update (the mapping's record.as_of)\n"
  "  --compact         one line (default: indented)\n"
  "  --case            print only the case the record maps to\n"
  "  --check           load and check the mapping only\n"
  "\n"
  "A record the mapping cannot read prints {\"error\": {\"code\", \"message\",\n"
  "\"path\"}} on stdout (path: the Primero field) and the message on stderr.\n"
  "Exit status 0; 1 when the rules or the mapping do not check; 2 for a record\n"
  "that cannot be mapped or decided (the others are still printed); 64 for a\n"
  "usage error.\n";

static int load_failed(const char *zWhat, const char *zErrors, int rc) {
  fputs(zErrors, stderr);
  int n = 0;
  for (const char *z = zErrors; (z = strstr(z, ": error: ")) != NULL; z++) n++;
  if (n) fprintf(stderr, "rregull: %d error%s\n", n, n == 1 ? "" : "s");
  else fprintf(stderr, "rregull: %s do not load\n", zWhat);
  return rc == RR_ENOMEM ? EXIT_INTERNAL : EXIT_POLICY;
}

int cmd_primero(int argc, char **argv) {
  CliList rules = {0}, pos = {0};
  CliOverlays found = {&rules, NULL, 0};
  const char *zMapping = DEFAULT_MAPPING, *zAsOf = NULL;
  int compact = 0, onlyCase = 0, check = 0;
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL},
    {"overlays", 0, CLI_CALL, NULL, 0, cli_overlays, &found},
    {"mapping", 0, CLI_VALUE, &zMapping, 0, NULL, NULL},
    {"as-of", 0, CLI_VALUE, &zAsOf, 0, NULL, NULL},
    {"compact", 0, CLI_FLAG, &compact, 1, NULL, NULL},
    {"case", 0, CLI_FLAG, &onlyCase, 1, NULL, NULL},
    {"check", 0, CLI_FLAG, &check, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  rr_rules *r = NULL;
  rr_map *m = NULL;
  rr_eval *e = NULL;
  char *text = NULL, *out = NULL, *err = NULL;
  int rc = cli_parse("primero", argc, argv, opts, &pos, usage_primero);
  if (rc) goto done;
  if (!rules.n) rc = cli_usage("primero", "--rules PATH is needed");
  else if (check && pos.n) rc = cli_usage("primero", "--check takes no record");
  else if (!check && !pos.n) rc = cli_usage("primero", "a RECORD.json is needed");
  if (rc) goto done;

  int one = rr_rules_load(&r, rules.a, rules.n);
  if (one != RR_OK) {
    rc = load_failed("the rules", rr_rules_errors(r), one);
    goto done;
  }
  one = rr_map_load(&m, r, zMapping);
  if (one != RR_OK) {
    rc = load_failed("the mapping", rr_map_errors(m), one);
    goto done;
  }
  if (check) {
    printf("%s: ok\n", zMapping);
    goto done;
  }
  if (!onlyCase && rr_eval_new(&e, r) != RR_OK) {
    rc = EXIT_INTERNAL;
    goto done;
  }
  for (int i = 0; i < pos.n; i++) {
    size_t n;
    if (!(text = cli_slurp(pos.a[i], &n))) {
      fprintf(stderr, "rregull: %s: cannot read: %s\n", pos.a[i], strerror(errno));
      rc = EXIT_FACTS;
      continue;
    }
    if (onlyCase) one = rr_map_case(m, text, n, zAsOf, &out, &err);
    else one = rr_map_eval(m, e, text, n, zAsOf, !compact, &out, &err);
    if (one == RR_EFACTS && err) {
      printf("%s\n", err);
      fprintf(stderr, "rregull: %s: %s\n", pos.a[i], err);
      rc = EXIT_FACTS;
    } else if (one != RR_OK) {
      fprintf(stderr, "rregull: %s: %s\n", pos.a[i],
              one == RR_ENOMEM ? "out of memory" : e ? rr_eval_errmsg(e) : "cannot be mapped");
      rc = one == RR_EFACTS ? EXIT_FACTS : EXIT_INTERNAL;
    } else {
      fputs(out, stdout);
      if (onlyCase) fputc('\n', stdout);
    }
    rr_free(text);
    rr_free(out);
    rr_free(err);
    text = out = err = NULL;
    if (rc == EXIT_INTERNAL) break;
  }
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
done:
  rr_free(text);
  rr_free(out);
  rr_free(err);
  rr_eval_free(e);
  rr_map_free(m);
  rr_rules_free(r);
  cli_overlays_free(&found);
  cli_list_free(&rules);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}
