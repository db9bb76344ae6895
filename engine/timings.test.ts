import { Timings } from './timings';

describe('Timings', () => {
  it('adds up phases of the same name in the order they first ran, also when the work throws', async () => {
    const t = new Timings();
    t.add('start', 100, 80);
    expect(t.timeSync('synth', () => 7)).toBe(7);
    await expect(t.time('grid reads', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    t.add('start', 50, 40);
    expect(Object.keys(t.toJSON())).toEqual(['start', 'synth', 'grid reads']);
    expect(t.toJSON().start).toEqual({ ms: 150, cpuMs: 120 });
    expect(t.format()).toMatch(
      /^start 0\.15 s \(cpu 0\.12\), synth [\d.]+ s \(cpu [\d.]+\), grid reads [\d.]+ s \(cpu [\d.]+\); [\d.]+ s \(cpu [\d.]+\) since the process started$/,
    );
  });
});
