/**
 * What a program wants to read from a deployed workload (pure): addresses, fqdn, zdb endpoints,
 * in the same shape for every workload of a type; and which workloads belong to which construct.
 */
import type { Manifest } from '../constructs/manifest';

/** The useful outputs of one workload; only the fields its type has are set. */
export interface WorkloadSummary {
  readonly type: string;
  /** unit and node it runs on, and its contract */
  readonly unit: string;
  readonly nodeId?: number;
  readonly contractId?: number;
  /** machine: private network address */
  readonly ip?: string;
  readonly planetaryIp?: string;
  readonly myceliumIp?: string;
  /** public ip workload: IPv4 and IPv6 (CIDR) and the gateway */
  readonly publicIp?: string;
  readonly publicIpv6?: string;
  readonly gateway?: string;
  /** gateway: the public name */
  readonly fqdn?: string;
  /** zdb: namespace, and `host:port` per address the zdb listens on */
  readonly namespace?: string;
  readonly endpoints?: string[];
  /** qsfs: prometheus metrics */
  readonly metricsEndpoint?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The summary of a workload's result data. */
export function summarize(type: string, unit: string, data: unknown): WorkloadSummary {
  const r = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const base = { type, unit };
  const defined = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  switch (type) {
    case 'zmachine':
    case 'zmachine-light':
      return defined({
        ...base,
        ip: str(r.ip),
        planetaryIp: str(r.planetary_ip),
        myceliumIp: str(r.mycelium_ip),
      });
    case 'ip':
      return defined({ ...base, publicIp: str(r.ip), publicIpv6: str(r.ip6), gateway: str(r.gateway) });
    case 'gateway-name-proxy':
    case 'gateway-fqdn-proxy':
      return defined({ ...base, fqdn: str(r.fqdn) });
    case 'zdb': {
      const port = typeof r.Port === 'number' ? r.Port : undefined;
      const ips = Array.isArray(r.IPs) ? r.IPs.map(String) : [];
      const endpoints =
        port === undefined
          ? undefined
          : ips.map((ip) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`));
      return defined({ ...base, namespace: str(r.Namespace), endpoints });
    }
    case 'qsfs':
      return defined({ ...base, metricsEndpoint: str(r.metrics_endpoint) });
    default:
      return base;
  }
}

/** Where a workload lives. */
export interface WorkloadRef {
  readonly unit: string;
  readonly workload: string;
}

/**
 * The workloads of each construct path: a construct owns the workloads named after it (the
 * construct's `workloadName`, or its path with `_` for other characters) and those of its children
 * (`app` owns `app_PublicIp`), within the units that list it.
 */
export function workloadsByConstruct(
  manifest: Manifest,
  workloadNameOf: (path: string) => string | undefined = () => undefined,
): Record<string, WorkloadRef[]> {
  const out: Record<string, WorkloadRef[]> = {};
  for (const u of manifest.units) {
    if (u.kind !== 'deployment') continue;
    for (const path of u.constructs) {
      const own = workloadNameOf(path) ?? path.replace(/[^a-zA-Z0-9_]/g, '_');
      const refs = u.workloads
        .filter((w) => w.name === own || w.name.startsWith(`${own}_`))
        .map((w) => ({ unit: u.id, workload: w.name }));
      (out[path] ??= []).push(...refs);
    }
  }
  return out;
}
