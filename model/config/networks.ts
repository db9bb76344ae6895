/**
 * Where a grid network lives. The public networks (grid-protocol.md section 8) are reached only
 * when a user selects them; `local` is the dev grid on loopback (`tfgrid devgrid up`).
 */
/** The grid a program targets: the embedded dev grid (`local`) or a public network. */
export type GridNetworkName = 'local' | 'dev' | 'qa' | 'test' | 'main';

export interface GridEndpoints {
  readonly network: GridNetworkName;
  /** TFChain websocket URLs, tried in order (failover) */
  readonly substrateUrls: readonly string[];
  /** RMB relay websocket URLs */
  readonly relayUrls: readonly string[];
  /** grid proxy base URL */
  readonly proxyUrl: string;
}

const BASES: Record<Exclude<GridNetworkName, 'local'>, string> = {
  dev: 'dev.grid.tf',
  qa: 'qa.grid.tf',
  test: 'test.grid.tf',
  main: 'grid.tf',
};

export function publicNetworkEndpoints(network: Exclude<GridNetworkName, 'local'>): GridEndpoints {
  const base = BASES[network];
  return {
    network,
    substrateUrls: [`wss://tfchain.${base}/ws`],
    relayUrls: [`wss://relay.${base}`],
    proxyUrl: `https://gridproxy.${base}`,
  };
}

/**
 * Endpoints from the environment override the preset: TFGRID_SUBSTRATE_URL (comma-separated),
 * TFGRID_RELAY_URL (comma-separated), TFGRID_PROXY_URL.
 */
export function endpointsFromEnv(base: GridEndpoints, env: NodeJS.ProcessEnv = process.env): GridEndpoints {
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  return {
    network: base.network,
    substrateUrls: list(env.TFGRID_SUBSTRATE_URL) ?? base.substrateUrls,
    relayUrls: list(env.TFGRID_RELAY_URL) ?? base.relayUrls,
    proxyUrl: env.TFGRID_PROXY_URL ?? base.proxyUrl,
  };
}

/** The well-known development mnemonic (Substrate's; //Alice etc. derive from it). Funded on the dev grid only. */
export const DEV_MNEMONIC = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/** The default account on the dev grid: //Alice of the dev mnemonic (funded at genesis, council member). */
export const DEV_ACCOUNT = `${DEV_MNEMONIC}//Alice`;

/** The endpoints of a dev grid on loopback (from `tfgrid devgrid` or `startDevGrid`). */
export function devGridEndpoints(grid: {
  chainUrl: string;
  relayUrl: string;
  proxyUrl: string;
}): GridEndpoints {
  return {
    network: 'local',
    substrateUrls: [grid.chainUrl],
    relayUrls: [grid.relayUrl],
    proxyUrl: grid.proxyUrl,
  };
}
