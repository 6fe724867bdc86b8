/*
** server.h - `rregull serve`: the JSON API over HTTP (server.c: state,
** routing and handlers; server_http.c: the HTTP library; cli_serve.c: the
** command's options).  Uses the engine through rregull.h only.
*/
#ifndef RR_SERVER_H
#define RR_SERVER_H

#include <stddef.h>

typedef struct ServeConfig {
  const char *const *rules;   /* the rule paths given with --rules */
  int nRules;
  const char *const *overlayDirs; /* --overlays DIR: listed again at each reload */
  int nOverlayDirs;
  const char *db;             /* --db FILE or NULL */
  const char *mapping;        /* --mapping FILE: the Primero mapping, or NULL */
  const char *host;           /* numeric address */
  int port;
  const char *token;          /* the bearer token, or NULL (loopback only) */
  int threads;
  unsigned connLimit, timeoutSec;
  size_t bodyLimit;
  const char *portFile;       /* write the port chosen here, or NULL */
  int quiet;                  /* no access log */
} ServeConfig;

/* Loads the rules, listens, serves until SIGINT or SIGTERM (SIGHUP
** reloads the rules).  Returns an exit code of the command line. */
int serve_run(const ServeConfig *cfg);

/* Whether A (N bytes) equals B, in time that does not depend on where they
** differ: 1 or 0. */
int serve_secret_equal(const char *a, size_t na, const char *b, size_t nb);

#endif
