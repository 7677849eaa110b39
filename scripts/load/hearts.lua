-- wrk script for scripts/load-hearts: every request a heart from a reader of its own (a /24
-- of its own in X-Forwarded-For, which the backend believes from --proxy 127.0.0.1) for one
-- of the stories given after `--`, so no heart is a duplicate and none is rate limited: the
-- ledger's total after the run must hold every acknowledged (200) answer, and no more than
-- were sent (wrk stops with requests in flight, committed but never answered to it).
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    stories = args
    acks = 0
    others = 0
    sent = 0
end

function request()
    -- A unique /24 for each request: thread number and sequence number spread over three octets.
    local n = id * 4194304 + sent
    sent = sent + 1
    local a = 11 + math.floor(n / 65536) % 200
    local b = math.floor(n / 256) % 256
    local c = n % 256
    local story = stories[(sent % #stories) + 1]
    return wrk.format("POST", "/hearts/" .. story, {
        ["X-Forwarded-For"] = a .. "." .. b .. "." .. c .. ".7",
        ["Accept"] = "application/json",
        ["User-Agent"] = "hush-load/1",
        ["Content-Length"] = "0",
    }, "")
end

function response(status, headers, body)
    if status == 200 then acks = acks + 1 else others = others + 1 end
end

function done(summary, latency, requests)
    local total, rest, all = 0, 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("acks")
        rest = rest + thread:get("others")
        all = all + thread:get("sent")
    end
    io.write(string.format("acknowledged %d\n", total))
    io.write(string.format("sent %d\n", all))
    io.write(string.format("other %d\n", rest))
    io.write(string.format("seconds %.3f\n", summary.duration / 1e6))
    io.write(string.format("p50_ms %.3f\n", latency:percentile(50) / 1000))
    io.write(string.format("p99_ms %.3f\n", latency:percentile(99) / 1000))
end
