#!/usr/bin/env bash
# Start-up, memory and read throughput of the uber-jar beside a bare Payara Micro serving one JAX-RS class, measured
# in one run on this machine (issue 17's first figures). For each of STARTS fresh starts of each server: the wall time
# from `java -jar` to the first 200 on /agents, and its RSS 15 s later. Then, with Halyrd on its defaults (the demo
# trading) and the reference each running alone, wrk (1 thread, 16 connections; 5 s of warm-up, then ROUNDS runs of
# DURATION seconds, their medians) on each read endpoint of Halyrd and on the reference's one resource, which answers
# the JSON Halyrd answered for GET /agents/current as a constant; each server first warmed up alike
# (HALYRD_BENCH_WARMUP seconds, default 30, on the two paths both serve). Prints a table: figure, Halyrd, reference,
# ratio.
#
# Usage: src/bench/scripts/load-read.sh [STARTS] [DURATION]    (after ./mvnw -DskipTests package; needs wrk:
#        apt-get install wrk). Environment: HALYRD_BENCH_ROUNDS (3), HALYRD_JAR (target/halyrd.jar),
#        PAYARA_MICRO_JAR (target/payara-micro.jar, the Payara Micro the build runs its tests on), HALYRD_BENCH_PORT
#        (8095).
set -euo pipefail
cd "$(dirname "$0")/../../.."
starts=${1:-3}
duration=${2:-15}
rounds=${HALYRD_BENCH_ROUNDS:-3}
jar=${HALYRD_JAR:-target/halyrd.jar}
micro=${PAYARA_MICRO_JAR:-target/payara-micro.jar}
port=${HALYRD_BENCH_PORT:-8095}
base=http://127.0.0.1:$port
command -v wrk >/dev/null || { echo "load-read: wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
for f in "$jar" "$micro"; do [ -f "$f" ] || { echo "load-read: $f is missing (./mvnw -DskipTests package)" >&2; exit 1; }; done

. src/bench/scripts/server-lifecycle.sh  # $work, $server, stop_server

# The reference application: one JAX-RS class answering a constant JSON at /agents and /agents/current.
api=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api -name 'jakarta.jakartaee-api-10*.jar' | head -1)
[ -n "$api" ] || { echo "load-read: jakarta.jakartaee-api 10 is not in ~/.m2 (./mvnw package fetches it)" >&2; exit 1; }

start_ms() { date +%s%3N; }
# Starts a server (command in "$@"), waits for the first 200 on /agents; sets started to "<ms to first 200> <RSS kB
# 15 s later>" (not a subshell: the server's pid is kept to stop it).
measure_start() {
    local t0 t1 rss
    t0=$(start_ms)
    "$@" >"$work/server.log" 2>&1 &
    server=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/agents")" = 200 ]; do
        kill -0 "$server" 2>/dev/null || { echo "load-read: the server stopped; its log:" >&2; cat "$work/server.log" >&2; exit 1; }
        sleep 0.1
    done
    t1=$(start_ms)
    sleep 15
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
    started="$((t1 - t0)) $rss"
}
halyrd() { exec java -Dhalyrd.data.dir="$work/data-$1" -Dhalyrd.http.port="$port" -jar "$jar"; }
reference() { exec java -jar "$micro" --nocluster --port "$port" --deploy "$work/reference.war" --contextroot /; }

# Halyrd first: its /agents/current becomes the reference's constant.
declare -a halyrd_starts reference_starts
for i in $(seq 1 "$starts"); do
    measure_start halyrd "$i"
    halyrd_starts+=("$started")
    if [ "$i" -lt "$starts" ]; then stop_server; fi
done
curl -sf "$base/agents/current" >"$work/agents-current.json"

