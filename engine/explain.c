/*
** explain.c - a decision in plain text, for the case worker.
**
** The explanation is built from the policy's own words, in the language the
** caller chose (lang.h; English as written when none): a header with the
** report's scalar answers, one line each, and what closure still needs;
** "To do now", every open duty in the order to act on it (todo.c); then,
** for supervisors and appeals, every rule that holds on the case, grouped
** by construct, each with its ID, title, citations, the evidence the rule
** gives, and the facts it read with their values; deadlines waiting for
** their start event last; a footer naming the language and saying whether
** draft translations were used.  Nothing here knows a rule ID.
*/
#include "explain.h"
#include "lang.h"
#include "render.h"
#include "texts.h"
#include "todo.h"

#include <stdio.h>
#include <string.h>

/* The sections, in the order a case worker reads them.  Conventions and
** tables are background; lets are not rules. */
static const struct { int kind; const char *zHead; } sections[] = {
  {RK_HAZARD, "Hazardous work found"},
  {RK_WFCL, "Worst forms of child labour"},
  {RK_DEFINITION, "Findings on these facts"},
  {RK_ASSISTANCE, "Immediate assistance"},
  {RK_FACTOR, "Risk factors (the level each indicates)"},
  {RK_DEADLINE, "Deadlines"},
  {RK_ACTION, "Next actions"},
  {RK_REFERRAL, "Local referrals (municipal overlay)"},
  {RK_ADVISORY, "Advice (may be considered; not obligations)"},
  {RK_REASON, "Closure: reasons met"},
  {RK_PRECONDITION, "Closure: still missing before the case may close"},
  {RK_DISCRETIONARY, "Closure: grounds that are not sufficient here"},
  {RK_STEP, "Closure: steps when closing"},
  {RK_FINDING, "Compliance findings"},
  {RK_INTERPRETATION, "Interpretations applied (readings an officer may change)"},
};

typedef struct Explain {
  Eval *e;
  Lang *l;
  FILE *out;
  const char *zQuoteDir;  /* --quote: the directory of the cited documents, or NULL */
  uint8_t *seenRule;      /* per rule: already walked for facts */
  uint8_t *seenFn;
  uint8_t *seenSlot;      /* per fact slot: already listed */
  int *aSlot;             /* facts read, in the order met */
  int nSlot;
} Explain;

#define UI(x, z) lang_ui_count((x)->l, (z), 0)

/* {==== the facts a rule reads ========================================== */

static void walk(Explain *x, const Node *n);

static void walk_rule_value(Explain *x, int i) {
  const Rule *r = &x->e->p->aRule[i];
  if (x->seenRule[i]) return;
  x->seenRule[i] = 1;
  walk(x, r->value);
}

static void walk(Explain *x, const Node *n) {
  if (!n) return;
  const Program *p = x->e->p;
  switch (n->op) {
    case N_FACT:
      if (!x->seenSlot[n->slot]) {
        x->seenSlot[n->slot] = 1;
        x->aSlot[x->nSlot++] = n->slot;
      }
      return;
    case N_RULEREF:
      /* a let is part of the rule that reads it; another rule is its own entry */
      if (p->aRule[n->slot].kind == RK_LET) walk_rule_value(x, n->slot);
      return;
    case N_FNCALL:
      if (!x->seenFn[n->slot]) {
        x->seenFn[n->slot] = 1;
        walk(x, p->aFn[n->slot].body);
      }
      break;
    default:
      break;
  }
  walk(x, n->a);
  walk(x, n->b);
  walk(x, n->c);
  walk(x, n->d);
  for (int k = 0; k < n->nArg; k++) walk(x, n->args[k]);
}

/* The facts of rule version V: its condition and value; for a table the
** row that decided (or every row, when none did and 'otherwise' applied). */
static void rule_facts(Explain *x, int v) {
  const Program *p = x->e->p;
  const Rule *r = &p->aRule[v];
  memset(x->seenRule, 0, (size_t)p->nRule);
  memset(x->seenFn, 0, (size_t)(p->nFn ? p->nFn : 1));
  memset(x->seenSlot, 0, (size_t)(p->nSlot ? p->nSlot : 1));
  x->nSlot = 0;
  walk(x, r->when);
  walk(x, r->value);
  int decided = 0;
  for (int k = 0; k < r->nCase && !decided; k++) {
    const Node *cond = r->aCaseCond[k];
    if (cond && v_true(eval_expr(x->e, cond))) {
      walk(x, cond);
      decided = 1;
    }
  }
  for (int k = 0; k < r->nCase && !decided; k++) walk(x, r->aCaseCond[k]);
  walk(x, r->dlFrom);
  walk(x, r->dlDue);
  walk(x, r->dlDone);
  for (int g = 0; g < r->nGen; g++) walk(x, r->aGen[g]->a);
}

