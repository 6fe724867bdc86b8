/*
** test_oom.c - out of memory, everywhere it can happen: loads rules/kosovo
** and evaluates a case with the Nth allocation failing, for every N, and
** checks that each attempt either succeeds with the very same decision or
** reports RR_ENOMEM -- never a crash, an exit, a wrong answer or another
** error.  (Run under the sanitizers by `make check-asan`, it also shows that
** nothing leaks on the way out.)
**
** The allocation chokepoint is the C library's: the test is linked with
** -Wl,--wrap=malloc,... so that every allocation the engine's objects make
** goes through the wrappers below, which count and fail on demand.  The
** libraries rregull uses (SQLite, yajl, Lua) allocate on their own and
** are not failed here.
**
**   test_oom [RULES_DIR CASE.json [STEP]]   STEP > 1 samples every STEP-th N
*/
#include "unit.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rregull.h"

/* {==== the failing allocator =========================================== */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *z);
char *__real_strndup(const char *z, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *z);
char *__wrap_strndup(const char *z, size_t n);

static long nAlloc;              /* allocations so far */
static long failAt = -1;         /* the one that fails (1-based), -1 for none */
static long nFailed;             /* how many were failed */

static int fail_now(void) {
  if (++nAlloc != failAt) return 0;
  nFailed++;
  errno = ENOMEM;
  return 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return fail_now() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return n && fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *z) { return fail_now() ? NULL : __real_strdup(z); }
char *__wrap_strndup(const char *z, size_t n) { return fail_now() ? NULL : __real_strndup(z, n); }

static void arm(long at) {
  nAlloc = 0;
  failAt = at;
  nFailed = 0;
}

/* }==== */

static char *slurp(const char *path, size_t *pn) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = __real_malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap) buf = __real_realloc(buf, cap *= 2);
  }
  fclose(f);
  if (buf) buf[n] = 0;
  *pn = n;
  return buf;
}

int main(int argc, char **argv) {
  const char *rules = argc > 1 ? argv[1] : "rules/kosovo";
  const char *casePath = argc > 2 ? argv[2] : "examples/street-vendor.json";
  long step = argc > 3 ? atol(argv[3]) : 1;
  const char *paths[1] = {rules};
  size_t nCase = 0;
  char *caseJson = slurp(casePath, &nCase);
  if (!CHECK(caseJson != NULL)) return unit_done("test_oom");
  if (step < 1) step = 1;

  /* the reference: no failure */
  rr_rules *r = NULL;
  rr_eval *e = NULL;
  char *want = NULL;
  arm(-1);
  CHECK_EQ_INT(rr_rules_load(&r, paths, 1), RR_OK);
  long nLoad = nAlloc;
  CHECK_EQ_INT(rr_eval_new(&e, r), RR_OK);
  arm(-1);
  CHECK_EQ_INT(rr_eval_json(e, caseJson, nCase, 0, &want), RR_OK);
  long nEval = nAlloc;
  rr_eval_free(e);
  if (!CHECK(want != NULL)) return unit_done("test_oom");

  /* loading, the Nth allocation failing */
  long nLoadOk = 0, nLoadNomem = 0;
  for (long at = 1; at <= nLoad + 1; at += (at < 64 ? 1 : step)) {
    rr_rules *r2 = NULL;
    arm(at);
    int rc = rr_rules_load(&r2, paths, 1);
    arm(-1);
    if (rc == RR_OK) {
      nLoadOk++;
      rr_eval *e2 = NULL;
      char *got = NULL;
      if (CHECK_EQ_INT(rr_eval_new(&e2, r2), RR_OK) &&
          CHECK_EQ_INT(rr_eval_json(e2, caseJson, nCase, 0, &got), RR_OK) && !CHECK_EQ_STR(got, want))
        printf("  (loading with allocation %ld failing)\n", at);
      rr_free(got);
      rr_eval_free(e2);
    } else {
      nLoadNomem++;
      if (!CHECK_EQ_INT(rc, RR_ENOMEM)) printf("  (allocation %ld): %s\n", at, rr_rules_errors(r2));
      else if (!CHECK(r2 == NULL || strstr(rr_rules_errors(r2), "out of memory") != NULL)) printf("  (allocation %ld): %s\n", at, rr_rules_errors(r2));
    }
    rr_rules_free(r2);
  }

  /* a new evaluation context and an evaluation, the Nth allocation failing */
  long nEvalOk = 0, nEvalNomem = 0;
  for (long at = 1; at <= nEval + 8; at++) {
    rr_eval *e2 = NULL;
    char *got = NULL;
    arm(at);
    int rc = rr_eval_new(&e2, r);
    if (rc == RR_OK) rc = rr_eval_json(e2, caseJson, nCase, 0, &got);
    arm(-1);
    if (rc == RR_OK) {
      nEvalOk++;
      if (!CHECK_EQ_STR(got, want)) printf("  (evaluating with allocation %ld failing)\n", at);
    } else {
      nEvalNomem++;
      if (!CHECK_EQ_INT(rc, RR_ENOMEM)) printf("  (allocation %ld): %s\n", at, rr_eval_errmsg(e2));
    }
    rr_free(got);
    rr_eval_free(e2);
  }
  printf("loading: %ld allocations, every %s failed: %ld loads refused (RR_ENOMEM), %ld recovered\n", nLoad,
         step == 1 ? "one" : "sampled one", nLoadNomem, nLoadOk);
  printf("evaluating: %ld allocations: %ld refused, %ld recovered\n", nEval, nEvalNomem, nEvalOk);
  rr_free(want);
  rr_rules_free(r);
  free(caseJson);
  return unit_done("test_oom");
}
