/*
** parser.y - the grammar of the rregull policy language.
**
** This is the canonical source: lemon turns it into build/parser.c and
** build/parser.h, which must never be edited or committed.  lemon exits with
** an error on any parsing conflict, so the build proves the grammar is LALR(1).
**
** The actions only build the tree (ast.c); names, types and units are the
** checker's business (check.c and the files it drives).  A file is a
** sequence of declarations, each introduced by a keyword; a rule is a
** keyword, an ID, a title and clauses in any order.  There are no statement
** separators: keywords end expressions.
*/

%include {
#include <assert.h>
#include <stdlib.h>
#include "parse.h"
}

%name RrParser
%start_symbol file
%token_prefix TK_
%token_type {Token}
%extra_context {Parse *pp}
%default_type {Node *}
%stack_size 400

%syntax_error { parse_syntax_error(pp, yymajor, TOKEN); }
%stack_overflow { parse_stack_overflow(pp); }

/* Tokens produced only by the lexer and its driver: a UNIT is a name written
** right after a number (or "working") on the same line: 24 hours, 15 kg. */
%token ILLEGAL STR_HEAD STR_MID STR_TAIL UNIT.


/* Precedence, lowest first. */
%nonassoc LOWEST.
%left OR.
%left AND.
%right NOT.
%nonassoc EQEQ NE LT LE GT GE IN HAS IS.
%nonassoc BEFORE AFTER.
%right QQ.
%nonassoc DOTDOT.
%left PLUS MINUS.
%left STAR SLASH.
%right UMINUS.
%left DOT LBRACKET.

file ::= decls.
decls ::= .
decls ::= decls decl.

/* ---- sources, defaults ---- */
decl ::= SOURCE(K) UNAME(N) STRING(T) srcfile(F) dates(D). { decl_source(pp, K, N, T, F, D.a, D.b); }
%type srcfile {Token}
srcfile(A) ::= .                  { A = tok_none(); }
srcfile(A) ::= FILE STRING(B).    { A = B; }

decl ::= DEFAULTS(K) EFFECTIVE DATE(D) until(U).    { decl_defaults(pp, K, D, U); }
decl ::= DEFAULTS(K) STOPS WHEN expr(E).            { decl_defaults_stops(pp, K, E); }
%type until {Token}
until(A) ::= .                    { A = tok_none(); }
until(A) ::= UNTIL DATE(B).       { A = B; }

/* ---- types and facts ---- */
decl ::= ENUM(K) TNAME(N) LBRACE enummembers(M) comma RBRACE otherwise(O) exclusive(X).
                                  { decl_enum(pp, K, N, M, 0, O, X); }
decl ::= ENUM(K) TNAME(N) LBRACE ordnames(M) RBRACE.
                                  { decl_enum(pp, K, N, M, 1, tok_none(), 0); }
%type otherwise {Token}
otherwise(A) ::= .                { A = tok_none(); }
otherwise(A) ::= OTHERWISE NAME(B). { A = B; }
/* members that exclude the others in a list: neglect ["none", "unwilling..."] */
%type exclusive {NameList *}
exclusive(A) ::= .                { A = 0; }
exclusive(A) ::= EXCLUSIVE names(L). { A = L; }

/* enum members, each may be dated: fishing effective 2027-01-01 */
%type enummembers {NameList *}
enummembers(A) ::= anyname(N) dates(D).       { A = names_dated(pp, 0, N, D.a, D.b); }
enummembers(A) ::= enummembers(L) COMMA anyname(N) dates(D). { A = names_dated(pp, L, N, D.a, D.b); }
%type dates {struct { Token a, b; }}
dates(A) ::= .                            { A.a = tok_none(); A.b = tok_none(); }
dates(A) ::= EFFECTIVE DATE(D) until(U).  { A.a = D; A.b = U; }

