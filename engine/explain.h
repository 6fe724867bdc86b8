/*
** explain.h - a decision in plain text for a case worker (rregull explain).
*/
#ifndef RR_EXPLAIN_H
#define RR_EXPLAIN_H

#include <stdio.h>

#include "eval.h"

/* Writes the explanation of the case E has just evaluated to OUT, rendering
** in arena A.  Returns 0, or -1 when rendering failed (out of memory). */
int explain_case(Eval *e, Arena *a, FILE *out);
/* The same, each citation followed by the lines it cites, read from the
** source's file in directory QUOTEDIR (the seeds: 'source SOP "..." file "x.txt"'). */
int explain_case_quoting(Eval *e, Arena *a, FILE *out, const char *zQuoteDir);

#endif
