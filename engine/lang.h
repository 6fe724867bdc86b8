/*
** lang.h - a language to show a decision in (lang.c): the translation of a
** rule set's texts from a PO catalog (po.h), built per evaluation state, and
** the engine's own words.  English is the language of the policy files and
** needs no catalog.  Serbian in Cyrillic is Serbian (Latin) transliterated
** (translit.c).  The PO contract is in i18n.h.
*/
#ifndef RR_LANG_H
#define RR_LANG_H

#include "decide.h"
#include "po.h"

/* The texts of a rule that have a translation (NULL: the rule's own). */
enum { LF_TITLE, LF_READING, LF_NOTE, LF_EVIDENCE, LF_RESPONSIBLE, LF_FROM, LF_DUE, LF_DONE, LF_INSTANCE, LF__COUNT };

typedef struct LangProg LangProg;

typedef struct Lang {
  char zCode[16];         /* "en", "sq", "sr", "sr-Cyrl" */
  const char *zName;      /* "English", "shqip", "srpski", "српски" */
  int cyrillic;
  void *translit;         /* the Cyrillic transliterator, once used */
  PoCatalog po;           /* empty for English */
  const Book *book;       /* whose programs' texts are translated */
  LangProg *aProg;        /* per program met (national, overlays), built when first used */
  int nProg;
  Arena a;                /* the translated texts and nodes */
  int nDraft;             /* fuzzy translations used since lang_reset_counts */
  int nMissing;           /* texts shown in English for want of a translation */
  int humane;             /* > 0 while texts are rendered for a person (explain, the decision's
                          ** "texts"): values, reasons and durations in the language's words */
  int *aRow;              /* the "ID|row" and "ID|value" entries by msgid, built when first used */
  int nRow, rowBuilt;
} Lang;

/* Opens language CODE for BOOK: reads DIR/po/CODE.po (sr for sr-Cyrl), DIR
** the directory of BOOK's first policy file.  "en" needs no file.  Returns 0,
** or -1 with a message in ERR: an unknown language, a PO file that does not
** read. */
int  lang_open(Lang *l, const Book *book, const char *zCode, char *zErr, size_t nErr);
/* The same without a rule set: the PO files in directory PODIR (for the
** reports over a store, report_lang.c); BOOK is NULL. */
int  lang_open_dir(Lang *l, const char *zPoDir, const char *zCode, char *zErr, size_t nErr);
void lang_close(Lang *l);
/* Whether CODE is a language (en, sq, sr, sr-Latn, sr-Cyrl). */
int  lang_known(const char *zCode);
/* The directory of the PO files of BOOK (malloc'd), or NULL. */
char *lang_po_dir(const Book *book);

/* A rule's text FIELD (LF_*) of rule version V in E's program: the
** translated node, or DFLT (NULL when the rule has none). */
Node *lang_rule_node(Eval *e, int v, int field, Node *dflt);
/* The same for a text held as a string (title, reading, note, responsible). */
const char *lang_rule_text(Eval *e, int v, int field, const char *dflt);
/* A label for an enum value, or a key of the decision: the translation, else
** the English derived from it (underscores as spaces).  CTXT "enum|Type" or
** "report". */
const char *lang_label(Eval *e, const char *zCtxt, const char *zValue);
/* The translation of entry PE of L's catalog, in L's script. */
const char *lang_label_of(Lang *l, const PoEntry *pe);
/* Z's translation under CTXT ("source|SOP"...), or Z. */
const char *lang_text(Eval *e, const char *zCtxt, const char *z);
/* Z's translation under CTXT in L, or NULL (English: no catalog); counts
** drafts and gaps as lang_text. */
const char *lang_po_text(Lang *l, const char *zCtxt, const char *z);
/* The translation of the first entry of context CTXT (a rule's title under
** its ID), or NULL. */
const char *lang_po_ctxt(Lang *l, const char *zCtxt);
/* The language of E when its texts are rendered for a person and it has a
** catalog (not English), else NULL: what render.c asks before it words a
** value, a reason or a duration in the language rather than in notation. */
Lang *lang_humane(const Eval *e);
/* The translation of a text value Z that a table row or a let of the rule
** set wrote ("ID|row", "ID|value" entries), or NULL. */
const char *lang_row_text(Lang *l, const char *z);
/* MSG, a message of the engine, the CLI or the server (English), in L's
** words: matched against the templates of i18n_error_texts ("PATH: " before
** it kept as it is), its variable parts translated when they are phrases
** of the list; MSG itself when L is English or has no translation of it.
** Allocated in A. */
const char *lang_message(Lang *l, Arena *a, const char *zMsg);

/* One of the engine's words filled: TMPL (an i18n_ui_texts entry) in L with
** its {names}, drafts and gaps counted; allocated in A. */
const char *lang_ui_fill(Lang *l, Arena *a, const char *zTmpl, long n, int nName, const char *const *names,
                   const char *const *values);

/* One of the engine's words (i18n_ui_texts), translated; for a plural text
** the form for N.  Placeholders stay for lang_fill. */
const char *lang_ui(Lang *l, const char *zEnglish, long n);
const char *lang_ui_count(Lang *l, const char *zEnglish, long n);   /* counts drafts and gaps */
/* TMPL with each {NAME} replaced by its value: NAMES and VALUES, N of them;
** allocated in A. */
char *lang_fill(Arena *a, const char *zTmpl, int n, const char *const *names, const char *const *values);

#endif
