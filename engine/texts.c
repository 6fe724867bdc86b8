/*
** texts.c - the texts of a decision in a language (texts.h), added to the
** decision JSON under "texts" (its IDs and codes stay as they are):
**
**   "texts": {
**     "lang": "sq", "language": "shqip", "as_of": "as of 04.03.2025 at 12:00",
**     "drafts": 12, "untranslated": 0,
**     "answers": ["risk: high", ...],           the header, one line each
**     "closure": "Closure: not yet; missing: ...",
**     "todo": [{"rule_id", "what", "who", "when", "status", "due_at", "source"}],
**     "rules": {"ID": {"title", "evidence"}},   every rule that holds
**     "factors": [{"rule_id", "title", "level"}],
**     "closure_missing": ["...", ...],
**     "ui": {"To do now": "Për t'u bërë tani", ...}    the case page's words
**   }
*/
#include "texts.h"
#include "render.h"
#include "todo.h"

#include <stdio.h>
#include <string.h>

typedef struct Obuild {
  Arena *a;
  const char **keys;
  Value *vals;
  int n, cap;
} Obuild;

static void put(Obuild *o, const char *k, Value v) {
  if (o->n == o->cap) {
    int cap = o->cap ? o->cap * 2 : 8;
    const char **keys = arena_alloc(o->a, (size_t)cap * sizeof *keys);
    Value *vals = arena_alloc(o->a, (size_t)cap * sizeof *vals);
    if (!keys || !vals) return;
    if (o->n) {
      memcpy(keys, o->keys, (size_t)o->n * sizeof *keys);
      memcpy(vals, o->vals, (size_t)o->n * sizeof *vals);
    }
    o->keys = keys;
    o->vals = vals;
    o->cap = cap;
  }
  o->keys[o->n] = k;
  o->vals[o->n++] = v;
}

static Value done(Obuild *o) { return obj_new(o->a, o->n, o->keys, o->vals); }

static Value list_of(Arena *a, Value *items, int n) {
  Value *v = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *v);
  if (!v) return v_list(NULL, 0);
  if (n) memcpy(v, items, (size_t)n * sizeof *v);
  return v_list(v, n);
}

static const char *label_of(Eval *e, Value v) {
  const Program *p = e->p;
  const char *z = value_text(e, v);
  if (v.tag == V_BOOL) return lang_ui_count(e->lang, v.u.i ? "yes" : "no", 0);
  if (v.tag == V_NULL || !v_known(v)) return lang_ui_count(e->lang, "none", 0);
  if (v.tag == V_TEXT) {                  /* a table's text, as the decision gives it */
    const char *t = lang_row_text(e->lang, z);
    return t ? t : z;
  }
  if (v.tag != V_ENUM || v.aux >= p->nEnum) return z;
  const char *zCtxt = arena_printf(e->render, "enum|%s", p->aEnum[v.aux].zName);
  return zCtxt ? lang_label(e, zCtxt, z) : z;
}

/* The title of the rule called ZID in the language, or ZID. */
static const char *title_by_id(Eval *e, const char *zId) {
  const Program *p = e->p;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->iCanon != i || !r->zId || strcmp(r->zId, zId) != 0) continue;
    int v = eval_version(e, i);
    const char *z = r->dynamic ? eval_rule_title(e, i) : lang_rule_text(e, v >= 0 ? v : i, LF_TITLE, p->aRule[v >= 0 ? v : i].zTitle);
    return z ? z : zId;
  }
  return zId;
}

/* The titles of a list of rule IDs (or of objects' KEY), "a; b; c", at most 6. */
static const char *titles(Eval *e, Value list, const char *zKey) {
  size_t cap = 16, n = 0;
  const char *az[6];
  int k = 0;
  for (int i = 0; list.tag == V_LIST && i < list.n && k < 6; i++) {
    Value x = zKey ? obj_get(list.u.items[i], zKey) : list.u.items[i];
    if (x.tag != V_TEXT) continue;
    az[k] = title_by_id(e, x.u.s);
    cap += strlen(az[k++]) + 2;
  }
  char *out = arena_alloc(e->render, cap);
  if (!out) return "";
  out[0] = 0;
  for (int i = 0; i < k; i++) n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "; " : "", az[i]);
  return out;
}

