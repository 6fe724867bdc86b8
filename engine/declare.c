/*
** declare.c - declarations registered under their names (SQLite's build.c):
** sources, defaults, enums and records, rules, lets and functions; a rule's
** clauses folded into its Rule; then records, the fact schema and the
** parameters of functions resolved to types.
**
** Nothing here reads an expression: expressions are checked once every
** name is known (expr.c, rule.c).  A name declared twice is reported where
** it is declared again; a rule ID may have several versions when their
** effective periods do not overlap.
*/
#include "checkint.h"

#include <stdlib.h>
#include <string.h>

#include "rrlimits.h"
#include "suggest.h"

/* The date of token T; *OK is 0 when it is not a valid date. */
static RrDate parse_date_tok(Checker *c, int iFile, Token t, int *ok) {
  RrDate d = 0;
  *ok = rr_parse_date(c->d->aFile[iFile].zText + t.off, t.len, &d) == 0;
  return d;   /* an invalid literal was already reported by the lexer's builder */
}

/* {==== names ========================================================= */

static void register_enum(Checker *c, Decl *d, int i) {
  EnumDef *e = &c->p->aEnum[i];
  int n = 0;
  for (NameList *m = d->members; m; m = m->next) n++;
  e->zName = tok_str(c, d->iFile, d->name);
  e->nMember = n;
  e->azMember = xalloc(c, (size_t)(n ? n : 1) * sizeof *e->azMember);
  e->aFrom = xalloc(c, (size_t)(n ? n : 1) * sizeof *e->aFrom);
  e->aUntil = xalloc(c, (size_t)(n ? n : 1) * sizeof *e->aUntil);
  e->ordered = d->ordered;
  e->iOther = -1;
  e->iFile = d->iFile;
  e->off = d->name.off;
  e->len = d->name.len;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_ENUM;
  t->id = i;
  e->type = t;
  n = 0;
  for (NameList *m = d->members; m; m = m->next) {
    const char *z = tok_str(c, d->iFile, m->name);
    for (int j = 0; j < n; j++) {
      if (strcmp(e->azMember[j], z) == 0) {
        ERRT(d->iFile, m->name, "duplicate member '%s' in enum %s", z, e->zName);
      }
    }
    e->aFrom[n] = INT32_MIN;            /* undated: in force on every day */
    e->aUntil[n] = INT32_MAX;
    if (m->d1.len) {                     /* fishing effective 2027-01-01 [until ...] */
      int ok1, ok2 = 1;
      e->aFrom[n] = parse_date_tok(c, d->iFile, m->d1, &ok1);
      if (m->d2.len) e->aUntil[n] = parse_date_tok(c, d->iFile, m->d2, &ok2);
      if (ok1 && ok2 && e->aUntil[n] <= e->aFrom[n])
        ERRT(d->iFile, m->d2, "'until' date must be after the 'effective' date");
    }
    e->azMember[n++] = z;
  }
  if (d->aux.len) {
    const char *z = tok_str(c, d->iFile, d->aux);
    for (int j = 0; j < n; j++) if (strcmp(e->azMember[j], z) == 0) e->iOther = j;
    if (e->iOther < 0) ERRT(d->iFile, d->aux, "'%s' is not a member of enum %s", z, e->zName);
  }
  /* exclusive: a list that holds such a member holds nothing else */
  for (NameList *m = d->exclusive; m; m = m->next) {
    const char *z = tok_str(c, d->iFile, m->name);
    int j = enum_member(e, z);
    if (j < 0) ERRT(d->iFile, m->name, "'%s' is not a member of enum %s", z, e->zName);
    else if (j >= 64) ERRT(d->iFile, m->name, "an exclusive member must be among the first 64 of its enum");
    else e->exclusive |= (uint64_t)1 << j;
  }
  if (strmap_get(&c->types, e->zName) >= 0) {
    ERRT(d->iFile, d->name, "type '%s' is already declared", e->zName);
  } else {
    strmap_put(&c->types, e->zName, i);
  }
}

