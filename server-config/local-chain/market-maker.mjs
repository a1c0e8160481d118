#!/usr/bin/env node
// A market maker for Halyrd's local chain: it keeps the pools deploy.mjs made moving, so that router quotes (and the
// WBNB price gas is counted at) change as a real market's do. Every round it draws, for each TOKEN/USDT pool of the
// deployment (ETH, CAKE, LINK, AVAX and WBNB), the next step of a random walk — a small normal step, now and then a
// larger jump — and swaps on the pool until its price stands at the walk's new level. The walk starts at each pool's
// price when the script starts and does not depend on what else trades: other swaps (the agent's) move a pool away
// from it, and the next round brings it back. For a given --seed the walk is the same every run, so on a freshly
// deployed chain every pool passes through the same prices.
//
//   node server-config/local-chain/market-maker.mjs --deployment FILE [--rpc URL] [--interval-ms 2000] [--seed 1]
//       [--step-pct 0.2] [--jump-chance 0.02] [--jump-pct 3] [--rounds 0] [--history-minutes 0]
//
//   --deployment   the JSON deploy.mjs wrote (pairs, tokens, wrapped_native, deployer)
//   --rpc          the node's JSON-RPC URL (default: the deployment's rpc_url)
//   --interval-ms  pause between two rounds (default 2000)
//   --seed         the random walk's seed, an integer (default 1)
//   --step-pct     standard deviation of a round's step, percent of the price (default 0.2)
//   --jump-chance  chance a round adds a jump to a pool's step (default 0.02)
//   --jump-pct     standard deviation of a jump, percent of the price (default 3)
//   --rounds       stop after this many rounds; 0 runs until SIGINT or SIGTERM (default 0)
//   --history-minutes  on a chain whose latest block is more than a minute old (anvil started with --timestamp in
//                  the past), first lay down the minutes missing, at most this many (the latest), a round a minute
//                  in blocks stamped in the past, so that the pools have minute bars at once (default 0: none).
//                  A node that refuses such stamps (anvil restarted from its state file takes none before it
//                  loaded it) gets no history: a line says so and the rounds go on in real time
//
// The history's rounds are the walk's too (the same seed, the same prices), each one minute of it: its step is the
// round's step scaled to a minute (× √(60 s ÷ interval)). Each of their blocks is stamped with
// evm_setNextBlockTimestamp; after the last, one empty block stamped with the present time puts the node back on the
// clock (anvil counts the next blocks' times on from the last stamp), and the rounds go on in real time.
//
// It trades from the node's second unlocked development account (anvil's account 1), never the deployer's, and funds
// it itself: test tokens and USDT are minted to it by the deployer (the tokens' owner) as it needs them, WBNB is
// wrapped from its own coins. It logs one line a round. SIGINT or SIGTERM lets the round under way finish, then it
// exits with status 0; a node that fails five rounds in a row ends it with status 1. A development node only (it
// sends from unlocked accounts): never point it at a real network. Only Node's standard library is used.
import { readFileSync } from 'node:fs';
import { DevNode, calldata, options } from './dev-node.mjs';

const MAX = (1n << 256n) - 1n;
const FEE = 0.9975; // the pools' 0.25 % fee: the input that moves a price by a factor is this much larger
const SCALE = 10n ** 12n; // fixed point for the float factors a swap's size is worked out with
const MAX_FAILED_ROUNDS = 5;

