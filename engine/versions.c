/*
** versions.c - warnings about the versions of rules and tables (amendments):
**
**   - a gap between consecutive versions: for some days no version is in
**     force (overlapping versions are an error of the checker, declare.c);
**   - a title that states a quantity ("over 15 kg", "within 24 hours") that
**     the version's condition, value or the tables it reads no longer use;
**   - an amendment (a version after the first) that cites nothing the
**     version before it does not: the amending act never reaches a decision.
*/
#include "versions.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rrtime.h"

typedef struct Versions {
  const Program *p;
  Diag *d;
  int nWarn;
} Versions;

static int in_stdlib(const Versions *V, int iFile) {
  return iFile >= 0 && iFile < V->d->nFile && strncmp(V->d->aFile[iFile].zName, "<stdlib>", 8) == 0;
}

/* The versions of canonical rule I sorted by their start: *N of them in A. */
static int sorted_versions(const Program *p, int i, int *a, int max) {
  int n = 0;
  for (int v = i; v >= 0 && n < max; v = p->aRule[v].iNext) {
    int k = n++;
    while (k > 0 && p->aRule[a[k - 1]].effFrom > p->aRule[v].effFrom) {
      a[k] = a[k - 1];
      k--;
    }
    a[k] = v;
  }
  return n;
}

static void fmt_date(RrDate d, char *buf) {
  if (d == INT32_MAX || d == INT32_MIN) snprintf(buf, 32, "%s", d == INT32_MAX ? "the end" : "the start");
  else rr_format_date(d, buf);
}

/* {==== gaps and citations of amendments ================================= */

static int cites_contain(const Rule *r, const char *z) {
  for (int k = 0; k < r->nCite; k++) if (strcmp(r->azCite[k], z) == 0) return 1;
  return 0;
}

static void check_chain(Versions *V, int i) {
  const Program *p = V->p;
  int a[64];
  int n = sorted_versions(p, i, a, 64);
  for (int k = 1; k < n; k++) {
    const Rule *prev = &p->aRule[a[k - 1]], *r = &p->aRule[a[k]];
    char d1[32], d2[32];
    if (prev->effUntil < r->effFrom) {
      fmt_date(prev->effUntil, d1);
      fmt_date(r->effFrom, d2);
      diag_warning(V->d, r->iFile, r->off, r->len,
                   "gap between versions of %s: no version is in force from %s until %s", r->zId, d1, d2);
      diag_note(V->d, prev->iFile, prev->off, prev->len, "the version before is in force until %s", d1);
      V->nWarn++;
    }
    int own = 0;
    for (int c = 0; c < r->nCite && !own; c++) own = !cites_contain(prev, r->azCite[c]);
    if (!own) {
      fmt_date(r->effFrom, d2);
      diag_warning(V->d, r->iFile, r->off, r->len,
                   "the version of %s from %s cites nothing the version before it does not: "
                   "cite the amendment that made it", r->zId, d2);
      V->nWarn++;
    }
  }
}

/* }==== */

/* {==== quantities in titles ============================================= */

typedef struct Nums {
  double v[256];
  int n;
} Nums;

static void add_num(Nums *s, double x) {
  if (s->n < 256) s->v[s->n++] = x;
}

static int has_num(const Nums *s, double x) {
  for (int i = 0; i < s->n; i++) {
    double d = s->v[i] - x;
    if (d < 1e-9 && d > -1e-9) return 1;
  }
  return 0;
}

static void collect(const Program *p, const Node *n, RrDate from, RrDate until, Nums *s, int depth);

/* The constants of the versions of table or let R in force during [FROM, UNTIL). */
static void collect_rule(const Program *p, int rule, RrDate from, RrDate until, Nums *s, int depth) {
  for (int v = p->aRule[rule].iCanon; v >= 0; v = p->aRule[v].iNext) {
    const Rule *r = &p->aRule[v];
    if (!(r->effFrom < until && from < r->effUntil)) continue;
    for (int k = 0; k < r->nRow; k++) collect(p, r->aRowValue[k], from, until, s, depth + 1);
    if (r->kind == RK_LET) collect(p, r->value, from, until, s, depth + 1);
  }
}

