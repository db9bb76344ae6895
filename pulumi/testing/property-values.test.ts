import {
  PROVIDER_KEY,
  SECRET_SIG,
  SIG_KEY,
  annotateSecrets,
  containsSecrets,
  removeSecrets,
  secret,
  toStructValue,
  unwrapSecret,
  withoutProvider,
} from './property-values';

describe('property values', () => {
  it('encodes a secret with the Pulumi signature', () => {
    expect(secret('x')).toEqual({ [SIG_KEY]: SECRET_SIG, value: 'x' });
    expect(unwrapSecret(secret(3))).toBe(3);
    expect(unwrapSecret('plain')).toBe('plain');
  });

  it('finds and removes nested secrets', () => {
    const props = { a: 1, b: { c: [secret('s'), 'p'] } };
    expect(containsSecrets(props)).toBe(true);
    expect(containsSecrets({ a: 1, b: ['x'] })).toBe(false);
    expect(removeSecrets(props)).toEqual({ a: 1, b: { c: ['s', 'p'] } });
  });

  it('annotates outputs from inputs like the engine: by key, into objects, whole arrays', () => {
    const ins = {
      token: secret('t'),
      nested: { key: secret('k'), open: 'o' },
      list: ['a', secret('b')],
      plain: 'p',
    };
    const outs = { token: 't', nested: { key: 'k', open: 'o' }, list: ['b', 'a'], plain: 'p', extra: 'e' };
    expect(annotateSecrets(outs, ins)).toEqual({
      token: secret('t'),
      nested: { key: secret('k'), open: 'o' },
      list: secret(['b', 'a']),
      plain: 'p',
      extra: 'e',
    });
    // An output already secret is left as it is.
    expect(annotateSecrets({ token: secret('t') }, ins)).toEqual({ token: secret('t') });
  });

  it('drops undefined members and names the path of values a Struct cannot hold', () => {
    expect(toStructValue({ a: undefined, b: [undefined, 1] })).toEqual({ b: [null, 1] });
    expect(() => toStructValue({ outer: { n: Number.NaN } }, 'news')).toThrow('property news.outer.n is NaN');
    expect(() => toStructValue({ f: () => 1 })).toThrow('property f has type function');
  });

  it('strips the serialized provider for display', () => {
    expect(withoutProvider({ [PROVIDER_KEY]: 'code', a: 1 })).toEqual({ a: 1 });
  });
});
