#!/bin/sh
# bench/serve.sh - `make bench-serve`: rregull serve under load, with wrk on
# loopback, next to the in-process speed of the same cases measured in the
# same run.  Prints; asserts nothing (tests never time).
#
#   for 1, 8 and 64 connections: decisions per second, p50 and p99 latency,
#   requests that failed (non-2xx, socket errors), the server's resident
#   memory (RSS) before and after; then the in-process throughput of the
#   same cases (build/rregull-bench: JSON parse + evaluation + decision JSON,
#   one thread) and the ratio server / in-process.
#
#   RREGULL         the rregull binary (default ./rregull)
#   RREGULL_BENCH   the benchmark program (default build/rregull-bench)
#   SERVE_SECONDS   seconds per connection count (default 10; the issue's
#                   flat-memory check is SERVE_SECONDS=60)
#   SERVE_THREADS   the server's threads (default: the processors)
#   SERVE_CONNS     the connection counts (default "1 8 64")
set -eu
cd "$(dirname "$0")/.."
RR=${RREGULL:-./rregull}
BENCH=${RREGULL_BENCH:-build/rregull-bench}
SECS=${SERVE_SECONDS:-10}
THREADS=${SERVE_THREADS:-$(nproc)}
CONNS=${SERVE_CONNS:-1 8 64}
command -v wrk >/dev/null || { echo "bench-serve: wrk is not installed (make deps)" >&2; exit 70; }
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# the shipped cases as a case system sends them: the published cases' own
# "expected" answers (two thirds of their bytes) are test data, not part of a
# case, and are left out -- of the server's requests and of the in-process run
mkdir "$tmp/cases"
python3 - "$tmp/cases" tests/acceptance/cases/*.json examples/*.json <<'PY'
import json, os, sys
for path in sys.argv[2:]:
    case = json.load(open(path))
    case.pop("expected", None)
    with open(os.path.join(sys.argv[1], os.path.basename(path)), "w") as f:
        json.dump(case, f, indent=2, ensure_ascii=False)
PY
BENCH_CASES=$(ls "$tmp"/cases/*.json | tr '\n' ' ')
export BENCH_CASES
ncases=$(echo "$BENCH_CASES" | wc -w)
rss() { awk '/^VmRSS/ { print $2 " kB" }' "/proc/$1/status"; }

echo "== rregull serve $($RR version | cut -d' ' -f2): $(nproc) cores, $THREADS server threads, $ncases cases, ${SECS}s per level"
"$RR" serve --rules rules/kosovo --listen 127.0.0.1:0 --port-file "$tmp/port" --threads "$THREADS" --quiet \
  2>"$tmp/server.log" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
url="http://127.0.0.1:$port"
# warm up: every evaluator the pool will hold, and the page cache
wrk -t 2 -c 8 -d 2s -s bench/serve.lua "$url" >/dev/null
rss0=$(rss "$pid")
echo "server RSS after warm-up: $rss0"
printf '%-6s %12s %10s %10s %8s %12s\n' conns decisions/s p50 p99 errors RSS-after
best=0
for c in $CONNS; do
  t=$((c < 2 ? 1 : 2))
  wrk -t "$t" -c "$c" -d "${SECS}s" --latency -s bench/serve.lua "$url" >"$tmp/wrk.$c"
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$tmp/wrk.$c")
  p50=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.$c")
  p99=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.$c")
  errs=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' \
         "$tmp/wrk.$c")
  printf '%-6s %12s %10s %10s %8s %12s\n' "$c" "$rps" "$p50" "$p99" "$errs" "$(rss "$pid")"
  best=$rps
done
echo "server RSS at the end: $(rss "$pid") (after warm-up: $rss0)"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=

echo
echo "== in process, the same cases (build/rregull-bench, one thread)"
# shellcheck disable=SC2086
"$BENCH" --rules rules/kosovo --repeat 50 $BENCH_CASES | tee "$tmp/bench"
awk -v best="$best" -v cores="$(nproc)" '
  /evaluation \(facts in memory\)/ { ev = $(NF - 1) }
  /JSON parse \+ evaluation/ { pe = $(NF - 1) }
  /evaluation \+ decision JSON/ { er = $(NF - 1) }
  END {
    us = pe + er - ev                   # parse + evaluate + write the decision
    ips = 1e6 / us
    printf "in process: %.1f us per decision (parse + evaluate + write), %.0f decisions/s on one thread\n", us, ips
    printf "server at the last level: %.0f decisions/s = %.2f x in process on one thread (%.2f x its %d cores)\n",
           best, best / ips, best / (ips * cores), cores
  }' "$tmp/bench"
