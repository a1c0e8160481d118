#!/usr/bin/env node
// Deploys Halyrd's local-chain contracts (src/main/solidity) to a development EVM node and funds the agent's
// wallet, then writes what it deployed to a JSON file that Halyrd and the tests read.
//
//   node server-config/local-chain/deploy.mjs --rpc http://127.0.0.1:8545 --fund 0xADDR --out FILE
//       [--fund-usdt 10000] [--fund-native 10] [--native-price 600]
//
// Besides USDT and a pool of each watchlist token against it, it deploys the wrapped native coin (WBNB, the router's
// `WETH()`) and a WBNB/USDT pool at --native-price USDT per coin (`none`: no such pool, so Halyrd prices gas at its
// configured halyrd.chain.native-price-usdt), wrapped from the deployer's own coins.
//
// It compiles with solc-js (no compiler download) and sends every transaction with `eth_sendTransaction` from the
// node's first unlocked development account, so it holds no private key. That only works on a development node
// (anvil, ganache): never point it at a real network. Only Node's standard library and solc are used.
import { readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const require = createRequire(join(repo, 'package.json'));
const solc = require('solc');

const USDT_DECIMALS = 18; // as BEP-20 USDT on BSC
// Each watchlist token gets a pool against USDT at a realistic price, USDT_DEPTH deep on each side: a trade of a
// few thousand USDT moves the price by a few thousandths of a percent.
const TOKENS = [
    { symbol: 'ETH', name: 'Ethereum Token (test)', decimals: 18, price: '3000' },
    { symbol: 'CAKE', name: 'PancakeSwap Token (test)', decimals: 18, price: '2.5' },
    { symbol: 'LINK', name: 'ChainLink Token (test)', decimals: 18, price: '15' },
    { symbol: 'AVAX', name: 'Avalanche Token (test)', decimals: 18, price: '30' },
];
const USDT_DEPTH = '30000000';
// The WBNB/USDT pool is shallower: its native side is wrapped from the deployer's coins (anvil gives 10 000), and
// 3 M USDT at 600 takes 5 000 of them.
const NATIVE = { symbol: 'WBNB', name: 'Wrapped BNB (test)', depth: '3000000' };

function options(argv) {
    const known = { rpc: 'http://127.0.0.1:8545', fund: null, out: null, 'fund-usdt': '10000', 'fund-native': '10',
        'native-price': '600' };
    for (let i = 0; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '');
        if (!(key in known) || argv[i + 1] === undefined) {
            throw new Error(`unknown or incomplete option ${argv[i]} (known: ${Object.keys(known).map(k => '--' + k).join(' ')})`);
        }
        known[key] = argv[i + 1];
    }
    if (!known.out) throw new Error('--out FILE is required');
    if (known.fund && !/^0x[0-9a-fA-F]{40}$/.test(known.fund)) throw new Error(`--fund ${known.fund} is not an address`);
    if (known['native-price'] !== 'none' && !/^[0-9]+(\.[0-9]+)?$/.test(known['native-price'])) {
        throw new Error(`--native-price ${known['native-price']} is neither a number of USDT nor none`);
    }
    return known;
}

/** A decimal string as integer units: parseUnits('2.5', 18) = 2500000000000000000n. */
function parseUnits(text, decimals) {
    const [whole, fraction = ''] = text.split('.');
    if (fraction.length > decimals) throw new Error(`${text} has more than ${decimals} decimals`);
    return BigInt(whole + fraction.padEnd(decimals, '0'));
}

