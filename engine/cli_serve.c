/*
** cli_serve.c - the command `rregull serve`: its options, the token file,
** the address to listen on; the server itself is server.c.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rregull.h"
#include "server.h"

const char *const usage_serve =
  "usage: rregull serve --rules PATH [--overlays DIR] [--db FILE] [--listen ADDR:PORT]\n"
  "                     [--token-file FILE] [--threads N] [--port-file FILE]\n"
  "\n"
  "Serves decisions as a JSON API over HTTP, for case systems: one process, a\n"
  "pool of threads, each request evaluated as `rregull eval` would.\n"
  "\n"
  "  POST /v1/decisions[?municipality=M][&lang=L]\n"
  "                                       a case in, its decision out (as eval prints it;\n"
  "                                       lang or Accept-Language: sq, sr, sr-Cyrl, en)\n"
  "  POST /v1/cases/{id}/facts            record facts in the store (--db); what changed\n"
  "  GET  /v1/cases/{id}/decision[?as_of=T][&store=1]\n"
  "                                       the decision of a stored case\n"
  "  GET  /v1/cases[?risk=high][&overdue=1][&municipality=M][&where=FILTER]\n"
  "                                       the latest stored decision of each case\n"
  "  POST /v1/batch  {\"as_of\": T, \"where\": FILTER, \"dry_run\": false}\n"
  "                                       a batch, as rregull batch: 200 with its counts when\n"
  "                                       it ends within ?wait= ms (1000), else 202 and its job\n"
  "  GET  /v1/batch/{job}                 the progress of a batch\n"
  "  GET  /v1/reports/{kind}?from=D&to=D[&format=json|html|csv][&lang=L]\n"
  "                                       a monitoring report, as rregull report writes it\n"
  "  GET  /cases/{id}, POST /cases        the printable case page (explain --html)\n"
  "  GET  /v1/rules                       version, rule-set hash, overlays\n"
  "  POST /v1/rules/reload                load and check the rules again (needs the token)\n"
  "  GET  /v1/schema/case.json, /v1/schema/decision.json\n"
  "                                       JSON Schema generated from the declarations\n"
  "  GET  /v1/openapi.json                OpenAPI 3.1 of all of this\n"
  "  POST /v1/integrations/primero/case   a Primero case record (the Primero adapter)\n"
  "  GET  /healthz                        liveness (never needs the token)\n"
  "\n"
  "Errors are JSON {\"error\": {\"code\", \"message\", \"path\"}} with status 400 (not\n"
  "JSON), 401 (token), 404, 405, 413 (body over the limit), 422 (a fact breaks the\n"
  "declarations: path names it) or 500.  SIGHUP reloads the rules as\n"
  "/v1/rules/reload does: rules that do not check are refused and the old ones\n"
  "keep serving; requests under way finish on the rules they started with.\n"
  "SIGINT or SIGTERM stops the server.  One access-log line per request goes\n"
  "to stderr.\n"
  "\n"
  "options:\n"
  "  --rules PATH         policy file or directory (repeatable)\n"
  "  --overlays DIR       the municipal overlays under DIR (listed again at each reload)\n"
  "  --db FILE            the case store: enables /v1/cases and /v1/batch\n"
  "  --listen ADDR:PORT   default 127.0.0.1:8080; port 0 takes a free port; an\n"
  "                       address other than loopback needs --token-file\n"
  "  --token-file FILE    a bearer token (the file's first line): every request\n"
  "                       but /healthz must send 'Authorization: Bearer TOKEN'\n"
  "  --threads N          threads answering requests (default: the processors)\n"
  "  --port-file FILE     write the port listened on to FILE\n"
  "  --body-limit BYTES   the largest request body (default 1048576)\n"
  "  --timeout SECONDS    close a connection idle this long (default 30)\n"
  "  --max-connections N  connections at once (default 1024)\n"
  "  --mapping FILE       the Primero mapping for /v1/integrations/primero/case\n"
  "                       (default rules/integrations/primero.json when it exists),\n"
  "                       loaded and checked again at each reload\n"
  "  --quiet              no access log\n";

/* A whole number in [LO, HI] from Z, or -1. */
static long number(const char *z, long lo, long hi) {
  char *end;
  errno = 0;
  long v = strtol(z, &end, 10);
  return errno || end == z || *end || v < lo || v > hi ? -1 : v;
}

static int is_loopback(const char *host) {
  return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0;
}

/* The token: the first line of FILE, without its line end; NULL after a
** message. */
static char *read_token(const char *zFile) {
  size_t n;
  char *z = cli_slurp(zFile, &n);
  if (!z) {
    fprintf(stderr, "rregull serve: --token-file %s: cannot read: %s\n", zFile, strerror(errno));
    return NULL;
  }
  size_t k = 0;
  while (k < n && z[k] != '\n' && z[k] != '\r') k++;
  z[k] = 0;
  if (k < 16) {
    fprintf(stderr, "rregull serve: --token-file %s: the token must have at least 16 characters\n", zFile);
    free(z);
    return NULL;
  }
  return z;
}

