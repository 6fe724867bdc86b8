/*
** test_time.c - unit tests of engine/time.c: calendar, the Europe/Belgrade
** offset table (checked against the C library), DST edges, calendar
** arithmetic, ages and ISO 8601 text.  Standalone: its own main.
*/
#include "rrtime.h"
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>


static RrZone *bg;   /* Europe/Belgrade, opened by main */

/* ---- helpers that report at the caller's line ---- */

static RrInstant parse_at(const char *file, int line, const char *s) {
  RrInstant t = 0;
  char what[96];
  snprintf(what, sizeof what, "rr_parse_instant(\"%s\")", s);
  unit_eq_int_at(file, line, rr_parse_instant(s, strlen(s), &t), 0, what);
  return t;
}
#define T(s) parse_at(__FILE__, __LINE__, s)

static RrDate date_at(const char *file, int line, const char *s) {
  RrDate d = 0;
  char what[64];
  snprintf(what, sizeof what, "rr_parse_date(\"%s\")", s);
  unit_eq_int_at(file, line, rr_parse_date(s, strlen(s), &d), 0, what);
  return d;
}
#define D(s) date_at(__FILE__, __LINE__, s)

static void fmt_at(const char *file, int line, const RrZone *z, RrInstant t,
                   const char *want) {
  char buf[32];
  int n = rr_format_instant(z, t, buf);
  if (unit_eq_str_at(file, line, buf, want, "rr_format_instant"))
    unit_eq_int_at(file, line, n, (long long)strlen(want), "its length");
}
/* The instant T written in zone Z is WANT. */
#define CHECK_AT(z, t, want) fmt_at(__FILE__, __LINE__, z, t, want)

static void dur_at(const char *file, int line, int64_t s, const char *want) {
  char buf[32];
  int n = rr_format_duration(s, buf);
  if (unit_eq_str_at(file, line, buf, want, "rr_format_duration"))
    unit_eq_int_at(file, line, n, (long long)strlen(want), "its length");
}
#define CHECK_DUR(s, want) dur_at(__FILE__, __LINE__, s, want)

static RrCivil civ(int y, int m, int d, int hh, int mi, int ss) {
  RrCivil c;
  c.y = y;
  c.m = m;
  c.d = d;
  c.hh = hh;
  c.mi = mi;
  c.ss = ss;
  return c;
}

static int same_civil(RrCivil a, RrCivil b) {
  return a.y == b.y && a.m == b.m && a.d == b.d && a.hh == b.hh &&
         a.mi == b.mi && a.ss == b.ss;
}

/* Parse S from a heap block of exactly N bytes (no NUL after it), so that
** AddressSanitizer catches any read past N. */
static int parse_exact(const char *s, size_t n, int kind, int64_t *out) {
  char *p = malloc(n ? n : 1);
  int rc = -1, v = 0;
  RrDate d = 0;
  RrInstant t = 0;
  if (!p) return -2;
  memcpy(p, s, n);
  if (kind == 0) {
    rc = rr_parse_instant(p, n, &t);
    *out = t;
  } else if (kind == 1) {
    rc = rr_parse_date(p, n, &d);
    *out = d;
  } else {
    rc = rr_parse_time_of_day(p, n, &v);
    *out = v;
  }
  free(p);
  return rc;
}

static int bad_instant(const char *s) {
  int64_t t;
  return parse_exact(s, strlen(s), 0, &t) == -1;
}
static int bad_date(const char *s) {
  int64_t d;
  return parse_exact(s, strlen(s), 1, &d) == -1;
}
static int bad_time(const char *s) {
  int64_t m;
  return parse_exact(s, strlen(s), 2, &m) == -1;
}

/* ---- civil calendar ---- */

static void test_calendar(void) {
  RrDate day;
  int y, m, d, py, pm, pd, bad = 0;

  CHECK_EQ_INT(rr_date_from_ymd(1970, 1, 1), 0);
  CHECK_EQ_INT(rr_date_from_ymd(2025, 3, 3), 20150);
  CHECK_EQ_INT(rr_date_from_ymd(2000, 1, 1), 10957);
  CHECK_EQ_INT(rr_date_from_ymd(1900, 1, 1), -25567);
  CHECK_EQ_INT(rr_date_from_ymd(1600, 3, 1), -135080);
  CHECK_EQ_INT(rr_date_from_ymd(1, 1, 1), -719162);
  CHECK_EQ_INT(rr_date_from_ymd(2100, 1, 1), 47482);
  rr_date_to_ymd(-1, &y, &m, &d);
  CHECK(y == 1969 && m == 12 && d == 31);
  rr_date_to_ymd(rr_date_from_ymd(2024, 2, 29), &y, &m, &d);
  CHECK(y == 2024 && m == 2 && d == 29);

  CHECK_EQ_INT(rr_weekday(0), 3);                              /* Thursday */
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(2025, 3, 3)), 0);   /* Monday */
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(2025, 3, 9)), 6);   /* Sunday */
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(2025, 4, 18)), 4);  /* Friday */
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(2000, 1, 1)), 5);   /* Saturday */
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(1900, 1, 1)), 0);
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(1600, 3, 1)), 2);
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(1, 1, 1)), 0);
  CHECK_EQ_INT(rr_weekday(rr_date_from_ymd(2100, 1, 1)), 4);

  CHECK(rr_is_leap(2024) && rr_is_leap(2000) && rr_is_leap(1600));
  CHECK(!rr_is_leap(2025) && !rr_is_leap(1900) && !rr_is_leap(2100));
  CHECK_EQ_INT(rr_days_in_month(2024, 2), 29);
  CHECK_EQ_INT(rr_days_in_month(2025, 2), 28);
  CHECK_EQ_INT(rr_days_in_month(1900, 2), 28);
  CHECK_EQ_INT(rr_days_in_month(2025, 4), 30);
  CHECK_EQ_INT(rr_days_in_month(2025, 12), 31);
  CHECK_EQ_INT(rr_days_in_month(2025, 13), 0);
  CHECK(rr_valid_ymd(2024, 2, 29) && rr_valid_ymd(2025, 12, 31));
  CHECK(!rr_valid_ymd(2025, 2, 29) && !rr_valid_ymd(2025, 4, 31));
  CHECK(!rr_valid_ymd(2025, 0, 1) && !rr_valid_ymd(2025, 13, 1));
  CHECK(!rr_valid_ymd(2025, 1, 0));

  /* about +-2700 years: each day is the day after the previous one and
  ** survives the round trip */
  rr_date_to_ymd(-1000001, &py, &pm, &pd);
  for (day = -1000000; day <= 1000000; day++) {
    rr_date_to_ymd(day, &y, &m, &d);
    if (rr_date_from_ymd(y, m, d) != day || !rr_valid_ymd(y, m, d) ||
        !((y == py && m == pm && d == pd + 1) ||
          (y == py && m == pm + 1 && d == 1 && pd == rr_days_in_month(py, pm)) ||
          (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31))) {
      if (!bad) printf("calendar breaks at day %ld: %d-%d-%d\n", (long)day, y, m, d);
      bad++;
    }
    py = y;
    pm = m;
    pd = d;
  }
  CHECK_EQ_INT(bad, 0);
}

