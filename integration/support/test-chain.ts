/**
 * Test support for the integration tests: a dev chain on loopback and clients for its dev
 * accounts sharing one connection, plus farm and node registration (which our client does not do:
 * nodes register themselves).
 */
import { ChainError } from '../../clients/chain/chain-error';
import { startDevChain, type DevChain, type DevChainOptions } from '../../devgrid/chain/chain';
import { createAccount, type KeyType } from '../../clients/chain/account';
import { plainCall } from '../../clients/chain/chain-call';
import { TfchainClient } from '../../clients/chain/tfchain-client';

const GiB = 1024 ** 3;

export interface TestChain {
  readonly chain: DevChain;
  /** //Alice, connected with TfchainClient.connect (council member) */
  readonly alice: TfchainClient;
  /** another client on the same connection */
  client(secret: { mnemonic?: string; seed?: string; keyType?: KeyType }): Promise<TfchainClient>;
  close(): Promise<void>;
}

export async function startTestChain(options: DevChainOptions = {}): Promise<TestChain> {
  const chain = await startDevChain(options);
  try {
    const alice = await TfchainClient.connect({
      urls: [chain.url],
      mnemonic: '//Alice',
      connectTimeoutMs: 10_000,
    });
    return {
      chain,
      alice,
      client: async (secret) => new TfchainClient(alice.api, await createAccount(secret)),
      close: async () => {
        await alice.disconnect();
        await chain.close();
      },
    };
  } catch (e) {
    await chain.close();
    throw e;
  }
}

/** Creates a farm owned by the client's twin; returns its id (from the FarmStored event). */
export async function createFarm(
  client: TfchainClient,
  name: string,
  publicIps: { ip: string; gw: string }[] = [],
): Promise<number> {
  return client.run({
    tx: client.api.tx.tfgridModule.createFarm(name, publicIps),
    result: async (events) => {
      const ev = events.find((e) => e.section === 'tfgridModule' && e.method === 'FarmStored');
      return Number((ev?.data[0] as { id: number }).id);
    },
  });
}

/** Registers a node for the client's twin in a farm (16 cores, 64 GiB, 1 TiB ssd, 4 TiB hdd); returns its id. */
export async function createNode(client: TfchainClient, farmId: number): Promise<number> {
  const resources = { hru: 4096 * GiB, sru: 1024 * GiB, cru: 16, mru: 64 * GiB };
  const location = { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' };
  return client.run({
    tx: client.api.tx.tfgridModule.createNode(farmId, resources, location, [], false, false, null),
    result: async (events) => {
      const ev = events.find((e) => e.section === 'tfgridModule' && e.method === 'NodeStored');
      return Number((ev?.data[0] as { id: number }).id);
    },
  });
}

/** A remark: the cheapest signed call, to test submission itself. */
export function remark(client: TfchainClient, text: string) {
  return client.run(plainCall(client.api.tx.system.remark(text)));
}

// @polkadot/api releases its runtime-version subscription 1.75 s after disconnect (rxjs refCountDelay)
export const settleAfterDisconnect = () => new Promise((resolve) => setTimeout(resolve, 2000));

/** The ChainError a promise rejects with (fails the test when it resolves or throws something else). */
export async function chainError(p: Promise<unknown>): Promise<ChainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ChainError))
    throw new Error(`expected a ChainError, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}