%type names {NameList *}
names(A) ::= anyname(N).                  { A = names_append(pp, 0, N); }
names(A) ::= names(L) COMMA anyname(N).   { A = names_append(pp, L, N); }
%type ordnames {NameList *}
ordnames(A) ::= anyname(X) LT anyname(Y). { A = names_append(pp, names_append(pp, 0, X), Y); }
ordnames(A) ::= ordnames(L) LT anyname(N). { A = names_append(pp, L, N); }
%type unames {NameList *}
unames(A) ::= UNAME(N).                   { A = names_append(pp, 0, N); }
unames(A) ::= unames(L) COMMA UNAME(N).   { A = names_append(pp, L, N); }

comma ::= .
comma ::= COMMA.

/* Where only a name can stand (a fact or field name, an object key, after a
** dot), the words the language reserves are names too: "evidence: ..." */
%type anyname {Token}
anyname(A) ::= NAME(T).           { A = T; }
anyname(A) ::= kwname(T).         { A = T; }
/* Declaration keywords are names only where no expression can stand, so that
** a declaration after an unfinished expression is reported where it starts.
** The token classes follow the flags of engine/keywords.h: rulekw are the
** KW_DECL words that are kinds of rule (KF_RULE), declkw the other KW_DECL
** words, exprkw the KW_NAME words (names in expressions too). */
%token_class rulekw HAZARD|WFCL|DEFINITION|INTERPRETATION|CONVENTION|ADVISORY|FACTOR|ASSISTANCE
  |DEADLINE|ACTION|REASON|PRECONDITION|STEP|FINDING|DISCRETIONARY|REFERRAL|TRANSITION.
%token_class declkw SOURCE|DEFAULTS|ENUM|RECORD|FACTS|LET|FN|TABLE|SCOPE|REPORT|TEST|RULESET|OVERLAY
  |TIGHTEN|WIDEN|REMOVE|HOOK|MUNICIPALITY|REQUIRE.
%token_class exprkw FILE|EFFECTIVE|UNTIL|KEYS|ROW|CALENDAR|ZONE|GIVEN|EXPECT|AS|CITES|WHEN|EVIDENCE
  |USES|NOTE|READING|OTHERWISE|KNOWN|WORKING|RESPONSIBLE|FROM|WITHIN|IMMEDIATELY|PER|DUE|DONE|EACH
  |AT|INSTANCE|STOPS|GOVERNED|BY|COVERS|HOLIDAY|AMENDS|EXCLUSIVE|LAW.
%type kwname {Token}
kwname(A) ::= exprkw(T).          { A = T; }
kwname(A) ::= declkw(T).          { A = T; }
kwname(A) ::= rulekw(T).          { A = T; }

decl ::= RECORD(K) TNAME(N) LBRACE fields(F) RBRACE.   { decl_record(pp, K, N, F); }
decl ::= FACTS(K) anyname(N) LBRACE fields(F) RBRACE.  { decl_facts(pp, K, N, F); }
decl ::= FACTS(K) LBRACE fields(F) RBRACE.             { decl_facts(pp, K, tok_none(), F); }

%type fields {FieldDecl *}
fields(A) ::= .                           { A = 0; }
fields(A) ::= fields(L) field(F).         { A = fields_append(L, F); }
fields(A) ::= fields(L) field(F) COMMA.   { A = fields_append(L, F); }
%type field {FieldDecl *}
field(A) ::= anyname(N) COLON type(T).    { A = field_new(pp, N, T, 0); }
field(A) ::= anyname(N) COLON type(T) PLANNED. { A = field_new(pp, N, T, 0); A->planned = 1; }
field(A) ::= anyname(N) LBRACE fields(F) RBRACE. { A = field_new(pp, N, 0, F); }

%type type {TypeExpr *}
type(A) ::= NAME(N).                      { A = type_new(pp, TE_NAME, N, tok_none(), 0); }
type(A) ::= NAME(N) IN NAME(U).           { A = type_new(pp, TE_NAME, N, U, 0); }
/* the values a fact may take: int in 0 .. 30, number in kg 0 .. 500 */
type(A) ::= NAME(N) IN bound(L) DOTDOT bound(H).
                                          { A = type_new(pp, TE_NAME, N, tok_none(), 0); type_range(pp, A, L, H); }
