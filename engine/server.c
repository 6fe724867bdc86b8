/*
** server.c - `rregull serve`: the server's state (the rule set being served,
** shared by every thread and counted so that a reload never pulls it from
** under a request; a pool of rr_eval per rule set and of rr_db handles), the
** routing of the JSON API, its handlers, its errors and the access log.
** The HTTP library is behind server_http.c; the engine behind rregull.h.
*/
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "rregull.h"
#include "server.h"
#include "server_http.h"
#include "strbuf.h"

/* {==== growing text ================================================== */


/* Z as a JSON string (NULL: null), written by the engine's JSON writer. */
static void buf_json(StrBuf *b, const char *z) {
  char *q = rr_json_quote(z);
  if (!q) { b->oom = 1; return; }
  sb_puts(b, q);
  rr_free(q);
}

/* }==== */


/* {==== the rule set served, counted; a pool of evaluators for each ======= */

/* The Primero adapter: the declarative mapping (rr_map_* in rregull.h). */
#define PRIMERO_DEFAULT_MAPPING "rules/integrations/primero.json"
typedef rr_map PrimeroMap;

typedef struct Served {
  rr_rules *r;
  PrimeroMap *map;            /* loaded against R, or NULL */
  int refs;                   /* the server's (while current) and each request's */
  rr_eval **free;             /* evaluators not in use */
  int nFree, cap;
  char loadedAt[32];
} Served;

typedef struct Server {
  const ServeConfig *cfg;
  pthread_mutex_t mu;         /* cur, refs, the pools */
  pthread_mutex_t reloadMu;   /* one reload at a time */
  Served *cur;
  long reloads;
  rr_db **dbs;                /* open handles not in use */
  int nDb, capDb;
  size_t tokenLen;
  struct Job *jobs;           /* the batches started over HTTP, newest first */
  long nextJob;
  int running;                /* jobs whose thread has not ended */
  pthread_cond_t jobCond;     /* a job moved on (with mu) */
} Server;

static void now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void served_free(Served *s) {
  for (int i = 0; i < s->nFree; i++) rr_eval_free(s->free[i]);
  free(s->free);
  rr_map_free(s->map);
  rr_rules_free(s->r);
  free(s);
}

/* The rule set to serve a request with, counted, and an evaluator over it
** in language LANG (NULL: the policy's own words, no texts).  Evaluators
** keep their language in the pool (reading a PO file is the costly part of
** rr_eval_set_lang): one already in LANG is taken when there is one.  The
** language is set here only when it is NULL; a request's own goes through
** set_lang, which answers a bad one. */
static Served *acquire(Server *sv, rr_eval **e, const char *lang) {
  pthread_mutex_lock(&sv->mu);
  Served *s = sv->cur;
  s->refs++;
  *e = NULL;
  if (s->nFree) {
    int k = s->nFree - 1;
    for (int i = k; i >= 0; i--) {
      const char *have = rr_eval_lang(s->free[i]);
      if (lang ? have && strcmp(have, lang) == 0 : !have) { k = i; break; }
    }
    *e = s->free[k];
    s->free[k] = s->free[--s->nFree];
  }
  pthread_mutex_unlock(&sv->mu);
  if (!*e && rr_eval_new(e, s->r) != RR_OK) *e = NULL;
  if (*e && !lang) rr_eval_set_lang(*e, NULL);
  return s;
}

static void release(Server *sv, Served *s, rr_eval *e) {
  if (e) rr_eval_set_municipality(e, NULL);
  pthread_mutex_lock(&sv->mu);
  if (e && s == sv->cur) {
    if (s->nFree == s->cap) {
      int cap = s->cap ? s->cap * 2 : 8;
      rr_eval **nf = realloc(s->free, (size_t)cap * sizeof *nf);
      if (nf) { s->free = nf; s->cap = cap; }
    }
    if (s->nFree < s->cap) { s->free[s->nFree++] = e; e = NULL; }
  }
  pthread_mutex_unlock(&sv->mu);
  /* an evaluator not kept is freed while the request still holds its rule
  ** set: it reads the rules as it goes */
  rr_eval_free(e);
  pthread_mutex_lock(&sv->mu);
  int gone = --s->refs == 0;
  pthread_mutex_unlock(&sv->mu);
  if (gone) served_free(s);
}

/* The Primero mapping to load: --mapping, else the shipped one when this
** server has the adapter and the file is there; NULL for none. */
static const char *map_path(const ServeConfig *cfg) {
  if (cfg->mapping) return cfg->mapping;
  FILE *f = fopen(PRIMERO_DEFAULT_MAPPING, "rb");
  if (f) {
    fclose(f);
    return PRIMERO_DEFAULT_MAPPING;
  }
  return NULL;
}

/* Loads the Primero mapping PATH against S's rules: 0, or -1 after logging
** why. */
static int load_map(Served *s, const char *path) {
  rr_map *m = NULL;
  if (rr_map_load(&m, s->r, path) != RR_OK) {
    fputs(rr_map_errors(m), stderr);
    fprintf(stderr, "rregull serve: the Primero mapping %s does not check\n", path);
    rr_map_free(m);
    return -1;
  }
  s->map = m;
  return 0;
}

/* Loads the rules as configured: a Served, or NULL with the errors logged
** on stderr and *NERR set. */
static Served *load_rules(const ServeConfig *cfg, int *nErr) {
  CliList paths = {0};
  CliOverlays found = {&paths, NULL, 0};
  Served *s = NULL;
  rr_rules *r = NULL;
  *nErr = 0;
  for (int i = 0; i < cfg->nRules; i++)
    if (cli_list_add(&paths, cfg->rules[i])) goto out;
  for (int i = 0; i < cfg->nOverlayDirs; i++)
    if (cli_overlays(&found, cfg->overlayDirs[i])) { *nErr = 1; goto out; }
  int rc = rr_rules_load(&r, paths.a, paths.n);
  if (rc != RR_OK) {
    *nErr = rr_rules_count(r, RR_COUNT_ERRORS);
    if (*nErr < 1) *nErr = 1;
    fputs(rr_rules_errors(r), stderr);
    fprintf(stderr, "rregull serve: the rule set does not load: %d error%s\n", *nErr, *nErr == 1 ? "" : "s");
    goto out;
  }
  if (!rr_rules_count(r, RR_COUNT_REPORTS)) {
    fprintf(stderr, "rregull serve: the rule set has no report: declare the decision with 'report NAME { ... }'\n");
    *nErr = 1;
    goto out;
  }
  if (!(s = calloc(1, sizeof *s))) goto out;
  s->r = r;
  r = NULL;
  if (map_path(cfg) && load_map(s, map_path(cfg))) {
    *nErr = 1;
    served_free(s);
    s = NULL;
    goto out;
  }
  s->refs = 1;
  now_iso(s->loadedAt, sizeof s->loadedAt);
out:
  rr_rules_free(r);
  cli_overlays_free(&found);
  cli_list_free(&paths);
  return s;
}

