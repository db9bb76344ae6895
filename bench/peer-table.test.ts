/**
 * The peer table's text: the ratio GridClient / tfgrid from the figures, a tool that could not run
 * printed as such with its reason (not hidden), and what a delete left behind.
 */
import { formatPeer, type PeerCase } from './peer-table';

const step = (wallMs: number, extrinsics: number, blocks: number, blocksElapsed: number) => ({
  wallMs,
  innerMs: wallMs / 2,
  extrinsics,
  blocks,
  blocksElapsed,
});

it('prints both tools per N and the ratio GridClient / tfgrid', () => {
  const cases: PeerCase[] = [
    {
      machines: 10,
      nodes: 1,
      tool: 'tfgrid',
      contracts: 1,
      deploy: step(10_000, 3, 3, 4),
      remove: step(5_000, 2, 2, 2),
      left: [],
    },
    {
      machines: 10,
      nodes: 1,
      tool: 'gridclient',
      contracts: 2,
      deploy: step(40_000, 12, 6, 8),
      remove: step(20_000, 4, 4, 4),
      left: ['contract 7'],
    },
  ];
  const lines = formatPeer(cases, 6000).split('\n');
  expect(lines[0]).toContain('block time 6000 ms');
  const cells = (l: string) => l.split('|').map((c) => c.trim());
  expect(cells(lines[3])).toEqual([
    '10',
    '1',
    'tfgrid apply',
    '1',
    '10.0',
    '5.0',
    '3',
    '3',
    '4',
    '5.0',
    '2 / 2',
    'nothing',
  ]);
  expect(cells(lines[4])).toEqual([
    '10',
    '1',
    'GridClient',
    '2',
    '40.0',
    '20.0',
    '12',
    '6',
    '8',
    '20.0',
    '4 / 4',
    'contract 7',
  ]);
  expect(cells(lines[5])).toEqual([
    '10',
    '',
    'GridClient / tfgrid',
    '2.0x',
    '4.0x',
    '4.0x',
    '4.0x',
    '2.0x',
    '2.0x',
    '4.0x',
    '',
    '',
  ]);
});

it('prints a tool that could not run, with the reason below the table, and no ratio', () => {
  const text = formatPeer(
    [
      {
        machines: 1,
        nodes: 1,
        tool: 'tfgrid',
        deploy: step(8_000, 3, 3, 3),
        remove: step(4_000, 2, 2, 2),
        left: [],
      },
      { machines: 1, nodes: 1, tool: 'gridclient', notRunnable: 'no TLS relay on 127.0.0.1:443', left: [] },
    ],
    6000,
  );
  expect(text).toMatch(/\| +GridClient \| not runnable \(below\) \|/);
  expect(text).not.toContain('GridClient / tfgrid');
  expect(text.split('\n').pop()).toBe('GridClient not runnable: no TLS relay on 127.0.0.1:443');
});
