import { RmbIdentity } from './identity';
import { createRelayToken, decodeRelayToken, verifyRelayToken } from './jwt';

const b64json = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString());

describe('relay token', () => {
  it.each(['sr25519', 'ed25519'] as const)('creates and verifies a %s token', (keyType) => {
    const id = RmbIdentity.fromSecret('//Alice', keyType);
    const token = createRelayToken(id, 17, { sid: 'cli', ttlSeconds: 60, now: 1000 });
    const [h, c, s] = token.split('.');
    expect(b64json(h)).toEqual({ alg: 'RS512', typ: 'JWT' });
    expect(b64json(c)).toEqual({ sub: 17, iat: 1000, exp: 1060, sid: 'cli' });
    expect(s).not.toMatch(/[=+/]/);
    const sig = Buffer.from(s, 'base64url');
    expect(sig.length).toBe(65);
    expect(sig[0]).toBe(keyType === 'sr25519' ? 0x73 : 0x65);
    expect(verifyRelayToken(token, id.accountPublicKey, { now: 1030 })).toEqual({
      sub: 17,
      iat: 1000,
      exp: 1060,
      sid: 'cli',
    });
  });

  it('refuses an expired token, a foreign key, a changed claim and a wrong algorithm', () => {
    const alice = RmbIdentity.fromSecret('//Alice');
    const bob = RmbIdentity.fromSecret('//Bob');
    const token = createRelayToken(alice, 1, { now: 1000, ttlSeconds: 10 });
    expect(() => verifyRelayToken(token, alice.accountPublicKey, { now: 1011 })).toThrow(/expired/);
    expect(() => verifyRelayToken(token, bob.accountPublicKey, { now: 1005 })).toThrow(
      /invalid signature for twin 1/,
    );
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 2, iat: 1000, exp: 1010 })).toString('base64url')}.${s}`;
    expect(() => verifyRelayToken(forged, alice.accountPublicKey, { now: 1005 })).toThrow(
      /verification failed/,
    );
    const hs = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${token.split('.')[1]}.${s}`;
    expect(() => verifyRelayToken(hs, alice.accountPublicKey, { now: 1005 })).toThrow(/algorithm mismatch/);
    expect(() => verifyRelayToken(token, alice.accountPublicKey, { now: 1005, keyType: 'ed25519' })).toThrow(
      /expected ed25519/,
    );
  });

  it('reads the rmb-rs form (sid null, no typ) and refuses malformed tokens with status 400', () => {
    // header/claims copied from rmb-rs's token test: {"alg":"RS512"} {"sub":7,"iat":1673267150,"exp":60}
    const d = decodeRelayToken(
      'eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOjcsImlhdCI6MTY3MzI2NzE1MCwiZXhwIjo2MH0.ZRCH2iy6',
    );
    expect(d.header).toEqual({ alg: 'RS512' });
    expect(d.claims).toEqual({ sub: 7, iat: 1673267150, exp: 60 });
    const withNull = `e30.${Buffer.from('{"sub":3,"sid":null,"iat":1,"exp":2}').toString('base64url')}.AA`;
    expect(decodeRelayToken(withNull).claims).toEqual({ sub: 3, iat: 1, exp: 2 });
    expect(() => decodeRelayToken('abc')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() =>
      decodeRelayToken(`e30.${Buffer.from('{"sub":"x","iat":1,"exp":2}').toString('base64url')}.AA`),
    ).toThrow(/'sub' must be/);
  });
});
