/*
** facts.h - the old name of store.h, for main.c until the command line goes
** through rregull.h alone (issue 12, item 5); then this file is deleted.
*/
#include "store.h"
