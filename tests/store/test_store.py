#!/usr/bin/env python3
"""Tests of the case store: import, eval --db, batch, bad input, crashes.

usage: test_store.py            (RREGULL: the binary, default ./rregull)

Each test prints "ok NAME" with -v, "FAIL NAME" and why otherwise; the last
line is "N passed, N failed".  Run from the repository root; uses only the
Python standard library (sqlite3 to look inside the store).
"""
import datetime
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import RR, Suite  # noqa: E402

RULES = ["--rules", "rules/kosovo"]
CASES = sorted(pathlib.Path("tests/acceptance/cases").glob("*.json"))
ENV = dict(os.environ, RREGULL_BUSY_TIMEOUT_MS="300", USER="tester")
SUITE = Suite("store")
check = SUITE.check


def run(*args, stdin=None, env=ENV):
    return SUITE.run(*args, stdin=stdin, env=env)


def case_input(path, new_id=None, as_of=None):
    d = json.loads(pathlib.Path(path).read_text())
    out = {"id": new_id or d["id"], "as_of": as_of or d["as_of"], "facts": d["facts"]}
    return out


def query(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def many_cases(tmp, n):
    """N cases as JSON Lines: the published cases again and again, new ids."""
    path = tmp / f"cases-{n}.jsonl"
    with path.open("w") as f:
        for i in range(n):
            c = case_input(CASES[i % len(CASES)], new_id=f"C{i:06d}")
            f.write(json.dumps(c) + "\n")
    return path


def test_roundtrip(tmp):
    db = str(tmp / "rt.db")
    code, out, err = run("import", *RULES, "--db", db, *map(str, CASES))
    check("import the published cases", code == 0 and "imported 40 cases" in out, out + err)
    same = []
    for c in CASES:
        cid = json.loads(c.read_text())["id"]
        _, a, e1 = run("eval", *RULES, "--compact", "--db", db, "--case", cid)
        _, b, e2 = run("eval", *RULES, "--compact", str(c))
        if a != b or not a:
            same.append(f"{cid}: {e1}{e2}")
    check("eval --db prints the same decision as the case file, for every published case", not same,
          "\n".join(same))
    code, out, _ = run("import", *RULES, "--db", db, *map(str, CASES))
    check("importing the same facts again records nothing", code == 0 and "(0 facts recorded)" in out, out)
    try:
        query(db, "UPDATE facts SET value = 'true' WHERE id = 1")
        check("facts cannot be updated in place", False, "the UPDATE succeeded")
    except sqlite3.DatabaseError as e:
        check("facts cannot be updated in place", "facts are history" in str(e), e)
    try:
        query(db, "DELETE FROM facts")
        check("facts cannot be deleted", False, "the DELETE succeeded")
    except sqlite3.DatabaseError as e:
        check("facts cannot be deleted", "never deleted" in str(e), e)


def test_history(tmp):
    """A correction is a new record; eval --as-of replays what was known then."""
    db = str(tmp / "hist.db")
    first = case_input(CASES[0], new_id="H1", as_of="2025-03-05T10:00:00+01:00")
    (tmp / "h1.json").write_text(json.dumps(first))
    run("import", *RULES, "--db", db, str(tmp / "h1.json"))
    _, before, _ = run("eval", *RULES, "--compact", "--db", db, "--case", "H1")
    corrected = json.loads(json.dumps(first))
    corrected["as_of"] = "2025-03-20T10:00:00+01:00"
    corrected["facts"].setdefault("work", {})["sector"] = "construction"
    (tmp / "h1b.json").write_text(json.dumps(corrected))
    code, out, err = run("import", *RULES, "--db", db, "--by", "inspector K.", str(tmp / "h1b.json"))
    rows = query(db, "SELECT value, recorded_by, recorded_at FROM facts WHERE case_id='H1' AND path='work.sector' "
                     "ORDER BY id")
    check("a correction adds a record; the old one stays",
          code == 0 and len(rows) == 2 and rows[1][0] == 'construction' and rows[1][1] == "inspector K."
          and rows[1][2] == "2025-03-20T09:00:00Z", f"{out}{err}{rows}")
    _, replay, _ = run("eval", *RULES, "--compact", "--db", db, "--case", "H1", "--as-of", "2025-03-05T10:00:00+01:00")
    check("eval --as-of replays the decision made with what was known then", replay == before and replay,
          replay[:300])
    _, now, _ = run("eval", *RULES, "--compact", "--db", db, "--case", "H1")
    hz = [h["id"] for h in json.loads(now)["hazards"]]
    check("without --as-of the latest facts are used", "HAZ-SECTOR-CONSTRUCTION" in hz, hz)


def test_bad_input(tmp):
    db = str(tmp / "bad.db")
    good = case_input(CASES[1], new_id="G1")
    bad = case_input(CASES[2], new_id="B1")
    bad["facts"]["work"]["loads"] = [{"kg": "heavy", "mode": "occasional"}]
    (tmp / "good.json").write_text(json.dumps(good))
    (tmp / "bad.json").write_text(json.dumps(bad))
    code, out, err = run("import", *RULES, "--db", db, str(tmp / "bad.json"), str(tmp / "good.json"))
    stored = query(db, "SELECT case_id FROM cases ORDER BY 1")
    check("a bad file is reported with its JSON path, leaves nothing, and the others import",
          code == 2 and "bad.json: facts.work.loads[0].kg: expected a number" in err and stored == [("G1",)]
          and query(db, "SELECT count(*) FROM facts WHERE case_id='B1'") == [(0,)], f"{code}\n{err}\n{stored}")
    lines = tmp / "mixed.jsonl"
    lines.write_text(json.dumps(case_input(CASES[3], new_id="L1")) + "\n{not json\n" +
                     json.dumps(case_input(CASES[4], new_id="L2")) + "\n")
    code, out, err = run("import", *RULES, "--db", db, str(lines))
    check("a bad line of a .jsonl file is reported with its number; the other lines import",
          code == 2 and "mixed.jsonl:2: invalid JSON" in err
          and query(db, "SELECT count(*) FROM cases WHERE case_id IN ('L1','L2')") == [(2,)], f"{code}\n{err}")
    code, out, err = run("eval", *RULES, "--db", db, "--case", "NOPE")
    check("a case id that does not exist", code == 2 and "no case 'NOPE' in the database" in err, f"{code} {err}")
    junk = tmp / "junk.db"
    junk.write_text("this is not a database, just some text that is long enough " * 20)
    code, out, err = run("eval", *RULES, "--db", str(junk), "--case", "X")
    check("a file that is not SQLite", code == 4 and "not a database" in err, f"{code} {err}")
    code, out, err = run("init", "--db", str(tmp / "no-such-dir" / "x.db"))
    check("a database that cannot be created", code == 4 and "cannot open" in err, f"{code} {err}")
    code, out, err = run("eval", *RULES, "--db", str(tmp / "missing.db"), "--case", "X")
    check("eval --db does not create a missing database", code == 4 and not (tmp / "missing.db").exists(),
          f"{code} {err}")
    # a store whose pages were damaged: a clear error, nothing made worse
    broken = tmp / "broken.db"
    shutil.copy(db, broken)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            shutil.copy(db + suffix, str(broken) + suffix)
    con = sqlite3.connect(broken)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(broken.read_bytes())
    page = 4096
    for i in range(2 * page, len(data), page):       # every page after the schema's
        data[i:i + 64] = b"\xff" * 64
    broken.write_bytes(bytes(data))
    code, out, err = run("eval", *RULES, "--db", str(broken), "--case", "G1")
    check("a damaged database: a clear error", code in (2, 4) and ("malformed" in err or "corrupt" in err),
          f"{code} {err}")
    newer = tmp / "newer.db"
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.close()
    code, out, err = run("init", "--db", str(newer))
    check("a schema newer than this rregull", code == 4 and "newer than this rregull" in err, f"{code} {err}")
    # a stored fact the declarations reject: the batch reports it and goes on
    con = sqlite3.connect(db)
    con.execute("INSERT INTO facts(case_id, path, value, recorded_at, recorded_by, imported_at) "
                "VALUES ('G1', 'work.max_height_m', '\"high\"', '2020-01-01T00:00:00Z', 'x', 'now')")
    con.execute("INSERT INTO facts(case_id, path, value, recorded_at, recorded_by, imported_at) "
                "VALUES ('L1', 'work.no_such_fact', 'true', '2020-01-01T00:00:00Z', 'x', 'now')")
    con.commit()
    con.close()
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", "2025-06-01T10:00:00+02:00")
    check("a batch reports bad stored cases by case and fact, and evaluates the others",
          code == 2 and "case G1: facts.work.max_height_m: expected a number" in err
          and "case L1: fact 'work.no_such_fact' is recorded in the database but not declared" in err
          and "1 case evaluated, 2 failed" in out
          and query(db, "SELECT count(*) FROM batch_errors") == [(2,)], f"{code}\n{out}\n{err}")
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", "2025-06-01T10:00:00+02:00", "--where", "case_id = ")
    check("a bad --where is a clear error", code == 4 and "--where" in err, f"{code} {err}")
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", "yesterday")
    check("a bad --as-of is a usage error", code == 64 and "not a date-time" in err, f"{code} {err}")


def sha(path):
    import hashlib
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def test_foreign(tmp):
    """A database that is not rregull's is refused by every command, and left as it was."""
    db = tmp / "theirs.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE their_cases(id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO their_cases(name) VALUES ('kept')")
    con.commit()
    con.close()
    before = sha(db)
    good = tmp / "f.json"
    good.write_text(json.dumps(case_input(CASES[0], new_id="F1")))
    results = [run("init", "--db", str(db)), run("import", *RULES, "--db", str(db), str(good)),
               run("cases", "--db", str(db)), run("eval", *RULES, "--db", str(db), "--case", "F1"),
               run("batch", *RULES, "--db", str(db), "--as-of", "2025-06-01T10:00:00+02:00")]
    check("a database of another program is refused by init, import, cases, eval --db and batch",
          all(r[0] == 4 and "is not an rregull case store" in r[2] for r in results), [r[2] for r in results])
    check("... and left as it was: its tables, no schema added, no WAL",
          sha(db) == before and query(db, "SELECT name FROM their_cases") == [("kept",)]
          and query(db, "PRAGMA user_version") == [(0,)] and query(db, "PRAGMA journal_mode") == [("delete",)]
          and query(db, "SELECT count(*) FROM sqlite_master") == [(1,)], sha(db) == before)
    # user_version -1: an error that says so (it used to read 'not an error')
    neg = tmp / "negative.db"
    con = sqlite3.connect(neg)
    con.execute("CREATE TABLE t(x)")
    con.execute("PRAGMA user_version = -1")
    con.commit()
    con.close()
    code, out, err = run("init", "--db", str(neg))
    code2, out2, err2 = run("cases", "--db", str(neg))
    check("user_version -1 is an error naming it", code == 4 and code2 == 4 and "user_version is -1" in err
          and "user_version is -1" in err2 and "not an error" not in err + err2, err + err2)
    # an empty database is taken by the writing commands, refused by the reading ones
    empty = tmp / "empty.db"
    empty.write_bytes(b"")
    code, out, err = run("cases", "--db", str(empty))
    check("cases on an empty database: an error, and nothing created in it",
          code == 4 and "no case store yet" in err and empty.stat().st_size == 0, f"{code} {err}")
    code, out, err = run("init", "--db", str(empty))
    code2, out2, err2 = run("init", "--db", str(empty))
    check("init creates the store in an empty database, and is idempotent",
          code == 0 and code2 == 0 and query(empty, "PRAGMA user_version")[0][0] >= 1, err + err2)
    missing = tmp / "missing.db"
    code, out, err = run("cases", "--db", str(missing))
    code2, out2, err2 = run("eval", *RULES, "--db", str(missing), "--case", "X")
    check("cases and eval --db do not create a missing database",
          code == 4 and code2 == 4 and not missing.exists(), err + err2)


