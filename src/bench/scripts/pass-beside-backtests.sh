#!/usr/bin/env bash
# Does a backtest slow the trading cycle? (issue 15: "a backtest never slows the cycle measurably"), in the server:
# starts the built uber-jar on a fresh data directory (the demo, a flight recording of its trading passes), attaches
# a strategy that enters and exits on every other pass (kill-trials-strategy.json, with risk limits it does not
# reach), lets it warm up for WARMUP seconds, then alternates ROUNDS times PHASE seconds with no backtest and PHASE
# seconds with backtests back to back (the attached strategy over one year of 5-minute bars for four tokens, POSTed
# and waited for with Prefer: wait; it books about 1 150 fills and meets 289 000 risk vetoes a run, heavier than the
# default strategy's 8 fills). The passes' time comes from their xyz.halyrd.TradingPass events; the phases alternate
# because a pass's cost drifts with the demo's market, start to start and minute to minute.
#
# Usage: src/bench/scripts/pass-beside-backtests.sh [ROUNDS] [PHASE] [WARMUP]   (defaults 4, 30 s, 120 s; after
#        ./mvnw -DskipTests package). Environment: HALYRD_JAR (target/halyrd.jar), HALYRD_BENCH_PORT (8094).
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=${1:-4}
phase=${2:-30}
warmup=${3:-120}
jar=${HALYRD_JAR:-target/halyrd.jar}
port=${HALYRD_BENCH_PORT:-8094}
base=http://127.0.0.1:$port
[ -f "$jar" ] || { echo "pass-beside-backtests: $jar is missing (./mvnw -DskipTests package)" >&2; exit 1; }

. src/bench/scripts/server-lifecycle.sh  # $work, $server, stop_server, start_recorded_server, dump_passes

start_recorded_server pass-beside-backtests
curl -sf -X PATCH -H 'Content-Type: application/json' -d @src/bench/scripts/kill-trials-evaluation.json \
    "$base/agents/current/config" >/dev/null
curl -sf -X PATCH -H 'Content-Type: application/json' -d @src/bench/scripts/kill-trials-strategy.json \
    "$base/agents/current/config" >/dev/null
echo "pass-beside-backtests: server up at $(date -u +%H:%M:%S) UTC; warming up for ${warmup} s" >&2
sleep "$warmup"

spec=$(curl -sf "$base/agents/current/config" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["strategy"]))')
body=$(printf '{"strategy_spec": %s, "tokens": ["BNB","BTCB","ETH","CAKE"], "from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z", "resolution": "5m"}' "$spec")
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
backtests() { # back to back until $1 (epoch ms); prints how many finished
    python3 - "$base" "$body" "$1" <<'PY'
import json, sys, time, urllib.request
base, body, until = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
done = 0
while time.time() * 1000 < until:
    req = urllib.request.Request(base + "/backtests", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        bt = json.load(r)["backtest_id"]
    while True:
        with urllib.request.urlopen(urllib.request.Request(base + "/backtests/" + bt,
                                                           headers={"Prefer": "wait=60"})) as r:
            if json.load(r)["status"] not in ("queued", "running"):
                break
    done += 1
print(done)
PY
}

quiet=()
busy=()
runs=0
for round in $(seq 1 "$rounds"); do
    from=$(now_ms); sleep "$phase"; to=$(now_ms)
    quiet+=("$from-$to")
    from=$(now_ms); n=$(backtests $((from + phase * 1000))); to=$(now_ms)
    busy+=("$from-$to")
    runs=$((runs + n))
    echo "pass-beside-backtests: round $round done ($n backtests)" >&2
done
dump_passes
stop_server

read -r q50 q99 qn <<<"$(python3 src/bench/scripts/pass-times.py "$work/passes.json" "${quiet[@]}")"
read -r b50 b99 bn <<<"$(python3 src/bench/scripts/pass-times.py "$work/passes.json" "${busy[@]}")"
ratio() { python3 -c 'import sys; a, b = sys.argv[1], sys.argv[2]; print(f"{float(a) / float(b):.2f}" if b not in ("-", "0") and a != "-" else "-")' "$1" "$2"; }
printf '\n| trading pass in the server (%s rounds of %s s each way) | p50 | p99 | passes |\n|---|---|---|---|\n' "$rounds" "$phase"
printf '| no backtest running | %s ms | %s ms | %s |\n' "$q50" "$q99" "$qn"
printf '| backtests back to back (%s runs) | %s ms (%s×) | %s ms (%s×) | %s |\n' "$runs" "$b50" "$(ratio "$b50" "$q50")" "$b99" "$(ratio "$b99" "$q99")" "$bn"
