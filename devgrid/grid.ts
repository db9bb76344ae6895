/**
 * The whole dev grid on loopback: a TFChain-compatible chain, an RMB relay, zos node emulators
 * registered on the chain (farms with public IPs, nodes with resources, one gateway node), and a
 * grid proxy. State lives in a data dir, so a restart continues where it stopped.
 */
import { DataDirLock } from './data-dir-lock';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { DEV_ACCOUNT, devGridEndpoints } from '../model/config/networks';
import { CachedTwinDirectory } from '../clients/rmb/twin-directory';
import { startDevChain, type DevChain } from './chain/chain';
import type { BlockLimitOptions } from './chain/runtime/weights';
import { startDevNode, type DevNode, type DevNodeOptions } from './dev-node';
import { ChainGridState } from './grid-state';
import { ChainIndexer } from './indexer/chain-indexer';
import { ChainAccess } from './node/chain-access';
import { startGraphqlServer } from './graphql/server';
import { startGridProxy } from './proxy/server';
import { DevKeys } from './dev-keys';
import { DevGridLayout, NODE_RESOURCES } from './grid-layout';
import { GridRegistrar } from './registrar';
import { startRelay } from './relay/relay';
import type { DevGridInfo } from '../model/config/devgrid-info';
import { ExplorerServer } from './explorer/server';
import { ensureRelayTls, relayTlsDir } from './relay/relay-tls';

export interface DevGridOptions {
  /** where chain, nodes and zdbs keep their state. @default a new temp dir (removed on close) */
  readonly dataDir?: string;
  /** emulated nodes. @default 8 (the full-stack example spreads a zstor cluster over 6) */
  readonly nodes?: number;
  /** farms the nodes are spread over. @default 2 */
  readonly farms?: number;
  /** 0: a block per submitted extrinsic (instant); else a block every N ms (6000 behaves like TFChain). @default 0 */
  readonly blockTimeMs?: number;
  /** chain websocket port. @default 0 (any free port) */
  readonly chainPort?: number;
  /** blocks per billing cycle of a new chain (each contract is billed once per cycle). @default 600, as on TFChain */
  readonly billingFrequency?: number;
  /** the chain's block weight and length limits. @default TFChain's (tests lower them to fill blocks with a few calls) */
  readonly blockLimits?: BlockLimitOptions;
  /** serve the read-only explorer web page on loopback (devgrid/explorer). @default false */
  readonly explorer?: boolean;
  /**
   * the relay also listens with TLS on 127.0.0.1 (port 443 unless given), with a CA made for this
   * grid (`relayCaFile`): for clients that only take a `wss://<host>/` relay, such as ThreeFold's
   * SDK. @default off
   */
  readonly relayTls?: RelayTlsGridOptions;
}

export interface RelayTlsGridOptions {
  /** @default 443 */
  readonly port?: number;
  /** while the port is taken by another grid's TLS relay, wait up to this long, ms. @default 0 */
  readonly waitForPortMs?: number;
}

export type { DevGridInfo };

/** The endpoints clients use to reach a dev grid (`network: 'local'`). */
export const gridEndpoints = devGridEndpoints;

export interface DevGrid extends DevGridInfo {
  readonly devNodes: DevNode[];
  readonly api: ApiPromise;
  /** the chain itself (produceBlock() advances billing without a transaction) */
  readonly chain: DevChain;
  /** stops a node (to test a node that is down); `startNode` brings it back */
  stopNode(nodeId: number): Promise<void>;
  startNode(nodeId: number): Promise<void>;
  close(): Promise<void>;
}

export { DEV_PUBLIC_PREFIX, GATEWAY_DOMAIN, devPublicIpv6 } from './grid-layout';
import { GATEWAY_DOMAIN } from './grid-layout';

/** Nodes starting at once (each opens a zdb port and a relay connection). */
const NODE_START_CONCURRENCY = 8;

