/*
** time.c - instants, the proleptic Gregorian calendar and local time in one
** IANA zone, whose offset table is read once from the system tz database
** (tzif.c reads the zone's TZif file).
** Also calendar arithmetic (days, months, working days) on instants and on
** civil dates, and ISO 8601 text.
*/
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include "rrtime.h"
#include "tzif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


struct RrZone {
  char *name;          /* as given to rr_zone_open */
  int off0;            /* offset in effect before at[0] (and at 1970-01-01) */
  size_t n;            /* number of offset changes */
  RrInstant *at;       /* sorted instants at which the offset changes */
  int *off;            /* off[i]: offset in effect from at[i] on */
  uint32_t *bucket;    /* bucket[b]: the changes at or before TABLE_START + b * BUCKET */
};

#define DAY 86400
#define TABLE_START ((RrInstant)0)            /* 1970-01-01T00:00:00Z */
#define TABLE_END ((RrInstant)4102444800)     /* 2100-01-01T00:00:00Z */
/* The table's index: the changes up to each 2^22 s (48.5 days) from
** TABLE_START, so that a lookup scans the one or two changes of its bucket
** instead of searching the whole table (zones change twice a year at most). */
#define BUCKET_BITS 22
#define N_BUCKET ((size_t)((TABLE_END - TABLE_START) >> BUCKET_BITS) + 1)
/* Instants are clamped to +-T_LIMIT before conversion to local time, so that
** adding an offset cannot overflow and every year fits in an int. */
#define T_LIMIT ((RrInstant)INT32_MAX * DAY)

/* {==================== civil calendar ====================} */

/* Floor division and modulo for a positive divisor B. */
static int64_t fdiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && a < 0) q--;
  return q;
}

static int64_t fmod64(int64_t a, int64_t b) { return a - fdiv(a, b) * b; }

/* Days since 1970-01-01 of Y-M-D (Howard Hinnant's days_from_civil).  The
** year is shifted to start on 1 March so that the leap day is the last day of
** the year; a 400-year era has exactly 146097 days.  M outside 1-12 carries
** into the year and D is linear, so 2025-01-32 is 2025-02-01. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  int64_t era, yoe, doy, doe;
  y += fdiv(m - 1, 12);
  m = fmod64(m - 1, 12) + 1;
  y -= m <= 2;
  era = fdiv(y, 400);
  yoe = y - era * 400;                                   /* [0, 399] */
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* from 1 March */
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil (Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int *py, int *pm, int *pd) {
  int64_t era, doe, yoe, doy, mp, y, m;
  z += 719468;                                           /* from 0000-03-01 */
  era = fdiv(z, 146097);
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
  *py = (int)y;
  *pm = (int)m;
  *pd = (int)(doy - (153 * mp + 2) / 5 + 1);
}

RrDate rr_date_from_ymd(int y, int m, int d) {
  return (RrDate)days_from_civil(y, m, d);
}

void rr_date_to_ymd(RrDate day, int *y, int *m, int *d) {
  civil_from_days(day, y, m, d);
}

int rr_weekday(RrDate day) {
  return (int)fmod64((int64_t)day + 3, 7);    /* 1970-01-01 was a Thursday */
}

int rr_is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rr_days_in_month(int y, int m) {
  static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && rr_is_leap(y) ? 29 : mdays[m - 1];
}

int rr_valid_ymd(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= rr_days_in_month(y, m);
}

/* {==================== zones ====================} */

