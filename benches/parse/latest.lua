-- wrk: GET the bench user's 50 latest check-ins:
--   /parse/classes/CheckIn?where={"owner":<pointer>}&order=-recordedAt&limit=50, with the session token.
-- Env: PARSE_APP_ID, PARSE_SESSION_TOKEN, PARSE_USER_ID (printed by setup.js).
-- The URL given to wrk is the class URL (…/parse/classes/CheckIn); the query string is added here.
local app = os.getenv("PARSE_APP_ID")
local token = os.getenv("PARSE_SESSION_TOKEN")
local user = os.getenv("PARSE_USER_ID")
local function urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local where = string.format('{"owner":{"__type":"Pointer","className":"_User","objectId":"%s"}}', user)
local path = wrk.path .. "?where=" .. urlencode(where) .. "&order=-recordedAt&limit=50"
local headers = { ["x-parse-application-id"] = app, ["x-parse-session-token"] = token }
request = function()
  return wrk.format("GET", path, headers)
end
