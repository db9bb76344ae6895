/**
 * Ed25519 signature checks with Node's own crypto (OpenSSL). Every RMB envelope, relay token and
 * node-signed reply carries an ed25519 signature from a zos node; checking them with the pure-JS
 * or wasm code of @polkadot/util-crypto cost 1 to 9 ms each, the largest CPU cost of applying
 * hundreds of deployments. OpenSSL checks one in tens of microseconds.
 */
import { createPublicKey, verify, type KeyObject } from 'crypto';

/** DER prefix of an ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw key bytes follow. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Public keys seen lately (twins and nodes repeat): parsing one costs more than a check. */
const KEY_CACHE_LIMIT = 4096;
const keys = new Map<string, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (keys.size >= KEY_CACHE_LIMIT) keys.delete(keys.keys().next().value as string);
    keys.set(id, key);
  }
  return key;
}

/**
 * True when `signature` (64 bytes) is `publicKey`'s (32 bytes) ed25519 signature of `message`.
 * Malformed keys or signatures are false, never an exception.
 */
export function ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}
