/*
** cli_diff.c - rregull diff: the impact of a rule edit on every case.
** Evaluates each case (of a store, or case files) under two rule sets --
** directories, or git revisions of a rules directory -- and reports what
** changes in each decision, a summary first.  Decisions are compared by the
** paths of their values (rr_decision_leaves), never by rule ID: whatever the
** decision holds is compared.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "rregull.h"

extern char **environ;

const char *const usage_diff =
  "usage: rregull diff OLD NEW [--db FILE [--where FILTER] | CASE.json...]\n"
  "                    [--as-of T | --as-of-each] [--json]\n"
  "\n"
  "The impact of a rule edit: evaluates every case under the rules OLD and\n"
  "under NEW and reports what changes in each decision -- child labour found,\n"
  "hazards added or removed, worst form, risk level and deciding factors,\n"
  "deadlines (new, gone, due date moved, status changed), next actions,\n"
  "closure eligibility: every value of the decision, named by its path\n"
  "(risk.level, hazards[], deadlines[ID].due_at).  A summary comes first: how\n"
  "many cases change, by kind of change (the decision's top-level key) and by\n"
  "municipality (the one the national rules find competent, under NEW).\n"
  "\n"
  "OLD and NEW are rule directories, or git revisions of one written\n"
  "REV:PATH (HEAD~3:rules/kosovo, PATH from the repository's top), taken\n"
  "with git archive into a temporary directory ($TMPDIR, else /tmp) that is\n"
  "removed afterwards.\n"
  "\n"
  "The cases: every case of a store (--db), or case files.  A case that one\n"
  "of the rule sets cannot evaluate (a fact value it does not declare) is a\n"
  "change of kind 'error'.\n"
  "\n"
  "options:\n"
  "  --db FILE      the case store (read only: nothing is written)\n"
  "  --where FILTER only the cases FILTER selects (as for rregull batch)\n"
  "  --as-of T      evaluate every stored case at T with the facts recorded up to T\n"
  "  --as-of-each   evaluate each case at its own as_of (the default)\n"
  "  --json         the report as one JSON object\n"
  "\n"
  "A progress bar goes to stderr when it is a terminal.  Exit status 0 when\n"
  "no decision changes, 1 when one does, 2 on trouble: rules that do not\n"
  "load, a store that cannot be read, or a case that cannot be read or that\n"
  "neither rule set can evaluate (said on stderr; the other cases are still\n"
  "compared and reported); 64 for a usage error.\n";

enum { EXIT_DIFF_CHANGED = 1, EXIT_DIFF_TROUBLE = 2 };
/* diff_case: this case failed under both rule sets (said on stderr); the
** others go on */
enum { DIFF_CASE_FAILED = -2 };

/* {==== growing buffers ================================================== */

typedef struct Buf {
  char *z;
  size_t n, cap;
} Buf;

static int buf_add(Buf *b, const char *z, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap * 2 + n + 256;
    char *z2 = realloc(b->z, cap);
    if (!z2) return -1;
    b->z = z2;
    b->cap = cap;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
  return 0;
}
static int buf_str(Buf *b, const char *z) { return buf_add(b, z, strlen(z)); }

/* Z as a JSON string. */
/* Z as a JSON string, written by the engine (rr_json_quote). */
static int buf_json_str(Buf *b, const char *z) {
  char *q = rr_json_quote(z);
  int rc = q ? buf_str(b, q) : -1;
  rr_free(q);
  return rc;
}

/* }==== */

/* {==== rule sets from git =============================================== */

/* Runs ARGV (argv[0] looked up in PATH) and waits: 0 when it exits 0. */
static int run(char *const *argv) {
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0) return -1;
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int rm_one(const char *z, const struct stat *st, int flag, struct FTW *f) {
  (void)st, (void)flag, (void)f;
  return remove(z);
}

/* A rule set named on the command line: a directory, or REV:PATH of git
** extracted into ZTMP (which *PTMP then owns). */
typedef struct Side {
  const char *zArg;       /* as given */
  const char *zPath;      /* the directory to load */
  char zTmp[256];         /* the temporary directory, "" for none */
  char zDir[288];
  rr_rules *r;
  rr_eval *e;
} Side;

