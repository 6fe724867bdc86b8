/*
** po.c - reads a gettext PO file with libgettextpo (the one file that
** includes gettext-po.h) into a catalog keyed by (msgctxt, msgid).
**
** libgettextpo reports problems through a handler without user data, and a
** fatal one must not return: the handler longjmps to po_load through a
** thread-local jump buffer, set only during the read.  Its parser keeps
** global state, so reads are serialised by one mutex: the library's only
** global, and held only while a file is read.  (libgettextpo exits when
** memory runs out: xmalloc.)
*/
#include "po.h"

#include <gettext-po.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t readLock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local jmp_buf *t_jmp;
static _Thread_local char *t_err;
static _Thread_local size_t t_nErr;
static _Thread_local int t_failed;

static void note_error(int severity, const char *zFile, size_t line, const char *zText) {
  if (severity == PO_SEVERITY_WARNING || t_failed) return;
  t_failed = 1;
  if (zFile && line != (size_t)-1) snprintf(t_err, t_nErr, "%s:%zu: %s", zFile, line, zText);
  else snprintf(t_err, t_nErr, "%s%s%s", zFile ? zFile : "", zFile ? ": " : "", zText);
  size_t n = strlen(t_err);
  while (n && t_err[n - 1] == '\n') t_err[--n] = 0;
}

static void on_xerror(int severity, po_message_t m, const char *zFile, size_t line, size_t col, int multi,
                      const char *zText) {
  (void)m, (void)col, (void)multi;
  note_error(severity, zFile, line, zText);
  if (severity == PO_SEVERITY_FATAL_ERROR) longjmp(*t_jmp, 1);
}

static void on_xerror2(int severity, po_message_t m1, const char *zFile1, size_t line1, size_t col1, int multi1,
                       const char *zText1, po_message_t m2, const char *zFile2, size_t line2, size_t col2,
                       int multi2, const char *zText2) {
  (void)m2, (void)zFile2, (void)line2, (void)col2, (void)multi2, (void)zText2;
  on_xerror(severity, m1, zFile1, line1, col1, multi1, zText1);
}

static const struct po_xerror_handler handler = {on_xerror, on_xerror2};

static const char *key(Arena *a, const char *zCtxt, const char *zMsgid) {
  return arena_printf(a, "%s\004%s", zCtxt, zMsgid);
}

static const char *dup(Arena *a, const char *z) { return z ? arena_strndup(a, z, strlen(z)) : ""; }

static int po_load_locked(PoCatalog *c, const char *zPath, char *zErr, size_t nErr);

int po_load(PoCatalog *c, const char *zPath, char *zErr, size_t nErr) {
  pthread_mutex_lock(&readLock);
  int rc = po_load_locked(c, zPath, zErr, nErr);
  pthread_mutex_unlock(&readLock);
  return rc;
}

