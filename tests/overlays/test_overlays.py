#!/usr/bin/env python3
"""Tests of municipal overlays and Lua hooks through the command line.

usage: test_overlays.py [-v]      (RREGULL: the binary, default ./rregull)

Prints "FAIL name" and why for each failure (and "ok name" with -v), then
"N passed, N failed".  Run from the repository root.
"""
import json
import pathlib
import sqlite3
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite  # noqa: E402

NATIONAL = ["--rules", "rules/kosovo"]
EXAMPLES = NATIONAL + ["--overlays", "rules/municipalities"]
HOSTILE = NATIONAL + ["--rules", "tests/overlays/hostile"]
SUITE = Suite("overlays")
run, check = SUITE.run, SUITE.check


def case(tmp, name, origin, **changes):
    d = json.loads(pathlib.Path("examples/street-vendor.json").read_text())
    d["id"] = name
    d["facts"]["child"]["municipality_of_origin"] = origin
    for path, value in changes.items():
        group, key = path.split("__")
        d["facts"].setdefault(group, {})[key] = value
    f = tmp / f"{name}.json"
    f.write_text(json.dumps(d))
    return str(f)


def national_part(d):
    """The decision without what an overlay adds."""
    keep = dict(d)
    for k in ("overlay", "referrals", "next_actions", "advisory_actions"):
        keep.pop(k, None)
    return keep


def test_examples(tmp):
    pz = case(tmp, "PZ-1", "Prizren", child__date_of_birth="2009-01-01", school__status="dropped_out",
              accompaniment__family_location_unknown=True)
    code, out, err = run("eval", *EXAMPLES, pz)
    d = json.loads(out) if code == 0 else {}
    ov = d.get("overlay") or {}
    ids = ov.get("rule_ids", [])
    check("a case of Prizren is decided under the Prizren overlay",
          code == 0 and ov.get("name") == "prizren" and "PZ-REF-DAY-CENTRE" in ids and "PZ-NA-OUTREACH" in ids,
          f"{code} {err} {ov}")
    check("the overlay's hook adds a referral and an action, recorded in the trail",
          "PZ-REF-VOCATIONAL" in [r["id"] for r in d.get("referrals", [])]
          and "PZ-NA-FAMILY-TRACING" in [a["id"] for a in d.get("next_actions", [])]
          and ov.get("hooks", [{}])[0].get("status") == "ok" and len(ov.get("hooks", [{}])[0].get("sha256", "")) == 64,
          ov.get("hooks"))
    check("the widened reading is listed among the interpretations applied",
          "NA-PLAN-TRANSITION-18" in d.get("interpretations_applied", []), d.get("interpretations_applied"))
    code2, out2, _ = run("eval", *NATIONAL, pz)
    n = json.loads(out2)
    check("the same case under the national rules alone has no overlay",
          code2 == 0 and n["overlay"] is None and n["referrals"] == [], n.get("overlay"))
    check("an overlay adds to the national next actions, it removes none",
          set(a["id"] for a in n["next_actions"]) <= set(a["id"] for a in d.get("next_actions", [])))
    gj = case(tmp, "GJ-1", "Gjakova", work__activities=["selling", "works with siblings"])
    code, out, err = run("eval", *EXAMPLES, gj)
    g = json.loads(out) if code == 0 else {}
    check("a hook's factor joins the risk factors, and can only raise the level",
          (g.get("risk") or {}).get("factor_levels", {}).get("GJ-RAF-SIBLINGS") == "medium"
          and g["risk"]["level"] in ("medium", "high"), f"{code} {err} {(g.get('risk') or {}).get('factor_levels')}")
    other = case(tmp, "PR-1", "Prishtina")
    code, out, err = run("eval", *EXAMPLES, other)
    check("a municipality with no overlay gets the national decision",
          code == 0 and json.loads(out)["overlay"] is None, err)
    code, out, err = run("eval", *EXAMPLES, "--municipality", "gjakova", other)
    check("--municipality applies an overlay whatever the facts say",
          code == 0 and json.loads(out)["overlay"]["name"] == "gjakova", err)
    code, out, err = run("eval", *EXAMPLES, "--municipality", "Atlantis", other)
    check("--municipality with no such overlay is a usage error", code == 64 and "Atlantis" in err, err)
    code, out, err = run("explain", *EXAMPLES, pz)
    check("explain shows the overlay, its amendments and its hook",
          code == 0 and "Municipal overlay prizren" in out and "tightened: within 5 days instead of 7 days" in out
          and "hook referrals" in out and "added by a hook" in out, out[-2000:] + err)


