#!/usr/bin/env python3
"""A case of the decision contract as the Primero case record a deployment would hold.

usage: make_record.py CASE.json [MAPPING]    (prints {"data": record}; MAPPING: rules/integrations/primero.json)

The mapping file is read backwards: each fact goes to the Primero field that gives it, in the form
Primero's API v2 writes (date-times in UTC with milliseconds, subforms as lists of entries with a
unique_id, dropdowns by their option id).  The test suite uses it to express every shipped
acceptance case as a Primero record; tests/primero/records/ holds some of them as written by it.
"""
import datetime
import json
import re
import sys
import uuid

INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)$")


def primero_time(z):
    """An instant of the contract -> Primero's UTC form."""
    t = datetime.datetime.fromisoformat(z.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def convert(v):
    if isinstance(v, str) and INSTANT.match(v):
        return primero_time(v)
    return v


def get(facts, path):
    for k in path.split("."):
        if not isinstance(facts, dict) or k not in facts:
            return None
        facts = facts[k]
    return facts


def inverse(values, v):
    for k, to in values.items():
        if k != "//" and to == v:
            return {"true": True, "false": False}.get(k, k)
    raise SystemExit(f"no Primero value maps to {v!r}")


def field_value(spec, v, unique):
    """The Primero value of SPEC for the fact value V."""
    if isinstance(spec, str):
        spec = {"fact": spec}
    if v is None:
        return None
    each = spec.get("each")
    if isinstance(each, str):
        return [{"unique_id": f"{unique}-{i}", each: convert(x)} for i, x in enumerate(v)]
    if isinstance(each, dict):
        out = []
        for i, rec in enumerate(v):
            entry = {"unique_id": f"{unique}-{i}"}
            for sub, subspec in each.items():
                if sub == "//":
                    continue
                target = subspec if isinstance(subspec, str) else subspec["fact"]
                x = field_value(subspec, rec.get(target), f"{unique}-{i}-{sub}")
                if x is not None:
                    entry[sub] = x
            out.append(entry)
        return out
    if "values" in spec:
        if isinstance(v, list):
            return [inverse(spec["values"], x) for x in v]
        return inverse(spec["values"], v)
    return convert(v)


def covered(facts, path, used):
    """Facts of the case the mapping does not carry (none may be lost)."""
    lost = []
    for k, v in facts.items():
        p = f"{path}.{k}" if path else k
        if p in used or v is None:
            continue
        if isinstance(v, dict):
            lost += covered(v, p, used)
        else:
            lost.append(p)
    return lost


def record(case, mapping):
    facts = case["facts"]
    cid = case["id"]
    data = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "rregull-test/" + cid)),
        "case_id_display": cid,
        "short_id": cid.lower(),
        "status": "open",
        "record_state": True,
        "module_id": "primeromodule-cp",
        "owned_by": "cw.kosovo",
        "created_at": primero_time(get(facts, "events.identified_at") or case["as_of"]),
        "last_updated_at": primero_time(case["as_of"]),
    }
    used = set()
    for name, spec in mapping["fields"].items():
        if name == "//":
            continue
        path = spec if isinstance(spec, str) else spec["fact"]
        used.add(path)
        v = field_value(spec, get(facts, path), name)
        if v is not None:
            data[name] = v
    lost = covered(facts, "", used)
    if lost:
        raise SystemExit(f"{cid}: facts the mapping does not carry: {', '.join(lost)}")
    return {"data": data}


def main():
    case = json.load(open(sys.argv[1]))
    mapping = json.load(open(sys.argv[2] if len(sys.argv) > 2 else "rules/integrations/primero.json"))
    print(json.dumps(record(case, mapping), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
