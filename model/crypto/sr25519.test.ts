/**
 * The wasm sr25519 path agrees with @polkadot/util-crypto: its signatures verify with the JS code
 * and the other way round, for dev URIs, mnemonics and hex seeds; bad signatures are refused.
 */
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate, sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import { pairSigner, sr25519Verify, wasmSigningPair } from './sr25519';

beforeAll(() => cryptoWaitReady());

describe('sr25519', () => {
  const keyring = () => new Keyring({ type: 'sr25519' });

  it('signs in wasm what the JS code verifies, for every kind of secret', () => {
    const secrets = ['//Alice', `${mnemonicGenerate()}//x`, mnemonicGenerate(), `0x${'ab'.repeat(32)}`];
    for (const secret of secrets) {
      const pair = secret.startsWith('0x')
        ? keyring().addFromSeed(Buffer.from(secret.slice(2), 'hex'))
        : keyring().addFromUri(secret);
      const sign = pairSigner(pair);
      const message = new Uint8Array([1, 2, 3, secret.length]);
      const sig = sign(message);
      expect(jsVerify(message, sig, pair.publicKey)).toBe(true);
      expect(sr25519Verify(message, sig, pair.publicKey)).toBe(true);
      expect(sr25519Verify(message, pair.sign(message), pair.publicKey)).toBe(true);
    }
  });

  it('refuses altered signatures, other keys and malformed input without throwing', () => {
    const alice = keyring().addFromUri('//Alice');
    const bob = keyring().addFromUri('//Bob');
    const message = new Uint8Array([9, 9, 9]);
    const sig = pairSigner(alice)(message);
    const altered = sig.slice();
    altered[40] ^= 1;
    expect(sr25519Verify(message, altered, alice.publicKey)).toBe(false);
    expect(sr25519Verify(message, sig, bob.publicKey)).toBe(false);
    expect(sr25519Verify(new Uint8Array([9, 9]), sig, alice.publicKey)).toBe(false);
    expect(sr25519Verify(message, sig.subarray(1), alice.publicKey)).toBe(false);
    expect(sr25519Verify(message, new Uint8Array(64).fill(0xff), alice.publicKey)).toBe(false);
  });

  it('falls back to the pair for ed25519 keys', () => {
    const pair = new Keyring({ type: 'ed25519' }).addFromUri('//Alice');
    const message = new Uint8Array([4, 5]);
    expect(Buffer.from(pairSigner(pair)(message))).toEqual(Buffer.from(pair.sign(message)));
  });

  it('a wasm-signing pair signs what the JS code verifies, with the type byte when asked, and is the pair otherwise', () => {
    const alice = keyring().addFromUri('//Alice');
    const fast = wasmSigningPair(alice);
    expect(wasmSigningPair(alice)).toBe(fast);
    expect(fast.address).toBe(alice.address);
    expect(fast.publicKey).toEqual(alice.publicKey);
    const message = new Uint8Array([4, 5, 6]);
    const plain = fast.sign(message);
    expect(plain.length).toBe(64);
    expect(jsVerify(message, plain, alice.publicKey)).toBe(true);
    const typed = fast.sign(message, { withType: true });
    expect(typed.length).toBe(65);
    // MultiSignature::Sr25519, as the pair's own sign puts it
    expect(typed[0]).toBe(alice.sign(message, { withType: true })[0]);
    expect(jsVerify(message, typed.subarray(1), alice.publicKey)).toBe(true);
    const ed = new Keyring({ type: 'ed25519' }).addFromUri('//Alice');
    expect(wasmSigningPair(ed)).toBe(ed);
  });
});