/* record Name { field: T ... }: the name now, the fields' types in phase 2. */
static void register_record(Checker *c, Decl *d, int i) {
  RecordDef *r = &c->p->aRecord[i];
  r->zName = tok_str(c, d->iFile, d->name);
  r->iFile = d->iFile;
  r->off = d->name.off;
  r->len = d->name.len;
  r->decl = d;
  Type *t = xalloc(c, sizeof *t);
  t->k = T_REC;
  t->id = i;
  r->type = t;
  if (strmap_get(&c->types, r->zName) >= 0) {
    ERRT(d->iFile, d->name, "type '%s' is already declared", r->zName);
  } else {
    strmap_put(&c->types, r->zName, i + RECBASE);
  }
}

/* source KEY "title" [file "..."] */
static void register_source(Checker *c, Decl *d) {
  Program *p = c->p;
  SourceDef *s = &p->aSource[p->nSource];
  s->zKey = tok_str(c, d->iFile, d->name);
  s->zTitle = string_tok(c, d->iFile, d->title);
  s->zFile = d->aux.len ? string_tok(c, d->iFile, d->aux) : NULL;
  s->from = INT32_MIN;
  s->until = INT32_MAX;
  if (d->clauses) {                      /* source KEY "title" effective FROM [until UNTIL] */
    int ok1, ok2 = 1;
    s->from = parse_date_tok(c, d->iFile, d->clauses->d1, &ok1);
    if (d->clauses->d2.len) s->until = parse_date_tok(c, d->iFile, d->clauses->d2, &ok2);
    if (ok1 && ok2 && s->until <= s->from)
      ERRT(d->iFile, d->clauses->d2, "'until' date must be after the 'effective' date");
  }
  s->iFile = d->iFile;
  s->off = d->name.off;
  s->len = d->name.len;
  if (strmap_get(&c->sources, s->zKey) >= 0) {
    ERRT(d->iFile, d->name, "source '%s' is already declared", s->zKey);
  } else {
    strmap_put(&c->sources, s->zKey, p->nSource);
  }
  p->nSource++;
}

/* defaults effective FROM [until UNTIL] | defaults stops when COND: for the
** rules of the same file that do not say otherwise. */
static void register_defaults(Checker *c, Decl *d) {
  Clause *cl = d->clauses;
  int ok1, ok2 = 1;
  if (cl->kind == CL_STOPS) {
    if (c->fileStops[d->iFile]) ERRT(d->iFile, d->kw, "duplicate 'defaults stops when' in this file");
    else c->fileStops[d->iFile] = cl->expr;
    return;
  }
  if (c->fileHasDefault[d->iFile]) {
    ERRT(d->iFile, d->kw, "duplicate 'defaults' in this file");
    return;
  }
  c->fileHasDefault[d->iFile] = 1;
  c->fileFrom[d->iFile] = parse_date_tok(c, d->iFile, cl->d1, &ok1);
  c->fileUntil[d->iFile] = cl->d2.len ? parse_date_tok(c, d->iFile, cl->d2, &ok2) : INT32_MAX;
  if (ok1 && ok2 && c->fileUntil[d->iFile] <= c->fileFrom[d->iFile])
    ERRT(d->iFile, cl->d2, "'until' date must be after the 'effective' date");
}

/* The declarations a rule set has at most one of: the second is reported. */
static void register_one(Checker *c, Decl *d, Decl **pOne, const char *zWhat) {
  if (*pOne) ERRT(d->iFile, d->kw, "%s", zWhat);
  else *pOne = d;
}

/* Phase 1a: every declaration but rules, lets and functions registered in
** the order written: sources, defaults, types, the rule set's name and the
** declarations it has one of (scope, calendar, report, municipality by),
** and an overlay's own declarations (overlay.c).  Each declaration is first
** checked against where it stands: national rules or an overlay. */
void declare_names(Checker *c, Decl *decls) {
  Program *p = c->p;
  for (Decl *d = decls; d; d = d->next) {
    overlay_placement(c, d);
    switch (d->kind) {
      case D_RULESET:
        if (p->zRuleset) ERRT(d->iFile, d->kw, "the rule set already has a name ('%s')", p->zRuleset);
        p->zRuleset = tok_str(c, d->iFile, d->name);
        p->zRulesetTitle = string_tok(c, d->iFile, d->title);
        break;
      case D_SELECTOR:
        register_one(c, d, &c->selectorDecl, "the rule set already says which municipality applies");
        break;
      case D_OVERLAY: case D_HOLIDAY: case D_HOOK: overlay_declare(c, d); break;
      case D_SOURCE: register_source(c, d); break;
      case D_DEFAULTS: register_defaults(c, d); break;
      case D_ENUM: register_enum(c, d, p->nEnum++); break;
      case D_RECORD: register_record(c, d, p->nRecord++); break;
      case D_SCOPE: register_one(c, d, &c->scopeDecl, "the rule set already has a scope"); break;
      case D_CALENDAR: register_one(c, d, &c->calDecl, "the rule set already has a calendar"); break;
      case D_REPORT:
        if (c->reportDecl) {
          ERRT(d->iFile, d->kw, "the rule set already has a report");
          diag_note(c->d, c->reportDecl->iFile, c->reportDecl->kw.off, c->reportDecl->kw.len,
                    "the first report is here");
        } else {
          c->reportDecl = d;
        }
        break;
      default: break;
    }
  }
}

