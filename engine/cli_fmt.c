/*
** cli_fmt.c - rregull fmt: policy files in their canonical layout.
**
** A token-level normaliser, conservative on purpose: it changes only white
** space outside strings and comments, which the language ignores (the lexer
** skips it), so a formatted file means exactly what it meant.  Alignment
** that a writer chose (columns of a table, a 'then' under its 'if') is
** kept.  The rules, each applied per line:
**   - line ends are LF; no white space at the end of a line;
**   - a tab in the indentation counts two spaces;
**   - no space before ',' and at least one after it (unless the line ends);
**   - at least one space on each side of = < > == != <= >= -> ?? (not at the
**     start of a line: a continued expression keeps its indentation);
**   - no space after ( or [ or before ) or ];
**   - at least one space before a comment that follows code;
** and per file: no blank line first or last, never two blank lines in a row,
** one newline at the end.  The output of fmt is a fixed point of fmt.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

const char *const usage_fmt =
  "usage: rregull fmt [--check | --stdout] FILE|DIR...\n"
  "\n"
  "Formats policy files (*.rr; a directory gives every *.rr file under it) in\n"
  "the canonical layout: white space only, outside strings and comments, so a\n"
  "formatted file means exactly what it meant and every comment stays.  LF\n"
  "line ends, no trailing white space, tabs in indentation as two spaces, one\n"
  "space after a comma and none before, spaces around = < > == != <= >= -> ??,\n"
  "none inside ( ) and [ ], a space before a comment after code, no blank line\n"
  "first or last and never two in a row.  Indentation and alignment (table\n"
  "columns, a 'then' under its 'if') are the writer's and are kept.\n"
  "Formatting a formatted file changes nothing.\n"
  "\n"
  "Rewrites each file that changes and lists it on stdout.\n"
  "\n"
  "options:\n"
  "  --check        write nothing: list the files that are not formatted; exit\n"
  "                 status 1 when there is one (for CI)\n"
  "  --stdout       write the formatted text of the files to stdout instead\n"
  "\n"
  "Exit status 0 when done (or, with --check, when every file is formatted), 1\n"
  "with --check when a file is not, 2 when a file cannot be read or written.\n";

enum { EXIT_FMT_UNFORMATTED = 1, EXIT_FMT_TROUBLE = 2 };

/* {==== the text ========================================================= */

typedef struct Out {
  char *z;
  size_t n, cap;
  int oom;
} Out;

static void put(Out *o, const char *z, size_t n) {
  if (o->oom) return;
  if (o->n + n + 1 > o->cap) {
    size_t cap = o->cap * 2 + n + 1024;
    char *z2 = realloc(o->z, cap);
    if (!z2) { o->oom = 1; return; }
    o->z = z2;
    o->cap = cap;
  }
  memcpy(o->z + o->n, z, n);
  o->n += n;
}
static void putc1(Out *o, char c) { put(o, &c, 1); }

/* The end of the string that starts at Z[I] (a '"'), interpolations and the
** strings inside them included; at most E (a string ends with its line). */
static size_t skip_string(const char *z, size_t i, size_t e) {
  i++;
  while (i < e) {
    char c = z[i];
    if (c == '\\' && i + 1 < e) { i += 2; continue; }
    if (c == '"') return i + 1;
    if (c == '{') {
      int depth = 1;
      i++;
      while (i < e && depth) {
        if (z[i] == '"') { i = skip_string(z, i, e); continue; }
        if (z[i] == '{') depth++;
        else if (z[i] == '}') depth--;
        i++;
      }
      continue;
    }
    i++;
  }
  return e;
}

/* The spaces at the end of O since the line's code began at LINE0. */
static void trim_back(Out *o, size_t line0) {
  while (o->n > line0 && o->z[o->n - 1] == ' ') o->n--;
}

/* At least one space before an operator or comment (not at the line's
** first code). */
static void space_before(Out *o, size_t line0) {
  if (o->n > line0 && o->z[o->n - 1] != ' ') putc1(o, ' ');
}

