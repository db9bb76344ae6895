/**
 * Connecting to TFChain over WebSocket with @polkadot/api, reading everything from the chain's own
 * metadata (no TFChain types registered by hand), so the same code serves the public networks and
 * the dev chain. Several URLs give failover: WsProvider rotates through them when one drops.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { MetadataCache } from './metadata-cache';

/** The public TFChain networks (grid-protocol.md section 8). */
export type TfchainNetwork = 'dev' | 'qa' | 'test' | 'main';

const NETWORK_BASES: Readonly<Record<TfchainNetwork, string>> = {
  dev: 'dev.grid.tf',
  qa: 'qa.grid.tf',
  test: 'test.grid.tf',
  main: 'grid.tf',
};

/** The TFChain WebSocket URLs of a public network: `wss://tfchain.<base>/ws`. */
export function tfchainUrls(network: TfchainNetwork): string[] {
  const base = NETWORK_BASES[network];
  if (!base)
    throw new Error(
      `unknown network '${String(network)}': use one of ${Object.keys(NETWORK_BASES).join(', ')}`,
    );
  return [`wss://tfchain.${base}/ws`];
}

export interface ConnectOptions {
  /** WebSocket URLs (ws:// or wss://), tried in order; the next is used when one fails */
  readonly urls: string | readonly string[];
  /** how long to wait for the first successful connection, in ms. @default 30000 */
  readonly connectTimeoutMs?: number;
  /** delay between reconnect attempts, in ms. @default 2500 */
  readonly reconnectDelayMs?: number;
  /** the chain's metadata from disk when it holds this chain's, saved there otherwise. @default none */
  readonly metadataCache?: MetadataCache;
}

/** The chain could not be reached. */
export class ChainConnectionError extends Error {
  constructor(
    /** the URLs that were tried */
    readonly urls: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'ChainConnectionError';
  }
}

/** Checks and normalises the URL list; throws naming the bad entry. */
export function checkUrls(urls: string | readonly string[]): string[] {
  const list = (typeof urls === 'string' ? urls.split(',') : [...urls]).map((u) => u.trim()).filter(Boolean);
  if (list.length === 0)
    throw new ChainConnectionError([], 'no TFChain URL given: pass at least one ws:// or wss:// URL');
  for (const url of list) {
    if (!/^wss?:\/\/[^\s/]+/.test(url)) {
      throw new ChainConnectionError(
        list,
        `TFChain URL '${url}' is not a WebSocket URL: use ws://host:port or wss://host/ws`,
      );
    }
  }
  return list;
}

/**
 * Connects and waits until the API has read the chain's metadata. Reconnects on its own afterwards
 * (rotating through the URLs). Throws ChainConnectionError when no URL answers in time.
 */
export async function connectTfchain(options: ConnectOptions): Promise<ApiPromise> {
  const urls = checkUrls(options.urls);
  const timeoutMs = options.connectTimeoutMs ?? 30_000;
  const provider = new WsProvider(urls, options.reconnectDelayMs ?? 2_500);
  const cache = options.metadataCache;
  const api = new ApiPromise({ provider, noInitWarn: true, ...(cache ? { metadata: cache.lookup() } : {}) });
  // rejects on the first socket error even though failover may still succeed: we wait for `ready`
  api.isReadyOrError.catch(() => undefined);
  // an unreachable URL is not fatal while another may answer: wait for `ready`, remember the last error
  let lastError = '';
  const onError = (e: unknown) => {
    lastError = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  };
  api.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const cause = lastError ? ` (last error: ${lastError})` : '';
      reject(
        new ChainConnectionError(
          urls,
          `could not connect to TFChain within ${timeoutMs} ms, tried ${urls.join(', ')}${cause}: check the URLs and that the node is running`,
        ),
      );
    }, timeoutMs);
  });
  try {
    await Promise.race([api.isReady, timeout]);
    cache?.save(api);
    return api;
  } catch (e) {
    await api.disconnect().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
    api.off('error', onError);
  }
}

/** Closes the connection (no reconnect afterwards). Safe to call twice. */
export async function disconnectTfchain(api: ApiPromise): Promise<void> {
  await api.disconnect().catch(() => undefined);
}
