-- wrk: GET with a bearer token.
local token = os.getenv("TOKEN")
request = function()
  return wrk.format("GET", nil, {["authorization"] = "Bearer " .. token})
end
