return function(facts, decision)
  return {actions = {{id = "HV-NA-CHECK", title = "Check the case with the municipality", reason = "always"}}}
end
