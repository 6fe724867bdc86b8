/*
** filter.h - the selection of cases for batch --where, cases --where and
** the library's 'where': a small condition language parsed here and turned
** into SQL from a fixed vocabulary, its values bound as parameters.  No
** text of the user's ever reaches SQL.
**
**   filter  := or
**   or      := and { OR and }
**   and     := not { AND not }
**   not     := NOT not | ( or ) | test
**   test    := field op value
**            | field [NOT] IN ( value {, value} )
**            | field [NOT] LIKE value          (% any text, _ one character)
**   field   := case_id | as_of | as_of_utc | created_at      (the cases table)
**   op      := = | == | != | <> | < | <= | > | >=
**   value   := 'text' | "text" | a number
**
** Words are case-insensitive; '' inside '...' is a quote.  Times are text:
** compare as_of_utc ('2025-03-05T09:00:00Z'), which sorts as time does.
*/
#ifndef RR_FILTER_H
#define RR_FILTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct FilterValue {
  int isText;             /* text (z, n), else a number: an integer (i) or not (d) */
  const char *z;
  int n;
  int isInt;
  int64_t i;
  double d;
} FilterValue;

typedef struct Filter {
  char *zSql;             /* the condition, with ?N placeholders from FIRSTPARAM on */
  char *zCanon;           /* the filter written out canonically: a batch's identity */
  FilterValue *aVal;      /* value i binds ?(FIRSTPARAM + i) */
  int nVal;
  char *zOwn;             /* storage of the texts */
} Filter;

/* Parses Z ("" or NULL: every case) into F, numbering placeholders from
** FIRSTPARAM.  Returns 0, or -1 with a one-line message in ERR (and F
** empty).  filter_free releases F either way. */
int  filter_parse(const char *z, int firstParam, Filter *f, char *err, size_t n);
void filter_free(Filter *f);

#endif