type(A) ::= NAME(N) IN NAME(U) bound(L) DOTDOT bound(H).
                                          { A = type_new(pp, TE_NAME, N, U, 0); type_range(pp, A, L, H); }
%type bound {Bound}
bound(A) ::= NUMBER(T).                   { A.t = T; A.neg = 0; }
bound(A) ::= MINUS NUMBER(T).             { A.t = T; A.neg = 1; }
bound(A) ::= DATE(T).                     { A.t = T; A.neg = 0; }
type(A) ::= TNAME(N).                     { A = type_new(pp, TE_TNAME, N, tok_none(), 0); }
type(A) ::= LIST(K) OF type(E).           { A = type_new(pp, TE_LIST, K, tok_none(), E); }

/* ---- helpers ---- */
decl ::= LET(K) NAME(N) EQ expr(E).       { decl_let(pp, K, N, E); }
decl ::= FN(K) NAME(N) LPAREN params(P) RPAREN EQ expr(E). { decl_fn(pp, K, N, P, E); }
%type params {FieldDecl *}
params(A) ::= .                           { A = 0; }
params(A) ::= paramlist(L).               { A = L; }
%type paramlist {FieldDecl *}
paramlist(A) ::= NAME(N) COLON type(T).   { A = field_new(pp, N, T, 0); }
paramlist(A) ::= paramlist(L) COMMA NAME(N) COLON type(T).
                                          { A = fields_append(L, field_new(pp, N, T, 0)); }

/* ---- rules ---- */
decl ::= rulekw(K) UNAME(N) STRING(T) clauses(C).   { decl_rule(pp, K, N, T, C); }
%type clauses {Clause *}
clauses(A) ::= .                          { A = 0; }
clauses(A) ::= clauses(L) clause(C).      { A = clause_append(L, C); }
%type clause {Clause *}
clause(A) ::= CITES(K) cites(L).          { A = clause_cites(pp, K, L); }
clause(A) ::= EFFECTIVE(K) DATE(D) until(U). { A = clause_effective(pp, K, D, U); }
clause(A) ::= WHEN(K) expr(E).            { A = clause_expr(pp, CL_WHEN, K, E); }
clause(A) ::= EQ(K) expr(E).              { A = clause_expr(pp, CL_VALUE, K, E); }
clause(A) ::= EVIDENCE(K) expr(E).        { A = clause_expr(pp, CL_EVIDENCE, K, E); }
clause(A) ::= USES(K) unames(L).          { A = clause_names(pp, CL_USES, K, L); }
clause(A) ::= NOTE(K) expr(E).            { A = clause_expr(pp, CL_NOTE, K, E); }
clause(A) ::= READING(K) STRING(S).       { A = clause_text(pp, CL_READING, K, S); }
/* rows of level and category tables: "high when ...", "1 otherwise" */
clause(A) ::= NAME(V) WHEN(K) expr(E).    { A = clause_row(pp, K, V, E); }
clause(A) ::= NUMBER(V) WHEN(K) expr(E).  { A = clause_row(pp, K, V, E); }
clause(A) ::= NAME(V) OTHERWISE(K).       { A = clause_row(pp, K, V, 0); }
clause(A) ::= NUMBER(V) OTHERWISE(K).     { A = clause_row(pp, K, V, 0); }
/* deadlines */
clause(A) ::= RESPONSIBLE(K) STRING(S).   { A = clause_text(pp, CL_RESPONSIBLE, K, S); }
clause(A) ::= FROM(K) expr(E) label(L).   { A = clause_labelled(pp, CL_FROM, K, E, L); }
clause(A) ::= WITHIN(K) expr(E) per(P).   { A = clause_within(pp, K, E, P); }
clause(A) ::= IMMEDIATELY(K).             { A = clause_new(pp, CL_IMMEDIATE, K); }
clause(A) ::= DUE(K) expr(E) label(L).    { A = clause_labelled(pp, CL_DUE, K, E, L); }
clause(A) ::= DONE(K) expr(E) label(L).   { A = clause_labelled(pp, CL_DONE, K, E, L); }
clause(A) ::= FOR(K) EACH generators(G).  { A = clause_expr(pp, CL_FOREACH, K, G); }
clause(A) ::= INSTANCE(K) expr(E).        { A = clause_expr(pp, CL_INSTANCE, K, E); }
clause(A) ::= STOPS(K) WHEN expr(E).      { A = clause_expr(pp, CL_STOPS, K, E); }
clause(A) ::= GOVERNED(K) BY unames(L).   { A = clause_names(pp, CL_GOVERNED, K, L); }
/* the instant whose law applies: law at EXPR (this rule), law for KIND|ID, ... at EXPR
** (a convention's defaults for kinds of rule, a transition's rules) */
clause(A) ::= LAW(K) AT expr(E).          { A = clause_expr(pp, CL_LAW, K, E); }
clause(A) ::= LAW(K) FOR lawnames(L) AT expr(E). { A = clause_expr(pp, CL_LAW, K, E); A->names = L; }
%type lawnames {NameList *}
lawnames(A) ::= lawname(N).               { A = names_append(pp, 0, N); }
lawnames(A) ::= lawnames(L) COMMA lawname(N). { A = names_append(pp, L, N); }
%type lawname {Token}
lawname(A) ::= UNAME(N).                  { A = N; }
lawname(A) ::= rulekw(N).                 { A = N; }
%type label {Node *}
label(A) ::= .                            { A = 0; }
label(A) ::= AS expr(E).                  { A = E; }
%type per {Token}
per(A) ::= .                              { A = tok_none(); }
per(A) ::= PER UNAME(N).                  { A = N; }
%type generators {Node *}
generators(A) ::= generator(G).           { A = ast_list_add(pp, ast_list_new(pp, (Token){G->off, G->len}), G); }
generators(A) ::= generators(L) COMMA generator(G). { A = ast_list_add(pp, L, G); }
%type generator {Node *}
generator(A) ::= NAME(V) IN expr(L).      { A = ast_generator(pp, V, tok_none(), L); }
generator(A) ::= NAME(V) AT NAME(I) IN expr(L). { A = ast_generator(pp, V, I, L); }

