fmt --stdout tests/fmt/formatted.rr
