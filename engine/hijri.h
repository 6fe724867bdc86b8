/*
** hijri.h - dates of the Islamic (Hijri) calendar on the Gregorian calendar,
** as ICU computes them.  hijri.c is the only file that includes ICU.
**
** ICU knows several Islamic calendars ("islamic-umalqura", "islamic-civil",
** "islamic-tbla", "islamic"); which one estimates a holiday is the rule
** file's choice, never the engine's.
*/
#ifndef RR_HIJRI_H
#define RR_HIJRI_H

#include "rrtime.h"

typedef struct RrHijri RrHijri;   /* opaque: one ICU calendar */

/* Opens the ICU calendar called ZVARIANT into *OUT.  Returns 0, or -1 when
** ICU does not know it (ICU would quietly use another calendar: that is
** refused here), or -2 when out of memory. */
int      rr_hijri_open(const char *zVariant, RrHijri **out);
void     rr_hijri_close(RrHijri *h);

/* The Gregorian dates in year YEAR of day DAY (1-30) of Hijri month MONTH
** (1 = Muharram ... 12 = Dhu al-Hijjah): a Hijri year is 354 or 355 days,
** so a Gregorian year holds a Hijri date once or, now and then, twice.
** Writes them in order into OUT and returns their number (0-2), or -1 when
** ICU fails.  A day the month does not have (30 in a month of 29 days) is
** not a date. */
int      rr_hijri_in_year(RrHijri *h, int month, int day, int year, RrDate out[2]);
/* The Gregorian date of DAY MONTH of Hijri year HYEAR into *OUT: 1, or 0
** when the month has no such day, or -1 when ICU fails. */
int      rr_hijri_date(RrHijri *h, int hyear, int month, int day, RrDate *out);

#endif
