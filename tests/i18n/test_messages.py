#!/usr/bin/env python3
"""tests/i18n/test_messages.py - the messages that reach a case worker, in
Albanian and Serbian when the language is asked for (issue 15).

The CLI (eval, explain; a case file with bad facts, --db with an unknown case
or a bad --as-of) with --lang, the table of `rregull cases --lang`, and the server's JSON errors with ?lang= and
Accept-Language: the message in the language, the "code" and the "path" as
they are, and without a language the English byte for byte as before.  The
catalog: every "error" entry of the template has a translation, drafts
fuzzy, in sq.po and sr.po.
Prints "N passed, N failed".  RREGULL names the binary (default ./rregull).
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

RR = os.environ.get("RREGULL", "./rregull")
RULES = "rules/kosovo"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite import Suite  # noqa: E402

SUITE = Suite("messages")
check = SUITE.check


def run(args, stdin=None):
    return SUITE.run(*args, stdin=stdin)


BAD_SECTOR = '{"id":"M1","as_of":"2025-03-04T09:00:00+01:00","facts":{"work":{"sector":"mining_x"}}}'
BAD_NAME = '{"id":"M1","as_of":"2025-03-04T09:00:00+01:00","facts":{"work":{"sectorx":1}}}'
BAD_TYPE = '{"id":"M1","as_of":"2025-03-04T09:00:00+01:00","facts":{"work":{"max_height_m":"tall"}}}'
NO_AS_OF = '{"id":"M1","facts":{}}'

# (input, English message, Albanian, Serbian (Latin), Serbian (Cyrillic)) -- the part after "PATH: "
CASES = [
    (BAD_SECTOR, "facts.work.sector: 'mining_x' is not one of agriculture, forestry",
     "facts.work.sector: 'mining_x' nuk është asnjë nga: agriculture, forestry",
     "facts.work.sector: 'mining_x' nije nijedno od: agriculture, forestry",
     "facts.work.sector: 'mining_x' није ниједно од: agriculture, forestry"),
    (BAD_NAME, "facts.work.sectorx: unknown fact (did you mean 'sector'?)",
     "facts.work.sectorx: fakt i panjohur (mos keni menduar 'sector'?)",
     "facts.work.sectorx: nepoznata činjenica (da li ste mislili 'sector'?)",
     "facts.work.sectorx: непозната чињеница (да ли сте мислили 'sector'?)"),
    (BAD_TYPE, "facts.work.max_height_m: expected a number, got a string",
     "facts.work.max_height_m: pritej numër, erdhi tekst",
     "facts.work.max_height_m: očekivano: broj, a stiglo je tekst",
     "facts.work.max_height_m: очекивано: број, а стигло је текст"),
    (NO_AS_OF, 'missing "as_of" (the instant of evaluation, e.g. "2025-03-05T10:00:00+01:00")',
     'mungon "as_of" (çasti i vlerësimit, p.sh. "2025-03-05T10:00:00+01:00")',
     'nedostaje "as_of" (trenutak procene, npr. "2025-03-05T10:00:00+01:00")',
     'недостаје "as_of" (тренутак процене, нпр. "2025-03-05T10:00:00+01:00")'),
]
LANGS = ["sq", "sr", "sr-Cyrl"]


def test_cli(tmp):
    for body, en, *tr in CASES:
        path = os.path.join(tmp, "case.json")
        open(path, "w").write(body)
        for cmd in ("eval", "explain"):
            code, _, err = run([cmd, "--rules", RULES, path])
            check(f"{cmd}: English as before: {en[:40]}", code == 2 and err.startswith(f"rregull: {path}: {en}"), err)
            code, _, err = run([cmd, "--rules", RULES, "--lang", "en", path])
            check(f"{cmd} --lang en: English: {en[:40]}", code == 2 and err.startswith(f"rregull: {path}: {en}"), err)
            for lang, want in zip(LANGS, tr):
                code, _, err = run([cmd, "--rules", RULES, "--lang", lang, path])
                check(f"{cmd} --lang {lang}: {want[:50]}", code == 2 and err.startswith(f"rregull: {path}: {want}"), err)
    db = os.path.join(tmp, "cases.db")
    run(["init", "--db", db])
    code, _, err = run(["import", "--rules", RULES, "--db", db, "tests/acceptance/cases/S001.json"])
    check("import a case", code == 0, err)
    store = [
        (["--case", "NOPE"], "rregull: no case 'NOPE' in the database\n",
         {"sq": "rregull: nuk ka rast 'NOPE' në bazën e të dhënave\n",
          "sr": "rregull: nema slučaja 'NOPE' u bazi podataka\n"}),
        (["--case", "S001", "--as-of", "yesterday"],
         "rregull: --as-of: 'yesterday' is not a date-time with an offset (e.g. 2025-03-05T10:00:00+01:00)\n",
         {"sq": "rregull: --as-of: 'yesterday' nuk është datë dhe orë me zhvendosjen kohore (p.sh. 2025-03-05T10:00:00+01:00)\n",
          "sr": "rregull: --as-of: 'yesterday' nije datum i vreme sa vremenskom razlikom (npr. 2025-03-05T10:00:00+01:00)\n"}),
    ]
    for args, en, tr in store:
        for cmd in ("eval", "explain"):
            code, _, err = run([cmd, "--rules", RULES, "--db", db, *args])
            check(f"{cmd} --db {' '.join(args)}: English as before", err == en, err)
            for lang, want in tr.items():
                code, _, err = run([cmd, "--rules", RULES, "--db", db, *args, "--lang", lang])
                check(f"{cmd} --db {' '.join(args)} --lang {lang}", err == want, err)
    return db


class Server:
    def __init__(self, tmp, *args):
        self.portFile = os.path.join(tmp, "port")
        self.log = open(os.path.join(tmp, "serve.log"), "w")
        self.p = subprocess.Popen([RR, "serve", "--listen", "127.0.0.1:0", "--port-file", self.portFile,
                                   "--threads", "2", "--quiet", *args], stdout=subprocess.DEVNULL, stderr=self.log)
        self.port = None
        for _ in range(300):
            if os.path.exists(self.portFile) and open(self.portFile).read().endswith("\n"):
                self.port = int(open(self.portFile).read())
                break
            if self.p.poll() is not None:
                break
            time.sleep(0.05)

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, body=body.encode() if body else None, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()


def error_of(data):
    try:
        return json.loads(data)["error"]
    except (ValueError, KeyError, TypeError):
        return {}


def test_server(tmp, db):
    s = Server(tmp, "--rules", RULES, "--db", db)
    check("serve starts", s.port is not None)
    if s.port is None:
        s.stop()
        return
    try:
        st, data = s.request("POST", "/v1/decisions", BAD_SECTOR)
        e = error_of(data)
        check("serve: English as before", st == 422 and e.get("code") == "unprocessable" and
              e.get("path") == "facts.work.sector" and e.get("message", "").startswith("'mining_x' is not one of agriculture"),
              data[:300])
        for how, path, headers, want in [
            ("?lang=sq", "/v1/decisions?lang=sq", {}, "'mining_x' nuk është asnjë nga: agriculture"),
            ("Accept-Language: sr", "/v1/decisions", {"Accept-Language": "sr-RS,sr;q=0.9,en;q=0.5"},
             "'mining_x' nije nijedno od: agriculture"),
            ("?lang=sr-Cyrl", "/v1/decisions?lang=sr-Cyrl", {}, "'mining_x' није ниједно од: agriculture"),
        ]:
            st, data = s.request("POST", path, BAD_SECTOR, headers)
            e = error_of(data)
            check(f"serve {how}: the message translated, code and path as they are",
                  st == 422 and e.get("code") == "unprocessable" and e.get("path") == "facts.work.sector" and
                  e.get("message", "").startswith(want), data[:300].decode(errors="replace"))
        st, data = s.request("POST", "/v1/decisions?lang=sq", "not json")
        e = error_of(data)
        check("serve ?lang=sq: a body that is not JSON", st == 400 and e.get("code") == "bad_request" and
              e.get("message") == 'trupi i kërkesës nuk është JSON: pritet një rast {"id", "as_of", "facts"}', data[:300])
        st, data = s.request("GET", "/v1/cases/NOPE/decision")
        e = error_of(data)
        check("serve: an unknown case, English", st == 404 and e.get("message") == "no case 'NOPE' in the store" and
              e.get("path") == "id", data[:300])
        st, data = s.request("GET", "/v1/cases/NOPE/decision?lang=sq")
        e = error_of(data)
        check("serve ?lang=sq: an unknown case", st == 404 and e.get("code") == "not_found" and e.get("path") == "id" and
              e.get("message") == "nuk ka rast 'NOPE' në regjistrin e rasteve", data[:300])
        st, data = s.request("GET", "/v1/cases/S001/decision?as_of=yesterday", headers={"Accept-Language": "sr"})
        e = error_of(data)
        check("serve Accept-Language: sr: a bad as_of", st == 400 and e.get("path") == "as_of" and
              e.get("message") == "'yesterday' nije datum i vreme sa vremenskom razlikom (npr. 2025-03-05T10:00:00+01:00)",
              data[:300].decode(errors="replace"))
    finally:
        s.stop()
    check("serve stops cleanly", s.p.returncode == 0, str(s.p.returncode))


def test_catalog():
    pot = open(f"{RULES}/po/rregull.pot").read()
    n = len(re.findall(r'^msgctxt "error"$', pot, re.M))
    check("the template has the messages (msgctxt error)", n >= 30, str(n))
    for lang in ("sq", "sr"):
        po = f"{RULES}/po/{lang}.po"
        r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", po], capture_output=True, text=True)
        check(f"{lang}.po: msgfmt --check", r.returncode == 0, r.stderr)
        text = open(po).read()
        entries = re.findall(r'((?:#[^\n]*\n)*)msgctxt "error"\nmsgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', text)
        check(f"{lang}.po: every message has an entry", len(entries) == n, f"{len(entries)} of {n}")
        empty = [m for c, m, s in entries if "".join(re.findall(r'"(.*)"', s)) == ""]
        check(f"{lang}.po: every message translated", not empty, str(empty[:3]))
        notfuzzy = [m for c, m, s in entries if "fuzzy" not in c]
        check(f"{lang}.po: the translations are drafts (fuzzy)", not notfuzzy, str(notfuzzy[:3]))


def test_cases_table(db):
    code, _, err = run(["batch", "--rules", RULES, "--db", db, "--as-of", "2025-03-20T10:00:00+01:00"])
    check("batch", code == 0, err)
    code, out, err = run(["cases", "--db", db, "--rules", RULES])
    check("cases: English columns as before", out.startswith("case         as of                     risk    overdue  "
                                                             "nearest due") and " low " in out, out[:300])
    code, out, err = run(["cases", "--db", db, "--rules", RULES, "--lang", "sq"])
    first = out.splitlines()[0] if out else ""
    check("cases --lang sq: the columns in Albanian", first.startswith("rasti ") and "afati më i afërt" in first, out[:300])
    check("cases --lang sq: the risk level's label", " i ulët " in out and " low " not in out, out[:300])
    code, out, err = run(["cases", "--db", db, "--rules", RULES, "--lang", "sr"])
    check("cases --lang sr: the columns and the level in Serbian", out.startswith("slučaj ") and " nizak " in out, out[:300])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_catalog()
        db = test_cli(tmp)
        test_server(tmp, db)
        test_cases_table(db)
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
