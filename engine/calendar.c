/*
** calendar.c - expands a calendar declaration into the table of non-working
** weekdays (see calendar.h), once, when the rule set is checked.
**
** A calendar is written as the law is: holidays that recur every year (on a
** date of the Gregorian calendar, on a date of the Hijri calendar that ICU
** estimates, or at an offset from either Easter), the dates one year's
** announcement or decision gives (they replace that year's computed or
** estimated date), one-off days, and the substitution rule ("substitute
** next working day": a yearly holiday that falls on a Saturday or Sunday
** gives a day off on the next working day; days already off are not working
** days, so the shift cascades, and two holidays on one weekday are one day
** off).  Each day carries the certainty of its source:
**
**   official     in the Government's calendar for the year
**   announced    in the announcement of the body that sets the date
**   news         in a dated news report
**   derived      the law's rule applied, no document for that year
**   estimated    a Hijri date as ICU computes it, no announcement yet
**   unconfirmed  libraries or aggregators only, or a flagged assumption
**
** Computed days are 'derived' (a Hijri one 'estimated'); 'holiday YEAR
** STATUS' and 'holiday DATE STATUS' record what documents confirm.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "hijri.h"
#include "parse.h"
#include "value.h"

static const char *const status_names[HS__COUNT] = {   /* ORDER HOLIDAY: program.h */
  "official", "announced", "news", "derived", "estimated", "unconfirmed"
};

static const char *const greg_months[12] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december"
};
static const char *const hijri_months[12] = {
  "muharram", "safar", "rabi_al_awwal", "rabi_al_thani", "jumada_al_awwal", "jumada_al_thani",
  "rajab", "shaban", "ramadan", "shawwal", "dhu_al_qadah", "dhu_al_hijjah"
};

/* The years a calendar of yearly holidays may cover ('onward' ends with the
** last): the time-zone table and ICU's Umm al-Qura data both reach them. */
enum { FIRST_YEAR = 1900, LAST_YEAR = 2099, MAX_VARIANTS = 8 };

/* How a yearly holiday finds its day. */
enum { Y_FIXED, Y_HIJRI, Y_EASTER };

/* Where a day of the table comes from. */
enum { K_COMPUTED, K_DATED, K_ONEOFF, K_SUBST };

typedef struct Yearly {
  const char *zId, *zTitle;
  int iFile;
  Token ident;
  int form;               /* Y_* */
  int month, day;         /* Y_FIXED, Y_HIJRI */
  int orthodox, offset;   /* Y_EASTER */
  int iVar;               /* Y_HIJRI: the ICU calendar */
  RrDate *aHijri;         /* Y_HIJRI: its dates from January of year hy0 to December of hy1 */
  int nHijri, hy0, hy1;   /* (hijri_cache), in order */
  const char *zMonth;     /* as written, for messages */
  int national;           /* the substitution rule applies to it */
  int ok;
} Yearly;

typedef struct Entry {
  RrDate day;
  int year;               /* of DAY */
  int status;             /* HS_* */
  const char *zName;
  const char *zFor;       /* substitutes: the holiday's name */
  int iYearly;            /* the yearly holiday it is a date of, or -1 */
  int kind;               /* K_* */
  int national;
  int seq;                /* creation order: ties keep it */
  int dead;               /* replaced by one year's date */
  int iFile;              /* a dated entry: where it is written */
  Token at;
} Entry;

typedef struct Cal {
  Program *p;
  Diag *d;
  Arena *a;
  int nErr0;
  int oom;
  Yearly *aY;
  int nY;
  Entry *aE;
  int nE, nAllocE;
  struct { const char *z; RrHijri *h; } aVar[MAX_VARIANTS];
  int nVar;
  const char *zSubst;     /* the substitution rule's prefix; NULL: no substitution */
  int y0, y1;             /* the years computed */
  int seq;
} Cal;

#define ERRT(f, t, ...) diag_error(c->d, (f), (t).off, (t).len, __VA_ARGS__)

const char *calendar_status_name(int status) {
  return status >= 0 && status < HS__COUNT ? status_names[status] : "?";
}

/* {==== the computus ===================================================== */

/* A date of the Julian calendar as a day count of ours (via the Julian day
** number: 1970-01-01 is JDN 2440588). */
static RrDate julian_to_date(int y, int m, int d) {
  int a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
  long jdn = d + (153L * mm + 2) / 5 + 365L * yy + yy / 4 - 32083;
  return (RrDate)(jdn - 2440588);
}

RrDate calendar_easter(int y, int orthodox) {
  if (orthodox) {              /* Meeus's Julian algorithm, then the Julian date converted */
    int a = y % 4, b = y % 7, c = y % 19;
    int d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7;
    int f = d + e + 114;
    return julian_to_date(y, f / 31, f % 31 + 1);
  }
  /* the anonymous Gregorian algorithm (Meeus/Jones/Butcher) */
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int n = h + l - 7 * m + 114;
  return rr_date_from_ymd(y, n / 31, n % 31 + 1);
}

/* }==== */

