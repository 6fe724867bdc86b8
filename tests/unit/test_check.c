/*
** test_check.c - unit tests of the checker and evaluator: names resolved to
** slots, contextual enums, evaluation order, scope gating, rule versions by
** effective date, three-valued logic, quantifier witnesses in evidence, and
** time-of-day overlaps.  Policies are written inline; standalone main.
*/
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "keywords.h"
#include "lex.h"
#include "parse.h"
#include "parser.h"
#include "render.h"
#include "ruleset.h"

static const char *const preamble =
  "source SOP \"SOP\"\n"
  "calendar kosovo \"Kosovo\" zone \"Europe/Belgrade\"\n"
  "enum Sex { male, female, unknown }\n"
  "enum Mode { occasional, continuous, unknown }\n"
  "record Shift { start: time  end: time }\n"
  "record Load { kg: number in kg  mode: Mode }\n"
  "facts child { sex: Sex  age: int  dob: date }\n"
  "facts work { shifts: list of Shift  loads: list of Load  a: bool  b: bool  hours: number }\n";

/* Loads PREAMBLE and POLICY (rules effective from 2013 unless they say
** otherwise); returns the number of errors, printing them unless QUIET. */
static int load_with(RuleSet *rs, const char *policy, int quiet) {
  const char *names[2] = {"preamble.rr", "policy.rr"};
  static char text[8192];
  snprintf(text, sizeof text, "defaults effective 2013-01-01\n%s", policy);
  const char *texts[2] = {preamble, text};
  int n = ruleset_load_texts(rs, names, texts, 2);
  if (n && !quiet) printf("%s", diag_text(&rs->diag));
  return n;
}

static int load(RuleSet *rs, const char *policy) { return load_with(rs, policy, 0); }
static int load_quiet(RuleSet *rs, const char *policy) { return load_with(rs, policy, 1); }

static int rule_index(const Program *p, const char *id) {
  for (int i = 0; i < p->nRule; i++) if (strcmp(p->aRule[i].zId, id) == 0) return p->aRule[i].iCanon;
  return -1;
}

static const FactNode *fact(const Program *p, const char *group, const char *name) {
  for (int i = 0; i < p->root->nKid; i++) {
    const FactNode *g = p->root->aKid[i];
    if (strcmp(g->zName, group) != 0) continue;
    for (int k = 0; k < g->nKid; k++) if (strcmp(g->aKid[k]->zName, name) == 0) return g->aKid[k];
  }
  return NULL;
}

static RrInstant at(const char *s) {
  RrInstant t = 0;
  rr_parse_instant(s, strlen(s), &t);
  return t;
}

/* ---- names, slots, types ---------------------------------------------- */

static void test_slots_and_types(void) {
  RuleSet rs;
  CHECK_EQ_INT(load(&rs, "definition DEF-X \"x\" cites SOP l.1 when child.sex == female\n"), 0);
  const Program *p = &rs.prog;
  const FactNode *sex = fact(p, "child", "sex"), *kg = NULL;
  CHECK(sex && sex->type->k == T_ENUM);
  CHECK(fact(p, "work", "loads") && fact(p, "work", "loads")->type->k == T_LIST);
  int r = rule_index(p, "DEF-X");
  CHECK(r >= 0);
  const Node *w = p->aRule[r].when;
  /* child.sex became a fact slot, female an enum literal of Sex */
  CHECK_EQ_INT(w->op, N_EQ);
  CHECK_EQ_INT(w->a->op, N_FACT);
  CHECK_EQ_INT(w->a->slot, sex->slot);
  CHECK_EQ_INT(w->b->op, N_ENUMLIT);
  CHECK_EQ_INT(w->b->k.u.i, 1);
  (void)kg;
  ruleset_free(&rs);

  /* units are part of types: kg against m is an error, kg against kg is not */
  CHECK_EQ_INT(load(&rs, "hazard HAZ-L \"l\" cites SOP l.1 when any l in work.loads: l.kg > 15 kg\n"), 0);
  ruleset_free(&rs);
  CHECK(load_quiet(&rs, "hazard HAZ-L \"l\" cites SOP l.1 when any l in work.loads: l.kg > 2 m\n") > 0);
  CHECK(strstr(diag_text(&rs.diag), "unit mismatch") != NULL);
  ruleset_free(&rs);
  /* a member of two enums needs context; with context it resolves */
  CHECK(load_quiet(&rs, "let m = unknown\n") > 0);
  ruleset_free(&rs);
  CHECK_EQ_INT(load(&rs, "definition DEF-U \"u\" cites SOP l.1 when child.sex == unknown\n"), 0);
  ruleset_free(&rs);
}

