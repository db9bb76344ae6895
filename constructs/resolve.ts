/**
 * Placeholder resolution (pure): turns a manifest unit's workloads into the exact workloads sent to
 * a node, once secrets, earlier units' results and node endpoints are known.
 */
import type { DeploymentUnit } from './manifest';
import { placeholdersIn, replacePlaceholders } from './placeholders';
import type { Workload } from '../model/zos/types';
import { WireguardPublicKeys } from '../model/zos/wireguard-key';

export interface ResolveContext {
  readonly secrets: Readonly<Record<string, string>>;
  /** result data of deployed workloads: unit -> workload name -> result data */
  readonly results: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** `ip:port` where a unit's node listens for a network's wireguard peers */
  endpoint(unit: string, network: string): string | undefined;
  /** public keys derived so far (share one per run: each key is then derived once). @default - one per unit */
  readonly wireguardKeys?: WireguardPublicKeys;
}

export class UnresolvedError extends Error {
  constructor(readonly placeholders: string[]) {
    super(`cannot resolve ${placeholders.join(', ')}`);
  }
}

/** A workload result field; `address` of a zdb is its first IP with its port (`[ipv6]:port` or `ipv4:port`). */
export function resultField(result: unknown, field: string): string | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  if (field === 'address' && Array.isArray(r.IPs) && typeof r.Port === 'number') {
    const ip = String(r.IPs[0] ?? '');
    if (!ip) return undefined;
    return ip.includes(':') ? `[${ip}]:${r.Port}` : `${ip}:${r.Port}`;
  }
  const v = r[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return field === 'ip' ? v.replace(/\/\d+$/, '') : v;
  return Array.isArray(v) ? String(v[0]) : String(v);
}

/** A manifest string with its placeholders filled in and each `$$` back to the program's `$`. */
function resolveString(s: string, ctx: Resolving, missing: Set<string>): string {
  return replacePlaceholders(s, (kind, arg, whole) => {
    let value: string | undefined;
    if (kind === 'secret') value = ctx.secrets[arg];
    else if (kind === 'wgpub')
      value = ctx.secrets[arg] !== undefined ? ctx.wireguardKeys.publicOf(ctx.secrets[arg]) : undefined;
    else if (kind === 'endpoint') {
      const [unit, network] = arg.split('/');
      value = ctx.endpoint(unit, network);
    } else {
      const [unit, workload, field] = arg.split('/');
      value = resultField(ctx.results.get(unit)?.get(workload), field);
    }
    if (value === undefined) missing.add(whole);
    return value;
  });
}

/** A context with its key cache (the caller's, or one for this call). */
type Resolving = ResolveContext & { readonly wireguardKeys: WireguardPublicKeys };
const resolving = (ctx: ResolveContext): Resolving =>
  ctx.wireguardKeys ? (ctx as Resolving) : { ...ctx, wireguardKeys: new WireguardPublicKeys() };

function resolveValue(v: unknown, ctx: Resolving, missing: Set<string>): unknown {
  if (typeof v === 'string') return resolveString(v, ctx, missing);
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, ctx, missing));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveValue(x, ctx, missing)]));
  }
  return v;
}

/** The unit's workloads with every placeholder replaced; throws UnresolvedError naming what is missing. */
export function resolveUnit(unit: DeploymentUnit, context: ResolveContext): Omit<Workload, 'version'>[] {
  const ctx = resolving(context);
  const missing = new Set<string>();
  const workloads = unit.workloads.map((w) => ({
    name: w.name,
    type: w.type,
    data: resolveValue(w.data, ctx, missing) as Record<string, unknown>,
    metadata: w.metadata,
    description: w.description,
  }));
  if (missing.size > 0) throw new UnresolvedError([...missing].sort());
  return workloads;
}

/** Names a workload's data refers to (mounts, public ip, zlogs machine): dropping one drops its users. */
function namesUsed(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const net = data.network as { public_ip?: string } | undefined;
  if (net?.public_ip) out.push(net.public_ip);
  for (const m of (data.mounts as { name: string }[] | undefined) ?? []) out.push(m.name);
  if (typeof data.zmachine === 'string') out.push(data.zmachine);
  return out;
}

/**
 * For a unit whose workloads refer to results of workloads in the same unit (a qsfs on the node of
 * its own zdbs): the workloads that can be resolved now, without those that cannot and those that
 * use them (a machine mounting that qsfs). The engine deploys these first, then updates the unit.
 */
export function resolvePartial(
  unit: DeploymentUnit,
  context: ResolveContext,
): { workloads: Omit<Workload, 'version'>[]; deferred: string[] } {
  const ctx = resolving(context);
  const resolved = new Map<string, Omit<Workload, 'version'>>();
  const deferred = new Set<string>();
  for (const w of unit.workloads) {
    const missing = new Set<string>();
    const data = resolveValue(w.data, ctx, missing) as Record<string, unknown>;
    if (missing.size > 0) deferred.add(w.name);
    else
      resolved.set(w.name, {
        name: w.name,
        type: w.type,
        data,
        metadata: w.metadata,
        description: w.description,
      });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, w] of resolved) {
      if (namesUsed(w.data).some((n) => deferred.has(n))) {
        resolved.delete(name);
        deferred.add(name);
        changed = true;
      }
    }
  }
  return { workloads: [...resolved.values()], deferred: [...deferred].sort() };
}

/** True when a manifest string holds a placeholder (for outputs and checks). */
export function hasPlaceholder(s: string): boolean {
  return placeholdersIn(s).length > 0;
}