/* Open the zone NAME: its offset table from TABLE_START to TABLE_END, read
** from its TZif file (tzif.c) -- never through TZ, so that loading is safe
** while other threads work.  The caller owns the result and frees it with
** rr_zone_free. */
RrZone *rr_zone_open(const char *name) {
  int64_t *at = NULL;
  int *off = NULL;
  size_t n = 0, nname;
  int off0 = 0;
  RrZone *z = NULL;

  if (!name || tzif_load(name, TABLE_START, TABLE_END, &off0, &at, &off, &n) != 0) return NULL;
  /* one block: the struct, at[], bucket[], off[], then the name */
  nname = strlen(name) + 1;
  z = malloc(sizeof *z + n * (sizeof(RrInstant) + sizeof(int)) + N_BUCKET * sizeof(uint32_t) + nname);
  if (z) {
    z->at = (RrInstant *)(z + 1);
    z->bucket = (uint32_t *)(z->at + n);
    z->off = (int *)(z->bucket + N_BUCKET);
    z->name = (char *)(z->off + n);
    z->n = n;
    z->off0 = off0;
    for (size_t i = 0; i < n; i++) {
      z->at[i] = (RrInstant)at[i];
      z->off[i] = off[i];
    }
    for (size_t b = 0, k = 0; b < N_BUCKET; b++) {
      RrInstant from = TABLE_START + ((RrInstant)b << BUCKET_BITS);
      while (k < n && z->at[k] <= from) k++;
      z->bucket[b] = (uint32_t)k;
    }
    memcpy(z->name, name, nname);
  }
  free(at);
  free(off);
  return z;
}

void rr_zone_free(RrZone *z) { free(z); }

const char *rr_zone_name(const RrZone *z) { return z ? z->name : "UTC"; }

