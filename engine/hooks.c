/*
** hooks.c - the Lua 5.4 sandbox for municipal hooks.  The only file in the
** project that includes lua.h, lauxlib.h and lualib.h.
**
** Each call gets a fresh state, closed before hook_run returns:
**   - libraries: base, string, table, math, utf8 only (luaL_requiref each, as
**     linit.c does; never luaL_openlibs), then load, loadfile, dofile,
**     require, collectgarbage, rawset, setmetatable and warn removed, print a
**     no-op, string.dump gone; package, io, os, debug and coroutine never
**     exist.  setmetatable goes because a __gc finalizer runs with hooks off
**     (lgc.c GCTM), out of the budget's reach, and a __len that lies would
**     drive table.insert/remove into C loops no count hook sees;
**   - the chunk is loaded as text ("t"): bytecode is refused;
**   - memory: our lua_Alloc refuses to grow past the cap (Lua then raises
**     "not enough memory"), and keeps the peak;
**   - time: a count hook raises once the instruction budget is spent, and
**     from then on before every instruction, so that a pcall inside the hook
**     cannot catch its way past the budget; xpcall is replaced so that its
**     message handler, which Lua runs with hooks off for an error raised in
**     a hook, is skipped past the budget.  The C library functions whose
**     work is not bounded by memory are replaced: string.rep of an empty
**     string, table.move (its elements are charged to the budget), and
**     string.find, match, gmatch and gsub, one C call each that the count
**     hook cannot interrupt, are charged their worst case before they run:
**     (subject length + 1) ^ (quantifiers in the pattern + 1).
** Facts and the decision reach the hook as proxies: empty tables whose
** metatable reads from a hidden table, refuses writes, and answers #, pairs
** and next (the global next knows them); the hidden tables are never handed
** out.  A proxy returned by the hook is copied from its Value.
*/
#include "hooks.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HK_FIRST_PERIOD 8         /* instructions between count-hook calls: an eighth */
#define HK_PERIOD       1000      /* of the count so far, at least 8, at most 1000 */
#define HK_INPUT_DEPTH  100       /* nesting of the facts and decision handed in */

typedef struct HookCtx {
  /* limits and accounting */
  int64_t budget;          /* instructions */
  int64_t used;            /* instructions counted so far (and charged) */
  int period;              /* the count hook's period now */
  int overBudget;          /* set once: every instruction then raises */
  int charging;            /* the hook's code runs: its allocations are charged */
  int64_t deadline;        /* CLOCK_MONOTONIC nanoseconds: past it, every instruction raises */
  int overTime;            /* set once past the deadline */
  int64_t milliseconds;    /* the deadline's length, for messages */
  size_t cap;              /* bytes */
  size_t inUse, peak;
  int nRefused;            /* allocations refused at the cap */
  /* the run */
  const char *zChunk;
  const char *src;
  size_t nSrc;
  const Value *facts, *decision;
  Arena *a;
  int loadStatus;          /* status of luaL_loadbufferx when it failed */
  Value result;
  int nValues;             /* values converted into the result so far */
  size_t nText;            /* bytes of text converted into the result so far */
  size_t nPath;
  char path[256];          /* where in the result the conversion is */
} HookCtx;

/* The key under which a proxy's metatable keeps its Value (its address). */
static const char hk_marker = 'p';

static HookCtx *hk_ctx(lua_State *L) { return *(HookCtx **)lua_getextraspace(L); }

/* {==== memory and instruction limits ================================== */

static int64_t hk_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *hk_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  HookCtx *c = ud;
  size_t old = ptr ? osize : 0;     /* without PTR, OSIZE is the kind of object */
  void *p;
  if (nsize == 0) {
    free(ptr);
    c->inUse -= old;
    return NULL;
  }
  if (nsize > old && (c->overBudget || c->overTime)) return NULL;   /* stopped: nothing more */
  if (nsize > old && c->charging && nsize - old > 4096 && hk_now() > c->deadline) {
    c->overTime = 1;                       /* a large allocation past the deadline: stop here */
    return NULL;
  }
  if (nsize > old && nsize - old > c->cap - c->inUse) {   /* inUse <= cap always */
    c->nRefused++;
    return NULL;
  }
  if (nsize > old && c->charging) {        /* making memory is work: charged to the budget */
    c->used += (int64_t)((nsize - old) / HOOK_BYTES_PER_INSTRUCTION);
    if (c->used > c->budget) {
      c->overBudget = 1;                   /* an allocator may not raise: refuse, the count hook raises */
      return NULL;
    }
  }
  p = realloc(ptr, nsize);
  if (!p) return NULL;
  c->inUse = c->inUse - old + nsize;
  if (c->inUse > c->peak) c->peak = c->inUse;
  return p;
}

static void hk_count(lua_State *L, lua_Debug *ar);

/* The deadline has passed: from now on every instruction raises. */
static int hk_over_time(lua_State *L, HookCtx *c) {
  c->overTime = 1;
  c->period = 1;
  lua_sethook(L, hk_count, LUA_MASKCOUNT, 1);
  lua_pushfstring(L, "time limit of %I ms exceeded", (lua_Integer)c->milliseconds);
  return lua_error(L);
}

/* The budget is spent: from now on every instruction raises. */
static int hk_over_budget(lua_State *L, HookCtx *c) {
  c->overBudget = 1;
  c->period = 1;
  lua_sethook(L, hk_count, LUA_MASKCOUNT, 1);
  lua_pushfstring(L, "instruction budget of %I exceeded", (lua_Integer)c->budget);
  return lua_error(L);
}

