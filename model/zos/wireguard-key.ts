/**
 * Wireguard keys (pure): the public key of a wireguard private key, as a network workload's peers
 * carry it. Both are 32-byte X25519 keys in base64.
 */
import { createPrivateKey, createPublicKey } from 'crypto';

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** The wireguard public key (base64) of a wireguard private key (base64). */
export function wireguardPublicKey(privateKeyBase64: string): string {
  const raw = Buffer.from(privateKeyBase64, 'base64');
  if (raw.length !== 32) throw new Error('a wireguard private key is 32 bytes in base64');
  const key = createPrivateKey({
    key: Buffer.concat([X25519_PKCS8_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(key).export({ format: 'jwk' }) as { x: string };
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}