/* Loads and checks the rules again: a rule set that does not check is
** refused and the one before keeps serving.  0, or the number of errors. */
static int reload(Server *sv) {
  pthread_mutex_lock(&sv->reloadMu);
  int nErr;
  Served *s = load_rules(sv->cfg, &nErr), *old = NULL;
  if (s) {
    char was[80];
    pthread_mutex_lock(&sv->mu);
    old = sv->cur;
    snprintf(was, sizeof was, "%s", rr_rules_hash(old->r));
    sv->cur = s;
    sv->reloads++;
    int gone = --old->refs == 0;    /* else the last request on it frees it */
    pthread_mutex_unlock(&sv->mu);
    fprintf(stderr, "rregull serve: rules reloaded: %s (was %s)\n", rr_rules_hash(s->r), was);
    if (gone) served_free(old);
  } else {
    fprintf(stderr, "rregull serve: reload refused: the rules loaded before keep serving\n");
  }
  pthread_mutex_unlock(&sv->reloadMu);
  return s ? 0 : nErr;
}

/* A case-store handle from the pool (opened when none is free); NULL with
** *WHY when the store cannot be opened. */
static rr_db *db_take(Server *sv, char *why, size_t nWhy, int mode) {
  rr_db *db = NULL;
  pthread_mutex_lock(&sv->mu);
  if (sv->nDb) db = sv->dbs[--sv->nDb];
  pthread_mutex_unlock(&sv->mu);
  if (db) return db;
  if (rr_db_open(&db, sv->cfg->db, mode) != RR_OK) {
    fprintf(stderr, "rregull serve: %s\n", rr_db_errmsg(db));
    snprintf(why, nWhy, "the case store cannot be opened");
    rr_db_close(db);
    return NULL;
  }
  return db;
}

static void db_give(Server *sv, rr_db *db) {
  pthread_mutex_lock(&sv->mu);
  if (sv->nDb == sv->capDb) {
    int cap = sv->capDb ? sv->capDb * 2 : 8;
    rr_db **nd = realloc(sv->dbs, (size_t)cap * sizeof *nd);
    if (nd) { sv->dbs = nd; sv->capDb = cap; }
  }
  if (sv->nDb < sv->capDb) { sv->dbs[sv->nDb++] = db; db = NULL; }
  pthread_mutex_unlock(&sv->mu);
  rr_db_close(db);
}

/* }==== */

/* {==== answers ======================================================= */

static void reply(SrvRes *res, int status, StrBuf *b) {
  if (b->oom) {
    free(b->z);
    res->status = 500;
    res->body = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"path\":null}}\n");
    res->n = res->body ? strlen(res->body) : 0;
    return;
  }
  res->status = status;
  res->body = b->z;
  res->n = b->n;
}

static const char *code_of(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 422: return "unprocessable";
    case 501: return "not_implemented";
    default: return "internal";
  }
}

/* The request this thread answers, for its messages: the server and the
** language asked for (?lang=, Accept-Language), set by handle(). */
static _Thread_local struct { Server *sv; const char *lang; } tlReq;

/* MSG in the request's language (the rules' PO files, msgctxt "error"),
** into BUF; MSG itself for English or a message without a translation.
** The code and the path of the answer stay as they are. */
static const char *req_message(const char *msg, char *buf, size_t nBuf) {
  Server *sv = tlReq.sv;
  if (!sv || !tlReq.lang || !strcmp(tlReq.lang, "en")) return msg;
  pthread_mutex_lock(&sv->mu);
  Served *s = sv->cur;
  s->refs++;
  pthread_mutex_unlock(&sv->mu);
  char *t = NULL;
  if (rr_rules_message(s->r, tlReq.lang, msg, &t) == RR_OK && t) snprintf(buf, nBuf, "%s", t);
  else snprintf(buf, nBuf, "%s", msg);
  rr_free(t);
  release(sv, s, NULL);
  return buf;
}

/* {"error": {"code", "message", "path"}}: PATH is where in the input (a
** JSON path, a query argument), or NULL; the message in the request's
** language when it asked for one. */
static void fail(SrvRes *res, int status, const char *path, const char *zFmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;
static void fail(SrvRes *res, int status, const char *path, const char *zFmt, ...) {
  char msg[1024], tr[2048];
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(msg, sizeof msg, zFmt, ap);
  va_end(ap);
  StrBuf b = {0};
  sb_printf(&b, "{\"error\":{\"code\":\"%s\",\"message\":", code_of(status));
  buf_json(&b, req_message(msg, tr, sizeof tr));
  sb_puts(&b, ",\"path\":");
  buf_json(&b, path);
  sb_puts(&b, "}}\n");
  reply(res, status, &b);
}

/* The engine's message about a case: "facts.x.y: what" gives the path and
** the message; a body that is not JSON is a 400, the rest 422. */
static void fail_case(SrvRes *res, const char *msg) {
  if (strncmp(msg, "invalid JSON", 12) == 0) {
    fail(res, 400, NULL, "%s", msg);
    return;
  }
  const char *colon = strstr(msg, ": ");
  size_t k = colon ? (size_t)(colon - msg) : 0;
  if (colon && k < 256 && !memchr(msg, ' ', k)) {
    char path[256];
    memcpy(path, msg, k);
    path[k] = 0;
    fail(res, 422, path, "%s", colon + 2);
  } else {
    fail(res, 422, NULL, "%s", msg);
  }
}

/* The library's message without the name of the option the command line
** gives it ("--where: ", "--as-of: "). */
static const char *unprefix(const char *msg, const char *prefix) {
  size_t n = strlen(prefix);
  return strncmp(msg, prefix, n) ? msg : msg + n;
}

static void take_decision(SrvRes *res, char *dec, int pretty) {
  /* as `rregull eval` prints it: one case indented, then a newline */
  size_t n = strlen(dec);
  char *z = malloc(n + 2);
  if (!z) {
    rr_free(dec);
    fail(res, 500, NULL, "out of memory");
    return;
  }
  memcpy(z, dec, n);
  z[n] = '\n';
  z[n + 1] = 0;
  rr_free(dec);
  (void)pretty;
  res->status = 200;
  res->body = z;
  res->n = n + 1;
}

/* Whether the query's flag NAME is set (1, true, yes). */
static int flag(const SrvReq *req, const char *name, int dflt) {
  const char *v = srv_query(req, name);
  if (!v) return dflt;
  return !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "");
}

/* }==== */

/* {==== handlers ====================================================== */

