fmt --check tests/fmt/no-such.rr
