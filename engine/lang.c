/*
** lang.c - a language to show a decision in (lang.h): the rule set's texts
** looked up in the language's PO catalog by (msgctxt, msgid), as i18n.h
** writes them; a text with an interpolation is rebuilt from its translation
** with the original's expressions, each {placeholder} of the translation
** matched to the one of the original written the same way.  A translation
** that names a placeholder the original lacks is not used.
*/
#include "lang.h"
#include "i18n.h"
#include "translit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct LangProg {
  const Program *p;
  const RuleSet *rs;
  const void **aText;     /* per rule version and field: a Node * or a char *, NULL for its own */
  uint8_t *aFlag;         /* per rule version and field: LT_* */
  uint8_t *aBuilt;        /* per rule version */
};
enum { LT_DRAFT = 1, LT_MISSING = 2 };

static const struct { const char *zCode, *zPo, *zName; int cyr; } langs[] = {
  {"en", NULL, "English", 0},
  {"sq", "sq", "shqip", 0},
  {"sr", "sr", "srpski (latinica)", 0},
  {"sr-Latn", "sr", "srpski (latinica)", 0},
  {"sr-Cyrl", "sr", "српски (ћирилица)", 1},
};

int lang_known(const char *zCode) {
  for (size_t i = 0; zCode && i < sizeof langs / sizeof langs[0]; i++)
    if (strcmp(langs[i].zCode, zCode) == 0) return 1;
  return 0;
}

char *lang_po_dir(const Book *book) {
  const Diag *d = &book->national.diag;
  for (int i = 0; i < d->nFile; i++) {
    const char *z = d->aFile[i].zName;
    if (!z || z[0] == '<') continue;                 /* the embedded library */
    const char *slash = strrchr(z, '/');
    size_t n = slash ? (size_t)(slash - z) : 1;
    char *out = malloc(n + 4);
    if (!out) return NULL;
    if (slash) memcpy(out, z, n);
    else out[0] = '.';
    memcpy(out + n, "/po", 4);
    return out;
  }
  return NULL;
}

static int open_lang(Lang *l, const Book *book, const char *zPoDir, const char *zCode, char *zErr, size_t nErr) {
  memset(l, 0, sizeof *l);
  arena_init(&l->a);
  l->book = book;
  int k = -1;
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
    if (strcmp(langs[i].zCode, zCode) == 0) k = (int)i;
  if (k < 0) {
    snprintf(zErr, nErr, "unknown language '%s' (there are en, sq, sr, sr-Cyrl)", zCode);
    return -1;
  }
  snprintf(l->zCode, sizeof l->zCode, "%s", langs[k].zCode);
  l->zName = langs[k].zName;
  l->cyrillic = langs[k].cyr;
  if (!langs[k].zPo) return 0;
  char *zDir = zPoDir ? strdup(zPoDir) : book ? lang_po_dir(book) : NULL;
  if (!zDir) {
    snprintf(zErr, nErr, "no policy directory to find po/%s.po in", langs[k].zPo);
    return -1;
  }
  size_t n = strlen(zDir) + 16;
  char *zPath = malloc(n);
  if (!zPath) {
    free(zDir);
    snprintf(zErr, nErr, "out of memory");
    return -1;
  }
  snprintf(zPath, n, "%s/%s.po", zDir, langs[k].zPo);
  free(zDir);
  FILE *f = fopen(zPath, "r");
  if (!f) {                               /* no translation yet: the texts in English, and the footer says so */
    free(zPath);
    return 0;
  }
  fclose(f);
  int rc = po_load(&l->po, zPath, zErr, nErr);
  free(zPath);
  return rc;
}

int lang_open(Lang *l, const Book *book, const char *zCode, char *zErr, size_t nErr) {
  return open_lang(l, book, NULL, zCode, zErr, nErr);
}