/* {==== reading the items ================================================ */

static const char *tok_text(Cal *c, int iFile, Token t) {
  const char *z = arena_strndup(c->a, c->d->aFile[iFile].zText + t.off, t.len);
  if (!z) c->oom = 1;
  return z ? z : "";
}

static const char *string_text(Cal *c, int iFile, Token t) {
  const char *z = c->d->aFile[iFile].zText + t.off;
  const char *s = parse_string_text(c->a, z + 1, t.len >= 2 ? t.len - 2 : 0);
  if (!s) c->oom = 1;
  return s ? s : "";
}

/* A, SEP and B in one string of C's arena (a name made of two), or NULL. */
static const char *join(Cal *c, const char *a, const char *sep, const char *b) {
  size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
  char *z = arena_alloc(c->a, na + ns + nb + 1);
  if (!z) {
    c->oom = 1;
    return NULL;
  }
  memcpy(z, a, na);
  memcpy(z + na, sep, ns);
  memcpy(z + na + ns, b, nb + 1);
  return z;
}

static int tok_is(Cal *c, int iFile, Token t, const char *z) {
  return t.len == strlen(z) && memcmp(c->d->aFile[iFile].zText + t.off, z, t.len) == 0;
}

static int read_status(Cal *c, int iFile, Token t) {
  const char *z = tok_text(c, iFile, t);
  for (int k = 0; k < HS__COUNT; k++) if (strcmp(z, status_names[k]) == 0) return k;
  ERRT(iFile, t, "unknown status '%s' (official, announced, news, derived, estimated, unconfirmed)", z);
  return HS_UNCONFIRMED;
}

/* An invalid date literal (2027-02-30) was reported by the parser, which
** validates every date in one place: it is skipped here without a word. */
static int read_date(Cal *c, int iFile, Token t, RrDate *out) {
  *out = 0;
  return rr_parse_date(c->d->aFile[iFile].zText + t.off, t.len, out) == 0;
}

/* A whole number written as a token; -1 if it is not one (or too large). */
static long read_int(Cal *c, int iFile, Token t) {
  const char *z = c->d->aFile[iFile].zText + t.off;
  long v = 0;
  if (t.len == 0 || t.len > 6) return -1;
  for (uint32_t i = 0; i < t.len; i++) {
    if (z[i] < '0' || z[i] > '9') return -1;
    v = v * 10 + (z[i] - '0');
  }
  return v;
}

static int year_of(RrDate day) {
  int y, m, d;
  rr_date_to_ymd(day, &y, &m, &d);
  return y;
}

static const char *weekend_name(RrDate day) {
  return rr_weekday(day) == 5 ? "Saturday" : "Sunday";
}

/* The ICU calendar called by the string token T, opened once. */
static int open_variant(Cal *c, int iFile, Token t) {
  const char *z = string_text(c, iFile, t);
  for (int k = 0; k < c->nVar; k++) if (strcmp(c->aVar[k].z, z) == 0) return k;
  if (c->nVar == MAX_VARIANTS) {
    ERRT(iFile, t, "a calendar uses at most %d Hijri calendars", MAX_VARIANTS);
    return -1;
  }
  RrHijri *h;
  int rc = rr_hijri_open(z, &h);
  if (rc == -2) {
    c->oom = 1;
    return -1;
  }
  if (rc != 0) {
    ERRT(iFile, t, "ICU has no calendar \"%s\" (islamic-umalqura, islamic-civil, islamic-tbla, islamic)", z);
    return -1;
  }
  c->aVar[c->nVar].z = z;
  c->aVar[c->nVar].h = h;
  return c->nVar++;
}

static int month_index(const char *const *names, const char *z) {
  for (int k = 0; k < 12; k++) if (strcmp(names[k], z) == 0) return k + 1;
  return 0;
}

