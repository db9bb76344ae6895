/**
 * Canonical forms zos writes into challenges. Zos decodes the deployment JSON into Go types
 * and prints them back (net.IP, net.IPNet, hex byte slices, integers), so the hash covers
 * Go's printed form, not the text the client sent. These helpers reproduce that form.
 */

/** Go prints a nil IP / empty IPNet as this. */
export const GO_NIL = '<nil>';

/** Parses an IPv4 dotted quad the way Go's netip does (no leading zeros, 4 fields). */
function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Parses an IPv6 address (with optional trailing dotted IPv4, no zone) to 16 bytes. */
function parseIpv6(s: string): number[] | undefined {
  if (s.includes('%')) return undefined; // zones are rejected by net.ParseIP
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string, allowV4Tail: boolean): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (allowV4Tail && i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIpv4(f);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return undefined;
        out.push(parseInt(f, 16));
      }
    }
    return out;
  };
  let words: number[];
  if (halves.length === 2) {
    const head = groups(halves[0], false);
    const tail = groups(halves[1], true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = groups(s, true);
    if (!all || all.length !== 8) return undefined;
    words = all;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** An IP as Go holds it after net.ParseIP: 16 bytes, and the family it was written in. */
export interface ParsedIp {
  readonly bytes: readonly number[];
  /** bit length of the parsed address: 32 when written as IPv4, 128 when written as IPv6 */
  readonly bitLen: 32 | 128;
}

/** Parses an IP like Go's net.ParseIP; undefined when Go would reject it. */
export function parseIp(s: string): ParsedIp | undefined {
  if (typeof s !== 'string' || s === '') return undefined;
  if (s.includes(':')) {
    const b = parseIpv6(s);
    return b ? { bytes: b, bitLen: 128 } : undefined;
  }
  const v4 = parseIpv4(s);
  return v4 ? { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4], bitLen: 32 } : undefined;
}

/** The 4 bytes of an IPv4 (or IPv4-mapped IPv6) address, like Go's IP.To4. */
export function to4(bytes: readonly number[]): number[] | undefined {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return undefined;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return undefined;
  return bytes.slice(12, 16);
}

/** Formats 16 bytes like Go's net.IP.String: dotted IPv4 for v4(-mapped), RFC 5952 IPv6 otherwise. */
export function formatIp(bytes: readonly number[]): string {
  const v4 = to4(bytes);
  if (v4) return v4.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  // longest run of >= 2 zero groups (the first one on a tie) becomes '::'
  let start = -1;
  let end = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i >= 2 && j - i > end - start) {
      start = i;
      end = j;
    }
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (start < 0) return hex(words);
  return `${hex(words.slice(0, start))}::${hex(words.slice(end))}`;
}

/** Canonical text of an IP as zos prints it; '' (unset) prints as `<nil>`; unparsable text is kept as is. */
export function canonicalIp(s: string | undefined | null): string {
  if (s === undefined || s === null || s === '') return GO_NIL;
  const ip = parseIp(s);
  return ip ? formatIp(ip.bytes) : s;
}

/** A CIDR as Go keeps it after gridtypes.ParseIPNet: the host address (not masked) and the prefix. */
export interface ParsedCidr {
  readonly ip: ParsedIp;
  /** prefix length in the written family's bits */
  readonly prefix: number;
}

/** Parses a CIDR like Go's net.ParseCIDR; undefined when Go would reject it. */
export function parseCidr(s: string): ParsedCidr | undefined {
  if (typeof s !== 'string') return undefined;
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const mask = s.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(mask)) return undefined;
  const prefix = Number(mask);
  if (prefix > ip.bitLen) return undefined;
  return { ip, prefix };
}

/**
 * Canonical text of a CIDR as zos prints gridtypes.IPNet: host address kept (zos does not mask it),
 * IPv4-mapped addresses print as IPv4 with the prefix reduced by 96, '' prints as `<nil>`.
 */
export function canonicalCidr(s: string | undefined | null): string {
  if (s === undefined || s === null || s === '') return GO_NIL;
  const c = parseCidr(s);
  if (!c) return s;
  let prefix = c.prefix;
  if (c.ip.bitLen === 128 && to4(c.ip.bytes)) prefix = Math.max(0, prefix - 96);
  return `${formatIp(c.ip.bytes)}/${prefix}`;
}

/** True when s is hex that Go's hex.DecodeString accepts (even length, either case). */
export function isHex(s: unknown): s is string {
  return typeof s === 'string' && s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
}

/** Canonical hex as zos prints a decoded byte slice with %x: lowercase; invalid hex is kept as is. */
export function canonicalHex(s: string | undefined | null): string {
  if (s === undefined || s === null) return '';
  return isHex(s) ? s.toLowerCase() : s;
}

/** Number of bytes a hex string decodes to, or undefined when it is not valid hex. */
export function hexByteLength(s: unknown): number | undefined {
  return isHex(s) ? s.length / 2 : undefined;
}

/** An unsigned integer as Go prints it with %d (no exponent, no fraction); absent prints as 0. */
export function goUint(n: number | bigint | undefined | null): string {
  if (n === undefined || n === null) return '0';
  if (typeof n === 'bigint') return n.toString();
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** A boolean as Go prints it with %t; absent prints as false. */
export function goBool(b: boolean | undefined | null): string {
  return b ? 'true' : 'false';
}

/** A string as Go prints it with %s; absent prints as ''. */
export function goStr(s: string | undefined | null): string {
  return s ?? '';
}

/** Sorts strings by their UTF-8 bytes, like Go's sort.Strings. */
export function goSortStrings(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}