%type cites {Cite *}
cites(A) ::= cite(C).                     { A = C; }
cites(A) ::= cites(L) COMMA cite(C).      { A = cite_append(pp, L, C); }
%type cite {Cite *}
cite(A) ::= UNAME(S) LINEREF(L).          { A = cite_new(pp, S, L, 1); }
cite(A) ::= UNAME(S) STRING(W).           { A = cite_new(pp, S, W, 0); }

decl ::= TABLE(K) UNAME(N) STRING(T) clauses(C) KEYS keytypes(KT) rows(R).
                                          { decl_table(pp, K, N, T, C, KT.a, KT.n, R); }
%type keytypes {struct { TypeExpr **a; int n; }}
keytypes(A) ::= type(T).                  { A.a = 0; A.n = 0; A.a = types_append(pp, A.a, &A.n, T); }
keytypes(A) ::= keytypes(L) COMMA type(T). { A = L; A.a = types_append(pp, A.a, &A.n, T); }
%type rows {TableRow *}
rows(A) ::= row(R).                       { A = R; }
rows(A) ::= rows(L) row(R).               { A = rows_append(L, R); }
%type row {TableRow *}
row(A) ::= ROW exprs(K) ARROW expr(V).    { A = row_new(pp, K, V); }
/* a dated row: row male, occasional -> 10 kg effective 2027-01-01 */
row(A) ::= ROW exprs(K) ARROW expr(V) EFFECTIVE DATE(D) until(U).
                                          { A = row_new(pp, K, V); A->d1 = D; A->d2 = U; }

decl ::= SCOPE(K) UNAME(N).               { decl_scope(pp, K, N); }
decl ::= CALENDAR(K) NAME(N) STRING(T) clauses(C) ZONE STRING(Z) calitems(H).
                                          { decl_calendar(pp, K, N, T, C, Z, H); }
