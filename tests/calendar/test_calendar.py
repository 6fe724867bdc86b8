#!/usr/bin/env python3
"""Tests of the working calendar computed from the law, through the command line.

usage: test_calendar.py [-v]      (RREGULL: the binary, default ./rregull)

Prints "FAIL name" and why for each failure (and "ok name" with -v), then
"N passed, N failed".  Run from the repository root.
"""
import datetime
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite  # noqa: E402

HERE = pathlib.Path("tests/calendar")
NATIONAL = ["--rules", "rules/kosovo"]
SUITE = Suite("calendar")
run, check = SUITE.run, SUITE.check


def days(*args):
    """The calendar's days as {date: entry}, with the exit status and stderr."""
    code, out, err = run("calendar", *args, "--json")
    try:
        listed = json.loads(out)
    except ValueError:
        return code, {}, err + out
    return code, {d["date"]: d for d in listed}, err


def tsv(path):
    return [line.rstrip("\n").split("\t") for line in path.open() if line[:1].isdigit()]


def weekday(date):
    return datetime.date.fromisoformat(date).weekday()


def shift(date, n):
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=n)).isoformat()


# ---- 2023-2026: exactly the days of the hand-written list, with their statuses ----
code, got, err = days(*NATIONAL, "--from", "2023-01-01", "--to", "2026-12-31")
want = tsv(HERE / "hand-written-2023-2026.tsv")
check("2023-2026 exit status 0, nothing on stderr", code == 0 and not err, f"{code}: {err}")
check("2023-2026 are the hand-written days", sorted(got) == [w[0] for w in want],
      f"missing {sorted(set(w[0] for w in want) - set(got))}, extra {sorted(set(got) - set(w[0] for w in want))}")
check("2023-2026 have the hand-written statuses",
      all(got.get(d, {}).get("status") == s for d, s, _ in want),
      [(d, s, got.get(d, {}).get("status")) for d, s, _ in want if got.get(d, {}).get("status") != s])
check("every day listed is a weekday", all(weekday(d) < 5 for d in got), [d for d in got if weekday(d) >= 5])
check("the JSON has date, name, status, substitute_for",
      all(list(e) == ["date", "name", "status", "substitute_for"] for e in got.values()))

# ---- Easter of both churches, 2000-2040, against the published table ----
code, easter, err = days("--rules", str(HERE / "data/easter.rr"), "--from", "2000-01-01", "--to", "2040-12-31")
table = tsv(HERE / "easter-2000-2040.tsv")
check("the Easter table has 41 years", len(table) == 41)
for year, western, orthodox in table:
    for church, sunday, monday_name in (("Western", western, "Western Easter Monday"),
                                        ("Orthodox", orthodox, "Orthodox Easter Monday")):
        monday = shift(sunday, 1)
        entry = easter.get(monday, {})
        computed = sorted(d for d, e in easter.items() if d[:4] == year and monday_name in e["name"].split("; "))
        check(f"{church} Easter {year} is {sunday}", computed == [monday], f"computed Mondays {computed}")
    friday = shift(western, -2)
    check(f"Western Good Friday {year} (easter - 2 days) is {friday}",
          easter.get(friday, {}).get("name") == "Western Good Friday")
both = [y for y, w, o in table if w == o]
check("the table has years with one Easter for both (2001, 2004, 2007, 2010, 2011, 2014, 2017, 2025, 2028, "
      "2031, 2034, 2037, 2038)", both == ["2001", "2004", "2007", "2010", "2011", "2014", "2017", "2025",
                                           "2028", "2031", "2034", "2037", "2038"], both)

# ---- Art. 4: weekends, cascades, one day for two holidays on one weekday ----
code, k, err = days(*NATIONAL, "--from", "2023-01-01", "--to", "2035-12-31")
check("2023-2035 exit status 0, no note (the calendar covers 2023 onward)", code == 0 and not err, err)
years = {d[:4] for d in k}
check("every year 2023-2035 has its days", years == {str(y) for y in range(2023, 2036)}, sorted(years))


def is_sub(date, holiday, status="derived"):
    e = k.get(date)
    return (e is not None and e["substitute_for"] == holiday and e["status"] == status
            and e["name"] == "Day off for " + holiday)