/* Number of changes at or before T: at[0..k-1] <= T < at[k]. */
static size_t changes_upto(const RrZone *z, RrInstant t) {
  if (t >= TABLE_START && t < TABLE_END) {          /* the index, then its bucket's few */
    size_t k = z->bucket[(size_t)(t - TABLE_START) >> BUCKET_BITS];
    while (k < z->n && z->at[k] <= t) k++;
    return k;
  }
  size_t lo = 0, hi = z->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (z->at[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/* Offset in effect after the first K changes. */
static int offset_after(const RrZone *z, size_t k) {
  return k == 0 ? z->off0 : z->off[k - 1];
}

/* A NULL zone is UTC. */
int rr_zone_offset(const RrZone *z, RrInstant t) {
  if (!z) return 0;
  return offset_after(z, changes_upto(z, t));
}

static RrInstant clamp(RrInstant t) {
  return t > T_LIMIT ? T_LIMIT : t < -T_LIMIT ? -T_LIMIT : t;
}

/* The local reading of T as seconds since 1970-01-01T00:00:00 local. */
static int64_t local_seconds(const RrZone *z, RrInstant t) {
  t = clamp(t);
  return t + rr_zone_offset(z, t);
}

static RrCivil civil_from_seconds(int64_t l) {
  RrCivil c;
  int64_t day = fdiv(l, DAY), sod = l - day * DAY;
  civil_from_days(day, &c.y, &c.m, &c.d);
  c.hh = (int)(sod / 3600);
  c.mi = (int)(sod / 60 % 60);
  c.ss = (int)(sod % 60);
  return c;
}

RrCivil rr_to_local(const RrZone *z, RrInstant t) {
  return civil_from_seconds(local_seconds(z, t));
}

RrDate rr_local_date(const RrZone *z, RrInstant t) {
  return (RrDate)fdiv(local_seconds(z, t), DAY);
}

/* The instant of local reading L (seconds since the local epoch).  Every
** offset in effect within two days of L is a candidate: T = L - offset is
** the answer if that offset really is in effect at T; of two answers (a
** fall-back overlap) the earlier wins.  With none, L lies in a spring-forward
** gap at some change: read it with the offset before the change, which puts
** it the length of the gap later on the wall clock. */
static RrInstant from_local_seconds(const RrZone *z, int64_t l) {
  size_t i, first;
  RrInstant best = 0;
  int found = 0;
  if (!z) return l;
  first = changes_upto(z, l - 2 * DAY);      /* changes after l - 2 days */
  if (first >= z->n || z->at[first] > l + 2 * DAY)   /* none near l: one offset, one answer */
    return l - offset_after(z, first);
  for (i = first; i <= z->n; i++) {
    int o = offset_after(z, i);              /* at l - 2 days, then each new */
    RrInstant t = l - o;
    if (i > first && z->at[i - 1] > l + 2 * DAY) break;
    if (rr_zone_offset(z, t) == o && (!found || t < best)) {
      best = t;
      found = 1;
    }
  }
  if (found) return best;
  for (i = first; i < z->n && z->at[i] <= l + 2 * DAY; i++) {
    int before = offset_after(z, i), after = z->off[i];
    if (after > before && l >= z->at[i] + before && l < z->at[i] + after)
      return l - before;
  }
  return l - rr_zone_offset(z, l);     /* not reached with a consistent table */
}

static int64_t seconds_of_civil(RrCivil c) {
  return days_from_civil(c.y, c.m, c.d) * DAY + (int64_t)c.hh * 3600 +
         (int64_t)c.mi * 60 + c.ss;
}

RrInstant rr_from_local(const RrZone *z, RrCivil c) {
  return from_local_seconds(z, seconds_of_civil(c));
}

/* {==================== durations ====================} */

RrInstant rr_add_seconds(RrInstant t, int64_t n) {
  if (n > 0 && t > INT64_MAX - n) return INT64_MAX;
  if (n < 0 && t < INT64_MIN - n) return INT64_MIN;
  return t + n;
}

/* Calendar arithmetic works on the local reading: move the date, keep the
** second of the day, convert back with from_local_seconds. */
RrInstant rr_add_days(const RrZone *z, RrInstant t, int n) {
  return from_local_seconds(z, local_seconds(z, t) + (int64_t)n * DAY);
}

/* The day N months after DAY, clamped to the end of the month. */
static int64_t add_months(int64_t day, int64_t n) {
  int64_t mon;
  int y, m, d, dim;
  civil_from_days(day, &y, &m, &d);
  mon = (int64_t)y * 12 + (m - 1) + n;
  y = (int)fdiv(mon, 12);
  m = (int)fmod64(mon, 12) + 1;
  dim = rr_days_in_month(y, m);
  if (d > dim) d = dim;
  return days_from_civil(y, m, d);
}

RrInstant rr_add_months(const RrZone *z, RrInstant t, int n) {
  int64_t l = local_seconds(z, t), day = fdiv(l, DAY), sod = l - day * DAY;
  return from_local_seconds(z, add_months(day, n) * DAY + sod);
}

RrDate rr_date_add_months(RrDate day, int64_t n) {
  return (RrDate)add_months(day, n);
}

static int is_holiday(RrDate day, const RrHolidays *h) {
  size_t lo = 0, hi;
  if (!h || !h->dates) return 0;
  hi = h->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (h->dates[mid] == day) return 1;
    if (h->dates[mid] < day) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return 0;
}

int rr_is_working_day(RrDate day, const RrHolidays *h) {
  return rr_weekday(day) < 5 && !is_holiday(day, h);
}

/* Step one date at a time towards the sign of N and count the working days
** reached (rr_is_working_day), with the weekday and the place in the
** sorted holidays carried along rather than found again for each date. */
static int64_t add_working_days(int64_t day, int64_t n, const RrHolidays *h) {
  int64_t left = n < 0 ? -n : n;
  const RrDate *d = h && h->dates ? h->dates : NULL;
  size_t nd = d ? h->n : 0, lo = 0, hi = nd;
  int wd = rr_weekday((RrDate)day);
  if (n >= 0) {
    while (lo < hi) {                      /* the first holiday after DAY */
      size_t mid = lo + (hi - lo) / 2;
      if (d[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    while (left > 0) {
      day++;
      wd = wd == 6 ? 0 : wd + 1;
      while (lo < nd && d[lo] < day) lo++;
      if (wd < 5 && !(lo < nd && d[lo] == day)) left--;
    }
  } else {
    while (lo < hi) {                      /* one past the last holiday before DAY */
      size_t mid = lo + (hi - lo) / 2;
      if (d[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    while (left > 0) {
      day--;
      wd = wd == 0 ? 6 : wd - 1;
      while (lo > 0 && d[lo - 1] > day) lo--;
      if (wd < 5 && !(lo > 0 && d[lo - 1] == day)) left--;
    }
  }
  return day;
}

/* The same on the local date; the result has the wall-clock time of T. */
RrInstant rr_add_working_days(const RrZone *z, RrInstant t, int n,
                              const RrHolidays *h) {
  int64_t l, day, sod;
  if (n == 0) return t;
  l = local_seconds(z, t);
  day = fdiv(l, DAY);
  sod = l - day * DAY;
  return from_local_seconds(z, add_working_days(day, n, h) * DAY + sod);
}

RrDate rr_date_add_working_days(RrDate day, int64_t n, const RrHolidays *h) {
  return (RrDate)add_working_days(day, n, h);
}

/* The last second of T's local date: one second before the next local
** midnight.  That is 23:59:59 local, except on the rare day whose end is
** moved by an offset change at midnight, where it is the true last second. */
RrInstant rr_end_of_day(const RrZone *z, RrInstant t) {
  int64_t day = fdiv(local_seconds(z, t), DAY);
  return from_local_seconds(z, (day + 1) * DAY) - 1;
}

/* Completed years: the year count, less one if the birthday (month, day) has
** not yet come this year.  A 29 February birthday has not come on 28
** February of a common year and has on 1 March. */
int rr_age_years(RrDate dob, RrDate on) {
  int y1, m1, d1, y2, m2, d2, age;
  if (on < dob) return -1;
  civil_from_days(dob, &y1, &m1, &d1);
  civil_from_days(on, &y2, &m2, &d2);
  age = y2 - y1;
  if (m2 < m1 || (m2 == m1 && d2 < d1)) age--;
  return age;
}

/* {==================== text ====================} */

/* Read K decimal digits at S into *V. */
static int digits(const char *s, int k, int *v) {
  int i, x = 0;
  for (i = 0; i < k; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return 0;
}

/* "YYYY-MM-DD" in the 10 bytes at S, checked against the calendar. */
static int parse_ymd(const char *s, int *y, int *m, int *d) {
  if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
      digits(s + 8, 2, d))
    return -1;
  return rr_valid_ymd(*y, *m, *d) ? 0 : -1;
}

/* "HH:MM" in the 5 bytes at S, 00:00-23:59. */
static int parse_hm(const char *s, int *hh, int *mi) {
  if (digits(s, 2, hh) || s[2] != ':' || digits(s + 3, 2, mi)) return -1;
  return *hh <= 23 && *mi <= 59 ? 0 : -1;
}

/* YYYY-MM-DDTHH:MM[:SS[.f+]](Z|+HH:MM|-HH:MM), all N bytes and nothing more. */
int rr_parse_instant(const char *s, size_t n, RrInstant *out) {
  int y, m, d, hh, mi, ss = 0, oh = 0, om = 0, sign = 1;
  size_t p = 16;
  if (n < 17 || parse_ymd(s, &y, &m, &d) || s[10] != 'T' ||
      parse_hm(s + 11, &hh, &mi))
    return -1;
  if (s[p] == ':') {
    if (n < p + 3 || digits(s + p + 1, 2, &ss) || ss > 59) return -1;
    p += 3;
    if (p < n && s[p] == '.') {
      size_t f = ++p;
      while (p < n && s[p] >= '0' && s[p] <= '9') p++;
      if (p == f) return -1;                   /* "." needs a digit */
    }
  }
  if (p >= n) return -1;                       /* no offset */
  if (s[p] == 'Z') {
    p++;
  } else if (s[p] == '+' || s[p] == '-') {
    sign = s[p] == '-' ? -1 : 1;
    if (n < p + 6 || digits(s + p + 1, 2, &oh) || s[p + 3] != ':' ||
        digits(s + p + 4, 2, &om) || oh > 14 || om > 59)
      return -1;
    p += 6;
  } else {
    return -1;
  }
  if (p != n) return -1;
  *out = days_from_civil(y, m, d) * DAY + hh * 3600 + mi * 60 + ss -
         sign * (oh * 3600 + om * 60);
  return 0;
}

int rr_parse_date(const char *s, size_t n, RrDate *out) {
  int y, m, d;
  if (n != 10 || parse_ymd(s, &y, &m, &d)) return -1;
  *out = (RrDate)days_from_civil(y, m, d);
  return 0;
}

int rr_parse_time_of_day(const char *s, size_t n, int *minutes) {
  int hh, mi;
  if (n != 5 || parse_hm(s, &hh, &mi)) return -1;
  *minutes = hh * 60 + mi;
  return 0;
}

/* Length written by snprintf into a 32-byte buffer, truncation included. */
static int written(int r) {
  if (r < 0) return 0;
  return r > 31 ? 31 : r;
}

/* "YYYY-MM-DD"; years before 1 get a '-' sign in front of four digits. */
/* Two digits of V (0..99) at P: the formatting of every timestamp a
** decision holds, without snprintf (issue 17: two calls a timestamp were a
** fifth of writing a decision). */
static char *put2(char *p, int v) {
  p[0] = (char)('0' + v / 10);
  p[1] = (char)('0' + v % 10);
  return p + 2;
}

static int put_ymd(char *buf, int y, int m, int d) {
  if (y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99) {
    char *p = put2(put2(buf, y / 100), y % 100);
    *p++ = '-';
    p = put2(p, m);
    *p++ = '-';
    p = put2(p, d);
    *p = '\0';
    return 10;
  }
  return written(snprintf(buf, 32, "%s%04d-%02d-%02d", y < 0 ? "-" : "",
                          y < 0 ? -y : y, m, d));
}

int rr_format_instant(const RrZone *z, RrInstant t, char *buf) {
  RrCivil c = rr_to_local(z, t);
  int off = (int)(local_seconds(z, t) - clamp(t));
  int a = off < 0 ? -off : off, n;
  n = put_ymd(buf, c.y, c.m, c.d);
  if (n <= 16 && c.hh >= 0 && c.hh <= 99 && c.mi >= 0 && c.mi <= 99 && c.ss >= 0 && c.ss <= 99 && a / 3600 <= 99) {
    char *p = buf + n;
    *p++ = 'T';
    p = put2(p, c.hh);
    *p++ = ':';
    p = put2(p, c.mi);
    *p++ = ':';
    p = put2(p, c.ss);
    *p++ = off < 0 ? '-' : '+';
    p = put2(p, a / 3600);
    *p++ = ':';
    p = put2(p, a / 60 % 60);
    *p = '\0';
    n = (int)(p - buf);
  } else {
    n += written(snprintf(buf + n, 32 - (size_t)n, "T%02d:%02d:%02d%c%02d:%02d",
                          c.hh, c.mi, c.ss, off < 0 ? '-' : '+', a / 3600,
                          a / 60 % 60));
  }
  if (a % 60 && n < 28)          /* pre-1972 offsets with seconds: +hh:mm:ss */
    n += written(snprintf(buf + n, 32 - (size_t)n, ":%02d", a % 60));
  return n > 31 ? 31 : n;
}

int rr_format_utc(RrInstant t, char *buf) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), s = t - days * 86400;
  int y, m, d;
  civil_from_days((RrDate)days, &y, &m, &d);
  int n = put_ymd(buf, y, m, d);
  n += written(snprintf(buf + n, 32 - (size_t)n, "T%02d:%02d:%02dZ", (int)(s / 3600), (int)(s / 60 % 60),
                        (int)(s % 60)));
  return n > 31 ? 31 : n;
}

int rr_format_date(RrDate d, char *buf) {
  int y, m, dd;
  civil_from_days(d, &y, &m, &dd);
  return put_ymd(buf, y, m, dd);
}

/* MINUTES is taken modulo one day. */
int rr_format_time_of_day(int minutes, char *buf) {
  int m = (int)fmod64(minutes, 1440);
  return written(snprintf(buf, 32, "%02d:%02d", m / 60, m % 60));
}

/* PnDTnHnMnS with zero components left out ("PT0S" for nothing); a day is
** 24 hours.  A negative duration is written as "-" and its magnitude. */
int rr_format_duration(int64_t seconds, char *buf) {
  uint64_t a = seconds < 0 ? 0u - (uint64_t)seconds : (uint64_t)seconds;
  unsigned long long d = a / DAY;
  unsigned h = (unsigned)(a % DAY / 3600), m = (unsigned)(a % 3600 / 60),
           s = (unsigned)(a % 60);
  int n = 0;
  if (seconds < 0) buf[n++] = '-';
  buf[n++] = 'P';
  if (d) n += written(snprintf(buf + n, 32 - (size_t)n, "%lluD", d));
  if (h || m || s || !d) {
    buf[n++] = 'T';
    if (h) n += written(snprintf(buf + n, 32 - (size_t)n, "%uH", h));
    if (m) n += written(snprintf(buf + n, 32 - (size_t)n, "%uM", m));
    if (s || (!d && !h && !m))
      n += written(snprintf(buf + n, 32 - (size_t)n, "%uS", s));
  }
  buf[n] = '\0';
  return n;
}
