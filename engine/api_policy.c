/*
** api_policy.c - the public library (rregull.h) for working on policy
** rather than on cases: loading with options (the policy's tests, one
** overlay over the national rules), the counts of a rule set, running the
** tests written in the policy language, plain-text explanations, traces,
** and the working calendar.  The command line uses these (check, test,
** explain, calendar); so can a server.  No function here writes anywhere
** but to the memory it returns or to a stream the caller gives.
*/
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "explain.h"

/* {==== rule sets ========================================================= */

/* Fills R's book from one rule set loaded in B->national. */
static int finish_single(rr_rules *r, int nErr) {
  Book *b = &r->b;
  b->nErr = nErr;
  b->nWarn = b->national.diag.nWarn;
  b->oom = b->national.diag.oom;
  const char *z = b->oom ? "rregull: error: out of memory while loading the rules\n" : diag_text(&b->national.diag);
  if (b->oom && !b->nErr) b->nErr = 1;
  b->zErrors = strdup(z ? z : "");
  if (!b->zErrors) b->oom = 1;
  r->ok = b->nErr == 0 && !b->oom;
  return r->ok ? RR_OK : b->oom ? RR_ENOMEM : RR_EPOLICY;
}

int rr_rules_load_with(rr_rules **out, const char *const *paths, int nPaths, const rr_load_options *opt) {
  if (!opt || (!opt->tests && !opt->overlay)) return rr_rules_load(out, paths, nPaths);
  rr_rules *r = calloc(1, sizeof *r);
  *out = r;
  if (!r) return RR_ENOMEM;
  if (opt->overlay) {
    return finish_single(r, ruleset_load_overlay(&r->b.national, paths, nPaths, opt->overlay, opt->tests != 0));
  }
  for (int i = 0; i < nPaths; i++) {
    int isOverlay = ruleset_is_overlay(paths[i]);
    if (isOverlay == 0) continue;
    char msg[600];
    if (isOverlay < 0) snprintf(msg, sizeof msg, "rregull: error: out of memory while loading the rules\n");
    else snprintf(msg, sizeof msg, "rregull: %s is an overlay: load it with its tests over the national rules "
                  "(rr_load_options.overlay)\n", paths[i]);
    r->b.zErrors = strdup(msg);
    r->b.nErr = 1;
    r->b.oom = isOverlay < 0 || !r->b.zErrors;
    return r->b.oom ? RR_ENOMEM : RR_EMISUSE;
  }
  return finish_single(r, ruleset_load(&r->b.national, paths, nPaths, 1));
}

int rr_rules_count(const rr_rules *r, int what) {
  if (!r) return what >= RR_COUNT_RULES && what <= RR_COUNT_REPORTS ? 0 : -1;
  const RuleSet *rs = &r->b.national;
  const Program *p = &rs->prog;
  switch (what) {
    case RR_COUNT_ERRORS: return r->b.nErr;
    case RR_COUNT_WARNINGS: return r->b.nWarn;
    case RR_COUNT_RULES: case RR_COUNT_FACTS: case RR_COUNT_TESTS: case RR_COUNT_FILES:
    case RR_COUNT_AMENDMENTS: case RR_COUNT_HOOKS: case RR_COUNT_REPORTS:
      break;
    default:
      return -1;
  }
  if (!r->ok) return 0;
  switch (what) {
    case RR_COUNT_RULES: {
      /* of an overlay loaded alone: what it declares; lets, versions and hook slots are not rules */
      int n = 0, overlay = p->zOverlay != NULL;
      for (int i = 0; i < p->nRule; i++) {
        const Rule *x = &p->aRule[i];
        if (x->kind != RK_LET && x->iCanon == i && !x->dynamic && (!overlay || x->fromOverlay)) n++;
      }
      return n;
    }
    case RR_COUNT_FACTS: return p->nSlot;
    case RR_COUNT_TESTS: return p->nTest;
    case RR_COUNT_FILES: return rs->nFileUser;
    case RR_COUNT_AMENDMENTS: return p->nAmend;
    case RR_COUNT_HOOKS: return p->nHook;
    default: return p->report != NULL;
  }
}

const char *rr_rules_loaded_overlay(const rr_rules *r) {
  return r && r->ok ? r->b.national.prog.zOverlay : NULL;
}

int rr_rules_is_overlay(const char *path) { return path ? ruleset_is_overlay(path) : 0; }