static int is_two_op(const char *z) {
  static const char *const az[] = {"==", "!=", "<=", ">=", "->", "??"};
  for (int k = 0; k < 6; k++)
    if (z[0] == az[k][0] && z[1] == az[k][1]) return 1;
  return 0;
}

/* One line, Z[0..E) without its end, formatted onto O. */
static void format_line(Out *o, const char *z, size_t e) {
  while (e > 0 && (z[e - 1] == ' ' || z[e - 1] == '\t' || z[e - 1] == '\r')) e--;
  size_t i = 0, start = o->n;
  /* indentation */
  for (; i < e && (z[i] == ' ' || z[i] == '\t'); i++) put(o, "  ", z[i] == '\t' ? 2 : 1);
  size_t line0 = o->n;
  while (i < e) {
    char c = z[i];
    if (c == '#') {
      space_before(o, line0);
      put(o, z + i, e - i);
      break;
    }
    if (c == '"') {
      size_t j = skip_string(z, i, e);
      put(o, z + i, j - i);
      i = j;
      continue;
    }
    if (c == ',') {
      trim_back(o, line0);
      putc1(o, ',');
      i++;
      if (i < e && !strchr(" \t)]", z[i])) putc1(o, ' ');
      continue;
    }
    if (i + 1 < e && is_two_op(z + i)) {
      space_before(o, line0);
      put(o, z + i, 2);
      i += 2;
      if (i < e && z[i] != ' ' && z[i] != '\t') putc1(o, ' ');
      continue;
    }
    if (c == '=' || c == '<' || c == '>') {
      space_before(o, line0);
      putc1(o, c);
      i++;
      if (i < e && z[i] != ' ' && z[i] != '\t') putc1(o, ' ');
      continue;
    }
    if (c == '(' || c == '[') {
      putc1(o, c);
      i++;
      size_t j = i;
      while (j < e && (z[j] == ' ' || z[j] == '\t')) j++;
      if (j < e && z[j] != '#') i = j;
      continue;
    }
    if (c == ')' || c == ']') {
      /* not the space after an operator: '= )' is two tokens apart */
      size_t k = o->n;
      while (k > line0 && o->z[k - 1] == ' ') k--;
      if (k == line0 || !strchr("=<>?", o->z[k - 1])) trim_back(o, line0);
      putc1(o, c);
      i++;
      continue;
    }
    putc1(o, c == '\t' ? ' ' : c);
    i++;
  }
  trim_back(o, line0);
  if (o->n == line0) o->n = start;          /* indentation only: a blank line */
}

/* The canonical text of TEXT (N bytes), malloc'd in *OUT (*NOUT bytes). */
static int format_text(const char *text, size_t n, char **out, size_t *nOut) {
  Out o = {0};
  int blanks = 0, any = 0;
  size_t i = 0;
  while (i < n) {
    const char *nl = memchr(text + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - text) : n;
    size_t before = o.n;
    if (any && blanks) putc1(&o, '\n');     /* one blank line, if the next line is code */
    size_t at = o.n;
    format_line(&o, text + i, e - i);
    if (o.n == at) {
      o.n = before;
      blanks++;
    } else {
      putc1(&o, '\n');
      blanks = 0;
      any = 1;
    }
    i = e + 1;
  }
  putc1(&o, 0);
  if (o.oom) { free(o.z); return -1; }
  *out = o.z;
  *nOut = o.n - 1;
  return 0;
}

/* }==== */

/* {==== files ============================================================ */

typedef struct Run {
  int check, toStdout;
  int nUnformatted;
  int trouble;
} Run;

static int write_file(const char *zPath, const char *z, size_t n) {
  size_t len = strlen(zPath);
  char *tmp = malloc(len + 16);
  if (!tmp) return -1;
  memcpy(tmp, zPath, len);
  memcpy(tmp + len, ".fmt-tmp", sizeof ".fmt-tmp");
  struct stat st;
  int mode = stat(zPath, &st) == 0 ? (int)(st.st_mode & 07777) : 0644;
  FILE *f = fopen(tmp, "wb");
  int ok = f && fwrite(z, 1, n, f) == n;
  if (f && fclose(f) != 0) ok = 0;
  if (ok) chmod(tmp, (mode_t)mode);
  if (ok && rename(tmp, zPath) != 0) ok = 0;
  if (!ok) remove(tmp);
  free(tmp);
  return ok ? 0 : -1;
}