/* holiday NAME "title" on DAY */
static void add_yearly(Cal *c, int iFile, const Clause *cl, int national) {
  Yearly *y = &c->aY[c->nY];
  const CalDay *day = cl->day;
  memset(y, 0, sizeof *y);
  y->zId = tok_text(c, iFile, cl->ident);
  y->zTitle = string_text(c, iFile, cl->text);
  y->iFile = iFile;
  y->ident = cl->ident;
  y->national = national;
  y->iVar = -1;
  for (int k = 0; k < c->nY; k++) {
    if (strcmp(c->aY[k].zId, y->zId) == 0) {
      ERRT(iFile, cl->ident, "the calendar already has a holiday '%s'", y->zId);
      diag_note(c->d, c->aY[k].iFile, c->aY[k].ident.off, c->aY[k].ident.len, "it is declared here");
      return;
    }
  }
  c->nY++;
  if (!tok_is(c, iFile, cl->label, "on")) {
    ERRT(iFile, cl->label, "a yearly holiday reads 'holiday NAME \"title\" on DAY'");
    return;
  }
  if (!day) return;
  if (day->num.len) {                       /* 1 january, 1 shawwal in "..." */
    const char *zm = tok_text(c, iFile, day->unit);
    long dd = read_int(c, iFile, day->num);
    y->zMonth = zm;
    y->month = month_index(greg_months, zm);
    if (y->month) {
      y->form = Y_FIXED;
      if (day->variant.len) {
        ERRT(iFile, day->variant, "%s is a month of the Gregorian calendar: it needs no other calendar", zm);
        return;
      }
      if (dd < 1 || dd > rr_days_in_month(2000, y->month)) {     /* 2000: a leap year */
        ERRT(iFile, day->num, "%s has no day %ld", zm, dd);
        return;
      }
    } else if ((y->month = month_index(hijri_months, zm)) != 0) {
      y->form = Y_HIJRI;
      if (dd < 1 || dd > 30) {
        ERRT(iFile, day->num, "a month of the Hijri calendar has at most 30 days");
        return;
      }
      if (!day->variant.len) {
        ERRT(iFile, day->unit, "a Hijri date is estimated by an ICU calendar: write '%ld %s in "
             "\"islamic-umalqura\"' (or another Islamic calendar of ICU)", dd, zm);
        return;
      }
      if ((y->iVar = open_variant(c, iFile, day->variant)) < 0) return;
    } else {
      ERRT(iFile, day->unit, "unknown month '%s' (january ... december, or a Hijri month: muharram, "
           "safar, rabi_al_awwal, rabi_al_thani, jumada_al_awwal, jumada_al_thani, rajab, shaban, "
           "ramadan, shawwal, dhu_al_qadah, dhu_al_hijjah)", zm);
      return;
    }
    y->day = (int)dd;
  } else {                                  /* easter + 1 day */
    y->form = Y_EASTER;
    if (tok_is(c, iFile, day->base, "easter")) {
      y->orthodox = 0;
    } else if (tok_is(c, iFile, day->base, "orthodox_easter")) {
      y->orthodox = 1;
    } else {
      ERRT(iFile, day->base, "a yearly holiday falls on a date ('1 january', '1 shawwal in \"...\"') or "
           "on an Easter: easter (the Gregorian computus) or orthodox_easter (the Julian computus)");
      return;
    }
    if (day->sign) {
      long n = read_int(c, iFile, day->offNum);
      if (!tok_is(c, iFile, day->offUnit, "day") && !tok_is(c, iFile, day->offUnit, "days")) {
        ERRT(iFile, day->offUnit, "an offset from Easter is counted in days");
        return;
      }
      if (n < 0 || n > 100) {
        ERRT(iFile, day->offNum, "an offset from Easter is at most 100 days");
        return;
      }
      y->offset = day->sign * (int)n;
    }
  }
  y->ok = 1;
}

static int find_yearly(Cal *c, int iFile, Token t) {
  const char *z = tok_text(c, iFile, t);
  for (int k = 0; k < c->nY; k++) if (strcmp(c->aY[k].zId, z) == 0) return k;
  ERRT(iFile, t, "unknown holiday '%s': a year's date is given for a holiday the calendar declares "
       "every year (holiday %s \"title\" on DAY)", z, z);
  return -1;
}

/* }==== */

/* {==== the days ========================================================= */

static Entry *add_entry(Cal *c, RrDate day, int status, const char *zName, int kind, int national) {
  if (c->nE == c->nAllocE) {
    int n = c->nAllocE ? c->nAllocE * 2 : 256;
    Entry *ne = realloc(c->aE, (size_t)n * sizeof *ne);
    if (!ne) {
      c->oom = 1;
      return NULL;
    }
    c->aE = ne;
    c->nAllocE = n;
  }
  Entry *e = &c->aE[c->nE++];
  memset(e, 0, sizeof *e);
  e->day = day;
  e->year = year_of(day);
  e->status = status;
  e->zName = zName;
  e->kind = kind;
  e->national = national;
  e->iYearly = -1;
  e->iFile = -1;
  e->seq = c->seq++;
  return e;
}

/* The dates of Hijri holiday Y in Gregorian year YEAR, from its cache. */
static int cached_hijri(const Yearly *y, int year, RrDate out[2]) {
  RrDate first = rr_date_from_ymd(year, 1, 1), last = rr_date_from_ymd(year, 12, 31);
  int lo = 0, hi = y->nHijri, n = 0;
  while (lo < hi) {                               /* the first date on or after January 1 */
    int mid = lo + (hi - lo) / 2;
    if (y->aHijri[mid] < first) lo = mid + 1;
    else hi = mid;
  }
  for (int i = lo; i < y->nHijri && y->aHijri[i] <= last && n < 2; i++) out[n++] = y->aHijri[i];
  return n;
}

