/*
** program.h - a checked rule set: the immutable form the evaluator runs.
**
** Every name is resolved to a slot at check time: facts to fact slots, rules
** to rule indices, variables to variable slots, enum members to numbers.  The
** evaluator never looks anything up by string.  One arena owns it all.
*/
#ifndef RR_PROGRAM_H
#define RR_PROGRAM_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "rrtime.h"
#include "value.h"

typedef struct EnumDef {
  const char *zName;
  int nMember;
  const char **azMember;
  int ordered;            /* declared with '<': comparisons are allowed */
  RrDate *aFrom, *aUntil; /* per member: in force on [from, until) (undated: all days) */
  int iOther;             /* member that absorbs unlisted input, or -1 */
  uint64_t exclusive;     /* members that, in a list, exclude every other (bits) */
  int iFile;
  uint32_t off, len;
  const Type *type;
} EnumDef;

typedef struct FieldDef {
  const char *zName;
  const Type *type;
  int planned;            /* a date-time that may lie after as_of (not hidden) */
} FieldDef;

typedef struct RecordDef {
  const char *zName;
  int nField;
  FieldDef *aField;
  int iFile;
  uint32_t off, len;
  const Type *type;
  Decl *decl;
} RecordDef;

/* The fact schema is a tree of groups; its leaves are fact slots. */
typedef struct FactNode FactNode;
struct FactNode {
  const char *zName;      /* last segment */
  const char *zPath;      /* child.sex */
  const Type *type;       /* NULL for a group */
  int slot;               /* leaves: index into the case's fact array */
  int planned;            /* a date-time that may lie after as_of (not hidden) */
  FactNode **aKid;        /* groups: members in declaration order */
  int nKid;
  int iFile;
  uint32_t off, len;
};

typedef struct SourceDef {
  const char *zKey;
  const char *zTitle;
  const char *zFile;      /* may be NULL */
  RrDate from, until;     /* in force on [from, until) ('effective'; undated: always) */
  int iFile;
  uint32_t off, len;
} SourceDef;

typedef struct Rule Rule;
struct Rule {
  int kind;               /* RK_* */
  const char *zId;        /* the catalog ID, or a let's name */
  const char *zTitle;
  const char **azCite;    /* "SOP l.172" */
  Cite **apCite;
  int nCite;
  const char *zReading;   /* interpretations: the reading chosen (may be NULL) */
  const char *zNote;      /* the note when it is a plain string */
  Node *note;             /* the note as written (may interpolate) */
  int isInterpretation;
  RrDate effFrom, effUntil;   /* in force on dates in [from, until) */
  /* law.c: the instant whose law applies ('law [for ...] at EXPR') */
  Node *lawAt;            /* facts only; NULL when none or 'start' */
  uint8_t lawStart;       /* 'at start': a deadline's start event */
  int *aLawFor;           /* a convention's kinds of rule (RK_*), a transition's rules */
  int nLawFor;
  Node *when, *value, *evidence;
  int *aUses;
  int nUses;
  const Type *type;       /* the rule's value: bool unless it has '= expr' */
  int iCanon;             /* the version references resolve to */
  int iNext;              /* next version of the same ID, or -1 */
  int gated;              /* not evaluated when the scope rule does not hold */
  int renderOnly;         /* a let that builds text: evaluated only when rendering */
  uint8_t fromOverlay;    /* declared in a municipal overlay */
  uint8_t amended;        /* a national rule an overlay tightened or widened */
  uint8_t dynamic;        /* a slot a hook fills at run time (id, title, value) */
  int *aDep;              /* rules this one reads (canonical indices) */
  int nDep;
  int iFile;
  uint32_t off, len;
  /* level and category tables: rows "VALUE when COND", COND NULL for otherwise */
  int nCase;
  Node **aCaseCond;
  Value *aCaseValue;
  Node **aCaseNode;       /* the value as written, for messages */
  /* deadlines */
  Node *dlFrom, *dlWithin, *dlDue, *dlDone, *dlInstance, *dlStops, *dlBound;
  Node *fromLabel, *dueLabel, *doneLabel;   /* "as" labels (text, may interpolate) */
  const char *zResponsible;
  int immediate;          /* kind "immediate": due at the outer bound */
  int iBoundRule;         /* the rule that sets the outer bound (per ...), or -1 */
  Node **aGen;            /* for each: generators */
  int nGen;
  int *aGoverned;         /* governed by: the earliest due of these deadlines */
  int nGoverned;
  int usesWorkdays;       /* its due date counts working days */
  Node *stops;            /* stops when: case work ended */
  /* tables */
  int nKey;
  const Type **aKeyType;
  int nRow;
  Value *aRowKey;         /* nRow * nKey */
  Node **aRowValue;
  RrDate *aRowFrom, *aRowUntil;   /* each row in force on [from, until) (undated: all days) */
};

/* A Lua hook an overlay declares (hook NAME "file.lua"); ruleset.c reads the
** file and hashes it. */
typedef struct HookDef {
  const char *zName;
  const char *zPath;      /* as written, relative to the declaring file */
  const char *zFile;      /* resolved (set by ruleset.c) */
  const char *zSrc;       /* its text (set by ruleset.c) */
  size_t nSrc;
  char zHash[65];         /* SHA-256 of the text */
  int iFile;
  uint32_t off, len;
} HookDef;

