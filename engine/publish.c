/*
** publish.c - the consolidated hazard list as in force on a date
** (rr_rules_publish, `rregull publish`): every hazard and worst form of the
** loaded rule set in the version in force that day, with its title, period,
** legal sources and what it reads -- the tables (rows in full), the lets
** whose value is fixed (hours, heights), the interpretations -- in Markdown
** or as one self-contained HTML page.  With a second date, each entry is
** marked added, changed or removed between the two.  Built from the same
** Program the engine evaluates: no second copy of the law, and no rule named
** here.
*/
#include "api.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "render.h"

/* {==== text ============================================================= */

typedef struct Text {
  char *z;
  size_t n, cap;
  int oom;
} Text;

static void t_add(Text *t, const char *z, size_t n) {
  if (t->oom) return;
  if (t->n + n + 1 > t->cap) {
    size_t cap = t->cap * 2 + n + 1024;
    char *z2 = realloc(t->z, cap);
    if (!z2) { t->oom = 1; return; }
    t->z = z2;
    t->cap = cap;
  }
  memcpy(t->z + t->n, z, n);
  t->n += n;
  t->z[t->n] = 0;
}
static void t_str(Text *t, const char *z) { t_add(t, z, strlen(z)); }

/* Z as the format wants it: HTML escaped, or Markdown with '|' escaped in
** table cells. */
static void t_esc(Text *t, const char *z, int html, int cell) {
  for (; *z; z++) {
    if (html && *z == '<') t_str(t, "&lt;");
    else if (html && *z == '>') t_str(t, "&gt;");
    else if (html && *z == '&') t_str(t, "&amp;");
    else if (html && *z == '"') t_str(t, "&quot;");
    else if (!html && cell && *z == '|') t_str(t, "\\|");
    else t_add(t, z, 1);
  }
}

static void date_text(RrDate d, char *buf) {
  if (d == INT32_MIN || d == INT32_MAX) buf[0] = 0;
  else rr_format_date(d, buf);
}

/* }==== */

/* {==== one entry ======================================================== */

typedef struct Pub {
  const Program *p;
  int html;
  Eval ev;                /* lets evaluated with no facts, at the date */
  Arena arena;
  uint8_t *seen;          /* per rule: already shown in this entry */
  uint8_t *cited;         /* per source: cited by an entry shown */
  Value *facts;           /* every fact unknown */
} Pub;

/* The version of canonical rule C in force on day D, or -1. */
static int version_on(const Program *p, int c, RrDate d) {
  for (int v = c; v >= 0; v = p->aRule[v].iNext)
    if (p->aRule[v].effFrom <= d && d < p->aRule[v].effUntil) return v;
  return -1;
}

static void mark_cited(Pub *u, const Rule *r) {
  for (int i = 0; i < r->nCite; i++) {
    const char *z = r->azCite[i];
    size_t n = strcspn(z, " ");
    for (int s = 0; s < u->p->nSource; s++)
      if (strlen(u->p->aSource[s].zKey) == n && strncmp(u->p->aSource[s].zKey, z, n) == 0) u->cited[s] = 1;
  }
}

static void cites(Pub *u, Text *t, const Rule *r) {
  for (int i = 0; i < r->nCite; i++) {
    if (i) t_str(t, ", ");
    t_esc(t, r->azCite[i], u->html, 0);
  }
  mark_cited(u, r);
}

static void item_begin(Pub *u, Text *t, int depth) {
  if (u->html) t_str(t, depth ? "<li class=\"sub\">" : "<li>");
  else for (int i = 0; i < depth; i++) t_str(t, "  ");
  if (!u->html) t_str(t, "- ");
}
static void item_end(Pub *u, Text *t) { t_str(t, u->html ? "</li>\n" : "\n"); }

static void period(Pub *u, Text *t, const Rule *r, int depth) {
  char from[16], until[16];
  date_text(r->effFrom, from);
  date_text(r->effUntil == INT32_MAX ? INT32_MAX : r->effUntil - 1, until);
  item_begin(u, t, depth);
  t_str(t, "In force ");
  if (from[0]) { t_str(t, "from "); t_str(t, from); }
  else t_str(t, "from the start");
  if (until[0]) { t_str(t, " to "); t_str(t, until); t_str(t, " (last day)"); }
  item_end(u, t);
}

