-- One script for every endpoint, configured by environment variables:
--   BENCH_METHOD        GET | POST | PATCH ...
--   BENCH_PATHS         a file with one request path per line (a random one per request)
--   BENCH_BODY          request body, optional
--   BENCH_CONTENT_TYPE  its media type (default application/json)
--   BENCH_TOKEN         bearer token, optional
-- At the end it prints one line: BENCH_JSON {...} (latencies in microseconds).

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local paths = {}

for line in io.lines(os.getenv("BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end

local headers = {}
if body and #body > 0 then
  headers["Content-Type"] = (content_type and #content_type > 0) and content_type or "application/json"
else
  body = nil
end
if token and #token > 0 then headers["Authorization"] = "Bearer " .. token end

init = function(args)
  math.randomseed(os.time())
end

request = function()
  return wrk.format(method, paths[math.random(#paths)], headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
