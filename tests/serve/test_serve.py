#!/usr/bin/env python3
"""Tests of `rregull serve`, as a case system would use it: over HTTP.

usage: test_serve.py [-v]       (RREGULL: the binary, default ./rregull)

Each server is started on 127.0.0.1 port 0 (the port it took is read from
--port-file), used with http.client, and stopped with SIGTERM.  Every
endpoint, every error status, the token, reload under concurrent requests,
a body over the limit, malformed JSON.  The last line is "N passed, N failed".
Run from the repository root; the Python standard library only.
"""
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import RR, Suite  # noqa: E402

SUITE = Suite("serve")
check = SUITE.check
CASES = sorted(pathlib.Path("tests/acceptance/cases").glob("*.json")) + sorted(pathlib.Path("examples").glob("*.json"))
TOKEN = "s3cret-token-for-tests-0123456789"


class Server:
    """A `rregull serve` process on a free loopback port."""

    def __init__(self, tmp, *args, name="srv"):
        self.name = name
        self.portFile = tmp / f"{name}.port"
        self.logPath = tmp / f"{name}.log"
        if self.portFile.exists():
            self.portFile.unlink()
        self.log = open(self.logPath, "w")
        self.p = subprocess.Popen([RR, "serve", "--listen", "127.0.0.1:0", "--port-file", str(self.portFile),
                                   "--threads", "4", *args], stdout=subprocess.DEVNULL, stderr=self.log)
        self.port = None
        for _ in range(300):
            if self.portFile.exists() and self.portFile.read_text().endswith("\n"):
                self.port = int(self.portFile.read_text())
                break
            if self.p.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError("the server did not start: " + self.logPath.read_text()[-2000:])

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, body=None, headers=None, conn=None):
        c = conn or self.conn()
        h = dict(headers or {})
        if body is not None and isinstance(body, str):
            body = body.encode()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, dict(r.getheaders()), data

    def signal(self, sig):
        self.p.send_signal(sig)

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()
        log = self.logPath.read_text()
        # a clean stop: exit status 0, nothing from the sanitizers (make check-asan)
        check(f"{self.name}-stops-cleanly", self.p.returncode == 0 and "Sanitizer" not in log and "runtime error" not in log,
              f"exit {self.p.returncode}\n{log[-1500:]}")
        return self.p.returncode, log


def is_error(status, data, want_status, want_path=None):
    """The body is {"error": {"code", "message", "path"}} with no file path in it."""
    try:
        e = json.loads(data)["error"]
    except Exception:
        return False
    ok = status == want_status and set(e) == {"code", "message", "path"} and isinstance(e["message"], str)
    ok = ok and not re.search(r"\.rr\b|(?<!/v1/)rules/|/tmp/|/usr/|\.c:\d", e["message"])
    if want_path is not None:
        ok = ok and e["path"] == want_path
    return ok


# {==== a small JSON Schema checker: enough of draft 2020-12 for ours ======

