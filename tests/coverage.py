#!/usr/bin/env python3
"""Check that the policy covers the rule catalog.

usage: coverage.py CATALOG-IDS RULES-DIR

CATALOG-IDS lists "ID kind" per line (# comments).  Every binding, derived,
interpretation and convention rule must be declared in a .rr file of
RULES-DIR (tests/ excluded) or listed in RULES-DIR/NOT-ENCODED.md, never
both; every advisory rule must be declared with the 'advisory' construct.
Prints one line per problem and "N passed, N failed"; exits 1 on failure.
"""
import pathlib
import re
import sys

REQUIRED = {"binding", "derived", "interpretation", "convention"}


def main(ids_file, rules_dir):
    rules = pathlib.Path(rules_dir)
    decls = {}
    for f in sorted(rules.rglob("*.rr")):
        if "tests" in f.relative_to(rules).parts:
            continue
        for m in re.finditer(r"^([a-z]+) +([A-Z][A-Z0-9-]*)\b", f.read_text(), re.M):
            if m.group(1) != "scope":
                decls.setdefault(m.group(2), m.group(1))
    not_encoded_file = rules / "NOT-ENCODED.md"
    listed = set()
    if not_encoded_file.exists():
        listed = set(re.findall(r"^\| `([A-Z][A-Z0-9-]*)` \|", not_encoded_file.read_text(), re.M))
    passed = failed = 0
    for line in pathlib.Path(ids_file).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rid, kind = line.split()
        problem = None
        if kind == "advisory":
            if decls.get(rid) != "advisory":
                problem = f"advisory rule declared as {decls[rid]!r}" if rid in decls else "advisory rule not declared"
        elif kind in REQUIRED:
            if rid in decls and rid in listed:
                problem = "encoded, but still listed in NOT-ENCODED.md"
            elif rid not in decls and rid not in listed:
                problem = f"{kind} rule neither encoded nor listed in NOT-ENCODED.md"
        elif rid in decls and rid in listed:
            problem = "encoded, but still listed in NOT-ENCODED.md"
        if problem:
            failed += 1
            print(f"FAIL {rid}: {problem}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    sys.exit(main(sys.argv[1], sys.argv[2]))