static void collect(const Program *p, const Node *n, RrDate from, RrDate until, Nums *s, int depth) {
  if (!n || depth > 8) return;
  switch (n->op) {
    case N_INT: add_num(s, (double)n->k.u.i); break;
    case N_NUM: add_num(s, n->k.u.d); break;
    case N_DUR: add_num(s, (double)n->k.u.i); break;
    case N_TABLE: collect_rule(p, n->slot, from, until, s, depth); break;
    case N_RULEREF:
      if (n->slot >= 0 && p->aRule[n->slot].kind == RK_LET) collect_rule(p, n->slot, from, until, s, depth);
      break;
    case N_FNCALL: collect(p, p->aFn[n->slot].body, from, until, s, depth + 1); break;
    default: break;
  }
  collect(p, n->a, from, until, s, depth);
  collect(p, n->b, from, until, s, depth);
  collect(p, n->c, from, until, s, depth);
  collect(p, n->d, from, until, s, depth);
  for (int i = 0; i < n->nArg; i++) collect(p, n->args[i], from, until, s, depth);
}

/* The quantities a title states: a number followed by a unit of the
** language ("15 kg", "2 m", "24 hours", "5 working days"). */
static int title_quantity(const char *z, int i, double *x, int *len) {
  if (!isdigit((unsigned char)z[i])) return 0;
  if (i > 0 && (isalnum((unsigned char)z[i - 1]) || strchr(".:/-", z[i - 1]))) return 0;
  char *end;
  *x = strtod(z + i, &end);
  int j = (int)(end - z);
  if (z[j] == ':' || z[j] == '/' || z[j] == '-') return 0;   /* times, dates, references */
  while (z[j] == ' ') j++;
  int w = j;
  while (isalpha((unsigned char)z[w])) w++;
  if (w == j) return 0;
  int working = w - j == 7 && strncmp(z + j, "working", 7) == 0;
  if (working) {
    int w2 = w + 1;
    while (isalpha((unsigned char)z[w2])) w2++;
    if (z[w] == ' ' && durunit_lookup(z + w + 1, w2 - w - 1, 1) >= 0) w = w2;
    else return 0;
  } else if (unit_lookup(z + j, w - j) < 0 && durunit_lookup(z + j, w - j, 0) < 0) {
    return 0;
  }
  *len = w - i;
  return 1;
}

static void check_title(Versions *V, const Rule *r) {
  const Program *p = V->p;
  const char *z = r->zTitle;
  if (!z) return;
  Nums s;
  s.n = 0;
  const Node *roots[] = {r->when, r->value, r->dlWithin, r->dlDue, r->dlBound, r->stops};
  for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++) collect(p, roots[k], r->effFrom, r->effUntil, &s, 0);
  for (int k = 0; k < r->nCase; k++) {
    collect(p, r->aCaseCond[k], r->effFrom, r->effUntil, &s, 0);
    if (r->aCaseNode[k]) collect(p, r->aCaseNode[k], r->effFrom, r->effUntil, &s, 0);
  }
  for (int k = 0; k < r->nRow; k++) collect(p, r->aRowValue[k], r->effFrom, r->effUntil, &s, 0);
  if (s.n == 0) return;                 /* a condition with no numbers: nothing to compare */
  for (int i = 0; z[i]; i++) {
    double x;
    int len;
    if (!title_quantity(z, i, &x, &len)) continue;
    if (!has_num(&s, x)) {
      diag_warning(V->d, r->iFile, r->off, r->len,
                   "the title of %s states '%.*s', a number its condition no longer uses", r->zId, len, z + i);
      V->nWarn++;
    }
    i += len - 1;
  }
}

/* }==== */

int versions_lint(const Program *p, Diag *d) {
  Versions V = {p, d, 0};
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->kind == RK_LET || r->dynamic || in_stdlib(&V, r->iFile)) continue;
    if (r->iCanon == i && r->iNext >= 0) check_chain(&V, i);
    if (!r->amended) check_title(&V, r);   /* an overlay's tighten/widen states its change itself */
  }
  return V.nWarn;
}
