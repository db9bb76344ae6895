/** PositionedYaml: positions of values and keys, missing paths, syntax errors with their fix, aliases. */
import { isScalar } from 'yaml';
import { PositionedYaml } from './positioned-yaml';

const TEXT = `project: demo
resources:
  vm:
    kind: Machine
    cpu: 2
  base: &b {cpu: 1}
  copy: *b
`;

describe('PositionedYaml', () => {
  const y = new PositionedYaml('stack.yaml', TEXT);

  it('places a value, its key, and a missing path at the deepest node that exists', () => {
    expect(y.syntaxErrors).toEqual([]);
    expect(y.position(y.offsetOf(['resources', 'vm', 'cpu']))).toEqual({ line: 5, col: 10 });
    expect(y.position(y.offsetOf(['resources', 'vm', 'cpu'], 'key'))).toEqual({ line: 5, col: 5 });
    // no `memoryMb`: the map that lacks it
    expect(y.atOffset(y.offsetOf(['resources', 'vm', 'memoryMb'], 'key'))).toBe('stack.yaml:4:5');
    expect(y.at(y.nodeAt(['resources', 'base', 'cpu']))).toBe('stack.yaml:6:18');
    expect(y.at(undefined)).toBe('stack.yaml:1:1');
  });

  it('gives plain data and resolves aliases', () => {
    expect(y.data()).toMatchObject({ project: 'demo', resources: { copy: { cpu: 1 } } });
    const alias = y.doc.getIn(['resources', 'copy'], true) as Parameters<typeof y.deref>[0];
    expect(y.plain(y.deref(alias))).toEqual({ cpu: 1 });
    expect(isScalar(y.nodeAt(['project']))).toBe(true);
  });

  it('reports syntax errors at their place, with the fix and without the parser position', () => {
    const bad = new PositionedYaml('f.yaml', 'a: 1\na: 2\nb: "open\n');
    expect(bad.data()).toBeUndefined();
    const lines = bad.syntaxErrors.map((e) => `${bad.atOffset(e.offset)}: ${e.message}`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^f\.yaml:2:1: YAML syntax: .*unique.*: give each key/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/: close the quote, bracket or brace$/));
    for (const l of lines) expect(l).not.toMatch(/at line \d+, column \d+/);
  });
});
