/*
** json.h - case input and decision output in JSON, and any JSON text as a
** read-only tree.  This module is the only one that uses yajl.
*/
#ifndef RR_JSON_H
#define RR_JSON_H

#include <stdint.h>
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

/* A JSON text as a read-only tree whose nodes and texts live in an arena. */
enum { JT_NULL, JT_FALSE, JT_TRUE, JT_INT, JT_REAL, JT_STRING, JT_ARRAY, JT_OBJECT };
typedef struct JtNode JtNode;
struct JtNode {
  const char *zKey;       /* in an object: the member's key (NUL-terminated); else NULL */
  uint32_t nKey;          /* its bytes (a key may hold \u0000) */
  uint8_t kind;           /* JT_* */
  uint32_t n;             /* a string's bytes; a list's or an object's members */
  union {
    int64_t i;            /* JT_INT */
    double d;             /* JT_REAL */
    const char *z;        /* JT_STRING, NUL-terminated */
    const JtNode *a;      /* JT_ARRAY, JT_OBJECT: the N members in order */
  } u;
};

/* Where and why a text is not JSON, in jansson's words (the messages users
** have seen): LINE from 1, COLUMN the characters of that line up to the
** end of the offending token, POSITION the bytes up to it; TEXT "string or
** '}' expected near '}'". */
typedef struct JtError {
  int line, column;
  size_t position;
  int oom;
  char text[200];
} JtError;

enum {
  JT_ANY = 1,             /* any value at the top, not only an object or a list */
  JT_NO_DUPLICATES = 2,   /* a key twice in an object is an error */
  JT_NUL_OK = 4           /* \u0000 allowed in strings */
};

/* TEXT (N bytes) parsed into a tree in A (nesting at most 2048 deep); NULL
** with ERR filled when it is not JSON or memory ran out (ERR->oom). */
const JtNode *jt_parse(Arena *a, const char *text, size_t n, int flags, JtError *err);
/* The member ZKEY of object O (the last one, when keys repeat), or NULL. */
const JtNode *jt_get(const JtNode *o, const char *zKey);
/* J's text when J is a string, else NULL. */
const char *jt_str(const JtNode *j);
/* "an object", "a list", "a string", "an integer", "a number", "a boolean", "null". */
const char *jt_kind_name(const JtNode *j);

/* A JSON value being built (the Primero adapter's answers), in an arena:
** objects keep their keys' order, setting a key again replaces its value.
** The constructors return NULL when memory ran out (or Z is NULL); jb_set
** and jb_append then return -1. */
typedef struct JbNode JbNode;
JbNode *jb_object(Arena *a);
JbNode *jb_array(Arena *a);
JbNode *jb_string(Arena *a, const char *z);   /* a copy of Z */
JbNode *jb_int(Arena *a, int64_t i);
JbNode *jb_real(Arena *a, double d);
JbNode *jb_bool(Arena *a, int b);
JbNode *jb_null(Arena *a);
int jb_set(Arena *a, JbNode *o, const char *zKey, JbNode *v);
int jb_append(JbNode *list, JbNode *v);
JbNode *jb_get(const JbNode *o, const char *zKey);
uint32_t jb_size(const JbNode *j);                /* members of a list or object */
const JbNode *jb_first(const JbNode *j);          /* a list's first member, or NULL */
const JbNode *jb_next(const JbNode *j);           /* the member after J, or NULL */
const char *jb_str(const JbNode *j);              /* a string's text, else NULL */
int jb_kind(const JbNode *j);                     /* JT_*, or -1 for NULL */
/* Whether the parsed T holds the same value as B (jansson's json_equal). */
int jb_equal(const JtNode *t, const JbNode *b);
/* J as text, malloc'd: jansson's JSON_COMPACT or JSON_INDENT(2) (PRETTY)
** dump with JSON_PRESERVE_ORDER, reals with 17 digits; NULL when out of memory. */
char *jb_to_text(const JbNode *j, int pretty);

/* Compact JSON text of J appended to a malloc'd buffer; the same bytes as
** jansson's JSON_COMPACT dump (reals with 17 significant digits).
** Returns NULL when out of memory. */
char *jt_to_text(const JtNode *j);

#endif
