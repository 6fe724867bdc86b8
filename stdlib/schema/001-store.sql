-- 001-store.sql -- the rregull case store, version 1.
--
-- Migrations: each file stdlib/schema/NNN-name.sql takes a database from
-- version NNN-1 to NNN (PRAGMA user_version).  rregull applies the missing
-- ones in order, each in one transaction, whenever it opens a database.
--
-- Times: instants are stored twice where they are queried: as written in the
-- decision (local time with its offset, e.g. 2025-03-05T10:00:00+01:00) and in
-- UTC ('..._utc', e.g. 2025-03-05T09:00:00Z), which sorts and compares as text.

-- A case, created by its first import.
CREATE TABLE cases (
  case_id     TEXT PRIMARY KEY,
  as_of       TEXT NOT NULL,   -- the instant of the latest snapshot imported (local)
  as_of_utc   TEXT NOT NULL,
  created_at  TEXT NOT NULL    -- when it was first imported (UTC)
) WITHOUT ROWID;

-- Facts are history.  One row per fact (a leaf of the fact schema, e.g.
-- 'work.loads') each time its value is recorded; the value in force at T is
-- the one recorded last at or before T.  NULL records that the fact became
-- unknown.  Rows are never updated or deleted: a correction is a new row.
CREATE TABLE facts (
  id           INTEGER PRIMARY KEY,
  case_id      TEXT NOT NULL REFERENCES cases(case_id),
  path         TEXT NOT NULL,   -- the fact's declared path: 'child.date_of_birth'
  value,                        -- as given: 1/0 for true/false, a number, text (a name,
                                -- a date); a list or a record as JSON.  NULL = unknown
  recorded_at  TEXT NOT NULL,   -- UTC: when the value became known
  recorded_by  TEXT NOT NULL,
  imported_at  TEXT NOT NULL,   -- UTC: when it entered this database
  source       TEXT             -- the file it came from
);
-- the facts of a case at T: the newest row of each path, in one index scan
CREATE INDEX facts_by_case ON facts(case_id, path, recorded_at DESC, id DESC);

CREATE TRIGGER facts_are_history_update BEFORE UPDATE ON facts
BEGIN SELECT RAISE(ABORT, 'facts are history: record a correction as a new fact'); END;
CREATE TRIGGER facts_are_history_delete BEFORE DELETE ON facts
BEGIN SELECT RAISE(ABORT, 'facts are history: they are never deleted'); END;

-- A batch: every selected case evaluated at one instant by one rule set.  A
-- batch interrupted before finished_at is resumed by a rerun with the same
-- as_of, rule set and selection.
CREATE TABLE batches (
  id            INTEGER PRIMARY KEY,
  as_of         TEXT NOT NULL,
  ruleset_hash  TEXT NOT NULL,
  selection     TEXT NOT NULL,  -- the --where condition, '' for every case
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  n_evaluated   INTEGER NOT NULL DEFAULT 0,
  n_failed      INTEGER NOT NULL DEFAULT 0
);

-- A decision written back.  The columns after 'decision' are filled from the
-- report's fields of the same name, nested fields joined with '_' (the
-- report's risk.level fills risk_level); a column the report lacks stays NULL.
CREATE TABLE decisions (
  id            INTEGER PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES cases(case_id),
  batch_id      INTEGER REFERENCES batches(id),
  as_of         TEXT NOT NULL,
  as_of_utc     TEXT NOT NULL,
  evaluated_at  TEXT NOT NULL,  -- UTC
  ruleset_hash  TEXT NOT NULL,
  decision      TEXT NOT NULL,  -- the whole decision (JSON)
  in_scope            INTEGER,
  child_labour_found  INTEGER,
  risk_level          TEXT,
  closure_eligible    INTEGER,
  terminal_event      TEXT
);
CREATE UNIQUE INDEX decisions_once_per_batch ON decisions(batch_id, case_id);
CREATE INDEX decisions_by_case ON decisions(case_id, as_of_utc);

-- The rules that hold in a decision, for the constructs a case system asks
-- about (hazards, worst forms, factors, actions, advice, closure, findings).
CREATE TABLE decision_rules (
  decision_id  INTEGER NOT NULL REFERENCES decisions(id),
  rule_id      TEXT NOT NULL,
  kind         TEXT NOT NULL,   -- hazard, wfcl, factor, action, reason, precondition, ...
  value        TEXT             -- a factor's level, a category; NULL for a plain rule
);
-- by decision only: an index by rule would be written at random places for
-- every decision (a batch writes tens of thousands); queries go through the
-- decisions they ask about
CREATE INDEX decision_rules_by_decision ON decision_rules(decision_id);

CREATE TABLE decision_deadlines (
  decision_id   INTEGER NOT NULL REFERENCES decisions(id),
  deadline_id   TEXT NOT NULL,
  instance      TEXT,           -- 'cmrs[1] (review)'; NULL when the rule has one
  start_at      TEXT,
  due_at        TEXT,           -- local, as in the decision
  due_at_utc    TEXT,
  completed_at  TEXT,
  status        TEXT NOT NULL,  -- met, late, pending, overdue, awaiting_start_event, due_immediately
  responsible   TEXT
);
CREATE INDEX decision_deadlines_by_decision ON decision_deadlines(decision_id);

-- Cases a batch could not evaluate, and why.
CREATE TABLE batch_errors (
  batch_id  INTEGER NOT NULL REFERENCES batches(id),
  case_id   TEXT NOT NULL,
  message   TEXT NOT NULL
);

-- The newest decision of each case.
CREATE VIEW latest_decisions AS
  SELECT d.* FROM decisions d
  WHERE d.id = (SELECT max(id) FROM decisions x WHERE x.case_id = d.case_id);

CREATE VIEW decision_hazards AS
  SELECT decision_id, rule_id AS hazard_id FROM decision_rules WHERE kind = 'hazard';
CREATE VIEW decision_actions AS
  SELECT decision_id, rule_id AS action_id FROM decision_rules WHERE kind = 'action';
