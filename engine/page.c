/*
** page.c - the printable case page: one self-contained HTML document (CSS
** and SVG embedded, nothing fetched) drawn from a decision in JSON, the one
** rr_eval_json or rr_db_eval gives -- so the CLI (explain --html) and a
** server show the same page from the same renderer.  The words come from
** the decision's "texts" (texts.c) in its language; without them, IDs and
** codes.  Sections: the answers, "To do now" in the order to act, the
** deadline timeline (an SVG: each deadline from its start to its due time,
** coloured by status, a "now" line, completed ones ticked), the risk
** factors with their levels, what closure still needs; print CSS for A4.
*/
#include "page.h"
#include "json.h"
#include "rregull.h"
#include "rrtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Page {
  FILE *out;
  Value d;                /* the decision */
  Value t;                /* its "texts", or unknown */
} Page;

static void esc_n(FILE *out, const char *z, int n) {
  for (int i = 0; i < n; i++) {
    switch (z[i]) {
      case '<': fputs("&lt;", out); break;
      case '>': fputs("&gt;", out); break;
      case '&': fputs("&amp;", out); break;
      case '"': fputs("&quot;", out); break;
      default: fputc(z[i], out);
    }
  }
}

static void esc(FILE *out, Value v) {
  if (v.tag == V_TEXT) esc_n(out, v.u.s, v.n);
  else if (v.tag == V_INT) fprintf(out, "%lld", (long long)v.u.i);
  else if (v.tag == V_BOOL) fputs(v.u.i ? "yes" : "no", out);
}

static const char *text_or(Value v, const char *dflt) { return v.tag == V_TEXT ? v.u.s : dflt; }

/* One of the page's words in the decision's language. */
static const char *word(Page *pg, const char *zEnglish) {
  return text_or(obj_get(obj_get(pg->t, "ui"), zEnglish), zEnglish);
}

static const char *title_of(Page *pg, const char *zId) {
  return text_or(obj_get(obj_get(obj_get(pg->t, "rules"), zId), "title"), zId);
}

static int instant(Value v, RrInstant *t) {
  return v.tag == V_TEXT && rr_parse_instant(v.u.s, (size_t)v.n, t) == 0;
}

static const char css[] =
  "*{box-sizing:border-box}"
  "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;color:#111;margin:0 auto;max-width:190mm;"
  "padding:8mm;line-height:1.35}"
  "h1{font-size:17pt;margin:0 0 2mm}h2{font-size:13pt;margin:6mm 0 2mm;border-bottom:1px solid #999}"
  "p,li,td,th,div{overflow-wrap:anywhere}"
  ".asof{color:#444;margin:0}"
  "ul.answers{columns:2;column-gap:8mm;padding-left:5mm;margin:0}ul.answers li{break-inside:avoid}"
  "ol.todo{padding-left:7mm;margin:0}ol.todo li{margin:0 0 3mm;break-inside:avoid;padding-left:2mm;"
  "border-left:4px solid #888}"
  "ol.todo li.overdue{border-color:#c0392b}ol.todo li.due_immediately{border-color:#e67e22}"
  "ol.todo li.pending{border-color:#2471a3}ol.todo li.action{border-color:#7d3c98}"
  ".what{font-weight:bold}.when{color:#7b241c}.pending .when{color:#1a5276}.who,.source{color:#333;font-size:9.5pt}"
  ".id{color:#777;font-size:8.5pt}"
  "svg{width:100%;height:auto;display:block}"
  "table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #bbb;padding:1mm 2mm;"
  "text-align:left;vertical-align:top}th{background:#eee}"
  ".lv-high{background:#f5b7b1}.lv-medium{background:#fad7a0}.lv-low{background:#d4efdf}"
  "footer{margin-top:6mm;font-size:9pt;color:#444;border-top:1px solid #999;padding-top:2mm}"
  ".legend span{display:inline-block;margin-right:4mm;font-size:9pt}"
  ".legend i{display:inline-block;width:10px;height:10px;margin-right:1mm;vertical-align:middle}"
  "@page{size:A4;margin:12mm}"
  "@media print{body{padding:0;max-width:none}section{break-inside:auto}h2{break-after:avoid}"
  "#timeline{break-inside:avoid}}";

