/*
** cli_args.c - the command line's one option parser (getopt_long, driven by
** each command's table of options), its usage errors, and the helpers every
** command shares: reading a file, --overlays DIR.
*/
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rregull.h"

/* Options are told apart by getopt_long's value: the index in the table
** plus this (short options keep their character). */
#define OPT_BASE 256

int cli_list_add(CliList *l, const char *z) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 16;
    const char **na = realloc(l->a, (size_t)cap * sizeof *na);
    if (!na) return -1;
    l->a = na;
    l->cap = cap;
  }
  l->a[l->n++] = z;
  return 0;
}

void cli_list_free(CliList *l) {
  free(l->a);
  memset(l, 0, sizeof *l);
}

int cli_usage(const char *zCmd, const char *zFmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(msg, sizeof msg, zFmt, ap);
  va_end(ap);
  if (zCmd) fprintf(stderr, "rregull %s: %s (see 'rregull help %s')\n", zCmd, msg, zCmd);
  else fprintf(stderr, "rregull: %s (see 'rregull help')\n", msg);
  return EXIT_USAGE;
}

/* The option an argument names, for a message: "--rules" of "--rules=x". */
static int name_len(const char *z) {
  const char *eq = strchr(z, '=');
  return eq ? (int)(eq - z) : (int)strlen(z);
}

int cli_parse(const char *zCmd, int argc, char **argv, const CliOpt *opts, CliList *pos, const char *zHelp) {
  int nOpt = 0;
  while (opts[nOpt].zName) nOpt++;
  struct option *lo = calloc((size_t)nOpt + 2, sizeof *lo);
  char *shorts = malloc((size_t)nOpt * 2 + 5);
  if (!lo || !shorts) {
    free(lo);
    free(shorts);
    fprintf(stderr, "rregull: out of memory\n");
    return EXIT_INTERNAL;
  }
  /* '-': the other arguments come back in order (whatever POSIXLY_CORRECT
  ** says); ':': a missing value is told apart from an unknown option */
  int ns = 0;
  shorts[ns++] = '-';
  shorts[ns++] = ':';
  shorts[ns++] = 'h';
  for (int i = 0; i < nOpt; i++) {
    const CliOpt *o = &opts[i];
    int takesValue = o->kind != CLI_FLAG;
    lo[i] = (struct option){o->zName, takesValue ? required_argument : no_argument, NULL, OPT_BASE + i};
    if (o->cShort) {
      shorts[ns++] = o->cShort;
      if (takesValue) shorts[ns++] = ':';
    }
  }
  shorts[ns] = 0;
  lo[nOpt] = (struct option){"help", no_argument, NULL, 'h'};
  opterr = 0;
  optind = 1;
  int rc = 0, c;
  while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
    int i = -1;
    if (c == 1) {
      if (cli_list_add(pos, optarg)) rc = EXIT_INTERNAL;
    } else if (c == 'h') {
      fputs(zHelp, stdout);
      rc = CLI_HELP;
    } else if (c == ':') {
      if (optopt >= OPT_BASE) rc = cli_usage(zCmd, "option '--%s' needs a value", opts[optopt - OPT_BASE].zName);
      else rc = cli_usage(zCmd, "option '-%c' needs a value", optopt);
    } else if (c == '?') {
      if (optopt >= OPT_BASE)
        rc = cli_usage(zCmd, "option '--%s' takes no value", opts[optopt - OPT_BASE].zName);
      else if (optopt == 'h' && strncmp(argv[optind - 1], "--", 2) == 0)
        rc = cli_usage(zCmd, "option '--help' takes no value");
      else if (optopt)
        rc = cli_usage(zCmd, "unknown option '-%c'", optopt);
      else
        rc = cli_usage(zCmd, "unknown option '%.*s'", name_len(argv[optind - 1]), argv[optind - 1]);
    } else if (c >= OPT_BASE) {
      i = c - OPT_BASE;
    } else {
      for (i = 0; i < nOpt && opts[i].cShort != c; i++) {}
    }
    if (rc || i < 0 || i >= nOpt) continue;
    const CliOpt *o = &opts[i];
    switch (o->kind) {
      case CLI_FLAG: *(int *)o->p = o->val; break;
      case CLI_VALUE: *(const char **)o->p = optarg; break;
      case CLI_LIST: if (cli_list_add(o->p, optarg)) rc = EXIT_INTERNAL; break;
      default: rc = o->fn(o->ud, optarg); break;
    }
  }
  for (int k = optind; !rc && k < argc; k++)
    if (cli_list_add(pos, argv[k])) rc = EXIT_INTERNAL;
  if (rc == EXIT_INTERNAL) fprintf(stderr, "rregull: out of memory\n");
  free(lo);
  free(shorts);
  return rc;
}

char *cli_slurp(const char *zPath, size_t *pn) {
  FILE *f = strcmp(zPath, "-") == 0 ? stdin : fopen(zPath, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) { free(buf); buf = NULL; break; }
    buf = nb;
    cap *= 2;
  }
  int bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) { free(buf); errno = EIO; return NULL; }
  *pn = n;
  return buf;
}

int cli_overlays(void *ud, const char *zDir) {
  CliOverlays *o = ud;
  char **found;
  int n;
  int rc = rr_rules_list_overlays(zDir, &found, &n);
  if (rc == RR_EPOLICY) {
    fprintf(stderr, "rregull: --overlays %s: cannot read the directory: %s\n", zDir, strerror(errno));
    return EXIT_POLICY;
  }
  if (rc != RR_OK) return EXIT_INTERNAL;
  char **grown = realloc(o->azFound, (size_t)(o->nFound + n + 1) * sizeof *grown);
  if (!grown) {
    for (int k = 0; k < n; k++) rr_free(found[k]);
    rr_free(found);
    return EXIT_INTERNAL;
  }
  o->azFound = grown;
  for (int k = 0; k < n; k++) {
    o->azFound[o->nFound++] = found[k];
    if (cli_list_add(o->rules, found[k])) rc = EXIT_INTERNAL;
  }
  rr_free(found);
  return rc;
}

void cli_overlays_free(CliOverlays *o) {
  for (int k = 0; k < o->nFound; k++) rr_free(o->azFound[k]);
  free(o->azFound);
  o->azFound = NULL;
  o->nFound = 0;
}
