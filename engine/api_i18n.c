/*
** api_i18n.c - the library's language API (rregull.h): the PO template of a
** rule set, the language an evaluation state explains in, the translation
** warnings of `check`.
*/
#include "api.h"
#include "explain.h"
#include "i18n.h"
#include "lang.h"
#include "page.h"
#include "pot.h"
#include "report.h"
#include "texts.h"
#include "todo.h"

#include <stdlib.h>
#include <string.h>

int rr_rules_pot(const rr_rules *r, char **pot) {
  if (!r || !pot) return RR_EMISUSE;
  *pot = NULL;
  if (!r->ok) return RR_EPOLICY;
  Arena a;
  arena_init(&a);
  *pot = pot_write(&r->b.national, &a);
  arena_free(&a);
  return *pot ? RR_OK : RR_ENOMEM;
}

int rr_eval_set_quote(rr_eval *e, const char *dir) {
  if (!e) return RR_EMISUSE;
  char *z = dir ? strdup(dir) : NULL;
  if (dir && !z) return api_error(e->err, RR_ENOMEM, "out of memory");
  free(e->zQuoteDir);
  e->zQuoteDir = z;
  return RR_OK;
}

void api_lang_free(rr_eval *e) {
  free(e->zQuoteDir);
  e->zQuoteDir = NULL;
  if (!e->lang) return;
  lang_close(e->lang);
  free(e->lang);
  e->lang = NULL;
}

int rr_eval_set_lang(rr_eval *e, const char *lang) {
  if (!e) return RR_EMISUSE;
  if (!lang || !*lang) {
    api_lang_free(e);
    return RR_OK;
  }
  if (e->lang && strcmp(e->lang->zCode, lang) == 0) return RR_OK;
  Lang *l = calloc(1, sizeof *l);
  if (!l) return api_error(e->err, RR_ENOMEM, "out of memory");
  if (lang_open(l, &e->r->b, lang, e->err, sizeof e->err)) {
    lang_close(l);
    free(l);
    return RR_EMISUSE;
  }
  api_lang_free(e);
  e->lang = l;
  return RR_OK;
}

Value api_texts(rr_eval *e, Value report) {
  Arena *saved = e->cur->render;
  e->cur->render = &e->render;
  Value v = texts_add(e->cur, e->lang, report);
  e->cur->render = saved;
  return v;
}

int rr_eval_explain_last(rr_eval *e, char **text) {
  if (!e || !text) return RR_EMISUSE;
  *text = NULL;
  if (!e->cur) return api_error(e->err, RR_EMISUSE, "no case has been evaluated");
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return api_error(e->err, RR_ENOMEM, "out of memory while explaining the decision");
  arena_reset(&e->render);
  e->cur->lang = e->lang;
  int bad = explain_case_quoting(e->cur, &e->render, f, e->zQuoteDir);
  e->cur->lang = NULL;
  if (fclose(f) != 0 || bad || !buf) {
    free(buf);
    return api_error(e->err, RR_ENOMEM, "out of memory while explaining the decision");
  }
  *text = buf;
  return RR_OK;
}

int rr_eval_todo_summary(rr_eval *e, rr_todo_summary *out) {
  if (!e || !out) return RR_EMISUSE;
  memset(out, 0, sizeof *out);
  out->nearestDue = out->nearestDueWords = out->firstWhat = "";
  if (!e->cur) return api_error(e->err, RR_EMISUSE, "no case has been evaluated");
  Lang en, *l = e->lang;
  char err[64];
  if (!l) {
    if (lang_open(&en, NULL, "en", err, sizeof err)) return RR_ENOMEM;
    l = &en;
  }
  arena_reset(&e->render);
  Arena *saved = e->cur->render;
  e->cur->render = &e->render;
  TodoItem *items;
  int n = todo_list(e->cur, l, &items), rc = RR_OK;
  if (n < 0) rc = api_error(e->err, RR_ENOMEM, "out of memory");
  for (int k = 0; k < n; k++) {
    const TodoItem *it = &items[k];
    if (it->inst >= 0) out->open++;
    if (it->status == DS_OVERDUE) out->overdue++;
    if (k == 0) out->firstWhat = it->zWhat;
    if (it->inst >= 0 && it->hasDue && !*out->nearestDue) {
      char *buf = arena_alloc(&e->render, 40);
      if (buf) {
        rr_format_instant(e->cur->p->zone, it->due, buf);
        out->nearestDue = buf;
      }
      out->nearestDueWords = it->zWhen ? it->zWhen : "";
    }
  }
  e->cur->render = saved;
  if (l == &en) {                         /* its words live in its arena: copy them out */
    out->firstWhat = arena_strndup(&e->render, out->firstWhat, strlen(out->firstWhat));
    out->nearestDueWords = arena_strndup(&e->render, out->nearestDueWords, strlen(out->nearestDueWords));
    if (!out->firstWhat || !out->nearestDueWords) out->firstWhat = out->nearestDueWords = "";
    lang_close(&en);
  }
  return rc;
}

const char *rr_eval_lang(const rr_eval *e) { return e && e->lang ? e->lang->zCode : "en"; }

const char *rr_eval_word(rr_eval *e, const char *english) {
  if (!e || !english) return english;
  return e->lang ? lang_ui(e->lang, english, 0) : english;
}