static const char *status_colour(const char *z) {
  if (!strcmp(z, "overdue")) return "#c0392b";
  if (!strcmp(z, "due_immediately")) return "#e67e22";
  if (!strcmp(z, "pending")) return "#2471a3";
  if (!strcmp(z, "met")) return "#229954";
  if (!strcmp(z, "late")) return "#b7950b";
  return "#888";
}

static void answers(Page *pg) {
  Value a = obj_get(pg->t, "answers");
  fprintf(pg->out, "<section id=\"answers\"><h2>%s</h2><ul class=\"answers\">", word(pg, "Answers"));
  for (int i = 0; a.tag == V_LIST && i < a.n; i++) {
    fputs("<li>", pg->out);
    esc(pg->out, a.u.items[i]);
    fputs("</li>", pg->out);
  }
  if (a.tag != V_LIST) {                 /* no texts: the decision's scalars */
    const Obj *o = pg->d.u.obj;
    for (int i = 0; i < o->n; i++) {
      if (!v_is_scalar(o->vals[i])) continue;
      fprintf(pg->out, "<li>%s: ", o->keys[i]);
      esc(pg->out, o->vals[i]);
      fputs("</li>", pg->out);
    }
  }
  fputs("</ul>", pg->out);
  Value c = obj_get(pg->t, "closure");
  if (c.tag == V_TEXT) {
    fputs("<p class=\"closure\">", pg->out);
    esc(pg->out, c);
    fputs("</p>", pg->out);
  }
  fputs("</section>\n", pg->out);
}

static void todo(Page *pg) {
  Value list = obj_get(pg->t, "todo");
  fprintf(pg->out, "<section id=\"todo\"><h2>%s</h2>", word(pg, "To do now"));
  if (list.tag != V_LIST || !list.n) {
    fprintf(pg->out, "<p>%s</p></section>\n", word(pg, "Nothing is due: no open duty."));
    return;
  }
  fputs("<ol class=\"todo\">", pg->out);
  for (int i = 0; i < list.n; i++) {
    Value it = list.u.items[i];
    const char *st = text_or(obj_get(it, "status"), "action");
    fprintf(pg->out, "<li class=\"%s\" data-status=\"%s\" data-due=\"", st, st);
    esc(pg->out, obj_get(it, "due_at"));
    fputs("\"><div class=\"what\">", pg->out);
    esc(pg->out, obj_get(it, "what"));
    fputs("</div>", pg->out);
    if (obj_get(it, "when").tag == V_TEXT) {
      fputs("<div class=\"when\">", pg->out);
      esc(pg->out, obj_get(it, "when"));
      fputs("</div>", pg->out);
    }
    const char *who = word(pg, "who: {who}"), *src = word(pg, "source: {source}");
    const char *wb = strstr(who, "{who}"), *sb = strstr(src, "{source}");
    if (obj_get(it, "who").tag == V_TEXT && wb) {
      fputs("<div class=\"who\">", pg->out);
      esc_n(pg->out, who, (int)(wb - who));
      esc(pg->out, obj_get(it, "who"));
      esc_n(pg->out, wb + 5, (int)strlen(wb + 5));
      fputs("</div>", pg->out);
    }
    if (obj_get(it, "source").tag == V_TEXT && sb && obj_get(it, "source").n) {
      fputs("<div class=\"source\">", pg->out);
      esc_n(pg->out, src, (int)(sb - src));
      esc(pg->out, obj_get(it, "source"));
      esc_n(pg->out, sb + 8, (int)strlen(sb + 8));
      fputs("</div>", pg->out);
    }
    fputs("<div class=\"id\">", pg->out);
    esc(pg->out, obj_get(it, "rule_id"));
    fputs("</div></li>", pg->out);
  }
  fputs("</ol></section>\n", pg->out);
}

