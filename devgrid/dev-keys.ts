/**
 * The dev grid's key pairs, derived from the well-known dev mnemonic (`//farmer/1`, `//node/3`):
 * the accounts `keyring.addFromUri(mnemonic + path)` gives, derived fast enough for thousands of
 * nodes. The mnemonic's seed (2048 rounds of PBKDF2) is computed once, every junction of a path
 * once (`//node` for all nodes), and each step runs in @polkadot/wasm-crypto's sr25519 (the
 * keyring's own derivation is pure JavaScript since util-crypto 13: about 10 ms a pair). Soft
 * junctions give the same public key (the account) and secret scalar, with another signing nonce.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { keyExtractPath, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import {
  sr25519DeriveKeypairHard,
  sr25519DeriveKeypairSoft,
  sr25519KeypairFromSeed,
} from '@polkadot/wasm-crypto';
import { DEV_MNEMONIC } from '../model/config/networks';

export class DevKeys {
  private readonly keyring = new Keyring({ type: 'sr25519' });
  private readonly pairs = new Map<string, KeyringPair>();
  /** 96-byte keypairs (secret key, then public key) by path prefix; '' is the mnemonic's own */
  private readonly derived = new Map<string, Uint8Array>();

  /** Needs the crypto wasm ready (`cryptoWaitReady()`). */
  constructor(private readonly mnemonic: string = DEV_MNEMONIC) {}

  /** The key pair of `path` (e.g. `//farmer/1`). */
  pair(path: string): KeyringPair {
    let pair = this.pairs.get(path);
    if (!pair) {
      const full = this.keypair(path);
      pair = this.keyring.addFromPair({ publicKey: full.slice(64), secretKey: full.slice(0, 64) });
      this.pairs.set(path, pair);
    }
    return pair;
  }

  /** The account id (public key, hex) of `path`. */
  accountId(path: string): string {
    return u8aToHex(this.keypair(path).slice(64));
  }

  private keypair(path: string): Uint8Array {
    const known = this.derived.get(path);
    if (known) return known;
    let full: Uint8Array;
    if (path === '') full = sr25519KeypairFromSeed(mnemonicToMiniSecret(this.mnemonic));
    else {
      // the last junction (`//x` hard, `/x` soft) on its parent's keypair
      const [, parentPath, last] = /^(.*?)(\/\/?[^/]+)$/.exec(path) ?? [];
      if (last === undefined)
        throw new Error(`dev keys: '${path}' is not a derivation path such as //node/1`);
      const [junction] = keyExtractPath(last).path;
      const parent = this.keypair(parentPath);
      full = junction.isHard
        ? sr25519DeriveKeypairHard(parent, junction.chainCode)
        : sr25519DeriveKeypairSoft(parent, junction.chainCode);
    }
    this.derived.set(path, full);
    return full;
  }
}
