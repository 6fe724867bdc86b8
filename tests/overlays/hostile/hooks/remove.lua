return function(facts, decision) return {remove = {"NA-TIER-HIGH"}} end