int rr_rules_list_overlays(const char *dir, char ***paths, int *n) {
  *paths = NULL;
  *n = 0;
  if (!dir) return RR_EMISUSE;
  int k = ruleset_list_overlays(dir, paths);
  if (k < 0) return RR_EPOLICY;
  *n = k;
  return RR_OK;
}

/* }==== */

/* {==== the policy's tests ================================================ */

/* One test: its facts, the evaluation at its instant, its expectations;
** failures go to D.  Returns 1 when it passes. */
static int run_test(Eval *e, Arena *a, Value *facts, const TestCase *tc, Diag *d) {
  const Program *p = e->p;
  RrInstant asOf = 0;
  if (tc->hasAsOf) asOf = tc->asOf;
  else rr_parse_instant("2025-01-01T12:00:00Z", 20, &asOf);
  memset(facts, 0, (size_t)p->nSlot * sizeof *facts);
  arena_reset(a);
  e->render = a;
  e->facts = facts;
  e->nOrd = 0;                /* the previous test's lists are gone (ordered.c) */
  e->asOf = asOf;
  e->today = rr_local_date(p->zone, asOf);
  int k = 0;
  for (const Assign *g = tc->given; g; g = g->next, k++) {
    if (tc->aGivenSlot[k] >= 0) facts[tc->aGivenSlot[k]] = eval_expr(e, g->value);
  }
  eval_hide_future(p, facts, asOf);
  e->render = NULL;
  eval_case(e, facts, asOf);
  e->render = a;
  int ok = 1;
  for (int x = 0; x < tc->nExpect; x++) {
    Value v = eval_expr(e, tc->aExpect[x]);
    if (!v_true(v)) {
      const Node *n = tc->aExpect[x];
      diag_error(d, n->iFile, n->off, n->len, "test \"%s\" failed: this expectation is %s", tc->zName,
                 v_known(v) ? "false" : "unknown");
      ok = 0;
    }
  }
  e->render = NULL;
  return ok;
}

int rr_rules_test(const rr_rules *r, const rr_test_options *opt, rr_test_result *result) {
  memset(result, 0, sizeof *result);
  if (!r || !r->ok) return RR_EMISUSE;
  const RuleSet *rs = &r->b.national;
  const Program *p = &rs->prog;
  /* the failures go to diagnostics of their own that borrow the rule set's
  ** files (for the source lines): the rule set itself is only read */
  Diag d;
  diag_init(&d);
  d.aFile = rs->diag.aFile;
  d.nFile = d.nFileAlloc = rs->diag.nFile;
  Eval e;
  Arena a;
  arena_init(&a);
  Value *facts = calloc((size_t)p->nSlot + 1, sizeof *facts);
  int evalOk = eval_init(&e, p) == 0, rc = RR_OK;
  if (!facts || !evalOk) rc = RR_ENOMEM;
  if (evalOk && opt) e.trace = opt->trace;
  for (int t = 0; rc == RR_OK && t < p->nTest; t++) {
    const TestCase *tc = &p->aTest[t];
    int ok = run_test(&e, &a, facts, tc, &d);
    if (ok) result->passed++;
    else result->failed++;
    if (opt && opt->each) {
      rr_test_outcome o = {tc->zName, d.aFile[tc->iFile].zName, 0, ok};
      int col;
      diag_locate(&d, tc->iFile, tc->off, &o.line, &col);
      opt->each(opt->ud, &o);
    }
  }
  if (rc == RR_OK) {
    const char *z = diag_text(&d);
    if (d.oom || !(result->failures = strdup(z ? z : ""))) rc = RR_ENOMEM;
  }
  d.aFile = NULL;                       /* borrowed */
  d.nFile = d.nFileAlloc = 0;
  diag_free(&d);
  free(facts);
  arena_free(&a);
  if (evalOk) eval_free(&e);
  return rc;
}

/* }==== */

/* {==== evaluation: traces, explanations ================================== */

int rr_eval_set_trace(rr_eval *e, FILE *out) {
  if (!e) return RR_EMISUSE;
  e->dec.national.trace = out;
  for (int k = 0; k < e->r->b.nOverlay; k++) e->dec.aOverlay[k].trace = out;
  return RR_OK;
}

const char *rr_eval_overlay(const rr_eval *e) {
  if (!e || !e->cur || e->dec.iOverlay < 0) return NULL;
  return e->r->b.aOverlay[e->dec.iOverlay].prog.zOverlay;
}

