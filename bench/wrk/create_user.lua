-- POST /Users with a unique userName and email on every request (Azure AD's create body).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
wrk.headers["Content-Type"] = "application/scim+json"

local next_thread = 0
function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

local counter = 0
function request()
  counter = counter + 1
  local name = string.format("post-%d-%d-%d", thread_id, counter, math.random(1, 1000000000))
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",' ..
    '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],' ..
    '"externalId":"' .. name .. '","userName":"' .. name .. '@contoso.onmicrosoft.com",' ..
    '"active":true,"displayName":"' .. name .. '",' ..
    '"emails":[{"primary":true,"type":"work","value":"' .. name .. '@contoso.com"}],' ..
    '"name":{"familyName":"Bench","givenName":"' .. name .. '"}}'
  return wrk.format(nil, nil, nil, body)
end
