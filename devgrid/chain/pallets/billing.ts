/**
 * Contract billing as TFChain (pallet-smart-contract, billing.rs) does it. Every contract sits in a
 * billing loop at index `id % BillingFrequency`; after each block the validators' offchain worker
 * (devgrid/chain/offchain-billing.ts) sends `billContractForBlock` for the contracts due at that
 * block's index, so each contract is billed once per cycle (600 blocks on the real chain).
 *
 * A bill does not move tokens: it extends the twin's `gridlock` balance lock by the amount due
 * (the account's `frozen` rises) and grows the contract's `ContractLock` (`amountLocked`,
 * `cycles`). Tokens move when the lock is distributed: after `DistributionFrequency` cycles, or
 * when the contract is cancelled or runs out of grace. Then 10% goes to the foundation, 5% to the
 * staking pool, 50% to the sales account and 35% is burned (`TokensBurned`).
 *
 * Grace: a contract enters its grace period on a bill where what it has locked plus what is due
 * reaches the twin's usable balance (free minus frozen); it leaves it only on a bill where the usable
 * balance exceeds that total, and is deleted (OutOfFunds) when the grace period runs out. The grace
 * events belong to the billing extrinsic.
 */
import { computeUnits, storageUnits } from '../../../model/pricing/pricing';
import type { CallContext } from '../pallet';
import { moduleError } from '../pallet';
import { burn, locked, setGridLock, transfer, usableBalance } from './balances';
import { SALES_ACCOUNT, STAKING_POOL_ACCOUNT } from './tfgrid-genesis';

const SC = 'SmartContractModule';
/** TFChain's grace period: 14 days of 6 s blocks. */
export const GRACE_PERIOD_BLOCKS = 14 * 24 * 600;
/** TFChain's BillingFrequency: a contract is billed every 600 blocks (one hour of 6 s blocks). */
export const DEFAULT_BILLING_FREQUENCY = 600;
/** TFChain's DistributionFrequency: locked amounts are distributed every 24 cycles. */
export const DISTRIBUTION_FREQUENCY = 24;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Cost of a contract in USD * 10^7 per hour (before the balance discount). */
export function contractCostPerHour(ctx: CallContext, contract: Json): number {
  const policy = ctx.getJson('TfgridModule', 'PricingPolicies', 1);
  if (!policy) return 0;
  const type = contract.contractType;
  if (type.nameContract) return policy.uniqueName.value;
  if (type.rentContract) {
    const node = ctx.getJson('TfgridModule', 'Nodes', type.rentContract.nodeId);
    if (!node) return 0;
    const r = node.resources;
    const full = policy.su.value * storageUnits(r) + policy.cu.value * computeUnits(r);
    return (full * (100 - policy.discountForDedicationNodes)) / 100;
  }
  const nc = type.nodeContract;
  const ipCost = policy.ipu.value * nc.publicIps;
  // resources on a rented node are paid by the rent contract
  if (ctx.get(SC, 'ActiveRentContractForNode', nc.nodeId)) return ipCost;
  const used = ctx.getJson(SC, 'NodeContractResources', contract.contractId).used;
  return policy.su.value * storageUnits(used) + policy.cu.value * computeUnits(used) + ipCost;
}

/** Balance discount (grid-protocol.md section 7): months of cost the balance covers. */
function discount(balance: bigint, perHourUnits: number): { level: string; factor: number } {
  const monthly = perHourUnits * 24 * 30;
  const months = monthly > 0 ? Number(balance) / monthly : 0;
  if (months >= 18) return { level: 'Gold', factor: 0.4 };
  if (months >= 6) return { level: 'Silver', factor: 0.6 };
  if (months >= 3) return { level: 'Bronze', factor: 0.7 };
  if (months >= 1.5) return { level: 'Default', factor: 0.8 };
  return { level: 'None', factor: 1 };
}

function nodeIdOf(contract: Json): number {
  const t = contract.contractType;
  return t.nodeContract?.nodeId ?? t.rentContract?.nodeId ?? 0;
}

const isDeleted = (contract: Json) =>
  contract.state.deleted !== undefined || contract.state.Deleted !== undefined;
