return function(facts, decision) decision.next_actions[1] = nil return {} end
