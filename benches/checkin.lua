-- wrk: POST a check-in with a fresh client-made id each request.
local token = os.getenv("CLIENT_TOKEN")
local path = os.getenv("CHECKIN_PATH")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
request = function()
  local body = string.format('{"id":"%s","recorded_at":"2026-11-01T10:00:00Z","mood":%d}', uuid(), math.random(0, 10))
  return wrk.format("POST", path, {["content-type"] = "application/json", ["authorization"] = "Bearer " .. token}, body)
end
