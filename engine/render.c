/*
** render.c - the decision of a case the evaluator has decided, rendered:
** the report, evidence and bases, deadlines, the municipal overlay, and the
** text of values (interpolation, text(), join()).
**
** Rendering is a second, small interpreter over the same expressions: the
** parts of the policy language that build texts, lists and objects
** (interpolation, list and object literals, comprehensions, text and list
** '+', and the builtins that return new lists) allocate, so eval_expr hands
** them to render_expr and render_builtin here, and they work only while
** e->render holds the arena that will own the result.  Evaluation itself
** never allocates.  Out of memory sets e->zErr: the decision is unusable.
*/
#include "render.h"
#include "calendar.h"
#include "lang.h"

#include <stdio.h>
#include <string.h>

/* {==== the rendering arena and text ===================================== */

static void *ralloc(Eval *e, size_t n) {
  void *p = e->render ? arena_alloc(e->render, n) : NULL;
  if (!p) e->zErr = "out of memory while rendering";
  return p;
}

/* An object in the rendering arena; V_UNKNOWN when memory ran out. */
static inline Value robj(Eval *e, int n, const char **keys, Value *vals) {
  Value v = keys && vals && e->render ? obj_new(e->render, n, keys, vals) : v_unknown();
  if (!v_known(v)) e->zErr = "out of memory while rendering";
  return v;
}

typedef struct Buf {
  char *z;
  size_t n, cap;
  Eval *e;
} Buf;

static void buf_add(Buf *b, const char *z, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->n + n + 1) cap *= 2;
    char *nz = ralloc(b->e, cap);
    if (!nz) return;
    if (b->n) memcpy(nz, b->z, b->n);
    b->z = nz;
    b->cap = cap;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
}

static void buf_str(Buf *b, const char *z) { buf_add(b, z, strlen(z)); }

/* Appends V to B as interpolation shows it: dates, instants in the
** program's zone, enum members and rule IDs by name, lists joined with ", ",
** records as {field: value, ...}; unknown as "unknown". */
static void format_value(Eval *e, Buf *b, Value v);

/* A duration in words: "14 working days", "7 ditë". */
static const char *const dur_words[DU__COUNT] = {     /* ORDER DURUNITS */
  "{n} minute\001{n} minutes", "{n} hour\001{n} hours", "{n} day\001{n} days", "{n} week\001{n} weeks",
  "{n} month\001{n} months", "{n} year\001{n} years", "{n} working day\001{n} working days"};

static const char *dur_text(Eval *e, Lang *l, long long k, int unit) {
  char nb[32];
  snprintf(nb, sizeof nb, "%lld", k);
  if (unit < 0 || unit >= DU__COUNT) return "?";
  const char *names[] = {"n"}, *values[] = {nb};
  return lang_ui_fill(l, e->render, dur_words[unit], (long)k, 1, names, values);
}

/* V as a person reads it in language L (lang_humane): yes/no, none,
** unknown, an enum member's label, a table's text in translation, a
** duration in words, a record's fields by their labels. */
static int format_humane(Eval *e, Lang *l, Buf *b, Value v) {
  const Program *p = e->p;
  switch (v.tag) {
    case V_UNKNOWN: buf_str(b, lang_ui_count(l, "unknown", 0)); return 1;
    case V_NULL: buf_str(b, lang_ui_count(l, "none", 0)); return 1;
    case V_BOOL: buf_str(b, lang_ui_count(l, v.u.i ? "yes" : "no", 0)); return 1;
    case V_ENUM: {
      const char *zCtxt = arena_printf(e->render, "enum|%s", p->aEnum[v.aux].zName);
      buf_str(b, zCtxt ? lang_label(e, zCtxt, p->aEnum[v.aux].azMember[v.u.i]) : p->aEnum[v.aux].azMember[v.u.i]);
      return 1;
    }
    case V_TEXT: {
      char *z = arena_strndup(e->render, v.u.s, (size_t)v.n);
      const char *t = z ? lang_row_text(l, z) : NULL;
      if (!t) return 0;
      buf_str(b, t);
      return 1;
    }
    case V_DUR: buf_str(b, dur_text(e, l, (long long)v.u.i, v.aux)); return 1;
    case V_REC: {
      const RecordDef *r = &p->aRecord[v.aux];
      const char *zCtxt = arena_printf(e->render, "field|%s", r->zName);
      buf_str(b, "{");
      for (int i = 0; i < r->nField; i++) {
        if (i) buf_str(b, ", ");
        buf_str(b, zCtxt ? lang_label(e, zCtxt, r->aField[i].zName) : r->aField[i].zName);
        buf_str(b, ": ");
        format_value(e, b, v.u.items[i]);
      }
      buf_str(b, "}");
      return 1;
    }
    default: return 0;
  }
}

static void format_value(Eval *e, Buf *b, Value v) {
  char tmp[64];
  const Program *p = e->p;
  Lang *l = lang_humane(e);
  if (l && format_humane(e, l, b, v)) return;
  switch (v.tag) {
    case V_UNKNOWN: buf_str(b, "unknown"); break;
    case V_NULL: buf_str(b, "null"); break;
    case V_BOOL: buf_str(b, v.u.i ? "true" : "false"); break;
    case V_INT: snprintf(tmp, sizeof tmp, "%lld", (long long)v.u.i); buf_str(b, tmp); break;
    case V_NUM:
      snprintf(tmp, sizeof tmp, "%g%s%s", v.u.d, v.aux ? " " : "", unit_name(v.aux));
      buf_str(b, tmp);
      break;
    case V_TEXT: buf_add(b, v.u.s, (size_t)v.n); break;
    case V_DATE: rr_format_date((RrDate)v.u.i, tmp); buf_str(b, tmp); break;
    case V_INSTANT: rr_format_instant(p->zone, v.u.i, tmp); buf_str(b, tmp); break;
    case V_TIME: rr_format_time_of_day((int)v.u.i, tmp); buf_str(b, tmp); break;
    case V_RANGE:
      rr_format_time_of_day((int)v.u.i, tmp);
      buf_str(b, tmp);
      buf_str(b, "-");
      rr_format_time_of_day(v.n, tmp);
      buf_str(b, tmp);
      break;
    case V_DUR:
      snprintf(tmp, sizeof tmp, "%lld %s", (long long)v.u.i, durunit_name(v.aux));
      buf_str(b, tmp);
      break;
    case V_ENUM: buf_str(b, p->aEnum[v.aux].azMember[v.u.i]); break;
    case V_RULE: buf_str(b, eval_rule_id(e, (int)v.u.i)); break;
    case V_LIST: case V_RULES: {
      ListIter it;
      Value x;
      int first = 1;
      list_iter(e, v, &it);
      while (list_next(&it, &x)) {
        if (!first) buf_str(b, ", ");
        first = 0;
        format_value(e, b, x);
      }
      break;
    }
    case V_REC: {
      const RecordDef *r = &p->aRecord[v.aux];
      buf_str(b, "{");
      for (int i = 0; i < r->nField; i++) {
        if (i) buf_str(b, ", ");
        buf_str(b, r->aField[i].zName);
        buf_str(b, ": ");
        format_value(e, b, v.u.items[i]);
      }
      buf_str(b, "}");
      break;
    }
    case V_OBJ: buf_str(b, "{...}"); break;
  }
}

