/**
 * pallet_balances (index 20) and pallet_transaction_payment (21): free balances live in
 * System.Account; transfers, fee withdrawal and the helpers other pallets use to move TFT.
 */
import { u8aToHex } from '@polkadot/util';
import type { CallContext, PalletSpec } from '../pallet';
import { DispatchFailure } from '../pallet';
import { benchmarked } from '../runtime/weights';

/** Minimum balance an account must keep to exist (TFChain: 500 units = 0.00005 TFT). */
export const EXISTENTIAL_DEPOSIT = 500n;
/** Flags value new accounts get in AccountData (the "new logic" bit). */
const NEW_LOGIC_FLAGS = '0x80000000000000000000000000000000';

interface AccountRecord {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  free: bigint;
  reserved: bigint;
  frozen: bigint;
}

export function readAccount(ctx: Pick<CallContext, 'get'>, who: string): AccountRecord {
  const info = ctx.get('System', 'Account', who) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    nonce: info.nonce.toNumber(),
    consumers: info.consumers.toNumber(),
    providers: info.providers.toNumber(),
    sufficients: info.sufficients.toNumber(),
    free: info.data.free.toBigInt(),
    reserved: info.data.reserved.toBigInt(),
    frozen: info.data.frozen.toBigInt(),
  };
}

export function writeAccount(ctx: Pick<CallContext, 'put'>, who: string, a: AccountRecord): void {
  ctx.put('System', 'Account', [who], {
    nonce: a.nonce,
    consumers: a.consumers,
    providers: a.free + a.reserved > 0n ? Math.max(1, a.providers) : 0,
    sufficients: a.sufficients,
    data: { free: a.free, reserved: a.reserved, frozen: a.frozen, flags: NEW_LOGIC_FLAGS },
  });
}

/** Free balance of an account, in units (1 TFT = 10^7). */
export function freeBalance(ctx: Pick<CallContext, 'get'>, who: string): bigint {
  return readAccount(ctx, who).free;
}

/** What an account can spend: free minus what locks freeze beyond its reserve (pallet_balances' usable balance). */
export function spendable(a: AccountRecord): bigint {
  const untouchable = a.frozen > a.reserved ? a.frozen - a.reserved : 0n;
  return a.free > untouchable ? a.free - untouchable : 0n;
}

export function usableBalance(ctx: Pick<CallContext, 'get'>, who: string): bigint {
  return spendable(readAccount(ctx, who));
}

/** TFChain's contract billing lock id (`GRID_LOCK_ID`). */
const GRID_LOCK_ID = '0x677269646c6f636b'; // 'gridlock'

/** The amount of the grid lock on `who`. */
export function locked(ctx: Pick<CallContext, 'get'>, who: string): bigint {
  const locks = (ctx.get('Balances', 'Locks', who)?.toJSON() ?? []) as {
    id: string;
    amount: string | number;
  }[];
  const grid = locks.find((l) => l.id === GRID_LOCK_ID);
  return grid ? BigInt(grid.amount) : 0n;
}

/** Sets (0: removes) the grid lock on `who`; `frozen` follows the largest lock, as in pallet_balances. */
export function setGridLock(ctx: CallContext, who: string, amount: bigint): void {
  const a = readAccount(ctx, who);
  const before = a.frozen;
  const others = (
    (ctx.get('Balances', 'Locks', who)?.toJSON() ?? []) as {
      id: string;
      amount: string | number;
      reasons: string;
    }[]
  ).filter((l) => l.id !== GRID_LOCK_ID);
  const locks = amount > 0n ? [...others, { id: GRID_LOCK_ID, amount, reasons: 'All' }] : others;
  if (locks.length) ctx.put('Balances', 'Locks', [who], locks);
  else ctx.remove('Balances', 'Locks', who);
  a.frozen = locks.reduce((max, l) => (BigInt(l.amount) > max ? BigInt(l.amount) : max), 0n);
  writeAccount(ctx, who, a);
  if (a.frozen > before) ctx.emit('Balances', 'Locked', who, a.frozen - before);
  if (a.frozen < before) ctx.emit('Balances', 'Unlocked', who, before - a.frozen);
}

