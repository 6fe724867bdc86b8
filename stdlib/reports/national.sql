-- national.sql -- the DSPF's national annual report (SOP l.953-957): every
-- municipality consolidated, a) trends by sector and region against the
-- previous period (:prev_from .. :prev_to, the same length), b) services,
-- c) gaps.  Both periods are counted with what the store holds at this
-- period's end.  The tables of the municipal report follow.
-- (How a report file is read: see csw-semiannual.sql.)

-- table: trend
-- labels: measure=report-heading
SELECT 'children identified' AS measure,
  sum(in_period) AS n_current, sum(in_prev) AS n_previous
FROM rp_case
UNION ALL
SELECT 'child labour found', sum(in_period AND child_labour_found = 1), sum(in_prev AND child_labour_found = 1) FROM rp_case
UNION ALL
SELECT 'worst forms', sum(in_period AND worst_form = 1), sum(in_prev AND worst_form = 1) FROM rp_case
UNION ALL
SELECT 'high risk', sum(in_period AND risk_level = 'high'), sum(in_prev AND risk_level = 'high') FROM rp_case;

-- table: monthly
-- children identified each month of this period and of the previous one
-- chart: line period_month n_current n_previous
WITH RECURSIVE m(i, cur, prev) AS (
  SELECT 1, substr(:from, 1, 7), substr(:prev_from, 1, 7)
  UNION ALL
  SELECT i + 1, substr(date(:from, 'start of month', '+' || i || ' months'), 1, 7),
         substr(date(:prev_from, 'start of month', '+' || i || ' months'), 1, 7)
  FROM m WHERE date(:from, 'start of month', '+' || i || ' months') <= :to)
SELECT m.i AS month, m.cur AS period_month,
  (SELECT count(*) FROM rp_case WHERE in_period AND substr(identified_on, 1, 7) = m.cur) AS n_current,
  (SELECT count(*) FROM rp_case WHERE in_prev AND substr(identified_on, 1, 7) = m.prev) AS n_previous
FROM m ORDER BY m.i;

-- table: trend_by_sector
-- labels: sector=enum|Sector
-- chart: bar sector n_current n_previous
SELECT sector, sum(in_period) AS n_current, sum(in_prev) AS n_previous
FROM rp_case WHERE in_period OR in_prev
GROUP BY sector ORDER BY n_current DESC, sector;

-- table: trend_by_municipality
-- labels: municipality=report-heading
SELECT municipality, sum(in_period) AS n_current, sum(in_prev) AS n_previous
FROM rp_case WHERE in_period OR in_prev
GROUP BY municipality ORDER BY n_current DESC, municipality;

-- include: municipal-annual.sql
