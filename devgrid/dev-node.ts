/**
 * One emulated zos node of the dev grid: its zdb server, its deployment store, the ZosNode that
 * checks and provisions, its RMB connection, and (for gateway nodes) its HTTP gateway.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { KeyringPair } from '@polkadot/keyring/types';
import { submit } from '../clients/chain/submit';
import { RmbClient } from '../clients/rmb/client';
import { RmbIdentity } from '../clients/rmb/identity';
import type { TwinDirectory } from '../clients/rmb/twin-directory';
import type { Capacity } from '../model/zos/types';
import { startGatewayProxy, type GatewayProxy } from './gateway';
import type { ChainAccess } from './node/chain-access';
import { DeploymentStore } from './node/deployment-store';
import { serveZosApi } from './node/rmb-api';
import { UsageReports } from './node/usage-reports';
import { ConsoleTail, type NodeServices, type PublicConfig } from './node/services';
import { ZosNode } from './node/zos-node';
import { startMachineSandbox } from './sandbox';
import { startZdbServer, type ZdbServer } from './zdb/server';

export interface DevNodeOptions {
  readonly nodeId: number;
  readonly twinId: number;
  /** the node twin's key pair (signs its chain calls and RMB messages) */
  readonly pair: KeyringPair;
  readonly dataDir: string;
  readonly relayUrl: string;
  readonly chain: ChainAccess;
  readonly twins: TwinDirectory;
  readonly total: Capacity;
  readonly publicConfig?: PublicConfig;
  /**
   * bring back the deployments kept in the data dir before answering. false: the caller calls
   * `zos.restore()` itself (the grid does, once every node's zdb listens: a qsfs needs the zdbs of
   * other nodes). @default true
   */
  readonly restore?: boolean;
}

export interface DevNode {
  readonly nodeId: number;
  readonly twinId: number;
  readonly zos: ZosNode;
  readonly zdb: ZdbServer;
  readonly gateway?: GatewayProxy;
  /** the last console lines of each machine, by workload id */
  readonly console: ConsoleTail;
  close(): Promise<void>;
}

export async function startDevNode(o: DevNodeOptions): Promise<DevNode> {
  const zdb = await startZdbServer({
    dataDir: path.join(o.dataDir, 'zdb'),
    port: await stablePort(path.join(o.dataDir, 'zdb.port')),
  });
  fs.writeFileSync(path.join(o.dataDir, 'zdb.port'), String(zdb.port));
  const gateway = o.publicConfig?.domain
    ? await startGatewayProxy({ domain: o.publicConfig.domain })
    : undefined;
  const consoleTail = new ConsoleTail();
  const services: NodeServices = {
    dataDir: o.dataDir,
    zdb,
    gateway,
    publicConfig: o.publicConfig,
    startMachine: async (spec) => {
      try {
        return await startMachineSandbox({ ...spec });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !spec.port) throw e;
        return startMachineSandbox({ ...spec, port: 0 });
      }
    },
    machines: new Map(),
    consoleListeners: new Map(),
    consoleTail,
    nameContractOwner: (name) => o.chain.nameContractOwner(name),
    closers: new Map(),
  };
  // as zos does: tell the chain what each contract uses, which is what billing charges
  const usage = new UsageReports(async (reports) => {
    const tx = o.chain.api.tx.smartContractModule.reportContractResources(
      reports.map(({ contractId, used }) => ({
        contract_id: contractId,
        used: { hru: used.hru, sru: used.sru, cru: used.cru, mru: used.mru },
      })),
    );
    await submit({ api: o.chain.api, signer: o.pair }, tx);
  });
  const reportUsage = (contractId: number, used: Capacity) => usage.report(contractId, used);
  const zos = new ZosNode({
    nodeId: o.nodeId,
    chain: o.chain,
    twins: o.twins,
    services,
    total: o.total,
    store: new DeploymentStore(path.join(o.dataDir, 'state')),
    reportUsage,
  });
  if (o.restore !== false) await zos.restore();
  const rmb = new RmbClient({
    relayUrls: [o.relayUrl],
    twinId: o.twinId,
    identity: RmbIdentity.fromPair(o.pair),
    twins: o.twins,
    requestTimeoutMs: 30_000,
  });
  serveZosApi(rmb, zos, {
    listWgPorts: () => wireguardPorts(zos),
    publicConfig: () =>
      o.publicConfig
        ? {
            type: 'macvlan',
            ipv4: o.publicConfig.ipv4,
            ipv6: o.publicConfig.ipv6 ?? '',
            gw4: o.publicConfig.gw4,
            gw6: o.publicConfig.gw6 ?? '',
            domain: o.publicConfig.domain ?? '',
          }
        : null,
    interfaces: () => ({ lo: ['127.0.0.1'] }),
    publicIpv6: () => o.publicConfig?.ipv6 ?? '',
  });
  await rmb.connect();
  return {
    nodeId: o.nodeId,
    twinId: o.twinId,
    zos,
    zdb,
    gateway,
    console: consoleTail,
    async close() {
      await rmb.close();
      await zos.idle();
      for (const m of services.machines.values()) await m.close().catch(() => undefined);
      for (const c of services.closers.values()) await c().catch(() => undefined);
      await gateway?.close();
      await zdb.close();
    },
  };
}

/**
 * The port a node's zdb had before (kept in `file`) when it is still free, else 0 (any): results
 * and qsfs configs that name the address stay valid across a dev grid restart, as on zos (9900).
 */
async function stablePort(file: string): Promise<number> {
  const saved = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
  if (!saved) return 0;
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(saved, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? saved : 0;
}

/** Wireguard ports of the node's networks (every twin's). */
function wireguardPorts(zos: ZosNode): number[] {
  return zos
    .allActive()
    .flatMap((d) => d.workloads)
    .filter((w) => w.type === 'network' && w.result?.state === 'ok')
    .map((w) => Number((w.data as { wireguard_listen_port?: number }).wireguard_listen_port ?? 0));
}
