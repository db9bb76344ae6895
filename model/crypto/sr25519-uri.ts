/**
 * An sr25519 key pair from a secret URI (`<mnemonic or 0x seed>//hard/soft///password`, or a dev
 * URI `//Alice`) derived in wasm (@polkadot/wasm-crypto, schnorrkel), with the same keys as
 * `Keyring.addFromUri`: the keyring derives in pure JS (@scure/sr25519), whose first use builds
 * the curve's precomputed tables, about 0.1 s of every command's start. The URI is parsed, and a
 * mnemonic turned into its seed, by @polkadot/util-crypto as the keyring does; only the curve
 * work moves to wasm. Before the wasm is loaded (`cryptoWaitReady`) the keyring derives.
 */
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, stringToU8a } from '@polkadot/util';
import { keyExtractSuri, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import * as wasm from '@polkadot/wasm-crypto';

/** Words a mnemonic may have (bip39). */
const MNEMONIC_WORDS = [12, 15, 18, 21, 24];
const SECRET_KEY_BYTES = 64;

/** The sr25519 pair of a secret URI, as `new Keyring({ type: 'sr25519' }).addFromUri(suri)` gives it. */
export function sr25519PairFromUri(suri: string, keyring = new Keyring({ type: 'sr25519' })): KeyringPair {
  if (!wasm.isReady()) return keyring.addFromUri(suri, {}, 'sr25519');
  const { password, path, phrase } = keyExtractSuri(suri.startsWith('//') ? `${DEV_PHRASE}${suri}` : suri);
  let seed: Uint8Array;
  if (isHex(phrase, 256)) seed = hexToU8a(phrase);
  else if (MNEMONIC_WORDS.includes(phrase.split(' ').length)) seed = mnemonicToMiniSecret(phrase, password);
  else {
    if (phrase.length > 32)
      throw new Error('specified phrase is not a valid mnemonic and is invalid as a raw seed at > 32 bytes');
    seed = stringToU8a(phrase.padEnd(32));
  }
  // wasm key pairs are secret (64 bytes, as the keyring keeps it) || public key (32 bytes)
  let pair = wasm.sr25519KeypairFromSeed(seed);
  for (const junction of path)
    pair = junction.isHard
      ? wasm.sr25519DeriveKeypairHard(pair, junction.chainCode)
      : wasm.sr25519DeriveKeypairSoft(pair, junction.chainCode);
  return keyring.addFromPair(
    { secretKey: pair.slice(0, SECRET_KEY_BYTES), publicKey: pair.slice(SECRET_KEY_BYTES) },
    {},
    'sr25519',
  );
}
