/**
 * The local services one emulated node provisions workloads on. Each is real where one machine can
 * do it: a zdb server, SSH sandboxes for machines, an HTTP gateway, files for disks.
 */
import type { ZdbServer } from '../zdb/server';

/** A running machine sandbox (devgrid/sandbox). */
export interface MachineHandle {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
  pause(): void;
  resume(): void;
}

export interface MachineSpec {
  readonly dir: string;
  readonly authorizedKeys: string[];
  readonly env: Record<string, string>;
  readonly hostKeySeed: string;
  /** reuse this port (after a node restart) when it is free. @default any free port */
  readonly port?: number;
  readonly consoleLog?: (line: string) => void;
}

/** The gateway proxy of a node with a public domain (devgrid/gateway). */
export interface GatewayHandle {
  readonly domain: string;
  readonly url: string;
  addRoute(route: { id: string; hostname: string; backends: string[]; tlsPassthrough: boolean }): void;
  removeRoute(id: string): void;
}

/** The node's public config as registered on chain. */
export interface PublicConfig {
  readonly ipv4: string;
  readonly gw4: string;
  readonly ipv6?: string;
  readonly gw6?: string;
  readonly domain?: string;
}

export interface NodeServices {
  /** the node's own directory (volumes, machines) */
  readonly dataDir: string;
  readonly zdb: ZdbServer;
  readonly gateway?: GatewayHandle;
  readonly publicConfig?: PublicConfig;
  /** starts a machine sandbox */
  startMachine(spec: MachineSpec): Promise<MachineHandle>;
  /** running machines by workload id */
  readonly machines: Map<string, MachineHandle>;
  /** zlogs: lines of a machine's console by workload id of the machine */
  readonly consoleListeners: Map<string, Set<(line: string) => void>>;
  /** the last lines of each machine's console (the stream zlogs forwards), for the explorer */
  readonly consoleTail?: ConsoleTail;
  /** owner twin of a name contract (gateway-name-proxy needs one) */
  nameContractOwner(name: string): Promise<number | undefined>;
  /** closes for processes started by provisioners (qsfs metrics servers) */
  readonly closers: Map<string, () => Promise<void>>;
}

/** The last lines of each machine's console, by workload id (bounded). */
export class ConsoleTail {
  private readonly lines = new Map<string, string[]>();

  constructor(private readonly max = 200) {}

  record(workloadId: string, line: string): void {
    let l = this.lines.get(workloadId);
    if (!l) this.lines.set(workloadId, (l = []));
    l.push(line);
    if (l.length > this.max) l.splice(0, l.length - this.max);
  }

  of(workloadId: string): readonly string[] {
    return this.lines.get(workloadId) ?? [];
  }
}