/* PERIOD, or less so that the hook runs at the first instruction beyond the
** budget. */
static int hk_next_period(const HookCtx *c, int period) {
  int64_t left = c->budget - c->used;        /* >= 0 here */
  if (period > left) period = (int)left + 1;
  return period;
}

static void hk_count(lua_State *L, lua_Debug *ar) {
  HookCtx *c = hk_ctx(L);
  int next;
  int64_t now = hk_now();
  (void)ar;
  c->used += c->period;
  if (c->overBudget || c->used > c->budget) {
    hk_over_budget(L, c);
    return;
  }
  if (c->overTime || now > c->deadline) {
    hk_over_time(L, c);
    return;
  }
  next = c->used / 8 < HK_FIRST_PERIOD ? HK_FIRST_PERIOD
       : c->used / 8 > HK_PERIOD ? HK_PERIOD : (int)(c->used / 8);
  next = hk_next_period(c, next);
  if (next != c->period) {
    c->period = next;
    lua_sethook(L, hk_count, LUA_MASKCOUNT, next);
  }
}

/* Charges COST instructions of C work to the budget (before the work). */
static void hk_charge(lua_State *L, uint64_t cost) {
  HookCtx *c = hk_ctx(L);
  if (c->overBudget || c->used > c->budget || cost > (uint64_t)(c->budget - c->used)) {
    c->used = c->budget + 1;
    hk_over_budget(L, c);
  }
  if (c->overTime || hk_now() > c->deadline) hk_over_time(L, c);
  c->used += (int64_t)cost;
}

/* }==== */

/* {==== the library as hooks see it ==================================== */

