/*
** i18n_texts.c - which texts of a rule set a person reads: the walk that
** `rregull i18n extract` writes as the PO template and that the translation
** catalog (po.c) is matched against.  The contract is in i18n.h.
*/
#include "i18n.h"

#include <string.h>

typedef struct Walk {
  const RuleSet *rs;
  Arena *a;
  I18nEach fn;
  void *ud;
  int plain;              /* only texts without an interpolation (the decision's values) */
} Walk;

/* The raw text of the string literal at OFF (its opening quote) up to its
** closing quote: text parts unescaped, interpolations "{expr}" as written. */
char *i18n_literal_msgid(const RuleSet *rs, const Node *n, Arena *a) {
  if (n->op == N_STR) return arena_strndup(a, n->k.u.s, (size_t)n->k.n);
  const SrcFile *f = &rs->diag.aFile[n->iFile];
  const char *z = f->zText + n->off, *end = f->zText + f->nText;
  char *out = arena_alloc(a, (size_t)(end - z) + 1), *o = out;
  if (!out || *z != '"') return NULL;
  for (z++; z < end && *z != '"'; z++) {
    if (*z == '\\' && z + 1 < end) {
      z++;
      *o++ = *z == 'n' ? '\n' : *z == 't' ? '\t' : *z;
    } else if (*z == '{') {           /* an interpolation: copied up to its brace */
      int depth = 0;
      for (; z < end; z++) {
        if (*z == '"') {              /* a string inside the expression */
          *o++ = *z++;
          while (z < end && *z != '"') {
            if (*z == '\\' && z + 1 < end) *o++ = *z++;
            *o++ = *z++;
          }
        }
        if (z >= end) break;
        *o++ = *z;
        if (*z == '{') depth++;
        else if (*z == '}' && --depth == 0) break;
      }
    } else {
      *o++ = *z;
    }
  }
  *o = 0;
  return out;
}

int i18n_has_words(const Node *n) {
  if (!n || n->op != N_STR) return 0;
  for (int i = 0; i < n->k.n; i++)
    if ((unsigned char)n->k.u.s[i] >= 0x80 || ((n->k.u.s[i] | 0x20) >= 'a' && (n->k.u.s[i] | 0x20) <= 'z')) return 1;
  return 0;
}

/* The strings of an expression in the places that become text: both
** branches of 'if', both sides of ?? and +; never a condition. */
static void texts_of(Walk *w, const Node *n, const char *zCtxt, int iFile, uint32_t off) {
  if (!n) return;
  switch (n->op) {
    case N_STR:
    case N_INTERP: {
      if (w->plain && n->op == N_INTERP) return;  /* rendered with its values: no msgid matches it */
      char *z = i18n_literal_msgid(w->rs, n, w->a);
      if (z && *z) w->fn(w->ud, zCtxt, z, n->iFile, n->off);
      /* the quoted texts inside an interpolation's expressions: their own entries */
      for (int i = 0; n->op == N_INTERP && i < n->nArg; i++)
        if (n->args[i]->op != N_STR) texts_of(w, n->args[i], zCtxt, iFile, off);
      return;
    }
    case N_IF:
      texts_of(w, n->b, zCtxt, iFile, off);
      texts_of(w, n->c, zCtxt, iFile, off);
      return;
    case N_COALESCE:
    case N_ADD:
      texts_of(w, n->a, zCtxt, iFile, off);
      texts_of(w, n->b, zCtxt, iFile, off);
      return;
    case N_BUILTIN:                   /* join(list, " and "): its separator is words */
      if (n->slot == B_JOIN && n->nArg > 1 && i18n_has_words(n->args[1])) texts_of(w, n->args[1], zCtxt, iFile, off);
      return;
    default:
      return;
  }
}

static void field(Walk *w, const Rule *r, const char *zField, const char *zText, const Node *n) {
  char *zCtxt = arena_printf(w->a, "%s|%s", r->zId, zField);
  if (!zCtxt) return;
  if (zText && *zText) w->fn(w->ud, zCtxt, zText, r->iFile, r->off);
  else texts_of(w, n, zCtxt, r->iFile, r->off);
}

