/*
** ordered.c - 'first x in L where x.F > v' (and >=, <, <=, and 'last') over
** a list ordered by F, by binary search instead of a scan.
**
** A rule such as "the next CMR after this one" (for each c in L: first n in
** L where n.held_at > c.held_at) costs N^2 comparisons when scanned.  When
** the list comes from the case (a fact or a rule's value, which do not
** change while a case is evaluated) and its items' F never decreases -- a
** property checked once per case and list (Eval.aOrd) -- the condition is
** false then true (>, >=) or true then false (<, <=) along the list, and the
** boundary is found in log N steps.  Anything else (an unknown F, mixed
** types, an unordered list, a short one) is left to the scan, which gives
** the same answer.
*/
#include "ordered.h"

/* Lists shorter than this are scanned: the search would not pay. */
#define ORDERED_MIN 8

/* 1 when expression N reads variable SLOT. */
static int reads_var(const Node *n, int slot) {
  if (!n) return 0;
  if (n->op == N_VAR && n->slot == slot) return 1;
  if (reads_var(n->a, slot) || reads_var(n->b, slot) || reads_var(n->c, slot) || reads_var(n->d, slot)) return 1;
  for (int i = 0; i < n->nArg; i++) {
    if (reads_var(n->args[i], slot)) return 1;
  }
  return 0;
}

/* 1 when N is the variable SLOT or one of its fields (x, x.F). */
static int is_key(const Node *n, int slot) {
  if (n->op == N_VAR) return n->slot == slot;
  return n->op == N_GETFIELD && n->a->op == N_VAR && n->a->slot == slot;
}

static int is_order_op(int op) { return op == N_LT || op == N_LE || op == N_GT || op == N_GE; }

int ordered_shape(const Node *n) {
  const Node *w = n->b;
  if ((n->op != N_FIRST && n->op != N_LAST) || !w || !is_order_op(w->op) || !w->a || !w->b) return 0;
  if (is_key(w->a, n->slot)) return !reads_var(w->b, n->slot);
  if (is_key(w->b, n->slot)) return !reads_var(w->a, n->slot);
  return 0;
}

/* The key of item X: X itself (FIELD -1) or its field; unknown when X is
** not a record. */
static Value key_of(Value x, int field) {
  if (field < 0) return x;
  return x.tag == V_REC ? x.u.items[field] : v_unknown();
}

static int same_kind(Value a, Value b) {
  int na = a.tag == V_INT || a.tag == V_NUM, nb = b.tag == V_INT || b.tag == V_NUM;
  return na ? nb : a.tag == b.tag;
}

/* 1 when every item of LIST has a known key, of one type, never decreasing. */
static int is_ordered(Value list, int field) {
  const Value *it = list.u.items;
  Value prev = key_of(it[0], field);
  if (!v_known(prev)) return 0;
  for (int k = 1; k < list.n; k++) {
    Value x = key_of(it[k], field);
    if (!v_known(x) || !same_kind(x, prev) || eval_cmp(prev, x) > 0) return 0;
    prev = x;
  }
  return 1;
}

/* Whether LIST (read by expression SRC) is ordered by FIELD, from the
** case's cache or checked now; -1 when the list does not come from the
** case (its items may change: not cached, not searched). */
static int ordered_by(Eval *e, const Node *src, Value list, int field) {
  if (src->op == N_RULEREF) {
    if ((src->flags & (NF_ASRULE | NF_RENDER)) || e->p->aRule[src->slot].renderOnly) return -1;
  } else if (src->op != N_FACT) {
    return -1;
  }
  for (int k = 0; k < e->nOrd; k++) {
    if (e->aOrd[k].items == list.u.items && e->aOrd[k].n == list.n && e->aOrd[k].field == field)
      return e->aOrd[k].sorted;
  }
  int sorted = is_ordered(list, field);
  if (e->nOrd < (int)(sizeof e->aOrd / sizeof e->aOrd[0])) {
    e->aOrd[e->nOrd].items = list.u.items;
    e->aOrd[e->nOrd].n = list.n;
    e->aOrd[e->nOrd].field = field;
    e->aOrd[e->nOrd].sorted = (uint8_t)sorted;
    e->nOrd++;
  }
  return sorted;
}

int ordered_first(Eval *e, const Node *n, Value list, Value *out) {
  if (list.tag != V_LIST || list.n < ORDERED_MIN) return 0;
  const Node *w = n->b, *key = w->a, *other = w->b;
  int op = w->op;
  if (!is_key(key, n->slot)) {              /* v < x.F: the same as x.F > v */
    key = w->b;
    other = w->a;
    op = op == N_LT ? N_GT : op == N_LE ? N_GE : op == N_GT ? N_LT : N_LE;
  }
  int field = key->op == N_GETFIELD ? key->slot : -1;
  if (ordered_by(e, n->a, list, field) != 1) return 0;
  const Value *it = list.u.items;
  Value t = eval_expr(e, other), found = v_unknown();
  if (v_known(t)) {
    if (!same_kind(t, key_of(it[0], field))) return 0;
    /* b: the first item whose key is > t (for >, <=) or >= t (for >=, <) */
    int strict = op == N_GT || op == N_LE, lo = 0, hi = list.n;
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2, c = eval_cmp(key_of(it[mid], field), t);
      if (strict ? c > 0 : c >= 0) hi = mid;
      else lo = mid + 1;
    }
    int rising = op == N_GT || op == N_GE;  /* the condition holds on [b, n), else on [0, b) */
    int from = rising ? lo : 0, to = rising ? list.n : lo;
    if (from < to) found = it[n->op == N_FIRST ? from : to - 1];
  }
  /* a scan leaves the variable on the item found, else on the last */
  e->vars[n->slot] = v_known(found) ? found : it[list.n - 1];
  *out = found;
  return 1;
}
