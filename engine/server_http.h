/*
** server_http.h - the HTTP layer of `rregull serve` (server_http.c, the one
** file that includes libmicrohttpd): a daemon with a thread pool that reads
** each request whole (within a body limit) and hands it to one handler.
*/
#ifndef RR_SERVER_HTTP_H
#define RR_SERVER_HTTP_H

#include <stddef.h>

typedef struct SrvHttp SrvHttp;

/* One request, valid during the handler's call. */
typedef struct SrvReq {
  const char *method;     /* "GET", "POST"... */
  const char *path;       /* "/v1/decisions", without the query */
  const char *body;       /* NUL-terminated; "" when none */
  size_t n;
  int tooLarge;           /* the body was over the limit (BODY is then "") */
  void *conn;             /* the library's connection, for srv_query and srv_header */
} SrvReq;

/* The handler's answer: BODY (may be NULL) is freed with FREEFN after it is
** sent (free when FREEFN is NULL). */
typedef struct SrvRes {
  int status;
  char *body;
  size_t n;
  void (*freeFn)(void *);
  const char *contentType;  /* default application/json */
  const char *allow;        /* an Allow header (405), or NULL */
  const char *authenticate; /* a WWW-Authenticate header (401), or NULL */
} SrvRes;

typedef void (*SrvHandler)(void *ud, const SrvReq *req, SrvRes *res);

typedef struct SrvConfig {
  const char *host;         /* a numeric IPv4 or IPv6 address */
  int port;                 /* 0: any free port (srv_http_port tells which) */
  int threads;              /* the pool's threads (at least 1) */
  unsigned connLimit;       /* connections at once */
  unsigned timeoutSec;      /* an idle connection is closed after it */
  size_t bodyLimit;         /* bytes of a request body */
  SrvHandler fn;
  void *ud;
} SrvConfig;

/* Starts the daemon; 0, or -1 with a message in ERR. */
int  srv_http_start(SrvHttp **out, const SrvConfig *cfg, char *err, size_t nErr);
int  srv_http_port(const SrvHttp *h);
void srv_http_stop(SrvHttp *h);

/* A query argument ("as_of" of "?as_of=..."), decoded, or NULL. */
const char *srv_query(const SrvReq *req, const char *key);
/* A request header, or NULL. */
const char *srv_header(const SrvReq *req, const char *key);
/* The client's address, numeric, into BUF ("?" when unknown). */
void srv_peer(const SrvReq *req, char *buf, size_t n);

#endif
