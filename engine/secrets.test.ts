import { projectSecretSeed, secretValues } from './secrets';
import { wireguardPublicKey } from '../model/zos/wireguard-key';
import { resolveUnit, resultField, UnresolvedError } from '../constructs/resolve';
import type { DeploymentUnit, Manifest } from '../constructs/manifest';

describe('generated secrets', () => {
  const manifest = {
    project: 'p',
    secrets: [
      { name: 'wg', kind: 'wireguard-private-key', source: 'generate' },
      { name: 'pw', kind: 'password', source: 'given' },
    ],
  } as unknown as Manifest;

  it('are reproducible from the account secret and differ per project and account', () => {
    const a = secretValues(manifest, { pw: 'x' }, 'mnemonic one');
    expect(secretValues(manifest, { pw: 'x' }, 'mnemonic one')).toEqual(a);
    expect(secretValues(manifest, { pw: 'x' }, 'mnemonic two').wg).not.toBe(a.wg);
    expect(projectSecretSeed('m', 'a')).not.toBe(projectSecretSeed('m', 'b'));
    expect(a.pw).toBe('x');
    expect(Buffer.from(a.wg, 'base64')).toHaveLength(32);
  });
  it('refuses a given secret without its value, without showing any value', () => {
    expect(() => secretValues(manifest, {}, 'm')).toThrow("secret 'pw' (password) has no value");
  });
  it('computes the wireguard public key as wg does (RFC 7748 test vector)', () => {
    // RFC 7748 section 6.1: Alice's private and public keys
    const priv = Buffer.from(
      '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
      'hex',
    ).toString('base64');
    const pub = Buffer.from(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
      'hex',
    ).toString('base64');
    expect(wireguardPublicKey(priv)).toBe(pub);
    // and Bob's
    const bob = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
    expect(wireguardPublicKey(bob('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))).toBe(
      bob('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
    );
  });
});

describe('resolveUnit', () => {
  const unit = {
    kind: 'deployment',
    id: 'u2',
    workloads: [
      {
        version: 0,
        name: 'fs',
        type: 'qsfs',
        metadata: '',
        description: '',
        data: {
          addr: '${ref:u1/db/address}',
          ns: '${ref:u1/db/Namespace}',
          key: '${secret:k}',
          url: 'https://${ref:u1/vm/ip}:6443',
          pub: '${wgpub:wg}',
          ep: '${endpoint:u1/net}',
        },
      },
    ],
  } as unknown as DeploymentUnit;
  const wg = Buffer.alloc(32, 1).toString('base64');
  const ctx = {
    secrets: { k: 'abc', wg },
    results: new Map([
      [
        'u1',
        new Map<string, unknown>([
          ['db', { Namespace: '7-1-db', IPs: ['::1'], Port: 9900 }],
          ['vm', { ip: '10.20.2.2' }],
        ]),
      ],
    ]),
    endpoint: (u: string, n: string) => (u === 'u1' && n === 'net' ? '127.0.0.1:3000' : undefined),
  };

  it('replaces every kind of placeholder, inside longer strings too', () => {
    const [w] = resolveUnit(unit, ctx);
    expect(w.data).toEqual({
      addr: '[::1]:9900',
      ns: '7-1-db',
      key: 'abc',
      url: 'https://10.20.2.2:6443',
      pub: wireguardPublicKey(wg),
      ep: '127.0.0.1:3000',
    });
  });
  it('names every placeholder it cannot resolve', () => {
    const err = (() => {
      try {
        resolveUnit(unit, { ...ctx, results: new Map() });
      } catch (e) {
        return e as UnresolvedError;
      }
    })();
    expect(err).toBeInstanceOf(UnresolvedError);
    expect(err!.placeholders).toEqual(['${ref:u1/db/Namespace}', '${ref:u1/db/address}', '${ref:u1/vm/ip}']);
  });
  it('reads result fields, ipv4 addresses and CIDRs', () => {
    expect(resultField({ IPs: ['10.0.0.1'], Port: 1 }, 'address')).toBe('10.0.0.1:1');
    expect(resultField({ ip: '1.2.3.4/24' }, 'ip')).toBe('1.2.3.4');
    expect(resultField({ fqdn: '' }, 'fqdn')).toBeUndefined();
  });
});
