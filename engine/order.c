/*
** order.c - the order of rules: the order in which definitions are checked
** (so that checking one inside another stays shallow) and how deep their
** evaluation nests; the evaluation order, each rule after the rules it
** reads, with cycles reported; and the rules the scope gates.
**
** Every walk here uses an explicit stack: a chain of definitions may be as
** long as the rule set.
*/
#include "checkint.h"

#include <stdio.h>
#include <string.h>

#include "rrlimits.h"

/* {==== the order of checking, and how deep evaluation goes ============ */

/* A let, a rule with a value or a function is checked when it is first used
** (its type is needed there), so checking one definition may check another
** inside it.  Checked in an order where each comes after the definitions it
** names, that nesting stays one level deep however long a chain of
** definitions is.  The names are taken as written (a variable that shadows
** a let counts too): a superset of what the checker will resolve. */
typedef struct Graph {
  int **aRef;            /* per definition: the definitions it names */
  int *nRef, *capRef;
  int nRule;             /* rules are 0..nRule-1, functions nRule.. */
} Graph;

/* An edge: definition FROM names definition TO. */
static void graph_add(Checker *c, Graph *g, int from, int to) {
  if (g->nRef[from] == g->capRef[from]) {
    int cap = g->capRef[from] ? 2 * g->capRef[from] : 4;
    int *na = xalloc(c, (size_t)cap * sizeof *na);
    if (g->nRef[from]) memcpy(na, g->aRef[from], (size_t)g->nRef[from] * sizeof *na);
    g->aRef[from] = na;
    g->capRef[from] = cap;
  }
  g->aRef[from][g->nRef[from]++] = to;
}

/* The edges from FROM to every definition expression N names. */
static void graph_refs(Checker *c, Graph *g, int from, const Node *n) {
  if (!n) return;
  int to = -1;
  switch (n->op) {
    case N_NAME: to = strmap_get(&c->lets, n->zName); break;
    case N_UNAME: to = strmap_get(&c->rules, n->zName); break;
    case N_CALL:
      to = strmap_get(&c->fns, n->zName);
      if (to >= 0) to += g->nRule;
      break;
    case N_FIRED: case N_ANYKIND:      /* r.value of a fired rule reads every rule of the kind */
      if (n->slot >= 0 && n->slot != RK_INTERPRETATION)
        for (int k = 0; k < c->p->nKindRule[n->slot]; k++) graph_add(c, g, from, c->p->aKindRule[n->slot][k]);
      break;
    default: break;
  }
  if (to >= 0) graph_add(c, g, from, to);
  graph_refs(c, g, from, n->a);
  graph_refs(c, g, from, n->b);
  graph_refs(c, g, from, n->c);
  graph_refs(c, g, from, n->d);
  for (int i = 0; i < n->nArg; i++) graph_refs(c, g, from, n->args[i]);
}

/* The expressions of rule R, for walks over all of them. */
static int rule_roots(const Rule *r, const Node **out, int max) {
  const Node *fixed[] = {r->when, r->value, r->evidence, r->note, r->dlFrom, r->dlWithin, r->dlDue,
                         r->dlDone, r->dlInstance, r->dlBound, r->fromLabel, r->dueLabel,
                         r->doneLabel, r->stops};
  int n = 0;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && n < max; i++) if (fixed[i]) out[n++] = fixed[i];
  return n;
}

/* The definitions in an order where each follows those it names, by an
** iterative depth-first search (a chain of definitions may be as long as
** the rule set).  Returns their number in ORDER. */
static int graph_order(Checker *c, Graph *g, int nNode, int *order) {
  uint8_t *state = xalloc(c, (size_t)nNode + 1);        /* 0 new, 1 on the stack, 2 done */
  int *stack = xalloc(c, (size_t)(nNode + 1) * sizeof *stack);
  int *next = xalloc(c, (size_t)(nNode + 1) * sizeof *next);   /* the next ref to follow */
  int n = 0;
  for (int root = 0; root < nNode; root++) {
    if (state[root]) continue;
    int sp = 0;
    stack[sp++] = root;
    state[root] = 1;
    while (sp) {
      int v = stack[sp - 1];
      if (next[v] < g->nRef[v]) {
        int w = g->aRef[v][next[v]++];
        if (!state[w]) {
          state[w] = 1;
          stack[sp++] = w;
        }
      } else {
        state[v] = 2;
        order[n++] = v;
        sp--;
      }
    }
  }
  return n;
}

