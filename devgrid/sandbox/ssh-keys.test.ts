import * as crypto from 'crypto';
import { utils } from 'ssh2';
import { parseAuthorizedKeys, findAuthorizedKey } from './authorized-keys';
import {
  ed25519KeyFromSeed,
  ed25519PublicKeyToOpenSsh,
  generateSshKeyPair,
  hostKeyPairFromSeed,
  sshKeyPairOf,
  publicKeyBlobOfLine,
  sshFingerprint,
} from './ssh-keys';

describe('ssh keys', () => {
  test('public key line matches the key node crypto exports', () => {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const line = ed25519PublicKeyToOpenSsh(raw, 'me@host');
    expect(line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/=]+ me@host$/);
    const parsed = utils.parseKey(line);
    if (parsed instanceof Error) throw parsed;
    expect(parsed.type).toBe('ssh-ed25519');
    expect(parsed.getPublicSSH().subarray(-32).equals(raw)).toBe(true);
  });

  test('rejects a public key that is not 32 raw bytes', () => {
    expect(() => ed25519PublicKeyToOpenSsh(new Uint8Array(44))).toThrow(/32 bytes/);
  });

  test('generated private key signs what the public line verifies (ssh2 parser)', () => {
    const pair = generateSshKeyPair('test');
    const priv = utils.parseKey(pair.privateKey);
    const pub = utils.parseKey(pair.publicKeyLine);
    if (priv instanceof Error) throw priv;
    if (pub instanceof Error) throw pub;
    expect(priv.isPrivateKey()).toBe(true);
    const data = Buffer.from('challenge');
    expect(pub.verify(data, priv.sign(data))).toBe(true);
    expect(pub.verify(Buffer.from('other'), priv.sign(data))).toBe(false);
  });

  test('host key from a seed is stable and differs between seeds', () => {
    const a1 = hostKeyPairFromSeed('node-1/w1');
    const a2 = hostKeyPairFromSeed('node-1/w1');
    const b = hostKeyPairFromSeed('node-1/w2');
    expect(a1.publicKeyLine).toBe(a2.publicKeyLine);
    expect(b.publicKeyLine).not.toBe(a1.publicKeyLine);
    const fp = sshFingerprint(publicKeyBlobOfLine(a1.publicKeyLine));
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // the key node's crypto derives from the same seed, and one that signs what its public key verifies
    const seed = crypto.createHash('sha256').update('tfgrid-devgrid/sandbox-host-key/node-1/w1').digest();
    expect(sshKeyPairOf(ed25519KeyFromSeed(seed), 'devgrid-host').publicKeyLine).toBe(a1.publicKeyLine);
    // and the key OpenSSL makes of the same seed in PKCS#8 (RFC 8410)
    const der = crypto.createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    });
    expect(sshKeyPairOf(der, 'devgrid-host').publicKeyLine).toBe(a1.publicKeyLine);
    const priv = utils.parseKey(a1.privateKey);
    const pub = utils.parseKey(a1.publicKeyLine);
    if (priv instanceof Error || pub instanceof Error) throw new Error('host key does not parse');
    expect(pub.verify(Buffer.from('x'), priv.sign(Buffer.from('x')))).toBe(true);
  });

  test('authorized keys: options prefix, several lines, garbage skipped by line number', () => {
    const a = generateSshKeyPair('a');
    const b = generateSshKeyPair('b');
    const { keys, skipped } = parseAuthorizedKeys([
      `${a.publicKeyLine}\n# comment\n\nnot a key`,
      `from="127.0.0.1" ${b.publicKeyLine}`,
    ]);
    expect(keys.map((k) => k.type)).toEqual(['ssh-ed25519', 'ssh-ed25519']);
    expect(skipped).toEqual([
      expect.stringMatching(/^authorized key line 4: no "<type> <base64>" key found/),
    ]);
    expect(findAuthorizedKey(keys, publicKeyBlobOfLine(b.publicKeyLine))?.type).toBe('ssh-ed25519');
    expect(findAuthorizedKey(keys, publicKeyBlobOfLine(generateSshKeyPair().publicKeyLine))).toBeUndefined();
  });
});
