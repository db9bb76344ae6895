/**
 * The account that signs chain calls: a keypair from a mnemonic (optionally with a derivation path,
 * `<words>//Alice`) or a 32-byte hex seed, sr25519 (TFChain's default) or ed25519.
 * The secret never appears in an error or a log line.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicValidate } from '@polkadot/util-crypto';

export type KeyType = 'sr25519' | 'ed25519';

export interface AccountOptions {
  /** BIP-39 mnemonic (12 or 24 words), optionally followed by a derivation path (`//Alice`); or only a dev path (`//Alice`) */
  readonly mnemonic?: string;
  /** 32-byte seed as 0x-prefixed hex (64 hex digits) */
  readonly seed?: string;
  /** signature scheme. @default 'sr25519' */
  readonly keyType?: KeyType;
}

/** The secret could not be turned into a keypair. The message never contains the secret. */
export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

/** Splits `words//path` into the phrase and the derivation path ('' when none). */
export function splitMnemonic(mnemonic: string): { phrase: string; path: string } {
  const trimmed = mnemonic.trim().replace(/\s+/g, ' ');
  const at = trimmed.search(/\/\/?/);
  if (at < 0) return { phrase: trimmed, path: '' };
  return { phrase: trimmed.slice(0, at).trim(), path: trimmed.slice(at) };
}

/** Why a mnemonic is unusable, or undefined when it is fine. Pure: never echoes the words. */
export function mnemonicProblem(mnemonic: string): string | undefined {
  const { phrase, path } = splitMnemonic(mnemonic);
  if (phrase === '' && path.startsWith('//')) return undefined; // a dev account of the well-known phrase
  const words = phrase === '' ? 0 : phrase.split(' ').length;
  if (words !== 12 && words !== 24 && words !== 15 && words !== 18 && words !== 21) {
    return `the mnemonic is not valid: check it has 12 or 24 words (it has ${words})`;
  }
  if (!mnemonicValidate(phrase))
    return 'the mnemonic is not valid: check it has 12 or 24 words, spelled as in the BIP-39 English list';
  return undefined;
}

/** Why a hex seed is unusable, or undefined when it is fine. */
export function seedProblem(seed: string): string | undefined {
  const s = seed.trim();
  const hex = s.startsWith('0x') ? s : `0x${s}`;
  if (!isHex(hex) || hex.length !== 66)
    return 'the seed is not valid: give 32 bytes as hex (64 hex digits, optionally 0x-prefixed)';
  return undefined;
}

/**
 * Builds the keypair. Waits for the crypto WASM first. Throws AccountError with a message that
 * says what to fix, never with the secret.
 */
export async function createAccount(options: AccountOptions): Promise<KeyringPair> {
  const keyType = options.keyType ?? 'sr25519';
  if (keyType !== 'sr25519' && keyType !== 'ed25519') {
    throw new AccountError(`key type '${String(keyType)}' is not supported: use 'sr25519' or 'ed25519'`);
  }
  if ((options.mnemonic === undefined) === (options.seed === undefined)) {
    throw new AccountError('give exactly one of mnemonic or seed for the chain account');
  }
  await cryptoWaitReady();
  const keyring = new Keyring({ type: keyType, ss58Format: 42 });
  if (options.seed !== undefined) {
    const problem = seedProblem(options.seed);
    if (problem) throw new AccountError(problem);
    const s = options.seed.trim();
    try {
      return keyring.addFromSeed(hexToU8a(s.startsWith('0x') ? s : `0x${s}`));
    } catch {
      throw new AccountError(
        'the seed is not valid: give 32 bytes as hex (64 hex digits, optionally 0x-prefixed)',
      );
    }
  }
  const mnemonic = options.mnemonic as string;
  const problem = mnemonicProblem(mnemonic);
  if (problem) throw new AccountError(problem);
  const { phrase, path } = splitMnemonic(mnemonic);
  try {
    return keyring.addFromUri(`${phrase}${path}`);
  } catch {
    // the keyring's own message may quote the phrase: replace it
    throw new AccountError(
      'the mnemonic is not valid: check it has 12 or 24 words and that the derivation path (if any) is like //name',
    );
  }
}
