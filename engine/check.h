/*
** check.h - the checker: declarations in, a checked Program out.
*/
#ifndef RR_CHECK_H
#define RR_CHECK_H

#include "parse.h"
#include "program.h"

/* Checks DECLS (parsed into P's arena) and fills P.  Errors and warnings go
** to DIAG.  Returns the number of errors; P is usable only when it is 0. */
int check_program(Program *p, Diag *diag, Decl *decls);

/* Describes a type for messages ("number in kg", "list of Shift"). */
void check_type_str(const Program *p, const Type *t, char *buf, size_t n);

#endif
