/*
** report_html.c - a report as one self-contained printable HTML page: the
** title, period, municipality, date and rule set as the SOP's reports state
** them, then each table with its chart -- inline SVG, bars and lines told
** apart by black, white and hatching, and by dashes and markers, so that it
** reads in black and white.  Small counts are shown "<N" in tables and
** charts alike.
*/
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void esc(StrBuf *b, const char *z) {
  for (; z && *z; z++) {
    switch (*z) {
    case '<': sb_puts(b, "&lt;"); break;
    case '>': sb_puts(b, "&gt;"); break;
    case '&': sb_puts(b, "&amp;"); break;
    case '"': sb_puts(b, "&quot;"); break;
    default: sb_add(b, z, 1);
    }
  }
}

static void heading(StrBuf *b, const Report *r, const char *zPrefix, const char *zName) {
  char key[200];
  snprintf(key, sizeof key, "%s%s", zPrefix, zName);
  StrBuf h = {0};
  rep_heading(&h, r, key);
  esc(b, h.z ? h.z : "");
  if (h.oom) b->oom = 1;
  free(h.z);
}

static int col_index(const RepTable *t, const char *zName, size_t n) {
  for (int c = 0; c < t->nCol; c++)
    if (strlen(t->azCol[c]) == n && strncmp(t->azCol[c], zName, n) == 0) return c;
  return -1;
}

static const char *cell(const RepTable *t, int row, int col) {
  return t->azCell[(size_t)row * (size_t)t->nCol + (size_t)col];
}

/* The columns a chart draws: '-- chart: TYPE [X SERIES...]'; by default X is
** the first column and the series the first count column.  Returns the
** number of series. */
enum { MAX_SERIES = 4 };
static int chart_columns(const RepTable *t, const char *zSpec, int *pX, int *aSeries) {
  const char *z = zSpec;
  while (*z && *z != ' ') z++;
  int nWord = 0, ns = 0;
  *pX = 0;
  while (*z) {
    while (*z == ' ') z++;
    const char *w = z;
    while (*z && *z != ' ') z++;
    if (z == w) break;
    int c = col_index(t, w, (size_t)(z - w));
    if (c < 0) continue;
    if (nWord++ == 0) *pX = c;
    else if (ns < MAX_SERIES) aSeries[ns++] = c;
  }
  if (ns == 0)
    for (int c = 0; c < t->nCol && ns == 0; c++)
      if (c != *pX && rep_is_count(t->azCol[c])) aSeries[ns++] = c;
  return ns;
}

static double num(const char *z) { return z ? atof(z) : 0; }

/* Whether a count is shown as "<N" (then its bar or point is not drawn). */
static int hidden(const Report *r, const RepTable *t, int row, int col) {
  char buf[32];
  const char *z = cell(t, row, col);
  return z && (strcmp(z, REP_HIDDEN) == 0 || rep_cell_shown(r, t->azCol[col], z, buf, sizeof buf) != z);
}

static const char *const barFill[MAX_SERIES] = {"#000", "url(#hatch)", "#fff", "#888"};
static const char *const lineDash[MAX_SERIES] = {"", "6 4", "2 3", "10 3 2 3"};

static void legend(StrBuf *b, const Report *r, const RepTable *t, const int *aSeries, int ns, int isLine, int y) {
  int x = 10;
  for (int s = 0; s < ns; s++) {
    if (isLine)
      sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                 x, y - 4, x + 24, y - 4, lineDash[s]);
    else
      sb_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\" stroke=\"#000\"/>", x, y - 9, barFill[s]);
    sb_printf(b, "<text x=\"%d\" y=\"%d\">", x + (isLine ? 30 : 18), y);
    heading(b, r, "col.", t->azCol[aSeries[s]]);
    sb_puts(b, "</text>");
    x += 190;
  }
}

