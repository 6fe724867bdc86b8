/*
** diag.c - formats diagnostics in the GNU style with a source excerpt:
**
**   rules/kosovo/hazards.rr:12:7: error: unknown fact 'work.shift'
**      12 |   when any s in work.shift: overlaps(s, 20:00 .. 06:00)
**         |                 ^~~~~~~~~~
*/
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Source lines longer than this (in bytes) are shown as a window around the
** caret. */
#define DIAG_MAX_LINE 160

void diag_init(Diag *d) { memset(d, 0, sizeof *d); }

void diag_free(Diag *d) {
  for (int i = 0; i < d->nFile; i++) {
    free(d->aFile[i].zName);
    free(d->aFile[i].zText);
  }
  free(d->aFile);
  diag_clear_messages(d);
  free(d->aMsg);
  free(d->zBuf);
  for (int i = 0; i < d->nBroken; i++) free(d->azBroken[i]);
  free(d->azBroken);
  memset(d, 0, sizeof *d);
}

int diag_add_file(Diag *d, const char *zName, char *zText, size_t nText) {
  if (d->nFile == d->nFileAlloc) {
    int n = d->nFileAlloc ? d->nFileAlloc * 2 : 16;
    SrcFile *p = realloc(d->aFile, (size_t)n * sizeof *p);
    if (!p) {
      free(zText);
      d->oom = 1;
      return -1;
    }
    d->aFile = p;
    d->nFileAlloc = n;
  }
  size_t nName = strlen(zName);
  char *zCopy = malloc(nName + 1);
  if (!zCopy) {
    free(zText);
    d->oom = 1;
    return -1;
  }
  memcpy(zCopy, zName, nName + 1);
  d->aFile[d->nFile] = (SrcFile){zCopy, zText, nText};
  return d->nFile++;
}


static void append(Diag *d, const char *z, size_t n) {
  if (!d->nMsg || d->lost) return;
  DiagMsg *m = &d->aMsg[d->nMsg - 1];
  size_t len = m->z ? strlen(m->z) : 0;
  char *p = realloc(m->z, len + n + 1);
  if (!p) {                         /* out of memory: drop the text, and say so */
    d->oom = 1;
    return;
  }
  memcpy(p + len, z, n);
  p[len + n] = 0;
  m->z = p;
}

static void new_message(Diag *d, int iFile, uint32_t off) {
  if (d->nMsg == d->nMsgAlloc) {
    int n = d->nMsgAlloc ? d->nMsgAlloc * 2 : 16;
    DiagMsg *p = realloc(d->aMsg, (size_t)n * sizeof *p);
    if (!p) {
      d->oom = 1;
      d->lost = 1;                  /* its text goes nowhere */
      return;
    }
    d->aMsg = p;
    d->nMsgAlloc = n;
  }
  d->aMsg[d->nMsg] = (DiagMsg){iFile, off, d->nMsg, NULL};
  d->nMsg++;
  d->lost = 0;
}

static void appendf(Diag *d, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static void appendf(Diag *d, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    append(d, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    d->oom = 1;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  append(d, big, (size_t)n);
  free(big);
}

/* UTF-8 continuation bytes do not start a character. */
static int is_char_start(unsigned char c) { return (c & 0xC0) != 0x80; }

void diag_locate(const Diag *d, int iFile, uint32_t off, int *pLine, int *pCol) {
  const SrcFile *f = &d->aFile[iFile];
  int line = 1, col = 1;
  if (off > f->nText) off = (uint32_t)f->nText;
  for (uint32_t i = 0; i < off; i++) {
    unsigned char c = (unsigned char)f->zText[i];
    if (c == '\n') {
      line++;
      col = 1;
    } else if (is_char_start(c)) {
      col++;
    }
  }
  *pLine = line;
  *pCol = col;
}

static void report(Diag *d, const char *zKind, int iFile, uint32_t off, uint32_t len,
                   const char *fmt, va_list ap)
#if defined(__GNUC__)
  __attribute__((format(printf, 6, 0)))
#endif
  ;
static void report(Diag *d, const char *zKind, int iFile, uint32_t off, uint32_t len,
                   const char *fmt, va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (strcmp(zKind, "note") != 0 || d->nMsg == 0) {
    new_message(d, iFile >= 0 && iFile < d->nFile ? iFile : -1, off);
  }
  if (iFile < 0 || iFile >= d->nFile) {
    appendf(d, "rregull: %s: %s\n", zKind, msg);
    return;
  }
  const SrcFile *f = &d->aFile[iFile];
  int line, col;
  if (off > f->nText) off = (uint32_t)f->nText;
  diag_locate(d, iFile, off, &line, &col);
  appendf(d, "%s:%d:%d: %s: %s\n", f->zName, line, col, zKind, msg);

  /* the source line, then a caret line that mirrors its tabs; a long line
  ** is shown as a window around the caret, cut with "..." */
  uint32_t bol = off, eol = off;
  while (bol > 0 && f->zText[bol - 1] != '\n') bol--;
  while (eol < f->nText && f->zText[eol] != '\n' && f->zText[eol] != '\r') eol++;
  uint32_t ws = bol, we = eol;
  if (eol - bol > DIAG_MAX_LINE) {
    ws = off - bol > DIAG_MAX_LINE / 3 ? off - DIAG_MAX_LINE / 3 : bol;
    while (ws > bol && !is_char_start((unsigned char)f->zText[ws])) ws--;
    we = eol - ws > DIAG_MAX_LINE ? ws + DIAG_MAX_LINE : eol;
    while (we < eol && !is_char_start((unsigned char)f->zText[we])) we++;
  }
  const char *pre = ws > bol ? "..." : "", *post = we < eol ? "..." : "";
  char num[16];
  int w = snprintf(num, sizeof num, "%d", line);
  if (w < 4) w = 4;
  appendf(d, "%*d | %s%.*s%s\n", w, line, pre, (int)(we - ws), f->zText + ws, post);
  uint32_t end = off + (len ? len : 1);
  if (end > we) end = we;
  char *caret = malloc((size_t)(end > off ? end - ws : off - ws) + 8);
  if (!caret) {
    d->oom = 1;
    return;
  }
  size_t k = 0;
  for (const char *q = pre; *q; q++) caret[k++] = ' ';
  for (uint32_t i = ws; i < off; i++) {
    unsigned char c = (unsigned char)f->zText[i];
    if (c == '\t') caret[k++] = '\t';
    else if (is_char_start(c)) caret[k++] = ' ';
  }
  caret[k++] = '^';
  for (uint32_t i = off + 1; i < end; i++) {
    if (is_char_start((unsigned char)f->zText[i])) caret[k++] = '~';
  }
  caret[k] = 0;
  appendf(d, "%*s | %s\n", w, "", caret);
  free(caret);
}

/* The same message at the same place again (a shared subtree checked for
** several rules) is not repeated. */
static int seen_before(Diag *d, int iFile, uint32_t off, const char *fmt, va_list ap)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 0)))
#endif
  ;