static void h_healthz(Server *sv, const SrvReq *req, SrvRes *res) {
  (void)req;
  StrBuf b = {0};
  pthread_mutex_lock(&sv->mu);
  sb_printf(&b, "{\"status\":\"ok\",\"rules\":\"%s\"}\n", rr_rules_hash(sv->cur->r));
  pthread_mutex_unlock(&sv->mu);
  reply(res, 200, &b);
}

/* The language a request asks for: ?lang=, else the first tag of
** Accept-Language the rules have words for (sq, sr, sr-Cyrl, en; q-values
** are read as the order given), else NULL (the policy's own words). */
static const char *req_lang(const SrvReq *req) {
  const char *q = srv_query(req, "lang");
  if (q) return q;
  const char *h = srv_header(req, "Accept-Language");
  while (h && *h) {
    while (*h == ' ' || *h == ',') h++;
    size_t n = strcspn(h, ",;");
    if (n >= 7 && !strncasecmp(h, "sr-cyrl", 7)) return "sr-Cyrl";
    if (n >= 2 && (n == 2 || h[2] == '-') && !strncasecmp(h, "sr", 2)) return "sr";
    if (n >= 2 && (n == 2 || h[2] == '-') && !strncasecmp(h, "sq", 2)) return "sq";
    if (n >= 2 && (n == 2 || h[2] == '-') && !strncasecmp(h, "en", 2)) return "en";
    h = strchr(h, ',');
  }
  return NULL;
}

/* Sets E's language for REQ: 0, or -1 after answering 400. */
static int set_lang(rr_eval *e, const SrvReq *req, SrvRes *res) {
  const char *lang = req_lang(req);
  if (lang && rr_eval_set_lang(e, lang) != RR_OK) {
    fail(res, 400, "lang", "no language '%s' (sq, sr, sr-Cyrl, en)", lang);
    return -1;
  }
  return 0;
}

/* A decision (DEC, taken) as the printable case page (rr_decision_html). */
static void take_page(SrvRes *res, char *dec) {
  char *html = NULL;
  int rc = rr_decision_html(dec, strlen(dec), &html);
  rr_free(dec);
  if (rc != RR_OK) {
    fail(res, 500, NULL, "the case page could not be drawn");
    return;
  }
  res->status = 200;
  res->body = html;
  res->n = strlen(html);
  res->freeFn = rr_free;
  res->contentType = "text/html; charset=utf-8";
}

/* POST /v1/decisions (PAGE 0: the decision) and POST /cases (PAGE 1: the
** printable case page of the case posted, what `rregull explain --html`
** draws), with ?municipality= and the request's language. */
static void h_decisions(Server *sv, const SrvReq *req, SrvRes *res, int page) {
  rr_eval *e;
  Served *s = acquire(sv, &e, req_lang(req));
  if (!e) {
    release(sv, s, e);
    fail(res, 500, NULL, "out of memory");
    return;
  }
  const char *mun = srv_query(req, "municipality");
  if (mun && rr_eval_set_municipality(e, mun) != RR_OK) {
    fail(res, 422, "municipality", "no overlay loaded is for municipality '%s'", mun);
  } else if (set_lang(e, req, res) == 0) {
    char *dec = NULL;
    int pretty = !page && flag(req, "pretty", 1);
    int rc = rr_eval_json(e, req->body, req->n, pretty, &dec);
    if (rc == RR_OK && page) take_page(res, dec);
    else if (rc == RR_OK) take_decision(res, dec, pretty);
    else if (rc == RR_EFACTS && !strncmp(rr_eval_errmsg(e), "invalid JSON", 12))
      fail(res, 400, NULL, "the body is not JSON: a case {\"id\", \"as_of\", \"facts\"} is expected");   /* read once: no scan before */
    else if (rc == RR_EFACTS) fail_case(res, rr_eval_errmsg(e));
    else fail(res, 500, NULL, "the case could not be evaluated");
  }
  release(sv, s, e);
}

static void h_rules(Server *sv, const SrvReq *req, SrvRes *res) {
  (void)req;
  StrBuf b = {0};
  pthread_mutex_lock(&sv->mu);
  const Served *s = sv->cur;
  sb_printf(&b, "{\"version\":\"%s\",\"hash\":\"%s\",\"loaded_at\":\"%s\",\"reloads\":%ld,\"rules\":%d,"
             "\"facts\":%d,\"overlays\":[", rr_version(), rr_rules_hash(s->r), s->loadedAt, sv->reloads,
             rr_rules_count(s->r, RR_COUNT_RULES), rr_rules_count(s->r, RR_COUNT_FACTS));
  for (int i = 0; i < rr_rules_overlays(s->r); i++) {
    if (i) sb_puts(&b, ",");
    buf_json(&b, rr_rules_overlay_name(s->r, i));
  }
  sb_puts(&b, "]}\n");
  pthread_mutex_unlock(&sv->mu);
  reply(res, 200, &b);
}

static void h_reload(Server *sv, const SrvReq *req, SrvRes *res) {
  (void)req;
  int nErr = reload(sv);
  if (nErr) {
    fail(res, 422, NULL, "the rule set does not check (%d error%s, in the server's log): the rules loaded before "
         "keep serving", nErr, nErr == 1 ? "" : "s");
    return;
  }
  h_rules(sv, req, res);
}

static void h_schema(Server *sv, const SrvReq *req, SrvRes *res, int which) {
  (void)req;
  rr_eval *e;
  Served *s = acquire(sv, &e, NULL);
  char *json = NULL;
  if (rr_rules_json_schema(s->r, which, &json) != RR_OK) {
    fail(res, 500, NULL, "the schema could not be made");
  } else {
    StrBuf b = {0};
    sb_puts(&b, json);
    sb_puts(&b, "\n");
    rr_free(json);
    reply(res, 200, &b);
  }
  release(sv, s, e);
}

#include "server_openapi.h"

static void h_openapi(Server *sv, const SrvReq *req, SrvRes *res) {
  (void)req;
  rr_eval *e;
  Served *s = acquire(sv, &e, NULL);
  char *zCase = NULL, *zDec = NULL;
  if (rr_rules_json_schema(s->r, RR_SCHEMA_CASE, &zCase) != RR_OK ||
      rr_rules_json_schema(s->r, RR_SCHEMA_DECISION, &zDec) != RR_OK) {
    fail(res, 500, NULL, "the schema could not be made");
  } else {
    StrBuf b = {0};
    sb_printf(&b, OPENAPI_HEAD, rr_version());
    sb_puts(&b, OPENAPI_PATHS);
    sb_puts(&b, ",\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
             "\"schemas\":{\"Case\":");
    sb_puts(&b, zCase);
    sb_puts(&b, ",\"Decision\":");
    sb_puts(&b, zDec);
    sb_puts(&b, OPENAPI_SCHEMAS "}}}\n");
    reply(res, 200, &b);
  }
  rr_free(zCase);
  rr_free(zDec);
  release(sv, s, e);
}

