/**
 * What a pallet of the dev chain declares: its metadata (types, calls, events, errors, storage,
 * constants, with TFChain's names and indices) and the handlers that execute its calls.
 * A new pallet is one new file under pallets/ exporting a PalletSpec.
 */
import type { Codec } from '@polkadot/types-codec/types';
import type { FieldsSpec, TypeSpec, VariantSpec } from './metadata/type-builder';
import type { DispatchInfo, Weight } from './runtime/weights';

export type StorageHasher = 'Blake2_128Concat' | 'Twox64Concat' | 'Identity' | 'Twox128' | 'Blake2_128';

/** A storage item; `keys` absent = a plain value. */
export interface StorageItemSpec {
  readonly name: string;
  /** value type string */
  readonly type: string;
  /** map keys with their hashers, in order */
  readonly keys?: readonly { readonly hasher: StorageHasher; readonly type: string }[];
  /** OptionQuery (absent reads as None); otherwise ValueQuery with the type's default */
  readonly optional?: boolean;
}

export interface ConstantSpec {
  readonly name: string;
  readonly type: string;
  /** value in the JSON form @polkadot/types accepts for `type` */
  readonly value: unknown;
}

/** A call with its TFChain call index and snake_case arguments (in order). */
export interface CallSpec {
  readonly index: number;
  readonly args: Readonly<Record<string, string>>;
  /**
   * Byte limits of arguments the runtime takes as `BoundedVec<u8, N>`. Metadata shows them as plain
   * bytes; the runtime fails to decode a longer one, so the pool refuses the extrinsic.
   */
  readonly bounds?: Readonly<Record<string, number>>;
  /**
   * What the call weighs: TFChain's benchmarked weight (`benchmarked(...)` of its weights.rs), or,
   * when it follows from the arguments (batches, remarks), a function of them that also gives the class.
   */
  readonly weight: Weight | CallWeight;
  /** the dispatch class of a fixed weight. @default 'Normal' */
  readonly class?: 'Normal' | 'Operational';
}

/** A weight that depends on the call's arguments; `infoOf` weighs a nested call. */
export type CallWeight = (args: Record<string, Codec>, infoOf: (call: Codec) => DispatchInfo) => DispatchInfo;

/**
 * The signer (account id hex), Root (DAO, genesis), or the council's collective origin
 * (pallet_collective RawOrigin::Members: `yes` ayes out of `seats` members).
 */
export type Origin =
  | { readonly signed: string }
  | { readonly root: true }
  | { readonly council: { readonly yes: number; readonly seats: number } };

/** What a call handler may do with the chain while it runs (see runtime/dispatch-context.ts). */
export interface CallContext {
  readonly origin: Origin;
  /** current block number */
  readonly blockNumber: number;
  /** block timestamp, ms since epoch */
  readonly now: number;
  /** the signer's account id (hex); throws BadOrigin for Root */
  signer(): string;
  /** throws BadOrigin unless Root */
  ensureRoot(): void;
  /** TFChain's EnsureRootOrCouncilApproval: Root, or a council motion approved by at least 3/5 of the seats */
  ensureRootOrCouncil(): void;
  /** read a storage item; ValueQuery items give their default, OptionQuery items undefined when absent */
  get(pallet: string, item: string, ...keys: unknown[]): Codec | undefined;
  /** read a storage item as JSON (@polkadot/types toJSON shape: camelCase fields, hex bytes) */
  getJson<T = any>(pallet: string, item: string, ...keys: unknown[]): T | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** whether the entry is stored (Substrate's contains_key: true also for a stored default) */
  contains(pallet: string, item: string, ...keys: unknown[]): boolean;
  put(pallet: string, item: string, keys: readonly unknown[], value: unknown): void;
  /** add one element at the end of a stored Vec (what get, push and insert leave), without decoding the rest */
  append(pallet: string, item: string, keys: readonly unknown[], value: unknown): void;
  remove(pallet: string, item: string, ...keys: unknown[]): void;
  /** all entries of a map: [decoded keys, value JSON] */
  entries<T = any>(pallet: string, item: string): [Codec[], T][]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** deposit a pallet event with its fields in declaration order */
  emit(pallet: string, event: string, ...fields: unknown[]): void;
  /** dispatch another call (utility, dao) with the given origin; throws its error */
  dispatch(call: Codec, origin: Origin): void;
  /** the SCALE-JSON DispatchError of a thrown error (for events such as ItemFailed) */
  dispatchErrorOf(error: unknown): unknown;
  /** run `fn` and roll back its storage writes and events when it throws */
  transactional<T>(fn: () => T): T;
}

/** Handler of one call: args are the decoded call arguments by their snake_case metadata name. */
export type CallHandler = (ctx: CallContext, args: Record<string, Codec>) => void;

/** Block hook: runs at the end of each block, after the extrinsics (billing). */
export type BlockHook = (ctx: CallContext) => void;

export interface PalletSpec {
  /** TFChain pallet name (`TfgridModule`) */
  readonly name: string;
  /** TFChain pallet index (`25`) */
  readonly index: number;
  /** struct/enum types this pallet introduces, by short name */
  readonly types?: Readonly<Record<string, TypeSpec>>;
  /** calls by snake_case name */
  readonly calls?: Readonly<Record<string, CallSpec>>;
  /** events by name, in TFChain's order */
  readonly events?: Readonly<Record<string, VariantSpec>>;
  /** error names, in TFChain's order (the index is the module error code) */
  readonly errors?: readonly string[];
  readonly storage?: readonly StorageItemSpec[];
  readonly constants?: readonly ConstantSpec[];
  /** handlers by snake_case call name; a declared call without handler fails with a clear error */
  readonly handlers?: Readonly<Record<string, CallHandler>>;
  readonly onFinalize?: BlockHook;
}

/** A dispatch error raised by a handler: a module error by name, or one of Substrate's own. */
export class DispatchFailure extends Error {
  constructor(
    /** pallet name for module errors, or 'BadOrigin' / 'Other' / 'Token' / 'Arithmetic' */
    readonly pallet: string,
    /** error name within the pallet (module errors), or detail */
    readonly error: string,
  ) {
    super(pallet === 'BadOrigin' ? 'BadOrigin' : `${pallet}.${error}`);
  }
}

/** Shorthand: a module error of `pallet` named `error`. */
export function moduleError(pallet: string, error: string): DispatchFailure {
  return new DispatchFailure(pallet, error);
}

export type { FieldsSpec, TypeSpec, VariantSpec };
