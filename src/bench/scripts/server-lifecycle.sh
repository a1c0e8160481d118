# Sourced by the bench scripts that start servers one at a time: a scratch directory ($work) and the server running
# now ($server, its pid), both gone when the script exits, however it exits.
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