static void table_rows(Pub *u, Text *t, const Rule *r) {
  const Program *p = u->p;
  if (u->html) t_str(t, "<table><tr>");
  else t_str(t, "\n\n    |");
  for (int k = 0; k < r->nKey; k++) {
    const Type *ty = r->aKeyType[k];
    const char *zHead = ty && ty->k == T_ENUM && ty->id >= 0 && ty->id < p->nEnum ? p->aEnum[ty->id].zName : "key";
    t_str(t, u->html ? "<th>" : " ");
    t_esc(t, zHead, u->html, 1);
    t_str(t, u->html ? "</th>" : " |");
  }
  t_str(t, u->html ? "<th>value</th></tr>\n" : " value |\n    |");
  if (!u->html) {
    for (int k = 0; k <= r->nKey; k++) t_str(t, "---|");
    t_str(t, "\n");
  }
  for (int row = 0; row < r->nRow; row++) {
    t_str(t, u->html ? "<tr>" : "    |");
    for (int k = 0; k <= r->nKey; k++) {
      Value v = k < r->nKey ? r->aRowKey[row * r->nKey + k] : r->aRowValue[row]->k;
      t_str(t, u->html ? "<td>" : " ");
      t_esc(t, value_text(&u->ev, v), u->html, 1);
      t_str(t, u->html ? "</td>" : " |");
    }
    t_str(t, u->html ? "</tr>\n" : "\n");
  }
  t_str(t, u->html ? "</table>" : "");
}

/* Whether N is fixed by the law: it reads no fact, no rule, calls nothing. */
static int fixed(const Node *n, int depth) {
  if (!n) return 1;
  if (depth > 64 || n->op == N_FACT || n->op == N_RULEREF || n->op == N_CALL) return 0;
  if (!fixed(n->a, depth + 1) || !fixed(n->b, depth + 1) || !fixed(n->c, depth + 1) || !fixed(n->d, depth + 1))
    return 0;
  for (int i = 0; i < n->nArg; i++)
    if (!fixed(n->args[i], depth + 1)) return 0;
  return 1;
}

/* What rule R reads, shown under it: tables, lets of a fixed value,
** interpretations; through lets, at most DEPTH levels down. */
static void reads(Pub *u, Text *t, const Rule *r, RrDate d, int depth) {
  const Program *p = u->p;
  if (depth > 4) return;
  for (int i = 0; i < r->nDep; i++) {
    int c = r->aDep[i];
    if (c < 0 || c >= p->nRule || u->seen[c]) continue;
    u->seen[c] = 1;
    int v = version_on(p, c, d);
    if (v < 0) continue;
    const Rule *q = &p->aRule[v];
    if (q->kind == RK_TABLE) {
      item_begin(u, t, 1);
      t_str(t, u->html ? "<b>" : "**");
      t_esc(t, q->zId, u->html, 0);
      t_str(t, u->html ? "</b>: " : "**: ");
      t_esc(t, q->zTitle ? q->zTitle : "", u->html, 0);
      if (q->nCite) { t_str(t, " (source: "); cites(u, t, q); t_str(t, ")"); }
      table_rows(u, t, q);
      item_end(u, t);
    } else if (q->kind == RK_INTERPRETATION) {
      item_begin(u, t, 1);
      t_str(t, "Reading ");
      t_esc(t, q->zId, u->html, 0);
      t_str(t, ": ");
      t_esc(t, q->zTitle ? q->zTitle : "", u->html, 0);
      if (q->nCite) { t_str(t, " (source: "); cites(u, t, q); t_str(t, ")"); }
      item_end(u, t);
    } else if (q->kind == RK_LET) {
      if (q->value && fixed(q->value, 0)) {
        Value val = eval_expr(&u->ev, q->value);
        if (v_known(val) && val.tag != V_NULL && val.tag != V_RULE && val.tag != V_RULES) {
          item_begin(u, t, 1);
          t_esc(t, q->zId, u->html, 0);
          t_str(t, ": ");
          t_esc(t, value_text(&u->ev, val), u->html, 0);
          item_end(u, t);
        }
      }
      reads(u, t, q, d, depth + 1);
    }
  }
}

/* Entry V (a version) as in force on D, without its heading. */
static void entry_body(Pub *u, Text *t, int v, RrDate d) {
  const Rule *r = &u->p->aRule[v];
  memset(u->seen, 0, (size_t)u->p->nRule);
  t_str(t, u->html ? "<ul>\n" : "");
  period(u, t, r, 0);
  if (r->nCite) {
    item_begin(u, t, 0);
    t_str(t, "Legal source: ");
    cites(u, t, r);
    item_end(u, t);
  }
  if (r->zNote) {
    item_begin(u, t, 0);
    t_str(t, "Note: ");
    t_esc(t, r->zNote, u->html, 0);
    item_end(u, t);
  }
  reads(u, t, r, d, 0);
  if (u->html) t_str(t, "</ul>\n");
}

/* }==== */

/* {==== the document ===================================================== */

