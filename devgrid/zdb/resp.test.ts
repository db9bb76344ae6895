import {
  encodeReply,
  encodeRequest,
  reply,
  RespEvent,
  RespRequestParser,
  RESP_MAX_ARGUMENT_BYTES,
} from './resp';

function requests(events: RespEvent[]): string[][] {
  return events.map((e) =>
    e.kind === 'request' ? e.args.map((a) => a.toString('latin1')) : [`ERR ${e.message}`],
  );
}

describe('RespRequestParser', () => {
  it('parses a whole request and several pipelined ones', () => {
    const parser = new RespRequestParser();
    const wire = Buffer.concat([
      encodeRequest(['SET', 'k', 'v']),
      encodeRequest(['GET', 'k']),
      encodeRequest(['PING']),
    ]);
    expect(requests(parser.push(wire))).toEqual([['SET', 'k', 'v'], ['GET', 'k'], ['PING']]);
  });

  it('handles a request split at every byte boundary', () => {
    const wire = encodeRequest(['SET', Buffer.from([0, 13, 10, 255]), 'value\r\nwith crlf']);
    for (let split = 1; split < wire.length; split++) {
      const parser = new RespRequestParser();
      const first = parser.push(wire.subarray(0, split));
      const second = parser.push(wire.subarray(split));
      const all = [...first, ...second];
      expect(all).toHaveLength(1);
      const event = all[0];
      if (event.kind !== 'request') throw new Error('expected a request');
      expect(event.args[1]).toEqual(Buffer.from([0, 13, 10, 255]));
      expect(event.args[2].toString()).toBe('value\r\nwith crlf');
    }
  });

  it('handles one byte at a time and empty arguments', () => {
    const parser = new RespRequestParser();
    const wire = Buffer.concat([encodeRequest(['SET', '', 'x']), encodeRequest(['DBSIZE'])]);
    const events: RespEvent[] = [];
    for (const byte of wire) events.push(...parser.push(Buffer.from([byte])));
    expect(requests(events)).toEqual([['SET', '', 'x'], ['DBSIZE']]);
  });

  it('refuses inline commands and stops parsing', () => {
    const parser = new RespRequestParser();
    expect(parser.push(Buffer.from('PING\r\n'))).toEqual([
      { kind: 'error', message: 'Malformed request, array expected', fatal: true },
    ]);
    expect(parser.hasFailed).toBe(true);
    expect(parser.push(encodeRequest(['PING']))).toEqual([]);
  });

  it('refuses a non-bulk argument', () => {
    const parser = new RespRequestParser();
    expect(parser.push(Buffer.from('*1\r\n:5\r\n'))).toEqual([
      { kind: 'error', message: 'Malformed query string', fatal: true },
    ]);
  });

  it('enforces the argument count and size limits', () => {
    expect(new RespRequestParser().push(Buffer.from('*1025\r\n'))).toEqual([
      { kind: 'error', message: 'Too many arguments', fatal: true },
    ]);
    expect(
      new RespRequestParser().push(Buffer.from(`*2\r\n$3\r\nSET\r\n$${RESP_MAX_ARGUMENT_BYTES + 1}\r\n`)),
    ).toEqual([{ kind: 'error', message: 'Payload too big', fatal: true }]);
    const ok = new RespRequestParser().push(Buffer.from('*1024\r\n'));
    expect(ok).toEqual([]);
  });

  it('reports an empty array without losing the stream', () => {
    const parser = new RespRequestParser();
    const events = parser.push(Buffer.concat([Buffer.from('*0\r\n'), encodeRequest(['PING'])]));
    expect(requests(events)).toEqual([['ERR Missing arguments'], ['PING']]);
  });

  it('detects a payload whose CRLF terminator is missing', () => {
    const parser = new RespRequestParser();
    const events = parser.push(Buffer.from('*1\r\n$4\r\nPINGxx'));
    expect(events).toEqual([{ kind: 'error', message: 'Malformed query string', fatal: true }]);
  });

  it('refuses an endless header line', () => {
    const parser = new RespRequestParser();
    expect(parser.push(Buffer.from('*'.padEnd(100, '9')))[0]).toMatchObject({ kind: 'error', fatal: true });
  });
});

describe('encodeReply', () => {
  it('encodes every reply type', () => {
    expect(encodeReply(reply.ok()).toString()).toBe('+OK\r\n');
    expect(encodeReply(reply.error('Key not found')).toString()).toBe('-Key not found\r\n');
    expect(encodeReply(reply.integer(42)).toString()).toBe(':42\r\n');
    expect(encodeReply(reply.integer(7n)).toString()).toBe(':7\r\n');
    expect(encodeReply(reply.nil()).toString()).toBe('$-1\r\n');
    expect(
      encodeReply(reply.bulk(Buffer.from([0, 1]))).equals(Buffer.from('$2\r\n\x00\x01\r\n', 'latin1')),
    ).toBe(true);
    expect(encodeReply(reply.array([reply.bulk('a'), reply.array([reply.integer(1)])])).toString()).toBe(
      '*2\r\n$1\r\na\r\n*1\r\n:1\r\n',
    );
  });

  it('keeps single-line replies on one line', () => {
    expect(encodeReply(reply.error('bad\r\nthing')).toString()).toBe('-bad thing\r\n');
  });
});
