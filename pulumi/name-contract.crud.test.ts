/**
 * `TfgridNameContract` through the Pulumi dynamic provider host on a dev grid: a stack owns the
 * name contracts it created (an ownership record on chain, the engine's rule), so another stack
 * or a CLI project of the same account never adopts or cancels them, and a name held elsewhere is
 * an error naming the holder.
 */
import type { ConnectedGrid } from '../engine/grid-backend';
import { nameRecordKey, NAME_RECORD_PREFIX } from '../engine/ownership';
import { nameContractProvider } from './name-contract';
import { serializeProvider, type ProviderHost } from './testing/provider-host';
import { ProviderOnDevGrid } from './testing/provider-on-dev-grid';

jest.setTimeout(120_000);

let backend: ConnectedGrid;
let host: ProviderHost;
let env: ProviderOnDevGrid | undefined;

beforeAll(async () => {
  env = await ProviderOnDevGrid.start({
    grid: { nodes: 1 },
    host: { provider: nameContractProvider, project: 'pulumi-names' },
  });
  ({ backend, host } = env);
});

afterAll(() => env?.close());

const urn = () => host.urn('web', 'pulumi-nodejs:dynamic/tfgrid:NameContract');
const live = async (id: number) =>
  (await backend.listContracts()).some((c) => c.contractId === id && c.state !== 'deleted');
const props = async (name: string, owner?: string) => ({
  name,
  ...(owner !== undefined ? { owner } : {}),
  __provider: await serializeProvider(nameContractProvider),
});

describe('name contracts across stacks', () => {
  it("a stack never adopts or cancels another stack's name", async () => {
    const first = await host.create(urn(), await props('sharedname', 'pulumi:app/one'));
    const id = Number(first.id);
    expect(await live(id)).toBe(true);
    expect((await backend.kvEntries(NAME_RECORD_PREFIX)).get(nameRecordKey('sharedname'))).toBe(
      'pulumi:app/one',
    );

    // the second stack is refused, naming the first; the first stack's retry adopts its own
    await expect(host.create(urn(), await props('sharedname', 'pulumi:app/two'))).rejects.toThrow(
      /name 'sharedname' is held by project 'pulumi:app\/one'/,
    );
    expect((await host.create(urn(), await props('sharedname', 'pulumi:app/one'))).id).toBe(first.id);

    // a state written before owners existed (it adopted the contract) deletes without cancelling it
    const legacyState = { name: 'sharedname', contractId: id };
    await host.delete(first.id, urn(), legacyState, await props('sharedname'));
    expect(await live(id)).toBe(true);

    await host.delete(first.id, urn(), first.outputs, await props('sharedname', 'pulumi:app/one'));
    expect(await live(id)).toBe(false);
    expect((await backend.kvEntries(NAME_RECORD_PREFIX)).size).toBe(0);
  });

  it('a name a CLI project holds is refused by a stack: one rule for both', async () => {
    const [id] = await backend.createContracts([{ type: 'name', name: 'cliname', owner: 'cli-project' }]);
    await expect(host.create(urn(), await props('cliname', 'pulumi:app/one'))).rejects.toThrow(
      /held by project 'cli-project'/,
    );
    expect(await live(id)).toBe(true);
    await backend.cancelContracts([id]);
  });
});
