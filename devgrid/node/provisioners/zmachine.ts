/**
 * `zmachine` / `zmachine-light`: on the dev grid a machine is a sandbox, not a VM: its own directory
 * and an SSH server on loopback that accepts the keys in the machine's `SSH_KEY` env and runs
 * commands in that directory. Disks and qsfs are mounted as links into the directory. The result's
 * `console_url` is the sandbox's `host:port` (ssh root@host -p port).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ZmachineData, ZmachineResult } from '../../../model/zos/types';
import { ProvisionError, type Provisioner, type ProvisionContext } from '../provisioner';
import { diskPaths } from './disk';
import { qsfsPath } from './qsfs';

export function machineDir(ctx: Pick<ProvisionContext, 'services' | 'workloadId'>): string {
  return path.join(ctx.services.dataDir, 'machines', ctx.workloadId);
}

/** OpenSSH public key lines from the env (SSH_KEY may hold several, one per line). */
export function authorizedKeysOf(env: Record<string, string> | undefined): string[] {
  return (env?.SSH_KEY ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

async function mount(ctx: ProvisionContext, dir: string, data: ZmachineData): Promise<void> {
  for (const m of data.mounts ?? []) {
    const target = ctx.deployment.workloads.find((w) => w.name === m.name);
    if (!target) throw new ProvisionError(`mount '${m.name}' not found in deployment`);
    const id = `${ctx.deployment.twin_id}-${ctx.deployment.contract_id}-${target.name}`;
    const source =
      target.type === 'qsfs'
        ? qsfsPath(ctx.services.dataDir, id)
        : diskPaths({ services: ctx.services, workloadId: id }).dir;
    const link = path.join(dir, m.mountpoint.replace(/^\/+/, ''));
    await fs.promises.mkdir(path.dirname(link), { recursive: true });
    await fs.promises.rm(link, { recursive: true, force: true });
    await fs.promises.symlink(source, link);
  }
}

function fakeIp(prefix: string, nodeId: number, contractId: number, index: number): string {
  return `${prefix}:${nodeId.toString(16)}:${(contractId & 0xffff).toString(16)}::${(index + 1).toString(16)}`;
}

/** The sandbox port a machine had before a node restart (from its console_url), to keep it. */
function previousPort(result: unknown): number | undefined {
  const url = (result as { console_url?: unknown } | undefined)?.console_url;
  const port = typeof url === 'string' ? Number(url.slice(url.lastIndexOf(':') + 1)) : NaN;
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export const zmachineProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as ZmachineData;
    const dir = machineDir(ctx);
    await fs.promises.mkdir(dir, { recursive: true });
    await mount(ctx, dir, data);
    const existing = ctx.services.machines.get(ctx.workloadId);
    if (existing) await existing.close();
    const listeners = ctx.services.consoleListeners;
    const handle = await ctx.services.startMachine({
      dir,
      authorizedKeys: authorizedKeysOf(data.env),
      env: data.env ?? {},
      hostKeySeed: `${ctx.nodeId}/${ctx.workloadId}`,
      port: previousPort(ctx.previousResult),
      consoleLog: (line) => {
        ctx.services.consoleTail?.record(ctx.workloadId, line);
        for (const l of listeners.get(ctx.workloadId) ?? []) l(line);
      },
    });
    ctx.services.machines.set(ctx.workloadId, handle);
    const index = ctx.deployment.workloads.findIndex((w) => w.name === ctx.workload.name);
    const net = data.network ?? { interfaces: [], planetary: false, public_ip: '' };
    const result: ZmachineResult = {
      id: ctx.workloadId,
      ip: net.interfaces?.[0]?.ip ?? '',
      planetary_ip: net.planetary ? fakeIp('300', ctx.nodeId, ctx.deployment.contract_id, index) : '',
      mycelium_ip: net.mycelium ? fakeIp('400', ctx.nodeId, ctx.deployment.contract_id, index) : '',
      console_url: `${handle.host}:${handle.port}`,
    };
    return result;
  },
  async deprovision(ctx) {
    const handle = ctx.services.machines.get(ctx.workloadId);
    ctx.services.machines.delete(ctx.workloadId);
    if (handle) await handle.close();
    await fs.promises.rm(machineDir(ctx), { recursive: true, force: true });
  },
  async pause(ctx) {
    ctx.services.machines.get(ctx.workloadId)?.pause();
  },
  async resume(ctx) {
    ctx.services.machines.get(ctx.workloadId)?.resume();
  },
};