/* "work.sector = street_work"; long lists by their length. */
static void print_facts(Explain *x) {
  const Program *p = x->e->p;
  for (int k = 0; k < x->nSlot; k++) {
    int s = x->aSlot[k];
    Value v = x->e->facts[s];
    if (k) fputc(',', x->out);
    else fprintf(x->out, "    %s:", UI(x, "facts"));
    fprintf(x->out, " %s = ", p->aSlot[s]->zPath);
    if (!v_known(v)) fputs(UI(x, "not recorded"), x->out);
    else if (v.tag == V_LIST && v.n > 3) {
      char nb[16];
      snprintf(nb, sizeof nb, "%d", v.n);
      const char *names[] = {"n"}, *values[] = {nb};
      fputs(lang_fill(x->e->render, lang_ui(x->l, "{n} item\001{n} items", v.n), 1, names, values), x->out);
    } else if (v.tag == V_LIST && v.n == 0) fputs(UI(x, "none"), x->out);
    else fputs(value_text(x->e, v), x->out);
  }
  if (x->nSlot) fputc('\n', x->out);
}

/* }==== */

/* {==== printing ========================================================= */

static void print_key(Explain *x, const char *prefix, const char *key) {
  if (prefix) {
    fputs(lang_label(x->e, "report", prefix), x->out);
    fputs(": ", x->out);
  }
  fputs(lang_label(x->e, "report", key), x->out);
}

/* An enum value's label: its type's entry in the PO file. */
static const char *enum_label(Explain *x, Value v) {
  const Program *p = x->e->p;
  if (v.tag != V_ENUM || v.aux >= p->nEnum) return value_text(x->e, v);
  const char *z = p->aEnum[v.aux].azMember[v.u.i];
  const char *zCtxt = arena_printf(x->e->render, "enum|%s", p->aEnum[v.aux].zName);
  return zCtxt ? lang_label(x->e, zCtxt, z) : z;
}

static void print_scalar(Explain *x, Value v) {
  const char *t = v.tag == V_TEXT && lang_humane(x->e) ? lang_row_text(x->l, arena_strndup(x->e->render, v.u.s, (size_t)v.n))
                                                       : NULL;
  if (v.tag == V_BOOL) fputs(UI(x, v.u.i ? "yes" : "no"), x->out);
  else if (v.tag == V_NULL || !v_known(v)) fputs(UI(x, "none"), x->out);
  else if (t) fputs(t, x->out);
  else fputs(enum_label(x, v), x->out);
}

/* The report's scalar answers, and those of its objects one level down. */
static void print_answers(Explain *x, Value report) {
  if (report.tag != V_OBJ) return;
  fprintf(x->out, "%s\n", UI(x, "Decision"));
  const Obj *o = report.u.obj;
  for (int i = 0; i < o->n; i++) {
    Value v = o->vals[i];
    if (v_is_scalar(v)) {
      fputs("  ", x->out);
      print_key(x, NULL, o->keys[i]);
      fputs(": ", x->out);
      print_scalar(x, v);
      fputc('\n', x->out);
    } else if (v.tag == V_OBJ) {
      for (int k = 0; k < v.u.obj->n; k++) {
        Value w = v.u.obj->vals[k];
        if (!v_is_scalar(w)) continue;
        fputs("  ", x->out);
        print_key(x, o->keys[i], v.u.obj->keys[k]);
        fputs(": ", x->out);
        print_scalar(x, w);
        fputc('\n', x->out);
      }
    }
  }
}