/* }==== */

/* {==== rules, lets and functions ===================================== */

static int periods_overlap(const Rule *a, const Rule *b) {
  return a->effFrom < b->effUntil && b->effFrom < a->effUntil;
}

/* The value node of a row of a level or category table: "high", "3". */
Node *declare_row_value(Checker *c, int iFile, Token t) {
  const char *zv = c->d->aFile[iFile].zText + t.off;
  Node *v = xalloc(c, sizeof *v);
  if (zv[0] >= '0' && zv[0] <= '9') {
    v->op = N_INT;
    v->k = v_int(strtoll(zv, NULL, 10));
  } else {
    v->op = N_NAME;
    v->zName = tok_str(c, iFile, t);
  }
  v->iFile = (int16_t)iFile;
  v->off = t.off;
  v->len = t.len;
  v->slot = -1;
  return v;
}

/* Folds the clauses of a rule into R, reporting duplicates and bad citations. */
static void rule_clauses(Checker *c, Decl *d, Rule *r) {
  Clause *seen[CL__COUNT];
  int nCite = 0;
  memset(seen, 0, sizeof seen);
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES && cl->kind != CL_USES && cl->kind != CL_ROW && seen[cl->kind]) {
      ERRT(d->iFile, cl->kw, "duplicate '%.*s' clause in %s", (int)cl->kw.len,
           c->d->aFile[d->iFile].zText + cl->kw.off, r->zId);
      continue;
    }
    seen[cl->kind] = cl;
    switch (cl->kind) {
      case CL_CITES:
        for (Cite *ct = cl->cites; ct; ct = ct->next) nCite++;
        break;
      case CL_EFFECTIVE: {
        int ok1, ok2 = 1;
        r->effFrom = parse_date_tok(c, d->iFile, cl->d1, &ok1);
        if (cl->d2.len) r->effUntil = parse_date_tok(c, d->iFile, cl->d2, &ok2);
        if (ok1 && ok2 && cl->d2.len && r->effUntil <= r->effFrom)
          ERRT(d->iFile, cl->d2, "'until' date must be after the 'effective' date");
        break;
      }
      case CL_WHEN: r->when = cl->expr; break;
      case CL_VALUE: r->value = cl->expr; break;
      case CL_EVIDENCE: r->evidence = cl->expr; break;
      case CL_NOTE:
        r->note = cl->expr;
        if (cl->expr && cl->expr->op == N_STR) r->zNote = cl->expr->k.u.s;
        break;
      case CL_ROW: break;              /* folded below, in order */
      case CL_RESPONSIBLE: r->zResponsible = string_tok(c, d->iFile, cl->text); break;
      case CL_FROM:
        r->dlFrom = cl->expr;
        r->fromLabel = cl->labelExpr;
        break;
      case CL_WITHIN: r->dlWithin = cl->expr; break;
      case CL_IMMEDIATE: r->immediate = 1; break;
      case CL_DUE:
        r->dlDue = cl->expr;
        r->dueLabel = cl->labelExpr;
        break;
      case CL_DONE:
        r->dlDone = cl->expr;
        r->doneLabel = cl->labelExpr;
        break;
      case CL_FOREACH:
        r->aGen = cl->expr->args;
        r->nGen = cl->expr->nArg;
        break;
      case CL_INSTANCE: r->dlInstance = cl->expr; break;
      case CL_STOPS: r->stops = cl->expr; break;
      case CL_GOVERNED: break;         /* resolved once every rule is registered */
      case CL_READING:
        r->zReading = string_tok(c, d->iFile, cl->text);
        r->isInterpretation = 1;
        break;
      case CL_USES: break;     /* resolved once every rule is registered */
      case CL_LAW: break;      /* law.c */
      default:
        ERRT(d->iFile, cl->kw, "'%.*s' is not allowed in a rule", (int)cl->kw.len,
             c->d->aFile[d->iFile].zText + cl->kw.off);
        break;
    }
  }
  r->nCite = nCite;
  r->azCite = xalloc(c, (size_t)(nCite ? nCite : 1) * sizeof *r->azCite);
  r->apCite = xalloc(c, (size_t)(nCite ? nCite : 1) * sizeof *r->apCite);
  nCite = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_CITES) continue;
    for (Cite *ct = cl->cites; ct; ct = ct->next) {
      const char *key = tok_str(c, d->iFile, ct->src);
      if (strmap_get(&c->sources, key) < 0) {
        ERRT(d->iFile, ct->src, "unknown source '%s' (declare it with: source %s \"title\")", key, key);
      }
      if (ct->isLines && (ct->from < 1 || ct->to < ct->from)) {
        ERRT(d->iFile, ct->where, "invalid line reference '%.*s'", (int)ct->where.len,
             c->d->aFile[d->iFile].zText + ct->where.off);
      }
      r->apCite[nCite] = ct;
      r->azCite[nCite++] = ct->zText;
    }
  }
  /* rows of a level or category table, in order */
  int nCase = 0;
  for (Clause *cl = d->clauses; cl; cl = cl->next) nCase += cl->kind == CL_ROW;
  if (nCase) {
    r->aCaseCond = xalloc(c, (size_t)nCase * sizeof *r->aCaseCond);
    r->aCaseValue = xalloc(c, (size_t)nCase * sizeof *r->aCaseValue);
    r->aCaseNode = xalloc(c, (size_t)nCase * sizeof *r->aCaseNode);
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind != CL_ROW) continue;
      r->aCaseNode[r->nCase] = declare_row_value(c, d->iFile, cl->text);
      r->aCaseCond[r->nCase++] = cl->expr;
    }
  }
  int isTable = kind_has(r->kind, KF_ROWS);
  if (nCase && !isTable) {
    for (Clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind == CL_ROW) {
        ERRT(d->iFile, cl->text, "rows like '%.*s when ...' belong to a factor or assistance table",
             (int)cl->text.len, c->d->aFile[d->iFile].zText + cl->text.off);
        break;
      }
    }
  }
  if (isTable && !nCase) {
    ERRT(d->iFile, d->name, "%s %s has no rows (e.g. 'high when ...')", kind_name(r->kind), r->zId);
  }
  int isDeadline = r->kind == RK_DEADLINE;
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    int dlClause = cl->kind == CL_RESPONSIBLE || cl->kind == CL_FROM || cl->kind == CL_WITHIN ||
                   cl->kind == CL_IMMEDIATE || cl->kind == CL_DUE || cl->kind == CL_DONE ||
                   cl->kind == CL_FOREACH || cl->kind == CL_INSTANCE || cl->kind == CL_GOVERNED;
    if (dlClause && !isDeadline) {
      ERRT(d->iFile, cl->kw, "'%.*s' belongs to a deadline", (int)cl->kw.len,
           c->d->aFile[d->iFile].zText + cl->kw.off);
    }
  }
  if (r->immediate && r->dlWithin) {    /* immediately, within the outer bound of a numeric rule */
    r->dlBound = r->dlWithin;
    r->dlWithin = NULL;
  }
  for (Clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_WITHIN && cl->label.len && !r->immediate)
      ERRT(d->iFile, cl->label, "'per RULE' names the rule that bounds an immediate duty: add 'immediately'");
  }
  if (isDeadline) {
    int nTiming = (r->dlWithin != NULL) + r->immediate + (r->dlDue != NULL) + (seen[CL_GOVERNED] != NULL);
    if (nTiming == 0) {
      ERRT(d->iFile, d->name, "deadline %s needs a due date: 'within DURATION', 'immediately [within "
           "DURATION per RULE]', 'due INSTANT' or 'governed by RULE, ...'", r->zId);
    } else if (nTiming > 1) {
      ERRT(d->iFile, d->name, "deadline %s has more than one of within, immediately, due, governed by", r->zId);
    }
    if ((r->dlWithin || r->immediate) && !r->dlFrom) {
      ERRT(d->iFile, d->name, "deadline %s needs 'from INSTANT' to count from", r->zId);
    }
    if (!r->zResponsible) ERRT(d->iFile, d->name, "deadline %s names no one 'responsible'", r->zId);
  }
  if (!seen[CL_EFFECTIVE]) {
    if (c->fileHasDefault[d->iFile]) {
      r->effFrom = c->fileFrom[d->iFile];
      r->effUntil = c->fileUntil[d->iFile];
    } else {
      r->effFrom = INT32_MIN;   /* reported below, once the ID is known */
      r->effUntil = -1;
    }
  }
}

