/*
** keywords.h - the words the policy language reserves and the kinds of rule
** it declares, each in one table.
**
** RR_KEYWORDS drives the lexer (every lower-case name is looked up here: a
** keyword is its token, anything else is a NAME), the parser's error
** recovery (it resumes at a KW_DECL keyword that starts a line) and the
** grammar's token classes (grammar/parser.y): rulekw, the KW_DECL words
** that are rule kinds below; declkw, the other KW_DECL words; exprkw, the
** KW_NAME words.  RR_RULE_KINDS drives the RK_* codes (ast.h), kind_name()
** and the questions the checker, the overlays and the linter ask of a kind
** (kind_has(), ast.c).  tests/unit/test_check.c ties the tables to the
** grammar: it lexes every keyword and parses each where the flags say it may
** and may not stand.  A keyword is added here and as a token of the grammar
** (in its token class when it has one); a kind of rule is added here, as a
** keyword, and in the grammar's rulekw class.
*/
#ifndef RR_KEYWORDS_H
#define RR_KEYWORDS_H

/* ---- keywords ----
** KW_DECL  starts a declaration (where error recovery resumes); it is also
**          a name where no expression can stand: a fact or field name, an
**          object key, after a dot ("facts child { report: bool }").
** KW_NAME  a name wherever a NAME may stand, in expressions too ("when",
**          "file", "evidence" ...).
** Any other keyword is never a name (operators, literals, quantifiers).
**
** ORDER: alphabetical by spelling (the lexer searches it by bisection). */
#define KW_DECL 0x01
#define KW_NAME 0x02

/* X(TOKEN, "spelling", flags) */
#define RR_KEYWORDS(X) \
  X(ACTION,         "action",          KW_DECL) \
  X(ADVISORY,       "advisory",        KW_DECL) \
  X(AFTER,          "after",           0) \
  X(ALL,            "all",             0) \
  X(AMENDS,         "amends",          KW_NAME) \
  X(AND,            "and",             0) \
  X(ANY,            "any",             0) \
  X(AS,             "as",              KW_NAME) \
  X(ASSISTANCE,     "assistance",      KW_DECL) \
  X(AT,             "at",              KW_NAME) \
  X(BEFORE,         "before",          0) \
  X(BY,             "by",              KW_NAME) \
  X(CALENDAR,       "calendar",        KW_DECL|KW_NAME) \
  X(CITES,          "cites",           KW_NAME) \
  X(CONVENTION,     "convention",      KW_DECL) \
  X(COVERS,         "covers",          KW_NAME) \
  X(DEADLINE,       "deadline",        KW_DECL) \
  X(DEFAULTS,       "defaults",        KW_DECL) \
  X(DEFINITION,     "definition",      KW_DECL) \
  X(DISCRETIONARY,  "discretionary",   KW_DECL) \
  X(DONE,           "done",            KW_NAME) \
  X(DUE,            "due",             KW_NAME) \
  X(EACH,           "each",            KW_NAME) \
  X(EFFECTIVE,      "effective",       KW_NAME) \
  X(ELSE,           "else",            0) \
  X(ENUM,           "enum",            KW_DECL) \
  X(EVIDENCE,       "evidence",        KW_NAME) \
  X(EXCLUSIVE,      "exclusive",       KW_NAME) \
  X(EXPECT,         "expect",          KW_NAME) \
  X(FACTOR,         "factor",          KW_DECL) \
  X(FACTS,          "facts",           KW_DECL) \
  X(FALSE,          "false",           0) \
  X(FILE,           "file",            KW_NAME) \
  X(FINDING,        "finding",         KW_DECL) \
  X(FIRED,          "fired",           0) \
  X(FIRST,          "first",           0) \
  X(FN,             "fn",              KW_DECL) \
  X(FOR,            "for",             0) \
  X(FROM,           "from",            KW_NAME) \
  X(GIVEN,          "given",           KW_NAME) \
  X(GOVERNED,       "governed",        KW_NAME) \
  X(HAS,            "has",             0) \
  X(HAZARD,         "hazard",          KW_DECL) \
  X(HOLIDAY,        "holiday",         KW_NAME) \
  X(HOOK,           "hook",            KW_DECL) \
  X(IF,             "if",              0) \
  X(IMMEDIATELY,    "immediately",     KW_NAME) \
  X(IN,             "in",              0) \
  X(INSTANCE,       "instance",        KW_NAME) \
  X(INTERPRETATION, "interpretation",  KW_DECL) \
  X(IS,             "is",              0) \
  X(KEYS,           "keys",            KW_NAME) \
  X(KNOWN,          "known",           KW_NAME) \
  X(LAST,           "last",            0) \
  X(LAW,            "law",             KW_NAME) \
  X(LET,            "let",             KW_DECL) \
  X(LIST,           "list",            0) \
  X(MUNICIPALITY,   "municipality",    KW_DECL) \
  X(NOT,            "not",             0) \
  X(NOTE,           "note",            KW_NAME) \
  X(NULL,           "null",            0) \
  X(OF,             "of",              0) \
  X(OR,             "or",              0) \
  X(OTHERWISE,      "otherwise",       KW_NAME) \
  X(OVERLAY,        "overlay",         KW_DECL) \
  X(PER,            "per",             KW_NAME) \
  X(PLANNED,        "planned",         0) \
  X(PRECONDITION,   "precondition",    KW_DECL) \
  X(READING,        "reading",         KW_NAME) \
  X(REASON,         "reason",          KW_DECL) \
  X(RECORD,         "record",          KW_DECL) \
  X(REFERRAL,       "referral",        KW_DECL) \
  X(REMOVE,         "remove",          KW_DECL) \
  X(REPORT,         "report",          KW_DECL) \
  X(REQUIRE,        "require",         KW_DECL) \
  X(RESPONSIBLE,    "responsible",     KW_NAME) \
  X(ROW,            "row",             KW_NAME) \
  X(RULESET,        "ruleset",         KW_DECL) \
  X(SCOPE,          "scope",           KW_DECL) \
  X(SOURCE,         "source",          KW_DECL) \
  X(STEP,           "step",            KW_DECL) \
  X(STOPS,          "stops",           KW_NAME) \
  X(TABLE,          "table",           KW_DECL) \
  X(TEST,           "test",            KW_DECL) \
  X(THEN,           "then",            0) \
  X(TIGHTEN,        "tighten",         KW_DECL) \
  X(TRANSITION,     "transition",      KW_DECL) \
  X(TRUE,           "true",            0) \
  X(UNTIL,          "until",           KW_NAME) \
  X(USES,           "uses",            KW_NAME) \
  X(WFCL,           "wfcl",            KW_DECL) \
  X(WHEN,           "when",            KW_NAME) \
  X(WHERE,          "where",           0) \
  X(WIDEN,          "widen",           KW_DECL) \
  X(WITHIN,         "within",          KW_NAME) \
  X(WORKING,        "working",         KW_NAME) \
  X(ZONE,           "zone",            KW_NAME)

