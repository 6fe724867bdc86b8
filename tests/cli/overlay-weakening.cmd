check rules/kosovo tests/overlays/weakening
