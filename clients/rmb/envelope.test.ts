import {
  Envelope,
  decodeEnvelope,
  encodeEnvelope,
  envelopeChallenge,
  envelopeHash,
  envelopeSignatureProblem,
  envelopeTtl,
  signEnvelope,
  stampEnvelope,
} from './envelope';
import { Keyring } from '@polkadot/keyring';
import { RmbIdentity } from './identity';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const MNEMONIC = 'tackle blouse grain dawn adult loyal tattoo price access tilt chimney silk';

describe('envelope wire format', () => {
  it('uses the rmb-rs field numbers (bytes worked out by hand)', () => {
    const env: Envelope = {
      uid: 'a',
      timestamp: 1,
      expiration: 2,
      source: { twin: 3 },
      destination: { twin: 4, connection: 'c' },
      request: { command: 'x' },
      plain: utf8('y'),
    };
    expect(hex(encodeEnvelope(env))).toBe(
      '0a0161' + '1801' + '2002' + '2a020803' + '32050804120163' + '3a030a0178' + '6a0179',
    );
    expect(hex(encodeEnvelope({ uid: 'p', timestamp: 0, expiration: 0, ping: {} }))).toBe('0a01707a00');
    expect(hex(encodeEnvelope({ uid: '', timestamp: 0, expiration: 0, pong: {}, relays: ['r'] }))).toBe(
      '820100' + '8a010172',
    );
    expect(
      hex(encodeEnvelope({ uid: '', timestamp: 0, expiration: 0, error: { code: 1, message: 'm' } })),
    ).toBe('62050801' + '12016d');
  });

  it('round-trips every field', () => {
    const env: Envelope = {
      uid: 'b4c1f3a2-uid',
      tags: 'fail-fast',
      timestamp: 1700000000123,
      expiration: 300,
      source: { twin: 42, connection: 'session-1' },
      destination: { twin: 7 },
      response: {},
      signature: new Uint8Array(65).fill(9),
      schema: 'application/json',
      federation: 'relay.dev.grid.tf',
      cipher: new Uint8Array([1, 2, 3, 255]),
      relays: ['relay.dev.grid.tf', 'relay.02.dev.grid.tf'],
    };
    expect(decodeEnvelope(encodeEnvelope(env))).toEqual(env);
    const err: Envelope = {
      uid: 'e',
      timestamp: 5,
      expiration: 9,
      destination: { twin: 2 },
      error: { code: 0, message: 'boom' },
    };
    expect(decodeEnvelope(encodeEnvelope(err))).toEqual(err);
  });

  it('refuses two messages or two payloads, and garbage bytes', () => {
    expect(() => encodeEnvelope({ uid: 'x', timestamp: 0, expiration: 0, ping: {}, pong: {} })).toThrow(
      /several messages/,
    );
    expect(() =>
      encodeEnvelope({ uid: 'x', timestamp: 0, expiration: 0, plain: utf8('a'), cipher: utf8('b') }),
    ).toThrow(/both a plain and a cipher/);
    expect(() => decodeEnvelope(new Uint8Array([0x0a, 0x09, 0x01]))).toThrow(/failed to load input message/);
  });
});

describe('envelope challenge', () => {
  it('matches the md5 of the concatenation worked out by hand', () => {
    const req: Envelope = {
      uid: 'abc',
      timestamp: 1700000000,
      expiration: 60,
      source: { twin: 7, connection: 's1' },
      destination: { twin: 11 },
      request: { command: 'zos.statistics.get' },
      schema: 'application/json',
      plain: utf8('{}'),
    };
    expect(Buffer.from(envelopeChallenge(req)).toString()).toBe(
      'abc1700000000607s111zos.statistics.getapplication/json{}',
    );
    // printf '%s' 'abc1700000000607s111zos.statistics.getapplication/json{}' | md5sum
    expect(hex(envelopeHash(req))).toBe('a7d6e724347d20b7a7cc35164736af03');
    // relay error: no source (twin 0), code then message
    const err: Envelope = {
      uid: 'u1',
      timestamp: 10,
      expiration: 300,
      destination: { twin: 5 },
      error: { code: 104, message: 'bad' },
    };
    expect(hex(envelopeHash(err))).toBe('200a49bd092f2661d83164301c6e9455');
  });

  it('ignores the signature field', () => {
    const env: Envelope = { uid: 'u', timestamp: 1, expiration: 1, response: {} };
    expect(envelopeHash({ ...env, signature: new Uint8Array(65) })).toEqual(envelopeHash(env));
  });
});

