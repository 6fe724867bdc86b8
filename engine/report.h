/*
** report.h - the reports over the case store (rr_db_report): a report is
** a set of tables computed by the SQL of stdlib/reports/KIND.sql after
** stdlib/reports/common.sql; report.c runs them into the Report below,
** report_html.c and report_text.c write it as HTML, or as CSV and JSON.
*/
#ifndef RR_REPORT_H
#define RR_REPORT_H

#include <stddef.h>

/* A growing text (every append may fail: then OOM is set and the text is lost). */
typedef struct RepBuf {
  char *z;
  size_t n, cap;
  int oom;
} RepBuf;
void rep_puts(RepBuf *b, const char *z);
void rep_putn(RepBuf *b, const char *z, size_t n);
void rep_printf(RepBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

enum { REP_NULL = 0, REP_INT, REP_REAL, REP_TEXT };   /* as SF_* of store.h */

typedef struct RepTable {
  char *zName;            /* '-- table: NAME' */
  char *zNote;            /* the comment lines under it, or NULL */
  char *zChart;           /* what follows '-- chart:' ("bar", "line month n_a n_b"), or NULL */
  int nCol;
  char **azCol;
  int nRow;
  char **azCell;          /* nRow * nCol; NULL for SQL NULL */
  int *aType;             /* nRow * nCol: REP_* */
} RepTable;

typedef struct Report {
  const char *zKind;
  const char *zFrom, *zTo, *zPrevFrom, *zPrevTo, *zMunicipality, *zGenerated, *zLang;
  char *zHash;            /* NULL: no decision before the period's end */
  long long nCases, nUndecided;
  int minCell;            /* counts 1 .. minCell-1 are suppressed (1: none) */
  RepTable *aTable;
  int nTable;
} Report;

/* The heading of KEY ("table.needs", "col.n_children"...) in language LANG
** from stdlib/reports/headings.tsv; KEY's last part, underscores as spaces,
** when it has none.  Written to B. */
void rep_heading(RepBuf *b, const char *zLang, const char *zKey);
/* Whether column ZCOL holds counts (its name is n or starts with n_). */
int  rep_is_count(const char *zCol);
/* The text a count cell shows in HTML and CSV: itself, or "<N" when it is
** from 1 to N-1 (N = R->minCell). */
const char *rep_cell_shown(const Report *r, const char *zCol, const char *zCell, char *buf, size_t n);

int  rep_write_html(const Report *r, RepBuf *b);
/* CSV of table T (UTF-8, a header line, RFC 4180 quoting). */
int  rep_write_csv(const Report *r, const RepTable *t, RepBuf *b);
int  rep_write_json(const Report *r, RepBuf *b);

#endif
