/**
 * Substrate's own types as scale-info names them (paths matter: @polkadot/types recognises
 * AccountId32, MultiAddress, Era, EventRecord, UncheckedExtrinsic, RuntimeCall/RuntimeEvent by path).
 */
import type { TypeSpec } from './type-builder';

export const RUNTIME_TYPES: Record<string, TypeSpec> = {
  AccountId: { path: 'sp_core::crypto::AccountId32', fields: ['[u8;32]'] },
  H256: { path: 'primitive_types::H256', fields: ['[u8;32]'] },
  MultiAddress: {
    path: 'sp_runtime::multiaddress::MultiAddress',
    params: { AccountId: 'AccountId', AccountIndex: '()' },
    variants: {
      Id: 'AccountId',
      Index: 'Compact<()>',
      Raw: 'Bytes',
      Address32: '[u8;32]',
      Address20: '[u8;20]',
    },
  },
  MultiSignature: {
    path: 'sp_runtime::MultiSignature',
    variants: { Ed25519: 'Ed25519Signature', Sr25519: 'Sr25519Signature', Ecdsa: 'EcdsaSignature' },
  },
  Ed25519Signature: { path: 'sp_core::ed25519::Signature', fields: ['[u8;64]'] },
  Sr25519Signature: { path: 'sp_core::sr25519::Signature', fields: ['[u8;64]'] },
  EcdsaSignature: { path: 'sp_core::ecdsa::Signature', fields: ['[u8;65]'] },
  Era: { path: 'sp_runtime::generic::era::Era', variants: { Immortal: null } },
  UncheckedExtrinsic: {
    path: 'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic',
    params: {
      Address: 'MultiAddress',
      Call: 'RuntimeCall',
      Signature: 'MultiSignature',
      Extra: 'SignedExtra',
    },
    fields: [],
    opaqueBytes: true,
  },
  SignedExtra: {
    path: 'tfchain_runtime::SignedExtra',
    fields: [
      'CheckNonZeroSender',
      'CheckSpecVersion',
      'CheckTxVersion',
      'CheckGenesis',
      'CheckMortality',
      'CheckNonce',
      'CheckWeight',
      'ChargeTransactionPayment',
    ],
  },
  CheckNonZeroSender: {
    path: 'frame_system::extensions::check_non_zero_sender::CheckNonZeroSender',
    fields: [],
  },
  CheckSpecVersion: { path: 'frame_system::extensions::check_spec_version::CheckSpecVersion', fields: [] },
  CheckTxVersion: { path: 'frame_system::extensions::check_tx_version::CheckTxVersion', fields: [] },
  CheckGenesis: { path: 'frame_system::extensions::check_genesis::CheckGenesis', fields: [] },
  CheckMortality: { path: 'frame_system::extensions::check_mortality::CheckMortality', fields: ['Era'] },
  CheckNonce: { path: 'frame_system::extensions::check_nonce::CheckNonce', fields: ['Compact<u32>'] },
  CheckWeight: { path: 'frame_system::extensions::check_weight::CheckWeight', fields: [] },
  ChargeTransactionPayment: {
    path: 'pallet_transaction_payment::ChargeTransactionPayment',
    fields: ['Compact<u128>'],
  },
  Weight: {
    path: 'sp_weights::weight_v2::Weight',
    fields: { ref_time: 'Compact<u64>', proof_size: 'Compact<u64>' },
  },
  DispatchClass: {
    path: 'frame_support::dispatch::DispatchClass',
    variants: { Normal: null, Operational: null, Mandatory: null },
  },
  Pays: { path: 'frame_support::dispatch::Pays', variants: { Yes: null, No: null } },
  DispatchInfo: {
    path: 'frame_support::dispatch::DispatchInfo',
    fields: { weight: 'Weight', class: 'DispatchClass', pays_fee: 'Pays' },
  },
  ModuleError: { path: 'sp_runtime::ModuleError', fields: { index: 'u8', error: '[u8;4]' } },
  TokenError: {
    path: 'sp_runtime::TokenError',
    variants: {
      FundsUnavailable: null,
      OnlyProvider: null,
      BelowMinimum: null,
      CannotCreate: null,
      UnknownAsset: null,
      Frozen: null,
      Unsupported: null,
      CannotCreateHold: null,
      NotExpendable: null,
      Blocked: null,
    },
  },
  ArithmeticError: {
    path: 'sp_arithmetic::ArithmeticError',
    variants: { Underflow: null, Overflow: null, DivisionByZero: null },
  },
  TransactionalError: {
    path: 'sp_runtime::TransactionalError',
    variants: { LimitReached: null, NoLayer: null },
  },
  DispatchError: {
    path: 'sp_runtime::DispatchError',
    variants: {
      Other: null,
      CannotLookup: null,
      BadOrigin: null,
      Module: 'ModuleError',
      ConsumerRemaining: null,
      NoProviders: null,
      TooManyConsumers: null,
      Token: 'TokenError',
      Arithmetic: 'ArithmeticError',
      Transactional: 'TransactionalError',
      Exhausted: null,
      Corruption: null,
      Unavailable: null,
      RootNotAllowed: null,
    },
  },
  Phase: {
    path: 'frame_system::Phase',
    variants: { ApplyExtrinsic: 'u32', Finalization: null, Initialization: null },
  },
  EventRecord: {
    path: 'frame_system::EventRecord',
    params: { E: 'RuntimeEvent', T: 'H256' },
    fields: { phase: 'Phase', event: 'RuntimeEvent', topics: 'Vec<H256>' },
  },
  ExtraFlags: { path: 'pallet_balances::types::ExtraFlags', fields: ['u128'] },
  AccountData: {
    path: 'pallet_balances::types::AccountData',
    fields: { free: 'u128', reserved: 'u128', frozen: 'u128', flags: 'ExtraFlags' },
  },
  AccountInfo: {
    path: 'frame_system::AccountInfo',
    fields: { nonce: 'u32', consumers: 'u32', providers: 'u32', sufficients: 'u32', data: 'AccountData' },
  },
  DigestItem: {
    path: 'sp_runtime::generic::digest::DigestItem',
    variants: {
      Other: { index: 0, fields: ['Bytes'] },
      Consensus: { index: 4, fields: ['[u8;4]', 'Bytes'] },
      Seal: { index: 5, fields: ['[u8;4]', 'Bytes'] },
      PreRuntime: { index: 6, fields: ['[u8;4]', 'Bytes'] },
      RuntimeEnvironmentUpdated: { index: 8, fields: null },
    },
  },
  Digest: { path: 'sp_runtime::generic::digest::Digest', fields: { logs: 'Vec<DigestItem>' } },
  FixedU128: { path: 'sp_arithmetic::fixed_point::FixedU128', fields: ['u128'] },
  Runtime: { path: 'tfchain_runtime::Runtime', fields: [] },
};
