#!/usr/bin/env python3
"""Compare rregull's decisions with the expected decisions of acceptance cases.

usage: check.py [--engine CMD] [--fields F1,F2,...] [-v] CASE.json|DIR ...

Each case file holds "id", "as_of", "facts" and "expected" (the decision
contract, docs in the published acceptance README).  The engine is run once
per case as `CMD INPUT.json`, where INPUT.json holds only id, as_of and facts,
and must print one JSON decision.  --fields limits the comparison to the named
fields (the contract's comparison rules are kept for each).  Prints a line per
failing case with what differs, then "N passed, N failed"; exits 1 on failure.
"""
import argparse
import datetime as dt
import json
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

FIELDS = ["in_scope", "hazards", "worst_form", "child_labour_found", "immediate_assistance",
          "risk.level", "risk.deciding_factors", "risk.factor_levels", "risk.cmr_case",
          "deadlines", "next_actions", "closure.eligible", "closure.reasons_met",
          "closure.preconditions_missing", "closure.discretionary_grounds_not_sufficient",
          "compliance_findings", "terminal_event"]

DURATION = re.compile(r"^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def seconds(value):
    if value is None:
        return None
    m = DURATION.match(str(value))
    if not m or value in ("P", "PT"):
        raise ValueError(f"not an ISO 8601 duration: {value!r}")
    d, h, mi, s = m.groups()
    total = int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)
    return -total if str(value).startswith("-") else total


def instant(value):
    if value is None:
        return None
    t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError(f"date-time without offset: {value!r}")
    return t


def ids(items, key="id"):
    return sorted({(i or {}).get(key) for i in (items or [])}, key=str)


def compare(exp, got, fields):
    """Yield (field, detail) for every difference in the selected fields."""
    def want(f):
        return f in fields

    def differ(f, e, g):
        if want(f) and e != g:
            yield f, f"expected {e!r}, got {g!r}"

    yield from differ("in_scope", exp.get("in_scope"), got.get("in_scope"))
    if exp.get("in_scope") is False:
        return
    yield from differ("hazards", ids(exp.get("hazards")), ids(got.get("hazards")))
    ew, gw = exp.get("worst_form") or {}, got.get("worst_form") or {}
    yield from differ("worst_form", (ew.get("flag"), sorted(ew.get("categories") or [])),
                      (gw.get("flag"), sorted(gw.get("categories") or [])))
    yield from differ("child_labour_found", exp.get("child_labour_found"), got.get("child_labour_found"))
    yield from differ("immediate_assistance", (exp.get("immediate_assistance") or {}).get("category"),
                      (got.get("immediate_assistance") or {}).get("category"))
    er, gr = exp.get("risk") or {}, got.get("risk") or {}
    yield from differ("risk.level", er.get("level"), gr.get("level"))
    yield from differ("risk.deciding_factors", ids(er.get("deciding_factors"), "rule_id"),
                      ids(gr.get("deciding_factors"), "rule_id"))
    efl, gfl = er.get("factor_levels") or {}, gr.get("factor_levels") or {}
    yield from differ("risk.factor_levels", efl, {k: gfl.get(k) for k in efl})
    yield from differ("risk.cmr_case", er.get("cmr_case"), gr.get("cmr_case"))
    if want("deadlines"):
        got_dl = {}
        for d in got.get("deadlines") or []:
            got_dl.setdefault((d.get("id"), d.get("instance")), d)
        for d in exp.get("deadlines") or []:
            key = (d.get("id"), d.get("instance"))
            name = key[0] + (f"[{key[1]}]" if key[1] else "")
            g = got_dl.get(key)
            if g is None:
                yield "deadlines", f"{name} missing"
                continue
            diffs = []
            if d.get("status") != g.get("status"):
                diffs.append(f"status {d.get('status')} != {g.get('status')}")
            for f in ("due_at", "completed_at"):
                try:
                    if instant(d.get(f)) != instant(g.get(f)):
                        diffs.append(f"{f} {d.get(f)} != {g.get(f)}")
                except (ValueError, TypeError) as e:
                    diffs.append(f"{f}: {e}")
            for f in ("late_by", "overdue_by"):
                if f in d:
                    try:
                        if seconds(d.get(f)) != seconds(g.get(f)):
                            diffs.append(f"{f} {d.get(f)} != {g.get(f)}")
                    except (ValueError, TypeError) as e:
                        diffs.append(f"{f}: {e}")
            if diffs:
                yield "deadlines", f"{name}: " + "; ".join(diffs)
    yield from differ("next_actions", ids(exp.get("next_actions")), ids(got.get("next_actions")))
    ec, gc = exp.get("closure") or {}, got.get("closure") or {}
    yield from differ("closure.eligible", ec.get("eligible"), gc.get("eligible"))
    for f in ("reasons_met", "preconditions_missing", "discretionary_grounds_not_sufficient"):
        yield from differ("closure." + f, ids(ec.get(f)), ids(gc.get(f)))
    yield from differ("compliance_findings", ids(exp.get("compliance_findings")),
                      ids(got.get("compliance_findings")))
    yield from differ("terminal_event", exp.get("terminal_event"), got.get("terminal_event"))


def case_files(paths):
    for p in map(pathlib.Path, paths):
        yield from sorted(p.glob("*.json")) if p.is_dir() else [p]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="./rregull eval --rules rules/kosovo")
    ap.add_argument("--fields", default=",".join(FIELDS))
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    fields = {f.strip() for f in a.fields.split(",") if f.strip()}
    unknown = fields - set(FIELDS)
    if unknown:
        ap.error("unknown fields: " + ", ".join(sorted(unknown)))
    engine = shlex.split(a.engine)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in case_files(a.paths):
            case = json.loads(path.read_text())
            inp = pathlib.Path(tmp) / path.name
            inp.write_text(json.dumps({"id": case["id"], "as_of": case["as_of"], "facts": case["facts"]}))
            try:
                r = subprocess.run(engine + [str(inp)], capture_output=True, text=True, timeout=a.timeout)
                if r.returncode != 0:
                    raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()[:300]}")
                diffs = list(compare(case["expected"], json.loads(r.stdout), fields))
            except Exception as e:  # the engine crashed or printed no JSON
                diffs = [("engine", str(e)[:400])]
            if diffs:
                failed += 1
                print(f"FAIL {case['id']} {case.get('title', '')}")
                for f, detail in diffs[: None if a.verbose else 8]:
                    print(f"    {f}: {detail}")
            else:
                passed += 1
                if a.verbose:
                    print(f"ok   {case['id']} {case.get('title', '')}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
