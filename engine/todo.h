/*
** todo.h - "To do now": the open duties of a case in the order a case worker
** acts on them (todo.c), each with what, who, when in words, and the source.
*/
#ifndef RR_TODO_H
#define RR_TODO_H

#include "eval.h"
#include "lang.h"

typedef struct TodoItem {
  int inst;               /* the deadline instance (e->aInst), or -1 for an action */
  int rule;               /* canonical rule */
  int ver;                /* its version in force */
  int status;             /* DS_* of a deadline; -1 for an action */
  int hasDue;
  RrInstant due;
  const char *zWhat;      /* the rule's title, in the language (instance added) */
  const char *zWho;       /* responsible, or NULL */
  const char *zWhen;      /* "overdue by 2 days", "due tomorrow at 14:00", NULL for an action */
  const char *zSource;    /* the citations, with their documents */
} TodoItem;

/* The open duties of the case E has evaluated (rendering in E->render, in
** language L, which may not be NULL): deadlines overdue (longest first),
** due immediately, pending (soonest first), then the actions in force.
** *OUT gets them in E->render; returns their number, -1 on OOM. */
int todo_list(Eval *e, Lang *l, TodoItem **out);

/* SECONDS as "2 days 3 hours" in L's words. */
const char *todo_duration(Eval *e, Lang *l, int64_t seconds);
/* The citations of rule version V, "SOP l.414, SOP l.416 (Standard
** Operating Procedures ...)": each document's title once, after its lines. */
const char *todo_sources(Eval *e, int v);
/* "as of {date} at {time}" for the case's instant, in L's words (E's render arena). */
const char *todo_as_of(Eval *e, Lang *l);

#endif
