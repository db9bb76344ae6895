/**
 * A twin's live contracts on a big chain without reading every contract: the grid proxy lists the
 * twin's contracts (it indexes the chain, a little behind), and the most recent contract ids are
 * read from the chain itself, so a contract created a moment ago (not indexed yet) is not missed:
 * those above the newest contract the proxy lists (less a margin), at most RECENT_CONTRACTS.
 * Every candidate is then read from the chain, which stays the record.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Contract } from '../clients/chain/contract-data';
import { getContracts, lastContractId, listContracts } from '../clients/chain/contracts';
import type { GridProxyClient } from '../clients/proxy/client';
import type { ProxyContract } from '../clients/proxy/types';

/** Contract ids read from the chain directly, newest first: more than the proxy ever lags. */
export const RECENT_CONTRACTS = 5000;

/**
 * Contract ids below the newest the proxy lists that are still read from the chain: the proxy's
 * indexer goes block by block, so what it has not indexed yet is newer than what it lists.
 */
export const INDEX_MARGIN = 100;

/**
 * The twin's live contracts. `onIndexed` gets the proxy's listing as soon as it arrives (the nodes
 * a caller will talk to can be looked up meanwhile); the chain's answer is what counts.
 */
export async function listTwinContracts(
  api: ApiPromise,
  proxy: GridProxyClient,
  twinId: number,
  recent = RECENT_CONTRACTS,
  margin = INDEX_MARGIN,
  onIndexed?: (contracts: readonly ProxyContract[]) => void,
): Promise<Contract[]> {
  // the chain's newest id is asked meanwhile: one round trip less
  const lastId = lastContractId(api);
  lastId.catch(() => undefined);
  let indexed: number[];
  let newestIndexed: number | undefined;
  try {
    const [ours, newest] = await Promise.all([
      proxy.contracts({ twinId, state: ['Created', 'GracePeriod'] }),
      // the newest contract the proxy knows of, any twin's (undefined: read the whole recent window)
      proxy.contracts({ sortBy: 'contract_id', sortOrder: 'desc', size: 1, page: 1 }).then(
        (c) => c[0]?.contract_id,
        () => undefined,
      ),
    ]);
    onIndexed?.(ours);
    indexed = ours.map((c) => c.contract_id);
    newestIndexed = newest;
  } catch {
    // no proxy: read every contract (slow on a big chain, but exact)
    return listContracts(api, twinId);
  }
  const last = await lastId;
  const ids = [...indexed];
  // the newest ids, which the proxy may not have indexed yet: at most `recent` of them
  const from = Math.max(1, last - recent + 1, (newestIndexed ?? 0) - margin + 1);
  for (let id = from; id <= last; id++) ids.push(id);
  return (await getContracts(api, ids)).filter((c) => c.twinId === twinId && c.state !== 'deleted');
}
