/*
** rrlimits.h - the bounds rregull puts on what it reads, in one place.
**
** Each has a clear error when it is reached (README.md, "Limits", lists them
** with their messages).  They keep hostile or careless input from running
** the process out of stack, memory or time: every recursive walk of an
** expression is bounded by RR_MAX_DEPTH, so the deepest stack a rule set can
** ask for is known.
*/
#ifndef RR_RRLIMITS_H
#define RR_RRLIMITS_H

/* ---- policy files ---- */
#define RR_MAX_FILE_BYTES   (16u << 20)  /* one policy or hook file */
#define RR_MAX_NAME         128          /* characters of a name or rule ID */
#define RR_MAX_NUMBER       40           /* characters of a number literal */
/* Levels of an expression tree: operators, brackets, calls, quantifiers.  A
** chain of 'and', 'or', '+' ... is one level per term (the tree is
** left-deep), and a function's levels count where it is called, so this
** also bounds the recursion of the checker, the linter and the evaluator. */
#define RR_MAX_DEPTH        1000

/* Parameters of a function, and so the arguments of a call to one. */
#define RR_MAX_PARAMS       16
/* Keys of a table: a lookup compares at most this many. */
#define RR_MAX_TABLE_KEYS   8

/* A duration added to a date or date-time: at most about a thousand years
** (a literal beyond is an error; a computed one gives unknown). */
#define RR_MAX_DURATION_DAYS 400000.0

/* ---- cases ---- */
#define RR_MAX_CASE_ID      128          /* bytes of a case's "id" */

/* ---- the case store ---- */
#define RR_MAX_FILTER       4096         /* bytes of a --where filter */
#define RR_MAX_FILTER_TERMS 256          /* comparisons and values in one filter */

#endif