%type calitems {Clause *}
calitems(A) ::= .                         { A = 0; }
calitems(A) ::= calitems(L) calitem(I).   { A = clause_append(L, I); }
%type calitem {Clause *}
/* covers 2023-01-01 until 2027-01-01 | covers 2023-01-01 through 2035 | covers 2023-01-01 onward */
calitem(A) ::= COVERS(K) DATE(D) UNTIL DATE(U). { A = clause_effective(pp, K, D, U); A->kind = CL_COVERS; }
calitem(A) ::= COVERS(K) DATE(D) NAME(W) NUMBER(Y). { A = clause_covers(pp, K, D, W, Y); }
calitem(A) ::= COVERS(K) DATE(D) NAME(W). { A = clause_covers(pp, K, D, W, tok_none()); }
/* one day: holiday 2025-11-28 "name" official */
calitem(A) ::= HOLIDAY(K) DATE(D) STRING(S) NAME(T). { A = clause_holiday(pp, K, D, S, T); }
calitem(A) ::= HOLIDAY(K) FROM expr(E).   { A = clause_expr(pp, CL_HOLIDAY, K, E); }
/* every year: holiday NAME "title" on 1 january | easter + 1 day | 1 shawwal in "VARIANT" */
calitem(A) ::= HOLIDAY(K) yearly(Y).      { A = Y; A->kw = K; }
/* one year's date of a yearly holiday: holiday fitr 2027-03-10 announced */
calitem(A) ::= HOLIDAY(K) NAME(I) DATE(D) NAME(T). { A = clause_dated(pp, K, I, D, T); }
/* the status of the computed days of a date or of a year: holiday 2024 official */
calitem(A) ::= HOLIDAY(K) DATE(D) NAME(T). { A = clause_confirm(pp, K, D, T, 0); }
/* (a name right after a number is lexed as a unit: "2024 official") */
calitem(A) ::= HOLIDAY(K) NUMBER(Y) UNIT(T). { A = clause_confirm(pp, K, Y, T, 1); }
/* Art. 4 of the Kosovo law, say: substitute next working day "Day off for" */
calitem(A) ::= NAME(K) NAME(N) WORKING UNIT(D) STRING(S). { A = clause_substitute(pp, K, N, D, S); }
%type yearly {Clause *}
yearly(A) ::= NAME(I) STRING(S) NAME(W) calday(R). { A = clause_yearly(pp, I, S, W, R); }
%type calday {CalDay *}
calday(A) ::= NUMBER(D) UNIT(M).          { A = calday_new(pp, D, M, tok_none(), tok_none(), 0, tok_none(), tok_none()); }
calday(A) ::= NUMBER(D) UNIT(M) IN STRING(V). { A = calday_new(pp, D, M, V, tok_none(), 0, tok_none(), tok_none()); }
calday(A) ::= NAME(B).                    { A = calday_new(pp, tok_none(), tok_none(), tok_none(), B, 0, tok_none(), tok_none()); }
calday(A) ::= NAME(B) PLUS NUMBER(N) UNIT(U). { A = calday_new(pp, tok_none(), tok_none(), tok_none(), B, 1, N, U); }
calday(A) ::= NAME(B) MINUS NUMBER(N) UNIT(U). { A = calday_new(pp, tok_none(), tok_none(), tok_none(), B, -1, N, U); }
decl ::= REPORT(K) NAME(N) expr(E).       { decl_report(pp, K, N, E); }

/* ---- rule sets and municipal overlays ---- */
decl ::= RULESET(K) NAME(N) STRING(T).    { decl_ruleset(pp, K, N, T); }
decl ::= MUNICIPALITY(K) BY expr(E).      { decl_selector(pp, K, E); }
/* overlay prizren "Prizren (example)" amends kosovo for "Prizren" */
decl ::= OVERLAY(K) NAME(N) STRING(T) AMENDS NAME(B) FOR STRING(M) clauses(C).
                                          { decl_overlay(pp, K, N, T, B, M, C); }