static int side_resolve(Side *s) {
  struct stat st;
  s->zPath = s->zArg;
  if (stat(s->zArg, &st) == 0) return 0;
  if (!strchr(s->zArg, ':')) {
    fprintf(stderr, "rregull diff: %s: %s (give a rules directory, or REV:PATH of git)\n", s->zArg, strerror(errno));
    return EXIT_DIFF_TROUBLE;
  }
  const char *zTmpDir = getenv("TMPDIR");
  if (!zTmpDir || !*zTmpDir || strlen(zTmpDir) > 200) zTmpDir = "/tmp";
  snprintf(s->zTmp, sizeof s->zTmp, "%s/rregull-diff-XXXXXX", zTmpDir);
  if (!mkdtemp(s->zTmp)) {
    fprintf(stderr, "rregull diff: cannot make a temporary directory: %s\n", strerror(errno));
    s->zTmp[0] = 0;
    return EXIT_DIFF_TROUBLE;
  }
  char tar[288];
  snprintf(tar, sizeof tar, "%s/rules.tar", s->zTmp);
  snprintf(s->zDir, sizeof s->zDir, "%s/rules", s->zTmp);
  char git[] = "git", archive[] = "archive", fmt[] = "--format=tar", o[] = "-o", tarCmd[] = "tar", xf[] = "-xf",
       c[] = "-C";
  char *rev = strdup(s->zArg);
  if (!rev) return EXIT_INTERNAL;
  char *gitArgv[] = {git, archive, fmt, o, tar, rev, NULL};
  char *tarArgv[] = {tarCmd, xf, tar, c, s->zDir, NULL};
  int ok = run(gitArgv) == 0;
  free(rev);
  if (!ok) {
    fprintf(stderr, "rregull diff: %s: git archive failed (is it REV:PATH of this repository?)\n", s->zArg);
    return EXIT_DIFF_TROUBLE;
  }
  if (mkdir(s->zDir, 0700) != 0 || run(tarArgv) != 0) {
    fprintf(stderr, "rregull diff: %s: cannot unpack the archive of git\n", s->zArg);
    return EXIT_DIFF_TROUBLE;
  }
  s->zPath = s->zDir;
  return 0;
}

static int side_load(Side *s) {
  const char *paths[1] = {s->zPath};
  int rc = rr_rules_load(&s->r, paths, 1);
  if (rc != RR_OK) {
    fputs(rr_rules_errors(s->r), stderr);
    fprintf(stderr, "rregull diff: %s: the rules do not load\n", s->zArg);
    return EXIT_DIFF_TROUBLE;
  }
  if (!rr_rules_count(s->r, RR_COUNT_REPORTS)) {
    fprintf(stderr, "rregull diff: %s: the rule set has no report ('report NAME { ... }')\n", s->zArg);
    return EXIT_DIFF_TROUBLE;
  }
  if (rr_eval_new(&s->e, s->r) != RR_OK) return EXIT_INTERNAL;
  return 0;
}