/* string.find, match, gmatch and gsub: Lua's matcher runs as one C call the
** count hook cannot interrupt, and a pattern can backtrack for as long as
** (subject length + 1) ^ (quantifiers + 1) steps.  That worst case is
** charged before the call (a plain find is charged its length), so no
** pattern can outrun the budget. */
static int hk_pattern(lua_State *L) {
  size_t n = 0, m = 0;
  const char *subject = lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER ? lua_tolstring(L, 1, &n) : NULL;
  const char *pat = lua_type(L, 2) == LUA_TSTRING || lua_type(L, 2) == LUA_TNUMBER ? lua_tolstring(L, 2, &m) : NULL;
  (void)subject;
  int plain = lua_toboolean(L, 4) && lua_tointeger(L, lua_upvalueindex(2)) == 1;   /* find(s, p, init, plain) */
  int q = 0;
  for (size_t i = 0; pat && !plain && i < m; i++) {
    if (pat[i] == '%') { i++; continue; }
    if (pat[i] == '*' || pat[i] == '+' || pat[i] == '-' || pat[i] == '?') q++;
  }
  double cost = (double)n + 1;
  for (int k = 0; k < q && cost < 1e18; k++) cost *= (double)n + 1;
  if (pat) hk_charge(L, cost >= 1.8e19 ? UINT64_MAX : (uint64_t)cost);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int hk_print(lua_State *L) {   /* print: accepted, and silent */
  (void)L;
  return 0;
}

/* string.rep after lstrlib.c's str_rep, which loops N times even when the
** result is empty ("" repeated 2^62 times): that case answers at once. */
static int hk_rep(lua_State *L) {
  size_t l, lsep, total;
  const char *s = luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  const char *sep = luaL_optlstring(L, 3, "", &lsep);
  luaL_Buffer b;
  char *p;
  if (n <= 0 || l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  if (l + lsep < l || l + lsep > (size_t)INT32_MAX / (lua_Unsigned)n)
    return luaL_error(L, "resulting string too large");
  total = (size_t)n * l + (size_t)(n - 1) * lsep;
  p = luaL_buffinitsize(L, &b, total);
  while (n-- > 1) {
    memcpy(p, s, l);
    p += l;
    if (lsep > 0) {
      memcpy(p, sep, lsep);
      p += lsep;
    }
  }
  memcpy(p, s, l);
  luaL_pushresultsize(&b, total);
  return 1;
}

/* table.move after ltablib.c's tmove, its elements charged to the budget:
** moving nils over a huge range allocates nothing and runs no instruction. */
static int hk_move(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, tt, LUA_TTABLE);
  if (e >= f) {
    lua_Integer n, i;
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    hk_charge(L, (uint64_t)n);
    if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
      for (i = 0; i < n; i++) {
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    } else {
      for (i = n - 1; i >= 0; i--) {
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    }
  }
  lua_pushvalue(L, tt);
  return 1;
}

/* xpcall's message handler, wrapped.  An error raised by the count hook
** runs the handler with hooks off (ldo.c luaD_hook: allowhook stays 0 until
** the error is caught), so past the budget the handler is skipped. */
static int hk_msgwrap(lua_State *L) {
  if (hk_ctx(L)->overBudget) {
    lua_settop(L, 1);
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* xpcall after lbaselib.c's luaB_xpcall, with the handler wrapped (no
** coroutines here, so no continuation). */
static int hk_xpcall(lua_State *L) {
  int n = lua_gettop(L), status;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, hk_msgwrap, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);              /* first result */
  lua_pushvalue(L, 1);                /* the function */
  lua_rotate(L, 3, 2);                /* both below the function's arguments */
  status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
  if (status != LUA_OK) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - 2;
}


/* C functions whose work grows with their input -- text they read or make,
** elements they move -- run as one call the count hook cannot interrupt:
** they are charged before they run, HOOK_BYTES_PER_INSTRUCTION bytes of
** text or one element an instruction.  Upvalue 1 is the function, 2 what
** to count: 1 its text arguments, 2 also the length of its table argument. */
static int hk_charged(lua_State *L) {
  int top = lua_gettop(L), i;
  uint64_t bytes = 0, elems = 0;
  for (i = 1; i <= top; i++) {
    if (lua_type(L, i) == LUA_TSTRING) {
      size_t n;
      lua_tolstring(L, i, &n);
      bytes += n;
    }
  }
  if (lua_tointeger(L, lua_upvalueindex(2)) == 2 && lua_type(L, 1) == LUA_TTABLE) {
    lua_Integer n = luaL_len(L, 1);
    if (n > 0) elems = (uint64_t)n;
  }
  hk_charge(L, bytes / HOOK_BYTES_PER_INSTRUCTION + elems + 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, top, LUA_MULTRET);
  return lua_gettop(L);
}

static void hk_where(lua_State *L);
static const Value *hk_proxy_value(lua_State *L, int idx);

/* Raises "source:line: message" at the innermost Lua function. */
static int hk_raise(lua_State *L, const char *fmt, ...) {
  va_list ap;
  hk_where(L);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}

/* A value whose text would be its address ("table: 0x55..."), different on
** every run: a decision must not depend on it. */
static int hk_is_address(lua_State *L, int i) {
  int t = lua_type(L, i);
  if (t != LUA_TTABLE && t != LUA_TFUNCTION && t != LUA_TUSERDATA && t != LUA_TLIGHTUSERDATA &&
      t != LUA_TTHREAD)
    return 0;
  if (luaL_getmetafield(L, i, "__tostring") != LUA_TNIL) {
    lua_pop(L, 1);
    return 0;
  }
  return 1;
}

static int hk_tostring(lua_State *L) {
  luaL_checkany(L, 1);
  if (hk_is_address(L, 1))
    return hk_raise(L, "tostring of a %s is its address, which differs from run to run: a hook cannot use it",
                    luaL_typename(L, 1));
  luaL_tolstring(L, 1, NULL);
  return 1;
}

/* string.format without addresses (%p, or %s of a table), charged its text. */
static int hk_format(lua_State *L) {
  size_t n, i;
  const char *f = luaL_checklstring(L, 1, &n);
  int k;
  for (i = 0; i + 1 < n; i++) {
    if (f[i] != '%') continue;
    i++;
    while (i < n && strchr("-+ #0123456789.", f[i])) i++;
    if (i < n && f[i] == 'p')
      return hk_raise(L, "string.format('%%p') gives an address, which differs from run to run: a hook cannot "
                      "use it");
  }
  for (k = 2; k <= lua_gettop(L); k++) {
    if (hk_is_address(L, k))
      return hk_raise(L, "string.format of a %s gives its address, which differs from run to run: a hook "
                      "cannot use it", luaL_typename(L, k));
  }
  return hk_charged(L);
}

/* {==== a fixed order for pairs, next and table.sort ========================
** Lua seeds its string hashes anew for every state, so pairs visits keys in
** an order that changes from run to run, and table.sort picks pivots at
** random: a hook's result could differ for the same case.  Keys are visited
** in order (numbers, then strings, then false and true), and table.sort is
** a stable merge sort. */

static int hk_key_rank(lua_State *L, int i) {
  switch (lua_type(L, i)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return -1;
  }
}

/* Whether the key on the top of the stack comes before the one below it;
** pops both.  (The orientation is the sort's: less(top, below).) */
static int hk_key_less(lua_State *L, void *ud) {
  int ra = hk_key_rank(L, -1), rb = hk_key_rank(L, -2), r;
  (void)ud;
  if (ra != rb) {
    r = ra < rb;
  } else if (ra == 0) {
    r = lua_compare(L, -1, -2, LUA_OPLT);
  } else if (ra == 1) {
    size_t na, nb;
    const char *za = lua_tolstring(L, -1, &na), *zb = lua_tolstring(L, -2, &nb);
    int c = memcmp(za, zb, na < nb ? na : nb);
    r = c ? c < 0 : na < nb;
  } else {
    r = !lua_toboolean(L, -1) && lua_toboolean(L, -2);
  }
  lua_pop(L, 2);
  return r;
}

/* table.sort's comparison: the function at the stack index UD, or '<'. */
static int hk_value_less(lua_State *L, void *ud) {
  int comp = *(int *)ud, r;
  if (comp) {
    lua_pushvalue(L, comp);
    lua_insert(L, -3);
    lua_insert(L, -2);                   /* comp, top, below: comp(top, below) */
    lua_call(L, 2, 1);
    r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
  }
  r = lua_compare(L, -1, -2, LUA_OPLT);
  lua_pop(L, 2);
  return r;
}

static uint64_t hk_log2(uint64_t n) {
  uint64_t k = 1;
  while (n >>= 1) k++;
  return k;
}

/* Sorts T[1..N] (an absolute index) in place, stably: bottom-up merges
** between two scratch tables, then the result written back with lua_seti
** (a read-only table refuses).  Charged N log N before it starts. */
static void hk_merge_sort(lua_State *L, int t, lua_Integer n, int (*less)(lua_State *, void *), void *ud) {
  lua_Integer w, lo, i, j, k, mid, hi;
  int src, dst;
  if (n < 2) return;
  hk_charge(L, (uint64_t)n * hk_log2((uint64_t)n));
  luaL_checkstack(L, 6, "sort");
  lua_createtable(L, (int)n, 0);
  src = lua_gettop(L);
  lua_createtable(L, (int)n, 0);
  dst = lua_gettop(L);
  for (i = 1; i <= n; i++) {
    lua_geti(L, t, i);
    lua_rawseti(L, src, i);
  }
  for (w = 1; w < n; w *= 2) {
    for (lo = 1; lo <= n; lo += 2 * w) {
      mid = lo + w - 1 < n ? lo + w - 1 : n;
      hi = lo + 2 * w - 1 < n ? lo + 2 * w - 1 : n;
      i = lo, j = mid + 1, k = lo;
      while (i <= mid || j <= hi) {
        int right = 0;
        if (i <= mid && j <= hi) {
          lua_rawgeti(L, src, i);
          lua_rawgeti(L, src, j);
          right = less(L, ud);             /* the right one strictly first: stable */
        } else {
          right = i > mid;
        }
        lua_rawgeti(L, src, right ? j++ : i++);
        lua_rawseti(L, dst, k++);
      }
    }
    int tmp = src;
    src = dst;
    dst = tmp;
  }
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, src, i);
    lua_seti(L, t, i);
  }
  lua_pop(L, 2);
}

