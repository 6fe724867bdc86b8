return function(facts, decision) return {actions = {{id = "NA-TIER-HIGH", title = "replaced"}}} end
