/*
** i18n.h - the texts a person reads, and their translations.
**
** The PO contract (rules/kosovo/po/, one file per language, the template
** rregull.pot written by `rregull i18n extract`):
**
**   msgctxt "ID"             a rule's title (for a reason or an action: its text)
**   msgctxt "ID|FIELD"       its other texts: note, reading, evidence, responsible,
**                            from, due, done (a deadline's labels), row (a table's
**                            text values), value (a let that builds text)
**   msgctxt "enum|TYPE"      msgid = an enum value, msgstr its label
**   msgctxt "report"         msgid = a key of the decision, msgstr its label
**   msgctxt "source|KEY"     msgid = the title of a cited document (SOP, PROT...)
**   msgctxt "ui"             the engine's own words (explain, the case page)
**
** Texts may hold placeholders {expr}: the translation keeps each one verbatim
** (it may move them, repeat them or drop them).  A fuzzy entry is a draft:
** used, and the explanation says that drafts await review.
*/
#ifndef RR_I18N_H
#define RR_I18N_H

#include "ruleset.h"

/* Calls FN for every translatable text of RS (rules, enums, the report's
** keys), in declaration order; NODE is the literal (N_STR or N_INTERP) or
** NULL for a text held as a C string; ISLOT the rule index, -1 otherwise.
** MSGID is the text as written: placeholders as "{expr}" in source form. */
typedef void (*I18nEach)(void *ud, const char *zCtxt, const char *zMsgid, int iFile, uint32_t off);
void i18n_each_text(const RuleSet *rs, Arena *a, I18nEach fn, void *ud);

/* The msgid of a string literal N (N_STR or N_INTERP) in RS's source,
** allocated in A: an interpolation's expressions as "{expr}" verbatim. */
char *i18n_literal_msgid(const RuleSet *rs, const Node *n, Arena *a);

/* Whether N is a string literal with a letter in it (a join's " and ", not
** its ", "): only such a separator is a text to translate. */
int i18n_has_words(const Node *n);

/* The engine's own words, msgctxt "ui": the English msgids in order, ended
** by NULL.  A msgid with a plural form is listed as "singular\001plural". */
extern const char *const i18n_ui_texts[];

/* The messages that reach a case worker, msgctxt "error" (error_text.c):
** English templates, the variable parts as {name}, ended by NULL. */
extern const char *const i18n_error_texts[];

#endif