# One read's figure: 5 s of warm-up, then ROUNDS runs of DURATION seconds, each run's req/s and p99 (the
# percentiles as wrk's histogram gives them); prints the medians, "<req/s> <p99 ms>". On two cores that also run wrk,
# one run's p99 swings by half between runs a minute apart (docs/testing.md): the median of three holds still.
wrk_run() { # path
    wrk -t1 -c16 -d5s "$base$1" >/dev/null 2>&1 || true
    for _ in $(seq 1 "$rounds"); do
        wrk -t1 -c16 -d"${duration}s" -s src/bench/scripts/percentiles.lua "$base$1" | awk '/^figures / {print $2, $3}'
    done | python3 -c 'import statistics, sys
runs = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
print(f"{statistics.median(r for r, _ in runs):.0f} {statistics.median(p for _, p in runs):.1f}")'
}
# Both servers get the same warm-up before their first measured run (its JIT would otherwise count against whichever
# endpoint is measured first): WARMUP seconds of wrk on /agents and /agents/current, the paths both serve.
warm_up() {
    local half=$(((${HALYRD_BENCH_WARMUP:-30} + 1) / 2))
    wrk -t1 -c16 -d"${half}s" "$base/agents" >/dev/null 2>&1 || true
    wrk -t1 -c16 -d"${half}s" "$base/agents/current" >/dev/null 2>&1 || true
}
endpoints=(/agents /agents/current /agents/current/journal /agents/current/equity /agents/current/trades
    /agents/current/config/versions /agents/current/evaluation /agents/current/risk/objectives)
declare -A halyrd_read
warm_up
for path in "${endpoints[@]}"; do
    halyrd_read[$path]=$(wrk_run "$path")
done
stop_server

mkdir -p "$work/ref/src/ref" "$work/ref/classes"
json=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$work/agents-current.json")
cat >"$work/ref/src/ref/Agents.java" <<JAVA
package ref;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

@Path("agents")
public class Agents {
    static final String JSON = $json;

    @ApplicationPath("")
    public static class App extends Application {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String all() {
        return "[" + JSON + "]";
    }

    @GET
    @Path("current")
    @Produces(MediaType.APPLICATION_JSON)
    public String current() {
        return JSON;
    }
}
JAVA
javac -d "$work/ref/war/WEB-INF/classes" -cp "$api" "$work/ref/src/ref/Agents.java"
(cd "$work/ref/war" && jar cf "$work/reference.war" .)

for i in $(seq 1 "$starts"); do
    measure_start reference
    reference_starts+=("$started")
    if [ "$i" -lt "$starts" ]; then stop_server; fi
done
warm_up
reference_current=$(wrk_run /agents/current)
reference_all=$(wrk_run /agents)
stop_server

ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.2f}" if b else "-")' "$1" "$2"; }
printf '\n| figure | Halyrd | reference | ratio |\n|---|---|---|---|\n'
h_ms=$(printf '%s\n' "${halyrd_starts[@]}" | awk '{printf "%s%.1f", (NR > 1 ? " / " : ""), $1 / 1000}')
r_ms=$(printf '%s\n' "${reference_starts[@]}" | awk '{printf "%s%.1f", (NR > 1 ? " / " : ""), $1 / 1000}')
h_med=$(printf '%s\n' "${halyrd_starts[@]}" | awk '{print $1}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
r_med=$(printf '%s\n' "${reference_starts[@]}" | awk '{print $1}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
printf '| `java -jar` to first 200 on /agents, s (%s starts) | %s | %s | %s (medians) |\n' "$starts" "$h_ms" "$r_ms" "$(ratio "$h_med" "$r_med")"
h_rss=$(printf '%s\n' "${halyrd_starts[@]}" | awk '{print $2}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
r_rss=$(printf '%s\n' "${reference_starts[@]}" | awk '{print $2}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
printf '| RSS 15 s after the first 200, MB (median) | %d | %d | %s |\n' "$((h_rss / 1024))" "$((r_rss / 1024))" "$(ratio "$h_rss" "$r_rss")"
for path in "${endpoints[@]}"; do
    read -r rps p99 <<<"${halyrd_read[$path]}"
    if [ "$path" = /agents ]; then ref=$reference_all; else ref=$reference_current; fi
    read -r rrps rp99 <<<"$ref"
    printf '| GET %s, wrk 1 thread 16 connections: req/s, p99 ms | %s, %s | %s, %s | %s, p99 %s |\n' "$path" "$rps" "$p99" \
        "$rrps" "$rp99" "$(ratio "$rps" "$rrps")" "$(ratio "$p99" "$rp99")"
done
