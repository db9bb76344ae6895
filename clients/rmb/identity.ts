/**
 * A twin's signing identity for RMB: the account key pair (sr25519 or ed25519) that signs JWTs and
 * envelopes, and the secp256k1 payload key derived from the same secret. Signatures on the wire are
 * 65 bytes: one type byte (`e` ed25519, `s` sr25519) then the 64-byte signature.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, stringToU8a } from '@polkadot/util';
import { mnemonicToMiniSecret, mnemonicValidate } from '@polkadot/util-crypto';
import { ed25519Verify } from '../../model/crypto/ed25519';
import { pairSigner, sr25519Verify } from '../../model/crypto/sr25519';
import { sr25519PairFromUri } from '../../model/crypto/sr25519-uri';
import { PayloadKey } from './payload-crypto';

/** Account key types a twin may use. */
export type KeyType = 'sr25519' | 'ed25519';

/** The type byte in front of every RMB signature. */
export const SIGNATURE_PREFIX: Readonly<Record<KeyType, number>> = { ed25519: 0x65, sr25519: 0x73 };

/** Length of a prefixed signature: 1 type byte + 64 signature bytes. */
export const PREFIXED_SIGNATURE_BYTES = 65;

const HEX_SEED = /^0x[0-9a-fA-F]{64}$/;

/** The secret of a twin: signs as its account and holds its payload key. */
export class RmbIdentity {
  /** account public key (32 bytes), the twin's account id on chain */
  readonly accountPublicKey: Uint8Array;
  /** secp256k1 key for payload encryption; absent for dev uris such as `//Alice` */
  readonly payloadKey?: PayloadKey;
  readonly #sign: (message: Uint8Array) => Uint8Array;

  private constructor(
    /** key type of the account */
    readonly keyType: KeyType,
    pair: KeyringPair,
    payloadKey?: PayloadKey,
  ) {
    this.#sign = pairSigner(pair);
    this.accountPublicKey = pair.publicKey;
    this.payloadKey = payloadKey;
  }

  /**
   * @param secret a bip39 mnemonic, a 0x-prefixed 32-byte hex seed, or a dev uri (`//Alice`)
   * @param keyType account key type; @default 'sr25519'
   */
  static fromSecret(secret: string, keyType: KeyType = 'sr25519'): RmbIdentity {
    return RmbIdentity.withPair(secret, keyType).identity;
  }

  /**
   * `fromSecret`, with the account's key pair it derived (the chain client signs with the same
   * pair): a run derives its keys once.
   */
  static withPair(
    secret: string,
    keyType: KeyType = 'sr25519',
  ): { identity: RmbIdentity; pair: KeyringPair } {
    if (keyType !== 'sr25519' && keyType !== 'ed25519') {
      throw new Error(`rmb: unsupported key type '${String(keyType)}': use 'sr25519' or 'ed25519'`);
    }
    const trimmed = secret.trim();
    // polkadot would silently turn any short string into a raw seed: a typo would become another twin
    const phrase = trimmed.split('/')[0].trim();
    const phraseOk =
      phrase === '' ? trimmed.startsWith('/') : HEX_SEED.test(phrase) || mnemonicValidate(phrase);
    let pair: KeyringPair;
    try {
      if (!phraseOk) throw new Error('invalid');
      // sr25519 derives in wasm (the keyring's JS costs about 0.1 s on first use), same keys
      pair =
        keyType === 'sr25519'
          ? sr25519PairFromUri(trimmed)
          : new Keyring({ type: keyType }).addFromUri(trimmed);
    } catch {
      // never echo the secret: it is a mnemonic or a seed
      throw new Error(
        'rmb: the twin secret is not a valid bip39 mnemonic, 0x-prefixed 32-byte hex seed or dev uri; check the mnemonic words',
      );
    }
    let seed: Uint8Array | undefined;
    if (HEX_SEED.test(trimmed)) seed = hexToU8a(trimmed);
    else if (mnemonicValidate(trimmed)) seed = mnemonicToMiniSecret(trimmed).slice(0, 32);
    return { identity: new RmbIdentity(keyType, pair, seed ? new PayloadKey(seed) : undefined), pair };
  }

  /**
   * The identity of a key pair derived already (a dev grid's many nodes derive theirs once):
   * it signs, but has no payload key, as a dev uri's.
   */
  static fromPair(pair: KeyringPair): RmbIdentity {
    if (pair.type !== 'sr25519' && pair.type !== 'ed25519')
      throw new Error(`rmb: unsupported key type '${pair.type}': use 'sr25519' or 'ed25519'`);
    return new RmbIdentity(pair.type, pair);
  }

  /** Signs `message` (bytes, or a string as UTF-8); returns the 65-byte prefixed signature. */
  sign(message: Uint8Array | string): Uint8Array {
    const bytes = typeof message === 'string' ? stringToU8a(message) : message;
    const out = new Uint8Array(PREFIXED_SIGNATURE_BYTES);
    out[0] = SIGNATURE_PREFIX[this.keyType];
    out.set(this.#sign(bytes), 1);
    return out;
  }

  /** Keeps the key material out of logs and JSON dumps. */
  toJSON(): object {
    return { keyType: this.keyType, accountPublicKey: Buffer.from(this.accountPublicKey).toString('hex') };
  }
}

/**
 * Checks a prefixed signature against an account public key. The type byte picks the algorithm;
 * when `keyType` is given a signature of the other type is refused.
 * @returns undefined when valid, otherwise why it is not
 */
export function signatureProblem(
  accountPublicKey: Uint8Array,
  signature: Uint8Array | undefined,
  message: Uint8Array | string,
  keyType?: KeyType,
): string | undefined {
  if (!signature || signature.length === 0) return 'message is not signed';
  if (signature.length !== PREFIXED_SIGNATURE_BYTES) {
    return `invalid signature length, expected: ${PREFIXED_SIGNATURE_BYTES}, found: ${signature.length}`;
  }
  if (accountPublicKey.length !== 32)
    return `invalid account public key length ${accountPublicKey.length}, expected 32`;
  const type =
    signature[0] === SIGNATURE_PREFIX.ed25519
      ? 'ed25519'
      : signature[0] === SIGNATURE_PREFIX.sr25519
        ? 'sr25519'
        : undefined;
  if (!type) return 'invalid signature type (expected either sr25519 or ed25519)';
  if (keyType && keyType !== type) return `invalid signature type (expected ${keyType}, got ${type})`;
  const bytes = typeof message === 'string' ? stringToU8a(message) : message;
  const raw = signature.subarray(1);
  let ok = false;
  try {
    ok =
      type === 'ed25519'
        ? ed25519Verify(bytes, raw, accountPublicKey)
        : sr25519Verify(bytes, raw, accountPublicKey);
  } catch {
    ok = false;
  }
  return ok ? undefined : `${type} signature verification failed`;
}
