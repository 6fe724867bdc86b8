#!/usr/bin/env python3
"""Tests of `rregull publish`: the hazard list as in force on a date.

usage: test_publish.py [-v] [--update]   (RREGULL: the binary, default ./rregull)

The amendment is made here on a copy of rules/kosovo, as in tests/amendments
(a fictitious "AI 01/2027", source AMD, from 2027-01-01): LOAD-LIMITS and
the two load hazards get a second version with lower limits, and a new
sector hazard, fishing.  Golden: tests/publish/expected.md (the list on
2027-03-01 with the changes since 2026-06-01; --update rewrites it).
Prints "N passed, N failed".
"""
import difflib
import html.parser
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite, RR  # noqa: E402
from amendment import amend  # noqa: E402

HERE = pathlib.Path("tests/publish").resolve()
ROOT = pathlib.Path(".").resolve()
SUITE = Suite("publish")
check = SUITE.check
UPDATE = "--update" in sys.argv

def run(*args):
    p = subprocess.run([RR, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Tags(html.parser.HTMLParser):
    """Checks that every element is closed in order."""
    def __init__(self):
        super().__init__()
        self.stack, self.bad = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)
        if tag in ("link", "img", "script"):
            self.bad.append(f"<{tag}>: not self-contained")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


with tempfile.TemporaryDirectory() as t:
    new = pathlib.Path(t) / "new"
    shutil.copytree(ROOT / "rules/kosovo", new, ignore=shutil.ignore_patterns("tests"))
    amend(new)
    code, out, err = run("check", str(new))
    check("the amended rules check", code == 0, err)

    # ---- the golden: 2027-03-01, changes since 2026-06-01 ----
    code, out, err = run("publish", "--rules", str(new), "--as-of", "2027-03-01", "--since", "2026-06-01")
    check("--since: exit 0, nothing on stderr", code == 0 and not err, f"{code}: {err}")
    if UPDATE:
        (HERE / "expected.md").write_text(out)
    want = (HERE / "expected.md").read_text()
    check("expected.md matches", out == want,
          "".join(difflib.unified_diff(want.splitlines(True), out.splitlines(True), "expected.md", "got")))
    check("2 changed, 1 added, 0 removed", "1 added, 2 changed, 0 removed" in out, out[:600])
    check("the new sector is marked added",
          re.search(r"^### HAZ-SECTOR-FISHING .*\(added since 2026-06-01\)", out, re.M), out)
    check("the load hazards are marked changed, with what they were",
          len(re.findall(r"^### HAZ-LOAD-\w+ .*\(changed since 2026-06-01\)", out, re.M)) == 2
          and out.count("**As in force on 2026-06-01:**") == 2)
    check("the amendment's own citation reaches the list", "AMD Art. 1" in out and "AMD Art. 2" in out)
    check("the sources cited are listed, the amendment's too", "- **AMD**: Administrative Instruction 01/2027" in out)

    # ---- before the amendment: the old law, no marks ----
    code, old, err = run("publish", "--rules", str(new), "--as-of", "2026-06-01")
    check("2026-06-01: exit 0", code == 0, err)
    check("2026-06-01: the old limits (15 kg boys occasional), not the new",
          "| male | occasional | 15 kg |" in old and "| male | occasional | 10 kg |" not in old)
    check("2026-06-01: no fishing, no marks", "FISHING" not in old and "since" not in old.split("\n## ")[1])
    check("2026-06-01: the old versions end 2026-12-31", "to 2026-12-31 (last day)" in old)
    code, cur, err = run("publish", "--rules", str(new), "--as-of", "2027-01-01")
    check("2027-01-01 (the first day): the new limits", "| male | occasional | 10 kg |" in cur
          and "| male | occasional | 15 kg |" not in cur, cur[:300])
    code, same, err = run("publish", "--rules", str(new), "--as-of", "2027-03-01", "--since", "2027-02-01")
    check("no change between two dates after the amendment", "0 added, 0 changed, 0 removed" in same)
    code, rev, err = run("publish", "--rules", str(new), "--as-of", "2026-06-01", "--since", "2027-03-01")
    check("back in time: fishing removed", re.search(r"^### HAZ-SECTOR-FISHING .*\(removed since", rev, re.M))

    # ---- the shipped rules: every hazard and worst form is listed ----
    code, ship, err = run("publish", "--rules", str(ROOT / "rules/kosovo"), "--as-of", "2026-01-01")
    ids = re.findall(r"^(?:hazard|wfcl) ([A-Z0-9-]+)", "".join(
        p.read_text() for p in sorted((ROOT / "rules/kosovo").glob("*.rr"))), re.M)
    check("rules/kosovo: every hazard and worst form has an entry",
          ids and all(f"### {i} " in ship for i in ids), [i for i in ids if f"### {i} " not in ship])
    check("rules/kosovo: the night hours and the load table",
          "night: 20:00" in ship and "| female | continuous | 5 kg |" in ship)

    # ---- HTML: one page, self-contained, printable ----
    code, page, err = run("publish", "--rules", str(new), "--as-of", "2027-03-01", "--since", "2026-06-01",
                          "--format", "html")
    tags = Tags()
    tags.feed(page)
    check("html: exit 0", code == 0, err)
    check("html: a whole document, every element closed", page.startswith("<!DOCTYPE html>") and not tags.stack
          and not tags.bad, (tags.stack, tags.bad[:5]))
    check("html: self-contained (CSS embedded, no address)", "<style>" in page and "http" not in page
          and "src=" not in page)
    check("html: fit for printing (@media print)", "@media print" in page)
    check("html: the same entries as the Markdown",
          sorted(re.findall(r"<h3[^>]*>([A-Z0-9-]+) ", page)) == sorted(re.findall(r"^### ([A-Z0-9-]+) ", out, re.M)))

    # ---- bad input ----
    for args, want_code, name in [
        (["--as-of", "2026-01-01"], 64, "no --rules"),
        (["--rules", str(new)], 64, "no --as-of"),
        (["--rules", str(new), "--as-of", "2026-02-30"], 64, "an impossible date"),
        (["--rules", str(new), "--as-of", "2026-01-01", "--since", "yesterday"], 64, "--since not a date"),
        (["--rules", str(new), "--as-of", "2026-01-01", "--format", "pdf"], 64, "an unknown format"),
        (["--rules", str(pathlib.Path(t) / "none"), "--as-of", "2026-01-01"], 1, "rules that do not load"),
    ]:
        code, o, e = run("publish", *args)
        check(f"{name}: exit {want_code}, one message", code == want_code and e and not o, f"{code}: {e}")
    code, o, e = run("publish", "--help")
    check("--help", code == 0 and o.startswith("usage: rregull publish"))

sys.exit(SUITE.finish())