/* Registers rule, table or let D as rule I: its ID (a second version of an
** ID when the effective periods do not overlap), title, clauses, the file's
** defaults, and what its construct requires (citations, an effective date,
** 'when' for hazards).  An overlay's rule may not take a national ID. */
static void register_rule(Checker *c, Decl *d, int i) {
  Program *p = c->p;
  Rule *r = &p->aRule[i];
  r->kind = d->rkind;
  r->iFile = d->iFile;
  r->off = d->name.off;
  r->len = d->name.len;
  r->iCanon = i;
  r->iNext = -1;
  r->iBoundRule = -1;
  r->effFrom = INT32_MIN;
  r->effUntil = INT32_MAX;
  c->ruleDecl[i] = d;
  if (d->kind == D_LET) {
    r->kind = RK_LET;
    r->zId = tok_str(c, d->iFile, d->name);
    r->zTitle = r->zId;
    r->value = d->expr;
    if (strmap_get(&c->lets, r->zId) >= 0) {
      ERRT(d->iFile, d->name, "'%s' is already defined", r->zId);
    } else {
      strmap_put(&c->lets, r->zId, i);
    }
    return;
  }
  r->zId = tok_str(c, d->iFile, d->name);
  r->zTitle = string_tok(c, d->iFile, d->title);
  r->isInterpretation = r->kind == RK_INTERPRETATION;
  rule_clauses(c, d, r);
  if (!r->stops && c->fileStops[d->iFile] && kind_has(r->kind, KF_STOPS))
    r->stops = c->fileStops[d->iFile];
  if (r->kind == RK_INTERPRETATION) r->isInterpretation = 1;
  if (r->effFrom == INT32_MIN && r->effUntil == -1) {
    ERRT(d->iFile, d->name, "rule %s has no effective date (add 'effective YYYY-MM-DD', or "
         "'defaults effective YYYY-MM-DD' at the top of the file)", r->zId);
    r->effFrom = INT32_MIN;
    r->effUntil = INT32_MAX;
  }
  if (r->nCite == 0) {
    ERRT(d->iFile, d->name, "rule %s has no citation (add 'cites SOURCE l.LINE')", r->zId);
  }
  if (!r->zTitle[0]) ERRT(d->iFile, d->title, "rule %s has an empty title", r->zId);
  if (kind_has(r->kind, KF_WHEN) && !r->when) {
    ERRT(d->iFile, d->name, "%s %s needs a 'when' condition", kind_name(r->kind), r->zId);
  }
  if (r->evidence && !r->when && !r->nCase && r->kind != RK_DEADLINE) {
    ERRT(d->iFile, d->name, "rule %s has evidence but no 'when' condition", r->zId);
  }
  r->fromOverlay = (uint8_t)in_overlay(c, d->iFile);
  int prev = strmap_get(&c->rules, r->zId);
  if (prev < 0) {
    strmap_put(&c->rules, r->zId, i);
    return;
  }
  if (r->fromOverlay && !p->aRule[prev].fromOverlay) {
    overlay_refuse(c, d, prev, "redefine");
    return;
  }
  /* a second version of an ID is allowed when the periods do not overlap */
  for (int v = prev; v >= 0; v = p->aRule[v].iNext) {
    if (periods_overlap(&p->aRule[v], r) || p->aRule[v].kind != r->kind) {
      ERRT(d->iFile, d->name, "duplicate rule ID '%s'", r->zId);
      diag_note(c->d, p->aRule[v].iFile, p->aRule[v].off, p->aRule[v].len,
                "'%s' is first defined here%s", r->zId,
                p->aRule[v].kind != r->kind ? "" :
                " (two versions of a rule need effective periods that do not overlap)");
      return;
    }
  }
  r->iCanon = prev;
  int last = prev;
  while (p->aRule[last].iNext >= 0) last = p->aRule[last].iNext;
  p->aRule[last].iNext = i;
}

