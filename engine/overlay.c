/*
** overlay.c - municipal overlays, and the guarantee that an overlay only
** makes the national procedure stricter or adds to it (a legal-safety
** property: a municipality may protect a child more, never less).
**
** An overlay is a directory of files loaded after the national rules
** (Program.iFirstOverlayFile).  What it may do, and where that is enforced:
**
**   - declare rules of its own, but no ground for closing a case (reason,
**     discretionary) and no convention; no facts, types, scope, calendar,
**     report or requirement (overlay_placement);
**   - never redefine or remove a national rule (overlay_refuse, called when
**     a rule ID is registered a second time and for 'remove');
**   - widen a national rule whose holding adds obligations (KF_WIDEN):
**     "also when ...", or a new row of a level table, which can only raise
**     the level (amend_widen);
**   - tighten a national deadline's 'within' limit: the new limit must be
**     shown no longer than the national one, in any unit it is written in
**     (amend_tighten, then overlay_verify_tightened with dur_not_longer);
**   - add holidays (municipality holiday ...) and Lua hooks, whose additions
**     go into slots of the constructs a hook may add to (overlay_declare,
**     overlay_add_hook_slots).
**
** Every amendment cites the municipal decision it rests on, and is listed
** in the decision (Program.aAmend) with what it changed.
*/
#include "checkint.h"

#include <stdio.h>
#include <string.h>

#include "rrlimits.h"

/* {==== what an overlay may declare =================================== */

/* Which declarations belong where: an overlay adds rules and amends national
** ones; it declares no facts, types, scope, calendar or report, and no rule
** that would make closing a case easier. */
void overlay_placement(Checker *c, Decl *d) {
  const char *what = NULL;
  if (in_overlay(c, d->iFile)) {
    switch (d->kind) {
      case D_FACTS: what = "facts: they are declared nationally, for every municipality"; break;
      case D_ENUM: case D_RECORD: what = "types: they are declared nationally"; break;
      case D_SCOPE: what = "a scope: the national scope applies"; break;
      case D_CALENDAR: what = "a calendar: it adds days with 'municipality holiday DATE \"name\" STATUS'"; break;
      case D_REPORT: what = "a report: the decision has the national shape"; break;
      case D_RULESET: case D_SELECTOR: what = "this: it belongs to the national rule set"; break;
      case D_REQUIRE: what = "a requirement on facts: facts are declared nationally"; break;
      case D_RULE:
        if (kind_has(d->rkind, KF_CLOSING))
          what = "a ground for closing a case: that would make closing easier than the national procedure";
        else if (kind_has(d->rkind, KF_NATIONAL))   /* the conventions of time and reading */
          what = "a convention: the conventions of time and reading are national";
        break;
      default: break;
    }
    if (what) ERRT(d->iFile, d->kw, "an overlay cannot declare %s", what);
  } else {
    switch (d->kind) {
      case D_OVERLAY: case D_TIGHTEN: case D_WIDEN: case D_REMOVE: case D_HOLIDAY: case D_HOOK:
        ERRT(d->iFile, d->kw, "'%.*s' belongs in a municipal overlay (a directory whose files declare "
             "'overlay NAME \"title\" amends ...'), not in the national rules",
             (int)d->kw.len, c->d->aFile[d->iFile].zText + d->kw.off);
        break;
      default: break;
    }
  }
}

