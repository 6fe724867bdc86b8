/*
** decide.c - the decision for one case: the national rules, or the overlay
** of the case's municipality with its hooks (see decide.h).
**
** A hook sees the case's facts and the national decision as plain data
** (objects, lists, text, numbers) and returns additions: actions, hazards,
** factors and referrals, each checked here like a rule would be -- an ID of
** its own, a title, a level among the levels -- and placed in the overlay
** program's hook slots before the overlay is evaluated again.  A hook that
** fails adds nothing; its failure goes into the decision's trail and the
** decider says so, so that the national result stands and the caller can
** exit non-zero.  The hooks' data lives in the decider's scratch arena.
*/
#include "decide.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"

/* {==== the book =========================================================== */

static void append_text(Book *bk, const char *z) {
  size_t a = bk->zErrors ? strlen(bk->zErrors) : 0, b = strlen(z);
  char *n = realloc(bk->zErrors, a + b + 1);
  if (!n) {
    bk->oom = 1;
    return;
  }
  memcpy(n + a, z, b + 1);
  bk->zErrors = n;
}

/* Loads the rule sets of PATHS into B (see decide.h): the files that
** declare an overlay apart, the others as the national rule set, then each
** overlay over the national files.  An overlay must keep the national facts
** and types, and two overlays may not serve the same municipality.  B owns
** everything (book_free); book_hash(b) identifies the whole book. */
int book_load(Book *b, const char *const *paths, int nPaths) {
  memset(b, 0, sizeof *b);
  const char **nat = calloc((size_t)nPaths + 1, sizeof *nat), **ov = calloc((size_t)nPaths + 1, sizeof *ov);
  int nNat = 0, nOv = 0;
  if (!nat || !ov) {
    free(nat);
    free(ov);
    b->oom = 1;
    return b->nErr = 1;
  }
  for (int i = 0; i < nPaths; i++) {
    int isOverlay = ruleset_is_overlay(paths[i]);
    if (isOverlay < 0) b->oom = 1;
    if (isOverlay > 0) ov[nOv++] = paths[i];
    else nat[nNat++] = paths[i];
  }
  if (!nNat && nOv) {
    char msg[600];
    snprintf(msg, sizeof msg, "rregull: %s is an overlay: give the national rules it amends too\n", ov[0]);
    append_text(b, msg);
    b->nErr = 1;
  } else {
    b->nErr = ruleset_load(&b->national, nat, nNat, 0);
    b->nWarn = b->national.diag.nWarn;
    append_text(b, diag_text(&b->national.diag));
    if (b->national.diag.oom) b->oom = 1;
  }
  if (!b->nErr && nOv) {
    b->aOverlay = calloc((size_t)nOv, sizeof *b->aOverlay);
    if (!b->aOverlay) {
      b->oom = 1;
      b->nErr++;
    }
    for (int k = 0; b->aOverlay && k < nOv; k++) {
      RuleSet *rs = &b->aOverlay[b->nOverlay++];
      int nErr = ruleset_load_overlay(rs, nat, nNat, ov[k], 0);
      append_text(b, diag_text(&rs->diag));
      if (rs->diag.oom) b->oom = 1;
      b->nErr += nErr;
      b->nWarn += rs->diag.nWarn;
      const Program *p = &rs->prog, *n = &b->national.prog;
      if (!nErr && (p->nSlot != n->nSlot || p->nEnum != n->nEnum || p->nRecord != n->nRecord)) {
        char msg[600];
        snprintf(msg, sizeof msg, "rregull: %s: the overlay changes the national facts or types\n", ov[k]);
        append_text(b, msg);
        b->nErr++;
      }
      for (int j = 0; !nErr && j < k; j++) {
        const Program *q = &b->aOverlay[j].prog;
        if (q->zMunicipality && p->zMunicipality && strcasecmp(q->zMunicipality, p->zMunicipality) == 0) {
          char msg[600];
          snprintf(msg, sizeof msg, "rregull: %s: overlays %s and %s are both for \"%s\"\n", ov[k], q->zOverlay,
                   p->zOverlay, p->zMunicipality);
          append_text(b, msg);
          b->nErr++;
        }
      }
    }
  }
  if (b->oom) {                 /* whatever else was said, this is why */
    free(b->zErrors);
    b->zErrors = NULL;
    append_text(b, "rregull: error: out of memory while loading the rules\n");
    if (!b->nErr) b->nErr = 1;
  }
  if (!b->zErrors) append_text(b, "");
  free(nat);
  free(ov);
  return b->nErr;
}

