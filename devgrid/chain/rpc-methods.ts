/**
 * The Substrate JSON-RPC methods the dev chain answers (what @polkadot/api calls on connect,
 * on queries and on signAndSend), bound to a DevNode.
 */
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { RpcError } from './extrinsic';
import type { BlockRecord, DevNode, TxStatus } from './node';
import { RUNTIME_VERSION } from './node';
import type { RpcMethods, SubscriptionMethod } from './rpc-server';
import { queryInfo, RUNTIME_APIS, runtimeCall } from './runtime-api';
import { feeFor } from './runtime/executive';

/** Storage key of System.Events (twox128 of both names). */
const SYSTEM_EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';

/** Chain identity reported by system_* (the token is TFT with 7 decimals, SS58 prefix 42). */
export const CHAIN_NAME = 'TFChain Dev Grid';
export const CHAIN_PROPERTIES = { ss58Format: 42, tokenDecimals: 7, tokenSymbol: 'TFT' };

function headerJson(node: DevNode, block: BlockRecord): unknown {
  const header = node.runtime.registry.createType('Header', hexToU8a(block.header));
  const json = header.toJSON() as Record<string, unknown>;
  return { ...json, number: `0x${block.number.toString(16)}` };
}

function blockOrThrow(node: DevNode, hash: unknown): BlockRecord {
  const block = node.block(typeof hash === 'string' ? hash : undefined);
  if (!block)
    throw new RpcError(
      4003,
      `Client error: UnknownBlock: Header was not found in the database: ${String(hash)}`,
    );
  return block;
}

function runtimeVersionJson(): unknown {
  return { ...RUNTIME_VERSION, apis: RUNTIME_APIS.map(([name, version]) => [name, version]) };
}

function accountIdHex(address: unknown): string {
  try {
    return u8aToHex(decodeAddress(String(address)));
  } catch {
    throw new RpcError(-32602, 'Invalid params', `not an SS58 address or account id: ${String(address)}`);
  }
}

/** payment_queryInfo's JSON: weight as numbers, class in lower case, the fee as a decimal string. */
function paymentQueryInfo(node: DevNode, extrinsic: string): unknown {
  const info = queryInfo(node, hexToU8a(extrinsic));
  return {
    weight: { refTime: Number(info.weight.refTime), proofSize: Number(info.weight.proofSize) },
    class: info.class.toLowerCase(),
    partialFee: info.partialFee.toString(),
  };
}

