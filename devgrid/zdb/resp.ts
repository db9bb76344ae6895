/**
 * RESP for a 0-db compatible server: a streaming parser for requests (arrays of bulk strings only,
 * as 0-db accepts them) and an encoder for replies. Pure: no sockets, no timers.
 */

/** Most arguments one request may carry (0-db refuses more with `-Too many arguments`). */
export const RESP_MAX_ARGUMENTS = 1024;
/** Largest single argument in bytes (0-db: 8 MiB, `-Payload too big`). */
export const RESP_MAX_ARGUMENT_BYTES = 8 * 1024 * 1024;
/** Longest header line (`*<n>` or `$<len>`) accepted before the request is declared malformed. */
const MAX_HEADER_LINE_BYTES = 64;

/** What the parser produced: a complete request, or a protocol error to send back. */
export type RespEvent =
  | { readonly kind: 'request'; readonly args: Buffer[] }
  | {
      readonly kind: 'error';
      /** error text without the leading `-` (0-db's wording) */
      readonly message: string;
      /** true when the stream cannot be resynchronised: reply, then close the connection */
      readonly fatal: boolean;
    };

type ParserState = 'array-header' | 'bulk-header' | 'bulk-payload';

const EMPTY = Buffer.alloc(0);
const CR = 0x0d;
const LF = 0x0a;

/** Strict non-negative decimal, or undefined. */
function parseCount(text: string): number | undefined {
  if (!/^-?\d{1,12}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Incremental request parser: feed it socket chunks in order, get complete requests back.
 * Requests may be split anywhere (even inside `\r\n`) and several may arrive in one chunk.
 * After a fatal error the parser ignores everything else (the caller closes the connection).
 */
export class RespRequestParser {
  private pending: Buffer = EMPTY;
  private state: ParserState = 'array-header';
  private expected = 0;
  private args: Buffer[] = [];
  private current: Buffer = EMPTY;
  private filled = 0;
  private failed = false;

  /** True once a fatal protocol error was reported. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Consume one chunk; returns the requests (and errors) it completed, in order. */
  push(chunk: Buffer): RespEvent[] {
    const events: RespEvent[] = [];
    if (this.failed) return events;
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    const fail = (message: string): RespEvent[] => {
      this.failed = true;
      this.pending = EMPTY;
      this.current = EMPTY;
      this.args = [];
      events.push({ kind: 'error', message, fatal: true });
      return events;
    };

    while (pos < buf.length) {
      if (this.state === 'bulk-payload') {
        const take = Math.min(this.current.length - this.filled, buf.length - pos);
        buf.copy(this.current, this.filled, pos, pos + take);
        this.filled += take;
        pos += take;
        if (this.filled < this.current.length) break;
        const end = this.current.length - 2;
        if (this.current[end] !== CR || this.current[end + 1] !== LF) return fail('Malformed query string');
        this.args.push(this.current.subarray(0, end));
        this.current = EMPTY;
        if (this.args.length === this.expected) {
          events.push({ kind: 'request', args: this.args });
          this.args = [];
          this.state = 'array-header';
        } else {
          this.state = 'bulk-header';
        }
        continue;
      }

      const newline = buf.indexOf(LF, pos);
      if (newline < 0) {
        if (buf.length - pos > MAX_HEADER_LINE_BYTES) {
          return fail(
            this.state === 'array-header' ? 'Malformed request, array expected' : 'Malformed query string',
          );
        }
        break;
      }
      const lineEnd = newline > pos && buf[newline - 1] === CR ? newline - 1 : newline;
      const line = buf.toString('latin1', pos, lineEnd);
      pos = newline + 1;

      if (this.state === 'array-header') {
        // 0-db only speaks arrays: inline commands ("PING\r\n") are refused.
        if (line[0] !== '*') return fail('Malformed request, array expected');
        const count = parseCount(line.slice(1));
        if (count === undefined) return fail('Malformed request, array expected');
        if (count <= 0) {
          events.push({ kind: 'error', message: 'Missing arguments', fatal: false });
          continue;
        }
        if (count > RESP_MAX_ARGUMENTS) return fail('Too many arguments');
        this.expected = count;
        this.args = [];
        this.state = 'bulk-header';
      } else {
        if (line[0] !== '$') return fail('Malformed query string');
        const length = parseCount(line.slice(1));
        if (length === undefined || length < 0) return fail('Malformed query string');
        if (length > RESP_MAX_ARGUMENT_BYTES) return fail('Payload too big');
        // allocated only once the header arrived: at most one argument in flight beyond received bytes
        this.current = Buffer.allocUnsafe(length + 2);
        this.filled = 0;
        this.state = 'bulk-payload';
      }
    }

    // keep only the unparsed tail (a partial header line), copied so the big chunk can be freed
    this.pending = pos < buf.length && this.state !== 'bulk-payload' ? Buffer.from(buf.subarray(pos)) : EMPTY;
    return events;
  }
}

/** A reply to encode. */
export type RespReply =
  | { readonly type: 'simple'; readonly value: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'integer'; readonly value: number | bigint }
  | { readonly type: 'bulk'; readonly value: Buffer | null }
  | { readonly type: 'array'; readonly items: readonly RespReply[] | null };

/** Reply constructors. */
export const reply = {
  ok: (): RespReply => ({ type: 'simple', value: 'OK' }),
  simple: (value: string): RespReply => ({ type: 'simple', value }),
  /** `message` without the leading `-` */
  error: (message: string): RespReply => ({ type: 'error', message }),
  integer: (value: number | bigint): RespReply => ({ type: 'integer', value }),
  bulk: (value: Buffer | string): RespReply => ({
    type: 'bulk',
    value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  }),
  nil: (): RespReply => ({ type: 'bulk', value: null }),
  array: (items: readonly RespReply[]): RespReply => ({ type: 'array', items }),
};

/** Single-line texts must not contain CR/LF (they would break the stream). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function encodeInto(r: RespReply, parts: Buffer[]): void {
  switch (r.type) {
    case 'simple':
      parts.push(Buffer.from(`+${oneLine(r.value)}\r\n`, 'utf8'));
      return;
    case 'error':
      parts.push(Buffer.from(`-${oneLine(r.message)}\r\n`, 'utf8'));
      return;
    case 'integer':
      parts.push(Buffer.from(`:${r.value.toString()}\r\n`, 'latin1'));
      return;
    case 'bulk':
      if (r.value === null) {
        parts.push(Buffer.from('$-1\r\n', 'latin1'));
        return;
      }
      parts.push(Buffer.from(`$${r.value.length}\r\n`, 'latin1'), r.value, Buffer.from('\r\n', 'latin1'));
      return;
    case 'array':
      if (r.items === null) {
        parts.push(Buffer.from('*-1\r\n', 'latin1'));
        return;
      }
      parts.push(Buffer.from(`*${r.items.length}\r\n`, 'latin1'));
      for (const item of r.items) encodeInto(item, parts);
      return;
  }
}

/** Serialise one reply to wire bytes. */
export function encodeReply(r: RespReply): Buffer {
  const parts: Buffer[] = [];
  encodeInto(r, parts);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Serialise a request the way clients send it (used by tests and tools). */
export function encodeRequest(args: readonly (Buffer | string)[]): Buffer {
  return encodeReply(reply.array(args.map((a) => reply.bulk(a))));
}
