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
import { DevNode, calldata, encode, options, parseUnits } from './dev-node.mjs';

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

function parseOptions(argv) {
    const known = options(argv, { rpc: 'http://127.0.0.1:8545', fund: null, out: null, 'fund-usdt': '10000',
        'fund-native': '10', 'native-price': '600' });
    if (!known.out) throw new Error('--out FILE is required');
    if (known.fund && !/^0x[0-9a-fA-F]{40}$/.test(known.fund)) throw new Error(`--fund ${known.fund} is not an address`);
    if (known['native-price'] !== 'none' && !/^[0-9]+(\.[0-9]+)?$/.test(known['native-price'])) {
        throw new Error(`--native-price ${known['native-price']} is neither a number of USDT nor none`);
    }
    return known;
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
            outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
        },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (output.errors || []).filter(e => e.severity === 'error');
    if (errors.length) throw new Error('solc: ' + errors.map(e => e.formattedMessage).join('\n'));
    const contracts = {};
    for (const file of Object.keys(output.contracts)) {
        for (const [name, c] of Object.entries(output.contracts[file])) {
            contracts[name] = { bytecode: '0x' + c.evm.bytecode.object };
        }
    }
    return contracts;
}

let node;
let from;
/** Sends a transaction from the node's first unlocked development account and waits for it to be mined. */
function send(tx, what) {
    return node.send(from, tx, what);
}

async function deploy(contract, types, values, what) {
    const receipt = await send({ data: contract.bytecode + encode(types, values) }, what);
    return receipt.contractAddress;
}

async function main() {
    const opts = parseOptions(process.argv.slice(2));
    node = new DevNode(opts.rpc);
    const contracts = compile();
    const chainId = await node.waitUntilAnswering(30);
    [from] = await node.rpc('eth_accounts');
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
        await send({ to: routerAddress, data: calldata('createPair(address,address)', [address, usdt]) },
            `${symbol}/USDT pair`);
        const [pairWord] = await node.call(routerAddress, calldata('getPair(address,address)', [address, usdt]));
        const pair = '0x' + pairWord.toString(16).padStart(40, '0');
        // Seed the pool: both sides straight into the pair, then let it adopt its balances as reserves.
        const usdtSide = parseUnits(depth, USDT_DECIMALS);
        const tokenSide = parseUnits(depth, tokenDecimals) * 10n ** 8n / parseUnits(price, 8);
        await send({ to: usdt, data: calldata('mint(address,uint256)', [pair, usdtSide]) }, 'mint USDT');
        await fill(pair, tokenSide);
        await send({ to: pair, data: calldata('sync()', []) }, `${symbol} sync`);
        return pair;
    }

    for (const t of TOKENS) {
        const address = await deploy(erc20, ['string', 'string', 'uint8'], [t.name, t.symbol, t.decimals], t.symbol);
        tokens[t.symbol] = address;
        decimals[t.symbol] = t.decimals;
        pairs[t.symbol] = await pool(t.symbol, address, t.decimals, USDT_DEPTH, t.price, (pair, amount) =>
            send({ to: address, data: calldata('mint(address,uint256)', [pair, amount]) }, `mint ${t.symbol}`));
    }
    decimals[NATIVE.symbol] = 18;
    if (opts['native-price'] !== 'none') { // wrapped from the deployer's coins: nothing mints WBNB
        pairs[NATIVE.symbol] = await pool(NATIVE.symbol, wrappedNative, 18, NATIVE.depth, opts['native-price'],
            async (pair, amount) => {
                await send({ to: wrappedNative, value: '0x' + amount.toString(16),
                    data: calldata('deposit()', []) }, `wrap ${NATIVE.symbol}`);
                await send({ to: wrappedNative, data: calldata('transfer(address,uint256)', [pair, amount]) },
                    `${NATIVE.symbol} to its pair`);
            });
    }

    let funded = null;
    if (opts.fund) {
        const usdtUnits = parseUnits(opts['fund-usdt'], USDT_DECIMALS);
        await send({ to: usdt, data: calldata('mint(address,uint256)', [opts.fund, usdtUnits]) }, 'fund USDT');
        await send({ to: opts.fund, value: '0x' + parseUnits(opts['fund-native'], 18).toString(16) }, 'fund gas');
        funded = { address: opts.fund, usdt: opts['fund-usdt'], native: opts['fund-native'] };
    }

    const deployment = {
        chain_id: chainId,
        rpc_url: opts.rpc,
        deployer: from,
        router: routerAddress,
        identity_registry: registryAddress,
        usdt,
        wrapped_native: wrappedNative,
        tokens,
        decimals,
        pairs,
        funded,
        block: Number(BigInt(await node.rpc('eth_blockNumber'))),
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