check("a holiday on a Saturday gives the Monday: Europe Day, Sat 9 May 2026 -> Mon 11 May",
      is_sub("2026-05-11", "Europe Day") and "2026-05-08" not in k, k.get("2026-05-11"))
check("a holiday on a Sunday gives the Monday: Orthodox Christmas, Sun 7 Jan 2024 -> Mon 8 Jan",
      is_sub("2024-01-08", "Orthodox Christmas", "official"), k.get("2024-01-08"))
check("two holidays in a row on a weekend give Monday and Tuesday: 1 and 2 Jan 2028 -> 3 and 4 Jan",
      is_sub("2028-01-03", "New Year's Day") and is_sub("2028-01-04", "New Year's Day (day 2)")
      and "2028-01-05" not in k, [k.get("2028-01-03"), k.get("2028-01-04")])
check("the shift cascades past a weekday holiday: Sun 1 Jan 2023 -> Tue 3 Jan (Mon 2 Jan is day 2)",
      is_sub("2023-01-03", "New Year's Day", "unconfirmed") and k["2023-01-02"]["substitute_for"] is None)
check("the shift cascades past Easter Monday: Constitution Day, Sun 9 Apr 2023 -> Tue 11 Apr",
      is_sub("2023-04-11", "Constitution Day", "news") and k["2023-04-10"]["name"] == "Catholic Easter Monday")
check("a computed cascade: 1 May 2027 (Sat) -> Tue 4 May, past Orthodox Easter Monday 3 May",
      is_sub("2027-05-04", "International Workers' Day") and k["2027-05-03"]["name"] == "Orthodox Easter Monday")
for date, nxt in (("2025-04-21", "2025-04-22"), ("2028-04-17", "2028-04-18")):
    check(f"both Easters on one Monday ({date}) give one day off, not {nxt}",
          k.get(date, {}).get("name") == "Catholic Easter Monday; Orthodox Easter Monday" and nxt not in k,
          [k.get(date), k.get(nxt)])
check("no Easter Tuesday, no Good Friday: the law names the Monday",
      "2026-04-07" not in k and "2026-04-03" not in k)
check("memorial days are not listed: 28 November 2023-2025",
      all(f"{y}-11-28" not in k for y in ("2023", "2024", "2025")))

# ---- the Eids: announced or documented dates, estimates after 2026 ----
fitr = "Eid al-Fitr, day 1 (Bajrami i Madh)"
adha = "Eid al-Adha, day 1 (Bajrami i Vogel)"
check("an Eid on a Friday is the Friday, with no substitute: 21 April 2023 (BIK)",
      k.get("2023-04-21", {}).get("name") == fitr and k["2023-04-21"]["status"] == "news"
      and "2023-04-24" not in k)
check("an estimated Eid on a Friday: Eid al-Fitr 24 January 2031, estimated, no substitute",
      k.get("2031-01-24", {}).get("name") == fitr and k["2031-01-24"]["status"] == "estimated"
      and "2031-01-27" not in k, k.get("2031-01-24"))
check("an Eid on a Sunday gives the Monday: Eid al-Fitr, Sun 30 Mar 2025 -> Mon 31 Mar (derived)",
      is_sub("2025-03-31", fitr))
check("2027: Eid al-Fitr estimated on Tue 9 March (no announcement in the spec)",
      k.get("2027-03-09", {}).get("name") == fitr and k["2027-03-09"]["status"] == "estimated")
check("2027: Eid al-Adha estimated on Sun 16 May, its substitute Mon 17 May is estimated too",
      is_sub("2027-05-17", adha, "estimated"), k.get("2027-05-17"))
check("a Gregorian year with two Eid al-Fitr: 3 Jan and 23 Dec 2033",
      k.get("2033-01-03", {}).get("name") == fitr and k.get("2033-12-23", {}).get("name") == fitr)
estimated = sorted(d for d, e in k.items() if e["status"] == "estimated")
check("estimates only where no date is written (2027 on)", estimated and estimated[0] >= "2027", estimated[:3])

