/*
** ruleset.c - reads policy files from disk (and the stdlib from the binary),
** parses them in a fixed order (so diagnostics and results are the same on
** every run), checks the whole set, and opens its time zone.
*/
#include "ruleset.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/sha2.h>

#include "embedded.h"
#include "lint.h"
#include "rrlimits.h"

/* Reads a whole file and NUL-terminates it.  Returns NULL and sets errno.
** It stops a little past RR_MAX_FILE_BYTES: the caller reports the file as
** too large (/dev/zero is not read for ever). */
static char *read_file(const char *zPath, size_t *pn) {
  FILE *f = fopen(zPath, "rb");
  if (!f) return NULL;
  size_t cap = 8192, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (n + 1 < cap || n > RR_MAX_FILE_BYTES) {
      if (ferror(f)) { free(buf); buf = NULL; }
      break;
    }
    char *nb = realloc(buf, cap * 2);
    if (!nb) { free(buf); buf = NULL; break; }
    buf = nb;
    cap *= 2;
  }
  fclose(f);
  if (buf) {
    buf[n] = 0;
    *pn = n;
  }
  return buf;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int ends_with(const char *z, const char *suffix) {
  size_t n = strlen(z), m = strlen(suffix);
  return n > m && strcmp(z + n - m, suffix) == 0;
}

/* Appends the sorted *.rr files of directory DIR to the list. */
static int list_dir(Diag *d, const char *dir, char ***pList, int *pn, int *pCap, int mustExist) {
  DIR *dp = opendir(dir);
  if (!dp) {
    if (mustExist) diag_plain(d, "cannot read the rules directory '%s': %s", dir, strerror(errno));
    return mustExist ? -1 : 0;
  }
  int first = *pn;
  struct dirent *de;
  while ((de = readdir(dp)) != NULL) {
    if (de->d_name[0] == '.' || !ends_with(de->d_name, ".rr")) continue;
    if (*pn == *pCap) {
      char **nl = realloc(*pList, (size_t)(*pCap ? *pCap * 2 : 32) * sizeof **pList);
      if (!nl) { d->oom = 1; break; }
      *pCap = *pCap ? *pCap * 2 : 32;
      *pList = nl;
    }
    size_t len = strlen(dir) + strlen(de->d_name) + 2;
    char *path = malloc(len);
    if (!path) { d->oom = 1; break; }
    snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", de->d_name);
    (*pList)[(*pn)++] = path;
  }
  closedir(dp);
  if (*pn - first > 1) qsort(*pList + first, (size_t)(*pn - first), sizeof **pList, cmp_str);
  return 0;
}

/* Starts a rule set with the embedded stdlib parsed. */
static void begin(RuleSet *rs, Decl **pFirst, Decl **pLast) {
  Diag *d = &rs->diag;
  memset(rs, 0, sizeof *rs);
  diag_init(d);
  d->maxErr = 50;
  arena_init(&rs->prog.arena);
  rs->prog.iFirstOverlayFile = -1;             /* national, until an overlay's files are added */
  for (const StdlibFile *s = stdlib_files; s->zName; s++) {
    char *text = malloc(s->nText + 1);
    if (!text) { d->oom = 1; return; }
    memcpy(text, s->zText, s->nText);
    text[s->nText] = 0;
    int iFile = diag_add_file(d, s->zName, text, s->nText);
    if (iFile >= 0) parse_file(&rs->prog.arena, d, iFile, pFirst, pLast);
  }
}

/* The rule set's identity, written with every stored decision: the SHA-256
** of each file's base name and text, in load order (ruleset_hash computes it
** when first asked for).  The same files loaded from another directory give
** the same hash. */
static void hash_files(RuleSet *rs) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  for (int i = 0; i < rs->diag.nFile; i++) {
    const SrcFile *f = &rs->diag.aFile[i];
    const char *base = strrchr(f->zName, '/');
    base = base ? base + 1 : f->zName;
    sha256_update(&ctx, strlen(base) + 1, (const uint8_t *)base);
    sha256_update(&ctx, f->nText, (const uint8_t *)f->zText);
    sha256_update(&ctx, 1, (const uint8_t *)"");
  }
  for (int h = 0; h < rs->prog.nHook; h++) {       /* the hooks' code is part of the rule set */
    sha256_update(&ctx, rs->prog.aHook[h].nSrc, (const uint8_t *)rs->prog.aHook[h].zSrc);
    sha256_update(&ctx, 1, (const uint8_t *)"");
  }
  sha256_digest(&ctx, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++) snprintf(rs->zHashHex + 2 * i, 3, "%02x", digest[i]);
}

/* Serialises the first computation of any rule set's hash (rare: once each). */
static pthread_mutex_t hashLock = PTHREAD_MUTEX_INITIALIZER;

