/**
 * The in-process dev chain: `startDevChain()` builds (or restores) the chain and serves it over
 * WebSocket JSON-RPC on 127.0.0.1 for an unmodified @polkadot/api.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { getMetadataHex } from './metadata';
import { DevNode } from './node';
import { OffchainBilling } from './offchain-billing';
import { loadChain, saveBlock } from './persistence';
import { createRpcMethods } from './rpc-methods';
import { startRpcServer } from './rpc-server';
import { Runtime } from './runtime/executive';
import { devAccounts, type GenesisConfig } from './runtime/genesis';
import { buildGridGenesis, type GridGenesis } from './runtime/grid-genesis';
import { GENESIS_STEPS, runtimePallets } from './runtime-pallets';
import { BlockLimits, type BlockLimitOptions } from './runtime/weights';

export interface DevChainOptions extends GenesisConfig {
  /** directory for the chain's state; a restart with the same dir continues the chain. @default in memory only */
  readonly dataDir?: string;
  /** ms between blocks; 0 = a block as soon as extrinsics arrive. @default 0 */
  readonly blockTimeMs?: number;
  /** with blocks on demand: ms from a block to its finality (timed blocks: final at the next block). @default 1000 */
  readonly finalityDelayMs?: number;
  /** port on 127.0.0.1. @default 0 (ephemeral) */
  readonly port?: number;
  /**
   * block weight and length limits, served as `system.blockWeights` / `system.blockLength` and
   * enforced. @default TFChain's (2 s of compute and 5 MiB per block, 75 % for normal calls); tests
   * lower them to fill a block with a few calls
   */
  readonly blockLimits?: BlockLimitOptions;
  /**
   * farms, nodes and their accounts registered in a new chain's genesis (as their extrinsics would
   * have; see runtime/grid-genesis.ts). A chain restored from `dataDir` keeps its own. @default none
   */
  readonly grid?: GridGenesis;
}

export interface DevChain {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** genesis hash, hex */
  readonly genesisHash: string;
  /** the node (blocks, pool, runtime) for tests and tools in this process */
  readonly node: DevNode;
  /** dev account ids (hex) by name: Alice, Bob, Charlie, Dave, Eve, Ferdie */
  readonly accounts: Readonly<Record<string, string>>;
  /** produces a block now (useful with timed blocks, or to advance billing) */
  produceBlock(): void;
  close(): Promise<void>;
}

export async function startDevChain(options: DevChainOptions = {}): Promise<DevChain> {
  await cryptoWaitReady();
  const limits = new BlockLimits(options.blockLimits);
  const pallets = runtimePallets(limits);
  const metadataHex = getMetadataHex(pallets);
  const runtime = new Runtime(metadataHex, pallets, limits);
  const node = new DevNode(runtime, options.blockTimeMs ?? 0, options.finalityDelayMs);
  const accounts = devAccounts();
  const restored = options.dataDir ? loadChain(options.dataDir, node) : false;
  if (!restored) {
    runtime.initializeBlock(0, '0x' + '00'.repeat(32), Date.now());
    const ctx = runtime.context({ root: true });
    for (const step of GENESIS_STEPS) step(ctx, accounts, options);
    if (options.grid) buildGridGenesis(runtime, options.grid);
    node.genesis(runtime.storage.raw, runtime.now);
    if (options.dataDir) saveBlock(options.dataDir, node, node.best);
  }
  const dataDir = options.dataDir;
  if (dataDir) node.on('block', (block) => saveBlock(dataDir, node, block));
  const server = await startRpcServer(createRpcMethods(node, metadataHex), options.port ?? 0);
  new OffchainBilling(node).start();
  node.start();
  return {
    url: server.url,
    port: server.port,
    genesisHash: node.genesisHash,
    node,
    accounts,
    produceBlock: () => void node.produceBlock(),
    close: async () => {
      node.stop();
      await server.close();
    },
  };
}
