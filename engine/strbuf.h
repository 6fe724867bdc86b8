/*
** strbuf.h - a growing text: appends that may fail.  When memory runs
** out the text is freed, Z becomes NULL and OOM is set; later appends do
** nothing.  The caller frees Z (free(NULL) is fine).  Used by the engine
** and by the command's own files for texts they build (reports, filters,
** the server's answers).
*/
#ifndef RR_STRBUF_H
#define RR_STRBUF_H

#include <stddef.h>

typedef struct StrBuf {
  char *z;                /* NUL-terminated once anything was added */
  size_t n, cap;
  int oom;
} StrBuf;

void sb_add(StrBuf *b, const char *z, size_t n);
void sb_puts(StrBuf *b, const char *z);
void sb_printf(StrBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

#endif