const inGrace = (contract: Json) =>
  contract.state.gracePeriod !== undefined || contract.state.GracePeriod !== undefined;

/** The chain's billing frequency (blocks per cycle). */
export function billingFrequency(ctx: Pick<CallContext, 'get'>): number {
  return Number(ctx.get(SC, 'BillingFrequency')?.toString() ?? 0) || DEFAULT_BILLING_FREQUENCY;
}

/** Puts a new contract in its billing loop (index `id % frequency`). */
export function insertInBillingLoop(ctx: CallContext, contractId: number): void {
  const index = contractId % billingFrequency(ctx);
  const ids = ctx.getJson<number[]>(SC, 'ContractsToBillAt', index) ?? [];
  if (!ids.includes(contractId)) ctx.put(SC, 'ContractsToBillAt', [index], [...ids, contractId]);
}

function removeFromBillingLoop(ctx: CallContext, contractId: number): void {
  const index = contractId % billingFrequency(ctx);
  const ids = ctx.getJson<number[]>(SC, 'ContractsToBillAt', index) ?? [];
  ctx.put(
    SC,
    'ContractsToBillAt',
    [index],
    ids.filter((id) => Number(id) !== contractId),
  );
}

/**
 * The contracts the offchain worker bills after block `blockNumber`: those at the block's loop
 * index, skipping node contracts with nothing to bill (no IP, no used resources, no NU).
 */
export function contractsDueAt(ctx: CallContext, blockNumber: number): number[] {
  const ids = ctx.getJson<number[]>(SC, 'ContractsToBillAt', blockNumber % billingFrequency(ctx)) ?? [];
  return ids.map(Number).filter((id) => {
    const c = ctx.getJson(SC, 'Contracts', id);
    if (!c) return false;
    const nc = c.contractType.nodeContract;
    if (!nc) return true;
    const used = ctx.getJson(SC, 'NodeContractResources', id)?.used ?? {};
    const usesResources = ['cru', 'mru', 'sru', 'hru'].some((k) => Number(used[k] ?? 0) > 0);
    const unbilledNu = Number(ctx.getJson(SC, 'ContractBillingInformationByID', id)?.amountUnbilled ?? 0) > 0;
    return nc.publicIps > 0 || usesResources || unbilledNu;
  });
}

function setState(ctx: CallContext, contract: Json, state: unknown): void {
  contract.state = state;
  ctx.put(SC, 'Contracts', [contract.contractId], contract);
}

/** Moves a rent contract's node contracts into (or out of) grace with it. */
function graceOfRentedNode(ctx: CallContext, contract: Json, state: unknown, started?: number): void {
  const rent = contract.contractType.rentContract;
  if (!rent) return;
  for (const id of ctx.getJson<number[]>(SC, 'ActiveNodeContracts', rent.nodeId) ?? []) {
    const c = ctx.getJson(SC, 'Contracts', id);
    if (!c) continue;
    setState(ctx, c, state);
    if (started === undefined) ctx.emit(SC, 'ContractGracePeriodEnded', id, rent.nodeId, c.twinId);
    else ctx.emit(SC, 'ContractGracePeriodStarted', id, rent.nodeId, c.twinId, started);
  }
}

function handleGrace(ctx: CallContext, contract: Json, usable: bigint, lockAmount: bigint): void {
  const nodeId = nodeIdOf(contract);
  if (inGrace(contract)) {
    if (usable > lockAmount) {
      setState(ctx, contract, { Created: null });
      ctx.emit(SC, 'ContractGracePeriodEnded', contract.contractId, nodeId, contract.twinId);
      graceOfRentedNode(ctx, contract, { Created: null });
    } else {
      const since = Number(contract.state.gracePeriod ?? contract.state.GracePeriod);
      if (ctx.blockNumber - since >= GRACE_PERIOD_BLOCKS) setState(ctx, contract, { Deleted: 'OutOfFunds' });
    }
  } else if (!isDeleted(contract) && lockAmount >= usable) {
    setState(ctx, contract, { GracePeriod: ctx.blockNumber });
    ctx.emit(SC, 'ContractGracePeriodStarted', contract.contractId, nodeId, contract.twinId, ctx.blockNumber);
    graceOfRentedNode(ctx, contract, { GracePeriod: ctx.blockNumber }, ctx.blockNumber);
  }
}

