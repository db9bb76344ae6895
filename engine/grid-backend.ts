/**
 * The engine's GridBackend over the real clients: TFChain through @polkadot/api, nodes through
 * RMB, node discovery through the grid proxy. The same code serves the dev grid and the public
 * networks; only the endpoints differ.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { GridEndpoints } from '../model/config/networks';
import { fetchCandidates } from '../clients/proxy/candidate-nodes';
import { GridProxyClient } from '../clients/proxy/client';
import { NodeRecords } from '../clients/proxy/node-records';
import type { ProxyNode } from '../clients/proxy/types';
import { ChainTwinDirectory } from '../clients/rmb/chain-twin-directory';
import { RmbClient } from '../clients/rmb/client';
import { RmbConnectionError, RmbRemoteError, RmbTimeoutError } from '../clients/rmb/errors';
import { RmbIdentity } from '../clients/rmb/identity';
import { CachedTwinDirectory } from '../clients/rmb/twin-directory';
import { signerFromPair, type Signer } from '../model/zos/signing';
import type { Deployment } from '../model/zos/types';
import {
  ChainUnreachableError,
  NodeUnreachableError,
  type ChainContract,
  type ChainProposal,
  type GridBackend,
  type NewContract,
} from './backend';
import { ChainError } from '../clients/chain/chain-error';
import { connectTfchain } from '../clients/chain/connection';
import { MetadataCache } from '../clients/chain/metadata-cache';
import { TfchainClient } from '../clients/chain/tfchain-client';
import { actionCall, proposalHashOf } from '../clients/chain/dao';
import { listTwinContracts } from './contract-listing';
import { kvDeleteCall, kvEntries, kvGet, kvSetCall, kvWrittenBetween } from '../clients/chain/kv-store';
import { callOf, type ChainCall } from '../clients/chain/chain-call';
import { submit, submitToPool } from '../clients/chain/submit';
import { BatchSizer } from '../clients/chain/batch-size';
import { nameRecordKey } from './ownership';

export interface ConnectOptions {
  readonly endpoints: GridEndpoints;
  /** mnemonic, 0x seed or dev uri; never logged */
  readonly secret: string;
  /** @default 'sr25519' */
  readonly keyType?: 'sr25519' | 'ed25519';
  /** how long a node may take to answer one RMB call, ms. @default 20000 */
  readonly nodeTimeoutMs?: number;
  /** how long connecting to chain and relay may take, ms. @default 15000 */
  readonly connectTimeoutMs?: number;
  /**
   * false: connect without waiting for the RMB relay; when it cannot be reached, node calls fail with
   * NodeUnreachableError and chain calls still work (destroy needs only the chain). @default true
   */
  readonly requireRelay?: boolean;
  /** keep the chain's metadata in this folder between runs (clients/chain/metadata-cache.ts). @default none */
  readonly metadataCacheDir?: string;
}

export interface ConnectedGrid extends GridBackend {
  readonly api: ApiPromise;
  readonly pair: KeyringPair;
  readonly proxy: GridProxyClient;
  close(): Promise<void>;
}

/** The account secret is not a mnemonic, seed or dev uri. The message never repeats the secret. */
export class AccountSecretError extends Error {
  constructor() {
    super('the account secret is not a valid mnemonic, 0x seed or dev uri: check TFGRID_MNEMONIC');
    this.name = 'AccountSecretError';
  }
}

/** The account's key pair and RMB identity, derived once from the secret (it is checked on the way). */
function accountKeys(
  secret: string,
  type: 'sr25519' | 'ed25519',
): { pair: KeyringPair; identity: RmbIdentity } {
  try {
    // validates the phrase (a typo must not become another account)
    return RmbIdentity.withPair(secret, type);
  } catch {
    throw new AccountSecretError();
  }
}

