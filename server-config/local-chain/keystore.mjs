#!/usr/bin/env node
// Creates the agent's wallet as an encrypted Ethereum keystore (version 3: scrypt + AES-128-CTR), the format
// web3j's WalletUtils.loadCredentials reads, unless the file already exists. Prints the wallet's address, nothing
// else: the private key exists only encrypted in the file, which is written with mode 600.
//
//   HALYRD_WALLET_PASSWORD=… node server-config/local-chain/keystore.mjs FILE
//
// The password comes from the environment, never the command line (other users can read command lines).
// Only Node's standard library is used; it has no Keccak-256, so a small one is written out below (FIPS 202's
// Keccak-f[1600] with Ethereum's original 0x01 padding).
import { createCipheriv, createECDH, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// scrypt cost as web3j's and geth's "standard" wallets: N = 2^18, r = 8, p = 1 (about 0.5 s, 256 MiB).
const SCRYPT = { n: 1 << 18, r: 8, p: 1, dklen: 32 };

// --- Keccak-256 -------------------------------------------------------------------------------------------
const MASK = (1n << 64n) - 1n;
const rotl = (v, s) => (s === 0 ? v : ((v << BigInt(s)) | (v >> BigInt(64 - s))) & MASK);

// Rotation offsets and round constants, derived as FIPS 202 defines them rather than typed in.
const ROTATION = new Array(25).fill(0);
for (let t = 0, x = 1, y = 0; t < 24; t++) {
    ROTATION[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
}
function rcBit(t) {
    let r = 1; // the LFSR x^8 + x^6 + x^5 + x^4 + 1, as an 8-bit register
    for (let i = 0; i < t % 255; i++) {
        r <<= 1;
        if (r & 0x100) r ^= 0x171;
    }
    return r & 1;
}
const ROUND_CONSTANTS = Array.from({ length: 24 }, (_, round) => {
    let rc = 0n;
    for (let j = 0; j <= 6; j++) {
        if (rcBit(j + 7 * round)) rc |= 1n << BigInt((1 << j) - 1);
    }
    return rc;
});

function keccakF(a) {
    for (let round = 0; round < 24; round++) {
        const c = [0, 1, 2, 3, 4].map(x => a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]);
        for (let x = 0; x < 5; x++) {
            const d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
            for (let y = 0; y < 25; y += 5) a[x + y] ^= d;
        }
        const b = new Array(25);
        for (let x = 0; x < 5; x++) {
            for (let y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], ROTATION[x + 5 * y]);
        }
        for (let y = 0; y < 25; y += 5) {
            for (let x = 0; x < 5; x++) a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & MASK & b[((x + 2) % 5) + y]);
        }
        a[0] ^= ROUND_CONSTANTS[round];
    }
}

export function keccak256(bytes) {
    const rate = 136;
    const padded = Buffer.alloc((Math.floor(bytes.length / rate) + 1) * rate);
    Buffer.from(bytes).copy(padded);
    padded[bytes.length] ^= 0x01;
    padded[padded.length - 1] ^= 0x80;
    const state = new Array(25).fill(0n);
    for (let offset = 0; offset < padded.length; offset += rate) {
        for (let i = 0; i < rate / 8; i++) state[i] ^= padded.readBigUInt64LE(offset + 8 * i);
        keccakF(state);
    }
    const out = Buffer.alloc(32);
    for (let i = 0; i < 4; i++) out.writeBigUInt64LE(state[i], 8 * i);
    return out;
}

// --- keystore ---------------------------------------------------------------------------------------------
function newKeystore(password) {
    const ecdh = createECDH('secp256k1');
    ecdh.generateKeys();
    const privateKey = Buffer.alloc(32);
    const raw = ecdh.getPrivateKey();
    raw.copy(privateKey, 32 - raw.length); // keep leading zero bytes
    const address = keccak256(ecdh.getPublicKey(null, 'uncompressed').subarray(1)).subarray(12).toString('hex');

    const salt = randomBytes(32);
    const iv = randomBytes(16);
    const derived = scryptSync(Buffer.from(password, 'utf8'), salt, SCRYPT.dklen,
        { N: SCRYPT.n, r: SCRYPT.r, p: SCRYPT.p, maxmem: 512 * 1024 * 1024 });
    const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(privateKey), cipher.final()]);
    privateKey.fill(0);
    const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]));
    return {
        address,
        id: randomUUID(),
        version: 3,
        crypto: {
            cipher: 'aes-128-ctr',
            ciphertext: ciphertext.toString('hex'),
            cipherparams: { iv: iv.toString('hex') },
            kdf: 'scrypt',
            kdfparams: { dklen: SCRYPT.dklen, n: SCRYPT.n, p: SCRYPT.p, r: SCRYPT.r, salt: salt.toString('hex') },
            mac: mac.toString('hex'),
        },
    };
}

function main() {
    const file = process.argv[2];
    if (!file || process.argv.length > 3) throw new Error('usage: HALYRD_WALLET_PASSWORD=… keystore.mjs FILE');
    if (existsSync(file)) {
        console.log('0x' + JSON.parse(readFileSync(file, 'utf8')).address.replace(/^0x/, ''));
        return;
    }
    const password = process.env.HALYRD_WALLET_PASSWORD;
    if (!password) throw new Error('HALYRD_WALLET_PASSWORD is not set');
    const keystore = newKeystore(password);
    writeFileSync(file + '.tmp', JSON.stringify(keystore) + '\n', { mode: 0o600 });
    renameSync(file + '.tmp', file);
    console.log('0x' + keystore.address);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) { // run, not imported
    try {
        main();
    } catch (e) {
        console.error(`keystore.mjs: ${e.message}`);
        process.exit(1);
    }
}