/* An overlay's own declarations, in phase 1: the overlay itself (once),
** its municipality's holidays (for the calendar) and its hooks. */
void overlay_declare(Checker *c, Decl *d) {
  Program *p = c->p;
  if (!in_overlay(c, d->iFile)) return;
  switch (d->kind) {
    case D_OVERLAY:
      if (c->overlayDecl) {
        ERRT(d->iFile, d->kw, "an overlay is declared once");
        diag_note(c->d, c->overlayDecl->iFile, c->overlayDecl->kw.off, c->overlayDecl->kw.len, "it is declared here");
        break;
      }
      c->overlayDecl = d;
      p->zOverlay = tok_str(c, d->iFile, d->name);
      p->zOverlayTitle = string_tok(c, d->iFile, d->title);
      p->zAmends = tok_str(c, d->iFile, d->aux);
      p->zMunicipality = string_tok(c, d->iFile, d->aux2);
      for (Clause *cl = d->clauses; cl; cl = cl->next) {
        if (cl->kind == CL_CITES || cl->kind == CL_NOTE) continue;
        ERRT(d->iFile, cl->kw, "an overlay declaration takes 'cites' and 'note' only");
      }
      break;
    case D_HOLIDAY:
      c->aOvHoliday[c->nOvHoliday++] = d;
      break;
    case D_HOOK: {
      HookDef *h = &p->aHook[p->nHook++];
      h->zName = tok_str(c, d->iFile, d->name);
      h->zPath = string_tok(c, d->iFile, d->aux);
      h->iFile = d->iFile;
      h->off = d->name.off;
      h->len = d->name.len;
      for (int k = 0; k < p->nHook - 1; k++) {
        if (strcmp(p->aHook[k].zName, h->zName) == 0) ERRT(d->iFile, d->name, "hook '%s' is already declared", h->zName);
      }
      for (Clause *cl = d->clauses; cl; cl = cl->next) ERRT(d->iFile, cl->kw, "a hook takes no clauses");
      break;
    }
    default:
      break;
  }
}

/* An overlay's files declare the overlay, and it amends the rule set it is
** loaded over. */
void overlay_check_base(Checker *c) {
  Program *p = c->p;
  const Decl *o = c->overlayDecl;
  if (p->iFirstOverlayFile < 0) return;
  if (!o) {
    diag_error(c->d, p->iFirstOverlayFile, 0, 0, "the overlay's files declare no overlay: add "
               "'overlay NAME \"title\" amends %s for \"MUNICIPALITY\"'", p->zRuleset ? p->zRuleset : "RULESET");
  } else if (!p->zRuleset || strcmp(p->zAmends, p->zRuleset) != 0) {
    ERRT(o->iFile, o->aux, "overlay %s amends '%s', but the national rule set is '%s'",
         p->zOverlay, p->zAmends, p->zRuleset ? p->zRuleset : "(unnamed: declare 'ruleset NAME \"title\"')");
  }
}

/* "ID (SOURCE l.N, ...)": a national rule named with its citations. */
static const char *rule_with_cites(Checker *c, const Rule *r) {
  char buf[400];
  size_t n = (size_t)snprintf(buf, sizeof buf, "%s (", r->zId);
  for (int k = 0; k < r->nCite && n < sizeof buf - 40; k++)
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k ? ", " : "", r->azCite[k]);
  snprintf(buf + n, sizeof buf - n, ")");
  return arena_strndup(c->a, buf, strlen(buf));
}

/* An overlay that would redefine or remove national rule RULE: what it may
** do instead. */
void overlay_refuse(Checker *c, Decl *d, int rule, const char *verb) {
  const Rule *r = &c->p->aRule[rule];
  const char *instead =
      r->kind == RK_HAZARD || r->kind == RK_WFCL
        ? "that could narrow a hazard; it may widen it (widen ID when ...) or add a hazard of its own"
      : r->kind == RK_FACTOR || r->kind == RK_ASSISTANCE
        ? "that could lower a level; it may add a factor (the highest level wins) or widen a row "
          "(widen ID high when ...)"
      : r->kind == RK_DEADLINE
        ? "that could lengthen it; it may shorten it (tighten ID within ...)"
      : r->kind == RK_ACTION || r->kind == RK_ADVISORY || r->kind == RK_REFERRAL
        ? "that could drop the action; it may widen it (widen ID when ...) or add an action of its own"
      : "the national procedure is the floor; an overlay may only add to it or make it stricter";
  ERRT(d->iFile, d->name, "%s is a national rule: an overlay cannot %s it (%s)", rule_with_cites(c, r), verb,
       instead);
}

/* }==== */

/* {==== amendments: widen, tighten ==================================== */

static Node *new_node(Checker *c, int op, const Node *at) {
  Node *n = xalloc(c, sizeof *n);
  n->op = (uint16_t)op;
  n->iFile = at->iFile;
  n->off = at->off;
  n->len = at->len;
  n->slot = -1;
  n->depth = 1;
  return n;
}