static int hk_sort(lua_State *L) {
  int comp = 0;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    comp = 2;
  }
  lua_settop(L, 2);
  hk_merge_sort(L, 1, n, hk_value_less, &comp);
  return 0;
}

/* The keys of table T (absolute index), sorted, in a new table pushed. */
static lua_Integer hk_sorted_keys(lua_State *L, int t) {
  lua_Integer n = 0;
  lua_newtable(L);
  int ks = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (hk_key_rank(L, -1) < 0)
      hk_raise(L, "a table with %s keys has no fixed order to visit: use numbers or strings as keys",
               luaL_typename(L, -1));
    lua_pushvalue(L, -1);
    lua_rawseti(L, ks, ++n);
  }
  hk_merge_sort(L, ks, n, hk_key_less, NULL);
  return n;
}

/* The iterator pairs gives: upvalue 1 the sorted keys, 2 the position. */
static int hk_pairs_iter(lua_State *L) {
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
  for (;;) {
    if (lua_rawgeti(L, lua_upvalueindex(1), ++i) == LUA_TNIL) return 1;   /* nil: the end */
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {
      lua_pushinteger(L, i);
      lua_replace(L, lua_upvalueindex(2));
      return 2;
    }
    lua_pop(L, 2);                         /* removed on the way: skipped */
  }
}

static int hk_proxy_next_fn(lua_State *L);

static int hk_pairs_global(lua_State *L) {
  luaL_checkany(L, 1);
  if (hk_proxy_value(L, 1)) {              /* facts, decision: their own order */
    lua_pushcfunction(L, hk_proxy_next_fn);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  hk_sorted_keys(L, 1);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, hk_pairs_iter, 2);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* next(T, K) for a plain table: the first key after K in the fixed order
** (one pass over the table, charged). */
static int hk_plain_next(lua_State *L) {
  int have = 0;
  lua_Integer n = 0;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushnil(L);                          /* 3: the best key so far */
  lua_pushnil(L);
  while (lua_next(L, 1)) {                 /* key at 4 */
    lua_pop(L, 1);
    n++;
    if (hk_key_rank(L, 4) < 0)
      return hk_raise(L, "a table with %s keys has no fixed order to visit: use numbers or strings as keys",
                      luaL_typename(L, 4));
    if (!lua_isnil(L, 2)) {                /* only keys after K */
      lua_pushvalue(L, 4);
      lua_pushvalue(L, 2);
      if (!hk_key_less(L, NULL)) continue;
    }
    if (have) {
      lua_pushvalue(L, 3);
      lua_pushvalue(L, 4);
      if (!hk_key_less(L, NULL)) continue;
    }
    lua_pushvalue(L, 4);
    lua_replace(L, 3);
    have = 1;
  }
  hk_charge(L, (uint64_t)n);
  if (!have) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushvalue(L, 3);
  lua_pushvalue(L, 3);
  lua_rawget(L, 1);
  return 2;
}

/* }==== */

static const luaL_Reg hk_libs[] = {
  {LUA_GNAME, luaopen_base},
  {LUA_STRLIBNAME, luaopen_string},
  {LUA_TABLIBNAME, luaopen_table},
  {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},
  {NULL, NULL}
};

static const char *const hk_removed[] = {
  "load", "loadfile", "dofile", "require", "collectgarbage", "rawset", "setmetatable",
  "warn", "package", "io", "os", "debug", "coroutine", NULL
};

static int hk_next(lua_State *L);

/* Replaces LIB[NAME] (LIB at stack index IDX) by itself charged (hk_charged). */
static void hk_wrap(lua_State *L, int idx, const char *name, int kind) {
  idx = lua_absindex(L, idx);
  lua_getfield(L, idx, name);
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, hk_charged, 2);
  lua_setfield(L, idx, name);
}