/* Serialises the first computation of a book's hash. */
static pthread_mutex_t hashLock = PTHREAD_MUTEX_INITIALIZER;

const char *book_hash(const Book *cb) {
  Book *b = (Book *)(uintptr_t)cb;   /* the hash is a cache: the book itself is not changed */
  if (atomic_load_explicit(&b->hashReady, memory_order_acquire)) return b->zHashHex;
  pthread_mutex_lock(&hashLock);
  if (!atomic_load_explicit(&b->hashReady, memory_order_relaxed)) {
    const char *az[65];
    int n = 0;
    az[n++] = ruleset_hash(&b->national);
    for (int k = 0; k < b->nOverlay && n < 64; k++) az[n++] = ruleset_hash(&b->aOverlay[k]);
    if (n == 1) memcpy(b->zHashHex, az[0], sizeof b->zHashHex);
    else ruleset_combine_hashes(az, n, b->zHashHex);
    atomic_store_explicit(&b->hashReady, 1, memory_order_release);
  }
  pthread_mutex_unlock(&hashLock);
  return b->zHashHex;
}

void book_free(Book *b) {
  ruleset_free(&b->national);
  for (int k = 0; k < b->nOverlay; k++) ruleset_free(&b->aOverlay[k]);
  free(b->aOverlay);
  free(b->zErrors);
  memset(b, 0, sizeof *b);
}

/* }==== */

/* {==== plain data for the hooks ========================================== */

/* A value as plain data: objects, lists, text, numbers, booleans, null. */
static Value plain(Eval *e, Arena *a, Value v, int depth) {
  const Program *p = e->p;
  if (depth > 16) return v_null();
  switch (v.tag) {
    case V_UNKNOWN: case V_NULL: return v_null();
    case V_BOOL: case V_INT: case V_NUM: case V_TEXT: return v;
    case V_LIST: case V_RULES: {
      ListIter it;
      Value x;
      int n = 0;
      list_iter(e, v, &it);
      while (list_next(&it, &x)) n++;
      Value *items = arena_alloc(a, (size_t)(n + 1) * sizeof *items);
      if (!items) return v_null();
      list_iter(e, v, &it);
      n = 0;
      while (list_next(&it, &x)) items[n++] = plain(e, a, x, depth + 1);
      return v_list(items, n);
    }
    case V_REC: {
      const RecordDef *r = &p->aRecord[v.aux];
      const char **keys = arena_alloc(a, (size_t)(r->nField + 1) * sizeof *keys);
      Value *vals = arena_alloc(a, (size_t)(r->nField + 1) * sizeof *vals);
      if (!keys || !vals) return v_null();
      for (int i = 0; i < r->nField; i++) {
        keys[i] = r->aField[i].zName;
        vals[i] = plain(e, a, v.u.items[i], depth + 1);
      }
      return obj_new(a, r->nField, keys, vals);
    }
    case V_OBJ: {
      const Obj *o = v.u.obj;
      Value *vals = arena_alloc(a, (size_t)(o->n + 1) * sizeof *vals);
      if (!vals) return v_null();
      for (int i = 0; i < o->n; i++) vals[i] = plain(e, a, o->vals[i], depth + 1);
      return obj_new(a, o->n, o->keys, vals);
    }
    case V_RULE: return v_strdup(a, eval_rule_id(e, (int)v.u.i));
    default: {                                  /* dates, times, enum members, durations: text */
      Arena *saved = e->render;
      e->render = a;
      Value t = v_strdup(a, value_text(e, v));
      e->render = saved;
      return t;
    }
  }
}

/* The case's facts as nested objects, group by group. */
static Value facts_tree(Eval *e, Arena *a, const FactNode *g, const Value *facts) {
  const char **keys = arena_alloc(a, (size_t)(g->nKid + 1) * sizeof *keys);
  Value *vals = arena_alloc(a, (size_t)(g->nKid + 1) * sizeof *vals);
  if (!keys || !vals) return v_null();
  for (int i = 0; i < g->nKid; i++) {
    const FactNode *k = g->aKid[i];
    keys[i] = k->zName;
    vals[i] = k->type ? plain(e, a, facts[k->slot], 0) : facts_tree(e, a, k, facts);
  }
  return obj_new(a, g->nKid, keys, vals);
}