function compile() {
    const dir = join(repo, 'src', 'main', 'solidity');
    const sources = {};
    for (const file of readdirSync(dir).filter(f => f.endsWith('.sol')).sort()) {
        sources[file] = { content: readFileSync(join(dir, file), 'utf8') };
    }
    const input = {
        language: 'Solidity',
        sources,
        settings: {
            evmVersion: 'shanghai', // no PUSH0-less chains to care about; run anvil with --hardfork shanghai
            optimizer: { enabled: true, runs: 200 },
            outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
        },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (output.errors || []).filter(e => e.severity === 'error');
    if (errors.length) throw new Error('solc: ' + errors.map(e => e.formattedMessage).join('\n'));
    const contracts = {};
    for (const file of Object.keys(output.contracts)) {
        for (const [name, c] of Object.entries(output.contracts[file])) {
            contracts[name] = { bytecode: '0x' + c.evm.bytecode.object, selectors: c.evm.methodIdentifiers };
        }
    }
    return contracts;
}

// --- ABI encoding of the few argument types used here: address, uint, and string ---
const word = n => BigInt(n).toString(16).padStart(64, '0');
function encode(types, values) {
    let head = '';
    let tail = '';
    const headSize = 32 * types.length;
    types.forEach((type, i) => {
        if (type === 'string') {
            const bytes = Buffer.from(values[i], 'utf8');
            head += word(headSize + tail.length / 2);
            tail += word(bytes.length) + bytes.toString('hex').padEnd(Math.ceil(bytes.length / 32) * 64, '0');
        } else if (type === 'address') {
            head += values[i].toLowerCase().replace(/^0x/, '').padStart(64, '0');
        } else if (/^uint\d*$/.test(type)) {
            head += word(values[i]);
        } else {
            throw new Error(`cannot encode ${type}`);
        }
    });
    return head + tail;
}

function calldata(contract, signature, values) {
    const selector = contract.selectors[signature];
    if (!selector) throw new Error(`no function ${signature}`);
    const types = signature.slice(signature.indexOf('(') + 1, -1).split(',').filter(Boolean);
    return '0x' + selector + encode(types, values);
}

// --- JSON-RPC over Node's fetch ---
let rpcUrl;
let rpcId = 0;
async function rpc(method, params = []) {
    const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    });
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
}

async function waitForNode(seconds) {
    const until = Date.now() + seconds * 1000;
    for (;;) {
        try {
            return await rpc('eth_chainId');
        } catch (e) {
            if (Date.now() > until) throw new Error(`no node answers at ${rpcUrl}: ${e.message}`);
            await new Promise(r => setTimeout(r, 200));
        }
    }
}

let from;
/** Sends a transaction from the unlocked development account and waits for it to be mined successfully. */
async function send(tx, what) {
    const hash = await rpc('eth_sendTransaction', [{ from, ...tx }]);
    for (let i = 0; i < 300; i++) {
        const receipt = await rpc('eth_getTransactionReceipt', [hash]);
        if (receipt) {
            if (BigInt(receipt.status) !== 1n) throw new Error(`${what} reverted (tx ${hash})`);
            return receipt;
        }
        await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`${what} not mined within 30 s (tx ${hash}); does the node mine automatically?`);
}

async function deploy(contract, types, values, what) {
    const receipt = await send({ data: contract.bytecode + encode(types, values) }, what);
    return receipt.contractAddress;
}

