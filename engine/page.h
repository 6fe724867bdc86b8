/*
** page.h - the printable case page (page.c): one HTML document from a
** decision given as JSON.
*/
#ifndef RR_PAGE_H
#define RR_PAGE_H

#include <stddef.h>

/* The page of DECISION (JSON text of N bytes) in *HTML (malloc'd).  Returns
** 0; -1 when DECISION is not a JSON object; -2 when memory ran out. */
int page_html(const char *decision, size_t n, char **html);

#endif
