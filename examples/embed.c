/*
** embed.c - rregull used as a library, the way a case system would.
**
**   cc embed.c $(pkg-config --cflags --libs rregull) -o embed
**   ./embed RULES-DIR CASE.json [STORE.db]
**
** Loads the rules, evaluates one case file and prints its decision; then,
** with a store, imports the case, evaluates it from the store, writes the
** decision back and runs a batch over every stored case.  Each failure is
** reported with the library's message.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rregull.h"

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) buf[len] = 0;
  *n = (size_t)len;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s RULES-DIR CASE.json [STORE.db]\n", argv[0]);
    return 64;
  }
  const char *paths[] = {argv[1]};
  rr_rules *rules = NULL;
  rr_eval *ev = NULL;
  rr_db *db = NULL;
  char *text = NULL, *decision = NULL;
  size_t n = 0;
  int rc = 1;

  if (rr_rules_load(&rules, paths, 1) != RR_OK) {
    fprintf(stderr, "%s", rr_rules_errors(rules));
    goto out;
  }
  printf("rregull %s, rule set %.12s\n", rr_version(), rr_rules_hash(rules));
  if (rr_eval_new(&ev, rules) != RR_OK) goto out;
  if (!(text = read_file(argv[2], &n))) {
    perror(argv[2]);
    goto out;
  }
  if (rr_eval_json(ev, text, n, 1, &decision) != RR_OK) {
    fprintf(stderr, "%s: %s\n", argv[2], rr_eval_errmsg(ev));
    goto out;
  }
  printf("decision from the file:\n%.400s...\n", decision);
  rr_free(decision);
  decision = NULL;

  if (argc > 3) {
    int changed = 0;
    if (rr_db_open(&db, argv[3], RR_DB_CREATE) != RR_OK ||
        rr_db_import(db, ev, text, n, argv[2], "embed example", NULL, &changed) != RR_OK) {
      fprintf(stderr, "%s: %s\n", argv[3], rr_db_errmsg(db));
      goto out;
    }
    printf("imported: %d facts recorded\n", changed);
    /* the case's id is in the file; the example cases use EX-001 ... */
    const char *id = getenv("EMBED_CASE_ID") ? getenv("EMBED_CASE_ID") : "EX-001";
    if (rr_db_eval(db, ev, id, NULL, 0, 1, &decision) != RR_OK) {
      fprintf(stderr, "%s: %s\n", argv[3], rr_db_errmsg(db));
      goto out;
    }
    printf("decision from the store (and written back): %zu bytes\n", (size_t)strlen(decision));
    rr_batch_options opt = {0};
    rr_batch_result res;
    if (rr_db_batch(db, ev, "2025-06-01T10:00:00+02:00", &opt, &res) != RR_OK) {
      fprintf(stderr, "%s: %s\n", argv[3], rr_db_errmsg(db));
      goto out;
    }
    printf("batch %lld: %lld evaluated, %lld failed\n", res.batchId, res.evaluated, res.failed);
  }
  rc = 0;
out:
  rr_free(decision);
  free(text);
  rr_db_close(db);
  rr_eval_free(ev);
  rr_rules_free(rules);
  return rc;
}
