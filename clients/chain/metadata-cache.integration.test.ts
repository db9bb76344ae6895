/**
 * The metadata cache against two dev chains: a second connection to a chain reads its metadata from
 * disk and works as the first did; another chain (another genesis hash) or another runtime (another
 * spec version) is read from the chain, never served the metadata of the first; a damaged file is a
 * miss. Only 127.0.0.1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startDevChain, type DevChain } from '../../devgrid/chain/chain';
import { settleAfterDisconnect } from '../../integration/support/test-chain';
import { connectTfchain, disconnectTfchain } from './connection';
import { MetadataCache } from './metadata-cache';

jest.setTimeout(120_000);

let a: DevChain;
let b: DevChain;
let dir: string;

beforeAll(async () => {
  a = await startDevChain();
  // the genesis block carries its time: a chain started later is another chain
  await new Promise((r) => setTimeout(r, 5));
  b = await startDevChain();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await settleAfterDisconnect();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadata-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Connects with a fresh cache object on `dir`; returns what the chain answers and the cache's counts. */
async function connectOnce(chain: DevChain) {
  const cache = new MetadataCache(dir);
  const api = await connectTfchain({ urls: chain.url, connectTimeoutMs: 30_000, metadataCache: cache });
  try {
    const twin = await api.query.tfgridModule.twins(1);
    const key = `${api.genesisHash.toHex()}-${api.runtimeVersion.specVersion.toString()}`;
    return {
      key,
      hits: cache.hits,
      misses: cache.misses,
      metadata: api.runtimeMetadata.toHex(),
      twin: JSON.stringify(twin.toJSON()),
      calls: Object.keys(api.tx.smartContractModule).sort(),
    };
  } finally {
    await disconnectTfchain(api);
  }
}

const files = () => fs.readdirSync(dir).filter((f) => f.endsWith('.hex'));

it('reads a chain metadata from disk the second time, and decodes as it did the first', async () => {
  const first = await connectOnce(a);
  expect(first).toMatchObject({ hits: 0, misses: 1 });
  expect(files()).toEqual([`metadata-${first.key}.hex`]);
  const second = await connectOnce(a);
  expect(second).toMatchObject({ hits: 1, misses: 0 });
  expect(second.metadata).toBe(first.metadata);
  expect(second.twin).toBe(first.twin);
  expect(second.calls).toEqual(first.calls);
  expect(second.calls).toContain('createNodeContract');
});

it('another chain (another genesis hash) is read from the chain and kept beside the first', async () => {
  const onA = await connectOnce(a);
  const onB = await connectOnce(b);
  expect(onB.key).not.toBe(onA.key);
  expect(onB).toMatchObject({ hits: 0, misses: 1 });
  expect(files().sort()).toEqual([`metadata-${onA.key}.hex`, `metadata-${onB.key}.hex`].sort());
  expect(await connectOnce(b)).toMatchObject({ hits: 1, misses: 0 });
});

it('another runtime of the same chain (another spec version) is read from the chain', async () => {
  const onA = await connectOnce(a);
  const [genesis, spec] = onA.key.split('-');
  // the cache knows this chain only under the spec version before an upgrade
  const old = path.join(dir, `metadata-${genesis}-${Number(spec) - 1}.hex`);
  fs.renameSync(path.join(dir, `metadata-${onA.key}.hex`), old);
  const after = await connectOnce(a);
  expect(after).toMatchObject({ hits: 0, misses: 1 });
  expect(after.twin).toBe(onA.twin);
  expect(fs.existsSync(path.join(dir, `metadata-${onA.key}.hex`))).toBe(true);
});

it('a damaged file is a miss: the metadata is read from the chain and the file replaced', async () => {
  const onA = await connectOnce(a);
  const file = path.join(dir, `metadata-${onA.key}.hex`);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.slice(0, text.length - 100));
  expect(await connectOnce(a)).toMatchObject({ hits: 0, misses: 1 });
  expect(await connectOnce(a)).toMatchObject({ hits: 1, misses: 0 });
});

it('keeps the most recently used chains only', async () => {
  const onA = await connectOnce(a);
  const onB = await connectOnce(b);
  const cache = new MetadataCache(dir, 1);
  const api = await connectTfchain({ urls: a.url, connectTimeoutMs: 30_000, metadataCache: cache });
  await disconnectTfchain(api);
  expect(files()).toEqual([`metadata-${onA.key}.hex`]);
  expect(onB.key).not.toBe(onA.key);
});
