/**
 * `qsfs`: zdbfs on a local cache, backed by zstor. The dev grid does not run zdbfs/zstor: it checks,
 * as a user would wish zos did before mounting, that every backend (meta and data) is reachable and
 * accepts its namespace and password, then serves the metrics endpoint and a directory as the mount.
 * A wrong backend fails the workload with the backend named, instead of a mount timeout.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { QsfsData, QsfsResult, ZdbBackend } from '../../../model/zos/types';
import { ProvisionError, type Provisioner } from '../provisioner';
import { respExchange } from '../../../clients/net/resp-probe';

export function qsfsPath(dataDir: string, workloadId: string): string {
  return path.join(dataDir, 'qsfs', workloadId);
}

async function checkBackend(b: ZdbBackend, role: string): Promise<void> {
  let replies: string[];
  try {
    replies = await respExchange(b.address, [
      b.password ? ['SELECT', b.namespace, b.password] : ['SELECT', b.namespace],
    ]);
  } catch (e) {
    throw new ProvisionError(
      `qsfs ${role} backend ${b.address} namespace '${b.namespace}': ${(e as Error).message}`,
    );
  }
  if (replies[0] !== '+OK') {
    throw new ProvisionError(
      `qsfs ${role} backend ${b.address} namespace '${b.namespace}' refused login: ${replies[0]?.slice(1) ?? 'no reply'}`,
    );
  }
}

function serveMetrics(backends: { role: string; b: ZdbBackend }[], cacheBytes: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    const lines = [
      '# HELP qsfs_cache_size_bytes Size of the local cache.',
      '# TYPE qsfs_cache_size_bytes gauge',
      `qsfs_cache_size_bytes ${cacheBytes}`,
      '# HELP qsfs_backends Backends by role.',
      '# TYPE qsfs_backends gauge',
      ...['meta', 'data'].map(
        (r) => `qsfs_backends{role="${r}"} ${backends.filter((x) => x.role === r).length}`,
      ),
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export const qsfsProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as QsfsData;
    const backends = [
      ...(data.config.meta?.config?.backends ?? []).map((b) => ({ role: 'meta', b })),
      ...(data.config.groups ?? []).flatMap((g) => g.backends.map((b) => ({ role: 'data', b }))),
    ];
    for (const { role, b } of backends) await checkBackend(b, role);
    const dir = qsfsPath(ctx.services.dataDir, ctx.workloadId);
    await fs.promises.mkdir(dir, { recursive: true });
    await ctx.services.closers.get(ctx.workloadId)?.();
    const server = await serveMetrics(backends, data.cache);
    ctx.services.closers.set(ctx.workloadId, () => new Promise((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    const result: QsfsResult = { path: dir, metrics_endpoint: `http://127.0.0.1:${port}/metrics` };
    return result;
  },
  async update(ctx) {
    return qsfsProvisioner.provision(ctx);
  },
  async deprovision(ctx) {
    await ctx.services.closers.get(ctx.workloadId)?.();
    ctx.services.closers.delete(ctx.workloadId);
    await fs.promises.rm(qsfsPath(ctx.services.dataDir, ctx.workloadId), { recursive: true, force: true });
  },
};