/* fn NAME(PARAMS) = BODY: its parameters are resolved in phase 2, its body
** checked at its first use. */
static void register_fn(Checker *c, Decl *d) {
  Program *p = c->p;
  Fn *f = &p->aFn[p->nFn];
  f->zName = tok_str(c, d->iFile, d->name);
  f->decl = d;
  f->body = d->expr;
  f->iFile = d->iFile;
  f->off = d->name.off;
  f->len = d->name.len;
  if (strmap_get(&c->fns, f->zName) >= 0 || strmap_get(&c->lets, f->zName) >= 0) {
    ERRT(d->iFile, d->name, "'%s' is already defined", f->zName);
  } else {
    strmap_put(&c->fns, f->zName, p->nFn);
  }
  p->nFn++;
}

/* Phase 1b: rules, tables, lets and functions, in the order written (a
** rule's index is its place among them). */
void declare_definitions(Checker *c, Decl *decls) {
  Program *p = c->p;
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind == D_RULE || d->kind == D_TABLE || d->kind == D_LET) register_rule(c, d, p->nRule++);
    else if (d->kind == D_FN) register_fn(c, d);
  }
}

/* The ID of canonical rule I, for suggest_nearest (NULL for lets and later
** versions). */
static const char *rule_name(int i, const void *ud) {
  const Rule *r = &((const Program *)ud)->aRule[i];
  return r->kind == RK_LET || r->iCanon != i ? NULL : r->zId;
}

