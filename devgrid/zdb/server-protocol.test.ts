import { encodeRequest } from './resp';
import { ZdbTestBed } from './testing/test-support';

const bed = new ZdbTestBed();
afterEach(() => bed.cleanup());

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('zdb wire protocol', () => {
  it('refuses inline commands and closes the connection', async () => {
    const server = await bed.server();
    const raw = await bed.raw(server);
    raw.write('PING\r\n');
    await raw.waitClosed();
    expect(raw.received.toString()).toBe('-Malformed request, array expected\r\n');
  });

  it('answers requests split into many packets, and pipelined ones in order', async () => {
    const server = await bed.server();
    const raw = await bed.raw(server);
    const wire = Buffer.concat([
      encodeRequest(['SET', 'split-key', 'a value sent in pieces']),
      encodeRequest(['GET', 'split-key']),
    ]);
    for (let i = 0; i < wire.length; i += 7) {
      raw.write(wire.subarray(i, i + 7));
      await pause(2);
    }
    expect(await raw.waitFor('pieces\r\n')).toBe('$9\r\nsplit-key\r\n$22\r\na value sent in pieces\r\n');

    const before = raw.received.length;
    raw.write(
      Buffer.concat([
        encodeRequest(['PING']),
        encodeRequest(['EXISTS', 'split-key']),
        encodeRequest(['DBSIZE']),
      ]),
    );
    const all = await raw.waitFor('+PONG\r\n:1\r\n:1\r\n');
    expect(all.slice(before)).toBe('+PONG\r\n:1\r\n:1\r\n');
  });

  it('replies -Missing arguments to an empty array and keeps going', async () => {
    const server = await bed.server();
    const raw = await bed.raw(server);
    raw.write(Buffer.concat([Buffer.from('*0\r\n'), encodeRequest(['PING'])]));
    expect(await raw.waitFor('+PONG\r\n')).toBe('-Missing arguments\r\n+PONG\r\n');
  });

  it('refuses an argument over 8 MiB and too many arguments', async () => {
    const server = await bed.server();
    const big = await bed.raw(server);
    big.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${8 * 1024 * 1024 + 1}\r\n`);
    await big.waitClosed();
    expect(big.received.toString()).toBe('-Payload too big\r\n');
    const many = await bed.raw(server);
    many.write('*1025\r\n');
    await many.waitClosed();
    expect(many.received.toString()).toBe('-Too many arguments\r\n');
  });

  it('accepts a value of exactly 8 MiB', async () => {
    const server = await bed.server();
    const redis = bed.client(server);
    const value = Buffer.alloc(8 * 1024 * 1024, 7);
    expect(await redis.call('SET', 'big', value)).toBe('big');
    expect(await redis.call('LENGTH', 'big')).toBe(value.length);
    // read back over a raw socket: ioredis' parser keeps a pool timer alive after big replies
    const raw = await bed.raw(server);
    raw.write(encodeRequest(['GET', 'big']));
    const header = Buffer.from(`$${value.length}\r\n`);
    const got = await raw.waitForBytes(header.length + value.length + 2);
    expect(got.subarray(0, header.length).equals(header)).toBe(true);
    expect(got.subarray(header.length, header.length + value.length).equals(value)).toBe(true);
  });

  it('INFO, TIME, unknown commands and QUIT', async () => {
    const server = await bed.server();
    const redis = bed.client(server);
    const info = (await redis.call('INFO')) as string;
    expect(info).toContain('server_name: 0-db (zdb)');
    const [sec, usec] = (await redis.call('TIME')) as [string, string];
    expect(Number(sec)).toBeGreaterThan(1_600_000_000);
    expect(Number(usec)).toBeLessThan(1_000_000);
    await expect(redis.call('FLUSHALL')).rejects.toThrow('Command not supported');
    expect(await redis.call('QUIT')).toBe('OK');

    const raw = await bed.raw(server);
    raw.write(encodeRequest(['QUIT']));
    await raw.waitClosed();
    expect(raw.received.toString()).toBe('+OK\r\n');
  });

  it('WAIT wakes on a command from another client of the same namespace, or times out', async () => {
    const server = await bed.server();
    const waiter = bed.client(server);
    const writer = bed.client(server);
    await waiter.call('PING');
    await writer.call('PING');
    const woken = waiter.call('WAIT', 'SET', '10000');
    await pause(20);
    await writer.call('GET', 'nothing'); // another command: no wake-up
    await writer.call('SET', 'k', 'v');
    expect(await woken).toBe('SET');
    await expect(waiter.call('WAIT', '*', '100')).rejects.toThrow('Timeout');
    await expect(waiter.call('WAIT', 'NOPE')).rejects.toThrow('Unknown command to watch');
    await expect(waiter.call('WAIT', 'SET', '5')).rejects.toThrow('Invalid timeout');
  });
});
