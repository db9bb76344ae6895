/**
 * Secrets the engine fills in. 'given' and 'derived' values come with the manifest (SynthResult);
 * 'generate' secrets (wireguard keys, zstor keys, generated passwords) are derived from the
 * deploying account's secret and the project, so any machine with the same mnemonic rebuilds the
 * same values: no state file, nothing written anywhere, and a re-apply produces the same hash.
 */
import { createHmac } from 'crypto';
import { deriveSecret } from '../constructs/synth';
import type { Manifest } from '../constructs/manifest';

/** A seed for generated secrets: HMAC of the account secret over the project name; never shown. */
export function projectSecretSeed(accountSecret: string, project: string): string {
  return createHmac('sha256', accountSecret).update(`tfgrid-iac/generated-secrets/${project}`).digest('hex');
}

/**
 * The salt every deployment of a project carries in its description (which enters the deployment's
 * challenge, hence the contract's hash, and stays between the twin and the node): derived from
 * the account secret, so nobody else can compute our hashes and create a contract with one first.
 */
export function deploymentSalt(accountSecret: string, project: string): string {
  return createHmac('sha256', projectSecretSeed(accountSecret, project))
    .update('tfgrid-iac/deployment-salt')
    .digest('hex')
    .slice(0, 32);
}

/** The description of a project's deployments: the salt, marked as ours. */
export function saltedDescription(accountSecret: string, project: string): string {
  return `tfgrid-iac salt ${deploymentSalt(accountSecret, project)}`;
}

/** Every secret value the manifest needs, by name. */
export function secretValues(
  manifest: Manifest,
  given: Record<string, string>,
  accountSecret: string,
): Record<string, string> {
  const seed = projectSecretSeed(accountSecret, manifest.project);
  const out: Record<string, string> = {};
  for (const s of manifest.secrets) {
    if (s.source === 'generate') out[s.name] = deriveSecret(seed, s.name, s.kind);
    else if (s.name in given) out[s.name] = given[s.name];
    else
      throw new Error(
        `secret '${s.name}' (${s.kind}) has no value: pass the values synth returned with the manifest`,
      );
  }
  return out;
}