/* The deadline timeline: one row per deadline with a due time. */
static void timeline(Page *pg) {
  Value dl = obj_get(pg->d, "deadlines");
  RrInstant now = 0, lo = 0, hi = 0;
  int hasNow = instant(obj_get(pg->d, "as_of"), &now), n = 0;
  if (hasNow) lo = hi = now;
  for (int i = 0; dl.tag == V_LIST && i < dl.n; i++) {
    RrInstant s, d, c;
    Value x = dl.u.items[i];
    if (!instant(obj_get(x, "due_at"), &d)) continue;
    if (!n && !hasNow) lo = hi = d;
    n++;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
    if (instant(obj_get(x, "start_at"), &s) && s < lo) lo = s;
    if (instant(obj_get(x, "completed_at"), &c) && c > hi) hi = c;
  }
  fprintf(pg->out, "<section id=\"timeline\"><h2>%s</h2>", word(pg, "Deadline timeline"));
  if (!n) {
    fputs("<p>-</p></section>\n", pg->out);
    return;
  }
  int64_t span = hi - lo;
  if (span < 3600) span = 3600;
  lo -= span / 20;
  hi += span / 20;
  span = hi - lo;
  const int W = 700, L = 215, R = 20, rowH = 18, top = 24;
  int H = top + n * rowH + 30;
  double scale = (double)(W - L - R) / (double)span;
#define X(t) (L + (double)((t) - lo) * scale)
  fprintf(pg->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
          "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"10\">", W, H);
  /* the axis: dates at a few ticks */
  int ticks = 5;
  for (int k = 0; k <= ticks; k++) {
    RrInstant t = lo + span * k / ticks;
    char buf[40];
    rr_format_utc(t, buf);
    buf[10] = 0;
    double x = X(t);
    fprintf(pg->out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, top - 4, x,
            H - 24);
    fprintf(pg->out, "<text class=\"tick-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#555\">%s</text>", x, H - 10,
            k == 0 ? "start" : k == ticks ? "end" : "middle", buf);
  }
  int row = 0;
  for (int i = 0; i < dl.n; i++) {
    Value x = dl.u.items[i];
    RrInstant s, d, c;
    if (!instant(obj_get(x, "due_at"), &d)) continue;
    int hasS = instant(obj_get(x, "start_at"), &s), hasC = instant(obj_get(x, "completed_at"), &c);
    const char *st = text_or(obj_get(x, "status"), "?"), *id = text_or(obj_get(x, "id"), "?");
    double y = top + row * rowH;
    double x0 = hasS ? X(s) : X(d) - 3, x1 = X(d);
    if (x1 - x0 < 3) x0 = x1 - 3;
    fprintf(pg->out, "<g class=\"deadline\" data-id=\"%s\" data-status=\"%s\"><title>", id, st);
    esc_n(pg->out, title_of(pg, id), (int)strlen(title_of(pg, id)));
    fputs("</title>", pg->out);
    char label[40];
    snprintf(label, sizeof label, "%s", id);
    if (strlen(id) > 27) memcpy(label + 24, "...", 4);
    fprintf(pg->out, "<text class=\"label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#222\" "
            "font-size=\"9\">%s</text>", L - 6,
            y + 12, label);
    fprintf(pg->out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>", x0,
            y + 3, x1 - x0, rowH - 6, status_colour(st));
    if (hasC) {
      double xc = X(c);
      fprintf(pg->out, "<path class=\"tick-done\" d=\"M%.1f %.1f l3 4 l6 -9\" stroke=\"#145a32\" stroke-width=\"2\" "
              "fill=\"none\"/>", xc - 4, y + 9);
    }
    fputs("</g>", pg->out);
    row++;
  }
  if (hasNow) {
    double xn = X(now);
    fprintf(pg->out, "<line class=\"now\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>", xn, top - 8, xn, H - 24);
    fprintf(pg->out, "<text class=\"now-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", xn, top - 10,
            word(pg, "now"));
  }
#undef X
  fputs("</svg><p class=\"legend\">", pg->out);
  static const char *const sts[] = {"overdue", "due_immediately", "pending", "met", "late"};
  static const char *const words[] = {"overdue", "due immediately", "pending", "met", "late"};
  for (int k = 0; k < 5; k++)
    fprintf(pg->out, "<span><i style=\"background:%s\"></i>%s</span>", status_colour(sts[k]), word(pg, words[k]));
  fprintf(pg->out, "<span>&#10003; %s</span></p></section>\n", word(pg, "completed"));
}

