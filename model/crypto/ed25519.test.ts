/**
 * Node's ed25519 check agrees with @polkadot/util-crypto's on good, altered and malformed input.
 */
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, ed25519Verify as polkadotVerify } from '@polkadot/util-crypto';
import { ed25519Verify } from './ed25519';

beforeAll(() => cryptoWaitReady());

describe('ed25519Verify', () => {
  it('accepts what polkadot accepts and refuses what it refuses', () => {
    const keyring = new Keyring({ type: 'ed25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    for (let n = 0; n < 20; n++) {
      const message = new Uint8Array(n * 13).map((_, i) => (i * 7 + n) & 0xff);
      const sig = alice.sign(message);
      const altered = sig.slice();
      altered[n % 64] ^= 1;
      const otherMessage = message.length ? message.map((b, i) => (i === 0 ? b ^ 1 : b)) : new Uint8Array([1]);
      const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [
        [message, sig, alice.publicKey],
        [message, altered, alice.publicKey],
        [message, sig, bob.publicKey],
        [otherMessage, sig, alice.publicKey],
      ];
      for (const [m, s, k] of cases) expect(ed25519Verify(m, s, k)).toBe(polkadotVerify(m, s, k));
      expect(ed25519Verify(message, sig, alice.publicKey)).toBe(true);
      expect(ed25519Verify(message, altered, alice.publicKey)).toBe(false);
    }
  });

  it('answers false for malformed keys and signatures', () => {
    const alice = new Keyring({ type: 'ed25519' }).addFromUri('//Alice');
    const m = new Uint8Array([1, 2, 3]);
    const sig = alice.sign(m);
    expect(ed25519Verify(m, sig.subarray(1), alice.publicKey)).toBe(false);
    expect(ed25519Verify(m, sig, alice.publicKey.subarray(1))).toBe(false);
    expect(ed25519Verify(m, sig, new Uint8Array(32).fill(0xff))).toBe(false);
  });
});