def test_read_only(tmp):
    """Reading (cases, eval --db without --store) never writes: no migration, no change."""
    db = tmp / "read.db"
    good = tmp / "r.json"
    good.write_text(json.dumps(case_input(CASES[0], new_id="R1")))
    run("import", *RULES, "--db", str(db), str(good))
    run("batch", *RULES, "--db", str(db), "--as-of", "2025-06-01T10:00:00+02:00")
    before = sha(db)
    code, out, err = run("cases", "--db", str(db))
    code2, out2, err2 = run("eval", *RULES, "--db", str(db), "--case", "R1")
    check("cases and eval --db read a store without changing its file",
          code == 0 and code2 == 0 and "R1" in out and sha(db) == before
          and query(db, "SELECT count(*) FROM decisions") == [(1,)], err + err2)
    # a store of an older schema: read commands ask for a migration, they do not do it
    old = tmp / "old.db"
    con = sqlite3.connect(old)
    con.executescript(pathlib.Path("stdlib/schema/001-store.sql").read_text())
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    code, out, err = run("cases", "--db", str(old))
    check("a read command on an older schema says to migrate, and leaves it",
          code == 4 and "run 'rregull init" in err and query(old, "PRAGMA user_version") == [(1,)], err)
    code, out, err = run("init", "--db", str(old))
    check("init migrates it", code == 0 and query(old, "PRAGMA user_version")[0][0] > 1, err)


