/*
** test_load.c - unit tests of what loading a rule set computes lazily or
** more cheaply than it did: the rule set's hash (computed when first asked
** for, once, by whichever thread asks first) and the working calendar's
** Hijri dates.  Standalone main.
*/
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "ruleset.h"

static const char *const policy =
  "calendar kosovo \"Kosovo\" zone \"Europe/Belgrade\"\n"
  "facts child { age: int }\n"
  "defaults effective 2013-01-01\n";

static int load2(RuleSet *rs, const char *name, const char *text) {
  const char *names[1] = {name};
  const char *texts[1] = {text};
  int n = ruleset_load_texts(rs, names, texts, 1);
  if (n) printf("%s", diag_text(&rs->diag));
  return n;
}

/* ---- the hash ----------------------------------------------------------- */

enum { N_THREADS = 8 };

typedef struct Asker {
  const RuleSet *rs;
  pthread_barrier_t *go;
  const char *z;
} Asker;

static void *ask(void *arg) {
  Asker *a = arg;
  pthread_barrier_wait(a->go);
  a->z = ruleset_hash(a->rs);
  return NULL;
}

static int is_hex64(const char *z) {
  if (!z || strlen(z) != 64) return 0;
  for (int i = 0; i < 64; i++) if (!strchr("0123456789abcdef", z[i])) return 0;
  return 1;
}

static void test_hash(void) {
  RuleSet a, b, c;
  CHECK_EQ_INT(load2(&a, "dir/policy.rr", policy), 0);
  CHECK_EQ_INT(atomic_load(&a.hashReady), 0);          /* loading does not hash */

  /* threads asking at once all get the one hash, computed once */
  pthread_t t[N_THREADS];
  Asker as[N_THREADS];
  pthread_barrier_t go;
  pthread_barrier_init(&go, NULL, N_THREADS);
  for (int i = 0; i < N_THREADS; i++) {
    as[i] = (Asker){&a, &go, NULL};
    CHECK_EQ_INT(pthread_create(&t[i], NULL, ask, &as[i]), 0);
  }
  for (int i = 0; i < N_THREADS; i++) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&go);
  CHECK(is_hex64(as[0].z));
  for (int i = 1; i < N_THREADS; i++) CHECK_EQ_STR(as[i].z, as[0].z);
  CHECK_EQ_INT(atomic_load(&a.hashReady), 1);
  char first[65];
  snprintf(first, sizeof first, "%s", ruleset_hash(&a));
  CHECK_EQ_STR(ruleset_hash(&a), first);                /* asked again: the same */

  /* the same file from another directory: the same hash; another text: another */
  CHECK_EQ_INT(load2(&b, "elsewhere/policy.rr", policy), 0);
  CHECK_EQ_STR(ruleset_hash(&b), first);
  char other[512];
  snprintf(other, sizeof other, "%s# one more line\n", policy);
  CHECK_EQ_INT(load2(&c, "dir/policy.rr", other), 0);
  CHECK(is_hex64(ruleset_hash(&c)));
  CHECK(strcmp(ruleset_hash(&c), first) != 0);
  ruleset_free(&a);
  ruleset_free(&b);
  ruleset_free(&c);
}

int main(void) {
  test_hash();
  return unit_done("test_load");
}
