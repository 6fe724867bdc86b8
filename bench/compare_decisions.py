#!/usr/bin/env python3
"""compare_decisions.py -- run two engines over the same cases and say what changed.

Usage:
    python3 bench/compare_decisions.py --before CMD --after CMD CASES.jsonl [--top N]

CMD is an eval command line that takes case files, e.g.
    "./rregull eval --compact --rules rules/kosovo"
Each case of CASES.jsonl (bench/gen_cases.py, bench/mutate_cases.py) is written
to a file of its own, without keys other than id, as_of and facts; each engine
evaluates them in chunks (one decision per line).  When a chunk fails as a
whole, its cases are run one by one, so that a crash is pinned to its case.

Prints: the cases each engine evaluated, rejected (exit 2) or crashed on
(killed by a signal, no output, or output that is not JSON); then, for each
field of the decision contract, the number of cases whose answer changed and
the most frequent changes ("+ID" added, "-ID" removed, "ID: a -> b").  A
deadline is compared by (id, instance) on status and due date; the before
side's deadlines_awaiting_start, when present, counts as part of its
deadlines.  Asserts nothing; exits 1 only when an engine crashed.
"""

import argparse
import collections
import json
import os
import shlex
import subprocess
import sys
import tempfile

CHUNK = 200


def run(cmd, files):
    """{case_id: decision or an error string} for FILES."""
    out = {}
    for i in range(0, len(files), CHUNK):
        part = files[i:i + CHUNK]
        p = subprocess.run(shlex.split(cmd) + part, capture_output=True, text=True)
        lines = [l for l in p.stdout.splitlines() if l.strip()]
        if p.returncode == 0 and len(lines) == len(part):
            for l in lines:
                d = json.loads(l)
                out[d["case_id"]] = d
            continue
        for f in part:                       # one by one: who failed, and how
            cid = os.path.basename(f)[:-5]
            q = subprocess.run(shlex.split(cmd) + [f], capture_output=True, text=True)
            if q.returncode < 0:
                out[cid] = f"crash: signal {-q.returncode}"
            elif q.returncode == 2:
                out[cid] = "rejected: " + q.stderr.strip()[:120]
            else:
                try:
                    out[cid] = json.loads(q.stdout)
                except ValueError:
                    out[cid] = f"crash: exit {q.returncode}, output not JSON"
    return out


def ids(items, key="id"):
    return {(x or {}).get(key) for x in items or []}


def project(d):
    """The fields of the contract, each as a set or a value."""
    dls = (d.get("deadlines") or []) + (d.get("deadlines_awaiting_start") or [])
    c = d.get("closure") or {}
    r = d.get("risk") or {}
    return {
        "in_scope": d.get("in_scope"),
        "hazards": ids(d.get("hazards")),
        "risk.level": r.get("level"),
        "deadlines": {(x["id"], x.get("instance")): (x["status"], x.get("due_at")) for x in dls},
        "deadlines[] entries": {(x["id"], x.get("instance")) for x in d.get("deadlines") or []},
        "next_actions": ids(d.get("next_actions")),
        "advisory_actions": ids(d.get("advisory_actions")),
        "closure.eligible": c.get("eligible"),
        "closure.reasons_met": ids(c.get("reasons_met")),
        "closure.preconditions_missing": ids(c.get("preconditions_missing")),
        "closure.discretionary_grounds_not_sufficient": ids(c.get("discretionary_grounds_not_sufficient")),
        "compliance_findings": ids(d.get("compliance_findings")),
        "terminal_event": d.get("terminal_event"),
        "interpretations_applied": set(d.get("interpretations_applied") or []),
        "keys": set(d),
    }


def changes(a, b):
    """What turned A into B, as short strings."""
    if isinstance(a, dict):
        out = [f"+{k[0]}{'[' + k[1] + ']' if k[1] else ''} {b[k][0]}" for k in b.keys() - a.keys()]
        out += [f"-{k[0]}{'[' + k[1] + ']' if k[1] else ''} {a[k][0]}" for k in a.keys() - b.keys()]
        out += [f"{k[0]}: {a[k][0]} -> {b[k][0]}" + (" (due moved)" if a[k][0] == b[k][0] else "")
                for k in a.keys() & b.keys() if a[k] != b[k]]
        return out
    if isinstance(a, set):
        fmt = lambda k: k[0] + (f"[{k[1]}]" if k[1] else "") if isinstance(k, tuple) else str(k)
        return [f"+{fmt(k)}" for k in b - a] + [f"-{fmt(k)}" for k in a - b]
    return [f"{a} -> {b}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("cases")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        with open(a.cases) as f:
            for line in f:
                if not line.strip():
                    continue
                c = json.loads(line)
                path = os.path.join(tmp, c["id"] + ".json")
                with open(path, "w") as g:
                    json.dump({"id": c["id"], "as_of": c["as_of"], "facts": c["facts"]}, g)
                files.append(path)
        res = {side: run(cmd, files) for side, cmd in (("before", a.before), ("after", a.after))}
    crashed = 0
    for side, r in res.items():
        bad = collections.Counter(v.split(":")[0] for v in r.values() if isinstance(v, str))
        crashed += bad["crash"]
        print(f"{side:6}: {len(files)} cases, {len(files) - sum(bad.values())} evaluated, "
              f"{bad['rejected']} rejected, {bad['crash']} crashed")
        for cid, v in sorted(r.items()):
            if isinstance(v, str) and v.startswith("crash"):
                print(f"        {cid}: {v}")
    per_field = collections.defaultdict(collections.Counter)
    cases_changed = collections.Counter()
    any_change = 0
    for cid in sorted(res["before"]):
        x, y = res["before"][cid], res["after"].get(cid)
        if isinstance(x, str) or isinstance(y, str) or y is None:
            continue
        px, py = project(x), project(y)
        changed = False
        for k in px:
            if px[k] != py[k]:
                cases_changed[k] += 1
                changed = True
                for c in changes(px[k], py[k]):
                    per_field[k][c] += 1
        any_change += changed
    print(f"\n{any_change} of {len(files)} cases changed in some field\n")
    print(f"{'field':48} cases changed")
    for k in project({}):
        print(f"{k:48} {cases_changed[k]:6}")
        for c, n in per_field[k].most_common(a.top):
            print(f"    {n:6}  {c}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
