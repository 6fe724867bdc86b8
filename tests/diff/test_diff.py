#!/usr/bin/env python3
"""Tests of `rregull diff`: the impact of a rule edit on every case.

usage: test_diff.py [-v] [--update]   (RREGULL: the binary, default ./rregull)

The amendment is made here, on a copy of rules/kosovo (no second copy of
the law is kept): the occasional load limits cut (boys 15 -> 10 kg, girls
10 -> 8 kg) and a new hazardous sector, fishing.  The cases are the shipped
examples, two acceptance cases and tests/diff/cases/ (a fishing boat, a
sector the old rules do not know).  Goldens: tests/diff/expected.txt and
expected.json (--update rewrites them).  Prints "N passed, N failed".
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite, RR  # noqa: E402
from amendment import amend as amend_dated  # noqa: E402

HERE = pathlib.Path("tests/diff").resolve()
ROOT = pathlib.Path(".").resolve()
SUITE = Suite("diff")
check = SUITE.check
UPDATE = "--update" in sys.argv


def amend(path):
    """Turns a copy of rules/kosovo into the amended rules; fails loudly if the
    text to change is not there any more."""
    edits = [
        ("hazards.rr", "  row male,   occasional -> 15 kg\n", "  row male,   occasional -> 10 kg\n"),
        ("hazards.rr", "  row female, occasional -> 10 kg\n", "  row female, occasional -> 8 kg\n"),
        ("facts.rr", "  manufacturing, services, none, other,\n", "  manufacturing, services, fishing, none, other,\n"),
    ]
    for name, old, new in edits:
        f = path / name
        text = f.read_text()
        assert old in text, f"{name}: {old!r} not found: update tests/diff/test_diff.py"
        f.write_text(text.replace(old, new))
    with (path / "hazards.rr").open("a") as f:
        f.write('\nhazard HAZ-SECTOR-FISHING "Hazardous sector: fishing"\n'
                '  cites SOP l.180\n'
                '  when work.sector == fishing\n'
                '  evidence "sector \'{work.sector}\' is listed as hazardous"\n')


def run(*args, cwd, env=None):
    p = subprocess.run([str(pathlib.Path(RR).resolve()), *args], capture_output=True, text=True, cwd=cwd, env=env)
    return p.returncode, p.stdout, p.stderr


def golden(name, got):
    path = HERE / name
    if UPDATE:
        path.write_text(got)
    want = path.read_text() if path.exists() else ""
    check(f"{name} matches", got == want, "".join(
        __import__("difflib").unified_diff(want.splitlines(True), got.splitlines(True), name, "got")))


with tempfile.TemporaryDirectory() as t:
    tmp = pathlib.Path(t)
    shutil.copytree(ROOT / "rules/kosovo", tmp / "old", ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(tmp / "old", tmp / "new")
    amend(tmp / "new")
    (tmp / "cases").mkdir()
    cases = sorted((ROOT / "examples").glob("*.json")) + \
        [ROOT / "tests/acceptance/cases" / c for c in ("S001.json", "S003.json")] + \
        sorted(HERE.glob("cases/*.json"))
    for c in cases:
        shutil.copy(c, tmp / "cases" / c.name)
    files = sorted("cases/" + c.name for c in cases)
    plain = [f for f in files if "fishing" not in f]      # the cases the old rules can read

    code, out, err = run("check", "new", cwd=tmp)
    check("the amended rules check", code == 0, err)

    # ---- case files: human and JSON goldens ----
    code, out, err = run("diff", "old", "new", *files, cwd=tmp)
    check("case files: exit status 1 (changes)", code == 1, f"{code}: {err}")
    check("case files: nothing on stderr (not a terminal: no progress)", err == "", err)
    golden("expected.txt", out)
    human = out
    code, out, err = run("diff", "old", "new", *files, "--json", cwd=tmp)
    check("--json: exit status 1", code == 1, f"{code}: {err}")
    golden("expected.json", out)
    try:
        j = json.loads(out)
    except ValueError as e:
        j = {}
        check("--json is JSON", False, e)
    check("--json: as many cases as files", j.get("cases") == len(files), j.get("cases"))
    changed = {c["case"]: c for c in j.get("case_changes", [])}
    check("--json: counts agree", j.get("changed") == len(changed) and
          sum(j.get("by_municipality", {}).values()) == len(changed))
    s001 = {(x["path"], x["kind"]): x for x in changed.get("S001", {}).get("changes", [])}
    check("S001: the load hazard is new", ("hazards[HAZ-LOAD-OCCASIONAL]", "new") in s001, sorted(s001))
    check("S001: child labour found false -> true",
          s001.get(("child_labour_found", "changed"), {}).get("new") is True, s001.get(("child_labour_found", "changed")))
    check("S001: risk level changes", ("risk.level", "changed") in s001)
    fish = {(x["path"], x["kind"]): x for x in changed.get("EX-FISH", {}).get("changes", [])}
    check("the fishing boat: the old rules cannot evaluate it (an error change)",
          ("error", "error") in fish and "fishing" in str(fish[("error", "error")].get("old")), fish)
    check("human and JSON report the same number of changed cases",
          f"{len(files)} cases evaluated, {len(changed)} changed" in human, human[:200])
    order = [line.split(":")[0].strip() for line in human.split("\ncase S001")[1].split("\ncase ")[0].splitlines()[1:] if line.strip()]
    check("changes follow the decision's order (hazards before risk before closure)",
          order and order[0].startswith("hazards") and
          max(i for i, p in enumerate(order) if p.startswith("risk")) <
          min(i for i, p in enumerate(order) if p.startswith("closure")), order)

    # ---- the same rules: no change, exit 0 ----
    code, out, err = run("diff", "old", "old", *plain, cwd=tmp)
    check("same rules: exit 0", code == 0, f"{code}: {err}")
    check("same rules: 0 changed", f"{len(plain)} cases evaluated, 0 changed" in out, out)
    code, out, err = run("diff", "old", "old", *files, cwd=tmp)
    check("a case neither rule set can read: exit 2, named", code == 2 and "fishing-boat.json" in err, err)
    check("... and the other cases are still compared and reported",
          f"{len(plain)} cases evaluated, 0 changed" in out and "1 case could not be evaluated" in out, out)

    # ---- a store: the same changes as the files ----
    db = str(tmp / "cases.db")
    r = run("import", "--rules", "new", "--db", db, *files, cwd=tmp)
    dbplain = str(tmp / "plain.db")
    r2 = run("import", "--rules", "old", "--db", dbplain, *plain, cwd=tmp)
    check("import the plain cases under the old rules", r2[0] == 0, r2[2])
    check("import the cases under the new rules", r[0] == 0, r[2])
    code, out, err = run("diff", "old", "new", "--db", db, "--json", cwd=tmp)
    try:
        jdb = json.loads(out)
    except ValueError:
        jdb = {}
    check("--db: exit 1, the same cases change as from the files",
          code == 1 and sorted(c["case"] for c in jdb.get("case_changes", [])) == sorted(changed), f"{code} {err}")
    check("--db: the same changes as from the files (errors aside: their messages name the source)",
          all(c["changes"] == changed.get(c["case"], {}).get("changes") for c in jdb.get("case_changes", [])
              if c["case"] != "EX-FISH"))
    code, out, err = run("diff", "old", "new", "--db", db, "--where", "case_id = 'S001'", cwd=tmp)
    check("--where: one case", code == 1 and "1 case evaluated, 1 changed" in out, out + err)
    code, out, err = run("diff", "old", "new", "--db", db, "--as-of", "2024-01-01T00:00:00Z", "--json", cwd=tmp)
    check("--as-of before any fact: runs (exit 0 or 1)", code in (0, 1), err)
    code, out, err = run("diff", str(ROOT / "rules/kosovo"), str(ROOT / "rules/kosovo"), "--db", dbplain, cwd=tmp)
    check("rules/kosovo against itself over a store: exit 0", code == 0 and " 0 changed" in out, out + err)

    # ---- git revisions, extracted and cleaned up ----
    env = dict(os.environ, TMPDIR=str(tmp / "gittmp"))
    (tmp / "gittmp").mkdir()
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
    if inside.returncode == 0 and inside.stdout.strip() == "true":
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
        code, out, err = run("diff", "HEAD:rules/kosovo", "HEAD:rules/kosovo", *[str(tmp / f) for f in plain],
                             cwd=top, env=env)
        check("git: HEAD:rules/kosovo against itself: exit 0", code == 0 and " 0 changed" in out, out + err)
        check("git: the temporary trees are removed", not list((tmp / "gittmp").iterdir()),
              list((tmp / "gittmp").iterdir()))
        code, out, err = run("diff", "no-such-rev:rules/kosovo", "HEAD:rules/kosovo", files[0], cwd=top, env=env)
        check("git: a bad revision is exit 2 with a message", code == 2 and "no-such-rev:rules/kosovo" in err, err)
        check("git: nothing left behind after a failure", not list((tmp / "gittmp").iterdir()))

    # ---- a dated amendment (versions from 2027-01-01) and the cases of tests/amendments ----
    shutil.copytree(tmp / "old", tmp / "dated")
    amend_dated(tmp / "dated")
    am = sorted(str(c) for c in HERE.glob("amendment-cases/*.json"))
    code, out, err = run("diff", "old", "dated", *am, "--json", cwd=tmp)
    try:
        ja = {c["case"][:5]: {(x["path"], x["kind"]) for x in c["changes"]} for c in json.loads(out)["case_changes"]}
    except (ValueError, KeyError):
        ja = {}
    check("dated amendment: exit 1", code == 1, f"{code}: {err}")
    check("dated: a case evaluated before 2027-01-01 does not change (AM-05)",
          not any(k.startswith("AM-05") for k in ja), sorted(ja))
    check("dated: a load observed after the date is a new hazard (AM-02)",
          ("hazards[HAZ-LOAD-OCCASIONAL]", "new") in ja.get("AM-02", set()), ja.get("AM-02"))
    check("dated: the fishing case, unknown to the old rules, is an error change (AM-03)",
          ("error", "error") in ja.get("AM-03", set()), ja.get("AM-03"))

    # ---- the progress bar: only on a terminal (script(1) gives one) ----
    if shutil.which("script"):
        cmd = f"{pathlib.Path(RR).resolve()} diff old new {' '.join(plain)}"
        p = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, cwd=tmp)
        check("on a terminal: a progress bar up to every case",
              f"] {len(plain)}/{len(plain)} cases" in p.stdout and "[#" in p.stdout, p.stdout[-300:])

    # ---- bad input ----
    code, out, err = run("diff", "old", cwd=tmp)
    check("one rule set: usage error 64", code == 64 and "OLD and NEW" in err, err)
    code, out, err = run("diff", "old", "new", cwd=tmp)
    check("no cases: usage error 64", code == 64, err)
    code, out, err = run("diff", "old", "missing", files[0], cwd=tmp)
    check("a missing rules directory: exit 2", code == 2 and "missing" in err, err)
    code, out, err = run("diff", "old", "new", "nofile.json", files[0], "--json", cwd=tmp)
    check("a missing case file: exit 2, the others reported", code == 2 and "nofile.json" in err
          and '"cases": 1,' in out and '"failed": 1' in out, out + err)
    code, out, err = run("diff", "old", "new", files[0], "--as-of", "2025-01-01T00:00:00Z", cwd=tmp)
    check("--as-of with case files: usage error", code == 64, err)
    code, out, err = run("diff", "old", "new", "--db", str(tmp / "nope.db"), cwd=tmp)
    check("a store that does not exist: exit 2", code == 2 and "nope.db" in err, err)
    code, out, err = run("diff", "--help", cwd=tmp)
    check("--help", code == 0 and out.startswith("usage: rregull diff"), err)

sys.exit(SUITE.finish())
