/*
** cli.h - what the command-line files share: exit codes, the option parser,
** usage errors, reading files.  main.c holds the dispatcher and the policy
** commands, cli_store.c the commands of the case store, cli_calendar.c the
** calendar, cli_args.c the parser.  They use the library through rregull.h
** only, as any other program would.
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

/* A growing list of arguments (they stay argv's, or are owned elsewhere). */
typedef struct CliList {
  const char **a;
  int n, cap;
} CliList;
int  cli_list_add(CliList *l, const char *z);    /* 0, or -1 when out of memory */
void cli_list_free(CliList *l);

/* One option of a command, in a table ended by an entry whose zName is NULL.
** KIND says what P points to:
**   CLI_FLAG   int: set to VAL
**   CLI_VALUE  const char *: the value (the last one given)
**   CLI_LIST   CliList: every value, in order
**   CLI_CALL   nothing: FN(UD, value) is called where the option stands and
**              returns 0, or an exit code that stops the command */
enum { CLI_FLAG, CLI_VALUE, CLI_LIST, CLI_CALL };
typedef struct CliOpt {
  const char *zName;       /* "rules" for --rules */
  char cShort;             /* 'v' for -v, or 0 */
  int kind;
  void *p;
  int val;                 /* CLI_FLAG */
  int (*fn)(void *ud, const char *zValue);
  void *ud;
} CliOpt;

/* Parses the arguments of command ZCMD: ARGV[0] is the command's name, and
** options and other arguments may come in any order ('--' ends options;
** '--name=value' also works).  The other arguments go to POS.  -h and
** --help print ZHELP on standard output.  Returns 0; CLI_HELP after the
** help; an exit code from a CLI_CALL; or EXIT_USAGE after printing ONE line
** saying what is wrong (an unknown option, a missing value). */
enum { CLI_HELP = -1 };
int  cli_parse(const char *zCmd, int argc, char **argv, const CliOpt *opts, CliList *pos, const char *zHelp);

/* A usage error of command ZCMD (NULL: of rregull itself): prints "rregull
** CMD: MESSAGE (see 'rregull help CMD')" on one line; returns EXIT_USAGE. */
struct rr_rules;
/* "rregull: PREFIX: MSG" on stderr, MSG (a message to a case worker) in
** language LANG (--lang; NULL: as it is) through R's PO files (cli_i18n.c). */
void cli_error_lang(const struct rr_rules *r, const char *zLang, const char *zPrefix, const char *zMsg);
int  cli_usage(const char *zCmd, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/* The whole of a file (or of standard input for "-"), malloc'd; NULL with
** errno set on failure. */
char *cli_slurp(const char *zPath, size_t *pn);

/* --overlays DIR, as a CLI_CALL whose UD is a CliOverlays: appends every
** overlay under DIR to the rule paths.  Prints why and returns EXIT_POLICY
** when DIR cannot be read. */
typedef struct CliOverlays {
  CliList *rules;          /* the paths to load */
  char **azFound;          /* the overlays' paths, owned: freed by cli_overlays_free */
  int nFound;
} CliOverlays;
int  cli_overlays(void *ud, const char *zDir);
void cli_overlays_free(CliOverlays *o);

/* The commands (argc and argv as for cli_parse). */
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_primero(int argc, char **argv);      /* cli_primero.c */
int cmd_serve(int argc, char **argv);        /* cli_serve.c */
int cmd_report(int argc, char **argv);
int cmd_i18n(int argc, char **argv);
/* eval --db: RULES and the options already parsed by main.c. */
int cmd_eval_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                const char *zAsOf, const char *zMunicipality, int pretty, int store, const char *zLang);
/* explain --db (cli_explain.c): the same, explained in ZLANG (NULL: as written), or as HTML pages. */
int cmd_explain_db(const char *const *rules, int nRules, const char *zDb, const char *const *cases, int nCases,
                   const char *zAsOf, const char *zMunicipality, const char *zLang, int html, const char *zQuote);
/* cases --rules (cli_explain.c): the stored cases re-evaluated at their as_of, in words. */
int cmd_cases_texts(const char *zDb, const char *zWhere, const char *const *rules, int nRules, const char *zLang);

extern const char *const usage_init, *const usage_import, *const usage_batch, *const usage_cases;
extern const char *const usage_calendar;
extern const char *const usage_primero;
extern const char *const usage_serve;
/* issue 13: diff (cli_diff.c) */
int cmd_diff(int argc, char **argv);
extern const char *const usage_diff;
/* issue 13: fmt (cli_fmt.c) */
int cmd_fmt(int argc, char **argv);
extern const char *const usage_fmt;
/* issue 13: publish (cli_publish.c) */
int cmd_publish(int argc, char **argv);
extern const char *const usage_publish;
extern const char *const usage_report;
extern const char *const usage_i18n;

#endif