/* ---- zones ---- */

static void test_zone_open(void) {
  RrZone *z;
  const char *env;
  time_t t0 = 0;
  struct tm tm;

  CHECK(bg != NULL);
  if (bg) CHECK_EQ_STR(rr_zone_name(bg), "Europe/Belgrade");
  CHECK(rr_zone_open("Mars/Olympus") == NULL);
  CHECK(rr_zone_open("") == NULL);
  CHECK(rr_zone_open("Europe") == NULL);              /* a directory */
  CHECK(rr_zone_open("zone.tab") == NULL);            /* not a TZif file */
  CHECK(rr_zone_open("../../../etc/passwd") == NULL);
  CHECK(rr_zone_open("/usr/share/zoneinfo/UTC") == NULL);
  CHECK(rr_zone_open(NULL) == NULL);

  z = rr_zone_open("UTC");
  CHECK(z != NULL);
  if (z) {
    CHECK_EQ_INT(rr_zone_offset(z, 0), 0);
    CHECK_EQ_INT(rr_zone_offset(z, 1751328000), 0);
    CHECK_AT(z, 1751328000, "2025-07-01T00:00:00+00:00");
  }
  rr_zone_free(z);
  rr_zone_free(NULL);

  /* TZ is put back as it was: unset ... */
  unsetenv("TZ");
  tzset();
  z = rr_zone_open("America/New_York");
  CHECK(z != NULL);
  rr_zone_free(z);
  CHECK(getenv("TZ") == NULL);
  /* ... or set, and the C library sees the old value again */
  setenv("TZ", "Asia/Tokyo", 1);
  tzset();
  z = rr_zone_open("Europe/Belgrade");
  CHECK(z != NULL);
  rr_zone_free(z);
  env = getenv("TZ");
  CHECK(env != NULL && strcmp(env, "Asia/Tokyo") == 0);
  CHECK(localtime_r(&t0, &tm) != NULL && tm.tm_gmtoff == 9 * 3600);
  unsetenv("TZ");
  tzset();
}

/* Both 2025 changes of Europe/Belgrade, to the second. */
static void test_belgrade_dst(void) {
  RrInstant spring = T("2025-03-30T01:00:00Z"), autumn = T("2025-10-26T01:00:00Z");
  RrCivil c;

  CHECK_EQ_INT(spring, 1743296400);
  CHECK_EQ_INT(autumn, 1761440400);
  CHECK_EQ_INT(rr_zone_offset(bg, T("2025-01-15T12:00:00Z")), 3600);
  CHECK_EQ_INT(rr_zone_offset(bg, T("2025-07-15T12:00:00Z")), 7200);

  CHECK_EQ_INT(rr_zone_offset(bg, spring - 1), 3600);
  CHECK_EQ_INT(rr_zone_offset(bg, spring), 7200);
  CHECK_AT(bg, spring - 1, "2025-03-30T01:59:59+01:00");
  CHECK_AT(bg, spring, "2025-03-30T03:00:00+02:00");
  c = rr_to_local(bg, spring);
  CHECK(same_civil(c, civ(2025, 3, 30, 3, 0, 0)));
  c = rr_to_local(bg, spring - 1);
  CHECK(same_civil(c, civ(2025, 3, 30, 1, 59, 59)));

  CHECK_EQ_INT(rr_zone_offset(bg, autumn - 1), 7200);
  CHECK_EQ_INT(rr_zone_offset(bg, autumn), 3600);
  CHECK_AT(bg, autumn - 1, "2025-10-26T02:59:59+02:00");
  CHECK_AT(bg, autumn, "2025-10-26T02:00:00+01:00");
  CHECK_AT(bg, autumn + 3600, "2025-10-26T03:00:00+01:00");

  CHECK_AT(bg, T("2025-03-04T18:00:00Z"), "2025-03-04T19:00:00+01:00");
  CHECK_AT(bg, T("2025-03-04T19:00:00+01:00"), "2025-03-04T19:00:00+01:00");
  CHECK_AT(bg, T("2025-07-01T00:00:00-04:00"), "2025-07-01T06:00:00+02:00");
  CHECK_EQ_INT(rr_local_date(bg, T("2025-03-29T23:30:00Z")), D("2025-03-30"));
  CHECK_EQ_INT(rr_local_date(bg, T("2025-03-29T22:59:59Z")), D("2025-03-29"));

  /* outside 1970-2100 the offset at the nearer edge of the table */
  CHECK_EQ_INT(rr_zone_offset(bg, T("1960-07-01T12:00:00Z")), 3600);
  CHECK_EQ_INT(rr_zone_offset(bg, T("2150-07-01T12:00:00Z")), 3600);
  CHECK_AT(bg, T("1960-07-01T12:00:00Z"), "1960-07-01T13:00:00+01:00");
  CHECK_AT(bg, T("2099-07-01T12:00:00Z"), "2099-07-01T14:00:00+02:00");
}

