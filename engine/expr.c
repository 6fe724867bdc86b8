/*
** expr.c - expressions (SQLite's resolve.c): each name resolved to its slot,
** each operator's operand types and units checked, the dependencies between
** rules recorded, and lists of constants folded.
**
** chk() is the entry: it rewrites the node in place (N_NAME becomes N_FACT,
** N_VAR, N_RULEREF or N_ENUMLIT; N_CALL becomes N_FNCALL or N_BUILTIN ...)
** and sets its type, so the tree the evaluator walks is the tree the parser
** built.  A let, rule or function a name refers to is checked there and
** then if it has not been yet (rule.c), because its type is needed.
*/
#include "checkint.h"

#include <stdio.h>
#include <string.h>

#include "eval.h"
#include "ordered.h"
#include "rrlimits.h"
#include "suggest.h"

/* Builtin functions: their arity, and whether they allocate (render: only in
** a report, an evidence clause or a test). */
static const struct { const char *zName; int nMin, nMax, render; } builtins[B__COUNT] = {
  /* ORDER BUILTINS */
  {"age_on", 2, 2, 0}, {"date_of", 1, 1, 0}, {"overlap_minutes", 2, 2, 0}, {"count", 1, 1, 0},
  {"min", 2, 8, 0}, {"max", 2, 8, 0}, {"earliest", 1, 8, 0}, {"latest", 1, 8, 0},
  {"end_of_day", 1, 1, 0}, {"highest", 1, 1, 0},
  {"ids", 1, 1, 1}, {"basis", 1, 1, 1}, {"trace", 1, 1, 1}, {"holding", 1, 1, 1},
  {"join", 2, 2, 1}, {"text", 1, 1, 1}, {"deadlines", 0, 0, 1}, {"awaiting_deadlines", 0, 0, 1},
  {"municipal_overlay", 0, 0, 1},
  {"rule_versions", 0, 0, 1},
};

static const char *const rule_attrs[] = {   /* ORDER: RA_* in program.h */
  "id", "title", "citations", "evidence", "kind", "note", "reading", "holds", "value", "status", 0
};

/* {==== the context of an expression ================================= */

/* Records that the rule or function being checked reads rule R (so that R
** is evaluated before it).  Rendering reads finished results: no edge. */
void chk_add_dep(Checker *c, int r) {
  if ((c->curRule < 0 && c->curFn < 0) || c->render == RENDER_YES) return;   /* rendering reads finished results */
  for (int i = 0; i < c->nDep; i++) if (c->dep[i] == r) return;
  if (c->nDep == c->capDep) {
    c->capDep = c->capDep ? c->capDep * 2 : 16;
    int *nd = xalloc(c, (size_t)c->capDep * sizeof *nd);
    if (c->nDep) memcpy(nd, c->dep, (size_t)c->nDep * sizeof *nd);
    c->dep = nd;
  }
  c->dep[c->nDep++] = r;
}

/* N allocates when evaluated (WHAT it is, for the message): allowed only
** while rendering.  Returns 0 after reporting it where it is not. */
static int need_render(Checker *c, Node *n, const char *what) {
  n->flags |= NF_RENDER;
  c->nRenderUses++;
  if (c->render != RENDER_NO) return 1;
  ERR(n, "%s can only be used in a report, an evidence clause or a test", what);
  return 0;
}

/* The innermost variable Z of the definition being checked, or NULL. */
static Var *find_var(Checker *c, const char *z) {
  for (int i = c->nVar - 1; i >= c->varFloor; i--) if (strcmp(c->vars[i].zName, z) == 0) return &c->vars[i];
  return NULL;
}

/* Brings variable Z of type T into scope, in a new slot; -1 (reported at
** AT) when too many are nested. */
int chk_push_var(Checker *c, Node *at, const char *z, const Type *t) {
  if (c->nVar == (int)(sizeof c->vars / sizeof c->vars[0])) {
    ERR(at, "too many nested variables");
    return -1;
  }
  int slot = new_var_slot(c);
  c->vars[c->nVar++] = (Var){z, slot, t};
  return slot;
}

/* The group of facts an expression names (child, events.identified_by), if any. */
static FactNode *as_group(Checker *c, Node *n) {
  if (n->op == N_NAME) {
    if (find_var(c, n->zName) || strmap_get(&c->lets, n->zName) >= 0) return NULL;
    FactNode *k = fact_kid(c->p->root, n->zName);
    return k && !k->type ? k : NULL;
  }
  if (n->op == N_FIELD) {
    FactNode *g = as_group(c, n->a);
    if (!g) return NULL;
    FactNode *k = fact_kid(g, n->zName);
    return k && !k->type ? k : NULL;
  }
  return NULL;
}

static const char *kid_name(int i, const void *ud) { return ((const FactNode *)ud)->aKid[i]->zName; }

/* The path of the member of G nearest to Z, for "did you mean". */
static const char *suggest_kid(const FactNode *g, const char *z) {
  const char *best = suggest_nearest(z, g->nKid, kid_name, g);
  for (int i = 0; best && i < g->nKid; i++) if (g->aKid[i]->zName == best) return g->aKid[i]->zPath;
  return NULL;
}

/* The type of rule I's value, checking I first if it has not been (a let
** or a rule with a value is checked at its first use). */
static const Type *rule_type(Checker *c, Node *at, int i) {
  Rule *r = &c->p->aRule[i];
  if (r->type) return r->type;
  if (r->kind == RK_TABLE) return &tyError;     /* reported with the table */
  if (!r->value && !r->nCase && r->kind != RK_DEADLINE) return &tyBool;
  if (c->letState[i] == CHECK_UNDER_WAY) {
    ERR(at, "'%s' is defined in terms of itself", r->zId);
    return &tyError;
  }
  if (c->nNest >= MAX_NEST && c->letState[i] == CHECK_NOT_YET) {
    ERR(at, "'%s' is part of a chain of more than %d definitions that read one another: is it "
        "defined in terms of itself?", r->zId, MAX_NEST);
    return &tyError;
  }
  check_rule(c, i);
  return r->type ? r->type : &tyError;
}