static void bar_chart(StrBuf *b, const Report *r, const RepTable *t) {
  int x, aSeries[MAX_SERIES];
  int ns = chart_columns(t, t->zChart, &x, aSeries);
  if (ns == 0 || t->nRow == 0) return;
  double max = 0;
  for (int i = 0; i < t->nRow; i++)
    for (int s = 0; s < ns; s++)
      if (!hidden(r, t, i, aSeries[s]) && num(cell(t, i, aSeries[s])) > max) max = num(cell(t, i, aSeries[s]));
  if (max <= 0) max = 1;
  const int left = 230, width = 380, barH = 12, gap = 8;
  int groupH = ns * barH + gap, top = 10, height = top + t->nRow * groupH + 30;
  sb_printf(b, "<svg class=\"chart\" role=\"img\" width=\"680\" height=\"%d\" viewBox=\"0 0 680 %d\" "
                "xmlns=\"http://www.w3.org/2000/svg\">\n", height, height);
  sb_puts(b, "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
              "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
              "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>\n");
  sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", left, top - 2, left,
             top + t->nRow * groupH);
  for (int i = 0; i < t->nRow; i++) {
    int y0 = top + i * groupH;
    sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y0 + (ns * barH) / 2 + 4);
    const char *label = rep_cell_label(r, t, x, cell(t, i, x), 1);
    esc(b, label ? label : "-");
    sb_puts(b, "</text>");
    for (int s = 0; s < ns; s++) {
      int y = y0 + s * barH;
      char buf[32];
      const char *z = cell(t, i, aSeries[s]);
      const char *shown = rep_cell_shown(r, t->azCol[aSeries[s]], z, buf, sizeof buf);
      int w = hidden(r, t, i, aSeries[s]) ? 0 : (int)(num(z) / max * width + 0.5);
      if (w > 0)
        sb_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#000\"/>", left, y, w,
                   barH - 2, barFill[s]);
      sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"v\">", left + w + 4, y + barH - 3);
      esc(b, shown);
      sb_puts(b, "</text>\n");
    }
  }
  if (ns > 1) legend(b, r, t, aSeries, ns, 0, height - 8);
  sb_puts(b, "</svg>\n");
}

static void line_chart(StrBuf *b, const Report *r, const RepTable *t) {
  int x, aSeries[MAX_SERIES];
  int ns = chart_columns(t, t->zChart, &x, aSeries);
  if (ns == 0 || t->nRow == 0) return;
  double max = 0;
  for (int i = 0; i < t->nRow; i++)
    for (int s = 0; s < ns; s++)
      if (num(cell(t, i, aSeries[s])) > max) max = num(cell(t, i, aSeries[s]));
  if (max <= 0) max = 1;
  const int left = 50, top = 15, w = 600, h = 200;
  int height = top + h + 55;
  double step = t->nRow > 1 ? (double)w / (t->nRow - 1) : 0;
  sb_printf(b, "<svg class=\"chart\" role=\"img\" width=\"680\" height=\"%d\" viewBox=\"0 0 680 %d\" "
                "xmlns=\"http://www.w3.org/2000/svg\">\n", height, height);
  for (int g = 0; g <= 4; g++) {
    int y = top + h - g * h / 4;
    sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-width=\"0.5\"/>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>\n",
               left, y, left + w, y, left - 4, y + 4, max * g / 4);
  }
  sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", left, top + h, left + w, top + h);
  for (int i = 0; i < t->nRow; i++) {
    sb_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", left + i * step, top + h + 14);
    esc(b, cell(t, i, x) ? rep_cell_label(r, t, x, cell(t, i, x), 1) : "");
    sb_puts(b, "</text>");
  }
  sb_puts(b, "\n");
  /* a line is drawn through the points; a point whose count is shown "<N"
  ** is drawn at 0 with an open marker, labelled "<N" */
  for (int s = 0; s < ns; s++) {
    sb_printf(b, "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"%s\" points=\"",
               lineDash[s]);
    for (int i = 0; i < t->nRow; i++) {
      double v = hidden(r, t, i, aSeries[s]) ? 0 : num(cell(t, i, aSeries[s]));
      sb_printf(b, "%s%.1f,%.1f", i ? " " : "", left + i * step, top + h - v / max * h);
    }
    sb_puts(b, "\"/>\n");
    for (int i = 0; i < t->nRow; i++) {
      int hid = hidden(r, t, i, aSeries[s]);
      double v = hid ? 0 : num(cell(t, i, aSeries[s]));
      double px = left + i * step, py = top + h - v / max * h;
      if (s % 2 == 0)
        sb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"#000\"/>", px, py, hid ? "#fff" : "#000");
      else
        sb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#000\"/>", px - 3.5, py - 3.5);
      if (hid) {
        char buf[32];
        sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", px, py - 6 - 9 * s);
        esc(b, rep_cell_shown(r, t->azCol[aSeries[s]], cell(t, i, aSeries[s]), buf, sizeof buf));
        sb_puts(b, "</text>");
      }
    }
    sb_puts(b, "\n");
  }
  legend(b, r, t, aSeries, ns, 1, height - 10);
  sb_puts(b, "</svg>\n");
}