/** `percent` of `amount` as Substrate's `Perbill::from_percent(p) * amount`: rounded to nearest, ties down. */
export function percentOf(amount: bigint, percent: number): bigint {
  const scaled = amount * BigInt(percent);
  const q = scaled / 100n;
  return (scaled % 100n) * 2n > 100n ? q + 1n : q;
}

/** Pays out what a contract has locked: 10% foundation, 5% staking pool, 50% sales, 35% burned. */
function distribute(ctx: CallContext, contract: Json, account: string, amount: bigint): void {
  if (amount <= 0n) return;
  const policy = ctx.getJson('TfgridModule', 'PricingPolicies', 1);
  if (!policy) throw moduleError(SC, 'PricingPolicyNotExists');
  const foundation = percentOf(amount, 10);
  const staking = percentOf(amount, 5);
  const sales = percentOf(amount, 50);
  transfer(ctx, account, policy.foundationAccount, foundation, true);
  transfer(ctx, account, STAKING_POOL_ACCOUNT, staking, true);
  transfer(ctx, account, policy.certifiedSalesAccount ?? SALES_ACCOUNT, sales, true);
  const toBurn = percentOf(amount, 50) - foundation - staking;
  burn(ctx, account, toBurn);
  ctx.emit(SC, 'TokensBurned', contract.contractId, toBurn);
}

/** Extends the twin's grid lock, and distributes the contract's lock when due. */
function handleLock(ctx: CallContext, contract: Json, lock: Json, account: string, amountDue: bigint): void {
  if (!inGrace(contract) && !isDeleted(contract)) setGridLock(ctx, account, locked(ctx, account) + amountDue);
  const total = BigInt(lock.amountLocked) + BigInt(lock.extraAmountLocked);
  if (lock.cycles >= DISTRIBUTION_FREQUENCY || (isDeleted(contract) && total > 0n)) {
    setGridLock(ctx, account, locked(ctx, account) > total ? locked(ctx, account) - total : 0n);
    const usable = usableBalance(ctx, account);
    distribute(
      ctx,
      contract,
      account,
      usable < BigInt(lock.amountLocked) ? usable : BigInt(lock.amountLocked),
    );
    lock.lockUpdated = Math.floor(ctx.now / 1000);
    lock.amountLocked = 0;
    lock.extraAmountLocked = 0;
    lock.cycles = 0;
  }
}

/**
 * Writes a contract's lock, and the same amounts as TFChain's ContractPaymentState (what the
 * runtime keeps since its v12 billing and ThreeFold's SDK reads): reserves are the locked amounts;
 * nothing is overdrawn here, a short balance puts the contract in grace instead.
 */
function putContractLock(ctx: CallContext, id: number, lock: Json): void {
  ctx.put(SC, 'ContractLock', [id], lock);
  ctx.put(SC, 'ContractPaymentState', [id], {
    standardReserve: lock.amountLocked,
    additionalReserve: lock.extraAmountLocked,
    lastUpdatedSeconds: lock.lockUpdated,
    cycles: lock.cycles,
  });
}

/**
 * Bills one contract (the body of `billContractForBlock`, and of cancel with the contract already
 * marked deleted). Removes the contract when it ends deleted.
 */
