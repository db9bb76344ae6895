/**
 * The dev grid proxy's source: chain storage read over @polkadot/api (nodes, farms, twins,
 * contracts), what the indexer kept from events (when each contract was created, deleted
 * contracts, bills) and each node's statistics as its emulator reports them.
 * A storage map read is kept until the best block changes (the chain's state changes only with a
 * block): the proxy reads every map on each request, which decoded all of them every time.
 */
import type { ApiPromise } from '@polkadot/api';
import { hexToString, isHex } from '@polkadot/util';
import type { ChainIndexer, IndexedContract } from './indexer/chain-indexer';
import { nodeFeatures } from './node/system-info';
import type { ProxyContractState, ProxyNodeStatus } from '../clients/proxy/types';
import type {
  ChainContractRecord,
  ChainFarmRecord,
  ChainNodeRecord,
  ChainTwinRecord,
  ContractBillRecord,
  GridStateSource,
  NodeStatistics,
} from './proxy/grid-state-source';

type Json = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' && isHex(v) ? hexToString(v) : String(v ?? ''));
const variantName = (v: unknown): string =>
  (typeof v === 'string' ? v : (Object.keys((v ?? {}) as Json)[0] ?? '')).toLowerCase();

async function entries(api: ApiPromise, pallet: string, item: string): Promise<Json[]> {
  const query = (
    api.query as unknown as Record<
      string,
      Record<string, { entries(): Promise<[unknown, { toJSON(): unknown }][]> }>
    >
  )[pallet][item];
  const all = await query.entries();
  return all.map(([, v]) => v.toJSON() as Json).filter((v) => v !== null);
}

export class ChainGridState implements GridStateSource {
  /** per storage map: the best block hash seen before it was read, and the read */
  private readonly reads = new Map<string, { head: string; rows: Promise<Json[]> }>();

  constructor(
    private readonly api: ApiPromise,
    /** statistics of a node by id; undefined when the node does not answer */
    private readonly stats: (nodeId: number) => Promise<NodeStatistics | undefined>,
    /** contracts' creation times, deleted contracts and bills; without it created_at reads 0 */
    private readonly indexer?: ChainIndexer,
  ) {}

  /**
   * The map's entries as of the best block (or a later one): read once per best block, shared by
   * the requests that ask meanwhile. The head is asked first, so a read is never older than it.
   */
  private async entries(pallet: string, item: string): Promise<Json[]> {
    const head = (await this.api.rpc.chain.getBlockHash()).toHex();
    const name = `${pallet}.${item}`;
    const kept = this.reads.get(name);
    if (kept?.head === head) return kept.rows;
    const rows = entries(this.api, pallet, item);
    this.reads.set(name, { head, rows });
    rows.catch(() => this.reads.get(name)?.rows === rows && this.reads.delete(name));
    return rows;
  }

  async listNodes(): Promise<ChainNodeRecord[]> {
    return (await this.entries('tfgridModule', 'nodes')).map((n) => {
      const r = n.resources as Json;
      const loc = n.location as Json;
      const pc = n.publicConfig as Json | null;
      const ip4 = pc?.ip4 as Json | undefined;
      const ip6 = pc?.ip6 as Json | null | undefined;
      return {
        nodeId: Number(n.id),
        farmId: Number(n.farmId),
        twinId: Number(n.twinId),
        resources: { cru: Number(r.cru), mru: Number(r.mru), sru: Number(r.sru), hru: Number(r.hru) },
        location: { country: text(loc.country), city: text(loc.city) },
        ...(pc
          ? {
              publicConfig: {
                ipv4: text(ip4?.ip),
                gw4: text(ip4?.gw),
                ipv6: ip6 ? text(ip6.ip) : '',
                gw6: ip6 ? text(ip6.gw) : '',
                domain: pc.domain ? text(pc.domain) : '',
              },
            }
          : {}),
        certification: variantName(n.certification) === 'certified' ? 'Certified' : 'Diy',
        created: Number(n.created ?? 0),
        // every dev node is a full zos node
        features: nodeFeatures('full'),
      } satisfies ChainNodeRecord;
    });
  }

