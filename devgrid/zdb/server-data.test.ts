import Redis from 'ioredis';
import { ZdbServer } from './server';
import { seqId, ZdbTestBed } from './testing/test-support';

const bed = new ZdbTestBed();
afterEach(() => bed.cleanup());

async function setup(
  options: Parameters<ZdbTestBed['server']>[0] = {},
): Promise<{ server: ZdbServer; redis: Redis }> {
  const server = await bed.server(options);
  return { server, redis: bed.client(server) };
}

describe('zdb data commands (ioredis)', () => {
  it('SET replies the key, nil when unchanged; GET, MGET, EXISTS, LENGTH, KEYTIME, CHECK, DEL', async () => {
    const { redis } = await setup();
    expect(await redis.call('PING')).toBe('PONG');
    expect(await redis.call('SET', 'hello', 'world')).toBe('hello');
    expect(await redis.call('SET', 'hello', 'world')).toBeNull();
    expect(await redis.call('SET', 'hello', 'there')).toBe('hello');
    expect(await redis.call('GET', 'hello')).toBe('there');
    expect(await redis.call('GET', 'missing')).toBeNull();
    expect(await redis.call('MGET', 'hello', 'missing')).toEqual(['there', null]);
    expect(await redis.call('EXISTS', 'hello')).toBe(1);
    expect(await redis.call('EXISTS', 'missing')).toBe(0);
    expect(await redis.call('LENGTH', 'hello')).toBe(5);
    expect(await redis.call('LENGTH', 'missing')).toBeNull();
    const keytime = (await redis.call('KEYTIME', 'hello')) as number;
    expect(Math.abs(keytime - Date.now() / 1000)).toBeLessThan(120);
    expect(await redis.call('CHECK', 'hello')).toBe(1);
    expect(await redis.call('CHECK', 'missing')).toBeNull();
    expect(await redis.call('DBSIZE')).toBe(1);
    expect(await redis.call('DEL', 'hello')).toBe('OK');
    await expect(redis.call('DEL', 'hello')).rejects.toThrow('Key not found');
    expect(await redis.call('GET', 'hello')).toBeNull();
    expect(await redis.call('DBSIZE')).toBe(0);
  });

  it('refuses bad arguments with 0-db texts', async () => {
    const { redis } = await setup();
    await expect(redis.call('SET', '', 'v')).rejects.toThrow('Invalid argument, key needed');
    await expect(redis.call('SET', 'x'.repeat(256), 'v')).rejects.toThrow('Key too large');
    await expect(redis.call('GET', 'x'.repeat(256))).rejects.toThrow('Invalid key');
    await expect(redis.call('GET')).rejects.toThrow('Unexpected arguments');
    await expect(redis.call('GET', '')).rejects.toThrow('Invalid argument');
    await expect(redis.call('MGET')).rejects.toThrow('Invalid arguments');
    await expect(redis.call('HSET', 'a', 'b', 'c')).rejects.toThrow('Command not supported');
    await expect(redis.call('SET', 'k', 'v', '12345')).resolves.toBe('k'); // no admin password: admin
  });

  it('stores binary keys and values', async () => {
    const { redis } = await setup();
    const key = Buffer.from([0, 1, 2, 0xff, 13, 10]);
    const value = Buffer.from([0xde, 0xad, 0, 0xbe, 0xef]);
    expect(await redis.callBuffer('SET', key, value)).toEqual(key);
    expect(await redis.callBuffer('GET', key)).toEqual(value);
  });

  it('seq mode: empty key creates 8-byte little-endian ids; only existing ids may be updated', async () => {
    const { server, redis } = await setup();
    server.createNamespace('seqns', { mode: 'seq' });
    expect(await redis.call('SELECT', 'seqns')).toBe('OK');
    expect(await redis.callBuffer('SET', '', 'first')).toEqual(seqId(0));
    expect(await redis.callBuffer('SET', '', 'second')).toEqual(seqId(1));
    expect(await redis.callBuffer('GET', seqId(1))).toEqual(Buffer.from('second'));
    expect(await redis.callBuffer('SET', seqId(0), 'updated')).toEqual(seqId(0));
    expect(await redis.callBuffer('GET', seqId(0))).toEqual(Buffer.from('updated'));
    await expect(redis.call('SET', seqId(99), 'x')).rejects.toThrow('Invalid key, only update authorized');
    await expect(redis.call('SET', 'userkey', 'x')).rejects.toThrow('Invalid key, only update authorized');
    expect(await redis.call('DBSIZE')).toBe(2);
    const info = (await redis.call('NSINFO', 'seqns')) as string;
    expect(info).toContain('mode: sequential');
  });

  it('maxsize counts live payload bytes; overwrites and deletes give quota back', async () => {
    const { server, redis } = await setup();
    server.createNamespace('small', { maxsize: 10 });
    await redis.call('SELECT', 'small');
    expect(await redis.call('SET', 'a', '123456')).toBe('a');
    await expect(redis.call('SET', 'b', '12345')).rejects.toThrow('No space left on this namespace');
    expect(await redis.call('SET', 'b', '1234')).toBe('b');
    // overwriting a with a shorter value fits even though the namespace is full
    expect(await redis.call('SET', 'a', '12')).toBe('a');
    expect(await redis.call('SET', 'c', '1234')).toBe('c');
    await expect(redis.call('SET', 'd', '1')).rejects.toThrow('No space left on this namespace');
    await redis.call('DEL', 'c');
    expect(await redis.call('SET', 'd', '1234')).toBe('d');
    expect(server.namespaceInfo('small')!.dataSizeBytes).toBe(10);
  });

  it('worm refuses overwrite and delete; lock is read-only; freeze refuses reads too', async () => {
    const { server, redis } = await setup();
    server.createNamespace('w', { worm: true });
    await redis.call('SELECT', 'w');
    expect(await redis.call('SET', 'k', 'v')).toBe('k');
    await expect(redis.call('SET', 'k', 'v2')).rejects.toThrow('Namespace is protected by worm mode');
    await expect(redis.call('DEL', 'k')).rejects.toThrow(
      'Cannot delete a key when namespace is in worm mode',
    );

    expect(await redis.call('NSSET', 'w', 'lock', '1')).toBe('OK');
    await expect(redis.call('SET', 'new', 'v')).rejects.toThrow(
      'Namespace is temporarily locked (read-only)',
    );
    expect(await redis.call('GET', 'k')).toBe('v');
    expect(await redis.call('NSSET', 'w', 'lock', '0')).toBe('OK');
    expect(await redis.call('SET', 'new', 'v')).toBe('new');

    server.freeze('w');
    await expect(redis.call('GET', 'k')).rejects.toThrow(
      'Namespace is temporarily frozen (read-write disabled)',
    );
    await expect(redis.call('SET', 'x', 'v')).rejects.toThrow('Namespace is temporarily frozen');
    server.unfreeze('w');
    expect(await redis.call('GET', 'k')).toBe('v');
  });

  it('SCAN walks forward, RSCAN backward, KEYCUR resumes after a key, -No more data at the end', async () => {
    const { redis } = await bed.server({ scanBatchSize: 2 }).then((s) => ({ redis: bed.client(s) }));
    await expect(redis.call('SCAN')).rejects.toThrow('No more data');
    for (const k of ['k1', 'k2', 'k3', 'k4', 'k5']) await redis.call('SET', k, `value-${k}`);
    const seen: string[] = [];
    let reply = (await redis.callBuffer('SCAN')) as [Buffer, [Buffer, number, number][]];
    for (;;) {
      for (const [key, size, ts] of reply[1]) {
        seen.push(key.toString());
        expect(size).toBe(8);
        expect(ts).toBeGreaterThan(0);
      }
      try {
        reply = (await redis.callBuffer('SCAN', reply[0])) as typeof reply;
      } catch (err) {
        expect((err as Error).message).toBe('No more data');
        break;
      }
    }
    expect(seen).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);

    const back = (await redis.callBuffer('RSCAN')) as [Buffer, [Buffer, number, number][]];
    expect(back[1].map(([k]) => k.toString())).toEqual(['k5', 'k4']);

    const cursor = (await redis.callBuffer('KEYCUR', 'k3')) as Buffer;
    expect(cursor).toHaveLength(17);
    const after = (await redis.callBuffer('SCAN', cursor)) as [Buffer, [Buffer, number, number][]];
    expect(after[1].map(([k]) => k.toString())).toEqual(['k4', 'k5']);
    await expect(redis.call('KEYCUR', 'nope')).rejects.toThrow('Key not found');
    await expect(redis.call('SCAN', 'garbage')).rejects.toThrow('Invalid key format');
  });

  it('HISTORY walks previous versions', async () => {
    const { redis } = await setup();
    await redis.call('SET', 'doc', 'v1');
    await redis.call('SET', 'doc', 'v2');
    await redis.call('SET', 'doc', 'v3');
    const versions: string[] = [];
    let entry = (await redis.callBuffer('HISTORY', 'doc')) as [Buffer | null, Buffer, Buffer];
    versions.push(entry[2].toString());
    expect(Number(entry[1].toString())).toBeGreaterThan(0);
    while (entry[0] !== null) {
      entry = (await redis.callBuffer('HISTORY', 'doc', entry[0])) as typeof entry;
      versions.push(entry[2].toString());
    }
    expect(versions).toEqual(['v3', 'v2', 'v1']);
    await expect(redis.call('HISTORY', 'doc', Buffer.alloc(8))).rejects.toThrow('No more history');
    await expect(redis.call('HISTORY', 'nope')).rejects.toThrow('Key not found');
    await expect(redis.call('HISTORY')).rejects.toThrow('Invalid arguments');
  });

  it('keeps everything across a restart on the same data dir', async () => {
    const dataDir = bed.tempDir();
    const first = await bed.server({ dataDir, maxDataFileBytes: 256 });
    first.createNamespace('kept', { password: 'secret', public: false, maxsize: 1000 });
    const seq = first.createNamespace('ids', { mode: 'seq' });
    expect(seq.mode).toBe('seq');
    const a = bed.client(first);
    await a.call('SET', 'default-key', 'default-value');
    await a.call('SELECT', 'kept', 'secret');
    for (let i = 0; i < 20; i++) await a.call('SET', `key${i}`, `value${i}`);
    await a.call('DEL', 'key0');
    await a.call('SELECT', 'ids');
    await a.callBuffer('SET', '', 'zero');
    a.disconnect();
    await first.close();

    const second = await bed.server({ dataDir });
    expect(second.listNamespaces()).toEqual(['default', 'ids', 'kept']);
    const b = bed.client(second);
    expect(await b.call('GET', 'default-key')).toBe('default-value');
    await expect(b.call('SELECT', 'kept')).rejects.toThrow('Namespace protected and private');
    await b.call('SELECT', 'kept', 'secret');
    expect(await b.call('DBSIZE')).toBe(19);
    expect(await b.call('GET', 'key19')).toBe('value19');
    expect(await b.call('GET', 'key0')).toBeNull();
    expect(second.namespaceInfo('kept')!.maxsize).toBe(1000);
    await b.call('SELECT', 'ids');
    expect(await b.callBuffer('SET', '', 'one')).toEqual(seqId(1));
  });
});
