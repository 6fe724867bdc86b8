-- An error that quotes 60 000 bytes of what the hook returned: the trail
-- keeps a bounded part of it.
return function(facts, decision)
  return {[string.rep("x", 60000)] = {}}
end
