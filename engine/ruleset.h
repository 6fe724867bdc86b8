/*
** ruleset.h - loads a rule set: the embedded stdlib, then policy files and
** directories, parsed and checked into one Program.
*/
#ifndef RR_RULESET_H
#define RR_RULESET_H

#include <stdatomic.h>

#include "check.h"

typedef struct RuleSet {
  Program prog;
  Diag diag;              /* every message of loading and checking */
  int nFileUser;          /* policy files read (besides the stdlib) */
  char zHashHex[65];      /* ruleset_hash(): computed when first asked for */
  atomic_int hashReady;   /* zHashHex is written */
} RuleSet;

/* Loads PATHS (directories contribute their *.rr files in name order, and
** with WITHTESTS also those of their tests/ subdirectory).  Returns the
** number of errors; the messages are in rs->diag.zBuf.  The rule set must be
** freed with ruleset_free whatever the result. */
int  ruleset_load(RuleSet *rs, const char *const *paths, int nPath, int withTests);
/* The same from texts in memory (tests, embedding hosts): NAMES label them in
** diagnostics. */
int  ruleset_load_texts(RuleSet *rs, const char *const *names, const char *const *texts, int n);
/* The same with the texts' lengths (they may hold NUL bytes, an error the
** lexer reports). */
int  ruleset_load_buffers(RuleSet *rs, const char *const *names, const char *const *texts, const size_t *lens,
                          int n);
/* A municipal overlay: the national rule set NATIONAL amended by the files
** of the directory OVERLAY (with WITHTESTS, its tests/ too). */
int  ruleset_load_overlay(RuleSet *rs, const char *const *national, int nNational, const char *overlay,
                          int withTests);
/* The overlays in directory DIR (its subdirectories that are overlays), in
** name order: *POUT receives malloc'd paths (free each, then the array).
** Returns their number, or -1 when DIR cannot be read. */
int  ruleset_list_overlays(const char *dir, char ***pOut);
/* The hash of several rule sets together (a national one and its overlays):
** SHA-256 over their hashes, in order; ZOUT holds 65 bytes. */
void ruleset_combine_hashes(const char *const *azHash, int n, char *zOut);
/* The rule set's identity: the SHA-256 (hex) of every file's name and text,
** stdlib included, and of the hooks' code.  Computed when first asked for
** (a check or one evaluation without a store never needs it), once, under a
** lock: any thread may ask.  Only for a rule set loaded without errors. */
const char *ruleset_hash(const RuleSet *rs);
/* Whether PATH is a directory whose files declare an overlay: 1 or 0, -1
** when memory ran out before it could tell. */
int  ruleset_is_overlay(const char *path);
void ruleset_free(RuleSet *rs);

#endif
