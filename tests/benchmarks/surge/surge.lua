-- wrk script of `casework bench`: one request kind per run, set by environment variables.
--   SURGE_METHOD  GET or POST
--   SURGE_PATHS   a file of request paths, one a line; each request picks one at random
--   SURGE_BODY    the body; every "@U@" in it becomes a number unique to the request
--                 (salt, thread, counter), so each intake is a different resident
--   SURGE_BODIES  or a file of bodies, one a line, picked at random (log-ins)
--   SURGE_TOKEN   a bearer token, if any
--   SURGE_SALT    0-99, different for every round, so that numbers never repeat
-- done() prints one JSON line, prefixed SURGE_RESULT, for the harness to parse.

local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

local function read_lines(path)
  local lines = {}
  if path == nil or path == "" then return nil end
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  file:close()
  assert(#lines > 0, "empty file " .. path)
  return lines
end

function init(args)
  method = os.getenv("SURGE_METHOD") or "GET"
  paths = read_lines(os.getenv("SURGE_PATHS"))
  bodies = read_lines(os.getenv("SURGE_BODIES"))
  template = os.getenv("SURGE_BODY")
  if template == "" then template = nil end
  salt = tonumber(os.getenv("SURGE_SALT") or "0") % 100
  headers = {["Content-Type"] = "application/json"}
  local token = os.getenv("SURGE_TOKEN")
  if token ~= nil and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  counter = 0
  math.randomseed(tid * 7919 + salt * 104729)
end

function request()
  counter = counter + 1
  local path = paths[math.random(#paths)]
  local body = nil
  if bodies ~= nil then
    body = bodies[math.random(#bodies)]
  elseif template ~= nil then
    local unique = string.format("%02d%02d%07d", salt, tid % 100, counter)
    body = (template:gsub("@U@", unique))
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'SURGE_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"mean_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    math.floor(latency.mean), e.status, e.connect, e.read, e.write, e.timeout))
end