int lang_open_dir(Lang *l, const char *zPoDir, const char *zCode, char *zErr, size_t nErr) {
  return open_lang(l, NULL, zPoDir, zCode, zErr, nErr);
}

void lang_close(Lang *l) {
  if (!l) return;
  for (int i = 0; i < l->nProg; i++) {
    free(l->aProg[i].aText);
    free(l->aProg[i].aFlag);
    free(l->aProg[i].aBuilt);
  }
  free(l->aProg);
  po_free(&l->po);
  translit_close(l->translit);
  arena_free(&l->a);
  memset(l, 0, sizeof *l);
}

/* {==== translating texts ============================================== */

/* MSGSTR of the entry, in the language's script. */
static const char *script(Lang *l, const char *z) {
  if (!l->cyrillic || !z) return z;
  return translit_to_cyrillic(&l->translit, &l->a, z);
}

/* The translation of (CTXT, MSGID), or NULL; *FLAG gets LT_*. */
static const char *lookup(Lang *l, const char *zCtxt, const char *zMsgid, uint8_t *flag) {
  const PoEntry *pe = po_find(&l->po, zCtxt, zMsgid);
  if (!pe) {
    *flag |= LT_MISSING;
    return NULL;
  }
  if (pe->fuzzy) *flag |= LT_DRAFT;
  return script(l, pe->zMsgstr);
}

static Node *copy_node(Lang *l, const Node *n) {
  Node *c = arena_alloc(&l->a, sizeof *c);
  if (c) *c = *n;
  return c;
}

/* The placeholders of MSGID ("{expr}" texts) in order, at most MAX. */
static int placeholders(const char *z, const char **az, int *an, int max) {
  int k = 0;
  while ((z = strchr(z, '{')) != NULL) {
    const char *s = z;
    int depth = 0, inStr = 0;
    for (; *z; z++) {
      if (inStr) {
        if (*z == '\\' && z[1]) z++;
        else if (*z == '"') inStr = 0;
        continue;
      }
      if (*z == '"') inStr = 1;
      else if (*z == '{') depth++;
      else if (*z == '}' && --depth == 0) break;
    }
    if (!*z) break;
    if (k < max) {
      az[k] = s;
      an[k] = (int)(z - s + 1);
    }
    k++;
    z++;
  }
  return k;
}

static Node *translate(Lang *l, const RuleSet *rs, const char *zCtxt, Node *n, uint8_t *flag);

/* An interpolation rebuilt from the translation T of its msgid M. */
static Node *rebuild(Lang *l, const RuleSet *rs, const char *zCtxt, const Node *n, const char *m,
                           const char *t, uint8_t *flag) {
  enum { MAXP = 32 };
  const char *azM[MAXP], *azT[MAXP];
  int anM[MAXP], anT[MAXP];
  int nM = placeholders(m, azM, anM, MAXP), nT = placeholders(t, azT, anT, MAXP);
  Node *aExpr[MAXP];
  int nExpr = 0;
  for (int i = 0; i < n->nArg; i++)
    if (n->args[i]->op != N_STR && nExpr < MAXP) aExpr[nExpr++] = n->args[i];
  if (nM != nExpr || nM > MAXP || nT > MAXP) return NULL;
  int map[MAXP];
  for (int j = 0; j < nT; j++) {
    map[j] = -1;
    for (int i = 0; i < nM && map[j] < 0; i++)
      if (anM[i] == anT[j] && memcmp(azM[i], azT[j], (size_t)anM[i]) == 0) map[j] = i;
    if (map[j] < 0) return NULL;      /* a placeholder the original does not have */
  }
  Node *c = copy_node(l, n);
  Node **args = arena_alloc(&l->a, (size_t)(2 * nT + 2) * sizeof *args);
  if (!c || !args) return NULL;
  int na = 0;
  const char *z = t;
  for (int j = 0; j <= nT; j++) {
    const char *end = j < nT ? azT[j] : t + strlen(t);
    if (end > z) {
      Node *s = copy_node(l, n);
      if (!s) return NULL;
      memset(s, 0, sizeof *s);
      s->op = N_STR;
      s->iFile = n->iFile;
      s->off = n->off;
      s->depth = 1;
      char *txt = arena_strndup(&l->a, z, (size_t)(end - z));
      if (!txt) return NULL;
      s->k = v_text(txt, (int)(end - z));
      s->type = n->type;
      args[na++] = s;
    }
    if (j < nT) {
      args[na++] = translate(l, rs, zCtxt, aExpr[map[j]], flag);
      z = azT[j] + anT[j];
    }
  }
  c->args = args;
  c->nArg = na;
  return c;
}