def validate(schema, v, path="$"):
    """The first place where V breaks SCHEMA, or None."""
    if "anyOf" in schema:
        if all(validate(s, v, path) for s in schema["anyOf"]):
            return f"{path}: matches no branch of anyOf"
    if "enum" in schema and v not in schema["enum"]:
        return f"{path}: {v!r} not in enum"
    t = schema.get("type")
    if t is not None:
        types = t if isinstance(t, list) else [t]
        kinds = {"null": v is None, "boolean": isinstance(v, bool), "string": isinstance(v, str),
                 "integer": isinstance(v, int) and not isinstance(v, bool),
                 "number": isinstance(v, (int, float)) and not isinstance(v, bool),
                 "array": isinstance(v, list), "object": isinstance(v, dict)}
        if not any(kinds[k] for k in types):
            return f"{path}: {type(v).__name__} is not {types}"
    if isinstance(v, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in v:
                return f"{path}: missing {k}"
        for k, x in v.items():
            if k in props:
                why = validate(props[k], x, f"{path}.{k}")
                if why:
                    return why
            elif schema.get("additionalProperties") is False:
                return f"{path}: {k} is not declared"
            elif isinstance(schema.get("additionalProperties"), dict):
                why = validate(schema["additionalProperties"], x, f"{path}.{k}")
                if why:
                    return why
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            why = validate(schema["items"], x, f"{path}[{i}]")
            if why:
                return why
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            return f"{path}: below the minimum"
        if "maximum" in schema and v > schema["maximum"]:
            return f"{path}: above the maximum"
    return None

# }====


def test_cli(tmp):
    code, out, _ = SUITE.run("serve", "--help")
    check("help", code == 0 and "/v1/decisions" in out and "--token-file" in out, out)
    code, _, err = SUITE.run("help", "serve")
    check("help-command", code == 0, err)
    code, _, err = SUITE.run("serve")
    check("needs-rules", code == 64 and "needs --rules PATH" in err, err)
    code, _, err = SUITE.run("serve", "--rules", "rules/kosovo", "--listen", "nowhere")
    check("bad-listen", code == 64 and "ADDR:PORT" in err, err)
    code, _, err = SUITE.run("serve", "--rules", "rules/kosovo", "--listen", "0.0.0.0:0")
    check("public-needs-token", code == 64 and "--token-file" in err, err)
    short = tmp / "short-token"
    short.write_text("abc\n")
    code, _, err = SUITE.run("serve", "--rules", "rules/kosovo", "--token-file", str(short))
    check("short-token", code == 64 and "16 characters" in err, err)
    code, _, err = SUITE.run("serve", "--rules", "rules/kosovo", "--threads", "0")
    check("bad-threads", code == 64, err)
    bad = tmp / "bad.rr"
    bad.write_text("hazard X\n")
    code, _, err = SUITE.run("serve", "--rules", str(bad), "--listen", "127.0.0.1:0")
    check("bad-rules-exit-1", code == 1, err)


def test_decisions(tmp):
    s = Server(tmp, "--rules", "rules/kosovo", name="plain")
    n = 0
    try:
        st, _, data = s.request("GET", "/healthz")
        check("healthz", st == 200 and json.loads(data)["status"] == "ok", data)
        n += 1
        # every shipped case: byte for byte what `rregull eval` prints (the goldens)
        c = s.conn()
        same = []
        for case in CASES:
            st, h, data = s.request("POST", "/v1/decisions", case.read_bytes(), conn=c)
            n += 1
            golden = pathlib.Path("tests/decisions") / case.name
            if st != 200 or data != golden.read_bytes() or h.get("Content-Type") != "application/json":
                same.append(f"{case}: {st} {data[:200]!r}")
        c.close()
        check(f"decisions-byte-identical ({len(CASES)} cases)", not same, "\n".join(same))
        code, out, err = SUITE.run("eval", "--rules", "rules/kosovo", str(CASES[0]))
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes())
        n += 1
        check("decision-equals-eval", code == 0 and data.decode() == out, err)
        st, _, data = s.request("POST", "/v1/decisions?pretty=0", CASES[0].read_bytes())
        n += 1
        check("decision-compact", st == 200 and data.count(b"\n") == 1 and json.loads(data) == json.loads(out))

        # languages: ?lang= and Accept-Language give what `rregull eval --lang` prints
        for lang, hdr in (("sq", "sq-AL,sq;q=0.9"), ("sr", "sr-Latn-RS, en;q=0.5"), ("sr-Cyrl", "sr-Cyrl")):
            code, out, err = SUITE.run("eval", "--rules", "rules/kosovo", "--lang", lang, str(CASES[0]))
            st, _, data = s.request("POST", f"/v1/decisions?lang={lang}", CASES[0].read_bytes())
            n += 1
            check(f"decision-lang-{lang}", st == 200 and code == 0 and data.decode() == out, f"{st} {err}")
            st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(), {"Accept-Language": hdr})
            n += 1
            check(f"decision-accept-language-{lang}", st == 200 and data.decode() == out, f"{st} {data[:200]!r}")
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(), {"Accept-Language": "de-DE, fr"})
        n += 1
        check("decision-accept-language-other-is-plain", st == 200 and data == (pathlib.Path("tests/decisions") /
                                                                               CASES[0].name).read_bytes(), data[:200])
        st, _, data = s.request("POST", "/v1/decisions?lang=de", CASES[0].read_bytes())
        n += 1
        check("decision-bad-lang-400", is_error(st, data, 400, "lang"), data)
        # the printable case page of a posted case: what `rregull explain --html` draws
        code, out, err = SUITE.run("explain", "--rules", "rules/kosovo", "--lang", "sq", "--html", str(CASES[0]))
        st, h, data = s.request("POST", "/cases?lang=sq", CASES[0].read_bytes())
        n += 1
        check("page-posted-as-explain-html", st == 200 and h.get("Content-Type", "").startswith("text/html")
              and code == 0 and data.decode() == out, f"{st} {err} {data[:200]!r}")
        st, _, data = s.request("POST", "/cases", "{nope")
        n += 1
        check("page-posted-malformed-400", is_error(st, data, 400), data)
        st, _, data = s.request("GET", "/cases/X")
        n += 1
        check("page-stored-without-store-404", is_error(st, data, 404), data)

        # errors
        st, _, data = s.request("POST", "/v1/decisions", "{\"id\": \"x\", ")
        n += 1
        check("malformed-json-400", is_error(st, data, 400), data)
        st, _, data = s.request("POST", "/v1/decisions", "")
        n += 1
        check("empty-body-400", is_error(st, data, 400), data)
        bad = json.loads(CASES[0].read_text())
        bad["facts"]["child"]["sex"] = 42
        st, _, data = s.request("POST", "/v1/decisions", json.dumps(bad))
        n += 1
        check("bad-fact-422-with-path", is_error(st, data, 422, "facts.child.sex"), data)
        bad = json.loads(CASES[0].read_text())
        bad["facts"]["child"]["shoe_size"] = 42
        st, _, data = s.request("POST", "/v1/decisions", json.dumps(bad))
        n += 1
        check("unknown-fact-422", is_error(st, data, 422, "facts.child.shoe_size"), data)
        st, _, data = s.request("POST", "/v1/decisions", "[1, 2]")
        n += 1
        check("not-an-object-422", is_error(st, data, 422), data)
        st, _, data = s.request("GET", "/v1/nothing")
        n += 1
        check("unknown-path-404", is_error(st, data, 404), data)
        st, h, data = s.request("GET", "/v1/decisions")
        n += 1
        check("wrong-method-405", is_error(st, data, 405) and h.get("Allow") == "POST", data)
        st, h, data = s.request("DELETE", "/v1/rules")
        n += 1
        check("delete-405", is_error(st, data, 405) and "GET" in h.get("Allow", ""), data)
        st, _, data = s.request("POST", "/v1/decisions?municipality=Atlantis", CASES[0].read_bytes())
        n += 1
        check("unknown-municipality-422", is_error(st, data, 422, "municipality"), data)
        # a body over the limit announced by Content-Length: answered before it is sent
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=15)
        sock.sendall(b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % ((1 << 20) + 1))
        got = b""
        while b"\r\n\r\n" not in got or not got.rstrip().endswith(b"}"):
            more = sock.recv(65536)
            if not more:
                break
            got += more
        sock.close()
        head, _, data = got.partition(b"\r\n\r\n")
        n += 1
        check("over-limit-413", head.startswith(b"HTTP/1.1 413") and is_error(413, data, 413), got[:300])
        # exactly at the limit: read, and judged as JSON
        body = b'{"id": "x", "as_of": "2025-01-01T00:00:00Z", "facts": {}, "p": "' + b"x" * ((1 << 20) - 63) + b'"}'
        st, _, data = s.request("POST", "/v1/decisions", body[:1 << 20])
        n += 1
        check("at-limit-read", len(body[:1 << 20]) == 1 << 20 and is_error(st, data, 400), data[:300])
        # a body over the limit sent in chunks (no Content-Length)
        c = s.conn()
        c.putrequest("POST", "/v1/decisions")
        c.putheader("Transfer-Encoding", "chunked")
        c.endheaders()
        chunk = b"y" * 65536
        for _ in range(20):
            c.send(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        data = r.read()
        c.close()
        n += 1
        check("chunked-over-limit-413", is_error(r.status, data, 413), data[:300])
        for path in ("/v1/cases", "/v1/cases/A/decision"):
            st, _, data = s.request("GET", path)
            n += 1
            check(f"no-db-404 {path}", is_error(st, data, 404), data)

        # the rule set, the schemas, OpenAPI
        st, _, data = s.request("GET", "/v1/rules")
        n += 1
        info = json.loads(data)
        code, out, _ = SUITE.run("check", "rules/kosovo")
        check("rules", st == 200 and re.fullmatch("[0-9a-f]{64}", info["hash"]) and info["overlays"] == []
              and f"{info['rules']} rules" in out, data)
        st, _, data = s.request("GET", "/v1/schema/case.json")
        n += 1
        case_schema = json.loads(data)
        fails = [f"{c}: {validate(case_schema, json.loads(c.read_text()))}" for c in CASES
                 if validate(case_schema, json.loads(c.read_text()))]
        check("case-schema-accepts-every-shipped-case", st == 200 and not fails, "\n".join(fails))
        bad = json.loads(CASES[0].read_text())
        bad["facts"]["child"]["shoe_size"] = 42
        check("case-schema-refuses-unknown-fact", validate(case_schema, bad) is not None)
        st, _, data = s.request("GET", "/v1/schema/decision.json")
        n += 1
        dec_schema = json.loads(data)
        fails = []
        for c in CASES:
            d = json.loads((pathlib.Path("tests/decisions") / c.name).read_text())
            why = validate(dec_schema, d)
            if why:
                fails.append(f"{c}: {why}")
        check("decision-schema-accepts-every-decision", st == 200 and not fails, "\n".join(fails))
        check("decision-schema-is-strict", validate(dec_schema, {"risk": 1}) is not None)
        st, _, data = s.request("GET", "/v1/openapi.json")
        n += 1
        oa = json.loads(data)
        want = {"/healthz", "/v1/decisions", "/v1/cases/{id}/facts", "/v1/cases/{id}/decision", "/v1/cases",
                "/v1/batch", "/v1/batch/{job}", "/v1/reports/{kind}", "/cases/{id}", "/cases", "/v1/rules", "/v1/rules/reload", "/v1/schema/case.json", "/v1/schema/decision.json",
                "/v1/openapi.json", "/v1/integrations/primero/case"}
        check("openapi", st == 200 and oa["openapi"] == "3.1.0" and set(oa["paths"]) == want
              and oa["components"]["schemas"]["Case"]["properties"]["facts"] == case_schema["properties"]["facts"],
              sorted(oa.get("paths", {})))
        st, _, data = s.request("POST", "/v1/rules/reload")
        n += 1
        check("reload-without-token-configured-401", is_error(st, data, 401), data)
        st, _, data = s.request("GET", "/v1/x%0Aforged%22%FF")
        n += 1
        check("a path with a newline, a quote and a stray byte: 404", is_error(st, data, 404), data)
    finally:
        code, log = s.stop()
    check("the access log escapes what the client sent: no forged line, a quote as \\x22, UTF-8 only",
          not any(ln.startswith("forged") for ln in log.splitlines()) and '/v1/x\\x0Aforged\\x22\\xFF"' in log,
          log[-600:])
    lines = [ln for ln in log.splitlines() if re.match(r"^\d{4}-\d\d-\d\dT\S+Z 127\.0\.0\.1 \"[A-Z]+ /\S*\" \d{3} ", ln)]
    check("access-log-one-line-per-request", len(lines) == n, f"{len(lines)} lines for {n} requests\n{log[-1500:]}")
    check("stops-on-sigterm", code == 0, log[-500:])


def test_overlays(tmp):
    s = Server(tmp, "--rules", "rules/kosovo", "--overlays", "rules/municipalities", name="ov")
    try:
        st, _, data = s.request("GET", "/v1/rules")
        check("overlays-listed", st == 200 and sorted(json.loads(data)["overlays"]) == ["gjakova", "prizren"], data)
        diffs = []
        for mun in ("Gjakova", "Prizren"):
            for case in CASES[:6]:
                code, out, err = SUITE.run("eval", "--rules", "rules/kosovo", "--overlays", "rules/municipalities",
                                           "--municipality", mun, str(case))
                st, _, data = s.request("POST", f"/v1/decisions?municipality={mun}", case.read_bytes())
                if st != 200 or data.decode() != out:
                    diffs.append(f"{mun} {case}: {st}")
        check("municipality-as-eval", not diffs, "\n".join(diffs))
    finally:
        s.stop()


def test_token(tmp):
    tf = tmp / "token"
    tf.write_text(TOKEN + "\n")
    s = Server(tmp, "--rules", "rules/kosovo", "--token-file", str(tf), name="tok")
    try:
        st, h, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes())
        check("token-missing-401", is_error(st, data, 401) and h.get("WWW-Authenticate", "").startswith("Bearer"), data)
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(), {"Authorization": "Bearer nope"})
        check("token-wrong-401", is_error(st, data, 401), data)
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(),
                                {"Authorization": "Bearer " + TOKEN + "x"})
        check("token-longer-401", is_error(st, data, 401), data)
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(), {"Authorization": "Basic " + TOKEN})
        check("token-not-bearer-401", is_error(st, data, 401), data)
        st, _, data = s.request("POST", "/v1/decisions", CASES[0].read_bytes(), {"Authorization": "Bearer " + TOKEN})
        check("token-right-200", st == 200 and data == (pathlib.Path("tests/decisions") / CASES[0].name).read_bytes())
        st, _, data = s.request("GET", "/healthz")
        check("healthz-needs-no-token", st == 200, data)
        st, _, data = s.request("GET", "/v1/rules/reload", headers={"Authorization": "Bearer " + TOKEN})
        check("reload-get-405", is_error(st, data, 405), data)
    finally:
        s.stop()