/* POST /v1/integrations/primero/case: a Primero case record in; the
** decision and the body to PATCH back to Primero out (rr_map_eval does the
** mapping both ways). */
static void h_primero(Server *sv, const SrvReq *req, SrvRes *res) {
  rr_eval *e;
  Served *s = acquire(sv, &e, NULL);
  if (!s->map) {
    fail(res, 501, NULL, "no Primero mapping is loaded (start the server with --mapping FILE)");
  } else if (!e) {
    fail(res, 500, NULL, "out of memory");
  } else {
    char *out = NULL, *err = NULL;
    int rc = rr_map_eval(s->map, e, req->body, req->n, srv_query(req, "as_of"), flag(req, "pretty", 0), &out, &err);
    if (rc == RR_OK) {
      StrBuf b = {0};
      sb_puts(&b, out);
      sb_puts(&b, "\n");
      reply(res, 200, &b);
    } else if (rc == RR_EFACTS && err) {
      StrBuf b = {0};
      sb_puts(&b, err);
      sb_puts(&b, "\n");
      reply(res, strstr(err, "\"bad_request\"") ? 400 : 422, &b);
    } else {
      fail(res, 500, NULL, "the Primero record could not be evaluated");
    }
    rr_free(out);
    rr_free(err);
  }
  release(sv, s, e);
}

/* POST /v1/cases/{id}/facts: the body is a case whose "id", when given, is ID. */
static void h_facts(Server *sv, const SrvReq *req, SrvRes *res, const char *id) {
  rr_json *j = NULL;
  int jrc = rr_json_parse(req->body, req->n, &j, NULL, 0);
  if (jrc != RR_OK) {
    if (jrc == RR_ENOMEM) fail(res, 500, NULL, "out of memory");
    else fail(res, 400, NULL, "the body is not JSON: a case {\"id\", \"as_of\", \"facts\"} is expected");
    return;
  }
  int has = rr_json_kind(j, "id"), same = has == RR_JSON_STRING && !strcmp(rr_json_string(j, "id") ? rr_json_string(j, "id") : "", id);
  int object = rr_json_kind(j, NULL) == RR_JSON_OBJECT;
  rr_json_free(j);
  if (!object) {
    fail(res, 422, NULL, "expected a JSON object with \"as_of\" and \"facts\"");
    return;
  }
  if (has != RR_JSON_ABSENT && !same) {
    fail(res, 422, "id", "the case's id is not the one of the URL ('%s')", id);
    return;
  }
  StrBuf body = {0};
  if (has != RR_JSON_ABSENT) {
    sb_add(&body, req->body, req->n);
  } else {
    /* the object with "id" put first: {"id":ID, ...the members given} */
    const char *brace = strchr(req->body, '{');
    sb_puts(&body, "{\"id\":");
    buf_json(&body, id);
    const char *p = brace + 1;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p != '}') sb_puts(&body, ",");
    sb_puts(&body, brace + 1);
  }
  if (body.oom) { free(body.z); fail(res, 500, NULL, "out of memory"); return; }
  char why[256];
  rr_db *db = db_take(sv, why, sizeof why, RR_DB_OPEN);
  if (!db) { free(body.z); fail(res, 500, NULL, "%s", why); return; }
  rr_eval *e;
  Served *s = acquire(sv, &e, NULL);
  int changed = 0;
  const char *by = srv_query(req, "by");
  int rc = e ? rr_db_import(db, e, body.z, body.n, "http", by ? by : "rregull-serve", srv_query(req, "recorded_at"),
                            &changed)
             : RR_ENOMEM;
  if (rc == RR_OK) {
    StrBuf b = {0};
    sb_puts(&b, "{\"case_id\":");
    buf_json(&b, id);
    sb_printf(&b, ",\"changed\":%d,\"facts\":[", changed);
    const char *z = rr_db_import_changes(db);
    for (int i = 0; *z; i++) {
      size_t k = strcspn(z, "\n");
      char path[512];
      snprintf(path, sizeof path, "%.*s", (int)(k < sizeof path ? k : sizeof path - 1), z);
      if (i) sb_puts(&b, ",");
      buf_json(&b, path);
      z += k + (z[k] == '\n');
    }
    sb_puts(&b, "]}\n");
    reply(res, 200, &b);
  } else if (rc == RR_EFACTS) {
    fail_case(res, rr_db_errmsg(db));
  } else if (rc == RR_EMISUSE) {
    fail(res, 422, "recorded_at", "%s", rr_db_errmsg(db));
  } else {
    fprintf(stderr, "rregull serve: import of %s: %s\n", id, rr_db_errmsg(db));
    fail(res, 500, NULL, "the case store could not be written");
  }
  release(sv, s, e);
  db_give(sv, db);
  free(body.z);
}

/* GET /v1/cases/{id}/decision (PAGE 0) and GET /cases/{id} (PAGE 1: the
** printable case page, what `rregull explain --html --db` draws), with
** ?as_of= and the request's language; store=1 only for the decision. */
static void h_case_decision(Server *sv, const SrvReq *req, SrvRes *res, const char *id, int page) {
  char why[256];
  rr_db *db = db_take(sv, why, sizeof why, RR_DB_OPEN);
  if (!db) { fail(res, 500, NULL, "%s", why); return; }
  rr_eval *e;
  Served *s = acquire(sv, &e, !page && flag(req, "store", 0) ? NULL : req_lang(req));
  char *dec = NULL;
  const char *asOf = srv_query(req, "as_of");
  int pretty = !page && flag(req, "pretty", 1), store = !page && flag(req, "store", 0);
  if (e && store && req_lang(req) && srv_query(req, "lang")) {
    /* the store keeps decisions without texts */
    fail(res, 400, "lang", "store=1 stores the decision itself: ask for its texts without store=1");
    release(sv, s, e);
    db_give(sv, db);
    return;
  }
  if (e && !store && set_lang(e, req, res)) {
    release(sv, s, e);
    db_give(sv, db);
    return;
  }
  int rc = e ? rr_db_eval(db, e, id, asOf, pretty, store, &dec) : RR_ENOMEM;
  if (rc == RR_OK && page) take_page(res, dec);
  else if (rc == RR_OK) take_decision(res, dec, pretty);
  else if (rc == RR_ENOTFOUND) fail(res, 404, "id", "no case '%s' in the store", id);
  else if (rc == RR_EMISUSE) fail(res, 400, "as_of", "%s", unprefix(rr_db_errmsg(db), "--as-of: "));
  else if (rc == RR_EFACTS) fail_case(res, rr_eval_errmsg(e));
  else {
    fprintf(stderr, "rregull serve: decision of %s: %s\n", id, rr_db_errmsg(db));
    fail(res, 500, NULL, "the case store could not be read or written");
  }
  release(sv, s, e);
  db_give(sv, db);
}

