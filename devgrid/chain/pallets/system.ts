/** frame_system (index 0): accounts, nonces, events, block hashes; `remark`. */
import { blake2AsHex } from '@polkadot/util-crypto';
import type { PalletSpec } from '../pallet';

export const SYSTEM: PalletSpec = {
  name: 'System',
  index: 0,
  calls: {
    remark: { index: 0, args: { remark: 'Bytes' } },
    remark_with_event: { index: 7, args: { remark: 'Bytes' } },
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
    { name: 'BlockHashCount', type: 'u32', value: 2400 },
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

export const TIMESTAMP: PalletSpec = {
  name: 'Timestamp',
  index: 1,
  calls: { set: { index: 0, args: { now: 'Compact<u64>' } } },
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