const char *ruleset_hash(const RuleSet *crs) {
  RuleSet *rs = (RuleSet *)(uintptr_t)crs;   /* the hash is a cache: the rule set itself is not changed */
  if (atomic_load_explicit(&rs->hashReady, memory_order_acquire)) return rs->zHashHex;
  pthread_mutex_lock(&hashLock);
  if (!atomic_load_explicit(&rs->hashReady, memory_order_relaxed)) {
    hash_files(rs);
    atomic_store_explicit(&rs->hashReady, 1, memory_order_release);
  }
  pthread_mutex_unlock(&hashLock);
  return rs->zHashHex;
}

/* An overlay's hooks: each file read (relative to the file that declares
** it) and hashed, so that a decision names the exact code that ran. */
static void read_hooks(RuleSet *rs) {
  Program *p = &rs->prog;
  Diag *d = &rs->diag;
  for (int h = 0; h < p->nHook; h++) {
    HookDef *hk = &p->aHook[h];
    const char *decl = d->aFile[hk->iFile].zName, *slash = strrchr(decl, '/');
    int dirLen = slash ? (int)(slash - decl) : 0;
    char *path = hk->zPath[0] == '/' || !slash ? arena_strndup(&p->arena, hk->zPath, strlen(hk->zPath))
                                               : arena_printf(&p->arena, "%.*s/%s", dirLen, decl, hk->zPath);
    size_t n = 0;
    errno = ENOMEM;
    char *text = path ? read_file(path, &n) : NULL;
    if (!text) {
      if (errno == ENOMEM) d->oom = 1;
      diag_error(d, hk->iFile, hk->off, hk->len, "hook %s: cannot read '%s': %s", hk->zName, path ? path : hk->zPath,
                 strerror(errno));
      continue;
    }
    if (n > RR_MAX_FILE_BYTES) {
      diag_error(d, hk->iFile, hk->off, hk->len, "hook %s: '%s' is too large: %zu bytes, at most %u", hk->zName,
                 path, n, RR_MAX_FILE_BYTES);
      free(text);
      continue;
    }
    hk->zFile = path;
    hk->zSrc = arena_strndup(&p->arena, text, n);
    hk->nSrc = n;
    free(text);
    if (!hk->zSrc) {
      d->oom = 1;
      continue;
    }
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)hk->zSrc);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) snprintf(hk->zHash + 2 * i, 3, "%02x", digest[i]);
  }
}

void ruleset_combine_hashes(const char *const *azHash, int n, char *zOut) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  for (int i = 0; i < n; i++) sha256_update(&ctx, strlen(azHash[i]) + 1, (const uint8_t *)azHash[i]);
  sha256_digest(&ctx, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++) snprintf(zOut + 2 * i, 3, "%02x", digest[i]);
}

/* Out of memory somewhere in loading: the rule set is unusable, whatever
** else was reported (messages may be missing). */
static int out_of_memory(RuleSet *rs) {
  diag_plain(&rs->diag, "out of memory while loading the rules");
  return rs->diag.nErr;
}

/* Checks the parsed declarations and opens the rule set's time zone. */
static int finish(RuleSet *rs, Decl *first) {
  Diag *d = &rs->diag;
  Program *p = &rs->prog;
  if (d->oom) return out_of_memory(rs);
  /* after syntax errors, check what did parse: one run reports every error */
  check_program(p, d, first);
  if (d->oom) return out_of_memory(rs);
  if (d->nErr) return d->nErr;
  read_hooks(rs);
  if (d->oom) return out_of_memory(rs);
  if (d->nErr) return d->nErr;
  lint_program(p, d);
  if (d->oom) return out_of_memory(rs);
  errno = 0;
  p->zone = rr_zone_open(p->zZone);
  if (!p->zone && errno == ENOMEM) {
    d->oom = 1;
    return out_of_memory(rs);
  }
  if (!p->zone) diag_plain(d, "unknown time zone '%s' (not in the system's tz database)", p->zZone);
  return d->nErr;
}

int ruleset_load_texts(RuleSet *rs, const char *const *names, const char *const *texts, int n) {
  return ruleset_load_buffers(rs, names, texts, NULL, n);
}

int ruleset_load_buffers(RuleSet *rs, const char *const *names, const char *const *texts, const size_t *lens,
                         int n) {
  Decl *first = NULL, *last = NULL;
  begin(rs, &first, &last);
  for (int i = 0; i < n; i++) {
    size_t len = lens ? lens[i] : strlen(texts[i]);
    char *copy = malloc(len + 1);
    if (!copy) { rs->diag.oom = 1; break; }
    memcpy(copy, texts[i], len);
    copy[len] = 0;
    int iFile = diag_add_file(&rs->diag, names[i], copy, len);
    if (iFile >= 0) parse_file(&rs->prog.arena, &rs->diag, iFile, &first, &last);
    rs->nFileUser++;
  }
  return finish(rs, first);
}

