#!/usr/bin/env python3
"""Tests of `rregull report`: the numbers of every report against counts made
here from the case files themselves, small-number suppression, an empty
period, bad input, and the HTML page opened in headless Chromium.

usage: test_reports.py [-v]      (RREGULL: the binary, default ./rregull)

The store holds the shipped examples, the published acceptance cases and
generated cases (bench/gen_cases.py) to which this script adds services,
needs and barriers.  The decisions the reports read are those of a batch at
the end of the period; the counts here come from the case files and from
decisions `rregull eval` gives for the same facts at the same instant --
never from the reports' SQL.  Prints "N passed, N failed".
"""
import collections
import csv
import datetime
import hashlib
import io
import json
import math
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite  # noqa: E402

SUITE = Suite("reports")
run, check = SUITE.run, SUITE.check
FROM, TO = "2025-01-01", "2025-06-30"
PREV_FROM, PREV_TO = "2024-07-01", "2024-12-31"
AS_OF = "2025-06-30T23:00:00+02:00"      # the batch: before the period's end (2025-07-01T00:00Z)
N_GENERATED = int(os.environ.get("REPORT_TEST_CASES", "300"))

SERVICES = ["psychosocial_care", "counselling", "health_care", "education", "catch_up_classes",
            "vocational_training", "material_assistance", "emergency_cash", "shelter", "family_support"]
NEEDS = ["physical_health", "psychological", "emotional", "social", "education", "safety", "material"]
REASONS = ["not_available", "waiting_list", "distance_or_transport", "cost", "documents_missing"]
PROVIDERS = ["social_service_provider", "ngo", "health", "school"]


def add_services(case, rnd):
    """Services, needs and barriers for a generated case, dated around its events."""
    ident = case["facts"].get("events", {}).get("identified_at")
    if not ident:
        return
    t0 = datetime.datetime.fromisoformat(ident)
    def when():
        return (t0 + datetime.timedelta(days=int(rnd.random() * 200))).isoformat()
    case["facts"]["services"] = {
        "needs_identified": sorted({NEEDS[int(rnd.random() * len(NEEDS))] for _ in range(int(rnd.random() * 4))}),
        "provided": [{"type": SERVICES[int(rnd.random() * len(SERVICES))],
                      "provider_type": PROVIDERS[int(rnd.random() * len(PROVIDERS))],
                      "provider": "provider", "started_at": when(), "ended_at": None,
                      "for_family": rnd.random() < 0.3} for _ in range(int(rnd.random() * 3))],
        "barriers": [{"service": SERVICES[int(rnd.random() * len(SERVICES))],
                      "reason": REASONS[int(rnd.random() * len(REASONS))],
                      "recorded_at": when()} for _ in range(int(rnd.random() * 2))],
    }


