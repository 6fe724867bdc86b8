#!/usr/bin/env python3
"""Tests of what a batch writes (issue 17): a decision found again is not
written again but re-confirmed (stdlib/schema/003-confirmations.sql), the
queries see the same latest decisions, and a store of the previous schema
upgrades in place with its history.

usage: test_batch_writes.py     (RREGULL: the binary, default ./rregull)

Each test prints "ok NAME" with -v, "FAIL NAME" and why otherwise; the last
line is "N passed, N failed".  Run from the repository root; uses only the
Python standard library (sqlite3 to look inside the store).
"""
import json
import os
import pathlib
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from suite import Suite  # noqa: E402

RULES = ["--rules", "rules/kosovo"]
CASES = sorted(pathlib.Path("tests/acceptance/cases").glob("*.json"))
ENV = dict(os.environ, RREGULL_BUSY_TIMEOUT_MS="300", USER="tester")
SUITE = Suite("batch-writes")
check = SUITE.check
AS_OF = "2025-06-01T10:00:00+02:00"
N = 120


def run(*args):
    return SUITE.run(*args, env=ENV)


def query(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def execute(db, sql):
    con = sqlite3.connect(db)
    try:
        con.executescript(sql)
        con.commit()
    finally:
        con.close()


def store(tmp, name):
    """A store of N cases (the published cases again, new ids), batched once at AS_OF."""
    db = str(tmp / name)
    path = tmp / f"{name}.jsonl"
    with path.open("w") as f:
        for i in range(N):
            d = json.loads(CASES[i % len(CASES)].read_text())
            f.write(json.dumps({"id": f"C{i:06d}", "as_of": d["as_of"], "facts": d["facts"]}) + "\n")
    code, out, err = run("import", *RULES, "--db", db, str(path))
    assert code == 0, out + err
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF)
    assert code == 0 and f"{N} cases evaluated" in out and "unchanged" not in out, out + err
    return db


def counts(db):
    return query(db, "SELECT (SELECT count(*) FROM decisions), (SELECT count(*) FROM decision_rules), "
                     "(SELECT count(*) FROM decision_deadlines)")[0]


def what_queries_see(db):
    """Everything a reader of the latest decisions gets: rregull cases, the latest_decisions view
    with its rules and deadlines, and a report."""
    _, cases, _ = run("cases", "--db", db)
    latest = query(db, "SELECT d.id, d.case_id, d.as_of, d.ruleset_hash, d.decision, d.risk_level, "
                       "(SELECT group_concat(rule_id || ':' || kind, ' ') FROM decision_rules r "
                       " WHERE r.decision_id = d.id), "
                       "(SELECT group_concat(deadline_id || ':' || status, ' ') FROM decision_deadlines x "
                       " WHERE x.decision_id = d.id) FROM latest_decisions d ORDER BY d.case_id")
    _, report, _ = run("report", "national", "--db", db, "--from", "2025-01-01", "--to", "2025-06-30",
                       "--format", "csv")
    return cases, latest, report