/* Adds the amendment's citations (the municipal decision) to rule R. */
static void add_cites(Checker *c, Decl *d, Rule *r) {
  int n = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next)
    if (cl->kind == CL_CITES) for (Cite *ct = cl->cites; ct; ct = ct->next) n++;
  if (!n) {
    ERRT(d->iFile, d->kw, "an amendment needs the municipal decision it rests on (add 'cites SOURCE \"...\"')");
    return;
  }
  const char **az = xalloc(c, (size_t)(r->nCite + n) * sizeof *az);
  Cite **ap = xalloc(c, (size_t)(r->nCite + n) * sizeof *ap);
  if (r->nCite) {
    memcpy(az, r->azCite, (size_t)r->nCite * sizeof *az);
    memcpy(ap, r->apCite, (size_t)r->nCite * sizeof *ap);
  }
  int k = r->nCite;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (strmap_get(&c->sources, key) < 0)
        ERRT(d->iFile, ct->src, "unknown source '%s' (declare it with: source %s \"title\")", key, key);
      ap[k] = ct;
      az[k++] = ct->zText;
    }
  }
  r->azCite = az;
  r->apCite = ap;
  r->nCite = k;
}

/* Lists what an overlay changed in national RULE, for the decision. */
static void record_amendment(Checker *c, int rule, int kind, const char *zText) {
  Amendment *a = &c->p->aAmend[c->p->nAmend++];
  a->rule = rule;
  a->kind = kind;
  a->zText = zText;
}

/* tighten ID within DURATION: a national deadline, shorter.  The durations
** are compared once they are checked (overlay_verify_tightened). */
static void amend_tighten(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  Node *dur = NULL;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN) dur = cl->expr;
    else if (cl->kind != CL_CITES && cl->kind != CL_NOTE)
      ERRT(d->iFile, cl->kw, "tighten takes 'within DURATION' and 'cites', nothing else");
  }
  if (r->kind != RK_DEADLINE) {
    ERRT(d->iFile, d->name, "%s is a %s, not a deadline: only deadlines are tightened",
         rule_with_cites(c, r), kind_name(r->kind));
    return;
  }
  if (!dur) {
    ERRT(d->iFile, d->kw, "tighten needs the shorter limit: 'tighten %s within DURATION'", r->zId);
    return;
  }
  if (!r->dlWithin && !r->dlBound) {
    ERRT(d->iFile, d->name, "%s counts its due date another way ('due' or 'governed by'): only a "
         "'within' limit can be tightened", rule_with_cites(c, r));
    return;
  }
  for (int v = i; v >= 0; v = p->aRule[v].iNext) {
    Rule *rv = &p->aRule[v];
    if (c->nTight == c->capTight) {
      c->capTight = c->capTight ? 2 * c->capTight : 16;
      Tightened *na = xalloc(c, (size_t)c->capTight * sizeof *na);
      if (c->nTight) memcpy(na, c->aTight, (size_t)c->nTight * sizeof *na);
      c->aTight = na;
    }
    Tightened x = {v, rv->dlWithin ? rv->dlWithin : rv->dlBound, dur, d, NULL};
    for (int t = 0; t < c->nTight; t++) {            /* tightened before: compare with the national limit */
      if (c->aTight[t].rule == v) {
        x.was = c->aTight[t].was;
        x.zNational = c->aTight[t].zNational;
        break;
      }
    }
    if (!x.zNational) x.zNational = rule_with_cites(c, r);
    c->aTight[c->nTight++] = x;
    if (rv->dlWithin) rv->dlWithin = dur;
    else rv->dlBound = dur;
    rv->amended = 1;
  }
  add_cites(c, d, r);
}

