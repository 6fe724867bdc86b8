/*
** report.c - the reports over the case store (rr_db_report): reads the
** definition of a report (stdlib/reports/KIND.sql, embedded), runs it after
** common.sql in a scratch session of the store -- nothing is written -- and
** hands the tables to the writers (report_html.c, report_text.c).  No rule
** is computed here: every number is a count in SQL over stored facts and
** decisions.
*/
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "embedded.h"
#include "rrtime.h"


/* {==== headings and cells ================================================ */

static const StdlibFile *report_file(const char *zBase) {
  static const char prefix[] = "<stdlib>/reports/";
  for (const StdlibFile *f = report_files; f->zName; f++)
    if (strncmp(f->zName, prefix, sizeof prefix - 1) == 0 && strcmp(f->zName + sizeof prefix - 1, zBase) == 0)
      return f;
  return NULL;
}

int rep_is_count(const char *zCol) {
  return strcmp(zCol, "n") == 0 || strncmp(zCol, "n_", 2) == 0;
}

const char *rep_cell_shown(const Report *r, const char *zCol, const char *zCell, char *buf, size_t n) {
  if (!zCell) return "";
  if (r->minCell > 1 && rep_is_count(zCol)) {
    char *end;
    long long v = strtoll(zCell, &end, 10);
    if (*zCell && !*end && v >= 1 && v < r->minCell) {
      snprintf(buf, n, "<%d", r->minCell);
      return buf;
    }
  }
  return zCell;
}

/* The count in a cell, or -1 when it holds none (NULL, text, the marker). */
static long long count_at(const RepTable *t, int row, int col) {
  const char *z = t->azCell[(size_t)row * (size_t)t->nCol + (size_t)col];
  if (!z || !*z) return -1;
  char *end;
  long long v = strtoll(z, &end, 10);
  return *end ? -1 : v;
}

/* Hides cell (ROW, COL) of T whose count is smallest among those not hidden
** and not zero, in column COL (ROW < 0) or in row ROW (COL < 0): 1 when one
** was hidden. */
static int hide_smallest(const Report *r, RepTable *t, unsigned char *h, int row, int col) {
  int best = -1;
  long long bestV = 0;
  int n = row < 0 ? t->nRow : t->nCol;
  for (int k = 0; k < n; k++) {
    int i = row < 0 ? k : row, c = col < 0 ? k : col;
    size_t x = (size_t)i * (size_t)t->nCol + (size_t)c;
    if (!rep_is_count(t->azCol[c]) || h[x]) continue;
    long long v = count_at(t, i, c);
    if (v <= 0) continue;
    if (best < 0 || v < bestV) { best = (int)x; bestV = v; }
  }
  (void)r;
  if (best < 0) return 0;
  h[best] = 2;
  return 1;
}

/* Complementary suppression, for HTML and CSV: a count from 1 to
** minCell-1 is hidden ("<N"); where it is the only count hidden in its
** column (or its row), the smallest other count there is hidden too, shown
** as REP_HIDDEN, so that the hidden one cannot be worked out from the
** others and a total.  Repeats until every column and row that hides a
** count hides two (or has no other count to hide).  -1 when out of memory. */
static int protect(Report *r) {
  if (r->minCell <= 1) return 0;
  for (int ti = 0; ti < r->nTable; ti++) {
    RepTable *t = &r->aTable[ti];
    size_t n = (size_t)t->nRow * (size_t)t->nCol;
    if (!n) continue;
    unsigned char *h = calloc(n, 1);
    if (!h) return -1;
    for (int i = 0; i < t->nRow; i++)
      for (int c = 0; c < t->nCol; c++) {
        long long v = count_at(t, i, c);
        if (rep_is_count(t->azCol[c]) && v >= 1 && v < r->minCell) h[(size_t)i * (size_t)t->nCol + (size_t)c] = 1;
      }
    for (int changed = 1, round = 0; changed && round < 64; round++) {
      changed = 0;
      for (int c = 0; c < t->nCol; c++) {
        if (!rep_is_count(t->azCol[c])) continue;
        int k = 0;
        for (int i = 0; i < t->nRow; i++) k += h[(size_t)i * (size_t)t->nCol + (size_t)c] != 0;
        if (k == 1) changed |= hide_smallest(r, t, h, -1, c);
      }
      for (int i = 0; i < t->nRow; i++) {
        int k = 0, nCount = 0;
        for (int c = 0; c < t->nCol; c++)
          if (rep_is_count(t->azCol[c])) {
            nCount++;
            k += h[(size_t)i * (size_t)t->nCol + (size_t)c] != 0;
          }
        if (k == 1 && nCount > 1) changed |= hide_smallest(r, t, h, i, -1);
      }
    }
    for (size_t x = 0; x < n; x++)
      if (h[x] == 2) {
        char *z = strdup(REP_HIDDEN);
        if (!z) { free(h); return -1; }
        free(t->azCell[x]);
        t->azCell[x] = z;
        r->nHidden++;
      }
    free(h);
  }
  return 0;
}

