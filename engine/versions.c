/*
** versions.c - warnings about the versions of rules and tables (amendments):
**
**   - a gap between consecutive versions: for some days no version is in
**     force (overlapping versions are an error of the checker, declare.c),
**     and between dated rows of a table for the same keys;
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

/* "from 2013-01-01 until 2027-01-01", "from 2027-01-01", "until 2027-01-01" (80 bytes). */
static void period(RrDate from, RrDate until, char *buf) {
  char a[32], b[32];
  fmt_date(from, a);
  fmt_date(until, b);
  if (from == INT32_MIN && until == INT32_MAX) snprintf(buf, 80, "always");
  else if (from == INT32_MIN) snprintf(buf, 80, "until %s", b);
  else if (until == INT32_MAX) snprintf(buf, 80, "from %s", a);
  else snprintf(buf, 80, "from %s until %s", a, b);
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

static int same_keys(const Rule *r, int a, int b) {
  for (int k = 0; k < r->nKey; k++) {
    Value x = r->aRowKey[a * r->nKey + k], y = r->aRowKey[b * r->nKey + k];
    if (x.tag != y.tag || x.u.i != y.u.i || x.aux != y.aux) return 0;
  }
  return 1;
}

/* Dated rows of table R: after a row for some keys ends, the next row for
** the same keys should start the same day. */
static void check_rows(Versions *V, const Rule *r) {
  if (!r->aRowFrom || !r->nKey) return;
  for (int a = 0; a < r->nRow; a++) {
    RrDate end = r->aRowUntil[a];
    if (end == INT32_MAX) continue;
    int covered = 0, next = -1;
    for (int b = 0; b < r->nRow; b++) {
      if (b == a || !same_keys(r, a, b)) continue;
      if (r->aRowFrom[b] <= end && end < r->aRowUntil[b]) covered = 1;
      else if (r->aRowFrom[b] > end && (next < 0 || r->aRowFrom[b] < r->aRowFrom[next])) next = b;
    }
    if (covered || next < 0) continue;
    char d1[32], d2[32];
    fmt_date(end, d1);
    fmt_date(r->aRowFrom[next], d2);
    const Node *at = r->aRowValue[next];
    diag_warning(V->d, at->iFile, at->off, at->len,
                 "gap between the rows of %s for the same keys: none is in force from %s until %s", r->zId, d1, d2);
    V->nWarn++;
  }
}

/* A version that cites a source not in force during all of its period: an
** amendment cited before it was made, or a repealed act still relied on. */
static void check_sources(Versions *V, const Rule *r) {
  const Program *p = V->p;
  for (int k = 0; k < r->nCite; k++) {
    const Cite *ct = r->apCite[k];
    const char *zt = V->d->aFile[r->iFile].zText;
    const SourceDef *src = NULL;
    for (int j = 0; j < p->nSource && !src; j++) {
      const char *zk = p->aSource[j].zKey;
      if (strlen(zk) == ct->src.len && memcmp(zk, zt + ct->src.off, ct->src.len) == 0) src = &p->aSource[j];
    }
    if (!src || (src->from <= r->effFrom && r->effUntil <= src->until)) continue;
    char a[80], b[80];
    period(r->effFrom, r->effUntil, a);
    period(src->from, src->until, b);
    diag_warning(V->d, r->iFile, ct->src.off, ct->src.len,
                 "%s cites %s (in force %s), but is itself in force %s", r->zId, src->zKey, b, a);
    V->nWarn++;
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
    for (int k = 0; k < r->nRow; k++) {
      if (r->aRowFrom && !(r->aRowFrom[k] < until && from < r->aRowUntil[k])) continue;
      collect(p, r->aRowValue[k], from, until, s, depth + 1);
    }
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
    if (r->kind == RK_TABLE) check_rows(&V, r);
    check_sources(&V, r);
    if (!r->amended) check_title(&V, r);   /* an overlay's tighten/widen states its change itself */
  }
  return V.nWarn;
}
