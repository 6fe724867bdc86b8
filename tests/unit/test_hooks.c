/*
** test_hooks.c - unit tests of engine/hooks.c, the Lua sandbox for municipal
** hooks: facts and the decision in, a Value tree out (sorted keys), and
** hostile hooks, each stopped with its exact message, with a good hook run
** again after every one of them.  Standalone: its own main.
*/
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "hooks.h"

#define CHUNK "rules/municipalities/x/hooks/h.lua"

static Arena arena;              /* the facts and the decision */
static Value facts, decision;

/* {==== building and reading values ===================================== */

static Value text(const char *z) { return v_text(z, (int)strlen(z)); }

static Value list(int n, const Value *items) {
  Value v = {0};
  Value *a = arena_alloc(&arena, (size_t)(n ? n : 1) * sizeof *a);
  memcpy(a, items, (size_t)n * sizeof *a);
  v.tag = V_LIST;
  v.n = n;
  v.u.items = a;
  return v;
}

static Value obj(int n, const char *const *keys, const Value *vals) {
  Value v = {0};
  Obj *o = arena_alloc(&arena, sizeof *o);
  o->n = n;
  o->keys = arena_alloc(&arena, (size_t)n * sizeof *o->keys);
  o->vals = arena_alloc(&arena, (size_t)n * sizeof *o->vals);
  memcpy(o->keys, keys, (size_t)n * sizeof *o->keys);
  memcpy(o->vals, vals, (size_t)n * sizeof *o->vals);
  v.tag = V_OBJ;
  v.u.obj = o;
  return v;
}

/* facts = {child = {name, age, sex, dob}, work = {hours, tasks, night}}
** decision = {level, next_actions = [{id, title}], score = null} */
static void make_inputs(void) {
  static const char *const kChild[] = {"name", "age", "sex", "dob"};
  static const char *const kWork[] = {"hours", "tasks", "night"};
  static const char *const kFacts[] = {"child", "work"};
  static const char *const kAction[] = {"id", "title"};
  static const char *const kDecision[] = {"level", "next_actions", "score"};
  Value child[4], work[3], tasks[2], top[2], action[2], actions[1], dec[3];
  child[0] = text("Arta");
  child[1] = v_int(14);
  child[2] = text("female");
  child[3] = text("2011-02-03");
  tasks[0] = text("carrying");
  tasks[1] = text("selling");
  work[0] = v_num(6.5, 0);
  work[1] = list(2, tasks);
  work[2] = v_bool(1);
  top[0] = obj(4, kChild, child);
  top[1] = obj(3, kWork, work);
  facts = obj(2, kFacts, top);
  action[0] = text("A-1");
  action[1] = text("Visit the workplace");
  actions[0] = obj(2, kAction, action);
  dec[0] = text("high");
  dec[1] = list(1, actions);
  dec[2] = v_null();
  decision = obj(3, kDecision, dec);
}

/* The value under KEY in object V, or NULL. */
static const Value *field(const Value *v, const char *key) {
  if (!v || v->tag != V_OBJ) return NULL;
  for (int i = 0; i < v->u.obj->n; i++)
    if (strcmp(v->u.obj->keys[i], key) == 0) return &v->u.obj->vals[i];
  return NULL;
}

static int is_text(const Value *v, const char *z) {
  return v && v->tag == V_TEXT && v->n == (int)strlen(z) && memcmp(v->u.s, z, (size_t)v->n) == 0;
}

static int is_int(const Value *v, int64_t i) { return v && v->tag == V_INT && v->u.i == i; }

/* The keys of object V joined with commas, into BUF. */
static const char *keys_of(const Value *v, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = 0;
  if (!v || v->tag != V_OBJ) return "(not an object)";
  for (int i = 0; i < v->u.obj->n && len < size; i++)
    len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", v->u.obj->keys[i]);
  return buf;
}

/* }==== */

/* {==== running hooks =================================================== */

static int run_lim(const char *src, const HookLimits *lim, Arena *a, HookRun *out) {
  return hook_run(CHUNK, src, strlen(src), facts, decision, lim, a, out);
}

static int run(const char *src, Arena *a, HookRun *out) {
  HookLimits lim = {1000000, (size_t)8 << 20, 0};
  return run_lim(src, &lim, a, out);
}

