#!/bin/sh
# bench/run.sh - `make bench`: the engine's speed as one table, each figure
# with its ratio to its baseline and the goal of issue 17.  Prints; asserts
# nothing (tests never time).  The timings come from the benchmark program
# build/rregull-bench (bench/bench.c, its --kv lines); the imports, loads and
# reports are rregull's own.
#
#   1. the rule set: load + check in process, `rregull check`, and one
#      `rregull eval` process on one case (best of 5 each);
#   2. evaluation with the facts in memory, JSON parsing + evaluation, and
#      evaluation + the decision's JSON, over the 40 published cases and
#      1000 generated ones (bench/gen_cases.py);
#   3. the case store of BENCH_CASES generated cases: the floor (reading
#      every case's facts out of SQLite, nothing else), a batch that
#      evaluates without writing, a batch that writes its decisions, the
#      same batch again (every decision found again: re-confirmed, not
#      written), peak resident memory, and every report (rregull report)
#      over the half-year;
#   4. with valgrind installed, instructions from callgrind: per case for
#      the evaluation and the evaluation + JSON (in memory, published cases),
#      per case on the CLI path (`rregull eval` of 40 cases minus 1 case,
#      divided by 39), and the whole `rregull check rules/kosovo`.
#
#   RREGULL       the rregull binary (default ./rregull)
#   RREGULL_BENCH the benchmark program (default build/rregull-bench)
#   BENCH_CASES   the store's size (default 2000; 100000 for the issue's
#                 figure: about 2 GB and many minutes)
#   BENCH_TMP     where the store goes (default: a temporary directory)
set -eu
cd "$(dirname "$0")/.."
RR=${RREGULL:-./rregull}
BENCH=${RREGULL_BENCH:-build/rregull-bench}
N=${BENCH_CASES:-2000}
RULES=rules/kosovo
AS_OF=2025-06-06T10:00:00+02:00          # after every generated case's as_of
tmp=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$tmp"/bench-*' EXIT INT TERM
kv="$tmp/bench-kv"
: >"$kv"
put() { echo "$1 $2" >>"$kv"; }
now() { date +%s.%N; }
# best of 5 wall-clock runs of a command, in ms
best_ms() {
  b=
  for _ in 1 2 3 4 5; do
    s=$(now); "$@" >/dev/null; e=$(now)
    b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { t = (e - s) * 1000; print (b == "" || t < b) ? t : b }')
  done
  echo "$b"
}
pub=$(ls tests/acceptance/cases/*.json)
one=$(ls tests/acceptance/cases/*.json | head -n 1)
npub=$(echo "$pub" | wc -l)

echo "== rregull $($RR version | cut -d' ' -f2), $(nproc) cores, $(uname -m), store of $N cases"

# 1. the rule set
put check_ms "$(best_ms "$RR" check "$RULES")"
put cli_one_ms "$(best_ms "$RR" eval --rules "$RULES" "$one")"

# 2. evaluation: published cases, then generated ones
# shellcheck disable=SC2086
"$BENCH" --rules "$RULES" --repeat 200 --kv $pub >>"$kv"
mkdir -p "$tmp/bench-cases"
python3 bench/gen_cases.py 1000 | split -l 1 -a 4 --additional-suffix=.json - "$tmp/bench-cases/c"
"$BENCH" --rules "$RULES" --repeat 20 --kv "$tmp"/bench-cases/*.json | sed 's/^/gen_/' >>"$kv"
rm -rf "$tmp/bench-cases"

# 3. the store
db="$tmp/bench-store.db"
rm -f "$db" "$db-wal" "$db-shm"
python3 bench/gen_cases.py "$N" >"$tmp/bench-store.jsonl"
s=$(now)
$RR import --rules "$RULES" --db "$db" "$tmp/bench-store.jsonl" >/dev/null
e=$(now)
put import_us "$(awk -v s="$s" -v e="$e" -v n="$N" 'BEGIN { print (e - s) * 1e6 / n }')"
rm -f "$tmp/bench-store.jsonl"
"$BENCH" --rules "$RULES" --db "$db" --as-of "$AS_OF" --kv >>"$kv"
put store_mb "$(ls -l "$db" | awk '{ print $5 / 1048576 }')"
for kind in csw-semiannual municipal-annual national compliance; do
  s=$(now)
  $RR report "$kind" --db "$db" --from 2025-01-01 --to 2025-06-30 >/dev/null
  e=$(now)
  put "report_$kind" "$(awk -v s="$s" -v e="$e" 'BEGIN { print (e - s) * 1000 }')"
done
rm -f "$db" "$db-wal" "$db-shm"

# 4. instructions (callgrind), when valgrind is installed
collected() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
if command -v valgrind >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  put ir_eval "$(($(collected --toggle-collect=bench_pass_eval "$BENCH" --rules "$RULES" --once eval $pub) / npub))"
  # shellcheck disable=SC2086
  put ir_eval_json "$(($(collected --toggle-collect=bench_pass_json "$BENCH" --rules "$RULES" --once json $pub) / npub))"
  # shellcheck disable=SC2086
  all=$(collected "$RR" eval --rules "$RULES" $pub)
  first=$(collected "$RR" eval --rules "$RULES" "$one")
  put ir_cli "$(((all - first) / (npub - 1)))"
  put ir_check "$(collected "$RR" check "$RULES")"
fi

awk -v n="$N" -v npub="$npub" '
  { v[$1] = $2 }
  function row(what, fig, ratio, goal) { printf "| %-56s | %-18s | %-32s | %-20s |\n", what, fig, ratio, goal }
  function us(x) { return sprintf("%.1f us/case", x) }
  function mi(x) { return x >= 1e6 ? sprintf("%.2f M", x / 1e6) : sprintf("%.1f k", x / 1e3) }
  END {
    row("measure", "figure", "ratio", "goal (issue 17)")
    row("---", "---", "---", "---")
    row("load + check " "rules/kosovo, in process", sprintf("%.2f ms", v["load_ms"]), "", "about 2 ms")
    row("`rregull check rules/kosovo`, whole process", sprintf("%.1f ms", v["check_ms"]), "", "")
    row("`rregull eval`, one case, whole process", sprintf("%.1f ms", v["cli_one_ms"]),
        sprintf("%.0fx the in-process load", v["cli_one_ms"] / v["load_ms"]), "<= 8 ms")
    row("evaluation, facts in memory (" npub " published cases)", us(v["eval_us"]), "1 (the baseline)", "")
    row("evaluation, facts in memory (1000 generated cases)", us(v["gen_eval_us"]),
        sprintf("%.2fx the published", v["gen_eval_us"] / v["eval_us"]), "")
    row("JSON parse + evaluation (published)", us(v["parse_eval_us"]),
        sprintf("%.1fx the evaluation", v["parse_eval_us"] / v["eval_us"]), "")
    row("evaluation + decision JSON (published)", us(v["eval_json_us"]),
        sprintf("%.1fx the evaluation", v["eval_json_us"] / v["eval_us"]), "")
    row("evaluation + decision JSON (generated)", us(v["gen_eval_json_us"]),
        sprintf("%.1fx the evaluation", v["gen_eval_json_us"] / v["gen_eval_us"]), "")
    row("import into the store (" n " generated cases)", us(v["import_us"]), "", "")
    row("(a) SQLite read floor: the facts, nothing else", us(v["floor_us"]), "100% (the floor)", "")
    row("(b) batch, evaluate, write nothing", us(v["batch_us"]),
        sprintf("%.0f%% of the floor'"'"'s throughput", 100 * v["floor_us"] / v["batch_us"]), "")
    row("(c) batch, evaluate, write the decisions", us(v["batch_write_us"]),
        sprintf("%.1f%% of the floor'"'"'s throughput", 100 * v["floor_us"] / v["batch_write_us"]), ">= 35% (at 100 000)")
    row("(d) the same batch again: every decision re-confirmed", us(v["batch_again_us"]),
        sprintf("%.1f%% of the floor'"'"'s throughput", 100 * v["floor_us"] / v["batch_again_us"]), "")
    row("peak RSS: (a) / (b) / (c) / (d)", sprintf("%.0f/%.0f/%.0f/%.0f MB", v["floor_rss_mb"], v["batch_rss_mb"],
        v["batch_write_rss_mb"], v["batch_again_rss_mb"]), "", "flat")
    row("store size after (c)", sprintf("%.1f kB/case", v["store_mb"] * 1024 / n), "", "")
    row("reports over the half-year: csw / municipal / national / compliance",
        sprintf("%.0f/%.0f/%.0f/%.0f ms", v["report_csw-semiannual"], v["report_municipal-annual"],
                v["report_national"], v["report_compliance"]), "", "")
    if ("ir_eval" in v) {
      row("instructions: evaluation, per published case", mi(v["ir_eval"]), "1 (the baseline)", "<= 40 k")
      row("instructions: evaluation + decision JSON, per case", mi(v["ir_eval_json"]),
          sprintf("%.0fx the evaluation", v["ir_eval_json"] / v["ir_eval"]), "")
      row("instructions: `rregull eval`, per case ((40 - 1) / 39)", mi(v["ir_cli"]),
          sprintf("%.0fx the evaluation", v["ir_cli"] / v["ir_eval"]), "<= 700 k")
      row("instructions: `rregull check rules/kosovo`, whole", mi(v["ir_check"]), "", "<= 15 M")
    } else {
      row("instructions (callgrind)", "valgrind not installed", "", "")
    }
  }' "$kv"