/* What an overlay changed in a national rule, for the decision. */
typedef struct Amendment {
  int rule;               /* canonical index */
  int kind;               /* D_TIGHTEN or D_WIDEN */
  const char *zText;      /* "within 5 days instead of 7 days", "also when ..." */
} Amendment;

/* Hook slots per construct and hook: how many hazards, actions, factors and
** referrals one hook may add to one decision. */
#define HOOK_SLOTS 8

typedef struct Fn {
  const char *zName;
  int nParam;
  int *aParamSlot;
  const Type **aParamType;
  const char **azParam;
  Node *body;
  const Type *type;
  int *aDep;
  int nDep;
  int state;              /* the checker's: CHECK_NOT_YET, CHECK_UNDER_WAY, CHECK_DONE */
  int iFile;
  uint32_t off, len;
  Decl *decl;
} Fn;

/* require COND else "message": what a case's facts must satisfy, checked
** when the case is read.  COND reads facts only; the error names the first
** fact it reads (in the text), the JSON path a user corrects. */
typedef struct Requirement {
  Node *cond;
  const char *zMessage;
  int blameSlot;          /* the fact the message is about */
  int iFile;
  uint32_t off, len;
} Requirement;

typedef struct TestCase {
  const char *zName;
  int iFile;
  uint32_t off, len;
  int hasAsOf;
  RrInstant asOf;
  Assign *given;
  int *aGivenSlot;        /* fact slot of each assignment */
  Node **aExpect;
  int nExpect;
} TestCase;

typedef struct Program {
  Arena arena;            /* owns everything below */
  EnumDef *aEnum;
  int nEnum;
  RecordDef *aRecord;
  int nRecord;
  FactNode *root;         /* the fact schema */
  int nSlot;
  FactNode **aSlot;       /* slot -> leaf */
  SourceDef *aSource;
  int nSource;
  Rule *aRule;
  int nRule;
  int *aOrder;            /* evaluation order */
  int nOrder;
  int aKindLaw[RK__COUNT];    /* the convention that says whose law applies to a kind, or -1 */
  int *aTransition;       /* canonical transition rules (law.c) */
  int nTransition;
  int *aKindRule[RK__COUNT];  /* canonical rules of each construct, in declaration order */
  int nKindRule[RK__COUNT];
  int *aInterp;           /* canonical rules that are interpretations */
  int nInterp;
  Fn *aFn;
  int nFn;
  int nVar;               /* variable slots */
  int iScope;             /* the scope rule, or -1 */
  Node *report;
  const char *zReport;
  TestCase *aTest;
  int nTest;
  Requirement *aRequire;
  int nRequire;
  const char *zZone;      /* IANA zone of the calendar */
  RrZone *zone;
  RrDate *aHoliday;       /* the calendar's non-working weekdays, sorted (calendar.c) */
  uint8_t *aHolidayStatus;/* HS_* */
  const char **azHolidayName;
  const char **azHolidayFor;  /* a substitute day: the holiday it is for; else NULL */
  int nHoliday;
  RrDate coverFrom, coverUntil;   /* the days the calendar covers: [from, until) */
  Node *caseHolidays;     /* a list of dates the case adds (holiday from ...), or NULL */
  /* rule sets and municipal overlays */
  const char *zRuleset;   /* ruleset NAME (national) */
  const char *zRulesetTitle;
  Node *selector;         /* municipality by EXPR: whose overlay applies to a case */
  int iFirstOverlayFile;  /* the files from this index on are an overlay's; -1: national */
  const char *zOverlay;   /* overlay NAME "title" amends BASE for "MUNICIPALITY" */
  const char *zOverlayTitle, *zAmends, *zMunicipality;
  HookDef *aHook;
  int nHook;
  Amendment *aAmend;
  int nAmend;
} Program;

/* Statuses of calendar entries, the most certain first; from HS_ESTIMATED on,
** a due date that counts the day says so.  ORDER HOLIDAY: status_names in
** calendar.c. */
enum { HS_OFFICIAL = 0, HS_ANNOUNCED, HS_NEWS, HS_DERIVED, HS_ESTIMATED, HS_UNCONFIRMED, HS__COUNT };

/* Flags on nodes. */
#define NF_ASRULE   0x01   /* an upper-case name that denotes the rule itself, not its value */
#define NF_RENDER   0x02   /* allocates: only while rendering */
#define NF_CONST    0x04   /* a list literal folded into n->k at check time */
#define NF_MASK     0x08   /* NF_CONST of members of one enum (< 64): n->mask holds them */
#define NF_ORDERED  0x10   /* first/last x in L where x.F < v: searched when L is ordered (ordered.c) */

/* Attributes of a rule value reachable with '.': r.id, r.title ... */
enum { RA_ID = 0, RA_TITLE, RA_CITATIONS, RA_EVIDENCE, RA_KIND, RA_NOTE, RA_READING, RA_HOLDS,
       RA_VALUE, RA_STATUS };

/* Builtin functions.  ORDER BUILTINS: the table builtins in expr.c. */
enum {
  B_AGE_ON = 0, B_DATE_OF, B_OVERLAP_MINUTES, B_COUNT, B_MIN, B_MAX,
  B_EARLIEST, B_LATEST, B_END_OF_DAY, B_HIGHEST,
  B_IDS, B_BASIS, B_TRACE, B_HOLDING, B_JOIN, B_TEXT, B_DEADLINES, B_AWAITING, B_OVERLAY,
  B_VERSIONS, B__COUNT
};

#endif