/* Hijri holiday Y's dates from year Y0 to Y1 (Gregorian), asked of ICU once
** per Hijri year rather than three or four times per Gregorian year: its
** date in each Hijri year that can fall in them (as rr_hijri_in_year finds
** them: a Hijri year is 354.37 days on average, year 1 began in 622).  When
** ICU fails here, yearly_dates asks it again, year by year, and says so. */
static void hijri_cache(Cal *c, Yearly *y, int y0, int y1) {
  int h0 = (int)((y0 - 622) * (365.2425 / 354.367)) - 1, h1 = (int)((y1 - 622) * (365.2425 / 354.367)) + 2;
  RrDate *a = arena_alloc(c->a, (size_t)(h1 - h0 + 1) * sizeof *a);
  if (!a) {
    c->oom = 1;
    return;
  }
  int n = 0;
  for (int hyear = h0; hyear <= h1; hyear++) {
    RrDate d;
    int r = rr_hijri_date(c->aVar[y->iVar].h, hyear, y->month, y->day, &d);
    if (r < 0) return;                            /* no cache: the slow way reports it */
    if (r > 0 && (n == 0 || d > a[n - 1])) a[n++] = d;
  }
  y->aHijri = a;
  y->nHijri = n;
  y->hy0 = y0;
  y->hy1 = y1;
}

/* The dates of yearly holiday Y in year YEAR: 0-2 of them. */
static int yearly_dates(Cal *c, const Yearly *y, int year, RrDate out[2]) {
  switch (y->form) {
    case Y_FIXED:
      if (!rr_valid_ymd(year, y->month, y->day)) return 0;    /* 29 february */
      out[0] = rr_date_from_ymd(year, y->month, y->day);
      return 1;
    case Y_EASTER:
      out[0] = calendar_easter(year, y->orthodox) + y->offset;
      return 1;
    default: {
      if (y->aHijri && year >= y->hy0 && year <= y->hy1) return cached_hijri(y, year, out);
      int n = rr_hijri_in_year(c->aVar[y->iVar].h, y->month, y->day, year, out);
      if (n < 0) {
        ERRT(y->iFile, y->ident, "ICU could not compute %d %s of year %d", y->day, y->zMonth, year);
        return 0;
      }
      return n;
    }
  }
}

/* Sorts C's entries from FROM on by day (then creation): a year's few, which
** are nearly in order, by insertion. */
static void sort_small(Cal *c, int from) {
  for (int i = from + 1; i < c->nE; i++) {
    Entry e = c->aE[i];
    int j = i;
    while (j > from && (c->aE[j - 1].day > e.day || (c->aE[j - 1].day == e.day && c->aE[j - 1].seq > e.seq))) {
      c->aE[j] = c->aE[j - 1];
      j--;
    }
    c->aE[j] = e;
  }
}

/* The computed days of the yearly holidays (national or municipal), year by
** year, each year's in date order: the table then needs little sorting. */
static void expand_yearly(Cal *c, int national) {
  for (int k = 0; k < c->nY && !c->oom; k++) {
    Yearly *y = &c->aY[k];
    if (y->ok && y->national == national && y->form == Y_HIJRI && !y->aHijri) hijri_cache(c, y, c->y0 - 1, c->y1 + 1);
  }
  for (int year = c->y0 - 1; year <= c->y1 + 1; year++) {
    int from = c->nE;
    for (int k = 0; k < c->nY; k++) {
      const Yearly *y = &c->aY[k];
      if (!y->ok || y->national != national) continue;
      RrDate days[2];
      int n = yearly_dates(c, y, year, days);
      for (int j = 0; j < n; j++) {
        Entry *e = add_entry(c, days[j], y->form == Y_HIJRI ? HS_ESTIMATED : HS_DERIVED, y->zTitle,
                             K_COMPUTED, national);
        if (!e) return;
        e->iYearly = k;
      }
    }
    sort_small(c, from);
  }
}

/* The estimate of Hijri holiday Y nearest to DAY (in the year before, of or
** after it); 0 when there is none. */
static int nearest_estimate(Cal *c, const Yearly *y, RrDate day, RrDate *out) {
  int found = 0, year = year_of(day);
  for (int yy = year - 1; yy <= year + 1; yy++) {
    RrDate ds[2];
    int n = yearly_dates(c, y, yy, ds);
    for (int j = 0; j < n; j++) {
      if (!found || labs((long)ds[j] - day) < labs((long)*out - day)) *out = ds[j];
      found = 1;
    }
  }
  return found;
}

