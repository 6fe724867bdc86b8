/*
** unit.h - a tiny assertion kit for the standalone unit tests.  CHECK* print
** "file:line: FAIL ..." on stdout and count; unit_done() prints the tally
** "NAME: N checks, M failed" and gives the exit status.
*/
#ifndef RR_UNIT_H
#define RR_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_checks, unit_failed;

/* Count one check; print where it failed.  Returns OK. */
static inline int unit_check_at(const char *file, int line, int ok,
                                const char *expr) {
  unit_checks++;
  if (!ok) {
    unit_failed++;
    printf("%s:%d: FAIL %s\n", file, line, expr);
  }
  return ok;
}

static inline int unit_eq_int_at(const char *file, int line, long long got,
                                 long long want, const char *expr) {
  unit_checks++;
  if (got != want) {
    unit_failed++;
    printf("%s:%d: FAIL %s: got %lld, expected %lld\n", file, line, expr, got,
           want);
    return 0;
  }
  return 1;
}

static inline int unit_eq_str_at(const char *file, int line, const char *got,
                                 const char *want, const char *expr) {
  unit_checks++;
  if (!got || !want || strcmp(got, want) != 0) {
    unit_failed++;
    printf("%s:%d: FAIL %s: got \"%s\", expected \"%s\"\n", file, line, expr,
           got ? got : "(null)", want ? want : "(null)");
    return 0;
  }
  return 1;
}

/* Print the tally; the result is main's exit status. */
static inline int unit_done(const char *name) {
  printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failed);
  return unit_failed ? 1 : 0;
}

#define CHECK(cond) unit_check_at(__FILE__, __LINE__, (cond) != 0, #cond)
#define CHECK_EQ_INT(a, b) \
  unit_eq_int_at(__FILE__, __LINE__, (long long)(a), (long long)(b), #a " == " #b)
#define CHECK_EQ_STR(a, b) \
  unit_eq_str_at(__FILE__, __LINE__, (a), (b), #a " == " #b)

#endif
