/*
** fuzz_primero.c - a libFuzzer target for the Primero adapter: the input is
** one body as Primero's webhook would post it, mapped through
** rules/integrations/primero.json (or RREGULL_FUZZ_MAPPING) to a case of the
** Kosovo rules (or RREGULL_FUZZ_RULES), decided and mapped back.  Nothing
** may crash, leak, hang or trip a sanitizer, and every answer is a body or
** an error body ({"error": ...}): the server answers with one or the other.
**
** Built with clang by `make fuzz`; tests/fuzz/replay.c runs the corpus
** through the same entry point in `make test`.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rregull.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rr_rules *rules;
static rr_map *map;
static rr_eval *ev;

static void unload(void) {
  rr_eval_free(ev);
  rr_map_free(map);
  rr_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    const char *dir = getenv("RREGULL_FUZZ_RULES"), *zMap = getenv("RREGULL_FUZZ_MAPPING");
    const char *paths[1] = {dir && *dir ? dir : "rules/kosovo"};
    if (rr_rules_load(&rules, paths, 1) != RR_OK || rr_eval_new(&ev, rules) != RR_OK ||
        rr_map_load(&map, rules, zMap && *zMap ? zMap : "rules/integrations/primero.json") != RR_OK)
      abort();
    atexit(unload);
  }
  char *body = NULL, *err = NULL;
  int rc = rr_map_eval(map, ev, (const char *)data, size, NULL, 0, &body, &err);
  if (rc == RR_OK ? !body || strncmp(body, "{\"decision\":", 12) != 0
                  : rc != RR_EFACTS || !err || strncmp(err, "{\"error\":{\"code\":", 17) != 0)
    abort();
  rr_free(body);
  rr_free(err);
  char *c = NULL;
  rc = rr_map_case(map, (const char *)data, size, "2025-03-04T09:00:00+01:00", &c, &err);
  if (rc == RR_OK ? !c : rc != RR_EFACTS || !err) abort();
  rr_free(c);
  rr_free(err);
  return 0;
}