const char *value_text(Eval *e, Value v) {
  Buf b = {0, 0, 0, e};
  buf_str(&b, "");
  format_value(e, &b, v);
  return b.z ? b.z : "";
}

static Value text_value(Buf *b) {
  return b->z ? v_text(b->z, (int)b->n) : v_text("", 0);
}

static Value str_value(Eval *e, const char *z) {
  size_t n = strlen(z);
  char *c = ralloc(e, n + 1);
  if (!c) return v_unknown();
  memcpy(c, z, n + 1);
  return v_text(c, (int)n);
}

typedef struct ObjB {      /* an object under construction */
  const char *keys[24];
  Value vals[24];
  int n;
} ObjB;

static void put(ObjB *o, const char *k, Value v) {
  if (o->n < 24) {
    o->keys[o->n] = k;
    o->vals[o->n++] = v;
  }
}

static Value obj_value(Eval *e, ObjB *o) {
  const char **keys = ralloc(e, (size_t)o->n * sizeof *keys);
  Value *vals = ralloc(e, (size_t)o->n * sizeof *vals);
  if (!keys || !vals) return v_unknown();
  memcpy(keys, o->keys, (size_t)o->n * sizeof *keys);
  memcpy(vals, o->vals, (size_t)o->n * sizeof *vals);
  return robj(e, o->n, keys, vals);
}

/* }==== */

/* {==== the decision ==================================================== */

/* The decision for the case E has just evaluated: the program's report
** expression ('report NAME { ... }') evaluated with A as the rendering arena,
** so that every text, list and object it builds -- deadlines(), evidence,
** the overlay -- lives in A, which the caller owns (reset or free it when the
** decision has been written).  V_UNKNOWN when the program has no report;
** E->zErr set when memory ran out.  This is the one entry point for a
** decision: json.c writes the tree it returns, hooks read it as plain data,
** explain.c reads its scalars. */
Value render_report(Eval *e, Arena *a) {
  Arena *saved = e->render;
  e->render = a;
  Value v = e->p->report ? eval_expr(e, e->p->report) : v_unknown();
  e->render = saved;
  return v;
}

/* }==== */

/* {==== builtins that build values ====================================== */

static Value render_overlay(Eval *e);
static Value render_versions(Eval *e);

static int rule_list_add(int *out, int n, int max, int r) {
  for (int i = 0; i < n; i++) if (out[i] == r) return n;
  if (n < max) out[n++] = r;
  return n;
}

static Value rules_value(Eval *e, const int *v, int n) {
  Value *items = ralloc(e, (size_t)(n ? n : 1) * sizeof *items);
  if (!items) return v_unknown();
  for (int i = 0; i < n; i++) items[i] = v_rule(v[i]);
  return v_list(items, n);
}

static int trace_into(Eval *e, int r, int *out, int n, int max) {
  const Program *p = e->p;
  int before = n;
  n = rule_list_add(out, n, max, r);
  if (n == before) return n;              /* already traced */
  int v = eval_version(e, r);
  const Rule *rr = &p->aRule[v >= 0 ? v : r];
  for (int k = 0; k < rr->nUses; k++) n = rule_list_add(out, n, max, rr->aUses[k]);
  int basis[256];
  int nb = render_basis(e, r, basis, 256);
  for (int k = 0; k < nb; k++) n = trace_into(e, basis[k], out, n, max);
  return n;
}

/* The builtins that allocate (ids, basis, trace, holding, join, text,
** deadlines, awaiting_deadlines, municipal_overlay). */
Value render_builtin(Eval *e, const Node *n) {
  Value a = n->nArg > 0 ? eval_expr(e, n->args[0]) : v_unknown();
  switch (n->slot) {
    case B_OVERLAY:
      return render_overlay(e);
    case B_VERSIONS:
      return render_versions(e);
    case B_DEADLINES: case B_AWAITING: {
      /* deadlines(): every instance, in rule order, those awaiting their
      ** start event last; awaiting_deadlines(): only those */
      int cnt = 0;
      for (int k = 0; k < e->nInst; k++) cnt += n->slot == B_DEADLINES || e->aInst[k].status == DS_AWAITING;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      cnt = 0;
      for (int pass = n->slot == B_AWAITING; pass < 2; pass++) {
        for (int k = 0; k < e->nInst; k++) {
          if ((e->aInst[k].status == DS_AWAITING) != pass) continue;
          DeadlineRow row;
          render_deadline(e, k, &row);
          items[cnt++] = render_deadline_object(e, &row);
        }
      }
      return v_list(items, cnt);
    }
    case B_IDS: {
      ListIter it;
      Value x;
      int cnt = 0;
      if (a.tag == V_RULE) {
        const char *z = eval_rule_id(e, (int)a.u.i);
        Value *items = ralloc(e, sizeof *items);
        if (!items) return v_unknown();
        items[0] = v_str(z);
        return v_list(items, 1);
      }
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) cnt++;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      list_iter(e, a, &it);
      cnt = 0;
      while (list_next(&it, &x)) {
        if (x.tag != V_RULE) continue;
        const char *z = eval_rule_id(e, (int)x.u.i);
        items[cnt++] = v_str(z);
      }
      return v_list(items, cnt);
    }
    case B_BASIS: case B_TRACE: {
      int out[512];
      int cnt;
      if (a.tag != V_RULE) return v_unknown();
      if (n->slot == B_BASIS) cnt = render_basis(e, (int)a.u.i, out, 512);
      else cnt = trace_into(e, (int)a.u.i, out, 0, 512);
      return rules_value(e, out, cnt);
    }
    case B_HOLDING: {
      ListIter it;
      Value x;
      int out[512], cnt = 0;
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x) && cnt < 512) {
        if (x.tag == V_RULE && e->fired[x.u.i]) out[cnt++] = (int)x.u.i;
      }
      return rules_value(e, out, cnt);
    }
    case B_JOIN: {
      Value sep = eval_expr(e, n->args[1]);
      ListIter it;
      Value x;
      Buf b = {0, 0, 0, e};
      int first = 1;
      buf_str(&b, "");
      if (!list_iter(e, a, &it)) return v_unknown();
      while (list_next(&it, &x)) {
        if (!first && sep.tag == V_TEXT) buf_add(&b, sep.u.s, (size_t)sep.n);
        first = 0;
        format_value(e, &b, x);
      }
      return text_value(&b);
    }
    case B_TEXT: {
      Buf b = {0, 0, 0, e};
      buf_str(&b, "");
      format_value(e, &b, a);
      return text_value(&b);
    }
  }
  return v_unknown();
}

