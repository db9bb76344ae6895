import { RmbIdentity } from './identity';
import { PayloadKey } from './payload-crypto';

describe('payload encryption', () => {
  it('derives the same shared key on both sides and round-trips (rmb-rs e2e test keys)', () => {
    const a = new PayloadKey(
      Buffer.from('340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d', 'hex'),
    );
    const b = RmbIdentity.fromSecret(
      'tackle blouse grain dawn adult loyal tattoo price access tilt chimney silk',
    ).payloadKey!;
    expect(a.sharedKey(b.publicKey)).toEqual(b.sharedKey(a.publicKey));
    const cipher = a.encrypt(b.publicKey, Buffer.from('hello world'));
    expect(cipher.length).toBe(12 + 11 + 16);
    expect(Buffer.from(b.decrypt(a.publicKey, cipher)).toString()).toBe('hello world');
    // a hex seed gives the same key as the raw secret
    expect(
      RmbIdentity.fromSecret('0x340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d').payloadKey!
        .publicKey,
    ).toEqual(a.publicKey);
  });

  it('refuses a tampered cipher and a third party', () => {
    const a = PayloadKey.generate();
    const b = PayloadKey.generate();
    const cipher = a.encrypt(b.publicKey, Buffer.from('{"x":1}'));
    const tampered = new Uint8Array(cipher);
    tampered[14] ^= 1;
    expect(() => b.decrypt(a.publicKey, tampered)).toThrow(/cannot decrypt/);
    expect(() => PayloadKey.generate().decrypt(a.publicKey, cipher)).toThrow(/cannot decrypt/);
    expect(() => b.decrypt(a.publicKey, cipher.subarray(0, 20))).toThrow(/too short/);
    expect(() => a.encrypt(new Uint8Array(33), Buffer.from('x'))).toThrow(/not a valid secp256k1 public key/);
  });
});