/* The rule ID nearest to Z, for "did you mean"; NULL when none is near. */
const char *declare_suggest_rule(Checker *c, const char *z) {
  return suggest_nearest(z, c->p->nRule, rule_name, c->p);
}

/* }==== */

/* {==== phase 2: records, the fact schema, parameters ================== */

static void resolve_record(Checker *c, RecordDef *r) {
  Decl *d = r->decl;
  int n = 0;
  for (FieldDecl *f = d->fields; f; f = f->next) n++;
  r->aField = xalloc(c, (size_t)(n ? n : 1) * sizeof *r->aField);
  n = 0;
  for (FieldDecl *f = d->fields; f; f = f->next) {
    const char *z = tok_str(c, d->iFile, f->name);
    if (!f->type) {
      ERRT(d->iFile, f->name, "a record field needs a type ('%s: T'); only facts nest groups", z);
      continue;
    }
    for (int j = 0; j < n; j++) {
      if (strcmp(r->aField[j].zName, z) == 0) ERRT(d->iFile, f->name, "duplicate field '%s' in record %s", z, r->zName);
    }
    r->aField[n].zName = z;
    r->aField[n].type = type_resolve(c, d->iFile, f->type);
    r->aField[n].planned = f->planned;
    if (f->planned && r->aField[n].type->k != T_INSTANT && !is_error(r->aField[n].type))
      ERRT(d->iFile, f->name, "only a date-time can be 'planned'");
    n++;
  }
  r->nField = n;
}

/* A new group (or, once given a type, fact) named ZNAME under PARENT. */
static FactNode *fact_group_new(Checker *c, FactNode *parent, const char *zName, int iFile, Token t) {
  FactNode *g = xalloc(c, sizeof *g);
  g->zName = zName;
  g->zPath = parent && parent->zPath[0] ? arena_printf(c->a, "%s.%s", parent->zPath, zName) : zName;
  g->slot = -1;
  g->iFile = iFile;
  g->off = t.off;
  g->len = t.len;
  return g;
}

static void fact_add_kid(Checker *c, FactNode *g, FactNode *k) {
  FactNode **v = xalloc(c, (size_t)(g->nKid + 1) * sizeof *v);
  if (g->nKid) memcpy(v, g->aKid, (size_t)g->nKid * sizeof *v);
  v[g->nKid++] = k;
  g->aKid = v;
}