/* The levels evaluation (and explanation) recurses through for N: a let it
** reads is evaluated in place when it builds text, and explained in place
** always; a function is called in place.  LEVELS holds each definition's
** own, computed in order (0 when not yet known: a cycle, reported apart). */
static int eval_depth(const Checker *c, const Node *n, const int *levels) {
  if (!n) return 0;
  int deepest = 0, k;
  switch (n->op) {
    case N_RULEREF:
      if (!(n->flags & NF_ASRULE) && c->p->aRule[n->slot].kind == RK_LET) deepest = levels[n->slot];
      break;
    case N_FNCALL: deepest = levels[c->p->nRule + n->slot]; break;
    default: break;
  }
  if ((k = eval_depth(c, n->a, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->b, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->c, levels)) > deepest) deepest = k;
  if ((k = eval_depth(c, n->d, levels)) > deepest) deepest = k;
  for (int i = 0; i < n->nArg; i++) if ((k = eval_depth(c, n->args[i], levels)) > deepest) deepest = k;
  return deepest >= RR_MAX_DEPTH ? RR_MAX_DEPTH + 1 : deepest + 1;
}

/* Phase 3's order: checks every rule, let and function after the ones it
** names (so a definition checked at its first use finds those checked
** already), then computes how deep evaluating each nests through the lets
** and functions it reads, and reports one that passes RR_MAX_DEPTH. */
void order_check(Checker *c) {
  Program *p = c->p;
  int nNode = p->nRule + p->nFn;
  Graph g;
  g.nRule = p->nRule;
  g.aRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.aRef);
  g.nRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.nRef);
  g.capRef = xalloc(c, (size_t)(nNode + 1) * sizeof *g.capRef);
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    const Node *roots[16];
    int nRoot = rule_roots(r, roots, 16);
    for (int k = 0; k < nRoot; k++) graph_refs(c, &g, i, roots[k]);
    for (int k = 0; k < r->nCase; k++) graph_refs(c, &g, i, r->aCaseCond[k]);
    for (int k = 0; k < r->nGen; k++) graph_refs(c, &g, i, r->aGen[k]);
  }
  for (int f = 0; f < p->nFn; f++) graph_refs(c, &g, p->nRule + f, p->aFn[f].body);
  int *order = xalloc(c, (size_t)(nNode + 1) * sizeof *order);
  int n = graph_order(c, &g, nNode, order);
  for (int k = 0; k < n; k++) {
    if (order[k] < p->nRule) check_rule(c, order[k]);
    else check_fn(c, order[k] - p->nRule);
  }
  /* how deep evaluating each goes, through the lets and functions it reads */
  int *levels = xalloc(c, (size_t)(nNode + 1) * sizeof *levels);
  for (int k = 0; k < n; k++) {
    int v = order[k], deepest = 0;
    const char *zName;
    int iFile;
    Token at;
    if (v < p->nRule) {
      const Rule *r = &p->aRule[v];
      const Node *roots[16];
      int nRoot = rule_roots(r, roots, 16);
      for (int j = 0; j < nRoot; j++) {
        int d = eval_depth(c, roots[j], levels);
        if (d > deepest) deepest = d;
      }
      for (int j = 0; j < r->nCase; j++) {
        int d = eval_depth(c, r->aCaseCond[j], levels);
        if (d > deepest) deepest = d;
      }
      zName = r->zId;
      iFile = r->iFile;
      at = (Token){r->off, r->len};
    } else {
      const Fn *f = &p->aFn[v - p->nRule];
      deepest = eval_depth(c, f->body, levels);
      zName = f->zName;
      iFile = f->iFile;
      at = (Token){f->off, f->len};
    }
    levels[v] = deepest;
    if (deepest > RR_MAX_DEPTH && iFile >= 0) {
      ERRT(iFile, at, "'%s' nests too deeply with the lets and functions it reads: more than %d levels",
           zName, RR_MAX_DEPTH);
      levels[v] = 0;                     /* reported once, where the bound is crossed */
    }
  }
}

