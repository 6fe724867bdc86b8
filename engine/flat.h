/*
** flat.h - expressions compiled to a flat form for the evaluator (flat.c):
** each node a small function of its own with its operands resolved (fact,
** rule and variable slots, constants, enum sets as bits), instead of one
** large switch over the syntax tree.  The same values as eval_expr.
*/
#ifndef RR_FLAT_H
#define RR_FLAT_H

#include "eval.h"

typedef struct Flat Flat;
typedef Value (*FlatFn)(Eval *e, const Flat *f);

/* Operand kinds read in place, without a call. */
enum { FL_CALL = 0, FL_FACT, FL_RES, FL_CONST, FL_VAR };

struct Flat {
  uint8_t leaf;           /* FL_* */
  uint8_t op;             /* the node's operator, for handlers shared by several */
  int slot;               /* fact, rule, variable or field slot */
  FlatFn fn;              /* FL_CALL: computes the value */
  const Flat *a, *b, *c;  /* operands */
  const Node *n;          /* the node: what is not compiled is evaluated by eval_expr */
  Value k;                /* FL_CONST */
  uint64_t mask;          /* a constant set of enum members, as bits */
};

/* The flat form of N (checked, of E's program) in arena A; NULL for N NULL,
** or when out of memory (*OOM set). */
const Flat *flat_compile(Arena *a, const Program *p, const Node *n, int *oom);

/* The value of F: that of eval_expr on its node. */
static inline Value flat_eval(Eval *e, const Flat *f) {
  if (f->leaf == FL_FACT) return e->facts[f->slot];
  if (f->leaf == FL_RES) return e->res[f->slot];
  if (f->leaf == FL_CONST) return f->k;
  if (f->leaf == FL_VAR) return e->vars[f->slot];
  return f->fn(e, f);
}

#endif