def test_hostile(tmp):
    hv = case(tmp, "HV-1", "Hostileville")
    marker = pathlib.Path("/tmp/rregull-hook-was-here")
    if marker.exists():
        marker.unlink()
    code, out, err = run("eval", *HOSTILE, hv)
    check("hostile hooks: the decision is written and the exit status says a hook failed",
          code == 5 and out.strip().startswith("{") and "a hook of overlay hostileville failed" in err, f"{code} {err}")
    d = json.loads(out) if out.strip().startswith("{") else {}
    hooks = {h["hook"]: h for h in (d.get("overlay") or {}).get("hooks", [])}
    expect = {
        "open_file": "attempt to index a nil value (global 'io')",
        "run_command": "attempt to index a nil value (global 'os')",
        "load_string": "attempt to call a nil value (global 'load')",
        "bytecode": "attempt to call a nil value (field 'dump')",
        "gigabyte": "memory cap of",
        "endless": "instruction budget of 1000000 exceeded",
        "recursion": "instruction budget of 1000000 exceeded",   # its stack is work, charged
        "remove_action": "a hook adds, it never removes or changes",
        "change_decision": "facts and the decision are read-only",
        "wrong_type": "hook returned a function at result.actions[1].title",
        "national_id": "NA-TIER-HIGH is a rule of the rule set",
        "pattern": "instruction budget of 1000000 exceeded",
        "rep_loop": "instruction budget of 1000000 exceeded",
        "utf8_loop": "instruction budget of 1000000 exceeded",
        "address": "tostring of a table is its address, which differs from run to run",
        "huge_key": "a hook may return actions, hazards, factors and referrals;",
    }
    for name, msg in expect.items():
        h = hooks.get(name, {})
        check(f"hostile hook {name} is stopped with a clear message",
              h.get("status") == "failed" and msg in (h.get("error") or ""), h)
    check("the well-behaved hook among them still adds its action",
          hooks.get("good", {}).get("status") == "ok"
          and "HV-NA-CHECK" in [a["id"] for a in d.get("next_actions", [])], hooks.get("good"))
    errors = [h.get("error") or "" for h in hooks.values()]
    check("the trail keeps a bounded part of an error (a hook's 60 KB key)",
          all(len(e) <= 400 for e in errors) and "... (60" in (hooks.get("huge_key", {}).get("error") or ""),
          [len(e) for e in errors])
    check("each call's limits are in the trail",
          all(h.get("limits") == {"instructions": 1000000, "memory_bytes": 16777216, "milliseconds": 1000}
              for h in hooks.values()), [h.get("limits") for h in hooks.values()][:2])
    titles = [a["action"] for a in d.get("next_actions", []) if a["id"] == "HV-NA-ORDER"]
    check("pairs visits a hook's keys in a fixed order",
          titles == [" ".join(sorted(f"step{i}" for i in range(1, 21)))], titles)
    check("no hook touched the file system", not marker.exists())
    code2, out2, _ = run("eval", *NATIONAL, hv)
    n = json.loads(out2)
    check("the national result stands: everything but the overlay's additions is the national decision",
          national_part(n) == national_part(d)
          and [a["id"] for a in n["next_actions"]] == [a["id"] for a in d["next_actions"]
                                                       if a["id"] not in ("HV-NA-CHECK", "HV-NA-ORDER")],
          "differs")
    code3, out3, _ = run("eval", *HOSTILE, hv)
    check("a decision with hooks is deterministic", out3 == out, "two runs differ")


def test_batch(tmp):
    db = str(tmp / "ov.db")
    files = [case(tmp, "B-PZ", "Prizren"), case(tmp, "B-GJ", "Gjakova"), case(tmp, "B-NA", "Peja"),
             case(tmp, "B-HV", "Hostileville")]
    run("import", *NATIONAL, "--db", db, *files)
    code, out, err = run("batch", *EXAMPLES, "--rules", "tests/overlays/hostile", "--db", db,
                         "--as-of", "2025-03-05T10:00:00+01:00")
    rows = dict(sqlite3.connect(db).execute("SELECT case_id, overlay_name FROM decisions").fetchall())
    check("a batch stores which overlay decided each case",
          rows == {"B-PZ": "prizren", "B-GJ": "gjakova", "B-NA": None, "B-HV": "hostileville"}, f"{rows} {err}")
    check("a batch with a failed hook says so and exits 5",
          code == 5 and "1 with a failed hook" in out, f"{code} {out} {err}")
    hv = sqlite3.connect(db).execute("SELECT decision FROM decisions WHERE case_id = 'B-HV'").fetchone()[0]
    check("the stored decision carries the hook failures",
          '"status":"failed"' in hv and "instruction budget" in hv, hv[-300:])
    code, out, err = run("cases", "--db", db)
    line = [l for l in out.splitlines() if l.startswith("B-PZ")]
    check("rregull cases shows the overlay that decided each case",
          code == 0 and line and line[0].split()[-1] == "prizren", out + err)
    code, out, err = run("eval", *EXAMPLES, "--db", db, "--case", "B-PZ")
    check("eval --db applies the overlay too", code == 0 and json.loads(out)["overlay"]["name"] == "prizren", err)


def test_widened_rows(tmp):
    code, out, err = run("test", "rules/kosovo", "tests/overlays/widen-rows")
    check("a row an overlay adds to a level table joins the rows of its level: it never lowers a level",
          code == 0 and "0 failed" in out, out + err)


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-overlays-"))
    for t in (test_examples, test_hostile, test_batch, test_widened_rows):
        try:
            t(tmp)
        except Exception as e:
            check(t.__name__, False, repr(e))
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