/* }==== */

/* {==== the definition of a report ======================================== */

enum { REP_MAX_TABLES = 64, REP_MAX_DEPTH = 4 };

typedef struct RepSection {
  char *zName, *zChart, *zLabels;
  StrBuf note, sql;
} RepSection;

typedef struct RepDef {
  StrBuf setup;                 /* the SQL before the first table of each file */
  RepSection a[REP_MAX_TABLES];
  int n;
} RepDef;

static void def_free(RepDef *d) {
  free(d->setup.z);
  for (int i = 0; i < d->n; i++) {
    free(d->a[i].zName);
    free(d->a[i].zChart);
    free(d->a[i].zLabels);
    free(d->a[i].note.z);
    free(d->a[i].sql.z);
  }
  memset(d, 0, sizeof *d);
}

static char *dup_trim(const char *z, size_t n) {
  while (n && (*z == ' ' || *z == '\t')) z++, n--;
  while (n && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\r')) n--;
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, z, n);
    p[n] = 0;
  }
  return p;
}

/* Reads stdlib/reports/BASE into D: its '-- table:' sections, '-- include:'
** files in place.  0, or -1 with a message in ERR. */
static int def_read(RepDef *d, const char *zBase, int depth, char *err, size_t nErr) {
  const StdlibFile *f = report_file(zBase);
  if (!f) {
    snprintf(err, nErr, "no report definition %s in stdlib/reports", zBase);
    return -1;
  }
  if (depth > REP_MAX_DEPTH) {
    snprintf(err, nErr, "%s: includes nested too deep", zBase);
    return -1;
  }
  RepSection *cur = NULL;
  int inSql = 0;
  const char *z = f->zText, *zEnd = f->zText + f->nText;
  while (z < zEnd) {
    const char *eol = memchr(z, '\n', (size_t)(zEnd - z));
    if (!eol) eol = zEnd;
    size_t len = (size_t)(eol - z);
    if (len > 9 && memcmp(z, "-- table:", 9) == 0) {
      if (d->n == REP_MAX_TABLES) {
        snprintf(err, nErr, "%s: more than %d tables", zBase, REP_MAX_TABLES);
        return -1;
      }
      cur = &d->a[d->n++];
      memset(cur, 0, sizeof *cur);
      if (!(cur->zName = dup_trim(z + 9, len - 9))) goto oom;
      inSql = 0;
    } else if (len > 11 && memcmp(z, "-- include:", 11) == 0) {
      char *zInc = dup_trim(z + 11, len - 11);
      if (!zInc) goto oom;
      int rc = def_read(d, zInc, depth + 1, err, nErr);
      free(zInc);
      if (rc) return rc;
      cur = NULL;
    } else if (cur && len > 9 && memcmp(z, "-- chart:", 9) == 0) {
      free(cur->zChart);
      if (!(cur->zChart = dup_trim(z + 9, len - 9))) goto oom;
    } else if (cur && len > 10 && memcmp(z, "-- labels:", 10) == 0) {
      free(cur->zLabels);
      if (!(cur->zLabels = dup_trim(z + 10, len - 10))) goto oom;
    } else if (cur && !inSql && len >= 2 && memcmp(z, "--", 2) == 0) {
      if (cur->note.n) sb_puts(&cur->note, " ");
      sb_add(&cur->note, z + (len > 2 && z[2] == ' ' ? 3 : 2), len - (len > 2 && z[2] == ' ' ? 3 : 2));
    } else if (cur) {
      if (len) inSql = 1;
      sb_add(&cur->sql, z, len);
      sb_puts(&cur->sql, "\n");
    } else {
      sb_add(&d->setup, z, len);
      sb_puts(&d->setup, "\n");
    }
    z = eol + 1;
  }
  for (int i = 0; i < d->n; i++)
    if (d->a[i].note.oom || d->a[i].sql.oom) goto oom;
  if (d->setup.oom) goto oom;
  return 0;
oom:
  snprintf(err, nErr, "out of memory");
  return -1;
}