static const char good_hook[] =
  "return function(facts, decision)\n"
  "  local names = {}\n"
  "  for k, v in pairs(facts.child) do names[#names + 1] = k .. '=' .. tostring(v) end\n"
  "  local tasks = {}\n"
  "  for i, t in ipairs(facts.work.tasks) do tasks[i] = t:upper() end\n"
  "  return {\n"
  "    actions = {{id = 'X-1', title = 't'}},\n"
  "    age = facts.child.age + 1,\n"
  "    hours = facts.work.hours * 2,\n"
  "    ntasks = #facts.work.tasks,\n"
  "    first = facts.work.tasks[1],\n"
  "    tasks = tasks,\n"
  "    child = table.concat(names, ','),\n"
  "    level = decision.level,\n"
  "    next = decision.next_actions[1].id,\n"
  "    night = facts.work.night,\n"
  "    score = decision.score == nil,\n"
  "  }\n"
  "end\n";

/* The good hook runs and gives the expected tree: checked after each
** hostile hook too, at the caller's line. */
static void good_at(const char *file, int line) {
  Arena a;
  HookRun r;
  char buf[256];
  const Value *actions, *act;
  arena_init(&a);
  if (!unit_eq_int_at(file, line, run(good_hook, &a, &r), 0, "the good hook runs")) {
    printf("     %s\n", r.err);
    arena_free(&a);
    return;
  }
  unit_eq_str_at(file, line, keys_of(&r.result, buf, sizeof buf),
                 "actions,age,child,first,hours,level,next,night,ntasks,score,tasks", "its keys");
  actions = field(&r.result, "actions");
  unit_check_at(file, line, actions && actions->tag == V_LIST && actions->n == 1, "actions is a list of 1");
  act = actions && actions->tag == V_LIST && actions->n == 1 ? &actions->u.items[0] : NULL;
  unit_eq_str_at(file, line, keys_of(act, buf, sizeof buf), "id,title", "the action's keys");
  unit_check_at(file, line, is_text(field(act, "id"), "X-1") && is_text(field(act, "title"), "t"),
                "the action is {id = \"X-1\", title = \"t\"}");
  unit_check_at(file, line, is_int(field(&r.result, "age"), 15), "age is the integer 15");
  unit_check_at(file, line, field(&r.result, "hours") && field(&r.result, "hours")->tag == V_NUM &&
                field(&r.result, "hours")->u.d == 13.0, "hours is the number 13.0");
  unit_check_at(file, line, is_int(field(&r.result, "ntasks"), 2), "#facts.work.tasks is 2");
  unit_check_at(file, line, is_text(field(&r.result, "first"), "carrying"), "tasks[1]");
  unit_check_at(file, line, is_text(field(&r.result, "child"),
                                    "name=Arta,age=14,sex=female,dob=2011-02-03"),
                "pairs over facts.child in the facts' order");
  unit_check_at(file, line, is_text(field(&r.result, "level"), "high") &&
                is_text(field(&r.result, "next"), "A-1"), "decision fields");
  unit_check_at(file, line, field(&r.result, "night") && v_true(*field(&r.result, "night")), "a boolean");
  unit_check_at(file, line, field(&r.result, "score") && v_true(*field(&r.result, "score")),
                "null reaches the hook as nil");
  {
    const Value *t = field(&r.result, "tasks");
    unit_check_at(file, line, t && t->tag == V_LIST && t->n == 2 && is_text(&t->u.items[0], "CARRYING") &&
                  is_text(&t->u.items[1], "SELLING"), "ipairs over facts.work.tasks");
  }
  arena_free(&a);
}
#define CHECK_GOOD() good_at(__FILE__, __LINE__)

/* SRC fails with exactly WANT; then the good hook still runs. */
static void hostile_lim_at(const char *file, int line, const char *src, const HookLimits *lim,
                           const char *want) {
  Arena a;
  HookRun r;
  arena_init(&a);
  memset(&r, 0x55, sizeof r);
  if (unit_eq_int_at(file, line, run_lim(src, lim, &a, &r), -1, "the hostile hook fails"))
    unit_eq_str_at(file, line, r.err, want, "its message");
  unit_check_at(file, line, r.result.tag == V_UNKNOWN, "no result");
  arena_free(&a);
  good_at(file, line);
}
#define CHECK_HOSTILE_LIM(src, lim, want) hostile_lim_at(__FILE__, __LINE__, src, lim, want)
#define CHECK_HOSTILE(src, want) hostile_lim_at(__FILE__, __LINE__, src, &defaults, want)

