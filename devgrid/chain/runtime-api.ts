/**
 * Runtime APIs reached through `state_call` (Metadata, Core, AccountNonceApi,
 * TransactionPaymentApi), with their SCALE-encoded results.
 */
import { compactAddLength, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { RpcError } from './extrinsic';
import type { DevNode } from './node';
import { RUNTIME_VERSION } from './node';
import { readAccount } from './pallets/balances';
import { feeFor } from './runtime/executive';
import type { DispatchClass } from './runtime/weights';

const API_VERSIONS: readonly [string, number][] = [
  ['Core', 4],
  ['Metadata', 2],
  ['BlockBuilder', 6],
  ['TaggedTransactionQueue', 3],
  ['AccountNonceApi', 1],
  ['TransactionPaymentApi', 4],
];

/** [blake2-64 of the API name, version], as the runtime version lists them. */
export const RUNTIME_APIS: readonly [string, number][] = API_VERSIONS.map(([name, v]) => [
  blake2AsHex(name, 64),
  v,
]);

/**
 * TransactionPayment's query_info of an encoded (signed) extrinsic: the weight and class its call
 * declares, and the fee. Throws the node's decode error for bytes that are no extrinsic.
 */
export function queryInfo(
  node: DevNode,
  extrinsic: Uint8Array,
): { weight: { refTime: bigint; proofSize: bigint }; class: DispatchClass; partialFee: bigint } {
  let ext;
  try {
    ext = node.runtime.registry.createType('Extrinsic', extrinsic);
  } catch (e) {
    throw new RpcError(1002, 'Verification Error', `Could not decode extrinsic: ${(e as Error).message}`);
  }
  const info = node.runtime.dispatchInfo(ext.method);
  return { weight: info.weight, class: info.class, partialFee: feeFor(extrinsic.length) };
}

/** Answers `state_call(method, data)`; throws like a node for unknown methods. */
export function runtimeCall(
  node: DevNode,
  metadataHex: string,
  method: string,
  data: string,
  at: unknown,
): string {
  const registry = node.runtime.registry;
  const input = hexToU8a(data);
  const metadata = hexToU8a(metadataHex);
  switch (method) {
    case 'Metadata_metadata':
      return u8aToHex(compactAddLength(metadata));
    case 'Metadata_metadata_versions':
      return registry.createType('Vec<u32>', [14]).toHex();
    case 'Metadata_metadata_at_version': {
      const version = registry.createType('u32', input).toNumber();
      return version === 14 ? u8aToHex(u8aConcat(new Uint8Array([1]), compactAddLength(metadata))) : '0x00';
    }
    case 'Core_version':
      return registry.createType('RuntimeVersion', { ...RUNTIME_VERSION, apis: RUNTIME_APIS }).toHex();
    case 'AccountNonceApi_account_nonce': {
      node.stateAt(typeof at === 'string' ? at : undefined);
      return registry.createType('u32', node.nextNonce(u8aToHex(input.slice(0, 32)))).toHex(true);
    }
    case 'TransactionPaymentApi_query_info': {
      // (extrinsic, len: u32): the extrinsic is encoded with its compact length prefix
      return registry.createType('RuntimeDispatchInfoV2', queryInfo(node, input.slice(0, -4))).toHex();
    }
    case 'TransactionPaymentApi_query_fee_details': {
      const length = registry.createType('u32', input.slice(input.length - 4)).toNumber();
      const fee = feeFor(length);
      return registry
        .createType('FeeDetails', {
          inclusionFee: { baseFee: 10_000, lenFee: fee - 10_000n, adjustedWeightFee: 0 },
        })
        .toHex();
    }
    default:
      throw new RpcError(
        4003,
        `Client error: Execution failed: Other: Exported method ${method} is not found`,
      );
  }
}

/** Nonce of an account at the best block (without the pool), for tests. */
export function accountNonce(node: DevNode, who: string): number {
  return readAccount(node.runtime.context({ root: true }), who).nonce;
}
