#!/usr/bin/env python3
"""Tests of the Primero adapter (rules/integrations/primero.json, rregull primero).

usage: test_primero.py [-v]      (RREGULL: the binary, default ./rregull)

Prints "FAIL name" and why for each failure (and "ok name" with -v), then
"N passed, N failed".  Run from the repository root.

- every shipped acceptance case, expressed as a Primero record (make_record.py),
  decides exactly as `rregull eval` decides the case (byte for byte);
- the sample records of tests/primero/records/ give their golden output (.out);
- bad records give a JSON error naming the Primero field (422's body in the server);
- the risk level is suggested, never overwriting one set by hand;
- the patch, applied to the record, leaves nothing more to patch;
- bad mapping files (tests/primero/mappings/) give their exact diagnostics.
"""
import copy
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from suite import Suite  # noqa: E402
import make_record  # noqa: E402

HERE = pathlib.Path("tests/primero")
RULES = ["--rules", "rules/kosovo"]
MAPPING = json.load(open("rules/integrations/primero.json"))
SUITE = Suite("primero")
run, check = SUITE.run, SUITE.check
tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-primero-"))


def write(name, obj):
    p = tmp / name
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj, indent=2))
    return str(p)


def primero(record, *args):
    """Runs rregull primero on RECORD (a path or an object): code, parsed stdout (or None), stderr."""
    path = record if isinstance(record, str) else write("record.json", record)
    code, out, err = run("primero", *RULES, *args, path)
    try:
        body = json.loads(out)
    except ValueError:
        body = None
    return code, body, err, out


# ---- 1. every shipped case as a Primero record decides as the case itself ----------
cases = sorted(pathlib.Path("tests/acceptance/cases").glob("*.json")) + sorted(pathlib.Path("examples").glob("*.json"))
for c in cases:
    case = json.load(open(c))
    if "facts" not in case:
        continue
    try:
        rec = make_record.record(case, MAPPING)
    except SystemExit as e:
        check(f"round trip {c.name}: the mapping carries every fact", False, e)
        continue
    code, body, err, out = primero(rec, "--compact")
    ecode, eout, eerr = run("eval", *RULES, "--compact", str(c))
    head = '{"decision":' + eout.rstrip("\n") + ',"primero_patch":'
    check(f"round trip {c.name}: the decision is rregull eval's, byte for byte",
          code == 0 and ecode == 0 and out.startswith(head), f"{code} {err}\n{out[:300]}\n{eout[:300]}")
    check(f"round trip {c.name}: the patch is {{\"data\": {{...}}}}",
          body is not None and isinstance(body.get("primero_patch", {}).get("data"), dict), out[-300:])

# ---- 2. the sample records give their golden output -------------------------------
for rec in sorted((HERE / "records").glob("*.json")):
    want = rec.with_suffix(".out")
    code, body, err, out = primero(str(rec))
    check(f"golden {rec.name}: exit 0, nothing on stderr", code == 0 and not err, f"{code}: {err}")
    check(f"golden {rec.name}: output as {want.name}", want.exists() and out == want.read_text(),
          "missing " + str(want) if not want.exists() else "differs (rerun and diff)")
    # {"data": record} and the bare record are the same
    bare = json.load(open(rec))["data"]
    code2, body2, err2, out2 = primero(bare)
    check(f"golden {rec.name}: the bare record gives the same", code2 == 0 and out2 == out, err2)

# ---- 3. bad records: a JSON error naming the Primero field -------------------------
base = json.load(open(HERE / "records" / "S001.json"))


def bad(name, mutate, code_want, path_want, words):
    rec = copy.deepcopy(base)
    mutate(rec["data"])
    code, body, err, out = primero(rec)
    e = (body or {}).get("error", {})
    check(f"bad record {name}: exit {code_want}", code == code_want, f"{code}: {err}")
    check(f"bad record {name}: error code unprocessable, path {path_want!r}",
          e.get("code") == "unprocessable" and e.get("path") == path_want, out)
    check(f"bad record {name}: the message says {words!r}", words in e.get("message", ""), out)
    check(f"bad record {name}: stderr says it too", path_want in err and "rregull:" in err, err)