/* holiday NAME DATE STATUS: that year's date of a yearly holiday replaces the
** computed (or estimated) one nearest to it in the same year. */
static void add_dated(Cal *c, int iFile, const Clause *cl, int national) {
  int k = find_yearly(c, iFile, cl->ident);
  RrDate day;
  int status = read_status(c, iFile, cl->label);
  if (k < 0) return;
  Yearly *y = &c->aY[k];
  if (!read_date(c, iFile, cl->d1, &day)) return;
  if (!national && y->national) {
    ERRT(iFile, cl->ident, "'%s' is a national holiday: an overlay adds days, it does not move them", y->zId);
    return;
  }
  if (!y->ok) return;
  if (y->form == Y_HIJRI) {
    RrDate est;
    if (nearest_estimate(c, y, day, &est) && labs((long)est - day) > 1) {
      char zEst[32];
      rr_format_date(est, zEst);
      diag_warning(c->d, iFile, cl->d1.off, cl->d1.len,
                   "%s on %.*s is %ld days from its estimate, %s (%d %s in \"%s\"): check the date",
                   y->zId, (int)cl->d1.len, c->d->aFile[iFile].zText + cl->d1.off, labs((long)est - day),
                   zEst, y->day, y->zMonth, c->aVar[y->iVar].z);
    }
  }
  int best = -1, year = year_of(day);
  for (int i = 0; i < c->nE; i++) {
    Entry *e = &c->aE[i];
    if (e->dead || e->iYearly != k || e->kind == K_SUBST || e->year != year) continue;
    if (best < 0 || labs((long)e->day - day) < labs((long)c->aE[best].day - day)) best = i;
  }
  if (best >= 0 && c->aE[best].kind == K_DATED) {
    Entry *o = &c->aE[best];
    ERRT(iFile, cl->d1, "'%s' already has a date in %d near this one", y->zId, year);
    diag_note(c->d, o->iFile, o->at.off, o->at.len, "it is given here");
    return;
  }
  if (best >= 0) c->aE[best].dead = 1;
  Entry *e = add_entry(c, day, status, y->zTitle, K_DATED, national);
  if (!e) return;
  e->iYearly = k;
  e->iFile = iFile;
  e->at = cl->d1;
}

/* The live entries on DAY's weekday, by name, for messages. */
static const char *names_on(Cal *c, RrDate day) {
  const char *z = NULL;
  for (int i = 0; i < c->nE; i++) {
    const Entry *e = &c->aE[i];
    if (e->dead || e->day != day) continue;
    z = z ? join(c, z, "; ", e->zName) : e->zName;
  }
  return z;
}

/* holiday DATE "name" STATUS: one day off, on a weekday. */
static void add_oneoff(Cal *c, int iFile, const Clause *cl, int national) {
  RrDate day;
  int status = read_status(c, iFile, cl->label);
  if (!read_date(c, iFile, cl->d1, &day)) return;
  if (rr_weekday(day) >= 5) {
    ERRT(iFile, cl->d1, "%.*s is a %s: list the weekday that is taken off instead", (int)cl->d1.len,
         c->d->aFile[iFile].zText + cl->d1.off, weekend_name(day));
    return;
  }
  const char *zOn = names_on(c, day);
  if (zOn) {
    ERRT(iFile, cl->d1, "%.*s is already a non-working day of the calendar (%s)%s", (int)cl->d1.len,
         c->d->aFile[iFile].zText + cl->d1.off, zOn,
         national ? ": to record what confirms it, write 'holiday DATE STATUS'" : "");
    return;
  }
  add_entry(c, day, status, string_text(c, iFile, cl->text), K_ONEOFF, national);
}

