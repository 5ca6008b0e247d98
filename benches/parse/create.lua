-- wrk: POST /parse/classes/CheckIn, one new check-in per request for the bench user
-- (session token, owner pointer and an owner-only ACL), fresh clientId, mood and recordedAt.
-- Env: PARSE_APP_ID, PARSE_SESSION_TOKEN, PARSE_USER_ID (printed by setup.js). Path: the URL's.
local app = os.getenv("PARSE_APP_ID")
local token = os.getenv("PARSE_SESSION_TOKEN")
local user = os.getenv("PARSE_USER_ID")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
local headers = {
  ["content-type"] = "application/json",
  ["x-parse-application-id"] = app,
  ["x-parse-session-token"] = token,
}
local tail = string.format(
  ',"owner":{"__type":"Pointer","className":"_User","objectId":"%s"},"ACL":{"%s":{"read":true,"write":true}}}',
  user, user)
request = function()
  local recorded = os.date("!%Y-%m-%dT%H:%M:%S.000Z", os.time() - math.random(0, 365 * 86400))
  local body = string.format('{"clientId":"%s","recordedAt":{"__type":"Date","iso":"%s"},"mood":%d',
    uuid(), recorded, math.random(0, 10)) .. tail
  return wrk.format("POST", nil, headers, body)
end