static void hk_open_libs(lua_State *L) {
  const luaL_Reg *lib;
  const char *const *z;
  for (lib = hk_libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  lua_pushglobaltable(L);
  for (z = hk_removed; *z; z++) {
    lua_pushnil(L);
    lua_setfield(L, -2, *z);
  }
  lua_pushcfunction(L, hk_print);
  lua_setfield(L, -2, "print");
  lua_pushcfunction(L, hk_next);
  lua_setfield(L, -2, "next");
  lua_pushcfunction(L, hk_xpcall);
  lua_setfield(L, -2, "xpcall");
  lua_pushcfunction(L, hk_pairs_global);
  lua_setfield(L, -2, "pairs");
  lua_pushcfunction(L, hk_tostring);
  lua_setfield(L, -2, "tostring");
  hk_wrap(L, -1, "tonumber", 1);
  lua_getfield(L, -1, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pushcfunction(L, hk_rep);
  lua_setfield(L, -2, "rep");
  static const char *const matchers[] = {"find", "match", "gmatch", "gsub", NULL};
  for (int k = 0; matchers[k]; k++) {               /* each charged its worst case */
    lua_getfield(L, -1, matchers[k]);
    lua_pushinteger(L, k + 1);
    lua_pushcclosure(L, hk_pattern, 2);
    lua_setfield(L, -2, matchers[k]);
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_STRLIBNAME);
  static const char *const textWork[] = {"byte", "sub", "upper", "lower", "reverse", "len", "char", "pack",
                                         "unpack", NULL};
  for (int k = 0; textWork[k]; k++) hk_wrap(L, -1, textWork[k], 1);
  lua_getfield(L, -1, "format");
  lua_pushinteger(L, 1);
  lua_pushcclosure(L, hk_format, 2);
  lua_setfield(L, -2, "format");
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_UTF8LIBNAME);
  static const char *const utf8Work[] = {"len", "offset", "codepoint", "char", "codes", NULL};
  for (int k = 0; utf8Work[k]; k++) hk_wrap(L, -1, utf8Work[k], 1);
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_TABLIBNAME);
  lua_pushcfunction(L, hk_move);
  lua_setfield(L, -2, "move");
  lua_pushcfunction(L, hk_sort);
  lua_setfield(L, -2, "sort");
  static const char *const tableWork[] = {"concat", "insert", "remove", "unpack", NULL};
  for (int k = 0; tableWork[k]; k++) hk_wrap(L, -1, tableWork[k], 2);
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_MATHLIBNAME);   /* the same random numbers on every run */
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, 0);
  lua_call(L, 1, 0);
  lua_pop(L, 2);
}

/* }==== */

/* {==== facts and the decision: read-only proxies ====================== */

/* The Value behind the proxy at IDX, or NULL when it is not a proxy. */
static const Value *hk_proxy_value(lua_State *L, int idx) {
  const Value *v = NULL;
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return NULL;
  if (lua_rawgetp(L, -1, &hk_marker) == LUA_TLIGHTUSERDATA) v = lua_touserdata(L, -1);
  lua_pop(L, 2);
  return v;
}