/* A rule's citations (r.citations): the document lines of the version in
** force; a hook's addition cites the hook's file. */
Value render_citations(Eval *e, int i) {
  const Program *p = e->p;
  int v = eval_version(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  if (r->dynamic && e->aDyn && e->aDyn[i].zCite) {
    Value *one = ralloc(e, sizeof *one);
    if (!one) return v_unknown();
    one[0] = v_str(e->aDyn[i].zCite);
    return v_list(one, 1);
  }
  Value *items = ralloc(e, (size_t)(r->nCite ? r->nCite : 1) * sizeof *items);
  if (!items) return v_unknown();
  for (int k = 0; k < r->nCite; k++) items[k] = v_str(r->azCite[k]);
  return v_list(items, r->nCite);
}

/* }==== */

/* {==== render-time expressions ========================================= */

/* The nodes of an expression that build new values -- list and set
** literals of computed items, object and record literals, comprehensions,
** interpolated strings, '+' on texts and lists -- evaluated with their
** parts by eval_expr.  What they build lives in e->render. */
Value render_expr(Eval *e, const Node *n) {
  if (!e->render) return v_unknown();     /* the checker keeps this from happening */
  switch (n->op) {
    case N_SET: case N_LIST: {
      Value *items = ralloc(e, (size_t)(n->nArg ? n->nArg : 1) * sizeof *items);
      if (!items) return v_unknown();
      for (int i = 0; i < n->nArg; i++) items[i] = eval_expr(e, n->args[i]);
      return v_list(items, n->nArg);
    }
    case N_OBJ: {
      if (n->type && n->type->k == T_REC) {
        const RecordDef *r = &e->p->aRecord[n->type->id];
        Value *f = ralloc(e, (size_t)(r->nField ? r->nField : 1) * sizeof *f);
        if (!f) return v_unknown();
        for (int i = 0; i < n->nArg; i++) {
          for (int j = 0; j < r->nField; j++) {
            if (strcmp(r->aField[j].zName, n->keys[i]) == 0) f[j] = eval_expr(e, n->args[i]);
          }
        }
        return v_rec(n->type->id, f);
      }
      Value *vals = ralloc(e, (size_t)(n->nArg ? n->nArg : 1) * sizeof *vals);
      if (!vals) return v_unknown();
      for (int i = 0; i < n->nArg; i++) vals[i] = eval_expr(e, n->args[i]);
      return robj(e, n->nArg, n->keys, vals);
    }
    case N_LISTCOMP: case N_OBJCOMP: {
      ListIter it;
      Value x;
      int cnt = 0, cap = 8;
      Value list = eval_expr(e, n->b);
      if (!list_iter(e, list, &it)) return v_unknown();
      Value *keys = ralloc(e, (size_t)cap * sizeof *keys);
      Value *vals = ralloc(e, (size_t)cap * sizeof *vals);
      if (!keys || !vals) return v_unknown();
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (n->op == N_LISTCOMP && n->c && !v_true(eval_expr(e, n->c))) continue;
        if (cnt == cap) {
          Value *nk = ralloc(e, (size_t)cap * 2 * sizeof *nk), *nv = ralloc(e, (size_t)cap * 2 * sizeof *nv);
          if (!nk || !nv) return v_unknown();
          memcpy(nk, keys, (size_t)cap * sizeof *nk);
          memcpy(nv, vals, (size_t)cap * sizeof *nv);
          keys = nk;
          vals = nv;
          cap *= 2;
        }
        if (n->op == N_LISTCOMP) {
          vals[cnt++] = eval_expr(e, n->a);
        } else {
          keys[cnt] = eval_expr(e, n->a);
          vals[cnt++] = eval_expr(e, n->c);
        }
      }
      if (n->op == N_LISTCOMP) return v_list(vals, cnt);
      const char **ks = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *ks);
      if (!ks) return v_unknown();
      for (int i = 0; i < cnt; i++) ks[i] = value_text(e, keys[i]);
      return robj(e, cnt, ks, vals);
    }
    case N_INTERP: {
      Buf b = {0, 0, 0, e};
      buf_str(&b, "");
      for (int i = 0; i < n->nArg; i++) format_value(e, &b, eval_expr(e, n->args[i]));
      return text_value(&b);
    }
    case N_ADD: {
      Value a = eval_expr(e, n->a), b = eval_expr(e, n->b);
      if (a.tag == V_TEXT && b.tag == V_TEXT) {
        Buf buf = {0, 0, 0, e};
        buf_add(&buf, a.u.s, (size_t)a.n);
        buf_add(&buf, b.u.s, (size_t)b.n);
        return text_value(&buf);
      }
      ListIter ia, ib;
      Value x;
      if (!list_iter(e, a, &ia) || !list_iter(e, b, &ib)) return v_unknown();
      int cnt = 0;
      while (list_next(&ia, &x)) cnt++;
      while (list_next(&ib, &x)) cnt++;
      Value *items = ralloc(e, (size_t)(cnt ? cnt : 1) * sizeof *items);
      if (!items) return v_unknown();
      list_iter(e, a, &ia);
      list_iter(e, b, &ib);
      cnt = 0;
      while (list_next(&ia, &x)) items[cnt++] = x;
      while (list_next(&ib, &x)) items[cnt++] = x;
      return v_list(items, cnt);
    }
    default:
      return v_unknown();
  }
}