static const char css[] =
  "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;color:#000;background:#fff;margin:2em;max-width:52em}\n"
  "header{border-bottom:2px solid #000;margin-bottom:1em}\n"
  "h1{font-size:16pt;margin:.2em 0}h2{font-size:12pt;margin:1.4em 0 .3em;page-break-after:avoid}\n"
  "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.5em 0}\n"
  "dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\n"
  "code{font-size:8.5pt;word-break:break-all}\n"
  "table{border-collapse:collapse;margin:.3em 0 1em;page-break-inside:avoid}\n"
  "th,td{border:1px solid #000;padding:.15em .5em;text-align:left}td.n{text-align:right}\n"
  "th{background:#eee}p.note{font-style:italic;margin:.2em 0}\n"
  "svg.chart{display:block;margin:.3em 0;page-break-inside:avoid;font-size:9px}\n"
  "svg.chart text{font-family:'DejaVu Sans',Arial,sans-serif}\n"
  "section{page-break-inside:avoid}footer{border-top:1px solid #000;margin-top:2em;font-size:9pt}\n"
  "@page{size:A4;margin:15mm}@media print{body{margin:0}}\n";

int rep_write_html(const Report *r, StrBuf *b) {
  sb_puts(b, "<!DOCTYPE html>\n<html lang=\"");
  esc(b, r->zLang);
  sb_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  heading(b, r, "report.", r->zKind);
  sb_puts(b, " ");
  esc(b, rep_date(r, r->zFrom));
  sb_puts(b, " - ");
  esc(b, rep_date(r, r->zTo));
  sb_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1 id=\"title\">", css);
  heading(b, r, "report.", r->zKind);
  sb_puts(b, "</h1>\n<dl class=\"meta\">\n<dt>");
  heading(b, r, "label.", "municipality");
  sb_puts(b, "</dt><dd id=\"municipality\">");
  if (r->zMunicipality) esc(b, r->zMunicipality);
  else heading(b, r, "label.", "all_municipalities");
  sb_puts(b, "</dd>\n<dt>");
  heading(b, r, "label.", "period");
  sb_puts(b, "</dt><dd id=\"period\">");
  esc(b, rep_date(r, r->zFrom));
  sb_puts(b, " &ndash; ");
  esc(b, rep_date(r, r->zTo));
  sb_puts(b, "</dd>\n");
  if (strcmp(r->zKind, "national") == 0) {
    sb_puts(b, "<dt>");
    heading(b, r, "label.", "previous");
    sb_puts(b, "</dt><dd>");
    esc(b, rep_date(r, r->zPrevFrom));
    sb_puts(b, " &ndash; ");
    esc(b, rep_date(r, r->zPrevTo));
    sb_puts(b, "</dd>\n");
  }
  sb_puts(b, "<dt>");
  heading(b, r, "label.", "generated");
  sb_puts(b, "</dt><dd id=\"generated\">");
  esc(b, rep_date(r, r->zGenerated));
  sb_puts(b, "</dd>\n<dt>");
  heading(b, r, "label.", "ruleset");
  sb_puts(b, "</dt><dd id=\"ruleset\">");
  if (r->zHash) {
    sb_puts(b, "<code>");
    esc(b, r->zHash);
    sb_puts(b, "</code>");
  } else {
    heading(b, r, "label.", "no_decisions");
  }
  sb_puts(b, "</dd>\n<dt>");
  heading(b, r, "label.", "cases");
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", r->nCases);
  sb_puts(b, "</dt><dd id=\"cases\">");
  esc(b, rep_cell_shown(r, "n_cases", buf, buf + 16, 16));
  if (r->nUndecided) {
    snprintf(buf, sizeof buf, "%lld", r->nUndecided);
    sb_puts(b, " (");
    esc(b, rep_cell_shown(r, "n_undecided", buf, buf + 16, 16));
    sb_puts(b, " ");
    heading(b, r, "label.", "undecided");
    sb_puts(b, ")");
  }
  sb_puts(b, "</dd>\n</dl>\n<p class=\"note\">");
  heading(b, r, "label.", "basis");
  if (r->minCell > 1) {
    StrBuf h = {0};
    rep_heading(&h, r, "label.suppressed");
    if (h.z) {
      sb_puts(b, " ");
      StrBuf f = {0};
      /* the heading holds {max}, the largest count hidden, and {n}, the bound */
      for (const char *p = h.z; *p; p++) {
        if (strncmp(p, "{max}", 5) == 0) {
          sb_printf(&f, "%d", r->minCell - 1);
          p += 4;
        } else if (strncmp(p, "{n}", 3) == 0) {
          sb_printf(&f, "%d", r->minCell);
          p += 2;
        } else {
          sb_add(&f, p, 1);
        }
      }
      esc(b, f.z ? f.z : "");
      free(f.z);
    }
    free(h.z);
    if (r->nHidden) {
      sb_puts(b, " ");
      StrBuf m = {0};
      rep_heading(&m, r, "label.suppressed_more");
      esc(b, m.z ? m.z : "");
      free(m.z);
    }
  }
  sb_puts(b, "</p>\n</header>\n<main>\n");
  for (int i = 0; i < r->nTable; i++) {
    const RepTable *t = &r->aTable[i];
    sb_puts(b, "<section id=\"t-");
    esc(b, t->zName);
    sb_puts(b, "\">\n<h2>");
    heading(b, r, "table.", t->zName);
    sb_puts(b, "</h2>\n");
    if (t->zNote) {
      sb_puts(b, "<p class=\"note\">");
      esc(b, rep_text(r, t->zNote));
      sb_puts(b, "</p>\n");
    }
    if (t->nRow == 0) {
      sb_puts(b, "<p class=\"empty\">");
      heading(b, r, "label.", "empty");
      sb_puts(b, "</p>\n</section>\n");
      continue;
    }
    if (t->zChart && strncmp(t->zChart, "bar", 3) == 0) bar_chart(b, r, t);
    if (t->zChart && strncmp(t->zChart, "line", 4) == 0) line_chart(b, r, t);
    sb_puts(b, "<table>\n<thead><tr>");
    for (int c = 0; c < t->nCol; c++) {
      sb_puts(b, "<th>");
      heading(b, r, "col.", t->azCol[c]);
      sb_puts(b, "</th>");
    }
    sb_puts(b, "</tr></thead>\n<tbody>\n");
    for (int k = 0; k < t->nRow; k++) {
      sb_puts(b, "<tr>");
      for (int c = 0; c < t->nCol; c++) {
        size_t x = (size_t)k * (size_t)t->nCol + (size_t)c;
        char cb[32];
        int isNum = t->aType[x] == REP_INT || t->aType[x] == REP_REAL;
        sb_puts(b, isNum ? "<td class=\"n\">" : "<td>");
        const char *shown = rep_cell_shown(r, t->azCol[c], t->azCell[x], cb, sizeof cb);
        esc(b, shown == t->azCell[x] ? rep_cell_label(r, t, c, shown, 0) : shown);
        sb_puts(b, "</td>");
      }
      sb_puts(b, "</tr>\n");
    }
    sb_puts(b, "</tbody>\n</table>\n</section>\n");
  }
  sb_puts(b, "</main>\n<footer><p>");
  heading(b, r, "label.", "source");
  sb_puts(b, "</p>");
  if (rep_lang_drafts(r)) {
    sb_puts(b, "<p id=\"drafts\">");
    heading(b, r, "label.", "drafts");
    sb_puts(b, "</p>");
  }
  sb_puts(b, "</footer>\n</body>\n</html>\n");
  return b->oom ? -1 : 0;
}
