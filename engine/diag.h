/*
** diag.h - diagnostics for policy files: "file:line:col: error: message", the
** source line, and a caret under the offending token.  Locations travel as
** byte offsets; line and column are computed only when a message is written.
** Messages accumulate; diag_text() returns them sorted by file and position.
*/
#ifndef RR_DIAG_H
#define RR_DIAG_H

#include <stddef.h>
#include <stdint.h>

typedef struct SrcFile {
  char *zName;         /* as given on the command line or "<stdlib>/x.rr" */
  char *zText;         /* NUL-terminated contents */
  size_t nText;
} SrcFile;

typedef struct DiagMsg {
  int iFile;           /* -1: not about a place in a file */
  uint32_t off;
  int seq;             /* order of discovery, to keep sorting stable */
  char *z;             /* the message with its excerpt, and any notes */
} DiagMsg;

typedef struct Diag {
  SrcFile *aFile;
  int nFile, nFileAlloc;
  int nErr, nWarn;
  int maxErr;          /* stop recording after this many errors (0 = no limit) */
  int oom;             /* sticky: memory ran out while loading (messages may be lost) */
  int lost;            /* the message being written could not be stored */
  DiagMsg *aMsg;
  int nMsg, nMsgAlloc;
  char *zBuf;          /* the messages in file order, built by diag_text */
  char **azBroken;     /* names of declarations that failed to parse */
  int nBroken;
} Diag;

void diag_init(Diag *d);
void diag_free(Diag *d);            /* frees the file texts too */
/* Registers a file; takes ownership of ZTEXT (malloc'd).  Returns its index. */
int  diag_add_file(Diag *d, const char *zName, char *zText, size_t nText);
void diag_error(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;
void diag_warning(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;
/* A "note:" that explains the previous error (e.g. where a name was first
** defined).  Not counted as an error. */
void diag_note(Diag *d, int iFile, uint32_t off, uint32_t len, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;
/* An error with no source location: "rregull: error: message". */
void diag_plain(Diag *d, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
/* Line (1-based) and column (1-based, in characters) of a byte offset. */
void diag_locate(const Diag *d, int iFile, uint32_t off, int *pLine, int *pCol);
void diag_clear_messages(Diag *d);
/* All messages, sorted by file and position (notes stay with their error).
** The text is owned by D and valid until the next call. */
const char *diag_text(Diag *d);
/* Remembers that the declaration of NAME did not parse, so that its uses are
** not reported again as unknown names. */
void diag_add_broken(Diag *d, const char *z, size_t n);
int  diag_is_broken(const Diag *d, const char *z);

#endif