/* N (an expression whose value is a text) with its texts translated: a new
** node, or N itself when nothing changes. */
static Node *translate(Lang *l, const RuleSet *rs, const char *zCtxt, Node *n, uint8_t *flag) {
  if (!n) return n;
  switch (n->op) {
    case N_STR: {
      const char *t = lookup(l, zCtxt, n->k.u.s, flag);
      if (!t) return n;
      Node *c = copy_node(l, n);
      if (!c) return n;
      c->k = v_text(t, (int)strlen(t));
      return c;
    }
    case N_INTERP: {
      char *m = i18n_literal_msgid(rs, n, &l->a);
      const char *t = m ? lookup(l, zCtxt, m, flag) : NULL;
      Node *r = t ? rebuild(l, rs, zCtxt, n, m, t, flag) : NULL;
      if (r) return r;
      if (t) *flag |= LT_MISSING;                  /* a translation that does not fit */
      Node *c = copy_node(l, n);
      Node **args = arena_alloc(&l->a, (size_t)(n->nArg + 1) * sizeof *args);
      if (!c || !args) return n;
      for (int i = 0; i < n->nArg; i++)
        args[i] = n->args[i]->op == N_STR ? n->args[i] : translate(l, rs, zCtxt, n->args[i], flag);
      c->args = args;
      return c;
    }
    case N_IF: {
      Node *c = copy_node(l, n);
      if (!c) return n;
      c->b = translate(l, rs, zCtxt, n->b, flag);
      c->c = translate(l, rs, zCtxt, n->c, flag);
      return c;
    }
    case N_COALESCE:
    case N_ADD: {
      Node *c = copy_node(l, n);
      if (!c) return n;
      c->a = translate(l, rs, zCtxt, n->a, flag);
      c->b = translate(l, rs, zCtxt, n->b, flag);
      return c;
    }
    case N_BUILTIN: {               /* join(list, " and "): the separator */
      if (n->slot != B_JOIN || n->nArg < 2 || !i18n_has_words(n->args[1])) return n;
      Node *sep = translate(l, rs, zCtxt, n->args[1], flag);
      if (sep == n->args[1]) return n;
      Node *c = copy_node(l, n);
      Node **args = arena_alloc(&l->a, (size_t)n->nArg * sizeof *args);
      if (!c || !args) return n;
      for (int i = 0; i < n->nArg; i++) args[i] = n->args[i];
      args[1] = sep;
      c->args = args;
      return c;
    }
    case N_RULEREF: {               /* a let that builds text: its value's translation */
      const Program *p = &rs->prog;
      if (n->slot < 0 || n->slot >= p->nRule) return n;
      const Rule *r = &p->aRule[n->slot];
      if (r->kind != RK_LET || !r->renderOnly || !r->value || !r->zId) return n;
      const char *zc = arena_printf(&l->a, "%s|value", r->zId);
      Node *t = zc ? translate(l, rs, zc, r->value, flag) : r->value;
      return t != r->value ? t : n;
    }
    default:
      return n;
  }
}

/* }==== */

/* {==== a program's rules ============================================== */