async function main() {
    const opts = options(process.argv.slice(2));
    rpcUrl = opts.rpc;
    const contracts = compile();
    const chainId = Number(BigInt(await waitForNode(30)));
    [from] = await rpc('eth_accounts');
    if (!from) throw new Error('the node has no unlocked account: deploy.mjs needs a development node');

    const { MinimalERC20: erc20, Router: router, IdentityRegistry: registry, WrappedNative: wrapped } = contracts;
    const usdt = await deploy(erc20, ['string', 'string', 'uint8'], ['Tether USD (test)', 'USDT', USDT_DECIMALS], 'USDT');
    const wrappedNative = await deploy(wrapped, ['string', 'string'], [NATIVE.name, NATIVE.symbol], NATIVE.symbol);
    const routerAddress = await deploy(router, ['address'], [wrappedNative], 'Router');
    const registryAddress = await deploy(registry, [], [], 'IdentityRegistry');

    const tokens = { USDT: usdt };
    const decimals = { USDT: USDT_DECIMALS };
    const pairs = {};
    /** A pool of `address` against USDT, `depth` USDT deep at `price`; `fill` puts the token side into the pair. */
    async function pool(symbol, address, tokenDecimals, depth, price, fill) {
        await send({ to: routerAddress, data: calldata(router, 'createPair(address,address)', [address, usdt]) },
            `${symbol}/USDT pair`);
        const pair = '0x' + (await rpc('eth_call', [{ to: routerAddress,
            data: calldata(router, 'getPair(address,address)', [address, usdt]) }, 'latest'])).slice(-40);
        // Seed the pool: both sides straight into the pair, then let it adopt its balances as reserves.
        const usdtSide = parseUnits(depth, USDT_DECIMALS);
        const tokenSide = parseUnits(depth, tokenDecimals) * 10n ** 8n / parseUnits(price, 8);
        await send({ to: usdt, data: calldata(erc20, 'mint(address,uint256)', [pair, usdtSide]) }, 'mint USDT');
        await fill(pair, tokenSide);
        await send({ to: pair, data: calldata(contracts.ConstantProductPair, 'sync()', []) }, `${symbol} sync`);
        return pair;
    }

    for (const t of TOKENS) {
        const address = await deploy(erc20, ['string', 'string', 'uint8'], [t.name, t.symbol, t.decimals], t.symbol);
        tokens[t.symbol] = address;
        decimals[t.symbol] = t.decimals;
        pairs[t.symbol] = await pool(t.symbol, address, t.decimals, USDT_DEPTH, t.price, (pair, amount) =>
            send({ to: address, data: calldata(erc20, 'mint(address,uint256)', [pair, amount]) }, `mint ${t.symbol}`));
    }
    decimals[NATIVE.symbol] = 18;
    if (opts['native-price'] !== 'none') { // wrapped from the deployer's coins: nothing mints WBNB
        pairs[NATIVE.symbol] = await pool(NATIVE.symbol, wrappedNative, 18, NATIVE.depth, opts['native-price'],
            async (pair, amount) => {
                await send({ to: wrappedNative, value: '0x' + amount.toString(16),
                    data: calldata(wrapped, 'deposit()', []) }, `wrap ${NATIVE.symbol}`);
                await send({ to: wrappedNative, data: calldata(wrapped, 'transfer(address,uint256)', [pair, amount]) },
                    `${NATIVE.symbol} to its pair`);
            });
    }

    let funded = null;
    if (opts.fund) {
        const usdtUnits = parseUnits(opts['fund-usdt'], USDT_DECIMALS);
        await send({ to: usdt, data: calldata(erc20, 'mint(address,uint256)', [opts.fund, usdtUnits]) }, 'fund USDT');
        await send({ to: opts.fund, value: '0x' + parseUnits(opts['fund-native'], 18).toString(16) }, 'fund gas');
        funded = { address: opts.fund, usdt: opts['fund-usdt'], native: opts['fund-native'] };
    }

    const deployment = {
        chain_id: chainId,
        rpc_url: rpcUrl,
        deployer: from,
        router: routerAddress,
        identity_registry: registryAddress,
        usdt,
        wrapped_native: wrappedNative,
        tokens,
        decimals,
        pairs,
        funded,
        block: Number(BigInt(await rpc('eth_blockNumber'))),
    };
    const out = resolve(opts.out);
    writeFileSync(out + '.tmp', JSON.stringify(deployment, null, 2) + '\n');
    renameSync(out + '.tmp', out); // readers never see half a file
    console.log(`deployed to chain ${chainId}: router ${routerAddress}, identity registry ${registryAddress}, `
        + `USDT ${usdt}, ${TOKENS.map(t => t.symbol).join(' ')}, ${NATIVE.symbol} ${wrappedNative}`
        + (pairs[NATIVE.symbol] ? ` (pool at ${opts['native-price']} USDT)` : ' (no pool)')
        + `${funded ? `; funded ${funded.address}` : ''} → ${out}`);
}

main().catch(e => {
    console.error(`deploy.mjs: ${e.message}`);
    process.exit(1);
});