/* }==== */

/* {==== evidence and basis ============================================== */

static const char *node_label(const Eval *e, const Node *n) {
  if (n->op == N_FACT) return e->p->aSlot[n->slot]->zPath;
  if (n->op == N_GETFIELD && n->a && n->a->type && n->a->type->k == T_REC)
    return e->p->aRecord[n->a->type->id].aField[n->slot].zName;
  if (n->op == N_RULEREF && !(n->flags & NF_ASRULE)) return e->p->aRule[n->slot].zId;   /* a let's name */
  return NULL;
}

/* Names the parts of a true condition N that made it true, appending them
** to B: the branch of an 'or' that holds, both sides of an 'and', the
** witness of an 'any', and for a comparison the fact and its value
** ("work.sector 'street_work'"). */
static void auto_evidence(Eval *e, const Node *n, Buf *b) {
  Value v;
  switch (n->op) {
    case N_OR:
      if (v_true(eval_expr(e, n->a))) auto_evidence(e, n->a, b);
      if (v_true(eval_expr(e, n->b))) auto_evidence(e, n->b, b);
      return;
    case N_AND:
      auto_evidence(e, n->a, b);
      auto_evidence(e, n->b, b);
      return;
    case N_ISTRUE:
      auto_evidence(e, n->a, b);
      return;
    case N_ANY: {
      ListIter it;
      Value x;
      if (!list_iter(e, eval_expr(e, n->a), &it)) return;
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (v_true(eval_expr(e, n->b))) {
          auto_evidence(e, n->b, b);
          return;
        }
      }
      return;
    }
    case N_ANYKIND: {
      ListIter it;
      Value x;
      list_iter(e, v_rules(n->slot), &it);
      while (list_next(&it, &x)) {
        if (b->n) buf_str(b, ", ");
        format_value(e, b, x);
      }
      return;
    }
    default:
      break;
  }
  if (b->n) buf_str(b, ", ");
  const char *la = n->a ? node_label(e, n->a) : NULL;
  if (la && (n->op == N_ISKNOWN || n->op == N_ISNOTKNOWN || n->op == N_ISNOTTRUE || n->op == N_NOT)) {
    Value x = eval_expr(e, n->a);
    Lang *l = lang_humane(e);
    const char *names[] = {"name"}, *values[] = {la};
    if (l && (n->op == N_NOT || !v_known(x))) {
      buf_str(b, lang_ui_fill(l, e->render, n->op == N_NOT ? "not {name}" : "{name} not recorded", 0, 1, names, values));
      return;
    }
    if (n->op == N_NOT) buf_str(b, "not ");
    buf_str(b, la);
    if (n->op == N_NOT) return;
    if (!v_known(x)) {
      buf_str(b, " not recorded");
    } else {
      buf_str(b, " '");
      format_value(e, b, x);
      buf_str(b, "'");
    }
    return;
  }
  const char *label = node_label(e, n);
  if (label && n->type && n->type->k == T_BOOL) {
    buf_str(b, label);
    return;
  }
  if (n->op == N_RULEREF && !(n->flags & NF_ASRULE)) {
    buf_str(b, e->p->aRule[n->slot].zId);
    return;
  }
  int member = n->op == N_IN || n->op == N_NOTIN || n->op == N_HASANY || n->op == N_HASALL;
  if ((member || (n->op >= N_EQ && n->op <= N_GE)) && n->a) {
    if (la) {
      buf_str(b, la);
      buf_str(b, " ");
    }
    v = eval_expr(e, n->a);
    buf_str(b, "'");
    format_value(e, b, v);
    buf_str(b, "'");
    if (!member && n->op != N_EQ) {
      buf_str(b, " ");
      buf_str(b, op_name(n->op));
      buf_str(b, " ");
      format_value(e, b, eval_expr(e, n->b));
    }
    return;
  }
  format_value(e, b, eval_expr(e, n));
}

static Value render_evidence_of(Eval *e, int i);

/* r.evidence, with the tables it reads in the version of the rule's law. */
Value render_evidence(Eval *e, int i) {
  RrDate saved = e->curDay;
  e->curDay = e->aLaw[i];
  Value x = render_evidence_of(e, i);
  e->curDay = saved;
  return x;
}

