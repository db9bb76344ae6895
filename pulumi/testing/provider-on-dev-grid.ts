/**
 * What the provider CRUD tests share: a dev grid on loopback, the dev account's backend (the test's
 * own view of the chain) and a dynamic provider host configured for that grid, started together and
 * closed together (host, backend, then grid).
 */
import { gridEndpoints, startDevGrid, type DevGrid, type DevGridOptions } from '../../devgrid/grid';
import { connectGrid, type ConnectedGrid } from '../../engine/grid-backend';
import { ProviderHost, type ProviderHostOptions } from './provider-host';
import { secret, type PropertyMap } from './property-values';

/** The stack config (`tfgrid:*`) pointing a provider at `grid`, the mnemonic a secret. */
export function devGridConfig(
  grid: DevGrid,
  o: {
    /** the account the provider signs with. @default the grid's dev account */
    readonly mnemonic?: string;
    /** `tfgrid:timeoutSeconds`. @default the provider's */
    readonly timeoutSeconds?: number;
  } = {},
): Record<string, string | PropertyMap> {
  return {
    'tfgrid:network': 'local',
    'tfgrid:substrateUrl': grid.chainUrl,
    'tfgrid:relayUrl': grid.relayUrl,
    'tfgrid:proxyUrl': grid.proxyUrl,
    'tfgrid:mnemonic': secret(o.mnemonic ?? grid.mnemonic),
    ...(o.timeoutSeconds !== undefined ? { 'tfgrid:timeoutSeconds': String(o.timeoutSeconds) } : {}),
  };
}

export interface ProviderOnDevGridOptions {
  /** the dev grid (its data dir is a temp dir removed on close) */
  readonly grid: Omit<DevGridOptions, 'dataDir'>;
  /** the provider host; its config is {@link devGridConfig} of the grid */
  readonly host: Omit<ProviderHostOptions, 'config'> & { readonly timeoutSeconds?: number };
}

export class ProviderOnDevGrid {
  private constructor(
    readonly grid: DevGrid,
    readonly backend: ConnectedGrid,
    readonly host: ProviderHost,
  ) {}

  /** Starts the grid, connects the dev account and starts the host; undoes what started on failure. */
  static async start(o: ProviderOnDevGridOptions): Promise<ProviderOnDevGrid> {
    const grid = await startDevGrid(o.grid);
    let backend: ConnectedGrid | undefined;
    try {
      backend = await connectGrid({ endpoints: gridEndpoints(grid), secret: grid.mnemonic });
      const { timeoutSeconds, ...hostOptions } = o.host;
      const host = await ProviderHost.start({
        ...hostOptions,
        config: devGridConfig(grid, { timeoutSeconds }),
      });
      return new ProviderOnDevGrid(grid, backend, host);
    } catch (e) {
      await backend?.close().catch(() => undefined);
      await grid.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.host.close();
    await this.backend.close();
    await this.grid.close();
    // @polkadot/api keeps a timer for a moment after disconnect
    await new Promise((r) => setTimeout(r, 2000));
  }
}
