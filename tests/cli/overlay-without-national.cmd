check tests/overlays/weakening