static Value render_evidence_of(Eval *e, int i) {
  const Program *p = e->p;
  if (!e->fired[i]) return v_unknown();
  if (p->aRule[i].dynamic) {
    const char *z = e->aDyn ? e->aDyn[i].zEvidence : NULL;
    return z ? v_text(z, (int)strlen(z)) : v_unknown();
  }
  int v = eval_version(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  if (r->nCase) {
    /* a table: the row that decided, and the facts that made it hold */
    Buf b = {0, 0, 0, e};
    buf_str(&b, "");
    for (int k = 0; k < r->nCase; k++) {
      const Node *cond = r->aCaseCond[k];
      if (cond && !v_true(eval_expr(e, cond))) continue;   /* binds witnesses when it holds */
      if (r->evidence) {
        Value x = eval_expr(e, lang_rule_node(e, (int)(r - p->aRule), LF_EVIDENCE, r->evidence));
        format_value(e, &b, x);
        return text_value(&b);
      }
      Lang *l = lang_humane(e);
      if (l) {                /* "{condition} -> {value}" in the language's words */
        Buf c = {0, 0, 0, e}, w = {0, 0, 0, e};
        buf_str(&c, "");
        buf_str(&w, "");
        if (cond) auto_evidence(e, cond, &c);
        else buf_str(&c, lang_ui_count(l, "otherwise", 0));
        format_value(e, &w, r->aCaseValue[k]);
        const char *names[] = {"condition", "value"}, *values[] = {c.z, w.z};
        buf_str(&b, lang_ui_fill(l, e->render, "{condition} -> {value}", 0, 2, names, values));
        return text_value(&b);
      }
      if (cond) auto_evidence(e, cond, &b);
      else buf_str(&b, "otherwise");
      buf_str(&b, " -> ");
      format_value(e, &b, r->aCaseValue[k]);
      return text_value(&b);
    }
    return v_unknown();
  }
  if (!r->when) return v_unknown();
  if (r->evidence) {
    eval_expr(e, r->when);               /* binds the witnesses */
    Value x = eval_expr(e, lang_rule_node(e, (int)(r - p->aRule), LF_EVIDENCE, r->evidence));
    if (x.tag == V_TEXT || !v_known(x)) return x;
    Buf b = {0, 0, 0, e};
    buf_str(&b, "");
    format_value(e, &b, x);
    return text_value(&b);
  }
  Buf b = {0, 0, 0, e};
  buf_str(&b, "");
  auto_evidence(e, r->when, &b);
  return text_value(&b);
}

typedef struct Collect {
  int *out;
  int n, max;
} Collect;

static void collect(Eval *e, const Node *n, Collect *c);

static void collect_kids(Eval *e, const Node *n, Collect *c) {
  if (n->a) collect(e, n->a, c);
  if (n->b) collect(e, n->b, c);
  if (n->c) collect(e, n->c, c);
  for (int i = 0; i < n->nArg; i++) collect(e, n->args[i], c);
}

/* Adds to C the rules expression N reads that hold (or have a value),
** following only the branches that decided: the side of an 'or' that
** holds, the taken branch of an 'if', lets and functions inline. */
static void collect(Eval *e, const Node *n, Collect *c) {
  const Program *p = e->p;
  if (!n) return;
  switch (n->op) {
    case N_RULEREF: {
      if (n->flags & NF_ASRULE) return;
      const Rule *r = &p->aRule[n->slot];
      if (r->kind == RK_LET) {
        collect(e, r->value, c);
      } else if (e->fired[n->slot] || (r->value && v_known(e->res[n->slot]))) {
        c->n = rule_list_add(c->out, c->n, c->max, n->slot);
      }
      return;
    }
    case N_TABLE:
      c->n = rule_list_add(c->out, c->n, c->max, n->slot);
      collect_kids(e, n, c);
      return;
    case N_OR:
      if (v_true(eval_expr(e, n->a))) collect(e, n->a, c);
      if (v_true(eval_expr(e, n->b))) collect(e, n->b, c);
      return;
    case N_NOT: case N_ISNOTKNOWN: case N_ISNOTTRUE: case N_NOTIN:
      return;
    case N_ANYKIND: {
      const int *v = n->slot == RK_INTERPRETATION ? p->aInterp : p->aKindRule[n->slot];
      int cnt = n->slot == RK_INTERPRETATION ? p->nInterp : p->nKindRule[n->slot];
      for (int i = 0; i < cnt; i++) {
        if (e->fired[v[i]]) c->n = rule_list_add(c->out, c->n, c->max, v[i]);
      }
      return;
    }
    case N_ANY: case N_ALL: {
      ListIter it;
      Value x;
      if (!list_iter(e, eval_expr(e, n->a), &it)) return;
      while (list_next(&it, &x)) {
        e->vars[n->slot] = x;
        if (n->op == N_ALL || v_true(eval_expr(e, n->b))) collect(e, n->b, c);
      }
      return;
    }
    case N_IF:
      if (v_true(eval_expr(e, n->a))) {
        collect(e, n->a, c);
        collect(e, n->b, c);
      } else {
        collect(e, n->c, c);
      }
      return;
    case N_COALESCE:
      collect(e, v_known(eval_expr(e, n->a)) ? n->a : n->b, c);
      return;
    case N_FNCALL: {
      const Fn *f = &p->aFn[n->slot];
      for (int i = 0; i < n->nArg; i++) collect(e, n->args[i], c);
      for (int i = 0; i < n->nArg && i < f->nParam; i++) e->vars[f->aParamSlot[i]] = eval_expr(e, n->args[i]);
      collect(e, f->body, c);
      return;
    }
    default:
      collect_kids(e, n, c);
      return;
  }
}

int render_basis(Eval *e, int i, int *out, int max) {
  const Program *p = e->p;
  Collect c = {out, 0, max};
  if (!e->fired[i]) return 0;
  int v = eval_version(e, i);
  const Rule *r = &p->aRule[v >= 0 ? v : i];
  collect(e, r->when ? r->when : r->value, &c);
  return c.n;
}

/* }==== */

/* {==== deadlines ======================================================== */

/* The name of the event an expression reads: the fact, the field, or the
** alternative that supplied the value. */
static const char *expr_label(Eval *e, const Node *n) {
  switch (n->op) {
    case N_FACT: return e->p->aSlot[n->slot]->zName;
    case N_GETFIELD:
      if (n->a && n->a->type && n->a->type->k == T_REC) return e->p->aRecord[n->a->type->id].aField[n->slot].zName;
      return "?";
    case N_COALESCE: return expr_label(e, v_known(eval_expr(e, n->a)) ? n->a : n->b);
    case N_RULEREF: return e->p->aRule[n->slot].kind == RK_LET ? expr_label(e, e->p->aRule[n->slot].value)
                                                              : e->p->aRule[n->slot].zId;
    case N_BEFORE: case N_AFTER: return expr_label(e, n->b);
    case N_FNCALL: {
      const Fn *f = &e->p->aFn[n->slot];
      for (int k = 0; k < n->nArg && k < f->nParam; k++) e->vars[f->aParamSlot[k]] = eval_expr(e, n->args[k]);
      return expr_label(e, f->body);
    }
    case N_IF: return expr_label(e, v_true(eval_expr(e, n->a)) ? n->b : n->c);
    case N_BUILTIN:
      if ((n->slot == B_EARLIEST || n->slot == B_LATEST) && n->nArg > 1) {
        Value best = eval_expr(e, n);
        for (int k = 0; k < n->nArg; k++) {
          Value x = eval_expr(e, n->args[k]);
          if (v_known(x) && v_known(best) && x.u.i == best.u.i) return expr_label(e, n->args[k]);
        }
      }
      return n->nArg ? expr_label(e, n->args[0]) : "?";
    default: return "?";
  }
}

static void iso_dur(char *buf, size_t n, const char *sign, Value d) {
  long long k = (long long)d.u.i;
  switch (d.aux) {
    case DU_MINUTES: snprintf(buf, n, "%sPT%lldM", sign, k); break;
    case DU_HOURS: snprintf(buf, n, "%sPT%lldH", sign, k); break;
    case DU_DAYS: snprintf(buf, n, "%sP%lldD", sign, k); break;
    case DU_WEEKS: snprintf(buf, n, "%sP%lldD", sign, 7 * k); break;
    case DU_MONTHS: snprintf(buf, n, "%sP%lldM", sign, k); break;
    case DU_YEARS: snprintf(buf, n, "%sP%lldY", sign, k); break;
    default: snprintf(buf, n, "%s%lld working days", sign, k); break;
  }
}

/* A text a policy expression gave (a label, an instance): none unless text. */
static DlText dl_text(Value v) {
  DlText t = {NULL, 0};
  if (v.tag == V_TEXT) {
    t.z = v.u.s;
    t.n = v.n;
  }
  return t;
}

/* Z copied into the rendering arena. */
static DlText dl_copy(Eval *e, const char *z) {
  return dl_text(str_value(e, z));
}

/* The duration of deadline rule R as the document counts it, in the words
** of language L (render_deadline's notation otherwise), into BUF. */
static void humane_duration(Eval *e, Lang *l, const Rule *r, char *buf, size_t n) {
  const Program *p = e->p;
  const char *z = NULL;
  if (r->nGoverned) {
    Buf rb = {0, 0, 0, e};
    buf_str(&rb, "");
    for (int g = 0; g < r->nGoverned; g++) {
      if (g) buf_str(&rb, " / ");
      buf_str(&rb, p->aRule[r->aGoverned[g]].zId);
    }
    const char *names[] = {"rules"}, *values[] = {rb.z};
    z = lang_ui_fill(l, e->render, "earliest of {rules}", 0, 1, names, values);
  } else if (r->immediate && !r->dlBound) {
    z = lang_ui_count(l, "immediately (no numeric rule bounds it)", 0);
  } else if (r->immediate) {
    const char *names[] = {"bound", "rule"},
               *values[] = {dur_text(e, l, (long long)r->dlBound->k.u.i, r->dlBound->k.aux),
                            r->iBoundRule >= 0 ? p->aRule[r->iBoundRule].zId : ""};
    z = lang_ui_fill(l, e->render, r->iBoundRule >= 0 ? "immediately (outer bound {bound}, {rule})"
                                                      : "immediately (outer bound {bound})", 0, 2, names, values);
  } else if (r->dlWithin) {
    z = dur_text(e, l, (long long)r->dlWithin->k.u.i, r->dlWithin->k.aux);
  } else if (r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER)) {
    Value dv = eval_expr(e, r->dlDue->a);
    if (dv.tag == V_DUR) {
      const char *names[] = {"duration"}, *values[] = {dur_text(e, l, (long long)dv.u.i, dv.aux)};
      z = lang_ui_fill(l, e->render, r->dlDue->op == N_BEFORE ? "{duration} before" : "{duration} after", 0, 1,
                       names, values);
    }
  } else {
    z = lang_ui_count(l, "as computed", 0);
  }
  if (z) snprintf(buf, n, "%s", z);
}

