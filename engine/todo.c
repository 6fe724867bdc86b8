/*
** todo.c - "To do now" (todo.h): the deadlines still open, overdue first
** then by due time, and the actions in force, with due times said in words
** relative to the case's as_of ("overdue by 2 days", "due tomorrow at
** 14:00"), never as ISO durations.
*/
#include "todo.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *todo_duration(Eval *e, Lang *l, int64_t s) {
  Arena *a = e->render;
  if (s < 0) s = -s;
  long days = (long)(s / 86400), hours = (long)(s % 86400 / 3600), mins = (long)(s % 3600 / 60);
  char nb[32];
  const char *names[] = {"n"}, *values[] = {nb};
  const char *parts[2];
  int np = 0;
  if (days) {
    snprintf(nb, sizeof nb, "%ld", days);
    parts[np++] = lang_fill(a, lang_ui(l, "{n} day\001{n} days", days), 1, names, values);
  }
  if (hours && days < 3) {
    snprintf(nb, sizeof nb, "%ld", hours);
    parts[np++] = lang_fill(a, lang_ui(l, "{n} hour\001{n} hours", hours), 1, names, values);
  }
  if (!days && mins && hours < 3 && np < 2) {
    snprintf(nb, sizeof nb, "%ld", mins);
    parts[np++] = lang_fill(a, lang_ui(l, "{n} minute\001{n} minutes", mins), 1, names, values);
  }
  if (!np) return lang_ui(l, "less than a minute", 0);
  return np == 1 ? parts[0] : arena_printf(a, "%s %s", parts[0], parts[1]);
}

/* "14:00", and the date in the language's manner: 30.03.2025 (sq, sr),
** 2025-03-30 (en). */
static void when_parts(Eval *e, Lang *l, RrInstant t, char *date, char *time) {
  RrCivil c = rr_to_local(e->p->zone, t);
  snprintf(time, 8, "%02d:%02d", c.hh, c.mi);
  if (strcmp(l->zCode, "en") == 0) snprintf(date, 16, "%04d-%02d-%02d", c.y, c.m, c.d);
  else snprintf(date, 16, "%02d.%02d.%04d", c.d, c.m, c.y);
}

static const char *when_words(Eval *e, Lang *l, const TodoItem *it) {
  Arena *a = e->render;
  const char *names[] = {"duration", "time", "date"};
  char date[16], time[8];
  if (it->status == DS_DUE_IMMEDIATELY || !it->hasDue) return lang_ui_count(l, "due immediately", 0);
  when_parts(e, l, it->due, date, time);
  if (it->status == DS_OVERDUE) {
    const char *values[] = {todo_duration(e, l, e->asOf - it->due), time, date};
    return lang_fill(a, lang_ui_count(l, "overdue by {duration}", 0), 3, names, values);
  }
  const char *values[] = {NULL, time, date};
  RrDate dd = rr_local_date(e->p->zone, it->due), today = rr_local_date(e->p->zone, e->asOf);
  const char *z = dd == today ? "due today at {time}" : dd == today + 1 ? "due tomorrow at {time}" : "due on {date} at {time}";
  const char *words = lang_fill(a, lang_ui_count(l, z, 0), 3, names, values);
  if (dd > today + 1) {                 /* and how long that leaves */
    values[0] = todo_duration(e, l, it->due - e->asOf);
    const char *in = lang_fill(a, lang_ui_count(l, "due in {duration}", 0), 3, names, values);
    words = arena_printf(a, "%s (%s)", words, in);
  }
  return words;
}

/* "as of 04.03.2025 at 12:00": the instant of evaluation in L's words. */
const char *todo_as_of(Eval *e, Lang *l) {
  const char *names[] = {"date", "time"};
  char date[16], time[8];
  when_parts(e, l, e->asOf, date, time);
  const char *values[] = {date, time};
  return lang_fill(e->render, lang_ui_count(l, "as of {date} at {time}", 0), 2, names, values);
}

