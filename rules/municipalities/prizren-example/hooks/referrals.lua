-- referrals.lua -- EXAMPLE hook of the Prizren overlay (invented).
--
-- Receives the case's facts and the national decision (read-only tables) and
-- returns additions: a vocational referral for a child of 15 to 17 out of
-- school, and an extra action when the national risk is high and the family
-- cannot be found.  A hook adds; it never removes or changes.
return function(facts, decision)
  local out = {referrals = {}, actions = {}}
  local age = decision.child_status and decision.child_status.age_years_at_as_of
  local school = facts.school and facts.school.status
  if age and age >= 15 and age < 18 and (school == "dropped_out" or school == "not_enrolled") then
    out.referrals[#out.referrals + 1] = {
      id = "PZ-REF-VOCATIONAL",
      title = "Vocational training centre, Prizren (example)",
      reason = "aged " .. age .. " and " .. school:gsub("_", " "),
    }
  end
  local risk = decision.risk and decision.risk.level
  local unknownFamily = facts.accompaniment and facts.accompaniment.family_location_unknown
  if risk == "high" and unknownFamily then
    out.actions[#out.actions + 1] = {
      id = "PZ-NA-FAMILY-TRACING",
      title = "Ask the Red Cross family-tracing service (example)",
      reason = "high risk and the family's whereabouts are unknown",
    }
  end
  return out
end