def test_reconfirmed(tmp):
    db = store(tmp, "again.db")
    before, seen = counts(db), what_queries_see(db)
    check("the queries see decisions (a test that can fail)", seen[0].count("\n") == N + 1 and len(seen[1]) == N
          and seen[2], seen[0][:300])
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF)
    check("the same batch again finds every decision again and says so",
          code == 0 and f"{N} cases evaluated ({N} unchanged: re-confirmed, not written again)" in out, out + err)
    check("nothing is written again: no decision, rule or deadline row", counts(db) == before, (counts(db), before))
    conf = query(db, "SELECT k.case_id, k.decision_id, k.batch_id, d.case_id FROM decision_confirmations k "
                     "JOIN decisions d ON d.id = k.decision_id ORDER BY k.case_id")
    latest = query(db, "SELECT case_id, id FROM latest_decisions ORDER BY case_id")
    check("each case has one confirmation, of its latest decision, by the second batch",
          len(conf) == N and [(c[0], c[1]) for c in conf] == latest and all(c[0] == c[3] and c[2] == 2 for c in conf),
          conf[:3])
    check("the batch counts what it re-confirmed as evaluated",
          query(db, "SELECT n_evaluated, n_failed, finished_at IS NOT NULL FROM batches WHERE id = 2") == [(N, 0, 1)],
          query(db, "SELECT * FROM batches"))
    check("rregull cases, latest_decisions (its rules and deadlines) and a report are the same as before",
          what_queries_see(db) == seen, "differ")
    # the decision re-confirmed is, byte for byte, the one the case gets
    _, dec, err = run("eval", *RULES, "--compact", "--db", db, "--case", "C000007", "--as-of", AS_OF)
    stored = query(db, "SELECT decision FROM latest_decisions WHERE case_id = 'C000007'")
    check("the latest decision is the one eval --db --as-of prints", stored and stored[0][0] == dec.strip(), err)

    # a changed case is written; the others are re-confirmed
    d = json.loads(CASES[3].read_text())
    d["facts"]["child"]["date_of_birth"] = "2013-01-15"
    changed = tmp / "changed.json"
    changed.write_text(json.dumps({"id": "C000003", "as_of": d["as_of"], "facts": d["facts"]}))
    code, out, err = run("import", *RULES, "--db", db, str(changed))
    check("import a corrected fact of one case", code == 0, out + err)
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF)
    new = query(db, "SELECT case_id FROM decisions WHERE batch_id = 3")
    check("a batch after a correction writes only the decision that changed",
          code == 0 and f"({N - 1} unchanged" in out and new == [("C000003",)], out + err + str(new))
    check("... and that new decision is the case's latest",
          query(db, "SELECT batch_id FROM latest_decisions WHERE case_id = 'C000003'") == [(3,)])

    # a confirming batch cut short resumes: the cases it confirmed are not done again
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF, "--where", "case_id >= 'C000000'")
    check("a batch of a selection re-confirms", code == 0 and f"({N} unchanged" in out, out + err)
    bid = query(db, "SELECT max(id) FROM batches")[0][0]
    execute(db, f"UPDATE batches SET finished_at = NULL WHERE id = {bid}; "
                f"DELETE FROM decision_confirmations WHERE batch_id = {bid} AND case_id >= 'C000060'")
    left = query(db, f"SELECT count(*) FROM decision_confirmations WHERE batch_id = {bid}")[0][0]
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF, "--where", "case_id >= 'C000000'")
    total = query(db, f"SELECT (SELECT count(*) FROM decisions WHERE batch_id = {bid}) + "
                      f"(SELECT count(*) FROM decision_confirmations WHERE batch_id = {bid}), "
                      f"(SELECT count(DISTINCT case_id) FROM decision_confirmations WHERE batch_id = {bid})")
    check("an interrupted confirming batch resumes and does each case once",
          code == 0 and "(resumed)" in out and f"{left} done before" in out and total[0][0] == N
          and total[0][0] == total[0][1] + query(db, f"SELECT count(*) FROM decisions WHERE batch_id = {bid}")[0][0],
          out + err + str(total))

    # another instant, or another rule set: a new decision, never a confirmation
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", "2025-06-02T10:00:00+02:00")
    check("a batch at another instant writes every decision",
          code == 0 and "unchanged" not in out and
          query(db, "SELECT count(*) FROM decisions WHERE batch_id = 5") == [(N,)], out + err)
    rules2 = tmp / "rules2"
    shutil.copytree("rules/kosovo", rules2)
    with (rules2 / "conventions.rr").open("a") as f:
        f.write("\n# a comment: another rule set text, another hash\n")
    code, out, err = run("batch", "--rules", str(rules2), "--db", db, "--as-of", "2025-06-02T10:00:00+02:00")
    check("a batch by another rule set writes every decision, though its JSON is the same",
          code == 0 and "unchanged" not in out and
          query(db, "SELECT count(*) FROM decisions WHERE batch_id = 6") == [(N,)], out + err)

def test_upgrade(tmp):
    """A store of schema 2 (the previous one: no decision_confirmations) with its decisions."""
    db = store(tmp, "old.db")
    seen = what_queries_see(db)
    before = counts(db)
    execute(db, "DROP TABLE decision_confirmations; PRAGMA user_version = 2")
    check("the store is now of schema 2", query(db, "PRAGMA user_version") == [(2,)])
    code, out, err = run("cases", "--db", db)
    check("reading a store of schema 2 asks for rregull init, and writes nothing",
          code == 4 and "init" in err and query(db, "PRAGMA user_version") == [(2,)], out + err)
    code, out, err = run("init", "--db", db)
    check("rregull init upgrades it in place to schema 3",
          code == 0 and query(db, "PRAGMA user_version") == [(3,)]
          and query(db, "SELECT count(*) FROM decision_confirmations") == [(0,)], out + err)
    check("its history is kept: the same decisions, rules and deadlines, and what queries see",
          counts(db) == before and what_queries_see(db) == seen, (counts(db), before))
    code, out, err = run("batch", *RULES, "--db", db, "--as-of", AS_OF)
    check("a batch on the upgraded store re-confirms the decisions the old schema wrote",
          code == 0 and f"({N} unchanged" in out and counts(db) == before, out + err)
    check("an upgraded store is intact", query(db, "PRAGMA integrity_check") == [("ok",)])


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rregull-batchw-"))
    try:
        for t in (test_reconfirmed, test_upgrade):
            try:
                t(tmp)
            except Exception as e:     # a crash of the test itself is a failure, not a stop
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SUITE.finish()


if __name__ == "__main__":
    sys.exit(main())