const char *todo_sources(Eval *e, int v) {
  const Program *p = e->p;
  const Rule *r = &p->aRule[v];
  size_t cap = 64;
  for (int k = 0; k < r->nCite; k++) cap += strlen(r->azCite[k]) + 2;
  for (int s = 0; s < p->nSource; s++) cap += 2 * strlen(p->aSource[s].zTitle) + 12;  /* a translation may be longer */
  char *out = arena_alloc(e->render, cap);
  if (!out) return "";
  size_t n = 0;
  for (int s = 0; s < p->nSource; s++) {
    const SourceDef *sd = &p->aSource[s];
    size_t nk = strlen(sd->zKey);
    int any = 0;
    for (int k = 0; k < r->nCite; k++) {
      const char *c = r->azCite[k];
      if (strncmp(c, sd->zKey, nk) != 0 || c[nk] != ' ') continue;
      n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? (any ? ", " : "; ") : "", c);
      any = 1;
    }
    if (!any) continue;
    const char *zCtxt = arena_printf(e->render, "source|%s", sd->zKey);
    const char *zTitle = zCtxt ? lang_text(e, zCtxt, sd->zTitle) : sd->zTitle;
    if (strlen(zTitle) > strlen(sd->zTitle) * 2 + 8) zTitle = sd->zTitle;   /* the room counted above */
    n += (size_t)snprintf(out + n, cap - n, " (%s)", zTitle);
  }
  return out;
}

static int order(const void *pa, const void *pb) {
  const TodoItem *a = pa, *b = pb;
  /* overdue, due immediately, pending, actions */
  static const int rank[] = {[DS_OVERDUE] = 0, [DS_DUE_IMMEDIATELY] = 1, [DS_PENDING] = 2};
  int ra = a->status < 0 ? 3 : rank[a->status], rb = b->status < 0 ? 3 : rank[b->status];
  if (ra != rb) return ra - rb;
  if (a->hasDue != b->hasDue) return b->hasDue - a->hasDue;
  if (a->hasDue && a->due != b->due) return a->due < b->due ? -1 : 1;
  return a->inst != b->inst ? a->inst - b->inst : a->rule - b->rule;
}

int todo_list(Eval *e, Lang *l, TodoItem **out) {
  const Program *p = e->p;
  Arena *a = e->render;
  int cap = e->nInst + p->nKindRule[RK_ACTION] + 1, n = 0;
  TodoItem *v = arena_alloc(a, (size_t)cap * sizeof *v);
  if (!v) return -1;
  Lang *saved = e->lang;
  e->lang = l;
  for (int k = 0; k < e->nInst; k++) {
    const DlInst *d = &e->aInst[k];
    if (d->status != DS_OVERDUE && d->status != DS_PENDING && d->status != DS_DUE_IMMEDIATELY) continue;
    TodoItem *it = &v[n++];
    memset(it, 0, sizeof *it);
    it->inst = k;
    it->rule = d->rule;
    it->ver = d->ver;
    it->status = d->status;
    it->hasDue = d->hasDue;
    it->due = d->due;
  }
  if (e->inScope || p->iScope < 0) {
    for (int k = 0; k < p->nKindRule[RK_ACTION]; k++) {
      int i = p->aKindRule[RK_ACTION][k];
      if (!e->fired[i]) continue;
      TodoItem *it = &v[n++];
      memset(it, 0, sizeof *it);
      it->inst = -1;
      it->rule = i;
      int ver = eval_version(e, i);
      it->ver = ver >= 0 ? ver : i;
      it->status = -1;
    }
  }
  qsort(v, (size_t)n, sizeof *v, order);
  for (int k = 0; k < n; k++) {
    TodoItem *it = &v[k];
    const Rule *r = &p->aRule[it->ver];
    const char *zTitle = r->dynamic ? eval_rule_title(e, it->rule) : lang_rule_text(e, it->ver, LF_TITLE, r->zTitle);
    it->zWhat = zTitle ? zTitle : eval_rule_id(e, it->rule);
    if (it->inst >= 0) {
      DeadlineRow d;
      render_deadline(e, it->inst, &d);
      if (d.instance.z) it->zWhat = arena_printf(a, "%s [%.*s]", it->zWhat, d.instance.n, d.instance.z);
      it->zWho = d.zResponsible;
      it->zWhen = when_words(e, l, it);
    }
    it->zSource = r->dynamic ? "" : todo_sources(e, it->ver);
  }
  e->lang = saved;
  *out = v;
  return n;
}
