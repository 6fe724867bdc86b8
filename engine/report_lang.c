/*
** report_lang.c - the words of a report in a language: its headings
** (stdlib/reports/headings.tsv, in English) translated by the rule set's PO
** files under msgctxt "report-heading" (msgid the English text), the values
** its tables show (an enum value's label, a rule's title) as the SQL's
** '-- labels:' lines say, and its dates in the language's format (the
** heading format.date).  English needs no catalog and shows the values as
** stored.
*/
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "lang.h"

const char *const rep_heading_ctxt = "report-heading";

/* {==== headings.tsv ====================================================== */

static const StdlibFile *headings_file(void) {
  static const char name[] = "<stdlib>/reports/headings.tsv";
  for (const StdlibFile *f = report_files; f->zName; f++)
    if (strcmp(f->zName, name) == 0) return f;
  return NULL;
}

/* Calls FN for each line KEY \t ENGLISH of headings.tsv (N: ENGLISH's length). */
static int each_line(int (*fn)(void *ud, const char *zKey, size_t nKey, const char *zEn, size_t nEn), void *ud) {
  const StdlibFile *f = headings_file();
  if (!f) return 0;
  const char *z = f->zText, *zEnd = f->zText + f->nText;
  while (z < zEnd) {
    const char *eol = memchr(z, '\n', (size_t)(zEnd - z));
    if (!eol) eol = zEnd;
    const char *tab = memchr(z, '\t', (size_t)(eol - z));
    if (*z != '#' && tab) {
      const char *t = tab + 1, *tEnd = memchr(t, '\t', (size_t)(eol - t));
      int rc = fn(ud, z, (size_t)(tab - z), t, (size_t)((tEnd ? tEnd : eol) - t));
      if (rc) return rc;
    }
    z = eol + 1;
  }
  return 0;
}

typedef struct Find {
  const char *zKey;
  size_t nKey;
  const char *zEn;
  size_t nEn;
} Find;

static int find_one(void *ud, const char *zKey, size_t nKey, const char *zEn, size_t nEn) {
  Find *f = ud;
  if (nKey != f->nKey || memcmp(zKey, f->zKey, nKey) != 0) return 0;
  f->zEn = zEn;
  f->nEn = nEn;
  return 1;
}

typedef struct Each {
  void (*fn)(void *ud, const char *zKey, const char *zEnglish);
  void *ud;
} Each;

static int each_one(void *ud, const char *zKey, size_t nKey, const char *zEn, size_t nEn) {
  Each *e = ud;
  char *k = malloc(nKey + 1), *v = malloc(nEn + 1);
  if (k && v) {
    memcpy(k, zKey, nKey);
    k[nKey] = 0;
    memcpy(v, zEn, nEn);
    v[nEn] = 0;
    e->fn(e->ud, k, v);
  }
  free(k);
  free(v);
  return 0;
}

void rep_each_heading(void (*fn)(void *ud, const char *zKey, const char *zEnglish), void *ud) {
  Each e = {fn, ud};
  each_line(each_one, &e);
}

void rep_heading(StrBuf *b, const Report *r, const char *zKey) {
  Find f = {zKey, strlen(zKey), NULL, 0};
  each_line(find_one, &f);
  if (!f.zEn) {                      /* no heading: KEY's last part, underscores as spaces */
    const char *zLast = strchr(zKey, '.');
    zLast = zLast ? zLast + 1 : zKey;
    for (const char *p = zLast; *p; p++) sb_add(b, *p == '_' ? " " : p, 1);
    return;
  }
  if (r && r->lang) {
    char *zEn = malloc(f.nEn + 1);
    if (!zEn) {
      b->oom = 1;
      return;
    }
    memcpy(zEn, f.zEn, f.nEn);
    zEn[f.nEn] = 0;
    const char *t = lang_po_text(r->lang, rep_heading_ctxt, zEn);
    free(zEn);
    if (t) {
      sb_puts(b, t);
      return;
    }
  }
  sb_add(b, f.zEn, f.nEn);
}

/* }==== */

/* {==== the language ====================================================== */

/* The directory of the PO files of rule set RULES (a directory, or a file
** in it), malloc'd. */
static char *po_dir(const char *zRules) {
  struct stat st;
  size_t n = strlen(zRules);
  char *z = malloc(n + 4);
  if (!z) return NULL;
  if (stat(zRules, &st) == 0 && S_ISDIR(st.st_mode)) {
    while (n > 1 && zRules[n - 1] == '/') n--;
    memcpy(z, zRules, n);
  } else {
    const char *slash = strrchr(zRules, '/');
    n = slash ? (size_t)(slash - zRules) : 1;
    if (slash) memcpy(z, zRules, n);
    else z[0] = '.';
  }
  memcpy(z + n, "/po", 4);
  return z;
}