static const HookLimits defaults = {1000000, (size_t)8 << 20, 0};

/* Wraps BODY as the hook: "return function(facts, decision)\n" BODY "\nend". */
#define HOOK(body) "return function(facts, decision)\n" body "\nend\n"

/* }==== */

static void test_good(void) {
  CHECK_GOOD();
}

static void test_values(void) {
  Arena a;
  HookRun r;
  const Value *v;
  char buf[256];
  arena_init(&a);
  CHECK_EQ_INT(run(HOOK("return {}"), &a, &r), 0);
  CHECK(r.result.tag == V_LIST && r.result.n == 0);          /* the empty table is a list */
  CHECK_EQ_INT(run(HOOK("return {1, 2.5, 'x', true, {}, {a = {1}}}"), &a, &r), 0);
  CHECK(r.result.tag == V_LIST && r.result.n == 6);
  if (r.result.tag == V_LIST && r.result.n == 6) {
    CHECK(is_int(&r.result.u.items[0], 1));
    CHECK(r.result.u.items[1].tag == V_NUM && r.result.u.items[1].u.d == 2.5);
    CHECK(is_text(&r.result.u.items[2], "x"));
    CHECK(v_true(r.result.u.items[3]));
    CHECK(r.result.u.items[4].tag == V_LIST && r.result.u.items[4].n == 0);
    v = field(&r.result.u.items[5], "a");
    CHECK(v && v->tag == V_LIST && v->n == 1 && is_int(&v->u.items[0], 1));
  }
  /* strings are copied into the arena, embedded NULs kept */
  CHECK_EQ_INT(run(HOOK("return {s = 'a\\0b' .. string.rep('c', 3)}"), &a, &r), 0);
  v = field(&r.result, "s");
  CHECK(v && v->tag == V_TEXT && v->n == 6 && memcmp(v->u.s, "a\0bccc", 6) == 0);
  /* facts handed back are copied: keys sorted, null where the hook saw nil */
  CHECK_EQ_INT(run(HOOK("return {child = facts.child, tasks = facts.work.tasks, d = decision}"), &a, &r), 0);
  CHECK_EQ_STR(keys_of(field(&r.result, "child"), buf, sizeof buf), "age,dob,name,sex");
  CHECK(is_text(field(field(&r.result, "child"), "name"), "Arta"));
  v = field(&r.result, "tasks");
  CHECK(v && v->tag == V_LIST && v->n == 2 && is_text(&v->u.items[1], "selling"));
  CHECK_EQ_STR(keys_of(field(&r.result, "d"), buf, sizeof buf), "level,next_actions,score");
  CHECK(field(field(&r.result, "d"), "score") && field(field(&r.result, "d"), "score")->tag == V_NULL);
  /* next works on the read-only tables, in the facts' order */
  CHECK_EQ_INT(run(HOOK("local k1 = next(facts)\n"
                        "local k2 = next(facts, k1)\n"
                        "local k3 = next(facts, k2)\n"
                        "local i, t = next(facts.work.tasks)\n"
                        "return {k1 = k1, k2 = k2, k3 = k3 == nil, i = i, t = t, n = #facts,\n"
                        "        e = next(decision.next_actions, 1) == nil}"), &a, &r), 0);
  CHECK(is_text(field(&r.result, "k1"), "child") && is_text(field(&r.result, "k2"), "work"));
  CHECK(v_true(*field(&r.result, "k3")) && v_true(*field(&r.result, "e")));
  CHECK(is_int(field(&r.result, "i"), 1) && is_text(field(&r.result, "t"), "carrying"));
  CHECK(is_int(field(&r.result, "n"), 0));
  /* the replaced library functions still do their job */
  CHECK_EQ_INT(run(HOOK("local t = table.move({1, 2, 3}, 1, 3, 2)\n"
                        "return {rep = string.rep('ab', 3, ','), e = ('x'):rep(0),\n"
                        "        huge = #string.rep('', 1 << 62), t = t,\n"
                        "        p = print('quiet') == nil}"), &a, &r), 0);
  CHECK(is_text(field(&r.result, "rep"), "ab,ab,ab") && is_text(field(&r.result, "e"), ""));
  CHECK(is_int(field(&r.result, "huge"), 0));
  v = field(&r.result, "t");
  CHECK(v && v->tag == V_LIST && v->n == 4 && is_int(&v->u.items[0], 1) && is_int(&v->u.items[3], 3));
  /* a caught memory error is the hook's business: the cap held */
  CHECK_EQ_INT(run(HOOK("local ok, e = pcall(string.rep, 'x', 1 << 30)\n"
                        "return {ok = ok, e = e}"), &a, &r), 0);
  CHECK(field(&r.result, "ok") && v_false(*field(&r.result, "ok")));
  CHECK(is_text(field(&r.result, "e"), "not enough memory"));
  arena_free(&a);
}

