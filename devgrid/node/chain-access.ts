/**
 * A node's view of the chain over @polkadot/api (reads and event subscriptions only), as zos reads
 * TFChain: contracts for deployments, twins' keys for signatures, name contracts for gateways, and
 * the contract events that deprovision or pause workloads.
 */
import type { ApiPromise } from '@polkadot/api';
import { hexToString, isHex } from '@polkadot/util';
import { ChainTwinDirectory } from '../../clients/rmb/chain-twin-directory';
import type { TwinDirectory, TwinInfo } from '../../clients/rmb/twin-directory';
import type { NodeChainView, NodeContract } from './chain-view';

/** Lower-cases the keys of an enum's JSON ({Created: null} / {created: null} -> 'created'). */
function variant(json: unknown): { name: string; value: unknown } {
  if (typeof json === 'string') return { name: json.toLowerCase(), value: null };
  const [k, v] = Object.entries((json ?? {}) as Record<string, unknown>)[0] ?? ['', null];
  return { name: k.toLowerCase(), value: v };
}

const text = (v: unknown): string => (typeof v === 'string' && isHex(v) ? hexToString(v) : String(v ?? ''));

export type ContractEvent =
  | { kind: 'canceled'; contractId: number; nodeId: number }
  | { kind: 'grace-started' | 'grace-ended'; contractId: number; nodeId: number };

export class ChainAccess implements NodeChainView, TwinDirectory {
  private readonly twins: ChainTwinDirectory;

  constructor(readonly api: ApiPromise) {
    this.twins = new ChainTwinDirectory(api);
  }

  /**
   * One contract, read with `state_getStorage` of its key. `api.query...contracts(id)` would do the
   * same, but keys its memo on the JSON of the whole storage entry's metadata, about 0.5 ms a
   * read, and a node reads the contract twice per deployment (check, then provision).
   */
  private async contractJson(contractId: number): Promise<Record<string, unknown> | undefined> {
    const key = this.api.createType('StorageKey', [
      this.api.query.smartContractModule.contracts.creator,
      [contractId],
    ]);
    const c = (await this.api.rpc.state.getStorage(key)) as unknown as {
      isNone?: boolean;
      isSome?: boolean;
      unwrap?: () => { toJSON(): unknown };
      toJSON(): unknown;
    };
    const json = c.isSome && c.unwrap ? c.unwrap().toJSON() : c.isNone ? null : c.toJSON();
    return json ? (json as Record<string, unknown>) : undefined;
  }

  async getNodeContract(contractId: number): Promise<NodeContract | undefined> {
    const json = await this.contractJson(contractId);
    if (!json) return undefined;
    const type = variant(json.contractType);
    if (type.name !== 'nodecontract') return undefined;
    const nc = type.value as Record<string, unknown>;
    const state = variant(json.state).name;
    return {
      contractId: Number(json.contractId),
      twinId: Number(json.twinId),
      nodeId: Number(nc.nodeId),
      deploymentHash: text(nc.deploymentHash),
      publicIps: Number(nc.publicIps ?? 0),
      publicIpsList: ((nc.publicIpsList as { ip: unknown; gateway: unknown }[]) ?? []).map((p) => ({
        ip: text(p.ip),
        gateway: text(p.gateway),
      })),
      state: state === 'created' ? 'created' : state === 'graceperiod' ? 'grace' : 'deleted',
    };
  }

  async getTwin(twinId: number): Promise<TwinInfo | undefined> {
    return this.twins.getTwin(twinId);
  }

  /** Owner twin of a live name contract, if any. */
  async nameContractOwner(name: string): Promise<number | undefined> {
    const id = Number(
      (await this.api.query.smartContractModule.contractIDByNameRegistration(name)).toString(),
    );
    if (!id) return undefined;
    const json = await this.contractJson(id);
    return json && variant(json.state).name !== 'deleted' ? Number(json.twinId) : undefined;
  }

  /** Calls `handler` for every contract event of every finalized block; returns the unsubscribe function. */
  async onContractEvents(handler: (e: ContractEvent) => void): Promise<() => void> {
    // read the events at each new head: a storage subscription could coalesce two blocks into one update
    let chain = Promise.resolve();
    const unsub = await this.api.rpc.chain.subscribeFinalizedHeads((header) => {
      const hash = header.hash;
      chain = chain
        .then(async () => {
          const records = (await this.api.query.system.events.at(hash)) as unknown as {
            event: { section: string; method: string; data: { toJSON(): unknown } };
          }[];
          for (const r of records) {
            const { section, method } = r.event;
            if (section !== 'smartContractModule') continue;
            const data = r.event.data.toJSON() as unknown[];
            const ids = { contractId: Number(data[0]), nodeId: Number(data[1]) };
            if (method === 'NodeContractCanceled') handler({ kind: 'canceled', ...ids });
            else if (method === 'ContractGracePeriodStarted') handler({ kind: 'grace-started', ...ids });
            else if (method === 'ContractGracePeriodEnded') handler({ kind: 'grace-ended', ...ids });
          }
        })
        .catch(() => undefined);
    });
    return unsub;
  }
}