describe('envelope signatures', () => {
  const base: Envelope = {
    uid: 'sig-1',
    timestamp: 1700000000,
    expiration: 60,
    source: { twin: 1 },
    destination: { twin: 2 },
    request: { command: 'zos.deployment.get' },
    schema: 'application/json',
    plain: utf8('{"contract_id":5}'),
  };

  it.each(['sr25519', 'ed25519'] as const)('signs and verifies with %s, and rejects tampering', (keyType) => {
    const id = RmbIdentity.fromSecret(MNEMONIC, keyType);
    const signed = signEnvelope(base, id);
    expect(signed.signature?.length).toBe(65);
    expect(signed.signature?.[0]).toBe(keyType === 'sr25519' ? 0x73 : 0x65);
    const decoded = decodeEnvelope(encodeEnvelope(signed));
    expect(envelopeSignatureProblem(decoded, id)).toBeUndefined();
    expect(envelopeSignatureProblem({ ...decoded, plain: utf8('{"contract_id":6}') }, id)).toMatch(
      /verification failed/,
    );
    expect(envelopeSignatureProblem({ ...decoded, source: { twin: 3 } }, id)).toMatch(/verification failed/);
    expect(envelopeSignatureProblem({ ...decoded, signature: undefined }, id)).toBe('message is not signed');
    const other = keyType === 'sr25519' ? 'ed25519' : 'sr25519';
    expect(
      envelopeSignatureProblem(decoded, { accountPublicKey: id.accountPublicKey, keyType: other }),
    ).toMatch(/invalid signature type/);
    const stranger = RmbIdentity.fromSecret('//Bob', keyType);
    expect(envelopeSignatureProblem(decoded, stranger)).toMatch(/verification failed/);
  });

  it('signs as the same twin from a key pair derived already (a dev grid node), without a payload key', () => {
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(`${MNEMONIC}//node/1`);
    const id = RmbIdentity.fromPair(pair);
    expect(id.accountPublicKey).toEqual(RmbIdentity.fromSecret(`${MNEMONIC}//node/1`).accountPublicKey);
    expect(id.payloadKey).toBeUndefined();
    const decoded = decodeEnvelope(encodeEnvelope(signEnvelope(base, id)));
    expect(envelopeSignatureProblem(decoded, RmbIdentity.fromSecret(`${MNEMONIC}//node/1`))).toBeUndefined();
    expect(() => RmbIdentity.fromPair(new Keyring({ type: 'ecdsa' }).addFromUri('//Alice'))).toThrow(
      /unsupported key type 'ecdsa'/,
    );
  });

  it('derives the payload key only from a mnemonic or seed, and never prints the secret', () => {
    expect(RmbIdentity.fromSecret(MNEMONIC).payloadKey?.publicKey.length).toBe(33);
    expect(RmbIdentity.fromSecret('//Alice').payloadKey).toBeUndefined();
    expect(() =>
      RmbIdentity.fromSecret('tackle blouse grain dawn adult loyal tattoo price access tilt chimney silky'),
    ).toThrow(/not a valid bip39 mnemonic/);
    let message = '';
    try {
      RmbIdentity.fromSecret('secret words that leak');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a valid/);
    expect(message).not.toContain('leak');
    expect(JSON.stringify(RmbIdentity.fromSecret(MNEMONIC))).not.toContain('tackle');
  });
});

describe('ttl and stamp', () => {
  it('follows rmb-rs', () => {
    const env: Envelope = { uid: 'x', timestamp: 10, expiration: 20, ping: {} };
    expect(envelopeTtl(env, 0)).toBe(30);
    expect(envelopeTtl(env, 29)).toBe(1);
    expect(envelopeTtl(env, 30)).toBe(0);
    expect(stampEnvelope(env, 15)).toMatchObject({ timestamp: 15, expiration: 15 });
    expect(stampEnvelope(env, 5)).toMatchObject({ timestamp: 5, expiration: 20 });
    expect(stampEnvelope({ ...env, timestamp: 0 }, 7)).toMatchObject({ timestamp: 7, expiration: 20 });
    expect(stampEnvelope(env, 40)).toMatchObject({ timestamp: 40, expiration: 0 });
  });
});
