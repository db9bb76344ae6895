/**
 * What the dynamic providers load inside the Pulumi provider host (by absolute path, at call time,
 * see README): the stack config seen by `configure`, the cached grid connection, and every
 * resource kind's operations. Nothing here is serialized into `__provider` or the state.
 */
import type { ConnectedGrid } from '../engine/grid-backend';
import { gridFor } from './connection';
import type { WaitSettings } from './deployment-ops';
import { CONFIG_KEYS, resolveSettings } from './settings';

export { resourceKinds } from './resource-kinds';

/** The `tfgrid:*` stack config of this host process, as `configure` saw it (secrets unwrapped). */
let stackConfig: Record<string, string | undefined> = {};

/** Keeps the `tfgrid:*` keys of the Configure request (in memory of the host only). */
export function configure(config: { get(key: string): string | undefined }): void {
  stackConfig = Object.fromEntries(Object.values(CONFIG_KEYS).map((k) => [k, config.get(k)]));
}

/** The account secret of this stack's settings (in memory only; diff derives generated secrets from it). */
export function accountSecret(): string {
  return resolveSettings({ get: (k) => stackConfig[k] }, process.env).secret;
}

/** The grid of this stack's settings (config, then environment), connected once per process. */
export async function connect(): Promise<{ backend: ConnectedGrid; wait: WaitSettings }> {
  const settings = resolveSettings({ get: (k) => stackConfig[k] }, process.env);
  const pollMs = Number(process.env.TFGRID_POLL_MS);
  return {
    backend: await gridFor(settings),
    wait: { timeoutMs: settings.timeoutMs, ...(pollMs > 0 ? { pollMs } : {}) },
  };
}
