/**
 * `zmount` and `volume`: a sparse file of the asked size (the disk) and a directory beside it that
 * machines mount (the dev grid has no block devices or virtiofs).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Provisioner, ProvisionContext } from '../provisioner';

export function diskPaths(ctx: Pick<ProvisionContext, 'services' | 'workloadId'>): {
  image: string;
  dir: string;
} {
  const base = path.join(ctx.services.dataDir, 'volumes', ctx.workloadId);
  return { image: `${base}.img`, dir: `${base}.d` };
}

async function allocate(ctx: ProvisionContext): Promise<void> {
  const size = (ctx.workload.data as { size: number }).size;
  const { image, dir } = diskPaths(ctx);
  await fs.promises.mkdir(dir, { recursive: true });
  const fh = await fs.promises.open(image, 'a');
  try {
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
}

function diskProvisioner(result: (id: string) => unknown): Provisioner {
  return {
    async provision(ctx) {
      await allocate(ctx);
      return result(ctx.workloadId);
    },
    async update(ctx) {
      await allocate(ctx);
      return result(ctx.workloadId);
    },
    async deprovision(ctx) {
      const { image, dir } = diskPaths(ctx);
      await fs.promises.rm(image, { force: true });
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

export const zmountProvisioner = diskProvisioner((id) => ({ volume_id: id }));
export const volumeProvisioner = diskProvisioner((id) => ({ id }));
