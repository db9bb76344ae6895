/**
 * Reading the grid from the chain as plain objects with units: nodes, farms, the pricing policy,
 * the TFT price and account balances. (Node discovery with capacity filters is the grid proxy's job.)
 */
import type { ApiPromise } from '@polkadot/api';
import type { PricingPolicy } from '../../model/pricing/pricing';
import { plainCall, type ChainCall } from './chain-call';
import { checkId } from './contract-data';
import { big, num, obj, optionalText, text, variant } from './decode';

/** TFT has 7 decimals on chain: 1 TFT = 10^7 units. */
export const TFT_UNITS = 10_000_000n;

export interface NodeResources {
  /** CPU cores */
  readonly cru: number;
  /** memory, bytes */
  readonly mruBytes: number;
  /** SSD, bytes */
  readonly sruBytes: number;
  /** HDD, bytes */
  readonly hruBytes: number;
}

export interface NodePublicConfig {
  /** IPv4 in CIDR form and its gateway */
  readonly ip4: { readonly ip: string; readonly gw: string };
  readonly ip6?: { readonly ip: string; readonly gw: string };
  /** domain served by the node's gateway, if any */
  readonly domain?: string;
}

export interface Node {
  readonly id: number;
  readonly farmId: number;
  readonly twinId: number;
  readonly resources: NodeResources;
  readonly location: {
    readonly city: string;
    readonly country: string;
    readonly latitude: string;
    readonly longitude: string;
  };
  readonly publicConfig?: NodePublicConfig;
  /** 'diy' | 'certified' */
  readonly certification: string;
  /** registration time, unix seconds */
  readonly created: number;
  readonly farmingPolicyId: number;
  readonly secureBoot: boolean;
  readonly virtualized: boolean;
  readonly serialNumber?: string;
}

export interface FarmPublicIp {
  /** CIDR, e.g. '185.1.1.2/24' */
  readonly ip: string;
  readonly gateway: string;
  /** contract holding it; 0 = free */
  readonly contractId: number;
}

export interface Farm {
  readonly id: number;
  readonly name: string;
  readonly twinId: number;
  readonly pricingPolicyId: number;
  /** 'notCertified' | 'gold' */
  readonly certification: string;
  readonly publicIps: readonly FarmPublicIp[];
  /** nodes of a dedicated farm can only be rented whole */
  readonly dedicated: boolean;
}

/** A chain pricing policy: the price fields in USD * 10^7 per unit-hour, as model/pricing uses them. */
export interface ChainPricingPolicy extends PricingPolicy {
  readonly id: number;
  readonly name: string;
}

export interface AccountBalance {
  /** free, in 10^-7 TFT: includes what locks (contract billing) freeze */
  readonly free: bigint;
  /** reserved, in 10^-7 TFT */
  readonly reserved: bigint;
  /** frozen by locks (part of free), in 10^-7 TFT: TFChain's billing locks what contracts owe until it pays it out */
  readonly frozen: bigint;
  /** what the account can spend: free minus the frozen part not covered by the reserve, in 10^-7 TFT */
  readonly spendable: bigint;
  /** free as TFT (for display) */
  readonly freeTft: number;
  /** spendable as TFT (for display) */
  readonly spendableTft: number;
}

const ipPair = (v: unknown) => ({ ip: text(obj(v).ip), gw: text(obj(v).gw) });

export function decodeNode(json: unknown): Node {
  const n = obj(json);
  const r = obj(n.resources);
  const loc = obj(n.location);
  const pc = n.publicConfig === null || n.publicConfig === undefined ? undefined : obj(n.publicConfig);
  const serialNumber = optionalText(n.serialNumber);
  const domain = pc ? optionalText(pc.domain) : undefined;
  return {
    id: num(n.id),
    farmId: num(n.farmId),
    twinId: num(n.twinId),
    resources: { cru: num(r.cru), mruBytes: num(r.mru), sruBytes: num(r.sru), hruBytes: num(r.hru) },
    location: {
      city: text(loc.city),
      country: text(loc.country),
      latitude: text(loc.latitude),
      longitude: text(loc.longitude),
    },
    ...(pc
      ? {
          publicConfig: {
            ip4: ipPair(pc.ip4),
            ...(pc.ip6 ? { ip6: ipPair(pc.ip6) } : {}),
            ...(domain ? { domain } : {}),
          },
        }
      : {}),
    certification: variant(n.certification).name,
    created: num(n.created ?? 0),
    farmingPolicyId: num(n.farmingPolicyId ?? 0),
    secureBoot: n.secureBoot === true,
    virtualized: n.virtualized === true,
    ...(serialNumber !== undefined ? { serialNumber } : {}),
  };
}