/* }==== */

/* {==== what a hook may add ================================================ */

static const char *text_of(Value v) {
  return v.tag == V_TEXT ? v.u.s : NULL;
}

static int valid_id(const char *z) {
  if (!z || !isupper((unsigned char)z[0])) return 0;
  for (const char *c = z; *c; c++)
    if (!isupper((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '-') return 0;
  return 1;
}

static int level_member(const Program *p, const char *z) {
  for (int k = 0; k < p->nEnum; k++) {
    if (strcmp(p->aEnum[k].zName, "Level") != 0) continue;
    for (int m = 0; m < p->aEnum[k].nMember; m++) if (strcmp(p->aEnum[k].azMember[m], z) == 0) return k * 1000 + m;
  }
  return -1;
}

static const struct { const char *zKey; int kind; } addable[] = {
  {"actions", RK_ACTION}, {"hazards", RK_HAZARD}, {"factors", RK_FACTOR}, {"referrals", RK_REFERRAL},
};

/* Checks what hook H returned and places it in E's slots.  Returns NULL, or
** why nothing of it was taken. */
static const char *take_additions(Eval *e, Arena *a, const HookDef *h, Value res) {
  const Program *p = e->p;
  if (res.tag == V_LIST && res.n == 0) return NULL;          /* {}: nothing to add */
  if (res.tag != V_OBJ) return "a hook returns a table of additions: {actions = {...}, hazards = {...}, ...}";
  for (int i = 0; i < res.u.obj->n; i++) {
    const char *key = res.u.obj->keys[i];
    size_t k = 0;
    while (k < sizeof addable / sizeof addable[0] && strcmp(addable[k].zKey, key) != 0) k++;
    if (k == sizeof addable / sizeof addable[0])
      return arena_printf(a, "a hook may return actions, hazards, factors and referrals; '%s' is none of them: "
                          "a hook adds, it never removes or changes", key);
  }
  /* every item checked before any is placed: all or nothing */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < sizeof addable / sizeof addable[0]; k++) {
      Value list = obj_get(res, addable[k].zKey);
      if (!v_known(list) || list.tag == V_NULL) continue;
      if (list.tag != V_LIST) return arena_printf(a, "'%s' must be a list", addable[k].zKey);
      if (list.n > HOOK_SLOTS) return arena_printf(a, "at most %d %s per hook and case", HOOK_SLOTS, addable[k].zKey);
      for (int i = 0; i < list.n; i++) {
        Value it = list.u.items[i];
        const char *where = arena_printf(a, "%s[%d]", addable[k].zKey, i + 1);
        if (it.tag != V_OBJ) return arena_printf(a, "%s must be a table {id = ..., title = ...}", where);
        for (int f = 0; f < it.u.obj->n; f++) {
          const char *fk = it.u.obj->keys[f];
          if (strcmp(fk, "id") && strcmp(fk, "title") && strcmp(fk, "reason") && strcmp(fk, "level"))
            return arena_printf(a, "%s has an unknown field '%s' (id, title, reason, level)", where, fk);
        }
        const char *id = text_of(obj_get(it, "id")), *title = text_of(obj_get(it, "title"));
        const char *reason = text_of(obj_get(it, "reason")), *level = text_of(obj_get(it, "level"));
        if (!valid_id(id)) return arena_printf(a, "%s: 'id' must be an ID like LOCAL-X-1 (capitals, digits, '-')", where);
        for (int r = 0; r < p->nRule; r++) {
          if (!p->aRule[r].dynamic && p->aRule[r].kind != RK_LET && strcmp(p->aRule[r].zId, id) == 0)
            return arena_printf(a, "%s: %s is a rule of the rule set: a hook adds new items, it cannot change or "
                                "remove rules", where, id);
        }
        if (!title || !*title) return arena_printf(a, "%s (%s) needs a 'title'", where, id);
        if (addable[k].kind == RK_FACTOR && (!level || level_member(p, level) < 0))
          return arena_printf(a, "%s (%s) needs a 'level' (none, low, medium or high)", where, id);
        if (addable[k].kind != RK_FACTOR && level)
          return arena_printf(a, "%s (%s): only factors have a level", where, id);
        if (pass == 1) {
          Value value = v_bool(1);
          if (level) {
            int lm = level_member(p, level);
            value = v_enum(lm / 1000, lm % 1000);
          }
          if (eval_dyn_add(e, addable[k].kind, id, title, reason, h->zFile ? h->zFile : h->zPath, value))
            return "no slot left for the hook's additions";
        }
      }
    }
  }
  return NULL;
}