int rep_lang_open(Report *r, const char *zCode, const char *zRules, char *err, size_t nErr) {
  r->zLang = "en";
  r->lang = NULL;
  if (!zCode || !*zCode || strcmp(zCode, "en") == 0) return 0;
  if (!lang_known(zCode)) {
    snprintf(err, nErr, "unknown language '%s' (there are en, sq, sr, sr-Cyrl)", zCode);
    return -1;
  }
  if (!zRules || !*zRules) {
    snprintf(err, nErr, "language '%s': the translations are the rule set's (its po/%s.po): give the rules", zCode,
             strncmp(zCode, "sr", 2) == 0 ? "sr" : zCode);
    return -1;
  }
  Lang *l = malloc(sizeof *l);
  char *zPoDir = po_dir(zRules);
  if (!l || !zPoDir) {
    free(l);
    free(zPoDir);
    snprintf(err, nErr, "out of memory");
    return -1;
  }
  int rc = lang_open_dir(l, zPoDir, zCode, err, nErr);
  if (rc == 0 && !l->po.nEnt) {
    snprintf(err, nErr, "language '%s': no translation in %s", zCode, zPoDir);
    rc = -1;
  }
  free(zPoDir);
  if (rc) {
    lang_close(l);
    free(l);
    return -1;
  }
  r->lang = l;
  r->zLang = l->zCode;
  return 0;
}

void rep_lang_close(Report *r) {
  if (r->lang) {
    lang_close(r->lang);
    free(r->lang);
    r->lang = NULL;
  }
}

const char *rep_text(const Report *r, const char *z) {
  const char *t = r && r->lang ? lang_po_text(r->lang, rep_heading_ctxt, z) : NULL;
  return t ? t : z;
}

int rep_lang_drafts(const Report *r) { return r->lang ? r->lang->nDraft : 0; }

/* }==== */

/* {==== dates and values ================================================== */

const char *rep_date(const Report *r, const char *zIso) {
  if (!r->lang || !zIso || strlen(zIso) != 10 || zIso[4] != '-' || zIso[7] != '-') return zIso;
  StrBuf h = {0};
  rep_heading(&h, r, "format.date");
  if (!h.z) return zIso;
  char y[5], m[3], d[3];
  memcpy(y, zIso, 4);
  y[4] = 0;
  memcpy(m, zIso + 5, 2);
  m[2] = 0;
  memcpy(d, zIso + 8, 2);
  d[2] = 0;
  static const char *const names[] = {"yyyy", "mm", "dd"};
  const char *values[] = {y, m, d};
  const char *z = lang_fill(&r->lang->a, h.z, 3, names, values);
  free(h.z);
  return z ? z : zIso;
}

/* The context that labels column COL of T ("enum|Sector", "rule"), from its
** '-- labels: COLUMN=CONTEXT ...' line, or NULL. */
static char *labels_ctxt(const Report *r, const RepTable *t, int col) {
  const char *z = t->zLabels, *zCol = t->azCol[col];
  size_t nCol = strlen(zCol);
  while (z && *z) {
    while (*z == ' ') z++;
    const char *w = z;
    while (*z && *z != ' ') z++;
    const char *eq = memchr(w, '=', (size_t)(z - w));
    if (eq && (size_t)(eq - w) == nCol && memcmp(w, zCol, nCol) == 0)
      return arena_strndup(&r->lang->a, eq + 1, (size_t)(z - eq - 1));
  }
  return NULL;
}

const char *rep_cell_label(const Report *r, const RepTable *t, int col, const char *zCell, int brief) {
  if (!r->lang || !zCell || !*zCell || !t->zLabels) return zCell;
  char *zCtxt = labels_ctxt(r, t, col);
  if (!zCtxt) return zCell;
  if (strcmp(zCtxt, "rule") == 0) {    /* a rule's ID: its title translated, after the ID */
    if (brief) return zCell;
    const char *zTitle = lang_po_ctxt(r->lang, zCell);
    return zTitle ? arena_printf(&r->lang->a, "%s: %s", zCell, zTitle) : zCell;
  }
  const char *z = NULL;
  if (zCtxt[0] == '*' && zCtxt[1] == '|') {   /* a text of any rule's FIELD: its translation */
    const PoCatalog *po = &r->lang->po;
    size_t nSuffix = strlen(zCtxt + 1);
    for (int i = 0; i < po->nEnt && !z; i++) {
      const PoEntry *pe = &po->aEnt[i];
      size_t n = strlen(pe->zCtxt);
      if (n > nSuffix && strcmp(pe->zCtxt + n - nSuffix, zCtxt + 1) == 0 && strcmp(pe->zMsgid, zCell) == 0 &&
          pe->zMsgstr[0])
        z = lang_po_text(r->lang, pe->zCtxt, zCell);
    }
  } else {
    z = lang_po_text(r->lang, zCtxt, zCell);
  }
  /* a value no enum has ("unknown", "none" when nothing is stored): a heading */
  if (!z && strcmp(zCtxt, rep_heading_ctxt) != 0) z = lang_po_text(r->lang, rep_heading_ctxt, zCell);
  return z ? z : zCell;
}

/* }==== */
