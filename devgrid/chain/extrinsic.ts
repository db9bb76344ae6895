/**
 * Signed extrinsic (v4) validation as a Substrate node's transaction pool does it: decode, check
 * the signature over call ++ extra ++ additional signed (blake2-256 when longer than 256 bytes),
 * the era's birth block, the nonce and the fee. Failures carry the node's JSON-RPC error.
 */
import type { TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types-codec/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ed25519Verify } from '../../model/crypto/ed25519';
import { sr25519Verify } from '../../model/crypto/sr25519';

/** A JSON-RPC error as a Substrate node reports it. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    /** the JSON-RPC `message` */
    readonly rpcMessage: string,
    /** the JSON-RPC `data` (Substrate puts the reason here) */
    readonly data?: string,
  ) {
    super(data ? `${code}: ${rpcMessage}: ${data}` : `${code}: ${rpcMessage}`);
  }
}

/** `1010: Invalid Transaction: <reason>` */
export function invalidTransaction(reason: string): RpcError {
  return new RpcError(1010, 'Invalid Transaction', reason);
}

export const INVALID = {
  badProof: 'Transaction has a bad signature',
  stale: 'Transaction is outdated',
  future: 'Transaction will be valid in the future',
  ancientBirth: 'Transaction has an ancient birth block',
  payment: 'Inability to pay some fees (e.g. account balance too low)',
  call: 'Transaction call is not expected',
  /** InvalidTransaction::ExhaustsResources: over its class's max extrinsic weight or block length */
  exhaustsResources: 'Transaction would exhaust the block limits',
} as const;

/** What the pool needs to know about a valid extrinsic. */
export interface CheckedExtrinsic {
  /** extrinsic hash (blake2-256 of its encoding) */
  readonly hash: string;
  readonly hex: string;
  /** signer account id, hex */
  readonly signer: string;
  readonly nonce: number;
  readonly call: Codec;
  /** encoded length in bytes */
  readonly length: number;
}

/** Chain facts the signature covers. */
export interface SigningContext {
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: string;
  /** number of the best block (the transaction would go into the next) */
  readonly bestNumber: number;
  /** hash of block `n`, when known */
  blockHash(n: number): string | undefined;
}

/** Decodes `hex` and checks its signature and era; nonce and fee are the pool's to check. */
export function checkExtrinsic(registry: TypeRegistry, hex: string, chain: SigningContext): CheckedExtrinsic {
  const bytes = hexToU8a(hex);
  let ext: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    ext = registry.createType('Extrinsic', bytes);
  } catch (e) {
    throw new RpcError(1002, 'Verification Error', `Could not decode extrinsic: ${(e as Error).message}`);
  }
  if (!ext.isSigned) throw invalidTransaction(INVALID.call);
  const era = ext.era;
  let blockHash = chain.genesisHash;
  if (era.isMortalEra) {
    const current = chain.bestNumber;
    const birth = era.asMortalEra.birth(current);
    const known = birth <= current ? chain.blockHash(birth) : undefined;
    if (!known) throw invalidTransaction(INVALID.ancientBirth);
    blockHash = known;
  }
  const payload = registry.createType(
    'ExtrinsicPayload',
    {
      method: ext.method.toHex(),
      era,
      nonce: ext.nonce,
      tip: ext.tip,
      specVersion: chain.specVersion,
      transactionVersion: chain.transactionVersion,
      genesisHash: chain.genesisHash,
      blockHash,
    },
    { version: 4 },
  );
  let message: Uint8Array = payload.toU8a({ method: true });
  if (message.length > 256) message = blake2AsU8a(message, 256);
  const address = ext.signer.toU8a() as Uint8Array;
  // MultiAddress::Id (0) or ::Address32 (3) carry the 32-byte public key
  if (address.length !== 33 || (address[0] !== 0 && address[0] !== 3))
    throw invalidTransaction(INVALID.badProof);
  const signer = address.slice(1);
  const multi = ext.inner.signature.multiSignature; // the MultiSignature enum, not just its bytes
  let valid = false;
  try {
    if (multi.isSr25519) valid = sr25519Verify(message, multi.asSr25519.toU8a(), signer);
    else if (multi.isEd25519) valid = ed25519Verify(message, multi.asEd25519.toU8a(), signer);
  } catch {
    valid = false; // a malformed signature or key is a bad signature
  }
  if (!valid) throw invalidTransaction(INVALID.badProof);
  return {
    hash: u8aToHex(blake2AsU8a(bytes, 256)),
    hex: u8aToHex(bytes),
    signer: u8aToHex(signer),
    nonce: ext.nonce.toNumber(),
    call: ext.method,
    length: bytes.length,
  };
}