/* }==== */

/* {==== operands ====================================================== */

/* A bare lower-case name that may only make sense in context (an enum member). */
static int needs_context(Checker *c, Node *n) {
  if (n->op == N_SET || n->op == N_LIST) return 1;
  if (n->op != N_NAME) return 0;
  if (find_var(c, n->zName) || strmap_get(&c->lets, n->zName) >= 0) return 0;
  if (strcmp(n->zName, "as_of") == 0 || strcmp(n->zName, "case_id") == 0) return 0;
  return fact_kid(c->p->root, n->zName) == NULL;
}

/* Checks the two operands of a binary operator, the contextual one last. */
static void chk_pair(Checker *c, Node *n, const Type **ta, const Type **tb) {
  if (needs_context(c, n->a) && !needs_context(c, n->b)) {
    *tb = chk(c, n->b, NULL);
    *ta = chk(c, n->a, *tb);
  } else {
    *ta = chk(c, n->a, NULL);
    *tb = chk(c, n->b, *ta);
  }
}

/* Checks N as a condition (WHAT, for the message, is where it stands). */
const Type *chk_bool(Checker *c, Node *n, const char *what) {
  const Type *t = chk(c, n, &tyBool);
  if (!is_error(t) && t->k != T_BOOL) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n, "%s must be a condition (bool), not %s", what, s);
    return &tyError;
  }
  return t;
}

/* Folds a list of constants (literals, enum members, rules) into n->k. */
static void fold_list(Checker *c, Node *n) {
  for (int i = 0; i < n->nArg; i++) {
    Node *e = n->args[i];
    int constant = e->op == N_BOOL || e->op == N_INT || e->op == N_NUM || e->op == N_STR ||
                   e->op == N_DATE || e->op == N_INSTANT || e->op == N_TIME || e->op == N_DUR ||
                   e->op == N_ENUMLIT || (e->op == N_RULEREF && (e->flags & NF_ASRULE));
    if (!constant) return;
  }
  Value *v = xalloc(c, (size_t)(n->nArg ? n->nArg : 1) * sizeof *v);
  for (int i = 0; i < n->nArg; i++) {
    Node *e = n->args[i];
    v[i] = e->op == N_RULEREF ? v_rule(e->slot) : e->k;
  }
  n->k.tag = V_LIST;
  n->k.n = n->nArg;
  n->k.u.items = v;
  n->flags |= NF_CONST;
  /* members of one enum: a bit set, so that 'in' and 'has any' test a bit */
  int allEnum = n->nArg > 0;
  for (int i = 0; i < n->nArg && allEnum; i++)
    allEnum = v[i].tag == V_ENUM && v[i].aux == v[0].aux && v[i].u.i < 64;
  if (allEnum) {
    n->mask = 0;
    for (int i = 0; i < n->nArg; i++) n->mask |= (uint64_t)1 << v[i].u.i;
    n->flags |= NF_MASK;
  }
}

/* }==== */

/* {==== names, fields, calls =========================================== */

/* A lower-case name, tried in this order: a member of the enum WANT, a
** variable, as_of, case_id, a let, a fact, a member of exactly one enum.
** A function or a group of facts named without what it needs is reported
** with what to write instead. */
static const Type *chk_name(Checker *c, Node *n, const Type *want) {
  const char *z = n->zName;
  if (want && want->k == T_ENUM) {
    int m = enum_member(&c->p->aEnum[want->id], z);
    if (m >= 0) {
      n->op = N_ENUMLIT;
      n->k = v_enum(want->id, m);
      return want;
    }
  }
  Var *v = find_var(c, z);
  if (v) {
    n->op = N_VAR;
    n->slot = v->slot;
    return v->type;
  }
  if (strcmp(z, "as_of") == 0) {
    n->op = N_ASOF;
    return &tyInstant;
  }
  if (strcmp(z, "case_id") == 0) {
    n->op = N_CASEID;
    return &tyText;
  }
  int li = strmap_get(&c->lets, z);
  if (li >= 0) {
    const Type *t = rule_type(c, n, li);
    n->op = N_RULEREF;
    n->slot = li;
    chk_add_dep(c, li);
    if (c->p->aRule[li].renderOnly && !need_render(c, n, "a let that builds text")) return &tyError;
    return t;
  }
  FactNode *k = fact_kid(c->p->root, z);
  if (k) {
    if (!k->type) {
      ERR(n, "'%s' is a group of facts, not a fact: name one of its members (e.g. %s.%s)", z, z,
          k->nKid ? k->aKid[0]->zName : "...");
      return &tyError;
    }
    n->op = N_FACT;
    n->slot = k->slot;
    return k->type;
  }
  if (strmap_get(&c->fns, z) >= 0) {
    ERR(n, "'%s' is a function: call it with arguments, %s(...)", z, z);
    return &tyError;
  }
  for (int b = 0; b < B__COUNT; b++) {
    if (strcmp(builtins[b].zName, z) == 0) {
      ERR(n, "'%s' is a function: call it with arguments, %s(...)", z, z);
      return &tyError;
    }
  }
  if (!want || want->k != T_ENUM) {
    /* a member of exactly one enum needs no context */
    int found = -1, nFound = 0;
    char owners[200];
    size_t len = 0;
    owners[0] = 0;
    for (int i = 0; i < c->p->nEnum; i++) {
      if (enum_member(&c->p->aEnum[i], z) < 0) continue;
      found = i;
      nFound++;
      if (len < sizeof owners - 40)
        len += (size_t)snprintf(owners + len, sizeof owners - len, "%s%s", nFound > 1 ? ", " : "",
                                c->p->aEnum[i].zName);
    }
    if (nFound == 1) {
      n->op = N_ENUMLIT;
      n->k = v_enum(found, enum_member(&c->p->aEnum[found], z));
      return c->p->aEnum[found].type;
    }
    if (nFound > 1) {
      ERR(n, "'%s' is a member of several enums (%s): compare it with a value of the one you mean", z, owners);
      return &tyError;
    }
  }
  if (want && want->k == T_ENUM) {
    const EnumDef *e = &c->p->aEnum[want->id];
    char list[256];
    size_t len = 0;
    list[0] = 0;
    for (int i = 0; i < e->nMember && len < sizeof list - 40; i++) {
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", e->azMember[i]);
    }
    if (len >= sizeof list - 40) snprintf(list + len, sizeof list - len, ", ...");
    ERR(n, "'%s' is not a member of enum %s (%s)", z, e->zName, list);
    return &tyError;
  }
  const char *sug = suggest_kid(c->p->root, z);
  if (sug) ERR(n, "unknown name '%s' (did you mean '%s'?)", z, sug);
  else ERR(n, "unknown name '%s'", z);
  return &tyError;
}