export function billContract(ctx: CallContext, contract: Json): void {
  const twin = ctx.getJson('TfgridModule', 'Twins', contract.twinId);
  if (!twin) throw moduleError(SC, 'TwinNotExists');
  if (contract.contractType.rentContract) {
    const power = ctx.getJson('TfgridModule', 'NodePower', contract.contractType.rentContract.nodeId);
    if (power?.state?.down !== undefined && !isDeleted(contract)) return; // a node on standby is not billed
  }
  const usable = usableBalance(ctx, twin.accountId);
  const now = Math.floor(ctx.now / 1000);
  const lock = ctx.getJson(SC, 'ContractLock', contract.contractId) ?? {
    amountLocked: 0,
    extraAmountLocked: 0,
    lockUpdated: now,
    cycles: 0,
  };
  const elapsed = Math.max(0, now - Number(lock.lockUpdated));
  const price = Number(ctx.get('TFTPriceModule', 'TftPrice')?.toString() ?? 0) || 10;
  // USD*1e7/hour -> TFT units/hour: value * 1e7 / (price mUSD * 1e4) = value * 1000 / price
  const perHourUnits = (contractCostPerHour(ctx, contract) * 1000) / price;
  const { level, factor } = discount(usable, perHourUnits);
  const amountDue = BigInt(Math.floor((perHourUnits * factor * elapsed) / 3600));
  if (amountDue === 0n && !isDeleted(contract)) return;

  const lockAmount = BigInt(lock.amountLocked) + amountDue + BigInt(lock.extraAmountLocked);
  handleGrace(ctx, contract, usable, lockAmount);
  if (!isDeleted(contract)) {
    lock.lockUpdated = now;
    lock.cycles += 1;
    lock.amountLocked = BigInt(lock.amountLocked) + amountDue;
  }
  if (inGrace(contract)) {
    putContractLock(ctx, contract.contractId, lock);
    return;
  }
  handleLock(ctx, contract, lock, twin.accountId, amountDue);
  ctx.emit(SC, 'ContractBilled', {
    contractId: contract.contractId,
    timestamp: now,
    discountLevel: level,
    amountBilled: amountDue,
  });
  if (isDeleted(contract)) {
    removeContract(ctx, contract);
    return;
  }
  if (contract.contractType.nodeContract) {
    const info = ctx.getJson(SC, 'ContractBillingInformationByID', contract.contractId);
    if (info)
      ctx.put(SC, 'ContractBillingInformationByID', [contract.contractId], { ...info, amountUnbilled: 0 });
  }
  putContractLock(ctx, contract.contractId, lock);
}

/** Marks a contract deleted and bills it one last time: its lock is distributed, then it is removed. */
export function cancelContract(
  ctx: CallContext,
  contract: Json,
  cause: 'CanceledByUser' | 'OutOfFunds',
): void {
  setState(ctx, contract, { Deleted: cause });
  billContract(ctx, contract);
}

/** Removes a contract and its indexes, frees its IPs and emits the cancel event. */
export function removeContract(ctx: CallContext, contract: Json): void {
  const id = contract.contractId;
  const t = contract.contractType;
  if (t.nodeContract) {
    const nc = t.nodeContract;
    if (nc.publicIpsList.length) {
      const node = ctx.getJson('TfgridModule', 'Nodes', nc.nodeId);
      const farm = node && ctx.getJson('TfgridModule', 'Farms', node.farmId);
      if (farm) {
        for (const ip of farm.publicIps) if (Number(ip.contractId) === id) ip.contractId = 0;
        ctx.put('TfgridModule', 'Farms', [farm.id], farm);
      }
      ctx.emit(SC, 'IPsFreed', id, nc.publicIpsList);
    }
    ctx.remove(SC, 'ContractIDByNodeIDAndHash', nc.nodeId, nc.deploymentHash);
    const active = (ctx.getJson<number[]>(SC, 'ActiveNodeContracts', nc.nodeId) ?? []).filter(
      (c) => Number(c) !== id,
    );
    ctx.put(SC, 'ActiveNodeContracts', [nc.nodeId], active);
    ctx.emit(SC, 'NodeContractCanceled', id, nc.nodeId, contract.twinId);
  } else if (t.nameContract) {
    ctx.remove(SC, 'ContractIDByNameRegistration', t.nameContract.name);
    ctx.emit(SC, 'NameContractCanceled', id);
  } else if (t.rentContract) {
    ctx.remove(SC, 'ActiveRentContractForNode', t.rentContract.nodeId);
    ctx.emit(SC, 'RentContractCanceled', id);
  }
  removeFromBillingLoop(ctx, id);
  ctx.remove(SC, 'Contracts', id);
  ctx.remove(SC, 'ContractBillingInformationByID', id);
  ctx.remove(SC, 'NodeContractResources', id);
  ctx.remove(SC, 'ContractLock', id);
  ctx.remove(SC, 'ContractPaymentState', id);
}