def test_where(tmp):
    """--where is a filter on the cases table, parsed and bound: never SQL."""
    db = tmp / "where.db"
    for i in range(3):
        f = tmp / f"wh{i}.json"
        f.write_text(json.dumps(case_input(CASES[i], new_id=f"WH{i}", as_of=f"2025-03-0{i + 1}T10:00:00+01:00")))
        run("import", *RULES, "--db", str(db), str(f))
    run("batch", *RULES, "--db", str(db), "--as-of", "2025-06-01T10:00:00+02:00")
    hostile = ["1) UNION SELECT name FROM sqlite_master --",
               "case_id IN (SELECT case_id FROM facts)",
               "case_id IN (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r)",
               "1 = 1; DROP TABLE facts",
               "randomblob(1000000000) IS NOT NULL",
               "case_id = ''"[:-1]]
    outcomes = []
    for w in hostile:
        for args in (["batch", *RULES, "--db", str(db), "--as-of", "2025-06-02T10:00:00+02:00", "--dry-run",
                      "--where", w], ["cases", "--db", str(db), "--where", w]):
            p = subprocess.run([RR, *args], capture_output=True, text=True, env=ENV, timeout=30)
            outcomes.append((w, p.returncode, p.stderr.strip()))
    check("SQL in --where is refused at once with a message (batch --dry-run, cases)",
          all(code == 4 and err.startswith("rregull: --where: ") for w, code, err in outcomes), outcomes)
    check("... and the store is intact", query(db, "SELECT count(*) FROM facts")[0][0] > 0
          and query(db, "PRAGMA integrity_check") == [("ok",)])
    selections = {
        "case_id IN ('WH0', 'WH2')": ["WH0", "WH2"],
        "case_id = \"WH1\"": ["WH1"],
        "case_id LIKE 'WH%' AND NOT case_id = 'WH0'": ["WH1", "WH2"],
        "as_of_utc >= '2025-03-02' or case_id == 'WH0'": ["WH0", "WH1", "WH2"],
        "(case_id < 'WH1' OR case_id > 'WH1') and case_id not in ('WH2')": ["WH0"],
        "case_id = 'it''s'": [],
    }
    got = {}
    for w, want in selections.items():
        code, out, err = run("cases", "--db", str(db), "--where", w)
        got[w] = [line.split()[0] for line in out.splitlines()[1:]] if code == 0 and "no decisions" not in out else \
            ([] if code == 0 else err)
    check("filters select cases by the fields of the cases table", all(got[w] == selections[w] for w in selections),
          got)
    code, out, err = run("batch", *RULES, "--db", str(db), "--as-of", "2025-06-03T10:00:00+02:00",
                         "--where", "case_id IN ('WH0', 'WH1')")
    code2, out2, err2 = run("batch", *RULES, "--db", str(db), "--as-of", "2025-06-03T10:00:00+02:00",
                            "--where", "case_id in ( 'WH0','WH1' )")
    check("a batch selects with a filter, recorded in one canonical form however it is written",
          code == 0 and "2 cases evaluated" in out and code2 == 0
          and query(db, "SELECT DISTINCT selection FROM batches WHERE as_of = '2025-06-03T08:00:00Z'")
          == [("case_id IN ('WH0', 'WH1')",)], out + err + out2 + err2)


