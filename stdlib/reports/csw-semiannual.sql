-- csw-semiannual.sql -- the CSW's data for the MDHSW and the CPT, every six
-- months (SOP l.938, l.882): a) the children referred to the CSW in the
-- period, b) a summary of their needs, c) the services provided, d) missing
-- services and barriers to access.
--
-- How a report file is read: the tables of common.sql are there; each
-- '-- table: NAME' starts a table (its SQL is one SELECT); '-- chart: bar'
-- or '-- chart: line X Y...' draws it too.  Columns named n_* are counts of
-- children or instances: the small ones are shown "<5" in HTML and CSV.
-- Headings come from headings.tsv (NAME, then each column's name).
-- '-- labels: COLUMN=CONTEXT ...' says what a text column's values are, for a
-- report in another language than English: enum|TYPE (an enum value, shown
-- as its label), rule (a rule's ID, shown with its title), *|responsible (a
-- responsible party), report-heading (an English text of headings.tsv).

-- table: referred_by_age_sex
-- labels: age_group=report-heading
-- a) the children referred to the CSW in the period, by age group and sex
-- chart: bar
SELECT age_group,
  count(*) AS n_children,
  sum(sex = 'female') AS n_female,
  sum(sex = 'male') AS n_male,
  sum(sex NOT IN ('female', 'male')) AS n_sex_unknown
FROM rp_case WHERE referred_in_period
GROUP BY age_group
ORDER BY CASE age_group WHEN '0-5' THEN 1 WHEN '6-11' THEN 2 WHEN '12-14' THEN 3 WHEN '15-17' THEN 4
                        WHEN '18+' THEN 5 ELSE 6 END;

-- table: referred_by_referrer
-- labels: referrer=enum|AgencyType
-- a) who identified and referred them
SELECT referrer, count(*) AS n_children
FROM rp_case WHERE referred_in_period
GROUP BY referrer ORDER BY n_children DESC, referrer;

-- table: needs
-- labels: need=enum|Need
-- b) the needs identified for the children referred in the period
-- chart: bar
SELECT need, count(DISTINCT case_id) AS n_children
FROM rp_need WHERE referred_in_period
GROUP BY need ORDER BY n_children DESC, need;

-- table: services
-- labels: service=enum|ServiceType
-- c) the services that began in the period, for the children (and their
-- families) the CSW serves
-- chart: bar
SELECT service, count(DISTINCT case_id) AS n_children, count(*) AS n_services,
  sum(for_family) AS n_for_family
FROM rp_service WHERE started_on BETWEEN :from AND :to
GROUP BY service ORDER BY n_children DESC, service;

-- table: services_by_provider
-- labels: provider_type=enum|AgencyType
-- c) the same services by the kind of institution that provided them
SELECT provider_type, count(*) AS n_services, count(DISTINCT case_id) AS n_children
FROM rp_service WHERE started_on BETWEEN :from AND :to
GROUP BY provider_type ORDER BY n_services DESC, provider_type;

-- table: barriers
-- labels: service=enum|ServiceType reason=enum|BarrierReason
-- d) services needed and not reached in the period, and why
SELECT service, reason, count(DISTINCT case_id) AS n_children
FROM rp_barrier WHERE recorded_on BETWEEN :from AND :to
GROUP BY service, reason ORDER BY n_children DESC, service, reason;
