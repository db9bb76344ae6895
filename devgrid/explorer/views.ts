/**
 * The JSON the explorer serves, built from the chain (current storage plus the ChainIndex's
 * history) and from the dev nodes themselves. Everything passes redactSecrets: no zdb password,
 * k3s token, wireguard or mycelium key, and no account secret is ever in a response.
 */
import type { ApiPromise } from '@polkadot/api';
import { listProposals } from '../../clients/chain/dao';
import { text } from '../../clients/chain/decode';
import { listFarms, listNodes } from '../../clients/chain/grid';
import { decodeTwin } from '../../clients/chain/twins';
import { workloadId } from '../../model/zos/deployment';
import type { Deployment } from '../../model/zos/types';
import type { DevNode } from '../dev-node';
import type { ChainIndex, ContractHistory } from './chain-index';
import { redactSecrets } from './redact';

/** TFChain makes a block every 6 s: time left on a proposal is counted in these. */
const BLOCK_SECONDS = 6;
const TFT_UNITS = 10_000_000;

export interface ExplorerSources {
  readonly api: ApiPromise;
  readonly index: ChainIndex;
  /** the dev nodes running now (a stopped node is down) */
  running(): readonly DevNode[];
}

/** The tag grid tools write in a node contract's deployment data: `projectName` and our `iac.unit`. */
export function contractTag(deploymentData: string | undefined): { project?: string; unit?: string } {
  if (!deploymentData) return {};
  try {
    const json = JSON.parse(deploymentData) as {
      projectName?: unknown;
      name?: unknown;
      iac?: { unit?: unknown };
    };
    const project = typeof json.projectName === 'string' ? json.projectName : undefined;
    const unit =
      typeof json.iac?.unit === 'string'
        ? json.iac.unit
        : typeof json.name === 'string'
          ? json.name
          : undefined;
    return { project, unit };
  } catch {
    return {};
  }
}

/** Name contracts carry no tag: the project that owns a name is in the account's KV store. */
async function nameOwners(api: ApiPromise): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const entries = await api.query.tfkvStore.tfkvStore.entries();
  for (const [key, value] of entries) {
    const m = /^tfgrid-iac\/name\/(.+)$/.exec(text(key.args[1].toJSON()));
    if (m) owners.set(m[1], text(value.toJSON()));
  }
  return owners;
}

function workloadSummary(d: Deployment | undefined) {
  return (d?.workloads ?? []).map((w) => ({
    name: w.name,
    type: w.type,
    state: w.result?.state ?? 'init',
    error: (w.result?.state === 'error' && w.result.message) || undefined,
  }));
}

function contractView(h: ContractHistory, deployments: Map<number, Deployment>, owners: Map<string, string>) {
  const c = h.contract;
  const tag =
    c.type === 'name'
      ? { project: owners.get(c.name ?? ''), unit: c.name ? `name:${c.name}` : undefined }
      : contractTag(c.deploymentData);
  const billed = h.billing.reduce((s, b) => s + b.amount, 0);
  return {
    contractId: c.contractId,
    type: c.type,
    twinId: c.twinId,
    nodeId: c.nodeId,
    name: c.name,
    state: h.state,
    createdBlock: h.createdBlock,
    deletedBlock: h.deletedBlock,
    project: tag.project,
    unit: tag.unit,
    publicIps: c.publicIps,
    billedTft: billed / TFT_UNITS,
    billing: h.billing.map((b) => ({ block: b.block, tft: b.amount / TFT_UNITS })),
    workloads:
      c.type === 'node' && h.state !== 'deleted' ? workloadSummary(deployments.get(c.contractId)) : [],
  };
}

