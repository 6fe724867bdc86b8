/*
** pot.h - the PO template of a rule set (pot.c).
*/
#ifndef RR_POT_H
#define RR_POT_H

#include "ruleset.h"

/* The template of RS as text (malloc'd; NULL when memory ran out); A holds
** the walk's scratch. */
char *pot_write(const RuleSet *rs, Arena *a);

#endif
