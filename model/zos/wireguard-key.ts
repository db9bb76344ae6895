/**
 * Wireguard keys (pure): the public key of a wireguard private key, as a network workload's peers
 * carry it. Both are 32-byte X25519 keys in base64.
 */
import { createPrivateKey } from 'crypto';

/**
 * The wireguard public key (base64) of a wireguard private key (base64).
 *
 * The key goes into OpenSSL as a JWK: Node imports one from its raw bytes, while a PKCS#8 DER
 * import runs OpenSSL 3's decoder lookup, about ten times slower (0.5 ms a key, half a second of
 * an apply of 1,000 machines). The JWK's `x` is not read for a private key: OpenSSL derives it.
 */
export function wireguardPublicKey(privateKeyBase64: string): string {
  const raw = Buffer.from(privateKeyBase64, 'base64');
  if (raw.length !== 32) throw new Error('a wireguard private key is 32 bytes in base64');
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: raw.toString('base64url'), x: '' },
    format: 'jwk',
  });
  const jwk = key.export({ format: 'jwk' }) as { x: string };
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/**
 * Wireguard public keys of one run, each derived once: a network of n nodes names every node's key
 * in the peers of the n - 1 others, and one X25519 derivation costs about as much as resolving a
 * whole unit.
 */
export class WireguardPublicKeys {
  private readonly known = new Map<string, string>();
  /** how many keys were derived (not served from what this run already knows) */
  derivations = 0;

  /** The public key (base64) of a private key (base64). */
  publicOf(privateKeyBase64: string): string {
    let pub = this.known.get(privateKeyBase64);
    if (pub === undefined) {
      pub = wireguardPublicKey(privateKeyBase64);
      this.derivations++;
      this.known.set(privateKeyBase64, pub);
    }
    return pub;
  }
}