static void test_from_local(void) {
  /* spring-forward gap: moved forward by the gap (one hour) */
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 3, 30, 2, 30, 0)), "2025-03-30T03:30:00+02:00");
  CHECK_EQ_INT(rr_from_local(bg, civ(2025, 3, 30, 2, 30, 0)), T("2025-03-30T01:30:00Z"));
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 3, 30, 2, 0, 0)), "2025-03-30T03:00:00+02:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 3, 30, 2, 59, 59)), "2025-03-30T03:59:59+02:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 3, 30, 1, 59, 59)), "2025-03-30T01:59:59+01:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 3, 30, 3, 0, 0)), "2025-03-30T03:00:00+02:00");
  /* fall-back overlap: the earlier of the two */
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 10, 26, 2, 30, 0)), "2025-10-26T02:30:00+02:00");
  CHECK_EQ_INT(rr_from_local(bg, civ(2025, 10, 26, 2, 30, 0)), T("2025-10-26T00:30:00Z"));
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 10, 26, 2, 0, 0)), "2025-10-26T02:00:00+02:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 10, 26, 2, 59, 59)), "2025-10-26T02:59:59+02:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 10, 26, 1, 59, 59)), "2025-10-26T01:59:59+02:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2025, 10, 26, 3, 0, 0)), "2025-10-26T03:00:00+01:00");
  /* ordinary readings, and outside the table */
  CHECK_EQ_INT(rr_from_local(bg, civ(2025, 3, 4, 19, 0, 0)), T("2025-03-04T18:00:00Z"));
  CHECK_EQ_INT(rr_from_local(bg, civ(2025, 7, 1, 0, 0, 0)), T("2025-06-30T22:00:00Z"));
  CHECK_AT(bg, rr_from_local(bg, civ(1960, 7, 1, 12, 0, 0)), "1960-07-01T12:00:00+01:00");
  CHECK_AT(bg, rr_from_local(bg, civ(2150, 7, 1, 12, 0, 0)), "2150-07-01T12:00:00+01:00");
}

/* Other zones: western offsets, 30- and 45-minute offsets, a skipped day. */
static void test_other_zones(void) {
  RrZone *ny = rr_zone_open("America/New_York");
  RrZone *lh = rr_zone_open("Australia/Lord_Howe");
  RrZone *kt = rr_zone_open("Asia/Kathmandu");
  RrZone *ap = rr_zone_open("Pacific/Apia");
  CHECK(ny && lh && kt && ap);
  if (ny && lh && kt && ap) {
    CHECK_AT(ny, T("2025-01-15T12:00:00Z"), "2025-01-15T07:00:00-05:00");
    CHECK_AT(ny, rr_from_local(ny, civ(2025, 3, 9, 2, 30, 0)), "2025-03-09T03:30:00-04:00");
    CHECK_AT(ny, rr_from_local(ny, civ(2025, 11, 2, 1, 30, 0)), "2025-11-02T01:30:00-04:00");
    CHECK_AT(ny, T("2025-11-02T06:00:00Z"), "2025-11-02T01:00:00-05:00");

    /* Lord Howe: +11 in summer, +10:30 in winter; half-hour gap/overlap */
    CHECK_AT(lh, T("2025-01-01T00:00:00Z"), "2025-01-01T11:00:00+11:00");
    CHECK_AT(lh, T("2025-07-01T00:00:00Z"), "2025-07-01T10:30:00+10:30");
    CHECK_AT(lh, rr_from_local(lh, civ(2025, 4, 6, 1, 45, 0)), "2025-04-06T01:45:00+11:00");
    CHECK_AT(lh, rr_from_local(lh, civ(2025, 10, 5, 2, 15, 0)), "2025-10-05T02:45:00+11:00");

    CHECK_AT(kt, T("2025-01-01T00:00:00Z"), "2025-01-01T05:45:00+05:45");
    CHECK_AT(kt, T("1985-12-31T18:30:00Z"), "1986-01-01T00:15:00+05:45");
    CHECK_AT(kt, T("1985-12-31T18:29:59Z"), "1985-12-31T23:59:59+05:30");

    /* Samoa skipped 30 December 2011 (-10 to +14): a 24-hour gap */
    CHECK_AT(ap, T("2011-12-30T09:59:59Z"), "2011-12-29T23:59:59-10:00");
    CHECK_AT(ap, T("2011-12-30T10:00:00Z"), "2011-12-31T00:00:00+14:00");
    CHECK_AT(ap, rr_from_local(ap, civ(2011, 12, 30, 12, 0, 0)), "2011-12-31T12:00:00+14:00");
    CHECK_AT(ap, rr_add_days(ap, T("2011-12-29T12:00:00-10:00"), 1), "2011-12-31T12:00:00+14:00");
    CHECK_AT(ap, rr_add_days(ap, T("2011-12-29T12:00:00-10:00"), 2), "2011-12-31T12:00:00+14:00");
    CHECK_AT(ap, rr_end_of_day(ap, T("2011-12-29T12:00:00-10:00")), "2011-12-29T23:59:59-10:00");
  }
  rr_zone_free(ny);
  rr_zone_free(lh);
  rr_zone_free(kt);
  rr_zone_free(ap);
}