/* The keys of the decision: every object the report builds, also in the
** lets it reads (SEEN: per rule, walked already). */
static void report_keys(Walk *w, const Node *n, uint8_t *seen, int depth) {
  if (!n || depth > 200) return;
  const Program *p = &w->rs->prog;
  if (n->op == N_OBJ)
    for (int i = 0; i < n->nArg; i++) {
      w->fn(w->ud, "report", n->keys[i], n->iFile, n->off);
      w->plain = 1;                   /* a text the decision gives, shown as it is */
      texts_of(w, n->args[i], "report|value", n->iFile, n->off);
      w->plain = 0;
    }
  if (n->op == N_RULEREF && seen && n->slot >= 0 && n->slot < p->nRule && !seen[n->slot] &&
      p->aRule[n->slot].kind == RK_LET) {
    seen[n->slot] = 1;
    report_keys(w, p->aRule[n->slot].value, seen, depth + 1);
  }
  report_keys(w, n->a, seen, depth + 1);
  report_keys(w, n->b, seen, depth + 1);
  report_keys(w, n->c, seen, depth + 1);
  report_keys(w, n->d, seen, depth + 1);
  for (int i = 0; i < n->nArg; i++) report_keys(w, n->args[i], seen, depth + 1);
}

void i18n_each_text(const RuleSet *rs, Arena *a, I18nEach fn, void *ud) {
  Walk w = {rs, a, fn, ud, 0};
  const Program *p = &rs->prog;
  for (int i = 0; i < p->nRule; i++) {
    const Rule *r = &p->aRule[i];
    if (r->dynamic || !r->zId) continue;
    if (r->kind == RK_LET) {
      if (r->renderOnly) field(&w, r, "value", NULL, r->value);
      continue;
    }
    if (r->zTitle && *r->zTitle) fn(ud, r->zId, r->zTitle, r->iFile, r->off);
    field(&w, r, "reading", r->zReading, NULL);
    field(&w, r, "note", r->zNote, r->zNote ? NULL : r->note);
    field(&w, r, "evidence", NULL, r->evidence);
    field(&w, r, "responsible", r->zResponsible, NULL);
    field(&w, r, "from", NULL, r->fromLabel);
    field(&w, r, "due", NULL, r->dueLabel);
    field(&w, r, "done", NULL, r->doneLabel);
    field(&w, r, "instance", NULL, r->dlInstance);
    for (int k = 0; k < r->nRow; k++) field(&w, r, "row", NULL, r->aRowValue[k]);
    for (int k = 0; k < r->nCase; k++) field(&w, r, "row", NULL, r->aCaseNode ? r->aCaseNode[k] : NULL);
  }
  for (int i = 0; i < p->nEnum; i++) {
    const EnumDef *d = &p->aEnum[i];
    char *zCtxt = arena_printf(a, "enum|%s", d->zName);
    for (int k = 0; zCtxt && k < d->nMember; k++) fn(ud, zCtxt, d->azMember[k], d->iFile, d->off);
  }
  for (int i = 0; i < p->nRecord; i++) {               /* a record's fields, as a value shows them */
    const RecordDef *d = &p->aRecord[i];
    char *zCtxt = arena_printf(a, "field|%s", d->zName);
    for (int k = 0; zCtxt && k < d->nField; k++) fn(ud, zCtxt, d->aField[k].zName, d->iFile, d->off);
  }
  report_keys(&w, p->report, arena_alloc(a, (size_t)p->nRule + 1), 0);
  for (int i = 0; i < p->nSource; i++) {               /* the documents cited */
    char *zCtxt = arena_printf(a, "source|%s", p->aSource[i].zKey);
    if (zCtxt && p->aSource[i].zTitle) fn(ud, zCtxt, p->aSource[i].zTitle, p->aSource[i].iFile, p->aSource[i].off);
  }
}
