/*
** flat.c - compiles checked expressions to a flat form (flat.h) and
** evaluates it: one small function per kind of node, operands resolved.
**
** eval_expr interprets a syntax tree through one switch whose frame is
** large (it serves every operator); a condition of a dozen nodes pays that
** frame a dozen times.  Here each node carries the function that computes
** it, and facts, rule results, variables and constants are read in place
** by the node above (flat_eval), so a comparison of a fact with an enum
** member is one call.  The semantics are eval_expr's, case for case
** (Kleene's logic, unknown propagation, the variable a quantifier leaves
** bound); a node of any other kind keeps its syntax tree and is evaluated
** by eval_expr (h_node), so the two can never disagree on it.
*/
#include "flat.h"
#include "ordered.h"
#include "rrlimits.h"

/* {==== evaluation ===================================================== */

static Value h_node(Eval *e, const Flat *f) { return eval_expr(e, f->n); }
static Value h_asof(Eval *e, const Flat *f) { (void)f; return v_instant(e->asOf); }

static Value h_getfield(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  return a.tag == V_REC ? a.u.items[f->slot] : v_unknown();
}

static Value h_not(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  return v_known(a) ? v_bool(!a.u.i) : a;
}

static Value h_and(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  if (v_false(a)) return a;
  Value b = flat_eval(e, f->b);
  if (v_false(b)) return b;
  return v_known(a) && v_known(b) ? v_bool(1) : v_unknown();
}

static Value h_or(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  if (v_true(a)) return a;
  Value b = flat_eval(e, f->b);
  if (v_true(b)) return b;
  return v_known(a) && v_known(b) ? v_bool(0) : v_unknown();
}

/* Values of one tag compared by their integer alone (values_equal's and
** values_cmp's default case); numbers and texts go through eval.c. */
static int plain_tag(int tag) {
  return tag == V_ENUM || tag == V_BOOL || tag == V_DATE || tag == V_INSTANT || tag == V_TIME;
}

static Value h_eq(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a), b = flat_eval(e, f->b);
  if (!v_known(a) || !v_known(b)) return v_unknown();
  int eq = a.tag == b.tag && plain_tag(a.tag) ? a.u.i == b.u.i && (a.tag != V_ENUM || a.aux == b.aux)
                                             : eval_equal(a, b);
  return v_bool(eq == (f->op == N_EQ));
}

/* x == K, x != K with K a constant compared by its integer (an enum
** member, a boolean, a date ...): a value of another tag is not equal */
static Value h_eq_k(Eval *e, const Flat *f) {
  const Flat *x = f->a;
  const Value *a = x->leaf == FL_FACT ? &e->facts[x->slot] : x->leaf == FL_RES ? &e->res[x->slot] : NULL;
  Value tmp;
  if (!a) {
    tmp = flat_eval(e, x);
    a = &tmp;
  }
  if (a->tag == V_UNKNOWN) return v_unknown();
  int eq = a->tag == f->k.tag && a->u.i == f->k.u.i && (a->tag != V_ENUM || a->aux == f->k.aux);
  return v_bool(eq == (f->op == N_EQ));
}

static Value h_cmp(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a), b = flat_eval(e, f->b);
  if (!v_known(a) || !v_known(b)) return v_unknown();
  int c = a.tag == b.tag && plain_tag(a.tag) ? (a.u.i < b.u.i ? -1 : a.u.i > b.u.i) : eval_cmp(a, b);
  switch (f->op) {
    case N_LT: return v_bool(c < 0);
    case N_LE: return v_bool(c <= 0);
    case N_GT: return v_bool(c > 0);
    default: return v_bool(c >= 0);
  }
}

/* x in {a, b} with constant members of one enum: a bit test */
static Value h_in_mask(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  if (!v_known(a)) return v_unknown();
  if (a.tag != V_ENUM) return eval_expr(e, f->n);
  return v_bool((a.u.i < 64 && ((f->mask >> a.u.i) & 1)) == (f->op == N_IN));
}

/* list has any / has all of {a, b}: the members present as bits */
static Value h_has_mask(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  if (!v_known(a)) return v_unknown();
  if (a.tag != V_LIST) return eval_expr(e, f->n);
  uint64_t seen = 0;
  for (int i = 0; i < a.n; i++) {
    Value m = a.u.items[i];
    if (m.tag == V_ENUM && m.u.i < 64) seen |= (uint64_t)1 << m.u.i;
  }
  return v_bool(f->op == N_HASANY ? (seen & f->mask) != 0 : (seen & f->mask) == f->mask);
}

static Value h_isknown(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  switch (f->op) {
    case N_ISKNOWN: return v_bool(v_known(a));
    case N_ISNOTKNOWN: return v_bool(!v_known(a));
    case N_ISTRUE: return v_bool(v_true(a));
    default: return v_bool(!v_true(a));
  }
}

static Value h_coalesce(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  return v_known(a) ? a : flat_eval(e, f->b);
}