/* ---- order, cycles, gating, versions ----------------------------------- */

static int position(const Program *p, int rule) {
  for (int k = 0; k < p->nOrder; k++) if (p->aOrder[k] == rule) return k;
  return -1;
}

static void test_order_and_gating(void) {
  RuleSet rs;
  /* declared in reverse: the evaluation order still puts A before B before C */
  CHECK_EQ_INT(load(&rs,
    "definition DEF-C \"c\" cites SOP l.1 when DEF-B\n"
    "definition DEF-B \"b\" cites SOP l.1 when DEF-A and work.b\n"
    "definition DEF-A \"a\" cites SOP l.1 when work.a\n"
    "hazard HAZ-H \"h\" cites SOP l.1 when work.b\n"
    "scope DEF-A\n"), 0);
  const Program *p = &rs.prog;
  int a = rule_index(p, "DEF-A"), b = rule_index(p, "DEF-B"), c = rule_index(p, "DEF-C");
  int h = rule_index(p, "HAZ-H");
  CHECK(position(p, a) < position(p, b));
  CHECK(position(p, b) < position(p, c));
  /* the scope's own inputs are never gated; everything else is */
  CHECK_EQ_INT(p->aRule[a].gated, 0);
  CHECK_EQ_INT(p->aRule[b].gated, 1);
  CHECK_EQ_INT(p->aRule[h].gated, 1);

  Eval e;
  Value facts[16];
  memset(facts, 0, sizeof facts);
  CHECK_EQ_INT(eval_init(&e, p), 0);
  facts[fact(p, "work", "b")->slot] = v_bool(1);
  facts[fact(p, "work", "a")->slot] = v_bool(0);      /* out of scope */
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 0);
  facts[fact(p, "work", "a")->slot] = v_bool(1);      /* in scope */
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 1);
  CHECK_EQ_INT(e.fired[c], 1);
  eval_free(&e);
  ruleset_free(&rs);

  /* a cycle is an error, and so is a rule with two overlapping versions */
  CHECK(load_quiet(&rs, "definition DEF-P \"p\" cites SOP l.1 when DEF-Q\n"
                        "definition DEF-Q \"q\" cites SOP l.1 when DEF-P\n") > 0);
  CHECK(strstr(diag_text(&rs.diag), "depends on itself") != NULL);
  ruleset_free(&rs);
}

