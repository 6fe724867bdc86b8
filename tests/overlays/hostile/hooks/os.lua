return function(facts, decision) os.execute("touch /tmp/rregull-hook-was-here") return {} end
