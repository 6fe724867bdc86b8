/*
** suggest.h - "did you mean ...?": the nearest of several names.
*/
#ifndef RR_SUGGEST_H
#define RR_SUGGEST_H

/* Levenshtein distance of two short strings (99 when either is over 60). */
int suggest_distance(const char *a, const char *b);

/* The candidate nearest to Z within an edit distance of 2, or NULL.  The
** candidates are read through GET(i, ud) for i in [0, n). */
const char *suggest_nearest(const char *z, int n, const char *(*get)(int i, const void *ud),
                            const void *ud);

#endif
