/*
** strbuf.c - a growing text (strbuf.h): appends, printf, and what
** happens when memory runs out.
*/
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lost(StrBuf *b) {
  free(b->z);
  b->z = NULL;
  b->n = b->cap = 0;
  b->oom = 1;
}

void sb_add(StrBuf *b, const char *z, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->z, cap);
    if (!p) { lost(b); return; }
    b->z = p;
    b->cap = cap;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
}

void sb_puts(StrBuf *b, const char *z) { sb_add(b, z, strlen(z)); }

void sb_printf(StrBuf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (k < 0) { lost(b); return; }
  if ((size_t)k < sizeof small) { sb_add(b, small, (size_t)k); return; }
  char *big = malloc((size_t)k + 1);
  if (!big) { lost(b); return; }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)k + 1, fmt, ap);
  va_end(ap);
  sb_add(b, big, (size_t)k);
  free(big);
}
