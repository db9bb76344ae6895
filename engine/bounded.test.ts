import { mapBounded } from './bounded';

describe('mapBounded', () => {
  it('keeps the order of the items and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (x, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      for (let k = 0; k < x; k++) await Promise.resolve();
      inFlight--;
      return `${i}:${x}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(most).toBe(3);
  });
  it('passes a failure on and refuses a limit below 1', async () => {
    await expect(
      mapBounded([1, 2], 2, async (x) => (x === 2 ? Promise.reject(new Error('two')) : x)),
    ).rejects.toThrow('two');
    await expect(mapBounded([1], 0, async (x) => x)).rejects.toThrow('limit must be >= 1');
    expect(await mapBounded([], 4, async (x) => x)).toEqual([]);
  });
});
