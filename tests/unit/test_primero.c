/*
** test_primero.c - the Primero adapter's API (rr_map_*), used the way the
** server uses it, through rregull.h alone: one mapping and one rule set
** shared by several threads, each with its own rr_eval, giving the very same
** bodies as one thread; the error bodies; misuse.  Run from the project's root.
*/
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rregull.h"

static const char *const national[] = {"rules/kosovo"};
static const char *const records[] = {
  "tests/primero/records/S001.json", "tests/primero/records/S016-hand-set-risk.json",
  "tests/primero/records/S031.json", "tests/primero/records/S061.json",
  "tests/primero/records/S071.json", "tests/primero/records/S001-local-times.json",
};
enum { N_RECORD = (int)(sizeof records / sizeof records[0]), N_THREAD = 8, N_ROUND = 5 };

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 20);
  *n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
  fclose(f);
  if (buf) buf[*n] = 0;
  return buf;
}

static rr_rules *rules;
static rr_map *map;
static char *text[N_RECORD], *want[N_RECORD];
static size_t len[N_RECORD];

typedef struct Worker {
  pthread_t t;
  int differ, failed;
} Worker;

static void *work(void *ud) {
  Worker *w = ud;
  rr_eval *e;
  if (rr_eval_new(&e, rules) != RR_OK) {
    w->failed++;
    return NULL;
  }
  for (int round = 0; round < N_ROUND; round++)
    for (int i = 0; i < N_RECORD; i++) {
      char *body = NULL, *err = NULL;
      if (rr_map_eval(map, e, text[i], len[i], NULL, 0, &body, &err) != RR_OK) w->failed++;
      else if (strcmp(body, want[i]) != 0) w->differ++;
      rr_free(body);
      rr_free(err);
    }
  rr_eval_free(e);
  return NULL;
}

static void test_threads(void) {
  rr_eval *e;
  CHECK_EQ_INT(rr_eval_new(&e, rules), RR_OK);
  for (int i = 0; i < N_RECORD; i++) {
    char *err = NULL;
    CHECK(text[i] = read_file(records[i], &len[i]));
    CHECK_EQ_INT(rr_map_eval(map, e, text[i], len[i], NULL, 0, &want[i], &err), RR_OK);
    CHECK(err == NULL);
    CHECK(want[i] && strncmp(want[i], "{\"decision\":{", 13) == 0 && strstr(want[i], ",\"primero_patch\":{\"data\":{"));
  }
  rr_eval_free(e);
  Worker w[N_THREAD];
  memset(w, 0, sizeof w);
  for (int i = 0; i < N_THREAD; i++) CHECK_EQ_INT(pthread_create(&w[i].t, NULL, work, &w[i]), 0);
  for (int i = 0; i < N_THREAD; i++) {
    pthread_join(w[i].t, NULL);
    CHECK_EQ_INT(w[i].failed, 0);
    CHECK_EQ_INT(w[i].differ, 0);
  }
}

/* the steps one by one give what rr_map_eval gives */
static void test_steps(void) {
  rr_eval *e;
  char *c = NULL, *err = NULL, *dec = NULL, *patch = NULL;
  CHECK_EQ_INT(rr_eval_new(&e, rules), RR_OK);
  CHECK_EQ_INT(rr_map_case(map, text[1], len[1], NULL, &c, &err), RR_OK);
  CHECK(c && strncmp(c, "{\"id\":\"S016\",\"as_of\":\"2025-03-0", 31) == 0);
  CHECK_EQ_INT(rr_eval_json(e, c, strlen(c), 0, &dec), RR_OK);
  CHECK_EQ_INT(rr_map_back(map, dec, text[1], len[1], &patch), RR_OK);
  CHECK(patch && strstr(want[1], patch) && strstr(patch, "\"rregull_risk_level_disagrees\":true"));
  CHECK(patch && !strstr(patch, "\"risk_level\""));   /* set by hand: never overwritten */
  rr_free(c);
  rr_free(dec);
  rr_free(patch);
  /* --as-of */
  CHECK_EQ_INT(rr_map_case(map, text[0], len[0], "2025-07-01T12:00:00Z", &c, &err), RR_OK);
  CHECK(c && strstr(c, "\"as_of\":\"2025-07-01T14:00:00+02:00\""));
  rr_free(c);
  rr_eval_free(e);
}

static void test_errors(void) {
  char *c = (char *)1, *err = NULL;
  static const char bad[] = "{\"data\": {\"case_id_display\": \"X\", \"sex\": \"intersex\"}}";
  CHECK_EQ_INT(rr_map_case(map, bad, sizeof bad - 1, NULL, &c, &err), RR_EFACTS);
  CHECK(c == NULL);
  CHECK_EQ_STR(err, "{\"error\":{\"code\":\"unprocessable\",\"message\":\"'intersex' is not a value of this field the "
                    "mapping knows (male, female, other, unknown)\",\"path\":\"sex\"}}");
  rr_free(err);
  static const char notJson[] = "{\"data\": ";
  CHECK_EQ_INT(rr_map_case(map, notJson, sizeof notJson - 1, NULL, &c, &err), RR_EFACTS);
  CHECK(err && strstr(err, "\"code\":\"bad_request\"") && strstr(err, "\"path\":\"\""));
  rr_free(err);
  CHECK_EQ_INT(rr_map_case(map, bad, sizeof bad - 1, NULL, &c, NULL), RR_EFACTS);   /* no error body asked */
  /* the record's length is N: what follows is not read */
  static const char longer[] = "{\"case_id_display\": \"X\"} trailing";
  CHECK_EQ_INT(rr_map_case(map, longer, 24, "now", &c, &err), RR_OK);
  rr_free(c);
  /* misuse */
  CHECK_EQ_INT(rr_map_case(NULL, bad, sizeof bad - 1, NULL, &c, &err), RR_EMISUSE);
  CHECK_EQ_INT(rr_map_eval(map, NULL, bad, sizeof bad - 1, NULL, 0, &c, &err), RR_EMISUSE);
  rr_map *m = NULL;
  CHECK_EQ_INT(rr_map_load(&m, rules, "tests/primero/no-such-mapping.json"), RR_EPOLICY);
  CHECK(m && strstr(rr_map_errors(m), "no-such-mapping.json: cannot read"));
  CHECK_EQ_INT(rr_map_case(m, bad, sizeof bad - 1, NULL, &c, &err), RR_EMISUSE);   /* a failed load */
  rr_map_free(m);
  CHECK_EQ_INT(rr_map_load(&m, rules, "tests/primero/mappings/top.json"), RR_EPOLICY);
  CHECK(m && strstr(rr_map_errors(m), "top.json:2:14: error: this adapter reads \"mapping\": \"primero\""));
  rr_map_free(m);
  rr_map_free(NULL);
}

int main(void) {
  if (rr_rules_load(&rules, national, 1) != RR_OK) {
    printf("rules/kosovo does not load (run from the project's root)\n");
    return 1;
  }
  CHECK_EQ_INT(rr_map_load(&map, rules, "rules/integrations/primero.json"), RR_OK);
  test_threads();
  test_steps();
  test_errors();
  for (int i = 0; i < N_RECORD; i++) {
    free(text[i]);
    rr_free(want[i]);
  }
  rr_map_free(map);
  rr_rules_free(rules);
  return unit_done("test_primero");
}
