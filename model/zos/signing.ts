/**
 * Signing and verifying deployments like zos: a twin signs the 16 raw md5 bytes of the
 * challenge (or `<Bytes>hex</Bytes>` with the polka-wallet style) with ed25519 or sr25519
 * (substrate signing context); the node checks every requested twin and the total weight.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicValidate } from '@polkadot/util-crypto';
import { ed25519Verify } from '../crypto/ed25519';
import { pairSigner, sr25519Verify } from '../crypto/sr25519';
import { deploymentHash } from './challenge';
import type { Deployment, Signature, SignatureType } from './types';
import type { Problem } from './workload-type';

/** A twin's key that signs; the chain and RMB clients reuse it. It never exposes the secret. */
export interface Signer {
  /** the twin this key belongs to */
  readonly twinId: number;
  readonly type: SignatureType;
  /** 32-byte public key (the twin's account id) */
  readonly publicKey: Uint8Array;
  /** SS58 address of the key (substrate generic prefix 42) */
  readonly address: string;
  /** signs raw bytes (sr25519 with the `substrate` context); returns the 64-byte signature */
  sign(message: Uint8Array): Uint8Array;
}

/** Where a key comes from. */
export interface SignerOptions {
  /** the twin id the key belongs to (0 before the twin exists) */
  readonly twinId: number;
  /** @default 'sr25519' */
  readonly type?: SignatureType;
  /**
   * A BIP39 mnemonic, a hex seed (32 bytes, `0x` optional) or a dev URI such as `//Alice`.
   * Never logged and never part of an error message.
   */
  readonly secret: string;
}

/** Builds a keyring pair from a mnemonic, hex seed or dev URI (after cryptoWaitReady). */
export async function createKeyringPair(
  secret: string,
  type: SignatureType = 'sr25519',
): Promise<KeyringPair> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type, ss58Format: 42 });
  if (typeof secret !== 'string' || secret.trim() === '')
    throw new Error(
      'signing key: the secret is empty; pass a mnemonic, a 32-byte hex seed or a dev URI like //Alice',
    );
  const s = secret.trim();
  if (/^(0x)?[0-9a-fA-F]+$/.test(s) && !s.includes(' ')) {
    const hex = s.startsWith('0x') ? s : `0x${s}`;
    if (hex.length !== 66)
      throw new Error(
        `signing key: a hex seed must be 32 bytes (64 hex characters), got ${(hex.length - 2) / 2} bytes`,
      );
    return keyring.addFromSeed(hexToU8a(hex));
  }
  if (s.startsWith('//')) return keyring.addFromUri(s);
  const phrase = s.split('//')[0].split('///')[0].trim();
  if (!mnemonicValidate(phrase)) {
    throw new Error(
      'signing key: the mnemonic is not a valid BIP39 phrase (12 to 24 English words with a valid checksum); check for typos',
    );
  }
  return keyring.addFromUri(s);
}

/** Wraps a keyring pair as a Signer for twin `twinId`. */
export function signerFromPair(twinId: number, pair: KeyringPair): Signer {
  if (pair.type !== 'ed25519' && pair.type !== 'sr25519')
    throw new Error(`signing key: type '${pair.type}' is not supported; use ed25519 or sr25519`);
  const sign = pairSigner(pair);
  return {
    twinId,
    type: pair.type,
    publicKey: pair.publicKey,
    address: pair.address,
    sign,
  };
}

/** A Signer from a mnemonic, hex seed or dev URI. */
export async function createSigner(opts: SignerOptions): Promise<Signer> {
  const pair = await createKeyringPair(opts.secret, opts.type ?? 'sr25519');
  return signerFromPair(opts.twinId, pair);
}

/** The bytes twins sign for this deployment: the md5, or `<Bytes>hex(md5)</Bytes>` for polka-wallet. */
export function signedMessage(d: Deployment): Uint8Array {
  const hash = deploymentHash(d);
  if (d.signature_requirement?.signature_style === 'polka-wallet') {
    return new Uint8Array(Buffer.from(`<Bytes>${Buffer.from(hash).toString('hex')}</Bytes>`, 'utf8'));
  }
  return hash;
}

/** A copy of the deployment with the signer's signature added, or replacing the twin's earlier one. */
export function signDeployment(d: Deployment, signer: Signer): Deployment {
  const signature: Signature = {
    twin_id: signer.twinId,
    signature: Buffer.from(signer.sign(signedMessage(d))).toString('hex'),
    signature_type: signer.type,
  };
  const sr = d.signature_requirement;
  const existing = sr.signatures ?? [];
  const signatures = existing.some((s) => s.twin_id === signer.twinId)
    ? existing.map((s) => (s.twin_id === signer.twinId ? signature : s))
    : [...existing, signature];
  return { ...d, signature_requirement: { ...sr, signatures } };
}