def test_full_disk(tmp):
    """A full disk (here a file size limit): the error, and counts of what was committed only."""
    import resource

    db = tmp / "full.db"
    cases = many_cases(tmp, 3000)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (400 * 1024, 400 * 1024))

    p = subprocess.run([RR, "import", *RULES, "--db", str(db), str(cases)], capture_output=True, text=True,
                       env=ENV, preexec_fn=limit, timeout=120)
    stored = query(db, "SELECT count(*) FROM cases")[0][0] if db.exists() else 0
    reported = p.stdout.split("imported ")[1].split(" ")[0] if "imported " in p.stdout else None
    check("importing onto a full disk: exit 4 with the write error, not killed by SIGXFSZ",
          p.returncode == 4 and ("full" in p.stderr or "could not be written" in p.stdout), f"{p.returncode} {p.stderr}")
    check("... and the count printed is what was committed", reported == str(stored) and stored < 3000,
          f"printed {p.stdout.strip()!r}, stored {stored}")


def test_concurrent_batches(tmp):
    """Two batches at once: the second says another is running; the first completes."""
    db = tmp / "two.db"
    cases = many_cases(tmp, 2500)
    run("import", *RULES, "--db", str(db), str(cases))
    as_of = "2025-09-01T10:00:00+02:00"
    first = subprocess.Popen([RR, "batch", *RULES, "--db", str(db), "--as-of", as_of], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = pathlib.Path(str(db) + "-batch")
    deadline = time.time() + 30
    while time.time() < deadline and not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        time.sleep(0.005)
    code, out, err = run("batch", *RULES, "--db", str(db), "--as-of", as_of)
    out1, err1 = first.communicate()
    check("a second batch while one runs: 'another batch is running', exit 4",
          code == 4 and "another batch is running" in err and f"process {first.pid}" in err, f"{code} {err}")
    check("... and the first batch completes every case",
          first.returncode == 0 and "2500 cases evaluated" in out1
          and query(db, "SELECT count(*) FROM decisions") == [(2500,)], out1 + err1)
    code, out, err = run("batch", *RULES, "--db", str(db), "--as-of", "2025-09-02T10:00:00+02:00",
                         "--where", "case_id < 'C000010'")
    check("once it is done, the next batch runs", code == 0 and "10 cases evaluated" in out, out + err)


def test_locked(tmp):
    db = str(tmp / "locked.db")
    run("init", "--db", db)
    con = sqlite3.connect(db, isolation_level=None, timeout=0)
    con.execute("BEGIN EXCLUSIVE")
    (tmp / "g.json").write_text(json.dumps(case_input(CASES[0], new_id="K1")))
    code, out, err = run("import", *RULES, "--db", db, str(tmp / "g.json"))
    con.execute("ROLLBACK")
    con.close()
    check("a locked database: a clear error after the busy timeout", code == 4 and "locked" in err, f"{code} {err}")
    code, out, err = run("import", *RULES, "--db", db, str(tmp / "g.json"))
    check("the same import once the lock is gone", code == 0, err)


def utc_of(local):
    """2025-03-04T19:00:00+01:00 -> 2025-03-04T18:00:00Z"""
    t = datetime.datetime.fromisoformat(local).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_deadline_rows(tmp):
    """The store's deadline rows say what the decision's deadlines say, field
    by field, for every published and example case: both are made from the
    same rendered deadline, so a key renamed in the decision cannot leave a
    column silently NULL (each column is filled somewhere)."""
    db = str(tmp / "rows.db")
    files = [*map(str, CASES), *sorted(map(str, pathlib.Path("examples").glob("*.json")))]
    code, out, err = run("import", *RULES, "--db", db, *files)
    check("import the published and example cases", code == 0, out + err)
    for as_of in ("2025-03-20T10:00:00+01:00", "2026-01-15T10:00:00+01:00"):
        code, out, err = run("batch", *RULES, "--db", db, "--as-of", as_of)
        check(f"a batch at {as_of}", code == 0, out + err)
    cols = ["deadline_id", "instance", "start_at", "due_at", "completed_at", "status", "responsible"]
    keys = ["id", "instance", "start_at", "due_at", "completed_at", "status", "responsible"]
    differ, utc, n = [], [], 0
    for did, case, decision in query(db, "SELECT id, case_id, decision FROM decisions ORDER BY id"):
        rows = query(db, f"SELECT {', '.join(cols)}, due_at_utc FROM decision_deadlines "
                         "WHERE decision_id = ? ORDER BY rowid", did)
        given = sorted(tuple(d.get(k) for k in keys) for d in json.loads(decision)["deadlines"])
        stored = sorted(r[:-1] for r in rows)
        n += len(rows)
        if given != stored:
            differ.append(f"{case}: {[x for x in given if x not in stored][:1]} vs {[x for x in stored if x not in given][:1]}")
        utc += [f"{case}: {r}" for r in rows if (r[3] is None) != (r[-1] is None) or (r[3] and utc_of(r[3]) != r[-1])]
    check("every deadline row holds what the decision says of it (id, instance, start, due, done, status, "
          "responsible)", n > 0 and not differ, "\n".join(differ[:5]))
    check("due_at_utc is due_at in UTC", not utc, "\n".join(utc[:5]))
    empty = [c for c in cols + ["due_at_utc"]
             if query(db, f"SELECT count({c}) FROM decision_deadlines")[0][0] == 0]
    check("no deadline column is NULL in every row", not empty, empty)


def test_batch(tmp):
    db = str(tmp / "batch.db")
    cases = many_cases(tmp, 2000)
    code, out, err = run("import", *RULES, "--db", db, str(cases))
    check("import 2000 cases from JSON Lines", code == 0 and "imported 2000 cases" in out, out + err)
    as_of = "2025-06-01T10:00:00+02:00"
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", as_of)
    check("a batch writes one decision per case", code == 0 and "2000 cases evaluated" in out and
          query(db, "SELECT count(*) FROM decisions") == [(2000,)], out + err)
    d = query(db, "SELECT risk_level, in_scope, child_labour_found, closure_eligible, ruleset_hash, decision "
                  "FROM decisions WHERE case_id = 'C000000'")[0]
    full = json.loads(d[5])
    check("the decision row carries the report's answers and the rule set's hash",
          d[0] == full["risk"]["level"] and d[1] == int(full["in_scope"]) and len(d[4]) == 64, d[:5])
    mism = query(db, "SELECT count(*) FROM decisions d WHERE json_array_length(d.decision, '$.deadlines') != "
                     "(SELECT count(*) FROM decision_deadlines x WHERE x.decision_id = d.id) OR "
                     "json_array_length(d.decision, '$.hazards') != "
                     "(SELECT count(*) FROM decision_hazards h WHERE h.decision_id = d.id)")
    check("every decision's deadlines and hazards are in their tables", mism == [(0,)], mism)
    awaiting = query(db, "SELECT count(*), count(x.due_at), count(x.due_at_utc) FROM decision_deadlines x "
                         "WHERE x.status = 'awaiting_start_event'")
    inline = query(db, "SELECT count(*) FROM decisions d, json_each(d.decision, '$.deadlines') j "
                       "WHERE json_extract(j.value, '$.status') = 'awaiting_start_event' "
                       "AND json_type(j.value, '$.due_at') = 'null'")
    check("deadlines awaiting their start event are rows with no due date, and entries of deadlines[]",
          awaiting[0][0] > 0 and awaiting[0][1:] == (0, 0) and inline == [(awaiting[0][0],)]
          and query(db, "SELECT count(*) FROM decisions WHERE json_type(decision, '$.deadlines_awaiting_start') "
                        "IS NOT NULL") == [(0,)], (awaiting, inline))
    overdue = query(db, "SELECT count(*) FROM latest_decisions d JOIN decision_deadlines x ON x.decision_id = d.id "
                        "WHERE x.status = 'overdue'")
    check("overdue deadlines can be queried", overdue[0][0] > 0, overdue)
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", as_of, "--where", "case_id < 'C000100'")
    check("--where selects cases", code == 0 and "100 cases evaluated" in out, out + err)
    readme = pathlib.Path("README.md").read_text()
    blocks = readme.split("```sql\n")[1:]
    results = []
    for b in blocks:
        sql = b.split("```")[0]
        try:
            results.append(len(query(db, sql)))
        except sqlite3.Error as e:
            results.append(f"{e}: {sql}")
    check("the README's SQL runs and finds rows", len(blocks) >= 2 and all(isinstance(r, int) and r > 0 for r in results),
          results)
    code, out, err = run("cases", "--db", db, "--where", "case_id < 'C000003'")
    lines = out.splitlines()
    check("rregull cases prints the latest decision of each case",
          code == 0 and len(lines) == 4 and lines[0].split()[:3] == ["case", "as", "of"]
          and lines[1].startswith("C000000"), out + err)
    before = query(db, "SELECT count(*) FROM decisions")
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", "2025-06-02T10:00:00+02:00", "--dry-run")
    check("a dry run evaluates and writes nothing",
          code == 0 and "dry run: 2000 cases evaluated" in out and query(db, "SELECT count(*) FROM decisions") == before,
          out + err)
    code, out, err = run("eval", *RULES, "--compact", "--db", db, "--case", "C000005", "--store")
    stored = query(db, "SELECT decision, batch_id FROM decisions WHERE case_id = 'C000005' ORDER BY id DESC LIMIT 1")
    check("eval --store writes the decision it prints, outside any batch",
          code == 0 and stored and stored[0][0] == out.strip() and stored[0][1] is None, f"{err}{stored[:1]}")

    # kill -9 in the middle of a batch: nothing half-written, and a rerun resumes
    as_of2 = "2025-07-01T10:00:00+02:00"
    p = subprocess.Popen([RR, "batch", *RULES, "--db", db, "--as-of", as_of2], env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline:
        n = query(db, "SELECT count(*) FROM decisions d JOIN batches b ON b.id = d.batch_id "
                      "WHERE b.as_of = '2025-07-01T08:00:00Z'")[0][0]
        if n >= 300:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.wait()
    partial = query(db, "SELECT count(*) FROM decisions d JOIN batches b ON b.id = d.batch_id "
                        "WHERE b.as_of = '2025-07-01T08:00:00Z'")[0][0]
    integrity = query(db, "PRAGMA integrity_check")
    half = query(db, "SELECT count(*) FROM decisions d WHERE json_array_length(d.decision, '$.deadlines') != "
                     "(SELECT count(*) FROM decision_deadlines x WHERE x.decision_id = d.id)")
    check("kill -9 mid-batch: the database is intact and no decision is half-written",
          integrity == [("ok",)] and half == [(0,)] and 0 < partial < 2000, f"{integrity} {half} {partial}")
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", as_of2)
    total = query(db, "SELECT count(*), count(DISTINCT case_id) FROM decisions d JOIN batches b ON b.id = d.batch_id "
                      "WHERE b.as_of = '2025-07-01T08:00:00Z'")
    check("a rerun resumes the interrupted batch and finishes it",
          code == 0 and "(resumed)" in out and f"{partial} done before" in out and total == [(2000, 2000)],
          f"{out}{err}{total}")

    # a case system writing while a batch runs
    as_of3 = "2025-08-01T10:00:00+02:00"
    p = subprocess.Popen([RR, "batch", *RULES, "--db", db, "--as-of", as_of3],
                         env=dict(ENV, RREGULL_BUSY_TIMEOUT_MS="5000"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writes = []
    for i in range(10):
        f = tmp / f"w{i}.json"
        f.write_text(json.dumps(case_input(CASES[i], new_id=f"W{i}", as_of="2025-08-01T09:00:00+02:00")))
        writes.append(run("import", *RULES, "--db", db, str(f), env=dict(ENV, RREGULL_BUSY_TIMEOUT_MS="5000")))
    out, err = p.communicate()
    check("imports while a batch runs: both succeed",
          p.returncode == 0 and all(w[0] == 0 for w in writes), f"{p.returncode} {err} {[w[2] for w in writes]}")


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-store-"))
    try:
        for t in (test_roundtrip, test_history, test_bad_input, test_foreign, test_read_only, test_where,
                  test_full_disk, test_concurrent_batches, test_locked, test_deadline_rows, test_batch):
            try:
                t(tmp)
            except Exception as e:     # a crash of the test itself is a failure, not a stop
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
