-- factors.lua -- EXAMPLE hook of the Gjakova overlay (invented).
--
-- Adds a risk factor when a working child has siblings who work too (noted
-- by the case worker among the work activities), something the national
-- facts do not record as such.
return function(facts, decision)
  local acts = facts.work and facts.work.activities or {}
  for i = 1, #acts do
    if acts[i] == "works with siblings" then
      return {factors = {{id = "GJ-RAF-SIBLINGS", title = "Siblings work too (example)",
                          level = "medium", reason = "work activity: works with siblings"}}}
    end
  end
  return {}
end
