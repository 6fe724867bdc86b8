/*
** rrtime.h - instants, civil dates and local time in one IANA zone.
**
** An instant is a count of seconds since 1970-01-01T00:00:00Z (UTC).  A date
** is a count of days since 1970-01-01 on the proleptic Gregorian calendar.
** Local time comes from the C library's tz database (the source of truth):
** rr_zone_open() reads the zone once, through localtime_r(), into a table of
** offset changes, and every later conversion is a binary search in that
** table.  No daylight-saving rule is written by hand anywhere.
**
** Calendar arithmetic (days, weeks, months, working days) keeps the local
** wall-clock time; hour arithmetic is exact elapsed time (catalog CONV-*).
*/
#ifndef RR_RRTIME_H
#define RR_RRTIME_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t RrInstant;   /* seconds since the Unix epoch, UTC */
typedef int32_t RrDate;      /* days since 1970-01-01 */

typedef struct RrCivil {     /* a local wall-clock reading */
  int y, m, d;               /* year, month 1-12, day 1-31 */
  int hh, mi, ss;            /* 0-23, 0-59, 0-59 */
} RrCivil;

typedef struct RrZone RrZone;  /* opaque: the offset table of one zone */

/* Holidays for working-day arithmetic: a sorted array of dates, no duplicates
** (unsorted input gives wrong answers: the lookup is a binary search). */
typedef struct RrHolidays {
  const RrDate *dates;
  size_t n;
} RrHolidays;

/* ---- civil calendar (pure arithmetic, no zone) ---- */
RrDate  rr_date_from_ymd(int y, int m, int d);
void    rr_date_to_ymd(RrDate day, int *y, int *m, int *d);
int     rr_weekday(RrDate day);              /* 0 = Monday ... 6 = Sunday */
int     rr_days_in_month(int y, int m);
int     rr_is_leap(int y);
int     rr_valid_ymd(int y, int m, int d);

/* ---- zones ----
** rr_zone_open derives the offset table of NAME (e.g. "Europe/Belgrade") from
** the C library for 1970-2100; instants outside use the nearest edge offset.
** Returns NULL if the zone is unknown to the system tz database.  It sets and
** restores the TZ environment variable, so call it before starting threads.
** The result is freed with rr_zone_free. */
RrZone *rr_zone_open(const char *name);
void    rr_zone_free(RrZone *z);
const char *rr_zone_name(const RrZone *z);

int       rr_zone_offset(const RrZone *z, RrInstant t);      /* seconds east of UTC */
RrCivil   rr_to_local(const RrZone *z, RrInstant t);
RrDate    rr_local_date(const RrZone *z, RrInstant t);
/* The instant of a local reading.  A reading skipped by a spring-forward gap
** is moved forward by the gap (02:30 -> 03:30); a reading that occurs twice
** in a fall-back overlap is the earlier of the two. */
RrInstant rr_from_local(const RrZone *z, RrCivil c);

/* ---- durations ---- */
RrInstant rr_add_seconds(RrInstant t, int64_t n);
RrInstant rr_add_days(const RrZone *z, RrInstant t, int n);     /* same wall time; n may be < 0 */
RrInstant rr_add_months(const RrZone *z, RrInstant t, int n);   /* day clamped to month end */
/* N working days (Monday-Friday, not in H) later, same wall time; n < 0 counts
** back.  Counting steps one calendar day at a time and counts each working
** day reached, so a start on a weekend or holiday counts from the next
** working day.  H may be NULL. */
RrInstant rr_add_working_days(const RrZone *z, RrInstant t, int n, const RrHolidays *h);
int       rr_is_working_day(RrDate day, const RrHolidays *h);
/* The same arithmetic on civil dates: N months later (n < 0: earlier), the
** day clamped to the end of the month (31 January + 1 month = 28 or 29
** February); N working days later, counted as rr_add_working_days counts. */
RrDate    rr_date_add_months(RrDate day, int64_t n);
RrDate    rr_date_add_working_days(RrDate day, int64_t n, const RrHolidays *h);
RrInstant rr_end_of_day(const RrZone *z, RrInstant t);           /* 23:59:59 local */

/* Age in completed years on date ON of a person born on DOB.  Someone born
** on 29 February completes a year on 1 March in common years. */
int rr_age_years(RrDate dob, RrDate on);

/* ---- text ----
** Parsers return 0 on success, -1 on malformed or impossible input.
** rr_parse_instant needs an explicit offset ("Z" or "+hh:mm"/"-hh:mm");
** seconds and fractions of seconds are optional (fractions are dropped). */
int rr_parse_instant(const char *s, size_t n, RrInstant *out);
int rr_parse_date(const char *s, size_t n, RrDate *out);          /* YYYY-MM-DD */
int rr_parse_time_of_day(const char *s, size_t n, int *minutes);  /* HH:MM, 00:00-23:59 */

/* Writers return the length written (excluding NUL); BUF must hold 32 bytes. */
int rr_format_instant(const RrZone *z, RrInstant t, char *buf);  /* 2025-03-04T19:00:00+01:00 */
int rr_format_date(RrDate d, char *buf);                          /* 2025-03-04 */
int rr_format_utc(RrInstant t, char *buf);                        /* 2025-03-04T18:00:00Z */
int rr_format_time_of_day(int minutes, char *buf);                /* 08:00 */
/* ISO 8601 duration of a number of seconds: PT0S, PT15M, P1D, P1DT2H30M;
** days are 24-hour days (the form the acceptance contract uses); a negative
** value is written with a leading '-'. */
int rr_format_duration(int64_t seconds, char *buf);

#endif
