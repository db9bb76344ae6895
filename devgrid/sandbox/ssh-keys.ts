/**
 * SSH keys for the dev grid's machine sandboxes, made with node's crypto only (no native binding):
 * OpenSSH encodings of ed25519 keys, deterministic host keys from a seed, and key fingerprints.
 *
 * Wire formats (RFC 4251 `string` = uint32 length + bytes):
 * - public key blob: string "ssh-ed25519" + string pub32 (RFC 8709);
 * - private key file: OpenSSH's "openssh-key-v1" container, unencrypted.
 */
import * as crypto from 'crypto';

const ED25519 = 'ssh-ed25519';

/** An SSH key pair usable by ssh2's Client (`privateKey`) and as an authorized key line (`publicKeyLine`). */
export interface SshKeyPair {
  /** private key in OpenSSH format (`-----BEGIN OPENSSH PRIVATE KEY-----`), unencrypted */
  readonly privateKey: string;
  /** the public key as one OpenSSH line: `ssh-ed25519 AAAA... comment` */
  readonly publicKeyLine: string;
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** The SSH wire blob of an ed25519 public key: string "ssh-ed25519" + string pub32. */
export function ed25519PublicKeyBlob(publicKey: Uint8Array): Buffer {
  if (publicKey.length !== 32) {
    throw new Error(
      `ed25519 public key must be 32 bytes, got ${publicKey.length}: pass the raw key, not DER or PEM`,
    );
  }
  return Buffer.concat([sshString(ED25519), sshString(Buffer.from(publicKey))]);
}

/** OpenSSH public key line of a raw 32-byte ed25519 public key, e.g. for a machine's `SSH_KEY` env. */
export function ed25519PublicKeyToOpenSsh(publicKey: Uint8Array, comment = ''): string {
  const line = `${ED25519} ${ed25519PublicKeyBlob(publicKey).toString('base64')}`;
  return comment ? `${line} ${comment}` : line;
}

/** Raw 32-byte seed and public key of a node crypto ed25519 private key. */
function rawEd25519(key: crypto.KeyObject): { seed: Buffer; publicKey: Buffer } {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x) throw new Error('expected an ed25519 private key');
  return { seed: Buffer.from(jwk.d, 'base64url'), publicKey: Buffer.from(jwk.x, 'base64url') };
}

/** The OpenSSH private key file ("openssh-key-v1", no cipher) of an ed25519 key. */
export function ed25519PrivateKeyToOpenSsh(key: crypto.KeyObject, comment = ''): string {
  return openSshPrivateKey(rawEd25519(key), comment);
}

function openSshPrivateKey({ seed, publicKey }: { seed: Buffer; publicKey: Buffer }, comment: string): string {
  const blob = ed25519PublicKeyBlob(publicKey);
  // Same random check int twice: the reader compares them to detect a wrong passphrase.
  const check = crypto.randomBytes(4);
  let priv = Buffer.concat([
    check,
    check,
    sshString(ED25519),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  // Pad to the cipher block size (8 for "none") with bytes 1, 2, 3, ...
  const pad = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(blob),
    sshString(priv),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * An ed25519 private key from a 32-byte seed (the same seed always gives the same key). It goes into
 * OpenSSL as a JWK, which Node imports from the raw seed: a PKCS#8 DER import runs OpenSSL 3's
 * decoder lookup, several times slower, and every machine a dev node starts needs a host key. The
 * JWK's `x` is not read for a private key: OpenSSL derives it.
 */
export function ed25519KeyFromSeed(seed32: Uint8Array): crypto.KeyObject {
  if (seed32.length !== 32) throw new Error(`ed25519 seed must be 32 bytes, got ${seed32.length}`);
  return crypto.createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(seed32).toString('base64url'), x: '' },
    format: 'jwk',
  });
}

/** A fresh ed25519 key pair in OpenSSH formats. */
export function generateSshKeyPair(comment = 'devgrid'): SshKeyPair {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return sshKeyPairOf(privateKey, comment);
}

/** Both OpenSSH encodings of an ed25519 private key. */
export function sshKeyPairOf(privateKey: crypto.KeyObject, comment = ''): SshKeyPair {
  // one export of the key serves both encodings
  const raw = rawEd25519(privateKey);
  return {
    privateKey: openSshPrivateKey(raw, comment),
    publicKeyLine: ed25519PublicKeyToOpenSsh(raw.publicKey, comment),
  };
}

/**
 * A host key pair derived from a seed string, so a restarted node gives its machine the same host
 * key (clients' known_hosts stay valid). The seed is hashed with a domain tag; it is not secret
 * material of the user, but it is never logged either.
 */
export function hostKeyPairFromSeed(hostKeySeed: string): SshKeyPair {
  const seed = crypto.createHash('sha256').update(`tfgrid-devgrid/sandbox-host-key/${hostKeySeed}`).digest();
  const jwk = ed25519KeyFromSeed(seed).export({ format: 'jwk' }) as { x: string };
  const publicKey = Buffer.from(jwk.x, 'base64url');
  return {
    privateKey: openSshPrivateKey({ seed, publicKey }, 'devgrid-host'),
    publicKeyLine: ed25519PublicKeyToOpenSsh(publicKey, 'devgrid-host'),
  };
}

/** OpenSSH's fingerprint of a public key blob: `SHA256:` + unpadded base64 of its sha256. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The public key blob of an OpenSSH public key line (`type base64 [comment]`). */
export function publicKeyBlobOfLine(line: string): Buffer {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2) throw new Error('public key line must be "<type> <base64> [comment]"');
  return Buffer.from(parts[1], 'base64');
}
