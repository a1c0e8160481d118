# Sourced by the bench scripts that start servers one at a time: a scratch directory ($work) and the server running
# now ($server, its pid), both gone when the script exits, however it exits; and the start and read-out of a server
# whose trading passes are recorded.
work=$(mktemp -d)
server=""
stop_server() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    server=""
}
trap 'stop_server; rm -rf "$work"' EXIT

# Starts $jar on a fresh data directory on $port with a flight recording of its trading passes, and waits for its
# first answer at $base; $1 names the calling script in what it says when the server stops instead.
start_recorded_server() {
    java -Dhalyrd.data.dir="$work/data" -Dhalyrd.http.port="$port" \
        -XX:StartFlightRecording=filename="$work/passes.jfr",settings=default \
        -jar "$jar" >"$work/server.log" 2>&1 &
    server=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/agents")" = 200 ]; do
        kill -0 "$server" 2>/dev/null || { echo "$1: the server stopped; its log:" >&2; cat "$work/server.log" >&2; exit 1; }
        sleep 0.5
    done
}

# The recorded server's xyz.halyrd.TradingPass events so far, as JSON in $work/passes.json (for pass-times.py).
dump_passes() {
    jcmd "$server" JFR.dump filename="$work/passes.jfr" >/dev/null
    jfr print --json --events xyz.halyrd.TradingPass "$work/passes.jfr" >"$work/passes.json"
}
