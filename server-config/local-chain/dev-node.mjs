// What the local-chain scripts (deploy.mjs, market-maker.mjs) share: their command-line options, JSON-RPC to a
// development node that sends from its unlocked accounts, and the little ABI encoding they need (address, uint,
// string; selectors by Keccak-256 of the signature). Only Node's standard library is used.
import { keccak256 } from './keystore.mjs';

/**
 * `--name value` pairs over `defaults` (every known option, with its default; null where it has none). An unknown
 * option, or one without a value, is an error naming the known ones.
 */
export function options(argv, defaults) {
    const known = { ...defaults };
    for (let i = 0; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '');
        if (!(key in known) || argv[i + 1] === undefined) {
            throw new Error(`unknown or incomplete option ${argv[i]} (known: ${Object.keys(known).map(k => '--' + k).join(' ')})`);
        }
        known[key] = argv[i + 1];
    }
    return known;
}

/** A decimal string as integer units: parseUnits('2.5', 18) = 2500000000000000000n. */
export function parseUnits(text, decimals) {
    const [whole, fraction = ''] = text.split('.');
    if (fraction.length > decimals) throw new Error(`${text} has more than ${decimals} decimals`);
    return BigInt(whole + fraction.padEnd(decimals, '0'));
}

const word = n => BigInt(n).toString(16).padStart(64, '0');

/** The ABI encoding of `values` as `types` (address, uint…, string and address[] only). */
export function encode(types, values) {
    let head = '';
    let tail = '';
    const headSize = 32 * types.length;
    types.forEach((type, i) => {
        if (type === 'string') {
            const bytes = Buffer.from(values[i], 'utf8');
            head += word(headSize + tail.length / 2);
            tail += word(bytes.length) + bytes.toString('hex').padEnd(Math.ceil(bytes.length / 32) * 64, '0');
        } else if (type === 'address[]') {
            head += word(headSize + tail.length / 2);
            tail += word(values[i].length) + values[i].map(address).join('');
        } else if (type === 'address') {
            head += address(values[i]);
        } else if (/^uint\d*$/.test(type)) {
            head += word(values[i]);
        } else {
            throw new Error(`cannot encode ${type}`);
        }
    });
    return head + tail;
}

function address(value) {
    return value.toLowerCase().replace(/^0x/, '').padStart(64, '0');
}

/** A call of the function `signature` ('transfer(address,uint256)') with `values`. */
export function calldata(signature, values = []) {
    const selector = keccak256(Buffer.from(signature, 'utf8')).subarray(0, 4).toString('hex');
    const types = signature.slice(signature.indexOf('(') + 1, -1).split(',').filter(Boolean);
    return '0x' + selector + encode(types, values);
}

/** The 32-byte words of a call's answer, as BigInts. */
function words(result) {
    return (result.replace(/^0x/, '').match(/.{64}/g) || []).map(w => BigInt('0x' + w));
}

/** A development node (anvil, ganache) over JSON-RPC with Node's fetch; it signs for its unlocked accounts. */
export class DevNode {
    constructor(url) {
        this.url = url;
        this.id = 0;
    }

    async rpc(method, params = []) {
        const response = await fetch(this.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        });
        const body = await response.json();
        if (body.error) throw new Error(`${method}: ${body.error.message}`);
        return body.result;
    }

    /** The node's chain id, once it answers (within `seconds`). */
    async waitUntilAnswering(seconds) {
        const until = Date.now() + seconds * 1000;
        for (;;) {
            try {
                return Number(BigInt(await this.rpc('eth_chainId')));
            } catch (e) {
                if (Date.now() > until) throw new Error(`no node answers at ${this.url}: ${e.message}`);
                await new Promise(r => setTimeout(r, 200));
            }
        }
    }

    /** A read-only call at the latest block: the answer's words. */
    async call(to, data) {
        return words(await this.rpc('eth_call', [{ to, data }, 'latest']));
    }

    /** Sends a transaction from the unlocked account `from` and waits for it to be mined successfully. */
    async send(from, tx, what) {
        const hash = await this.rpc('eth_sendTransaction', [{ from, ...tx }]);
        for (let i = 0; i < 300; i++) {
            const receipt = await this.rpc('eth_getTransactionReceipt', [hash]);
            if (receipt) {
                if (BigInt(receipt.status) !== 1n) throw new Error(`${what} reverted (tx ${hash})`);
                return receipt;
            }
            await new Promise(r => setTimeout(r, 100));
        }
        throw new Error(`${what} not mined within 30 s (tx ${hash}); does the node mine automatically?`);
    }
}