static int seen_before(Diag *d, int iFile, uint32_t off, const char *fmt, va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  for (int i = 0; i < d->nMsg; i++) {
    const DiagMsg *m = &d->aMsg[i];
    if (m->iFile == iFile && m->off == off && m->z && strstr(m->z, msg)) return 1;
  }
  return 0;
}

void diag_error(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int dup = seen_before(d, iFile, off, fmt, ap);
  va_end(ap);
  if (dup) return;
  d->nErr++;
  if (d->maxErr && d->nErr > d->maxErr) return;
  va_start(ap, fmt);
  report(d, "error", iFile, off, len, fmt, ap);
  va_end(ap);
  if (d->maxErr && d->nErr == d->maxErr) {
    new_message(d, d->nFile, 0);     /* sorts after every file */
    appendf(d, "rregull: too many errors; stopping after %d\n", d->maxErr);
  }
}

void diag_warning(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...) {
  d->nWarn++;
  va_list ap;
  va_start(ap, fmt);
  report(d, "warning", iFile, off, len, fmt, ap);
  va_end(ap);
}

void diag_note(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...) {
  if (d->maxErr && d->nErr > d->maxErr) return;
  va_list ap;
  va_start(ap, fmt);
  report(d, "note", iFile, off, len, fmt, ap);
  va_end(ap);
}

void diag_plain(Diag *d, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  d->nErr++;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  new_message(d, -1, 0);
  appendf(d, "rregull: error: %s\n", msg);
}

void diag_clear_messages(Diag *d) {
  for (int i = 0; i < d->nMsg; i++) free(d->aMsg[i].z);
  d->nMsg = 0;
}

static int cmp_msg(const void *pa, const void *pb) {
  const DiagMsg *a = pa, *b = pb;
  if (a->iFile != b->iFile) return a->iFile < b->iFile ? -1 : 1;
  if (a->off != b->off) return a->off < b->off ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

const char *diag_text(Diag *d) {
  size_t total = 1;
  for (int i = 0; i < d->nMsg; i++) total += d->aMsg[i].z ? strlen(d->aMsg[i].z) : 0;
  char *buf = realloc(d->zBuf, total);
  if (!buf) {
    d->oom = 1;
    return "rregull: error: out of memory\n";
  }
  d->zBuf = buf;
  if (d->nMsg > 1) qsort(d->aMsg, (size_t)d->nMsg, sizeof *d->aMsg, cmp_msg);
  size_t n = 0;
  for (int i = 0; i < d->nMsg; i++) {
    if (!d->aMsg[i].z) continue;
    size_t len = strlen(d->aMsg[i].z);
    memcpy(buf + n, d->aMsg[i].z, len);
    n += len;
  }
  buf[n] = 0;
  return buf;
}

void diag_add_broken(Diag *d, const char *z, size_t n) {
  char **v = realloc(d->azBroken, (size_t)(d->nBroken + 1) * sizeof *v);
  if (!v) {
    d->oom = 1;
    return;
  }
  d->azBroken = v;
  char *copy = malloc(n + 1);
  if (!copy) {
    d->oom = 1;
    return;
  }
  memcpy(copy, z, n);
  copy[n] = 0;
  d->azBroken[d->nBroken++] = copy;
}

int diag_is_broken(const Diag *d, const char *z) {
  for (int i = 0; i < d->nBroken; i++) if (strcmp(d->azBroken[i], z) == 0) return 1;
  return 0;
}
