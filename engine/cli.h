/*
** cli.h - what the command-line files share: exit codes, usage errors,
** reading files.  main.c holds the dispatcher and the policy commands,
** cli_store.c the commands of the case store, cli_calendar.c the calendar.
*/
#ifndef RR_CLI_H
#define RR_CLI_H

#include <stddef.h>

/* Exit codes, the same for every command. */
enum {
  EXIT_POLICY = 1,    /* the rule files do not load or check */
  EXIT_FACTS = 2,     /* bad case input: a file, a stored case, a case id */
  EXIT_TEST = 3,      /* a test written in the policy language failed */
  EXIT_DB = 4,        /* the database cannot be opened, read or written */
  EXIT_HOOK = 5,      /* a municipal hook failed: the decision carries the failure */
  EXIT_USAGE = 64,
  EXIT_INTERNAL = 70
};

void  die_usage(const char *msg, const char *usage);   /* exits with EXIT_USAGE */
int   is_help(const char *z);
/* The whole of a file (or of standard input for "-"), malloc'd; NULL with
** errno set on failure. */
char *slurp(const char *zPath, size_t *pn);
/* --overlays DIR: appends every overlay under DIR to *PRULES (grown as
** needed; room is kept for 63 more paths); the paths are kept in *PFOUND
** to be freed.  Returns 0, or an exit code after printing why. */
int   cli_overlays(const char *zDir, const char ***pRules, int *pnRules, char ***pFound, int *pnFound);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
/* eval --db: RULES and the options already parsed by main.c. */
int cmd_eval_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                const char *zAsOf, const char *zMunicipality, int pretty, int store);

extern const char *const usage_init, *const usage_import, *const usage_batch, *const usage_cases;
extern const char *const usage_calendar;

#endif
