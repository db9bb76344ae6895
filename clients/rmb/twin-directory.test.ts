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
