-- wrk script: every request is a search the page cache has never seen.
-- Real words from the profiles, cycled, each with a number no profile holds
-- ("forklift 1x23"), which makes each query, and so each cache key, new. (A
-- parameter the view ignores would not: the cache key keeps only the
-- parameters that change the page.)
local words = {
  "forklift", "PLC", "safety", "calibrate", "quality", "OSHA", "lean",
  "maintenance", "troubleshoot", "assembly", "schematic", "hydraulic",
  "inventory", "robot", "blueprint", "measure", "sensor", "packaging",
  "electrical", "shift",
}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local word = words[counter % #words + 1]
  return wrk.format("GET", "/search/?q=" .. word .. "+" .. id .. "x" .. counter)
end