static LangProg *prog_of(Lang *l, const Program *p) {
  for (int i = 0; i < l->nProg; i++)
    if (l->aProg[i].p == p) return &l->aProg[i];
  const RuleSet *rs = NULL;
  if (p == &l->book->national.prog) rs = &l->book->national;
  for (int k = 0; !rs && k < l->book->nOverlay; k++)
    if (p == &l->book->aOverlay[k].prog) rs = &l->book->aOverlay[k];
  if (!rs) return NULL;
  LangProg *v = realloc(l->aProg, (size_t)(l->nProg + 1) * sizeof *v);
  if (!v) return NULL;
  l->aProg = v;
  LangProg *lp = &v[l->nProg];
  lp->p = p;
  lp->rs = rs;
  lp->aText = calloc((size_t)p->nRule * LF__COUNT + 1, sizeof *lp->aText);
  lp->aFlag = calloc((size_t)p->nRule * LF__COUNT + 1, 1);
  lp->aBuilt = calloc((size_t)p->nRule + 1, 1);
  if (!lp->aText || !lp->aFlag || !lp->aBuilt) {
    free(lp->aText);
    free(lp->aFlag);
    free(lp->aBuilt);
    return NULL;
  }
  l->nProg++;
  return lp;
}

static void build_text(Lang *l, LangProg *lp, int v, int f, const char *zField, const char *z) {
  if (!z || !*z) return;
  const Rule *r = &lp->p->aRule[v];
  const char *zCtxt = zField ? arena_printf(&l->a, "%s|%s", r->zId, zField) : r->zId;
  if (!zCtxt) return;
  lp->aText[v * LF__COUNT + f] = lookup(l, zCtxt, z, &lp->aFlag[v * LF__COUNT + f]);
}

static void build_node(Lang *l, LangProg *lp, int v, int f, const char *zField, Node *n) {
  if (!n) return;
  const Rule *r = &lp->p->aRule[v];
  const char *zCtxt = arena_printf(&l->a, "%s|%s", r->zId, zField);
  if (!zCtxt) return;
  Node *t = translate(l, lp->rs, zCtxt, n, &lp->aFlag[v * LF__COUNT + f]);
  lp->aText[v * LF__COUNT + f] = t != n ? t : NULL;
}

static void build_rule(Lang *l, LangProg *lp, int v) {
  const Rule *r = &lp->p->aRule[v];
  lp->aBuilt[v] = 1;
  if (r->dynamic || !r->zId) return;
  build_text(l, lp, v, LF_TITLE, NULL, r->zTitle);
  build_text(l, lp, v, LF_READING, "reading", r->zReading);
  build_node(l, lp, v, LF_NOTE, "note", r->note);      /* a node also when it is a plain string */
  build_node(l, lp, v, LF_EVIDENCE, "evidence", r->evidence);
  build_text(l, lp, v, LF_RESPONSIBLE, "responsible", r->zResponsible);
  build_node(l, lp, v, LF_FROM, "from", r->fromLabel);
  build_node(l, lp, v, LF_DUE, "due", r->dueLabel);
  build_node(l, lp, v, LF_DONE, "done", r->doneLabel);
  build_node(l, lp, v, LF_INSTANCE, "instance", r->dlInstance);
}

static const void *rule_text(Eval *e, int v, int field) {
  Lang *l = e->lang;
  if (!l || !l->po.nEnt || v < 0 || v >= e->p->nRule) {
    if (l && strcmp(l->zCode, "en") != 0) l->nMissing++;
    return NULL;
  }
  LangProg *lp = prog_of(l, e->p);
  if (!lp) return NULL;
  if (!lp->aBuilt[v]) build_rule(l, lp, v);
  uint8_t fl = lp->aFlag[v * LF__COUNT + field];
  if (fl & LT_DRAFT) l->nDraft++;
  if (fl & LT_MISSING) l->nMissing++;
  return lp->aText[v * LF__COUNT + field];
}