/* }==== */

/* {==== deciding ========================================================== */

int decider_init(Decider *d, const Book *b) {
  memset(d, 0, sizeof *d);
  d->b = b;
  d->iOverlay = -1;
  arena_init(&d->scratch);
  if (eval_init(&d->national, &b->national.prog)) return -1;
  d->aOverlay = calloc((size_t)b->nOverlay + 1, sizeof *d->aOverlay);
  if (!d->aOverlay) return -1;
  for (int k = 0; k < b->nOverlay; k++) {
    if (eval_init(&d->aOverlay[k], &b->aOverlay[k].prog)) return -1;
  }
  return 0;
}

void decider_free(Decider *d) {
  eval_free(&d->national);
  for (int k = 0; d->aOverlay && k < d->b->nOverlay; k++) eval_free(&d->aOverlay[k]);
  free(d->aOverlay);
  arena_free(&d->scratch);
  memset(d, 0, sizeof *d);
}

static int find_overlay(const Book *b, const char *z) {
  for (int k = 0; z && k < b->nOverlay; k++) {
    const Program *p = &b->aOverlay[k].prog;
    if ((p->zOverlay && strcasecmp(p->zOverlay, z) == 0) || (p->zMunicipality && strcasecmp(p->zMunicipality, z) == 0))
      return k;
  }
  return -1;
}

int decider_force(Decider *d, const char *zName) {
  if (find_overlay(d->b, zName) < 0) return -1;
  d->zForce = zName;
  return 0;
}

/* Text for the trail, cut to a bounded length (an error may quote what a
** hook returned, and a decision is no place for megabytes). */
#define TRAIL_MAX_TEXT 300

static Value trail_text(Arena *a, const char *z) {
  size_t n = z ? strlen(z) : 0;
  if (n <= TRAIL_MAX_TEXT) return v_strdup(a, z);
  size_t k = TRAIL_MAX_TEXT;
  while (k > 0 && ((unsigned char)z[k] & 0xC0) == 0x80) k--;      /* not inside a UTF-8 character */
  const char *c = arena_printf(a, "%.*s... (%zu bytes)", (int)k, z, n);
  return c ? v_text(c, (int)strlen(c)) : v_null();
}

static Value limits_value(Arena *a, const HookLimits *lim) {
  const char **keys = arena_alloc(a, 3 * sizeof *keys);
  Value *vals = arena_alloc(a, 3 * sizeof *vals);
  if (!keys || !vals) return v_null();
  keys[0] = "instructions", vals[0] = v_int(lim->instructions);
  keys[1] = "memory_bytes", vals[1] = v_int((int64_t)lim->memory);
  keys[2] = "milliseconds", vals[2] = v_int(lim->milliseconds);
  return obj_new(a, 3, keys, vals);
}

/* The trail of one hook call, for the decision. */
static Value trail_entry(Arena *a, const HookDef *h, const HookRun *run, const char *zErr, Value returned) {
  const char **keys = arena_alloc(a, 9 * sizeof *keys);
  Value *vals = arena_alloc(a, 9 * sizeof *vals);
  if (!keys || !vals) return v_null();
  int n = 0;
  keys[n] = "hook", vals[n++] = v_strdup(a, h->zName);
  keys[n] = "file", vals[n++] = v_strdup(a, h->zFile ? h->zFile : h->zPath);
  keys[n] = "sha256", vals[n++] = v_strdup(a, h->zHash);
  keys[n] = "status", vals[n++] = v_strdup(a, zErr ? "failed" : "ok");
  keys[n] = "returned", vals[n++] = zErr || !v_known(returned) ? v_null() : returned;
  keys[n] = "instructions", vals[n++] = v_int(run->instructions);
  keys[n] = "memory_peak_bytes", vals[n++] = v_int((int64_t)run->memoryPeak);
  keys[n] = "error", vals[n++] = zErr ? trail_text(a, zErr) : v_null();
  keys[n] = "limits", vals[n++] = limits_value(a, &run->limits);
  return obj_new(a, n, keys, vals);
}

