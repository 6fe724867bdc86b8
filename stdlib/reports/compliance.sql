-- compliance.sql -- how often each duty's time limit was kept (SOP l.926:
-- monitoring holds each institution responsible for its legal obligations).
-- An instance is a deadline of a case's decision (as of the period's end)
-- that fell due in the period: met (done in time), late (done after), overdue
-- (not done, past due), pending (the decision predates the due date).  The
-- delay of one instance is, in hours, how long after its due time it was done
-- (0 when in time), or for an overdue one how long it had been overdue when
-- decided.  Median and 90th percentile: the nearest-rank values, the
-- ceil(p * N)-th smallest delay of the N instances with a delay.
-- (How a report file is read: see csw-semiannual.sql.)

CREATE TEMP TABLE rp_due AS
SELECT * FROM rp_deadline WHERE due_on BETWEEN :from AND :to;

-- The median and 90th percentile delay of each duty, institution and
-- municipality: the delays of each ranked, then the two ranks picked.
CREATE TEMP TABLE rp_rank AS
SELECT duty, responsible, municipality, delay_h,
  row_number() OVER (PARTITION BY duty ORDER BY delay_h) AS rn_duty,
  count(*) OVER (PARTITION BY duty) AS cnt_duty,
  row_number() OVER (PARTITION BY responsible ORDER BY delay_h) AS rn_resp,
  count(*) OVER (PARTITION BY responsible) AS cnt_resp,
  row_number() OVER (PARTITION BY municipality ORDER BY delay_h) AS rn_mun,
  count(*) OVER (PARTITION BY municipality) AS cnt_mun
FROM rp_due WHERE delay_h IS NOT NULL;

CREATE TEMP TABLE rp_pct_duty AS
SELECT duty, round(max(CASE WHEN rn_duty = (cnt_duty + 1) / 2 THEN delay_h END), 1) AS median_delay_h,
  round(max(CASE WHEN rn_duty = (9 * cnt_duty + 9) / 10 THEN delay_h END), 1) AS p90_delay_h
FROM rp_rank GROUP BY duty;
CREATE TEMP TABLE rp_pct_resp AS
SELECT responsible, round(max(CASE WHEN rn_resp = (cnt_resp + 1) / 2 THEN delay_h END), 1) AS median_delay_h,
  round(max(CASE WHEN rn_resp = (9 * cnt_resp + 9) / 10 THEN delay_h END), 1) AS p90_delay_h
FROM rp_rank GROUP BY responsible;
CREATE TEMP TABLE rp_pct_mun AS
SELECT municipality, round(max(CASE WHEN rn_mun = (cnt_mun + 1) / 2 THEN delay_h END), 1) AS median_delay_h,
  round(max(CASE WHEN rn_mun = (9 * cnt_mun + 9) / 10 THEN delay_h END), 1) AS p90_delay_h
FROM rp_rank GROUP BY municipality;

-- table: by_duty
-- labels: duty=rule
-- chart: bar
SELECT d.duty, count(*) AS n_instances,
  sum(status = 'met') AS n_met, sum(status = 'late') AS n_late, sum(status = 'overdue') AS n_overdue,
  sum(status NOT IN ('met', 'late', 'overdue')) AS n_pending,
  (SELECT median_delay_h FROM rp_pct_duty p WHERE p.duty = d.duty) AS median_delay_h,
  (SELECT p90_delay_h FROM rp_pct_duty p WHERE p.duty = d.duty) AS p90_delay_h
FROM rp_due d GROUP BY d.duty ORDER BY d.duty;

-- table: by_responsible
-- labels: responsible=*|responsible
-- chart: bar responsible n_met n_late n_overdue
SELECT d.responsible, count(*) AS n_instances,
  sum(status = 'met') AS n_met, sum(status = 'late') AS n_late, sum(status = 'overdue') AS n_overdue,
  sum(status NOT IN ('met', 'late', 'overdue')) AS n_pending,
  (SELECT median_delay_h FROM rp_pct_resp p WHERE p.responsible = d.responsible) AS median_delay_h,
  (SELECT p90_delay_h FROM rp_pct_resp p WHERE p.responsible = d.responsible) AS p90_delay_h
FROM rp_due d GROUP BY d.responsible ORDER BY d.responsible;

-- table: by_municipality
-- labels: municipality=report-heading
SELECT d.municipality, count(*) AS n_instances,
  sum(status = 'met') AS n_met, sum(status = 'late') AS n_late, sum(status = 'overdue') AS n_overdue,
  sum(status NOT IN ('met', 'late', 'overdue')) AS n_pending,
  (SELECT median_delay_h FROM rp_pct_mun p WHERE p.municipality = d.municipality) AS median_delay_h,
  (SELECT p90_delay_h FROM rp_pct_mun p WHERE p.municipality = d.municipality) AS p90_delay_h
FROM rp_due d GROUP BY d.municipality ORDER BY d.municipality;

-- table: by_duty_responsible_municipality
-- labels: duty=rule responsible=*|responsible municipality=report-heading
SELECT duty, responsible, municipality, count(*) AS n_instances,
  sum(status = 'met') AS n_met, sum(status = 'late') AS n_late, sum(status = 'overdue') AS n_overdue,
  sum(status NOT IN ('met', 'late', 'overdue')) AS n_pending
FROM rp_due GROUP BY duty, responsible, municipality ORDER BY duty, responsible, municipality;