/** Withdraws `amount` from `who` and destroys it (total issuance falls). */
export function burn(ctx: CallContext, who: string, amount: bigint): void {
  if (amount <= 0n) return;
  withdraw(ctx, who, amount);
  const issuance = BigInt(ctx.get('Balances', 'TotalIssuance')?.toString() ?? '0');
  ctx.put('Balances', 'TotalIssuance', [], issuance > amount ? issuance - amount : 0n);
}

/** The error of spending `amount` from `a`: funds missing, or present but frozen by a lock. */
function spendFailure(a: AccountRecord, amount: bigint): DispatchFailure | undefined {
  if (a.free < amount) return new DispatchFailure('Token', 'FundsUnavailable');
  if (spendable(a) < amount) return new DispatchFailure('Token', 'Frozen');
  return undefined;
}

/** Adds `amount` to `who` (minting when the account is new). */
export function deposit(ctx: CallContext, who: string, amount: bigint, event = true): void {
  const a = readAccount(ctx, who);
  const isNew = a.free + a.reserved === 0n;
  a.free += amount;
  writeAccount(ctx, who, a);
  if (isNew && amount > 0n) {
    ctx.emit('System', 'NewAccount', who);
    ctx.emit('Balances', 'Endowed', who, amount);
  }
  if (event) ctx.emit('Balances', 'Deposit', who, amount);
}

/** Takes `amount` from `who`; fails with Token(FundsUnavailable) when the free balance is short. */
export function withdraw(ctx: CallContext, who: string, amount: bigint, event = true): void {
  const a = readAccount(ctx, who);
  const failure = spendFailure(a, amount);
  if (failure) throw failure;
  a.free -= amount;
  writeAccount(ctx, who, a);
  if (event) ctx.emit('Balances', 'Withdraw', who, amount);
}

/** Moves `amount` from `from` to `to` with the existential deposit rules of pallet_balances. */
export function transfer(
  ctx: CallContext,
  from: string,
  to: string,
  amount: bigint,
  keepAlive: boolean,
): void {
  const source = readAccount(ctx, from);
  const failure = spendFailure(source, amount);
  if (failure) throw failure;
  const left = source.free - amount;
  if (keepAlive && left < EXISTENTIAL_DEPOSIT) throw new DispatchFailure('Token', 'NotExpendable');
  const target = readAccount(ctx, to);
  if (target.free + target.reserved === 0n && amount < EXISTENTIAL_DEPOSIT)
    throw new DispatchFailure('Token', 'BelowMinimum');
  if (from === to) return;
  source.free = left;
  writeAccount(ctx, from, source);
  const isNew = target.free + target.reserved === 0n;
  target.free += amount;
  writeAccount(ctx, to, target);
  if (isNew) {
    ctx.emit('System', 'NewAccount', to);
    ctx.emit('Balances', 'Endowed', to, amount);
  }
  ctx.emit('Balances', 'Transfer', from, to, amount);
}

/** The account id (hex) a MultiAddress argument designates. */
export function accountOfAddress(address: { toU8a(): Uint8Array }): string {
  const bytes = address.toU8a();
  // MultiAddress::Id (0) and ::Address32 (3) hold the account id; indices are not supported
  if (bytes.length === 33 && (bytes[0] === 0 || bytes[0] === 3)) return u8aToHex(bytes.slice(1));
  throw new DispatchFailure('CannotLookup', 'address');
}

const balanceEvent = (field: string) => ({ [field]: 'AccountId', amount: 'u128' });

