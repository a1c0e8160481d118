#!/usr/bin/env bash
# A backtest end to end, as a user runs one: the uber-jar on its defaults (fresh data directory, demo running),
# POST /backtests of the default strategy over one year of 5-minute bars for four tokens (420 480 candles), then
# GET /backtests/{id} with Prefer: wait=60, answered when the run ends (HALYRD_BENCH_POLL=<seconds>: polled at that
# interval instead). Prints the wall time from the POST to the first answer saying done, for each of RUNS runs (the first
# on a cold JIT), starting 10 s after the first answer (HALYRD_BENCH_SETTLE), and the run's own times from its view:
# queued (created to started) and started to done (the replay and storing its result), converted from the agent's clock
# (the demo's runs HALYRD_BENCH_SPEED = 5400 times real time, halyrd.market.speed's default).
# Usage: src/bench/scripts/backtest-end-to-end.sh [RUNS]   (after ./mvnw package)
set -euo pipefail
runs=${1:-3}
jar=${HALYRD_JAR:-target/halyrd.jar}
port=${HALYRD_BENCH_PORT:-8093}
data=$(mktemp -d)
base=http://127.0.0.1:$port
java ${HALYRD_BENCH_JAVA_OPTS:-} -Dhalyrd.data.dir="$data" -Dhalyrd.http.port="$port" -jar "$jar" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/agents")" = 200 ]; do
  kill -0 $server 2>/dev/null || { echo "Halyrd stopped; its log:" >&2; cat "$data/server.log" >&2; exit 1; }
  sleep 1
done
sleep "${HALYRD_BENCH_SETTLE:-10}"  # the first answer comes before the start-up work is over
spec=$(curl -sf "$base/agents/current/config" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["strategy"]))')
body=$(printf '{"strategy_spec": %s, "tokens": ["BNB","BTCB","ETH","CAKE"], "from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z", "resolution": "5m"}' "$spec")
for run in $(seq 1 "$runs"); do
  python3 - "$base" "$body" "$run" <<'PY'
import json, os, sys, time, urllib.request
base, body, run = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
start = time.perf_counter()
req = urllib.request.Request(base + "/backtests", data=body, method="POST",
                             headers={"Content-Type": "application/json", "Accept": "application/json"})
with urllib.request.urlopen(req) as r:
    bt = json.load(r)["backtest_id"]
poll = float(os.environ.get("HALYRD_BENCH_POLL", "0"))
while True:
    ask = urllib.request.Request(base + "/backtests/" + bt, headers={} if poll else {"Prefer": "wait=60"})
    with urllib.request.urlopen(ask) as r:
        view = json.load(r)
    if view["status"] not in ("queued", "running"):
        break
    time.sleep(poll)
took = time.perf_counter() - start
whole = view.get("metrics", {}).get("whole", {}) if isinstance(view.get("metrics"), dict) else {}
from datetime import datetime
at = {k: datetime.fromisoformat(view[k].replace("Z", "+00:00")) for k in ("created_at", "started_at", "finished_at")
      if view.get(k)}
phases = ""
if len(at) == 3:  # the server's own times, on the agent's clock (the demo's: halyrd.market.speed, 5400 times real time)
    speed = float(os.environ.get("HALYRD_BENCH_SPEED", "5400"))
    queued = (at["started_at"] - at["created_at"]).total_seconds() / speed
    ran = (at["finished_at"] - at["started_at"]).total_seconds() / speed
    phases = f" (queued {queued * 1000:.0f} ms, started to done {ran * 1000:.0f} ms)"
print(f"run {run}: {view['status']} in {took:.2f} s = {420480 / took:,.0f} candles/s{phases}; trades {whole.get('trades')}, "
      f"passed_gate {view.get('passed_gate')}")
PY
done