/* Object keys come out sorted whatever Lua's (per-state seeded) hash order. */
static void test_determinism(void) {
  static const char src[] = HOOK(
    "local t = {zeta = 1, alpha = 2, mid = {b = 1, a = 2, c = {z = 0, y = 0}}, Z = 3, [''] = 4}\n"
    "for i = 1, 50 do t['k' .. (i * 7919 % 101)] = i end\n"
    "return t");
  char first[2048], buf[2048], inner[64];
  Arena a;
  HookRun r;
  arena_init(&a);
  CHECK_EQ_INT(run(src, &a, &r), 0);
  snprintf(first, sizeof first, "%s", keys_of(&r.result, buf, sizeof buf));
  CHECK(r.result.tag == V_OBJ && r.result.u.obj->n == 55);
  for (int i = 1; r.result.tag == V_OBJ && i < r.result.u.obj->n; i++)
    CHECK(strcmp(r.result.u.obj->keys[i - 1], r.result.u.obj->keys[i]) < 0);
  CHECK(strncmp(first, ",Z,alpha,k100,k12,k15,", 22) == 0);
  CHECK(strlen(first) > 9 && strcmp(first + strlen(first) - 9, ",mid,zeta") == 0);
  CHECK_EQ_STR(keys_of(field(&r.result, "mid"), inner, sizeof inner), "a,b,c");
  CHECK_EQ_STR(keys_of(field(field(&r.result, "mid"), "c"), inner, sizeof inner), "y,z");
  for (int i = 0; i < 10; i++) {
    arena_reset(&a);
    CHECK_EQ_INT(run(src, &a, &r), 0);
    CHECK_EQ_STR(keys_of(&r.result, buf, sizeof buf), first);
  }
  arena_free(&a);
}

