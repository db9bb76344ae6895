/**
 * sr25519PairFromUri gives the keyring's own pair (public key, secret, address) for every kind of
 * secret URI, and its signatures verify.
 */
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate, signatureVerify } from '@polkadot/util-crypto';
import { sr25519PairFromUri } from './sr25519-uri';

const MNEMONIC = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

describe('sr25519PairFromUri', () => {
  beforeAll(() => cryptoWaitReady());

  it.each([
    MNEMONIC,
    `${MNEMONIC}//Alice`,
    '//Alice',
    '//Bob//stash',
    `${MNEMONIC}/soft`,
    `${MNEMONIC}//hard/soft/1//2`,
    `${MNEMONIC}//Alice///secret password`,
    `0x${'ab'.repeat(32)}`,
    `0x${'01'.repeat(32)}//derived`,
    'short raw seed',
  ])('derives what the keyring derives from %s', (suri) => {
    const fast = sr25519PairFromUri(suri);
    const slow = new Keyring({ type: 'sr25519' }).addFromUri(suri);
    expect(fast.type).toBe('sr25519');
    expect(Buffer.from(fast.publicKey).toString('hex')).toBe(Buffer.from(slow.publicKey).toString('hex'));
    expect(fast.address).toBe(slow.address);
    // the secret scalar is the keyring's (a soft derivation draws the other half, the nonce, at random)
    const scalar = (p: typeof fast) => Buffer.from(p.encodePkcs8().slice(16, 48)).toString('hex');
    expect(scalar(fast)).toBe(scalar(slow));
    const message = new Uint8Array([1, 2, 3]);
    expect(signatureVerify(message, fast.sign(message), slow.address).isValid).toBe(true);
  });

  it('derives a fresh mnemonic as the keyring does', () => {
    const m = mnemonicGenerate(24);
    expect(sr25519PairFromUri(`${m}//0`).address).toBe(
      new Keyring({ type: 'sr25519' }).addFromUri(`${m}//0`).address,
    );
  });

  it('refuses a raw seed longer than 32 bytes as the keyring does', () => {
    const long = 'x'.repeat(40);
    expect(() => new Keyring({ type: 'sr25519' }).addFromUri(long)).toThrow();
    expect(() => sr25519PairFromUri(long)).toThrow(/invalid as a raw seed/);
  });
});
