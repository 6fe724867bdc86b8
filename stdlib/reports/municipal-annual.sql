-- municipal-annual.sql -- the CPT's annual municipal report on child labour
-- (SOP l.944-949): a) the children at work by sector and region, b) their
-- profile and needs, c) the services provided, d) the gaps.  The children
-- counted are those identified in the period (events.identified_at); what
-- is known of them is what the store holds at the period's end.
-- (How a report file is read: see csw-semiannual.sql.)

-- table: overview
SELECT count(*) AS n_children,
  sum(child_labour_found = 1) AS n_child_labour,
  sum(worst_form = 1) AS n_worst_form,
  sum(risk_level = 'high') AS n_high_risk,
  sum(decision_id IS NULL) AS n_undecided
FROM rp_case WHERE in_period;

-- table: by_sector
-- labels: sector=enum|Sector
-- chart: bar
SELECT sector, count(*) AS n_children, sum(child_labour_found = 1) AS n_child_labour
FROM rp_case WHERE in_period GROUP BY sector ORDER BY n_children DESC, sector;

-- table: by_hazard
-- labels: hazard=rule
-- chart: bar
SELECT rule_id AS hazard, count(DISTINCT case_id) AS n_children
FROM rp_rule WHERE in_period AND kind = 'hazard'
GROUP BY rule_id ORDER BY n_children DESC, hazard;

-- table: by_worst_form
-- labels: worst_form=rule
SELECT rule_id AS worst_form, count(DISTINCT case_id) AS n_children
FROM rp_rule WHERE in_period AND kind = 'wfcl'
GROUP BY rule_id ORDER BY n_children DESC, worst_form;

-- table: by_age_sex
-- labels: age_group=report-heading
-- chart: bar
SELECT age_group,
  count(*) AS n_children,
  sum(sex = 'female') AS n_female,
  sum(sex = 'male') AS n_male,
  sum(sex NOT IN ('female', 'male')) AS n_sex_unknown
FROM rp_case WHERE in_period
GROUP BY age_group
ORDER BY CASE age_group WHEN '0-5' THEN 1 WHEN '6-11' THEN 2 WHEN '12-14' THEN 3 WHEN '15-17' THEN 4
                        WHEN '18+' THEN 5 ELSE 6 END;

-- table: by_municipality_of_work
-- labels: municipality_of_work=report-heading
SELECT municipality_of_work, count(*) AS n_children
FROM rp_case WHERE in_period GROUP BY municipality_of_work ORDER BY n_children DESC, municipality_of_work;

-- table: by_risk_level
-- labels: risk_level=enum|Level
SELECT coalesce(risk_level, 'none') AS risk_level, count(*) AS n_children
FROM rp_case WHERE in_period
GROUP BY 1 ORDER BY CASE risk_level WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END;

-- table: closures_by_reason
-- labels: reason=rule
-- the cases eligible for closure at the period's end, by the closure reason
-- that holds (a case may have more than one)
SELECT rule_id AS reason, count(DISTINCT r.case_id) AS n_children
FROM rp_rule r JOIN rp_case c ON c.case_id = r.case_id
WHERE r.in_period AND r.kind = 'reason' AND c.closure_eligible = 1
GROUP BY rule_id ORDER BY n_children DESC, reason;

-- table: needs
-- labels: need=enum|Need
-- chart: bar
SELECT need, count(DISTINCT case_id) AS n_children
FROM rp_need WHERE in_period GROUP BY need ORDER BY n_children DESC, need;

-- table: services
-- labels: service=enum|ServiceType
SELECT service, count(DISTINCT case_id) AS n_children, count(*) AS n_services,
  sum(for_family) AS n_for_family
FROM rp_service WHERE started_on BETWEEN :from AND :to
GROUP BY service ORDER BY n_children DESC, service;

-- table: barriers
-- labels: service=enum|ServiceType reason=enum|BarrierReason
SELECT service, reason, count(DISTINCT case_id) AS n_children
FROM rp_barrier WHERE recorded_on BETWEEN :from AND :to
GROUP BY service, reason ORDER BY n_children DESC, service, reason;
