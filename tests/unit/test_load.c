/*
** test_load.c - unit tests of what loading a rule set computes lazily or
** more cheaply than it did: the rule set's hash (computed when first asked
** for, once, by whichever thread asks first), the working calendar's
** Hijri dates, and a string token's text (copied in runs between escapes).
** Standalone main.
*/
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "hijri.h"
#include "parse.h"
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

/* ---- the calendar -------------------------------------------------------- */

/* A calendar over the engine's whole range: its Hijri days (asked of ICU
** once per Hijri year and cached) are those ICU gives year by year; an
** Easter offset that crosses into the year before and the substitutes keep
** the table sorted. */
static const char *const calendar =
  "calendar kosovo \"Kosovo\" zone \"Europe/Belgrade\"\n"
  "  covers 1900-01-01 onward\n"
  "  holiday fitr \"Fitr\" on 1 shawwal in \"islamic-umalqura\"\n"
  "  holiday adha \"Adha\" on 10 dhu_al_hijjah in \"islamic-umalqura\"\n"
  "  holiday early \"Early\" on easter - 100 days\n"
  "  holiday new_year \"New Year\" on 1 january\n"
  "  holiday adha 2024-06-16 official\n"
  "  substitute next working day \"for\"\n"
  "facts child { age: int }\n"
  "defaults effective 2013-01-01\n";

/* How many days of the table are NAME in its own right (not a substitute). */
static int count_named(const Program *p, const char *zName) {
  int n = 0;
  for (int i = 0; i < p->nHoliday; i++) {
    if (!p->azHolidayFor[i] && strstr(p->azHolidayName[i], zName)) n++;
  }
  return n;
}

static void test_calendar(void) {
  RuleSet rs;
  if (!CHECK_EQ_INT(load2(&rs, "calendar.rr", calendar), 0)) {
    ruleset_free(&rs);
    return;
  }
  const Program *p = &rs.prog;
  CHECK(p->nHoliday > 500);
  int sorted = 1;
  for (int i = 1; i < p->nHoliday; i++) if (p->aHoliday[i - 1] >= p->aHoliday[i]) sorted = 0;
  CHECK(sorted);

  /* every weekday Eid ICU gives, year by year, is in the table, and no other */
  RrHijri *h = NULL;
  CHECK_EQ_INT(rr_hijri_open("islamic-umalqura", &h), 0);
  int want[2] = {0, 0}, missing = 0;
  const int months[2] = {10, 12}, days[2] = {1, 10};
  const char *names[2] = {"Fitr", "Adha"};
  for (int k = 0; h && k < 2; k++) {
    for (int year = 1900; year <= 2100; year++) {   /* onward: through 2099, and the year after */
      RrDate out[2];
      int n = rr_hijri_in_year(h, months[k], days[k], year, out);
      CHECK(n >= 0);
      for (int j = 0; j < n; j++) {
        if (k == 1 && year == 2024) out[j] = rr_date_from_ymd(2024, 6, 17);   /* dated 2024-06-16: a Sunday */
        if (rr_weekday(out[j]) >= 5) continue;
        want[k]++;
        int i = calendar_find(p, out[j]);
        if (i >= p->nHoliday || p->aHoliday[i] != out[j] || !strstr(p->azHolidayName[i], names[k])) {
          if (missing++ < 5) printf("  %s of %d missing\n", names[k], year);
        }
      }
    }
  }
  rr_hijri_close(h);
  CHECK_EQ_INT(missing, 0);
  CHECK(want[0] > 100 && want[1] > 100);
  CHECK_EQ_INT(count_named(p, "Fitr"), want[0]);
  CHECK_EQ_INT(count_named(p, "Adha"), want[1] - 1);     /* 2024's is a substitute */
  int i = calendar_find(p, rr_date_from_ymd(2024, 6, 17));
  CHECK(i < p->nHoliday && p->azHolidayFor[i] && strcmp(p->azHolidayFor[i], "Adha") == 0);

  /* easter - 100 days falls in the December before for an early Easter (2008: 23 March) */
  i = calendar_find(p, calendar_easter(2008, 0) - 100);
  CHECK(i < p->nHoliday && p->aHoliday[i] == calendar_easter(2008, 0) - 100);
  ruleset_free(&rs);
}

/* ---- a string token's text ------------------------------------------------ */

static void test_string_text(void) {
  static const struct { const char *in, *out; } cases[] = {
    {"", ""},
    {"plain text", "plain text"},
    {"a\\nb\\tc", "a\nb\tc"},
    {"\\\"quoted\\\" \\{x\\} back\\\\slash", "\"quoted\" {x} back\\slash"},
    {"\\n", "\n"},
    {"ends with \\", "ends with \\"},            /* a lone backslash at the end stays */
    {"\\q", "q"},                                 /* any other escaped character: itself */
  };
  Arena a;
  arena_init(&a);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    CHECK_EQ_STR(parse_string_text(&a, cases[i].in, strlen(cases[i].in)), cases[i].out);
  }
  const char withNul[] = {'a', 0, 'b', '\\', 'n'};    /* the length, not a NUL, ends it */
  const char *z = parse_string_text(&a, withNul, sizeof withNul);
  CHECK(z && z[0] == 'a' && z[1] == 0 && z[2] == 'b' && z[3] == '\n' && z[4] == 0);
  arena_free(&a);
}

int main(void) {
  test_hash();
  test_string_text();
  test_calendar();
  return unit_done("test_load");
}