/* widen ID when COND [reading "..."]: the rule also holds when COND does;
** widen ID LEVEL when COND: a level or category table gains a row, ordered
** among the rows of its level by check_rows (a row can only raise what the
** table gives: the first row that holds decides, from the highest down). */
static int amend_widen(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  if (!kind_has(r->kind, KF_WIDEN)) {      /* only rules whose holding adds obligations */
    const char *why =
        kind_has(r->kind, KF_CLOSING)
          ? "it is a ground for closing a case: widening it would make closing easier"
        : r->kind == RK_DEADLINE ? "a deadline is made stricter with 'tighten'"
        : r->kind == RK_INTERPRETATION || r->kind == RK_DEFINITION || r->kind == RK_LET
          ? "which way is more protective depends on the rules that read it: widen the rule that "
            "carries the obligation"
        : "only rules that add obligations (hazards, actions, factors, preconditions, findings) can be widened";
    ERRT(d->iFile, d->name, "cannot widen %s: %s", rule_with_cites(c, r), why);
    return 0;
  }
  int isTable = kind_has(r->kind, KF_ROWS), nRow = 0, nWhen = 0;
  const char *zReading = NULL;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_ROW) nRow++;
    else if (cl->kind == CL_WHEN) nWhen++;
    else if (cl->kind == CL_READING) zReading = string_tok(c, d->iFile, cl->text);
    else if (cl->kind != CL_CITES && cl->kind != CL_NOTE)
      ERRT(d->iFile, cl->kw, "widen takes 'when', rows, 'reading' and 'cites', nothing else");
  }
  if (isTable && (nWhen || !nRow)) {
    ERRT(d->iFile, d->kw, "%s is a %s: widen one of its rows ('widen %s LEVEL when ...')", r->zId,
         kind_name(r->kind), r->zId);
    return 0;
  }
  if (!isTable && (nRow || nWhen != 1)) {
    ERRT(d->iFile, d->kw, "widen needs one condition: 'widen %s when ...'", r->zId);
    return 0;
  }
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_ROW && !cl->expr) {
      ERRT(d->iFile, cl->kw, "a widening row needs a condition: 'otherwise' would replace the national rows");
      return 0;
    }
  }
  for (int v = i; v >= 0; v = p->aRule[v].iNext) {
    Rule *rv = &p->aRule[v];
    rv->amended = 1;
    if (zReading) {
      rv->zReading = arena_printf(c->a, "overlay %s: %s", p->zOverlay ? p->zOverlay : "?", zReading);
      rv->isInterpretation = 1;
    }
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_WHEN) {
        if (!rv->when) continue;                     /* it holds always already */
        Node *o = new_node(c, N_OR, cl->expr);
        o->a = rv->when;
        o->b = cl->expr;
        o->depth = (uint16_t)((o->a->depth > o->b->depth ? o->a->depth : o->b->depth) + 1);
        if (o->depth > RR_MAX_DEPTH) {
          ERRT(d->iFile, d->kw, "%s is widened too many times: its condition would be more than %d "
               "levels deep", r->zId, RR_MAX_DEPTH);
          return 0;
        }
        rv->when = o;
      } else if (cl->kind == CL_ROW) {
        Node **conds = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *conds);
        Node **vals = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *vals);
        conds[0] = cl->expr;
        vals[0] = declare_row_value(c, d->iFile, cl->text);
        memcpy(conds + 1, rv->aCaseCond, (size_t)rv->nCase * sizeof *conds);
        memcpy(vals + 1, rv->aCaseNode, (size_t)rv->nCase * sizeof *vals);
        rv->aCaseCond = conds;
        rv->aCaseNode = vals;
        rv->aCaseValue = xalloc(c, (size_t)(rv->nCase + 1) * sizeof *rv->aCaseValue);
        rv->nCase++;
      }
    }
  }
  add_cites(c, d, r);
  return 1;
}

/* Orders the rows of table R, widened by an overlay, once their values are
** known (check_rows calls it): a stable sort from the highest level down,
** so the overlay's rows (put first by amend_widen) join the rows of their
** level, ahead of them; the first row that holds still decides, from the
** highest level down, and an added row can only raise what the table
** gives.  'otherwise' stays last. */
void overlay_merge_rows(Rule *r) {
  for (int k = 1; k < r->nCase; k++) {
    Node *cond = r->aCaseCond[k], *node = r->aCaseNode[k];
    Value val = r->aCaseValue[k];
    int j = k;
    while (j > 0 && cond && r->aCaseCond[j - 1] && r->aCaseValue[j - 1].u.i < val.u.i) {
      r->aCaseCond[j] = r->aCaseCond[j - 1];
      r->aCaseNode[j] = r->aCaseNode[j - 1];
      r->aCaseValue[j] = r->aCaseValue[j - 1];
      j--;
    }
    r->aCaseCond[j] = cond;
    r->aCaseNode[j] = node;
    r->aCaseValue[j] = val;
  }
}