export async function startDevGrid(opts: DevGridOptions = {}): Promise<DevGrid> {
  await cryptoWaitReady();
  // farms, nodes and their accounts: in a new chain's genesis, checked on a restored one
  const layout = new DevGridLayout(opts.nodes ?? 8, Math.max(1, opts.farms ?? 2));
  const keys = new DevKeys();
  // the default account (//Alice: funded at genesis and a council member, so DAO proposals work)
  const owner = new Keyring({ type: 'sr25519' }).addFromUri(DEV_ACCOUNT);
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-devgrid-'));
  fs.mkdirSync(dataDir, { recursive: true });
  // one grid per data dir (refused, naming the holder, while another one lives)
  const lock = DataDirLock.acquire(dataDir);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    lock.release();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const chain: DevChain = await startDevChain({
      dataDir: path.join(dataDir, 'chain'),
      blockTimeMs: opts.blockTimeMs ?? 0,
      port: opts.chainPort ?? 0,
      billingFrequency: opts.billingFrequency,
      blockLimits: opts.blockLimits,
      grid: layout.genesis(keys, u8aToHex(owner.publicKey)),
    });
    closers.push(() => chain.close());
    const api = await ApiPromise.create({
      provider: new WsProvider(chain.url),
      noInitWarn: true,
      throwOnConnect: true,
    });
    closers.push(() => api.disconnect());
    const access = new ChainAccess(api);
    const twins = new CachedTwinDirectory(access, 5_000);
    const relayTls = opts.relayTls ? ensureRelayTls(relayTlsDir(dataDir)) : undefined;
    const relay = await startRelay({
      twins,
      tls:
        relayTls && opts.relayTls
          ? {
              cert: fs.readFileSync(relayTls.certFile),
              key: fs.readFileSync(relayTls.keyFile),
              port: opts.relayTls.port,
              waitForPortMs: opts.relayTls.waitForPortMs,
            }
          : undefined,
    });
    closers.push(() => relay.close());

    const registered = await new GridRegistrar(api, keys, owner).ensure(layout);
    const devNodes: DevNode[] = [];
    const specs = new Map<number, DevNodeOptions>();
    for (const r of registered) {
      const pc = r.layout.publicConfig;
      specs.set(r.nodeId, {
        nodeId: r.nodeId,
        twinId: r.twinId,
        pair: keys.pair(r.layout.path),
        dataDir: path.join(dataDir, 'nodes', String(r.nodeId)),
        relayUrl: relay.url,
        chain: access,
        twins,
        total: { ...NODE_RESOURCES, ipv4u: 0 },
        publicConfig: pc
          ? { ipv4: pc.ip4.ip, gw4: pc.ip4.gw, ipv6: pc.ip6.ip, gw6: pc.ip6.gw, domain: pc.domain }
          : undefined,
      });
    }
    closers.push(async () => {
      for (const n of devNodes) await n.close().catch(() => undefined);
    });
    const started = await startNodes(
      registered.map((r) => specs.get(r.nodeId)!),
      devNodes,
    );
    devNodes.splice(0, devNodes.length, ...started);
    const nodes: DevGridInfo['nodes'] = registered.map((r, i) => ({
      nodeId: r.nodeId,
      twinId: r.twinId,
      farmId: r.farmId,
      zdbPort: devNodes[i].zdb.port,
    }));
    // deployments come back once every node's zdb listens: a qsfs checks zdbs on other nodes
    for (const n of devNodes) await n.zos.restore();

    const unsubscribe = await access.onContractEvents((e) => {
      const node = devNodes.find((n) => n.nodeId === e.nodeId);
      if (!node) return;
      if (e.kind === 'canceled') void node.zos.contractCanceled(e.contractId);
      else void node.zos.contractPaused(e.contractId, e.kind === 'grace-started');
    });
    closers.push(async () => unsubscribe());

    const stats = async (nodeId: number) => {
      const n = devNodes.find((x) => x.nodeId === nodeId);
      if (!n) return undefined;
      const s = n.zos.statistics();
      return {
        total: s.total,
        used: s.used,
        system: s.system,
        workloads: s.users.workloads,
        deployments: s.users.deployments,
        lastDeploymentTimestamp: s.users.last_deployment_timestamp,
        ipv4u: s.used.ipv4u,
      };
    };
    const indexer = await ChainIndexer.start(api, path.join(dataDir, 'indexer'));
    closers.push(async () => indexer.close());
    const source = new ChainGridState(api, stats, indexer);
    const proxy = await startGridProxy({ source });
    closers.push(() => proxy.close());
    const graphql = await startGraphqlServer({ source });
    closers.push(() => graphql.close());
    const gatewayNode = devNodes.find((n) => n.gateway);
    const explorer = opts.explorer ? await ExplorerServer.start({ api, running: () => devNodes }) : undefined;
    if (explorer) closers.push(() => explorer.close());
    lock.describe({ chainUrl: chain.url, relayUrl: relay.url, proxyUrl: proxy.url });

    return {
      chainUrl: chain.url,
      relayUrl: relay.url,
      relayTlsUrl: relay.tlsUrl,
      relayCaFile: relayTls?.caFile,
      proxyUrl: proxy.url,
      graphqlUrl: graphql.url,
      gatewayUrl: gatewayNode?.gateway?.url,
      gatewayDomain: gatewayNode ? GATEWAY_DOMAIN : undefined,
      explorerUrl: explorer?.url,
      mnemonic: DEV_ACCOUNT,
      nodes,
      dataDir,
      devNodes,
      api,
      chain,
      async stopNode(nodeId) {
        const i = devNodes.findIndex((n) => n.nodeId === nodeId);
        if (i < 0) throw new Error(`no running dev node ${nodeId}`);
        await devNodes[i].close();
        devNodes.splice(i, 1);
      },
      async startNode(nodeId) {
        const spec = specs.get(nodeId);
        if (!spec) throw new Error(`no dev node ${nodeId}`);
        if (devNodes.some((n) => n.nodeId === nodeId)) return;
        devNodes.push(await startDevNode(spec));
      },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/**
 * Starts the nodes NODE_START_CONCURRENCY at a time (each opens a zdb port and a relay
 * connection); returns them in the specs' order. Every node started is also pushed to `started`
 * at once, and on a failure the nodes already starting still finish, so that closing the grid
 * closes each of them; then the first failure is thrown.
 */
async function startNodes(specs: DevNodeOptions[], started: DevNode[]): Promise<DevNode[]> {
  const out = new Array<DevNode>(specs.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < specs.length && failure === undefined) {
      const i = next++;
      try {
        out[i] = await startDevNode({ ...specs[i], restore: false });
        started.push(out[i]);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(NODE_START_CONCURRENCY, specs.length) }, worker));
  if (failure !== undefined) throw failure;
  return out;
}
