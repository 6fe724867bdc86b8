/*
** arena.c - bump allocator.  Blocks grow geometrically; a request larger than
** a block gets a block of its own.  arena_reset keeps the newest (largest)
** block so that per-case arenas stop calling malloc once they are warm.
*/
#include "arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
  ArenaBlock *next;
  size_t size, used;
  /* payload follows, 16-byte aligned */
};

#define HDR ((sizeof(ArenaBlock) + 15u) & ~(size_t)15u)
#define FIRST_BLOCK 8192u

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->nBytes = 0;
  a->failed = 0;
}

void arena_reset(Arena *a) {
  ArenaBlock *keep = a->head, *b;      /* the newest block is the largest */
  if (!keep) return;
  b = keep->next;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  keep->next = NULL;
  memset((char *)keep + HDR, 0, keep->used);
  keep->used = 0;
  a->nBytes = 0;
  a->failed = 0;
}

void *arena_alloc(Arena *a, size_t n) {
  ArenaBlock *b = a->head;
  if (n > (size_t)-1 - 64) n = (size_t)-1 - 64;     /* fails below rather than wrapping */
  n = (n + 15u) & ~(size_t)15u;
  if (n == 0) n = 16;
  if (!b || b->size - b->used < n) {
    size_t size = b ? b->size * 2 : FIRST_BLOCK;
    if (size < n) size = n;
    /* calloc, not malloc + memset: a large block comes zeroed from the
    ** system without its pages being touched until they are used */
    b = size <= (size_t)-1 - HDR ? calloc(1, HDR + size) : NULL;
    if (!b) {
      a->failed = 1;
      if (a->jmp) longjmp(*(jmp_buf *)a->jmp, 1);
      return NULL;
    }
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b + HDR + b->used;
  b->used += n;
  a->nBytes += n;
  return p;
}

char *arena_strndup(Arena *a, const char *z, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (p) {
    memcpy(p, z, n);
    p[n] = 0;
  }
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  char small[256];
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  if ((size_t)n < sizeof small) {
    memcpy(p, small, (size_t)n + 1);
  } else {
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return p;
}
