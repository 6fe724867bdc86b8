/*
** arena.h - bump allocation for things that live and die together: the
** syntax tree and compiled form of a rule set, the facts of one case, the
** text of one rendered decision.  Freed in one call; nothing inside is freed
** on its own.
*/
#ifndef RR_ARENA_H
#define RR_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;     /* newest block */
  size_t nBytes;        /* bytes handed out, for statistics */
  int failed;           /* set once an allocation failed (sticky until reset) */
  void *jmp;            /* a jmp_buf *: when set, a failed allocation longjmps
                        ** there (after setting FAILED) instead of returning
                        ** NULL: the parser and the checker, whose builders
                        ** never see NULL, unwind to their entry point */
} Arena;

void  arena_init(Arena *a);
void  arena_free(Arena *a);        /* releases every block; the arena is reusable */
void  arena_reset(Arena *a);       /* keeps the largest block, forgets the rest */
void *arena_alloc(Arena *a, size_t n);        /* zeroed, 16-byte aligned; NULL on OOM */
char *arena_strndup(Arena *a, const char *z, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

#endif