/** All methods, for `rpc_methods`. */
export function createRpcMethods(node: DevNode, metadataHex: string): RpcMethods {
  const headSubscription = (
    notification: string,
    unsubscribe: string,
    event: 'block' | 'finalized',
  ): SubscriptionMethod => ({
    notification,
    unsubscribe,
    start: (_params, notify, ready) => {
      ready(() => notify(headerJson(node, event === 'block' ? node.best : node.finalized)));
      const onBlock = (block: BlockRecord) => notify(headerJson(node, block));
      node.on(event, onBlock);
      return () => node.off(event, onBlock);
    },
  });
  const storageValue = (key: string, hash?: unknown) => {
    const at = typeof hash === 'string' ? hash : undefined;
    const value = node.stateAt(at).get(key.toLowerCase()) ?? null;
    if (at && key.toLowerCase() === SYSTEM_EVENTS_KEY) node.noteEventsRead(at);
    return value;
  };

  const subscriptions: Record<string, SubscriptionMethod> = {
    chain_subscribeNewHeads: headSubscription('chain_newHead', 'chain_unsubscribeNewHeads', 'block'),
    chain_subscribeFinalizedHeads: headSubscription(
      'chain_finalizedHead',
      'chain_unsubscribeFinalizedHeads',
      'finalized',
    ),
    chain_subscribeAllHeads: headSubscription('chain_allHead', 'chain_unsubscribeAllHeads', 'block'),
    state_subscribeRuntimeVersion: {
      notification: 'state_runtimeVersion',
      unsubscribe: 'state_unsubscribeRuntimeVersion',
      start: (_params, notify, ready) => {
        ready(() => notify(runtimeVersionJson()));
        return () => undefined;
      },
    },
    state_subscribeStorage: {
      notification: 'state_storage',
      unsubscribe: 'state_unsubscribeStorage',
      start: (params, notify, ready) => {
        const keys = ((params[0] as string[] | undefined) ?? []).map((k) => k.toLowerCase());
        ready(() => notify({ block: node.best.hash, changes: keys.map((k) => [k, storageValue(k)]) }));
        const onBlock = (block: BlockRecord, changed: Set<string>) => {
          const hit = keys.filter((k) => changed.has(k));
          if (hit.length)
            notify({ block: block.hash, changes: hit.map((k) => [k, block.state?.get(k) ?? null]) });
        };
        node.on('block', onBlock);
        return () => node.off('block', onBlock);
      },
    },
    author_submitAndWatchExtrinsic: {
      notification: 'author_extrinsicUpdate',
      unsubscribe: 'author_unwatchExtrinsic',
      start: (params, notify, ready) => {
        let active = true;
        const { status } = node.submit(String(params[0]), (s: TxStatus) => active && notify(s));
        ready(() => notify(status));
        return () => {
          active = false;
        };
      },
    },
  };

  const plain: Record<string, (params: unknown[]) => unknown> = {
    system_chain: () => CHAIN_NAME,
    system_name: () => 'substrate-threefold',
    system_version: () => '2.9.0-devgrid',
    system_chainType: () => 'Development',
    system_properties: () => CHAIN_PROPERTIES,
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_localPeerId: () => '12D3KooWDevGridDevGridDevGridDevGridDevGridDevGrid',
    system_syncState: () => ({
      startingBlock: 0,
      currentBlock: node.best.number,
      highestBlock: node.best.number,
    }),
    system_accountNextIndex: ([address]) => node.nextNonce(accountIdHex(address)),
    chain_getBlockHash: ([n]) => {
      if (n === undefined || n === null) return node.best.hash;
      const number = typeof n === 'string' && isHex(n) ? parseInt(n, 16) : Number(n);
      return node.blocks[number]?.hash ?? null;
    },
    chain_getHeader: ([hash]) => headerJson(node, blockOrThrow(node, hash)),
    chain_getBlock: ([hash]) => {
      const block = blockOrThrow(node, hash);
      return {
        block: { header: headerJson(node, block), extrinsics: block.extrinsics },
        justifications: null,
      };
    },
    chain_getFinalizedHead: () => node.finalized.hash,
    chain_getFinalisedHead: () => node.finalized.hash,
    state_getMetadata: () => metadataHex,
    state_getRuntimeVersion: () => runtimeVersionJson(),
    state_getStorage: ([key, hash]) => storageValue(String(key), hash),
    state_getStorageAt: ([key, hash]) => storageValue(String(key), hash),
    state_getStorageSize: ([key, hash]) => {
      const v = storageValue(String(key), hash);
      return v === null ? null : hexToU8a(v).length;
    },
    state_getKeysPaged: ([prefix, count, startKey, hash]) => {
      const state = node.stateAt(typeof hash === 'string' ? hash : undefined);
      const p = String(prefix ?? '0x').toLowerCase();
      const start = typeof startKey === 'string' ? startKey.toLowerCase() : undefined;
      return [...state.keys()]
        .filter((k) => k.startsWith(p) && (!start || k > start))
        .sort()
        .slice(0, Number(count ?? 1000));
    },
    state_getKeys: ([prefix, hash]) => {
      const state = node.stateAt(typeof hash === 'string' ? hash : undefined);
      return [...state.keys()].filter((k) => k.startsWith(String(prefix).toLowerCase())).sort();
    },
    state_queryStorageAt: ([keys, hash]) => {
      const block = blockOrThrow(node, hash);
      const list = (keys as string[]).map((k) => [k, storageValue(k, block.hash)]);
      return [{ block: block.hash, changes: list }];
    },
    state_call: ([method, data, hash]) =>
      runtimeCall(node, metadataHex, String(method), String(data ?? '0x'), hash),
    author_submitExtrinsic: ([hex]) => node.submit(String(hex)).hash,
    author_pendingExtrinsics: () => node.pending,
    payment_queryInfo: ([ext]) => paymentQueryInfo(node, String(ext)),
    payment_queryFeeDetails: ([ext]) => {
      const fee = feeFor(hexToU8a(String(ext)).length);
      return {
        inclusionFee: { baseFee: '10000', lenFee: (fee - 10_000n).toString(), adjustedWeightFee: '0' },
      };
    },
  };
  const names = [
    ...Object.keys(plain),
    ...Object.keys(subscriptions),
    ...Object.values(subscriptions).map((s) => s.unsubscribe),
  ];
  plain.rpc_methods = () => ({ version: 1, methods: names.concat('rpc_methods').sort() });
  return { plain, subscriptions };
}