typedef struct CaseList {
  StrBuf *b;
  const char *risk, *municipality;
  int overdue, n;
} CaseList;

static int add_summary(void *ud, const rr_case_summary *c) {
  CaseList *l = ud;
  if (l->risk && (!c->risk || strcmp(l->risk, c->risk))) return 0;
  if (l->overdue && c->overdue <= 0) return 0;
  if (l->municipality && (!c->overlay || strcmp(l->municipality, c->overlay))) return 0;
  StrBuf *b = l->b;
  sb_puts(b, l->n++ ? ",\n" : "\n");
  sb_puts(b, "{\"case_id\":");
  buf_json(b, c->caseId);
  sb_puts(b, ",\"as_of\":");
  buf_json(b, c->asOf);
  sb_puts(b, ",\"risk\":");
  buf_json(b, c->risk);
  sb_printf(b, ",\"overdue\":%d,\"hazards\":", c->overdue);
  buf_json(b, c->hazards);
  sb_puts(b, ",\"actions\":");
  buf_json(b, c->actions);
  sb_puts(b, ",\"overlay\":");
  buf_json(b, c->overlay);
  sb_puts(b, "}");
  return 0;
}

static void h_cases(Server *sv, const SrvReq *req, SrvRes *res) {
  char why[256];
  rr_db *db = db_take(sv, why, sizeof why, RR_DB_OPEN);
  if (!db) { fail(res, 500, NULL, "%s", why); return; }
  StrBuf b = {0};
  CaseList l = {&b, srv_query(req, "risk"), srv_query(req, "municipality"), flag(req, "overdue", 0), 0};
  sb_puts(&b, "{\"cases\":[");
  int rc = rr_db_summaries(db, srv_query(req, "where"), add_summary, &l);
  if (rc == RR_OK) {
    sb_printf(&b, "%s],\"count\":%d}\n", l.n ? "\n" : "", l.n);
    reply(res, 200, &b);
  } else {
    free(b.z);
    const char *msg = rr_db_errmsg(db);
    if (rc == RR_EMISUSE || !strncmp(msg, "--where: ", 9)) fail(res, 400, "where", "%s", unprefix(msg, "--where: "));
    else {
      fprintf(stderr, "rregull serve: cases: %s\n", rr_db_errmsg(db));
      fail(res, 500, NULL, "the case store could not be read");
    }
  }
  db_give(sv, db);
}

/* The member NAME of the body J (a string, or null) or else the query
** argument of that name; malloc'd, or NULL (*BAD set when the member is of
** another kind). */
static char *param(const SrvReq *req, const rr_json *j, const char *name, int *bad) {
  int kind = rr_json_kind(j, name);
  if (kind != RR_JSON_ABSENT) {
    const char *z = rr_json_string(j, name);
    if (!z && kind != RR_JSON_NULL) *bad = 1;
    return z ? strdup(z) : NULL;
  }
  const char *q = srv_query(req, name);
  return q ? strdup(q) : NULL;
}

/* A batch started over HTTP runs in a thread of its own (a job): the
** request waits until it ends, or at most ?wait= ms (1000), and answers
** its state (200 done, 202 running); GET /v1/batch/{job} tells its progress after.  The server
** keeps the last JOBS_KEPT jobs; it waits for the running ones to end
** before it stops (a batch interrupted is resumed by the next run anyway). */
enum { JOBS_KEPT = 64, JOB_STARTING = 0, JOB_RUNNING, JOB_DONE, JOB_FAILED };

typedef struct Job {
  struct Job *next;
  long id;
  int state, dry, rc;
  char *asOf, *where;
  int chunk;
  long long done, failed;
  rr_batch_result r;
  char err[512];
  char rules[80];
  Server *sv;
} Job;

static void job_progress(void *ud, long long done, long long failed) {
  Job *j = ud;
  pthread_mutex_lock(&j->sv->mu);
  j->done = done;
  j->failed = failed;
  if (j->state == JOB_STARTING) j->state = JOB_RUNNING;
  pthread_cond_broadcast(&j->sv->jobCond);
  pthread_mutex_unlock(&j->sv->mu);
}

static void *job_run(void *ud) {
  Job *j = ud;
  Server *sv = j->sv;
  char why[256];
  rr_db *db = db_take(sv, why, sizeof why, RR_DB_OPEN);
  rr_eval *e = NULL;
  Served *s = db ? acquire(sv, &e, NULL) : NULL;
  rr_batch_result r;
  memset(&r, 0, sizeof r);
  int rc = !db ? RR_EDB : !e ? RR_ENOMEM : RR_OK;
  if (rc == RR_OK) {
    snprintf(j->rules, sizeof j->rules, "%s", rr_rules_hash(s->r));
    rr_batch_options o = {j->where, j->dry, j->chunk, job_progress, NULL, j};
    rc = rr_db_batch(db, e, j->asOf, &o, &r);
  }
  pthread_mutex_lock(&sv->mu);
  j->rc = rc;
  j->r = r;
  if (rc != RR_OK) snprintf(j->err, sizeof j->err, "%s", db ? rr_db_errmsg(db) : why);
  j->state = rc == RR_OK ? JOB_DONE : JOB_FAILED;
  pthread_mutex_unlock(&sv->mu);
  if (rc != RR_OK && rc != RR_EMISUSE && strncmp(j->err, "--where: ", 9))
    fprintf(stderr, "rregull serve: batch (job %ld): %s\n", j->id, j->err);
  if (s) release(sv, s, e);
  if (db) db_give(sv, db);
  pthread_mutex_lock(&sv->mu);
  sv->running--;
  pthread_cond_broadcast(&sv->jobCond);
  pthread_mutex_unlock(&sv->mu);
  return NULL;
}

static void job_free(Job *j) {
  free(j->asOf);
  free(j->where);
  free(j);
}

/* The job's state as JSON (with mu held). */
static void job_json(StrBuf *b, const Job *j) {
  static const char *const azState[] = {"running", "running", "done", "failed"};
  sb_printf(b, "{\"job\":%ld,\"state\":\"%s\",\"dry_run\":%s,\"done\":%lld,\"failed\":%lld", j->id,
             azState[j->state], j->dry ? "true" : "false", j->state == JOB_DONE ? j->r.evaluated : j->done,
             j->state == JOB_DONE ? j->r.failed : j->failed);
  if (j->state == JOB_DONE)
    sb_printf(b, ",\"batch_id\":%lld,\"resumed\":%s,\"evaluated\":%lld,\"already_done\":%lld,\"hook_failures\":%lld,"
               "\"rules\":\"%s\"", j->r.batchId, j->r.resumed ? "true" : "false", j->r.evaluated, j->r.alreadyDone,
               j->r.hookFailures, j->rules);
  else if (j->state == JOB_FAILED)
    sb_printf(b, ",\"error\":\"the batch could not run: %s\"",
               strstr(j->err, "batch") ? "another batch is running" : "the case store could not be written");
  else
    sb_printf(b, ",\"progress\":\"/v1/batch/%ld\"", j->id);
  sb_puts(b, "}\n");
}

