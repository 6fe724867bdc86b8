-- 003-confirmations.sql -- a decision found again is not written again.
--
-- When a batch decides a case exactly as its latest decision says -- the
-- same JSON, byte for byte (it holds the case, its as_of and every answer),
-- by the same rule set -- it writes no new decision, rules or deadlines:
-- it records here that the decision was re-confirmed.  The latest decision
-- of every case (latest_decisions, the reports, rregull cases) is therefore
-- the same as if it had been written again; only its batch_id and
-- evaluated_at stay those of the batch that first wrote it.
CREATE TABLE decision_confirmations (
  decision_id   INTEGER NOT NULL REFERENCES decisions(id),   -- the decision found again
  case_id       TEXT NOT NULL REFERENCES cases(case_id),
  batch_id      INTEGER NOT NULL REFERENCES batches(id),
  confirmed_at  TEXT NOT NULL                                -- UTC: when it was evaluated again
);
-- one per case and batch, as decisions: a batch resumed skips the case
CREATE UNIQUE INDEX decision_confirmations_once_per_batch ON decision_confirmations(batch_id, case_id);
