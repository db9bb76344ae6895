/**
 * The dev grid's proxy and GraphQL API on a running grid, fed by chain state and the indexer: a
 * contract carries the timestamp of the block that created it, a cancelled contract stays listed as
 * Deleted (the chain forgets it, the real proxy's database does not), node statistics come from the
 * node, and features are zos's.
 */
import { Keyring } from '@polkadot/keyring';
import { submit } from '../../clients/chain/submit';
import { DEV_ACCOUNT } from '../../model/config/networks';
import { useDevGrid } from '../support/dev-grid';

const dev = useDevGrid({ nodes: 2 });

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${dev.grid.proxyUrl}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Contract {
  contract_id: number;
  state: string;
  created_at: number;
  type: string;
}

describe('dev grid proxy fed by the indexer', () => {
  it('serves created_at from the creating block and keeps deleted contracts', async () => {
    const { api } = dev.grid;
    const alice = new Keyring({ type: 'sr25519' }).addFromUri(DEV_ACCOUNT);
    const created = await submit(
      { api, signer: alice },
      api.tx.smartContractModule.createNameContract('indexed'),
      {
        finalized: true,
      },
    );
    const event = created.events.find((e) => e.method === 'ContractCreated');
    const contractId = Number((event?.data[0] as { contractId: number }).contractId);
    const blockTime = Number(await (await api.at(created.blockHash)).query.timestamp.now()) / 1000;

    const listed = await get<Contract[]>(`/contracts?contract_id=${contractId}`);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ type: 'name', state: 'Created' });
    expect(listed[0].created_at).toBe(Math.floor(blockTime));

    await submit({ api, signer: alice }, api.tx.smartContractModule.cancelContract(contractId), {
      finalized: true,
    });
    expect((await api.query.smartContractModule.contracts(contractId)).isEmpty).toBe(true);
    const after = await get<Contract>(`/contracts/${contractId}`);
    expect(after).toMatchObject({
      contract_id: contractId,
      state: 'Deleted',
      created_at: Math.floor(blockTime),
    });
  });

  it("serves the nodes' statistics and zos's full-node features", async () => {
    const nodeId = dev.grid.nodes[0].nodeId;
    const stats = await get<{ total: { cru: number }; users: { deployments: number } }>(
      `/nodes/${nodeId}/statistics`,
    );
    expect(stats.total.cru).toBe(16);
    expect(stats.users.deployments).toBe(0);
    const node = await get<{ features: string[] }>(`/nodes/${nodeId}`);
    expect(node.features).toEqual(expect.arrayContaining(['zmachine', 'network', 'mycelium', 'ipv4']));
    expect(await get<unknown[]>(`/nodes/${nodeId}/gpu`)).toEqual([]);
  });
});