export async function connectGrid(o: ConnectOptions): Promise<ConnectedGrid> {
  await cryptoWaitReady();
  const keyType = o.keyType ?? 'sr25519';
  const { pair, identity } = accountKeys(o.secret, keyType);
  const connectMs = o.connectTimeoutMs ?? 15_000;
  const api = await connectTfchain({
    urls: o.endpoints.substrateUrls,
    connectTimeoutMs: connectMs,
    reconnectDelayMs: 1000,
    metadataCache: o.metadataCacheDir ? new MetadataCache(o.metadataCacheDir) : undefined,
  });
  // TFChain keeps a twin's relay as a bare host name: no scheme, no port
  const relayHost = new URL(o.endpoints.relayUrls[0]).hostname;
  const chain = new TfchainClient(api, pair);
  const pk = identity.payloadKey?.publicKey;
  let twinId: number;
  let signer: Signer;
  try {
    twinId = await chain.ensureTwin(relayHost, pk ? { pk: `0x${Buffer.from(pk).toString('hex')}` } : {});
    signer = signerFromPair(twinId, pair);
  } catch (e) {
    await api.disconnect().catch(() => undefined);
    throw e;
  }
  const twins = new CachedTwinDirectory(new ChainTwinDirectory(api), 60_000);
  const nodeTimeoutMs = o.nodeTimeoutMs ?? 20_000;
  const rmb = new RmbClient({
    relayUrls: o.endpoints.relayUrls,
    twinId,
    identity,
    twins,
    session: `tfgrid-iac-${process.pid}-${Date.now() % 100000}`,
    requestTimeoutMs: nodeTimeoutMs,
    connectTimeoutMs: connectMs,
  });
  // resolves to the reason when no relay link opened (connect() closes the client then)
  const relayDown: Promise<string | undefined> = rmb.connect().then(
    () => undefined,
    (e: Error) => `connecting to the RMB relay at ${o.endpoints.relayUrls.join(', ')}: ${e.message}`,
  );
  if (o.requireRelay ?? true) {
    const problem = await relayDown;
    if (problem) {
      await api.disconnect();
      throw new Error(problem);
    }
  }
  const sizer = new BatchSizer(api, pair.address);
  /**
   * Calls built when a batch was sized, kept for sending it: building a call checks and encodes
   * its arguments, about 0.13 ms a contract, paid once instead of twice before a batch goes out.
   */
  const built = new WeakMap<NewContract, ChainCall<unknown>[]>();
  const contractCalls = (c: NewContract): ChainCall<unknown>[] => {
    let calls = built.get(c);
    if (!calls) built.set(c, (calls = buildContractCalls(c)));
    return calls;
  };
  /** The calls creating a contract: a name contract's ownership record goes in the same batch. */
  const buildContractCalls = (c: NewContract): ChainCall<unknown>[] =>
    c.type === 'name'
      ? [
          chain.calls.createNameContract(c.name),
          ...(c.owner !== undefined ? [kvSetCall(api, nameRecordKey(c.name), c.owner)] : []),
        ]
      : [
          chain.calls.createNodeContract({
            nodeId: c.nodeId,
            deploymentHash: c.deploymentHash,
            deploymentData: c.deploymentData,
            publicIps: c.publicIps,
          }),
        ];
  /** Runs a chain call; a dropped connection becomes ChainUnreachableError, whatever layer noticed it. */
  const onChain = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      if (e instanceof ChainError && e.kind !== 'connection') throw e;
      const cutOff = e instanceof ChainError || /not connected|disconnected/i.test(message);
      if (!cutOff && api.isConnected) throw e;
      throw new ChainUnreachableError(`the connection to TFChain dropped: ${message}`);
    }
  };
  /** One extrinsic setting (a value) or deleting (undefined) the account's entries. */
  const kvTx = (entries: ReadonlyMap<string, string | undefined>) => {
    const calls = [...entries].map(([key, value]) =>
      value === undefined ? kvDeleteCall(api, key) : kvSetCall(api, key, value),
    );
    return calls.length === 1 ? calls[0].tx : api.tx.utility.batchAll(calls.map((c) => c.tx));
  };
  const proxy = new GridProxyClient(o.endpoints.proxyUrl);
  const nodeRecords = new NodeRecords(proxy);
  /** The proxy records of these nodes and their twins' keys (RMB needs them), each read in bulk. */
  const readNodes = async (nodeIds: readonly number[]): Promise<void> => {
    await nodeRecords.load(nodeIds);
    const nodes = await Promise.all(nodeIds.map((id) => nodeRecords.get(id).catch(() => undefined)));
    await twins.load(nodes.flatMap((n) => (n ? [n.twinId] : [])));
  };
  const call = async <T>(nodeId: number, command: string, payload: unknown): Promise<T> => {
    const node = await nodeRecords.get(nodeId);
    const down = await relayDown;
    if (down) throw new NodeUnreachableError(nodeId, `node ${nodeId} could not be reached: ${down}`);
    try {
      // fail-fast: the relay answers 'destination offline' at once for a node with no live
      // connection, instead of queueing the request until it times out
      return await rmb.request<T>(node.twinId, command, payload, {
        timeoutMs: nodeTimeoutMs,
        tags: 'fail-fast',
      });
    } catch (e) {
      if (e instanceof RmbTimeoutError)
        throw new NodeUnreachableError(
          nodeId,
          `node ${nodeId} did not answer ${command} within ${nodeTimeoutMs / 1000} s`,
        );
      if (e instanceof RmbRemoteError && e.sourceTwin === 0)
        throw new NodeUnreachableError(
          nodeId,
          `node ${nodeId} is not reachable: ${e.remoteMessage}`,
          // rmb-rs's answer for a twin with no live connection (also to a fail-fast request)
          /destination offline/i.test(e.remoteMessage),
        );
      if (e instanceof RmbConnectionError)
        throw new NodeUnreachableError(nodeId, `node ${nodeId} could not be reached: ${e.message}`);
      if (e instanceof RmbRemoteError)
        throw new Error(`node ${nodeId} refused ${command}: ${e.remoteMessage}`);
      throw e;
    }
  };

  return {
    api,
    pair,
    proxy,
    twinId,
    signer,
    accountSecret: o.secret,
    async nodes(): Promise<ProxyNode[]> {
      const nodes = await proxy.nodes({ status: 'up' });
      nodeRecords.remember(nodes);
      return nodes;
    },
    async nodesFor(requests) {
      const nodes = (await fetchCandidates(proxy, requests, twinId)) ?? (await proxy.nodes({ status: 'up' }));
      nodeRecords.remember(nodes);
      return nodes;
    },
    readNodes,
    async nodePublicIp(nodeId) {
      const ip = (await nodeRecords.get(nodeId)).publicConfig?.ipv4;
      return ip ? ip.replace(/\/\d+$/, '') : undefined;
    },
    listContracts: (): Promise<ChainContract[]> =>
      onChain(() =>
        listTwinContracts(api, proxy, twinId, undefined, undefined, (indexed) => {
          // the nodes of the indexed contracts are looked up while the chain is read
          const nodeIds = indexed.flatMap((c) =>
            c.type === 'node' ? [(c.details as { nodeId: number }).nodeId] : [],
          );
          readNodes(nodeIds).catch(() => undefined);
        }),
      ),
    contractBatchSizes: (contracts: readonly NewContract[]) =>
      onChain(() => sizer.sizes(contracts, (c) => contractCalls(c).map(callOf))),
    createContracts: (contracts: readonly NewContract[]) =>
      onChain(async () => {
        if (contracts.length === 0) return [];
        const calls: ChainCall<unknown>[] = [];
        const positions: number[] = [];
        for (const c of contracts) {
          positions.push(calls.length);
          calls.push(...contractCalls(c));
        }
        if (calls.length === 1) return [(await chain.run(calls[0])) as number];
        const results = await chain.batchAll(calls);
        return positions.map((i) => results[i] as number);
      }),
    createContractsWith: (entries, contracts) =>
      onChain(async () => {
        const calls: ChainCall<unknown>[] = [...entries].map(([key, value]) => kvSetCall(api, key, value));
        const positions: number[] = [];
        for (const c of contracts) {
          positions.push(calls.length);
          calls.push(...contractCalls(c));
        }
        const result = await submit(chain, api.tx.utility.batchAll(calls.map(callOf)));
        const ids: number[] = [];
        for (const i of positions) ids.push((await calls[i].result(result.events, api)) as number);
        return { ids, blockHash: result.blockHash };
      }),
    updateNodeContract: (id, hash, data) => onChain(() => chain.updateNodeContract(id, hash, data)),
    cancelContracts: (ids) =>
      onChain(async () => {
        const groups: ChainCall<unknown>[][] = [];
        for (const contract of await chain.getContracts(ids)) {
          const group: ChainCall<unknown>[] = [chain.calls.cancelContract(contract.contractId)];
          // the name's ownership record goes with its contract
          const name = contract.type === 'name' ? contract.name : undefined;
          if (name !== undefined && (await kvGet(api, pair.address, nameRecordKey(name))) !== undefined)
            group.push(kvDeleteCall(api, nameRecordKey(name)));
          groups.push(group);
        }
        // as many batches as the chain's block limits need, one after the other
        const sizes = await sizer.sizes(groups, (g) => g.map(callOf));
        let next = 0;
        for (const size of sizes) {
          const calls = groups.slice(next, next + size).flat();
          next += size;
          if (calls.length === 1) await chain.run(calls[0]);
          else await chain.batchAll(calls);
        }
      }),
    kvEntries: (prefix) => kvEntries(api, pair.address, prefix),
    async kvGet(key, block, when = 'before') {
      if (block === undefined) return kvGet(api, pair.address, key);
      const at = when === 'after' ? block : (await api.rpc.chain.getHeader(block)).parentHash;
      return kvGet(await api.at(at), pair.address, key);
    },
    kvWrite: async (entries) => (await submit(chain, kvTx(entries))).blockHash,
    kvSubmit: async (entries) => {
      await submitToPool(chain, kvTx(entries));
    },
    kvWrittenBetween: (key, after, before) => kvWrittenBetween(api, pair.publicKey, key, after, before),
    bestBlock: async () => (await api.rpc.chain.getBlockHash()).toHex(),
    async deploy(nodeId, d: Deployment) {
      await call(nodeId, 'zos.deployment.deploy', d);
    },
    async update(nodeId, d: Deployment) {
      await call(nodeId, 'zos.deployment.update', d);
    },
    async getDeployment(nodeId, contractId) {
      try {
        return await call<Deployment>(nodeId, 'zos.deployment.get', { contract_id: contractId });
      } catch (e) {
        if (!(e instanceof NodeUnreachableError) && /not found|does not exist/.test((e as Error).message))
          return undefined;
        throw e;
      }
    },
    listDeployments: (nodeId) => call<Deployment[]>(nodeId, 'zos.deployment.list', null),
    daoProposalHash: async (action) => proposalHashOf(actionCall(api, action)),
    daoPropose: async (p) => (await chain.propose(p)).hash,
    daoVote: (farmId, hash, approve) => chain.vote(farmId, hash, approve),
    daoProposals: (): Promise<ChainProposal[]> => chain.listProposals(),
    async close() {
      await rmb.close().catch(() => undefined);
      await api.disconnect().catch(() => undefined);
    },
  };
}
