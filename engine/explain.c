/*
** explain.c - a decision in plain text, for the case worker.
**
** The explanation is built from the policy's own words: the scalar answers
** of the report (risk level, eligibility...), then every rule that holds on
** the case, grouped by construct, each with its ID, title, citations, the
** evidence the rule gives, and the facts it read with their values.  For
** closure the preconditions still missing are listed; deadlines waiting for
** their start event are listed as upcoming.  Nothing here knows a rule ID.
*/
#include "explain.h"
#include "render.h"

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
  FILE *out;
  uint8_t *seenRule;      /* per rule: already walked for facts */
  uint8_t *seenFn;
  uint8_t *seenSlot;      /* per fact slot: already listed */
  int *aSlot;             /* facts read, in the order met */
  int nSlot;
} Explain;

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
    fprintf(x->out, "%s %s = ", k ? "," : "    facts:", p->aSlot[s]->zPath);
    if (!v_known(v)) fputs("not recorded", x->out);
    else if (v.tag == V_LIST && v.n > 3) fprintf(x->out, "%d items", v.n);
    else if (v.tag == V_LIST && v.n == 0) fputs("none", x->out);
    else fputs(value_text(x->e, v), x->out);
  }
  if (x->nSlot) fputc('\n', x->out);
}

/* }==== */

/* {==== printing ========================================================= */

static void print_words(FILE *out, const char *z) {
  for (const char *c = z; *c; c++) fputc(*c == '_' ? ' ' : *c, out);
}

static void print_key(FILE *out, const char *prefix, const char *key) {
  if (prefix) {
    print_words(out, prefix);
    fputs(": ", out);
  }
  print_words(out, key);
}

static void print_scalar(Explain *x, Value v) {
  if (v.tag == V_BOOL) fputs(v.u.i ? "yes" : "no", x->out);
  else if (v.tag == V_NULL || !v_known(v)) fputs("none", x->out);
  else fputs(value_text(x->e, v), x->out);
}

/* The report's scalar answers, and those of its objects one level down. */
static void print_answers(Explain *x, Value report) {
  if (report.tag != V_OBJ) return;
  fputs("Decision\n", x->out);
  const Obj *o = report.u.obj;
  for (int i = 0; i < o->n; i++) {
    Value v = o->vals[i];
    if (v_is_scalar(v)) {
      fputs("  ", x->out);
      print_key(x->out, NULL, o->keys[i]);
      fputs(": ", x->out);
      print_scalar(x, v);
      fputc('\n', x->out);
    } else if (v.tag == V_OBJ) {
      for (int k = 0; k < v.u.obj->n; k++) {
        Value w = v.u.obj->vals[k];
        if (!v_is_scalar(w)) continue;
        fputs("  ", x->out);
        print_key(x->out, o->keys[i], v.u.obj->keys[k]);
        fputs(": ", x->out);
        print_scalar(x, w);
        fputc('\n', x->out);
      }
    }
  }
}

static void print_cites(Explain *x, const Rule *r) {
  if (!r->nCite) return;
  fputs("    cites: ", x->out);
  for (int k = 0; k < r->nCite; k++) fprintf(x->out, "%s%s", k ? ", " : "", r->azCite[k]);
  fputc('\n', x->out);
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
  const char *zId = eval_rule_id(e, i), *zTitle = eval_rule_title(e, i);
  if (brief) {                    /* listed in full under its own construct */
    fprintf(x->out, "  %s  %s\n", zId, zTitle ? zTitle : "");
    if (r->zReading) fprintf(x->out, "    reading: %s\n", r->zReading);
    return;
  }
  fprintf(x->out, "  %s", zId);
  Value val = e->res[i];
  if (v_known(val) && val.tag != V_BOOL) fprintf(x->out, " = %s", value_text(e, val));
  fprintf(x->out, "  %s\n", zTitle ? zTitle : "");
  if (r->dynamic) {
    fprintf(x->out, "    added by a hook: %s\n", e->aDyn && e->aDyn[i].zCite ? e->aDyn[i].zCite : "?");
  } else {
    print_cites(x, r);
    print_version(x, i, r);
    if (r->fromOverlay) fprintf(x->out, "    from the municipal overlay %s\n", p->zOverlay);
    else if (r->amended) fprintf(x->out, "    amended by the municipal overlay %s\n", p->zOverlay);
  }
  Value ev = render_evidence(e, i);
  if (ev.tag == V_TEXT && ev.n) fprintf(x->out, "    because: %.*s\n", ev.n, ev.u.s);
  if (r->zReading) fprintf(x->out, "    reading: %s\n", r->zReading);
  rule_facts(x, r - p->aRule);
  print_facts(x);
}

/* A deadline's text, or "unknown" when it has none. */
static void print_text(Explain *x, DlText t) {
  if (t.z) fprintf(x->out, "%.*s", t.n, t.z);
  else fputs("unknown", x->out);
}

/* An instant of a deadline, or "null" when it has none. */
static void print_instant(Explain *x, int has, RrInstant t) {
  char buf[40];
  if (has) rr_format_instant(x->e->p->zone, t, buf);
  fputs(has ? buf : "null", x->out);
}

