/**
 * The chain is the record: every node contract we create carries, in its deployment data, which
 * project and unit it belongs to, so `status`, `destroy` and a fresh CI machine need no state file.
 *
 * The JSON keeps the fields grid tools already read (`version`, `type`, `name`, `projectName`: the
 * dashboard groups contracts by projectName) and adds ours under `iac`. It must fit the chain's
 * 512-byte limit on deployment_data.
 */
export const DEPLOYMENT_DATA_LIMIT = 512;
/** Format version of our tag; bump when its meaning changes. */
export const TAG_VERSION = 1;

export type UnitKind = 'deployment' | 'name-contract' | 'dao-proposal' | 'dao-vote';

export interface ContractTag {
  /** the App's projectName */
  readonly project: string;
  /** the manifest unit id */
  readonly unit: string;
  readonly kind: UnitKind;
  /** our tag format version */
  readonly v: number;
}

interface DeploymentDataJson {
  version: number;
  type: string;
  name: string;
  projectName: string;
  iac?: { unit: string; kind: UnitKind; v: number };
}

/** The deployment_data string for a contract of `tag`. Throws when it would not fit on chain. */
export function encodeDeploymentData(tag: Omit<ContractTag, 'v'>): string {
  const json: DeploymentDataJson = {
    version: 3,
    type: 'tfgrid-iac',
    name: tag.unit,
    projectName: tag.project,
    iac: { unit: tag.unit, kind: tag.kind, v: TAG_VERSION },
  };
  const s = JSON.stringify(json);
  if (Buffer.byteLength(s, 'utf8') > DEPLOYMENT_DATA_LIMIT) {
    throw new Error(
      `deployment data for unit '${tag.unit}' of project '${tag.project}' is ${Buffer.byteLength(s)} bytes, over the chain's ` +
        `${DEPLOYMENT_DATA_LIMIT}: use shorter construct ids or project name`,
    );
  }
  return s;
}

/** Our tag from a contract's deployment_data, or undefined for contracts other tools made. */
export function decodeDeploymentData(data: string | Uint8Array): ContractTag | undefined {
  const s = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  let json: Partial<DeploymentDataJson>;
  try {
    json = JSON.parse(s);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || !json.iac || typeof json.projectName !== 'string')
    return undefined;
  const { unit, kind, v } = json.iac;
  if (typeof unit !== 'string' || typeof kind !== 'string' || typeof v !== 'number') return undefined;
  return { project: json.projectName, unit, kind, v };
}