/* Pushes "source:line: " of the innermost Lua function running, or "". */
static void hk_where(lua_State *L) {
  lua_Debug ar;
  int level;
  for (level = 1; level < 8 && lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

static int hk_readonly(lua_State *L) {   /* __newindex */
  hk_where(L);
  lua_pushliteral(L, "facts and the decision are read-only");
  lua_concat(L, 2);
  return lua_error(L);
}

static int hk_len(lua_State *L) {        /* __len */
  const Value *v = hk_proxy_value(L, 1);
  lua_pushinteger(L, v && v->tag == V_LIST ? v->n : 0);
  return 1;
}

/* next(PROXY, KEY) in the Value's order: list items 1..n, object keys as
** given; nils (null, unknown) skipped, as a table would not hold them. */
static int hk_proxy_next(lua_State *L, const Value *v) {
  int i = 0, n, real;
  lua_settop(L, 2);
  lua_getmetatable(L, 1);
  lua_pushliteral(L, "__index");
  lua_rawget(L, -2);
  real = lua_gettop(L);
  n = v->tag == V_LIST ? v->n : v->u.obj ? v->u.obj->n : 0;
  if (!lua_isnil(L, 2)) {
    if (v->tag == V_LIST) {                /* after key k comes index k (0-based) */
      lua_Integer k = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 0;
      i = k >= 1 && k <= n ? (int)k : -1;
    } else {
      size_t len;
      const char *z = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &len) : NULL;
      for (i = 0; z && i < n; i++) {
        const char *k = v->u.obj->keys[i];
        if (k && strlen(k) == len && memcmp(k, z, len) == 0) break;
      }
      i = z && i < n ? i + 1 : -1;
    }
    if (i < 0) return luaL_error(L, "invalid key to 'next'");
  }
  for (; i < n; i++) {
    if (v->tag == V_LIST) {
      lua_pushinteger(L, i + 1);
    } else {
      if (!v->u.obj->keys[i]) continue;
      lua_pushstring(L, v->u.obj->keys[i]);
    }
    lua_pushvalue(L, -1);
    if (lua_rawget(L, real) != LUA_TNIL) return 2;
    lua_pop(L, 2);
  }
  lua_pushnil(L);
  return 1;
}

static int hk_proxy_next_fn(lua_State *L) {   /* the iterator __pairs gives */
  const Value *v = hk_proxy_value(L, 1);
  if (!v) return luaL_argerror(L, 1, "facts or decision table expected");
  return hk_proxy_next(L, v);
}

static int hk_pairs(lua_State *L) {      /* __pairs */
  lua_pushcfunction(L, hk_proxy_next_fn);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* The global next: proxies in their Value order, other tables in the fixed
** order of keys. */
static int hk_next(lua_State *L) {
  const Value *v = hk_proxy_value(L, 1);
  if (v) return hk_proxy_next(L, v);
  return hk_plain_next(L);
}

static void hk_push_proxy(lua_State *L, const Value *v, int depth);

static void hk_push_value(lua_State *L, const Value *v, int depth) {
  switch (v->tag) {
    case V_BOOL: lua_pushboolean(L, v->u.i != 0); break;
    case V_INT: lua_pushinteger(L, (lua_Integer)v->u.i); break;
    case V_NUM: lua_pushnumber(L, (lua_Number)v->u.d); break;
    case V_TEXT:
      if (v->u.s && v->n > 0) lua_pushlstring(L, v->u.s, (size_t)v->n);
      else lua_pushliteral(L, "");
      break;
    case V_LIST: case V_OBJ: hk_push_proxy(L, v, depth); break;
    default: lua_pushnil(L); break;      /* V_NULL, V_UNKNOWN; others are not passed in */
  }
}

/* Pushes the read-only proxy of list or object V: an empty table whose
** metatable reads from the real table (children already proxies). */
static void hk_push_proxy(lua_State *L, const Value *v, int depth) {
  int i, real;
  if (depth >= HK_INPUT_DEPTH) luaL_error(L, "facts nested deeper than %d levels", HK_INPUT_DEPTH);
  luaL_checkstack(L, 8, "facts nested too deeply");
  if (v->tag == V_LIST) {
    lua_createtable(L, v->n > 0 ? v->n : 0, 0);
    real = lua_gettop(L);
    for (i = 0; i < v->n; i++) {
      hk_push_value(L, &v->u.items[i], depth + 1);
      lua_rawseti(L, real, i + 1);
    }
  } else {
    const Obj *o = v->u.obj;
    lua_createtable(L, 0, o && o->n > 0 ? o->n : 0);
    real = lua_gettop(L);
    for (i = 0; o && i < o->n; i++) {
      if (!o->keys[i]) continue;
      lua_pushstring(L, o->keys[i]);
      hk_push_value(L, &o->vals[i], depth + 1);
      lua_rawset(L, real);
    }
  }
  lua_createtable(L, 0, 0);                /* the proxy: stays empty */
  lua_createtable(L, 0, 6);                /* its metatable */
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, hk_readonly);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, hk_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, hk_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_pushlightuserdata(L, (void *)(uintptr_t)v);
  lua_rawsetp(L, -2, &hk_marker);
  lua_setmetatable(L, -2);
  lua_remove(L, real);
}

/* }==== */

/* {==== the result: Lua to Value ======================================= */

static int hk_fail(lua_State *L, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static int hk_fail(lua_State *L, const char *fmt, ...) {
  char msg[480];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  lua_pushstring(L, msg);
  return lua_error(L);
}

static size_t hk_path_add(HookCtx *c, const char *z, size_t n) {
  size_t len = c->nPath;
  if (n > sizeof c->path - 1 - len) n = sizeof c->path - 1 - len;
  memcpy(c->path + len, z, n);
  c->nPath = len + n;
  c->path[c->nPath] = 0;
  return len;
}

static size_t hk_path_key(HookCtx *c, const char *z, size_t n) {
  size_t len = c->nPath, i;
  int ident = n > 0 && !(z[0] >= '0' && z[0] <= '9');
  for (i = 0; i < n && ident; i++) {
    unsigned char ch = (unsigned char)z[i];
    ident = ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9');
  }
  hk_path_add(c, ident ? "." : "[\"", ident ? 1 : 2);
  hk_path_add(c, z, n);
  if (!ident) hk_path_add(c, "\"]", 2);
  return len;
}

static size_t hk_path_index(HookCtx *c, int i) {
  char buf[24];
  size_t len = c->nPath;
  int n = snprintf(buf, sizeof buf, "[%d]", i);
  hk_path_add(c, buf, (size_t)n);
  return len;
}

static void hk_path_pop(HookCtx *c, size_t len) {
  c->nPath = len;
  c->path[len] = 0;
}

static void *hk_arena(lua_State *L, HookCtx *c, size_t n) {
  void *p = arena_alloc(c->a, n ? n : 1);
  if (!p) hk_fail(L, "out of memory copying the hook's result");
  return p;
}

static void hk_count_values(lua_State *L, HookCtx *c, int n) {
  if (n > HOOK_MAX_VALUES - c->nValues)
    hk_fail(L, "hook returned more than %d values", HOOK_MAX_VALUES);
  c->nValues += n;
}

static Value hk_text(lua_State *L, HookCtx *c, const char *s, size_t n) {
  char *z;
  if (n > HOOK_MAX_TEXT - c->nText)
    hk_fail(L, "hook returned more than %d bytes of text (at %s)", HOOK_MAX_TEXT, c->path);
  c->nText += n;
  z = arena_strndup(c->a, s, n);
  if (!z) hk_fail(L, "out of memory copying the hook's result");
  return v_text(z, (int)n);
}

typedef struct HkKey {
  const char *z;
  size_t n;
  int i;                   /* where it came from (copies of objects) */
} HkKey;

static int hk_key_cmp(const void *pa, const void *pb) {
  const HkKey *a = pa, *b = pb;
  int r = memcmp(a->z, b->z, a->n < b->n ? a->n : b->n);
  return r ? r : (a->n > b->n) - (a->n < b->n);
}

/* A copy of V, as returned when the hook hands back (part of) the facts or
** the decision: objects get sorted keys; what the hook saw as nil is null. */
static Value hk_copy(lua_State *L, HookCtx *c, const Value *v, int depth) {
  Value r = *v;
  int i;
  size_t mark;
  switch (v->tag) {
    case V_BOOL: case V_INT: return r;
    case V_NUM:
      if (!isfinite(v->u.d)) hk_fail(L, "hook returned a non-finite number at %s", c->path);
      return r;
    case V_TEXT: return hk_text(L, c, v->u.s ? v->u.s : "", v->u.s && v->n > 0 ? (size_t)v->n : 0);
    case V_LIST: case V_OBJ: break;
    default: return v_null();
  }
  if (depth > HOOK_MAX_DEPTH)
    hk_fail(L, "hook returned tables nested deeper than %d at %s", HOOK_MAX_DEPTH, c->path);
  if (v->tag == V_LIST) {
    int n = v->n > 0 ? v->n : 0;
    hk_count_values(L, c, n);
    r.u.items = n ? hk_arena(L, c, (size_t)n * sizeof(Value)) : NULL;
    r.n = n;
    for (i = 0; i < n; i++) {
      mark = hk_path_index(c, i + 1);
      r.u.items[i] = hk_copy(L, c, &v->u.items[i], depth + 1);
      hk_path_pop(c, mark);
    }
  } else {
    const Obj *o = v->u.obj;
    int n = o && o->n > 0 ? o->n : 0, k = 0;
    HkKey *aKey = hk_arena(L, c, (size_t)n * sizeof *aKey);
    Obj *copy = hk_arena(L, c, sizeof *copy);
    for (i = 0; i < n; i++) {
      if (!o->keys[i]) continue;
      aKey[k].z = o->keys[i];
      aKey[k].n = strlen(o->keys[i]);
      aKey[k].i = i;
      k++;
    }
    hk_count_values(L, c, k);
    qsort(aKey, (size_t)k, sizeof *aKey, hk_key_cmp);
    copy->n = k;
    copy->keys = hk_arena(L, c, (size_t)k * sizeof *copy->keys);
    copy->vals = hk_arena(L, c, (size_t)k * sizeof *copy->vals);
    for (i = 0; i < k; i++) {
      copy->keys[i] = hk_text(L, c, aKey[i].z, aKey[i].n).u.s;
      mark = hk_path_key(c, aKey[i].z, aKey[i].n);
      copy->vals[i] = hk_copy(L, c, &o->vals[aKey[i].i], depth + 1);
      hk_path_pop(c, mark);
    }
    r.u.obj = copy;
  }
  return r;
}

static Value hk_to_value(lua_State *L, HookCtx *c, int idx, int depth);

/* The table at IDX: a sequence 1..n (or empty) is a list, string keys an
** object with its keys sorted; anything else fails, naming the path. */
static Value hk_table(lua_State *L, HookCtx *c, int idx, int depth) {
  const Value *proxy = hk_proxy_value(L, idx);
  Value r = {0};
  int n = 0, nStr = 0, nInt = 0, i;
  lua_Integer lo = LUA_MAXINTEGER, hi = LUA_MININTEGER;
  size_t mark;
  if (depth > HOOK_MAX_DEPTH)
    hk_fail(L, "hook returned tables nested deeper than %d at %s", HOOK_MAX_DEPTH, c->path);
  if (proxy) return hk_copy(L, c, proxy, depth);
  luaL_checkstack(L, 6, "result nested too deeply");
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      nStr++;
    } else if (lua_isinteger(L, -1)) {
      lua_Integer k = lua_tointeger(L, -1);
      if (k < lo) lo = k;
      if (k > hi) hi = k;
      nInt++;
    } else {
      hk_fail(L, "hook returned a table with a %s key at %s",
              lua_type(L, -1) == LUA_TNUMBER ? "non-integer number" : luaL_typename(L, -1),
              c->path);
    }
    if (++n > HOOK_MAX_VALUES - c->nValues)
      hk_fail(L, "hook returned more than %d values", HOOK_MAX_VALUES);
  }
  hk_count_values(L, c, n);
  if (nStr && nInt)
    hk_fail(L, "hook returned a table with both list and string keys at %s", c->path);
  if (nStr == 0) {
    if (nInt && (lo < 1 || hi > n))
      hk_fail(L, "hook returned a table whose integer keys are not 1..n (a list with holes?) at %s",
              c->path);
    r.tag = V_LIST;
    r.n = n;
    r.u.items = n ? hk_arena(L, c, (size_t)n * sizeof(Value)) : NULL;
    for (i = 0; i < n; i++) {
      lua_rawgeti(L, idx, i + 1);
      mark = hk_path_index(c, i + 1);
      r.u.items[i] = hk_to_value(L, c, lua_gettop(L), depth + 1);
      hk_path_pop(c, mark);
      lua_pop(L, 1);
    }
  } else {
    HkKey *aKey = hk_arena(L, c, (size_t)n * sizeof *aKey);
    Obj *o = hk_arena(L, c, sizeof *o);
    int k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      lua_pop(L, 1);
      aKey[k].z = lua_tolstring(L, -1, &aKey[k].n);    /* a string: no conversion */
      if (memchr(aKey[k].z, 0, aKey[k].n))
        hk_fail(L, "hook returned a key with a NUL byte in it at %s", c->path);
      k++;
    }
    qsort(aKey, (size_t)n, sizeof *aKey, hk_key_cmp);
    o->n = n;
    o->keys = hk_arena(L, c, (size_t)n * sizeof *o->keys);
    o->vals = hk_arena(L, c, (size_t)n * sizeof *o->vals);
    for (i = 0; i < n; i++) {          /* in key order, so that errors are too */
      o->keys[i] = hk_text(L, c, aKey[i].z, aKey[i].n).u.s;
      lua_pushlstring(L, aKey[i].z, aKey[i].n);
      lua_rawget(L, idx);
      mark = hk_path_key(c, aKey[i].z, aKey[i].n);
      o->vals[i] = hk_to_value(L, c, lua_gettop(L), depth + 1);
      hk_path_pop(c, mark);
      lua_pop(L, 1);
    }
    r.tag = V_OBJ;
    r.u.obj = o;
  }
  return r;
}

