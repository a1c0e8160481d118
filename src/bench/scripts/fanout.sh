#!/usr/bin/env bash
# The stream's fan-out under load (issue 17): starts the built uber-jar on a fresh data directory (the demo trading,
# a flight recording of its trading passes), then drives it with FanOut.java (the JDK's WebSocket client, run as a
# single-file program):
#   1. PATCHes of the evaluation config one after the other for SECONDS with 0, 100 and 1 000 sockets listening:
#      PATCHes/s (each PATCH commits a config version and journals a CONFIG_CHANGE entry);
#   2. RATE PATCHes a second for SECONDS with 100, then 1 000 sockets reading: each PATCH's journal_entry, its
#      receipt minus the PATCH's response, and every journal entry and trade checked at every socket against the
#      journal over REST (lost deliveries);
#   3. the stalled-socket trial: 10 reading sockets and RATE PATCHes a second for STALL_SECONDS, then the same with
#      100 more sockets that never read after their handshake (a 1 kB receive buffer): how many of those the server
#      closed, and the trading passes' p50/p99 in each phase (the xyz.halyrd.TradingPass events of the recording).
# Prints a Markdown table: figure, measured, target.
#
# Usage: src/bench/scripts/fanout.sh [SECONDS] [RATE] [STALL_SECONDS]    (defaults 30 s, 10 PATCHes/s, 60 s; after
#        ./mvnw -DskipTests package). Environment: HALYRD_JAR (target/halyrd.jar), HALYRD_BENCH_PORT (8096).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-30}
rate=${2:-10}
stall_seconds=${3:-60}
jar=${HALYRD_JAR:-target/halyrd.jar}
port=${HALYRD_BENCH_PORT:-8096}
base=http://127.0.0.1:$port
[ -f "$jar" ] || { echo "fanout: $jar is missing (./mvnw -DskipTests package)" >&2; exit 1; }

. src/bench/scripts/server-lifecycle.sh  # $work, $server, stop_server, start_recorded_server, dump_passes

javac -d "$work/client" src/bench/scripts/FanOut.java
fanout() { java -Xss512k -cp "$work/client" FanOut "$base" "$@"; }
value() { sed -n "s/^$1=//p" "$2"; }

start_recorded_server fanout
echo "fanout: server up at $(date -u +%H:%M:%S) UTC; warming up" >&2
fanout --readers 100 --rate 0 --seconds 10 >/dev/null

for n in 0 100 1000; do
    echo "fanout: PATCHes one after the other, $n listening" >&2
    fanout --readers "$n" --rate 0 --seconds "$seconds" >"$work/throughput-$n"
done
for n in 100 1000; do
    echo "fanout: $rate PATCHes/s, $n reading" >&2
    fanout --readers "$n" --rate "$rate" --seconds "$seconds" >"$work/latency-$n"
done
echo "fanout: stalled-socket trial" >&2
fanout --readers 10 --stalled 0 --rate "$rate" --seconds "$stall_seconds" >"$work/calm"
fanout --readers 10 --stalled 100 --rate "$rate" --seconds "$stall_seconds" >"$work/stalled"
dump_passes
stop_server

passes() { # from-ms to-ms → "p50 p99 n" of the passes that began while the PATCHes ran, ms
    python3 src/bench/scripts/pass-times.py "$work/passes.json" "$1-$2"
}
read -r calm50 calm99 calmn <<<"$(passes "$(value load_from_ms "$work/calm")" "$(value load_to_ms "$work/calm")")"
read -r stall50 stall99 stalln <<<"$(passes "$(value load_from_ms "$work/stalled")" "$(value load_to_ms "$work/stalled")")"

t0=$(value patches_per_s "$work/throughput-0")
printf '\n| figure | measured | target (issue 17) |\n|---|---|---|\n'
for n in 0 100 1000; do
    t=$(value patches_per_s "$work/throughput-$n")
    ratio=$(python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.2f}" if b else "-")' "$t" "$t0")
    printf '| config PATCHes/s, one after the other, %s sockets listening | %s (%s× none) | ≥ 0.9× none |\n' "$n" "$t" "$ratio"
done
for n in 100 1000; do
    f=$work/latency-$n
    printf '| %s sockets, %s PATCHes/s: journal_entry receipt − PATCH response, ms | %s | p99 ≤ 50 |\n' "$n" "$(value patches_per_s "$f")" "$(value patch_entry_ms_from_answer "$f")"
    printf '| %s sockets: a journal_entry'"'"'s receipt − its first receipt at any socket, ms | %s | |\n' "$n" "$(value entry_spread_ms "$f")"
    printf '| %s sockets: a trade'"'"'s receipt − its first receipt, ms | %s | p99 ≤ 50 |\n' "$n" "$(value trade_spread_ms "$f")"
    printf '| %s sockets: lost deliveries (journal entries × open sockets + trades) | %s of %s, at %s sockets; %s sockets closed (close codes %s); all in %s s after the last PATCH | 0 |\n' "$n" \
        "$(value lost "$f")" "$(value deliveries_expected "$f")" "$(value lost_sockets "$f")" "$(value readers_closed "$f")" "$(value readers_close_codes "$f")" "$(value settled_after_s "$f")"
done
printf '| stalled sockets closed by the server | %s of 100 (close codes %s) | 100 |\n' \
    "$(value stalled_closed_by_server "$work/stalled")" "$(value stalled_close_codes "$work/stalled")"
printf '| reading sockets beside them: lost deliveries | %s of %s | 0 |\n' "$(value lost "$work/stalled")" "$(value deliveries_expected "$work/stalled")"
printf '| trading pass in the server, p50 / p99 ms: 10 sockets reading | %s / %s (%s passes) | |\n' "$calm50" "$calm99" "$calmn"
printf '| the same with 100 stalled sockets beside them | %s / %s (%s passes) | p99 ≤ 1.1× |\n' "$stall50" "$stall99" "$stalln"
