import { Construct } from 'constructs';
import { NodeSelector } from './index';
import { expectProblem, newApp } from './testing/test-util';

describe('NodeSelector', () => {
  test('fixed node: one slot, unit id node-<id>, spec carries nodeId', () => {
    const app = newApp();
    const s = NodeSelector.fromNodeId(app, 'n', 12);
    const a = s.place(new Construct(app, 'a'));
    const b = s.place(new Construct(app, 'b'));
    expect(a).toBe(b);
    expect(a.unitId).toBe('node-12');
    expect(a.spec()).toEqual({
      selector: 'n',
      index: 0,
      nodeId: 12,
      distinctNodeFrom: [],
      distinctFarmFrom: [],
    });
    expect(s.maxSlots).toBe(1);
  });

  test('shared slot 0 by default; distinct gives each consumer its own node', () => {
    const app = newApp();
    const shared = new NodeSelector(app, 'shared', { minCru: 2 });
    expect(shared.place(new Construct(app, 'a'))).toBe(shared.place(new Construct(app, 'b')));
    const d = new NodeSelector(app, 'd', { country: 'Belgium', distinct: true, spread: 'farms' });
    const x = d.place(new Construct(app, 'x'));
    const y = d.place(new Construct(app, 'y'));
    expect([x.unitId, y.unitId]).toEqual(['d.0', 'd.1']);
    expect(y.spec()).toMatchObject({
      filters: { country: 'Belgium' },
      distinctNodeFrom: ['d.0'],
      distinctFarmFrom: ['d.0'],
    });
  });

  test('placeMany hands out distinct slots', () => {
    const app = newApp();
    const s = new NodeSelector(app, 's', { minHruGb: 10 });
    const slots = s.placeMany(new Construct(app, 'c'), 3);
    expect(slots.map((x) => x.unitId)).toEqual(['s.0', 's.1', 's.2']);
    expect(slots[2].spec().distinctNodeFrom).toEqual(['s.0', 's.1']);
    expect(slots[2].spec().distinctFarmFrom).toEqual([]);
  });

  test('all filters are kept', () => {
    const app = newApp();
    const filters = {
      farmIds: [1, 2],
      farmName: 'f',
      country: 'BE',
      minCru: 1,
      minMruGb: 2,
      minSruGb: 3,
      minHruGb: 4,
      publicIpv4: true,
      domain: true,
      certified: true,
      dedicated: false,
      hasGpu: true,
    };
    expect(new NodeSelector(app, 's', filters).filters).toEqual(filters);
  });

  test('invalid props', () => {
    const app = newApp();
    expectProblem(
      () => new NodeSelector(app, 'a', { nodeId: 0 }),
      'a: node selector',
      "'nodeId'",
      'got 0',
      'set nodeId',
    );
    expectProblem(
      () => new NodeSelector(app, 'b', { nodeId: 3, farmIds: [1] }),
      "'nodeId'",
      'remove the filters (farmIds)',
    );
    expectProblem(
      () => new NodeSelector(app, 'c', { farmIds: [] }),
      "'farmIds'",
      'got []',
      'list at least one farm id',
    );
    expectProblem(() => new NodeSelector(app, 'd', { farmIds: [1.5] }), "'farmIds[0]'", '1.5');
    expectProblem(
      () => new NodeSelector(app, 'e', { minMruGb: -2 }),
      "'minMruGb'",
      '-2',
      'set minMruGb to 0 or more',
    );
    expectProblem(() => new NodeSelector(app, 'f', { country: '' }), "'country'", '""');
    expectProblem(() => new NodeSelector(app, 'g', { spread: 'racks' as never }), "'spread'", '"racks"');
    expectProblem(
      () => new NodeSelector(app, 'h', { hasGpu: 'yes' as never }),
      "'hasGpu'",
      '"yes"',
      'true or false',
    );
  });
});