static Value h_if(Eval *e, const Flat *f) {
  return v_true(flat_eval(e, f->a)) ? flat_eval(e, f->b) : flat_eval(e, f->c);
}

/* any / all x in LIST: BODY; 'any' leaves x bound to the witness */
static Value h_quant(Eval *e, const Flat *f) {
  ListIter it;
  Value x, b, list = flat_eval(e, f->a);
  int unknown = 0;
  if (list.tag == V_LIST) {                 /* a list's items in place (list_next's order) */
    for (int k = 0; k < list.n; k++) {
      e->vars[f->slot] = list.u.items[k];
      b = flat_eval(e, f->b);
      if (f->op == N_ANY && v_true(b)) return b;
      if (f->op == N_ALL && v_false(b)) return b;
      if (!v_known(b)) unknown = 1;
    }
    return unknown ? v_unknown() : v_bool(f->op == N_ALL);
  }
  if (!list_iter(e, list, &it)) return v_unknown();
  while (list_next(&it, &x)) {
    e->vars[f->slot] = x;
    b = flat_eval(e, f->b);
    if (f->op == N_ANY && v_true(b)) return b;
    if (f->op == N_ALL && v_false(b)) return b;
    if (!v_known(b)) unknown = 1;
  }
  return unknown ? v_unknown() : v_bool(f->op == N_ALL);
}

/* any <kind>: one of its rules fired */
static Value h_anykind(Eval *e, const Flat *f) {
  const Program *p = e->p;
  const int *v = f->slot == RK_INTERPRETATION ? p->aInterp : p->aKindRule[f->slot];
  int cnt = f->slot == RK_INTERPRETATION ? p->nInterp : p->nKindRule[f->slot];
  for (int i = 0; i < cnt; i++) {
    if (e->fired[v[i]]) return v_bool(1);
  }
  return v_bool(0);
}


/* R.holds, R.value of a rule value */
static Value h_attr(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a);
  if (a.tag != V_RULE) return v_unknown();
  return f->slot == RA_HOLDS ? v_bool(e->fired[a.u.i]) : e->res[a.u.i];
}

/* first / last x in LIST where BODY; x left bound as eval_first leaves it */
static Value h_first(Eval *e, const Flat *f) {
  ListIter it;
  Value x, found = v_unknown(), list = flat_eval(e, f->a);
  if ((f->n->flags & NF_ORDERED) && ordered_first(e, f->n, list, &found)) return found;   /* searched */
  if (!list_iter(e, list, &it)) return v_unknown();
  while (list_next(&it, &x)) {
    e->vars[f->slot] = x;
    if (v_true(flat_eval(e, f->b))) {
      found = x;
      if (f->op == N_FIRST) break;
    }
  }
  if (v_known(found)) e->vars[f->slot] = found;
  return found;
}

/* D before / after T */
static Value h_shift(Eval *e, const Flat *f) {
  Value a = flat_eval(e, f->a), b = flat_eval(e, f->b);
  if (!v_known(a) || !v_known(b)) return v_unknown();
  return eval_add_duration(e, b, a, f->op == N_AFTER ? 1 : -1);
}

/* the arguments of a call: f->c is the first, each ->c the next */
static int call_args(Eval *e, const Flat *f, Value *av) {
  int na = 0;
  for (const Flat *x = f->c; x; x = x->c) av[na++] = flat_eval(e, x->a);
  return na;
}

static Value h_builtin(Eval *e, const Flat *f) {
  Value av[RR_MAX_PARAMS];
  int na = call_args(e, f, av);
  return eval_builtin_values(e, f->slot, av, na);
}

/* fn(args): the parameters bound, then its body (compiled at the call) */
static Value h_call(Eval *e, const Flat *f) {
  Value av[RR_MAX_PARAMS];
  int na = call_args(e, f, av);
  const int *slot = e->p->aFn[f->slot].aParamSlot;
  for (int i = 0; i < na; i++) e->vars[slot[i]] = av[i];
  return flat_eval(e, f->b);
}
/* }==== */

/* {==== compilation ==================================================== */

static Flat *node(Arena *a, const Node *n, int *oom) {
  Flat *f = arena_alloc(a, sizeof *f);
  if (!f) {
    *oom = 1;
    return NULL;
  }
  f->n = n;
  f->op = (uint8_t)n->op;
  f->fn = h_node;
  return f;
}

static Flat *leaf(Arena *a, const Node *n, int kind, int slot, Value k, int *oom) {
  Flat *f = node(a, n, oom);
  if (f) {
    f->leaf = (uint8_t)kind;
    f->slot = slot;
    f->k = k;
  }
  return f;
}

/* A function's body is compiled at each call, up to this depth of calls
** within calls; deeper, the call is eval_expr's. */
#define FLAT_MAX_INLINE 4

static const Flat *compile(Arena *a, const Program *p, const Node *n, int *oom, int depth);