bad("unknown dropdown value (sex)", lambda d: d.update(sex="intersex"), 2, "sex",
    "'intersex' is not a value of this field the mapping knows (male, female, other, unknown)")
bad("unknown lookup id of a deployment field", lambda d: d.update(cl_work_sector="mining"), 2, "cl_work_sector",
    "'mining' is not a value this field can take")
bad("an unmapped field", lambda d: d.update(favourite_colour="blue"), 2, "favourite_colour",
    "Primero field 'favourite_colour' is not mapped")
bad("a number that is not one", lambda d: d.update(cl_work_hours_per_week="many"), 2, "cl_work_hours_per_week",
    "'many' is not a number")
bad("a subform entry's field", lambda d: d["cl_work_loads"][0].update(cl_load_kg="heavy"), 2,
    "cl_work_loads[0].cl_load_kg", "'heavy' is not a number")
bad("a date that is none", lambda d: d.update(date_of_birth="2008-02-30"), 2, "date_of_birth", "is not a date")
bad("a date-time that is none", lambda d: d.update(cl_events_referred_at="yesterday"), 2, "cl_events_referred_at",
    "is not a date or a date-time")
bad("a yes/no that is neither", lambda d: d.update(cl_work_underground="maybe"), 2, "cl_work_underground",
    "expected true or false")
bad("a value the rules refuse (out of the declared range)", lambda d: d.update(cl_work_hours_per_week=500), 2,
    "cl_work_hours_per_week", "facts.work.hours_per_week")
bad("a subform that is not a list", lambda d: d.update(cl_work_loads={"kg": 3}), 2, "cl_work_loads",
    "expected a list")
bad("no case id", lambda d: d.pop("case_id_display"), 2, "case_id_display", "the record has no 'case_id_display'")

for name, text in [("not JSON", "{\"data\": {\"sex\": "), ("a JSON list", "[1, 2]"), ("empty", "")]:
    code, body, err, out = primero(write("malformed.json", text))
    e = (body or {}).get("error", {})
    check(f"malformed record ({name}): exit 2, code bad_request",
          code == 2 and e.get("code") == "bad_request" and e.get("path") == "", f"{code} {out} {err}")

# ---- 4. the risk level: suggested, never overwriting one set by hand ---------------
s016 = json.load(open(HERE / "records" / "S016.json"))   # the rules find high risk


def patch_of(rec):
    code, body, err, out = primero(rec)
    return code, (body or {}).get("primero_patch", {}).get("data", {}), body, err


d = copy.deepcopy(s016)
code, p, body, err = patch_of(d)
check("risk: an empty risk level is set, with the suggestion",
      code == 0 and p.get("risk_level") == "high" and p.get("rregull_suggested_risk_level") == "high"
      and "rregull_risk_level_disagrees" not in p, p)
d["data"]["risk_level"] = "medium"           # by hand, before rregull ran
code, p, body, err = patch_of(d)
check("risk: a hand-set level that disagrees is not overwritten, and is flagged",
      code == 0 and "risk_level" not in p and p.get("rregull_suggested_risk_level") == "high"
      and p.get("rregull_risk_level_disagrees") is True, p)
d["data"].update(risk_level="medium", rregull_suggested_risk_level="high")   # someone lowered ours by hand
code, p, body, err = patch_of(d)
check("risk: lowering rregull's suggestion by hand sticks (flagged, not overwritten)",
      code == 0 and "risk_level" not in p and "rregull_suggested_risk_level" not in p
      and p.get("rregull_risk_level_disagrees") is True, p)
d["data"].update(risk_level="low", rregull_suggested_risk_level="low")   # ours, from an earlier decision
code, p, body, err = patch_of(d)
check("risk: rregull's own earlier suggestion is updated", code == 0 and p.get("risk_level") == "high"
      and p.get("rregull_suggested_risk_level") == "high" and "rregull_risk_level_disagrees" not in p, p)
