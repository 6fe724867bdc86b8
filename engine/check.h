/*
** check.h - the checker: declarations in, a checked Program out.  Its
** phases and files are described in checkint.h, which only they include.
*/
#ifndef RR_CHECK_H
#define RR_CHECK_H

#include "parse.h"
#include "program.h"

/* Checks DECLS and fills P from them.  DECLS are the declarations of every
** file of a rule set in the order they were read (the national files, then
** from P->iFirstOverlayFile on an overlay's, if any), parsed into P's arena
** and annotated in place: their nodes become P's, every name resolved to a
** slot, every expression typed; P also gets its rules, facts, functions,
** tests, calendar and evaluation order.  Every error goes to DIAG with its
** place (the calendar may add warnings; lint.c adds the rest).  Returns the
** number of errors: P may be evaluated only when it is 0.  Out of memory,
** DIAG's oom flag is set and an error is counted. */
int check_program(Program *p, Diag *diag, Decl *decls);

/* Describes a type for messages ("number in kg", "list of Shift"). */
void check_type_str(const Program *p, const Type *t, char *buf, size_t n);

#endif