/* The table against localtime_r itself over 1970-2100: every sample agrees
** in offset and reading, every reading maps back to itself, and each change
** the samples see happens at the same second. */
static void test_against_libc(void) {
  const RrInstant step = 1799, end = 4102444800;
  RrInstant t;
  long prev = 0;
  int bad_off = 0, bad_civil = 0, bad_back = 0, bad_edge = 0, changes = 0;
  struct tm tm;

  setenv("TZ", "Europe/Belgrade", 1);
  tzset();
  for (t = 0; t <= end; t += step) {
    time_t tt = (time_t)t;
    RrCivil c;
    if (!localtime_r(&tt, &tm)) {
      bad_off++;
      continue;
    }
    if (rr_zone_offset(bg, t) != tm.tm_gmtoff) bad_off++;
    c = rr_to_local(bg, t);
    if (!same_civil(c, civ(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                           tm.tm_hour, tm.tm_min, tm.tm_sec)))
      bad_civil++;
    if (!same_civil(rr_to_local(bg, rr_from_local(bg, c)), c)) bad_back++;
    if (t > 0 && tm.tm_gmtoff != prev) {
      /* find the first second of the new offset with localtime_r alone */
      RrInstant lo = t - step, hi = t;
      changes++;
      while (hi - lo > 1) {
        RrInstant mid = lo + (hi - lo) / 2;
        time_t tm2 = (time_t)mid;
        struct tm x;
        localtime_r(&tm2, &x);
        if (x.tm_gmtoff == prev) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      if (rr_zone_offset(bg, hi - 1) != prev ||
          rr_zone_offset(bg, hi) != tm.tm_gmtoff)
        bad_edge++;
    }
    prev = tm.tm_gmtoff;
  }
  unsetenv("TZ");
  tzset();
  CHECK_EQ_INT(bad_off, 0);
  CHECK_EQ_INT(bad_civil, 0);
  CHECK_EQ_INT(bad_back, 0);
  CHECK_EQ_INT(bad_edge, 0);
  CHECK(changes > 200);       /* DST in Belgrade since 1983: two a year */
}

/* ---- calendar arithmetic ---- */

static void test_add_days(void) {
  RrInstant a = T("2025-03-29T12:00+01:00"), b = T("2025-10-25T12:00+02:00");

  /* hours are exact; days keep the wall clock */
  CHECK_AT(bg, rr_add_seconds(a, 24 * 3600), "2025-03-30T13:00:00+02:00");
  CHECK_AT(bg, rr_add_days(bg, a, 1), "2025-03-30T12:00:00+02:00");
  CHECK_EQ_INT(rr_add_days(bg, a, 1) - a, 23 * 3600);
  CHECK_AT(bg, rr_add_seconds(b, 24 * 3600), "2025-10-26T11:00:00+01:00");
  CHECK_AT(bg, rr_add_days(bg, b, 1), "2025-10-26T12:00:00+01:00");
  CHECK_EQ_INT(rr_add_days(bg, b, 1) - b, 25 * 3600);

  /* a week across each change, and backwards */
  CHECK_AT(bg, rr_add_days(bg, T("2025-03-27T09:00+01:00"), 7), "2025-04-03T09:00:00+02:00");
  CHECK_AT(bg, rr_add_days(bg, T("2025-10-22T09:00+02:00"), 7), "2025-10-29T09:00:00+01:00");
  CHECK_AT(bg, rr_add_days(bg, T("2025-03-31T09:00+02:00"), -7), "2025-03-24T09:00:00+01:00");
  CHECK_AT(bg, rr_add_days(bg, T("2025-03-20T10:00+01:00"), 14), "2025-04-03T10:00:00+02:00");
  CHECK_AT(bg, rr_add_days(bg, T("2024-03-01T00:00+01:00"), 365), "2025-03-01T00:00:00+01:00");
  CHECK_EQ_INT(rr_add_days(bg, a, 0), a);

  /* landing in the gap moves forward; in the overlap takes the earlier */
  CHECK_AT(bg, rr_add_days(bg, T("2025-03-29T02:30+01:00"), 1), "2025-03-30T03:30:00+02:00");
  CHECK_AT(bg, rr_add_days(bg, T("2025-10-25T02:30+02:00"), 1), "2025-10-26T02:30:00+02:00");

  CHECK_EQ_INT(rr_add_seconds(1000, -1000), 0);
  CHECK_EQ_INT(rr_add_seconds(INT64_MAX - 1, 5), INT64_MAX);
  CHECK_EQ_INT(rr_add_seconds(INT64_MIN + 1, -5), INT64_MIN);
}

static void test_add_months(void) {
  CHECK_AT(bg, rr_add_months(bg, T("2025-01-31T10:00+01:00"), 1), "2025-02-28T10:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2024-01-31T10:00+01:00"), 1), "2024-02-29T10:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-03-31T10:00+02:00"), 1), "2025-04-30T10:00:00+02:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-01-31T10:00+01:00"), 3), "2025-04-30T10:00:00+02:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-03-31T10:00+02:00"), -1), "2025-02-28T10:00:00+01:00");
  /* across a change the wall clock stays */
  CHECK_AT(bg, rr_add_months(bg, T("2025-02-15T08:00+01:00"), 2), "2025-04-15T08:00:00+02:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-10-15T08:00+02:00"), 1), "2025-11-15T08:00:00+01:00");
  /* year boundaries, leap days, long spans */
  CHECK_AT(bg, rr_add_months(bg, T("2025-12-31T23:00+01:00"), 2), "2026-02-28T23:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2024-02-29T12:00+01:00"), 12), "2025-02-28T12:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2024-02-29T12:00+01:00"), 48), "2028-02-29T12:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-01-15T12:00+01:00"), -13), "2023-12-15T12:00:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2025-03-15T12:00+01:00"), 0), "2025-03-15T12:00:00+01:00");
  /* a month later in the spring-forward gap */
  CHECK_AT(bg, rr_add_months(bg, T("2025-02-28T02:30+01:00"), 1), "2025-03-28T02:30:00+01:00");
  CHECK_AT(bg, rr_add_months(bg, T("2024-09-30T02:30+02:00"), 6), "2025-03-30T03:30:00+02:00");
}