decl ::= TIGHTEN(K) UNAME(N) clauses(C).  { decl_amend(pp, D_TIGHTEN, K, N, C); }
decl ::= WIDEN(K) UNAME(N) clauses(C).    { decl_amend(pp, D_WIDEN, K, N, C); }
decl ::= REMOVE(K) UNAME(N) clauses(C).   { decl_amend(pp, D_REMOVE, K, N, C); }
decl ::= MUNICIPALITY(K) HOLIDAY DATE(D) STRING(S) NAME(T) clauses(C). { decl_holiday(pp, K, D, S, T, C); }
decl ::= MUNICIPALITY(K) HOLIDAY(H) yearly(Y) clauses(C). { Y->kw = H; decl_holiday_clause(pp, K, Y, C); }
decl ::= MUNICIPALITY(K) HOLIDAY(H) NAME(I) DATE(D) NAME(T) clauses(C).
                                          { decl_holiday_clause(pp, K, clause_dated(pp, H, I, D, T), C); }
decl ::= HOOK(K) NAME(N) STRING(F) clauses(C). { decl_hook(pp, K, N, F, C); }

/* ---- what the facts of a case must satisfy, checked when a case is read ---- */
decl ::= REQUIRE(K) expr(E) ELSE STRING(M). { decl_require(pp, K, E, M); }

/* ---- tests written in the language ---- */
decl ::= TEST(K) STRING(N) tclauses(C).   { decl_test(pp, K, N, C); }
%type tclauses {Clause *}
tclauses(A) ::= tclause(C).               { A = C; }
tclauses(A) ::= tclauses(L) tclause(C).   { A = clause_append(L, C); }
%type tclause {Clause *}
tclause(A) ::= AS(K) OF DATETIME(D).      { A = clause_text(pp, CL_ASOF, K, D); }
tclause(A) ::= GIVEN(K) assigns(L).       { A = clause_given(pp, K, L); }
tclause(A) ::= EXPECT(K) expr(E).         { A = clause_expr(pp, CL_EXPECT, K, E); }
%type assigns {Assign *}
assigns(A) ::= assign(X).                 { A = X; }
assigns(A) ::= assigns(L) COMMA assign(X). { A = assigns_append(L, X); }
%type assign {Assign *}
assign(A) ::= path(P) EQ expr(E).         { A = assign_new(pp, P, P->name, E); }
%type path {NameList *}
path(A) ::= anyname(N).                   { A = names_append(pp, 0, N); }
path(A) ::= path(L) DOT anyname(N).       { A = names_append(pp, L, N); }

