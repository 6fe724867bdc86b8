/*
** lint.h - warnings about a checked rule set (tables that overlap, leave
** values out or have rows that never apply; rules read outside their
** period; unused lets and functions).
*/
#ifndef RR_LINT_H
#define RR_LINT_H

#include "program.h"

/* Adds the warnings about P (already checked without error) to D; returns
** their number. */
int lint_program(const Program *p, Diag *d);

#endif
