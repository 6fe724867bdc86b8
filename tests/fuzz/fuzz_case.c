/*
** fuzz_case.c - a libFuzzer target for case input: the input is one case in
** JSON, read against the Kosovo rules (rules/kosovo, or the directory in
** RREGULL_FUZZ_RULES) and, when it reads, evaluated and its decision
** written.  A case is read by the same code whether it comes from a file,
** an import or the library.  Nothing may crash, leak, hang or trip a
** sanitizer; a bad case is an error naming its JSON path.
**
** Built with clang by `make fuzz`; tests/fuzz/replay.c runs the corpus
** through the same entry point in `make test`.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rregull.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rr_rules *rules;
static rr_eval *ev;

static void unload(void) {
  rr_eval_free(ev);
  rr_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    const char *dir = getenv("RREGULL_FUZZ_RULES");
    const char *paths[1] = {dir && *dir ? dir : "rules/kosovo"};
    if (rr_rules_load(&rules, paths, 1) != RR_OK || rr_eval_new(&ev, rules) != RR_OK) abort();
    atexit(unload);
  }
  char *decision = NULL;
  rr_eval_json(ev, (const char *)data, size, 0, &decision);
  rr_free(decision);
  return 0;
}
