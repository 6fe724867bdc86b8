-- A table's address in the decision would differ from run to run.
return function(facts, decision)
  return {actions = {{id = "HV-NA-ADDRESS", title = tostring({})}}}
end