static void test_working_days(void) {
  RrDate hol[3];
  RrHolidays h, none = {NULL, 0};
  hol[0] = D("2025-04-21");        /* Easter Monday */
  hol[1] = D("2025-05-01");
  hol[2] = D("2025-05-09");
  h.dates = hol;
  h.n = 3;

  CHECK(rr_is_working_day(D("2025-04-22"), &h));
  CHECK(!rr_is_working_day(D("2025-04-21"), &h));
  CHECK(rr_is_working_day(D("2025-04-21"), NULL));
  CHECK(rr_is_working_day(D("2025-04-21"), &none));
  CHECK(!rr_is_working_day(D("2025-05-01"), &h) && !rr_is_working_day(D("2025-05-09"), &h));
  CHECK(!rr_is_working_day(D("2025-04-19"), NULL));          /* Saturday */
  CHECK(!rr_is_working_day(D("2025-04-20"), NULL));          /* Sunday */

  /* Fri 18 -> Sat, Sun, Mon 21 holiday, Tue 22 */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-04-18T15:00+02:00"), 1, &h), "2025-04-22T15:00:00+02:00");
  /* Thu 8 May -> Fri 9 holiday, Sat, Sun, Mon 12 */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-05-08T09:00+02:00"), 1, &h), "2025-05-12T09:00:00+02:00");
  /* Mon 3 March: 4-7 (4), 10-14 (9), 17-21 (14) */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-03T20:00+01:00"), 14, NULL), "2025-03-21T20:00:00+01:00");
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-03T20:00+01:00"), 14, &none), "2025-03-21T20:00:00+01:00");
  /* a weekend start counts from the next working day */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-01T10:00+01:00"), 1, NULL), "2025-03-03T10:00:00+01:00");
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-02T10:00+01:00"), 1, NULL), "2025-03-03T10:00:00+01:00");
  /* a holiday start too: Mon 21 April -> Tue 22 */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-04-21T09:00+02:00"), 1, &h), "2025-04-22T09:00:00+02:00");
  /* backwards from Wed 23 April: Tue 22 (1), Mon 21 holiday, Sun, Sat, Fri 18 (2) */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-04-23T10:00+02:00"), -2, &h), "2025-04-18T10:00:00+02:00");
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-04-23T10:00+02:00"), -2, NULL), "2025-04-21T10:00:00+02:00");
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-03T10:00+01:00"), -1, NULL), "2025-02-28T10:00:00+01:00");
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-02T10:00+01:00"), -1, NULL), "2025-02-28T10:00:00+01:00");
  /* across the spring change: Fri 28 March -> Mon 31 March, same wall time */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-03-28T10:00+01:00"), 1, NULL), "2025-03-31T10:00:00+02:00");
  /* Tue 29 April + 3: Wed 30 (1), Thu 1 May holiday, Fri 2 (2), Mon 5 (3) */
  CHECK_AT(bg, rr_add_working_days(bg, T("2025-04-29T08:00+02:00"), 3, &h), "2025-05-05T08:00:00+02:00");
  CHECK_EQ_INT(rr_add_working_days(bg, T("2025-03-01T10:00+01:00"), 0, &h), T("2025-03-01T10:00+01:00"));
}

/* Working days counted with the weekday and the holidays carried along are
** those counted one date at a time with rr_is_working_day: every start in
** a year, forwards and backwards, with holidays in runs, on weekends and at
** the ends of the list. */
static void test_working_days_walk(void) {
  RrDate hol[40];
  RrHolidays h = {hol, 0};
  RrDate base = D("2025-01-01");
  for (int k = 0; k < 40; k++) hol[h.n++] = base + k * 9 + (k % 3 == 0);   /* sorted, some adjacent */
  hol[5] = hol[4] + 1;
  hol[6] = hol[5] + 1;
  int bad = 0;
  for (RrDate start = base - 20; start < base + 400 && !bad; start++) {
    for (int n = -25; n <= 25 && !bad; n++) {
      RrDate want = start;
      for (int left = n < 0 ? -n : n; left > 0;) {
        want += n < 0 ? -1 : 1;
        if (rr_is_working_day(want, &h)) left--;
      }
      if (rr_date_add_working_days(start, n, &h) != want) bad = 1;
    }
  }
  CHECK(!bad);
}

/* The date D written out is WANT. */
static void date_is_at(const char *file, int line, RrDate d, const char *want) {
  char buf[32];
  rr_format_date(d, buf);
  unit_eq_str_at(file, line, buf, want, "the date");
}
#define CHECK_DATE(d, want) date_is_at(__FILE__, __LINE__, d, want)