static void print_deadline(Explain *x, int k, int upcoming) {
  Eval *e = x->e;
  const Rule *r = &e->p->aRule[e->aInst[k].ver];
  DeadlineRow d;
  render_deadline(e, k, &d);
  fprintf(x->out, "  %s", d.zId);
  if (d.instance.z) fprintf(x->out, " [%.*s]", d.instance.n, d.instance.z);
  fprintf(x->out, "  %s\n", r->zTitle ? r->zTitle : "");
  if (upcoming) {
    fputs("    starts when: ", x->out);
    print_text(x, d.startEvent);
    fputs("; then ", x->out);
    print_text(x, d.duration);
    fputc('\n', x->out);
  } else {
    char dur[32];
    fprintf(x->out, "    status: %s", eval_status_name(d.status));
    if (d.status == DS_LATE || d.status == DS_OVERDUE) {
      rr_format_duration(d.lateBy, dur);
      fprintf(x->out, " (%s %s)", d.status == DS_LATE ? "late_by" : "overdue_by", dur);
    }
    if (d.hasElapsed) {
      rr_format_duration(d.elapsed, dur);
      fprintf(x->out, " (elapsed %s)", dur);
    }
    fputs("\n    from: ", x->out);
    print_text(x, d.startEvent);
    fputc(' ', x->out);
    print_instant(x, d.hasStartAt, d.startAt);
    fputs("\n    due: ", x->out);
    if (d.hasDueAt) print_instant(x, 1, d.dueAt);
    else fputs("immediately", x->out);
    fputs(" (", x->out);
    print_text(x, d.duration);
    fputs(")\n", x->out);
    fputs(d.hasCompletedAt ? "    done: " : "    done when: ", x->out);
    print_text(x, d.completedEvent);
    if (d.hasCompletedAt) {
      fputc(' ', x->out);
      print_instant(x, 1, d.completedAt);
    }
    fputc('\n', x->out);
  }
  if (d.zResponsible) fprintf(x->out, "    responsible: %s\n", d.zResponsible);
  print_cites(x, r);
  if (d.note.z) fprintf(x->out, "    note: %.*s\n", d.note.n, d.note.z);
}

static void print_deadlines(Explain *x, int upcoming) {
  Eval *e = x->e;
  int n = 0;
  for (int k = 0; k < e->nInst; k++) n += (e->aInst[k].status == DS_AWAITING) == upcoming;
  if (!n) return;
  if (upcoming) fprintf(x->out, "\nUpcoming: deadlines waiting for their start event (%d)\n", n);
  else fprintf(x->out, "\nDeadlines (%d)\n", n);
  for (int k = 0; k < e->nInst; k++) {
    if ((e->aInst[k].status == DS_AWAITING) == upcoming) print_deadline(x, k, upcoming);
  }
}

/* The municipal overlay that decided the case: what it changes, and what its
** hooks did. */
static void print_overlay(Explain *x) {
  const Program *p = x->e->p;
  if (!p->zOverlay) return;
  fprintf(x->out, "\nMunicipal overlay %s: %s (for %s)\n", p->zOverlay, p->zOverlayTitle, p->zMunicipality);
  for (int k = 0; k < p->nAmend; k++) {
    fprintf(x->out, "  %s  %s%s\n", p->aRule[p->aAmend[k].rule].zId, p->aAmend[k].zText,
            x->e->fired[p->aAmend[k].rule] ? "" : " (does not apply to this case)");
  }
  Value t = x->e->hookTrail;
  for (int k = 0; t.tag == V_LIST && k < t.n; k++) {
    Value h = t.u.items[k];
    Value name = obj_get(h, "hook"), st = obj_get(h, "status"), ins = obj_get(h, "instructions"),
          err = obj_get(h, "error"), file = obj_get(h, "file");
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

int explain_case(Eval *e, Arena *a, FILE *out) {
  Arena *saved = e->render;
  e->render = a;                  /* texts of values, evidence and deadlines live in A */
  Explain x = {e, out, NULL, NULL, NULL, NULL, 0};
  int rc = explain(&x, a);
  e->render = saved;
  return rc;
}

static int explain(Explain *px, Arena *a) {
  Explain x = *px;
  Eval *e = x.e;
  FILE *out = x.out;
  const Program *p = e->p;
  x.seenRule = arena_alloc(a, (size_t)p->nRule + 1);
  x.seenFn = arena_alloc(a, (size_t)p->nFn + 1);
  x.seenSlot = arena_alloc(a, (size_t)p->nSlot + 1);
  x.aSlot = arena_alloc(a, ((size_t)p->nSlot + 1) * sizeof *x.aSlot);
  if (!x.seenRule || !x.seenFn || !x.seenSlot || !x.aSlot) return -1;

  char asOf[40];
  rr_format_instant(p->zone, e->asOf, asOf);
  fprintf(out, "Case %s, as of %s\n\n", e->zCaseId ? e->zCaseId : "(no id)", asOf);
  Value report = render_report(e, a);
  print_answers(&x, report);

  print_overlay(&x);
  if (p->iScope >= 0 && !e->fired[p->iScope]) {
    fputs("\nOut of scope: the rule set's scope does not hold, so no other rule applies\n", out);
    print_rule(&x, p->iScope, 0);
    return e->zErr ? -1 : 0;
  }
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
    fprintf(out, "\n%s (%d)\n", sections[s].zHead, n);
    for (int k = 0; k < nRules; k++) {
      if (e->fired[rules[k]] && worth_listing(p, kind, rules[k]))
        print_rule(&x, rules[k], p->aRule[rules[k]].kind != kind);
    }
  }
  print_deadlines(&x, 1);
  return e->zErr ? -1 : 0;
}
