-- common.sql -- what every report counts from: the cases, their facts and
-- their decisions as of the period's end.  rregull runs it before the
-- report's own file, in a scratch session: the TEMP tables made here vanish
-- with it, and nothing in the store is ever written.
--
-- Parameters (bound by rregull):
--   :from, :to            the period, dates (YYYY-MM-DD), both included
--   :end_utc              the instant after it, UTC: the day after :to at 00:00Z
--   :prev_from, :prev_to  the period of the same length just before it (trends)
--   :municipality         one municipality, or NULL for all
--
-- Dates of events are compared as the local date written in the fact
-- (the first 10 characters of "2025-03-03T10:00:00+01:00").

-- The rule set: that of the newest decision made before the period's end.
-- Only decisions of that rule set are counted (one hash per report).
CREATE TEMP TABLE rp_meta AS
SELECT (SELECT ruleset_hash FROM decisions WHERE as_of_utc < :end_utc
        ORDER BY as_of_utc DESC, id DESC LIMIT 1) AS ruleset_hash;

-- The facts the reports read, each case's value in force at the period's
-- end: the one recorded last before it (facts are history: store schema
-- 001).  One pass over the facts, then one row per case.
CREATE TEMP TABLE rp_recorded AS
SELECT case_id, path, value, recorded_at, id FROM facts
WHERE recorded_at < :end_utc
  AND path IN ('child.municipality_of_origin', 'child.municipality_of_work', 'child.sex', 'work.sector',
               'events.identified_at', 'events.referred_at', 'events.identified_by.agency_type',
               'services.needs_identified', 'services.provided', 'services.barriers');

CREATE TEMP TABLE rp_fact AS
SELECT case_id, path, value FROM (
  SELECT case_id, path, value,
    row_number() OVER (PARTITION BY case_id, path ORDER BY recorded_at DESC, id DESC) AS newest
  FROM rp_recorded)
WHERE newest = 1;

-- One row per case: those facts and its decision as of the period's end.
-- The municipality is that of the CSW competent for the case, as
-- SOP-TERRITORIAL-COMPETENCE (procedure.rr) has it: the municipality of
-- origin, else the one where the child works.
CREATE TEMP TABLE rp_case0 AS
SELECT c.case_id,
  max(CASE WHEN f.path = 'child.municipality_of_origin' THEN f.value END) AS origin,
  max(CASE WHEN f.path = 'child.municipality_of_work' THEN f.value END) AS municipality_of_work,
  max(CASE WHEN f.path = 'child.sex' THEN f.value END) AS sex,
  max(CASE WHEN f.path = 'work.sector' THEN f.value END) AS sector,
  max(CASE WHEN f.path = 'events.identified_at' THEN f.value END) AS identified_at,
  max(CASE WHEN f.path = 'events.referred_at' THEN f.value END) AS referred_at,
  max(CASE WHEN f.path = 'events.identified_by.agency_type' THEN f.value END) AS referrer,
  max(CASE WHEN f.path = 'services.needs_identified' THEN f.value END) AS needs,
  max(CASE WHEN f.path = 'services.provided' THEN f.value END) AS provided,
  max(CASE WHEN f.path = 'services.barriers' THEN f.value END) AS barriers,
  (SELECT max(d.id) FROM decisions d WHERE d.case_id = c.case_id AND d.as_of_utc < :end_utc
     AND d.ruleset_hash = (SELECT ruleset_hash FROM rp_meta)) AS decision_id
FROM cases c LEFT JOIN rp_fact f ON f.case_id = c.case_id
GROUP BY c.case_id;

-- What the reports read of each decision (its JSON is read once).
CREATE TEMP TABLE rp_decision AS
SELECT d.id AS decision_id, d.as_of AS decided_as_of, d.child_labour_found, d.risk_level,
  d.closure_eligible, d.terminal_event,
  json_extract(d.decision, '$.worst_form.flag') AS worst_form,
  json_extract(d.decision, '$.child_status.age_years_at_identification') AS age
FROM rp_case0 c JOIN decisions d ON d.id = c.decision_id;

