/**
 * The proxy's chain source against a real dev chain: a storage map is read once per best block
 * (requests in the same block share the read) and a new block is seen at once.
 */
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { startDevChain, type DevChain } from './chain/chain';
import { ChainGridState } from './grid-state';

let chain: DevChain;
let provider: WsProvider;
let api: ApiPromise;
const sent: string[] = [];

beforeAll(async () => {
  chain = await startDevChain();
  provider = new WsProvider(chain.url);
  const send = provider.send.bind(provider);
  provider.send = ((method: string, ...rest: unknown[]) => {
    sent.push(method);
    return (send as (m: string, ...r: unknown[]) => Promise<unknown>)(method, ...rest);
  }) as typeof provider.send;
  api = await ApiPromise.create({ provider, noInitWarn: true });
});

afterAll(async () => {
  await api.disconnect();
  await chain.close();
  // @polkadot/api releases its runtime-version subscription 1.75 s after disconnect
  await new Promise((resolve) => setTimeout(resolve, 2000));
});

const reads = (): number => sent.filter((m) => m === 'state_getKeysPaged').length;

it('reads a storage map once per best block and sees the next block', async () => {
  const state = new ChainGridState(api, async () => undefined);
  const before = await state.listTwins();
  const afterFirst = reads();
  expect(afterFirst).toBeGreaterThan(0);
  const [again, concurrent] = await Promise.all([state.listTwins(), state.listTwins()]);
  expect(again).toEqual(before);
  expect(concurrent).toEqual(before);
  expect(reads()).toBe(afterFirst);

  const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
  await new Promise<void>((resolve, reject) => {
    api.tx.utility
      .batchAll([
        api.tx.tfgridModule.userAcceptTc('https://tc', 'hash'),
        api.tx.tfgridModule.createTwin('relay.dev', null),
      ])
      .signAndSend(eve, { nonce: -1 }, (r) => {
        if (r.status.isInBlock) resolve();
      })
      .catch(reject);
  });
  const after = await state.listTwins();
  expect(after.map((t) => t.accountId)).toEqual([...before.map((t) => t.accountId), eve.address]);
  expect(reads()).toBeGreaterThan(afterFirst);
});
