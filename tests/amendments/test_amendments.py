#!/usr/bin/env python3
"""Tests of amendments: the law in force when the facts happened, transitions,
dated enum members, version checks (tests/amendments/).

usage: test_amendments.py [-v]      (RREGULL: the binary, default ./rregull)

old/ is rules/kosovo, new/ the same amended by the fictitious AI 01/2027 (load
limits lowered and sector 'fishing' added from 2027-01-01), transition/ is new/
with a transitional provision, bad/ is new/ with a gap, a stale title and an
amendment without a citation of its own.  The last line is "N passed, N failed".
"""
import json
import pathlib
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite  # noqa: E402

HERE = pathlib.Path("tests/amendments")
CASES = HERE / "cases"
SUITE = Suite("amendments")
check = SUITE.check
run = SUITE.run

LOADS = {"HAZ-LOAD-OCCASIONAL", "HAZ-LOAD-CONTINUOUS"}


def case(name):
    return json.loads((CASES / f"{name}.json").read_text())


def evaluate(tree, c, tmp):
    """The decision of case C (a dict) under TREE, or (exit code, stderr)."""
    path = tmp / f"{c['id']}-{c['as_of'][:10]}.json"
    path.write_text(json.dumps(c))
    code, out, err = run("eval", "--rules", str(tree), str(path))
    return (json.loads(out) if code == 0 else None), code, err


def hazard_ids(d):
    return sorted(h["id"] if isinstance(h, dict) else h for h in d["hazards"])


def group_of(d, rule):
    for g in d["rule_versions"]:
        if rule in g["rule_ids"]:
            return g
    return None


def test_trees_check(tmp):
    for t in ("old", "new", "transition"):
        code, out, err = run("check", str(HERE / t))
        check(f"check {t}/: ok, no warning", code == 0 and err == "", out + err)
    code, out, err = run("check", str(HERE / "bad"))
    want = (HERE / "bad.err").read_text()
    check("check bad/: the gap, the stale title, the amendment without a citation (bad.err, exact)",
          code == 0 and err == want, err)


# (case, tree) -> the hazards expected
EXPECTED = {
    ("AM-01-load-observed-before", "old"): [],
    ("AM-01-load-observed-before", "new"): [],          # observed 2026: the 15 kg limit
    ("AM-02-load-observed-after", "old"): [],
    ("AM-02-load-observed-after", "new"): ["HAZ-LOAD-OCCASIONAL"],   # observed 2027: 10 kg
    ("AM-03-fishing-observed-after", "new"): ["HAZ-SECTOR-FISHING"],
    ("AM-04-load-opened-before-observed-after", "new"): ["HAZ-LOAD-OCCASIONAL"],
    ("AM-04-load-opened-before-observed-after", "transition"): [],   # opened 2026: kept
    ("AM-05-load-before-evaluated-before", "new"): [],
}


def test_cases(tmp):
    for (name, tree), want in EXPECTED.items():
        d, code, err = evaluate(HERE / tree, case(name), tmp)
        got = hazard_ids(d) if d else f"exit {code}: {err}"
        check(f"{name} under {tree}/: hazards {want}", got == want, got)


def test_observed_before_keeps_old_answer(tmp):
    c = case("AM-01-load-observed-before")
    answers = {}
    for as_of in ("2026-11-02T10:00:00+01:00", "2027-03-01T10:00:00+01:00", "2028-06-01T10:00:00+02:00"):
        c["as_of"] = as_of
        d, code, err = evaluate(HERE / "new", c, tmp)
        answers[as_of] = (hazard_ids(d), d["child_labour_found"]) if d else err
    check("a case observed in 2026 keeps its answer evaluated in 2026, 2027 and 2028",
          len(set(map(str, answers.values()))) == 1 and list(answers.values())[0] == ([], False), answers)
    c = case("AM-02-load-observed-after")
    d, _, err = evaluate(HERE / "new", c, tmp)
    g = group_of(d, "HAZ-LOAD-OCCASIONAL") if d else None
    check("the decision names the version used: from 2027-01-01, law of 2027-02-01 by CONV-LAW-OBSERVED",
          g is not None and g["effective_from"] == "2027-01-01" and g["effective_until"] is None
          and g["law_date"] == "2027-02-01" and g["law_by"] == "CONV-LAW-OBSERVED", g or err)
    check("... and the amendment's own citation",
          g is not None and "AMD Art. 1" in g["citations"].get("HAZ-LOAD-OCCASIONAL", []), g)


def test_titles_and_explain(tmp):
    c = case("AM-02-load-observed-after")
    d, _, err = evaluate(HERE / "new", c, tmp)
    titles = [h.get("title") for h in d["hazards"]] if d else err
    check("the decision gives the title of the version used (over 10 kg, not over 15 kg)",
          d is not None and any("over 10 kg (boys)" in (t or "") for t in titles), titles)
    path = tmp / "am02.json"
    path.write_text(json.dumps(c))
    code, out, err = run("explain", "--rules", str(HERE / "new"), str(path))
    check("explain names the version: in force from 2027-01-01, the law of 2027-02-01 (CONV-LAW-OBSERVED)",
          code == 0 and "    version: in force from 2027-01-01; the law of 2027-02-01 (CONV-LAW-OBSERVED)" in out,
          out + err)


def test_convention_decides(tmp):
    """Without CONV-LAW-OBSERVED's clause the 2027 law judges a 2026 fact:
    the convention in the rules, not the engine, makes the difference."""
    tree = tmp / "no-convention"
    shutil.copytree(HERE / "new", tree)
    conv = tree / "conventions.rr"
    text = conv.read_text()
    line = "  law for hazard, wfcl at events.identified_at\n"
    conv.write_text(text.replace(line, ""))
    d, code, err = evaluate(tree, case("AM-01-load-observed-before"), tmp)
    check("without 'law for hazard ... at events.identified_at' a 2026 fact is judged by the 2027 limits",
          line in text and d is not None and "HAZ-LOAD-OCCASIONAL" in hazard_ids(d), err or d and hazard_ids(d))


