import { CachedTwinDirectory, InMemoryTwinDirectory, TwinDirectory, TwinInfo } from './twin-directory';

const twin = (id: number): TwinInfo => ({ id, accountPublicKey: new Uint8Array(32).fill(id), relays: ['r'] });

describe('CachedTwinDirectory', () => {
  it('asks the inner directory once per twin, but again for unknown twins and after invalidate', async () => {
    const inner = new InMemoryTwinDirectory([twin(1)]);
    const calls: number[] = [];
    const counting: TwinDirectory = { getTwin: (id) => (calls.push(id), inner.getTwin(id)) };
    const cached = new CachedTwinDirectory(counting);
    const [a, b] = await Promise.all([cached.getTwin(1), cached.getTwin(1)]);
    expect(a).toBe(b);
    expect(await cached.getTwin(2)).toBeUndefined();
    inner.set(twin(2));
    expect((await cached.getTwin(2))?.id).toBe(2);
    cached.invalidate(1);
    await cached.getTwin(1);
    expect(calls).toEqual([1, 2, 2, 1]);
  });
});

describe('CachedTwinDirectory.load', () => {
  it('reads the twins not kept yet in one bulk read; getTwin then answers from the cache', async () => {
    const inner = new InMemoryTwinDirectory([twin(1), twin(2), twin(3)]);
    const calls: string[] = [];
    const counting: TwinDirectory = {
      getTwin: (id) => (calls.push(`one ${id}`), inner.getTwin(id)),
      getTwins: async (ids) => (
        calls.push(`many ${ids.join(',')}`),
        Promise.all(ids.map((id) => inner.getTwin(id)))
      ),
    };
    const cached = new CachedTwinDirectory(counting);
    await cached.getTwin(1);
    await cached.load([1, 2, 3, 2, 9]);
    expect(calls).toEqual(['one 1', 'many 2,3,9']);
    expect((await cached.getTwin(3))?.id).toBe(3);
    // an unknown twin is not kept: asked again
    expect(await cached.getTwin(9)).toBeUndefined();
    expect(calls).toEqual(['one 1', 'many 2,3,9', 'one 9']);
  });

  it('does nothing over a directory without bulk reads', async () => {
    const calls: number[] = [];
    const inner = new InMemoryTwinDirectory([twin(1)]);
    const cached = new CachedTwinDirectory({ getTwin: (id) => (calls.push(id), inner.getTwin(id)) });
    await cached.load([1]);
    expect(calls).toEqual([]);
    expect((await cached.getTwin(1))?.id).toBe(1);
    expect(calls).toEqual([1]);
  });
});
