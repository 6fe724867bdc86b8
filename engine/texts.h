/*
** texts.h - the texts of a decision in a language (texts.c): what the
** decision JSON adds under "texts" when a language is asked, and what the
** case page (page.c) is drawn from.
*/
#ifndef RR_TEXTS_H
#define RR_TEXTS_H

#include "eval.h"
#include "lang.h"

/* REPORT (an object) with a last key "texts": the language, the header's
** answers in words, "To do now", the titles and evidence of the rules that
** hold, the risk factors, what closure needs, and the page's words.  Built
** in E->render; REPORT unchanged when memory runs out. */
Value texts_add(Eval *e, Lang *l, Value report);

/* The header's answers in words, one line each, into LINES (at most MAX):
** "Child labour: yes, because ...", "Risk: high; deciding factors: ...",
** "Closure: not yet; missing: ..." -- from the decision's contract fields
** and the closing constructs, in E's language (E->lang may not be NULL). */
int texts_summary(Eval *e, Value report, const char **lines, int max);

#endif