CREATE TEMP TABLE rp_case AS
SELECT c.case_id,
  coalesce(c.origin, c.municipality_of_work, 'unknown') AS municipality,
  coalesce(c.municipality_of_work, 'unknown') AS municipality_of_work,
  coalesce(c.sex, 'unknown') AS sex,
  coalesce(c.sector, 'unknown') AS sector,
  coalesce(c.referrer, 'unknown') AS referrer,
  substr(c.identified_at, 1, 10) AS identified_on,
  substr(c.referred_at, 1, 10) AS referred_on,
  substr(c.identified_at, 1, 10) BETWEEN :from AND :to AS in_period,
  substr(c.identified_at, 1, 10) BETWEEN :prev_from AND :prev_to AS in_prev,
  substr(c.referred_at, 1, 10) BETWEEN :from AND :to AS referred_in_period,
  c.needs, c.provided, c.barriers,
  c.decision_id, d.decided_as_of, d.child_labour_found, d.risk_level, d.closure_eligible, d.terminal_event,
  d.worst_form, d.age,
  CASE WHEN d.age IS NULL THEN 'unknown'
       WHEN d.age <= 5 THEN '0-5'
       WHEN d.age <= 11 THEN '6-11'
       WHEN d.age <= 14 THEN '12-14'
       WHEN d.age <= 17 THEN '15-17'
       ELSE '18+' END AS age_group
FROM rp_case0 c LEFT JOIN rp_decision d ON d.decision_id = c.decision_id
WHERE :municipality IS NULL OR lower(coalesce(c.origin, c.municipality_of_work)) = lower(:municipality);

-- The rules that hold in each case's decision (hazards, worst forms, closure
-- reasons...), and its deadlines with the delay of each, in hours.
CREATE TEMP TABLE rp_rule AS
SELECT c.case_id, c.in_period, c.in_prev, r.rule_id, r.kind, r.value
FROM rp_case c JOIN decision_rules r ON r.decision_id = c.decision_id;

CREATE TEMP TABLE rp_deadline AS
SELECT c.case_id, c.municipality, d.deadline_id AS duty, coalesce(d.responsible, 'unknown') AS responsible,
  d.status, substr(d.due_at, 1, 10) AS due_on,
  CASE WHEN d.status IN ('met', 'late') AND d.completed_at IS NOT NULL
         THEN max(0, strftime('%s', d.completed_at) - strftime('%s', d.due_at)) / 3600.0
       WHEN d.status = 'overdue'
         THEN max(0, strftime('%s', c.decided_as_of) - strftime('%s', d.due_at)) / 3600.0
  END AS delay_h
FROM rp_case c JOIN decision_deadlines d ON d.decision_id = c.decision_id
WHERE d.due_at IS NOT NULL;

-- Needs, services and barriers, one row each (facts services.*).
CREATE TEMP TABLE rp_need AS
SELECT c.case_id, c.referred_in_period, c.in_period, j.value AS need
FROM rp_case c, json_each(c.needs) j WHERE json_valid(c.needs);

CREATE TEMP TABLE rp_service AS
SELECT c.case_id, c.in_period,
  coalesce(json_extract(j.value, '$.type'), 'other') AS service,
  coalesce(json_extract(j.value, '$.provider_type'), 'unknown') AS provider_type,
  coalesce(json_extract(j.value, '$.for_family'), 0) AS for_family,
  substr(json_extract(j.value, '$.started_at'), 1, 10) AS started_on,
  substr(json_extract(j.value, '$.ended_at'), 1, 10) AS ended_on
FROM rp_case c, json_each(c.provided) j WHERE json_valid(c.provided);

CREATE TEMP TABLE rp_barrier AS
SELECT c.case_id, c.in_period,
  coalesce(json_extract(j.value, '$.service'), 'other') AS service,
  coalesce(json_extract(j.value, '$.reason'), 'other') AS reason,
  substr(json_extract(j.value, '$.recorded_at'), 1, 10) AS recorded_on
FROM rp_case c, json_each(c.barriers) j WHERE json_valid(c.barriers);

-- What every report states about itself (rregull reads this table).
CREATE TEMP TABLE rp_about AS
SELECT (SELECT ruleset_hash FROM rp_meta) AS ruleset_hash,
  (SELECT count(*) FROM rp_case WHERE in_period) AS n_cases,
  (SELECT count(*) FROM rp_case WHERE in_period AND decision_id IS NULL) AS n_undecided;