static Value hk_to_value(lua_State *L, HookCtx *c, int idx, int depth) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL: return v_null();
    case LUA_TBOOLEAN: return v_bool(lua_toboolean(L, idx));
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) return v_int((int64_t)lua_tointeger(L, idx));
      if (!isfinite(lua_tonumber(L, idx)))
        hk_fail(L, "hook returned a non-finite number at %s", c->path);
      return v_num((double)lua_tonumber(L, idx), U_NONE);
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      return hk_text(L, c, s, n);
    }
    case LUA_TTABLE: return hk_table(L, c, idx, depth);
    default:
      hk_fail(L, "hook returned a %s at %s", luaL_typename(L, idx), c->path);
      return v_unknown();
  }
}

/* }==== */

/* {==== running ======================================================== */

/* The message handler: the error as text, made while still protected. */
static int hk_msgh(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) return 1;
  if (lua_type(L, 1) == LUA_TNUMBER) {
    luaL_tolstring(L, 1, NULL);
    return 1;
  }
  lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  return 1;
}

/* Everything that touches the state, under the one lua_pcall of hook_run. */
static int hk_pmain(lua_State *L) {
  HookCtx *c = lua_touserdata(L, 1);
  int status, top;
  lua_settop(L, 0);
  hk_open_libs(L);
  hk_push_value(L, c->facts, 0);            /* 1 */
  hk_push_value(L, c->decision, 0);         /* 2 */
  lua_pushfstring(L, "@%s", c->zChunk);     /* 3 */
  status = luaL_loadbufferx(L, c->src, c->nSrc, lua_tostring(L, 3), "t");
  if (status != LUA_OK) {
    size_t n = strlen(c->zChunk);
    const char *msg = lua_tostring(L, -1);
    c->loadStatus = status;
    if (status != LUA_ERRMEM && msg && strncmp(msg, c->zChunk, n) != 0 &&
        strncmp(msg, "...", 3) != 0)
      lua_pushfstring(L, "%s: %s", c->zChunk, msg);
    return lua_error(L);
  }
  lua_remove(L, 3);
  c->period = hk_next_period(c, HK_FIRST_PERIOD);
  lua_sethook(L, hk_count, LUA_MASKCOUNT, c->period);
  c->charging = 1;                          /* from here, the hook's own allocations */
  lua_call(L, 0, 1);                        /* the chunk: gives the hook */
  if (!lua_isfunction(L, -1))
    hk_fail(L, "hook chunk must return a function, got %s", luaL_typename(L, -1));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_call(L, 2, 1);
  top = lua_gettop(L);
  if (!lua_istable(L, top)) hk_fail(L, "hook must return a table, got %s", luaL_typename(L, top));
  hk_path_add(c, "result", 6);
  c->result = hk_to_value(L, c, top, 1);
  return 0;
}