/* The text of an amendment for the decision: "also when COND". */
static const char *widen_text(Checker *c, Decl *d) {
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_WHEN && cl->kind != CL_ROW) continue;
    /* the condition as written: from after 'when' to the end of its line */
    const char *zSrc = c->d->aFile[d->iFile].zText;
    uint32_t start = cl->kw.off + cl->kw.len, end = start;
    while (zSrc[start] == ' ') start++;
    end = start;
    while (zSrc[end] && zSrc[end] != '\n') end++;
    while (end > start && (zSrc[end - 1] == ' ' || zSrc[end - 1] == '\r')) end--;
    if (cl->kind == CL_ROW)
      return arena_printf(c->a, "widened: also %.*s when %.*s", (int)cl->text.len, zSrc + cl->text.off,
                          (int)(end - start), zSrc + start);
    return arena_printf(c->a, "widened: also when %.*s", (int)(end - start), zSrc + start);
  }
  return "widened";
}

/* Phase 1c: the amendments of the overlay's files applied to the national
** rules they name ('remove' is refused). */
void overlay_apply(Checker *c, Decl *decls) {
  Program *p = c->p;
  for (Decl *d = decls; d; d = d->next) {
    if ((d->kind != D_TIGHTEN && d->kind != D_WIDEN && d->kind != D_REMOVE) || !in_overlay(c, d->iFile)) continue;
    const char *z = tok_str(c, d->iFile, d->name);
    int i = strmap_get(&c->rules, z);
    if (i < 0) {
      const char *sug = declare_suggest_rule(c, z);
      if (sug) ERRT(d->iFile, d->name, "unknown rule '%s' (did you mean '%s'?)", z, sug);
      else ERRT(d->iFile, d->name, "unknown rule '%s'", z);
      continue;
    }
    if (p->aRule[i].fromOverlay) {
      ERRT(d->iFile, d->name, "%s is the overlay's own rule: %s", z,
           d->kind == D_REMOVE ? "delete its declaration" : "change it where it is declared");
      continue;
    }
    if (d->kind == D_REMOVE) overlay_refuse(c, d, i, "remove");
    else if (d->kind == D_TIGHTEN) amend_tighten(c, d, i);
    else if (amend_widen(c, d, i)) record_amendment(c, i, D_WIDEN, widen_text(c, d));
  }
}

/* }==== */

/* {==== tightened limits are not longer ================================ */

/* A tightened deadline may not be longer than the national one.  Units are
** compared only where the answer is certain: 1 not longer, 0 longer, -1
** cannot tell. */
static int dur_not_longer(Value now, Value was) {
  if (now.aux == was.aux) return now.u.i <= was.u.i;
  double lo[2], hi[2];
  int cls[2];
  Value v[2] = {now, was};
  for (int k = 0; k < 2; k++) {
    double n = (double)v[k].u.i;
    switch (v[k].aux) {
      case DU_MINUTES: lo[k] = hi[k] = n / 60; cls[k] = 0; break;
      case DU_HOURS: lo[k] = hi[k] = n; cls[k] = 0; break;
      case DU_DAYS: lo[k] = n * 23; hi[k] = n * 25; cls[k] = 1; break;      /* across a clock change */
      case DU_WEEKS: lo[k] = n * 168 - 1; hi[k] = n * 168 + 1; cls[k] = 1; break;
      case DU_MONTHS: lo[k] = n * 28 * 24 - 1; hi[k] = n * 31 * 24 + 1; cls[k] = 2; break;
      case DU_YEARS: lo[k] = n * 365 * 24 - 1; hi[k] = n * 366 * 24 + 1; cls[k] = 2; break;
      default: lo[k] = n * 24; hi[k] = -1; cls[k] = 3; break;               /* working days */
    }
  }
  if (cls[0] == 1 && cls[1] == 1) {                 /* days and weeks: exact in days */
    long long a = now.aux == DU_WEEKS ? now.u.i * 7 : now.u.i, b = was.aux == DU_WEEKS ? was.u.i * 7 : was.u.i;
    return a <= b;
  }
  if (cls[0] == 3) return -1;           /* working days against calendar time: uncertain */
  if (cls[1] == 3) return hi[0] <= lo[1] ? 1 : -1;
  if (hi[0] <= lo[1]) return 1;
  if (lo[0] > hi[1]) return 0;
  return -1;
}