/* Months and working days on civil dates (a policy's 'date + 1 month'): the
** same answers as on instants, without a zone. */
static void test_date_arithmetic(void) {
  CHECK_DATE(rr_date_add_months(D("2025-01-31"), 1), "2025-02-28");
  CHECK_DATE(rr_date_add_months(D("2024-01-31"), 1), "2024-02-29");
  CHECK_DATE(rr_date_add_months(D("2025-03-31"), -1), "2025-02-28");
  CHECK_DATE(rr_date_add_months(D("2024-02-29"), 12), "2025-02-28");
  CHECK_DATE(rr_date_add_months(D("2024-02-29"), 48), "2028-02-29");
  CHECK_DATE(rr_date_add_months(D("2025-01-15"), -13), "2023-12-15");
  CHECK_DATE(rr_date_add_months(D("2025-12-31"), 2), "2026-02-28");
  CHECK_DATE(rr_date_add_months(D("1970-01-31"), -1), "1969-12-31");
  CHECK_DATE(rr_date_add_months(D("2025-03-15"), 0), "2025-03-15");
  RrDate hol[3];
  RrHolidays h;
  hol[0] = D("2025-04-21");        /* Easter Monday */
  hol[1] = D("2025-05-01");
  hol[2] = D("2025-05-09");
  h.dates = hol;
  h.n = 3;
  CHECK_DATE(rr_date_add_working_days(D("2025-04-18"), 1, &h), "2025-04-22");
  CHECK_DATE(rr_date_add_working_days(D("2025-03-03"), 14, NULL), "2025-03-21");
  CHECK_DATE(rr_date_add_working_days(D("2025-03-01"), 1, NULL), "2025-03-03");   /* from a Saturday */
  CHECK_DATE(rr_date_add_working_days(D("2025-04-23"), -2, &h), "2025-04-18");
  CHECK_DATE(rr_date_add_working_days(D("2025-04-29"), 3, &h), "2025-05-05");
  CHECK_DATE(rr_date_add_working_days(D("2025-03-01"), 0, &h), "2025-03-01");
  /* every day of 2023-2026 agrees with the arithmetic on instants at noon */
  static const int months[] = {-25, -13, -1, 1, 2, 11, 12, 48};
  static const int days[] = {-10, -1, 1, 2, 5, 20};
  int agree = 1;
  RrDate last = D("2026-12-31");
  for (RrDate d = D("2023-01-01"); d <= last && bg; d++) {
    int y, m, dd;
    rr_date_to_ymd(d, &y, &m, &dd);
    RrCivil c = {y, m, dd, 12, 0, 0};
    RrInstant noon = rr_from_local(bg, c);
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++)
      agree &= rr_date_add_months(d, months[k]) == rr_local_date(bg, rr_add_months(bg, noon, months[k]));
    for (size_t k = 0; k < sizeof days / sizeof days[0]; k++)
      agree &= rr_date_add_working_days(d, days[k], &h) ==
               rr_local_date(bg, rr_add_working_days(bg, noon, days[k], &h));
  }
  CHECK(agree);
}

static void test_end_of_day(void) {
  RrInstant e29 = rr_end_of_day(bg, T("2025-03-29T12:00+01:00"));
  RrInstant e30 = rr_end_of_day(bg, T("2025-03-30T12:00+02:00"));
  RrInstant o25 = rr_end_of_day(bg, T("2025-10-25T12:00+02:00"));
  RrInstant o26 = rr_end_of_day(bg, T("2025-10-26T12:00+01:00"));

  CHECK_AT(bg, rr_end_of_day(bg, T("2025-03-03T19:00+01:00")), "2025-03-03T23:59:59+01:00");
  CHECK_AT(bg, rr_end_of_day(bg, T("2025-03-03T23:59:59+01:00")), "2025-03-03T23:59:59+01:00");
  CHECK_AT(bg, rr_end_of_day(bg, T("2025-03-04T00:00:00+01:00")), "2025-03-04T23:59:59+01:00");
  CHECK_AT(bg, rr_end_of_day(bg, T("2025-03-30T00:30+01:00")), "2025-03-30T23:59:59+02:00");
  CHECK_AT(bg, e30, "2025-03-30T23:59:59+02:00");
  CHECK_AT(bg, rr_end_of_day(bg, T("2025-10-26T02:30+01:00")), "2025-10-26T23:59:59+01:00");
  CHECK_AT(bg, o26, "2025-10-26T23:59:59+01:00");
  CHECK_EQ_INT(e30 - e29, 23 * 3600);      /* the short day */
  CHECK_EQ_INT(o26 - o25, 25 * 3600);      /* the long day */
}

static void test_ages(void) {
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2025-03-14")), 14);
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2025-03-15")), 15);
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2025-03-16")), 15);
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2010-12-31")), 0);
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2010-03-15")), 0);
  CHECK_EQ_INT(rr_age_years(D("2008-02-29"), D("2025-02-28")), 16);
  CHECK_EQ_INT(rr_age_years(D("2008-02-29"), D("2025-03-01")), 17);
  CHECK_EQ_INT(rr_age_years(D("2008-02-29"), D("2028-02-29")), 20);
  CHECK_EQ_INT(rr_age_years(D("2008-02-29"), D("2028-02-28")), 19);
  CHECK_EQ_INT(rr_age_years(D("2008-02-29"), D("2024-02-29")), 16);
  CHECK_EQ_INT(rr_age_years(D("2007-12-31"), D("2025-12-30")), 17);
  CHECK_EQ_INT(rr_age_years(D("2007-12-31"), D("2025-12-31")), 18);
  CHECK_EQ_INT(rr_age_years(D("2010-03-15"), D("2010-03-14")), -1);
}

/* ---- text ---- */

