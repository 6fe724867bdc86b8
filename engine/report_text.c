/*
** report_text.c - a report's tables as CSV (one table: UTF-8, a header
** line, RFC 4180 quoting, small counts suppressed) and the whole report as
** JSON (the numbers as computed, with the report's period, municipality and
** rule set).
*/
#include "report.h"
#include "rregull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void csv_field(StrBuf *b, const char *z) {
  if (!strpbrk(z, ",\"\r\n")) {
    sb_puts(b, z);
    return;
  }
  sb_puts(b, "\"");
  for (const char *p = z; *p; p++) {
    sb_add(b, p, 1);
    if (*p == '"') sb_add(b, p, 1);
  }
  sb_puts(b, "\"");
}

/* The header is the columns' names in English (for programs), their
** headings in another language (for the person who asked for it); the
** cells the values, or their labels in another language. */
int rep_write_csv(const Report *r, const RepTable *t, StrBuf *b) {
  for (int c = 0; c < t->nCol; c++) {
    if (c) sb_puts(b, ",");
    if (r->lang) {
      char key[200];
      StrBuf h = {0};
      snprintf(key, sizeof key, "col.%s", t->azCol[c]);
      rep_heading(&h, r, key);
      csv_field(b, h.z ? h.z : "");
      if (h.oom) b->oom = 1;
      free(h.z);
    } else {
      csv_field(b, t->azCol[c]);
    }
  }
  sb_puts(b, "\r\n");
  for (int i = 0; i < t->nRow; i++) {
    for (int c = 0; c < t->nCol; c++) {
      char buf[32];
      if (c) sb_puts(b, ",");
      const char *z = t->azCell[(size_t)i * (size_t)t->nCol + (size_t)c];
      const char *shown = rep_cell_shown(r, t->azCol[c], z, buf, sizeof buf);
      csv_field(b, shown == z ? rep_cell_label(r, t, c, z, 0) : shown);
    }
    sb_puts(b, "\r\n");
  }
  return b->oom ? -1 : 0;
}

/* Z as a JSON string (NULL: null), written by the engine's JSON writer. */
static void json_str(StrBuf *b, const char *z) {
  char *q = rr_json_quote(z);
  if (!q) { b->oom = 1; return; }
  sb_puts(b, q);
  rr_free(q);
}

static void json_heading(StrBuf *b, const Report *r, const char *zKey) {
  StrBuf h = {0};
  rep_heading(&h, r, zKey);
  json_str(b, h.oom ? "" : h.z ? h.z : "");
  if (h.oom) b->oom = 1;
  free(h.z);
}

int rep_write_json(const Report *r, StrBuf *b) {
  char key[200];
  sb_puts(b, "{\n  \"report\": ");
  json_str(b, r->zKind);
  sb_puts(b, ",\n  \"title\": ");
  snprintf(key, sizeof key, "report.%s", r->zKind);
  json_heading(b, r, key);
  sb_puts(b, ",\n  \"period\": {\"from\": ");
  json_str(b, r->zFrom);
  sb_puts(b, ", \"to\": ");
  json_str(b, r->zTo);
  sb_puts(b, "},\n  \"previous_period\": {\"from\": ");
  json_str(b, r->zPrevFrom);
  sb_puts(b, ", \"to\": ");
  json_str(b, r->zPrevTo);
  sb_puts(b, "},\n  \"municipality\": ");
  json_str(b, r->zMunicipality);
  sb_puts(b, ",\n  \"generated\": ");
  json_str(b, r->zGenerated);
  sb_puts(b, ",\n  \"ruleset_hash\": ");
  json_str(b, r->zHash);
  sb_printf(b, ",\n  \"cases\": %lld,\n  \"undecided\": %lld,\n  \"tables\": {", r->nCases, r->nUndecided);
  for (int i = 0; i < r->nTable; i++) {
    const RepTable *t = &r->aTable[i];
    sb_puts(b, i ? ",\n    " : "\n    ");
    json_str(b, t->zName);
    sb_puts(b, ": {\"title\": ");
    snprintf(key, sizeof key, "table.%s", t->zName);
    json_heading(b, r, key);
    sb_puts(b, ", \"columns\": [");
    for (int c = 0; c < t->nCol; c++) {
      if (c) sb_puts(b, ", ");
      json_str(b, t->azCol[c]);
    }
    sb_puts(b, "], \"rows\": [");
    for (int k = 0; k < t->nRow; k++) {
      sb_puts(b, k ? ",\n      [" : "\n      [");
      for (int c = 0; c < t->nCol; c++) {
        size_t x = (size_t)k * (size_t)t->nCol + (size_t)c;
        if (c) sb_puts(b, ", ");
        if (!t->azCell[x]) sb_puts(b, "null");
        else if (t->aType[x] == REP_INT || t->aType[x] == REP_REAL) sb_puts(b, t->azCell[x]);
        else json_str(b, t->azCell[x]);
      }
      sb_puts(b, "]");
    }
    sb_puts(b, t->nRow ? "\n    ]}" : "]}");
  }
  sb_puts(b, r->nTable ? "\n  }\n}\n" : "}\n}\n");
  return b->oom ? -1 : 0;
}