/* Each tightened deadline's new limit against the national one, once both
** durations are checked; a tightening that holds is recorded for the
** decision. */
void overlay_verify_tightened(Checker *c) {
  Program *p = c->p;
  for (int t = 0; t < c->nTight; t++) {
    Tightened *x = &c->aTight[t];
    if (x->now->op == N_DUR && x->now->k.tag != V_DUR) chk(c, x->now, NULL);   /* tightened again: not checked */
    if (x->now->op != N_DUR || x->now->k.tag != V_DUR) {
      if (t == 0 || c->aTight[t - 1].now != x->now) ERR(x->now, "tighten needs a constant duration (e.g. 5 days)");
      continue;
    }
    if (x->was->op == N_DUR && x->was->k.tag != V_DUR) chk(c, x->was, NULL);   /* replaced: not checked */
    if (x->was->op != N_DUR || x->was->k.tag != V_DUR) continue;
    const Rule *r = &p->aRule[x->rule];
    char was[64], now[64];
    snprintf(was, sizeof was, "%lld %s", (long long)x->was->k.u.i, durunit_name(x->was->k.aux));
    snprintf(now, sizeof now, "%lld %s", (long long)x->now->k.u.i, durunit_name(x->now->k.aux));
    int ok = dur_not_longer(x->now->k, x->was->k);
    if (ok == 0) {
      ERR(x->now, "%s gives %s: an overlay may shorten it, not lengthen it to %s", x->zNational, was, now);
    } else if (ok < 0) {
      ERR(x->now, "cannot tell whether %s is shorter than %s (%s): write the limit in the national rule's unit",
          now, was, x->zNational);
    } else if (x->rule == r->iCanon) {
      record_amendment(c, x->rule, D_TIGHTEN, arena_printf(c->a, "tightened: within %s instead of %s", now, was));
    }
  }
}

/* }==== */

/* {==== hook slots ==================================================== */

/* Hook slots: rules of the constructs a hook may add to, filled per case by
** the evaluator (their IDs, titles and values come from the hook).  ORDER:
** the slots' rule indices follow this order, and with them the order of
** the decision's list of what the overlay added. */
static const int hook_kinds[4] = {RK_HAZARD, RK_ACTION, RK_FACTOR, RK_REFERRAL};

/* Adds the slots of every hook: HOOK_SLOTS rules of each construct in
** hook_kinds, ID "hook#action1" ..., filled per case. */
void overlay_add_hook_slots(Checker *c) {
  Program *p = c->p;
  for (int h = 0; h < p->nHook; h++) {
    for (int k = 0; k < 4; k++) {
      for (int s = 0; s < HOOK_SLOTS; s++) {
        int i = p->nRule++;
        Rule *r = &p->aRule[i];
        memset(r, 0, sizeof *r);
        r->kind = hook_kinds[k];
        r->zId = arena_printf(c->a, "%s#%s%d", p->aHook[h].zName, kind_name(r->kind), s + 1);
        r->zTitle = "";
        r->azCite = xalloc(c, sizeof *r->azCite);
        r->apCite = xalloc(c, sizeof *r->apCite);
        r->iCanon = i;
        r->iNext = -1;
        r->iBoundRule = -1;
        r->effFrom = INT32_MIN;
        r->effUntil = INT32_MAX;
        r->iFile = p->aHook[h].iFile;
        r->off = p->aHook[h].off;
        r->len = p->aHook[h].len;
        r->dynamic = 1;
        r->fromOverlay = 1;
      }
    }
  }
}

/* }==== */