static void test_versions(void) {
  RuleSet rs;
  /* an amendment: the limit drops from 15 kg to 12 kg on 2026-01-01 */
  CHECK_EQ_INT(load(&rs,
    "hazard HAZ-L \"l\" cites SOP l.1 effective 2013-01-01 until 2026-01-01\n"
    "  when any l in work.loads: l.kg > 15 kg\n"
    "hazard HAZ-L \"l, amended\" cites SOP l.1 effective 2026-01-01\n"
    "  when any l in work.loads: l.kg > 12 kg\n"), 0);
  const Program *p = &rs.prog;
  int h = rule_index(p, "HAZ-L");
  Eval e;
  Value facts[16], load1[2], list = {0};
  Arena a;
  arena_init(&a);
  memset(facts, 0, sizeof facts);
  load1[0] = v_num(13, U_KG);
  load1[1] = v_enum(1, 0);
  Value rec = {0};
  rec.tag = V_REC;
  rec.u.items = load1;
  list.tag = V_LIST;
  list.n = 1;
  list.u.items = &rec;
  facts[fact(p, "work", "loads")->slot] = list;
  CHECK_EQ_INT(eval_init(&e, p), 0);
  eval_case(&e, facts, at("2025-12-31T23:59:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 0);           /* 13 kg is under the old limit */
  eval_case(&e, facts, at("2026-01-01T00:00:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 1);           /* and over the new one */
  eval_free(&e);
  arena_free(&a);
  ruleset_free(&rs);
}

/* ---- three-valued logic -------------------------------------------------- */

static void test_unknown(void) {
  RuleSet rs;
  CHECK_EQ_INT(load(&rs,
    "definition DEF-AND \"and\" cites SOP l.1 when work.a and work.b\n"
    "definition DEF-OR \"or\" cites SOP l.1 when work.a or work.b\n"
    "definition DEF-NOT \"not\" cites SOP l.1 when not work.a\n"
    "definition DEF-KNOWN \"known\" cites SOP l.1 when work.a is not known\n"
    "definition DEF-IF \"if\" cites SOP l.1 when if work.a then false else true\n"
    "definition DEF-ANY \"any over unknown\" cites SOP l.1 when any s in work.shifts: true\n"
    "definition DEF-EMPTY \"any over nothing\" cites SOP l.1 when any l in work.loads: true\n"
    "definition DEF-COALESCE \"??\" cites SOP l.1 when (work.a ?? true)\n"), 0);
  const Program *p = &rs.prog;
  Eval e;
  Value facts[16];
  Value empty = {0};
  empty.tag = V_LIST;
  memset(facts, 0, sizeof facts);
  facts[fact(p, "work", "loads")->slot] = empty;
  CHECK_EQ_INT(eval_init(&e, p), 0);
  /* a unknown, b false */
  facts[fact(p, "work", "b")->slot] = v_bool(0);
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-AND")].tag, V_BOOL);     /* unknown and false = false */
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-AND")].u.i, 0);
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-OR")].tag, V_UNKNOWN);   /* unknown or false = unknown */
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-NOT")].tag, V_UNKNOWN);
  CHECK_EQ_INT(e.fired[rule_index(p, "DEF-KNOWN")], 1);
  CHECK_EQ_INT(e.fired[rule_index(p, "DEF-IF")], 1);             /* unknown takes 'else' */
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-ANY")].tag, V_UNKNOWN);  /* the list itself is unknown */
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-EMPTY")].tag, V_BOOL);   /* an empty list: false */
  CHECK_EQ_INT(e.fired[rule_index(p, "DEF-EMPTY")], 0);
  CHECK_EQ_INT(e.fired[rule_index(p, "DEF-COALESCE")], 1);
  /* b true: unknown or true = true */
  facts[fact(p, "work", "b")->slot] = v_bool(1);
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[rule_index(p, "DEF-OR")], 1);
  CHECK_EQ_INT(e.res[rule_index(p, "DEF-AND")].tag, V_UNKNOWN);
  eval_free(&e);
  ruleset_free(&rs);
}

/* ---- night window and witnesses -------------------------------------------- */

static Value shift_list(Arena *a, const char *const *spans, int n) {
  Value *items = arena_alloc(a, sizeof(Value) * (size_t)n);
  for (int i = 0; i < n; i++) {
    Value *f = arena_alloc(a, sizeof(Value) * 2);
    int s, t;
    rr_parse_time_of_day(spans[i], 5, &s);
    rr_parse_time_of_day(spans[i] + 6, 5, &t);
    f[0] = v_time(s);
    f[1] = v_time(t);
    items[i].tag = V_REC;
    items[i].u.items = f;
  }
  Value v = {0};
  v.tag = V_LIST;
  v.n = n;
  v.u.items = items;
  return v;
}

static void test_night_and_witness(void) {
  RuleSet rs;
  CHECK_EQ_INT(load(&rs,
    "let night = 20:00 .. 06:00\n"
    "hazard HAZ-NIGHT \"night\" cites SOP l.172\n"
    "  when any s in work.shifts: overlap_minutes(s.start .. s.end, night) > 0\n"
    "  evidence \"shift {s.start}-{s.end} overlaps by {overlap_minutes(s.start .. s.end, night)} min\"\n"), 0);
  const Program *p = &rs.prog;
  int h = rule_index(p, "HAZ-NIGHT");
  int slot = fact(p, "work", "shifts")->slot;
  Eval e;
  Arena a;
  Value facts[16];
  memset(facts, 0, sizeof facts);
  arena_init(&a);
  CHECK_EQ_INT(eval_init(&e, p), 0);
  static const struct { const char *span; int fired; } cases[] = {
    {"08:00-20:00", 0}, {"06:00-14:00", 0}, {"08:00-20:01", 1}, {"05:59-12:00", 1},
    {"22:00-02:00", 1}, {"19:00-07:00", 1}, {"12:00-12:00", 1}, {"06:00-20:00", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    facts[slot] = shift_list(&a, &cases[i].span, 1);
    eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
    if (!CHECK_EQ_INT(e.fired[h], cases[i].fired)) printf("    shift %s\n", cases[i].span);
  }
  /* the evidence names the shift that matched, not the first one */
  const char *two[] = {"08:00-16:00", "17:00-23:00"};
  facts[slot] = shift_list(&a, two, 2);
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  e.render = &a;
  Value ev = render_evidence(&e, h);
  if (!CHECK(ev.tag == V_TEXT && strcmp(ev.u.s, "shift 17:00-23:00 overlaps by 180 min") == 0)
      && ev.tag == V_TEXT) {
    printf("    evidence: %s\n", ev.u.s);
  }
  e.render = NULL;
  eval_free(&e);
  arena_free(&a);
  ruleset_free(&rs);
}

/* Dependencies the order must honour even when declarations run the other
** way: the scope before what it gates, a rule read through '.holds' (as in
** 'stops when') before its reader, a let before the rules it reads although
** they carry text-building evidence. */
static void test_order_of_hidden_dependencies(void) {
  RuleSet rs;
  CHECK_EQ_INT(load(&rs,
    "defaults stops when DEF-END.holds\n"
    "hazard HAZ-H \"h\" cites SOP l.1 when work.b\n"
    "action NA-X \"x\" cites SOP l.1 when work.b\n"
    "let level = DEF-A\n"
    "let label = \"hours {work.hours}\"\n"
    "definition DEF-A \"a\" cites SOP l.1 when work.a evidence \"a is {work.a}\"\n"
    "definition DEF-END \"end\" cites SOP l.1 when work.hours > 1\n"
    "scope DEF-A\n"), 0);
  const Program *p = &rs.prog;
  int a = rule_index(p, "DEF-A"), h = rule_index(p, "HAZ-H"), x = rule_index(p, "NA-X");
  int end = rule_index(p, "DEF-END"), level = rule_index(p, "level"), label = rule_index(p, "label");
  CHECK(position(p, a) < position(p, h));
  CHECK(position(p, end) < position(p, x));
  CHECK(position(p, a) < position(p, level));
  CHECK_EQ_INT(p->aRule[level].renderOnly, 0);
  CHECK_EQ_INT(p->aRule[label].renderOnly, 1);

  Eval e;
  Value facts[16];
  memset(facts, 0, sizeof facts);
  CHECK_EQ_INT(eval_init(&e, p), 0);
  facts[fact(p, "work", "a")->slot] = v_bool(0);      /* out of scope: nothing gated fires */
  facts[fact(p, "work", "b")->slot] = v_bool(1);
  facts[fact(p, "work", "hours")->slot] = v_num(0, 0);
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 0);
  CHECK_EQ_INT(e.fired[x], 0);
  facts[fact(p, "work", "a")->slot] = v_bool(1);      /* in scope */
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[h], 1);
  CHECK_EQ_INT(e.fired[x], 1);
  CHECK(v_true(e.res[level]));
  facts[fact(p, "work", "hours")->slot] = v_num(2, 0);   /* case work ended: the action stops */
  eval_case(&e, facts, at("2025-03-05T10:00:00+01:00"));
  CHECK_EQ_INT(e.fired[x], 0);
  CHECK_EQ_INT(e.fired[h], 1);                        /* hazards are not case work */
  eval_free(&e);
  ruleset_free(&rs);
}

/* ---- the keyword table -------------------------------------------------- */

/* Every entry of engine/keywords.h lexes to its token (the table is searched
** by bisection: an entry out of order would lex as a name), and a name one
** letter off any of them is a name. */
static void test_keywords(void) {
  static const struct { const char *z; int code; } kw[] = {
#define X(tok, z, flags) {z, TK_##tok},
    RR_KEYWORDS(X)
#undef X
  };
  int n = (int)(sizeof kw / sizeof kw[0]);
  for (int i = 0; i < n; i++) {
    char buf[40];
    Lexer lx;
    Token t;
    snprintf(buf, sizeof buf, "%s", kw[i].z);
    lex_init(&lx, buf, strlen(buf));
    if (!CHECK_EQ_INT(lex_next(&lx, &t), kw[i].code)) printf("  keyword '%s'\n", kw[i].z);
    snprintf(buf, sizeof buf, "%sx", kw[i].z);
    CHECK_EQ_INT(lex_keyword(buf, strlen(buf)), TK_NAME);
    if (i > 0) CHECK(strcmp(kw[i - 1].z, kw[i].z) < 0);
  }
}

/* Parses TEXT alone; returns its number of syntax errors and, in *PDECL, its
** first declaration (valid until the arena is freed). */
static int parse_text(Arena *a, Diag *d, const char *text, Decl **pDecl) {
  Decl *first = NULL, *last = NULL;
  size_t n = strlen(text);
  char *z = malloc(n + 1);
  memcpy(z, z ? text : "", z ? n + 1 : 0);
  int iFile = diag_add_file(d, "probe.rr", z, n);
  int nSyntax = parse_file(a, d, iFile, &first, &last);
  *pDecl = first;
  return nSyntax + (first == NULL);
}

/* Ties the flags of keywords.h to the grammar's token classes (parser.y):
** each keyword is a field name exactly when it is KW_DECL or KW_NAME, a name
** in an expression exactly when it is KW_NAME, and follows 'fired' exactly
** when it spells a kind of rule with KF_RULE (which is then KW_DECL). */
static void test_keyword_classes(void) {
  static const struct { const char *z; int flags; } kw[] = {
#define X(tok, z, flags) {z, flags},
    RR_KEYWORDS(X)
#undef X
  };
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
    char buf[96];
    Arena a;
    Diag d;
    Decl *decl;
    int rk = kind_lookup(kw[i].z, (int)strlen(kw[i].z));
    int isRule = rk >= 0 && kind_has(rk, KF_RULE);
    arena_init(&a);
    diag_init(&d);
    snprintf(buf, sizeof buf, "record Rec { %s: int }\n", kw[i].z);
    int field = parse_text(&a, &d, buf, &decl) == 0 && decl->fields && decl->fields->name.len == strlen(kw[i].z);
    if (!CHECK_EQ_INT(field, (kw[i].flags & (KW_DECL | KW_NAME)) != 0)) printf("  field name '%s'\n", kw[i].z);
    snprintf(buf, sizeof buf, "let x = %s\n", kw[i].z);
    int name = parse_text(&a, &d, buf, &decl) == 0 && decl->expr && decl->expr->op == N_NAME;
    if (!CHECK_EQ_INT(name, (kw[i].flags & KW_NAME) != 0)) printf("  expression name '%s'\n", kw[i].z);
    snprintf(buf, sizeof buf, "let x = fired %s\n", kw[i].z);
    int fired = parse_text(&a, &d, buf, &decl) == 0 && decl->expr && decl->expr->op == N_FIRED &&
                decl->expr->slot == rk;
    if (!CHECK_EQ_INT(fired, isRule)) printf("  kind of rule '%s'\n", kw[i].z);
    if (isRule) CHECK(kw[i].flags & KW_DECL);
    diag_free(&d);
    arena_free(&a);
  }
  /* every kind of rule is spelled by a keyword */
  for (int rk = 0; rk < RK__COUNT; rk++) {
    const char *z = kind_name(rk);
    if (!CHECK(lex_keyword(z, strlen(z)) != TK_NAME)) printf("  kind '%s'\n", z);
    CHECK_EQ_INT(kind_lookup(z, (int)strlen(z)), rk);
  }
}

int main(void) {
  test_keywords();
  test_keyword_classes();
  test_slots_and_types();
  test_order_and_gating();
  test_order_of_hidden_dependencies();
  test_versions();
  test_unknown();
  test_night_and_witness();
  return unit_done("test_check");
}
