/*
** value.c - the built-in types and the names of units.
*/
#include "value.h"

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