const char *rr_eval_value_label(rr_eval *e, const char *value) {
  if (!e || !value || !e->lang || !e->lang->po.nEnt) return value;
  const PoCatalog *po = &e->lang->po;
  for (int i = 0; i < po->nEnt; i++) {
    const PoEntry *pe = &po->aEnt[i];
    if (pe->zMsgstr[0] && strncmp(pe->zCtxt, "enum|", 5) == 0 && strcmp(pe->zMsgid, value) == 0)
      return lang_label_of(e->lang, pe);
  }
  return value;
}

/* {==== check: texts without a translation, or with a stale one ========= */

typedef struct Gaps {
  const RuleSet *rs;
  const PoCatalog *po;
  const char *zLang;
  FILE *out;
  int nMissing, nStale, nShown;
} Gaps;

static int line_of(const SrcFile *f, uint32_t off, int *col) {
  int line = 1;
  uint32_t bol = 0;
  for (uint32_t i = 0; i < off && i < f->nText; i++)
    if (f->zText[i] == '\n') line++, bol = i + 1;
  *col = (int)(off - bol) + 1;
  return line;
}

static void gap(void *ud, const char *zCtxt, const char *zMsgid, int iFile, uint32_t off) {
  Gaps *g = ud;
  if (strncmp(zCtxt, "enum|", 5) == 0 || strncmp(zCtxt, "field|", 6) == 0 || strcmp(zCtxt, "report") == 0 ||
      strncmp(zCtxt, "source|", 7) == 0)
    return;                               /* labels and document titles: not a rule's text */
  if (po_find(g->po, zCtxt, zMsgid)) return;
  int stale = po_has_ctxt(g->po, zCtxt);
  if (stale) g->nStale++;
  else g->nMissing++;
  if (g->nShown >= 10 || iFile < 0 || iFile >= g->rs->diag.nFile) return;
  g->nShown++;
  int col, line = line_of(&g->rs->diag.aFile[iFile], off, &col);
  fprintf(g->out, "%s:%d:%d: warning: %s: %s (%s)\n", g->rs->diag.aFile[iFile].zName, line, col, zCtxt,
          stale ? "the text changed since it was translated: the translation is stale" : "no translation", g->zLang);
}

/* A heading of the reports without a translation (report_lang.c). */
static void heading_gap(void *ud, const char *zKey, const char *zEnglish) {
  Gaps *g = ud;
  if (po_find(g->po, rep_heading_ctxt, zEnglish)) return;
  g->nMissing++;
  if (g->nShown >= 10) return;
  g->nShown++;
  fprintf(g->out, "stdlib/reports/headings.tsv: warning: %s: %s: no translation (%s)\n", rep_heading_ctxt, zKey, g->zLang);
}

int rr_rules_check_translations(const rr_rules *r, char **warnings, int *nWarnings) {
  if (!r || !warnings) return RR_EMISUSE;
  *warnings = NULL;
  if (nWarnings) *nWarnings = 0;
  if (!r->ok) return RR_EPOLICY;
  char *zDir = lang_po_dir(&r->b);
  char *buf = NULL;
  size_t nBuf = 0;
  FILE *out = open_memstream(&buf, &nBuf);
  if (!out) {
    free(zDir);
    return RR_ENOMEM;
  }
  static const char *const codes[] = {"sq", "sr"};
  for (size_t k = 0; zDir && k < sizeof codes / sizeof codes[0]; k++) {
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/%s.po", zDir, codes[k]);
    FILE *f = fopen(path, "r");
    if (!f) continue;                   /* no such language yet */
    fclose(f);
    PoCatalog po;
    if (po_load(&po, path, err, sizeof err)) {
      fprintf(out, "%s: warning: %s\n", path, err);
      if (nWarnings) (*nWarnings)++;
      po_free(&po);
      continue;
    }
    Gaps g = {&r->b.national, &po, codes[k], out, 0, 0, 0};
    Arena a;
    arena_init(&a);
    i18n_each_text(&r->b.national, &a, gap, &g);
    arena_free(&a);
    if (po_has_ctxt(&po, rep_heading_ctxt)) {   /* a catalog that translates the reports: all of their words */
      rep_each_heading(heading_gap, &g);
      rep_each_note(heading_gap, &g);
    }
    if (g.nMissing + g.nStale > g.nShown)
      fprintf(out, "%s: warning: %d texts of the rules have no translation and %d a stale one (%d shown above)\n",
              path, g.nMissing, g.nStale, g.nShown);
    if (nWarnings) *nWarnings += g.nMissing + g.nStale;
    po_free(&po);
  }
  free(zDir);
  if (fclose(out) != 0 || !buf) return RR_ENOMEM;
  *warnings = buf;
  return RR_OK;
}

/* }==== */

int rr_rules_message(const rr_rules *r, const char *lang, const char *msg, char **out) {
  if (!r || !msg || !out) return RR_EMISUSE;
  *out = NULL;
  Lang l;
  char err[512];
  const char *t = msg;
  Arena a;
  arena_init(&a);
  int open = lang && lang_open(&l, &r->b, lang, err, sizeof err) == 0;
  if (lang && !open) {
    arena_free(&a);
    return RR_EMISUSE;
  }
  if (open) t = lang_message(&l, &a, msg);
  *out = strdup(t);
  if (open) lang_close(&l);
  arena_free(&a);
  return *out ? RR_OK : RR_ENOMEM;
}

int rr_decision_html(const char *decision, size_t n, char **html) {
  if (!decision || !html) return RR_EMISUSE;
  int rc = page_html(decision, n, html);
  return rc == 0 ? RR_OK : rc == -1 ? RR_EFACTS : RR_ENOMEM;
}
