-- Well behaved, and its title depends on the order pairs visits keys in:
-- the same on every run.
return function(facts, decision)
  local t = {}
  for i = 1, 20 do t["step" .. i] = i end
  local names = {}
  for k in pairs(t) do names[#names + 1] = k end
  return {actions = {{id = "HV-NA-ORDER", title = table.concat(names, " ")}}}
end