def test_transition(tmp):
    d, code, err = evaluate(HERE / "transition", case("AM-04-load-opened-before-observed-after"), tmp)
    g = group_of(d, "HAZ-LOAD-OCCASIONAL") if d else None
    check("a case opened before the date keeps the old limits, by TR-AMD-LOAD-LIMITS",
          d is not None and hazard_ids(d) == [] and g is None, err or d["rule_versions"])
    c = case("AM-04-load-opened-before-observed-after")
    c["facts"]["work"]["loads"] = [{"kg": 16, "mode": "occasional"}]
    d, code, err = evaluate(HERE / "transition", c, tmp)
    g = group_of(d, "HAZ-LOAD-OCCASIONAL") if d else None
    check("... under the old version (16 kg > 15 kg), the law of the opening date",
          g is not None and g["law_by"] == "TR-AMD-LOAD-LIMITS" and g["law_date"] == "2026-12-15"
          and g["effective_until"] == "2027-01-01", g or err)
    d, code, err = evaluate(HERE / "transition", case("AM-02-load-observed-after"), tmp)
    check("a case opened after the date is not touched by the transition",
          d is not None and hazard_ids(d) == ["HAZ-LOAD-OCCASIONAL"], err)


def test_enum_dates(tmp):
    c = case("AM-03-fishing-observed-after")
    c["as_of"] = "2026-12-01T10:00:00+01:00"
    c["facts"]["events"]["identified_at"] = "2026-11-30T10:00:00+01:00"
    d, code, err = evaluate(HERE / "new", c, tmp)
    check("a sector not yet in force on as_of is refused, naming the fact",
          code == 2 and "facts.work.sector: 'fishing' is not in force on 2026-12-01 (enum Sector: from 2027-01-01)"
          in err, f"exit {code}: {err}")
    c = case("AM-03-fishing-observed-after")
    c["facts"]["events"]["identified_at"] = "2026-11-30T10:00:00+01:00"
    d, code, err = evaluate(HERE / "new", c, tmp)
    check("recorded in 2027, observed in 2026: accepted, and the 2026 list has no fishing hazard",
          d is not None and hazard_ids(d) == [], err or hazard_ids(d))
    d, code, err = evaluate(HERE / "old", case("AM-03-fishing-observed-after"), tmp)
    check("the old rules report a case with the new sector (exit 2, naming the fact), they do not guess",
          code == 2 and "facts.work.sector: 'fishing' is not one of" in err, f"exit {code}: {err}")


def test_law_rule_set(tmp):
    """tests/amendments/law: deadlines at their start event, a rule's own
    instant, a rule only in force later; written as policy tests."""
    code, out, err = run("test", str(HERE / "law"))
    check("rregull test tests/amendments/law: every test passes", code == 0 and "14 passed, 0 failed" in out,
          out + err)


def test_store_same_answer(tmp):
    db = str(tmp / "am.db")
    rules = ["--rules", str(HERE / "new")]
    files = sorted(CASES.glob("*.json"))
    code, out, err = run("import", *rules, "--db", db, *map(str, files))
    check("import the amendment cases", code == 0, out + err)
    diff = []
    for f in files:
        cid = json.loads(f.read_text())["id"]
        _, a, e1 = run("eval", *rules, "--compact", "--db", db, "--case", cid)
        _, b, e2 = run("eval", *rules, "--compact", str(f))
        if a != b or not a:
            diff.append(f"{cid}: {e1}{e2}")
    check("eval --db gives the same decision as eval --rules, rule versions included", not diff,
          "\n".join(diff))
    code, out, err = run("batch", *rules, "--db", db, "--as-of", "2027-03-01T10:00:00+01:00")
    check("batch evaluates them", code == 0, out + err)
    code, out, err = run("eval", "--rules", str(HERE / "old"), "--db", db, "--case", "AM-03-fishing-observed-after")
    check("the old rules on a stored case with the new sector: refused (exit 2), naming the fact",
          code == 2 and "facts.work.sector: 'fishing' is not one of" in err, f"exit {code}: {err}")
    code, out, err = run("batch", "--rules", str(HERE / "old"), "--db", db, "--as-of", "2027-03-01T10:00:00+01:00")
    check("... and a batch under the old rules evaluates the others and reports that one",
          code == 2 and "4 cases evaluated, 1 failed" in out and "AM-03-fishing-observed-after" in err,
          f"exit {code}: {out}{err}")
    code, out, err = run("batch", *rules, "--db", db, "--as-of", "2027-03-01T10:00:00+01:00")
    _, out, err = run("cases", "--db", db)
    lines = {ln.split()[0]: ln for ln in out.splitlines() if ln.startswith("AM-")}
    check("batch: AM-01 (observed before) has no load hazard, AM-02 (after) has",
          "HAZ-LOAD" not in lines.get("AM-01-load-observed-before", "HAZ-LOAD")
          and "HAZ-LOAD-OCCASIONAL" in lines.get("AM-02-load-observed-after", ""), out + err)


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-amend-"))
    try:
        for t in (test_trees_check, test_cases, test_observed_before_keeps_old_answer, test_titles_and_explain,
                  test_convention_decides,
                  test_transition, test_enum_dates, test_law_rule_set, test_store_same_answer):
            try:
                t(tmp)
            except Exception as e:     # a crash of the test itself is a failure, not a stop
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