/** A twin's public key as the chain knows it (the twin's account id). */
export interface TwinKey {
  /** 32 bytes, or hex (0x optional) */
  readonly publicKey: Uint8Array | string;
  /** informational: zos picks the algorithm from the signature's signature_type */
  readonly type?: SignatureType;
}

/** Outcome of checking a deployment's signatures. */
export interface SignatureCheck {
  readonly valid: boolean;
  /** sum of the weights of requests with a verified signature */
  readonly weight: number;
  readonly problems: Problem[];
}

/** True when `signature` (hex) by `publicKey` over `message` verifies with `type`. */
export async function verifySignature(
  message: Uint8Array,
  signatureHex: string,
  publicKey: Uint8Array | string,
  type: SignatureType,
): Promise<boolean> {
  await cryptoWaitReady();
  if (typeof signatureHex !== 'string' || !/^(0x)?([0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  const sig = hexToU8a(signatureHex.startsWith('0x') ? signatureHex : `0x${signatureHex}`);
  const pk =
    typeof publicKey === 'string'
      ? hexToU8a(publicKey.startsWith('0x') ? publicKey : `0x${publicKey}`)
      : publicKey;
  if (sig.length !== 64 || pk.length !== 32) return false;
  try {
    return type === 'sr25519' ? sr25519Verify(message, sig, pk) : ed25519Verify(message, sig, pk);
  } catch {
    return false;
  }
}

/**
 * Checks the signatures as a zos node does: the deployment's twin must be among the requests
 * (and is always required); every requested twin's signature is verified (zos rejects a listed
 * twin that did not sign, required or not); verified weights must reach weight_required.
 */
export async function verifyDeploymentSignatures(
  d: Deployment,
  keyOf: (twinId: number) => TwinKey | undefined | Promise<TwinKey | undefined>,
): Promise<SignatureCheck> {
  const problems: Problem[] = [];
  const req = d.signature_requirement;
  const message = signedMessage(d);
  let weight = 0;
  const requests = req?.requests ?? [];
  if (!requests.some((r) => r.twin_id === d.twin_id)) {
    problems.push({
      path: 'signature_requirement.requests',
      message: 'originator twin id must be in the signature requests',
      value: d.twin_id,
      fix: `add {twin_id: ${d.twin_id}, required: true, weight: 1} to requests`,
    });
  }
  for (const [i, r] of requests.entries()) {
    const path = `signature_requirement.requests[${i}]`;
    const sig = (req.signatures ?? []).find((s) => s.twin_id === r.twin_id);
    if (!sig) {
      const required = r.required || r.twin_id === d.twin_id;
      problems.push({
        path,
        message: required
          ? `missing required signature for twin '${r.twin_id}'`
          : `missing signature for twin '${r.twin_id}' (zos verifies every requested twin)`,
        value: r.twin_id,
        fix: `sign the deployment with twin ${r.twin_id}'s key${required ? '' : ', or remove the request'}`,
      });
      continue;
    }
    const key = await keyOf(r.twin_id);
    if (!key) {
      problems.push({
        path,
        message: `failed to get public key for twin '${r.twin_id}'`,
        value: r.twin_id,
        fix: 'check that the twin exists on chain',
      });
      continue;
    }
    const type: SignatureType = sig.signature_type === 'sr25519' ? 'sr25519' : 'ed25519';
    if (!(await verifySignature(message, sig.signature, key.publicKey, type))) {
      problems.push({
        path,
        message: `failed to verify signature of twin '${r.twin_id}'`,
        value: r.twin_id,
        fix: `re-sign the deployment after its last change with twin ${r.twin_id}'s ${type} key`,
      });
      continue;
    }
    weight += r.weight;
  }
  if (weight < (req?.weight_required ?? 0)) {
    problems.push({
      path: 'signature_requirement.weight_required',
      message: 'required signature weight is not reached',
      value: weight,
      fix: `collect signatures worth at least ${req.weight_required} (have ${weight})`,
    });
  }
  return { valid: problems.length === 0, weight, problems };
}

/** The hex of a public key (0x-prefixed), for logs and comparisons. */
export function publicKeyHex(signer: Signer): string {
  return u8aToHex(signer.publicKey);
}