static void h_batch(Server *sv, const SrvReq *req, SrvRes *res) {
  rr_json *jb = NULL;
  if (req->n) {
    int rc = rr_json_parse(req->body, req->n, &jb, NULL, 0);
    if (rc == RR_ENOMEM) { fail(res, 500, NULL, "out of memory"); return; }
    if (rc != RR_OK || rr_json_kind(jb, NULL) != RR_JSON_OBJECT) {
      rr_json_free(jb);
      fail(res, 400, NULL, "the body is not a JSON object {\"as_of\", \"where\", \"dry_run\"}");
      return;
    }
  }
  int bad = 0, dry = flag(req, "dry_run", 0);
  char *asOf = param(req, jb, "as_of", &bad), *where = param(req, jb, "where", &bad);
  int kDry = rr_json_kind(jb, "dry_run");
  if (kDry != RR_JSON_ABSENT) dry = kDry == RR_JSON_TRUE;
  rr_json_free(jb);
  const char *zChunk = srv_query(req, "chunk"), *zWait = srv_query(req, "wait");
  int chunk = zChunk ? atoi(zChunk) : 0;
  long waitMs = zWait ? atol(zWait) : 1000;
  if (bad) {
    fail(res, 422, NULL, "as_of and where are strings");
  } else if (!asOf) {
    fail(res, 422, "as_of", "the batch needs as_of: an instant with its offset, or \"now\"");
  } else if (zChunk && (chunk < 1 || chunk > 100000)) {
    fail(res, 400, "chunk", "chunk is a number of cases from 1 to 100000");
  } else if (zWait && (waitMs < 0 || waitMs > 600000)) {
    fail(res, 400, "wait", "wait is a number of milliseconds from 0 to 600000");
  } else {
    Job *j = calloc(1, sizeof *j);
    pthread_t th;
    pthread_attr_t attr;
    if (!j) {
      fail(res, 500, NULL, "out of memory");
    } else {
      j->sv = sv;
      j->asOf = asOf;
      j->where = where;
      j->dry = dry;
      j->chunk = chunk;
      asOf = where = NULL;
      pthread_mutex_lock(&sv->mu);
      j->id = ++sv->nextJob;
      j->next = sv->jobs;
      sv->jobs = j;
      sv->running++;
      /* keep the newest JOBS_KEPT that have ended, and every running one */
      int kept = 0;
      for (Job **pp = &sv->jobs; *pp;) {
        Job *x = *pp;
        if (++kept > JOBS_KEPT && x->state >= JOB_DONE) { *pp = x->next; job_free(x); }
        else pp = &x->next;
      }
      pthread_mutex_unlock(&sv->mu);
      pthread_attr_init(&attr);
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      int started = pthread_create(&th, &attr, job_run, j) == 0;
      pthread_attr_destroy(&attr);
      pthread_mutex_lock(&sv->mu);
      if (!started) {
        j->state = JOB_FAILED;
        j->rc = RR_ENOMEM;
        snprintf(j->err, sizeof j->err, "no thread");
        sv->running--;
      }
      /* small batches answer when done; a longer one after WAIT ms (default 1 s) */
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_sec += waitMs / 1000;
      until.tv_nsec += (long)(waitMs % 1000) * 1000000L;
      if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
      while (j->state < JOB_DONE && pthread_cond_timedwait(&sv->jobCond, &sv->mu, &until) == 0) {}
      StrBuf b = {0};
      int st = 200;
      if (j->state == JOB_FAILED && (j->rc == RR_EMISUSE || !strncmp(j->err, "--where: ", 9))) {
        int isWhere = !strncmp(j->err, "--where: ", 9);
        char msg[512];
        snprintf(msg, sizeof msg, "%s", unprefix(unprefix(j->err, "--where: "), "--as-of: "));
        pthread_mutex_unlock(&sv->mu);
        fail(res, 422, isWhere ? "where" : "as_of", "%s", msg);
      } else {
        if (j->state == JOB_FAILED) st = 500;
        else if (j->state < JOB_DONE) st = 202;
        if (st == 500) {
          pthread_mutex_unlock(&sv->mu);
          fail(res, 500, NULL, "the batch could not run: %s",
               strstr(j->err, "batch") ? "another batch is running" : "the case store could not be written");
        } else {
          job_json(&b, j);
          pthread_mutex_unlock(&sv->mu);
          reply(res, st, &b);
        }
      }
    }
  }
  free(asOf);
  free(where);
}

/* GET /v1/batch/{job}: the state of a batch started over HTTP. */
static void h_job(Server *sv, const SrvReq *req, SrvRes *res, const char *zId) {
  (void)req;
  char *end;
  long id = strtol(zId, &end, 10);
  StrBuf b = {0};
  pthread_mutex_lock(&sv->mu);
  const Job *j = sv->jobs;
  while (j && (*end || j->id != id)) j = j->next;
  if (j) job_json(&b, j);
  pthread_mutex_unlock(&sv->mu);
  if (j) reply(res, 200, &b);
  else fail(res, 404, "job", "no batch job '%s' (the server keeps the last %d)", zId, JOBS_KEPT);
}



