/**
 * frame_system (index 0): accounts, nonces, events, block hashes; `remark`; the block limits as
 * constants (`system.blockWeights`, `system.blockLength`, `system.dbWeight`).
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import type { PalletSpec } from '../pallet';
import { benchmarked, DB_WEIGHT, type BlockLimits } from '../runtime/weights';

/** frame_system's benchmarked remark weights (Substrate, June 2023): a base plus a part per byte. */
const bytesOf = (remark: unknown) => (remark as { length: number }).length;

/** frame_system's limit types, as TFChain's metadata declares them. */
const LIMIT_TYPES = {
  WeightsPerClass: {
    path: 'frame_system::limits::WeightsPerClass',
    fields: {
      base_extrinsic: 'Weight',
      max_extrinsic: 'Option<Weight>',
      max_total: 'Option<Weight>',
      reserved: 'Option<Weight>',
    },
  },
  PerDispatchClassWeightsPerClass: {
    path: 'frame_support::dispatch::PerDispatchClass',
    params: { T: 'WeightsPerClass' },
    fields: { normal: 'WeightsPerClass', operational: 'WeightsPerClass', mandatory: 'WeightsPerClass' },
  },
  PerDispatchClassU32: {
    path: 'frame_support::dispatch::PerDispatchClass',
    params: { T: 'u32' },
    fields: { normal: 'u32', operational: 'u32', mandatory: 'u32' },
  },
  BlockWeights: {
    path: 'frame_system::limits::BlockWeights',
    fields: { base_block: 'Weight', max_block: 'Weight', per_class: 'PerDispatchClassWeightsPerClass' },
  },
  BlockLength: { path: 'frame_system::limits::BlockLength', fields: { max: 'PerDispatchClassU32' } },
  RuntimeDbWeight: { path: 'sp_weights::RuntimeDbWeight', fields: { read: 'u64', write: 'u64' } },
} as const;

/** The System pallet of a runtime with these block limits. */
export function systemPallet(limits: BlockLimits): PalletSpec {
  return {
    name: 'System',
    index: 0,
    types: LIMIT_TYPES,
    calls: {
      remark: {
        index: 0,
        args: { remark: 'Bytes' },
        weight: (a) => ({ weight: benchmarked(2_119_000 + 390 * bytesOf(a.remark), 0), class: 'Normal' }),
      },
      remark_with_event: {
        index: 7,
        args: { remark: 'Bytes' },
        weight: (a) => ({ weight: benchmarked(8_097_000 + 1_455 * bytesOf(a.remark), 0), class: 'Normal' }),
      },
    },
    events: {
      ExtrinsicSuccess: { dispatch_info: 'DispatchInfo' },
      ExtrinsicFailed: { dispatch_error: 'DispatchError', dispatch_info: 'DispatchInfo' },
      CodeUpdated: null,
      NewAccount: { account: 'AccountId' },
      KilledAccount: { account: 'AccountId' },
      Remarked: { sender: 'AccountId', hash: 'H256' },
    },
    errors: [
      'InvalidSpecName',
      'SpecVersionNeedsToIncrease',
      'FailedToExtractRuntimeVersion',
      'NonDefaultComposite',
      'NonZeroRefCount',
      'CallFiltered',
    ],
    storage: [
      { name: 'Account', type: 'AccountInfo', keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId' }] },
      { name: 'ExtrinsicCount', type: 'u32', optional: true },
      { name: 'AllExtrinsicsLen', type: 'u32', optional: true },
      { name: 'BlockHash', type: 'H256', keys: [{ hasher: 'Twox64Concat', type: 'u32' }] },
      { name: 'Number', type: 'u32' },
      { name: 'ParentHash', type: 'H256' },
      { name: 'Digest', type: 'Digest' },
      { name: 'Events', type: 'Vec<EventRecord>' },
      { name: 'EventCount', type: 'u32' },
    ],
    constants: [
      { name: 'BlockWeights', type: 'BlockWeights', value: limits.blockWeightsJson() },
      { name: 'BlockLength', type: 'BlockLength', value: limits.blockLengthJson() },
      { name: 'BlockHashCount', type: 'u32', value: 2400 },
      {
        name: 'DbWeight',
        type: 'RuntimeDbWeight',
        value: { read: Number(DB_WEIGHT.read), write: Number(DB_WEIGHT.write) },
      },
      { name: 'SS58Prefix', type: 'u16', value: 42 },
    ],
    handlers: {
      // frame_system: `remark` takes a signed or Root origin (a DAO motion may run it), `remark_with_event` a signed one
      remark: (ctx) => {
        if (!('root' in ctx.origin)) ctx.signer();
      },
      remark_with_event: (ctx, args) => {
        ctx.emit('System', 'Remarked', ctx.signer(), blake2AsHex(args.remark.toU8a(true)));
      },
    },
  };
}

export const TIMESTAMP: PalletSpec = {
  name: 'Timestamp',
  index: 1,
  calls: {
    // an inherent: Mandatory, so a full block still takes it (about pallet_timestamp's benchmark)
    set: {
      index: 0,
      args: { now: 'Compact<u64>' },
      weight: () => ({ weight: benchmarked(9_000_000, 1493, 2, 1), class: 'Mandatory' }),
    },
  },
  storage: [
    { name: 'Now', type: 'u64' },
    { name: 'DidUpdate', type: 'bool' },
  ],
  constants: [{ name: 'MinimumPeriod', type: 'u64', value: 3000 }],
  handlers: {
    set: (ctx) => {
      ctx.ensureRoot();
    },
  },
};
