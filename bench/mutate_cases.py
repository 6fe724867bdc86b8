#!/usr/bin/env python3
"""mutate_cases.py -- deterministic mutations of worked cases, to measure the engine off the sample.

Usage:
    python3 bench/mutate_cases.py [--per-case K] [--seed S] CASE.json|DIR... > mutated.jsonl

Reads cases ({"id", "as_of", "facts"}; an "expected" key is ignored, never
copied), and writes K mutants of each, one compact JSON object per line:
    {"id": "<id>-M<k>", "as_of": "...", "facts": {...}, "mutations": ["...", ...]}
"mutations" names what was changed (the engine ignores unknown top-level keys
of a case only if told to; bench/compare_decisions.py strips it).

Each mutant applies 1 to 3 operators drawn from the list below.  They change
the facts the way real case records differ from the published sample, and
stay inside the fact schema (rules/kosovo/facts.rr):
  * drop an event (identification time, referral, assessment, plan ...);
  * move as_of by minutes to weeks, either way;
  * change who identified the child (every agency type);
  * make the age undetermined, with or without an estimate, or move the date
    of birth by a day or a year;
  * add follow-up contacts, family contacts, a home visit or a monitoring
    visit after the plan (or before it);
  * change the CMRs: agree or not agree closure, invite or not every agency,
    all members present or not, unknown;
  * stop or resume the work, change the sector;
  * set or clear closure facts (goals, monitoring, refusal, improvement ...).

Determinism: mutant k of case i uses random.Random("<seed>/<id>/<k>") and
only Random.random(); the same inputs give byte-identical output.  Python 3
standard library only.
"""

import argparse
import copy
import datetime as dt
import json
import pathlib
import random
import sys

AGENCIES = ["school", "health", "police", "ngo", "social_service_provider", "labour_inspectorate",
            "municipal_inspectorate", "agriculture_forestry_rural_inspector", "other_institution",
            "citizen", "self", "family_member"]
SECTORS = ["agriculture", "forestry", "street_work", "construction", "landfill", "recycling_waste",
           "natural_resources", "domestic_work", "illicit_activities", "retail_services", "hospitality",
           "manufacturing", "services", "none", "other"]
EVENTS = ["identified_at", "referred_at", "case_manager_appointed_at", "case_opened_at",
          "initial_assessment_done_at", "comprehensive_assessment_done_at", "service_plan_done_at",
          "first_home_visit_at", "police_notified_at", "team_meeting_at", "reintegration_completed_at"]
CLOSURE = ["service_plan_goals_achieved", "monitoring_period_confirmed_sufficient", "supervisor_authorised",
           "agencies_consulted", "child_family_views_sought", "child_refuses_support",
           "all_harm_reduction_options_exhausted", "continues_to_work_improved_safety",
           "reassessed_after_intervention"]


def pick(r, seq):
    return seq[int(r.random() * len(seq))]


def parse(t):
    return dt.datetime.fromisoformat(t)


def fmt(t):
    return t.isoformat()


def shift(t, r, lo_h, hi_h):
    return fmt(parse(t) + dt.timedelta(minutes=int((lo_h + r.random() * (hi_h - lo_h)) * 60)))


def group(case, name):
    """The fact group NAME of CASE, created empty when absent or null."""
    f = case["facts"]
    if not isinstance(f.get(name), dict):
        f[name] = {}
    return f[name]


def events(case):
    return group(case, "events")


def op_drop_event(case, r):
    ev = events(case)
    known = [e for e in EVENTS if ev.get(e)]
    if not known:
        return None
    e = pick(r, known)
    ev[e] = None
    return f"drop events.{e}"


def op_move_as_of(case, r):
    hours = pick(r, [-24 * 14, -48, -6, -1, 1, 5, 30, 24 * 7, 24 * 40])
    case["as_of"] = shift(case["as_of"], r, hours, hours + 1)
    return f"as_of {hours:+d} h"


def op_agency(case, r):
    ev = events(case)
    a = pick(r, AGENCIES)
    ev["identified_by"] = dict(ev.get("identified_by") or {}, agency_type=a)
    return f"identified by {a}"


def op_age(case, r):
    ch = group(case, "child")
    k = int(r.random() * 4)
    if k == 0:
        ch["age_determined"] = False
        ch["estimated_age_years"] = pick(r, [None, 12, 14, 15, 16, 17])
        return f"age presumed, estimate {ch['estimated_age_years']}"
    dob = ch.get("date_of_birth")
    if not dob:
        return None
    d = dt.date.fromisoformat(dob)
    if k == 1:
        d = d.replace(year=d.year + pick(r, [-2, -1, 1, 2]))
    elif k == 2:
        d = d + dt.timedelta(days=pick(r, [-1, 1]))
    else:
        ch["date_of_birth"] = None
        return "date of birth unknown"
    ch["date_of_birth"] = d.isoformat()
    ch["age_determined"] = True
    return f"date of birth {d}"


def op_contacts(case, r):
    ev = events(case)
    plan = ev.get("service_plan_done_at")
    base = plan or ev.get("case_opened_at") or ev.get("referred_at") or case["as_of"]
    kind = pick(r, ["follow_up_contacts", "family_contacts", "first_home_visit_at", "monitoring_visits"])
    at = shift(base, r, -72 if r.random() < 0.2 else 1, 24 * 20)
    if kind == "first_home_visit_at":
        ev[kind] = at
    else:
        ev[kind] = sorted((ev.get(kind) or []) + [at])
    return f"{kind} + {at}"


def op_cmr(case, r):
    ev = events(case)
    cmrs = ev.get("cmrs") or []
    if not cmrs or r.random() < 0.3:
        held = shift(case["as_of"], r, -24 * 10, -1)
        cmrs = cmrs + [{"type": pick(r, ["closure", "review"]), "held_at": held, "closure_agreed": True}]
    c = cmrs[int(r.random() * len(cmrs))]
    f = pick(r, ["all_agencies_invited", "all_involved_members_present", "closure_agreed"])
    c[f] = pick(r, [True, False, None])
    ev["cmrs"] = cmrs
    return f"cmr {c.get('type')} {f} = {c[f]}"


def op_work(case, r):
    w = group(case, "work")
    if r.random() < 0.5:
        w["currently_engaged"] = not w.get("currently_engaged", True)
        return f"currently_engaged = {w['currently_engaged']}"
    w["sector"] = pick(r, SECTORS)
    return f"sector = {w['sector']}"


def op_closure(case, r):
    cl = group(case, "closure")
    f = pick(r, CLOSURE)
    cl[f] = pick(r, [True, False, None])
    return f"closure.{f} = {cl[f]}"


OPS = [op_drop_event, op_move_as_of, op_agency, op_age, op_contacts, op_cmr, op_work, op_closure]


def mutate(case, seed, k):
    r = random.Random(f"{seed}/{case['id']}/{k}")
    m = {"id": f"{case['id']}-M{k}", "as_of": case["as_of"], "facts": copy.deepcopy(case["facts"])}
    done = []
    for _ in range(1 + int(r.random() * 3)):
        what = pick(r, OPS)(m, r)
        if what:
            done.append(what)
    m["mutations"] = done
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--per-case", type=int, default=25)
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    files = []
    for p in map(pathlib.Path, a.paths):
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    for f in files:
        case = json.loads(f.read_text())
        for k in range(a.per_case):
            sys.stdout.write(json.dumps(mutate(case, a.seed, k), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