# ---- an announced date replaces the estimate by a one-line edit ----
with tempfile.TemporaryDirectory() as tmp:
    rules = pathlib.Path(tmp) / "kosovo"
    rules.mkdir()
    for f in pathlib.Path("rules/kosovo").glob("*.rr"):
        text = f.read_text()
        if f.name == "calendar.rr":
            text = text.replace("  holiday adha 2026-05-27 unconfirmed",
                                "  holiday adha 2026-05-27 unconfirmed\n  holiday fitr 2027-03-10 announced")
        (rules / f.name).write_text(text)
    code, a, err = days("--rules", str(rules), "--from", "2027-01-01", "--to", "2027-12-31")
    check("an announced 2027 date replaces the estimate",
          code == 0 and a.get("2027-03-10", {}).get("status") == "announced" and "2027-03-09" not in a,
          [a.get("2027-03-09"), a.get("2027-03-10"), err])
    code, out, err = run("check", str(rules))
    check("an announced date a day from its estimate gets no warning", code == 0 and "warning" not in err, err)

# ---- municipal days: written once, every year, in the municipality's calendar only ----
code, pz, err = days(*NATIONAL, "--overlays", "rules/municipalities", "--municipality", "Prizren",
                     "--from", "2025-01-01", "--to", "2031-12-31")
municipal = sorted(d for d, e in pz.items() if "Prizren" in e["name"])
want = [f"{y}-10-22" for y in range(2025, 2032) if weekday(f"{y}-10-22") < 5]
check("a municipal yearly day falls every year on 22 October (weekdays only, no substitute)",
      code == 0 and municipal == want, [municipal, want, err])
check("the municipal days come with the national ones", "2027-01-04" in pz and len(pz) > len(municipal) + 40)
code, nat, err = days(*NATIONAL, "--from", "2025-01-01", "--to", "2031-12-31")
check("the national calendar has no municipal day", not any("Prizren" in e["name"] for e in nat.values()))

# ---- Art. 4 as declared: each of two holidays on one Sunday gets a day ----
code, s, err = days("--rules", str(HERE / "data/same-sunday.rr"), "--from", "2027-01-01", "--to", "2027-12-31")
check("two holidays on one Sunday each get a day, the second past a day already off",
      sorted(s) == ["2027-07-05", "2027-07-06", "2027-07-07"] and s["2027-07-05"]["substitute_for"] == "First holiday"
      and s["2027-07-07"]["substitute_for"] == "Second holiday" and s["2027-07-06"]["status"] == "official", s)
code, s, err = days("--rules", str(HERE / "data/no-substitute.rr"), "--from", "2027-01-01", "--to", "2027-12-31")
check("without a substitution rule a weekend holiday gives no weekday", sorted(s) == ["2027-07-05"], s)

# ---- working-day deadlines across years and estimates ----


def deadline(start, rule="DL-COMPREHENSIVE-PROT-14WD"):
    with tempfile.TemporaryDirectory() as tmp:
        f = pathlib.Path(tmp) / "case.json"
        f.write_text(json.dumps({"id": "CAL", "as_of": start, "facts": {"events": {"referred_at": start}}}))
        code, out, err = run("eval", *NATIONAL, str(f))
    if code != 0:
        return {"error": err}
    return next((d for d in json.loads(out)["deadlines"] if d["id"] == rule), {})


d = deadline("2026-12-23T10:00:00+01:00")
check("14 working days from 23 Dec 2026 are due on 18 Jan 2027, with no note",
      d.get("due_at") == "2027-01-18T10:00:00+01:00" and "note" not in d, d)
d = deadline("2027-03-05T10:00:00+01:00")
check("14 working days across the estimated Eid of 9 March 2027 say so",
      d.get("due_at") == "2027-03-26T10:00:00+01:00" and d.get("note") ==
      f"the due date counts 2027-03-09 ({fitr}) as a non-working day, which is estimated", d)
d = deadline("2025-06-02T10:00:00+02:00")
check("14 working days across an unconfirmed Eid (6 June 2025) still say so",
      "which is unconfirmed" in d.get("note", ""), d)

# ---- the text form ----
code, out, err = run("calendar", *NATIONAL, "--from", "2026-05-01", "--to", "2026-05-31")
check("the text form: one line a day, with weekday and status",
      code == 0 and out == "2026-05-01  Fri  derived      International Workers' Day\n"
                           "2026-05-11  Mon  derived      Day off for Europe Day\n"
                           "2026-05-27  Wed  unconfirmed  Eid al-Adha, day 1 (Bajrami i Vogel)\n", out + err)

sys.exit(SUITE.finish())