/* }==== */

/* {==== the evaluation order, cycles, scope ============================ */

/* Appends ROOT and what it depends on to the evaluation order, depth first,
** with an explicit stack (a chain of dependencies may be as long as the
** rule set).  A cycle is reported from its first member. */
static void order_visit(Checker *c, int root, int *color, int *stack, int *ver, int *next) {
  Program *p = c->p;
  if (color[root]) return;
  int sp = 0;
  color[root] = 1;
  stack[sp] = root, ver[sp] = root, next[sp] = 0, sp++;
  while (sp) {
    int i = stack[sp - 1], v = ver[sp - 1];
    if (v >= 0 && next[sp - 1] < p->aRule[v].nDep) {
      int dep = p->aRule[p->aRule[v].aDep[next[sp - 1]++]].iCanon;
      if (color[dep] == 2) continue;
      if (color[dep] == 1) {
        char path[512];
        size_t len = 0;
        int start = sp - 1;
        while (start > 0 && stack[start] != dep) start--;
        for (int k = start; k < sp && len < sizeof path - 80; k++) {
          len += (size_t)snprintf(path + len, sizeof path - len, "%s -> ", p->aRule[stack[k]].zId);
        }
        snprintf(path + len, sizeof path - len, "%s", p->aRule[dep].zId);
        const Rule *r = &p->aRule[dep];
        diag_error(c->d, r->iFile, r->off, r->len, "'%s' depends on itself: %s", r->zId, path);
        for (int k = 0; k < sp; k++) color[stack[k]] = 2;   /* abandon this search */
        return;
      }
      color[dep] = 1;
      stack[sp] = dep, ver[sp] = dep, next[sp] = 0, sp++;
      continue;
    }
    if (v >= 0) {                               /* the next version of the same rule */
      ver[sp - 1] = p->aRule[v].iNext;
      next[sp - 1] = 0;
      continue;
    }
    color[i] = 2;
    p->aOrder[p->nOrder++] = i;
    sp--;
  }
}

/* Phase 4: Program.aOrder, every canonical rule after the rules it reads
** (through all its versions), the scope and what it reads first; a cycle
** is reported.  Run only on a rule set without errors. */
void order_rules(Checker *c) {
  Program *p = c->p;
  size_t n = (size_t)p->nRule + 1;
  int *color = xalloc(c, n * sizeof *color), *stack = xalloc(c, n * sizeof *stack);
  int *ver = xalloc(c, n * sizeof *ver), *next = xalloc(c, n * sizeof *next);
  p->aOrder = xalloc(c, n * sizeof *p->aOrder);
  /* the scope and what it reads come first: every rule it gates is evaluated after it */
  if (p->iScope >= 0) order_visit(c, p->aRule[p->iScope].iCanon, color, stack, ver, next);
  for (int i = 0; i < p->nRule; i++) {
    if (p->aRule[i].iCanon == i) order_visit(c, i, color, stack, ver, next);
  }
}

/* Marks I and every rule it depends on, with an explicit stack. */
static void mark_closure(Program *p, int i, char *in, int *stack) {
  int sp = 0;
  in[i] = 1;
  stack[sp++] = i;
  while (sp) {
    int r = stack[--sp];
    for (int v = r; v >= 0; v = p->aRule[v].iNext) {
      for (int k = 0; k < p->aRule[v].nDep; k++) {
        int d = p->aRule[p->aRule[v].aDep[k]].iCanon;
        if (!in[d]) {
          in[d] = 1;
          stack[sp++] = d;
        }
      }
    }
  }
}

/* Phase 5: the rules the scope gates (Rule.gated) -- all but the scope's
** own dependencies and the definitions any rule may read (KF_ALWAYS): they
** are not evaluated for a case out of scope. */
void order_mark_gated(Program *p) {
  if (p->iScope < 0) return;
  char *in = arena_alloc(&p->arena, (size_t)p->nRule + 1);
  int *stack = arena_alloc(&p->arena, ((size_t)p->nRule + 1) * sizeof *stack);
  mark_closure(p, p->iScope, in, stack);
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    r->gated = !in[r->iCanon] && !kind_has(r->kind, KF_ALWAYS);
  }
}

/* }==== */