/* Fills ROW with deadline instance K of the case E has evaluated (an index
** into e->aInst): binds the instance's generator variables again ('for each
** c at i in ...'), then evaluates its labels, instance and note, and words
** its duration as the document counts it.  Texts it makes live in
** e->render; the others point into the program.  ROW is all the contract
** says of a deadline: render_deadline_object turns it into the decision's
** object, api.c into the store's row, explain.c into prose. */
void render_deadline(Eval *e, int k, DeadlineRow *row) {
  const Program *p = e->p;
  DlInst *d = &e->aInst[k];
  const Rule *r = &p->aRule[d->ver];
  char buf[512];
  memset(row, 0, sizeof *row);
  /* the generator variables of this instance */
  for (int g = 0, b = 0; g < r->nGen && b < d->nBind; g++) {
    e->vars[r->aGen[g]->slot] = d->bind[b++];
    if (r->aGen[g]->b && b < d->nBind) e->vars[r->aGen[g]->b->slot] = d->bind[b++];
  }
  row->zId = r->zId;
  row->hasInstance = r->dlInstance != NULL;
  if (r->dlInstance)
    row->instance = dl_text(eval_expr(e, lang_humane(e) ? lang_rule_node(e, d->ver, LF_INSTANCE, r->dlInstance) : r->dlInstance));
  row->aRule[row->nRule++] = d->rule;
  for (int u = 0; u < r->nUses && row->nRule < DL_MAX_RULES; u++) row->aRule[row->nRule++] = r->aUses[u];
  row->immediate = r->immediate != 0;
  int anchored = !r->dlFrom && r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER);
  if (r->fromLabel) row->startEvent = dl_text(eval_expr(e, lang_rule_node(e, d->ver, LF_FROM, r->fromLabel)));
  else if (anchored && r->dueLabel) row->startEvent = dl_text(eval_expr(e, lang_rule_node(e, d->ver, LF_DUE, r->dueLabel)));
  else row->startEvent = dl_copy(e, r->dlFrom ? expr_label(e, r->dlFrom)
                                    : anchored ? expr_label(e, r->dlDue->b)
                                    : r->nGoverned ? "earliest applicable" : "?");
  Lang *l = lang_humane(e);
  if (l && !r->fromLabel && !(anchored && r->dueLabel) && !r->dlFrom && !anchored && r->nGoverned)
    row->startEvent = dl_copy(e, lang_ui_count(l, "earliest applicable", 0));
  row->hasStartAt = d->hasStart && !r->nGoverned;
  row->startAt = row->hasStartAt ? d->start : 0;
  /* the duration as the document counts it */
  if (r->nGoverned) {
    size_t len = (size_t)snprintf(buf, sizeof buf, "earliest of ");
    for (int g = 0; g < r->nGoverned && len < sizeof buf - 40; g++)
      len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", g ? " / " : "", p->aRule[r->aGoverned[g]].zId);
  } else if (r->immediate && !r->dlBound) {
    snprintf(buf, sizeof buf, "immediately (no numeric rule bounds it)");
  } else if (r->immediate) {
    char b2[64];
    iso_dur(b2, sizeof b2, "", r->dlBound->k);
    snprintf(buf, sizeof buf, "immediately (outer bound %s%s%s)", b2, r->iBoundRule >= 0 ? ", " : "",
             r->iBoundRule >= 0 ? p->aRule[r->iBoundRule].zId : "");
  } else if (r->dlWithin) {
    iso_dur(buf, sizeof buf, "", r->dlWithin->k);
  } else if (r->dlDue && (r->dlDue->op == N_BEFORE || r->dlDue->op == N_AFTER)) {
    Value dv = eval_expr(e, r->dlDue->a);
    if (dv.tag == V_DUR) iso_dur(buf, sizeof buf, r->dlDue->op == N_BEFORE ? "-" : "", dv);
    else snprintf(buf, sizeof buf, "?");
  } else {
    snprintf(buf, sizeof buf, "as computed");
  }
  if (l) humane_duration(e, l, r, buf, sizeof buf);
  if (r->dueLabel && !anchored && !r->dlWithin && !r->immediate && !r->nGoverned) {
    row->duration = dl_text(eval_expr(e, lang_rule_node(e, d->ver, LF_DUE, r->dueLabel)));
  } else {
    row->duration = dl_copy(e, buf);
  }
  row->hasDueAt = d->hasDue;
  row->dueAt = d->hasDue ? d->due : 0;
  row->completedEvent = r->doneLabel ? dl_text(eval_expr(e, lang_rule_node(e, d->ver, LF_DONE, r->doneLabel)))
                                     : dl_copy(e, r->dlDone ? expr_label(e, r->dlDone)
                                                   : l ? lang_ui_count(l, "next occurrence", 0) : "next occurrence");
  row->hasCompletedAt = d->hasDone;
  row->completedAt = d->hasDone ? d->done : 0;
  row->zResponsible = lang_rule_text(e, d->ver, LF_RESPONSIBLE, r->zResponsible);
  row->status = d->status;
  if (d->status == DS_LATE) row->lateBy = d->done - d->due;
  else if (d->status == DS_OVERDUE) row->lateBy = e->asOf - d->due;
  if (r->immediate) {
    if (r->iBoundRule >= 0) row->zOuterBoundRule = p->aRule[r->iBoundRule].zId;
    row->hasElapsed = d->hasDone && d->hasStart;
    if (row->hasElapsed) row->elapsed = d->done - d->start;
  }
  /* notes: the rule's own, the governing deadline, the calendar's doubts */
  Buf nb = {0, 0, 0, e};
  if (d->governing >= 0 && l) {
    const char *names[] = {"rule"}, *values[] = {p->aRule[d->governing].zId};
    buf_str(&nb, lang_ui_fill(l, e->render, "governing deadline: {rule}", 0, 1, names, values));
  } else if (d->governing >= 0) {
    buf_str(&nb, "governing deadline: ");
    buf_str(&nb, p->aRule[d->governing].zId);
  }
  if (r->note) {
    Value nv = eval_expr(e, lang_rule_node(e, d->ver, LF_NOTE, r->note));
    if (nv.tag == V_TEXT && nv.n) {
      if (nb.n) buf_str(&nb, "; ");
      buf_add(&nb, nv.u.s, (size_t)nv.n);
    }
  }
  if (d->calendar & CF_UNCONFIRMED) {
    char day[32];
    rr_format_date(p->aHoliday[d->holiday], day);
    if (nb.n) buf_str(&nb, "; ");
    if (l) {
      const char *names[] = {"date", "holiday", "status"},
                 *values[] = {day, p->azHolidayName[d->holiday],
                              lang_ui_count(l, calendar_status_name(p->aHolidayStatus[d->holiday]), 0)};
      buf_str(&nb, lang_ui_fill(l, e->render, "the due date counts {date} ({holiday}) as a non-working day, which is {status}",
                                0, 3, names, values));
    } else {
      snprintf(buf, sizeof buf, "the due date counts %s (%s) as a non-working day, which is %s",
               day, p->azHolidayName[d->holiday], calendar_status_name(p->aHolidayStatus[d->holiday]));
      buf_str(&nb, buf);
    }
  }
  if (d->calendar & CF_UNCOVERED) {
    if (nb.n) buf_str(&nb, "; ");
    buf_str(&nb, l ? lang_ui_count(l, "the due date falls in a year the working calendar does not cover: "
                                          "non-working days may be missing", 0)
                   : "the due date falls in a year the working calendar does not cover: non-working days may be missing");
  }
  if (nb.n) row->note = dl_text(text_value(&nb));
}