/* A report is any stdlib/reports/KIND.sql but common.sql: an analyst adds
** one by adding its file (the Makefile embeds every *.sql there). */
static int known_kind(const char *zKind) {
  char base[80];
  if (!zKind || !*zKind || strlen(zKind) > 60 || strchr(zKind, '/') || strcmp(zKind, "common") == 0) return 0;
  snprintf(base, sizeof base, "%s.sql", zKind);
  return report_file(base) != NULL;
}

int rr_report_tables(const char *kind, char ***names, int *n) {
  if (!names || !n) return RR_EMISUSE;
  *names = NULL;
  *n = 0;
  if (!kind || !known_kind(kind)) return RR_EMISUSE;
  char base[80], err[256];
  snprintf(base, sizeof base, "%s.sql", kind);
  RepDef d;
  memset(&d, 0, sizeof d);
  if (def_read(&d, base, 0, err, sizeof err)) {
    def_free(&d);
    return RR_ENOMEM;
  }
  char **a = calloc((size_t)d.n + 1, sizeof *a);
  int rc = a ? RR_OK : RR_ENOMEM;
  for (int i = 0; a && i < d.n; i++)
    if (!(a[i] = strdup(d.a[i].zName))) rc = RR_ENOMEM;
  if (rc != RR_OK && a) {
    for (int i = 0; i < d.n; i++) free(a[i]);
    free(a);
  } else {
    *names = a;
    *n = d.n;
  }
  def_free(&d);
  return rc;
}

void rep_each_note(void (*fn)(void *ud, const char *zKey, const char *zEnglish), void *ud) {
  static const char prefix[] = "<stdlib>/reports/";
  for (const StdlibFile *f = report_files; f->zName; f++) {
    size_t n = strlen(f->zName);
    if (strncmp(f->zName, prefix, sizeof prefix - 1) != 0 || n < 4 || strcmp(f->zName + n - 4, ".sql") != 0 ||
        strcmp(f->zName + sizeof prefix - 1, "common.sql") == 0)
      continue;
    RepDef d;
    char err[256];
    memset(&d, 0, sizeof d);
    if (def_read(&d, f->zName + sizeof prefix - 1, 0, err, sizeof err) == 0)
      for (int i = 0; i < d.n; i++) {
        char key[160];
        snprintf(key, sizeof key, "note.%s", d.a[i].zName);
        if (d.a[i].note.z) fn(ud, key, d.a[i].note.z);
      }
    def_free(&d);
  }
}

/* }==== */

/* {==== running it ======================================================== */

static int collect_row(void *ud, int nCol, const char *const *azName, const char *const *azVal, const int *aType,
                       char *err, size_t n) {
  RepTable *t = ud;
  if (!t->azCol) {
    t->nCol = nCol;
    if (!(t->azCol = calloc((size_t)nCol + 1, sizeof *t->azCol))) goto oom;
    for (int i = 0; i < nCol; i++)
      if (!(t->azCol[i] = strdup(azName[i]))) goto oom;
  }
  if (!azVal) return 0;   /* a table without rows: its columns only */
  size_t need = (size_t)(t->nRow + 1) * (size_t)nCol;
  char **cells = realloc(t->azCell, need * sizeof *cells);
  if (!cells) goto oom;
  t->azCell = cells;
  int *types = realloc(t->aType, need * sizeof *types);
  if (!types) goto oom;
  t->aType = types;
  for (int i = 0; i < nCol; i++) {
    size_t k = (size_t)t->nRow * (size_t)nCol + (size_t)i;
    t->aType[k] = aType[i];
    t->azCell[k] = NULL;
    if (azVal[i] && !(t->azCell[k] = strdup(azVal[i]))) {
      for (int j = 0; j < i; j++) free(t->azCell[(size_t)t->nRow * (size_t)nCol + (size_t)j]);
      goto oom;
    }
  }
  t->nRow++;
  return 0;
oom:
  snprintf(err, n, "out of memory");
  return -1;
}