/* GET /v1/reports/{kind}?from=&to=[&municipality=][&format=html|csv|json]
** [&lang=][&min_cell=][&table=]: a monitoring report over the store, as
** `rregull report` writes it (rr_db_report). */
static void h_report(Server *sv, const SrvReq *req, SrvRes *res, const char *kind) {
  const char *fmt = srv_query(req, "format"), *minCell = srv_query(req, "min_cell");
  int format = !fmt || !strcmp(fmt, "json") ? RR_REPORT_JSON : !strcmp(fmt, "html") ? RR_REPORT_HTML
             : !strcmp(fmt, "csv") ? RR_REPORT_CSV : -1;
  if (format < 0) { fail(res, 400, "format", "format is html, csv or json"); return; }
  char *end = NULL;
  long mc = minCell ? strtol(minCell, &end, 10) : 0;
  if (minCell && (!*minCell || *end || mc < 1 || mc > 1000)) {
    fail(res, 400, "min_cell", "min_cell is a whole number from 1 to 1000");
    return;
  }
  rr_report_options o = {srv_query(req, "from"), srv_query(req, "to"), srv_query(req, "municipality"),
                         srv_query(req, "lang"), (int)mc, srv_query(req, "table"), NULL,
                         sv->cfg->nRules ? sv->cfg->rules[0] : NULL};   /* its po/ translate the report */
  if (!o.from || !o.to) { fail(res, 400, o.from ? "to" : "from", "a report needs from and to (YYYY-MM-DD)"); return; }
  char **names = NULL;
  int nNames = 0;
  if (rr_report_tables(kind, &names, &nNames) != RR_OK) {
    fail(res, 404, NULL, "no report '%s' (csw-semiannual, municipal-annual, national, compliance, ...)", kind);
    return;
  }
  for (int i = 0; i < nNames; i++) rr_free(names[i]);
  rr_free(names);
  char why[256];
  rr_db *db = db_take(sv, why, sizeof why, RR_DB_OPEN);
  if (!db) { fail(res, 500, NULL, "%s", why); return; }
  char *out = NULL;
  int rc = rr_db_report(db, kind, &o, format, &out);
  if (rc == RR_OK) {
    res->status = 200;
    res->body = out;
    res->n = strlen(out);
    res->freeFn = rr_free;
    res->contentType = format == RR_REPORT_HTML ? "text/html; charset=utf-8"
                     : format == RR_REPORT_CSV ? "text/csv; charset=utf-8" : "application/json";
  } else if (rc == RR_EMISUSE) {
    fail(res, 400, NULL, "%s", rr_db_errmsg(db));
  } else {
    fprintf(stderr, "rregull serve: report %s: %s\n", kind, rr_db_errmsg(db));
    fail(res, 500, NULL, "the report could not be made from the case store");
  }
  db_give(sv, db);
}

/* }==== */

/* {==== routing ======================================================= */

enum { R_GET = 1, R_POST = 2 };

/* Whether PATH (already %-decoded by the HTTP library) is PREFIX + one
** segment + SUFFIX; the segment into ID. */
static int match_id(const char *path, const char *prefix, const char *suffix, char *id, size_t nId) {
  size_t np = strlen(prefix), ns = strlen(suffix), n = strlen(path);
  if (n <= np + ns || strncmp(path, prefix, np) || strcmp(path + n - ns, suffix)) return 0;
  size_t k = n - np - ns;
  const char *seg = path + np;
  if (memchr(seg, '/', k) || k >= nId) return 0;
  memcpy(id, seg, k);
  id[k] = 0;
  return 1;
}

static void route(Server *sv, const SrvReq *req, SrvRes *res) {
  const char *p = req->path, *m = req->method;
  int method = !strcmp(m, "GET") || !strcmp(m, "HEAD") ? R_GET : !strcmp(m, "POST") ? R_POST : 0;
  char id[512];
  int allowed = 0, isCase = 0;
  enum { NONE, HEALTH, DECISIONS, RULES, RELOAD, SCASE, SDEC, OPENAPI, PRIMERO, FACTS, CASEDEC, CASES, BATCH, JOB, REPORT, PAGE, PAGEPOST } what = NONE;
  if (!strcmp(p, "/healthz")) what = HEALTH, allowed = R_GET;
  else if (!strcmp(p, "/v1/decisions")) what = DECISIONS, allowed = R_POST;
  else if (!strcmp(p, "/v1/rules")) what = RULES, allowed = R_GET;
  else if (!strcmp(p, "/v1/rules/reload")) what = RELOAD, allowed = R_POST;
  else if (!strcmp(p, "/v1/schema/case.json")) what = SCASE, allowed = R_GET;
  else if (!strcmp(p, "/v1/schema/decision.json")) what = SDEC, allowed = R_GET;
  else if (!strcmp(p, "/v1/openapi.json")) what = OPENAPI, allowed = R_GET;
  else if (!strcmp(p, "/v1/integrations/primero/case")) what = PRIMERO, allowed = R_POST;
  else if (!strcmp(p, "/v1/cases")) what = CASES, allowed = R_GET, isCase = 1;
  else if (!strcmp(p, "/v1/batch")) what = BATCH, allowed = R_POST, isCase = 1;
  else if (match_id(p, "/v1/batch/", "", id, sizeof id)) what = JOB, allowed = R_GET, isCase = 1;
  else if (match_id(p, "/v1/cases/", "/facts", id, sizeof id)) what = FACTS, allowed = R_POST, isCase = 1;
  else if (match_id(p, "/v1/cases/", "/decision", id, sizeof id)) what = CASEDEC, allowed = R_GET, isCase = 1;
  else if (match_id(p, "/v1/reports/", "", id, sizeof id)) what = REPORT, allowed = R_GET, isCase = 1;
  else if (!strcmp(p, "/cases")) what = PAGEPOST, allowed = R_POST;
  else if (match_id(p, "/cases/", "", id, sizeof id)) what = PAGE, allowed = R_GET, isCase = 1;
  if (what == NONE) {
    fail(res, 404, NULL, "no such resource (see /v1/openapi.json)");
    return;
  }
  if (method != allowed) {
    res->allow = allowed == R_GET ? "GET, HEAD" : "POST";
    fail(res, 405, NULL, "%s takes %s", p, allowed == R_GET ? "GET" : "POST");
    return;
  }
  if (req->tooLarge) {
    fail(res, 413, NULL, "the body is larger than the limit of %zu bytes", sv->cfg->bodyLimit);
    return;
  }
  if ((what == FACTS || what == CASEDEC || what == PAGE || what == REPORT || what == JOB) && !rr_json_utf8(id)) {
    fail(res, 400, "id", "the name in the URL is not UTF-8");
    return;
  }
  if (isCase && !sv->cfg->db) {
    fail(res, 404, NULL, "this server has no case store (start it with --db FILE)");
    return;
  }
  switch (what) {
    case HEALTH: h_healthz(sv, req, res); break;
    case DECISIONS: h_decisions(sv, req, res, 0); break;
    case RULES: h_rules(sv, req, res); break;
    case RELOAD: h_reload(sv, req, res); break;
    case SCASE: h_schema(sv, req, res, RR_SCHEMA_CASE); break;
    case SDEC: h_schema(sv, req, res, RR_SCHEMA_DECISION); break;
    case OPENAPI: h_openapi(sv, req, res); break;
    case PRIMERO: h_primero(sv, req, res); break;
    case FACTS: h_facts(sv, req, res, id); break;
    case CASEDEC: h_case_decision(sv, req, res, id, 0); break;
    case CASES: h_cases(sv, req, res); break;
    case BATCH: h_batch(sv, req, res); break;
    case JOB: h_job(sv, req, res, id); break;
    case REPORT: h_report(sv, req, res, id); break;
    case PAGE: h_case_decision(sv, req, res, id, 1); break;
    case PAGEPOST: h_decisions(sv, req, res, 1); break;
    default: break;
  }
}