static Value dl_value(DlText t) { return t.z ? v_text(t.z, t.n) : v_unknown(); }
static Value dl_instant(int has, RrInstant t) { return has ? v_instant(t) : v_null(); }

/* The contract's object for a deadline: the decision's "deadlines" entries,
** in the contract's order of keys.  This is the only place that names
** them. */
Value render_deadline_object(Eval *e, const DeadlineRow *row) {
  ObjB o;
  char buf[32];
  o.n = 0;
  put(&o, "id", v_str(row->zId));
  if (row->hasInstance) put(&o, "instance", dl_value(row->instance));
  put(&o, "rule_ids", rules_value(e, row->aRule, row->nRule));
  put(&o, "kind", v_str(row->immediate ? "immediate" : "timed"));
  put(&o, "start_event", dl_value(row->startEvent));
  put(&o, "start_at", dl_instant(row->hasStartAt, row->startAt));
  put(&o, "duration", dl_value(row->duration));
  put(&o, "due_at", dl_instant(row->hasDueAt, row->dueAt));
  put(&o, "completed_event", dl_value(row->completedEvent));
  put(&o, "completed_at", dl_instant(row->hasCompletedAt, row->completedAt));
  put(&o, "responsible", v_str(row->zResponsible));
  put(&o, "status", v_str(eval_status_name(row->status)));
  if (row->status == DS_LATE || row->status == DS_OVERDUE) {
    rr_format_duration(row->lateBy, buf);
    put(&o, row->status == DS_LATE ? "late_by" : "overdue_by", str_value(e, buf));
  }
  if (row->zOuterBoundRule) put(&o, "outer_bound_rule", v_str(row->zOuterBoundRule));
  if (row->hasElapsed) {
    rr_format_duration(row->elapsed, buf);
    put(&o, "elapsed", str_value(e, buf));
  }
  if (row->note.z) put(&o, "note", dl_value(row->note));
  return obj_value(e, &o);
}

