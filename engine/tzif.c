/*
** tzif.c - the UTC offsets of an IANA zone, read from its TZif file in the
** system tz database ($TZDIR or /usr/share/zoneinfo; RFC 8536): the
** transitions of the version 2+ 64-bit section (version 1's 32-bit one in an
** old file), then the POSIX TZ rule of its footer for the instants after the
** last transition.  It never touches the process's TZ, so a rule set can be
** loaded while other threads evaluate (rregull serve reloads).
*/
#include "tzif.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rrtime.h"

#define TZIF_MAX (1 << 20)     /* no TZif file is near this */

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p) {
  return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The whole file of zone NAME, or NULL (not a zone of the database). */
static unsigned char *read_zone(const char *name, size_t *pn) {
  const char *dir = getenv("TZDIR");
  char path[4096];
  if (!name || !name[0] || name[0] == '/' || name[0] == ':' || strstr(name, "..")) return NULL;
  if (!dir || !dir[0]) dir = "/usr/share/zoneinfo";
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) return NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char *buf = malloc(TZIF_MAX);
  size_t got = buf ? fread(buf, 1, TZIF_MAX, f) : 0;
  fclose(f);
  if (!buf || got < 44 || got == TZIF_MAX || memcmp(buf, "TZif", 4) != 0) {
    free(buf);
    return NULL;
  }
  *pn = got;
  return buf;
}

/* {==== the POSIX TZ rule of the footer ================================= */

typedef struct Rule {
  int kind;            /* 'M' Mm.w.d, 'J' Jn (no Feb 29), 'N' n (zero-based day of year) */
  int m, w, d, n;
  long secs;           /* local time of day of the change (may be < 0 or > 24 h) */
} Rule;

typedef struct Posix {
  long stdOff, dstOff; /* UTC offsets (east positive) */
  int hasDst;
  Rule start, end;
} Posix;

static const char *num(const char *s, long *v) {
  if (*s < '0' || *s > '9') return NULL;
  *v = 0;
  while (*s >= '0' && *s <= '9') *v = *v * 10 + (*s++ - '0');
  return s;
}

/* [+-]hh[:mm[:ss]] as seconds. */
static const char *hms(const char *s, long *v) {
  int neg = *s == '-';
  long h, m = 0, x = 0;
  if (*s == '+' || *s == '-') s++;
  if (!(s = num(s, &h))) return NULL;
  if (*s == ':' && !(s = num(s + 1, &m))) return NULL;
  if (*s == ':' && !(s = num(s + 1, &x))) return NULL;
  *v = (h * 3600 + m * 60 + x) * (neg ? -1 : 1);
  return s;
}

static const char *zname(const char *s) {
  if (*s == '<') {
    while (*s && *s != '>') s++;
    return *s ? s + 1 : NULL;
  }
  const char *b = s;
  while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) s++;
  return s - b >= 3 ? s : NULL;
}

static const char *rule(const char *s, Rule *r) {
  long a, b, c;
  r->secs = 7200;
  if (*s == 'M') {
    if (!(s = num(s + 1, &a)) || *s != '.' || !(s = num(s + 1, &b)) || *s != '.' || !(s = num(s + 1, &c)))
      return NULL;
    if (a < 1 || a > 12 || b < 1 || b > 5 || c > 6) return NULL;
    r->kind = 'M', r->m = (int)a, r->w = (int)b, r->d = (int)c;
  } else if (*s == 'J') {
    if (!(s = num(s + 1, &a)) || a < 1 || a > 365) return NULL;
    r->kind = 'J', r->n = (int)a;
  } else {
    if (!(s = num(s, &a)) || a > 365) return NULL;
    r->kind = 'N', r->n = (int)a;
  }
  if (*s == '/' && !(s = hms(s + 1, &r->secs))) return NULL;
  return s;
}

/* Parses a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"): 0, or -1. */
static int posix_parse(const char *s, Posix *p) {
  long off;
  memset(p, 0, sizeof *p);
  if (!(s = zname(s)) || !(s = hms(s, &off))) return -1;
  p->stdOff = -off;
  if (!*s) return 0;
  if (!(s = zname(s))) return -1;
  p->hasDst = 1;
  p->dstOff = p->stdOff + 3600;
  if (*s && *s != ',') {
    if (!(s = hms(s, &off))) return -1;
    p->dstOff = -off;
  }
  if (*s != ',') return -1;      /* no rule: none is assumed (RFC 8536 footers always have one) */
  if (!(s = rule(s + 1, &p->start)) || *s != ',' || !(s = rule(s + 1, &p->end))) return -1;
  return *s ? -1 : 0;
}

/* The local instant (seconds since the local epoch) at which rule R
** changes in year Y. */
static int64_t rule_local(const Rule *r, int y) {
  RrDate day;
  if (r->kind == 'M') {
    RrDate first = rr_date_from_ymd(y, r->m, 1);
    int wd = (rr_weekday(first) + 1) % 7;        /* rr_weekday: Monday 0; POSIX: Sunday 0 */
    int dom = 1 + (r->d - wd + 7) % 7 + (r->w - 1) * 7;
    while (dom > rr_days_in_month(y, r->m)) dom -= 7;
    day = first + dom - 1;
  } else if (r->kind == 'J') {
    day = rr_date_from_ymd(y, 1, 1) + r->n - 1 + (rr_is_leap(y) && r->n >= 60);
  } else {
    day = rr_date_from_ymd(y, 1, 1) + r->n;
  }
  return (int64_t)day * 86400 + r->secs;
}

