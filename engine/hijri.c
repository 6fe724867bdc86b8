/*
** hijri.c - Hijri dates on the Gregorian calendar, computed by ICU's Islamic
** calendars (ucal with "@calendar=VARIANT").  The only file that includes
** ICU; the Makefile gives ICU's flags to this object alone.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>

#include "hijri.h"

struct RrHijri {
  UCalendar *cal;
};

static const double MS_PER_DAY = 86400000.0;

int rr_hijri_open(const char *zVariant, RrHijri **out) {
  static const UChar utc[] = {'U', 'T', 'C', 0};
  char zLocale[96];
  UErrorCode st = U_ZERO_ERROR;
  *out = NULL;
  if (!zVariant || strlen(zVariant) > 64) return -1;
  RrHijri *h = malloc(sizeof *h);     /* first, so that ICU's failures are ICU's */
  if (!h) return -2;
  snprintf(zLocale, sizeof zLocale, "en@calendar=%s", zVariant);
  UCalendar *cal = ucal_open(utc, -1, zLocale, UCAL_DEFAULT, &st);
  if (st == U_MEMORY_ALLOCATION_ERROR) {
    free(h);
    return -2;
  }
  const char *zType = U_SUCCESS(st) && cal ? ucal_getType(cal, &st) : NULL;
  if (U_FAILURE(st) || !zType || strcmp(zType, zVariant) != 0) {   /* ICU fell back to another */
    if (cal) ucal_close(cal);
    free(h);
    return st == U_MEMORY_ALLOCATION_ERROR ? -2 : -1;
  }
  ucal_setAttribute(cal, UCAL_LENIENT, 0);
  h->cal = cal;
  *out = h;
  return 0;
}

void rr_hijri_close(RrHijri *h) {
  if (!h) return;
  ucal_close(h->cal);
  free(h);
}

int rr_hijri_date(RrHijri *h, int hyear, int month, int day, RrDate *out) {
  UErrorCode st = U_ZERO_ERROR;
  ucal_clear(h->cal);
  ucal_set(h->cal, UCAL_EXTENDED_YEAR, hyear);
  ucal_set(h->cal, UCAL_MONTH, month - 1);
  ucal_set(h->cal, UCAL_DATE, day);
  UDate ms = ucal_getMillis(h->cal, &st);
  if (st == U_ILLEGAL_ARGUMENT_ERROR) return 0;         /* not lenient: no such day */
  if (U_FAILURE(st)) return -1;
  double days = ms / MS_PER_DAY;
  *out = (RrDate)(days < 0 ? days - 0.5 : days + 0.5);  /* midnight UTC: a whole number */
  return 1;
}

/* The Hijri years that can hold a date of Gregorian year YEAR are found by
** arithmetic (a Hijri year is 354.37 days on average, year 1 began in 622)
** and tried one by one: asking ICU for the Hijri year of a Gregorian date
** costs a hundred times more than the other way round. */
int rr_hijri_in_year(RrHijri *h, int month, int day, int year, RrDate out[2]) {
  RrDate first = rr_date_from_ymd(year, 1, 1), last = rr_date_from_ymd(year, 12, 31);
  int approx = (int)((year - 622) * (365.2425 / 354.367));
  int n = 0;
  for (int hyear = approx - 1; hyear <= approx + 2 && n < 2; hyear++) {
    RrDate d;
    int r = rr_hijri_date(h, hyear, month, day, &d);
    if (r < 0) return -1;
    if (r > 0 && d >= first && d <= last) out[n++] = d;
  }
  return n;
}