/* A precompiled chunk of "return function(f, d) return {} end" (luac 5.4,
** stripped): refused as a hook's source, although it would run. */
static const unsigned char binary_chunk[] = {
  0x1b, 0x4c, 0x75, 0x61, 0x54, 0x00, 0x19, 0x93, 0x0d, 0x0a, 0x1a, 0x0a,
  0x04, 0x08, 0x08, 0x78, 0x56, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x28, 0x77, 0x40, 0x01, 0x80, 0x80, 0x80, 0x00,
  0x01, 0x02, 0x84, 0x51, 0x00, 0x00, 0x00, 0x4f, 0x00, 0x00, 0x00, 0x46,
  0x00, 0x02, 0x01, 0x46, 0x00, 0x01, 0x01, 0x80, 0x81, 0x01, 0x00, 0x00,
  0x81, 0x80, 0x81, 0x81, 0x02, 0x00, 0x03, 0x84, 0x13, 0x01, 0x00, 0x00,
  0x52, 0x00, 0x00, 0x00, 0x48, 0x01, 0x02, 0x00, 0x47, 0x01, 0x01, 0x00,
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

static void test_escape(void) {
  Arena a;
  arena_init(&a);
  CHECK_HOSTILE(HOOK("local f = io.open('/etc/passwd')\nreturn {}"),
                CHUNK ":2: attempt to index a nil value (global 'io')");
  CHECK_HOSTILE(HOOK("os.execute('touch /tmp/rregull-pwned')\nreturn {}"),
                CHUNK ":2: attempt to index a nil value (global 'os')");
  CHECK_HOSTILE(HOOK("local os = require('os')\nreturn {}"),
                CHUNK ":2: attempt to call a nil value (global 'require')");
  CHECK_HOSTILE(HOOK("return load('return {}')()"),
                CHUNK ":2: attempt to call a nil value (global 'load')");
  CHECK_HOSTILE(HOOK("local b = string.dump(function() return {} end)\nreturn {}"),
                CHUNK ":2: attempt to call a nil value (field 'dump')");
  CHECK_HOSTILE(HOOK("return loadfile('/etc/passwd')"),
                CHUNK ":2: attempt to call a nil value (global 'loadfile')");
  CHECK_HOSTILE(HOOK("return dofile('/etc/passwd')"),
                CHUNK ":2: attempt to call a nil value (global 'dofile')");
  CHECK_HOSTILE(HOOK("collectgarbage('stop')\nreturn {}"),
                CHUNK ":2: attempt to call a nil value (global 'collectgarbage')");
  CHECK_HOSTILE(HOOK("local t = debug.getregistry()\nreturn {}"),
                CHUNK ":2: attempt to index a nil value (global 'debug')");
  CHECK_HOSTILE(HOOK("return package.loaded"),
                CHUNK ":2: attempt to index a nil value (global 'package')");
  CHECK_HOSTILE(HOOK("return coroutine.wrap(function() end)"),
                CHUNK ":2: attempt to index a nil value (global 'coroutine')");
  /* the precompiled chunk, given as the hook itself */
  {
    HookRun b;
    memset(&b, 0, sizeof b);
    CHECK_EQ_INT(hook_run(CHUNK, (const char *)binary_chunk, sizeof binary_chunk, facts, decision,
                          &defaults, &a, &b), -1);
    CHECK_EQ_STR(b.err, CHUNK ": attempt to load a binary chunk (mode is 't')");
    CHECK(b.result.tag == V_UNKNOWN);
    CHECK_GOOD();
  }
  arena_free(&a);
}

static void test_limits(void) {
  /* room for Lua's own stack overflow; a wall-clock limit far above the
  ** work, so a loaded machine cannot make the time limit trip first */
  static const HookLimits roomy = {50000000, (size_t)96 << 20, 60000};
  Arena a;
  HookRun r;
  CHECK_HOSTILE(HOOK("local s = string.rep('x', 1 << 30)\nreturn {#s}"),
                "memory cap of 8388608 bytes exceeded");
  CHECK_HOSTILE(HOOK("local t = {}\nfor i = 1, 1e9 do t[i] = {i} end\nreturn {}"),
                "memory cap of 8388608 bytes exceeded");
  CHECK_HOSTILE(HOOK("while true do end"), "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("while true do pcall(function() while true do end end) end"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("local ok, e = pcall(function() while true do end end)\n"
                     "return {ok = ok, e = e}"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("while true do xpcall(function() while true do end end,\n"
                     "  function(m) while true do end end) end"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("table.move({}, 1, 1 << 62, 1)\nreturn {}"),
                "instruction budget of 1000000 exceeded");
  /* deep recursion: under the default cap the stack's memory runs out first;
  ** with room, Lua's own stack overflow */
  CHECK_HOSTILE(HOOK("local function f(n) return 1 + f(n + 1) end\nreturn {f(1)}"),
                "memory cap of 8388608 bytes exceeded");
  CHECK_HOSTILE_LIM(HOOK("local function f(n) return 1 + f(n + 1) end\nreturn {f(1)}"), &roomy,
                    CHUNK ":2: stack overflow");
  /* recursion through C: string.gsub calling back into Lua */
  CHECK_HOSTILE(HOOK("local function f(s) return (string.gsub(s, '.', f)) end\nreturn {f('x')}"),
                "C stack overflow");
  CHECK_HOSTILE(HOOK("local t = {}\nt = setmetatable(t, {__gc = function() while true do end end})"),
                CHUNK ":3: attempt to call a nil value (global 'setmetatable')");
  /* accounting: a small loop */
  arena_init(&a);
  CHECK_EQ_INT(run(HOOK("local s = 0\nfor i = 1, 100 do s = s + i end\nreturn {s = s}"), &a, &r), 0);
  CHECK(is_int(field(&r.result, "s"), 5050));
  CHECK(r.instructions > 180 && r.instructions < 220);  /* FORLOOP and ADD, 100 times */
  CHECK(r.memoryPeak > 0 && r.memoryPeak <= ((size_t)8 << 20));
  /* the budget is exact to within the count hook: 200 instructions fail a
  ** budget of 100 and pass one of 1000 */
  {
    static const char loop[] = HOOK("local s = 0\nfor i = 1, 50 do s = s + i end\nreturn {s = s}");
    HookLimits tight = {100, (size_t)8 << 20, 0}, loose = {1000, (size_t)8 << 20, 0};
    CHECK_EQ_INT(run_lim(loop, &tight, &a, &r), -1);
    CHECK_EQ_STR(r.err, "instruction budget of 100 exceeded");
    CHECK(r.instructions > 100 && r.instructions < 110);
    CHECK_EQ_INT(run_lim(loop, &loose, &a, &r), 0);
    CHECK(r.instructions > 90 && r.instructions <= 110);
  }
  /* the cap counts the state itself: a tiny one fails cleanly */
  {
    HookLimits tiny = {1000, 4096, 0};
    CHECK_EQ_INT(run_lim(good_hook, &tiny, &a, &r), -1);
    CHECK_EQ_STR(r.err, "memory cap of 4096 bytes exceeded");
    CHECK(r.memoryPeak <= 4096);
  }
  arena_free(&a);
  CHECK_GOOD();
}

static void test_read_only(void) {
  Arena a;
  HookRun r;
  CHECK_HOSTILE(HOOK("facts.child.sex = 'x'\nreturn {}"),
                CHUNK ":2: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("facts.new = 1\nreturn {}"),
                CHUNK ":2: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("local t = decision.next_actions\nt[1].id = 'B'\nreturn {}"),
                CHUNK ":3: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("table.insert(decision.next_actions, {id = 'Z'})\nreturn {}"),
                CHUNK ":2: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("table.remove(facts.work.tasks)\nreturn {}"),
                CHUNK ":2: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("table.sort(facts.work.tasks, function(a, b) return a > b end)\nreturn {}"),
                CHUNK ":2: facts and the decision are read-only");
  CHECK_HOSTILE(HOOK("rawset(facts, 'a', 1)\nreturn {}"),
                CHUNK ":2: attempt to call a nil value (global 'rawset')");
  CHECK_HOSTILE(HOOK("setmetatable(facts, nil)\nreturn {}"),
                CHUNK ":2: attempt to call a nil value (global 'setmetatable')");
  CHECK_HOSTILE(HOOK("local mt = getmetatable(facts)\nmt.__newindex = nil\nreturn {}"),
                CHUNK ":3: attempt to index a string value (local 'mt')");
  CHECK_HOSTILE(HOOK("local t = getmetatable(facts).__index\nt.child = 1\nreturn {}"),
                CHUNK ":3: attempt to index a nil value (local 't')");
  /* what the hook can see of the read-only tables: nothing to write through */
  arena_init(&a);
  CHECK_EQ_INT(run(HOOK("local f, s = pairs(facts)\n"
                        "local n = 0\n"
                        "for k, v in f, s do n = n + 1 end\n"
                        "return {mt = getmetatable(facts), same = rawequal(s, facts),\n"
                        "        raw = rawget(facts, 'child') == nil, len = rawlen(facts), n = n}"), &a, &r), 0);
  CHECK(is_text(field(&r.result, "mt"), "read-only"));
  CHECK(field(&r.result, "same") && v_true(*field(&r.result, "same")));
  CHECK(field(&r.result, "raw") && v_true(*field(&r.result, "raw")));
  CHECK(is_int(field(&r.result, "len"), 0) && is_int(field(&r.result, "n"), 2));
  arena_free(&a);
}

static void test_bad_results(void) {
  CHECK_HOSTILE(HOOK("return {actions = {{id = 'a'}, function() end}}"),
                "hook returned a function at result.actions[2]");
  CHECK_HOSTILE(HOOK("return nil"), "hook must return a table, got nil");
  CHECK_HOSTILE(HOOK("return 'done'"), "hook must return a table, got string");
  CHECK_HOSTILE(HOOK("return {1, 2, x = 3}"),
                "hook returned a table with both list and string keys at result");
  CHECK_HOSTILE(HOOK("return {a = {[1] = 1, [3] = 3}}"),
                "hook returned a table whose integer keys are not 1..n (a list with holes?) at result.a");
  CHECK_HOSTILE(HOOK("return {['a b'] = {[true] = 1}}"),
                "hook returned a table with a boolean key at result[\"a b\"]");
  CHECK_HOSTILE(HOOK("return {x = {[1.5] = 1}}"),
                "hook returned a table with a non-integer number key at result.x");
  CHECK_HOSTILE(HOOK("return {x = 0/0}"), "hook returned a non-finite number at result.x");
  CHECK_HOSTILE(HOOK("local t = {}\nt.self = t\nreturn t"),
                "hook returned tables nested deeper than 16 at "
                "result.self.self.self.self.self.self.self.self.self.self.self.self.self.self.self.self");
  CHECK_HOSTILE(HOOK("local t = {}\nfor i = 1, 10001 do t[i] = i end\nreturn {t = t}"),
                "hook returned more than 10000 values");
  CHECK_HOSTILE("return 42", "hook chunk must return a function, got number");
  CHECK_HOSTILE("return function(f, d)\n  local x = = 1\nend\n",
                CHUNK ":2: unexpected symbol near '='");
  CHECK_HOSTILE(HOOK("error('boom')"), CHUNK ":2: boom");
  CHECK_HOSTILE(HOOK("local x\nreturn {x.y}"), CHUNK ":3: attempt to index a nil value (local 'x')");
  CHECK_HOSTILE(HOOK("error({code = 1})"), "(error object is a table value)");
  CHECK_HOSTILE(HOOK("error('multi\\nline', 0)"), "multi line");
  {
    char deep[2200];
    size_t n = 0;
    n += (size_t)snprintf(deep + n, sizeof deep - n, "return function() return {");
    for (int i = 0; i < 1000; i++) deep[n++] = '(';
    deep[n++] = '1';
    for (int i = 0; i < 1000; i++) deep[n++] = ')';
    snprintf(deep + n, sizeof deep - n, "} end");
    CHECK_HOSTILE(deep, CHUNK ": C stack overflow");
  }
}


/* Work a count of instructions does not see: C functions over long text or
** big tables, charged before they run; memory made, charged; and, for what
** is still one instruction (comparing two long strings), a deadline. */
static void test_work(void) {
  static const HookLimits decide = {1000000, (size_t)16 << 20, 0};      /* decide.c's */
  static const HookLimits quick = {1000000, (size_t)16 << 20, 200};
  /* each of these ran for a minute while counting a few thousand instructions */
  CHECK_HOSTILE_LIM(HOOK("for i = 1, 2000 do local s = string.rep('x', 6e6) end\nreturn {}"), &decide,
                    "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE_LIM(HOOK("local s = string.rep('a', 5e6)\nfor i = 1, 2000 do utf8.len(s) end\nreturn {}"),
                    &decide, "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE_LIM(HOOK("local s = string.rep('a', 3e6)\nfor i = 1, 2000 do s:upper() end\nreturn {}"),
                    &decide, "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("local s = string.rep('x', 1e6)\nfor i = 1, 1e9 do local t = s .. 'y' end\nreturn {}"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("local t = {}\nfor i = 1, 2e5 do t[i] = i end\n"
                     "for i = 1, 1e9 do table.insert(t, 1, i) table.remove(t, 1) end\nreturn {}"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE(HOOK("local t = {}\nfor i = 1, 1e5 do t[i] = 'x' end\n"
                     "for i = 1, 1e9 do local s = table.concat(t) end\nreturn {}"),
                "instruction budget of 1000000 exceeded");
  CHECK_HOSTILE_LIM(HOOK("local a, b = string.rep('x', 3e6), string.rep('x', 3e6)\n"
                         "for i = 1, 1e9 do if a == b then end end\nreturn {}"),
                    &quick, "time limit of 200 ms exceeded");
  CHECK_HOSTILE_LIM(HOOK("local a, b = string.rep('x', 3e6), string.rep('x', 3e6)\n"
                         "while true do pcall(function() while true do local c = a < b end end) end"),
                    &quick, "time limit of 200 ms exceeded");
}

/* A hook's result is the same on every run: no addresses, keys visited in
** a fixed order (Lua seeds its string hashes anew for every state), a
** stable sort (Lua picks pivots at random); and its text is bounded. */
static void test_fixed_order(void) {
  Arena a;
  HookRun r;
  arena_init(&a);
  CHECK_HOSTILE(HOOK("return {tostring({})}"),
                CHUNK ":2: tostring of a table is its address, which differs from run to run: a hook cannot use it");
  CHECK_HOSTILE(HOOK("return {tostring(facts.child)}"),
                CHUNK ":2: tostring of a table is its address, which differs from run to run: a hook cannot use it");
  CHECK_HOSTILE(HOOK("return {string.format('%5p', {})}"),
                CHUNK ":2: string.format('%p') gives an address, which differs from run to run: a hook cannot use it");
  CHECK_HOSTILE(HOOK("return {string.format('%s', print)}"),
                CHUNK ":2: string.format of a function gives its address, which differs from run to run: a hook "
                "cannot use it");
  CHECK_EQ_INT(run(HOOK("return {string.format('%d%% %s %5.1f', 3, 'x', 2.5), tostring(12), tostring(nil)}"),
                   &a, &r), 0);
  CHECK(r.result.tag == V_LIST && r.result.n == 3 && is_text(&r.result.u.items[0], "3% x   2.5") &&
        is_text(&r.result.u.items[1], "12") && is_text(&r.result.u.items[2], "nil"));
  static const char keys[] = HOOK(
      "local t = {}\nfor i = 1, 12 do t['k' .. i] = i end\nt[3] = 1\nt[1.5] = 1\nt[-2] = 1\nt[true] = 1\n"
      "local ks = {}\nfor k in pairs(t) do ks[#ks + 1] = tostring(k) end\n"
      "local ns, k = {}, next(t)\nwhile k ~= nil do ns[#ns + 1] = tostring(k) k = next(t, k) end\n"
      "return {table.concat(ks, ','), table.concat(ns, ',')}");
  static const char want[] = "-2,1.5,3,k1,k10,k11,k12,k2,k3,k4,k5,k6,k7,k8,k9,true";
  for (int round = 0; round < 3; round++) {      /* a new state, a new hash seed, each time */
    CHECK_EQ_INT(run(keys, &a, &r), 0);
    CHECK(r.result.tag == V_LIST && r.result.n == 2);
    if (r.result.tag == V_LIST && r.result.n == 2) {
      CHECK(is_text(&r.result.u.items[0], want));
      CHECK(is_text(&r.result.u.items[1], want));
    }
  }
  CHECK_HOSTILE(HOOK("local t = {[{}] = 1}\nfor k in pairs(t) do end\nreturn {}"),
                CHUNK ":3: a table with table keys has no fixed order to visit: use numbers or strings as keys");
  /* table.sort: stable, on more than a hundred items (where Lua's pivot is random) */
  CHECK_EQ_INT(run(HOOK("local t = {}\nfor i = 1, 300 do t[i] = {k = i % 3, v = i} end\n"
                        "table.sort(t, function(a, b) return a.k < b.k end)\n"
                        "local ok = true\nfor i = 2, 300 do\n"
                        "  if t[i].k == t[i - 1].k and t[i].v < t[i - 1].v then ok = false end\n"
                        "  if t[i].k < t[i - 1].k then ok = false end\nend\n"
                        "local n = {5, 3, 9, 1}\ntable.sort(n)\n"
                        "return {ok, table.concat(n, ',')}"), &a, &r), 0);
  CHECK(r.result.tag == V_LIST && r.result.n == 2 && v_true(r.result.u.items[0]) &&
        is_text(&r.result.u.items[1], "1,3,5,9"));
  CHECK_HOSTILE(HOOK("return {string.rep('x', 70000)}"), "hook returned more than 65536 bytes of text (at result[1])");
  arena_free(&a);
  CHECK_GOOD();
}

int main(void) {
  alarm(120);            /* a hostile hook that got through hangs: fail, do not wait */
  arena_init(&arena);
  make_inputs();
  test_good();
  test_values();
  test_determinism();
  test_escape();
  test_limits();
  test_read_only();
  test_bad_results();
  test_work();
  test_fixed_order();
  arena_free(&arena);
  return unit_done("test_hooks");
}
