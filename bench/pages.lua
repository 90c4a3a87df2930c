-- bench/pages.py's wrk script: the headers of the page under test (BENCH_HEADERS, a JSON object
-- of names and values without quotes or backslashes in them), and one line of results.
local raw = os.getenv("BENCH_HEADERS") or "{}"
for name, value in string.gmatch(raw, '"([^"]+)":%s*"([^"]*)"') do
  wrk.headers[name] = value
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  local broken = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "non2xx": %d, "broken": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    non2xx, broken))
end
