/*
** versions.h - warnings about the versions of rules and tables: gaps between
** consecutive versions, titles that state a number the condition no longer
** uses, amendments without a citation of their own (versions.c).
*/
#ifndef RR_VERSIONS_H
#define RR_VERSIONS_H

#include "program.h"

/* Adds the warnings about the versions in P (already checked without error)
** to D; returns their number. */
int versions_lint(const Program *p, Diag *d);

#endif