/* ---- kinds of rule (constructs) ----
** KF_RULE      declared as 'KIND ID "title" clauses' (the grammar's rulekw)
**              and named by 'any KIND' / 'fired KIND'; the others (let,
**              table) have declarations of their own
** KF_OUTCOME   its holding rules are what a case system asks about (the
**              decision's lists and the store's rows)
** KF_WIDEN     holding adds obligations, so an overlay may widen it
**              (widen ID when ...): stricter than the national rule
** KF_CLOSING   a ground for closing a case: an overlay may neither declare
**              nor widen one (closing would become easier)
** KF_NATIONAL  national only: an overlay cannot declare one (the closing
**              grounds, and the conventions of time and reading)
** KF_ROWS      a level or category table: its value comes from rows
**              ("high when ...", "1 otherwise")
** KF_WHEN      needs a 'when' condition
** KF_STOPS     takes the file's 'defaults stops when'
** KF_ALWAYS    a definition any rule may read: never gated by the scope,
**              and read in any period without a warning
**
** ORDER: the RK_* codes (ast.h) follow this table, and they index arrays
** of the Program; keep existing kinds where they are. */
#define KF_RULE     0x001
#define KF_OUTCOME  0x002
#define KF_WIDEN    0x004
#define KF_CLOSING  0x008
#define KF_NATIONAL 0x010
#define KF_ROWS     0x020
#define KF_WHEN     0x040
#define KF_STOPS    0x080
#define KF_ALWAYS   0x100

/* X(KIND, "spelling", flags) */
#define RR_RULE_KINDS(X) \
  X(LET,            "let",            KF_ALWAYS) \
  X(HAZARD,         "hazard",         KF_RULE|KF_OUTCOME|KF_WIDEN|KF_WHEN) \
  X(WFCL,           "wfcl",           KF_RULE|KF_OUTCOME|KF_WIDEN|KF_WHEN) \
  X(DEFINITION,     "definition",     KF_RULE) \
  X(INTERPRETATION, "interpretation", KF_RULE|KF_OUTCOME) \
  X(CONVENTION,     "convention",     KF_RULE|KF_NATIONAL|KF_ALWAYS) \
  X(ADVISORY,       "advisory",       KF_RULE|KF_OUTCOME|KF_WIDEN|KF_STOPS) \
  X(FACTOR,         "factor",         KF_RULE|KF_OUTCOME|KF_WIDEN|KF_ROWS) \
  X(ASSISTANCE,     "assistance",     KF_RULE|KF_OUTCOME|KF_WIDEN|KF_ROWS) \
  X(DEADLINE,       "deadline",       KF_RULE|KF_STOPS) \
  X(ACTION,         "action",         KF_RULE|KF_OUTCOME|KF_WIDEN|KF_STOPS) \
  X(REASON,         "reason",         KF_RULE|KF_OUTCOME|KF_CLOSING|KF_NATIONAL) \
  X(PRECONDITION,   "precondition",   KF_RULE|KF_OUTCOME|KF_WIDEN) \
  X(STEP,           "step",           KF_RULE|KF_OUTCOME|KF_WIDEN) \
  X(FINDING,        "finding",        KF_RULE|KF_OUTCOME|KF_WIDEN) \
  X(DISCRETIONARY,  "discretionary",  KF_RULE|KF_OUTCOME|KF_CLOSING|KF_NATIONAL) \
  X(TABLE,          "table",          KF_ALWAYS) \
  X(REFERRAL,       "referral",       KF_RULE|KF_WIDEN) \
  X(TRANSITION,     "transition",     KF_RULE|KF_NATIONAL|KF_WHEN)

#endif
