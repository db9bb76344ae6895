/**
 * Sr25519 signing and checking with @polkadot/wasm-crypto (schnorrkel compiled to wasm).
 * @polkadot/util-crypto 14 does both in pure JS (@scure/sr25519): 6 ms to sign and 10 ms to check
 * one signature on this machine, against about 1 ms in wasm. A twin signs every RMB envelope and
 * deployment and the relay and node check each, so an apply of hundreds of deployments spent most
 * of its CPU here. Both paths give the same signatures (schnorrkel, `substrate` context); the JS
 * one stays the fallback until the wasm is loaded (`cryptoWaitReady`).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import * as wasm from '@polkadot/wasm-crypto';
import { u8aConcat, u8aToU8a } from '@polkadot/util';

/** Bytes before the 64-byte secret key in a keyring pair's unencrypted PKCS8 export. */
const PKCS8_HEADER_BYTES = 16;
const SECRET_KEY_BYTES = 64;
const PROBE = new Uint8Array([116, 102, 103, 114, 105, 100]);

/**
 * True when `signature` (64 bytes) is `publicKey`'s (32 bytes) sr25519 signature of `message`.
 * Malformed input is false, never an exception.
 */
export function sr25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return wasm.isReady()
      ? wasm.sr25519Verify(signature, message, publicKey)
      : jsVerify(message, signature, publicKey);
  } catch {
    return false;
  }
}

/**
 * A signing function for a keyring pair: sr25519 pairs sign in wasm once it is loaded (decided at
 * the first signature made after `cryptoWaitReady`, and only if a wasm signature verifies under
 * the pair's public key); other key types, and sr25519 before the wasm is loaded, use the pair's
 * own `sign`. The secret stays inside the closure.
 */
export function pairSigner(pair: KeyringPair): (message: Uint8Array) => Uint8Array {
  if (pair.type !== 'sr25519') return (message) => pair.sign(message);
  let fast: ((message: Uint8Array) => Uint8Array) | null | undefined;
  return (message) => {
    if (fast === undefined && wasm.isReady()) fast = wasmSigner(pair);
    return fast ? fast(message) : pair.sign(message);
  };
}

function wasmSigner(pair: KeyringPair): ((message: Uint8Array) => Uint8Array) | null {
  try {
    const secret = pair.encodePkcs8().slice(PKCS8_HEADER_BYTES, PKCS8_HEADER_BYTES + SECRET_KEY_BYTES);
    const publicKey = pair.publicKey;
    const probe = wasm.sr25519Sign(publicKey, secret, PROBE);
    if (!wasm.sr25519Verify(probe, PROBE, publicKey)) return null;
    return (message) => wasm.sr25519Sign(publicKey, secret, message);
  } catch {
    return null;
  }
}

const fastPairs = new WeakMap<KeyringPair, KeyringPair>();

/**
 * The pair, signing in wasm (pairSigner): what `tx.signAndSend(pair)` and `extrinsic.sign(pair)`
 * call is the pair's `sign`, the pure-JS one (6 ms a signature). Everything else is the pair's own.
 * Only sr25519 pairs change; the same wrapper is given back for the same pair.
 */
export function wasmSigningPair(pair: KeyringPair): KeyringPair {
  if (pair.type !== 'sr25519') return pair;
  let out = fastPairs.get(pair);
  if (!out) {
    const sign = pairSigner(pair);
    out = Object.create(pair) as KeyringPair;
    Object.defineProperty(out, 'sign', {
      value: (message: string | Uint8Array, options: { withType?: boolean } = {}): Uint8Array => {
        const signature = sign(u8aToU8a(message));
        // the type byte of MultiSignature::Sr25519
        return options.withType ? u8aConcat(SR25519_TYPE_BYTE, signature) : signature;
      },
    });
    fastPairs.set(pair, out);
  }
  return out;
}

const SR25519_TYPE_BYTE = new Uint8Array([1]);
