/*
** translit.h - Serbian Latin to Serbian Cyrillic (translit.c, with ICU).
*/
#ifndef RR_TRANSLIT_H
#define RR_TRANSLIT_H

#include "arena.h"

/* Z (UTF-8, Serbian in Latin script) in Cyrillic, allocated in A; the
** {placeholders} of a template are kept as they are.  Z itself when ICU
** fails or memory runs out.  *CACHE (NULL at first) keeps the compiled
** transliterator between calls: free it with translit_close. */
const char *translit_to_cyrillic(void **cache, Arena *a, const char *z);
void translit_close(void *cache);

#endif
