/*
** json.h - case input and decision output in JSON.  This module is the only
** one that uses jansson.
*/
#ifndef RR_JSON_H
#define RR_JSON_H

#include <stdio.h>

#include "eval.h"
#include "program.h"

/* One case as read from the contract's input: {"id", "as_of", "facts"}. */
typedef struct CaseInput {
  Arena arena;            /* owns the fact values; reset between cases */
  Value *facts;           /* one per fact slot */
  RrInstant asOf;
  const char *zId;        /* the "id" field, or NULL */
} CaseInput;

void case_init(CaseInput *c);
void case_free(CaseInput *c);

/* Parses TEXT (N bytes) as a case for P.  On failure returns -1 and writes a
** one-line message naming the JSON path into ERR: "facts.work.loads[0].kg:
** expected a number, got a string".  Keys other than id, as_of and facts are
** ignored at the top level; inside facts, every key must be declared. */
int json_read_case(const Program *p, const char *text, size_t n, CaseInput *out,
                   char *err, size_t errLen);

/* Writes V as JSON to OUT: pretty (two-space indent) or one line.  Returns 0,
** or -1 if V could not be converted (out of memory). */
int json_write(Eval *e, Value v, FILE *out, int pretty);

/* The same, into a malloc'd string the caller frees. */
char *json_to_string(Eval *e, Value v, int pretty);

#endif