int texts_summary(Eval *e, Value report, const char **lines, int max) {
  Arena *a = e->render;
  Lang *l = e->lang;
  const Program *p = e->p;
  int n = 0;
  Value cl = obj_get(report, "child_labour_found");
  if (cl.tag == V_BOOL && n < max) {
    Value basis = obj_get(report, "child_labour_basis");
    const char *names[] = {"answer", "reasons"}, *values[] = {lang_ui_count(l, cl.u.i ? "yes" : "no", 0), titles(e, basis, NULL)};
    lines[n++] = lang_fill(a, lang_ui_count(l, cl.u.i && basis.tag == V_LIST && basis.n ? "Child labour: yes, because {reasons}"
                                                                                      : "Child labour: {answer}", 0),
                           2, names, values);
  }
  Value risk = obj_get(report, "risk"), level = obj_get(risk, "level");
  if ((level.tag == V_TEXT || level.tag == V_ENUM) && n < max) {
    Value df = obj_get(risk, "deciding_factors");
    char *zCtxt = NULL;
    if (level.tag == V_ENUM) {
      if (level.aux < p->nEnum) zCtxt = arena_printf(a, "enum|%s", p->aEnum[level.aux].zName);
      level = v_str(value_text(e, level));
    }
    /* the level is a value of the factors' type */
    const Type *ft = p->nKindRule[RK_FACTOR] ? p->aRule[p->aKindRule[RK_FACTOR][0]].type : NULL;
    for (int i = 0; ft && i < p->nEnum && !zCtxt; i++)   /* a level rendered as text */
      if (p->aEnum[i].type == ft) zCtxt = arena_printf(a, "enum|%s", p->aEnum[i].zName);
    const char *names[] = {"level", "factors"};
    const char *values[] = {zCtxt ? lang_label(e, zCtxt, level.u.s) : level.u.s, titles(e, df, "rule_id")};
    lines[n++] = lang_fill(a, lang_ui_count(l, df.tag == V_LIST && df.n ? "Risk: {level}; deciding factors: {factors}"
                                                                       : "Risk: {level}", 0), 2, names, values);
  }
  if ((p->nKindRule[RK_PRECONDITION] || p->nKindRule[RK_REASON]) && n < max) {
    Value missing[64];
    int nm = 0;
    for (int k = 0; k < p->nKindRule[RK_PRECONDITION] && nm < 64; k++) {
      int i = p->aKindRule[RK_PRECONDITION][k];
      if (e->fired[i]) missing[nm++] = v_str(p->aRule[i].zId);
    }
    const char *names[] = {"missing"}, *values[] = {titles(e, v_list(missing, nm), NULL)};
    lines[n++] = nm ? lang_fill(a, lang_ui_count(l, "Closure: not yet; missing: {missing}", 0), 1, names, values)
                    : lang_ui_count(l, "Closure: may close", 0);
  }
  return n;
}

static int lang_humane_capable(const Eval *e) { return e->lang && e->lang->po.nEnt; }

static Value answers(Eval *e, Value report) {
  Arena *a = e->render;
  Value items[256];
  const char *lines[4];
  int n = 0;
  if (report.tag != V_OBJ) return list_of(a, items, 0);
  int nl = texts_summary(e, report, lines, 4);
  for (int k = 0; k < nl; k++) items[n++] = v_str(lines[k]);
  if (lang_humane_capable(e)) {           /* the details with their reasons in the language's words */
    e->lang->humane++;
    Value hr = render_report(e, a);
    e->lang->humane--;
    if (hr.tag == V_OBJ) report = hr;
  }
  const Obj *o = report.u.obj;
  for (int i = 0; i < o->n && n < 255; i++) {
    Value v = o->vals[i];
    if (v.tag == V_NULL || !v_known(v)) continue;          /* nothing to say */
    if (i < 2 && (v.tag == V_TEXT || v.tag == V_INSTANT)) continue;   /* the case's id and as_of: the header's */
    if (v_is_scalar(v)) {
      items[n++] = v_str(arena_printf(a, "%s: %s", lang_label(e, "report", o->keys[i]), label_of(e, v)));
    } else if (v.tag == V_OBJ) {
      for (int k = 0; k < v.u.obj->n && n < 255; k++) {
        Value w = v.u.obj->vals[k];
        if (!v_is_scalar(w) || w.tag == V_NULL || !v_known(w)) continue;
        items[n++] = v_str(arena_printf(a, "%s: %s: %s", lang_label(e, "report", o->keys[i]),
                                        lang_label(e, "report", v.u.obj->keys[k]), label_of(e, w)));
      }
    }
  }
  return list_of(a, items, n);
}

static const char *title_of(Eval *e, int i) {
  const Rule *r = &e->p->aRule[i];
  int v = eval_version(e, i);
  if (r->dynamic) return eval_rule_title(e, i);
  const char *z = lang_rule_text(e, v >= 0 ? v : i, LF_TITLE, e->p->aRule[v >= 0 ? v : i].zTitle);
  return z ? z : r->zId;
}

