#!/usr/bin/env bash
# The kill -9 trials of issue 17: Halyrd trading, killed with SIGKILL at a random moment, started again on the same
# data directory, TRIALS times; after each kill and restart the invariants are checked (KillTrials.java: the books
# equal the committed fills, no fill booked twice, no live transaction sent twice, no journal gap) and a Markdown
# table of the violations (target 0) is printed.
#
# Usage: src/bench/scripts/kill-trials.sh [TRIALS] [paper|live|both]     (after ./mvnw -DskipTests package)
#   paper  the uber-jar on a fresh data directory, the demo's market at 5400×
#   live   anvil and the project's contracts as server-config/local-chain/run sets them up (the demo market), Halyrd
#          force-promoted; only Halyrd is killed, the chain runs on, and the wallet's transactions on it are compared
#          with the live fills booked
# Both run a strategy that enters and exits on every other pass (kill-trials-strategy.json, with risk limits it does
# not reach: kill-trials-evaluation.json), so that fills, and live swaps, go out every second or two rather than
# every minute and a kill often lands on one; KILL_TRIALS_STRATEGY=demo keeps the demo's own strategy.
# Environment: HALYRD_JAR (target/halyrd.jar), KILL_TRIALS_PORT (8290; the chain listens on the next port),
#              KILL_TRIALS_DIR (target/kill-trials), KILL_TRIALS_SEED (random)
set -euo pipefail
cd "$(dirname "$0")/../../.."
trials=${1:-20}
modes=${2:-both}
jar=${HALYRD_JAR:-target/halyrd.jar}
port=${KILL_TRIALS_PORT:-8290}
chain_port=$((port + 1))
work=${KILL_TRIALS_DIR:-target/kill-trials}
seed=${KILL_TRIALS_SEED:-$RANDOM$RANDOM}
[ -f "$jar" ] || { echo "kill-trials: $jar is missing (./mvnw -DskipTests package)" >&2; exit 1; }
derby=$(find ~/.m2/repository/org/apache/derby -name 'derby*-10.16.1.1.jar' | sort | tr '\n' ':')
[ -n "$derby" ] || { echo "kill-trials: Derby 10.16.1.1 is not in ~/.m2 (./mvnw package fetches it)" >&2; exit 1; }
trials_main=(java -cp "$derby" src/bench/scripts/KillTrials.java)
status=0
# in and out on every other pass: a fill under way at most moments (KILL_TRIALS_STRATEGY=demo: the demo's own)
strategy=src/bench/scripts/kill-trials-strategy.json
evaluation=src/bench/scripts/kill-trials-evaluation.json
if [ "${KILL_TRIALS_STRATEGY:-}" = demo ]; then strategy=""; evaluation=""; fi

anvil_pid=""
stop_chain() {
    if [ -n "$anvil_pid" ] && kill -0 "$anvil_pid" 2>/dev/null; then
        kill "$anvil_pid" 2>/dev/null || true
        wait "$anvil_pid" 2>/dev/null || true
    fi
}
trap stop_chain EXIT

if [ "$modes" = paper ] || [ "$modes" = both ]; then
    rm -rf "$work/paper" && mkdir -p "$work/paper"
    "${trials_main[@]}" mode=paper trials="$trials" port="$port" jar="$jar" data="$work/paper" seed="$seed" \
        strategy="$strategy" evaluation="$evaluation" || status=$?
fi

if [ "$modes" = live ] || [ "$modes" = both ]; then
    data="$work/live"
    rm -rf "$data" && mkdir -p "$data/chain"
    anvil_bin="node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
    [ -x "$anvil_bin" ] || npm ci --ignore-scripts --no-audit --no-fund
    rpc="http://127.0.0.1:$chain_port"
    "$anvil_bin" --host 127.0.0.1 --port "$chain_port" --chain-id 1337 --hardfork shanghai > "$data/chain/anvil.log" 2>&1 &
    anvil_pid=$!
    until curl -sf -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
            "$rpc" >/dev/null; do
        kill -0 "$anvil_pid" || { echo "kill-trials: anvil did not start, see $data/chain/anvil.log" >&2; exit 1; }
        sleep 0.1
    done
    umask 077
    HALYRD_WALLET_PASSWORD=$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")
    export HALYRD_WALLET_PASSWORD # to Halyrd through the environment only, never printed
    wallet=$(node server-config/local-chain/keystore.mjs "$data/wallet.json")
    deployment="$data/chain/deployment.json"
    node server-config/local-chain/deploy.mjs --rpc "$rpc" --fund "$wallet" --out "$deployment" >/dev/null
    field() { node -p "const d = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8')); $1" "$deployment"; }
    "${trials_main[@]}" mode=live trials="$trials" port="$port" jar="$jar" data="$data" seed="$seed" rpc="$rpc" \
        wallet="$wallet" deployment="$deployment" \
        strategy="$strategy" evaluation="$evaluation" -- \
        -Dhalyrd.chain.rpc-url="$rpc" \
        -Dhalyrd.chain.id="$(field 'd.chain_id')" \
        -Dhalyrd.chain.deployment="$deployment" \
        -Dhalyrd.chain.router="$(field 'd.router')" \
        -Dhalyrd.chain.usdt="$(field 'd.usdt')" \
        -Dhalyrd.chain.tokens="$(field "Object.entries(d.tokens).filter(([s]) => s !== 'USDT').map(([s, a]) => s + '=' + a).join(',')")" \
        -Dhalyrd.chain.identity-registry="$(field 'd.identity_registry')" \
        -Dhalyrd.wallet.keystore="$data/wallet.json" || status=$?
fi
exit "$status"