/* }==== */

/* {==== the versions of the law used ======================================= */

/* rule_versions(): the versions of the law that judged the case.  The rules
** that hold (a deadline: that has an instance; conventions and definitions,
** which always hold, left out) grouped by the version's effective period,
** the date whose law applied (null: a deadline 'for each' whose instances
** each take the law of their own start) and what chose that date (a
** convention, a transition, the rule's own 'law at'; null: as_of).  A rule with more than
** one version names the citations of the one used (an amendment cites
** itself), under "citations". */
static int versions_listed(const Eval *e, int i) {
  const Rule *r = &e->p->aRule[i];
  return r->iCanon == i && e->fired[i] && kind_has(r->kind, KF_RULE) && !r->dynamic &&
         r->kind != RK_CONVENTION && r->kind != RK_DEFINITION;
}

static int same_version_group(const Eval *e, int a, int b) {
  const Program *p = e->p;
  int va = eval_version(e, a), vb = eval_version(e, b);
  const Rule *ra = &p->aRule[va >= 0 ? va : a], *rb = &p->aRule[vb >= 0 ? vb : b];
  return ra->effFrom == rb->effFrom && ra->effUntil == rb->effUntil && e->aLaw[a] == e->aLaw[b] &&
         e->aLawBy[a] == e->aLawBy[b] && e->aLawStart[a] == e->aLawStart[b];
}

static Value render_versions(Eval *e) {
  const Program *p = e->p;
  int n = 0;
  for (int i = 0; i < p->nRule; i++) n += versions_listed(e, i);
  Value *groups = ralloc(e, (size_t)(n + 1) * sizeof *groups);
  uint8_t *done = ralloc(e, (size_t)p->nRule + 1);
  if (!groups || !done) return v_unknown();
  memset(done, 0, (size_t)p->nRule + 1);
  int ng = 0;
  for (int i = 0; i < p->nRule; i++) {
    if (done[i] || !versions_listed(e, i)) continue;
    int cnt = 0, nMulti = 0;
    for (int j = i; j < p->nRule; j++) {
      if (done[j] || !versions_listed(e, j) || !same_version_group(e, i, j)) continue;
      cnt++;
      nMulti += p->aRule[j].iNext >= 0 || p->aRule[j].iCanon != j;
    }
    Value *ids = ralloc(e, (size_t)cnt * sizeof *ids);
    const char **ck = ralloc(e, (size_t)(nMulti + 1) * sizeof *ck);
    Value *cv = ralloc(e, (size_t)(nMulti + 1) * sizeof *cv);
    if (!ids || !ck || !cv) return v_unknown();
    cnt = nMulti = 0;
    for (int j = i; j < p->nRule; j++) {
      if (done[j] || !versions_listed(e, j) || !same_version_group(e, i, j)) continue;
      done[j] = 1;
      ids[cnt++] = v_str(eval_rule_id(e, j));
      if (p->aRule[j].iNext >= 0) {
        ck[nMulti] = eval_rule_id(e, j);
        cv[nMulti++] = render_citations(e, j);
      }
    }
    int v = eval_version(e, i);
    const Rule *r = &p->aRule[v >= 0 ? v : i];
    ObjB o;
    o.n = 0;
    put(&o, "effective_from", v_date(r->effFrom));
    put(&o, "effective_until", r->effUntil == INT32_MAX ? v_null() : v_date(r->effUntil));
    put(&o, "law_date", e->aLawStart[i] == 2 ? v_null() : v_date(e->aLaw[i]));   /* null: per instance */
    put(&o, "law_by", e->aLawBy[i] >= 0 ? v_str(p->aRule[e->aLawBy[i]].zId) : v_null());
    put(&o, "rule_ids", v_list(ids, cnt));
    put(&o, "citations", robj(e, nMulti, ck, cv));
    groups[ng++] = obj_value(e, &o);
  }
  return v_list(groups, ng);
}

/* }==== */

/* {==== the municipal overlay ============================================ */

/* municipal_overlay(): the municipal overlay that decided the case (null for the
** national rules alone): its name, its rules that hold -- its own, the hooks'
** additions, the national rules it amended --, what it changed, and the
** trail of its hooks. */
static Value render_overlay(Eval *e) {
  const Program *p = e->p;
  if (!p->zOverlay) return v_null();
  int n = 0;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    n += r->iCanon == i && e->fired[i] && r->kind != RK_LET && (r->fromOverlay || r->amended);
  }
  Value *ids = ralloc(e, (size_t)(n + 1) * sizeof *ids);
  Value *am = ralloc(e, (size_t)(p->nAmend + 1) * sizeof *am);
  if (!ids || !am) return v_unknown();
  n = 0;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->iCanon == i && e->fired[i] && r->kind != RK_LET && (r->fromOverlay || r->amended))
      ids[n++] = v_str(eval_rule_id(e, i));
  }
  for (int k = 0; k < p->nAmend; k++) {
    ObjB a;
    a.n = 0;
    put(&a, "rule_id", v_str(p->aRule[p->aAmend[k].rule].zId));
    put(&a, "change", v_str(p->aAmend[k].zText));
    put(&a, "applied", v_bool(e->fired[p->aAmend[k].rule]));
    am[k] = obj_value(e, &a);
  }
  ObjB o;
  o.n = 0;
  put(&o, "name", v_str(p->zOverlay));
  put(&o, "title", v_str(p->zOverlayTitle));
  put(&o, "municipality", v_str(p->zMunicipality));
  put(&o, "rule_ids", v_list(ids, n));
  put(&o, "amendments", v_list(am, p->nAmend));
  if (p->nHook) put(&o, "hooks", v_known(e->hookTrail) ? e->hookTrail : v_list(am, 0));
  return obj_value(e, &o);
}

/* }==== */
