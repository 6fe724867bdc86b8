#!/usr/bin/env python3
"""gen_cases.py -- deterministic generator of synthetic child-labour cases for benchmarks.

Usage:
    python3 bench/gen_cases.py N [--seed S] [--as-of ISO] > cases.jsonl

Writes N cases to standard output, one compact JSON object per line (JSON Lines):
    {"id": "GEN-000001", "as_of": "...", "facts": {...}}
The facts follow the schema declared in rules/kosovo/facts.rr (and documented in
shared/acceptance/README.md, "Fact schema"): every key is a declared fact, every
enum value is spelled as in facts.rr, null means unknown / not happened.

Options:
    N            number of cases (ids GEN-000001 ... GEN-<N>)
    --seed S     integer seed (default 1)
    --as-of ISO  reference instant of evaluation, a date-time with offset
                 (default 2025-06-02T10:00:00+02:00).  Each case is evaluated at
                 its own as_of, up to 3 days either side of it in 15-minute steps.

Determinism: case i is generated from its own random.Random seeded with the string
"<seed>/<i>", using only Random.random() (whose sequence Python guarantees across
versions); all arithmetic on instants is integer UTC seconds and the Kosovo
offsets (CET/CEST, EU rule) are computed here, not read from the system's tz
database.  Same N, seed and --as-of therefore give byte-identical output, on any
machine, and the first k cases do not depend on N.  Python 3 standard library only.

What is varied (each case is internally consistent):
  * the child: date of birth for ages 5-19 at as_of (some exactly on the 15th or
    18th birthday, some exactly 10 for the risk framework's age gap, some 15 on the
    day of identification, some already 18 at identification: out of scope); age
    undetermined with or without an estimate; sex; protective capacity,
    disability, illness, behaviour; parental care, alternative care,
    migrant/refugee/IDP status; municipalities of origin and of work;
  * the work: sector (street work and agriculture most common, all of the enum
    including none), activities, shifts (some crossing 20:00 or midnight, some
    starting before 06:00, some ending exactly at 20:00), days and hours per week,
    work in school hours, loads around the 5/10/15 kg limits with occasional,
    continuous or unknown mode, heights around 2.0 m, the environmental hazards by
    sector, the worst-form flags (rarely), child marriage, imminent danger, risk of
    entering a worst form, abuse at work; whether the child still works;
  * school status and absence due to work; accompaniment (unaccompanied, safe
    accommodation, family location unknown);
  * immediate-assistance indicators drawn from the three SOP lists, coded as the
    contract requires (night or school-hours work is never "works daytime");
  * the risk-framework facts (neglect, history, abuser access, caregiver capacity,
    other carers, support system, living environment, family stress, harm with
    injury sites, discipline, sexual abuse), driven by a latent severity that may
    have improved over a long case; consent; the case's recorded and assessed
    risk levels; crime / trafficking flags; interview deferral; plan phase flags;
  * the event timeline relative to as_of: identification from under an hour to
    about 20 months before as_of by an agency of every type, referral (some via
    the police), case manager, opening, initial and comprehensive assessment,
    legal guardian, police notification, shelter arrival and placement, team
    meeting and information, service plan and its signature, home visit, family
    contacts and follow-up contacts at the rhythm the risk calls for, reintegration
    and monitoring visits, interviews (some over 45 minutes), 0-5 CMRs (initial,
    review, closure) with agenda / assessment / progress / minutes / care-plan
    dates, review intervals (some over 3 months or without a reason), non-attendance
    notices, agreed risk levels and closure agreement, action-point non-compliance;
    each step on time, late, never done or not yet due, so that deadlines come out
    met, late, pending, overdue, due immediately or awaiting their start event;
    a few events dated after as_of; planned meetings in the future;
  * closure facts for cases near their end (goals achieved, risk reduced, adult,
    death, departure, transfer, removal, discretionary toolkit grounds), with or
    without the preconditions; extra public holidays in a few cases.
"""

import argparse
import bisect
import datetime as _dt
import json
import random
import sys

# ---- time: integer UTC seconds, Kosovo local time (Europe/Belgrade, EU DST rule) ----

_EPOCH = _dt.datetime(1970, 1, 1)
_EPOCH_ORD = _dt.date(1970, 1, 1).toordinal()
MIN = 60
HOUR = 3600
DAY = 86400


def _last_sunday_utc(year, month):
    """UTC seconds of 01:00 UTC on the last Sunday of the month (EU clock change)."""
    if month == 12:
        last = _dt.date(year + 1, 1, 1) - _dt.timedelta(days=1)
    else:
        last = _dt.date(year, month + 1, 1) - _dt.timedelta(days=1)
    last -= _dt.timedelta(days=(last.weekday() + 1) % 7)      # back to Sunday
    return (last.toordinal() - _EPOCH_ORD) * DAY + HOUR


_TRANSITIONS = []
for _y in range(1970, 2101):
    _TRANSITIONS.append(_last_sunday_utc(_y, 3))
    _TRANSITIONS.append(_last_sunday_utc(_y, 10))


def offset(ts):
    """Kosovo UTC offset in seconds at instant ts (CEST between the transitions)."""
    return 2 * HOUR if bisect.bisect_right(_TRANSITIONS, ts) % 2 == 1 else HOUR


def local(ts):
    return _EPOCH + _dt.timedelta(seconds=ts + offset(ts))


