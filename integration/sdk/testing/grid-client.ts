/**
 * ThreeFold's `GridClient` (`@threefold/grid_client` 2.9.2, unmodified) connected to a dev grid.
 *
 * What it takes, and why:
 * - every service URL given (`substrateURL`, `relayURL`, `proxyURL`, `graphqlURL`,
 *   `activationURL`): a missing one makes `connect()` probe the public `*.grid.tf` and
 *   `*.threefold.me` stacks for one that answers;
 * - the relay as `wss://127.0.0.1/` (the grid started with `relayTls`), and the grid's relay CA
 *   trusted through NODE_EXTRA_CA_CERTS, which Node reads at start: so GridClient runs in a process
 *   started with `devGridClientEnv(info, dir)` (that env also points the SDK's local store,
 *   `$APPDATA/grid3_client`, into `dir`);
 * - a bip39 mnemonic of a funded account whose twin's relay is `127.0.0.1` (`newSdkAccount`);
 * - the KYC check, hard-coded to `https://kyc.<network>.grid.tf`, answered by a loopback stub
 *   (kyc-stub.ts), and every connection off loopback refused (loopback-only.ts).
 *
 * Used by the GridClient integration test and by `npm run bench`'s peer table.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { BackendStorageType, GridClient, NetworkEnv, type ClientOptions } from '@threefold/grid_client';
import { DEV_ACCOUNT } from '../../../model/config/networks';
import type { DevGridInfo } from '../../../model/config/devgrid-info';
import { ensureTwin, fund } from '../../../devgrid/registrar';
import { keepTrafficOnLoopback } from './loopback-only';
import { stubKyc, type KycStub } from './kyc-stub';

/** The network name GridClient is given (it only picks the public default URLs, all overridden here). */
export const DEV_GRID_CLIENT_NETWORK = NetworkEnv.dev;

export interface DevGridClientOptions {
  /** bip39 mnemonic of a funded account with a twin whose relay is 127.0.0.1 (`newSdkAccount`) */
  readonly mnemonic: string;
  /** GridClient's projectName (it tags contracts' deployment data with it). @default '' */
  readonly projectName?: string;
  /** how long the SDK waits for a node to report a deployment's workloads. @default 5 (minutes) */
  readonly deploymentTimeoutMinutes?: number;
}

export interface DevGridClient {
  /** the connected GridClient */
  readonly client: GridClient;
  /** the accounts whose KYC status the SDK asked the stub, in order */
  readonly kycAsked: readonly string[];
  /** disconnects the client and stops the KYC stub */
  close(): Promise<void>;
}

/** The relay URL the SDK accepts: `wss://<host>/` on 443, the dev grid's TLS relay. */
function tlsRelay(info: DevGridInfo): { url: string; ca: string } {
  if (!info.relayTlsUrl || !info.relayCaFile)
    throw new Error(
      'GridClient needs the dev grid relay as wss://127.0.0.1/: start the grid with startDevGrid({ relayTls: {} })',
    );
  return { url: info.relayTlsUrl, ca: info.relayCaFile };
}

/** The endpoints of a dev grid (a running DevGrid holds its chain API too, which no process can be sent). */
export function devGridInfoOnly(info: DevGridInfo): DevGridInfo {
  const { chainUrl, relayUrl, relayTlsUrl, relayCaFile, proxyUrl, graphqlUrl, gatewayUrl, gatewayDomain } = info;
  return {
    chainUrl,
    relayUrl,
    relayTlsUrl,
    relayCaFile,
    proxyUrl,
    graphqlUrl,
    gatewayUrl,
    gatewayDomain,
    explorerUrl: info.explorerUrl,
    mnemonic: info.mnemonic,
    nodes: info.nodes.map(({ nodeId, twinId, farmId, zdbPort }) => ({ nodeId, twinId, farmId, zdbPort })),
    dataDir: info.dataDir,
  };
}

/** GridClient's options for the dev grid (no URL left to default to a public host). */
export function devGridClientOptions(info: DevGridInfo, opts: DevGridClientOptions): ClientOptions {
  if (!info.graphqlUrl) throw new Error('GridClient needs the dev grid GraphQL API: this grid info has no graphqlUrl');
  return {
    mnemonic: opts.mnemonic,
    network: DEV_GRID_CLIENT_NETWORK,
    projectName: opts.projectName ?? '',
    backendStorageType: BackendStorageType.auto,
    substrateURL: info.chainUrl,
    relayURL: tlsRelay(info).url,
    proxyURL: info.proxyUrl,
    graphqlURL: info.graphqlUrl,
    // the dev grid has no activation service (accounts are funded by the dev account); giving a
    // loopback URL keeps connect() from probing the public ones. Only tfchain.createAccount posts here.
    activationURL: `${info.proxyUrl}/activation/activate`,
    deploymentTimeoutMinutes: opts.deploymentTimeoutMinutes ?? 5,
  };
}

/** The environment of a process that runs GridClient against `info`; `appDataDir` holds the SDK's local store. */
export function devGridClientEnv(info: DevGridInfo, appDataDir: string): Record<string, string> {
  fs.mkdirSync(appDataDir, { recursive: true });
  return { NODE_EXTRA_CA_CERTS: tlsRelay(info).ca, APPDATA: path.resolve(appDataDir) };
}

/** A new funded account with a twin (relay 127.0.0.1), as an SDK user has one: a bip39 mnemonic. */
export async function newSdkAccount(
  api: ApiPromise,
  tft = 1000,
): Promise<{ mnemonic: string; address: string; twinId: number }> {
  const keyring = new Keyring({ type: 'sr25519' });
  const mnemonic = mnemonicGenerate();
  const pair = keyring.addFromUri(mnemonic);
  await fund(api, keyring.addFromUri(DEV_ACCOUNT), pair.address, tft);
  return { mnemonic, address: pair.address, twinId: await ensureTwin(api, pair, '127.0.0.1') };
}

/**
 * A GridClient connected to the dev grid `info`. Call it in a process started with
 * `devGridClientEnv(info, dir)`; it refuses otherwise (the relay's TLS would fail, or the SDK
 * would write its store in the user's home).
 */
export async function connectDevGridClient(
  info: DevGridInfo,
  opts: DevGridClientOptions,
): Promise<DevGridClient> {
  const ca = tlsRelay(info).ca;
  if (process.env.NODE_EXTRA_CA_CERTS !== ca || !process.env.APPDATA)
    throw new Error(
      `GridClient must run in a process started with devGridClientEnv(info, dir) (NODE_EXTRA_CA_CERTS=${ca} and APPDATA set): Node reads NODE_EXTRA_CA_CERTS only at start`,
    );
  keepTrafficOnLoopback();
  const kyc: KycStub = await stubKyc(DEV_GRID_CLIENT_NETWORK);
  const client = new GridClient(devGridClientOptions(info, opts));
  try {
    await client.connect();
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    await kyc.close();
    throw e;
  }
  return {
    client,
    kycAsked: kyc.asked,
    async close() {
      await client.disconnect().catch(() => undefined);
      await kyc.close();
    },
  };
}