/* The cited lines of the document of citation Z ("SOP l.172", "TK l.131-132"),
** at most 3 of them, from the file the source names in the quote directory. */
static void print_quote(Explain *x, const char *z) {
  const Program *p = x->e->p;
  const char *sp = strchr(z, ' ');
  int from = 0, to = 0;
  if (!sp || sscanf(sp, " l.%d-%d", &from, &to) < 1 || from < 1) return;
  if (to < from) to = from;
  if (to > from + 2) to = from + 2;
  for (int s = 0; s < p->nSource; s++) {
    const SourceDef *sd = &p->aSource[s];
    if (!sd->zFile || strlen(sd->zKey) != (size_t)(sp - z) || strncmp(sd->zKey, z, (size_t)(sp - z)) != 0) continue;
    char path[4096], line[2048];
    snprintf(path, sizeof path, "%s/%s", x->zQuoteDir, sd->zFile);
    FILE *f = fopen(path, "r");
    if (!f) return;
    for (int n = 1; n <= to && fgets(line, sizeof line, f); n++) {
      if (n < from) continue;
      size_t len = strlen(line);
      while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
      fprintf(x->out, "      %s %s: \"%s\"\n", UI(x, "quote"), n == from ? z : "", line);
    }
    fclose(f);
    return;
  }
}

static void print_cites(Explain *x, const Rule *r) {
  if (!r->nCite) return;
  fprintf(x->out, "    %s: ", UI(x, "cites"));
  for (int k = 0; k < r->nCite; k++) fprintf(x->out, "%s%s", k ? ", " : "", r->azCite[k]);
  fputc('\n', x->out);
  for (int k = 0; x->zQuoteDir && k < r->nCite; k++) print_quote(x, r->azCite[k]);
}

/* The version that judged the case, for a rule with several versions or
** one a transition kept on another date. */
static void print_version(Explain *x, int i, const Rule *r) {
  Eval *e = x->e;
  const Program *p = e->p;
  int by = e->aLawBy[i];
  if (p->aRule[i].iNext < 0 && (by < 0 || p->aRule[by].kind != RK_TRANSITION)) return;
  char a[32], b[32], c[32];
  rr_format_date(r->effFrom, a);
  rr_format_date(e->aLaw[i], c);
  if (lang_humane(e)) {
    if (r->effUntil != INT32_MAX) rr_format_date(r->effUntil, b);
    const char *names[] = {"from", "until", "date", "by"},
               *values[] = {a, r->effUntil != INT32_MAX ? b : "", c, by >= 0 ? p->aRule[by].zId : UI(x, "the evaluation")};
    fprintf(x->out, "    %s\n",
            lang_ui_fill(x->l, e->render, r->effUntil != INT32_MAX ? "version: in force from {from} until {until}; the law of {date} ({by})"
                                                               : "version: in force from {from}; the law of {date} ({by})",
                         0, 4, names, values));
    return;
  }
  fprintf(x->out, "    version: in force from %s", a);
  if (r->effUntil != INT32_MAX) {
    rr_format_date(r->effUntil, b);
    fprintf(x->out, " until %s", b);
  }
  fprintf(x->out, "; the law of %s (%s)\n", c, by >= 0 ? p->aRule[by].zId : "the evaluation");
}

