return function(facts, decision) return {actions = {{id = "HV-X", title = function() end}}} end
