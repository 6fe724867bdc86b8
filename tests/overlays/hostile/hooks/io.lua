return function(facts, decision) local f = io.open("/etc/passwd") return {} end
