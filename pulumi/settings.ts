/**
 * Provider settings from the stack config (`tfgrid:*` keys) and the environment. Pure: the caller
 * passes a config getter (the dynamic provider's `configure` request) and the environment.
 *
 * The mnemonic is read here, inside the provider host, never in the program: it must not enter the
 * serialized provider (`__provider`) or the state.
 */
import type { GridNetworkName } from '../constructs/manifest';
import { DEV_ACCOUNT, publicNetworkEndpoints, type GridEndpoints } from '../model/config/networks';

/** Stack config keys the provider reads (namespace `tfgrid`). */
export const CONFIG_KEYS = {
  network: 'tfgrid:network',
  substrateUrl: 'tfgrid:substrateUrl',
  relayUrl: 'tfgrid:relayUrl',
  proxyUrl: 'tfgrid:proxyUrl',
  mnemonic: 'tfgrid:mnemonic',
  timeoutSeconds: 'tfgrid:timeoutSeconds',
} as const;

const NETWORKS: readonly GridNetworkName[] = ['local', 'dev', 'qa', 'test', 'main'];

/** What a provider needs to reach the grid. Lives only in the provider host's memory. */
export interface ProviderSettings {
  readonly network: GridNetworkName;
  /** explicit endpoints; undefined for `local` without urls (then the running dev grid is used) */
  readonly endpoints?: GridEndpoints;
  /** mnemonic, 0x seed or dev uri; never logged */
  readonly secret: string;
  /** how long to wait for a node to report its workloads ok, ms. @default 300000 */
  readonly timeoutMs: number;
}

/** Where settings come from: a config getter taking namespaced keys, and the environment. */
export interface SettingsSource {
  get(key: string): string | undefined;
}

const list = (v: string | undefined): string[] | undefined =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/**
 * Settings from `tfgrid:*` config, with environment fallbacks: TFGRID_MNEMONIC, TFGRID_NETWORK,
 * TFGRID_SUBSTRATE_URL, TFGRID_RELAY_URL, TFGRID_PROXY_URL. Throws naming the key to fix.
 */
export function resolveSettings(
  config: SettingsSource,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const get = (key: keyof typeof CONFIG_KEYS): string | undefined => {
    const v = config.get(CONFIG_KEYS[key]);
    return v === undefined || v === '' ? undefined : v;
  };
  const network = (get('network') ?? env.TFGRID_NETWORK ?? 'local') as GridNetworkName;
  if (!NETWORKS.includes(network))
    throw new Error(
      `tfgrid:network must be one of ${NETWORKS.join(', ')}, got '${network}': run 'pulumi config set tfgrid:network local'`,
    );
  const substrateUrls = list(get('substrateUrl') ?? env.TFGRID_SUBSTRATE_URL);
  const relayUrls = list(get('relayUrl') ?? env.TFGRID_RELAY_URL);
  const proxyUrl = get('proxyUrl') ?? env.TFGRID_PROXY_URL;
  const explicit = [substrateUrls, relayUrls, proxyUrl].filter((x) => x !== undefined).length;
  if (explicit > 0 && explicit < 3)
    throw new Error(
      'tfgrid:substrateUrl, tfgrid:relayUrl and tfgrid:proxyUrl go together: set all three, or none to use the network preset',
    );
  let endpoints: GridEndpoints | undefined;
  if (substrateUrls && relayUrls && proxyUrl) endpoints = { network, substrateUrls, relayUrls, proxyUrl };
  else if (network !== 'local') endpoints = publicNetworkEndpoints(network);
  const secret = get('mnemonic') ?? env.TFGRID_MNEMONIC ?? (network === 'local' ? DEV_ACCOUNT : undefined);
  if (!secret)
    throw new Error(
      `network '${network}' needs an account: run 'pulumi config set --secret tfgrid:mnemonic <words>' or set TFGRID_MNEMONIC`,
    );
  const seconds = Number(get('timeoutSeconds') ?? 300);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(
      `tfgrid:timeoutSeconds must be a positive number of seconds, got '${get('timeoutSeconds')}'`,
    );
  return { network, endpoints, secret, timeoutMs: seconds * 1000 };
}
