fmt --stdout tests/fmt/messy.rr