  async listFarms(): Promise<ChainFarmRecord[]> {
    return (await this.entries('tfgridModule', 'farms')).map((f) => ({
      farmId: Number(f.id),
      name: text(f.name),
      twinId: Number(f.twinId),
      pricingPolicyId: Number(f.pricingPolicyId),
      certification: variantName(f.certification) === 'gold' ? 'Gold' : 'NotCertified',
      dedicated: Boolean(f.dedicatedFarm),
      publicIps: ((f.publicIps as Json[]) ?? []).map((p) => ({
        ip: text(p.ip),
        gateway: text(p.gateway),
        contractId: Number(p.contractId ?? 0),
      })),
    }));
  }

  async listTwins(): Promise<ChainTwinRecord[]> {
    return (await this.entries('tfgridModule', 'twins')).map((t) => ({
      twinId: Number(t.id),
      accountId: String(t.accountId),
      relay: t.relay ? text(t.relay) : '',
      publicKey: typeof t.pk === 'string' ? t.pk.replace(/^0x/, '') : '',
    }));
  }

  async listContracts(): Promise<ChainContractRecord[]> {
    const live = await this.liveContracts();
    if (!this.indexer) return live;
    await this.indexer.settled();
    const byId = new Map(live.map((c) => [c.contractId, c]));
    const merged = live.map((c) => ({
      ...c,
      createdAt: this.indexer?.contract(c.contractId)?.createdAt ?? 0,
    }));
    // the chain forgets a deleted contract; the indexer keeps it, as the real proxy's database does
    for (const c of this.indexer.allContracts())
      if (!byId.has(c.contractId) && c.state === 'Deleted') merged.push(fromIndex(c));
    return merged.sort((a, b) => a.contractId - b.contractId);
  }

  async listBills(): Promise<ContractBillRecord[]> {
    if (!this.indexer) return [];
    await this.indexer.settled();
    return [...this.indexer.allBills()];
  }

  private async liveContracts(): Promise<ChainContractRecord[]> {
    return (await this.entries('smartContractModule', 'contracts')).map((c) => {
      const type = c.contractType as Json;
      const kind = Object.keys(type)[0].toLowerCase();
      const data = Object.values(type)[0] as Json;
      const s = variantName(c.state);
      const state: ProxyContractState =
        s === 'created' ? 'Created' : s === 'graceperiod' ? 'GracePeriod' : 'Deleted';
      const base = {
        contractId: Number(c.contractId),
        twinId: Number(c.twinId),
        state,
        createdAt: 0,
        ...(c.solutionProviderId != null ? { solutionProviderId: Number(c.solutionProviderId) } : {}),
      };
      if (kind === 'namecontract') return { ...base, type: 'name', name: text(data.name) };
      if (kind === 'rentcontract') return { ...base, type: 'rent', nodeId: Number(data.nodeId) };
      return {
        ...base,
        type: 'node',
        nodeId: Number(data.nodeId),
        deploymentHash: text(data.deploymentHash),
        deploymentData: text(data.deploymentData),
        publicIps: Number(data.publicIps ?? 0),
      };
    });
  }

  nodeStatistics(nodeId: number): Promise<NodeStatistics | undefined> {
    return this.stats(nodeId);
  }

  async nodeStatus(nodeId: number): Promise<ProxyNodeStatus> {
    return (await this.stats(nodeId)) ? 'up' : 'down';
  }
}

function fromIndex(c: IndexedContract): ChainContractRecord {
  const base = {
    contractId: c.contractId,
    twinId: c.twinId,
    state: 'Deleted' as const,
    createdAt: c.createdAt,
  };
  if (c.type === 'name') return { ...base, type: 'name', name: c.name ?? '' };
  if (c.type === 'rent') return { ...base, type: 'rent', nodeId: c.nodeId };
  return {
    ...base,
    type: 'node',
    nodeId: c.nodeId,
    deploymentHash: c.deploymentHash ?? '',
    deploymentData: c.deploymentData ?? '',
    publicIps: c.numberOfPublicIPs ?? 0,
  };
}
