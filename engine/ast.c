/*
** ast.c - names of operators and rule constructs, for messages and dumps.
*/
#include "ast.h"

#include <string.h>

static const char *const op_names[N__COUNT] = {   /* ORDER OPS */
  "bool", "int", "number", "string", "interpolation", "date", "date-time", "time",
  "duration", "null",
  "name", "rule name", "field", "index", "call",
  "fact", "variable", "rule", "enum", "as_of", "case_id", "getfield", "rule attribute", "table", "builtin",
  "fn call",
  "not", "-",
  "and", "or",
  "==", "!=", "<", "<=", ">", ">=",
  "+", "-", "*", "/",
  "in", "not in", "has any", "has all",
  "..", "??",
  "is known", "is not known", "is true", "is not true",
  "if",
  "any", "all",
  "first", "last", "before", "after", "generator",
  "any <kind>", "fired <kind>",
  "set", "list", "object",
  "list comprehension", "object comprehension",
};

const char *op_name(int op) {
  return op >= 0 && op < N__COUNT ? op_names[op] : "?";
}

static const char *const kind_names[RK__COUNT] = {   /* ORDER KINDS */
  "let", "hazard", "wfcl", "definition", "interpretation", "convention", "advisory", "factor",
  "assistance", "deadline", "action", "reason", "precondition", "step", "finding",
  "discretionary", "table", "referral",
};

const char *kind_name(int rk) {
  return rk >= 0 && rk < RK__COUNT ? kind_names[rk] : "?";
}

int kind_lookup(const char *z, int n) {
  for (int i = 0; i < RK__COUNT; i++) {
    if ((int)strlen(kind_names[i]) == n && memcmp(kind_names[i], z, (size_t)n) == 0) return i;
  }
  return -1;
}
