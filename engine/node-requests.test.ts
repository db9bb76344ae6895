/** RequestSlots: never more than the limit in flight, every job runs, errors free their slot. */
import { RequestSlots } from './node-requests';

const tick = () => new Promise((r) => setImmediate(r));

describe('RequestSlots', () => {
  it('runs at most `limit` jobs at once and all of them in the end', async () => {
    const slots = new RequestSlots(3);
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        slots.run(async () => {
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
    const slots = new RequestSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('node refused')))).rejects.toThrow(
      'node refused',
    );
    expect(await slots.run(async () => 'next')).toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new RequestSlots(0)).toThrow('node request limit must be a whole number >= 1, got 0');
  });
});
