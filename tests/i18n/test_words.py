#!/usr/bin/env python3
"""tests/i18n/test_words.py - no English and no engine notation in
`rregull explain --lang sq|sr` on every shipped case, and in the text of
its printable case page (--html) in sq (issue 15).

Every text shown to a person comes through the PO files: rule texts, enum
labels, a table's texts, record fields, the engine's own words (reasons,
"otherwise", "->", yes/no, durations, deadline words).  What may stay as
written: identifiers (rule IDs, fact paths, let names: codes a supervisor
looks up) and the case's own data (names, agencies as recorded).

For each case and language the output is stripped of identifiers and of
every string value of the case file; what remains must hold none of the
English words and notation listed below.  The same list run on the English
output must find each entry somewhere (so the test can fail).
Prints "N passed, N failed".  RREGULL names the binary (default ./rregull).
"""
import glob
import html
import json
import os
import re
import subprocess
import sys

RR = os.environ.get("RREGULL", "./rregull")
RULES = "rules/kosovo"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite import Suite  # noqa: E402

SUITE = Suite("words")
check = SUITE.check


# English words (whole words) and notation the engine or the rules would
# print if a text escaped translation.  Each must occur in the English
# output of at least one shipped case.
WORDS = ["otherwise", "none", "null", "true", "false", "unknown", "yes", "not recorded", "earliest",
         "applicable", "next occurrence", "working days", "immediately", "outer bound", "governing deadline",
         "accompany the child", "the", "and", "of", "low", "medium", "high", "pending", "after", "risk level used",
         "assessed", "adequate", "agriculture", "construction", "attending", "male", "initial", "review",
         "hospital", "hands", "torso", "person", "older", "does not apply", "days", "hours", "support_promised"]
NOTATION = [(r" -> ", "->"), (r"\(P(T?)\d+[HMDWY]\)", "an ISO duration"), (r" 'none'", "'none'")]


def strings_of(v, out):
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, dict):
        for x in v.values():
            strings_of(x, out)
    elif isinstance(v, list):
        for x in v:
            strings_of(x, out)
    return out


def strip(text, case_file):
    data = sorted(strings_of(json.load(open(case_file)), []), key=len, reverse=True)
    for s in data:
        if len(s) > 2:
            text = text.replace(s, " ")
    text = re.sub(r"\b[A-Za-z0-9_]+(\.[A-Za-z0-9_\[\]]+)+", " ", text)      # fact paths
    text = re.sub(r"\b[a-z0-9]+_[a-z0-9_]+\b", " ", text)                  # lets, fields
    text = re.sub(r"\b[A-Z][A-Z0-9]*(-[A-Z0-9]+)+\b", " ", text)           # rule IDs
    return text


def found(text, w):
    return re.search(r"(?<![\w])" + re.escape(w) + r"(?![\w])", text) is not None


def main():
    cases = sorted(glob.glob("tests/acceptance/cases/*.json")) + sorted(glob.glob("examples/*.json"))
    check("cases found", len(cases) >= 40, str(len(cases)))
    english = ""
    for c in cases:
        r = subprocess.run([RR, "explain", "--rules", RULES, c], capture_output=True, text=True)
        english += r.stdout
    for w in WORDS:
        check(f"the English output has '{w}' (the test can fail)", found(english, w))
    for pat, name in NOTATION:
        check(f"the English output has {name} (the test can fail)", re.search(pat, english) is not None)
    for lang in ("sq", "sr"):
        if not os.path.exists(f"{RULES}/po/{lang}.po"):
            print(f"SKIP {lang}: no {RULES}/po/{lang}.po")
            continue
        bad = {}
        for c in cases:
            r = subprocess.run([RR, "explain", "--rules", RULES, "--lang", lang, c], capture_output=True, text=True)
            if r.returncode not in (0, 1, 2) or not r.stdout:
                check(f"{lang} {c}: explain runs", False, r.stderr[:300])
                continue
            text = strip(r.stdout, c)
            if lang == "sq":            # the printable case page too: its text, not its markup
                h = subprocess.run([RR, "explain", "--rules", RULES, "--lang", lang, "--html", c],
                                   capture_output=True, text=True).stdout
                h = re.sub(r"(?s)<(style|script)[^>]*>.*?</\1>", " ", h)
                h = html.unescape(re.sub(r"<[^>]*>", "\n", h))
                text += "\n" + strip(h, c)
            for line in text.splitlines():
                for w in WORDS:
                    if found(line, w):
                        bad.setdefault(w, f"{os.path.basename(c)}: {line.strip()[:160]}")
                for pat, name in NOTATION:
                    if re.search(pat, line):
                        bad.setdefault(name, f"{os.path.basename(c)}: {line.strip()[:160]}")
        for w in WORDS + [n for _, n in NOTATION]:
            check(f"{lang}: no '{w}' in explain of {len(cases)} cases", w not in bad, bad.get(w, ""))
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