/* The arguments of N as a chain (f->c, each ->c the next, ->a the value);
** 0 when there are too many to compile. */
static int compile_args(Arena *a, const Program *p, const Node *n, Flat *f, int *oom, int depth) {
  if (n->nArg > RR_MAX_PARAMS) return 0;
  const Flat **link = &f->c;
  for (int i = 0; i < n->nArg && !*oom; i++) {
    Flat *x = node(a, n->args[i], oom);
    if (!x) return 0;
    x->a = compile(a, p, n->args[i], oom, depth);
    *link = x;
    link = &x->c;
  }
  return !*oom;
}

const Flat *flat_compile(Arena *a, const Program *p, const Node *n, int *oom) {
  return compile(a, p, n, oom, 0);
}

static const Flat *compile(Arena *a, const Program *p, const Node *n, int *oom, int depth) {
  if (!n || *oom) return NULL;
  switch (n->op) {
    case N_BOOL: case N_INT: case N_NUM: case N_STR: case N_DATE: case N_INSTANT: case N_TIME:
    case N_DUR: case N_ENUMLIT: case N_NULL:
      return leaf(a, n, FL_CONST, 0, n->k, oom);
    case N_SET: case N_LIST:
      if (n->flags & NF_CONST) return leaf(a, n, FL_CONST, 0, n->k, oom);
      break;
    case N_FACT: return leaf(a, n, FL_FACT, n->slot, v_unknown(), oom);
    case N_VAR: return leaf(a, n, FL_VAR, n->slot, v_unknown(), oom);
    case N_RULEREF:
      if (n->flags & NF_ASRULE) return leaf(a, n, FL_CONST, 0, v_rule(n->slot), oom);
      if (p->aRule[n->slot].renderOnly) break;
      return leaf(a, n, FL_RES, n->slot, v_unknown(), oom);
    default:
      break;
  }
  Flat *f = node(a, n, oom);
  if (!f) return NULL;
  switch (n->op) {
    case N_ASOF: f->fn = h_asof; break;
    case N_GETFIELD: f->fn = h_getfield; f->slot = n->slot; f->a = compile(a, p, n->a, oom, depth); break;
    case N_NOT: f->fn = h_not; f->a = compile(a, p, n->a, oom, depth); break;
    case N_AND: case N_OR:
      f->fn = n->op == N_AND ? h_and : h_or;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      break;
    case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
      f->fn = n->op == N_EQ || n->op == N_NE ? h_eq : h_cmp;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      if (f->fn == h_eq && f->b && f->b->leaf == FL_CONST && plain_tag(f->b->k.tag)) {
        f->fn = h_eq_k;                      /* x == member */
        f->k = f->b->k;
      }
      break;
    case N_IN: case N_NOTIN:
      if (!(n->b->flags & NF_MASK)) break;
      f->fn = h_in_mask;
      f->mask = n->b->mask;
      f->a = compile(a, p, n->a, oom, depth);
      break;
    case N_HASANY: case N_HASALL:
      if (!(n->b->flags & NF_MASK)) break;
      f->fn = h_has_mask;
      f->mask = n->b->mask;
      f->a = compile(a, p, n->a, oom, depth);
      break;
    case N_ISKNOWN: case N_ISNOTKNOWN: case N_ISTRUE: case N_ISNOTTRUE:
      f->fn = h_isknown;
      f->a = compile(a, p, n->a, oom, depth);
      break;
    case N_COALESCE:
      f->fn = h_coalesce;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      break;
    case N_IF:
      f->fn = h_if;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      f->c = compile(a, p, n->c, oom, depth);
      break;
    case N_ANY: case N_ALL:
      f->fn = h_quant;
      f->slot = n->slot;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      break;
    case N_ANYKIND: f->fn = h_anykind; f->slot = n->slot; break;
    case N_FIRST: case N_LAST:
      f->fn = h_first;
      f->slot = n->slot;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      break;
    case N_RULEATTR:
      if (n->slot != RA_HOLDS && n->slot != RA_VALUE) break;
      f->fn = h_attr;
      f->slot = n->slot;
      f->a = compile(a, p, n->a, oom, depth);
      break;
    case N_BEFORE: case N_AFTER:
      f->fn = h_shift;
      f->a = compile(a, p, n->a, oom, depth);
      f->b = compile(a, p, n->b, oom, depth);
      break;
    case N_BUILTIN:
      if ((n->flags & NF_RENDER) || !compile_args(a, p, n, f, oom, depth)) break;
      f->fn = h_builtin;
      f->slot = n->slot;
      break;
    case N_FNCALL:
      if (depth >= FLAT_MAX_INLINE || !compile_args(a, p, n, f, oom, depth)) break;
      f->fn = h_call;
      f->slot = n->slot;
      f->b = compile(a, p, p->aFn[n->slot].body, oom, depth + 1);
      break;
    default: break;                          /* h_node: eval_expr */
  }
  return *oom ? NULL : f;
}

/* }==== */