static void risk(Page *pg) {
  Value f = obj_get(pg->t, "factors");
  fprintf(pg->out, "<section id=\"risk\"><h2>%s</h2><table><colgroup><col style=\"width:70%%\"><col></colgroup>"
          "<tr><th></th><th>%s</th></tr>", word(pg, "Risk factors"), word(pg, "level"));
  if (f.tag == V_LIST) {
    for (int i = 0; i < f.n; i++) {
      Value x = f.u.items[i];
      fputs("<tr><td>", pg->out);
      esc(pg->out, obj_get(x, "title"));
      fputs(" <span class=\"id\">", pg->out);
      esc(pg->out, obj_get(x, "rule_id"));
      fprintf(pg->out, "</span></td><td class=\"lv-%s\">", text_or(obj_get(x, "level"), "none"));
      esc(pg->out, obj_get(x, "level_text"));
      fputs("</td></tr>", pg->out);
    }
  } else {
    Value lv = obj_get(obj_get(pg->d, "risk"), "factor_levels");
    for (int i = 0; lv.tag == V_OBJ && i < lv.u.obj->n; i++) {
      fprintf(pg->out, "<tr><td>%s</td><td class=\"lv-%s\">", lv.u.obj->keys[i], text_or(lv.u.obj->vals[i], ""));
      esc(pg->out, lv.u.obj->vals[i]);
      fputs("</td></tr>", pg->out);
    }
  }
  fputs("</table></section>\n", pg->out);
}

static void closure(Page *pg) {
  Value m = obj_get(pg->t, "closure_missing");
  fprintf(pg->out, "<section id=\"closure\"><h2>%s</h2>", word(pg, "What closure still needs"));
  if (m.tag != V_LIST || !m.n) {
    fprintf(pg->out, "<p>%s</p></section>\n", word(pg, "Nothing: the case may close."));
    return;
  }
  fputs("<ul>", pg->out);
  for (int i = 0; i < m.n; i++) {
    fputs("<li>", pg->out);
    esc(pg->out, m.u.items[i]);
    fputs("</li>", pg->out);
  }
  fputs("</ul></section>\n", pg->out);
}

static void fill(FILE *out, const char *tmpl, const char *name, Value v) {
  const char *b = strstr(tmpl, name);
  if (!b) {
    esc_n(out, tmpl, (int)strlen(tmpl));
    return;
  }
  esc_n(out, tmpl, (int)(b - tmpl));
  esc(out, v);
  esc_n(out, b + strlen(name), (int)strlen(b + strlen(name)));
}

int page_html(const char *decision, size_t n, char **html) {
  *html = NULL;
  Arena a;
  arena_init(&a);
  Page pg = {NULL, v_unknown(), v_unknown()};
  int rc = json_parse_any(&a, decision, n, &pg.d);
  if (rc || pg.d.tag != V_OBJ) {
    arena_free(&a);
    return rc == -2 ? -2 : -1;
  }
  pg.t = obj_get(pg.d, "texts");
  char *buf = NULL;
  size_t nBuf = 0;
  pg.out = open_memstream(&buf, &nBuf);
  if (!pg.out) {
    arena_free(&a);
    return -2;
  }
  Value id = obj_get(pg.d, "case_id"), asOf = obj_get(pg.d, "as_of");
  fprintf(pg.out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\"><title>", text_or(obj_get(pg.t, "lang"), "en"));
  esc(pg.out, id);
  fprintf(pg.out, "</title><style>%s</style></head>\n<body>\n<header><h1>%s: ", css, word(&pg, "Case page"));
  esc(pg.out, id);
  fputs("</h1><p class=\"asof\">", pg.out);
  esc(pg.out, obj_get(pg.t, "as_of").tag == V_TEXT ? obj_get(pg.t, "as_of") : asOf);
  fputs("</p></header>\n", pg.out);
  answers(&pg);
  todo(&pg);
  timeline(&pg);
  risk(&pg);
  closure(&pg);
  fputs("<footer><p>", pg.out);
  fill(pg.out, word(&pg, "Language: {language}."), "{language}", obj_get(pg.t, "language"));
  Value drafts = obj_get(pg.t, "drafts");
  if (drafts.tag == V_INT && drafts.u.i > 0) {
    fputc(' ', pg.out);
    fill(pg.out, word(&pg, "{n} of the texts shown are draft translations awaiting review by the ministry."), "{n}",
         drafts);
  }
  fputs("</p><p>", pg.out);
  const char *pr = word(&pg, "Printed from rregull {version}; the decision of {as_of}.");
  const char *b = strstr(pr, "{version}");
  if (b) {
    esc_n(pg.out, pr, (int)(b - pr));
    fputs(RREGULL_VERSION, pg.out);
    fill(pg.out, b + 9, "{as_of}", asOf);
  }
  fputs("</p></footer>\n</body></html>\n", pg.out);
  int bad = fclose(pg.out) != 0 || !buf;
  arena_free(&a);
  if (bad) {
    free(buf);
    return -2;
  }
  *html = buf;
  return 0;
}
