/**
 * One grid connection per provider host process and settings: every resource of a `pulumi up`
 * shares it (connecting to chain and relay costs seconds). Keyed by endpoints and a hash of the
 * account secret, so the secret itself is not kept as a map key.
 */
import { createHash } from 'crypto';
import type { GridEndpoints } from '../model/config/networks';
import { runningDevGrid } from '../model/config/devgrid-info';
import { devGridDir } from '../model/config/project-dir';
import { connectGrid, type ConnectedGrid } from '../engine/grid-backend';
import type { ProviderSettings } from './settings';

const grids = new Map<string, Promise<ConnectedGrid>>();

/** The endpoints of `settings`; for `local` without urls, the dev grid `tfgrid devgrid up` runs. */
export function endpointsOf(settings: ProviderSettings): GridEndpoints {
  if (settings.endpoints) return settings.endpoints;
  const dir = devGridDir();
  const running = runningDevGrid(dir);
  if (!running)
    throw new Error(
      `tfgrid:network is 'local' but no dev grid runs from '${dir}': start one with 'tfgrid devgrid up --detach', ` +
        'or set tfgrid:substrateUrl, tfgrid:relayUrl and tfgrid:proxyUrl',
    );
  return {
    network: 'local',
    substrateUrls: [running.chainUrl],
    relayUrls: [running.relayUrl],
    proxyUrl: running.proxyUrl,
  };
}

/** The cached connection for `settings` (connects on first use; a failed connect is retried next time). */
export function gridFor(settings: ProviderSettings): Promise<ConnectedGrid> {
  const endpoints = endpointsOf(settings);
  const key = JSON.stringify([
    endpoints.substrateUrls,
    endpoints.relayUrls,
    endpoints.proxyUrl,
    createHash('sha256').update(settings.secret).digest('hex'),
  ]);
  let grid = grids.get(key);
  if (!grid) {
    grid = connectGrid({ endpoints, secret: settings.secret });
    grids.set(key, grid);
    grid.catch(() => grids.delete(key));
  }
  return grid;
}

/** Closes every cached connection (tests; the host process otherwise ends with the engine). */
export async function closeGrids(): Promise<void> {
  const all = [...grids.values()];
  grids.clear();
  for (const g of all) await (await g.catch(() => undefined))?.close();
}