static void test_parse_instant(void) {
  const char *full = "2025-03-04T19:00:00+01:00";
  size_t k, n = strlen(full);
  int64_t t = 0;
  int bad = 0, i;
  unsigned seed = 12345;

  CHECK_EQ_INT(T("1970-01-01T00:00:00Z"), 0);
  CHECK_EQ_INT(T("2025-03-04T19:00:00+01:00"), 1741111200);
  CHECK_EQ_INT(T("2025-03-04T18:00Z"), 1741111200);
  CHECK_EQ_INT(T("2025-03-04T18:00:00.999Z"), 1741111200);
  CHECK_EQ_INT(T("2025-03-04T18:00:00.5+00:00"), 1741111200);
  CHECK_EQ_INT(T("2025-03-04T12:30:00-05:30"), 1741111200);
  CHECK_EQ_INT(T("2025-03-05T08:00:00+14:00"), 1741111200);
  CHECK_EQ_INT(T("2024-02-29T00:00:00Z"), 1709164800);
  CHECK_EQ_INT(T("1969-12-31T23:59:59Z"), -1);
  CHECK_EQ_INT(T("2025-03-04T18:00:00-00:00"), 1741111200);

  CHECK(bad_instant("2025-02-30T10:00:00+01:00"));   /* no 30 February */
  CHECK(bad_instant("2025-02-29T10:00:00+01:00"));
  CHECK(bad_instant("2025-03-04T19:00:00"));         /* no offset */
  CHECK(bad_instant("2025-03-04T19:00"));
  CHECK(bad_instant("2025-03-04T19:00:00+01:00x"));  /* trailing garbage */
  CHECK(bad_instant("2025-03-04T19:00:00Z "));
  CHECK(bad_instant("2025-03-04T19:00:00ZZ"));
  CHECK(bad_instant("2025-03-04T24:00:00Z"));
  CHECK(bad_instant("2025-03-04T12:60:00Z"));
  CHECK(bad_instant("2025-03-04T12:00:60Z"));        /* no leap second */
  CHECK(bad_instant("2025-13-01T00:00:00Z"));
  CHECK(bad_instant("2025-00-01T00:00:00Z"));
  CHECK(bad_instant("2025-01-00T00:00:00Z"));
  CHECK(bad_instant("2025-03-04T12:00:00+15:00"));
  CHECK(bad_instant("2025-03-04T12:00:00+01:60"));
  CHECK(bad_instant("2025-03-04T12:00:00+0100"));
  CHECK(bad_instant("2025-03-04T12:00:00+01"));
  CHECK(bad_instant("2025-03-04T12:00:00.Z"));       /* "." without digits */
  CHECK(bad_instant("2025-03-04T12:00.5Z"));         /* fraction needs seconds */
  CHECK(bad_instant("2025-03-04 12:00:00Z"));
  CHECK(bad_instant("2025-03-04t12:00:00Z"));
  CHECK(bad_instant("2025-3-04T12:00:00Z"));
  CHECK(bad_instant("2025-03-04T1:00:00Z"));
  CHECK(bad_instant("2025-03-04T12Z"));
  CHECK(bad_instant("+2025-03-04T12:00Z"));
  CHECK(bad_instant(""));

  /* not NUL-terminated: exactly N bytes are read, and N decides */
  CHECK(parse_exact(full, n, 0, &t) == 0 && t == 1741111200);
  for (k = 0; k < n; k++)
    if (parse_exact(full, k, 0, &t) != -1) bad++;
  CHECK_EQ_INT(bad, 0);             /* every proper prefix is rejected */
  {
    RrInstant u = 0;
    const char *longer = "2025-03-04T19:00:00+01:00 and more";
    CHECK(rr_parse_instant(longer, 25, &u) == 0 && u == 1741111200);
    CHECK(rr_parse_instant("2025-03-04T18:00Z", 16, &u) == -1);
  }

  /* random strings from the format's alphabet: nothing read past N, and
  ** whatever parses writes back (in UTC) to the same instant */
  for (i = 0; i < 20000; i++) {
    static const char abc[] = "0123456789-:T.Z+ ";
    char s[40], out[32];
    size_t len, j;
    int64_t v = 0;
    RrInstant back = 0;
    seed = seed * 1103515245u + 12345u;
    len = (seed >> 16) % 32;
    memset(s, 0, sizeof s);
    strcpy(s, "2025-03-04T19:00:00.25+01:00");
    for (j = 0; j < len; j++) {
      seed = seed * 1103515245u + 12345u;
      if ((seed >> 16) % 4 == 0) s[j] = abc[(seed >> 8) % (sizeof abc - 1)];
    }
    if (parse_exact(s, len, 0, &v) == 0) {
      rr_format_instant(NULL, v, out);
      if (rr_parse_instant(out, strlen(out), &back) != 0 || back != v) {
        printf("round trip of %.*s failed\n", (int)len, s);
        bad++;
      }
    }
  }
  CHECK_EQ_INT(bad, 0);
}

static void test_parse_date_time(void) {
  int64_t v = 0;
  int m = -1;

  CHECK(parse_exact("2025-03-03", 10, 1, &v) == 0 && v == 20150);
  CHECK(parse_exact("2024-02-29", 10, 1, &v) == 0 && v == 19782);
  CHECK(parse_exact("1970-01-01", 10, 1, &v) == 0 && v == 0);
  CHECK(bad_date("2025-02-29"));
  CHECK(bad_date("2025-04-31"));
  CHECK(bad_date("2025-13-01"));
  CHECK(bad_date("2025-3-03"));
  CHECK(bad_date("2025-03-031"));
  CHECK(bad_date("2025/03/03"));
  CHECK(bad_date("2025-03-03T00:00Z"));
  CHECK(bad_date(""));
  CHECK(parse_exact("2025-03-03", 9, 1, &v) == -1);

  CHECK(parse_exact("08:00", 5, 2, &v) == 0 && v == 480);
  CHECK(parse_exact("00:00", 5, 2, &v) == 0 && v == 0);
  CHECK(parse_exact("23:59", 5, 2, &v) == 0 && v == 1439);
  CHECK(rr_parse_time_of_day("12:34:56", 5, &m) == 0 && m == 754);
  CHECK(bad_time("24:00"));
  CHECK(bad_time("7:00"));
  CHECK(bad_time("12:60"));
  CHECK(bad_time("12:5"));
  CHECK(bad_time("12-00"));
  CHECK(bad_time("ab:cd"));
  CHECK(bad_time("08:00 "));
  CHECK(bad_time(""));
}

