/** RequestPool: never more than the limit in flight, every job runs, order kept, errors free their slot. */
import { RequestPool } from './request-pool';

const tick = () => new Promise((r) => setImmediate(r));

describe('RequestPool', () => {
  it('runs at most `limit` jobs at once and all of them in the end', async () => {
    const pool = new RequestPool(3);
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.run(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await tick();
          inFlight--;
          return i;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('frees the slot of a failed job', async () => {
    const pool = new RequestPool(1);
    await expect(pool.run(async () => Promise.reject(new Error('node refused')))).rejects.toThrow(
      'node refused',
    );
    expect(await pool.run(async () => 'next')).toBe('next');
  });

  it('refuses a limit below one, naming what it bounds', () => {
    expect(() => new RequestPool(0, 'node request')).toThrow(
      'node request limit must be a whole number >= 1, got 0',
    );
    expect(() => new RequestPool(1.5)).toThrow('request limit must be a whole number >= 1, got 1.5');
  });

  describe('map', () => {
    it('keeps the order of the items and never has more than the limit in flight', async () => {
      let inFlight = 0;
      let most = 0;
      const out = await new RequestPool(3).map([5, 1, 4, 2, 3, 0, 6], async (x, i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        for (let k = 0; k < x; k++) await Promise.resolve();
        inFlight--;
        return `${i}:${x}`;
      });
      expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
      expect(most).toBe(3);
    });

    it('passes a failure on, and maps nothing to nothing', async () => {
      const pool = new RequestPool(2);
      await expect(
        pool.map([1, 2], async (x) => (x === 2 ? Promise.reject(new Error('two')) : x)),
      ).rejects.toThrow('two');
      expect(await pool.map([], async (x) => x)).toEqual([]);
      // the pool is whole again after the failure
      expect(await pool.map([1, 2, 3], async (x) => x * 2)).toEqual([2, 4, 6]);
    });
  });
});