export const BALANCES: PalletSpec = {
  name: 'Balances',
  index: 20,
  calls: {
    transfer_allow_death: {
      index: 0,
      args: { dest: 'MultiAddress', value: 'Compact<u128>' },
      weight: benchmarked(59_566_000, 3593, 1, 1),
    },
    force_transfer: {
      index: 2,
      args: { source: 'MultiAddress', dest: 'MultiAddress', value: 'Compact<u128>' },
      weight: benchmarked(61_069_000, 6196, 2, 2),
    },
    transfer_keep_alive: {
      index: 3,
      args: { dest: 'MultiAddress', value: 'Compact<u128>' },
      weight: benchmarked(46_235_000, 3593, 1, 1),
    },
    transfer_all: {
      index: 4,
      args: { dest: 'MultiAddress', keep_alive: 'bool' },
      weight: benchmarked(55_123_000, 3593, 1, 1),
    },
    // polkadot-v1.0.0 still has the deprecated `transfer` (transfer_allow_death under its old name)
    transfer: {
      index: 7,
      args: { dest: 'MultiAddress', value: 'Compact<u128>' },
      weight: benchmarked(59_566_000, 3593, 1, 1),
    },
    force_set_balance: {
      index: 8,
      args: { who: 'MultiAddress', new_free: 'Compact<u128>' },
      weight: benchmarked(24_925_000, 3593, 1, 1),
    },
  },
  events: {
    Endowed: { account: 'AccountId', free_balance: 'u128' },
    DustLost: { account: 'AccountId', amount: 'u128' },
    Transfer: { from: 'AccountId', to: 'AccountId', amount: 'u128' },
    BalanceSet: { who: 'AccountId', free: 'u128' },
    Reserved: balanceEvent('who'),
    Unreserved: balanceEvent('who'),
    ReserveRepatriated: {
      from: 'AccountId',
      to: 'AccountId',
      amount: 'u128',
      destination_status: 'BalanceStatus',
    },
    Deposit: balanceEvent('who'),
    Withdraw: balanceEvent('who'),
    Slashed: balanceEvent('who'),
    Minted: balanceEvent('who'),
    Burned: balanceEvent('who'),
    Suspended: balanceEvent('who'),
    Restored: balanceEvent('who'),
    Upgraded: { who: 'AccountId' },
    Issued: { amount: 'u128' },
    Rescinded: { amount: 'u128' },
    Locked: balanceEvent('who'),
    Unlocked: balanceEvent('who'),
    Frozen: balanceEvent('who'),
    Thawed: balanceEvent('who'),
  },
  types: {
    BalanceStatus: {
      path: 'frame_support::traits::tokens::misc::BalanceStatus',
      variants: { Free: null, Reserved: null },
    },
    Reasons: { path: 'pallet_balances::types::Reasons', variants: { Fee: null, Misc: null, All: null } },
    BalanceLock: {
      path: 'pallet_balances::types::BalanceLock',
      fields: { id: '[u8;8]', amount: 'u128', reasons: 'Reasons' },
    },
  },
  errors: [
    'VestingBalance',
    'LiquidityRestrictions',
    'InsufficientBalance',
    'ExistentialDeposit',
    'Expendability',
    'ExistingVestingSchedule',
    'DeadAccount',
    'TooManyReserves',
    'TooManyHolds',
    'TooManyFreezes',
  ],
  storage: [
    { name: 'TotalIssuance', type: 'u128' },
    { name: 'Locks', type: 'Vec<BalanceLock>', keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId' }] },
  ],
  constants: [{ name: 'ExistentialDeposit', type: 'u128', value: Number(EXISTENTIAL_DEPOSIT) }],
  handlers: {
    transfer_allow_death: (ctx, a) =>
      transfer(ctx, ctx.signer(), accountOfAddress(a.dest), BigInt(a.value.toString()), false),
    transfer: (ctx, a) =>
      transfer(ctx, ctx.signer(), accountOfAddress(a.dest), BigInt(a.value.toString()), false),
    transfer_keep_alive: (ctx, a) =>
      transfer(ctx, ctx.signer(), accountOfAddress(a.dest), BigInt(a.value.toString()), true),
    transfer_all: (ctx, a) => {
      const from = ctx.signer();
      const keepAlive = a.keep_alive.toJSON() === true;
      const amount = usableBalance(ctx, from) - (keepAlive ? EXISTENTIAL_DEPOSIT : 0n);
      if (amount > 0n) transfer(ctx, from, accountOfAddress(a.dest), amount, keepAlive);
    },
    force_transfer: (ctx, a) => {
      ctx.ensureRoot();
      transfer(ctx, accountOfAddress(a.source), accountOfAddress(a.dest), BigInt(a.value.toString()), false);
    },
    force_set_balance: (ctx, a) => {
      ctx.ensureRoot();
      const who = accountOfAddress(a.who);
      const acc = readAccount(ctx, who);
      acc.free = BigInt(a.new_free.toString());
      writeAccount(ctx, who, acc);
      ctx.emit('Balances', 'BalanceSet', who, acc.free);
    },
  },
};

export const TRANSACTION_PAYMENT: PalletSpec = {
  name: 'TransactionPayment',
  index: 21,
  events: { TransactionFeePaid: { who: 'AccountId', actual_fee: 'u128', tip: 'u128' } },
  constants: [{ name: 'OperationalFeeMultiplier', type: 'u8', value: 5 }],
};