/* ---- expressions ---- */
expr(A) ::= IF(K) expr(C) THEN expr(X) ELSE expr(Y). [LOWEST] { A = ast_if(pp, K, C, X, Y); }
expr(A) ::= ANY(K) NAME(V) IN expr(L) COLON expr(B). [LOWEST] { A = ast_quant(pp, N_ANY, K, V, L, B); }
expr(A) ::= ALL(K) NAME(V) IN expr(L) COLON expr(B). [LOWEST] { A = ast_quant(pp, N_ALL, K, V, L, B); }
expr(A) ::= FIRST(K) NAME(V) IN expr(L) WHERE expr(B). [LOWEST] { A = ast_quant(pp, N_FIRST, K, V, L, B); }
expr(A) ::= LAST(K) NAME(V) IN expr(L) WHERE expr(B). [LOWEST] { A = ast_quant(pp, N_LAST, K, V, L, B); }
expr(A) ::= expr(X) BEFORE(K) expr(Y).    { A = ast_binary(pp, N_BEFORE, K, X, Y); }
expr(A) ::= expr(X) AFTER(K) expr(Y).     { A = ast_binary(pp, N_AFTER, K, X, Y); }
expr(A) ::= expr(X) OR(K) expr(Y).        { A = ast_binary(pp, N_OR, K, X, Y); }
expr(A) ::= expr(X) AND(K) expr(Y).       { A = ast_binary(pp, N_AND, K, X, Y); }
expr(A) ::= NOT(K) expr(X).               { A = ast_unary(pp, N_NOT, K, X); }
expr(A) ::= expr(X) EQEQ(K) expr(Y).      { A = ast_binary(pp, N_EQ, K, X, Y); }
expr(A) ::= expr(X) NE(K) expr(Y).        { A = ast_binary(pp, N_NE, K, X, Y); }
expr(A) ::= expr(X) LT(K) expr(Y).        { A = ast_binary(pp, N_LT, K, X, Y); }
expr(A) ::= expr(X) LE(K) expr(Y).        { A = ast_binary(pp, N_LE, K, X, Y); }
expr(A) ::= expr(X) GT(K) expr(Y).        { A = ast_binary(pp, N_GT, K, X, Y); }
expr(A) ::= expr(X) GE(K) expr(Y).        { A = ast_binary(pp, N_GE, K, X, Y); }
expr(A) ::= expr(X) IN(K) expr(Y).        { A = ast_binary(pp, N_IN, K, X, Y); }
expr(A) ::= expr(X) NOT(K) IN expr(Y). [IN] { A = ast_binary(pp, N_NOTIN, K, X, Y); }
expr(A) ::= expr(X) HAS(K) ANY expr(Y). [HAS] { A = ast_binary(pp, N_HASANY, K, X, Y); }
expr(A) ::= expr(X) HAS(K) ALL expr(Y). [HAS] { A = ast_binary(pp, N_HASALL, K, X, Y); }
expr(A) ::= expr(X) IS(K) KNOWN.          { A = ast_unary(pp, N_ISKNOWN, K, X); }
expr(A) ::= expr(X) IS(K) NOT KNOWN.      { A = ast_unary(pp, N_ISNOTKNOWN, K, X); }
expr(A) ::= expr(X) IS(K) TRUE.           { A = ast_unary(pp, N_ISTRUE, K, X); }
expr(A) ::= expr(X) IS(K) NOT TRUE.       { A = ast_unary(pp, N_ISNOTTRUE, K, X); }
expr(A) ::= expr(X) QQ(K) expr(Y).        { A = ast_binary(pp, N_COALESCE, K, X, Y); }
expr(A) ::= expr(X) DOTDOT(K) expr(Y).    { A = ast_binary(pp, N_RANGE, K, X, Y); }
expr(A) ::= expr(X) PLUS(K) expr(Y).      { A = ast_binary(pp, N_ADD, K, X, Y); }
expr(A) ::= expr(X) MINUS(K) expr(Y).     { A = ast_binary(pp, N_SUB, K, X, Y); }
expr(A) ::= expr(X) STAR(K) expr(Y).      { A = ast_binary(pp, N_MUL, K, X, Y); }
expr(A) ::= expr(X) SLASH(K) expr(Y).     { A = ast_binary(pp, N_DIV, K, X, Y); }
expr(A) ::= MINUS(K) expr(X). [UMINUS]    { A = ast_unary(pp, N_NEG, K, X); }
expr(A) ::= expr(X) DOT anyname(N).       { A = ast_field(pp, X, N); }
expr(A) ::= expr(X) LBRACKET(K) exprs(L) RBRACKET. { A = ast_index(pp, X, K, L); }
expr(A) ::= LPAREN expr(X) RPAREN.        { A = X; }

