fmt --check tests/fmt/messy.rr tests/fmt/formatted.rr