static int read_about(void *ud, int nCol, const char *const *azName, const char *const *azVal, const int *aType,
                      char *err, size_t n) {
  (void)aType;
  Report *r = ud;
  for (int i = 0; azVal && i < nCol; i++) {
    if (strcmp(azName[i], "ruleset_hash") == 0 && azVal[i] && !(r->zHash = strdup(azVal[i]))) {
      snprintf(err, n, "out of memory");
      return -1;
    }
    if (strcmp(azName[i], "n_cases") == 0 && azVal[i]) r->nCases = atoll(azVal[i]);
    if (strcmp(azName[i], "n_undecided") == 0 && azVal[i]) r->nUndecided = atoll(azVal[i]);
  }
  return 0;
}

static void report_free(Report *r) {
  free(r->zHash);
  for (int i = 0; i < r->nTable; i++) {
    RepTable *t = &r->aTable[i];
    for (int c = 0; c < t->nCol; c++) free(t->azCol[c]);
    for (size_t k = 0; k < (size_t)t->nRow * (size_t)t->nCol; k++) free(t->azCell[k]);
    free(t->azCol);
    free(t->azCell);
    free(t->aType);
    free(t->zName);
    free(t->zNote);
    free(t->zChart);
    free(t->zLabels);
  }
  free(r->aTable);
  rep_lang_close(r);
}

static int run(Store *s, Report *r, RepDef *d, const StoreParam *ap, int np, char *err, size_t nErr) {
  const StdlibFile *common = report_file("common.sql");
  if (!common) {
    snprintf(err, nErr, "no common.sql in stdlib/reports");
    return -1;
  }
  if (store_query(s, common->zText, "stdlib/reports/common.sql", ap, np, NULL, NULL, err, nErr) ||
      (d->setup.z && store_query(s, d->setup.z, r->zKind, ap, np, NULL, NULL, err, nErr)) ||
      store_query(s, "SELECT * FROM rp_about", "rp_about", NULL, 0, read_about, r, err, nErr))
    return -1;
  if (!(r->aTable = calloc((size_t)d->n + 1, sizeof *r->aTable))) {
    snprintf(err, nErr, "out of memory");
    return -1;
  }
  for (int i = 0; i < d->n; i++) {
    RepTable *t = &r->aTable[r->nTable++];
    RepSection *sec = &d->a[i];
    t->zName = sec->zName;  sec->zName = NULL;
    t->zChart = sec->zChart; sec->zChart = NULL;
    t->zLabels = sec->zLabels; sec->zLabels = NULL;
    t->zNote = sec->note.z;  sec->note.z = NULL;
    char what[160];
    snprintf(what, sizeof what, "stdlib/reports/%s.sql, table %s", r->zKind, t->zName);
    if (!sec->sql.z || store_query(s, sec->sql.z, what, ap, np, collect_row, t, err, nErr)) {
      if (!sec->sql.z) snprintf(err, nErr, "%s: no SQL", what);
      return -1;
    }
  }
  return 0;
}

/* }==== */

/* {==== rr_db_report ====================================================== */

