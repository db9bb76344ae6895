import { displayValue } from './placeholders';
import { NodeSelector, Zdb } from './index';
import { expectProblem, newApp, workload } from './testing/test-util';

describe('Zdb', () => {
  test('renders the zdb workload with hru capacity and a password placeholder', () => {
    const app = newApp();
    const node = NodeSelector.fromNodeId(app, 'n', 9);
    const db = new Zdb(app, 'db', { node, sizeGb: 3, mode: 'seq', password: 'pw-123456', public: true });
    new Zdb(app, 'open', { node, sizeGb: 1 });
    expect(displayValue(db.ref('address'))).toBe('${ref:node-9/db/address}');
    const { manifest, secrets } = app.synth();
    expect(workload(manifest, 'node-9', 'db')).toEqual({
      size: 3 * 1024 ** 3,
      mode: 'seq',
      password: '${secret:db.password}',
      public: true,
    });
    expect(workload(manifest, 'node-9', 'open')).toEqual({
      size: 1024 ** 3,
      mode: 'user',
      password: '',
      public: false,
    });
    expect(manifest.units[0]).toMatchObject({ capacity: { hru: 4 * 1024 ** 3, sru: 0, cru: 0 } });
    expect(secrets).toEqual({ 'db.password': 'pw-123456' });
  });

  test('invalid props; the password is never shown', () => {
    const app = newApp();
    const node = new NodeSelector(app, 'n');
    expect(
      expectProblem(
        () => new Zdb(app, 'a', { node, sizeGb: -1 }),
        'a: zdb',
        "'sizeGb'",
        'got -1',
        'set sizeGb to 1 or more',
      ),
    ).toBe("a: zdb 'sizeGb' must be a positive number of GiB, got -1: set sizeGb to 1 or more");
    expectProblem(
      () => new Zdb(app, 'b', { node, sizeGb: 1, mode: 'fast' as never }),
      "'mode'",
      '"fast"',
      "set mode to 'user'",
    );
    const msg = expectProblem(
      () => new Zdb(app, 'c', { node, sizeGb: 1, password: 'has space' }),
      "'password'",
      'not shown',
    );
    expect(msg).not.toContain('has space');
    expectProblem(() => new Zdb(app, 'd', { node, sizeGb: 1, public: 'no' as never }), "'public'", '"no"');
    expectProblem(() => new Zdb(app, 'e', { node, sizeGb: 1, name: 'x'.repeat(40) }), "'name'");
  });

  test('a password given as undefined (an unset environment variable) is an error, not an open namespace', () => {
    const app = newApp();
    const node = new NodeSelector(app, 'n');
    const msg = expectProblem(
      () => new Zdb(app, 'db', { node, sizeGb: 1, password: process.env.TFGRID_TEST_UNSET_PASSWORD! }),
      "db: zdb 'password'",
      'environment variable',
    );
    expect(msg).toContain('leave the field out');
    expect(() => new Zdb(app, 'open', { node, sizeGb: 1 })).not.toThrow();
  });
});