Node *lang_rule_node(Eval *e, int v, int field, Node *dflt) {
  if (!dflt || !e->lang) return dflt;
  Node *t = (Node *)(uintptr_t)rule_text(e, v, field);
  return t ? t : dflt;
}

const char *lang_rule_text(Eval *e, int v, int field, const char *dflt) {
  if (!dflt || !e->lang) return dflt;
  const char *t = rule_text(e, v, field);
  return t ? t : dflt;
}

/* }==== */

/* {==== labels and the engine's words ================================== */

const char *lang_label(Eval *e, const char *zCtxt, const char *zValue) {
  Lang *l = e->lang;
  if (l && l->po.nEnt) {
    const PoEntry *pe = po_find(&l->po, zCtxt, zValue);
    if (pe) {
      if (pe->fuzzy) l->nDraft++;
      return script(l, pe->zMsgstr);
    }
    l->nMissing++;
  }
  Arena *a = e->render ? e->render : l ? &l->a : NULL;
  char *z = a ? arena_strndup(a, zValue, strlen(zValue)) : NULL;
  if (!z) return zValue;
  for (char *c = z; *c; c++)
    if (*c == '_') *c = ' ';
  return z;
}

const char *lang_label_of(Lang *l, const PoEntry *pe) {
  if (pe->fuzzy) l->nDraft++;
  return script(l, pe->zMsgstr);
}

const char *lang_text(Eval *e, const char *zCtxt, const char *z) {
  Lang *l = e->lang;
  if (!l || !l->po.nEnt || !z) return z;
  const PoEntry *pe = po_find(&l->po, zCtxt, z);
  if (!pe) {
    l->nMissing++;
    return z;
  }
  if (pe->fuzzy) l->nDraft++;
  return script(l, pe->zMsgstr);
}

const char *lang_po_text(Lang *l, const char *zCtxt, const char *z) {
  if (!l || !l->po.nEnt || !z) return NULL;
  const PoEntry *pe = po_find(&l->po, zCtxt, z);
  if (!pe) {
    l->nMissing++;
    return NULL;
  }
  if (pe->fuzzy) l->nDraft++;
  return script(l, pe->zMsgstr);
}

const char *lang_po_ctxt(Lang *l, const char *zCtxt) {
  if (!l || !l->po.nEnt || !zCtxt) return NULL;
  const PoEntry *pe = po_find_ctxt(&l->po, zCtxt);
  if (!pe) return NULL;
  if (pe->fuzzy) l->nDraft++;
  return script(l, pe->zMsgstr);
}

Lang *lang_humane(const Eval *e) {
  Lang *l = e->lang;
  return l && l->humane > 0 && l->po.nEnt ? l : NULL;
}

static int ends_with(const char *z, const char *zEnd) {
  size_t n = strlen(z), m = strlen(zEnd);
  return n >= m && memcmp(z + n - m, zEnd, m) == 0;
}