int rr_db_report(rr_db *db, const char *kind, const rr_report_options *opt, int format, char **out) {
  if (!db || !out) return RR_EMISUSE;
  *out = NULL;
  if (!opt || !opt->from || !opt->to) return api_error(db->err, RR_EMISUSE, "a report needs a period: from and to");
  if (!kind || !known_kind(kind))
    return api_error(db->err, RR_EMISUSE, "unknown report '%s' (no stdlib/reports/%s.sql)",
                     kind ? kind : "(null)", kind ? kind : "(null)");
  if (format < RR_REPORT_HTML || format > RR_REPORT_JSON)
    return api_error(db->err, RR_EMISUSE, "unknown report format %d", format);
  RrDate from, to;
  if (rr_parse_date(opt->from, strlen(opt->from), &from))
    return api_error(db->err, RR_EMISUSE, "from: '%s' is not a date (YYYY-MM-DD)", opt->from);
  if (rr_parse_date(opt->to, strlen(opt->to), &to))
    return api_error(db->err, RR_EMISUSE, "to: '%s' is not a date (YYYY-MM-DD)", opt->to);
  if (to < from) return api_error(db->err, RR_EMISUSE, "the period ends (%s) before it begins (%s)", opt->to, opt->from);
  if (opt->minCell < 0) return api_error(db->err, RR_EMISUSE, "the smallest count shown must be 1 or more");
  char zEnd[40], zPrevFrom[16], zPrevTo[16], zGen[16];
  rr_format_date(to + 1, zEnd);
  strcat(zEnd, "T00:00:00Z");
  /* the previous period: as many whole months before, when the period is
  ** whole months (a half-year, a year); else as many days */
  int y, m, dd, y2, m2, d2;
  rr_date_to_ymd(from, &y, &m, &dd);
  rr_date_to_ymd(to + 1, &y2, &m2, &d2);
  int months = (y2 - y) * 12 + (m2 - m);
  rr_format_date(from - 1, zPrevTo);
  if (dd == 1 && d2 == 1 && months > 0) rr_format_date(rr_date_add_months(from, -months), zPrevFrom);
  else rr_format_date(from - (to - from + 1), zPrevFrom);
  if (opt->generated) snprintf(zGen, sizeof zGen, "%s", opt->generated);
  else rr_format_date((RrDate)(time(NULL) / 86400), zGen);

  Report r;
  memset(&r, 0, sizeof r);
  r.zKind = kind;
  r.zFrom = opt->from;
  r.zTo = opt->to;
  r.zPrevFrom = zPrevFrom;
  r.zPrevTo = zPrevTo;
  r.zMunicipality = opt->municipality && *opt->municipality ? opt->municipality : NULL;
  r.zGenerated = zGen;
  char zWhy[512];
  if (rep_lang_open(&r, opt->lang, opt->rules, zWhy, sizeof zWhy)) return api_error(db->err, RR_EMISUSE, "%s", zWhy);
  r.minCell = opt->minCell ? opt->minCell : 5;
  StoreParam ap[] = {
    {"from", opt->from}, {"to", opt->to}, {"end_utc", zEnd}, {"prev_from", zPrevFrom},
    {"prev_to", zPrevTo}, {"municipality", r.zMunicipality},
  };
  char base[80];
  snprintf(base, sizeof base, "%s.sql", kind);
  RepDef d;
  memset(&d, 0, sizeof d);
  int rc = RR_OK;
  if (def_read(&d, base, 0, db->err, sizeof db->err)) rc = RR_ENOMEM;
  else if (store_scratch_begin(db->s, db->err, sizeof db->err)) rc = RR_EDB;
  else {
    if (run(db->s, &r, &d, ap, (int)(sizeof ap / sizeof ap[0]), db->err, sizeof db->err)) rc = RR_EDB;
    store_scratch_end(db->s);
  }
  def_free(&d);
  if (rc == RR_OK && format != RR_REPORT_JSON && protect(&r))
    rc = api_error(db->err, RR_ENOMEM, "out of memory while protecting small counts");
  if (rc == RR_OK) {
    StrBuf b = {0};
    if (format == RR_REPORT_HTML) rep_write_html(&r, &b);
    else if (format == RR_REPORT_JSON) rep_write_json(&r, &b);
    else {
      int any = 0;
      for (int i = 0; i < r.nTable; i++) {
        if (opt->table && strcmp(opt->table, r.aTable[i].zName) != 0) continue;
        if (any++) sb_puts(&b, "\n");
        rep_write_csv(&r, &r.aTable[i], &b);
      }
      if (opt->table && !any) {
        report_free(&r);
        free(b.z);
        return api_error(db->err, RR_EMISUSE, "report %s has no table '%s'", kind, opt->table);
      }
      if (!any) sb_puts(&b, "");
    }
    if (b.oom || !b.z) rc = api_error(db->err, RR_ENOMEM, "out of memory while writing the report");
    else *out = b.z;
  }
  report_free(&r);
  return rc;
}

/* }==== */
