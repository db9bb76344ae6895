/**
 * What a project owns among the account's name contracts. TFChain's name contract holds only the
 * name, so ownership is recorded beside it, in the account's TFKVStore entries: key
 * `tfgrid-iac/name/<name>`, value the owning project (a CLI projectName, or `pulumi:<project>/<stack>`).
 * The record is written in the same `utility.batchAll` as the name contract and deleted with its
 * cancellation, so the two never disagree for long. The CLI engine and the Pulumi provider both
 * decide here; nothing else reads the records.
 *
 * A name contract of the account without a record (made before records existed, or by another
 * tool) is 'unclaimed': a project that declares that name claims it (writes the record, keeps the
 * contract); no project lists it, and destroy never cancels it.
 */
import type { ChainContract, GridBackend } from './backend';

export const NAME_RECORD_PREFIX = 'tfgrid-iac/name/';

/** The TFKVStore key of a name's ownership record. */
export function nameRecordKey(name: string): string {
  return `${NAME_RECORD_PREFIX}${name}`;
}

/** The name a record key is about, or undefined for other entries. */
export function nameOfRecordKey(key: string): string | undefined {
  return key.startsWith(NAME_RECORD_PREFIX) ? key.slice(NAME_RECORD_PREFIX.length) : undefined;
}

/** The owner string of a Pulumi stack's name contracts. */
export function pulumiOwner(project: string, stack: string): string {
  return `pulumi:${project}/${stack}`;
}

/** The account's ownership records, name -> owner (read from its TFKVStore entries). */
export async function readNameRecords(backend: Pick<GridBackend, 'kvEntries'>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [key, owner] of await backend.kvEntries(NAME_RECORD_PREFIX))
    out.set(nameOfRecordKey(key)!, owner);
  return out;
}

export interface NameContractOwnership {
  /** live name contracts the project owns: name -> contract id */
  readonly ours: Map<string, number>;
  /** live name contracts of the account owned by another project: name -> that project */
  readonly others: Map<string, string>;
  /** live name contracts of the account with no record: name -> contract id */
  readonly unclaimed: Map<string, number>;
}

/**
 * Sorts the account's live name contracts by owner. `records` are the account's ownership records
 * (name -> owner); a record whose name has no live contract is stale and ignored.
 */
export function classifyNameContracts(
  contracts: readonly ChainContract[],
  records: ReadonlyMap<string, string>,
  project: string,
): NameContractOwnership {
  const out: NameContractOwnership = { ours: new Map(), others: new Map(), unclaimed: new Map() };
  for (const c of contracts) {
    if (c.type !== 'name' || !c.name || c.state === 'deleted') continue;
    const owner = records.get(c.name);
    if (owner === undefined) out.unclaimed.set(c.name, c.contractId);
    else if (owner === project) out.ours.set(c.name, c.contractId);
    else out.others.set(c.name, owner);
  }
  return out;
}

/** Raised when a project declares names another project of the same account holds. */
export class NameHeldError extends Error {
  constructor(
    readonly project: string,
    readonly held: ReadonlyMap<string, string>,
  ) {
    super(
      [...held]
        .map(
          ([name, owner]) =>
            `name '${name}' is held by project '${owner}' of this account: ` +
            `choose another name for project '${project}', or destroy '${owner}' first`,
        )
        .join('\n'),
    );
  }
}

/** Throws NameHeldError naming every wanted name that another project holds. */
export function checkNamesFree(
  project: string,
  wanted: readonly string[],
  ownership: NameContractOwnership,
): void {
  const held = new Map<string, string>();
  for (const name of wanted) {
    const owner = ownership.others.get(name);
    if (owner !== undefined) held.set(name, owner);
  }
  if (held.size > 0) throw new NameHeldError(project, held);
}
