/*
** server_http.c - the HTTP layer of `rregull serve` on libmicrohttpd (the
** only file that includes it): a daemon whose internal thread pool reads
** each request's body whole, up to a limit (beyond it the handler is told,
** and answers 413 without the rest being kept), then calls the server's one
** handler and sends what it answers.
**
** libmicrohttpd is opened with dlopen when a server starts, not linked: it
** brings GnuTLS and eight more libraries whose loading, relocation and
** initialisation every other command would pay at its start (about 40% of
** a `rregull version`).  Its header still declares every function used.
*/
#include <arpa/inet.h>
#include <dlfcn.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "server_http.h"

#if MHD_VERSION < 0x00097002
typedef int MHD_Result_t;
#else
typedef enum MHD_Result MHD_Result_t;
#endif

/* {==== the library, opened once ========================================= */

#define MHD_FUNCTIONS(X)                                                     \
  X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_get_daemon_info)              \
  X(MHD_lookup_connection_value) X(MHD_get_connection_info)                  \
  X(MHD_create_response_from_buffer)                                         \
  X(MHD_create_response_from_buffer_with_free_callback)                      \
  X(MHD_add_response_header) X(MHD_queue_response) X(MHD_destroy_response)

static struct {
#define X(f) __typeof__(f) *f;
  MHD_FUNCTIONS(X)
#undef X
} mhd;
static pthread_once_t mhdOnce = PTHREAD_ONCE_INIT;
static char mhdErr[300];         /* empty: every function found */

static void mhd_open(void) {
  static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
  void *lib = NULL;
  for (size_t i = 0; i < sizeof names / sizeof names[0] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    snprintf(mhdErr, sizeof mhdErr, "cannot load libmicrohttpd (libmicrohttpd12): %s", why ? why : "not found");
    return;
  }
#define X(f)                                                                 \
  if (!mhdErr[0] && !(*(void **)&mhd.f = dlsym(lib, #f)))                    \
    snprintf(mhdErr, sizeof mhdErr, "libmicrohttpd has no %s", #f);
  MHD_FUNCTIONS(X)
#undef X
}

/* every call below goes through the table */
#define MHD_start_daemon (*mhd.MHD_start_daemon)
#define MHD_stop_daemon (*mhd.MHD_stop_daemon)
#define MHD_get_daemon_info (*mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value (*mhd.MHD_lookup_connection_value)
#define MHD_get_connection_info (*mhd.MHD_get_connection_info)
#define MHD_create_response_from_buffer (*mhd.MHD_create_response_from_buffer)
#define MHD_create_response_from_buffer_with_free_callback (*mhd.MHD_create_response_from_buffer_with_free_callback)
#define MHD_add_response_header (*mhd.MHD_add_response_header)
#define MHD_queue_response (*mhd.MHD_queue_response)
#define MHD_destroy_response (*mhd.MHD_destroy_response)

/* }==== */

struct SrvHttp {
  struct MHD_Daemon *d;
  SrvConfig cfg;
};

/* A request being read. */
typedef struct Pending {
  char *buf;
  size_t n, cap;
  int tooLarge;
  int answered;
} Pending;

const char *srv_query(const SrvReq *req, const char *key) {
  return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *srv_header(const SrvReq *req, const char *key) {
  return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, key);
}

void srv_peer(const SrvReq *req, char *buf, size_t n) {
  const union MHD_ConnectionInfo *i = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(buf, n, "?");
  if (!i || !i->client_addr) return;
  const struct sockaddr *sa = i->client_addr;
  if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, (socklen_t)n);
  else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, (socklen_t)n);
}

static void free_buf(void *p) { free(p); }

/* Calls the handler and queues its answer. */
static MHD_Result_t answer(SrvHttp *h, struct MHD_Connection *c, const char *method, const char *url,
                           Pending *p) {
  SrvReq req = {method, url, p->buf && !p->tooLarge ? p->buf : "", p->tooLarge ? 0 : p->n, p->tooLarge, c};
  SrvRes res = {500, NULL, 0, NULL, NULL, NULL, NULL};
  h->cfg.fn(h->cfg.ud, &req, &res);
  struct MHD_Response *r;
  if (res.body) {
    r = MHD_create_response_from_buffer_with_free_callback(res.n, res.body, res.freeFn ? res.freeFn : free_buf);
  } else {
    static char empty[1];
    r = MHD_create_response_from_buffer(0, empty, MHD_RESPMEM_PERSISTENT);
  }
  if (!r) {
    if (res.body) (res.freeFn ? res.freeFn : free_buf)(res.body);
    return MHD_NO;
  }
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res.contentType ? res.contentType : "application/json");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (res.allow) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res.allow);
  if (res.authenticate) MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, res.authenticate);
  MHD_Result_t rc = MHD_queue_response(c, (unsigned)res.status, r);
  MHD_destroy_response(r);
  p->answered = 1;
  return rc;
}