function parseOptions(argv) {
    const o = options(argv, { deployment: null, rpc: null, 'interval-ms': '2000', seed: '1', 'step-pct': '0.2',
        'jump-chance': '0.02', 'jump-pct': '3', rounds: '0', 'history-minutes': '0' });
    if (!o.deployment) throw new Error('--deployment FILE is required');
    for (const key of ['interval-ms', 'seed', 'rounds', 'history-minutes']) {
        if (!/^[0-9]+$/.test(o[key])) throw new Error(`--${key} ${o[key]} is not a whole number`);
    }
    for (const key of ['step-pct', 'jump-chance', 'jump-pct']) {
        if (!/^[0-9]+(\.[0-9]+)?$/.test(o[key])) throw new Error(`--${key} ${o[key]} is not a number`);
    }
    return {
        deployment: o.deployment, rpc: o.rpc, intervalMs: Number(o['interval-ms']), seed: Number(o.seed),
        step: Number(o['step-pct']) / 100, jumpChance: Number(o['jump-chance']), jump: Number(o['jump-pct']) / 100,
        rounds: Number(o.rounds), historyMinutes: Number(o['history-minutes']),
    };
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function uniform(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Standard normal numbers from uniform ones (Box–Muller). */
function normal(next) {
    return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** `amount` × `factor` for a non-negative float factor, in integer units. */
function times(amount, factor) {
    return amount * BigInt(Math.round(factor * Number(SCALE))) / SCALE;
}

/** One pool of the deployment: its token against USDT, and where the walk has its price now. */
class Pool {
    constructor(symbol, token, pair) {
        Object.assign(this, { symbol, token, pair });
    }

    /** The reserves as [token, USDT], in units. */
    async reserves(node) {
        const [token0] = await node.call(this.pair, calldata('token0()'));
        const [r0, r1] = await node.call(this.pair, calldata('getReserves()'));
        return token0 === BigInt(this.token) ? [r0, r1] : [r1, r0];
    }
}

/** USDT per token unit at reserves [token, USDT] (as a float: it steers, it does not book). */
function price([token, usdt]) {
    return Number(usdt * SCALE / token) / Number(SCALE);
}

class MarketMaker {
    constructor(node, deployment, opts, maker) {
        Object.assign(this, { node, opts, maker });
        this.deployer = deployment.deployer;
        this.router = deployment.router;
        this.usdt = deployment.usdt;
        this.wrapped = deployment.wrapped_native;
        const tokenOf = symbol => (symbol === 'WBNB' ? this.wrapped : deployment.tokens[symbol]);
        this.pools = Object.entries(deployment.pairs).sort(([a], [b]) => a.localeCompare(b))
            .map(([symbol, pair]) => new Pool(symbol, tokenOf(symbol), pair));
        this.uniform = uniform(opts.seed);
        this.normal = normal(this.uniform);
        this.approved = new Set();
        this.stamp = null; // the time (seconds) the next blocks are stamped with, while the history is laid down
    }

    async start() {
        for (const pool of this.pools) {
            pool.level = price(await pool.reserves(this.node));
        }
        console.log(`market-maker: ${this.pools.map(p => `${p.symbol} ${p.level.toPrecision(6)}`).join(', ')} USDT;`
            + ` trading from ${this.maker}, seed ${this.opts.seed}`);
    }

    /**
     * The minutes the chain misses before the present, at most `minutes` (the latest), laid down a round a minute in
     * blocks stamped in the past; then an empty block stamped now. Nothing when the latest block is under a minute old.
     */
    async history(minutes, stopping) {
        const now = Math.floor(Date.now() / 1000);
        const latest = Number(BigInt((await this.node.rpc('eth_getBlockByNumber', ['latest', false])).timestamp));
        if (minutes === 0 || now - latest < 60) {
            return;
        }
        const scale = Math.sqrt(60000 / Math.max(this.opts.intervalMs, 1));
        const from = Math.max(latest + 1, now - 60 * minutes);
        try {
            await this.node.rpc('evm_setNextBlockTimestamp', [from]);
        } catch (e) { // anvil takes no stamp before the time it loaded its state file at
            console.log(`market-maker: no history, the node takes no block stamped ${new Date(from * 1000).toISOString()}`
                + ` (${e.message}); going on in real time`);
            return;
        }
        let n = 0;
        for (let at = from; at < now && !stopping(); at += 60) {
            this.stamp = at;
            await this.round(++n, scale, `history ${new Date(at * 1000).toISOString()}`);
        }
        this.stamp = null;
        await this.node.rpc('evm_setNextBlockTimestamp', [Math.floor(Date.now() / 1000)]);
        await this.node.rpc('evm_mine');
        console.log(`market-maker: ${n} minutes of history laid down, going on in real time`);
    }

    /** Sends as the node does, stamping the block while the history is laid down. */
    async send(from, tx, what) {
        if (this.stamp !== null) {
            await this.node.rpc('evm_setNextBlockTimestamp', [this.stamp]);
        }
        return this.node.send(from, tx, what);
    }

    /**
     * The walk's next level of every pool (drawn for every pool, in a fixed order, its step × `scale`), and a swap to
     * reach it.
     */
    async round(n, scale = 1, label = 'round') {
        const moves = [];
        for (const pool of this.pools) {
            let step = scale * this.opts.step * this.normal();
            if (this.uniform() < this.opts.jumpChance) {
                step += this.opts.jump * this.normal();
            }
            pool.level *= Math.exp(step);
        }
        for (const pool of this.pools) {
            moves.push(`${pool.symbol} ${await this.moveTo(pool)}`);
        }
        console.log(`${label} ${n}: ${moves.join(', ')}`);
    }

    /**
     * Swaps on `pool` until its price is about its level: on x·y = k a price p' is reached at reserves x·√(p/p')
     * and y·√(p'/p), so the input is the reserve on its side times (√ratio − 1), grossed up for the pool's fee.
     */
    async moveTo(pool) {
        const reserves = await pool.reserves(this.node);
        const before = price(reserves);
        const ratio = pool.level / before;
        if (Math.abs(ratio - 1) < 1e-9) {
            return `${before.toPrecision(6)} (at its level)`;
        }
        const buy = ratio > 1; // buying the token with USDT raises its price
        const amountIn = buy ? times(reserves[1], (Math.sqrt(ratio) - 1) / FEE)
            : times(reserves[0], (1 / Math.sqrt(ratio) - 1) / FEE);
        if (amountIn === 0n) {
            return `${before.toPrecision(6)} (too close to move)`;
        }
        const path = buy ? [this.usdt, pool.token] : [pool.token, this.usdt];
        await this.fund(path[0], amountIn);
        const latest = await this.node.rpc('eth_getBlockByNumber', ['latest', false]);
        const now = this.stamp === null ? BigInt(latest.timestamp) : BigInt(this.stamp);
        await this.send(this.maker, { to: this.router, data: calldata(
            'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
            [amountIn, 1n, path, this.maker, now + 600n]) }, `${pool.symbol} swap`);
        return `${before.toPrecision(6)} → ${price(await pool.reserves(this.node)).toPrecision(6)}`
            + ` (walk ${pool.level.toPrecision(6)})`;
    }

    /** The maker holds at least `amount` of `token` and the router may take it: minted, or wrapped, when short. */
    async fund(token, amount) {
        const [held] = await this.node.call(token, calldata('balanceOf(address)', [this.maker]));
        if (held < amount) {
            const topUp = 2n * amount - held; // some to spare: fewer top-ups
            if (token === this.wrapped) {
                await this.send(this.maker, { to: token, value: '0x' + topUp.toString(16),
                    data: calldata('deposit()') }, 'wrap WBNB');
            } else {
                await this.send(this.deployer, { to: token,
                    data: calldata('mint(address,uint256)', [this.maker, topUp]) }, 'mint for the market maker');
            }
        }
        if (!this.approved.has(token)) {
            await this.send(this.maker, { to: token, data: calldata('approve(address,uint256)',
                [this.router, MAX]) }, 'approve the router');
            this.approved.add(token);
        }
    }
}

async function main() {
    const opts = parseOptions(process.argv.slice(2));
    const deployment = JSON.parse(readFileSync(opts.deployment, 'utf8'));
    const node = new DevNode(opts.rpc || deployment.rpc_url);
    await node.waitUntilAnswering(30);
    const accounts = (await node.rpc('eth_accounts')).map(a => a.toLowerCase());
    if (accounts.length < 2) throw new Error('the node has no second unlocked account: a development node is needed');
    if (!accounts.includes(deployment.deployer.toLowerCase())) {
        throw new Error(`the deployer ${deployment.deployer} is not an unlocked account of this node`);
    }
    const maker = new MarketMaker(node, deployment, opts, accounts[1]);
    await maker.start();

    let stopping = false;
    let wake = () => {};
    const stop = signal => {
        if (!stopping) console.log(`market-maker: ${signal}, stopping after the round under way`);
        stopping = true;
        wake();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));

    await maker.history(opts.historyMinutes, () => stopping);
    let failed = 0;
    let round = 0;
    while (!stopping && (opts.rounds === 0 || round < opts.rounds)) {
        round++;
        try {
            await maker.round(round);
            failed = 0;
        } catch (e) {
            console.error(`round ${round} failed: ${e.message}`);
            if (++failed >= MAX_FAILED_ROUNDS) throw new Error(`${failed} rounds in a row failed`);
        }
        if (!stopping && round !== opts.rounds) {
            await new Promise(resolve => {
                const timer = setTimeout(resolve, opts.intervalMs);
                wake = () => {
                    clearTimeout(timer);
                    resolve();
                };
            });
        }
    }
    console.log(`market-maker: stopped after ${round} rounds`);
}

main().catch(e => {
    console.error(`market-maker.mjs: ${e.message}`);
    process.exit(1);
});
