import { parseArgs, UsageError } from './args';

const spec = { out: { value: true, description: 'file' }, json: { value: false, description: 'json' } };

describe('parseArgs', () => {
  it('reads positionals and both flag forms', () => {
    expect(parseArgs(['a.ts', '--out', 'x.json', '--json'], spec)).toEqual({
      positionals: ['a.ts'],
      flags: { out: 'x.json', json: true },
    });
    expect(parseArgs(['--out=y', 'b'], spec).flags.out).toBe('y');
  });
  it('refuses unknown options, naming the known ones', () => {
    expect(() => parseArgs(['--outt', 'x'], spec)).toThrow(
      /unknown option '--outt' \(known options: --out, --json\)/,
    );
  });
  it('refuses a missing value and a value on a boolean flag', () => {
    expect(() => parseArgs(['--out'], spec)).toThrow(UsageError);
    expect(() => parseArgs(['--json=1'], spec)).toThrow(/takes no value/);
  });
});