static void print_rule(Explain *x, int i, int brief) {
  Eval *e = x->e;
  const Program *p = e->p;
  int v = eval_version(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  int iv = (int)(r - p->aRule);
  const char *zId = eval_rule_id(e, i);
  const char *zTitle = r->dynamic ? eval_rule_title(e, i) : lang_rule_text(e, iv, LF_TITLE, r->zTitle);
  const char *zReading = lang_rule_text(e, iv, LF_READING, r->zReading);
  if (brief) {                    /* listed in full under its own construct */
    fprintf(x->out, "  %s  %s\n", zId, zTitle ? zTitle : "");
    if (zReading) fprintf(x->out, "    %s: %s\n", UI(x, "reading"), zReading);
    return;
  }
  fprintf(x->out, "  %s", zId);
  Value val = e->res[i];
  if (v_known(val) && val.tag != V_BOOL) fprintf(x->out, " = %s", enum_label(x, val));
  fprintf(x->out, "  %s\n", zTitle ? zTitle : "");
  if (r->dynamic) {
    const char *names[] = {"source"}, *values[] = {e->aDyn && e->aDyn[i].zCite ? e->aDyn[i].zCite : "?"};
    fprintf(x->out, "    %s\n", lang_fill(e->render, UI(x, "added by a hook: {source}"), 1, names, values));
  } else {
    print_cites(x, r);
    print_version(x, i, r);
    const char *names[] = {"name"}, *values[] = {p->zOverlay};
    if (r->fromOverlay)
      fprintf(x->out, "    %s\n", lang_fill(e->render, UI(x, "from the municipal overlay {name}"), 1, names, values));
    else if (r->amended)
      fprintf(x->out, "    %s\n", lang_fill(e->render, UI(x, "amended by the municipal overlay {name}"), 1, names, values));
  }
  Value ev = render_evidence(e, i);
  if (ev.tag == V_TEXT && ev.n) fprintf(x->out, "    %s: %.*s\n", UI(x, "because"), ev.n, ev.u.s);
  if (zReading) fprintf(x->out, "    %s: %s\n", UI(x, "reading"), zReading);
  rule_facts(x, iv);
  print_facts(x);
}

/* A deadline's text, or "unknown" when it has none. */
static void print_text(Explain *x, DlText t) {
  if (t.z) fprintf(x->out, "%.*s", t.n, t.z);
  else fputs(UI(x, "unknown"), x->out);
}

/* An instant of a deadline, or "null" when it has none (nothing, in a
** language's words). */
static void print_instant(Explain *x, int has, RrInstant t) {
  char buf[40];
  if (!has && lang_humane(x->e)) return;
  if (has) rr_format_instant(x->e->p->zone, t, buf);
  fputc(' ', x->out);
  fputs(has ? buf : "null", x->out);
}

static const char *status_words(Explain *x, int status) {
  static const char *const words[] = {"met", "late", "pending", "overdue", "awaiting start event", "due immediately"};
  return status >= 0 && status <= DS_DUE_IMMEDIATELY ? UI(x, words[status]) : "?";
}

static void print_deadline(Explain *x, int k, int upcoming) {
  Eval *e = x->e;
  const Rule *r = &e->p->aRule[e->aInst[k].ver];
  const char *zTitle = lang_rule_text(e, e->aInst[k].ver, LF_TITLE, r->zTitle);
  DeadlineRow d;
  render_deadline(e, k, &d);
  fprintf(x->out, "  %s", d.zId);
  if (d.instance.z) fprintf(x->out, " [%.*s]", d.instance.n, d.instance.z);
  fprintf(x->out, "  %s\n", zTitle ? zTitle : "");
  if (upcoming) {
    fprintf(x->out, "    %s: ", UI(x, "starts when"));
    print_text(x, d.startEvent);
    fprintf(x->out, "; %s ", UI(x, "then"));
    print_text(x, d.duration);
    fputc('\n', x->out);
  } else {
    fprintf(x->out, "    %s: %s", UI(x, "status"), status_words(x, d.status));
    if (d.status == DS_LATE || d.status == DS_OVERDUE) {
      const char *names[] = {"duration"}, *values[] = {todo_duration(e, x->l, d.lateBy)};
      fprintf(x->out, " (%s)", lang_fill(e->render, UI(x, d.status == DS_LATE ? "late by {duration}" : "overdue by {duration}"),
                                         1, names, values));
    }
    fprintf(x->out, "\n    %s: ", UI(x, "from"));
    print_text(x, d.startEvent);
    print_instant(x, d.hasStartAt, d.startAt);
    fprintf(x->out, "\n    %s:", UI(x, "due"));
    if (d.hasDueAt) print_instant(x, 1, d.dueAt);
    else fprintf(x->out, " %s", UI(x, "immediately"));
    fputs(" (", x->out);
    print_text(x, d.duration);
    fputs(")\n", x->out);
    fprintf(x->out, "    %s: ", UI(x, d.hasCompletedAt ? "done" : "done when"));
    print_text(x, d.completedEvent);
    if (d.hasCompletedAt) print_instant(x, 1, d.completedAt);
    fputc('\n', x->out);
  }
  if (d.zResponsible) fprintf(x->out, "    %s: %s\n", UI(x, "responsible"), d.zResponsible);
  print_cites(x, r);
  if (d.note.z) fprintf(x->out, "    %s: %.*s\n", UI(x, "note"), d.note.n, d.note.z);
}

static void print_deadlines(Explain *x, int upcoming) {
  Eval *e = x->e;
  int n = 0;
  for (int k = 0; k < e->nInst; k++) n += (e->aInst[k].status == DS_AWAITING) == upcoming;
  if (!n) return;
  fprintf(x->out, "\n%s (%d)\n", UI(x, upcoming ? "Upcoming: deadlines waiting for their start event" : "Deadlines"), n);
  for (int k = 0; k < e->nInst; k++) {
    if ((e->aInst[k].status == DS_AWAITING) == upcoming) print_deadline(x, k, upcoming);
  }
}

/* The municipal overlay that decided the case: what it changes, and what its
** hooks did. */
static void print_overlay(Explain *x) {
  const Program *p = x->e->p;
  if (!p->zOverlay) return;
  const char *names[] = {"name", "title", "municipality"}, *values[] = {p->zOverlay, p->zOverlayTitle, p->zMunicipality};
  fprintf(x->out, "\n%s\n", lang_fill(x->e->render, UI(x, "Municipal overlay {name}: {title} (for {municipality})"), 3,
                                       names, values));
  for (int k = 0; k < p->nAmend; k++) {
    int applies = x->e->fired[p->aAmend[k].rule];
    if (lang_humane(x->e)) {
      fprintf(x->out, "  %s  %s%s%s\n", p->aRule[p->aAmend[k].rule].zId, p->aAmend[k].zText, applies ? "" : " ",
              applies ? "" : UI(x, "(does not apply to this case)"));
      continue;
    }
    fprintf(x->out, "  %s  %s%s\n", p->aRule[p->aAmend[k].rule].zId, p->aAmend[k].zText,
            applies ? "" : " (does not apply to this case)");
  }
  Value t = x->e->hookTrail;
  for (int k = 0; t.tag == V_LIST && k < t.n; k++) {
    Value h = t.u.items[k];
    Value name = obj_get(h, "hook"), st = obj_get(h, "status"), ins = obj_get(h, "instructions"),
          err = obj_get(h, "error"), file = obj_get(h, "file");
    if (lang_humane(x->e)) {
      char nb[32];
      snprintf(nb, sizeof nb, "%lld", ins.tag == V_INT ? (long long)ins.u.i : 0LL);
      const char *hn[] = {"name", "file", "status", "n"},
                 *hv[] = {value_text(x->e, name), value_text(x->e, file), value_text(x->e, st), nb};
      fprintf(x->out, "  %s%s%.*s\n",
              lang_ui_fill(x->l, x->e->render, "hook {name} ({file}): {status}, {n} instruction\001hook {name} ({file}): {status}, {n} instructions",
                           ins.tag == V_INT ? (long)ins.u.i : 0, 4, hn, hv),
              err.tag == V_TEXT ? ": " : "", err.tag == V_TEXT ? err.n : 0, err.tag == V_TEXT ? err.u.s : "");
      continue;
    }
    fprintf(x->out, "  hook %s (%s): %s, %lld instructions%s%.*s\n", value_text(x->e, name),
            value_text(x->e, file), value_text(x->e, st), ins.tag == V_INT ? (long long)ins.u.i : 0LL,
            err.tag == V_TEXT ? ": " : "", err.tag == V_TEXT ? err.n : 0, err.tag == V_TEXT ? err.u.s : "");
  }
}

/* A definition is a finding on the case when it has a condition: the
** unconditional ones are the documents' vocabulary, always in force. */
static int worth_listing(const Program *p, int kind, int i) {
  if (kind != RK_DEFINITION) return 1;
  return p->aRule[i].when != NULL;
}

/* }==== */

static int explain(Explain *x, Arena *a);

int explain_case(Eval *e, Arena *a, FILE *out) { return explain_case_quoting(e, a, out, NULL); }

int explain_case_quoting(Eval *e, Arena *a, FILE *out, const char *zQuoteDir) {
  Arena *saved = e->render;
  Lang *savedLang = e->lang, en;
  char err[64];
  int own = !e->lang;
  if (own && lang_open(&en, NULL, "en", err, sizeof err)) return -1;
  e->render = a;                  /* texts of values, evidence and deadlines live in A */
  e->lang = own ? &en : savedLang;
  Explain x = {e, e->lang, out, zQuoteDir, NULL, NULL, NULL, NULL, 0};
  int rc = explain(&x, a);
  e->render = saved;
  e->lang = savedLang;
  if (own) lang_close(&en);
  return rc;
}

/* To do now: every open duty, what, who, when, the source. */
static int print_todo(Explain *x) {
  TodoItem *items;
  int n = todo_list(x->e, x->l, &items);
  if (n < 0) return -1;
  fprintf(x->out, "\n%s (%d)\n", UI(x, "To do now"), n);
  if (!n) fprintf(x->out, "  %s\n", UI(x, "Nothing is due: no open duty."));
  for (int k = 0; k < n; k++) {
    const TodoItem *it = &items[k];
    fprintf(x->out, "  %d. %s\n", k + 1, it->zWhat);
    if (it->zWhen) fprintf(x->out, "     %s\n", it->zWhen);
    const char *names[] = {"who", "source"}, *values[] = {it->zWho, it->zSource};
    if (it->zWho) fprintf(x->out, "     %s\n", lang_fill(x->e->render, UI(x, "who: {who}"), 2, names, values));
    if (it->zSource && *it->zSource)
      fprintf(x->out, "     %s\n", lang_fill(x->e->render, UI(x, "source: {source}"), 2, names, values));
    fprintf(x->out, "     (%s)\n", eval_rule_id(x->e, it->rule));
  }
  return 0;
}

static void print_footer(Explain *x, int asked) {
  if (!asked) return;
  Lang *l = x->l;
  int nDraft = l->nDraft, nMissing = l->nMissing;
  char nb[16];
  snprintf(nb, sizeof nb, "%d", nDraft);
  const char *names[] = {"language", "n"}, *values[] = {l->zName, nb};
  fprintf(x->out, "\n-- %s", lang_fill(x->e->render, lang_ui(l, "Language: {language}.", 0), 2, names, values));
  if (nDraft)
    fprintf(x->out, " %s", lang_fill(x->e->render, lang_ui(l, "{n} of the texts shown are draft translations awaiting review "
                                                              "by the ministry.", nDraft), 2, names, values));
  if (nMissing && strcmp(l->zCode, "en") != 0)
    fprintf(x->out, " %s", lang_ui(l, "Some texts have no translation yet and are shown in English.", 0));
  fputc('\n', x->out);
}

static int explain(Explain *px, Arena *a) {
  Explain x = *px;
  Eval *e = x.e;
  FILE *out = x.out;
  const Program *p = e->p;
  int asked = x.l && x.l->book != NULL;       /* a language the caller chose */
  x.seenRule = arena_alloc(a, (size_t)p->nRule + 1);
  x.seenFn = arena_alloc(a, (size_t)p->nFn + 1);
  x.seenSlot = arena_alloc(a, (size_t)p->nSlot + 1);
  x.aSlot = arena_alloc(a, ((size_t)p->nSlot + 1) * sizeof *x.aSlot);
  if (!x.seenRule || !x.seenFn || !x.seenSlot || !x.aSlot) return -1;
  x.l->nDraft = x.l->nMissing = 0;

  char asOf[40];
  rr_format_instant(p->zone, e->asOf, asOf);
  {
    const char *names[] = {"case", "as_of"}, *values[] = {e->zCaseId ? e->zCaseId : x.l->po.nEnt ? UI(&x, "(no id)") : "(no id)", asOf};
    fprintf(out, "%s\n\n", lang_fill(a, UI(&x, "Case {case}, as of {as_of}"), 2, names, values));
  }
  Value report = render_report(e, a);
  {                               /* the answers, one line each, then the decision's details */
    const char *lines[4];
    int nl = texts_summary(e, report, lines, 4);
    for (int k = 0; k < nl; k++) fprintf(out, "%s\n", lines[k]);
    if (nl) fputc('\n', out);
  }
  x.l->humane++;                  /* from here on, values and reasons in the language's words */
  print_answers(&x, lang_humane(e) ? render_report(e, a) : report);

  if (p->iScope >= 0 && !e->fired[p->iScope]) {
    print_overlay(&x);
    fprintf(out, "\n%s\n", UI(&x, "Out of scope: the rule set's scope does not hold, so no other rule applies"));
    print_rule(&x, p->iScope, 0);
    print_footer(&x, asked);
    x.l->humane--;
    return e->zErr ? -1 : 0;
  }
  if (print_todo(&x)) {
    x.l->humane--;
    return -1;
  }
  fprintf(out, "\n== %s ==\n", UI(&x, "For supervisors and appeals: every rule that holds"));
  print_overlay(&x);
  for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
    int kind = sections[s].kind;
    if (kind == RK_DEADLINE) {
      print_deadlines(&x, 0);
      continue;
    }
    const int *rules = kind == RK_INTERPRETATION ? p->aInterp : p->aKindRule[kind];
    int nRules = kind == RK_INTERPRETATION ? p->nInterp : p->nKindRule[kind], n = 0;
    for (int k = 0; k < nRules; k++) n += e->fired[rules[k]] && worth_listing(p, kind, rules[k]);
    if (!n) continue;
    fprintf(out, "\n%s (%d)\n", UI(&x, sections[s].zHead), n);
    for (int k = 0; k < nRules; k++) {
      if (e->fired[rules[k]] && worth_listing(p, kind, rules[k]))
        print_rule(&x, rules[k], p->aRule[rules[k]].kind != kind);
    }
  }
  print_deadlines(&x, 1);
  print_footer(&x, asked);
  x.l->humane--;
  return e->zErr ? -1 : 0;
}
