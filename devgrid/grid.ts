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
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { DEV_ACCOUNT, DEV_MNEMONIC, devGridEndpoints } from '../model/config/networks';
import { CachedTwinDirectory } from '../clients/rmb/twin-directory';
import { startDevChain, type DevChain } from './chain/chain';
import type { BlockLimitOptions } from './chain/runtime/weights';
import { startDevNode, type DevNode } from './dev-node';
import { ChainGridState } from './grid-state';
import { ChainIndexer } from './indexer/chain-indexer';
import { ChainAccess } from './node/chain-access';
import { startGraphqlServer } from './graphql/server';
import { startGridProxy } from './proxy/server';
import { ensureFarm, ensureNode, ensureTwin, fund } from './registrar';
import { startRelay } from './relay/relay';
import type { DevGridInfo } from '../model/config/devgrid-info';
import { ExplorerServer } from './explorer/server';
import { ensureRelayTls, relayTlsDir } from './relay/relay-tls';

const GiB = 1024 ** 3;

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

/** Node resources: 16 cores, 64 GiB memory, 1 TiB ssd, 4 TiB hdd (farm weight 87 per node). */
const NODE_RESOURCES = { cru: 16, mru: 64 * GiB, sru: 1024 * GiB, hru: 4096 * GiB };
export const GATEWAY_DOMAIN = 'gw1.devgrid.localhost';
/**
 * The /24 the dev farms' public IPs and the public nodes' addresses are taken from, gateway .1.
 * Not a documentation range (192.0.2/24, 198.51.100/24, 203.0.113/24): clients such as
 * ThreeFold's SDK treat those as private and would see every dev node as hidden. Nothing ever
 * sends traffic to these addresses: machines are processes on loopback, no tunnel is created, and
 * the dev gateway sends every backend to 127.0.0.1 (see devgrid/node/provisioners/gateway.ts).
 */
export const DEV_PUBLIC_PREFIX = '203.0.114';

/**
 * The IPv6 address and gateway of public node number `n` (its id on a new chain): its /64 in 2001:db8::/32 (IPv6's documentation
 * prefix, as the `ip` workloads' IPv6 of that node: devgrid/node/provisioners/ip.ts). The SDK
 * checks only IPv4 addresses for being private; like the IPv4 ones, nothing sends traffic there.
 */
export function devPublicIpv6(n: number): { ip: string; gw: string } {
  const prefix = `2001:db8:${n.toString(16)}:`;
  return { ip: `${prefix}:2/64`, gw: `${prefix}:1` };
}

export async function startDevGrid(opts: DevGridOptions = {}): Promise<DevGrid> {
  await cryptoWaitReady();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-devgrid-'));
  fs.mkdirSync(dataDir, { recursive: true });
  // one grid per data dir (refused, naming the holder, while another one lives)
  const lock = DataDirLock.acquire(dataDir);
  const nodeCount = opts.nodes ?? 8;
  const farmCount = Math.max(1, Math.min(opts.farms ?? 2, nodeCount));
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

    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri(DEV_ACCOUNT);
    // the default account (//Alice: funded at genesis and a council member, so DAO proposals work)
    await ensureTwin(api, alice, '127.0.0.1');

    const farmIds: number[] = [];
    const farmers: ReturnType<typeof keyring.addFromUri>[] = [];
    for (let f = 1; f <= farmCount; f++) {
      const farmer = keyring.addFromUri(`${DEV_MNEMONIC}//farmer/${f}`);
      await fund(api, alice, farmer.address, 10_000);
      await ensureTwin(api, farmer, '127.0.0.1');
      const publicIps = Array.from({ length: 8 }, (_, k) => ({
        ip: `${DEV_PUBLIC_PREFIX}.${f * 16 + k + 2}/24`,
        gw: `${DEV_PUBLIC_PREFIX}.1`,
      }));
      farmIds.push(await ensureFarm(api, farmer, { name: `devfarm${f}`, publicIps }));
      farmers.push(farmer);
    }

    const nodeSecrets = new Map<number, string>();
    const nodes: DevGridInfo['nodes'] = [];
    const devNodes: DevNode[] = [];
    const specs = new Map<number, Parameters<typeof startDevNode>[0]>();
    for (let i = 1; i <= nodeCount; i++) {
      const secret = `${DEV_MNEMONIC}//node/${i}`;
      const pair = keyring.addFromUri(secret);
      await fund(api, alice, pair.address, 10_000);
      const twinId = await ensureTwin(api, pair, '127.0.0.1');
      const farmId = farmIds[(i - 1) % farmIds.length];
      const farmer = farmers[(i - 1) % farmIds.length];
      // odd nodes have a public address (node 1 also serves gateways), even ones are hidden, as on
      // the real grid: a network over both is routed through an access node. Like the grid's
      // access nodes they have IPv4 and IPv6 (grid_client looks for access nodes with both).
      const publicConfig =
        i % 2 === 1
          ? {
              ip4: { ip: `${DEV_PUBLIC_PREFIX}.${239 + i}/24`, gw: `${DEV_PUBLIC_PREFIX}.1` },
              ip6: devPublicIpv6(i),
              ...(i === 1 ? { domain: GATEWAY_DOMAIN } : {}),
            }
          : undefined;
      const nodeId = await ensureNode(api, pair, farmer, twinId, {
        farmId,
        resources: NODE_RESOURCES,
        country: 'Belgium',
        city: 'Ghent',
        publicConfig,
      });
      nodeSecrets.set(nodeId, secret);
      const spec = {
        nodeId,
        twinId,
        secret,
        dataDir: path.join(dataDir, 'nodes', String(nodeId)),
        relayUrl: relay.url,
        chain: access,
        twins,
        total: { ...NODE_RESOURCES, ipv4u: 0 },
        publicConfig: publicConfig
          ? {
              ipv4: publicConfig.ip4.ip,
              gw4: publicConfig.ip4.gw,
              ipv6: publicConfig.ip6.ip,
              gw6: publicConfig.ip6.gw,
              domain: 'domain' in publicConfig ? publicConfig.domain : undefined,
            }
          : undefined,
      };
      specs.set(nodeId, spec);
      const node = await startDevNode({ ...spec, restore: false });
      devNodes.push(node);
      nodes.push({ nodeId, twinId, farmId, zdbPort: node.zdb.port });
    }
    closers.push(async () => {
      for (const n of devNodes) await n.close().catch(() => undefined);
    });
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