int cmd_serve(int argc, char **argv) {
  CliList rules = {0}, pos = {0}, overlays = {0};
  const char *zDb = NULL, *zListen = "127.0.0.1:8080", *zTokenFile = NULL, *zThreads = NULL, *zPortFile = NULL;
  const char *zBody = NULL, *zTimeout = NULL, *zConn = NULL, *zMapping = NULL;
  int quiet = 0;
  const CliOpt opts[] = {
    {"rules", 0, CLI_LIST, &rules, 0, NULL, NULL},
    {"overlays", 0, CLI_LIST, &overlays, 0, NULL, NULL},
    {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"listen", 0, CLI_VALUE, &zListen, 0, NULL, NULL},
    {"token-file", 0, CLI_VALUE, &zTokenFile, 0, NULL, NULL},
    {"threads", 0, CLI_VALUE, &zThreads, 0, NULL, NULL},
    {"port-file", 0, CLI_VALUE, &zPortFile, 0, NULL, NULL},
    {"body-limit", 0, CLI_VALUE, &zBody, 0, NULL, NULL},
    {"timeout", 0, CLI_VALUE, &zTimeout, 0, NULL, NULL},
    {"max-connections", 0, CLI_VALUE, &zConn, 0, NULL, NULL},
    {"quiet", 0, CLI_FLAG, &quiet, 1, NULL, NULL},
    {"mapping", 0, CLI_VALUE, &zMapping, 0, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  char host[128], *token = NULL;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  ServeConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  int rc = cli_parse("serve", argc, argv, opts, &pos, usage_serve);
  if (rc) goto out;
  if (!rules.n) { rc = cli_usage("serve", "needs --rules PATH"); goto out; }
  if (pos.n) { rc = cli_usage("serve", "takes no other argument than its options: '%s'", pos.a[0]); goto out; }
  /* ADDR:PORT, [V6]:PORT */
  const char *colon = strrchr(zListen, ':');
  const char *h = zListen, *he = colon;
  if (zListen[0] == '[') {
    const char *rb = strchr(zListen, ']');
    if (!rb || rb[1] != ':') colon = NULL;
    else { h = zListen + 1; he = rb; colon = rb + 1; }
  }
  long port = colon ? number(colon + 1, 0, 65535) : -1;
  if (!colon || port < 0 || he == h || (size_t)(he - h) >= sizeof host) {
    rc = cli_usage("serve", "--listen %s: expected ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:0", zListen);
    goto out;
  }
  memcpy(host, h, (size_t)(he - h));
  host[he - h] = 0;
  if (!strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
  cfg.threads = ncpu > 0 ? (int)ncpu : 2;
  if (zThreads && (cfg.threads = (int)number(zThreads, 1, 1024)) < 0) {
    rc = cli_usage("serve", "--threads %s: expected a number from 1 to 1024", zThreads);
    goto out;
  }
  long body = zBody ? number(zBody, 1, 1L << 30) : 1 << 20;
  long timeout = zTimeout ? number(zTimeout, 1, 86400) : 30;
  long conn = zConn ? number(zConn, 1, 65536) : 1024;
  if (body < 0) { rc = cli_usage("serve", "--body-limit %s: expected bytes, from 1 to 1073741824", zBody); goto out; }
  if (timeout < 0) { rc = cli_usage("serve", "--timeout %s: expected seconds, from 1 to 86400", zTimeout); goto out; }
  if (conn < 0) { rc = cli_usage("serve", "--max-connections %s: expected a number from 1 to 65536", zConn); goto out; }
  if (!is_loopback(host) && !zTokenFile) {
    rc = cli_usage("serve", "--listen %s is not a loopback address: it needs --token-file FILE", zListen);
    goto out;
  }
  if (zTokenFile && !(token = read_token(zTokenFile))) { rc = EXIT_USAGE; goto out; }
  cfg.rules = rules.a;
  cfg.nRules = rules.n;
  cfg.overlayDirs = overlays.a;
  cfg.nOverlayDirs = overlays.n;
  cfg.db = zDb;
  cfg.mapping = zMapping;
  cfg.host = host;
  cfg.port = (int)port;
  cfg.token = token;
  cfg.connLimit = (unsigned)conn;
  cfg.timeoutSec = (unsigned)timeout;
  cfg.bodyLimit = (size_t)body;
  cfg.portFile = zPortFile;
  cfg.quiet = quiet;
  rc = serve_run(&cfg);
out:
  if (token) {
    memset(token, 0, strlen(token));
    free(token);
  }
  cli_list_free(&rules);
  cli_list_free(&overlays);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}
