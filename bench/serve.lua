-- bench/serve.lua - wrk script for `make bench-serve`: POST /v1/decisions
-- with the case files named in $BENCH_CASES (space-separated), each wrk
-- connection going round them; counts the answers that are not 200.
local bodies = {}
for path in string.gmatch(os.getenv("BENCH_CASES") or "", "%S+") do
  local f = assert(io.open(path, "rb"))
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
local i = 0
local headers = {["Content-Type"] = "application/json"}
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end

request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/decisions", headers, bodies[i])
end
