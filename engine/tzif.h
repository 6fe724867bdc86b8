/*
** tzif.h - a zone's UTC offsets from its TZif file in the system tz
** database (tzif.c), without touching the process's TZ.
*/
#ifndef RR_TZIF_H
#define RR_TZIF_H

#include <stddef.h>
#include <stdint.h>

/* The offsets of zone NAME ("Europe/Belgrade", a file under $TZDIR or
** /usr/share/zoneinfo): *OFF0 the one in effect at FROM, then the *N
** changes in (FROM, TO], at (*AT)[i] to (*OFF)[i] seconds east of UTC
** (malloc'd, the caller frees them).  0, or -1 when NAME is not a zone of
** the database, its file is damaged, or memory ran out. */
int tzif_load(const char *name, int64_t from, int64_t to, int *off0, int64_t **at, int **off, size_t *n);

#endif