d["data"].update(risk_level="high", rregull_suggested_risk_level="high", rregull_risk_level_disagrees=True)
code, p, body, err = patch_of(d)
risk = {k: v for k, v in p.items() if "risk" in k}
check("risk: agreement clears the flag", code == 0 and risk == {"rregull_risk_level_disagrees": False}, p)
s031 = json.load(open(HERE / "records" / "S031.json"))    # out of scope: no level
s031["data"]["risk_level"] = "low"
code, p, body, err = patch_of(s031)
check("risk: a decision without a level Primero knows suggests nothing and touches nothing",
      code == 0 and (body["decision"]["risk"] or {}).get("level") not in ("low", "medium", "high") and "risk_level" not in p
      and "rregull_risk_level_disagrees" not in p, p)


# ---- 5. the patch applied leaves nothing to patch (idempotent) ----------------------
# Primero applies a PATCH's "data" with RecordMergeDataHashService.merge_data
# (primeroIMS/primero, app/services/record_merge_data_hash_service.rb, used by
# Record#update_properties): hashes merge key by key, recursively; two arrays of
# hashes merge entry by entry on "unique_id" (an old entry without one is kept,
# a new entry whose unique_id matches none is appended), entries with "_destroy"
# are dropped; anything else is replaced.  Restated here so that the patch is
# tested under the merge Primero performs, not one of our own.
def merge_data(old, new):
    if isinstance(old, dict) and isinstance(new, dict):
        out = dict(old)
        for k, v in new.items():
            out[k] = merge_data(old[k], v) if k in old else v
        return out
    if array_of_hashes(old) and array_of_hashes(new):
        merged = []
        for o in old:
            n = next((r for r in new if r.get("unique_id") == o.get("unique_id")), None) if o.get("unique_id") else None
            merged.append(merge_data(o, n) if n is not None else o)
        append = [r for r in new if not any(m.get("unique_id") == r.get("unique_id") for m in merged)]
        return [r for r in merged + append if not r.get("_destroy")]
    return new


def array_of_hashes(v):
    return isinstance(v, list) and (not v or isinstance(v[0], dict))


def apply(rec, patch):
    rec["data"] = merge_data(rec["data"], patch)


check("merge_data restated: subform entries merge on unique_id, new ones are appended",
      merge_data({"f": [{"unique_id": "a", "x": 1}, {"y": 2}]}, {"f": [{"unique_id": "a", "x": 3}, {"unique_id": "b"}]})
      == {"f": [{"unique_id": "a", "x": 3}, {"y": 2}, {"unique_id": "b"}]})

for name in ["S001", "S016", "S061", "S071", "S086", "S016-hand-set-risk"]:
    rec = json.load(open(HERE / "records" / f"{name}.json"))
    code, p, body, err = patch_of(rec)
    apply(rec, p)
    code2, p2, body2, err2 = patch_of(rec)
    check(f"idempotent {name}: the patch applied, the next patch is empty", code == code2 == 0 and p and p2 == {},
          f"{p2}")
    check(f"idempotent {name}: the decision is the same after the patch", body2 and body2["decision"] == body["decision"])

# the same patch delivered twice (a webhook retried, a PATCH resent) adds nothing twice
rec = json.load(open(HERE / "records" / "S071.json"))
code, p, body, err = patch_of(rec)
once = merge_data(rec["data"], p)
twice = merge_data(once, p)
check("a patch applied twice by Primero's merge equals the patch applied once (follow-ups not duplicated)",
      code == 0 and p.get("followup_subform_section") and once == twice
      and len(twice["followup_subform_section"]) == len(rec["data"].get("followup_subform_section") or [])
      + len(p["followup_subform_section"]), len((twice.get("followup_subform_section") or [])))

