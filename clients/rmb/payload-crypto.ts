/**
 * End-to-end payload encryption between twins, as rmb peers do it: secp256k1 ECDH with the peer's
 * chain `pk`, key = sha256(x coordinate of the shared point), AES-256-GCM, wire form
 * nonce(12) || ciphertext || tag(16).
 */
import { createCipheriv, createDecipheriv, createECDH, createHash, randomBytes } from 'crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Peers whose shared key a PayloadKey keeps (beyond it the kept keys are dropped and derived again). */
const SHARED_KEYS_KEPT = 10_000;

/** A secp256k1 key pair used only for payload encryption; the private key never leaves this object. */
export class PayloadKey {
  /** compressed secp256k1 public key (33 bytes): what a twin publishes as `pk` on chain */
  readonly publicKey: Uint8Array;
  readonly #ecdh: ReturnType<typeof createECDH>;
  /**
   * shared key by peer public key (hex): the ECDH costs about 1.5 ms, and a peer is sent a request
   * and answers it (or is asked again and again): each derived once
   */
  readonly #shared = new Map<string, Buffer>();

  /** @param privateKey 32-byte secp256k1 secret (for a mnemonic: the first 32 bytes of its substrate mini secret) */
  constructor(privateKey: Uint8Array) {
    if (privateKey.length !== 32) {
      throw new Error(`rmb: a payload key needs a 32-byte secp256k1 secret, got ${privateKey.length} bytes`);
    }
    this.#ecdh = createECDH('secp256k1');
    try {
      this.#ecdh.setPrivateKey(Buffer.from(privateKey));
    } catch {
      throw new Error('rmb: the secret is not a valid secp256k1 private key (zero or above the curve order)');
    }
    this.publicKey = new Uint8Array(this.#ecdh.getPublicKey(null, 'compressed'));
  }

  /** Creates a key from fresh random bytes (tests, throwaway twins). */
  static generate(): PayloadKey {
    const ecdh = createECDH('secp256k1');
    ecdh.generateKeys();
    return new PayloadKey(ecdh.getPrivateKey());
  }

  /** sha256 of the x coordinate of ECDH(this secret, peer public key): the AES-256 key both sides derive. */
  sharedKey(peerPublicKey: Uint8Array): Buffer {
    const peer = Buffer.from(peerPublicKey).toString('hex');
    let key = this.#shared.get(peer);
    if (!key) {
      key = this.deriveSharedKey(peerPublicKey);
      if (this.#shared.size >= SHARED_KEYS_KEPT) this.#shared.clear();
      this.#shared.set(peer, key);
    }
    return key;
  }

  private deriveSharedKey(peerPublicKey: Uint8Array): Buffer {
    let x: Buffer;
    try {
      x = this.#ecdh.computeSecret(Buffer.from(peerPublicKey));
    } catch {
      throw new Error(
        `rmb: the peer's pk is not a valid secp256k1 public key (${peerPublicKey.length} bytes; expected 33 compressed or 65 uncompressed)`,
      );
    }
    return createHash('sha256').update(x).digest();
  }

  /** Encrypts `plain` for the owner of `peerPublicKey`; returns nonce || ciphertext || tag. */
  encrypt(peerPublicKey: Uint8Array, plain: Uint8Array): Uint8Array {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sharedKey(peerPublicKey), nonce);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return new Uint8Array(Buffer.concat([nonce, body]));
  }

  /** Decrypts a payload that `peerPublicKey`'s owner encrypted for this key; throws when it was tampered with. */
  decrypt(peerPublicKey: Uint8Array, data: Uint8Array): Uint8Array {
    if (data.length < NONCE_BYTES + TAG_BYTES) {
      throw new Error(
        `rmb: cipher payload too short (${data.length} bytes, need at least ${NONCE_BYTES + TAG_BYTES})`,
      );
    }
    const buf = Buffer.from(data);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.sharedKey(peerPublicKey),
      buf.subarray(0, NONCE_BYTES),
    );
    decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
    try {
      return new Uint8Array(
        Buffer.concat([decipher.update(buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES)), decipher.final()]),
      );
    } catch {
      throw new Error('rmb: cannot decrypt payload (wrong key pair or tampered cipher)');
    }
  }
}
