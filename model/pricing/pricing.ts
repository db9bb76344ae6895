/**
 * Grid pricing (grid-protocol.md section 7): cloud units from capacity, cost per hour from the
 * chain's pricing policy. Pure functions; the policy and TFT price come from the chain or defaults.
 */
import type { Capacity } from '../zos/types';

const GiB = 1024 ** 3;
/** Hours in a billing month as the grid's calculators use it (30.4 days). */
export const HOURS_PER_MONTH = 24 * 30.4;
/** Pricing policy values are USD with 7 decimals ("mUSD * 10^4"). */
export const PRICE_DECIMALS = 1e7;

/** The price fields of a TFChain pricing policy, in USD * 10^7 per unit-hour. */
export interface PricingPolicy {
  /** storage unit */
  su: number;
  /** compute unit */
  cu: number;
  /** network unit (per GB of traffic: not estimated here) */
  nu: number;
  /** per public IPv4 */
  ipu: number;
  /** per name contract */
  uniqueName: number;
  /** per domain name */
  domainName: number;
  /** percent discount for a dedicated (rented) node */
  dedicationDiscountPercent: number;
}

/** The dev chain's genesis policy, also used for estimates when no chain is reachable. */
export const DEFAULT_PRICING_POLICY: PricingPolicy = {
  su: 50000,
  cu: 100000,
  nu: 15000,
  ipu: 40000,
  uniqueName: 2500,
  domainName: 5000,
  dedicationDiscountPercent: 50,
};

/** TFT price in USD assumed by estimates when none is given (the dev chain's genesis price). */
export const DEFAULT_TFT_PRICE_USD = 0.01;

/** Storage units: hru/1200 + sru/200, sizes in GiB. */
export function storageUnits(c: Pick<Capacity, 'hru' | 'sru'>): number {
  return c.hru / GiB / 1200 + c.sru / GiB / 200;
}

/** Compute units: min(max(mru/4, cru/2), max(mru/8, cru), max(mru/2, cru/4)), mru in GiB. */
export function computeUnits(c: Pick<Capacity, 'cru' | 'mru'>): number {
  const mru = c.mru / GiB;
  const cru = c.cru;
  return Math.min(Math.max(mru / 4, cru / 2), Math.max(mru / 8, cru), Math.max(mru / 2, cru / 4));
}

export interface Cost {
  /** USD per month */
  usdPerMonth: number;
  /** TFT per month at the given TFT price */
  tftPerMonth: number;
}

export interface CostOptions {
  policy?: PricingPolicy;
  tftPriceUsd?: number;
  /** resources on a rented node are paid by the rent contract, not per contract */
  rentedNode?: boolean;
}

function toCost(usdPerHour: number, tftPriceUsd: number): Cost {
  const usdPerMonth = round(usdPerHour * HOURS_PER_MONTH);
  return { usdPerMonth, tftPerMonth: round(usdPerMonth / tftPriceUsd) };
}

/** Rounds to 6 decimals so that costs are stable in a deterministic manifest. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Monthly cost of a node contract carrying `capacity` (ipv4u counts its public IPs). */
export function nodeContractCost(capacity: Capacity, opts: CostOptions = {}): Cost {
  const policy = opts.policy ?? DEFAULT_PRICING_POLICY;
  const tft = opts.tftPriceUsd ?? DEFAULT_TFT_PRICE_USD;
  const ipCost = capacity.ipv4u * policy.ipu;
  const resourceCost = opts.rentedNode
    ? 0
    : storageUnits(capacity) * policy.su + computeUnits(capacity) * policy.cu;
  return toCost((resourceCost + ipCost) / PRICE_DECIMALS, tft);
}

/** Monthly cost of a name contract. */
export function nameContractCost(opts: CostOptions = {}): Cost {
  const policy = opts.policy ?? DEFAULT_PRICING_POLICY;
  return toCost(policy.uniqueName / PRICE_DECIMALS, opts.tftPriceUsd ?? DEFAULT_TFT_PRICE_USD);
}

/** Adds costs (for totals). */
export function sumCosts(costs: Cost[]): Cost {
  return {
    usdPerMonth: round(costs.reduce((s, c) => s + c.usdPerMonth, 0)),
    tftPerMonth: round(costs.reduce((s, c) => s + c.tftPerMonth, 0)),
  };
}

/** Balance discount factor: balance / monthly cost >= 1.5 -> 0.8, >= 3 -> 0.7, >= 6 -> 0.6, >= 18 -> 0.4. */
export function balanceDiscount(balanceTft: number, monthlyTft: number): number {
  if (monthlyTft <= 0) return 1;
  const months = balanceTft / monthlyTft;
  if (months >= 18) return 0.4;
  if (months >= 6) return 0.6;
  if (months >= 3) return 0.7;
  if (months >= 1.5) return 0.8;
  return 1;
}