def test_timeout(tmp):
    s = Server(tmp, "--rules", "rules/kosovo", "--timeout", "1", name="slow")
    try:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=15)
        sock.sendall(b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        t0 = time.time()
        try:
            got = sock.recv(4096)
        except socket.timeout:
            got = None
        sock.close()
        check("idle-connection-closed", got is not None and not got.startswith(b"HTTP/1.1 200"),
              f"{got!r} after {time.time() - t0:.1f}s")
        st, _, _ = s.request("GET", "/healthz")
        check("serves-after-timeout", st == 200)
    finally:
        s.stop()


def test_reload(tmp):
    rules = tmp / "rules-copy"
    shutil.copytree("rules/kosovo", rules)
    tf = tmp / "token"
    tf.write_text(TOKEN + "\n")
    s = Server(tmp, "--rules", str(rules), "--token-file", str(tf), name="reload")
    auth = {"Authorization": "Bearer " + TOKEN}
    goldens = {c.name: (pathlib.Path("tests/decisions") / c.name).read_bytes() for c in CASES}
    stop = threading.Event()
    problems, counts = [], [0]

    def client(k):
        c = s.conn()
        i = k
        while not stop.is_set():
            case = CASES[i % len(CASES)]
            i += 1
            try:
                st, _, data = s.request("POST", "/v1/decisions", case.read_bytes(), auth, conn=c)
            except Exception as e:      # a dropped connection is a failure too
                problems.append(f"{case.name}: {e!r}")
                c.close()
                c = s.conn()
                continue
            counts[0] += 1
            if st != 200 or data != goldens[case.name]:
                problems.append(f"{case.name}: {st} {data[:200]!r}")
        c.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    try:
        st, _, data = s.request("GET", "/v1/rules", headers=auth)
        h0 = json.loads(data)["hash"]
        for t in threads:
            t.start()
        st, _, data = s.request("POST", "/v1/rules/reload", headers=auth)
        info = json.loads(data)
        check("reload-200-same-rules", st == 200 and info["hash"] == h0 and info["reloads"] == 1, data)
        # a rule set that does not check is refused; the old one keeps serving
        f = rules / "zz-broken.rr"
        f.write_text("hazard HAZ-BROKEN \"broken\"\n  when nonsense(\n")
        st, _, data = s.request("POST", "/v1/rules/reload", headers=auth)
        check("reload-refused-422", is_error(st, data, 422), data)
        s.signal(signal.SIGHUP)
        for _ in range(600):          # until the server says it refused them (the log)
            if s.logPath.read_text().count("reload refused") >= 2:
                break
            time.sleep(0.05)
        st, _, data = s.request("GET", "/v1/rules", headers=auth)
        check("old-rules-keep-serving", st == 200 and json.loads(data)["hash"] == h0
              and json.loads(data)["reloads"] == 1, data)
        # a rule set that checks and differs: SIGHUP takes it
        f.write_text("# a comment changes the rule set's hash, not its decisions\n")
        s.signal(signal.SIGHUP)
        h1 = h0
        for _ in range(100):
            time.sleep(0.1)
            st, _, data = s.request("GET", "/v1/rules", headers=auth)
            h1 = json.loads(data)["hash"]
            if h1 != h0:
                break
        check("sighup-reloads", h1 != h0, data)
        for _ in range(3):
            st, _, data = s.request("POST", "/v1/rules/reload", headers=auth)
        check("reload-again-200", st == 200 and json.loads(data)["reloads"] == 5, data)
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            if t.is_alive():
                t.join()
        code, log = s.stop()
    check(f"requests-during-reloads-all-right ({counts[0]} requests)", counts[0] > 0 and not problems,
          "\n".join(problems[:10]))
    check("reload-logged", "reload refused" in log and "rules reloaded" in log, log[-1500:])


def test_store(tmp):
    db = tmp / "cases.db"
    s = Server(tmp, "--rules", "rules/kosovo", "--db", str(db), name="db")
    try:
        c0 = json.loads(CASES[0].read_text())
        cid = c0["id"]
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", CASES[0].read_bytes())
        r = json.loads(data)
        check("facts-import", st == 200 and r["case_id"] == cid and r["changed"] > 0
              and len(r["facts"]) == r["changed"] and "child.date_of_birth" in r["facts"], data)
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", CASES[0].read_bytes())
        check("facts-import-unchanged", st == 200 and json.loads(data)["changed"] == 0
              and json.loads(data)["facts"] == [], data)
        moved = json.loads(CASES[0].read_text())
        moved["facts"]["work"]["hours_per_week"] = (moved["facts"]["work"].get("hours_per_week") or 0) + 1
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", json.dumps(moved))
        check("facts-import-names-what-changed", st == 200 and json.loads(data)["facts"] == ["work.hours_per_week"],
              data)
        body = {k: v for k, v in json.loads(CASES[1].read_text()).items() if k != "id"}
        st, _, data = s.request("POST", "/v1/cases/NEW-1/facts", json.dumps(body))
        check("facts-id-from-url", st == 200 and json.loads(data)["case_id"] == "NEW-1", data)
        st, _, data = s.request("POST", "/v1/cases/NEW%202/facts", json.dumps(body))
        check("facts-id-percent-decoded-once", st == 200 and json.loads(data)["case_id"] == "NEW 2", data)
        st, _, data = s.request("POST", "/v1/cases/OTHER/facts", CASES[0].read_bytes())
        check("facts-id-mismatch-422", is_error(st, data, 422, "id"), data)
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", "{oops")
        check("facts-malformed-400", is_error(st, data, 400), data)
        escaped = CASES[0].read_text().replace(f'"id": "{cid}"', '"id": "\\u%04x%s"' % (ord(cid[0]), cid[1:]), 1)
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", escaped)
        check("facts-id-with-a-json-escape-is-the-same-id", escaped != CASES[0].read_text() and st == 200, data)
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", json.dumps({**c0, "id": 5}))
        check("facts-id-not-a-string-422", is_error(st, data, 422, "id"), data)
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", "[1, 2]")
        check("facts-not-an-object-422", is_error(st, data, 422), data)
        # names in the URL that are not UTF-8: refused, and every answer stays JSON
        st, _, data = s.request("GET", "/v1/cases/%FF%FE/decision")
        check("url-id-not-utf8-400", is_error(st, data, 400, "id"), data)
        st, _, data = s.request("POST", "/v1/cases/%FF/facts", CASES[0].read_bytes())
        check("url-id-not-utf8-facts-400", is_error(st, data, 400, "id"), data)
        st, _, data = s.request("POST", "/v1/decisions?municipality=%FF", CASES[0].read_bytes())
        check("query-not-utf8-echoed-as-U+FFFD", is_error(st, data, 422, "municipality")
              and "\ufffd" in json.loads(data)["error"]["message"], data)
        bad = dict(c0)
        bad["facts"] = {"child": {"sex": 42}}
        st, _, data = s.request("POST", f"/v1/cases/{cid}/facts", json.dumps(bad))
        check("facts-bad-422", is_error(st, data, 422, "facts.child.sex"), data)
        # a stored decision: what `rregull eval --db --case` prints
        st, _, data = s.request("GET", f"/v1/cases/{cid}/decision")
        code, out, err = SUITE.run("eval", "--rules", "rules/kosovo", "--db", str(db), "--case", cid)
        check("stored-decision-as-eval", st == 200 and code == 0 and data.decode() == out, f"{st} {err}")
        st, _, data = s.request("GET", f"/v1/cases/{cid}/decision?as_of=2030-01-01T00:00:00%2B01:00")
        check("stored-decision-as-of", st == 200 and json.loads(data)["as_of"].startswith("2030-01-01"), data[:200])
        st, _, data = s.request("GET", f"/v1/cases/{cid}/decision?as_of=yesterday")
        check("stored-decision-bad-as-of-400", is_error(st, data, 400, "as_of"), data)
        st, _, data = s.request("GET", "/v1/cases/NOPE/decision")
        check("stored-decision-unknown-404", is_error(st, data, 404), data)
        st, _, data = s.request("GET", "/v1/cases")
        check("cases-empty", st == 200 and json.loads(data) == {"cases": [], "count": 0}, data)
        st, _, data = s.request("GET", f"/v1/cases/{cid}/decision?store=1")
        st, _, data = s.request("GET", "/v1/cases")
        check("cases-after-store", st == 200 and [x["case_id"] for x in json.loads(data)["cases"]] == [cid], data)
        for case in CASES[2:12]:
            s.request("POST", f"/v1/cases/{json.loads(case.read_text())['id']}/facts", case.read_bytes())
        st, _, data = s.request("POST", "/v1/batch", json.dumps({"as_of": "2025-04-10T12:00:00+02:00"}))
        b = json.loads(data)
        check("batch", st == 200 and b["batch_id"] > 0 and b["evaluated"] == 13 and b["failed"] == 0, data)
        st, _, data = s.request("POST", "/v1/batch", json.dumps({"as_of": "2025-04-10T12:00:00+02:00", "dry_run": True,
                                                                "where": "case_id LIKE 'S0%'"}))
        b = json.loads(data)
        check("batch-dry-run-where", st == 200 and b["batch_id"] == 0 and 0 < b["evaluated"] < 13, data)
        st, _, data = s.request("POST", "/v1/batch", json.dumps({"as_of": "now", "where": "nonsense = 1"}))
        check("batch-bad-where-422", is_error(st, data, 422, "where"), data)
        st, _, data = s.request("POST", "/v1/batch", json.dumps({"as_of": "last tuesday"}))
        check("batch-bad-as-of-422", is_error(st, data, 422, "as_of"), data)
        st, _, data = s.request("POST", "/v1/batch", "{}")
        check("batch-needs-as-of-422", is_error(st, data, 422, "as_of"), data)
        st, _, data = s.request("POST", "/v1/batch", "[")
        check("batch-malformed-400", is_error(st, data, 400), data)
        st, _, data = s.request("POST", "/v1/batch", "[1]")
        check("batch-not-an-object-400", is_error(st, data, 400), data)
        st, _, data = s.request("POST", "/v1/batch", json.dumps({"as_of": 20250410}))
        check("batch-as-of-not-a-string-422", is_error(st, data, 422), data)
        # a batch that outlives its request: one case a chunk, answered at once (202), then its
        # progress until it is done
        st, _, data = s.request("POST", "/v1/batch?chunk=1&wait=0", json.dumps({"as_of": "2025-05-01T12:00:00+02:00"}))
        b = json.loads(data)
        check("batch-async-202", st == 202 and b["job"] > 0 and b["state"] == "running", data)
        if st == 202:
            check("batch-async-progress-link", b["progress"] == f"/v1/batch/{b['job']}", data)
        for _ in range(600):
            st2, _, data2 = s.request("GET", f"/v1/batch/{b['job']}")
            if st2 != 200 or json.loads(data2)["state"] != "running":
                break
            time.sleep(0.05)
        j = json.loads(data2)
        check("batch-async-done", st2 == 200 and j["state"] == "done" and j["evaluated"] == 13 and j["batch_id"] > 0
              and j["done"] == 13, data2)
        st, _, data = s.request("GET", "/v1/batch/999999")
        check("batch-job-unknown-404", is_error(st, data, 404, "job"), data)
        st, _, data = s.request("POST", "/v1/batch?chunk=0", json.dumps({"as_of": "now"}))
        check("batch-bad-chunk-400", is_error(st, data, 400, "chunk"), data)
        st, _, data = s.request("POST", "/v1/batch?wait=-1", json.dumps({"as_of": "now"}))
        check("batch-bad-wait-400", is_error(st, data, 400, "wait"), data)
        st, _, data = s.request("GET", "/v1/cases")
        allc = json.loads(data)["cases"]
        check("cases-all", st == 200 and len(allc) == 13, data[:300])
        for risk in ("high", "medium", "low"):
            st, _, data = s.request("GET", f"/v1/cases?risk={risk}")
            got = [x["case_id"] for x in json.loads(data)["cases"]]
            check(f"cases-risk-{risk}", st == 200 and got == [x["case_id"] for x in allc if x["risk"] == risk], data)
        st, _, data = s.request("GET", "/v1/cases?overdue=1")
        got = [x["case_id"] for x in json.loads(data)["cases"]]
        check("cases-overdue", st == 200 and got == [x["case_id"] for x in allc if x["overdue"] > 0], data[:300])
        st, _, data = s.request("GET", "/v1/cases?where=case_id%20LIKE%20%27S00%25%27")
        got = [x["case_id"] for x in json.loads(data)["cases"]]
        check("cases-where", st == 200 and got and all(g.startswith("S00") for g in got), data[:300])
        st, _, data = s.request("GET", "/v1/cases?where=DROP%20TABLE%20cases")
        check("cases-bad-where-400", is_error(st, data, 400, "where"), data)
        st, _, data = s.request("GET", "/v1/cases?municipality=Gjakova")
        check("cases-municipality", st == 200 and json.loads(data)["count"] == 0, data)
        # the printable page of a stored case: what `rregull explain --html --db` draws
        code, out, err = SUITE.run("explain", "--rules", "rules/kosovo", "--lang", "sr", "--html", "--db", str(db),
                                   "--case", cid)
        st, h, data = s.request("GET", f"/cases/{cid}", None, {"Accept-Language": "sr"})
        check("page-stored-as-explain-html", st == 200 and code == 0 and data.decode() == out, f"{st} {err}")
        st, _, data = s.request("GET", "/cases/NOPE")
        check("page-stored-unknown-404", is_error(st, data, 404), data)
        st, _, data = s.request("GET", f"/v1/cases/{cid}/decision?store=1&lang=sq")
        check("stored-decision-store-with-lang-400", is_error(st, data, 400, "lang"), data)
        # the monitoring reports: what `rregull report` writes, over the same store
        q = "from=2025-01-01&to=2025-06-30"
        for kind in ("csw-semiannual", "municipal-annual", "national", "compliance"):
            st, hdr, data = s.request("GET", f"/v1/reports/{kind}?{q}")
            code, out, err = SUITE.run("report", kind, "--db", str(db), "--from", "2025-01-01", "--to", "2025-06-30",
                                       "--format", "json")
            check(f"report-{kind}-as-the-command", st == 200 and code == 0 and json.loads(data) == json.loads(out),
                  f"{st} {data[:200]!r} {err}")
        st, hdr, data = s.request("GET", f"/v1/reports/compliance?{q}&format=html")
        check("report-html", st == 200 and data.lstrip().lower().startswith(b"<!doctype html"), data[:100])
        st, hdr, data = s.request("GET", f"/v1/reports/national?{q}&format=html&lang=sq")
        code, out, err = SUITE.run("report", "national", "--db", str(db), "--from", "2025-01-01", "--to", "2025-06-30",
                                   "--lang", "sq", "--rules", "rules/kosovo")
        same_page = out.split('id="generated">')[0] == data.decode().split('id="generated">')[0]
        check("report-lang-sq-as-the-command", st == 200 and code == 0 and '<html lang="sq">' in out and same_page,
              f"{st} {data[:200]!r} {err}")
        st, hdr, data = s.request("GET", f"/v1/reports/national?{q}&lang=xx")
        check("report-bad-lang-400", is_error(st, data, 400), data)
        st, hdr, data = s.request("GET", f"/v1/reports/compliance?{q}&format=pdf")
        check("report-bad-format-400", is_error(st, data, 400, "format"), data)
        st, hdr, data = s.request("GET", "/v1/reports/compliance?from=2025-01-01")
        check("report-needs-to-400", is_error(st, data, 400, "to"), data)
        st, hdr, data = s.request("GET", "/v1/reports/compliance?from=2025-13-01&to=2025-12-31")
        check("report-bad-date-400", is_error(st, data, 400), data)
        st, hdr, data = s.request("GET", f"/v1/reports/nonsense?{q}")
        check("report-unknown-kind-404", is_error(st, data, 404), data)
        st, hdr, data = s.request("POST", f"/v1/reports/compliance?{q}", "{}")
        check("report-post-405", is_error(st, data, 405), data)
    finally:
        s.stop()


def test_primero(tmp):
    """POST /v1/integrations/primero/case: the answer is what `rregull primero` prints for the
    record (the shipped mapping, rules/integrations/primero.json, is loaded by default)."""
    s = Server(tmp, "--rules", "rules/kosovo", name="primero")
    try:
        records = sorted(pathlib.Path("tests/primero/records").glob("*.json"))
        st, _, data = s.request("POST", "/v1/integrations/primero/case",
                                records[0].read_bytes() if records else b"{}")
        check("primero-mapping-loaded-by-default", st != 501, data[:300])
        diffs = []
        for rec in records:
            code, out, err = SUITE.run("primero", "--rules", "rules/kosovo", str(rec))
            st, _, data = s.request("POST", "/v1/integrations/primero/case", rec.read_bytes())
            if code == 0 and (st != 200 or json.loads(data) != json.loads(out)):
                diffs.append(f"{rec.name}: {st} {data[:200]!r}")
            if code != 0 and not (st in (400, 422) and json.loads(data) == json.loads(out or err)):
                diffs.append(f"{rec.name}: exit {code}, {st} {data[:200]!r}")
        check(f"primero-as-the-command ({len(records)} records)", records and not diffs, "\n".join(diffs))
        body = json.loads(data)
        check("primero-decision-and-patch", st != 200 or {"decision", "primero_patch"} <= set(body), data[:300])
        st, _, data = s.request("POST", "/v1/integrations/primero/case", "{not json")
        check("primero-malformed-400", is_error(st, data, 400), data)
        base = json.loads(pathlib.Path("tests/primero/records/S001.json").read_text())
        for field, value in (("favourite_colour", "blue"), ("sex", "intersex")):
            rec = json.loads(json.dumps(base))
            rec["data"][field] = value
            st, _, data = s.request("POST", "/v1/integrations/primero/case", json.dumps(rec))
            check(f"primero-422-names-the-field {field}", is_error(st, data, 422, field), data[:300])
    finally:
        s.stop()


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-serve-"))
    try:
        for t in (test_cli, test_decisions, test_overlays, test_token, test_timeout, test_reload, test_store, test_primero):
            try:
                t(tmp)
            except Exception as e:     # a crash of the test itself is a failure, not a stop
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
