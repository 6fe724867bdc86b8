/*
** calendar.h - the working calendar: a calendar declaration (yearly
** holidays, Easters, Hijri dates estimated by ICU, one year's dates, one-off
** days, the weekend substitution rule) and the municipal days of an overlay,
** expanded once, at check time, into the sorted table of non-working
** weekdays that working-day arithmetic searches (Program.aHoliday ...).
**
** The law lives in the rule file: this module knows calendars (Gregorian,
** Hijri through ICU, the Easter computus of both churches), never a holiday.
*/
#ifndef RR_CALENDAR_H
#define RR_CALENDAR_H

#include "ast.h"
#include "diag.h"
#include "program.h"

/* Expands the calendar CAL (may be NULL) with the municipal days AOV[0..NOV)
** into P: aHoliday, aHolidayStatus, azHolidayName, azHolidayFor, nHoliday,
** coverFrom, coverUntil, caseHolidays.  Errors and warnings go to D.
** Returns the number of errors. */
int calendar_build(Program *p, Diag *d, const Decl *cal, Decl *const *aOv, int nOv);

/* After the rules are checked: warns about each rule that counts working
** days and is in force after the last day the calendar CAL covers. */
void calendar_check_coverage(const Program *p, Diag *d, const Decl *cal);

/* "official", "announced", "news", "derived", "estimated", "unconfirmed". */
const char *calendar_status_name(int status);

/* The index of the first entry of P's table on or after DAY (nHoliday when
** none): the table is sorted. */
int calendar_find(const Program *p, RrDate day);

/* Easter Sunday of YEAR on the Gregorian calendar: by the Gregorian computus
** (ORTHODOX 0), or by the Julian computus, converted (ORTHODOX 1). */
RrDate calendar_easter(int year, int orthodox);

#endif