static MHD_Result_t on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *size, void **state) {
  (void)version;
  SrvHttp *h = cls;
  Pending *p = *state;
  if (!p) {
    if (!(p = calloc(1, sizeof *p))) return MHD_NO;
    *state = p;
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (len && strtoull(len, NULL, 10) > h->cfg.bodyLimit) {
      p->tooLarge = 1;        /* answered now: the body is never read */
      return answer(h, c, method, url, p);
    }
    return MHD_YES;
  }
  if (*size) {
    if (!p->tooLarge && !p->answered) {
      if (p->n + *size > h->cfg.bodyLimit) {
        p->tooLarge = 1;
        free(p->buf);
        p->buf = NULL;
        p->n = p->cap = 0;
      } else {
        if (p->n + *size + 1 > p->cap) {
          size_t cap = p->cap ? p->cap : 4096;
          while (cap < p->n + *size + 1) cap *= 2;
          char *nb = realloc(p->buf, cap);
          if (!nb) return MHD_NO;
          p->buf = nb;
          p->cap = cap;
        }
        memcpy(p->buf + p->n, data, *size);
        p->n += *size;
        p->buf[p->n] = 0;
      }
    }
    *size = 0;
    return MHD_YES;
  }
  if (p->answered) return MHD_YES;
  return answer(h, c, method, url, p);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why) {
  (void)cls;
  (void)c;
  (void)why;
  Pending *p = *state;
  if (p) {
    free(p->buf);
    free(p);
    *state = NULL;
  }
}

int srv_http_start(SrvHttp **out, const SrvConfig *cfg, char *err, size_t nErr) {
  *out = NULL;
  pthread_once(&mhdOnce, mhd_open);
  if (mhdErr[0]) {
    snprintf(err, nErr, "%s", mhdErr);
    return -1;
  }
  SrvHttp *h = calloc(1, sizeof *h);
  if (!h) {
    snprintf(err, nErr, "out of memory");
    return -1;
  }
  h->cfg = *cfg;
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
  memset(&a4, 0, sizeof a4);
  memset(&a6, 0, sizeof a6);
  if (inet_pton(AF_INET, cfg->host, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((unsigned short)cfg->port);
    sa = (struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, cfg->host, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((unsigned short)cfg->port);
    sa = (struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    snprintf(err, nErr, "'%s' is not a numeric IPv4 or IPv6 address", cfg->host);
    free(h);
    return -1;
  }
  h->d = MHD_start_daemon(flags, (unsigned short)cfg->port, NULL, NULL, on_request, h,
                          MHD_OPTION_SOCK_ADDR, sa,
                          MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 1 ? cfg->threads : 1),
                          MHD_OPTION_CONNECTION_LIMIT, cfg->connLimit,
                          MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeoutSec,
                          MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                          MHD_OPTION_END);
  if (!h->d) {
    snprintf(err, nErr, "cannot listen on %s port %d (in use, or not an address of this machine)", cfg->host,
             cfg->port);
    free(h);
    return -1;
  }
  *out = h;
  return 0;
}

int srv_http_port(const SrvHttp *h) {
  const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  return i ? (int)i->port : -1;
}

void srv_http_stop(SrvHttp *h) {
  if (!h) return;
  MHD_stop_daemon(h->d);
  free(h);
}
