/*
** strmap.h - a map from names to small integers, in an arena.
**
** The checker's symbol tables (rules, lets, functions, types, sources) are
** StrMaps: open addressing on an FNV-1a hash, grown by doubling.  Keys are
** not copied: they must live as long as the map (the program's arena).
*/
#ifndef RR_STRMAP_H
#define RR_STRMAP_H

#include "arena.h"

typedef struct StrMap {
  Arena *a;               /* where the slots are allocated (set before the first put) */
  const char **keys;
  int *vals;
  int cap, n;
} StrMap;

/* The value of Z, or -1 when Z is not in M. */
int  strmap_get(const StrMap *m, const char *z);
/* Sets Z to V (replacing any value it had).  Allocates in M's arena, which
** longjmps when memory runs out. */
void strmap_put(StrMap *m, const char *z, int v);

#endif