static void fmt_file(Run *r, const char *zPath) {
  size_t n = 0, nOut = 0;
  char *text = cli_slurp(zPath, &n), *out = NULL;
  if (!text) {
    fprintf(stderr, "rregull fmt: %s: cannot read: %s\n", zPath, strerror(errno));
    r->trouble = 1;
    return;
  }
  if (format_text(text, n, &out, &nOut)) {
    fprintf(stderr, "rregull fmt: %s: out of memory\n", zPath);
    free(text);
    r->trouble = 1;
    return;
  }
  int same = nOut == n && memcmp(out, text, n) == 0;
  if (r->toStdout) {
    fwrite(out, 1, nOut, stdout);
  } else if (!same) {
    if (r->check) {
      printf("%s\n", zPath);
      r->nUnformatted++;
    } else if (write_file(zPath, out, nOut)) {
      fprintf(stderr, "rregull fmt: %s: cannot write: %s\n", zPath, strerror(errno));
      r->trouble = 1;
    } else {
      printf("%s\n", zPath);
    }
  }
  free(text);
  free(out);
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int ends_rr(const char *z) {
  size_t n = strlen(z);
  return n > 3 && strcmp(z + n - 3, ".rr") == 0;
}

/* PATH: a file, or a directory whose *.rr files (any depth) are formatted in
** name order; names beginning with '.' are passed over. */
static void fmt_path(Run *r, const char *zPath, int depth) {
  struct stat st;
  if (stat(zPath, &st) != 0) {
    fprintf(stderr, "rregull fmt: %s: %s\n", zPath, strerror(errno));
    r->trouble = 1;
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    fmt_file(r, zPath);
    return;
  }
  if (depth > 32) return;
  DIR *d = opendir(zPath);
  if (!d) {
    fprintf(stderr, "rregull fmt: %s: %s\n", zPath, strerror(errno));
    r->trouble = 1;
    return;
  }
  char **az = NULL;
  int n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue;
    size_t len = strlen(zPath) + strlen(de->d_name) + 2;
    char *z = malloc(len);
    if (!z) break;
    snprintf(z, len, "%s%s%s", zPath, zPath[strlen(zPath) - 1] == '/' ? "" : "/", de->d_name);
    if (n == cap) {
      cap = cap * 2 + 16;
      char **a = realloc(az, (size_t)cap * sizeof *a);
      if (!a) { free(z); break; }
      az = a;
    }
    az[n++] = z;
  }
  closedir(d);
  if (n) qsort(az, (size_t)n, sizeof *az, cmp_name);
  for (int i = 0; i < n; i++) {
    struct stat s2;
    if (stat(az[i], &s2) == 0 && (S_ISDIR(s2.st_mode) || ends_rr(az[i])))
      fmt_path(r, az[i], depth + 1);
    free(az[i]);
  }
  free(az);
}

int cmd_fmt(int argc, char **argv) {
  CliList paths = {0};
  Run r = {0, 0, 0, 0};
  const CliOpt opts[] = {
    {"check", 0, CLI_FLAG, &r.check, 1, NULL, NULL},
    {"stdout", 0, CLI_FLAG, &r.toStdout, 1, NULL, NULL},
    {NULL, 0, 0, NULL, 0, NULL, NULL}};
  int rc = cli_parse("fmt", argc, argv, opts, &paths, usage_fmt);
  if (!rc && !paths.n) rc = cli_usage("fmt", "needs a file or a directory");
  if (!rc && r.check && r.toStdout) rc = cli_usage("fmt", "--check and --stdout exclude each other");
  if (!rc) {
    for (int i = 0; i < paths.n; i++) fmt_path(&r, paths.a[i], 0);
    if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
    else if (r.trouble) rc = EXIT_FMT_TROUBLE;
    else if (r.nUnformatted) rc = EXIT_FMT_UNFORMATTED;
  }
  cli_list_free(&paths);
  return rc == CLI_HELP ? 0 : rc;
}

/* }==== */
