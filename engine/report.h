/*
** report.h - the reports over the case store (rr_db_report): a report is
** a set of tables computed by the SQL of stdlib/reports/KIND.sql after
** stdlib/reports/common.sql; report.c runs them into the Report below,
** report_html.c and report_text.c write it as HTML, or as CSV and JSON.
*/
#ifndef RR_REPORT_H
#define RR_REPORT_H

#include <stddef.h>

#include "strbuf.h"

enum { REP_NULL = 0, REP_INT, REP_REAL, REP_TEXT };   /* as SF_* of store.h */

typedef struct RepTable {
  char *zName;            /* '-- table: NAME' */
  char *zNote;            /* the comment lines under it, or NULL */
  char *zChart;           /* what follows '-- chart:' ("bar", "line month n_a n_b"), or NULL */
  char *zLabels;          /* what follows '-- labels:' ("sector=enum|Sector hazard=rule"), or NULL */
  int nCol;
  char **azCol;
  int nRow;
  char **azCell;          /* nRow * nCol; NULL for SQL NULL */
  int *aType;             /* nRow * nCol: REP_* */
} RepTable;

struct Lang;

typedef struct Report {
  const char *zKind;
  const char *zFrom, *zTo, *zPrevFrom, *zPrevTo, *zMunicipality, *zGenerated, *zLang;
  char *zHash;            /* NULL: no decision before the period's end */
  long long nCases, nUndecided;
  int minCell;            /* counts 1 .. minCell-1 are suppressed (1: none) */
  int nHidden;            /* counts hidden besides them, so that none can be worked out */
  struct Lang *lang;      /* the language's catalog (report_lang.c); NULL: English */
  RepTable *aTable;
  int nTable;
} Report;

/* The heading of KEY ("table.needs", "col.n_children"...) from
** stdlib/reports/headings.tsv, translated in R's language (R may be NULL:
** English); KEY's last part, underscores as spaces, when it has none.
** Written to B (report_lang.c). */
void rep_heading(StrBuf *b, const Report *r, const char *zKey);
/* The msgctxt of the headings in the PO files. */
extern const char *const rep_heading_ctxt;
/* Calls FN for every heading: its key and English text (for the PO template). */
void rep_each_heading(void (*fn)(void *ud, const char *zKey, const char *zEnglish), void *ud);
/* Calls FN for the note of every table of every report (report.c): the
** "note.TABLE" and the English text. */
void rep_each_note(void (*fn)(void *ud, const char *zKey, const char *zEnglish), void *ud);
/* Z, a text of the reports in English, in R's language (itself when it has
** no translation). */
const char *rep_text(const Report *r, const char *z);
/* Opens language CODE for R from the PO files in PODIR (R->lang, R->zLang);
** "en" or NULL needs none.  0, or -1 with a message in ERR. */
int  rep_lang_open(Report *r, const char *zCode, const char *zPoDir, char *err, size_t nErr);
void rep_lang_close(Report *r);
/* How many draft (fuzzy) translations the report has shown so far. */
int  rep_lang_drafts(const Report *r);
/* Date ZISO (YYYY-MM-DD) in the language's format (heading format.date). */
const char *rep_date(const Report *r, const char *zIso);
/* The text cell ZCELL of column COL of T shows in the language: an enum
** value's label, a rule ID with its title (BRIEF: the ID alone), as T's
** '-- labels:' line says; ZCELL itself in English or without a label. */
const char *rep_cell_label(const Report *r, const RepTable *t, int col, const char *zCell, int brief);
/* What a count hidden by complementary suppression shows (report.c). */
#define REP_HIDDEN "x"
/* Whether column ZCOL holds counts (its name is n or starts with n_). */
int  rep_is_count(const char *zCol);
/* The text a count cell shows in HTML and CSV: itself, or "<N" when it is
** from 1 to N-1 (N = R->minCell). */
const char *rep_cell_shown(const Report *r, const char *zCol, const char *zCell, char *buf, size_t n);

int  rep_write_html(const Report *r, StrBuf *b);
/* CSV of table T (UTF-8, a header line, RFC 4180 quoting). */
int  rep_write_csv(const Report *r, const RepTable *t, StrBuf *b);
int  rep_write_json(const Report *r, StrBuf *b);

#endif