int rr_eval_explain(rr_eval *e, const char *caseJson, size_t n, char **text) {
  *text = NULL;
  if (!e || !caseJson) return RR_EMISUSE;
  int rc = json_read_case(&e->r->b.national.prog, caseJson, n, &e->ci, e->err, sizeof e->err);
  if (rc) return rc == -2 ? RR_ENOMEM : RR_EFACTS;
  if (eval_requirements(&e->dec.national, e->ci.facts, e->ci.asOf, e->err, sizeof e->err)) return RR_EFACTS;
  e->cur = decide(&e->dec, e->ci.facts, e->ci.asOf, e->ci.zId);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) {
    snprintf(e->err, sizeof e->err, "out of memory while explaining the decision");
    return RR_ENOMEM;
  }
  arena_reset(&e->render);
  e->cur->lang = e->lang;           /* rr_eval_set_lang (api_i18n.c) */
  int bad = explain_case_quoting(e->cur, &e->render, f, e->zQuoteDir);
  e->cur->lang = NULL;
  if (fclose(f) != 0 || bad || !buf) {
    snprintf(e->err, sizeof e->err, "%s", e->cur->zErr ? e->cur->zErr : "out of memory while explaining the decision");
    free(buf);
    return RR_ENOMEM;
  }
  *text = buf;
  return RR_OK;
}

/* }==== */

/* {==== the working calendar ============================================== */

/* The program whose calendar MUNICIPALITY (NULL: the national one) uses, and
** the range asked for; an RR_* code. */
static int calendar_of(const rr_rules *r, const char *municipality, const char *from, const char *to,
                       const Program **pp, RrDate *pFrom, RrDate *pTo) {
  if (!r || !r->ok || !from || !to) return RR_EMISUSE;
  if (rr_parse_date(from, strlen(from), pFrom) || rr_parse_date(to, strlen(to), pTo) || *pTo < *pFrom)
    return RR_EMISUSE;
  const Book *b = &r->b;
  *pp = &b->national.prog;
  if (!municipality) return RR_OK;
  for (int k = 0; k < b->nOverlay; k++) {
    const Program *q = &b->aOverlay[k].prog;
    if ((q->zOverlay && strcasecmp(q->zOverlay, municipality) == 0) ||
        (q->zMunicipality && strcasecmp(q->zMunicipality, municipality) == 0)) {
      *pp = q;
      return RR_OK;
    }
  }
  return RR_ENOTFOUND;
}

int rr_rules_calendar(const rr_rules *r, const char *municipality, const char *from, const char *to,
                      int (*fn)(void *ud, const rr_day_off *d), void *ud, rr_calendar_cover *cover) {
  const Program *p;
  RrDate a, b;
  int rc = calendar_of(r, municipality, from, to, &p, &a, &b);
  if (rc) return rc;
  if (cover) {
    memset(cover, 0, sizeof *cover);
    if (p->coverFrom != INT32_MIN) rr_format_date(p->coverFrom, cover->first);
    if (p->coverUntil != INT32_MAX) rr_format_date(p->coverUntil - 1, cover->last);
    cover->beyond = a < p->coverFrom || b >= p->coverUntil;
  }
  int i1 = calendar_find(p, b + 1);
  for (int i = calendar_find(p, a); fn && i < i1; i++) {
    char day[32];
    rr_format_date(p->aHoliday[i], day);
    rr_day_off d = {day, rr_weekday(p->aHoliday[i]) + 1, p->azHolidayName[i],
                    calendar_status_name(p->aHolidayStatus[i]), p->azHolidayFor[i]};
    if (fn(ud, &d)) break;
  }
  return RR_OK;
}

int rr_rules_calendar_json(const rr_rules *r, const char *municipality, const char *from, const char *to,
                           char **json) {
  *json = NULL;
  const Program *p;
  RrDate a, b;
  int rc = calendar_of(r, municipality, from, to, &p, &a, &b);
  if (rc) return rc;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return RR_ENOMEM;
  int bad = json_write_calendar(p, calendar_find(p, a), calendar_find(p, b + 1), f);
  if (fclose(f) != 0 || bad || !buf) {
    free(buf);
    return RR_ENOMEM;
  }
  *json = buf;
  return RR_OK;
}

int rr_date_parse(const char *date, long *day) {
  RrDate d;
  if (!date || rr_parse_date(date, strlen(date), &d)) return RR_EMISUSE;
  if (day) *day = d;
  return RR_OK;
}

/* }==== */