static int po_load_locked(PoCatalog *c, const char *zPath, char *zErr, size_t nErr) {
  memset(c, 0, sizeof *c);
  arena_init(&c->a);
  c->byKey.a = c->byCtxt.a = &c->a;
  jmp_buf jb;
  jmp_buf *volatile saved = t_jmp;
  po_file_t volatile f = NULL;
  t_jmp = &jb;
  t_err = zErr;
  t_nErr = nErr;
  t_failed = 0;
  zErr[0] = 0;
  if (setjmp(jb)) {
    t_jmp = saved;
    if (f) po_file_free(f);
    return -1;
  }
  f = po_file_read(zPath, &handler);
  if (!f || t_failed) {
    if (!t_failed) snprintf(zErr, nErr, "%s: cannot be read", zPath);
    t_jmp = saved;
    if (f) po_file_free(f);
    return -1;
  }
  c->zPath = dup(&c->a, zPath);
  const char *zHeader = po_file_domain_header(f, NULL);
  char *zLang = zHeader ? po_header_field(zHeader, "Language") : NULL;
  c->zLang = dup(&c->a, zLang ? zLang : "");
  free(zLang);
  int cap = 0;
  po_message_iterator_t it = po_message_iterator(f, NULL);
  po_message_t m;
  int oom = 0;
  while ((m = po_next_message(it)) != NULL && !oom) {
    const char *zId = po_message_msgid(m);
    if (po_message_is_obsolete(m) || !zId || !*zId) continue;     /* the header */
    if (c->nEnt == cap) {
      cap = cap ? cap * 2 : 512;
      PoEntry *v = arena_alloc(&c->a, (size_t)cap * sizeof *v);
      if (!v) { oom = 1; break; }
      if (c->nEnt) memcpy(v, c->aEnt, (size_t)c->nEnt * sizeof *v);
      c->aEnt = v;
    }
    PoEntry *e = &c->aEnt[c->nEnt];
    memset(e, 0, sizeof *e);
    e->zCtxt = dup(&c->a, po_message_msgctxt(m));
    e->zMsgid = dup(&c->a, zId);
    e->fuzzy = po_message_is_fuzzy(m);
    if (po_message_msgid_plural(m)) {
      for (int k = 0; k < PO_MAX_PLURAL; k++) {
        const char *z = po_message_msgstr_plural(m, k);
        if (!z) break;
        e->azPlural[e->nPlural++] = dup(&c->a, z);
      }
      e->zMsgstr = e->nPlural ? e->azPlural[0] : "";
    } else {
      e->zMsgstr = dup(&c->a, po_message_msgstr(m));
    }
    po_filepos_t pos = po_message_filepos(m, 0);
    e->line = pos ? (int)po_filepos_start_line(pos) : 0;
    const char *k = key(&c->a, e->zCtxt, e->zMsgid);
    if (!k || c->a.failed) { oom = 1; break; }
    strmap_put(&c->byKey, k, c->nEnt);
    if (strmap_get(&c->byCtxt, e->zCtxt) < 0) strmap_put(&c->byCtxt, e->zCtxt, c->nEnt);
    c->nEnt++;
  }
  po_message_iterator_free(it);
  po_file_free(f);
  t_jmp = saved;
  if (oom || c->a.failed) {
    snprintf(zErr, nErr, "%s: out of memory", zPath);
    return -1;
  }
  return 0;
}

void po_free(PoCatalog *c) {
  arena_free(&c->a);
  memset(c, 0, sizeof *c);
}

const PoEntry *po_find(const PoCatalog *c, const char *zCtxt, const char *zMsgid) {
  if (!c->nEnt) return NULL;
  char buf[512];
  size_t nc = strlen(zCtxt), nm = strlen(zMsgid);
  int i;
  if (nc + nm + 2 <= sizeof buf) {
    memcpy(buf, zCtxt, nc);
    buf[nc] = '\004';
    memcpy(buf + nc + 1, zMsgid, nm + 1);
    i = strmap_get(&c->byKey, buf);
  } else {
    char *z = malloc(nc + nm + 2);
    if (!z) return NULL;
    memcpy(z, zCtxt, nc);
    z[nc] = '\004';
    memcpy(z + nc + 1, zMsgid, nm + 1);
    i = strmap_get(&c->byKey, z);
    free(z);
  }
  if (i < 0 || !c->aEnt[i].zMsgstr[0]) return NULL;
  return &c->aEnt[i];
}

int po_has_ctxt(const PoCatalog *c, const char *zCtxt) { return c->nEnt && strmap_get(&c->byCtxt, zCtxt) >= 0; }

const PoEntry *po_find_ctxt(const PoCatalog *c, const char *zCtxt) {
  int i = c->nEnt ? strmap_get(&c->byCtxt, zCtxt) : -1;
  if (i < 0 || !c->aEnt[i].zMsgstr[0]) return NULL;
  return &c->aEnt[i];
}