# ---- 6. due dates and follow-ups come from the governing deadlines -----------------
code, p, body, err = patch_of(json.load(open(HERE / "records" / "S061.json")))
dl = {x["id"]: x for x in body["decision"]["deadlines"]}
check("due dates: assessment from DL-COMPREHENSIVE-EFFECTIVE, case plan from DL-SERVICE-PLAN-EFFECTIVE",
      p.get("assessment_due_date") == dl["DL-COMPREHENSIVE-EFFECTIVE"]["due_at"][:10]
      and p.get("case_plan_due_date") == dl["DL-SERVICE-PLAN-EFFECTIVE"]["due_at"][:10]
      and p.get("rregull_case_plan_due_at") == dl["DL-SERVICE-PLAN-EFFECTIVE"]["due_at"], p)
code, p, body, err = patch_of(json.load(open(HERE / "records" / "S001.json")))
check("due dates: a deadline awaiting its start sets no date", code == 0 and "case_plan_due_date" not in p, p)
code, p, body, err = patch_of(json.load(open(HERE / "records" / "S071.json")))
fu = p.get("followup_subform_section", [])
want = sorted(x["id"] for x in body["decision"]["deadlines"]
              if x["id"].startswith("FREQ-TK-FOLLOWUP-") and x["status"] in ("pending", "overdue"))
check("follow-ups: one planned follow-up per open FREQ-TK-FOLLOWUP- deadline, due on its date",
      sorted(x["followup_comments"].split(":")[0] for x in fu) == want and want
      and all(x["followup_needed_by_date"] and x["unique_id"].startswith("rregull-FREQ-") for x in fu), fu)

fam = next(x for x in body["decision"]["deadlines"] if x["id"] == "FREQ-FAMILY-CONTACT-MONTHLY")
check("follow-ups: the family contact is no follow-up (a follow-up done would not meet it): its own due date",
      p.get("rregull_family_contact_due_date") == fam["due_at"][:10]
      and not any("FAMILY" in x["unique_id"] for x in fu), p)
# a planned follow-up, once done, is read back as a follow-up contact and meets the duty
rec = json.load(open(HERE / "records" / "S071.json"))
apply(rec, p)
due = [x for x in rec["data"]["followup_subform_section"] if x["unique_id"].startswith("rregull-FREQ-TK-FOLLOWUP-")]
due[0]["followup_date"] = body["decision"]["as_of"][:10]
code, p2, body2, err = patch_of(rec)
st = {x["id"]: x["status"] for x in body2["decision"]["deadlines"]}
check("follow-ups: recorded in Primero, the follow-up meets the overdue duty",
      code == 0 and "overdue" not in [v for k, v in st.items() if k.startswith("FREQ-TK-FOLLOWUP-")], st)

# ---- 7. times: no offset is local time in the rule set's zone; --as-of ----------------
rec = copy.deepcopy(base)
rec["data"].update(registration_date="2025-07-01", cl_events_referred_at="2025-07-01T10:00",
                   cl_events_identified_at="2025-07-01T09:30:00.123", last_updated_at="2025-07-02T08:00:00Z",
                   date_case_plan="2025-07-01")
code, out, err = run("primero", *RULES, "--case", write("times.json", rec))
c = json.loads(out) if code == 0 else {}
ev = c.get("facts", {}).get("events", {})
check("times: a date alone is the start of that local day (summer: +02:00)",
      ev.get("case_opened_at") == "2025-07-01T00:00:00+02:00", ev)
check("times: a date-time without offset is local time", ev.get("referred_at") == "2025-07-01T10:00:00+02:00"
      and ev.get("identified_at") == "2025-07-01T09:30:00+02:00", ev)
check("times: a date-time in UTC is that instant, written in local time", c.get("as_of") == "2025-07-02T10:00:00+02:00", c)
code, out, err = run("primero", *RULES, "--case", "--as-of", "2025-03-05T10:00:00+01:00", write("times.json", rec))
check("times: --as-of overrides the record's update time", code == 0 and json.loads(out)["as_of"] == "2025-03-05T10:00:00+01:00", out)
code, out, err = run("primero", *RULES, "--case", "--as-of", "soon", write("times.json", rec))
check("times: a bad --as-of is refused", code == 2 and "'soon'" in out, out + err)