/* }==== */

typedef struct Tr {
  int64_t at;
  long off;
} Tr;

typedef struct List {
  Tr *a;
  size_t n, cap;
} List;

static int push(List *l, int64_t at, long off) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    Tr *na = realloc(l->a, cap * sizeof *na);
    if (!na) return -1;
    l->a = na;
    l->cap = cap;
  }
  l->a[l->n].at = at;
  l->a[l->n].off = off;
  l->n++;
  return 0;
}

static int by_at(const void *a, const void *b) {
  int64_t x = ((const Tr *)a)->at, y = ((const Tr *)b)->at;
  return x < y ? -1 : x > y;
}

int tzif_load(const char *name, int64_t from, int64_t to, int *off0, int64_t **at, int **off, size_t *n) {
  size_t len = 0;
  unsigned char *buf = read_zone(name, &len);
  List all = {NULL, 0, 0};
  int rc = -1;
  *at = NULL;
  *off = NULL;
  *n = 0;
  if (!buf) return -1;
  /* the version 1 header and data, then (version 2+) the 64-bit ones and the footer */
  const unsigned char *h = buf, *end = buf + len;
  int v2 = buf[4] >= '2';
  int tsize = 4;
  for (int pass = 0; pass < 2; pass++) {
    if (end - h < 44 || memcmp(h, "TZif", 4)) goto out;
    uint32_t isut = be32(h + 20), isstd = be32(h + 24), leap = be32(h + 28), timecnt = be32(h + 32),
             typecnt = be32(h + 36), charcnt = be32(h + 40);
    if (typecnt == 0 || typecnt > 256 || timecnt > 100000 || leap > 100000 || charcnt > 100000 || isut > 256 ||
        isstd > 256)
      goto out;
    size_t size = (size_t)timecnt * (size_t)tsize + timecnt + typecnt * 6u + charcnt + leap * (size_t)(tsize + 4) + isstd +
                  isut;
    if ((size_t)(end - h - 44) < size) goto out;
    if (pass == 0 && v2) {
      h += 44 + size;
      tsize = 8;
      continue;
    }
    const unsigned char *times = h + 44, *idx = times + (size_t)timecnt * (size_t)tsize, *types = idx + timecnt;
    for (uint32_t i = 0; i < timecnt; i++) {
      if (idx[i] >= typecnt) goto out;
      int64_t t = tsize == 8 ? be64(times + 8 * i) : (int64_t)(int32_t)be32(times + 4 * i);
      if (push(&all, t, (long)(int32_t)be32(types + 6 * idx[i]))) goto out;
    }
    long before = (long)(int32_t)be32(types);      /* type 0: before the first transition */
    /* the footer: "\nTZ\n" after the version 2+ data */
    Posix px;
    int hasRule = 0;
    const unsigned char *f = h + 44 + size;
    if (v2 && f < end && *f == '\n') {
      const unsigned char *nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
      if (nl && nl - f - 1 < 256) {
        char tz[256];
        memcpy(tz, f + 1, (size_t)(nl - f - 1));
        tz[nl - f - 1] = 0;
        hasRule = tz[0] && posix_parse(tz, &px) == 0;
      }
    }
    if (hasRule) {
      int64_t last = all.n ? all.a[all.n - 1].at : from - 1;
      if (!px.hasDst) {
        if (!all.n || all.a[all.n - 1].off != px.stdOff) {
          if (push(&all, last + 1, px.stdOff)) goto out;   /* no zone does this; for safety */
        }
      } else {
        int y0, y1, mm, dd;
        rr_date_to_ymd((RrDate)(last / 86400) - 1, &y0, &mm, &dd);
        rr_date_to_ymd((RrDate)(to / 86400) + 1, &y1, &mm, &dd);
        size_t mark = all.n;
        for (int y = y0; y <= y1; y++) {
          int64_t s = rule_local(&px.start, y) - px.stdOff;   /* read in standard time */
          int64_t e = rule_local(&px.end, y) - px.dstOff;     /* read in daylight time */
          if (s > last && push(&all, s, px.dstOff)) goto out;
          if (e > last && push(&all, e, px.stdOff)) goto out;
        }
        qsort(all.a + mark, all.n - mark, sizeof *all.a, by_at);
      }
    }
    /* the offset at FROM, then every change of offset in (FROM, TO] */
    long cur = before;
    size_t k = 0;
    for (; k < all.n && all.a[k].at <= from; k++) cur = all.a[k].off;
    *off0 = (int)cur;
    size_t cnt = 0;
    for (size_t i = k; i < all.n && all.a[i].at <= to; i++) cnt++;
    *at = malloc((cnt ? cnt : 1) * sizeof **at);
    *off = malloc((cnt ? cnt : 1) * sizeof **off);
    if (!*at || !*off) goto out;
    for (; k < all.n && all.a[k].at <= to; k++) {
      if (all.a[k].off == cur) continue;
      cur = all.a[k].off;
      (*at)[*n] = all.a[k].at;
      (*off)[*n] = (int)cur;
      (*n)++;
    }
    rc = 0;
    break;
  }
out:
  if (rc) {
    free(*at);
    free(*off);
    *at = NULL;
    *off = NULL;
    *n = 0;
  }
  free(all.a);
  free(buf);
  return rc;
}