/* Adds FIELDS to group G: a typed field is a fact with the next slot, a
** nested group merges with a group of the same name (facts child { ... }
** may be written in several places). */
static void add_facts(Checker *c, int iFile, FactNode *g, FieldDecl *fields) {
  for (FieldDecl *f = fields; f; f = f->next) {
    const char *z = tok_str(c, iFile, f->name);
    FactNode *k = fact_kid(g, z);
    if (f->type) {
      if (k) {
        ERRT(iFile, f->name, "fact '%s' is already declared", k->zPath);
        diag_note(c->d, k->iFile, k->off, k->len, "'%s' is first declared here", k->zPath);
        continue;
      }
      k = fact_group_new(c, g, z, iFile, f->name);
      k->type = type_resolve(c, iFile, f->type);
      k->slot = c->p->nSlot++;
      k->planned = f->planned;
      if (f->planned && k->type->k != T_INSTANT && !is_error(k->type))
        ERRT(iFile, f->name, "only a date-time can be 'planned'");
      fact_add_kid(c, g, k);
    } else {
      if (k && k->type) {
        ERRT(iFile, f->name, "'%s' is already declared as a fact", k->zPath);
        continue;
      }
      if (!k) {
        k = fact_group_new(c, g, z, iFile, f->name);
        fact_add_kid(c, g, k);
      }
      add_facts(c, iFile, k, f->kids);
    }
  }
}

/* Fills Program.aSlot: slot -> fact. */
static void index_slots(Program *p, FactNode *g) {
  for (int i = 0; i < g->nKid; i++) {
    FactNode *k = g->aKid[i];
    if (k->type) p->aSlot[k->slot] = k;
    else index_slots(p, k);
  }
}

/* The fact schema: a tree of groups from every 'facts' declaration, its
** leaves the facts of a case, each with a slot. */
static void build_facts(Checker *c, Decl *decls) {
  Program *p = c->p;
  Token none = {0, 0};
  p->root = fact_group_new(c, NULL, "", -1, none);
  p->root->zPath = "";
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != D_FACTS) continue;
    FactNode *g = p->root;
    if (d->name.len) {
      const char *z = tok_str(c, d->iFile, d->name);
      FactNode *k = fact_kid(g, z);
      if (k && k->type) {
        ERRT(d->iFile, d->name, "'%s' is already declared as a fact", z);
        continue;
      }
      if (!k) {
        k = fact_group_new(c, g, z, d->iFile, d->name);
        fact_add_kid(c, g, k);
      }
      g = k;
    }
    add_facts(c, d->iFile, g, d->fields);
  }
  p->aSlot = xalloc(c, (size_t)(p->nSlot ? p->nSlot : 1) * sizeof *p->aSlot);
  index_slots(p, p->root);
}

/* A function's parameters: names, types, variable slots. */
static void resolve_fn(Checker *c, Fn *f) {
  Decl *d = f->decl;
  int n = 0;
  for (FieldDecl *x = d->fields; x; x = x->next) n++;
  f->nParam = n;
  f->aParamSlot = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->aParamSlot);
  f->aParamType = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->aParamType);
  f->azParam = xalloc(c, (size_t)(n ? n : 1) * sizeof *f->azParam);
  n = 0;
  for (FieldDecl *x = d->fields; x; x = x->next) {
    f->azParam[n] = tok_str(c, d->iFile, x->name);
    for (int j = 0; j < n; j++) {
      if (strcmp(f->azParam[j], f->azParam[n]) == 0) ERRT(d->iFile, x->name, "duplicate parameter '%s'", f->azParam[n]);
    }
    if (n == RR_MAX_PARAMS) {
      ERRT(d->iFile, x->name, "function '%s' has %d parameters, at most %d", f->zName, f->nParam, RR_MAX_PARAMS);
    }
    f->aParamType[n] = type_resolve(c, d->iFile, x->type);
    f->aParamSlot[n] = new_var_slot(c);
    n++;
  }
}

/* Phase 2: the types of record fields, of facts (the schema's tree and its
** slots) and of parameters.  A let may not take the name of a fact. */
void declare_schema(Checker *c, Decl *decls) {
  Program *p = c->p;
  for (int i = 0; i < p->nRecord; i++) resolve_record(c, &p->aRecord[i]);
  build_facts(c, decls);
  for (int i = 0; i < p->nRule; i++) {
    Rule *r = &p->aRule[i];
    if (r->kind == RK_LET && fact_kid(p->root, r->zId)) {
      ERRT(r->iFile, ((Token){r->off, r->len}), "'%s' is already a fact or group of facts", r->zId);
    }
  }
  for (int i = 0; i < p->nFn; i++) resolve_fn(c, &p->aFn[i]);
}

/* }==== */
