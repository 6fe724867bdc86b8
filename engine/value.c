/*
** value.c - the built-in types, the names of units, and the value API:
** composite values built in an arena, objects read by key, enum members
** joined for messages (see value.h).
*/
#include "value.h"

#include <stdio.h>
#include <string.h>

const Type tyError = {T_ERROR, 0, 0, 0, 0, 0}, tyBool = {T_BOOL, 0, 0, 0, 0, 0}, tyInt = {T_INT, 0, 0, 0, 0, 0},
           tyNumber = {T_NUM, 0, 0, 0, 0, 0}, tyText = {T_TEXT, 0, 0, 0, 0, 0}, tyDate = {T_DATE, 0, 0, 0, 0, 0},
           tyInstant = {T_INSTANT, 0, 0, 0, 0, 0}, tyTime = {T_TIME, 0, 0, 0, 0, 0},
           tyRange = {T_RANGE, 0, 0, 0, 0, 0}, tyDur = {T_DUR, 0, 0, 0, 0, 0}, tyRule = {T_RULE, 0, 0, 0, 0, -1},
           tyJson = {T_JSON, 0, 0, 0, 0, 0}, tyNull = {T_NULL, 0, 0, 0, 0, 0};

static const char *const unit_names[U__COUNT] = {"", "kg", "m"};   /* ORDER UNITS */

static const char *const durunit_names[DU__COUNT] = {              /* ORDER DURUNITS */
  "minutes", "hours", "days", "weeks", "months", "years", "working days"
};

const char *unit_name(int unit) {
  return unit >= 0 && unit < U__COUNT ? unit_names[unit] : "?";
}

int unit_lookup(const char *z, int n) {
  for (int u = 1; u < U__COUNT; u++) {
    if ((int)strlen(unit_names[u]) == n && memcmp(unit_names[u], z, (size_t)n) == 0) return u;
  }
  return -1;
}

const char *durunit_name(int du) {
  return du >= 0 && du < DU__COUNT ? durunit_names[du] : "?";
}

/* "hour" and "hours" are both accepted; "working" must precede "days". */
int durunit_lookup(const char *z, int n, int working) {
  if (working) return (n == 4 && memcmp(z, "days", 4) == 0) || (n == 3 && memcmp(z, "day", 3) == 0)
                          ? DU_WORKDAYS : -1;
  for (int u = 0; u < DU_WORKDAYS; u++) {
    int len = (int)strlen(durunit_names[u]);
    if ((n == len || n == len - 1) && memcmp(durunit_names[u], z, (size_t)n) == 0) return u;
  }
  return -1;
}

/* {==== values ============================================================= */

Value obj_get(Value o, const char *key) {
  if (o.tag != V_OBJ) return v_unknown();
  for (int i = 0; i < o.u.obj->n; i++) {
    if (strcmp(o.u.obj->keys[i], key) == 0) return o.u.obj->vals[i];
  }
  return v_unknown();
}

Value v_strdup(Arena *a, const char *z) {
  const char *c = z ? arena_strndup(a, z, strlen(z)) : NULL;
  return c ? v_text(c, (int)strlen(c)) : v_null();
}

int join_members(char *buf, size_t size, const char *const *azMember, int n) {
  size_t len = 0;
  int k = 0;
  buf[0] = 0;
  for (; k < n && len < size - 40; k++) {
    len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "", azMember[k]);
  }
  return k;
}

/* }==== */
