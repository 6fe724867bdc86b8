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
** expected a number, got a string" (-2 and "out of memory" when memory ran
** out; the same for the functions below).  Keys other than id, as_of and facts are
** ignored at the top level; inside facts, every key must be declared. */
int json_read_case(const Program *p, const char *text, size_t n, CaseInput *out,
                   char *err, size_t errLen);

/* The same, without hiding events after as_of, and keeping each fact as
** given in ALEAF (one per fact slot; texts live in OUT's arena): scalars as
** themselves, lists and records as compact JSON, absent or null as RF_NULL. */
int json_read_case_leaves(const Program *p, const char *text, size_t n, CaseInput *out,
                          RawFact *aLeaf, char *err, size_t errLen);

/* Starts an empty case in OUT (every fact unknown) for facts read one by one
** with json_read_fact.  Returns 0, or -1 when out of memory. */
int json_begin_case(const Program *p, CaseInput *out, const char *zId, RrInstant asOf);
/* Reads one stored fact into OUT's slot SLOT, checked against its declared
** type (a list or a record is JSON text); on failure -1 and a message
** naming the fact: "facts.work.loads[0].kg: expected a number, ...". */
int json_read_fact(const Program *p, int slot, const RawFact *f, CaseInput *out, char *err, size_t errLen);

/* Writes V as JSON to OUT: pretty (two-space indent) or one line.  Returns 0,
** or -1 if V could not be converted (out of memory). */
int json_write(Eval *e, Value v, FILE *out, int pretty);

/* The same, into a malloc'd string the caller frees. */
char *json_to_string(Eval *e, Value v, int pretty);

/* Entries [I0, I1) of P's working calendar as a JSON list, one object a
** line: {"date", "name", "status", "substitute_for"} (substitute_for is
** null for a day off in its own right).  Returns 0, or -1 when out of memory
** or the write fails. */
int json_write_calendar(const Program *p, int i0, int i1, FILE *out);

/* TEXT (N bytes of JSON, a decision) as its leaves, one a line in document
** order: "PATH<TAB>VALUE", PATH the keys from the top ("risk.level"), VALUE
** compact JSON.  A list's elements are named by their "id" (or "rule_id")
** when every element has a distinct one ("deadlines[DL-X].status"); a list
** of scalars gives each as "path[]"; other lists number them ("[0]").  Empty
** lists and objects give no line.  Malloc'd; NULL with a message in ERR. */
char *json_leaves(const char *text, size_t n, char *err, size_t errLen);
/* Any JSON text as values in A (objects keep their keys' order; strings as
** text, whatever they hold).  Returns 0; -1 when TEXT is not JSON, -2 when
** memory ran out. */
int json_parse_any(Arena *a, const char *text, size_t n, Value *out);

#endif