/* An upper-case name: a rule.  Its value (and a dependency on it), or the
** rule itself where WANT is tyRule or the node is marked NF_ASRULE. */
static const Type *chk_uname(Checker *c, Node *n, const Type *want) {
  int i = strmap_get(&c->rules, n->zName);
  if (i < 0 && diag_is_broken(c->d, n->zName)) return &tyError;   /* already reported */
  if (i < 0) {
    const char *sug = declare_suggest_rule(c, n->zName);
    if (sug) ERR(n, "unknown rule '%s' (did you mean '%s'?)", n->zName, sug);
    else ERR(n, "unknown rule '%s'", n->zName);
    return &tyError;
  }
  n->op = N_RULEREF;
  n->slot = i;
  if ((want && want->k == T_RULE) || (n->flags & NF_ASRULE)) {
    n->flags |= NF_ASRULE;
    return &tyRule;
  }
  if (c->p->aRule[i].kind == RK_TABLE) {
    ERR(n, "'%s' is a table: look a value up with %s[key, ...]", n->zName, n->zName);
    return &tyError;
  }
  chk_add_dep(c, i);
  return rule_type(c, n, i);
}

/* a.name: a fact of a group (child.sex), an attribute of a rule (R.title,
** r.value), or a field of a record (s.start). */
static const Type *chk_field(Checker *c, Node *n) {
  FactNode *g = as_group(c, n->a);
  if (g) {
    FactNode *k = fact_kid(g, n->zName);
    if (!k) {
      const char *sug = suggest_kid(g, n->zName);
      if (sug) ERR(n, "unknown fact '%s.%s' (did you mean '%s'?)", g->zPath, n->zName, sug);
      else ERR(n, "unknown fact '%s.%s'", g->zPath, n->zName);
      return &tyError;
    }
    if (!k->type) {
      ERR(n, "'%s' is a group of facts, not a fact: name one of its members (e.g. %s.%s)",
          k->zPath, k->zPath, k->nKid ? k->aKid[0]->zName : "...");
      return &tyError;
    }
    n->op = N_FACT;
    n->slot = k->slot;
    n->a = NULL;
    return k->type;
  }
  if (n->a->op == N_UNAME) n->a->flags |= NF_ASRULE;
  const Type *t = chk(c, n->a, NULL);
  if (is_error(t)) return t;
  if (t->k == T_RULE) {
    for (int i = 0; rule_attrs[i]; i++) {
      if (strcmp(rule_attrs[i], n->zName) != 0) continue;
      n->op = N_RULEATTR;
      n->slot = i;
      if ((i == RA_HOLDS || i == RA_VALUE || i == RA_STATUS) && n->a->op == N_RULEREF) chk_add_dep(c, n->a->slot);
      switch (i) {
        case RA_HOLDS: return &tyBool;
        case RA_STATUS:
          if (n->a->op == N_RULEREF && c->p->aRule[n->a->slot].kind != RK_DEADLINE) {
            ERR(n, "'.status' is the status of a deadline; %s is a %s", c->p->aRule[n->a->slot].zId,
                kind_name(c->p->aRule[n->a->slot].kind));
            return &tyError;
          }
          return &tyText;
        case RA_CITATIONS: return type_list_of(c, &tyText);
        case RA_VALUE:
          if (n->a->op == N_RULEREF) return rule_type(c, n, n->a->slot);
          if (t->rkind >= 0) {               /* a rule of one construct: their common type */
            int kind = t->rkind, cnt = kind == RK_INTERPRETATION ? c->p->nInterp : c->p->nKindRule[kind];
            const int *v = kind == RK_INTERPRETATION ? c->p->aInterp : c->p->aKindRule[kind];
            const Type *u = NULL;
            for (int k = 0; k < cnt && (!u || !is_error(u)); k++) {
              const Type *w = rule_type(c, n, v[k]);
              u = !u ? w : type_unify(c, u, w) ? type_unify(c, u, w) : &tyJson;
            }
            if (u && !is_error(u) && u->k != T_JSON) return u;
          }
          need_render(c, n, "the value of a rule chosen at run time");
          return &tyJson;
        case RA_EVIDENCE:
          need_render(c, n, "evidence");
          return &tyText;
        default: return &tyText;
      }
    }
    ERR(n, "a rule has no attribute '%s' (id, title, citations, evidence, kind, note, reading, "
        "holds, value, status)", n->zName);
    return &tyError;
  }
  if (t->k == T_REC) {
    const RecordDef *r = &c->p->aRecord[t->id];
    for (int i = 0; i < r->nField; i++) {
      if (strcmp(r->aField[i].zName, n->zName) == 0) {
        n->op = N_GETFIELD;
        n->slot = i;
        return r->aField[i].type;
      }
    }
    ERR(n, "record %s has no field '%s'", r->zName, n->zName);
    return &tyError;
  }
  char s[96];
  type_str(c, t, s, sizeof s);
  if (t->k == T_LIST)
    ERR(n, "'.%s' on a %s: use a quantifier, e.g. any x in ...: x.%s", n->zName, s, n->zName);
  else
    ERR(n, "%s has no field '%s'", s, n->zName);
  return &tyError;
}

