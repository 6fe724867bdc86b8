#!/bin/sh
# bench/run.sh - `make bench`: the engine's speed, each figure next to its
# baseline, in one run.  Prints; asserts nothing (tests never time).  The
# timings come from the benchmark program build/rregull-bench (bench/bench.c);
# the imports are rregull's own.
#
#   1. evaluation with the facts in memory, and JSON parsing + evaluation,
#      over 1000 generated cases (bench/gen_cases.py) and the 40 published ones;
#   2. the case store for N = 10 000 and 100 000 generated cases: the floor
#      (reading every case's facts out of SQLite, nothing else), a batch that
#      evaluates without writing, a batch that writes its decisions, and the
#      peak resident memory of each; then every report (rregull report) over
#      the store's half-year.
#
#   RREGULL       the rregull binary (default ./rregull)
#   RREGULL_BENCH the benchmark program (default build/rregull-bench)
#   BENCH_SIZES   the store sizes (default "10000 100000")
#   BENCH_TMP     where the stores go (default: a temporary directory; a
#                 100 000-case store takes about 2 GB)
set -eu
cd "$(dirname "$0")/.."
RR=${RREGULL:-./rregull}
BENCH=${RREGULL_BENCH:-build/rregull-bench}
SIZES=${BENCH_SIZES:-10000 100000}
AS_OF=2025-06-06T10:00:00+02:00          # after every generated case's as_of
tmp=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$tmp"/bench-*' EXIT INT TERM

echo "== rregull $($RR version | cut -d' ' -f2), $(nproc) cores, $(uname -m)"
echo
echo "== 1. evaluation, facts in memory (rregull-bench)"
mkdir -p "$tmp/bench-cases"
python3 bench/gen_cases.py 1000 | split -l 1 -a 4 --additional-suffix=.json - "$tmp/bench-cases/c"
echo "-- 1000 generated cases"
$BENCH --rules rules/kosovo --repeat 20 "$tmp"/bench-cases/*.json
echo "-- the 40 published cases (their files also hold the expected decisions, parsed too)"
$BENCH --rules rules/kosovo --repeat 200 tests/acceptance/cases/*.json

for n in $SIZES; do
  echo
  echo "== 2. the case store, $n cases"
  db="$tmp/bench-$n.db"
  rm -f "$db" "$db-wal" "$db-shm"
  python3 bench/gen_cases.py "$n" >"$tmp/bench-$n.jsonl"
  start=$(date +%s.%N)
  $RR import --rules rules/kosovo --db "$db" "$tmp/bench-$n.jsonl"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$n" \
    'BEGIN { printf "  import: %.1f s, %.0f cases/s\n", e - s, n / (e - s) }'
  rm -f "$tmp/bench-$n.jsonl"
  $BENCH --rules rules/kosovo --db "$db" --as-of "$AS_OF"
  ls -l "$db" | awk '{ printf "  store size: %.0f MB\n", $5 / 1048576 }'
  # every report of rregull report over the half-year, from the decisions just written
  for kind in csw-semiannual municipal-annual national compliance; do
    start=$(date +%s.%N)
    $RR report "$kind" --db "$db" --from 2025-01-01 --to 2025-06-30 >"$tmp/bench-report.html"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v k="$kind" 'BEGIN { printf "  report %s: %.1f s\n", k, e - s }'
  done
  rm -f "$tmp/bench-report.html"
  rm -f "$db" "$db-wal" "$db-shm"
done
