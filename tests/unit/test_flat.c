/*
** test_flat.c - the compiled expressions (engine/flat.c) against the syntax
** tree's interpreter (eval_expr): for every published case and shipped
** example, after its evaluation, every expression the plan compiled (each
** step's condition, value and 'stops when'; each version's deadline parts,
** level rows and generators) gives the same value, bit for bit, both ways.
** Run from the top of the tree (tests/run does).
*/
#include "unit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "flat.h"
#include "json.h"
#include "ruleset.h"

static int nCompared;

static void same(Eval *e, const Flat *f, const Node *n, const char *zRule, const char *zCase) {
  if (!f || !n) return;
  Value a = flat_eval(e, f), b = eval_expr(e, n);
  nCompared++;
  if (memcmp(&a, &b, sizeof a) != 0) {
    printf("%s: %s: compiled %d/%lld, interpreted %d/%lld\n", zCase, zRule, a.tag, (long long)a.u.i, b.tag,
           (long long)b.u.i);
    CHECK(0);
  }
}

static void compare_case(Eval *e, const char *zPath) {
  const Program *p = e->p;
  FILE *fp = fopen(zPath, "rb");
  if (!CHECK(fp != NULL)) return;
  fseek(fp, 0, SEEK_END);
  long len = ftell(fp);
  rewind(fp);
  char *text = malloc((size_t)len + 1);
  size_t got = text ? fread(text, 1, (size_t)len, fp) : 0;
  fclose(fp);
  if (!CHECK(text && got == (size_t)len)) { free(text); return; }
  text[len] = 0;
  CaseInput ci;
  char err[600];
  case_init(&ci);
  if (CHECK(json_read_case(p, text, (size_t)len, &ci, err, sizeof err) == 0)) {
    eval_case(e, ci.facts, ci.asOf);
    /* a variable is bound only inside its generator or 'where': outside,
    ** its slot still holds the last binding, perhaps of an earlier case
    ** whose facts are freed -- both ways read it unknown here */
    for (int k = 0; k <= p->nVar; k++) e->vars[k] = v_unknown();
    for (int k = 0; k < p->nOrder; k++) {
      const EvalStep *s = &e->aStep[k];
      const char *z = p->aRule[s->i].zId;
      same(e, s->fWhen, s->when, z, zPath);
      same(e, s->fValue, s->value, z, zPath);
      same(e, s->fStops, s->stops, z, zPath);
    }
    for (int v = 0; v < p->nRule; v++) {
      const Rule *r = &p->aRule[v];
      const RuleFlat *f = &e->aRF[v];
      same(e, f->when, r->when, r->zId, zPath);
      same(e, f->value, r->value, r->zId, zPath);
      same(e, f->stops, r->stops, r->zId, zPath);
      same(e, f->from, r->dlFrom, r->zId, zPath);
      same(e, f->due, r->dlDue, r->zId, zPath);
      if (f->anchor) same(e, f->anchor, r->dlDue->b, r->zId, zPath);
      same(e, f->dur, r->immediate ? r->dlBound : r->dlWithin, r->zId, zPath);
      same(e, f->done, r->dlDone, r->zId, zPath);
      for (int c = 0; f->aCase && c < r->nCase; c++) same(e, f->aCase[c], r->aCaseCond[c], r->zId, zPath);
      for (int g = 0; f->aGen && g < r->nGen; g++) same(e, f->aGen[g], r->aGen[g]->a, r->zId, zPath);
    }
  }
  case_free(&ci);
  free(text);
}

static void compare_dir(Eval *e, const char *zDir) {
  DIR *d = opendir(zDir);
  if (!CHECK(d != NULL)) return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t n = strlen(de->d_name);
    if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0) continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", zDir, de->d_name);
    compare_case(e, path);
  }
  closedir(d);
}

int main(void) {
  const char *rules[] = {"rules/kosovo"};
  RuleSet rs;
  if (!CHECK(ruleset_load(&rs, rules, 1, 0) == 0)) return unit_done("test_flat");
  Eval e;
  if (CHECK(eval_init(&e, &rs.prog) == 0)) {
    compare_dir(&e, "tests/acceptance/cases");
    compare_dir(&e, "examples");
    printf("%d expressions compared\n", nCompared);
    CHECK(nCompared > 1000);                /* the comparisons happened */
    eval_free(&e);
  }
  ruleset_free(&rs);
  return unit_done("test_flat");
}
