/**
 * A twin's live contracts on a big chain without reading every contract: the grid proxy lists the
 * twin's contracts (it indexes the chain, a little behind), and the most recent contract ids are
 * read from the chain itself, so a contract created a moment ago (not indexed yet) is not missed.
 * Every candidate is then read from the chain, which stays the record.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Contract } from '../clients/chain/contract-data';
import { getContracts, lastContractId, listContracts } from '../clients/chain/contracts';
import type { GridProxyClient } from '../clients/proxy/client';

/** Contract ids read from the chain directly, newest first: more than the proxy ever lags. */
export const RECENT_CONTRACTS = 5000;

export async function listTwinContracts(
  api: ApiPromise,
  proxy: GridProxyClient,
  twinId: number,
  recent = RECENT_CONTRACTS,
): Promise<Contract[]> {
  let indexed: number[];
  try {
    indexed = (await proxy.contracts({ twinId, state: ['Created', 'GracePeriod'] })).map(
      (c) => c.contract_id,
    );
  } catch {
    // no proxy: read every contract (slow on a big chain, but exact)
    return listContracts(api, twinId);
  }
  const last = await lastContractId(api);
  const ids = [...indexed];
  for (let id = Math.max(1, last - recent + 1); id <= last; id++) ids.push(id);
  return (await getContracts(api, ids)).filter((c) => c.twinId === twinId && c.state !== 'deleted');
}