def cases_of(tmp):
    """Every case of the store, as dicts, and the files to import."""
    files = sorted(pathlib.Path("examples").glob("*.json")) + sorted(pathlib.Path("tests/acceptance/cases").glob("*.json"))
    cases = [json.loads(f.read_text()) for f in files]
    gen = subprocess.run([sys.executable, "bench/gen_cases.py", str(N_GENERATED), "--seed", "16"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    rnd = random.Random(16)
    generated = []
    for line in gen:
        c = json.loads(line)
        add_services(c, rnd)
        generated.append(c)
    (tmp / "generated.jsonl").write_text("".join(json.dumps(c) + "\n" for c in generated))
    return cases + generated, [str(f) for f in files] + [str(tmp / "generated.jsonl")]


def decisions_at(tmp, cases):
    """The decision of each case at AS_OF, from `rregull eval` on the case with that as_of."""
    d = tmp / "at-end"
    d.mkdir()
    paths = []
    for i, c in enumerate(cases):
        p = d / f"{i:05d}.json"
        p.write_text(json.dumps({"id": c["id"], "as_of": AS_OF, "facts": c["facts"]}))
        paths.append(str(p))
    code, out, err = run("eval", "--rules", "rules/kosovo", "--compact", *paths)
    check("the cases evaluate at the period's end", code == 0, err[:2000])
    return {json.loads(line)["case_id"]: json.loads(line) for line in out.splitlines() if line.strip()}


def day(z):
    return z[:10] if isinstance(z, str) else None


def between(z, a, b):
    return z is not None and a <= z <= b


def age_group(age):
    if age is None:
        return "unknown"
    return "0-5" if age <= 5 else "6-11" if age <= 11 else "12-14" if age <= 14 else "15-17" if age <= 17 else "18+"


def municipality(f):
    ch = f.get("child", {})
    return ch.get("municipality_of_origin") or ch.get("municipality_of_work") or "unknown"


def report(db, kind, *extra, fmt="json"):
    code, out, err = run("report", kind, "--db", db, "--from", FROM, "--to", TO, "--format", fmt,
                         "--date", "2025-07-01", *extra)
    return code, out, err


def rows(rep, table, key_cols=1):
    """Table rows as {key: {column: value}}."""
    t = rep["tables"][table]
    out = {}
    for r in t["rows"]:
        rec = dict(zip(t["columns"], r))
        key = tuple(r[:key_cols]) if key_cols > 1 else r[0]
        out[key] = rec
    return out


def close(a, b):
    """Equal, numbers within the 0.1 h the reports round delays to."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) <= 0.051
    return a == b


def same(name, got, want):
    check(name, close(got, want), f"got  {got}\nwant {dict(want) if isinstance(want, collections.Counter) else want}")


def nearest_rank(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[max(1, math.ceil(p * len(values))) - 1]


def hours(a, b):
    return (datetime.datetime.fromisoformat(b) - datetime.datetime.fromisoformat(a)).total_seconds() / 3600


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rr-reports-"))
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SUITE.finish()


def tests(tmp):
    db = str(tmp / "store.db")
    cases, files = cases_of(tmp)
    code, out, err = run("import", "--rules", "rules/kosovo", "--db", db, *files)
    check("import the shipped and generated cases", code == 0, err)
    code, out, err = run("batch", "--rules", "rules/kosovo", "--db", db, "--as-of", AS_OF)
    check("batch at the period's end", code == 0, err)
    dec = decisions_at(tmp, cases)
    check("a decision for every case", len(dec) == len(cases), f"{len(dec)} of {len(cases)}")
    before = hashlib.sha256(pathlib.Path(db).read_bytes()).hexdigest()

    # ---- what the reports should say, counted from the case files ----
    C = []
    for c in cases:
        f, d = c["facts"], dec.get(c["id"], {})
        ev = f.get("events", {})
        sv = f.get("services", {})
        age = (d.get("child_status") or {}).get("age_years_at_identification")
        C.append({
            "id": c["id"], "f": f, "d": d, "mun": municipality(f),
            "work_mun": f.get("child", {}).get("municipality_of_work") or "unknown",
            "sex": f.get("child", {}).get("sex") or "unknown",
            "sector": f.get("work", {}).get("sector") or "unknown",
            "identified": day(ev.get("identified_at")), "referred": day(ev.get("referred_at")),
            "referrer": (ev.get("identified_by") or {}).get("agency_type") or "unknown",
            "age_group": age_group(age), "needs": sv.get("needs_identified") or [],
            "provided": sv.get("provided") or [], "barriers": sv.get("barriers") or [],
        })
    in_period = [x for x in C if between(x["identified"], FROM, TO)]
    in_prev = [x for x in C if between(x["identified"], PREV_FROM, PREV_TO)]
    referred = [x for x in C if between(x["referred"], FROM, TO)]
    check("the period holds enough cases to mean something", len(in_period) > 50 and len(in_prev) > 5,
          f"{len(in_period)} in the period, {len(in_prev)} before")

    # ---- csw-semiannual, all municipalities and one ----
    for mun in (None, "Prizren"):
        label = mun or "all"
        sel = lambda xs: [x for x in xs if mun is None or x["mun"].lower() == mun.lower()]  # noqa: E731
        extra = ("--municipality", mun) if mun else ()
        code, out, err = report(db, "csw-semiannual", *extra)
        check(f"csw-semiannual ({label}) exit 0", code == 0, err)
        rep = json.loads(out) if code == 0 else {"tables": {}}
        ref = sel(referred)
        same(f"csw-semiannual ({label}): a) referred by age group",
             {k: v["n_children"] for k, v in rows(rep, "referred_by_age_sex").items()},
             dict(collections.Counter(x["age_group"] for x in ref)))
        same(f"csw-semiannual ({label}): a) referred girls by age group",
             {k: v["n_female"] for k, v in rows(rep, "referred_by_age_sex").items() if v["n_female"]},
             dict(collections.Counter(x["age_group"] for x in ref if x["sex"] == "female")))
        same(f"csw-semiannual ({label}): a) by referrer",
             {k: v["n_children"] for k, v in rows(rep, "referred_by_referrer").items()},
             dict(collections.Counter(x["referrer"] for x in ref)))
        same(f"csw-semiannual ({label}): b) needs",
             {k: v["n_children"] for k, v in rows(rep, "needs").items()},
             dict(collections.Counter(n for x in ref for n in set(x["needs"]))))
        svc = [(x["id"], s) for x in sel(C) for s in x["provided"] if between(day(s.get("started_at")), FROM, TO)]
        same(f"csw-semiannual ({label}): c) services, children",
             {k: v["n_children"] for k, v in rows(rep, "services").items()},
             dict(collections.Counter(t for t, _ in {(s["type"], i) for i, s in svc})))
        same(f"csw-semiannual ({label}): c) services, count",
             {k: v["n_services"] for k, v in rows(rep, "services").items()},
             dict(collections.Counter(s["type"] for _, s in svc)))
        same(f"csw-semiannual ({label}): c) services for the family",
             {k: v["n_for_family"] for k, v in rows(rep, "services").items() if v["n_for_family"]},
             dict(collections.Counter(s["type"] for _, s in svc if s.get("for_family"))))
        bar = {(b["service"], b["reason"], x["id"]) for x in sel(C) for b in x["barriers"]
               if between(day(b.get("recorded_at")), FROM, TO)}
        same(f"csw-semiannual ({label}): d) barriers",
             {k: v["n_children"] for k, v in rows(rep, "barriers", 2).items()},
             dict(collections.Counter((s, r) for s, r, _ in bar)))
        if mun:
            check("csw-semiannual (Prizren) names the municipality", rep.get("municipality") == "Prizren")

    # ---- municipal-annual over the half-year, every municipality ----
    code, out, err = report(db, "municipal-annual")
    check("municipal-annual exit 0", code == 0, err)
    rep = json.loads(out) if code == 0 else {"tables": {}}
    ov = rep["tables"].get("overview", {"rows": [[None] * 5]})["rows"][0]
    same("municipal-annual: overview", ov, [
        len(in_period),
        sum(1 for x in in_period if x["d"].get("child_labour_found") is True),
        sum(1 for x in in_period if (x["d"].get("worst_form") or {}).get("flag") is True),
        sum(1 for x in in_period if (x["d"].get("risk") or {}).get("level") == "high"), 0])
    same("municipal-annual: by sector", {k: v["n_children"] for k, v in rows(rep, "by_sector").items()},
         dict(collections.Counter(x["sector"] for x in in_period)))
    same("municipal-annual: by hazard", {k: v["n_children"] for k, v in rows(rep, "by_hazard").items()},
         dict(collections.Counter(h for x in in_period for h in {h["id"] for h in x["d"].get("hazards", [])})))
    same("municipal-annual: by worst form", {k: v["n_children"] for k, v in rows(rep, "by_worst_form").items()},
         dict(collections.Counter(w for x in in_period for w in set((x["d"].get("worst_form") or {}).get("categories", [])))))
    same("municipal-annual: by age group and sex",
         {k: (v["n_female"], v["n_male"], v["n_sex_unknown"]) for k, v in rows(rep, "by_age_sex").items()},
         {g: (sum(1 for x in in_period if x["age_group"] == g and x["sex"] == "female"),
              sum(1 for x in in_period if x["age_group"] == g and x["sex"] == "male"),
              sum(1 for x in in_period if x["age_group"] == g and x["sex"] not in ("female", "male")))
          for g in {x["age_group"] for x in in_period}})
    same("municipal-annual: by municipality of work",
         {k: v["n_children"] for k, v in rows(rep, "by_municipality_of_work").items()},
         dict(collections.Counter(x["work_mun"] for x in in_period)))
    same("municipal-annual: by risk level", {k: v["n_children"] for k, v in rows(rep, "by_risk_level").items()},
         dict(collections.Counter((x["d"].get("risk") or {}).get("level") or "none" for x in in_period)))
    same("municipal-annual: closures by reason",
         {k: v["n_children"] for k, v in rows(rep, "closures_by_reason").items()},
         dict(collections.Counter(r["id"] for x in in_period if (x["d"].get("closure") or {}).get("eligible")
                                  for r in {r["id"]: r for r in x["d"]["closure"]["reasons_met"]}.values())))
    same("municipal-annual: needs", {k: v["n_children"] for k, v in rows(rep, "needs").items()},
         dict(collections.Counter(n for x in in_period for n in set(x["needs"]))))
    check("municipal-annual: one rule set, stated", isinstance(rep.get("ruleset_hash"), str)
          and len(rep["ruleset_hash"]) == 64, rep.get("ruleset_hash"))

    # ---- national: the trend against the previous half-year ----
    code, out, err = report(db, "national")
    check("national exit 0", code == 0, err)
    rep = json.loads(out) if code == 0 else {"tables": {}}
    check("national: the previous period is the half-year before",
          rep.get("previous_period") == {"from": PREV_FROM, "to": PREV_TO}, rep.get("previous_period"))
    same("national: trend of children identified",
         rows(rep, "trend").get("children identified"),
         {"measure": "children identified", "n_current": len(in_period), "n_previous": len(in_prev)})
    same("national: trend of high risk",
         rows(rep, "trend").get("high risk"),
         {"measure": "high risk", "n_current": sum(1 for x in in_period if (x["d"].get("risk") or {}).get("level") == "high"),
          "n_previous": sum(1 for x in in_prev if (x["d"].get("risk") or {}).get("level") == "high")})
    same("national: monthly, this period",
         [r["n_current"] for r in rows(rep, "monthly").values()],
         [sum(1 for x in in_period if x["identified"][:7] == f"2025-{m:02d}") for m in range(1, 7)])
    same("national: monthly, previous period",
         [r["n_previous"] for r in rows(rep, "monthly").values()],
         [sum(1 for x in in_prev if x["identified"][:7] == m) for m in
          ("2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12")])
    same("national: trend by sector",
         {k: (v["n_current"], v["n_previous"]) for k, v in rows(rep, "trend_by_sector").items()},
         {s: (sum(1 for x in in_period if x["sector"] == s), sum(1 for x in in_prev if x["sector"] == s))
          for s in {x["sector"] for x in in_period + in_prev}})
    check("national: the municipal tables follow", "by_hazard" in rep["tables"] and "closures_by_reason" in rep["tables"])

    # ---- compliance ----
    code, out, err = report(db, "compliance")
    check("compliance exit 0", code == 0, err)
    rep = json.loads(out) if code == 0 else {"tables": {}}
    inst = []
    for x in C:
        for dl in x["d"].get("deadlines", []):
            if dl.get("due_at") and between(day(dl["due_at"]), FROM, TO):
                st = dl["status"]
                delay = None
                if st in ("met", "late") and dl.get("completed_at"):
                    delay = max(0.0, hours(dl["due_at"], dl["completed_at"]))
                elif st == "overdue":
                    delay = max(0.0, hours(dl["due_at"], AS_OF))
                inst.append((dl["id"], dl.get("responsible") or "unknown", x["mun"], st, delay))
    check("compliance: instances to count", len(inst) > 100, len(inst))
    got = rows(rep, "by_duty")
    want = {}
    for duty in {i[0] for i in inst}:
        mine = [i for i in inst if i[0] == duty]
        ds = [i[4] for i in mine if i[4] is not None]
        want[duty] = {"duty": duty, "n_instances": len(mine),
                      "n_met": sum(i[3] == "met" for i in mine), "n_late": sum(i[3] == "late" for i in mine),
                      "n_overdue": sum(i[3] == "overdue" for i in mine),
                      "n_pending": sum(i[3] not in ("met", "late", "overdue") for i in mine),
                      "median_delay_h": nearest_rank(ds, 0.5), "p90_delay_h": nearest_rank(ds, 0.9)}
    same("compliance: by duty, met / late / overdue, median and p90 delay", got, want)
    got = {k: (v["n_instances"], v["n_met"], v["n_late"], v["n_overdue"]) for k, v in rows(rep, "by_responsible").items()}
    same("compliance: by institution responsible", got,
         {r: (sum(i[1] == r for i in inst), sum(i[1] == r and i[3] == "met" for i in inst),
              sum(i[1] == r and i[3] == "late" for i in inst), sum(i[1] == r and i[3] == "overdue" for i in inst))
          for r in {i[1] for i in inst}})
    got = {k: (v["n_instances"], v["n_overdue"], v["p90_delay_h"]) for k, v in rows(rep, "by_municipality").items()}
    same("compliance: by municipality", got,
         {m: (sum(i[2] == m for i in inst), sum(i[2] == m and i[3] == "overdue" for i in inst),
              nearest_rank([i[4] for i in inst if i[2] == m and i[4] is not None], 0.9))
          for m in {i[2] for i in inst}})

    # ---- small numbers: "<5" in CSV and HTML, configurable; JSON exact ----
    code, out, err = report(db, "municipal-annual", "--table", "by_municipality_of_work", fmt="csv")
    table = list(csv.reader(io.StringIO(out)))
    exact = dict(collections.Counter(x["work_mun"] for x in in_period))
    check("csv: a header, then one row per municipality", code == 0 and table
          and table[0] == ["municipality_of_work", "n_children"] and {r[0] for r in table[1:]} == set(exact), out + err)
    check("csv: counts from 1 to 4 are '<5', the others exact",
          all(r[1] == ("<5" if 1 <= exact[r[0]] <= 4 else str(exact[r[0]])) for r in table[1:]), out)
    check("csv: the table has small counts to hide", any(1 <= v <= 4 for v in exact.values()), exact)
    code, out, err = report(db, "municipal-annual", "--table", "by_municipality_of_work", "--min-cell", "1", fmt="csv")
    check("csv: --min-cell 1 shows every count",
          all(r[1] == str(exact[r[0]]) for r in list(csv.reader(io.StringIO(out)))[1:]), out)
    code, out, err = report(db, "municipal-annual", "--table", "by_municipality_of_work", "--min-cell", "20", fmt="csv")
    check("csv: --min-cell 20 hides 1 to 19 as '<20'",
          all(r[1] == ("<20" if 1 <= exact[r[0]] <= 19 else str(exact[r[0]])) for r in list(csv.reader(io.StringIO(out)))[1:]), out)
    html_code, html, err = report(db, "municipal-annual", fmt="html")
    small = [k for k, v in exact.items() if 1 <= v <= 4]
    check("html: small counts are '&lt;5', never the number",
          html_code == 0 and all(f"<td>{k}</td><td class=\"n\">&lt;5</td>" in html for k in small), small)
    outdir = tmp / "csv"
    code, out, err = report(db, "compliance", "--out", str(outdir), fmt="csv")
    check("csv --out DIR: one file per table, each with its header",
          code == 0 and sorted(p.name for p in outdir.iterdir()) ==
          sorted(f"{t}.csv" for t in json.loads(report(db, "compliance")[1])["tables"])
          and (outdir / "by_duty.csv").read_text().startswith("duty,n_instances,"), err)

    # ---- complementary suppression: a hidden count is never alone in its column or row ----
    xs = 0
    lonely = []
    for kind in ("csw-semiannual", "municipal-annual", "national", "compliance"):
        exact = json.loads(report(db, kind)[1])["tables"]
        outdir = tmp / f"protect-{kind}"
        code, out, err = report(db, kind, "--out", str(outdir), fmt="csv")
        for name, t in exact.items():
            srows = list(csv.reader(io.StringIO((outdir / f"{name}.csv").read_text())))[1:]
            cols = [i for i, c in enumerate(t["columns"]) if c == "n" or c.startswith("n_")]
            for r, (shown, want) in enumerate(zip(srows, t["rows"])):
                for c in cols:
                    if shown[c] == "x":
                        xs += 1
                        if not (isinstance(want[c], int) and want[c] >= 1):
                            lonely.append(f"{kind}.{name}[{r}][{c}]: x over {want[c]!r}")
                    elif shown[c] != ("<5" if isinstance(want[c], int) and 1 <= want[c] <= 4 else
                                      ("" if want[c] is None else str(want[c]))):
                        lonely.append(f"{kind}.{name}[{r}][{c}]: {shown[c]!r} for {want[c]!r}")
            hidden = lambda v: v in ("<5", "x")
            for c in cols:
                col = [row[c] for row in srows]
                others = [row[c] for row in srows if not hidden(row[c]) and row[c] not in ("", "0")]
                if sum(map(hidden, col)) == 1 and others:
                    lonely.append(f"{kind}.{name} column {t['columns'][c]}: one count hidden, {others} shown")
            for r, row in enumerate(srows):
                vals = [row[c] for c in cols]
                others = [v for v in vals if not hidden(v) and v not in ("", "0")]
                if len(cols) > 1 and sum(map(hidden, vals)) == 1 and others:
                    lonely.append(f"{kind}.{name} row {r}: one count hidden, {others} shown")
    check("csv: every hidden count has a second one hidden in its column and row ('x'), the rest exact",
          not lonely, "\n".join(lonely[:10]))
    check("csv: the reports have counts hidden to protect others (the check above can fail)", xs > 0, xs)

    # ---- an empty period ----
    code, out, err = run("report", "national", "--db", db, "--from", "1990-01-01", "--to", "1990-12-31", "--format", "json")
    rep = json.loads(out) if code == 0 else {}
    check("an empty period: exit 0, no case, no rule set, every table empty",
          code == 0 and rep["cases"] == 0 and rep["ruleset_hash"] is None
          and all(not t["rows"] for n, t in rep["tables"].items() if n not in ("trend", "monthly", "overview")), out + err)
    check("an empty period: the trend says 0 and 0",
          code == 0 and all(r[1:] == [0, 0] or r[1:] == [None, None] for r in rep["tables"]["trend"]["rows"]), out)
    code, out, err = run("report", "compliance", "--db", db, "--from", "1990-01-01", "--to", "1990-06-30")
    check("an empty period in HTML says so", code == 0 and "No data in this period." in out, err)

    # ---- bad input ----
    for args, want, name in [
        (["nosuch"], 64, "an unknown report"),
        (["national", "--from", "2025-13-01"], 64, "a bad date"),
        (["national", "--from", "2025-06-01", "--to", "2025-01-01"], 64, "a period that ends before it begins"),
        (["national", "--format", "pdf"], 64, "an unknown format"),
        (["national", "--lang", "xx"], 64, "an unknown language"),
        (["national", "--min-cell", "0"], 64, "--min-cell 0"),
        (["national", "--format", "csv", "--table", "nosuch"], 64, "an unknown table"),
    ]:
        a = list(args)
        if "--from" not in a:
            a += ["--from", FROM]
        if "--to" not in a:
            a += ["--to", TO]
        code, out, err = run("report", *a, "--db", db)
        check(f"bad input: {name} (exit {want}, one line)", code == want and err.count("\n") == 1 and not out, f"{code}: {err}")
    code, out, err = run("report", "national", "--db", str(tmp / "none.db"), "--from", FROM, "--to", TO)
    check("bad input: a store that does not exist (exit 4)", code == 4 and "none.db" in err, f"{code}: {err}")
    code, out, err = run("report", "--help")
    check("report --help", code == 0 and out.startswith("usage: rregull report KIND"), err)
    after = hashlib.sha256(pathlib.Path(db).read_bytes()).hexdigest()
    check("the reports never write the store", before == after)

    # ---- languages: sq, sr, sr-Cyrl through the rule set's PO files ----
    lang_tests(tmp, db)

    # ---- the HTML page in headless Chromium: screenshot, PDF, DOM ----
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP reports/chromium: no chromium on this machine (Debian package chromium)")
        return
    page = tmp / "national.html"
    code, out, err = run("report", "national", "--db", db, "--from", FROM, "--to", TO, "--date", "2025-07-01",
                         "--out", str(page))
    base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={tmp / 'chromium-profile'}"]
    url = page.resolve().as_uri()
    shot, pdf = tmp / "page.png", tmp / "page.pdf"
    p1 = subprocess.run(base + ["--window-size=900,1400", f"--screenshot={shot}", url], capture_output=True, timeout=120)
    check("chromium: a screenshot of the page", p1.returncode == 0 and shot.exists()
          and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20000, p1.stderr[-500:])
    p2 = subprocess.run(base + [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url], capture_output=True, timeout=120)
    check("chromium: the page prints to PDF", p2.returncode == 0 and pdf.exists()
          and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10000, p2.stderr[-500:])
    p3 = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    dom = p3.stdout
    check("chromium: the DOM has the title, period, date and rule set",
          'id="title">National annual report' in dom and "2025-01-01 – 2025-06-30" in dom
          and 'id="generated">2025-07-01' in dom and rep_hash(db) in dom, dom[:1500])
    check("chromium: the DOM has the bar and line charts as SVG",
          dom.count("<svg") >= 4 and "<polyline" in dom and "<rect" in dom, dom.count("<svg"))
    check("chromium: the page loads nothing from outside", "http://" not in html.replace("http://www.w3.org/2000/svg", "")
          and "https://" not in html and "<script" not in html and "<link" not in html)
    if os.environ.get("REPORT_SCREENSHOT"):
        shutil.copy(shot, os.environ["REPORT_SCREENSHOT"])

    # the same page in Albanian
    page_sq = tmp / "national.sq.html"
    code, out, err = run("report", "national", "--db", db, "--from", FROM, "--to", TO, "--date", "2025-07-01",
                         "--lang", "sq", "--rules", "rules/kosovo", "--out", str(page_sq))
    shot_sq, pdf_sq = tmp / "page.sq.png", tmp / "page.sq.pdf"
    url = page_sq.resolve().as_uri()
    p1 = subprocess.run(base + ["--window-size=900,1400", f"--screenshot={shot_sq}", url], capture_output=True, timeout=120)
    p2 = subprocess.run(base + [f"--print-to-pdf={pdf_sq}", "--no-pdf-header-footer", url], capture_output=True, timeout=120)
    check("chromium, sq: a screenshot and a PDF of the Albanian page",
          code == 0 and p1.returncode == 0 and shot_sq.stat().st_size > 20000 and p2.returncode == 0
          and pdf_sq.read_bytes()[:5] == b"%PDF-", (err, p1.stderr[-300:], p2.stderr[-300:]))
    dom = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    sq = po_labels("rules/kosovo/po/sq.po")
    title = sq[("report-heading", "National annual report on child labour (Department of Social Policy and Family)")]
    check("chromium, sq: the DOM is Albanian: lang, title, dates as 01.01.2025, the drafts note",
          '<html lang="sq">' in dom and f'id="title">{title}<' in dom and "01.01.2025 – 30.06.2025" in dom
          and 'id="generated">01.07.2025<' in dom and 'id="drafts"' in dom and dom.count("<svg") >= 4, dom[:1500])


def po_labels(path):
    """(msgctxt, msgid) -> msgstr of a PO file, read here (not by the engine)."""
    out, cur, key = {}, {}, None
    def unq(z):
        return json.loads(z)
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in cur and cur.get("msgstr"):
                out[(cur.get("msgctxt", ""), cur["msgid"])] = cur["msgstr"]
            cur, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            cur[key] += unq(line)
        else:
            k, _, v = line.partition(" ")
            key = "msgstr" if k == "msgstr[0]" else k if k in ("msgctxt", "msgid", "msgstr") else None
            if key:
                cur[key] = unq(v)
    return out


def headings_of(html, csv_text):
    """What a golden of a report's language holds: the page's words but no
    count (the lang, title, labels, table headings, column headings, notes,
    dates, footer) and the CSV's header lines."""
    import re
    keep = []
    keep += re.findall(r'<html lang="[^"]*">', html)
    for tag in ("h1", "dt", "h2", "th", "footer"):
        keep += [re.sub(r"<[^>]+>", " | ", m).strip(" |") for m in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)]
    keep += re.findall(r'<p class="(?:note|empty)">(.*?)</p>', html)
    keep += re.findall(r'<dd id="(?:period|generated|municipality)">(.*?)</dd>', html)
    seen, lines = set(), []
    for k in keep:
        if k not in seen:
            seen.add(k)
            lines.append(k)
    lines.append("-- csv headers")
    lines += [b.splitlines()[0] for b in csv_text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "\n".join(lines) + "\n"


def lang_tests(tmp, db):
    golden = pathlib.Path("tests/reports/golden")
    update = os.environ.get("REPORT_UPDATE_GOLDENS")
    po = {"sq": po_labels("rules/kosovo/po/sq.po"), "sr": po_labels("rules/kosovo/po/sr.po")}
    rules = ("--lang", "{}", "--rules", "rules/kosovo")
    def lang_args(lang):
        return [a.format(lang) for a in rules]
    # the words: goldens of every report's headings in sq and sr, national in sr-Cyrl
    for kind, langs in [("csw-semiannual", ["sq", "sr"]), ("municipal-annual", ["sq", "sr"]),
                        ("national", ["sq", "sr", "sr-Cyrl"]), ("compliance", ["sq", "sr"])]:
        for lang in langs:
            c1, html, e1 = report(db, kind, *lang_args(lang), fmt="html")
            c2, csv_text, e2 = report(db, kind, *lang_args(lang), fmt="csv")
            got = headings_of(html, csv_text)
            f = golden / f"{kind}.{lang}.txt"
            if update:
                golden.mkdir(exist_ok=True)
                f.write_text(got, encoding="utf-8")
            want = f.read_text(encoding="utf-8") if f.exists() else "(no golden file)"
            check(f"{lang}: the headings of {kind} (HTML and CSV) as tests/reports/golden/{f.name}",
                  c1 == 0 and c2 == 0 and got == want, e1 + e2 + "".join(
                      f"\n  got  {a}\n  want {b}" for a, b in zip(got.splitlines(), want.splitlines()) if a != b)[:1500])
    # every heading the English page shows is translated in sq and sr
    c0, html_en, _ = report(db, "municipal-annual", fmt="html")
    for lang in ("sq", "sr"):
        c1, html, _ = report(db, "municipal-annual", *lang_args(lang), fmt="html")
        import re
        en_h = re.findall(r"<h2>(.*?)</h2>", html_en)
        tr_h = re.findall(r"<h2>(.*?)</h2>", html)
        want = [po[lang].get(("report-heading", h.replace("&quot;", '"')), "(untranslated) " + h) for h in en_h]
        same(f"{lang}: the table headings are the PO file's translations", tr_h, want)
        check(f"{lang}: <html lang> and the period in the language's format",
              f'<html lang="{lang}">' in html and f"01.01.2025{'.' if lang == 'sr' else ''} &ndash; 30.06.2025" in html, "")
    # the numbers do not change with the language; "<5" stays; values are labelled
    c0, en, _ = report(db, "municipal-annual", fmt="json")
    c1, sqj, _ = report(db, "municipal-annual", *lang_args("sq"), fmt="json")
    en, sqj = json.loads(en), json.loads(sqj)
    same("sq: the JSON's numbers and codes are those of en",
         {k: t["rows"] for k, t in sqj["tables"].items()}, {k: t["rows"] for k, t in en["tables"].items()})
    check("sq: the JSON's titles are translated",
          sqj["title"] == po["sq"][("report-heading", en["title"])], sqj["title"])
    for lang in ("sq", "sr"):
        c0, en_csv, _ = report(db, "municipal-annual", "--table", "by_sector", "--min-cell", "10", fmt="csv")
        c1, tr_csv, _ = report(db, "municipal-annual", "--table", "by_sector", "--min-cell", "10", *lang_args(lang),
                               fmt="csv")
        en_rows = list(csv.reader(io.StringIO(en_csv)))
        tr_rows = list(csv.reader(io.StringIO(tr_csv)))
        label = lambda v: po[lang].get(("enum|Sector", v)) or po[lang].get(("report-heading", v)) or v
        same(f"{lang}: by_sector in CSV: the sectors' labels from {lang}.po, the same counts (\"<10\" kept)",
             tr_rows[1:], [[label(r[0])] + r[1:] for r in en_rows[1:]])
        check(f"{lang}: by_sector has a suppressed cell and a translated sector to compare",
              any("<10" in r for r in en_rows) and any(r[0] != label(r[0]) for r in en_rows[1:]), en_csv)
        check(f"{lang}: the CSV header gives the headings",
              tr_rows[0] == [po[lang][("report-heading", h)] for h in ("Sector", "Children", "Child labour found")],
              tr_rows[0])
    c1, hz, _ = report(db, "municipal-annual", "--table", "by_hazard", *lang_args("sq"), fmt="csv")
    first = list(csv.reader(io.StringIO(hz)))[1][0]
    rid = first.split(":")[0]
    check("sq: a hazard is its rule ID and the rule's title in sq.po",
          any(k[0] == rid and first == f"{rid}: {v}" for k, v in po["sq"].items()), first)
    c1, cy, _ = report(db, "national", *lang_args("sr-Cyrl"), fmt="html")
    check("sr-Cyrl: the page is in Cyrillic (the title, the date format of sr)",
          c1 == 0 and '<html lang="sr-Cyrl">' in cy and "Национални годишњи извештај" in cy and "01.01.2025." in cy, cy[:600])
    # check: a catalog that translates the reports is told of a heading it lacks
    code, out, err = run("check", "rules/kosovo")
    check("check rules/kosovo: no warning (every heading translated)", code == 0 and "warning" not in out + err, out + err)
    copy = tmp / "rules-copy"
    shutil.copytree("rules/kosovo", copy)
    sqpo = copy / "po" / "sq.po"
    text = sqpo.read_text(encoding="utf-8")
    cut = text.replace('msgstr "Periudha raportuese"', 'msgstr ""')
    sqpo.write_text(cut, encoding="utf-8")
    code, out, err = run("check", str(copy))
    check("check: a heading without translation is a warning",
          cut != text and "report-heading: label.period: no translation (sq)" in out + err, out + err)
    # usage
    for args, name in [(["--lang", "sq"], "--lang sq without --rules"), (["--lang", "de", "--rules", "rules/kosovo"], "--lang de"),
                       (["--lang", "sq", "--rules", str(tmp)], "--rules without po/sq.po")]:
        code, out, err = run("report", "national", "--db", db, "--from", FROM, "--to", TO, *args)
        check(f"bad input: {name} (exit 64, one line)", code == 64 and err.count("\n") == 1 and not out, f"{code}: {err}")


def rep_hash(db):
    code, out, err = run("report", "national", "--db", db, "--from", FROM, "--to", TO, "--format", "json")
    return json.loads(out)["ruleset_hash"] if code == 0 else "?"


if __name__ == "__main__":
    sys.exit(main())
