/*
** strmap.c - a map from names to small integers, in an arena (strmap.h).
*/
#include "strmap.h"

#include <string.h>

static unsigned hash_str(const char *z) {
  unsigned h = 2166136261u;
  while (*z) h = (h ^ (unsigned char)*z++) * 16777619u;
  return h;
}

int strmap_get(const StrMap *m, const char *z) {
  if (!m->cap) return -1;
  unsigned i = hash_str(z) & (unsigned)(m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], z) == 0) return m->vals[i];
    i = (i + 1) & (unsigned)(m->cap - 1);
  }
  return -1;
}

/* Grows in the arena (the old slots are left there: a few kilobytes). */
void strmap_put(StrMap *m, const char *z, int v) {
  if ((m->n + 1) * 2 > m->cap) {
    StrMap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = arena_alloc(m->a, (size_t)m->cap * sizeof *m->keys);
    m->vals = arena_alloc(m->a, (size_t)m->cap * sizeof *m->vals);
    m->n = 0;
    for (int i = 0; i < old.cap; i++) if (old.keys[i]) strmap_put(m, old.keys[i], old.vals[i]);
  }
  unsigned i = hash_str(z) & (unsigned)(m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], z) == 0) { m->vals[i] = v; return; }
    i = (i + 1) & (unsigned)(m->cap - 1);
  }
  m->keys[i] = z;
  m->vals[i] = v;
  m->n++;
}
