/**
 * The deployment challenge and its md5 hash, byte-exact with zos: the hash goes on chain as the
 * contract's deployment_hash, and every twin in the signature requirement signs it.
 */
import { createHash } from 'crypto';
import { goBool, goStr, goUint } from './canonical';
import type { Deployment, SignatureRequirement, Workload } from './types';
import { requireWorkloadTypeSpec } from './workload-types';

/** A workload's challenge: version, name, type, metadata, description, then its data's challenge. */
export function workloadChallenge(w: Workload): string {
  const spec = requireWorkloadTypeSpec(w.type);
  return (
    goUint(w.version) +
    goStr(w.name) +
    goStr(w.type) +
    goStr(w.metadata) +
    goStr(w.description) +
    spec.challenge(w.data ?? {})
  );
}

/** The signature requirement's challenge: each request (twin, required, weight), weight_required, style. */
export function signatureRequirementChallenge(r: SignatureRequirement | undefined): string {
  let out = '';
  for (const q of r?.requests ?? []) out += goUint(q.twin_id) + goBool(q.required) + goUint(q.weight);
  return out + goUint(r?.weight_required) + goStr(r?.signature_style);
}

/**
 * The deployment challenge: version, twin, metadata, description, expiration, each workload,
 * then the signature requirement. contract_id is left out: the contract is created from this hash.
 */
export function deploymentChallenge(d: Deployment): string {
  let out =
    goUint(d.version) + goUint(d.twin_id) + goStr(d.metadata) + goStr(d.description) + goUint(d.expiration);
  for (const w of d.workloads ?? []) out += workloadChallenge(w);
  return out + signatureRequirementChallenge(d.signature_requirement);
}

/** md5 of the deployment challenge: the 16 bytes twins sign. */
export function deploymentHash(d: Deployment): Uint8Array {
  return new Uint8Array(createHash('md5').update(deploymentChallenge(d), 'utf8').digest());
}

/** The hash as lowercase hex (32 characters): the chain's deployment_hash holds these ASCII bytes. */
export function deploymentHashHex(d: Deployment): string {
  return Buffer.from(deploymentHash(d)).toString('hex');
}

/** md5 hex of any challenge string (for tests and tooling). */
export function md5Hex(challenge: string): string {
  return createHash('md5').update(challenge, 'utf8').digest('hex');
}
