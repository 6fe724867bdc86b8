/*
** po.h - a translation catalog read from a gettext PO file (po.c, with
** libgettextpo): entries by (msgctxt, msgid), their fuzzy (draft) flag.
*/
#ifndef RR_PO_H
#define RR_PO_H

#include "arena.h"
#include "strmap.h"

#define PO_MAX_PLURAL 4

typedef struct PoEntry {
  const char *zCtxt;        /* "" when none */
  const char *zMsgid;
  const char *zMsgstr;      /* "" when not translated; msgstr[0] of a plural entry */
  const char *azPlural[PO_MAX_PLURAL];
  int nPlural;
  int fuzzy;
  int line;                 /* in the PO file */
} PoEntry;

typedef struct PoCatalog {
  Arena a;                  /* owns everything below */
  const char *zPath;
  const char *zLang;        /* the header's Language, or the file's name */
  PoEntry *aEnt;
  int nEnt;
  StrMap byKey;             /* "ctxt\004msgid" -> entry */
  StrMap byCtxt;            /* ctxt -> its first entry */
} PoCatalog;

/* Reads the PO file PATH into C (initialised here).  Returns 0, or -1 with
** a message in ERR (NERR bytes): the file's name, line and libgettextpo's
** words.  Free C with po_free whatever the result. */
int  po_load(PoCatalog *c, const char *zPath, char *zErr, size_t nErr);
void po_free(PoCatalog *c);

/* The entry of (CTXT, MSGID) with a translation, or NULL. */
const PoEntry *po_find(const PoCatalog *c, const char *zCtxt, const char *zMsgid);
/* The first entry of context CTXT, when it has a translation, or NULL. */
const PoEntry *po_find_ctxt(const PoCatalog *c, const char *zCtxt);
/* Whether C has any entry with context CTXT (translated or not). */
int  po_has_ctxt(const PoCatalog *c, const char *zCtxt);

#endif
