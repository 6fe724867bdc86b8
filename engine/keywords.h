/*
** keywords.h - the words the policy language reserves, in one table.
**
** The lexer looks every lower-case name up here (a keyword is its token,
** anything else is a NAME); the parser's driver resumes after a syntax
** error at the keywords that start a declaration (KW_DECL), at the start of
** a line.  The token codes come from the grammar (TK_* in parser.h), so a
** keyword is added in three places that a test ties together: here, as a
** token of grammar/parser.y, and, when it may also be a name, in the
** grammar's kwname or exprkw lists.
**
** ORDER: alphabetical by spelling (the lexer searches it by bisection;
** tests/unit/test_check.c lexes every entry).
*/
#ifndef RR_KEYWORDS_H
#define RR_KEYWORDS_H

#define KW_DECL 1          /* starts a declaration: where error recovery resumes */

/* X(TOKEN, "spelling", flags) */
#define RR_KEYWORDS(X) \
  X(ACTION,         "action",          KW_DECL) \
  X(ADVISORY,       "advisory",        KW_DECL) \
  X(AFTER,          "after",           0) \
  X(ALL,            "all",             0) \
  X(AMENDS,         "amends",          0) \
  X(AND,            "and",             0) \
  X(ANY,            "any",             0) \
  X(AS,             "as",              0) \
  X(ASSISTANCE,     "assistance",      KW_DECL) \
  X(AT,             "at",              0) \
  X(BEFORE,         "before",          0) \
  X(BY,             "by",              0) \
  X(CALENDAR,       "calendar",        KW_DECL) \
  X(CITES,          "cites",           0) \
  X(CONVENTION,     "convention",      KW_DECL) \
  X(COVERS,         "covers",          0) \
  X(DEADLINE,       "deadline",        KW_DECL) \
  X(DEFAULTS,       "defaults",        KW_DECL) \
  X(DEFINITION,     "definition",      KW_DECL) \
  X(DISCRETIONARY,  "discretionary",   KW_DECL) \
  X(DONE,           "done",            0) \
  X(DUE,            "due",             0) \
  X(EACH,           "each",            0) \
  X(EFFECTIVE,      "effective",       0) \
  X(ELSE,           "else",            0) \
  X(ENUM,           "enum",            KW_DECL) \
  X(EVIDENCE,       "evidence",        0) \
  X(EXCLUSIVE,      "exclusive",       0) \
  X(EXPECT,         "expect",          0) \
  X(FACTOR,         "factor",          KW_DECL) \
  X(FACTS,          "facts",           KW_DECL) \
  X(FALSE,          "false",           0) \
  X(FILE,           "file",            0) \
  X(FINDING,        "finding",         KW_DECL) \
  X(FIRED,          "fired",           0) \
  X(FIRST,          "first",           0) \
  X(FN,             "fn",              KW_DECL) \
  X(FOR,            "for",             0) \
  X(FROM,           "from",            0) \
  X(GIVEN,          "given",           0) \
  X(GOVERNED,       "governed",        0) \
  X(HAS,            "has",             0) \
  X(HAZARD,         "hazard",          KW_DECL) \
  X(HOLIDAY,        "holiday",         0) \
  X(HOOK,           "hook",            KW_DECL) \
  X(IF,             "if",              0) \
  X(IMMEDIATELY,    "immediately",     0) \
  X(IN,             "in",              0) \
  X(INSTANCE,       "instance",        0) \
  X(INTERPRETATION, "interpretation",  KW_DECL) \
  X(IS,             "is",              0) \
  X(KEYS,           "keys",            0) \
  X(KNOWN,          "known",           0) \
  X(LAST,           "last",            0) \
  X(LET,            "let",             KW_DECL) \
  X(LIST,           "list",            0) \
  X(MUNICIPALITY,   "municipality",    KW_DECL) \
  X(NOT,            "not",             0) \
  X(NOTE,           "note",            0) \
  X(NULL,           "null",            0) \
  X(OF,             "of",              0) \
  X(OR,             "or",              0) \
  X(OTHERWISE,      "otherwise",       0) \
  X(OVERLAY,        "overlay",         KW_DECL) \
  X(PER,            "per",             0) \
  X(PLANNED,        "planned",         0) \
  X(PRECONDITION,   "precondition",    KW_DECL) \
  X(READING,        "reading",         0) \
  X(REASON,         "reason",          KW_DECL) \
  X(RECORD,         "record",          KW_DECL) \
  X(REFERRAL,       "referral",        KW_DECL) \
  X(REMOVE,         "remove",          KW_DECL) \
  X(REPORT,         "report",          KW_DECL) \
  X(REQUIRE,        "require",         KW_DECL) \
  X(RESPONSIBLE,    "responsible",     0) \
  X(ROW,            "row",             0) \
  X(RULESET,        "ruleset",         KW_DECL) \
  X(SCOPE,          "scope",           KW_DECL) \
  X(SOURCE,         "source",          KW_DECL) \
  X(STEP,           "step",            KW_DECL) \
  X(STOPS,          "stops",           0) \
  X(TABLE,          "table",           KW_DECL) \
  X(TEST,           "test",            KW_DECL) \
  X(THEN,           "then",            0) \
  X(TIGHTEN,        "tighten",         KW_DECL) \
  X(TRUE,           "true",            0) \
  X(UNTIL,          "until",           0) \
  X(USES,           "uses",            0) \
  X(WFCL,           "wfcl",            KW_DECL) \
  X(WHEN,           "when",            0) \
  X(WHERE,          "where",           0) \
  X(WIDEN,          "widen",           KW_DECL) \
  X(WITHIN,         "within",          0) \
  X(WORKING,        "working",         0) \
  X(ZONE,           "zone",            0)

#endif
