/** Shims for the benchmark while it moves to provider/chain (TfchainClient, submitStats). */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { TfchainClient } from '../chain/tfchain-client';
import type { NewContract } from './backend';

export { submitStats as chainStats } from '../chain/submit';

export async function createContracts(
  api: ApiPromise,
  pair: KeyringPair,
  contracts: readonly NewContract[],
): Promise<number[]> {
  const chain = new TfchainClient(api, pair);
  const calls = contracts.map((c) =>
    c.type === 'name' ? chain.calls.createNameContract(c.name) : chain.calls.createNodeContract(c),
  );
  return calls.length === 1 ? [await chain.run(calls[0])] : ((await chain.batchAll(calls)) as number[]);
}

export async function cancelContracts(
  api: ApiPromise,
  pair: KeyringPair,
  ids: readonly number[],
): Promise<void> {
  const chain = new TfchainClient(api, pair);
  for (const id of ids) await chain.cancelContract(id);
}
