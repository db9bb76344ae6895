import { netAndVm, validateIn, wl } from './testing/test-fixtures';

test('zlogs names a zmachine and streams to redis/ws/wss', () => {
  const all = [...netAndVm(), wl('logs', 'zlogs', { zmachine: 'vm', output: 'wss://logs.example.com/x' })];
  expect(validateIn(all, 'logs')).toEqual([]);
  const bad = [...netAndVm(), wl('logs', 'zlogs', { zmachine: 'net', output: 'http://logs.example.com' })];
  expect(validateIn(bad, 'logs').map((p) => p.message)).toEqual([
    "no zmachine with name 'net' found",
    "invalid output schema 'http' not supported",
  ]);
  expect(
    validateIn(
      [...netAndVm(), wl('logs', 'zlogs', { zmachine: 'vm', output: 'redis://:secret@10.0.0.1:6379' })],
      'logs',
    ),
  ).toEqual([]);
  const leaked = validateIn(
    [...netAndVm(), wl('logs', 'zlogs', { zmachine: 'vm', output: 'ftp://user:secret@h' })],
    'logs',
  );
  expect(JSON.stringify(leaked)).not.toContain('secret');
});