export function decodeFarm(json: unknown): Farm {
  const f = obj(json);
  return {
    id: num(f.id),
    name: text(f.name),
    twinId: num(f.twinId),
    pricingPolicyId: num(f.pricingPolicyId),
    certification: variant(f.certification).name,
    publicIps: ((f.publicIps as unknown[]) ?? []).map((p) => ({
      ip: text(obj(p).ip),
      gateway: text(obj(p).gateway),
      contractId: num(obj(p).contractId ?? 0),
    })),
    dedicated: f.dedicatedFarm === true,
  };
}

export function decodePricingPolicy(json: unknown): ChainPricingPolicy {
  const p = obj(json);
  const value = (k: string) => num(obj(p[k]).value);
  return {
    id: num(p.id),
    name: text(p.name),
    su: value('su'),
    cu: value('cu'),
    nu: value('nu'),
    ipu: value('ipu'),
    uniqueName: value('uniqueName'),
    domainName: value('domainName'),
    dedicationDiscountPercent: num(p.discountForDedicationNodes ?? 0),
  };
}

/** Balance fields of `system.account` JSON (frozen is `frozen`, or `miscFrozen` on older runtimes). */
export function decodeBalance(json: unknown): AccountBalance {
  const d = obj(obj(json).data);
  const free = big(d.free ?? 0);
  const frozen = big(d.frozen ?? d.miscFrozen ?? 0);
  const reserved = big(d.reserved ?? 0);
  const untouchable = frozen > reserved ? frozen - reserved : 0n;
  const spendable = free > untouchable ? free - untouchable : 0n;
  const tft = (v: bigint) => Number(v) / Number(TFT_UNITS);
  return { free, reserved, frozen, spendable, freeTft: tft(free), spendableTft: tft(spendable) };
}

export async function getNode(api: ApiPromise, nodeId: number): Promise<Node | undefined> {
  const json = (await api.query.tfgridModule.nodes(checkId('node id', nodeId))).toJSON();
  return json === null || json === undefined ? undefined : decodeNode(json);
}

/** All nodes registered on the chain, by ascending id. */
export async function listNodes(api: ApiPromise): Promise<Node[]> {
  const entries = await api.query.tfgridModule.nodes.entries();
  return entries
    .map(([, v]) => v.toJSON())
    .filter((j) => j !== null)
    .map(decodeNode)
    .sort((a, b) => a.id - b.id);
}

export async function getFarm(api: ApiPromise, farmId: number): Promise<Farm | undefined> {
  const json = (await api.query.tfgridModule.farms(checkId('farm id', farmId))).toJSON();
  return json === null || json === undefined ? undefined : decodeFarm(json);
}

/** All farms, by ascending id. */
export async function listFarms(api: ApiPromise): Promise<Farm[]> {
  const entries = await api.query.tfgridModule.farms.entries();
  return entries
    .map(([, v]) => v.toJSON())
    .filter((j) => j !== null)
    .map(decodeFarm)
    .sort((a, b) => a.id - b.id);
}

/** A pricing policy (1 is the grid's default policy). Throws when it does not exist. */
export async function getPricingPolicy(api: ApiPromise, policyId = 1): Promise<ChainPricingPolicy> {
  const json = (
    await api.query.tfgridModule.pricingPolicies(checkId('pricing policy id', policyId))
  ).toJSON();
  if (json === null || json === undefined)
    throw new Error(`pricing policy ${policyId} does not exist on this chain: the default policy is 1`);
  return decodePricingPolicy(json);
}

/** The TFT price the chain bills at, in USD (the chain stores mUSD: 10 = 0.01 USD). */
export async function getTftPriceUsd(api: ApiPromise): Promise<number> {
  return num((await api.query.tftPriceModule.tftPrice()).toJSON()) / 1000;
}

export async function getBalance(api: ApiPromise, address: string): Promise<AccountBalance> {
  return decodeBalance((await api.query.system.account(address)).toJSON());
}

/** Moves TFT (in 10^-7 units) to another account, keeping the sender alive. */
export function transferCall(api: ApiPromise, to: string, amount: bigint): ChainCall<void> {
  if (amount <= 0n)
    throw new Error(`transfer amount ${amount} is not valid: give a positive amount in 10^-7 TFT`);
  return plainCall(api.tx.balances.transferKeepAlive(to, amount));
}
