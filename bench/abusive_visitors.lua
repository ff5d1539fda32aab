-- wrk script: visitors trying to get past the page cache.
-- Every request asks for a page the cache holds, with a query string never
-- sent before and a made-up session cookie, so that without canonical cache
-- keys and session checks each one would be rendered from the database.
local paths = { "/roles/production-technician/", "/roles/production-associate/", "/", "/roles/" }
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local function fake_session_key()
  local chars = {}
  for i = 1, 32 do
    local n = math.random(0, 35)
    chars[i] = n < 10 and string.char(48 + n) or string.char(87 + n)
  end
  return table.concat(chars)
end

function init(args)
  counter = 0
  math.randomseed(os.time() * 100 + id)
end

function request()
  counter = counter + 1
  local path = paths[counter % #paths + 1]
  local junk = "utm_source=" .. id .. "-" .. counter .. "&x" .. math.random(1, 1000000) .. "=1"
  return wrk.format("GET", path .. "?" .. junk, {
    ["Cookie"] = "sessionid=" .. fake_session_key(),
    ["Accept-Encoding"] = "gzip",
  })
end
