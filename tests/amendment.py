"""The worked amendment the tests of diff and publish make on a copy of
rules/kosovo, as tests/amendments has it (a fictitious "AI 01/2027", source
AMD, from 2027-01-01): LOAD-LIMITS and the two load hazards get a second
version with lower limits, and a new sector hazard, fishing.  No second copy
of the law is kept: amend(DIR) edits a copy and fails loudly when the text
it changes is not there any more.
"""


NEW_VERSIONS = '''
# The amendment (fictitious AI 01/2027, a test fixture) lowers the limits from 2027-01-01.
table LOAD-LIMITS "Heaviest load a child may lift or carry, by sex and frequency (AI 05/2013 as amended by AI 01/2027)"
  cites AMD "Art. 1"
  effective 2027-01-01
  keys Sex, LoadMode
  row male,   occasional -> 10 kg
  row female, occasional -> 8 kg
  row male,   continuous -> 8 kg
  row female, continuous -> 4 kg

hazard HAZ-LOAD-OCCASIONAL "Occasional lifting or carrying of weights over 10 kg (boys) or 8 kg (girls)"
  cites AMD "Art. 1", SOP l.173, CAT "A-02"
  effective 2027-01-01
  when any l in work.loads:
    load_mode(l) == occasional and l.kg > LOAD-LIMITS[load_sex, occasional]

hazard HAZ-LOAD-CONTINUOUS "Continuous lifting or carrying of weights over 8 kg (boys) or 4 kg (girls)"
  cites AMD "Art. 1", SOP l.174, CAT "A-02"
  effective 2027-01-01
  when any l in work.loads:
    load_mode(l) == continuous and l.kg > LOAD-LIMITS[load_sex, continuous]

hazard HAZ-SECTOR-FISHING "Hazardous sector: fishing and aquaculture"
  cites AMD "Art. 2"
  effective 2027-01-01
  when work.sector == fishing
'''


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{path.name}: {old!r} not found: update tests/amendment.py"
    path.write_text(text.replace(old, new, 1))


def amend(d):
    edit(d / "hazards.rr", '  cites SOP l.173, SOP l.174\n  keys Sex, LoadMode\n',
         '  cites SOP l.173, SOP l.174\n  effective 2013-01-01 until 2027-01-01\n  keys Sex, LoadMode\n')
    edit(d / "hazards.rr", '  cites SOP l.173, CAT "A-02"\n', '  cites SOP l.173, CAT "A-02"\n  effective 2013-01-01 until 2027-01-01\n')
    edit(d / "hazards.rr", '  cites SOP l.174, CAT "A-02"\n', '  cites SOP l.174, CAT "A-02"\n  effective 2013-01-01 until 2027-01-01\n')
    with (d / "hazards.rr").open("a") as f:
        f.write(NEW_VERSIONS)
    edit(d / "facts.rr", "  manufacturing, services, none, other,\n", "  manufacturing, services, none, other, fishing,\n")
    with (d / "sources.rr").open("a") as f:
        f.write('\n# TEST FIXTURE ONLY: a fictitious amendment of AI 05/2013.\n'
                'source AMD "Administrative Instruction 01/2027 amending AI 05/2013 (FICTITIOUS: a test fixture)"\n')


