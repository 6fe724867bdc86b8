/*
** fuzz_policy.c - a libFuzzer target for the policy front end: the input is
** one policy file, loaded with the embedded stdlib (lexer, parser, checker,
** linter); when it loads, every rule is evaluated on a case with no facts
** at a fixed instant and its report rendered, so the evaluator runs on what
** the checker accepted.  Nothing may crash, leak, hang or trip a sanitizer.
**
** Built with clang by `make fuzz`; tests/fuzz/replay.c runs the corpus
** through the same entry point in `make test`.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *names[1] = {"fuzz.rr"};
  const char *texts[1] = {(const char *)data};
  RuleSet rs;
  if (ruleset_load_buffers(&rs, names, texts, &size, 1) == 0) {   /* a NUL inside is an error */
    Eval e;
    if (eval_init(&e, &rs.prog) == 0) {
      Value *facts = calloc((size_t)rs.prog.nSlot + 1, sizeof *facts);
      if (facts) {
        RrInstant t = 1741168800;       /* 2025-03-05T10:00:00Z */
        Arena a;
        arena_init(&a);
        eval_case(&e, facts, t);
        render_report(&e, &a);
        e.render = &a;                  /* what explain and the store render besides */
        for (int i = 0; i < rs.prog.nRule; i++) {
          int basis[64];
          render_evidence(&e, i);
          render_basis(&e, i, basis, 64);
        }
        for (int k = 0; k < e.nInst; k++) {
          DeadlineRow row;
          render_deadline(&e, k, &row);
          render_deadline_object(&e, &row);
        }
        arena_free(&a);
        free(facts);
      }
      eval_free(&e);
    }
  }
  ruleset_free(&rs);
  return 0;
}