/* TABLE[key, ...]: a lookup, each key of the table's key type. */
static const Type *chk_index(Checker *c, Node *n) {
  if (n->a->op != N_UNAME) {
    ERR(n, "only tables can be indexed: TABLE[key, ...]");
    return &tyError;
  }
  int i = strmap_get(&c->rules, n->a->zName);
  if (i < 0 || c->p->aRule[i].kind != RK_TABLE) {
    if (i < 0) chk_uname(c, n->a, NULL);
    else ERR(n, "'%s' is not a table", n->a->zName);
    return &tyError;
  }
  Rule *r = &c->p->aRule[i];
  n->op = N_TABLE;
  n->slot = i;
  chk_add_dep(c, i);
  if (n->nArg != r->nKey) {
    ERR(n, "table %s has %d key%s, not %d", r->zId, r->nKey, r->nKey == 1 ? "" : "s", n->nArg);
    return r->type ? r->type : &tyError;
  }
  for (int k = 0; k < n->nArg; k++) {
    const Type *t = chk(c, n->args[k], r->aKeyType[k]);
    if (!is_error(t) && !is_error(r->aKeyType[k]) && !type_eq(t, r->aKeyType[k])) {
      type_mismatch(c, n->args[k], "look up", r->aKeyType[k], t);
    }
  }
  return r->type ? r->type : &tyError;
}