static void test_format(void) {
  char buf[32];

  CHECK_DUR(0, "PT0S");
  CHECK_DUR(900, "PT15M");
  CHECK_DUR(86400, "P1D");
  CHECK_DUR(24 * 3600, "P1D");
  CHECK_DUR(93600, "P1DT2H");
  CHECK_DUR(3661, "PT1H1M1S");
  CHECK_DUR(86400 + 2 * 3600 + 30 * 60, "P1DT2H30M");
  CHECK_DUR(2 * 3600, "PT2H");
  CHECK_DUR(59, "PT59S");
  CHECK_DUR(7 * 86400, "P7D");
  CHECK_DUR(86400 + 1, "P1DT1S");
  CHECK_DUR(-86400, "-P1D");
  CHECK_DUR(-900, "-PT15M");
  CHECK_DUR(INT64_MIN, "-P106751991167300DT15H30M8S");
  CHECK_DUR(INT64_MAX, "P106751991167300DT15H30M7S");

  CHECK_EQ_INT(rr_format_date(D("2025-03-04"), buf), 10);
  CHECK_EQ_STR(buf, "2025-03-04");
  rr_format_date(0, buf);
  CHECK_EQ_STR(buf, "1970-01-01");
  rr_format_date(-719162, buf);
  CHECK_EQ_STR(buf, "0001-01-01");
  CHECK_EQ_INT(rr_format_time_of_day(480, buf), 5);
  CHECK_EQ_STR(buf, "08:00");
  rr_format_time_of_day(0, buf);
  CHECK_EQ_STR(buf, "00:00");
  rr_format_time_of_day(1439, buf);
  CHECK_EQ_STR(buf, "23:59");
  CHECK_EQ_INT(rr_format_instant(bg, T("2025-03-04T18:00:00Z"), buf), 25);
  CHECK_EQ_STR(buf, "2025-03-04T19:00:00+01:00");
}

/* rr_zone_open runs at every start: time it (printed, not asserted). */
static void time_zone_open(void) {
  enum { RUNS = 21 };
  double ms[RUNS], tmp;
  int i, j, ok = 1;
  for (i = 0; i < RUNS; i++) {
    struct timeval a, b;
    RrZone *z;
    gettimeofday(&a, NULL);
    z = rr_zone_open("Europe/Belgrade");
    gettimeofday(&b, NULL);
    if (!z) ok = 0;
    rr_zone_free(z);
    ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_usec - a.tv_usec) / 1e3;
  }
  for (i = 1; i < RUNS; i++)        /* insertion sort */
    for (j = i; j > 0 && ms[j - 1] > ms[j]; j--) {
      tmp = ms[j];
      ms[j] = ms[j - 1];
      ms[j - 1] = tmp;
    }
  CHECK(ok);
  printf("rr_zone_open(\"Europe/Belgrade\"): min %.3f ms, median %.3f ms, max %.3f ms (%d runs)\n",
         ms[0], ms[RUNS / 2], ms[RUNS - 1], RUNS);
}

/* Zones read from their TZif files (tzif.c) agree with the C library to
** the second, 1970-2100: the transitions of the file, then its footer's
** POSIX rule -- northern and southern daylight time, half-hour daylight
** time, negative daylight time (Dublin), a rule in Julian days, none. */
static void test_tzif_against_libc(void) {
  static const char *const zones[] = {"America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
                                      "Europe/Dublin", "America/Santiago", "Asia/Jerusalem", "Pacific/Chatham",
                                      "America/Godthab", "Africa/Casablanca", "Asia/Tehran", "Asia/Kolkata",
                                      "America/St_Johns", "Europe/London", "Pacific/Apia"};
  const RrInstant step = 3 * 86400 + 3607, end = 4102444800;
  for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
    RrZone *z = rr_zone_open(zones[i]);
    int bad = 0, n = 0;
    CHECK(z != NULL);
    if (!z) continue;
    setenv("TZ", zones[i], 1);
    tzset();
    for (RrInstant t = 0; t <= end; t += step) {
      time_t tt = (time_t)t;
      struct tm tm;
      n++;
      if (!localtime_r(&tt, &tm) || rr_zone_offset(z, t) != tm.tm_gmtoff) {
        if (bad++ < 3) fprintf(stderr, "%s at %lld: %d, libc %ld\n", zones[i], (long long)t, rr_zone_offset(z, t),
                               (long)tm.tm_gmtoff);
      }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(n > 10000);
    rr_zone_free(z);
  }
  unsetenv("TZ");
  tzset();
  /* $TZDIR is where the zones are read from */
  setenv("TZDIR", "/nonexistent-tz-database", 1);
  CHECK(rr_zone_open("Europe/Belgrade") == NULL);
  unsetenv("TZDIR");
  RrZone *z = rr_zone_open("Europe/Belgrade");
  CHECK(z != NULL);
  rr_zone_free(z);
}

int main(void) {
  bg = rr_zone_open("Europe/Belgrade");
  test_calendar();
  test_zone_open();
  if (bg) {
    test_belgrade_dst();
    test_from_local();
    test_against_libc();
    test_add_days();
    test_add_months();
    test_working_days();
    test_working_days_walk();
    test_date_arithmetic();
    test_end_of_day();
  }
  test_other_zones();
  test_tzif_against_libc();
  test_ages();
  test_parse_instant();
  test_parse_date_time();
  test_format();
  time_zone_open();
  rr_zone_free(bg);
  return unit_done("test_time");
}