expr(A) ::= NAME(N).                      { A = ast_name(pp, N_NAME, N); }
expr(A) ::= exprkw(N).                    { A = ast_name(pp, N_NAME, N); }
expr(A) ::= UNAME(N).                     { A = ast_name(pp, N_UNAME, N); }
expr(A) ::= NAME(N) LPAREN RPAREN.        { A = ast_call(pp, N, 0); }
expr(A) ::= NAME(N) LPAREN exprs(L) RPAREN. { A = ast_call(pp, N, L); }
expr(A) ::= TRUE(T).                      { A = ast_literal(pp, TK_TRUE, T); }
expr(A) ::= FALSE(T).                     { A = ast_literal(pp, TK_FALSE, T); }
expr(A) ::= NULL(T).                      { A = ast_literal(pp, TK_NULL, T); }
expr(A) ::= NUMBER(T).                    { A = ast_literal(pp, TK_NUMBER, T); }
expr(A) ::= NUMBER(T) UNIT(U).            { A = ast_quantity(pp, T, U, 0); }
expr(A) ::= NUMBER(T) WORKING UNIT(U).    { A = ast_quantity(pp, T, U, 1); }
expr(A) ::= DATE(T).                      { A = ast_literal(pp, TK_DATE, T); }
expr(A) ::= DATETIME(T).                  { A = ast_literal(pp, TK_DATETIME, T); }
expr(A) ::= TIMEOFDAY(T).                 { A = ast_literal(pp, TK_TIMEOFDAY, T); }
expr(A) ::= STRING(T).                    { A = ast_literal(pp, TK_STRING, T); }
expr(A) ::= STR_HEAD(H) expr(E) interp(R). { A = ast_interp_add(pp, 0, H, E); A = ast_interp_add(pp, A, tok_none(), R); }
%type interp {Node *}
interp(A) ::= STR_TAIL(T).                { A = ast_interp_add(pp, 0, T, 0); }
interp(A) ::= STR_MID(M) expr(E) interp(R). { A = ast_interp_add(pp, 0, M, E); A = ast_interp_add(pp, A, tok_none(), R); }
expr(A) ::= ANY(K) rulekw(T).               { A = ast_kind_query(pp, N_ANYKIND, K, T); }
expr(A) ::= FIRED(K) rulekw(T).             { A = ast_kind_query(pp, N_FIRED, K, T); }

expr(A) ::= LBRACKET(K) RBRACKET.         { A = ast_retag(ast_list_new(pp, K), N_LIST, K); }
expr(A) ::= LBRACKET(K) exprs(L) comma RBRACKET. { A = ast_retag(L, N_LIST, K); }
expr(A) ::= LBRACKET(K) expr(E) FOR NAME(V) IN expr(L) RBRACKET.
                                          { A = ast_comp(pp, N_LISTCOMP, K, 0, E, V, L, 0); }
expr(A) ::= LBRACKET(K) expr(E) FOR NAME(V) IN expr(L) IF expr(C) RBRACKET.
                                          { A = ast_comp(pp, N_LISTCOMP, K, 0, E, V, L, C); }
expr(A) ::= LBRACE(K) RBRACE.             { A = ast_retag(ast_list_new(pp, K), N_SET, K); }
expr(A) ::= LBRACE(K) exprs(L) comma RBRACE. { A = ast_retag(L, N_SET, K); }
expr(A) ::= LBRACE(K) members(M) comma RBRACE. { A = ast_retag(M, N_OBJ, K); }
expr(A) ::= LBRACE(K) expr(X) ARROW expr(Y) FOR NAME(V) IN expr(L) RBRACE.
                                          { A = ast_comp(pp, N_OBJCOMP, K, X, Y, V, L, 0); }
%type members {Node *}
members(A) ::= NAME(N) COLON expr(E).     { A = ast_obj_add(pp, 0, N, E); }
members(A) ::= kwname(N) COLON expr(E).   { A = ast_obj_add(pp, 0, N, E); }
members(A) ::= STRING(N) COLON expr(E).   { A = ast_obj_add(pp, 0, N, E); }
members(A) ::= members(L) COMMA anyname(N) COLON expr(E). { A = ast_obj_add(pp, L, N, E); }
members(A) ::= members(L) COMMA STRING(N) COLON expr(E). { A = ast_obj_add(pp, L, N, E); }

%type exprs {Node *}
exprs(A) ::= expr(E).                     { A = ast_list_add(pp, ast_list_new(pp, E ? (Token){E->off, E->len} : tok_none()), E); }
exprs(A) ::= exprs(L) COMMA expr(E).      { A = ast_list_add(pp, L, E); }