/** Everything on the front page: farms, nodes, twins, contracts, projects, proposals, blocks. */
export async function overview(s: ExplorerSources) {
  const { api, index } = s;
  const running = new Map(s.running().map((n) => [n.nodeId, n]));
  const deployments = new Map<number, Deployment>();
  for (const n of running.values()) for (const d of n.zos.allActive()) deployments.set(d.contract_id, d);
  const [farms, nodes, twinEntries, live, owners] = await Promise.all([
    listFarms(api),
    listNodes(api),
    api.query.tfgridModule.twins.entries(),
    listProposals(api),
    nameOwners(api),
  ]);
  const contracts = [...index.contracts.values()]
    .sort((a, b) => a.contract.contractId - b.contract.contractId)
    .map((h) => contractView(h, deployments, owners));
  const projects: Record<string, number[]> = {};
  for (const c of contracts) if (c.project) (projects[c.project] ??= []).push(c.contractId);
  const head = index.head;
  const liveByHash = new Map(live.map((p) => [p.hash, p]));
  const proposals = [...new Set([...live.map((p) => p.hash), ...index.proposals.keys()])].map((hash) => {
    const p = liveByHash.get(hash);
    const o = index.proposals.get(hash);
    return {
      hash,
      index: p?.index ?? o?.index,
      description: p?.description,
      link: p?.link,
      action: p?.action ? `${p.action.section}.${p.action.method}` : undefined,
      threshold: p?.threshold,
      ayes: p?.ayes ?? [],
      nays: p?.nays ?? [],
      ayesWeight: (p?.ayes ?? []).reduce((x, v) => x + v.weight, 0),
      naysWeight: (p?.nays ?? []).reduce((x, v) => x + v.weight, 0),
      vetos: p?.vetos ?? [],
      end: p?.end,
      secondsLeft: p ? Math.max(0, (p.end - head) * BLOCK_SECONDS) : 0,
      state: p ? p.state : 'closed',
      wouldPass: p?.wouldPass,
      result: o?.result ?? (p ? 'open' : 'closed'),
      executed: o?.executed,
      votes: o?.votes ?? [],
    };
  });
  return redactSecrets({
    head,
    farms: farms.map((f) => ({
      id: f.id,
      name: f.name,
      twinId: f.twinId,
      certification: f.certification,
      publicIps: f.publicIps,
    })),
    nodes: nodes.map((n) => {
      const dev = running.get(n.id);
      const stats = dev?.zos.statistics();
      return {
        id: n.id,
        farmId: n.farmId,
        twinId: n.twinId,
        up: !!dev,
        location: `${n.location.city}, ${n.location.country}`,
        publicConfig: n.publicConfig,
        gatewayDomain: n.publicConfig?.domain || undefined,
        total: stats?.total ?? {
          cru: n.resources.cru,
          mru: n.resources.mruBytes,
          sru: n.resources.sruBytes,
          hru: n.resources.hruBytes,
        },
        used: stats?.used,
        deployments: stats?.users.deployments,
        workloads: stats?.users.workloads,
      };
    }),
    twins: twinEntries
      .map(([, v]) => decodeTwin(v.toJSON()))
      .map((t) => ({ id: t.id, accountId: t.accountId, relay: t.relay }))
      .sort((a, b) => a.id - b.id),
    contracts,
    projects,
    proposals,
    blocks: [...index.blocks].reverse(),
  });
}

/** A node's deployments: workloads with state and error, machine consoles, zdb namespaces, gateway routes. */
export function nodeDetail(s: ExplorerSources, nodeId: number) {
  const dev = s.running().find((n) => n.nodeId === nodeId);
  if (!dev) return { nodeId, up: false, deployments: [], routes: [] };
  const deployments = dev.zos.allActive().map((d) => ({
    contractId: d.contract_id,
    twinId: d.twin_id,
    version: d.version,
    description: d.description,
    workloads: d.workloads.map((w) => {
      const id = workloadId(d.twin_id, d.contract_id, w.name);
      const ns =
        w.type === 'zdb' ? (w.result?.data as { Namespace?: string } | undefined)?.Namespace : undefined;
      const info = ns ? dev.zdb.namespaceInfo(ns) : undefined;
      return {
        name: w.name,
        type: w.type,
        version: w.version,
        state: w.result?.state ?? 'init',
        error: (w.result?.state === 'error' && w.result.message) || undefined,
        data: w.data,
        result: w.result?.data,
        ...(w.type === 'zmachine' ? { console: dev.console.of(id) } : {}),
        ...(info
          ? {
              namespace: {
                name: info.name,
                mode: info.mode,
                entries: info.entries,
                dataSizeBytes: info.dataSizeBytes,
                maxsize: info.maxsize,
                public: info.public,
                passwordProtected: info.passwordProtected,
              },
            }
          : {}),
      };
    }),
  }));
  const routes = (dev.gateway?.routes() ?? []).map((r) => ({
    id: r.id,
    hostname: r.hostname,
    backends: r.backendUrls,
    forwarding: r.forwarding,
  }));
  return redactSecrets({ nodeId, up: true, deployments, routes, gatewayUrl: dev.gateway?.url });
}
