/*
** embedded.h - library code written in the policy language (stdlib/NAME.rr),
** embedded in the binary by the Makefile (build/stdlib.c).
*/
#ifndef RR_EMBEDDED_H
#define RR_EMBEDDED_H

#include <stddef.h>

typedef struct StdlibFile {
  const char *zName;      /* "<stdlib>/prelude.rr" */
  const char *zText;
  size_t nText;
} StdlibFile;

extern const StdlibFile stdlib_files[];   /* ends with a zeroed entry */
/* The case store's schema migrations (stdlib/schema/NNN-name.sql), in order. */
extern const StdlibFile schema_files[];
/* The reports' definitions and headings (stdlib/reports/: *.sql, headings.tsv). */
extern const StdlibFile report_files[];

#endif