/* Parses the policy files of PATHS (a directory gives its *.rr files in name
** order, and with WITHTESTS those of its tests/ subdirectory). */
static void add_paths(RuleSet *rs, const char *const *paths, int nPath, int withTests, Decl **pFirst,
                      Decl **pLast) {
  Diag *d = &rs->diag;
  char **files = NULL;
  int nFiles = 0, cap = 0;
  for (int i = 0; i < nPath; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      diag_plain(d, "cannot read '%s': %s", paths[i], strerror(errno));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (list_dir(d, paths[i], &files, &nFiles, &cap, 1) == 0 && withTests) {
        size_t len = strlen(paths[i]) + 8;
        char *tdir = malloc(len);
        if (!tdir) d->oom = 1;
        if (tdir) {
          snprintf(tdir, len, "%s%stests", paths[i], ends_with(paths[i], "/") ? "" : "/");
          list_dir(d, tdir, &files, &nFiles, &cap, 0);
          free(tdir);
        }
      }
    } else {
      if (nFiles == cap) {
        char **nl = realloc(files, (size_t)(cap ? cap * 2 : 32) * sizeof *files);
        if (!nl) { d->oom = 1; break; }
        cap = cap ? cap * 2 : 32;
        files = nl;
      }
      if (!(files[nFiles] = strdup(paths[i]))) { d->oom = 1; break; }
      nFiles++;
    }
  }
  for (int i = 0; i < nFiles; i++) {
    size_t n = 0;
    errno = ENOMEM;
    char *text = read_file(files[i], &n);
    if (!text) {
      if (errno == ENOMEM) d->oom = 1;
      diag_plain(d, "cannot read '%s': %s", files[i], strerror(errno));
      continue;
    }
    int iFile = diag_add_file(d, files[i], text, n);
    if (iFile >= 0) parse_file(&rs->prog.arena, d, iFile, pFirst, pLast);
    rs->nFileUser++;
  }
  for (int i = 0; i < nFiles; i++) free(files[i]);
  free(files);
}

int ruleset_load(RuleSet *rs, const char *const *paths, int nPath, int withTests) {
  Decl *first = NULL, *last = NULL;
  begin(rs, &first, &last);
  add_paths(rs, paths, nPath, withTests, &first, &last);
  if (rs->nFileUser == 0 && rs->diag.nErr == 0) {
    diag_plain(&rs->diag, "no policy files (*.rr) found in %s", nPath ? paths[0] : "(no path given)");
  }
  return finish(rs, first);
}

int ruleset_load_overlay(RuleSet *rs, const char *const *national, int nNational, const char *overlay,
                         int withTests) {
  Decl *first = NULL, *last = NULL;
  begin(rs, &first, &last);
  add_paths(rs, national, nNational, 0, &first, &last);
  int nNat = rs->nFileUser;
  rs->prog.iFirstOverlayFile = rs->diag.nFile;
  add_paths(rs, &overlay, 1, withTests, &first, &last);
  if (rs->nFileUser == nNat && rs->diag.nErr == 0) diag_plain(&rs->diag, "no policy files (*.rr) found in %s", overlay);
  return finish(rs, first);
}

int ruleset_list_overlays(const char *dir, char ***pOut) {
  *pOut = NULL;
  DIR *d = opendir(dir);
  if (!d) return -1;
  char **out = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(len);
    if (!path) break;
    snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
    if (ruleset_is_overlay(path) != 1) {
      free(path);
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      char **na = realloc(out, (size_t)cap * sizeof *na);
      if (!na) { free(path); break; }
      out = na;
    }
    out[n++] = path;
  }
  closedir(d);
  if (n) qsort(out, (size_t)n, sizeof *out, cmp_str);
  *pOut = out;
  return n;
}

/* Whether PATH is an overlay: a directory with a file that declares one
** (-1: out of memory, cannot tell). */
int ruleset_is_overlay(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
  DIR *dir = opendir(path);
  if (!dir) return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(dir)) != NULL) {
    if (!ends_with(e->d_name, ".rr")) continue;
    size_t len = strlen(path) + strlen(e->d_name) + 2, n = 0;
    char *f = malloc(len);
    if (!f) { found = -1; break; }
    snprintf(f, len, "%s/%s", path, e->d_name);
    errno = 0;
    char *text = read_file(f, &n);
    free(f);
    if (!text && errno == ENOMEM) { found = -1; break; }
    /* a line that starts with "overlay " after blanks: each occurrence
    ** found by strstr, then what precedes it on its line */
    for (char *q = text; q && !found && (q = strstr(q, "overlay ")) != NULL; q += 8) {
      char *b = q;
      while (b > text && (b[-1] == ' ' || b[-1] == '\t')) b--;
      found = b == text || b[-1] == '\n';
    }
    free(text);
  }
  closedir(dir);
  return found;
}

void ruleset_free(RuleSet *rs) {
  if (rs->prog.zone) rr_zone_free(rs->prog.zone);
  arena_free(&rs->prog.arena);
  diag_free(&rs->diag);
  memset(rs, 0, sizeof *rs);
}