static int cmp_entry(const void *x, const void *y) {
  const Entry *a = x, *b = y;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Sorts the entries by day (then creation, so the order is total): the
** sorted run they begin with (the computed days, year by year) is merged
** with the rest (a year's dates, one-off days, substitutes), sorted. */
static void sort_entries(Cal *c) {
  int k = 1;
  while (k < c->nE && cmp_entry(&c->aE[k - 1], &c->aE[k]) < 0) k++;
  if (k >= c->nE) return;
  qsort(c->aE + k, (size_t)(c->nE - k), sizeof *c->aE, cmp_entry);
  Entry *m = malloc((size_t)c->nE * sizeof *m);
  if (!m) {
    c->oom = 1;
    return;
  }
  int i = 0, j = k, n = 0;
  while (i < k && j < c->nE) m[n++] = cmp_entry(&c->aE[i], &c->aE[j]) < 0 ? c->aE[i++] : c->aE[j++];
  while (i < k) m[n++] = c->aE[i++];
  while (j < c->nE) m[n++] = c->aE[j++];
  free(c->aE);
  c->aE = m;
  c->nAllocE = c->nE;
}

/* Art. 4-style substitution: each national yearly holiday on a Saturday or
** Sunday, in date order, gives the first following weekday that is neither a
** day off nor a substitute already given. */
static void substitute(Cal *c) {
  if (!c->zSubst || c->nE == 0) return;
  sort_entries(c);
  if (c->oom) return;
  RrDate lo = c->aE[0].day, hi = c->aE[c->nE - 1].day + 60;
  unsigned char *off = calloc((size_t)(hi - lo + 1), 1);
  if (!off) {
    c->oom = 1;
    return;
  }
  for (int i = 0; i < c->nE; i++) {
    if (!c->aE[i].dead && rr_weekday(c->aE[i].day) < 5) off[c->aE[i].day - lo] = 1;
  }
  int n = c->nE;
  for (int i = 0; i < n; i++) {
    Entry e = c->aE[i];          /* a copy: add_entry may move the array */
    if (e.dead || !e.national || e.iYearly < 0 || rr_weekday(e.day) < 5) continue;
    RrDate d = e.day + 1;
    while (d < hi && (rr_weekday(d) >= 5 || off[d - lo])) d++;
    if (d >= hi) continue;
    off[d - lo] = 1;
    const char *zName = *c->zSubst ? join(c, c->zSubst, " ", e.zName) : e.zName;
    if (!zName) break;
    Entry *s = add_entry(c, d, e.status > HS_DERIVED ? e.status : HS_DERIVED, zName, K_SUBST, 1);
    if (!s) break;
    s->zFor = e.zName;
    s->iYearly = e.iYearly;
  }
  free(off);
}

/* Whether E goes into the table: alive, on a weekday, and a computed day
** only within the days the calendar covers. */
static int in_table(const Cal *c, const Entry *e) {
  if (e->dead || rr_weekday(e->day) >= 5) return 0;
  if (e->kind == K_COMPUTED || e->kind == K_SUBST) return e->day >= c->p->coverFrom && e->day < c->p->coverUntil;
  return 1;
}

/* holiday YEAR STATUS (every derived day of the year) and holiday DATE
** STATUS (the days off on that date): what documents confirm. */
static void confirm(Cal *c, int iFile, const Clause *cl) {
  int status = read_status(c, iFile, cl->label), n = 0;
  if (cl->text.len) {
    long year = read_int(c, iFile, cl->text);
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      ERRT(iFile, cl->text, "'holiday YEAR STATUS' needs a year from %d to %d", FIRST_YEAR, LAST_YEAR);
      return;
    }
    for (int i = 0; i < c->nE; i++) {
      Entry *e = &c->aE[i];
      if (e->year != year || !e->national || e->status != HS_DERIVED || !in_table(c, e)) continue;
      e->status = status;
      n++;
    }
    if (!n) ERRT(iFile, cl->text, "the calendar computes no non-working day of %ld for this status to apply to", year);
    return;
  }
  RrDate day;
  if (!read_date(c, iFile, cl->d1, &day)) return;
  if (rr_weekday(day) >= 5) {
    ERRT(iFile, cl->d1, "%.*s is a %s: only weekdays are non-working days of the calendar", (int)cl->d1.len,
         c->d->aFile[iFile].zText + cl->d1.off, weekend_name(day));
    return;
  }
  for (int i = 0; i < c->nE; i++) {
    Entry *e = &c->aE[i];
    if (e->day != day || !e->national || !in_table(c, e)) continue;
    e->status = status;
    n++;
  }
  if (!n) {
    ERRT(iFile, cl->d1, "%.*s is not a non-working day of the calendar: to add one, name it "
         "(holiday %.*s \"name\" %s)", (int)cl->d1.len, c->d->aFile[iFile].zText + cl->d1.off,
         (int)cl->d1.len, c->d->aFile[iFile].zText + cl->d1.off, status_names[status]);
  }
}

/* The table: live weekdays (computed ones within the years covered), sorted,
** one row a date (the names of a date's holidays joined, its most certain
** status). */
static void write_table(Cal *c) {
  Program *p = c->p;
  sort_entries(c);
  if (c->oom) return;
  int n = 0;
  for (int i = 0; i < c->nE; i++) if (in_table(c, &c->aE[i])) n++;
  p->aHoliday = arena_alloc(c->a, (size_t)(n + 1) * sizeof *p->aHoliday);
  p->aHolidayStatus = arena_alloc(c->a, (size_t)(n + 1));
  p->azHolidayName = arena_alloc(c->a, (size_t)(n + 1) * sizeof *p->azHolidayName);
  p->azHolidayFor = arena_alloc(c->a, (size_t)(n + 1) * sizeof *p->azHolidayFor);
  p->nHoliday = 0;
  if (!p->aHoliday || !p->aHolidayStatus || !p->azHolidayName || !p->azHolidayFor) {
    c->oom = 1;
    return;
  }
  for (int i = 0; i < c->nE; i++) {
    const Entry *e = &c->aE[i];
    if (!in_table(c, e)) continue;
    int j = p->nHoliday;
    if (j > 0 && p->aHoliday[j - 1] == e->day) {          /* another holiday on the same day */
      j--;
      if (strcmp(p->azHolidayName[j], e->zName) != 0) {
        p->azHolidayName[j] = join(c, p->azHolidayName[j], "; ", e->zName);
        if (!p->azHolidayName[j]) c->oom = 1;
      }
      if (e->status < p->aHolidayStatus[j]) p->aHolidayStatus[j] = (uint8_t)e->status;
      if (!e->zFor) p->azHolidayFor[j] = NULL;           /* a day in its own right */
      continue;
    }
    p->aHoliday[j] = e->day;
    p->aHolidayStatus[j] = (uint8_t)e->status;
    p->azHolidayName[j] = e->zName;
    p->azHolidayFor[j] = e->zFor;
    p->nHoliday++;
  }
}

/* }==== */

/* {==== the driver ======================================================= */

/* covers FROM until DATE | through YEAR | onward */
static void read_covers(Cal *c, int iFile, const Clause *cl, int *pHas, int *pExpandTo) {
  Program *p = c->p;
  RrDate from, until = 0;
  if (*pHas) {
    ERRT(iFile, cl->kw, "the calendar already says which days it covers");
    return;
  }
  *pHas = 1;
  if (!read_date(c, iFile, cl->d1, &from)) return;
  if (cl->d2.len) {                                         /* until DATE */
    if (!read_date(c, iFile, cl->d2, &until)) return;
    if (until <= from) {
      ERRT(iFile, cl->d2, "'until' must be after the start of 'covers'");
      return;
    }
    *pExpandTo = year_of(until - 1);
  } else if (tok_is(c, iFile, cl->label, "through") && cl->text.len) {
    long year = read_int(c, iFile, cl->text);
    if (year < year_of(from) || year > LAST_YEAR) {
      ERRT(iFile, cl->text, "'through' needs a year from %d to %d", year_of(from), LAST_YEAR);
      return;
    }
    until = rr_date_from_ymd((int)year + 1, 1, 1);
    *pExpandTo = (int)year;
  } else if (tok_is(c, iFile, cl->label, "onward") && !cl->text.len) {
    until = INT32_MAX;                                     /* no end: computed through LAST_YEAR */
    *pExpandTo = LAST_YEAR;
  } else {
    ERRT(iFile, cl->label, "'covers DATE' goes on with 'until DATE', 'through YEAR' or 'onward'");
    return;
  }
  p->coverFrom = from;
  p->coverUntil = until;
}

int calendar_build(Program *p, Diag *d, const Decl *cal, Decl *const *aOv, int nOv) {
  Cal cc, *c = &cc;
  memset(c, 0, sizeof *c);
  c->p = p;
  c->d = d;
  c->a = &p->arena;
  c->nErr0 = d->nErr;
  p->coverFrom = INT32_MIN;
  p->coverUntil = INT32_MAX;
  p->nHoliday = 0;

  /* the items: how many yearly holidays, the covered years, the rule */
  int nYearly = 0, hasCovers = 0, expandTo = 0;
  const Clause *firstYearly = NULL, *coversCl = NULL;
  int firstYearlyFile = 0;
  for (int h = 0; h <= nOv; h++) {
    const Decl *from = h < nOv ? aOv[h] : cal;
    if (!from) continue;
    for (const Clause *cl = from->clauses; cl; cl = cl->next) if (cl->kind == CL_YEARLY) nYearly++;
  }
  c->aY = arena_alloc(c->a, (size_t)(nYearly + 1) * sizeof *c->aY);
  if (!c->aY) goto oom;
  if (cal) {
    for (const Clause *cl = cal->clauses; cl; cl = cl->next) {
      switch (cl->kind) {
        case CL_COVERS:
          read_covers(c, cal->iFile, cl, &hasCovers, &expandTo);
          coversCl = cl;
          break;
        case CL_HOLIDAY:
          if (!cl->expr) break;
          if (p->caseHolidays) ERRT(cal->iFile, cl->kw, "the calendar already takes holidays from a fact");
          p->caseHolidays = cl->expr;
          break;
        case CL_SUBSTITUTE:
          if (!tok_is(c, cal->iFile, cl->kw, "substitute")) {
            ERRT(cal->iFile, cl->kw, "unknown calendar item '%s' (covers, holiday, substitute)",
                 tok_text(c, cal->iFile, cl->kw));
          } else if (!tok_is(c, cal->iFile, cl->label, "next") || !tok_is(c, cal->iFile, cl->d2, "day")) {
            ERRT(cal->iFile, cl->label, "the substitution rule reads 'substitute next working day \"NAME PREFIX\"'");
          } else if (c->zSubst) {
            ERRT(cal->iFile, cl->kw, "the calendar already has a substitution rule");
          } else {
            c->zSubst = string_text(c, cal->iFile, cl->text);
          }
          break;
        case CL_YEARLY:
          add_yearly(c, cal->iFile, cl, 1);
          if (!firstYearly) {
            firstYearly = cl;
            firstYearlyFile = cal->iFile;
          }
          break;
        default: break;
      }
    }
  }
  for (int h = 0; h < nOv; h++) {
    for (const Clause *cl = aOv[h]->clauses; cl; cl = cl->next) {
      if (cl->kind != CL_YEARLY) continue;
      add_yearly(c, aOv[h]->iFile, cl, 0);
      if (!firstYearly) {
        firstYearly = cl;
        firstYearlyFile = aOv[h]->iFile;
      }
    }
  }
  int nErrCovers = d->nErr;
  if (firstYearly && !hasCovers) {
    ERRT(firstYearlyFile, firstYearly->ident, "a holiday of every year needs the years the calendar covers: "
         "add 'covers 2023-01-01 through 2035' (or 'covers 2023-01-01 onward') to the calendar");
  } else if (firstYearly && p->coverFrom != INT32_MIN &&
             (year_of(p->coverFrom) < FIRST_YEAR || year_of(p->coverFrom) > LAST_YEAR)) {
    ERRT(cal->iFile, coversCl->d1, "a calendar of yearly holidays covers years from %d to %d", FIRST_YEAR,
         LAST_YEAR);
  } else if (firstYearly && expandTo > LAST_YEAR) {
    ERRT(cal->iFile, coversCl->d2, "a calendar of yearly holidays covers years from %d to %d", FIRST_YEAR,
         LAST_YEAR);
  }
  if (d->nErr > nErrCovers || (firstYearly && p->coverFrom == INT32_MIN)) goto out;   /* no years to compute */

  /* the national days: computed, then the years' dates and the one-off days */
  if (firstYearly) {
    c->y0 = year_of(p->coverFrom);
    c->y1 = expandTo;
    expand_yearly(c, 1);
  }
  if (cal) {
    for (const Clause *cl = cal->clauses; cl && !c->oom; cl = cl->next) {
      if (cl->kind == CL_DATED) add_dated(c, cal->iFile, cl, 1);
    }
    for (const Clause *cl = cal->clauses; cl && !c->oom; cl = cl->next) {
      if (cl->kind == CL_HOLIDAY && !cl->expr) add_oneoff(c, cal->iFile, cl, 1);
    }
  }
  if (c->oom) goto oom;
  substitute(c);
  if (cal) {        /* what documents confirm: the years, then the days (which win) */
    for (const Clause *cl = cal->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_CONFIRM && cl->text.len) confirm(c, cal->iFile, cl);
    }
    for (const Clause *cl = cal->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_CONFIRM && !cl->text.len) confirm(c, cal->iFile, cl);
    }
  }

  /* the municipal days: not substituted (the rule is the national law's) */
  if (firstYearly) expand_yearly(c, 0);
  for (int h = 0; h < nOv && !c->oom; h++) {
    for (const Clause *cl = aOv[h]->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_DATED) add_dated(c, aOv[h]->iFile, cl, 0);
    }
  }
  for (int h = 0; h < nOv && !c->oom; h++) {
    for (const Clause *cl = aOv[h]->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_HOLIDAY && !cl->expr) add_oneoff(c, aOv[h]->iFile, cl, 0);
    }
  }
  if (c->oom) goto oom;
  write_table(c);
  if (c->oom) goto oom;
  goto out;

oom:
  d->oom = 1;
  diag_plain(d, "out of memory");
out:
  for (int k = 0; k < c->nVar; k++) rr_hijri_close(c->aVar[k].h);
  free(c->aE);
  return d->nErr - c->nErr0;
}

int calendar_find(const Program *p, RrDate day) {
  int lo = 0, hi = p->nHoliday;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (p->aHoliday[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* }==== */

/* {==== coverage ========================================================= */

/* The largest count of working days a rule's expressions name, and the
** first such duration (for the caret). */
static long max_workdays(const Node *n, const Node **pAt) {
  if (!n) return 0;
  long m = 0;
  if (n->op == N_DUR && n->k.tag == V_DUR && n->k.aux == DU_WORKDAYS) {
    if (!*pAt) *pAt = n;
    m = (long)n->k.u.i;
  }
  const Node *kids[4] = {n->a, n->b, n->c, n->d};
  for (int k = 0; k < 4; k++) {
    long x = max_workdays(kids[k], pAt);
    if (x > m) m = x;
  }
  for (int i = 0; i < n->nArg; i++) {
    long x = max_workdays(n->args[i], pAt);
    if (x > m) m = x;
  }
  return m;
}

void calendar_check_coverage(const Program *p, Diag *d, const Decl *cal) {
  if (!cal || p->coverUntil == INT32_MAX) return;
  const Clause *covers = NULL;
  for (const Clause *cl = cal->clauses; cl; cl = cl->next) if (cl->kind == CL_COVERS) covers = cl;
  if (!covers) return;
  char zLast[32];
  rr_format_date(p->coverUntil - 1, zLast);
  RrHolidays hol = {p->aHoliday, (size_t)p->nHoliday};
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (!r->usesWorkdays || r->dynamic) continue;
    const Node *at = NULL;
    long n = max_workdays(r->dlWithin, &at);
    long m = max_workdays(r->dlDue, &at);
    long b = max_workdays(r->dlBound, &at);
    if (m > n) n = m;
    if (b > n) n = b;
    if (r->effUntil != INT32_MAX) {        /* the last due date: N working days after its last day */
      RrDate day = r->effUntil - 1;
      for (long left = n; left > 0 && day < p->coverUntil;) {
        day++;
        if (rr_is_working_day(day, &hol)) left--;
      }
      if (day < p->coverUntil) continue;
    }
    if (at) {
      diag_warning(d, at->iFile, at->off, at->len,
                   "%s counts working days and can be due after %s, the last day the working calendar "
                   "covers: such a due date counts no holiday", r->zId, zLast);
    } else {
      diag_warning(d, r->iFile, r->off, r->len,
                   "%s counts working days and can be due after %s, the last day the working calendar "
                   "covers: such a due date counts no holiday", r->zId, zLast);
    }
    diag_note(d, cal->iFile, covers->kw.off, covers->kw.len,
              "extend what the calendar covers ('covers ... through YEAR', or 'onward')");
  }
}

/* }==== */