/* A call of builtin B (builtins[]): its arity, its arguments' types, and
** whether it may be used here (render). */
static const Type *chk_builtin(Checker *c, Node *n, int b) {
  const Type *t[8] = {0};
  const Type *ruleList = type_list_of(c, &tyRule);
  if (n->nArg < builtins[b].nMin || n->nArg > builtins[b].nMax) {
    if (builtins[b].nMin == builtins[b].nMax)
      ERR(n, "%s() takes %d argument%s, not %d", builtins[b].zName, builtins[b].nMin,
          builtins[b].nMin == 1 ? "" : "s", n->nArg);
    else
      ERR(n, "%s() takes %d to %d arguments, not %d", builtins[b].zName, builtins[b].nMin,
          builtins[b].nMax, n->nArg);
    return &tyError;
  }
  if (builtins[b].render && !need_render(c, n, "this function")) return &tyError;
  n->op = N_BUILTIN;
  n->slot = b;
  switch (b) {
    case B_IDS: case B_HOLDING: case B_HIGHEST:
      t[0] = chk(c, n->args[0], ruleList);
      break;
    case B_BASIS: case B_TRACE:
      t[0] = chk(c, n->args[0], &tyRule);
      break;
    default:
      for (int i = 0; i < n->nArg; i++) t[i] = chk(c, n->args[i], i ? t[0] : NULL);
      break;
  }
  for (int i = 0; i < n->nArg; i++) if (is_error(t[i])) return &tyError;
  char s[96];
#define ARGERR(i, what) do { type_str(c, t[i], s, sizeof s); \
    ERR(n->args[i], "%s() needs %s here, not %s", builtins[b].zName, what, s); return &tyError; } while (0)
  switch (b) {
    case B_AGE_ON:
      if (t[0]->k != T_DATE) ARGERR(0, "a date (of birth)");
      if (t[1]->k != T_DATE && t[1]->k != T_INSTANT) ARGERR(1, "a date or datetime");
      return &tyInt;
    case B_DATE_OF:
      if (t[0]->k != T_INSTANT) ARGERR(0, "a datetime");
      return &tyDate;
    case B_OVERLAP_MINUTES:
      if (t[0]->k != T_RANGE) ARGERR(0, "a time range (a .. b)");
      if (t[1]->k != T_RANGE) ARGERR(1, "a time range (a .. b)");
      return &tyInt;
    case B_COUNT:
      if (t[0]->k != T_LIST) ARGERR(0, "a list");
      return &tyInt;
    case B_MIN: case B_MAX: {
      const Type *u = t[0];
      for (int i = 1; i < n->nArg; i++) {
        const Type *w = type_unify(c, u, t[i]);
        if (!w) { type_mismatch(c, n->args[i], "combine", u, t[i]); return &tyError; }
        u = w;
      }
      if (!type_is_ordered(u) && !(u->k == T_ENUM && c->p->aEnum[u->id].ordered))
        ARGERR(0, "numbers, dates, date-times or levels");
      return u;
    }
    case B_IDS:
      if (t[0]->k != T_RULE && !(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "rules");
      return type_list_of(c, &tyText);
    case B_BASIS: case B_TRACE:
      if (t[0]->k != T_RULE) ARGERR(0, "a rule");
      return ruleList;
    case B_HOLDING:
      if (!(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "a list of rules");
      return ruleList;
    case B_JOIN:
      if (t[0]->k != T_LIST) ARGERR(0, "a list");
      if (t[1]->k != T_TEXT) ARGERR(1, "a text separator");
      return &tyText;
    case B_TEXT:
      return &tyText;
    case B_EARLIEST: case B_LATEST: {
      /* known values only: earliest(a, b) is a when b is unknown */
      const Type *u = n->nArg == 1 && t[0]->k == T_LIST ? t[0]->elem : t[0];
      for (int i = 1; i < n->nArg; i++) {
        const Type *w = type_unify(c, u, t[i]);
        if (!w) { type_mismatch(c, n->args[i], "combine", u, t[i]); return &tyError; }
        u = w;
      }
      if (u->k == T_NULL) return &tyInstant;
      if (u->k != T_INSTANT && u->k != T_DATE && u->k != T_INT && u->k != T_NUM) ARGERR(0, "date-times, dates or numbers");
      return u;
    }
    case B_END_OF_DAY:
      if (t[0]->k != T_INSTANT) ARGERR(0, "a date-time");
      return &tyInstant;
    case B_HIGHEST: {
      if (!(t[0]->k == T_LIST && (t[0]->elem->k == T_RULE || t[0]->elem->k == T_NULL)))
        ARGERR(0, "rules whose values are levels");
      const Type *lv = type_level(c);
      if (!lv) ARGERR(0, "levels (enum Level is not declared)");
      return lv;
    }
    case B_DEADLINES: case B_AWAITING:
      return type_list_of(c, &tyJson);
    case B_OVERLAY:
      return &tyJson;
    case B_VERSIONS:
      return type_list_of(c, &tyJson);
  }
#undef ARGERR
  return &tyError;
}

/* name(args): a function of the rule set (checked at its first call; its
** dependencies become the caller's) or a builtin. */
static const Type *chk_call(Checker *c, Node *n) {
  int fi = strmap_get(&c->fns, n->zName);
  if (fi >= 0) {
    Fn *f = &c->p->aFn[fi];
    if (c->nNest >= MAX_NEST && f->state == CHECK_NOT_YET) {
      ERR(n, "'%s' is part of a chain of more than %d definitions that read one another: does it call "
          "itself?", f->zName, MAX_NEST);
      return &tyError;
    }
    check_fn(c, fi);
    n->op = N_FNCALL;
    n->slot = fi;
    if (n->nArg != f->nParam) {
      ERR(n, "%s() takes %d argument%s, not %d", f->zName, f->nParam, f->nParam == 1 ? "" : "s", n->nArg);
      return f->type ? f->type : &tyError;
    }
    for (int i = 0; i < n->nArg; i++) {
      const Type *t = chk(c, n->args[i], f->aParamType[i]);
      if (!is_error(t) && !is_error(f->aParamType[i]) && !type_unify(c, f->aParamType[i], t))
        type_mismatch(c, n->args[i], "pass", t, f->aParamType[i]);
    }
    for (int i = 0; i < f->nDep; i++) chk_add_dep(c, f->aDep[i]);
    return f->type ? f->type : &tyError;
  }
  for (int b = 0; b < B__COUNT; b++) {
    if (strcmp(builtins[b].zName, n->zName) == 0) return chk_builtin(c, n, b);
  }
  ERR(n, "unknown function '%s'", n->zName);
  for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
  return &tyError;
}

/* }==== */

/* {==== literals, quantifiers, collections, operators ================== */

static const Type *chk_quantity(Checker *c, Node *n) {
  Node *num = n->a;
  double x = num->op == N_INT ? (double)num->k.u.i : num->k.u.d;
  int u = unit_lookup(n->zName, (int)strlen(n->zName));
  uint32_t end = n->off + n->len;
  n->off = num->off;                      /* the caret covers "15 kg" */
  n->len = end - num->off;
  if (u >= 0 && !n->flags) {
    n->op = N_NUM;
    n->k = v_num(x, u);
    return type_num(c, u);
  }
  int du = durunit_lookup(n->zName, (int)strlen(n->zName), n->flags);
  if (du < 0) {
    if (n->flags) ERR(n, "'working' must be followed by 'days'");
    else ERR(n, "unknown unit '%s' (kg, m, minutes, hours, days, weeks, months, years, working days)", n->zName);
    return &tyError;
  }
  if (num->op != N_INT) {
    ERR(num, "a duration needs a whole number of %s", durunit_name(du));
    return &tyError;
  }
  n->op = N_DUR;
  n->flags = 0;
  n->k.tag = V_DUR;
  n->k.u.i = num->k.u.i;
  n->k.aux = (uint16_t)du;
  if (eval_duration_days(n->k) > RR_MAX_DURATION_DAYS) {
    ERR(n, "duration too long: at most about a thousand years (%.0f days)", RR_MAX_DURATION_DAYS);
    return &tyError;
  }
  return &tyDur;
}

/* any/all/first/last x in LIST: BODY, with x bound to LIST's elements. */
static const Type *chk_quant(Checker *c, Node *n) {
  const Type *lt = chk(c, n->a, NULL);
  const Type *et = &tyError;
  if (!is_error(lt)) {
    if (lt->k != T_LIST) {
      char s[96];
      type_str(c, lt, s, sizeof s);
      ERR(n->a, "'%s' needs a list to range over, not %s", op_name(n->op), s);
    } else {
      et = lt->elem;
    }
  }
  int slot = chk_push_var(c, n, n->zName, et);
  n->slot = slot;
  chk_bool(c, n->b, "the body of a quantifier");
  c->nVar--;
  return &tyBool;
}

/* [a, b] and {a, b}: one element type; constant elements are folded (a
** list of computed values allocates: rendering only). */
static const Type *chk_collection(Checker *c, Node *n, const Type *want) {
  const Type *elem = want && want->k == T_LIST ? want->elem : NULL;
  const Type *u = NULL;
  for (int i = 0; i < n->nArg; i++) {
    const Type *t = chk(c, n->args[i], elem ? elem : u);
    if (is_error(t)) { u = &tyError; continue; }
    if (!u) { u = t; continue; }
    if (is_error(u)) continue;
    const Type *w = type_unify(c, u, t);
    if (!w) { type_mismatch(c, n->args[i], "mix", u, t); u = &tyError; continue; }
    u = w;
  }
  if (!u) u = elem ? elem : &tyNull;
  if (is_error(u)) return &tyError;
  fold_list(c, n);
  if (!(n->flags & NF_CONST) && !need_render(c, n, "a list of computed values")) return &tyError;
  return type_list_of(c, u);
}

/* {key: value, ...}: a record literal when WANT is a record, else an
** object (rendering only). */
static const Type *chk_object(Checker *c, Node *n, const Type *want) {
  if (want && want->k == T_REC) {          /* a record literal: test facts */
    const RecordDef *r = &c->p->aRecord[want->id];
    for (int i = 0; i < n->nArg; i++) {
      int f = -1;
      for (int j = 0; j < r->nField; j++) if (strcmp(r->aField[j].zName, n->keys[i]) == 0) f = j;
      if (f < 0) {
        ERR(n->args[i], "record %s has no field '%s'", r->zName, n->keys[i]);
        continue;
      }
      const Type *t = chk(c, n->args[i], r->aField[f].type);
      if (!is_error(t) && !type_unify(c, r->aField[f].type, t)) type_mismatch(c, n->args[i], "assign", t, r->aField[f].type);
    }
    need_render(c, n, "a record value");
    return want;
  }
  for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
  if (!need_render(c, n, "an object")) return &tyError;
  return &tyJson;
}

/* [a for x in b if c] and {k -> v for x in b}: rendering only. */
static const Type *chk_comp(Checker *c, Node *n) {
  need_render(c, n, "a comprehension");
  const Type *lt = chk(c, n->b, NULL), *et = &tyError;
  if (!is_error(lt)) {
    if (lt->k != T_LIST) {
      char s[96];
      type_str(c, lt, s, sizeof s);
      ERR(n->b, "'for' needs a list to range over, not %s", s);
    } else {
      et = lt->elem;
    }
  }
  n->slot = chk_push_var(c, n, n->zName, et);
  const Type *t;
  if (n->op == N_LISTCOMP) {
    t = chk(c, n->a, NULL);
    if (n->c) chk_bool(c, n->c, "the filter of a comprehension");
    c->nVar--;
    return is_error(t) ? t : type_list_of(c, t);
  }
  t = chk(c, n->a, NULL);         /* key */
  if (!is_error(t) && t->k != T_TEXT && t->k != T_RULE && t->k != T_ENUM) {
    char s[96];
    type_str(c, t, s, sizeof s);
    ERR(n->a, "an object key must be text, a rule or an enum member, not %s", s);
  }
  chk(c, n->c, NULL);             /* value */
  c->nVar--;
  return &tyJson;
}

/* == != < <= > >=: operands of one type; an order for all but == and !=. */
static const Type *chk_compare(Checker *c, Node *n) {
  const Type *ta, *tb;
  chk_pair(c, n, &ta, &tb);
  if (is_error(ta) || is_error(tb)) return &tyBool;
  const Type *u = type_unify(c, ta, tb);
  if (!u || u->k == T_NULL) {
    type_mismatch(c, n, "compare", ta, tb);
    return &tyBool;
  }
  if (n->op != N_EQ && n->op != N_NE) {
    int ok = type_is_ordered(u) || (u->k == T_ENUM && c->p->aEnum[u->id].ordered);
    if (!ok) {
      char s[96];
      type_str(c, u, s, sizeof s);
      if (u->k == T_ENUM)
        ERR(n, "enum %s is not ordered: declare it with '<' (enum %s { a < b < c }) to compare with '%s'",
            s, s, op_name(n->op));
      else
        ERR(n, "values of type %s have no order; use == or !=", s);
    }
  } else if (u->k == T_LIST || u->k == T_JSON) {
    char s[96];
    type_str(c, u, s, sizeof s);
    ERR(n, "cannot compare %s values with '%s'", s, op_name(n->op));
  }
  return &tyBool;
}

/* + - * /: numbers with their units, dates and date-times plus durations,
** durations scaled, and (rendering only) lists and texts joined. */
static const Type *chk_arith(Checker *c, Node *n, const Type *want) {
  const Type *ta, *tb;
  if (n->op == N_ADD && want && want->k == T_LIST) {   /* joining lists: both sides are wanted */
    ta = chk(c, n->a, want);
    tb = chk(c, n->b, want);
  } else {
    chk_pair(c, n, &ta, &tb);
  }
  if (is_error(ta) || is_error(tb)) return &tyError;
  char sa[96], sb[96];
  if (n->op == N_ADD || n->op == N_SUB) {
    if ((ta->k == T_INSTANT || ta->k == T_DATE) && tb->k == T_DUR) return ta;
    if (n->op == N_ADD && ta->k == T_LIST && tb->k == T_LIST) {
      const Type *u = type_unify(c, ta, tb);
      if (!u) { type_mismatch(c, n, "concatenate", ta, tb); return &tyError; }
      if (!need_render(c, n, "joining lists")) return &tyError;
      return u;
    }
    if (n->op == N_ADD && ta->k == T_TEXT && tb->k == T_TEXT) {
      if (!need_render(c, n, "joining texts")) return &tyError;
      return &tyText;
    }
    const Type *u = type_unify(c, ta, tb);
    if (u && (u->k == T_INT || u->k == T_NUM)) return u;
    if (!u && ta->k == T_NUM && tb->k == T_NUM) { type_mismatch(c, n, "add", ta, tb); return &tyError; }
  } else if (n->op == N_MUL && ((ta->k == T_INT && tb->k == T_DUR) || (ta->k == T_DUR && tb->k == T_INT))) {
    return &tyDur;                      /* 3 * 1 month */
  } else {
    /* a quantity may be scaled by a plain number; two units do not multiply */
    int na = ta->k == T_INT || ta->k == T_NUM, nb = tb->k == T_INT || tb->k == T_NUM;
    if (na && nb) {
      int ua = ta->k == T_NUM ? ta->unit : 0, ub = tb->k == T_NUM ? tb->unit : 0;
      if (ua && ub && !(n->op == N_DIV && ua == ub)) {
        type_str(c, ta, sa, sizeof sa);
        type_str(c, tb, sb, sizeof sb);
        ERR(n, "cannot %s %s by %s", n->op == N_MUL ? "multiply" : "divide", sa, sb);
        return &tyError;
      }
      if (n->op == N_DIV && ua && ua == ub) return &tyNumber;
      if (ua || ub) return type_num(c, ua ? ua : ub);
      if (ta->k == T_INT && tb->k == T_INT && n->op == N_MUL) return &tyInt;
      return &tyNumber;
    }
  }
  type_str(c, ta, sa, sizeof sa);
  type_str(c, tb, sb, sizeof sb);
  ERR(n, "cannot apply '%s' to %s and %s", op_name(n->op), sa, sb);
  return &tyError;
}

/* x in LIST, x not in LIST, LIST has any LIST, LIST has all LIST. */
static const Type *chk_member(Checker *c, Node *n) {
  const Type *ta, *tb;
  if (n->op == N_IN || n->op == N_NOTIN) {
    if (needs_context(c, n->a) && !needs_context(c, n->b)) {
      tb = chk(c, n->b, NULL);
      ta = chk(c, n->a, !is_error(tb) && tb->k == T_LIST ? tb->elem : NULL);
    } else {
      ta = chk(c, n->a, NULL);
      tb = chk(c, n->b, is_error(ta) ? NULL : type_list_of(c, ta));
    }
    if (is_error(ta) || is_error(tb)) return &tyBool;
    if (tb->k != T_LIST) {
      char s[96];
      type_str(c, tb, s, sizeof s);
      ERR(n->b, "'in' needs a list or a set on its right, not %s", s);
      return &tyBool;
    }
    if (!type_unify(c, ta, tb->elem)) type_mismatch(c, n, "look for", ta, tb->elem);
    return &tyBool;
  }
  ta = chk(c, n->a, NULL);
  tb = chk(c, n->b, is_error(ta) ? NULL : ta);
  if (is_error(ta) || is_error(tb)) return &tyBool;
  if (ta->k != T_LIST || tb->k != T_LIST) {
    char s[96];
    type_str(c, ta->k != T_LIST ? ta : tb, s, sizeof s);
    ERR(ta->k != T_LIST ? n->a : n->b, "'has any' and 'has all' compare two lists, not %s", s);
    return &tyBool;
  }
  if (!type_unify(c, ta, tb)) type_mismatch(c, n, "compare", ta, tb);
  return &tyBool;
}

/* }==== */

/* {==== the entry ===================================================== */

static const Type *chk_node(Checker *c, Node *n, const Type *want);

/* Checks expression N and returns its type: &tyError when N is wrong
** (reported here, once; the caller says nothing more about it).  N is
** rewritten in place: names become slots (N_FACT, N_VAR, N_RULEREF,
** N_ENUMLIT, N_ASOF ...), calls N_FNCALL or N_BUILTIN, fields N_GETFIELD
** or N_RULEATTR, a list of constants is folded into N->k; N->type is set.
** The rule or function being checked (Checker.curRule, curFn) collects the
** rules N reads as its dependencies, and Checker.render says whether N may
** allocate (a report, evidence, a test) or must not (a decision).
**
** WANT is the type the context expects of N, or NULL when it expects none
** in particular.  It is a hint, never a check -- the caller compares the
** result with what it needs -- and it decides what N means where only the
** context can tell: a bare name is a member of the enum WANT (sex ==
** female, where female is also a member of another enum); an upper-case
** name is the rule itself, not its value, when WANT is tyRule (basis(R));
** '{a: ..}' is a literal of the record WANT (a test's facts); an empty list
** takes WANT's element type, and the elements of a list, the branches of
** 'if', and the operands of '+' on lists are checked with it.
**
** The parser bounds the depth of a tree; checking a let or function at its
** first use nests further, and order_check keeps that nesting short, so the
** bound here only catches what it could not order (a cycle of definitions,
** already an error). */
const Type *chk(Checker *c, Node *n, const Type *want) {
  if (!n) return &tyError;
  if (c->depth >= RR_MAX_DEPTH + 100) {
    ERR(n, "definitions nested too deeply: checking this needs more than %d levels of the lets, "
        "rules and functions it reads", RR_MAX_DEPTH + 100);
    return &tyError;
  }
  c->depth++;
  const Type *t = chk_node(c, n, want);
  c->depth--;
  return t;
}

/* The work of chk, by operator.  A node already resolved (a subtree two
** rules share, e.g. through 'widen') keeps its type and records its
** dependencies again. */
static const Type *chk_node(Checker *c, Node *n, const Type *want) {
  const Type *t = &tyError;
  switch (n->op) {
    case N_BOOL: t = &tyBool; break;
    case N_INT: t = &tyInt; break;
    case N_NUM: t = n->k.aux ? type_num(c, n->k.aux) : &tyNumber; break;
    case N_STR: t = &tyText; break;
    case N_DATE: t = &tyDate; break;
    case N_INSTANT: t = &tyInstant; break;
    case N_TIME: t = &tyTime; break;
    case N_NULL:
      t = &tyNull;
      if (c->render == RENDER_NO) { need_render(c, n, "null"); t = &tyError; }
      break;
    case N_DUR: t = n->k.tag == V_DUR ? &tyDur : chk_quantity(c, n); break;
    case N_INTERP:
      need_render(c, n, "a string with {interpolation}");
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = &tyText;
      break;
    case N_NAME: t = chk_name(c, n, want); break;
    case N_UNAME: t = chk_uname(c, n, want); break;
    case N_FIELD: t = chk_field(c, n); break;
    case N_INDEX: t = chk_index(c, n); break;
    case N_CALL: t = chk_call(c, n); break;
    case N_NOT:
      chk_bool(c, n->a, "the operand of 'not'");
      t = &tyBool;
      break;
    case N_NEG: {
      const Type *x = chk(c, n->a, NULL);
      if (!is_error(x) && x->k != T_INT && x->k != T_NUM) {
        char s[96];
        type_str(c, x, s, sizeof s);
        ERR(n, "cannot negate %s", s);
      } else {
        t = x;
      }
      break;
    }
    case N_AND: case N_OR:
      chk_bool(c, n->a, n->op == N_AND ? "the operand of 'and'" : "the operand of 'or'");
      chk_bool(c, n->b, n->op == N_AND ? "the operand of 'and'" : "the operand of 'or'");
      t = &tyBool;
      break;
    case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
      t = chk_compare(c, n);
      break;
    case N_ADD: case N_SUB: case N_MUL: case N_DIV:
      t = chk_arith(c, n, want);
      break;
    case N_IN: case N_NOTIN: case N_HASANY: case N_HASALL: {
      t = chk_member(c, n);
      /* a let bound to a constant set of members: test its bits directly */
      const Node *set = n->b && n->b->op == N_RULEREF && !(n->b->flags & NF_ASRULE) &&
                        c->p->aRule[n->b->slot].kind == RK_LET ? c->p->aRule[n->b->slot].value : NULL;
      if (set && (set->flags & NF_MASK)) {
        n->b->mask = set->mask;
        n->b->flags |= NF_MASK;
      }
      break;
    }
    case N_RANGE: {
      const Type *ta = chk(c, n->a, NULL), *tb = chk(c, n->b, NULL);
      if (!is_error(ta) && !is_error(tb)) {
        if (ta->k != T_TIME || tb->k != T_TIME) type_mismatch(c, n, "make a time range of", ta, tb);
        else t = &tyRange;
      }
      break;
    }
    case N_COALESCE: {
      const Type *ta, *tb;
      chk_pair(c, n, &ta, &tb);
      if (!is_error(ta) && !is_error(tb)) {
        t = type_unify(c, ta, tb);
        if (!t) { type_mismatch(c, n, "combine with '?\?'", ta, tb); t = &tyError; }
      }
      break;
    }
    case N_ISKNOWN: case N_ISNOTKNOWN:
      chk(c, n->a, NULL);
      t = &tyBool;
      break;
    case N_ISTRUE: case N_ISNOTTRUE:
      chk_bool(c, n->a, "the operand of 'is true'");
      t = &tyBool;
      break;
    case N_IF: {
      chk_bool(c, n->a, "the condition of 'if'");
      const Type *ta = chk(c, n->b, want), *tb = chk(c, n->c, is_error(ta) ? want : ta);
      if (!is_error(ta) && !is_error(tb)) {
        t = type_unify(c, ta, tb);
        if (!t) { type_mismatch(c, n, "choose between", ta, tb); t = &tyError; }
      }
      break;
    }
    case N_ANY: case N_ALL: t = chk_quant(c, n); break;
    case N_FIRST: case N_LAST: {
      chk_quant(c, n);                       /* the body is a condition */
      if (ordered_shape(n)) n->flags |= NF_ORDERED;
      const Type *lt = n->a->type;
      t = lt && lt->k == T_LIST ? lt->elem : &tyError;
      break;
    }
    case N_BEFORE: case N_AFTER: {
      const Type *td = chk(c, n->a, NULL), *ti = chk(c, n->b, NULL);
      if (is_error(td) || is_error(ti)) break;
      if (td->k != T_DUR) {
        char sd[96];
        type_str(c, td, sd, sizeof sd);
        ERR(n, "'%s' needs a duration on its left (e.g. 3 days before ...), not %s",
            n->op == N_BEFORE ? "before" : "after", sd);
      } else if (ti->k != T_INSTANT && ti->k != T_DATE) {
        char si[96];
        type_str(c, ti, si, sizeof si);
        ERR(n, "'%s' needs a date or date-time on its right, not %s", n->op == N_BEFORE ? "before" : "after", si);
      } else {
        t = ti;
      }
      break;
    }
    case N_ANYKIND: case N_FIRED: {
      if (n->slot < 0) { ERR(n, "unknown kind of rule"); break; }
      const int *v = n->slot == RK_INTERPRETATION ? c->p->aInterp : c->p->aKindRule[n->slot];
      int cnt = n->slot == RK_INTERPRETATION ? c->p->nInterp : c->p->nKindRule[n->slot];
      for (int i = 0; i < cnt; i++) chk_add_dep(c, v[i]);
      if (n->op == N_ANYKIND) {
        t = &tyBool;
      } else {
        Type *rt = xalloc(c, sizeof *rt);      /* a rule of this construct */
        rt->k = T_RULE;
        rt->rkind = n->slot;
        t = type_list_of(c, rt);
      }
      break;
    }
    case N_SET: case N_LIST: t = chk_collection(c, n, want); break;
    case N_OBJ: t = chk_object(c, n, want); break;
    case N_LISTCOMP: case N_OBJCOMP: t = chk_comp(c, n); break;
    case N_RULEREF: case N_TABLE:
      /* already resolved (a subtree shared by several rules): record the dependency again */
      if (!(n->flags & NF_ASRULE)) chk_add_dep(c, n->slot);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
    case N_RULEATTR:                        /* already resolved, as above */
      if ((n->slot == RA_HOLDS || n->slot == RA_VALUE || n->slot == RA_STATUS) && n->a->op == N_RULEREF)
        chk_add_dep(c, n->a->slot);
      chk(c, n->a, NULL);
      t = n->type ? n->type : &tyError;
      break;
    case N_FNCALL:
      for (int i = 0; i < c->p->aFn[n->slot].nDep; i++) chk_add_dep(c, c->p->aFn[n->slot].aDep[i]);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
    default:
      /* already resolved (a shared subtree): keep its type */
      if (n->a) chk(c, n->a, NULL);
      if (n->b) chk(c, n->b, NULL);
      for (int i = 0; i < n->nArg; i++) chk(c, n->args[i], NULL);
      t = n->type ? n->type : &tyError;
      break;
  }
  n->type = t;
  return t;
}

/* }==== */