static int hk_ends_with(const char *z, const char *tail) {
  size_t n = strlen(z), m = strlen(tail);
  return n >= m && memcmp(z + n - m, tail, m) == 0;
}

/* OUT->err for a failed run: a spent budget or the memory cap first, as a
** hook may have caught the first error and failed differently after. */
static void hk_error_text(lua_State *L, const HookCtx *c, int status, HookRun *out) {
  const char *z = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  char *p;
  if (c->overBudget) {
    snprintf(out->err, sizeof out->err, "instruction budget of %lld exceeded", (long long)c->budget);
  } else if (c->overTime) {
    snprintf(out->err, sizeof out->err, "time limit of %lld ms exceeded", (long long)c->milliseconds);
  } else if (c->nRefused && (status == LUA_ERRMEM || status == LUA_ERRERR ||
                             c->loadStatus == LUA_ERRMEM || (z && hk_ends_with(z, "not enough memory")))) {
    snprintf(out->err, sizeof out->err, "memory cap of %zu bytes exceeded", c->cap);
  } else if (status == LUA_ERRMEM) {
    snprintf(out->err, sizeof out->err, "out of memory");
  } else {
    snprintf(out->err, sizeof out->err, "%s", z ? z : "unknown error");
  }
  for (p = out->err; *p; p++) if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
}

int hook_run(const char *zChunk, const char *src, size_t n, Value facts, Value decision,
             const HookLimits *lim, Arena *a, HookRun *out) {
  HookCtx c;
  lua_State *L;
  int status;
  memset(out, 0, sizeof *out);
  out->result = v_unknown();
  memset(&c, 0, sizeof c);
  c.budget = lim && lim->instructions > 0 ? lim->instructions : HOOK_DEFAULT_INSTRUCTIONS;
  c.cap = lim && lim->memory ? lim->memory : HOOK_DEFAULT_MEMORY;
  c.milliseconds = lim && lim->milliseconds > 0 ? lim->milliseconds : HOOK_DEFAULT_MILLISECONDS;
  c.deadline = hk_now() + c.milliseconds * 1000000;
  out->limits.instructions = c.budget;
  out->limits.memory = c.cap;
  out->limits.milliseconds = c.milliseconds;
  c.zChunk = zChunk && zChunk[0] ? zChunk : "hook";
  c.src = src ? src : "";
  c.nSrc = src ? n : 0;
  c.facts = &facts;
  c.decision = &decision;
  c.a = a;
  L = lua_newstate(hk_alloc, &c);
  if (!L) {
    if (c.nRefused) snprintf(out->err, sizeof out->err, "memory cap of %zu bytes exceeded", c.cap);
    else snprintf(out->err, sizeof out->err, "out of memory creating a Lua state");
    out->memoryPeak = c.peak;
    return -1;
  }
  *(HookCtx **)lua_getextraspace(L) = &c;
  lua_pushcfunction(L, hk_msgh);            /* light C functions: nothing allocated */
  lua_pushcfunction(L, hk_pmain);
  lua_pushlightuserdata(L, &c);
  status = lua_pcall(L, 1, 0, 1);
  int failed = status != LUA_OK || c.overBudget || c.overTime;
  if (failed) hk_error_text(L, &c, status, out);
  lua_sethook(L, NULL, 0, 0);
  c.charging = 0;
  lua_close(L);
  out->instructions = c.used;
  out->memoryPeak = c.peak;
  if (failed) return -1;
  out->result = c.result;
  return 0;
}

/* }==== */