int serve_secret_equal(const char *a, size_t na, const char *b, size_t nb) {
  /* every byte of A is read whatever B is; only A's length shows */
  volatile unsigned char diff = (unsigned char)(na != nb);
  for (size_t i = 0; i < na; i++) diff |= (unsigned char)(a[i] ^ (nb ? b[i % nb] : 0));
  return diff == 0;
}

/* Whether the request carries the token (always, when the server has none:
** on loopback).  Reload needs it in every case. */
static int authorized(const Server *sv, const SrvReq *req, int needToken) {
  const char *tok = sv->cfg->token;
  if (!tok) return !needToken;
  const char *h = srv_header(req, "Authorization");
  if (!h || strncmp(h, "Bearer ", 7)) return 0;
  h += 7;
  return serve_secret_equal(tok, sv->tokenLen, h, strlen(h));
}

/* Z for the access log, in OUT (N bytes): what the client sent may hold
** any byte (MHD decodes %0A in a path), so control characters, quotes,
** backslashes and bytes that are not UTF-8 are written as \xNN -- a line
** of the log is one request, in UTF-8.  Cut at N. */
static void log_safe(char *out, size_t n, const char *z) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)(z ? z : ""); *p && o + 5 < n; p++) {
    char one[5] = {(char)*p, 0, 0, 0, 0};
    int ok = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\';
    if (*p >= 0x80) {                 /* a whole UTF-8 character, or escaped bytes */
      int k = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 0;
      for (int j = 1; j < k; j++)
        if (!p[j]) k = 0;                /* the text ends inside it */
      if (k) {
        memcpy(one, p, (size_t)k);
        one[k] = 0;
      }
      if (k && rr_json_utf8(one) && o + (size_t)k < n) {
        memcpy(out + o, p, (size_t)k);
        o += (size_t)k;
        p += k - 1;
        continue;
      }
    }
    if (ok) out[o++] = (char)*p;
    else o += (size_t)snprintf(out + o, n - o, "\\x%02X", *p);
  }
  out[o] = 0;
}

static void handle(void *ud, const SrvReq *req, SrvRes *res) {
  Server *sv = ud;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int reloadPath = !strcmp(req->path, "/v1/rules/reload");
  tlReq.sv = sv;
  tlReq.lang = req_lang(req);
  if (strcmp(req->path, "/healthz") && !authorized(sv, req, reloadPath)) {
    res->authenticate = "Bearer realm=\"rregull\"";
    if (!sv->cfg->token) fail(res, 401, NULL, "reloading needs the server's token: start it with --token-file FILE");
    else fail(res, 401, NULL, "a bearer token is required (Authorization: Bearer TOKEN)");
  } else {
    route(sv, req, res);
  }
  tlReq.sv = NULL;              /* the language points into the request */
  tlReq.lang = NULL;
  if (!sv->cfg->quiet) {
    clock_gettime(CLOCK_MONOTONIC, &t1);
    char when[32], peer[64];
    now_iso(when, sizeof when);
    srv_peer(req, peer, sizeof peer);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    char path[1024], method[32];
    log_safe(path, sizeof path, req->path);
    log_safe(method, sizeof method, req->method);
    fprintf(stderr, "%s %s \"%s %s\" %d %zu %.3fms\n", when, peer, method, path, res->status, res->n, ms);
  }
}

/* }==== */

/* {==== the process ================================================== */

int serve_run(const ServeConfig *cfg) {
  Server sv;
  memset(&sv, 0, sizeof sv);
  sv.cfg = cfg;
  sv.tokenLen = cfg->token ? strlen(cfg->token) : 0;
  pthread_mutex_init(&sv.mu, NULL);
  pthread_mutex_init(&sv.reloadMu, NULL);
  pthread_cond_init(&sv.jobCond, NULL);
  int nErr, rc = 0;
  if (!(sv.cur = load_rules(cfg, &nErr))) return nErr ? EXIT_POLICY : EXIT_INTERNAL;
  if (cfg->db) {
    char why[256];
    rr_db *db = db_take(&sv, why, sizeof why, RR_DB_CREATE);
    if (!db) { served_free(sv.cur); return EXIT_DB; }
    db_give(&sv, db);
  }
  /* the signals are taken by this thread alone (sigwait): the server's
  ** threads, started after, inherit the mask */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  char hash[80];
  snprintf(hash, sizeof hash, "%s", rr_rules_hash(sv.cur->r));   /* before any thread can reload */
  SrvConfig hc = {cfg->host, cfg->port, cfg->threads, cfg->connLimit, cfg->timeoutSec, cfg->bodyLimit, handle, &sv};
  SrvHttp *h;
  char err[256];
  if (srv_http_start(&h, &hc, err, sizeof err)) {
    fprintf(stderr, "rregull serve: %s\n", err);
    rc = EXIT_INTERNAL;
  } else {
    int port = srv_http_port(h);
    int v6 = strchr(cfg->host, ':') != NULL;
    fprintf(stderr, "rregull serve: listening on http://%s%s%s:%d/ (%d threads, rules %s)\n", v6 ? "[" : "",
            cfg->host, v6 ? "]" : "", port, cfg->threads, hash);
    if (cfg->portFile) {
      FILE *f = fopen(cfg->portFile, "w");
      if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f)) {
        fprintf(stderr, "rregull serve: %s: cannot write the port: %s\n", cfg->portFile, strerror(errno));
        rc = EXIT_INTERNAL;
      }
    }
    while (!rc) {
      int sig = 0;
      if (sigwait(&set, &sig)) continue;
      if (sig == SIGHUP) {
        fprintf(stderr, "rregull serve: SIGHUP: reloading the rules\n");
        reload(&sv);
      } else {
        fprintf(stderr, "rregull serve: stopping\n");
        break;
      }
    }
    srv_http_stop(h);
  }
  pthread_mutex_lock(&sv.mu);
  if (sv.running) fprintf(stderr, "rregull serve: waiting for %d batch%s to end\n", sv.running, sv.running == 1 ? "" : "es");
  while (sv.running) pthread_cond_wait(&sv.jobCond, &sv.mu);
  pthread_mutex_unlock(&sv.mu);
  while (sv.jobs) {
    Job *x = sv.jobs;
    sv.jobs = x->next;
    job_free(x);
  }
  for (int i = 0; i < sv.nDb; i++) rr_db_close(sv.dbs[i]);
  free(sv.dbs);
  served_free(sv.cur);
  pthread_cond_destroy(&sv.jobCond);
  pthread_mutex_destroy(&sv.mu);
  pthread_mutex_destroy(&sv.reloadMu);
  return rc;
}

/* }==== */