/* The words of the case page, and the statuses. */
static const char *const page_words[] = {
  "Case page", "Answers", "To do now", "Nothing is due: no open duty.", "Deadline timeline", "now", "completed",
  "Risk factors", "level", "What closure still needs", "Nothing: the case may close.", "who: {who}",
  "source: {source}", "Printed from rregull {version}; the decision of {as_of}.", "met", "late", "pending", "overdue",
  "awaiting start event", "due immediately", "Language: {language}.",
  "{n} of the texts shown are draft translations awaiting review by the ministry.", NULL};

Value texts_add(Eval *e, Lang *l, Value report) {
  if (report.tag != V_OBJ || !l) return report;
  Arena *a = e->render;
  Lang *saved = e->lang;
  e->lang = l;
  l->nDraft = l->nMissing = 0;
  const Program *p = e->p;
  Obuild t = {a, NULL, NULL, 0, 0};
  put(&t, "lang", v_str(l->zCode));
  put(&t, "language", v_str(l->zName));
  put(&t, "as_of", v_str(todo_as_of(e, l)));
  put(&t, "answers", answers(e, report));

  /* to do now */
  TodoItem *items;
  l->humane++;
  int nTodo = todo_list(e, l, &items);
  l->humane--;
  Value *todo = arena_alloc(a, (size_t)(nTodo > 0 ? nTodo : 1) * sizeof *todo);
  static const char *const statusKey[] = {"met", "late", "pending", "overdue", "awaiting_start_event", "due_immediately"};
  for (int k = 0; todo && k < nTodo; k++) {
    const TodoItem *it = &items[k];
    Obuild o = {a, NULL, NULL, 0, 0};
    put(&o, "rule_id", v_str(eval_rule_id(e, it->rule)));
    put(&o, "what", v_str(it->zWhat));
    put(&o, "who", v_str(it->zWho));
    put(&o, "when", v_str(it->zWhen));
    put(&o, "status", it->status >= 0 ? v_str(statusKey[it->status]) : v_str("action"));
    put(&o, "due_at", it->hasDue ? v_instant(it->due) : v_null());
    put(&o, "source", v_str(it->zSource));
    todo[k] = done(&o);
  }
  put(&t, "todo", todo ? v_list(todo, nTodo > 0 ? nTodo : 0) : v_list(NULL, 0));

  /* the rules that hold: titles and evidence */
  Obuild rules = {a, NULL, NULL, 0, 0};
  Value factors[256], missing[256];
  int nF = 0, nM = 0;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->kind == RK_LET || r->kind == RK_TABLE || r->kind == RK_CONVENTION) continue;
    if (r->iCanon != i && !r->dynamic) continue;
    if (!e->fired[i] && r->kind != RK_DEADLINE) continue;
    Obuild o = {a, NULL, NULL, 0, 0};
    put(&o, "title", v_str(title_of(e, i)));
    if (e->fired[i]) {
      if (e->lang) e->lang->humane++;      /* the reason in the language's words */
      Value ev = render_evidence(e, i);
      if (e->lang) e->lang->humane--;
      put(&o, "evidence", ev.tag == V_TEXT ? ev : v_null());
    }
    put(&rules, eval_rule_id(e, i), done(&o));
    if (r->kind == RK_FACTOR && e->fired[i] && nF < 256) {
      Obuild f = {a, NULL, NULL, 0, 0};
      put(&f, "rule_id", v_str(eval_rule_id(e, i)));
      put(&f, "title", v_str(title_of(e, i)));
      put(&f, "level", v_known(e->res[i]) ? v_str(value_text(e, e->res[i])) : v_null());
      put(&f, "level_text", v_str(label_of(e, e->res[i])));
      factors[nF++] = done(&f);
    }
    if (r->kind == RK_PRECONDITION && e->fired[i] && nM < 256) missing[nM++] = v_str(title_of(e, i));
  }
  put(&t, "rules", done(&rules));
  put(&t, "factors", list_of(a, factors, nF));
  put(&t, "closure_missing", list_of(a, missing, nM));

  Obuild ui = {a, NULL, NULL, 0, 0};
  for (int k = 0; page_words[k]; k++) put(&ui, page_words[k], v_str(lang_ui(l, page_words[k], 0)));
  put(&t, "ui", done(&ui));
  put(&t, "drafts", v_int(l->nDraft));
  put(&t, "untranslated", v_int(strcmp(l->zCode, "en") == 0 ? 0 : l->nMissing));
  e->lang = saved;

  const Obj *o = report.u.obj;
  Obuild r = {a, NULL, NULL, 0, 0};
  for (int i = 0; i < o->n; i++) put(&r, o->keys[i], o->vals[i]);
  put(&r, "texts", done(&t));
  Value out = done(&r);
  return out.tag == V_OBJ && !a->failed ? out : report;
}