const char *lang_row_text(Lang *l, const char *z) {
  if (!l || !l->po.nEnt || !z || !*z) return NULL;
  if (!l->rowBuilt) {
    l->rowBuilt = 1;
    l->aRow = arena_alloc(&l->a, (size_t)l->po.nEnt * sizeof *l->aRow);
    for (int i = 0; l->aRow && i < l->po.nEnt; i++) {
      const PoEntry *pe = &l->po.aEnt[i];
      if (pe->zMsgstr[0] && (ends_with(pe->zCtxt, "|row") || ends_with(pe->zCtxt, "|value"))) l->aRow[l->nRow++] = i;
    }
    /* sorted by hand (insertion): qsort would need a global for the catalog */
    for (int i = 1; i < l->nRow; i++) {
      int v = l->aRow[i], j = i;
      while (j > 0 && strcmp(l->po.aEnt[l->aRow[j - 1]].zMsgid, l->po.aEnt[v].zMsgid) > 0) {
        l->aRow[j] = l->aRow[j - 1];
        j--;
      }
      l->aRow[j] = v;
    }
  }
  int lo = 0, hi = l->nRow - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(l->po.aEnt[l->aRow[mid]].zMsgid, z);
    if (c == 0) {
      const PoEntry *pe = &l->po.aEnt[l->aRow[mid]];
      if (pe->fuzzy) l->nDraft++;
      return script(l, pe->zMsgstr);
    }
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

const char *lang_ui_fill(Lang *l, Arena *a, const char *zTmpl, long n, int nName, const char *const *names,
                   const char *const *values) {
  char *z = a ? lang_fill(a, lang_ui_count(l, zTmpl, n), nName, names, values) : NULL;
  return z ? z : "";
}

/* The plural form for N in the language: sq, en one/other; sr three. */
static int plural_index(Lang *l, long n) {
  if (n < 0) n = -n;
  if (l && l->zCode[0] == 's' && l->zCode[1] == 'r')
    return n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
  return n != 1;
}

static const char *ui(Lang *l, const char *zEnglish, long n, int *draft, int *missing) {
  const char *sep = strchr(zEnglish, '\001');
  char one[256];
  const char *zId = zEnglish;
  if (sep) {
    size_t k = (size_t)(sep - zEnglish) < sizeof one - 1 ? (size_t)(sep - zEnglish) : sizeof one - 1;
    memcpy(one, zEnglish, k);
    one[k] = 0;
    zId = one;
  }
  const PoEntry *pe = l && l->po.nEnt ? po_find(&l->po, "ui", zId) : NULL;
  if (!pe) {
    *missing = 1;
    if (!sep) return zEnglish;
    return n == 1 ? NULL : sep + 1;      /* NULL: the caller copies the singular */
  }
  *draft = pe->fuzzy;
  if (sep && pe->nPlural) {
    int k = plural_index(l, n);
    if (k >= pe->nPlural) k = pe->nPlural - 1;
    if (pe->azPlural[k][0]) return pe->azPlural[k];
  }
  return pe->zMsgstr;
}

const char *lang_ui(Lang *l, const char *zEnglish, long n) {
  int d = 0, m = 0;
  const char *z = ui(l, zEnglish, n, &d, &m);
  int found = !m;
  if (!z) {                               /* the English singular of a plural text */
    const char *sep = strchr(zEnglish, '\001');
    return sep && l ? arena_strndup(&l->a, zEnglish, (size_t)(sep - zEnglish)) : zEnglish;
  }
  return found && l->cyrillic ? translit_to_cyrillic(&l->translit, &l->a, z) : z;
}

const char *lang_ui_count(Lang *l, const char *zEnglish, long n) {
  int d = 0, m = 0;
  (void)ui(l, zEnglish, n, &d, &m);
  if (l) {
    l->nDraft += d;
    l->nMissing += m && strcmp(l->zCode, "en") != 0;
  }
  return lang_ui(l, zEnglish, n);
}

/* {==== the messages that reach a case worker ========================= */

enum { MAXCAP = 8 };

typedef struct Caps {
  const char *az[MAXCAP], *azName[MAXCAP];
  size_t an[MAXCAP], anName[MAXCAP];
  int n;
} Caps;

/* The length of the placeholder "{name}" at T, or 0 when T is a brace of
** the text itself ({"id", ...}). */
static size_t placeholder_at(const char *t) {
  size_t k = 1;
  if (*t != '{') return 0;
  while ((t[k] >= 'a' && t[k] <= 'z') || t[k] == '_') k++;
  return k > 1 && t[k] == '}' ? k + 1 : 0;
}

/* Whether message Z is template T, each placeholder standing for at least
** one character (the shortest that lets the rest match). */
static int match_msg(const char *t, const char *z, Caps *c) {
  while (*t) {
    size_t pl = placeholder_at(t);
    if (pl) {
      if (c->n >= MAXCAP) return 0;
      int k = c->n++;
      c->az[k] = z;
      c->azName[k] = t + 1;
      c->anName[k] = pl - 2;
      for (size_t n = 1; z[n - 1]; n++) {
        c->an[k] = n;
        if (match_msg(t + pl, z + n, c)) return 1;
      }
      c->n = k;
      return 0;
    }
    if (*t != *z) return 0;
    t++;
    z++;
  }
  return *z == 0;
}

static const char *message(Lang *l, Arena *a, const char *zMsg, int depth) {
  for (int i = 0; i18n_error_texts[i]; i++) {
    Caps c;
    c.n = 0;
    if (!match_msg(i18n_error_texts[i], zMsg, &c)) continue;
    const PoEntry *pe = po_find(&l->po, "error", i18n_error_texts[i]);
    if (!pe) {
      l->nMissing++;
      return zMsg;
    }
    if (pe->fuzzy) l->nDraft++;
    const char *names[MAXCAP], *values[MAXCAP];
    for (int k = 0; k < c.n; k++) {
      char *v = arena_strndup(a, c.az[k], c.an[k]);
      names[k] = arena_strndup(a, c.azName[k], c.anName[k]);
      if (!v || !names[k]) return zMsg;
      values[k] = depth < 2 ? message(l, a, v, depth + 1) : v;   /* "a number", "a string (one of Sector)" */
    }
    const char *t = script(l, pe->zMsgstr);
    char *out = t ? lang_fill(a, t, c.n, names, values) : NULL;
    return out ? out : zMsg;
  }
  return zMsg;
}

const char *lang_message(Lang *l, Arena *a, const char *zMsg) {
  if (!l || !l->po.nEnt || !zMsg || !a) return zMsg;
  const char *t = message(l, a, zMsg, 0);
  if (t != zMsg) return t;
  /* "facts.work.sector: ...", "--as-of: ...": the path as it is, the rest translated */
  const char *colon = strstr(zMsg, ": ");
  if (!colon || memchr(zMsg, ' ', (size_t)(colon - zMsg))) return zMsg;
  t = message(l, a, colon + 2, 0);
  if (t == colon + 2) return zMsg;
  size_t np = (size_t)(colon - zMsg) + 2, nt = strlen(t);
  char *out = arena_alloc(a, np + nt + 1);
  if (!out) return zMsg;
  memcpy(out, zMsg, np);
  memcpy(out + np, t, nt + 1);
  return out;
}

/* }==== */

/* The index of the name in NAMES that the placeholder at Z ("{name}") has,
** or -1; *END its closing brace. */
static int which(const char *z, int n, const char *const *names, const char **end) {
  *end = strchr(z, '}');
  for (int i = 0; *end && i < n; i++)
    if (strlen(names[i]) == (size_t)(*end - z - 1) && memcmp(names[i], z + 1, (size_t)(*end - z - 1)) == 0) return i;
  return -1;
}

char *lang_fill(Arena *a, const char *zTmpl, int n, const char *const *names, const char *const *values) {
  size_t cap = 1;
  const char *end;
  for (const char *z = zTmpl; *z; z++) {
    int k = *z == '{' ? which(z, n, names, &end) : -1;
    if (k >= 0) {
      cap += strlen(values[k] ? values[k] : "");
      z = end;
    } else {
      cap++;
    }
  }
  char *out = arena_alloc(a, cap), *o = out;
  if (!out) return NULL;
  for (const char *z = zTmpl; *z;) {
    int k = *z == '{' ? which(z, n, names, &end) : -1;
    if (k >= 0) {
      const char *v = values[k] ? values[k] : "";
      size_t nv = strlen(v);
      memcpy(o, v, nv);
      o += nv;
      z = end + 1;
      continue;
    }
    *o++ = *z++;
  }
  *o = 0;
  return out;
}

/* }==== */