static const char *const zCss =
  "body{font-family:Georgia,'Times New Roman',serif;max-width:48em;margin:2em auto;padding:0 1em;"
  "color:#111;line-height:1.4}\n"
  "h1{font-size:1.6em;border-bottom:2px solid #333}h2{font-size:1.3em;margin-top:1.6em;"
  "border-bottom:1px solid #999}h3{font-size:1.05em;margin-bottom:.2em}\n"
  "table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #777;padding:.15em .6em;"
  "text-align:left}\n"
  ".mark{font-size:.8em;padding:0 .4em;border:1px solid #333;border-radius:3px;margin-left:.5em}\n"
  ".added{background:#e6f4e6}.changed{background:#fff4d6}.removed{background:#f6e0e0;"
  "text-decoration:line-through}\n"
  "li.sub{margin-left:1.5em;list-style:circle}.was{margin-left:1.5em;color:#444;border-left:3px solid #ccc;padding-left:.8em}\n"
  "@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}h3{page-break-after:avoid}"
  "li{page-break-inside:avoid}}\n";

static void heading(Pub *u, Text *t, int level, const Rule *r, const char *zMark, const char *zSince) {
  if (u->html) {
    char h[32];
    snprintf(h, sizeof h, "<h%d%s%s%s>", level, zMark ? " class=\"" : "", zMark ? zMark : "", zMark ? "\"" : "");
    t_str(t, h);
  } else {
    for (int i = 0; i < level; i++) t_str(t, "#");
    t_str(t, " ");
  }
  t_esc(t, r->zId, u->html, 0);
  t_str(t, " \xe2\x80\x94 ");   /* an em dash */
  t_esc(t, r->zTitle ? r->zTitle : "", u->html, 0);
  if (zMark) {
    t_str(t, u->html ? "<span class=\"mark\">" : " *(");
    t_str(t, zMark);
    t_str(t, " since ");
    t_str(t, zSince);
    t_str(t, u->html ? "</span>" : ")*");
  }
  if (u->html) {
    char h[16];
    snprintf(h, sizeof h, "</h%d>\n", level);
    t_str(t, h);
  } else {
    t_str(t, "\n\n");
  }
}

/* The entries of construct KIND: on D, and with SINCE (>= 0: D0 is a
** date), their changes since D0.  U1 evaluates at D, U0 at D0. */
static void section(Pub *u1, Pub *u0, Text *t, int kind, const char *zTitle, RrDate d, RrDate d0, int since,
                    const char *zSince, int *counts) {
  const Program *p = u1->p;
  int n = 0;
  for (int i = 0; i < p->nKindRule[kind]; i++) {
    int c = p->aKindRule[kind][i];
    if (version_on(p, c, d) >= 0 || (since && version_on(p, c, d0) >= 0)) n++;
  }
  if (!n) return;
  if (u1->html) { t_str(t, "<h2>"); t_esc(t, zTitle, 1, 0); t_str(t, "</h2>\n"); }
  else { t_str(t, "## "); t_str(t, zTitle); t_str(t, "\n\n"); }
  for (int i = 0; i < p->nKindRule[kind]; i++) {
    int c = p->aKindRule[kind][i];
    int v1 = version_on(p, c, d), v0 = since ? version_on(p, c, d0) : -1;
    if (v1 < 0 && v0 < 0) continue;
    const char *zMark = NULL;
    if (since) {
      if (v1 >= 0 && v0 < 0) zMark = "added", counts[0]++;
      else if (v1 < 0) zMark = "removed", counts[2]++;
      else {
        /* the same version, or one that reads the same (Markdown compared) */
        Text a = {0}, b = {0};
        int h1 = u1->html, h0 = u0->html;
        u1->html = u0->html = 0;
        entry_body(u1, &a, v1, d);
        entry_body(u0, &b, v0, d0);
        u1->html = h1, u0->html = h0;
        if (v1 != v0 || !a.z || !b.z || strcmp(a.z, b.z) != 0) zMark = "changed", counts[1]++;
        free(a.z);
        free(b.z);
      }
    }
    if (v1 >= 0) {
      heading(u1, t, 3, &p->aRule[v1], zMark, zSince);
      entry_body(u1, t, v1, d);
      if (zMark && strcmp(zMark, "changed") == 0) {
        /* what it was */
        t_str(t, u0->html ? "<div class=\"was\"><p><b>As in force on " : "\n**As in force on ");
        t_str(t, zSince);
        t_str(t, u0->html ? ":</b> " : ":** ");
        t_esc(t, p->aRule[v0].zTitle ? p->aRule[v0].zTitle : "", u0->html, 0);
        t_str(t, u0->html ? "</p>\n" : "\n\n");
        entry_body(u0, t, v0, d0);
        if (u0->html) t_str(t, "</div>\n");
      }
    } else {
      heading(u0, t, 3, &p->aRule[v0], zMark, zSince);
      entry_body(u0, t, v0, d0);
    }
    t_str(t, "\n");
  }
}

