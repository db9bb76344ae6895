/**
 * Contract billing, run at the end of every block: each live contract pays, from its twin's
 * balance, its cost for the seconds since it was last billed (pricing policy, TFT price,
 * balance discount). When funds run out the contract enters its grace period; when the grace
 * period ends unpaid the contract is removed.
 */
import { computeUnits, storageUnits } from '../../../provider/pricing/pricing';
import type { CallContext } from '../pallet';
import { freeBalance, transfer } from './balances';

const SC = 'SmartContractModule';
/** TFChain's grace period: 14 days of 6 s blocks. */
export const GRACE_PERIOD_BLOCKS = 14 * 24 * 600;

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

/** Bills one contract now; returns the amount billed (units). Throws nothing: short funds start the grace period. */
export function billContract(ctx: CallContext, contract: Json): bigint {
  const nowSec = Math.floor(ctx.now / 1000);
  const info = ctx.getJson(SC, 'ContractBillingInformationByID', contract.contractId);
  const last = Number(info.lastUpdated) || nowSec;
  const elapsed = nowSec - last;
  if (elapsed <= 0) return 0n;
  const price = Number(ctx.get('TFTPriceModule', 'TftPrice')?.toString() ?? 0) || 10;
  // USD*1e7/hour -> TFT units/hour: value * 1e7 / (price mUSD * 1e4) = value * 1000 / price
  const perHourUnits = (contractCostPerHour(ctx, contract) * 1000) / price;
  const twin = ctx.getJson('TfgridModule', 'Twins', contract.twinId);
  if (!twin) return 0n;
  const balance = freeBalance(ctx, twin.accountId);
  const { level, factor } = discount(balance, perHourUnits);
  const amount = BigInt(Math.floor((perHourUnits * factor * elapsed) / 3600));
  const inGrace = contract.state.gracePeriod !== undefined;
  if (amount > 0n && balance - amount < 500n) {
    if (!inGrace) {
      contract.state = { GracePeriod: ctx.blockNumber };
      ctx.put(SC, 'Contracts', [contract.contractId], contract);
      ctx.emit(
        SC,
        'ContractGracePeriodStarted',
        contract.contractId,
        nodeIdOf(contract),
        contract.twinId,
        ctx.blockNumber,
      );
    } else if (ctx.blockNumber - Number(contract.state.gracePeriod) > GRACE_PERIOD_BLOCKS) {
      removeContract(ctx, contract, 'OutOfFunds');
    }
    return 0n;
  }
  if (amount > 0n) {
    const policy = ctx.getJson('TfgridModule', 'PricingPolicies', 1);
    transfer(ctx, twin.accountId, policy.foundationAccount, amount, false);
    ctx.emit(SC, 'ContractBilled', {
      contractId: contract.contractId,
      timestamp: nowSec,
      discountLevel: level,
      amountBilled: amount,
    });
  }
  ctx.put(SC, 'ContractBillingInformationByID', [contract.contractId], { ...info, lastUpdated: nowSec });
  if (inGrace) {
    contract.state = { Created: null };
    ctx.put(SC, 'Contracts', [contract.contractId], contract);
    ctx.emit(SC, 'ContractGracePeriodEnded', contract.contractId, nodeIdOf(contract), contract.twinId);
  }
  return amount;
}

/** Removes a contract and its indexes, frees its IPs and emits the cancel event. */
export function removeContract(
  ctx: CallContext,
  contract: Json,
  _cause: 'CanceledByUser' | 'OutOfFunds',
): void {
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
  ctx.remove(SC, 'Contracts', id);
  ctx.remove(SC, 'ContractBillingInformationByID', id);
  ctx.remove(SC, 'NodeContractResources', id);
  ctx.remove(SC, 'ContractLock', id);
}

/** The end-of-block hook: bills every live contract. */
export function billAll(ctx: CallContext): void {
  for (const [, contract] of ctx.entries(SC, 'Contracts')) {
    billContract(ctx, contract);
  }
}