static void side_free(Side *s) {
  rr_eval_free(s->e);
  rr_rules_free(s->r);
  if (s->zTmp[0]) nftw(s->zTmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* }==== */

/* {==== comparing two decisions ========================================= */

/* One line of leaves: "PATH\tVALUE", split in place. */
typedef struct Leaf {
  const char *zPath, *zValue;
} Leaf;

typedef struct Leaves {
  char *z;
  Leaf *a;
  int n;
  char **azTop;           /* the top-level keys, in the decision's order */
  int nTop;
} Leaves;

static int cmp_leaf(const void *a, const void *b) {
  const Leaf *x = a, *y = b;
  int c = strcmp(x->zPath, y->zPath);
  return c ? c : strcmp(x->zValue, y->zValue);
}

/* The top-level key of PATH: its first N bytes. */
static size_t kind_len(const char *zPath) { return strcspn(zPath, ".["); }

/* Where the top-level key of PATH comes in L's decision (errors first, then
** unknown keys last). */
static int top_rank(const Leaves *l, const char *zPath) {
  size_t n = kind_len(zPath);
  if (strcmp(zPath, "error") == 0) return -1;
  for (int i = 0; i < l->nTop; i++)
    if (strlen(l->azTop[i]) == n && strncmp(l->azTop[i], zPath, n) == 0) return i;
  return l->nTop;
}

static int leaves_split(Leaves *l, char *z) {
  l->z = z;
  int n = 0;
  for (char *p = z; *p; p++) n += *p == '\n';
  l->a = malloc(((size_t)n + 1) * sizeof *l->a);
  if (!l->a) return -1;
  l->n = 0;
  for (char *p = z; *p; ) {
    char *e = strchr(p, '\n'), *t = strchr(p, '\t');
    *e = 0;
    if (t && t < e) *t = 0;
    l->a[l->n].zPath = p;
    l->a[l->n].zValue = t && t < e ? t + 1 : "";
    /* a new top-level key: the leaves of one are together */
    size_t k = kind_len(p);
    if (!l->nTop || strlen(l->azTop[l->nTop - 1]) != k || strncmp(l->azTop[l->nTop - 1], p, k) != 0) {
      char **az = realloc(l->azTop, (size_t)(l->nTop + 1) * sizeof *az);
      if (!az) return -1;
      l->azTop = az;
      if (!(az[l->nTop] = strndup(p, k))) return -1;
      l->nTop++;
    }
    l->n++;
    p = e + 1;
  }
  qsort(l->a, (size_t)l->n, sizeof *l->a, cmp_leaf);
  return 0;
}

static void leaves_free(Leaves *l) {
  rr_free(l->z);
  free(l->a);
  for (int i = 0; i < l->nTop; i++) free(l->azTop[i]);
  free(l->azTop);
  memset(l, 0, sizeof *l);
}

/* Whether L has a value at or under the first N bytes of PATH. */
static int has_under(const Leaves *l, const char *zPath, size_t n) {
  for (int i = 0; i < l->n; i++) {
    const char *z = l->a[i].zPath;
    if (strncmp(z, zPath, n) == 0 && (z[n] == 0 || z[n] == '.' || z[n] == '[')) return 1;
  }
  return 0;
}

/* One change of a case's decision. */
typedef struct Change {
  char *zPath;
  int rank, seq;          /* the order of its top-level key in the decision; of its finding */
  const char *zKind;      /* changed, added, removed, new, gone, error */
  char *zOld, *zNew;      /* JSON values, or NULL */
} Change;

typedef struct CaseDiff {
  char *zCase, *zMunicipality;
  char *zLabel;           /* the decision's case_id, or NULL */
  int isFile;             /* zCase is a case file's name */
  Change *a;
  int n, cap;
} CaseDiff;

static int change_add(CaseDiff *c, const char *zPath, size_t nPath, const char *zKind, const char *zOld,
                      const char *zNew) {
  if (c->n == c->cap) {
    int cap = c->cap * 2 + 8;
    Change *a = realloc(c->a, (size_t)cap * sizeof *a);
    if (!a) return -1;
    c->a = a;
    c->cap = cap;
  }
  Change *x = &c->a[c->n];
  x->zPath = strndup(zPath, nPath);
  x->zKind = zKind;
  x->rank = 0;
  x->seq = c->n;
  x->zOld = zOld ? strdup(zOld) : NULL;
  x->zNew = zNew ? strdup(zNew) : NULL;
  if (!x->zPath || (zOld && !x->zOld) || (zNew && !x->zNew)) {
    free(x->zPath), free(x->zOld), free(x->zNew);
    return -1;
  }
  c->n++;
  return 0;
}

/* The end of the element of PATH that is in one decision only -- the
** shortest prefix ending in ']' (not "[]") that OTHER has nothing under --
** or 0. */
static size_t lone_element(const char *zPath, const Leaves *other) {
  for (const char *p = zPath; *p; p++) {
    if (*p != ']' || p[-1] == '[') continue;
    size_t n = (size_t)(p - zPath) + 1;
    if (!has_under(other, zPath, n)) return n;
  }
  return 0;
}

/* The element of L at the first N bytes of PATH as a JSON object of its
** leaves, keyed by their paths below it ("status", "evidence.x"); the
** values of a list of scalars ("rule_ids[]") as a list ("rule_ids"). */
static int element_json(const Leaves *l, const char *zPath, size_t n, Buf *b) {
  int rc = buf_str(b, "{"), first = 1;
  for (int i = 0; i < l->n && !rc; i++) {
    const char *z = l->a[i].zPath;
    if (strncmp(z, zPath, n) != 0 || (z[n] != '.' && z[n] != '[')) continue;
    const char *zKey = z + n + (z[n] == '.');
    size_t nKey = strlen(zKey);
    int set = nKey >= 2 && strcmp(zKey + nKey - 2, "[]") == 0;
    if (set) nKey -= 2;
    char *key = strndup(zKey, nKey);
    if (!key) return -1;
    rc = buf_str(b, first ? "" : ", ") || buf_json_str(b, key) || buf_str(b, set ? ": [" : ": ") ||
         buf_str(b, l->a[i].zValue);
    /* the other values of the same list follow (the leaves are sorted) */
    while (!rc && set && i + 1 < l->n && strcmp(l->a[i + 1].zPath, z) == 0) {
      i++;
      rc = buf_str(b, ", ") || buf_str(b, l->a[i].zValue);
    }
    if (!rc && set) rc = buf_str(b, "]");
    free(key);
    first = 0;
  }
  return rc || buf_str(b, "}");
}

/* The changes from OLD to NEW (sorted leaves) into C.  Lines only in one
** are grouped by path: a value changed, added or removed; an element of a
** list of scalars added or removed; an element of a named list new or gone. */
static int compare(const Leaves *o, const Leaves *w, CaseDiff *c) {
  /* the lines only in one, in path order: merge */
  int i = 0, j = 0;
  char *zDone = NULL;       /* the element last reported new or gone */
  size_t nDone = 0;
  while (i < o->n || j < w->n) {
    int cmp;
    if (i >= o->n) cmp = 1;
    else if (j >= w->n) cmp = -1;
    else {
      cmp = strcmp(o->a[i].zPath, w->a[j].zPath);
      if (!cmp) cmp = strcmp(o->a[i].zValue, w->a[j].zValue);
    }
    if (!cmp) { i++, j++; continue; }
    /* path P has a line in one only: gather every line of P on both sides */
    const char *zPath = cmp < 0 ? o->a[i].zPath : w->a[j].zPath;
    if (zDone && strncmp(zPath, zDone, nDone) == 0 &&
        (zPath[nDone] == 0 || zPath[nDone] == '.' || zPath[nDone] == '[')) {
      if (cmp < 0) i++; else j++;
      continue;
    }
    size_t n = lone_element(zPath, cmp < 0 ? w : o);
    if (n) {
      Buf el = {0};
      if (element_json(cmp < 0 ? o : w, zPath, n, &el) ||
          change_add(c, zPath, n, cmp < 0 ? "gone" : "new", cmp < 0 ? el.z : NULL, cmp < 0 ? NULL : el.z)) {
        free(el.z);
        return -1;
      }
      free(el.z);
      zDone = c->a[c->n - 1].zPath;
      nDone = n;
      if (cmp < 0) i++; else j++;
      continue;
    }
    size_t len = strlen(zPath);
    int set = len >= 2 && strcmp(zPath + len - 2, "[]") == 0;
    /* the old and new values of P not on the other side */
    int i0 = i, j0 = j;
    while (i < o->n && strcmp(o->a[i].zPath, zPath) == 0) i++;
    while (j < w->n && strcmp(w->a[j].zPath, zPath) == 0) j++;
    if (strcmp(zPath, i0 < o->n ? o->a[i0].zPath : "") != 0) i = i0;
    if (strcmp(zPath, j0 < w->n ? w->a[j0].zPath : "") != 0) j = j0;
    /* values of P on both sides cancel (two sorted runs) */
    int a = i0, b = j0;
    const char *zOld = NULL, *zNew = NULL;
    int nOld = 0, nNew = 0;
    while (a < i || b < j) {
      int k = a >= i ? 1 : b >= j ? -1 : strcmp(o->a[a].zValue, w->a[b].zValue);
      if (!k) { a++, b++; continue; }
      if (k < 0) {
        if (set && change_add(c, zPath, len, "removed", o->a[a].zValue, NULL)) return -1;
        zOld = o->a[a].zValue, nOld++;
        a++;
      } else {
        if (set && change_add(c, zPath, len, "added", NULL, w->a[b].zValue)) return -1;
        zNew = w->a[b].zValue, nNew++;
        b++;
      }
    }
    if (!set && (nOld || nNew)) {
      const char *zKind = nOld && nNew ? "changed" : nOld ? "removed" : "added";
      if (change_add(c, zPath, len, zKind, zOld, zNew)) return -1;
    }
  }
  return 0;
}

static int cmp_change(const void *a, const void *b) {
  const Change *x = a, *y = b;
  return x->rank != y->rank ? x->rank - y->rank : x->seq - y->seq;
}

static void case_free(CaseDiff *c) {
  for (int i = 0; i < c->n; i++) free(c->a[i].zPath), free(c->a[i].zOld), free(c->a[i].zNew);
  free(c->a);
  free(c->zCase);
  free(c->zLabel);
  free(c->zMunicipality);
}

/* }==== */

/* {==== the run ========================================================== */

typedef struct Tally {
  char *zName;
  int n;
} Tally;

typedef struct Report {
  CaseDiff *a;            /* the cases that change */
  int n, cap;
  int nCase;              /* evaluated */
  int nFailed;            /* could not be read, or evaluated under either rule set */
  Tally *aKind, *aMuni;
  int nKind, nMuni;
} Report;

static int tally(Tally **pa, int *pn, const char *z, size_t n) {
  for (int i = 0; i < *pn; i++)
    if (strlen((*pa)[i].zName) == n && strncmp((*pa)[i].zName, z, n) == 0) return (*pa)[i].n++, 0;
  Tally *a = realloc(*pa, (size_t)(*pn + 1) * sizeof *a);
  if (!a) return -1;
  *pa = a;
  if (!(a[*pn].zName = strndup(z, n))) return -1;
  a[(*pn)++].n = 1;
  return 0;
}

static int cmp_tally(const void *a, const void *b) {
  const Tally *x = a, *y = b;
  return x->n != y->n ? y->n - x->n : strcmp(x->zName, y->zName);
}


/* Adds case C to the report when something changed (it is then R's). */
static int report_case(Report *r, CaseDiff *c) {
  r->nCase++;
  if (!c->n) { case_free(c); return 0; }
  if (r->n == r->cap) {
    int cap = r->cap * 2 + 16;
    CaseDiff *a = realloc(r->a, (size_t)cap * sizeof *a);
    if (!a) { case_free(c); return -1; }
    r->a = a;
    r->cap = cap;
  }
  r->a[r->n++] = *c;
  /* each kind once per case */
  for (int i = 0; i < c->n; i++) {
    size_t k = kind_len(c->a[i].zPath);
    int seen = 0;
    for (int j = 0; j < i && !seen; j++)
      seen = kind_len(c->a[j].zPath) == k && strncmp(c->a[j].zPath, c->a[i].zPath, k) == 0;
    if (!seen && tally(&r->aKind, &r->nKind, c->a[i].zPath, k)) return -1;
  }
  const char *zM = c->zMunicipality ? c->zMunicipality : "(none)";
  return tally(&r->aMuni, &r->nMuni, zM, strlen(zM));
}

/* Evaluates one case under side S: its decision's sorted leaves in *OUT, or
** the message why not in *ERRMSG (malloc'd).  CASEID for a stored case, or
** TEXT (N bytes) of a case file. */
typedef struct Source {
  rr_db *db;
  const char *zAsOf;
} Source;

static int eval_side(Side *s, const Source *src, const char *zCase, const char *text, size_t n, Leaves *out,
                     char **pzErr, char **pzMuni) {
  char *dec = NULL;
  int rc = src->db ? rr_db_eval(src->db, s->e, zCase, src->zAsOf, 0, 0, &dec) : rr_eval_json(s->e, text, n, 0, &dec);
  if (rc == RR_ENOMEM) return EXIT_INTERNAL;
  if (rc == RR_EDB) {
    fprintf(stderr, "rregull diff: %s\n", rr_db_errmsg(src->db));
    return EXIT_DIFF_TROUBLE;
  }
  if (rc != RR_OK) {
    const char *zMsg = src->db ? rr_db_errmsg(src->db) : rr_eval_errmsg(s->e);
    if (!(*pzErr = strdup(zMsg))) return EXIT_INTERNAL;
    return 0;
  }
  if (pzMuni) {
    const char *zM = rr_eval_municipality(s->e);
    if (zM && !(*pzMuni = strdup(zM))) { rr_free(dec); return EXIT_INTERNAL; }
  }
  char *leaves = NULL;
  rc = rr_decision_leaves(dec, strlen(dec), &leaves);
  rr_free(dec);
  if (rc != RR_OK) return EXIT_INTERNAL;
  if (leaves_split(out, leaves)) { rr_free(leaves); return EXIT_INTERNAL; }
  return 0;
}

/* Diffs one case into R. */
static int diff_case(Side *o, Side *w, const Source *src, const char *zCase, const char *text, size_t n, Report *r) {
  Leaves lo = {0}, lw = {0};
  char *zErrOld = NULL, *zErrNew = NULL;
  CaseDiff c;
  memset(&c, 0, sizeof c);
  int rc = eval_side(o, src, zCase, text, n, &lo, &zErrOld, NULL);
  if (!rc) rc = eval_side(w, src, zCase, text, n, &lw, &zErrNew, &c.zMunicipality);
  if (!rc && !(c.zCase = strdup(zCase))) rc = EXIT_INTERNAL;
  c.isFile = !src->db;
  if (!rc && zErrOld && zErrNew) {
    fprintf(stderr, "rregull diff: %s: %s\n", zCase, zErrNew);
    rc = DIFF_CASE_FAILED;
  } else if (!rc && (zErrOld || zErrNew)) {
    Buf bo = {0}, bw = {0};
    if ((zErrOld && buf_json_str(&bo, zErrOld)) || (zErrNew && buf_json_str(&bw, zErrNew)) ||
        change_add(&c, "error", 5, "error", bo.z, bw.z))
      rc = EXIT_INTERNAL;
    free(bo.z);
    free(bw.z);
  } else if (!rc && compare(&lo, &lw, &c)) {
    rc = EXIT_INTERNAL;
  }
  /* in the order of the decision's keys (NEW's, then OLD's for keys gone) */
  for (int i = 0; !rc && i < c.n; i++) {
    int k = top_rank(&lw, c.a[i].zPath);
    c.a[i].rank = k < lw.nTop ? k : lw.nTop + top_rank(&lo, c.a[i].zPath);
  }
  if (!rc && c.n) qsort(c.a, (size_t)c.n, sizeof *c.a, cmp_change);
  /* the case's id, when the decision gives one */
  for (int i = 0; !rc && !c.zLabel && i < lw.n; i++)
    if (strcmp(lw.a[i].zPath, "case_id") == 0 && lw.a[i].zValue[0] == '"') {
      const char *z = lw.a[i].zValue + 1;
      if (!(c.zLabel = strndup(z, strcspn(z, "\"\\")))) rc = EXIT_INTERNAL;
    }
  leaves_free(&lo);
  leaves_free(&lw);
  free(zErrOld);
  free(zErrNew);
  if (rc) { case_free(&c); return rc; }
  return report_case(r, &c) ? EXIT_INTERNAL : 0;
}

/* }==== */

/* {==== output ========================================================== */

static void print_tallies(const char *zTitle, Tally *a, int n) {
  if (!n) return;
  qsort(a, (size_t)n, sizeof *a, cmp_tally);
  printf("%s\n", zTitle);
  for (int i = 0; i < n; i++) printf("  %-30s %d\n", a[i].zName, a[i].n);
}

static void print_human(const Report *r, const Side *o, const Side *w) {
  printf("old: %s\nnew: %s\n", o->zArg, w->zArg);
  printf("%d case%s evaluated, %d changed, %d unchanged\n", r->nCase, r->nCase == 1 ? "" : "s", r->n, r->nCase - r->n);
  if (r->nFailed)
    printf("%d case%s could not be evaluated (see stderr)\n", r->nFailed, r->nFailed == 1 ? "" : "s");
  print_tallies("changed, by kind:", r->aKind, r->nKind);
  print_tallies("changed, by municipality:", r->aMuni, r->nMuni);
  for (int i = 0; i < r->n; i++) {
    const CaseDiff *c = &r->a[i];
    printf("\ncase %s", c->isFile && c->zLabel ? c->zLabel : c->zCase);
    if (c->zMunicipality) printf(" (%s)", c->zMunicipality);
    if (c->isFile) printf(", file %s", c->zCase);
    printf("\n");
    for (int k = 0; k < c->n; k++) {
      const Change *x = &c->a[k];
      const char *zK = x->zKind;
      if (strcmp(zK, "changed") == 0) printf("  %s: %s -> %s\n", x->zPath, x->zOld, x->zNew);
      else if (strcmp(zK, "added") == 0) printf("  %s: + %s\n", x->zPath, x->zNew);
      else if (strcmp(zK, "removed") == 0) printf("  %s: - %s\n", x->zPath, x->zOld);
      else if (strcmp(zK, "error") == 0)
        printf("  error: %s: %s\n", x->zOld ? "old" : "new", x->zOld ? x->zOld : x->zNew);
      else printf("  %s: %s\n", x->zPath, zK);
    }
  }
}

static int json_tallies(Buf *b, const char *zKey, const Tally *a, int n) {
  int rc = buf_str(b, ",\n  \"") || buf_str(b, zKey) || buf_str(b, "\": {");
  for (int i = 0; i < n && !rc; i++) {
    char num[32];
    snprintf(num, sizeof num, ": %d", a[i].n);
    rc = buf_str(b, i ? ", " : "") || buf_json_str(b, a[i].zName) || buf_str(b, num);
  }
  return rc || buf_str(b, "}");
}

static int print_json(const Report *r, const Side *o, const Side *w) {
  Buf b = {0};
  char num[96];
  snprintf(num, sizeof num, ",\n  \"cases\": %d,\n  \"changed\": %d,\n  \"failed\": %d", r->nCase, r->n,
           r->nFailed);
  int rc = buf_str(&b, "{\n  \"old\": ") || buf_json_str(&b, o->zArg) || buf_str(&b, ",\n  \"new\": ") ||
           buf_json_str(&b, w->zArg) || buf_str(&b, num) || json_tallies(&b, "by_kind", r->aKind, r->nKind) ||
           json_tallies(&b, "by_municipality", r->aMuni, r->nMuni) || buf_str(&b, ",\n  \"case_changes\": [");
  for (int i = 0; i < r->n && !rc; i++) {
    const CaseDiff *c = &r->a[i];
    rc = buf_str(&b, i ? ",\n    {\"case\": " : "\n    {\"case\": ") ||
         buf_json_str(&b, c->isFile && c->zLabel ? c->zLabel : c->zCase) ||
         (c->isFile && (buf_str(&b, ", \"file\": ") || buf_json_str(&b, c->zCase))) ||
         buf_str(&b, ", \"municipality\": ") ||
         (c->zMunicipality ? buf_json_str(&b, c->zMunicipality) : buf_str(&b, "null")) ||
         buf_str(&b, ", \"changes\": [");
    for (int k = 0; k < c->n && !rc; k++) {
      const Change *x = &c->a[k];
      rc = buf_str(&b, k ? ",\n      {\"path\": " : "\n      {\"path\": ") || buf_json_str(&b, x->zPath) ||
           buf_str(&b, ", \"kind\": ") || buf_json_str(&b, x->zKind) || buf_str(&b, ", \"old\": ") ||
           buf_str(&b, x->zOld ? x->zOld : "null") || buf_str(&b, ", \"new\": ") ||
           buf_str(&b, x->zNew ? x->zNew : "null") || buf_str(&b, "}");
    }
    rc = rc || buf_str(&b, "]}");
  }
  rc = rc || buf_str(&b, r->n ? "\n  ]\n}\n" : "]\n}\n");
  if (!rc) fputs(b.z, stdout);
  free(b.z);
  return rc ? EXIT_INTERNAL : 0;
}

/* }==== */

/* {==== the command ===================================================== */

typedef struct Ids {
  char **a;
  int n, cap;
} Ids;

static int collect_id(void *ud, const char *zId) {
  Ids *l = ud;
  if (l->n == l->cap) {
    int cap = l->cap * 2 + 64;
    char **a = realloc(l->a, (size_t)cap * sizeof *a);
    if (!a) return 1;
    l->a = a;
    l->cap = cap;
  }
  if (!(l->a[l->n] = strdup(zId))) return 1;
  l->n++;
  return 0;
}

/* A bar on a terminal: redrawn each percent, and at the end. */
static void progress(int done, int total) {
  enum { WIDTH = 30 };
  if (total <= 0 || (done != total && (long)done * 100 / total == (long)(done - 1) * 100 / total)) return;
  char bar[WIDTH + 1];
  int fill = (int)((long)done * WIDTH / total);
  for (int i = 0; i < WIDTH; i++) bar[i] = i < fill ? '#' : '.';
  bar[WIDTH] = 0;
  fprintf(stderr, "\rrregull diff: [%s] %d/%d cases", bar, done, total);
  if (done == total) fputs("\n", stderr);
  fflush(stderr);
}

int cmd_diff(int argc, char **argv) {
  CliList pos = {0};
  const char *zDb = NULL, *zWhere = NULL, *zAsOf = NULL;
  int asJson = 0, each = 0;
  const CliOpt opts[] = {
    {"db", 0, CLI_VALUE, &zDb, 0, NULL, NULL},
    {"where", 0, CLI_VALUE, &zWhere, 0, NULL, NULL},
    {"as-of", 0, CLI_VALUE, &zAsOf, 0, NULL, NULL},
    {"as-of-each", 0, CLI_FLAG, &each, 1, NULL, NULL},
    {"json", 0, CLI_FLAG, &asJson, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  Side o, w;
  memset(&o, 0, sizeof o);
  memset(&w, 0, sizeof w);
  Report r;
  memset(&r, 0, sizeof r);
  Ids ids = {0};
  rr_db *db = NULL;
  int rc = cli_parse("diff", argc, argv, opts, &pos, usage_diff);
  if (rc) goto out;
  if (pos.n < 2) { rc = cli_usage("diff", "needs OLD and NEW rules"); goto out; }
  if (zDb && pos.n > 2) { rc = cli_usage("diff", "give the cases by --db FILE or as files, not both"); goto out; }
  if (!zDb && pos.n == 2) { rc = cli_usage("diff", "needs cases: --db FILE or CASE.json..."); goto out; }
  if (zAsOf && each) { rc = cli_usage("diff", "--as-of and --as-of-each exclude each other"); goto out; }
  if (!zDb && (zAsOf || zWhere))
    { rc = cli_usage("diff", "--as-of and --where need --db (a case file carries its own as_of)"); goto out; }
  o.zArg = pos.a[0];
  w.zArg = pos.a[1];
  if ((rc = side_resolve(&o)) || (rc = side_resolve(&w)) || (rc = side_load(&o)) || (rc = side_load(&w))) goto out;

  Source src = {NULL, zAsOf};
  int tty = isatty(2);
  if (zDb) {
    if (rr_db_open(&db, zDb, RR_DB_READONLY) != RR_OK) {
      fprintf(stderr, "rregull diff: %s\n", rr_db_errmsg(db));
      rc = EXIT_DIFF_TROUBLE;
      goto out;
    }
    src.db = db;
    int one = rr_db_cases(db, zWhere, collect_id, &ids);
    if (one != RR_OK) {
      fprintf(stderr, "rregull diff: %s\n", one == RR_EDB ? rr_db_errmsg(db) : "out of memory");
      rc = one == RR_EDB ? EXIT_DIFF_TROUBLE : EXIT_INTERNAL;
      goto out;
    }
    for (int i = 0; i < ids.n && !rc; i++) {
      rc = diff_case(&o, &w, &src, ids.a[i], NULL, 0, &r);
      if (rc == DIFF_CASE_FAILED) r.nFailed++, rc = 0;
      if (tty) progress(i + 1, ids.n);
    }
  } else {
    for (int i = 2; i < pos.n && !rc; i++) {
      size_t n = 0;
      char *text = cli_slurp(pos.a[i], &n);
      if (!text) {
        fprintf(stderr, "rregull diff: %s: cannot read: %s\n", pos.a[i], strerror(errno));
        r.nFailed++;
        continue;
      }
      rc = diff_case(&o, &w, &src, pos.a[i], text, n, &r);
      if (rc == DIFF_CASE_FAILED) r.nFailed++, rc = 0;
      free(text);
      if (tty) progress(i - 1, pos.n - 2);
    }
  }
  if (rc) goto out;
  if (asJson) rc = print_json(&r, &o, &w);
  else print_human(&r, &o, &w);
  if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
  if (!rc && r.nFailed) rc = EXIT_DIFF_TROUBLE;
  else if (!rc && r.n) rc = EXIT_DIFF_CHANGED;
out:
  side_free(&o);
  side_free(&w);
  rr_db_close(db);
  for (int i = 0; i < r.n; i++) case_free(&r.a[i]);
  free(r.a);
  for (int i = 0; i < r.nKind; i++) free(r.aKind[i].zName);
  for (int i = 0; i < r.nMuni; i++) free(r.aMuni[i].zName);
  free(r.aKind);
  free(r.aMuni);
  for (int i = 0; i < ids.n; i++) free(ids.a[i]);
  free(ids.a);
  cli_list_free(&pos);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */
