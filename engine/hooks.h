/*
** hooks.h - municipal hooks: small Lua 5.4 functions a rule set may carry,
** each run in a fresh, sandboxed Lua state with an instruction budget and a
** memory cap.  The hook reads the case's facts and the decision as read-only
** tables and returns a table, converted back into a Value tree.
**
** Only engine/hooks.c includes the Lua headers; this header does not, so the
** rest of the engine never sees lua.h.
*/
#ifndef RR_HOOKS_H
#define RR_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "value.h"

#define HOOK_DEFAULT_INSTRUCTIONS 1000000       /* when HookLimits.instructions <= 0 */
#define HOOK_DEFAULT_MEMORY       ((size_t)8 << 20)   /* when HookLimits.memory == 0 */
#define HOOK_DEFAULT_MILLISECONDS 1000    /* when HookLimits.milliseconds <= 0 */
#define HOOK_MAX_DEPTH            16      /* tables nested in the result, the result itself is 1 */
#define HOOK_MAX_VALUES           10000   /* values inside the result, in all */
#define HOOK_MAX_TEXT             65536   /* bytes of text inside the result, in all */
#define HOOK_BYTES_PER_INSTRUCTION 32     /* C work on text and tables, charged to the budget */

typedef struct HookLimits {
  int64_t instructions;   /* budget of Lua VM instructions per call (e.g. 1000000); C
                          ** functions are charged their work (text they read or
                          ** make, elements they move) and memory allocated is
                          ** charged, HOOK_BYTES_PER_INSTRUCTION bytes an instruction */
  size_t memory;          /* cap on the Lua state's memory in bytes (e.g. 8 MB) */
  int64_t milliseconds;   /* wall-clock deadline per call, for the work no count
                          ** sees (comparing two long strings is one instruction) */
} HookLimits;

typedef struct HookRun {
  Value result;           /* what the hook returned, converted; V_UNKNOWN on failure */
  int64_t instructions;   /* VM instructions used, as a count hook sees them: its
                          ** period is an eighth of the count so far (at least 8,
                          ** at most 1000), so this is low by less than that:
                          ** under 8 for tiny hooks, under 12.5% up to 8000, under
                          ** 1000 beyond; table.move's elements are charged too */
  size_t memoryPeak;      /* peak bytes held by the Lua state (libraries and the
                          ** read-only copies of the facts included) */
  HookLimits limits;      /* the limits the call ran under, defaults filled in */
  char err[512];          /* on failure: a one-line message */
} HookRun;

/* Runs hook source SRC (N bytes; text only, bytecode refused) named ZCHUNK
** (used as Lua chunk name "@ZCHUNK" so messages read "ZCHUNK:line: ...") in a
** FRESH sandboxed Lua state: the chunk must return a function; that function
** is called with two arguments, FACTS and DECISION, given as read-only Lua
** tables converted from the Value trees; its single return value must be a
** table and is converted back into a Value tree allocated in arena A (strings
** copied into A).  Returns 0 on success, -1 on failure with OUT->err set.
** Never lets a Lua error escape (every call through lua_pcall); the state is
** closed before returning.  LIM may be NULL (defaults); a zero field takes its
** default.  Safe to call from several threads at once (no shared state). */
int hook_run(const char *zChunk, const char *src, size_t n, Value facts, Value decision,
             const HookLimits *lim, Arena *a, HookRun *out);

#endif