def fmt(ts):
    """ISO 8601 local date-time with the offset of that instant."""
    if ts is None:
        return None
    off = offset(ts)
    d = _EPOCH + _dt.timedelta(seconds=ts + off)
    return "%04d-%02d-%02dT%02d:%02d:00+0%d:00" % (d.year, d.month, d.day, d.hour, d.minute, off // HOUR)


def from_local(day, hh, mm):
    """UTC seconds of local wall-clock time hh:mm on date day."""
    naive = (day.toordinal() - _EPOCH_ORD) * DAY + hh * HOUR + mm * MIN
    ts = naive - HOUR
    if offset(ts) == 2 * HOUR and offset(naive - 2 * HOUR) == 2 * HOUR:
        ts = naive - 2 * HOUR
    return ts


def local_date(ts):
    return local(ts).date()


def end_of_local_day(ts):
    return from_local(local_date(ts), 23, 55)


def parse_iso(s):
    d = _dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        raise ValueError("as_of needs an offset, e.g. 2025-06-02T10:00:00+02:00")
    return int(d.timestamp())


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:                      # 29 February
        return day.replace(year=day.year + years, day=28)


def r5(ts):
    """Round down to 5 minutes."""
    return ts - ts % 300


# ---- randomness: only Random.random() is used (stable across Python versions) ----

class Rng:
    __slots__ = ("r",)

    def __init__(self, key):
        self.r = random.Random(key).random

    def chance(self, p):
        return self.r() < p

    def int(self, a, b):
        return a + int(self.r() * (b - a + 1))

    def uni(self, a, b):
        return a + (b - a) * self.r()

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def wpick(self, table):
        """table: list of (value, weight)."""
        total = 0.0
        for _, w in table:
            total += w
        x = self.r() * total
        for v, w in table:
            x -= w
            if x < 0:
                return v
        return table[-1][0]

    def some(self, seq, k):
        """k distinct items of seq, in seq order."""
        k = min(k, len(seq))
        idx = list(range(len(seq)))
        for j in range(k):
            t = j + int(self.r() * (len(idx) - j))
            idx[j], idx[t] = idx[t], idx[j]
        chosen = sorted(idx[:k])
        return [seq[j] for j in chosen]


# ---- vocabularies (spelled exactly as in rules/kosovo/facts.rr) ----

MUNICIPALITIES = [
    ("Prishtina", 20), ("Prizren", 12), ("Ferizaj", 7), ("Gjilan", 6), ("Peja", 6), ("Gjakova", 6),
    ("Mitrovica", 5), ("Podujeva", 5), ("Vushtrri", 4), ("Fushë Kosova", 4), ("Suhareka", 4),
    ("Rahovec", 3), ("Lipjan", 3), ("Drenas", 3), ("Malisheva", 3), ("Skenderaj", 3), ("Kamenica", 2),
    ("Viti", 2), ("Klina", 2), ("Istog", 2), ("Deçan", 2), ("Dragash", 2), ("Obiliq", 2), ("Shtime", 1),
    ("Kaçanik", 1), ("Graçanica", 1), ("Shtërpca", 1), ("Junik", 0.5), ("Mamusha", 0.5),
    ("Hani i Elezit", 0.5), ("Novobërda", 0.5), ("Zveçan", 0.5), ("Leposaviq", 0.5),
]

SECTORS = [
    ("street_work", 24), ("agriculture", 18), ("retail_services", 7), ("construction", 6),
    ("domestic_work", 5), ("recycling_waste", 6), ("hospitality", 5), ("manufacturing", 4),
    ("services", 5), ("forestry", 3), ("landfill", 2.5), ("natural_resources", 2),
    ("illicit_activities", 1.5), ("other", 4), ("none", 4),
]

# age range at as_of, by sector
SECTOR_AGES = {
    "street_work": (5, 15), "agriculture": (7, 17), "forestry": (11, 17), "construction": (13, 17),
    "landfill": (8, 17), "recycling_waste": (7, 17), "natural_resources": (12, 17),
    "domestic_work": (9, 17), "illicit_activities": (13, 17), "retail_services": (14, 17),
    "hospitality": (14, 17), "manufacturing": (14, 17), "services": (13, 17), "other": (9, 17),
    "none": (8, 16),
}

ACTIVITIES = {
    "street_work": ["begging at traffic lights", "selling paper tissues", "selling flowers in cafés",
                    "washing car windscreens at crossroads", "selling chewing gum", "carrying goods at the market",
                    "shining shoes", "selling lottery tickets", "collecting plastic bottles on the street"],
    "agriculture": ["picking raspberries", "harvesting potatoes", "picking peppers", "herding sheep",
                    "loading hay bales", "weeding vegetable fields", "picking grapes", "spraying crops",
                    "milking cows", "carrying crates of fruit"],
    "forestry": ["collecting firewood", "cutting branches", "carrying logs", "collecting chestnuts"],
    "construction": ["mixing concrete", "carrying bricks", "carrying cement bags", "working on scaffolding",
                     "demolition clean-up", "roofing"],
    "landfill": ["collecting recyclables at the landfill", "sorting waste at the dump"],
    "recycling_waste": ["collecting scrap metal", "sorting plastic for recycling", "collecting cardboard",
                        "dismantling old appliances for copper"],
    "natural_resources": ["digging sand at the river bank", "breaking stones in a quarry", "loading coal",
                          "extracting gravel"],
    "domestic_work": ["cleaning a neighbour's house", "caring for younger siblings", "cooking for a relative's family",
                      "washing laundry for an employer"],
    "illicit_activities": ["selling cigarettes without excise stamps", "carrying drugs for a gang",
                           "acting as a lookout for thieves", "selling smuggled fuel"],
    "retail_services": ["stacking shelves", "working at a kiosk", "unloading deliveries", "serving customers at a market stall"],
    "hospitality": ["waiting tables in a café", "washing dishes in a restaurant", "serving at a wedding hall",
                    "cleaning hotel rooms"],
    "manufacturing": ["operating a sewing machine", "packing in a bakery", "sanding furniture",
                      "welding in a metal workshop", "working in a brick kiln"],
    "services": ["washing cars", "assisting in a tyre repair shop", "assisting a mechanic", "sweeping a barber shop"],
    "other": ["helping in a bakery before school", "delivering bread", "assisting at a livestock market",
              "working at a car-parts shop"],
    "none": [],
}

# (start, end) local times; end <= start crosses midnight
SHIFTS = {
    "street_work": ["08:00-16:00", "10:00-18:00", "16:00-20:00", "17:00-22:00", "18:00-23:30",
                    "19:00-01:00", "08:00-21:00", "14:00-20:00", "20:00-02:00", "12:00-19:00", "09:00-13:00"],
    "agriculture": ["06:00-13:00", "05:30-12:00", "07:00-15:00", "06:00-18:00", "16:00-20:00",
                    "05:00-11:00", "07:00-12:00", "15:00-19:00", "06:30-14:30"],
    "forestry": ["06:00-14:00", "07:00-15:00", "05:30-13:30", "08:00-12:00"],
    "construction": ["07:00-15:00", "06:30-16:00", "08:00-17:00", "16:00-20:00", "07:00-19:00"],
    "landfill": ["06:00-12:00", "05:00-11:00", "14:00-20:00", "21:00-03:00", "07:00-15:00"],
    "recycling_waste": ["06:00-12:00", "07:00-15:00", "14:00-20:00", "18:00-22:00", "05:30-10:30"],
    "natural_resources": ["06:00-14:00", "07:00-17:00", "08:00-16:00"],
    "domestic_work": ["06:00-09:00", "15:00-21:00", "07:00-19:00", "16:00-20:00", "14:00-18:00"],
    "illicit_activities": ["18:00-23:00", "20:00-02:00", "22:00-04:00", "16:00-20:00", "12:00-18:00"],
    "retail_services": ["16:00-19:00", "15:00-20:00", "08:00-14:00", "14:00-20:30", "09:00-17:00", "17:00-21:00"],
    "hospitality": ["17:00-23:00", "18:00-00:00", "10:00-16:00", "16:00-20:00", "19:00-01:30", "12:00-20:00"],
    "manufacturing": ["07:00-15:00", "08:00-16:00", "14:00-22:00", "22:00-06:00", "15:00-20:00"],
    "services": ["09:00-17:00", "14:00-19:00", "08:00-14:00", "16:00-20:00", "10:00-18:00"],
    "other": ["04:30-07:30", "05:30-08:00", "09:00-15:00", "16:00-20:00", "13:00-19:00"],
}

LOAD_P = {"agriculture": 0.7, "construction": 0.8, "street_work": 0.3, "recycling_waste": 0.7, "landfill": 0.6,
          "natural_resources": 0.75, "forestry": 0.7, "retail_services": 0.55, "domestic_work": 0.3,
          "manufacturing": 0.4, "hospitality": 0.25, "services": 0.3, "other": 0.4, "illicit_activities": 0.05}
LOAD_KG = [3, 4, 4.5, 5, 5, 5.5, 6, 7, 8, 9, 9.5, 10, 10, 10, 10.5, 11, 12, 12.5, 14, 15, 15, 15.5, 16,
           18, 20, 25, 30]
HEIGHT_P = {"construction": 0.6, "forestry": 0.4, "agriculture": 0.2, "retail_services": 0.1, "services": 0.1,
            "other": 0.05, "manufacturing": 0.1, "hospitality": 0.03}
HEIGHTS = [1.2, 1.5, 1.8, 1.9, 2.0, 2.0, 2.0, 2.1, 2.5, 3.0, 4.0, 6.0, 8.0]

# probabilities of the environmental hazard flags, by sector
ENV = {
    "extreme_temperatures": {"agriculture": 0.4, "street_work": 0.35, "construction": 0.4, "landfill": 0.45,
                             "recycling_waste": 0.35, "natural_resources": 0.4, "forestry": 0.35,
                             "manufacturing": 0.15, "hospitality": 0.05},
    "noise_or_vibration": {"construction": 0.4, "manufacturing": 0.45, "natural_resources": 0.35,
                           "services": 0.15, "street_work": 0.05, "forestry": 0.2},
    "biological_agents": {"landfill": 0.65, "recycling_waste": 0.45, "agriculture": 0.15, "domestic_work": 0.05,
                          "street_work": 0.04},
    "chemical_or_toxic_substances": {"agriculture": 0.2, "manufacturing": 0.3, "recycling_waste": 0.3,
                                     "landfill": 0.4, "services": 0.15, "construction": 0.1},
    "confined_space": {"manufacturing": 0.08, "construction": 0.08, "natural_resources": 0.2, "domestic_work": 0.02},
    "underground": {"natural_resources": 0.35, "construction": 0.03},
    "in_depth": {"natural_resources": 0.2, "construction": 0.05},
    "underwater": {"natural_resources": 0.03},
    "radioactivity": {"natural_resources": 0.01, "recycling_waste": 0.003},
}

IA_CAT1 = ["good_health", "stable_emotional_state", "no_disabilities", "calm_behaviour", "communicates_well",
           "no_substance_dependence", "returns_home_regularly", "works_daytime_outside_school_hours"]
IA_CAT2 = ["signs_of_physical_illness", "not_well_dressed", "has_cold", "barefoot", "confused", "does_not_speak",
           "increased_fear", "obvious_developmental_problems", "not_calm", "cries", "talks_incessantly",
           "teases_others", "seems_under_substance_effect", "suspected_work_school_hours_and_late_hours"]
IA_CAT3 = ["serious_or_critical_health_condition", "signs_of_trauma", "physical_injuries", "hungry", "naked",
           "refuses_to_speak", "aggressive_or_withdrawn_behaviour", "under_substance_effect",
           "rarely_goes_home", "works_all_day_and_night"]

NEGLECT = (["none", "isolated_no_impact"], ["cannot_meet_basic_needs", "occasionally_unsupervised"],
           ["unwilling_basic_needs", "frequently_unsupervised"])
CAREGIVER = (["adequate"],
             ["some_disability", "some_cognitive_limitations", "mental_health_problems",
              "inconsistent_or_very_low_care", "occasional_substance_use_interferes"],
             ["severe_disability_or_cognitive_impairment", "unrealistic_expectations",
              "low_or_no_parenting_skills", "frequent_substance_abuse"])
SUPPORT = (["support_promised", "community_involved"], ["limited_support"],
           ["no_support", "family_friends_contribute_to_problem", "remote_isolated", "no_telephone"])
LIVING = (["clean_safe"], ["garbage_unclean", "no_water_or_power", "temporary_unstable_accommodation"],
          ["remote_place", "unsuitable_housing"])
STRESS = (["stable_family_job_income", "close_relatives"],
          ["pregnancy_or_newborn", "insufficient_income_or_food", "lacks_household_management_skills",
           "conflict_with_relatives", "child_at_risk_of_exploitation"],
          ["spouse_deceased_or_left_or_recent_marital_change", "marital_conflict", "domestic_violence",
           "child_exploited_trafficked_or_married"])
HISTORY = (["none"], ["previous_reports", "previous_services_received"],
           ["unknown", "numerous_or_severe", "previous_abuse_no_services"])
LEVELS = ("low", "medium", "high")

NGOS = ["Terre des hommes Kosovo", "Save the Children Kosovo", "SOS Children's Villages Kosova",
        "Balkan Sunflowers Kosova", "street outreach team (NGO)", "Roma and Ashkali community NGO",
        "youth centre NGO"]
DEFERRAL_REASONS = ["the child refused to talk", "the child was emotionally unstable", "the child was in pain",
                    "the child needed urgent medical care", "the child asked for a trusted adult to be present",
                    "confidentiality could not be ensured at the place of identification"]
CMR_AGENCIES = ["Kosovo Police", "Labour Inspectorate", "school", "Family Medicine Centre", "Employment Office",
                "Municipal Directorate of Education", "NGO service provider", "Victim Advocate"]
INSTITUTIONS = ["Residential centre for children", "CSW of another municipality", "Shelter for victims of trafficking",
                "Special institute", "Correctional centre for minors", "Specialised mental health service"]


def _hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def _shift_minutes(start, end):
    a, b = _hm(start), _hm(end)
    return (b - a) % 1440 or 1440


def _night(start, end):
    """Does the shift overlap 20:00-06:00?"""
    a, b = _hm(start), _hm(end)
    if b <= a:
        return True
    return a < 360 or b > 1200


def _school_time(start, end):
    """Does the shift overlap morning school hours (08:00-13:00)?"""
    a, b = _hm(start), _hm(end)
    if b <= a:
        b += 1440
    return a < 780 and b > 480


def _shift_jitter(rng, s):
    """Move a shift by -30/+30 minutes now and then (keeping the boundary cases as they are)."""
    start, end = s.split("-")
    if end in ("20:00", "06:00") or start in ("20:00", "06:00") or not rng.chance(0.25):
        return start, end
    d = rng.pick([-30, 30])
    a, b = (_hm(start) + d) % 1440, (_hm(end) + d) % 1440
    return "%02d:%02d" % divmod(a, 60), "%02d:%02d" % divmod(b, 60)


def _level_of(rng, sev):
    """A factor's level (0 low, 1 medium, 2 high) for a latent severity."""
    return rng.wpick(((0, 0.95), (1, 0.05)) if sev == 0 else
                     ((0, 0.58), (1, 0.4), (2, 0.02)) if sev == 1 else
                     ((0, 0.35), (1, 0.35), (2, 0.3)))


def _list_for(rng, vocab, level, extra=0.3):
    """A list fact for a factor at level: items of that level, maybe one of a lower level."""
    items = rng.some(vocab[level], 1 + (1 if rng.chance(extra) else 0))
    if level > 0 and rng.chance(0.25):
        items = rng.some(vocab[level - 1], 1) + items
    return items


# ---- one case ---------------------------------------------------------------------

def gen_case(index, seed, base_asof):
    rng = Rng("%d/%d" % (seed, index))
    r = rng.r
    as_of = base_asof + rng.int(-288, 288) * 15 * MIN

    # -- stage of the case: time from identification to as_of
    stage = rng.wpick((("immediate", 7), ("fresh", 12), ("early", 22), ("active", 29), ("late", 30)))
    if stage == "immediate":
        age_sec = rng.int(2, 72) * 5 * MIN                    # 10 min - 6 h
    elif stage == "fresh":
        age_sec = rng.int(6 * 12, 72 * 12) * 5 * MIN          # 6 h - 3 days
    elif stage == "early":
        age_sec = rng.int(3 * 24, 25 * 24) * HOUR
    elif stage == "active":
        age_sec = rng.int(25, 180) * DAY + rng.int(0, 23) * HOUR
    else:
        age_sec = rng.int(180, 600) * DAY + rng.int(0, 23) * HOUR
    long_case = stage in ("active", "late")

    # -- the work and the child
    # a low-risk profile (prevention cases): healthy older child, calm family, light or past work
    light = rng.chance(0.17)
    if light:
        sector = rng.wpick((("retail_services", 25), ("hospitality", 12), ("services", 15), ("agriculture", 15),
                            ("street_work", 10), ("other", 8), ("none", 15)))
    else:
        sector = rng.wpick(SECTORS)
    sex = rng.wpick((("male", 62), ("female", 36), ("unknown", 2)))
    if sector == "domestic_work" and sex == "male" and rng.chance(0.6):
        sex = "female"
    if sector in ("construction", "natural_resources", "forestry") and sex == "female" and rng.chance(0.7):
        sex = "male"
    lo, hi = SECTOR_AGES[sector]
    age = int(lo + (hi - lo + 1) * (0.25 * (r() + r()) + 0.5 * r()))    # flattened triangle
    age = max(lo, min(hi, age))
    sev = rng.wpick(((0, 38), (1, 40), (2, 22)))             # latent severity at identification
    if light:
        age, sev = rng.int(max(lo, 11), max(hi, 16)), 0

    special = rng.wpick((("", 80), ("adult_at_ident", 3), ("birthday15", 3), ("birthday18", 3),
                         ("age10", 1.5), ("ident15", 2.5), ("just18", 2.5), ("age17", 3)))
    if special == "birthday18" or special == "just18":
        if not long_case:
            stage, age_sec = "active", rng.int(40, 170) * DAY + rng.int(0, 23) * HOUR
            long_case = True
    if special == "adult_at_ident" and long_case:
        stage, age_sec = "early", rng.int(3 * 24, 20 * 24) * HOUR
        long_case = False
    ident = r5(as_of - age_sec)

    agency = _agency(rng, sector, stage)
    # realistic hour of identification for an agency (not for the very fresh cases)
    if stage != "immediate":
        ident = _ident_time(rng, agency, ident, as_of)
    asof_day = local_date(as_of)
    ident_day = local_date(ident)

    age_determined = True
    dob = None
    if special == "adult_at_ident":
        dob = add_years(ident_day, -18) - _dt.timedelta(days=rng.int(0, 500))
        sector = rng.pick(["construction", "agriculture", "services", "hospitality", "street_work"])
    elif special == "birthday15":
        dob = add_years(asof_day, -15)
    elif special == "birthday18":
        dob = add_years(asof_day, -18)
    elif special == "just18":
        dob = add_years(asof_day, -18) - _dt.timedelta(days=rng.int(1, 40))
    elif special == "ident15":
        dob = add_years(ident_day, -15)
        agency = rng.pick(["labour_inspectorate", "municipal_inspectorate", "agriculture_forestry_rural_inspector",
                           "police", "school"])
    else:
        if special == "age10":
            age = 10
        elif special == "age17":
            age = 17
        dob = add_years(asof_day, -age) - _dt.timedelta(days=rng.int(0, 364))
    true_age = asof_day.year - dob.year - ((asof_day.month, asof_day.day) < (dob.month, dob.day))

    migrant = not light and (rng.chance(0.04) or (sector == "street_work" and rng.chance(0.04)))
    unaccompanied = not light and (rng.chance(0.03) or (migrant and rng.chance(0.45)))
    trafficked = (rng.chance(0.012) or (unaccompanied and rng.chance(0.3))) and special != "adult_at_ident"
    estimated = None
    if special == "" and (rng.chance(0.05) or (migrant and rng.chance(0.5)) or (unaccompanied and rng.chance(0.4))):
        age_determined = False
        estimated = None if rng.chance(0.12) else max(5, true_age + rng.wpick(((0, 6), (-1, 2), (1, 2))))
        if not rng.chance(0.2):
            dob = None
    if sector == "illicit_activities" and true_age < 13:
        sector = "street_work"

    # -- current situation: late cases often improved
    cur_sev = sev
    if long_case and sev > 0 and rng.chance(0.65 if stage == "late" else 0.4):
        cur_sev = sev - 1 if rng.chance(0.6) else 0
    engaged = sector != "none"
    if engaged and stage == "late" and rng.chance(0.6):
        engaged = False
    elif engaged and stage == "active" and rng.chance(0.35):
        engaged = False
    elif engaged and stage == "early" and rng.chance(0.15):
        engaged = False
    if light and (true_age < 15 or sector in ("agriculture", "street_work") or rng.chance(0.3)):
        engaged = False

    child = _child(rng, dob, age_determined, estimated, sex, true_age, sev, migrant, unaccompanied, trafficked)
    work, wf = _work(rng, sector, sex, true_age, engaged, cur_sev, trafficked)
    school = _school(rng, true_age, sector)
    work["during_school_hours"] = wf["school_time"] and school["status"] in ("attending", "irregular") \
        and engaged and rng.chance(0.85) or (wf["school_time"] and school["status"] != "attending"
                                             and sector != "none" and rng.chance(0.5))
    if light:
        _lighten(rng, child, work, wf, school, sex)

    harm = _harm(rng, sev if stage in ("immediate", "fresh", "early") else cur_sev, work)
    facts = {"child": child, "work": work, "school": school}
    facts["accompaniment"] = {
        "unaccompanied": unaccompanied,
        "safe_accommodation_secured_at": None,
        "ongoing_support_in_place": False,
        "family_location_unknown": unaccompanied and rng.chance(0.6) or rng.chance(0.01),
    }
    # indicators as last recorded: at identification, or at the latest reassessment of a long case
    facts["immediate_assistance_indicators"] = _ia(rng, cur_sev if long_case else sev, child, work, wf, harm,
                                                   long_case)
    facts["harm"] = harm
    _family(rng, facts, cur_sev, stage, work, trafficked)
    if light:
        _calm_family(rng, facts)
        facts["history_of_abuse_neglect"] = "none" if rng.chance(0.97) else None
        if facts["harm"]["severity"] not in (None, "none"):
            facts["harm"]["injury_sites"] = rng.some(["hands", "knees"], 1)
    # the level the case worker would record now (a rough copy of the framework), and at the start
    est = max(_estimate_level(cur_sev, work, wf, true_age, engaged, school, unaccompanied),
              _raf_estimate(facts, true_age))
    orig_est = max(est, sev)
    facts["consent"] = _consent(rng, stage)
    crime = (work["forced_or_compulsory"] or work["trafficked"] or work["sold"] or work["debt_bondage"]
             or work["prostitution"] or work["pornography"] or work["illicit_activities"]
             or harm["sexual_abuse"] in ("contact", "harassment_history"))
    facts["suspected_criminal_offence"] = crime or work["abuse_at_work"] and rng.chance(0.4) or rng.chance(0.02)
    facts["potential_trafficking_victim"] = trafficked or (unaccompanied and migrant and rng.chance(0.5)) \
        or rng.chance(0.004)
    facts["interview_deferral_reasons"] = rng.some(DEFERRAL_REASONS, rng.int(1, 2)) if rng.chance(0.06) else []
    facts["child_questioned_before_csw_notified"] = rng.chance(0.1 if agency in ("school", "police") else 0.02)

    # -- the timeline
    ev, extra = _timeline(rng, as_of, ident, agency, stage, orig_est, est, facts, child, unaccompanied)
    if ev["service_plan_signed_at"] is not None and facts["consent"]["family_consent"] != "given" \
            and rng.chance(0.95):
        facts["consent"]["family_consent"] = "given"      # the parent signed the plan
    facts["plan_implemented_consistently"] = extra["plan_working"]
    facts["harm_exposure_reduced"] = extra["harm_reduced"]
    facts["reintegrated_in_school"] = extra["back_in_school"]
    if unaccompanied and ev["protection_placement_at"] is not None and rng.chance(0.6):
        facts["accompaniment"]["safe_accommodation_secured_at"] = ev["protection_placement_at"]
        facts["accompaniment"]["ongoing_support_in_place"] = long_case and rng.chance(0.7)
    elif unaccompanied and long_case and rng.chance(0.5):
        facts["accompaniment"]["safe_accommodation_secured_at"] = fmt(r5(ident + rng.int(2, 30) * DAY))
        facts["accompaniment"]["ongoing_support_in_place"] = rng.chance(0.6)

    facts["case"] = {
        "highest_risk_level_recorded": LEVELS[max(orig_est, extra["agreed_max"])]
        if ev["initial_assessment_done_at"] is not None and rng.chance(0.85) else None,
        "assessed_risk_level": LEVELS[max(0, min(2, orig_est + rng.wpick(((0, 85), (-1, 8), (1, 7)))))]
        if ev["comprehensive_assessment_done_at"] is not None and rng.chance(0.9) else None,
    }
    facts["calendar"] = {"public_holidays": _holidays(rng, ident, as_of)}
    facts["events"] = ev
    facts["closure"] = extra["closure"]
    if not light and extra["closure_kind"] in ("goals", "risk_reduced") and cur_sev > 0:
        _calm_family(rng, facts)
    return {"id": "GEN-%06d" % index, "as_of": fmt(as_of), "facts": _order(facts)}


FACT_ORDER = ["child", "work", "school", "accompaniment", "immediate_assistance_indicators", "harm", "neglect",
              "history_of_abuse_neglect", "abuser_access", "abuser_in_home", "caregiver_capacity", "other_carers",
              "support_system", "living_environment", "family_stress", "family_environment_poses_risk", "consent",
              "suspected_criminal_offence", "potential_trafficking_victim", "interview_deferral_reasons",
              "child_questioned_before_csw_notified", "plan_implemented_consistently", "harm_exposure_reduced",
              "reintegrated_in_school", "case", "calendar", "events", "closure"]


def _order(facts):
    return {k: facts[k] for k in FACT_ORDER}


def _agency(rng, sector, stage):
    table = [("police", 17), ("labour_inspectorate", 10), ("school", 14), ("ngo", 12), ("health", 5),
             ("social_service_provider", 5), ("municipal_inspectorate", 4), ("other_institution", 6),
             ("citizen", 10), ("family_member", 4), ("self", 2), ("agriculture_forestry_rural_inspector", 2)]
    if sector in ("agriculture", "forestry"):
        table.append(("agriculture_forestry_rural_inspector", 10))
    if sector == "street_work":
        table += [("police", 10), ("ngo", 10)]
    if sector in ("construction", "manufacturing", "retail_services", "hospitality", "services"):
        table.append(("labour_inspectorate", 12))
    if stage == "immediate":                      # late evening or night: those who work then
        table = [(a, w) for a, w in table if a in ("police", "ngo", "citizen", "health", "labour_inspectorate",
                                                  "other_institution", "school", "family_member")]
    return rng.wpick(table)


def _ident_time(rng, agency, ident, as_of):
    day = local_date(ident)
    if agency in ("school", "labour_inspectorate", "municipal_inspectorate",
                  "agriculture_forestry_rural_inspector", "social_service_provider", "other_institution"):
        while day.weekday() >= 5:
            day -= _dt.timedelta(days=1)
        hh, mm = rng.int(8, 15), rng.pick([0, 10, 15, 20, 30, 40, 45, 50])
    elif agency == "police":
        hh, mm = rng.wpick(((rng.int(7, 18), 6), (rng.int(19, 23), 3), (rng.int(0, 5), 1))), rng.pick([0, 15, 30, 45])
    else:
        hh, mm = rng.int(8, 21), rng.pick([0, 15, 30, 45])
    ts = from_local(day, hh, mm)
    while ts > as_of - 6 * HOUR:
        ts -= DAY
    return ts


def _child(rng, dob, age_determined, estimated, sex, age, sev, migrant, unaccompanied, trafficked):
    disability = rng.wpick((("none", 90), ("light", 5), ("low_or_medium_developmental", 3.5), ("severe", 1.5)))
    if age <= 6:
        capacity = rng.wpick((("entirely_dependent", 3), ("needs_adult_assistance", 7)))
    elif age <= 10:
        capacity = rng.wpick((("needs_adult_assistance", 5), ("independent", 5), ("entirely_dependent", 0.3)))
    else:
        capacity = rng.wpick((("independent", 94), ("needs_adult_assistance", 5.5), ("entirely_dependent", 0.5)))
    if disability == "severe" and rng.chance(0.6):
        capacity = "entirely_dependent"
    without_care = unaccompanied or trafficked or rng.chance(0.06 + 0.04 * sev)
    origin = rng.wpick(MUNICIPALITIES)
    work_m = origin if rng.chance(0.85) else rng.wpick(MUNICIPALITIES)
    if migrant and rng.chance(0.6):
        origin = None
    if rng.chance(0.02):
        work_m = None
    return {
        "date_of_birth": dob.isoformat() if dob else None,
        "age_determined": age_determined,
        "estimated_age_years": estimated,
        "sex": sex,
        "protective_capacity": capacity,
        "disability": disability,
        "illness": rng.wpick((("none", 91), ("light", 7.5), ("severe", 1.5))),
        "introverted": rng.chance(0.08),
        "severe_behavioural_problems": rng.chance(0.01 + 0.01 * sev),
        "without_parental_care": without_care,
        "in_alternative_care": without_care and not unaccompanied and rng.chance(0.4),
        "migrant_refugee_or_idp": migrant,
        "municipality_of_origin": origin,
        "municipality_of_work": work_m,
    }


def _work(rng, sector, sex, age, engaged, sev, trafficked):
    w = {"currently_engaged": engaged, "sector": sector}
    wf = {"night": False, "school_time": False, "long": False}
    if sector == "none":
        w.update(activities=[], shifts=[], days_per_week=None, hours_per_week=None, during_school_hours=False,
                 loads=[], max_height_m=None)
    else:
        acts = ACTIVITIES[sector]
        w["activities"] = rng.some(acts, rng.wpick(((1, 70), (2, 25), (3, 5))))
        if rng.chance(0.04):
            shifts = None if rng.chance(0.5) else []
            days = hours = None
        else:
            s1 = _shift_jitter(rng, rng.pick(SHIFTS[sector]))
            shifts = [s1]
            days = rng.wpick(((7, 15), (6, 15), (5, 35), (4, 8), (3, 10), (2, 12), (1, 5)))
            mins = _shift_minutes(*s1) * min(days, 5)
            if days > 5 and rng.chance(0.5):
                s2 = _shift_jitter(rng, rng.pick(SHIFTS[sector]))
                if s2 != s1:
                    shifts.append(s2)
                mins += _shift_minutes(*s2) * (days - 5)
            else:
                mins += _shift_minutes(*s1) * max(0, days - 5)
            hours = round(mins / 60.0 * 2) / 2
            if hours == int(hours):
                hours = int(hours)
            for a, b in shifts:
                wf["night"] = wf["night"] or _night(a, b)
                wf["school_time"] = wf["school_time"] or (_school_time(a, b) and days >= 3)
                wf["long"] = wf["long"] or _shift_minutes(a, b) >= 11 * 60
            shifts = [{"start": a, "end": b} for a, b in shifts]
        w.update(activities=w["activities"], shifts=shifts, days_per_week=days, hours_per_week=hours,
                 during_school_hours=False)
        loads = []
        if rng.chance(LOAD_P.get(sector, 0.3)):
            for _ in range(rng.wpick(((1, 80), (2, 20)))):
                kg = rng.pick(LOAD_KG)
                if age < 10 and kg > 12:
                    kg = rng.pick([4, 5, 6, 8, 10])
                mode = rng.wpick((("occasional", 50), ("continuous", 38), ("unknown", 12)))
                if rng.chance(0.04):
                    mode = None
                loads.append({"kg": kg, "mode": mode})
        w["loads"] = loads
        w["max_height_m"] = rng.pick(HEIGHTS) if rng.chance(HEIGHT_P.get(sector, 0.0)) else None
    for flag, table in (("underground", ENV["underground"]), ("underwater", ENV["underwater"]),
                        ("in_depth", ENV["in_depth"]), ("confined_space", ENV["confined_space"]),
                        ("extreme_temperatures", ENV["extreme_temperatures"]),
                        ("noise_or_vibration", ENV["noise_or_vibration"]),
                        ("biological_agents", ENV["biological_agents"]),
                        ("chemical_or_toxic_substances", ENV["chemical_or_toxic_substances"]),
                        ("radioactivity", ENV["radioactivity"])):
        w[flag] = rng.chance(table.get(sector, 0.0))
    begging = sector == "street_work" and any("begging" in a for a in w["activities"])
    w["forced_or_compulsory"] = trafficked or (begging and age >= 7 and rng.chance(0.3)) \
        or (sector != "none" and rng.chance(0.01))
    w["debt_bondage"] = sector != "none" and rng.chance(0.006)
    w["trafficked"] = trafficked
    w["sold"] = trafficked and rng.chance(0.1)
    w["armed_conflict_recruitment"] = rng.chance(0.0005)
    w["prostitution"] = age >= 12 and (rng.chance(0.003) or trafficked and sex == "female" and rng.chance(0.2))
    w["pornography"] = age >= 10 and rng.chance(0.002)
    w["illicit_activities"] = sector == "illicit_activities" or (age >= 12 and rng.chance(0.006))
    w["child_married"] = sex == "female" and age >= 14 and rng.chance(0.025)
    w["imminent_danger"] = rng.chance(0.01 + 0.04 * sev) or w["underground"] and rng.chance(0.2)
    w["at_risk_of_entering_wfcl"] = rng.chance(0.35 if sector == "none" else 0.04 + 0.03 * sev)
    w["abuse_at_work"] = sector != "none" and rng.chance(0.015 + 0.03 * sev)
    if not engaged and rng.chance(0.3):               # past work no longer described in every detail
        w["loads"] = w["loads"] or []
    return w, wf


def _school(rng, age, sector):
    if age < 6:
        status = "not_enrolled"
    elif age <= 15:
        status = rng.wpick((("attending", 58), ("irregular", 25), ("dropped_out", 10), ("not_enrolled", 7)))
    else:
        status = rng.wpick((("attending", 50), ("irregular", 15), ("dropped_out", 30), ("not_enrolled", 5)))
    if sector == "street_work" and status == "attending" and rng.chance(0.25):
        status = "irregular"
    if rng.chance(0.02):
        status = None
    absence = {"irregular": 0.7, "dropped_out": 0.55, "attending": 0.05}.get(status, 0.0)
    return {"status": status, "absence_due_to_work": sector != "none" and rng.chance(absence)}


def _estimate_level(sev, work, wf, age, engaged, school, unaccompanied):
    """A rough guess of the level the engine will find: drives the rhythm of case work."""
    abc = (work["forced_or_compulsory"] or work["trafficked"] or work["sold"] or work["debt_bondage"]
           or work["prostitution"] or work["pornography"] or work["illicit_activities"])
    if (engaged and abc) or work["imminent_danger"] or unaccompanied or sev == 2:
        return 2
    if sev == 1 or work["at_risk_of_entering_wfcl"]:
        return 1
    if engaged and work["sector"] != "none":
        if age < 15 or wf["night"] or work["sector"] in ("agriculture", "forestry", "street_work", "construction",
                                                          "landfill", "recycling_waste", "natural_resources"):
            return 1
        if work["during_school_hours"] or school["status"] in ("dropped_out", "not_enrolled"):
            return 1
        if work["max_height_m"] is not None and work["max_height_m"] > 2:
            return 1
    return 0


def _lvl(items, vocab):
    lv = -1
    for x in items or ():
        for i in (2, 1, 0):
            if x in vocab[i]:
                lv = max(lv, i)
    return lv


def _raf_estimate(f, age):
    c, h = f["child"], f["harm"]
    lv = max(_lvl(f["neglect"], NEGLECT), _lvl(f["caregiver_capacity"], CAREGIVER), _lvl(f["support_system"], SUPPORT),
             _lvl(f["living_environment"], LIVING), _lvl(f["family_stress"], STRESS), 0)
    hist = f["history_of_abuse_neglect"]
    lv = max(lv, 2 if hist is None else _lvl([hist], HISTORY))
    lv = max(lv, {"easy_access": 2, "unknown_protection": 2, "present_protective_adult": 1}.get(f["abuser_access"], 0))
    lv = max(lv, {"none": 2, "limited": 1}.get(f["other_carers"], 0))
    if h["severity"] == "hospital" or h["discipline_history"] == "extreme" or \
            h["sexual_abuse"] in ("harassment_history", "contact"):
        lv = 2
    elif h["severity"] in ("mild_needs_medical_care", "unexplained") or h["discipline_history"] == "severe" or \
            h["sexual_abuse"] == "non_contact":
        lv = max(lv, 1)
    sites = h["injury_sites"] or ()
    if any(x in ("head", "face", "eyes", "reproductive_organs") for x in sites):
        lv = 2
    elif any(x in ("torso", "back", "chest", "abdomen", "other") for x in sites):
        lv = max(lv, 1)
    if age <= 5 or c["protective_capacity"] == "entirely_dependent" or c["illness"] == "severe" or \
            c["disability"] == "severe" or c["severe_behavioural_problems"]:
        lv = 2
    elif age <= 10 or c["protective_capacity"] == "needs_adult_assistance" or c["introverted"] or \
            c["illness"] == "light" or c["disability"] in ("light", "low_or_medium_developmental"):
        lv = max(lv, 1)
    ia = f["immediate_assistance_indicators"] or ()
    if any(x in IA_CAT3 for x in ia):
        lv = 2
    elif any(x in IA_CAT2 for x in ia):
        lv = max(lv, 1)
    return lv


def _harm(rng, sev, work):
    severity = rng.wpick(((("none", 85), ("light_no_treatment", 15)) if sev == 0 else
                          (("none", 45), ("light_no_treatment", 30), ("mild_needs_medical_care", 18),
                           ("unexplained", 7)) if sev == 1 else
                          (("none", 30), ("light_no_treatment", 20), ("mild_needs_medical_care", 22),
                           ("unexplained", 12), ("hospital", 16))))
    if rng.chance(0.03):
        severity = None
    sites = []
    if severity not in (None, "none"):
        work_sites = [("hands", 30), ("knees", 15), ("back", 15), ("other", 25), ("eyes", 3), ("head", 4),
                      ("torso", 4), ("abdomen", 2), ("buttocks", 2)]
        violence_sites = [("head", 15), ("face", 20), ("back", 15), ("buttocks", 10), ("chest", 8), ("torso", 8),
                          ("other", 15), ("reproductive_organs", 2), ("abdomen", 5), ("eyes", 2)]
        table = violence_sites if (sev == 2 and rng.chance(0.5)) or work["abuse_at_work"] else \
            work_sites[:2] + [("buttocks", 5), ("other", 8)] if sev == 0 else work_sites
        for _ in range(rng.wpick(((1, 70), (2, 25), (3, 5)))):
            s = rng.wpick(table)
            if s not in sites:
                sites.append(s)
    discipline = rng.wpick(((("none", 95), ("severe", 5)) if sev == 0 else
                            (("none", 75), ("severe", 22), ("extreme", 3)) if sev == 1 else
                            (("none", 55), ("severe", 30), ("extreme", 15))))
    sexual = "none"
    if work["prostitution"] or work["pornography"]:
        sexual = "contact" if work["prostitution"] else "non_contact"
    elif sev == 2:
        sexual = rng.wpick((("none", 86), ("non_contact", 5), ("harassment_history", 4), ("contact", 5)))
    elif sev == 1:
        sexual = rng.wpick((("none", 97), ("non_contact", 3)))
    disclosed = (sexual in ("contact", "harassment_history") or discipline == "extreme") and rng.chance(0.5)
    return {"severity": severity, "injury_sites": sites, "discipline_history": discipline,
            "sexual_abuse": sexual, "disclosed_ongoing_abuse": disclosed}


def _ia(rng, sev, child, work, wf, harm, reassessed):
    if rng.chance(0.04):
        return [] if rng.chance(0.6) else None
    night_or_school = work["sector"] != "none" and (wf["night"] or work["during_school_hours"])
    if reassessed and not work["currently_engaged"]:
        night_or_school = False
    out = []
    cat1 = [x for x in IA_CAT1 if
            not (x == "no_disabilities" and child["disability"] != "none") and
            not (x == "works_daytime_outside_school_hours" and (night_or_school or work["sector"] == "none")) and
            not (x == "good_health" and child["illness"] != "none")]
    if sev == 0:
        out += rng.some(cat1, rng.int(3, 7))
        if night_or_school:
            out.append("suspected_work_school_hours_and_late_hours")
        elif rng.chance(0.08):
            out += rng.some(["not_well_dressed", "has_cold", "talks_incessantly", "teases_others"], 1)
    else:
        if rng.chance(0.7 if sev == 1 else 0.3):
            out += rng.some([x for x in cat1 if x != "works_daytime_outside_school_hours"], rng.int(1, 4))
        cat2 = [x for x in IA_CAT2 if x != "suspected_work_school_hours_and_late_hours" and
                not (x == "signs_of_physical_illness" and child["illness"] == "none" and rng.chance(0.7)) and
                not (x == "obvious_developmental_problems" and child["disability"] == "none") and
                not (x == "seems_under_substance_effect" and rng.chance(0.7))]
        out += rng.some(cat2, rng.wpick(((0, 15 if sev == 2 else 5), (1, 45), (2, 30), (3, 10))))
        if night_or_school and rng.chance(0.9):
            out.append("suspected_work_school_hours_and_late_hours")
        if sev == 2 and rng.chance(0.55):
            cat3 = [x for x in IA_CAT3 if
                    not (x == "physical_injuries" and harm["severity"] in (None, "none")) and
                    not (x == "serious_or_critical_health_condition" and child["illness"] != "severe"
                         and harm["severity"] != "hospital") and
                    not (x == "works_all_day_and_night" and not wf["long"]
                         and (work["hours_per_week"] or 0) < 60) and
                    not (x == "under_substance_effect" and rng.chance(0.5)) and
                    not (x == "naked" and rng.chance(0.9))]
            out += rng.some(cat3, rng.wpick(((1, 70), (2, 25), (3, 5))))
    order = {x: i for i, x in enumerate(IA_CAT1 + IA_CAT2 + IA_CAT3)}
    return sorted(set(out), key=order.get)


def _family(rng, facts, sev, stage, work, trafficked):
    unknown_p = {"immediate": 0.5, "fresh": 0.35, "early": 0.08}.get(stage, 0.02)

    def lst(vocab):
        if rng.chance(unknown_p):
            return [] if rng.chance(0.7) else None
        return _list_for(rng, vocab, _level_of(rng, sev))

    facts["neglect"] = lst(NEGLECT)
    if facts["neglect"] and "none" in facts["neglect"] and len(facts["neglect"]) > 1:
        facts["neglect"].remove("none")          # 'none' excludes the others (facts.rr)
    lvl = _level_of(rng, sev)
    if rng.chance(unknown_p * 0.25):
        facts["history_of_abuse_neglect"] = None
    else:
        facts["history_of_abuse_neglect"] = rng.pick(HISTORY[lvl])
    if rng.chance(unknown_p * 0.5):
        access = None
    else:
        access = rng.wpick((("not_applicable", 75), ("none_left_area", 15), ("present_protective_adult", 8),
                            ("easy_access", 1.5), ("unknown_protection", 0.5)) if sev == 0 else
                           (("not_applicable", 40), ("none_left_area", 15), ("present_protective_adult", 30),
                            ("easy_access", 6), ("unknown_protection", 2)) if sev == 1 else
                           (("not_applicable", 30), ("none_left_area", 10), ("present_protective_adult", 25),
                            ("easy_access", 25), ("unknown_protection", 10)))
    if work["forced_or_compulsory"] and access in (None, "not_applicable", "none_left_area"):
        access = rng.pick(["easy_access", "unknown_protection", "present_protective_adult"])
    facts["abuser_access"] = access
    facts["abuser_in_home"] = access in ("easy_access", "unknown_protection", "present_protective_adult") and \
        rng.chance(0.45 if work["forced_or_compulsory"] or work["sector"] == "domestic_work" else 0.25)
    facts["caregiver_capacity"] = lst(CAREGIVER)
    lvl = _level_of(rng, sev)
    facts["other_carers"] = None if rng.chance(unknown_p * 0.5) else \
        ("ready_and_able", "limited", "none")[lvl]
    facts["support_system"] = lst(SUPPORT)
    facts["living_environment"] = lst(LIVING)
    stress = lst(STRESS)
    if stress is not None:
        if (trafficked or work["child_married"]) and "child_exploited_trafficked_or_married" not in stress:
            stress.append("child_exploited_trafficked_or_married")
        if work["at_risk_of_entering_wfcl"] and "child_at_risk_of_exploitation" not in stress and rng.chance(0.6):
            stress.append("child_at_risk_of_exploitation")
        if "stable_family_job_income" in stress and "insufficient_income_or_food" in stress:
            stress.remove("stable_family_job_income")
    facts["family_stress"] = stress
    risky = (facts["neglect"] or []) + (facts["caregiver_capacity"] or []) + (stress or [])
    high_family = any(x in risky for x in ("unwilling_basic_needs", "frequently_unsupervised", "domestic_violence",
                                           "frequent_substance_abuse", "marital_conflict"))
    facts["family_environment_poses_risk"] = high_family and rng.chance(0.7) or rng.chance(0.03)


def _lighten(rng, child, work, wf, school, sex):
    """The low-risk profile: a healthy child, daytime work within the limits, or past work."""
    child.update(protective_capacity="independent", disability="none", illness="none", introverted=False,
                 severe_behavioural_problems=False, without_parental_care=False, in_alternative_care=False)
    for k in ("underground", "underwater", "in_depth", "confined_space", "extreme_temperatures", "noise_or_vibration",
              "biological_agents", "chemical_or_toxic_substances", "radioactivity", "forced_or_compulsory",
              "debt_bondage", "trafficked", "sold", "armed_conflict_recruitment", "prostitution", "pornography",
              "illicit_activities", "child_married", "imminent_danger", "at_risk_of_entering_wfcl", "abuse_at_work"):
        work[k] = False
    if work["sector"] != "none" and work["currently_engaged"]:
        a, b = rng.pick(["15:00-19:00", "16:00-20:00", "14:00-18:00", "16:00-19:00", "09:00-13:00"]).split("-")
        days = rng.int(2, 5) if a != "09:00" else rng.int(1, 2)
        work["shifts"] = [{"start": a, "end": b}]
        work["days_per_week"] = days
        work["hours_per_week"] = days * _shift_minutes(a, b) // 60
        wf.update(night=False, school_time=False, long=False)
        occ, cont = (15, 10) if sex == "male" else (10, 5)
        work["loads"] = [{"kg": rng.pick([2, 3, 4, 5, cont, occ]), "mode": "occasional"}] if rng.chance(0.4) else []
        if work["loads"] and work["loads"][0]["kg"] <= cont and rng.chance(0.5):
            work["loads"][0]["mode"] = "continuous"
        if work["max_height_m"] is not None:
            work["max_height_m"] = rng.pick([1.5, 1.8, 2.0])
    work["during_school_hours"] = False
    if school["status"] != "attending" and rng.chance(0.85):
        school["status"] = "attending"
    school["absence_due_to_work"] = False


def _calm_family(rng, facts):
    """Closure on goals or lower risk: the family situation is calm now."""
    facts["neglect"] = ["none"]
    facts["caregiver_capacity"] = ["adequate"] if rng.chance(0.93) else ["some_disability"]
    facts["support_system"] = rng.some(SUPPORT[0], rng.int(1, 2))
    facts["living_environment"] = ["clean_safe"]
    facts["family_stress"] = rng.some(STRESS[0], rng.int(1, 2))
    facts["other_carers"] = "ready_and_able"
    if facts["abuser_access"] in ("easy_access", "unknown_protection"):
        facts["abuser_access"] = rng.pick(["none_left_area", "not_applicable"])
    facts["abuser_in_home"] = False
    facts["family_environment_poses_risk"] = False
    if facts["history_of_abuse_neglect"] in (None, "unknown", "numerous_or_severe", "previous_abuse_no_services"):
        facts["history_of_abuse_neglect"] = rng.pick(["none", "previous_services_received"])
    if rng.chance(0.7):
        facts["harm"]["severity"] = rng.pick(["none", "light_no_treatment"])
        facts["harm"]["injury_sites"] = []
    ia = facts["immediate_assistance_indicators"]
    if ia:
        facts["immediate_assistance_indicators"] = [x for x in ia if x in IA_CAT1[:7]] or ["good_health"]
    facts["harm"]["disclosed_ongoing_abuse"] = False
    facts["work"]["imminent_danger"] = False
    facts["work"]["at_risk_of_entering_wfcl"] = False


def _consent(rng, stage):
    if stage in ("immediate", "fresh"):
        fam = rng.wpick((("pending", 55), ("given", 35), ("refused", 7), (None, 3)))
    else:
        fam = rng.wpick((("given", 80), ("pending", 8), ("refused", 9), (None, 3)))
    child = rng.wpick((("given", 80), ("pending", 10), ("refused", 8), (None, 2)))
    return {"family_consent": fam, "child_assent": child}


def _holidays(rng, ident, as_of):
    if not rng.chance(0.1):
        return []
    first, last = local_date(ident), local_date(as_of + 30 * DAY)
    adhoc = [d for d in (_dt.date(2023, 11, 28), _dt.date(2024, 11, 28), _dt.date(2025, 11, 28),
                         _dt.date(2025, 4, 22), _dt.date(2024, 6, 18), _dt.date(2025, 6, 9))
             if first <= d <= last and d.weekday() < 5]
    out = rng.some(adhoc, 1) if adhoc else []
    if not out or rng.chance(0.3):                    # a municipal day off inside the case
        span = (last - first).days
        d = first + _dt.timedelta(days=rng.int(0, max(0, span)))
        while d.weekday() >= 5:
            d += _dt.timedelta(days=1)
        if d not in out:
            out.append(d)
    return [d.isoformat() for d in sorted(out)]


# ---- the event timeline -------------------------------------------------------------

def _office(rng, ts):
    """Move an instant into office hours (Mon-Fri 08:00-16:30)."""
    d = local(ts)
    day, hh, mm = d.date(), d.hour, d.minute - d.minute % 5
    if hh < 8:
        hh, mm = rng.int(8, 10), rng.pick([0, 15, 30, 45])
    elif hh >= 16 and not (hh == 16 and mm <= 30):
        day += _dt.timedelta(days=1)
        hh, mm = rng.int(8, 12), rng.pick([0, 15, 30, 45])
    while day.weekday() >= 5:
        day += _dt.timedelta(days=1)
    return from_local(day, hh, mm)


def _daytime(rng, ts, lo=7, hi=21):
    """Move an instant outside lo:00-hi:00 local to the next morning."""
    d = local(ts)
    if lo <= d.hour < hi:
        return ts
    day = d.date() + _dt.timedelta(days=1) if d.hour >= hi else d.date()
    return from_local(day, lo + rng.int(0, 1), rng.pick([0, 15, 30, 45]))


def _timeline(rng, as_of, ident, agency, stage, orig_est, est, facts, child, unaccompanied):
    quality = rng.wpick((("good", 45), ("mixed", 38), ("poor", 17)))
    p_late = {"good": 0.08, "mixed": 0.3, "poor": 0.5}[quality]
    p_stall = {"good": 0.01, "mixed": 0.04, "poor": 0.12}[quality]
    p_skip = {"good": 0.04, "mixed": 0.12, "poor": 0.3}[quality]
    future_keep = 0.04                                 # an event recorded with a date after as_of

    def late():
        return rng.chance(p_late)

    def seen(ts):
        """An event: None if never done; kept if after as_of only now and then."""
        if ts is None:
            return None
        if ts > as_of and not rng.chance(future_keep):
            return None
        return ts

    E = dict.fromkeys([
        "identified_at", "police_received_referral_at", "referred_at", "case_manager_appointed_at",
        "legal_guardian_appointed_at", "case_opened_at", "initial_assessment_done_at", "police_notified_at",
        "arrived_at_centre_at", "protection_placement_at", "comprehensive_assessment_done_at",
        "team_meeting_scheduled_at", "team_meeting_at", "team_info_shared_at", "service_plan_done_at",
        "service_plan_signed_at", "first_home_visit_at", "reintegration_completed_at"])
    E["identified_at"] = ident
    lists = {"family_contacts": [], "follow_up_contacts": [], "monitoring_visits": []}
    interviews, cmrs, noncomp = [], [], []
    extra = {"plan_working": False, "harm_reduced": False, "back_in_school": False, "closure": {},
             "closure_kind": None, "agreed_max": 0}
    work, school = facts["work"], facts["school"]
    muni = child["municipality_of_work"] or child["municipality_of_origin"] or "Prishtina"

    # -- identification and referral
    if agency in ("citizen", "family_member", "self", "other_institution") and rng.chance(0.25):
        E["police_received_referral_at"] = r5(ident + rng.int(2, 24) * 5 * MIN)
    start = E["police_received_referral_at"] or ident
    if agency in ("citizen", "family_member", "self"):
        ref = start + rng.int(1, 96) * 30 * MIN
    elif late():
        ref = start + rng.int(25, 120) * HOUR
    elif rng.chance(0.015):
        ref = start + 24 * HOUR                         # exactly at the due instant (met)
    else:
        ref = start + rng.int(3, 70) * 5 * MIN
        if agency in ("labour_inspectorate", "municipal_inspectorate", "agriculture_forestry_rural_inspector"):
            ref = min(ref, end_of_local_day(start))
        if rng.chance(0.3):
            ref = start + rng.int(6, 20) * HOUR
    urgent = orig_est == 2 or agency in ("police", "health")
    ref = r5(ref if urgent else _daytime(rng, ref))
    stalled = rng.chance(p_stall * (3 if stage in ("immediate", "fresh") else 1))
    if not stalled:
        E["referred_at"] = seen(ref)
    chain_ok = E["referred_at"] is not None and E["referred_at"] <= as_of

    # -- case manager, opening, initial assessment
    if chain_ok:
        ref = E["referred_at"]
        if rng.chance(p_stall * 2) and stage in ("immediate", "fresh"):
            chain_ok = False
        else:
            appt = ref + (rng.int(20, 600) * 5 * MIN if late() else rng.int(1, 14) * 5 * MIN)
            if not urgent:
                appt = _daytime(rng, appt)
            E["case_manager_appointed_at"] = seen(r5(appt))
            chain_ok = E["case_manager_appointed_at"] is not None
    if chain_ok:
        appt = E["case_manager_appointed_at"]
        opened = appt if rng.chance(0.7) else appt + (rng.int(1, 12) * 5 * MIN if rng.chance(0.7)
                                                      else rng.int(1, 6) * DAY)
        if opened != appt and opened - appt > DAY:
            opened = _office(rng, opened)
        E["case_opened_at"] = seen(r5(opened))
        ia = max(appt + rng.int(2, 9) * 5 * MIN, E["referred_at"] + rng.int(6, 24) * 5 * MIN)
        if late():
            ia = E["referred_at"] + rng.int(150, 4000) * MIN
        if not urgent:
            ia = _daytime(rng, ia)
        if not rng.chance(p_stall):
            E["initial_assessment_done_at"] = seen(r5(ia))
    ia_done = E["initial_assessment_done_at"]
    opened = E["case_opened_at"]

    if child["without_parental_care"] and opened is not None and not rng.chance(p_skip + 0.1):
        E["legal_guardian_appointed_at"] = seen(_office(rng, opened + rng.int(1, 15) * DAY))

    # -- police, shelter, protection
    wants_police = orig_est == 2 or facts["suspected_criminal_offence"]
    if agency == "police" and (wants_police or rng.chance(0.5)):
        E["police_notified_at"] = ident
    elif wants_police and ia_done is not None and not rng.chance(p_skip + 0.1):
        E["police_notified_at"] = seen(r5(ia_done + rng.int(6, 240) * 5 * MIN))
    elif rng.chance(0.03) and E["referred_at"] is not None:
        E["police_notified_at"] = seen(r5(E["referred_at"] + rng.int(1, 48) * HOUR))
    if (unaccompanied or orig_est == 2) and (ia_done is not None or E["referred_at"] is not None):
        base = ia_done or E["referred_at"]
        if unaccompanied or rng.chance(0.7):
            arrive = r5(base + rng.int(1, 48) * 15 * MIN) if rng.chance(0.6) else None
            E["arrived_at_centre_at"] = seen(arrive)
            if not rng.chance(p_skip):
                start72 = min(x for x in (ia_done, E["arrived_at_centre_at"]) if x is not None) if (
                    ia_done or E["arrived_at_centre_at"]) else base
                place = start72 + (rng.int(73, 200) * HOUR if late() else rng.int(1, 70) * HOUR)
                E["protection_placement_at"] = seen(r5(place))

    # -- comprehensive assessment, team meeting, service plan
    comp = None
    if ia_done is not None and ia_done <= as_of and not rng.chance(p_stall):
        base = max(ia_done, opened or ia_done)
        comp = base + (rng.int(8, 25) if late() else rng.int(2, 6)) * DAY + rng.int(-4, 4) * HOUR
        comp = _office(rng, comp)
        E["comprehensive_assessment_done_at"] = seen(comp)
        comp = E["comprehensive_assessment_done_at"]
    cmr_case = orig_est >= 1
    initial_cmr_at = None
    if comp is not None and comp <= as_of:
        meet = _office(rng, comp + (rng.int(3, 8) if late() else rng.int(1, 2)) * DAY)
        if rng.chance(0.35):
            E["team_meeting_scheduled_at"] = meet
        if meet > as_of:
            if E["team_meeting_scheduled_at"] is None and rng.chance(0.5):
                E["team_meeting_scheduled_at"] = meet
        elif not rng.chance(p_skip):
            if cmr_case and rng.chance(0.5):
                initial_cmr_at = meet                      # the initial CMR is the team meeting
                if rng.chance(0.5):
                    E["team_meeting_at"] = meet
            else:
                E["team_meeting_at"] = meet
                if cmr_case:
                    initial_cmr_at = _office(rng, meet + rng.int(0, 10) * DAY)
        elif cmr_case:
            initial_cmr_at = _office(rng, comp + rng.int(5, 20) * DAY)
        if meet is not None and not rng.chance(p_skip):
            info = max(comp, meet - rng.int(25, 48) * HOUR) if not late() else meet - rng.int(1, 20) * HOUR
            E["team_info_shared_at"] = seen(r5(min(info, meet)))
        # the plan: times the toolkit asks for by risk, or later
        lim = {2: 3, 1: 7, 0: 14}[orig_est]
        days = rng.int(lim + 1, 25) if late() else rng.int(1, lim)
        plan = _office(rng, comp + days * DAY - rng.int(1, 6) * HOUR)
        if not rng.chance(p_stall):
            E["service_plan_done_at"] = seen(plan)
        if E["service_plan_done_at"] is not None and not rng.chance(p_skip + 0.15):
            E["service_plan_signed_at"] = seen(_office(rng, E["service_plan_done_at"] + rng.int(0, 5) * DAY))
    plan = E["service_plan_done_at"]

    # -- home visit and family contacts
    reachable = not facts["accompaniment"]["family_location_unknown"]
    if reachable and E["referred_at"] is not None and not rng.chance(p_skip):
        hv = _office(rng, E["referred_at"] + (rng.int(8, 30) if late() else rng.int(1, 6)) * DAY)
        E["first_home_visit_at"] = seen(hv)
    if reachable and (E["first_home_visit_at"] or opened) is not None:
        t = E["first_home_visit_at"] or opened
        step_lo, step_hi = (10, 31) if quality == "good" else (15, 45) if quality == "mixed" else (25, 75)
        while True:
            t = _office(rng, t + rng.int(step_lo, step_hi) * DAY)
            if t > as_of:
                if rng.chance(future_keep):
                    lists["family_contacts"].append(t)
                break
            lists["family_contacts"].append(t)
        lists["family_contacts"] = lists["family_contacts"][-24:]

    # -- the plan phase
    if plan is not None and plan <= as_of:
        since = as_of - plan
        extra["plan_working"] = since > 21 * DAY and rng.chance(0.6)
        extra["harm_reduced"] = since > 14 * DAY and rng.chance(0.55)
        extra["back_in_school"] = school["status"] in ("attending", "irregular", "dropped_out") and \
            since > 30 * DAY and rng.chance(0.45)
        base_step = {2: 3.5, 1: 7, 0: 14}[est] * DAY
        slack = {"good": 0.9, "mixed": 1.15, "poor": 1.6}[quality]
        t = plan
        while True:
            phase = 1 if t - plan < 60 * DAY else 2 if t - plan < 180 * DAY else 4
            step = int(base_step * phase * rng.uni(0.5, slack))
            t = _daytime(rng, r5(t + max(step, 12 * HOUR)), 8, 19)
            if t > as_of:
                if rng.chance(future_keep):
                    lists["follow_up_contacts"].append(t)
                break
            lists["follow_up_contacts"].append(t)
        if len(lists["follow_up_contacts"]) > 40:
            lists["follow_up_contacts"] = lists["follow_up_contacts"][-40:]
        # reintegration and monitoring
        if since > 75 * DAY and rng.chance(0.45):
            rein = _office(rng, plan + rng.int(60, max(61, min(240, since // DAY - 5))) * DAY)
            if rein <= as_of:
                E["reintegration_completed_at"] = rein
                t = rein
                while True:
                    t = _office(rng, t + rng.int(90, 200 if quality != "poor" else 260) * DAY)
                    if t > as_of:
                        break
                    lists["monitoring_visits"].append(t)
        if rng.chance(0.08):
            learned = _office(rng, plan + rng.int(3, max(4, since // DAY)) * DAY)
            if learned <= as_of:
                notified = learned + rng.int(1, 48) * HOUR if rng.chance(0.6) else None
                noncomp.append({"agency": rng.pick(CMR_AGENCIES), "learned_at": fmt(learned),
                                "case_manager_notified_at": fmt(seen(notified)) if notified else None})

    # -- interviews
    if ia_done is not None and ia_done <= as_of and rng.chance(0.75):
        dur = rng.wpick(((rng.int(15, 45), 80), (rng.int(46, 90), 20)))
        interviews.append({"at": fmt(r5(ia_done - rng.int(3, 12) * 5 * MIN)), "duration_min": dur,
                           "by": "case manager"})
    if comp is not None and comp <= as_of and rng.chance(0.5):
        dur = rng.wpick(((rng.int(20, 45), 80), (rng.int(46, 75), 20)))
        interviews.append({"at": fmt(r5(comp - rng.int(1, 3) * DAY)), "duration_min": dur,
                           "by": rng.pick(["case manager", "psychologist", "social worker"])})
    if facts["suspected_criminal_offence"] and E["police_notified_at"] is not None and rng.chance(0.5) \
            and E["police_notified_at"] + DAY <= as_of:
        interviews.append({"at": fmt(r5(E["police_notified_at"] + rng.int(4, 96) * HOUR)),
                           "duration_min": rng.pick([30, 40, 45, 50, 60, 90]),
                           "by": "police investigator with the case manager"})
    interviews.sort(key=lambda x: x["at"])

    # -- closure scenario
    closing = None
    age_now = _age_at(child, as_of)
    if stage == "late" or (stage == "active" and rng.chance(0.35)):
        if age_now is not None and age_now >= 18:
            closing = "adult"
        elif rng.chance(0.6 if stage == "late" else 0.3):
            closing = rng.wpick((("goals", 34), ("risk_reduced", 14), ("death", 4), ("moved", 9),
                                 ("transferred", 10), ("removed", 6), ("refuses", 7 if (age_now or 0) >= 15 else 1),
                                 ("exhausted", 5), ("improved_safety", 6 if (age_now or 0) >= 15 else 0)))
    elif age_now is not None and age_now >= 18 and ia_done is not None:
        closing = "adult"
    extra["closure_kind"] = closing

    # -- CMRs
    if cmr_case and initial_cmr_at is None and closing and comp is not None and comp + 30 * DAY < as_of:
        initial_cmr_at = _office(rng, comp + rng.int(3, 20) * DAY)      # convened late, but convened
    if cmr_case and initial_cmr_at is not None and rng.chance(0.95 if closing else 0.9):
        cmrs, agreed_max = _cmrs(rng, as_of, initial_cmr_at, orig_est, closing, late, seen)
        extra["agreed_max"] = agreed_max
    elif cmr_case and comp is None and E["case_opened_at"] is not None and rng.chance(0.08):
        # an initial CMR already planned before the comprehensive assessment
        sched = _office(rng, E["case_opened_at"] + rng.int(5, 15) * DAY)
        cmrs = [_cmr_record("initial", None, sched)]

    extra["closure"] = _closure(rng, closing, as_of, quality)
    if closing in ("goals", "risk_reduced", "removed"):
        work["currently_engaged"] = False
        extra["plan_working"] = extra["plan_working"] or plan is not None
    if closing == "improved_safety":
        work["currently_engaged"] = True

    ev = {}
    for k in ("identified_at",):
        ev[k] = fmt(E[k])
    ev["identified_by"] = {"agency_type": agency, "name": _agency_name(rng, agency, muni)}
    for k in ("police_received_referral_at", "referred_at", "case_manager_appointed_at",
              "legal_guardian_appointed_at", "case_opened_at", "initial_assessment_done_at", "police_notified_at",
              "arrived_at_centre_at", "protection_placement_at", "comprehensive_assessment_done_at",
              "team_meeting_scheduled_at", "team_meeting_at", "team_info_shared_at", "service_plan_done_at",
              "service_plan_signed_at", "first_home_visit_at"):
        ev[k] = fmt(E[k])
    ev["family_contacts"] = [fmt(t) for t in lists["family_contacts"]]
    ev["follow_up_contacts"] = [fmt(t) for t in lists["follow_up_contacts"]]
    ev["reintegration_completed_at"] = fmt(E["reintegration_completed_at"])
    ev["monitoring_visits"] = [fmt(t) for t in lists["monitoring_visits"]]
    ev["interviews"] = interviews
    ev["cmrs"] = cmrs if (cmrs or rng.chance(0.85)) else None
    if noncomp:
        ev["action_point_noncompliance"] = noncomp
    return ev, extra


def _age_at(child, ts):
    if child["date_of_birth"] is None or not child["age_determined"]:
        return child["estimated_age_years"]
    dob = _dt.date.fromisoformat(child["date_of_birth"])
    d = local_date(ts)
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))


def _agency_name(rng, agency, muni):
    if agency == "police":
        return "Kosovo Police - " + muni
    if agency == "labour_inspectorate":
        return "Labour Inspectorate " + muni
    if agency == "municipal_inspectorate":
        return "Municipal Inspectorate " + muni
    if agency == "agriculture_forestry_rural_inspector":
        return "MAFRD inspector, " + muni
    if agency == "school":
        return rng.pick(["primary school", "lower secondary school", "upper secondary school"]) + ", " + muni
    if agency == "health":
        return rng.pick(["Main Family Medicine Centre ", "Regional Hospital ", "Emergency Centre "]) + muni
    if agency == "ngo":
        return rng.pick(NGOS)
    if agency == "social_service_provider":
        return rng.pick(["day centre for children, ", "community-based service, "]) + muni
    if agency == "other_institution":
        return rng.pick(["Employment Office ", "Municipal Directorate of Education ", "Border Police, ",
                         "Municipal Directorate of Health "]) + muni
    if agency == "citizen":
        return rng.pick(["a neighbour", "a passer-by", "a shop owner", "a teacher (privately)", "anonymous caller"])
    if agency == "self":
        return "the child"
    return rng.pick(["mother", "father", "grandmother", "uncle", "older sister", "aunt"])


def _cmr_record(kind, held, sched):
    return {"type": kind, "held_at": fmt(held), "scheduled_at": fmt(sched), "agenda_sent_at": None,
            "assessment_sent_at": None, "progress_reports_submitted_at": None, "minutes_distributed_at": None,
            "care_plan_update_distributed_at": None, "next_review_interval_months": None,
            "next_review_reason_documented": False, "all_agencies_invited": True,
            "all_involved_members_present": None, "non_attendance_notices": [], "agreed_risk_level": None,
            "closure_agreed": False}


def _cmrs(rng, as_of, first_at, orig_est, closing, late, seen):
    """0-5 CMRs: the initial one, reviews at the agreed interval, maybe a closure CMR."""
    out = []
    state = {"level": orig_est, "agreed_max": 0}
    n_max = rng.wpick(((5, 50), (4, 20), (3, 15), (2, 10), (1, 5)))
    close_at = None
    if closing in ("goals", "risk_reduced", "adult", "removed") and rng.chance(0.92):
        close_at = _office(rng, as_of - rng.int(1, 30) * DAY)
        if close_at > as_of or close_at < first_at + 14 * DAY:
            close_at = None
        else:
            n_max -= 1
    t = first_at
    i = 0
    while i < max(1, n_max):
        if close_at is not None and i > 0 and t > close_at - 10 * DAY:
            break
        c = _cmr_one(rng, "initial" if i == 0 else "review", t, as_of, closing, state, late, seen)
        out.append(c)
        if c["held_at"] is None:
            close_at = None                      # the cycle has not got that far
            break
        months = c["next_review_interval_months"] or 1
        if not c["next_review_reason_documented"]:
            months = 1 if rng.chance(0.7) else months
        months = min(months, 3) if rng.chance(0.8) else months
        slip = rng.int(8, 40) if late() else rng.int(-5, 6)
        t = _office(rng, _add_months(t, months) + slip * DAY)
        i += 1
    if close_at is not None and t < close_at - 10 * DAY:
        close_at = t if t <= as_of else close_at      # the review that was due becomes the closure CMR
    if close_at is not None:
        out.append(_cmr_one(rng, "closure", close_at, as_of, closing, state, late, seen))
    return out, state["agreed_max"]


def _cmr_one(rng, kind, meet, as_of, closing, state, late, seen):
    held = meet if meet <= as_of else None
    sched = meet if held is None or rng.chance(0.3) else None
    if held is not None and kind != "closure" and rng.chance(0.03):     # scheduled, then not held
        held, sched = None, meet
    c = _cmr_record(kind, held, sched)
    if not rng.chance(0.1):
        sent = _daytime(rng, r5(meet - rng.int(20, 60) * HOUR), 8, 17) if late() else \
            _office(rng, meet - rng.int(3, 7) * DAY)
        c["agenda_sent_at"] = fmt(seen(min(sent, meet)))
    if kind == "initial" and not rng.chance(0.1):
        sent = _daytime(rng, r5(meet - (rng.int(1, 30) * HOUR if late() else rng.int(3, 7) * DAY)), 8, 17)
        c["assessment_sent_at"] = fmt(seen(min(sent, meet)))
    if kind in ("review", "closure") and not rng.chance(0.1):
        before = rng.int(1, 60) * HOUR if late() else rng.int(3, 6) * DAY + rng.int(0, 8) * HOUR
        c["progress_reports_submitted_at"] = fmt(seen(min(meet, _daytime(rng, r5(meet - before), 8, 17))))
    if held is not None:
        if not rng.chance(0.12):
            c["minutes_distributed_at"] = fmt(seen(_office(rng, held + (rng.int(15, 30) if late()
                                                                         else rng.int(1, 13)) * DAY)))
        if kind == "review" and not rng.chance(0.15):
            c["care_plan_update_distributed_at"] = fmt(seen(_office(rng, held + (rng.int(8, 20) if late()
                                                                                 else rng.int(1, 6)) * DAY)))
        c["all_involved_members_present"] = rng.wpick(((True, 85), (False, 10), (None, 5)))
    c["all_agencies_invited"] = rng.wpick(((True, 90), (False, 7), (None, 3)))
    for _ in range(rng.wpick(((0, 75), (1, 20), (2, 5)))):
        before = rng.int(2, 20) * HOUR if late() else rng.int(25, 96) * HOUR
        c["non_attendance_notices"].append({"agency": rng.pick(CMR_AGENCIES),
                                            "notified_at": fmt(seen(r5(meet - before)))})
    if held is not None:
        if kind != "initial" and state["level"] > 0 and rng.chance(0.35):
            state["level"] -= 1
        if rng.chance(0.7):
            c["agreed_risk_level"] = LEVELS[state["level"]]
            state["agreed_max"] = max(state["agreed_max"], state["level"])
        if kind == "closure":
            c["closure_agreed"] = rng.chance(0.9)
            if closing in ("goals", "risk_reduced"):
                c["agreed_risk_level"] = "low"
            if rng.chance(0.8):
                c["all_involved_members_present"] = True
                c["all_agencies_invited"] = True
        else:
            interval = rng.wpick(((None, 45), (1, 20), (2, 15), (3, 15), (4, 3), (6, 2)))
            c["next_review_interval_months"] = interval
            c["next_review_reason_documented"] = interval not in (None, 1) and rng.chance(0.85)
    return c


def _add_months(ts, months):
    d = local(ts)
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
            31][m - 1]
    return from_local(_dt.date(y, m, min(d.day, last)), d.hour, d.minute)


def _closure(rng, closing, as_of, quality):
    if closing is None:
        return {} if rng.chance(0.9) else {"service_plan_goals_achieved": False,
                                           "reassessed_after_intervention": False}
    c = {}
    good = quality == "good"
    if closing in ("goals", "risk_reduced", "adult", "removed"):
        c["service_plan_goals_achieved"] = closing == "goals" or rng.chance(0.3)
        c["reassessed_after_intervention"] = closing == "risk_reduced" or rng.chance(0.6)
        c["monitoring_period_confirmed_sufficient"] = rng.chance(0.85 if good else 0.55)
        for k in ("all_needed_services_provided", "wellbeing_indicators_assessed", "family_situation_assessed",
                  "no_further_coordination_need"):
            c[k] = rng.chance(0.9 if good else 0.6)
        c["child_family_views_sought"] = rng.chance(0.88 if good else 0.6)
        c["supervisor_authorised"] = rng.chance(0.85 if good else 0.5)
        c["agencies_consulted"] = rng.chance(0.85 if good else 0.5)
        c["removed_no_return_before_18"] = closing == "removed"
    elif closing == "death":
        c["child_deceased"] = True
    elif closing == "moved":
        c["transferred_outside_kosovo"] = True
    elif closing == "transferred":
        at = as_of - rng.int(1, 60) * DAY if rng.chance(0.93) else as_of + rng.int(1, 10) * DAY
        c["transferred_to_institution_at"] = fmt(r5(at))
        c["transferred_to"] = rng.pick(INSTITUTIONS)
    elif closing == "refuses":
        c["child_refuses_support"] = True
        c["supervisor_authorised"] = rng.chance(0.5)
    elif closing == "exhausted":
        c["all_harm_reduction_options_exhausted"] = True
    elif closing == "improved_safety":
        c["continues_to_work_improved_safety"] = True
        c["reassessed_after_intervention"] = rng.chance(0.7)
    if closing in ("death", "moved", "transferred"):
        c["agencies_consulted"] = rng.chance(0.7)
        c["supervisor_authorised"] = rng.chance(0.7)
    return c


# ---- main ---------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate N synthetic child-labour cases as JSON Lines.")
    ap.add_argument("n", metavar="N", type=int, help="number of cases")
    ap.add_argument("--seed", type=int, default=1, help="integer seed (default 1)")
    ap.add_argument("--as-of", default="2025-06-02T10:00:00+02:00",
                    help="reference as_of, ISO 8601 with offset (default 2025-06-02T10:00:00+02:00)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    try:
        base = parse_iso(args.as_of)
    except ValueError as e:
        ap.error("--as-of: %s" % e)
    out = sys.stdout.buffer
    enc = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    buf = []
    for i in range(1, args.n + 1):
        buf.append(enc.encode(gen_case(i, args.seed, base)))
        if len(buf) >= 1000:
            out.write(("\n".join(buf) + "\n").encode("utf-8"))
            buf = []
    if buf:
        out.write(("\n".join(buf) + "\n").encode("utf-8"))
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:                       # e.g. piped into head
        sys.stderr.close()
        sys.exit(1)
