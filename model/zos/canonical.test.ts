import {
  canonicalCidr,
  canonicalHex,
  canonicalIp,
  goBool,
  goSortStrings,
  goUint,
  hexByteLength,
  isHex,
  parseCidr,
  parseIp,
} from './canonical';

describe('IPs as Go prints net.IP', () => {
  test.each([
    ['10.20.2.2', '10.20.2.2'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // first of two equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not shortened
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['::ffff:1.2.3.4', '1.2.3.4'], // IPv4-mapped prints as IPv4
    ['::ffff:0102:0304', '1.2.3.4'],
    ['::1.2.3.4', '::102:304'], // IPv4-compatible is plain IPv6
  ])('%s -> %s', (input, out) => {
    expect(canonicalIp(input)).toBe(out);
  });

  test('unset prints <nil>, unparsable is kept', () => {
    expect(canonicalIp('')).toBe('<nil>');
    expect(canonicalIp(undefined)).toBe('<nil>');
    expect(canonicalIp('not-an-ip')).toBe('not-an-ip');
  });

  test.each([
    '01.2.3.4',
    '1.2.3',
    '256.1.1.1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '12345::',
    ':1::',
  ])('rejects %s like Go', (s) => {
    expect(parseIp(s)).toBeUndefined();
  });
});

describe('CIDRs as Go prints gridtypes.IPNet', () => {
  test('keeps the host part and the prefix', () => {
    expect(canonicalCidr('10.20.2.5/24')).toBe('10.20.2.5/24');
    expect(canonicalCidr('2001:DB8::0/64')).toBe('2001:db8::/64');
    expect(canonicalCidr('::ffff:10.0.0.0/104')).toBe('10.0.0.0/8');
    expect(canonicalCidr('10.1.0.0/016')).toBe('10.1.0.0/16');
    expect(canonicalCidr('')).toBe('<nil>');
  });
  test('rejects what Go rejects', () => {
    expect(parseCidr('10.1.0.0/33')).toBeUndefined();
    expect(parseCidr('10.1.0.0')).toBeUndefined();
    expect(parseCidr('10.1.0.0/')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
    expect(parseCidr('::/128')).toBeDefined();
  });
});

describe('hex, integers, booleans, sorting', () => {
  test('hex', () => {
    expect(canonicalHex('AbCd')).toBe('abcd');
    expect(isHex('abc')).toBe(false);
    expect(isHex('zz')).toBe(false);
    expect(hexByteLength('aabbcc')).toBe(3);
    expect(hexByteLength('0x00')).toBeUndefined();
  });
  test('integers never use exponents', () => {
    expect(goUint(1e21)).toBe('1000000000000000000000');
    expect(goUint(undefined)).toBe('0');
    expect(goUint(18446744073709551615n)).toBe('18446744073709551615');
    expect(goBool(undefined)).toBe('false');
  });
  test('strings sort by UTF-8 bytes like Go', () => {
    // JS sorts by UTF-16 units: U+FF5E (0xFF5E) after U+1F600 (0xD83D...), Go by bytes: EF BD.. before F0 9F..
    expect(goSortStrings(['\u{1F600}', '\uFF5E', 'B', 'A', 'a'])).toEqual([
      'A',
      'B',
      'a',
      '\uFF5E',
      '\u{1F600}',
    ]);
  });
});
