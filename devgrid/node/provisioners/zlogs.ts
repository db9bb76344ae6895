/**
 * `zlogs`: streams a machine's console (each command and its output in the dev grid sandbox) to
 * the given output: `ws://`/`wss://` (one message per line) or `redis://host:port/channel`
 * (PUBLISH per line).
 */
import WebSocket from 'ws';
import type { ZlogsData } from '../../../model/zos/types';
import { ProvisionError, type Provisioner } from '../provisioner';
import { respExchange } from '../../../clients/net/resp-probe';

function sinkFor(output: string): { send(line: string): void; close(): void } {
  const url = new URL(output);
  if (url.protocol === 'ws:' || url.protocol === 'wss:') {
    const ws = new WebSocket(output);
    const pending: string[] = [];
    ws.on('open', () => pending.splice(0).forEach((l) => ws.send(l)));
    ws.on('error', () => undefined);
    return {
      send: (line) => (ws.readyState === WebSocket.OPEN ? ws.send(line) : pending.push(line)),
      close: () => ws.close(),
    };
  }
  if (url.protocol === 'redis:') {
    const channel = url.pathname.replace(/^\//, '') || 'zlogs';
    const address = `${url.hostname}:${url.port || 6379}`;
    return {
      send: (line) => void respExchange(address, [['PUBLISH', channel, line]]).catch(() => undefined),
      close: () => undefined,
    };
  }
  throw new ProvisionError(`zlogs output '${output}' is not supported: use ws://, wss:// or redis://`);
}

export const zlogsProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as ZlogsData;
    const machineId = `${ctx.deployment.twin_id}-${ctx.deployment.contract_id}-${data.zmachine}`;
    await ctx.services.closers.get(ctx.workloadId)?.();
    const sink = sinkFor(data.output);
    const listeners = ctx.services.consoleListeners;
    if (!listeners.has(machineId)) listeners.set(machineId, new Set());
    const listener = (line: string) => sink.send(line);
    listeners.get(machineId)!.add(listener);
    ctx.services.closers.set(ctx.workloadId, async () => {
      listeners.get(machineId)?.delete(listener);
      sink.close();
    });
    return null;
  },
  async deprovision(ctx) {
    await ctx.services.closers.get(ctx.workloadId)?.();
    ctx.services.closers.delete(ctx.workloadId);
  },
};