static int pub_init(Pub *u, const rr_rules *r, RrDate d, int html) {
  memset(u, 0, sizeof *u);
  u->p = &r->b.national.prog;
  u->html = html;
  arena_init(&u->arena);
  if (eval_init(&u->ev, u->p)) return -1;
  u->seen = calloc((size_t)u->p->nRule + 1, 1);
  u->cited = calloc((size_t)u->p->nSource + 1, 1);
  u->facts = calloc((size_t)u->p->nSlot + 1, sizeof *u->facts);
  if (!u->seen || !u->cited || !u->facts) return -1;
  /* noon UTC of the day: the lets and tables as they stand that day */
  u->ev.render = &u->arena;
  eval_case(&u->ev, u->facts, (RrInstant)d * 86400 + 43200);
  return 0;
}

static void pub_free(Pub *u) {
  u->ev.render = NULL;
  eval_free(&u->ev);
  arena_free(&u->arena);
  free(u->seen);
  free(u->cited);
  free(u->facts);
}

int rr_rules_publish(const rr_rules *r, const char *date, const char *since, int format, char **out) {
  *out = NULL;
  if (!r || !r->ok || !date || (format != RR_PUBLISH_MARKDOWN && format != RR_PUBLISH_HTML)) return RR_EMISUSE;
  long ld, l0 = 0;
  if (rr_date_parse(date, &ld) != RR_OK || (since && rr_date_parse(since, &l0) != RR_OK)) return RR_EMISUSE;
  RrDate d = (RrDate)ld, d0 = (RrDate)l0;
  int html = format == RR_PUBLISH_HTML;
  Pub u1, u0;
  int bad = pub_init(&u1, r, d, html);
  bad |= pub_init(&u0, r, since ? d0 : d, html);
  Text t = {0};
  if (!bad) {
    const Program *p = u1.p;
    char zTitle[160];
    snprintf(zTitle, sizeof zTitle, "Hazardous child labour: the list in force on %s", date);
    if (html) {
      t_str(&t, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
      t_esc(&t, zTitle, 1, 0);
      t_str(&t, "</title>\n<style>\n");
      t_str(&t, zCss);
      t_str(&t, "</style>\n</head>\n<body>\n<h1>");
      t_esc(&t, zTitle, 1, 0);
      t_str(&t, "</h1>\n<p>");
    } else {
      t_str(&t, "# ");
      t_str(&t, zTitle);
      t_str(&t, "\n\n");
    }
    if (p->zRuleset) {
      t_str(&t, "Rule set ");
      t_esc(&t, p->zRuleset, html, 0);
      if (p->zRulesetTitle) { t_str(&t, ": "); t_esc(&t, p->zRulesetTitle, html, 0); }
      t_str(&t, ".  ");
    }
    t_str(&t, "Every entry is in the version in force on ");
    t_str(&t, date);
    t_str(&t, ", with its legal source; it is generated from the rules the engine evaluates.");
    Text body = {0};
    int counts[3] = {0, 0, 0};
    section(&u1, &u0, &body, RK_HAZARD, "Hazardous work", d, d0, since != NULL, since, counts);
    section(&u1, &u0, &body, RK_WFCL, "Worst forms of child labour", d, d0, since != NULL, since, counts);
    if (since) {
      char z[200];
      snprintf(z, sizeof z, "  Changes since %s: %d added, %d changed, %d removed.", since, counts[0], counts[1],
               counts[2]);
      t_str(&t, z);
    }
    t_str(&t, html ? "</p>\n" : "\n\n");
    if (body.z) t_str(&t, body.z);
    t.oom |= body.oom;
    free(body.z);
    /* the sources cited */
    int any = 0;
    for (int s = 0; s < p->nSource; s++) any |= u1.cited[s] | u0.cited[s];
    if (any) {
      t_str(&t, html ? "<h2>Sources</h2>\n<ul>\n" : "## Sources\n\n");
      for (int s = 0; s < p->nSource; s++) {
        if (!u1.cited[s] && !u0.cited[s]) continue;
        t_str(&t, html ? "<li><b>" : "- **");
        t_esc(&t, p->aSource[s].zKey, html, 0);
        t_str(&t, html ? "</b>: " : "**: ");
        t_esc(&t, p->aSource[s].zTitle ? p->aSource[s].zTitle : "", html, 0);
        t_str(&t, html ? "</li>\n" : "\n");
      }
      t_str(&t, html ? "</ul>\n" : "");
    }
    if (html) t_str(&t, "</body>\n</html>\n");
  }
  pub_free(&u1);
  pub_free(&u0);
  if (bad || t.oom || !t.z) {
    free(t.z);
    return RR_ENOMEM;
  }
  *out = t.z;
  return RR_OK;
}

/* }==== */
