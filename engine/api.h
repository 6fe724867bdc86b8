/*
** api.h - what the files of the library share behind rregull.h: the
** handles' structures, and the steps from a case's facts to a decision
** written in the store (api.c), used again by the batch pipeline (batch.c)
** and by the policy work of api_policy.c (loading with options, policy
** tests, explanations, traces, the calendar).  Internal: the public API is
** rregull.h alone; nothing outside the library includes this.
*/
#ifndef RR_API_H
#define RR_API_H

#include "rregull.h"

#include "decide.h"
#include "eval.h"
#include "json.h"
#include "ruleset.h"
#include "store.h"

/* Bytes of a handle's last error message. */
#define API_ERR_SIZE 1024

struct rr_rules {
  Book b;                 /* the national rule set and the overlays loaded with it */
  int ok;
};

struct rr_eval {
  const rr_rules *r;
  Decider dec;
  Eval *cur;              /* the evaluation that decided the last case */
  CaseInput ci;
  Arena render;           /* the decision of the last case, rendered */
  RawFact *aLeaf;         /* per fact slot, for imports */
  struct Lang *lang;      /* rr_eval_set_lang (api_i18n.c); NULL: English as written */
  char *zQuoteDir;        /* rr_eval_set_quote (api_i18n.c); NULL: no quotes */
  char err[API_ERR_SIZE];
};

struct rr_db {
  Store *s;
  char *zPath;            /* to open a second connection (the batch's reader) */
  char *zChanged;         /* the paths the last import recorded, a line each */
  char err[API_ERR_SIZE];
};

/* Frees E's language and quote directory (api_i18n.c). */
void api_lang_free(rr_eval *e);
/* REPORT with the texts of E's language added (api_i18n.c, texts.c). */
Value api_texts(rr_eval *e, Value report);

/* Formats a message into BUF (API_ERR_SIZE bytes) and returns RC, so that
** 'return api_error(db->err, RR_EDB, "...")' reports and fails at once. */
int api_error(char *buf, int rc, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;

/* Reads Z, a date-time with an offset or "now", into *T; else RR_EMISUSE
** with a message naming WHAT (the option) in ERR. */
int api_parse_time(const char *z, RrInstant *t, char *err, const char *what);

/* Renders the decision E->cur holds into E's arena (reset first): *REPORT
** lives until the next call.  RR_EPOLICY without a report, RR_ENOMEM. */
int api_render(rr_eval *e, Value *report);

/* REPORT as JSON text, pretty or compact, in *DECISION (malloc'd: the
** caller frees it).  RR_ENOMEM when memory ran out. */
int api_to_text(rr_eval *e, Value report, int pretty, char **decision);

/* The decision of the case E just evaluated as the store writes it (REPORT
** as rendered, ZJSON its text): its row, the rules that hold, its
** deadlines, into *D (texts in E's render arena: valid until the next
** rendering).  RR_ENOMEM with the message in ERR. */
int api_decision_rows(rr_eval *e, const char *caseId, Value report, const char *zJson, StoreDecision *d,
                      char *err);
/* Writes that decision: the row of decisions (the report's scalars in their
** columns), the rules that hold, the deadlines.  BATCH 0 writes it outside
** any batch.  Call inside a transaction (store_atomic_begin); RR_EDB or
** RR_ENOMEM, with the message in db->err. */
int api_write_decision(rr_db *db, rr_eval *e, int64_t batch, const char *caseId, Value report,
                       const char *zJson);

#endif
