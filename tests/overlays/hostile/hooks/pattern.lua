return function(facts, decision)
  local ok = ("tobacco harvesting"):find("tobacco")
  local s = ("a"):rep(4000000)
  local r = s:find(".-b")
  return {}
end