# ---- 8. the mapping file: the shipped one checks; bad ones give exact diagnostics -----
code, out, err = run("primero", *RULES, "--check")
check("mapping: the shipped mapping checks", code == 0 and out == "rules/integrations/primero.json: ok\n", out + err)
for m in sorted((HERE / "mappings").glob("*.json")):
    code, out, err = run("primero", *RULES, "--mapping", str(m), "--check")
    want = m.with_suffix(".err")
    check(f"mapping {m.name}: exit 1", code == 1, f"{code}: {err}")
    check(f"mapping {m.name}: diagnostics as {want.name}", want.exists() and err == want.read_text(),
          err if not want.exists() else "got:\n" + err)
code, out, err = run("primero", *RULES, "--mapping", str(tmp / "none.json"), "--check")
check("mapping: a missing file says so", code == 1 and "none.json: cannot read" in err, err)

# ---- 9. hostile values in every field: an answer for each, naming the field ----------
HOSTILE = [{}, [], [[[]]], {"a": [1]}, 1.5, -7, "x", "", True, None, "9" * 5000, "2025-13-45T99:99",
           "\u00e9\u00ff", [None, {}, "x"], [{"unique_id": 1}]]
rich = json.load(open(HERE / "records" / "S086.json"))["data"]
paths, mutated = [], []
for field in sorted(rich):
    for i, v in enumerate(HOSTILE):
        d = copy.deepcopy(rich)
        d[field] = v
        paths.append(field)
        mutated.append(write(f"hostile-{field}-{i}.json", {"data": d}))
    if isinstance(rich[field], list) and rich[field] and isinstance(rich[field][0], dict):
        for sub in sorted(rich[field][0]):
            for i, v in enumerate(HOSTILE):
                d = copy.deepcopy(rich)
                d[field][0][sub] = v
                paths.append(field)
                mutated.append(write(f"hostile-{field}-{sub}-{i}.json", {"data": d}))
code, out, err = run("primero", *RULES, "--compact", *mutated)
lines = out.splitlines()
check(f"hostile: {len(mutated)} records, one answer each, exit 0 or 2", len(lines) == len(mutated) and code in (0, 2),
      f"{code}: {len(lines)} lines; {err[-500:]}")
wrong = []
for path, line in zip(paths, lines):
    try:
        body = json.loads(line)
    except ValueError:
        wrong.append(f"{path}: not JSON: {line[:100]}")
        continue
    e = body.get("error")
    if e is None and "decision" not in body:
        wrong.append(f"{path}: neither a decision nor an error")
    elif e is not None and not (e.get("code") == "unprocessable" and e.get("path", "").startswith(path)):
        wrong.append(f"{path}: {e}")
check("hostile: every answer is a decision, or an error naming the field", not wrong, "\n".join(wrong[:10]))
check("hostile: some answers are errors, some decisions (ignored fields, accepted values)",
      '"error"' in out and '"decision"' in out, "")
for name, text in [("an integer beyond 64 bits", '{"data": {"case_id_display": "X", "age": 1' + "0" * 30 + '}}'),
                   ("a NUL in a string", '{"data": {"case_id_display": "X", "cl_work_activities": "\\u0000"}}')]:
    code, body, err, out = primero(write("hostile.json", text))
    e = (body or {}).get("error", {})
    check(f"hostile: {name} is a bad request", code == 2 and e.get("code") == "bad_request", out)

# ---- 10. usage --------------------------------------------------------------------
code, out, err = run("primero", "--help")
check("usage: --help", code == 0 and out.startswith("usage: rregull primero"), err)
code, out, err = run("primero", *RULES)
check("usage: a record is needed", code == 64 and "a RECORD.json is needed" in err, err)

sys.exit(SUITE.finish())