static const HookLimits hook_limits = {1000000, 16u << 20, 1000};

/* Decides one case, the way rregull eval does: the national rules first;
** then, when overlays are loaded, the one the national 'municipality by'
** names (or the one forced with decider_force) evaluates the same facts;
** its Lua hooks, if any, see the facts and the national decision as plain
** data and return additions, which are checked, put in the overlay's hook
** slots, and the overlay evaluates once more with them.  FACTS are the
** case's fact slots under the national program (the overlays share its
** facts), as they stand at ASOF; ZCASEID (may be NULL) is what case_id()
** returns.  FACTS and ZCASEID are borrowed until the decision is rendered.
**
** Returns the Eval that holds the decision -- D's national one, or the
** overlay's -- owned by D and valid until the next call; render it with
** render_report.  d->iOverlay says which overlay decided (-1: none),
** d->hookFailed whether a hook failed (its failure is in the decision's
** trail; the national result stands), and the Eval's zErr whether memory
** ran out. */
Eval *decide(Decider *d, const Value *facts, RrInstant asOf, const char *zCaseId) {
  const Book *b = d->b;
  d->iOverlay = -1;
  d->hookFailed = 0;
  arena_reset(&d->scratch);
  d->national.zCaseId = zCaseId;
  eval_case(&d->national, facts, asOf);
  if (!b->nOverlay) return &d->national;

  /* which municipality's overlay: forced, or the one the national rules name */
  int k = -1;
  if (d->zForce) {
    k = find_overlay(b, d->zForce);
  } else if (b->national.prog.selector) {
    Value m = eval_expr(&d->national, b->national.prog.selector);
    if (m.tag == V_TEXT) {
      char *z = arena_strndup(&d->scratch, m.u.s, (size_t)m.n);
      k = find_overlay(b, z);
    }
  }
  if (k < 0) return &d->national;
  d->iOverlay = k;
  const Program *p = &b->aOverlay[k].prog;
  Eval *e = &d->aOverlay[k];
  eval_dyn_clear(e);
  e->zCaseId = zCaseId;
  eval_case(e, facts, asOf);
  if (!p->nHook) return e;

  /* the hooks see the facts and the national decision, as plain data */
  Arena *a = &d->scratch;
  Value factsIn = facts_tree(&d->national, a, b->national.prog.root, facts);
  Value decisionIn = plain(&d->national, a, render_report(&d->national, a), 0);
  Value *trail = arena_alloc(a, (size_t)(p->nHook + 1) * sizeof *trail);
  int added = 0;
  for (int h = 0; h < p->nHook; h++) {
    const HookDef *hk = &p->aHook[h];
    HookRun run;
    memset(&run, 0, sizeof run);
    const char *zErr = NULL;
    if (hook_run(hk->zFile ? hk->zFile : hk->zPath, hk->zSrc, hk->nSrc, factsIn, decisionIn, &hook_limits, a,
                 &run)) {
      zErr = arena_strndup(a, run.err, strlen(run.err));
    } else {
      /* a hook whose additions do not all hold adds none of them */
      DynSlot *saved = arena_alloc(a, (size_t)p->nRule * sizeof *saved);
      if (saved && e->aDyn) memcpy(saved, e->aDyn, (size_t)p->nRule * sizeof *saved);
      zErr = take_additions(e, a, hk, run.result);
      if (zErr && saved && e->aDyn) memcpy(e->aDyn, saved, (size_t)p->nRule * sizeof *saved);
      if (!zErr) added = 1;
    }
    if (zErr) d->hookFailed = 1;
    if (trail) trail[h] = trail_entry(a, hk, &run, zErr, run.result);
  }
  if (added) eval_case(e, facts, asOf);       /* again, with what the hooks added */
  e->hookTrail = trail ? v_list(trail, p->nHook) : v_unknown();
  if (d->scratch.failed) e->zErr = "out of memory running the hooks";
  return e;
}

/* }==== */
