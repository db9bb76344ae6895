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
    await redis.call('SET', 'k', 'some value');
    const info = (await redis.call('INFO')) as string;
    // 0-db's fields, in its order (zdbd/commands_system.c)
    expect(
      info
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => l.split(':')[0]),
    ).toEqual([
      'server_name',
      'server_revision',
      'engine_revision',
      'instance_id',
      'boot_time',
      'uptime',
      'clients_lifetime',
      'sequential_key_size',
      'data_version',
      'index_version',
      'commands_executed',
      'commands_failed',
      'commands_unauthorized',
      'index_disk_read_failed',
      'index_disk_write_failed',
      'data_disk_read_failed',
      'data_disk_write_failed',
      'index_disk_read_bytes',
      'index_disk_read_mb',
      'index_disk_write_bytes',
      'index_disk_write_mb',
      'data_disk_read_bytes',
      'data_disk_read_mb',
      'data_disk_write_bytes',
      'data_disk_write_mb',
      'network_rx_bytes',
      'network_rx_mb',
      'network_tx_bytes',
      'network_tx_mb',
    ]);
    expect(info).toContain('server_name: 0-db (zdb)');
    const field = (name: string) => Number(new RegExp(`^${name}: (.*)$`, 'm').exec(info)![1]);
    expect(field('data_disk_write_bytes')).toBeGreaterThan('some value'.length);
    expect(field('network_rx_bytes')).toBeGreaterThan(0);
    expect(field('network_tx_bytes')).toBeGreaterThan(0);
    const [sec, usec] = (await redis.call('TIME')) as [string, string];
    expect(Number(sec)).toBeGreaterThan(1_600_000_000);
    expect(Number(usec)).toBeLessThan(1_000_000);
    await expect(redis.call('FLUSHALL')).rejects.toThrow('Command not supported');
    // 0-db has no QUIT: it answers as for any unknown command and keeps the connection
    const raw = await bed.raw(server);
    raw.write(encodeRequest(['QUIT']));
    raw.write(encodeRequest(['PING']));
    await raw.waitFor('-Command not supported\r\n+PONG\r\n');
  });

  it("runs a command from any prefix of its name, the first in 0-db's table order", async () => {
    const server = await bed.server();
    const redis = bed.client(server);
    expect(await redis.call('PIN')).toBe('PONG');
    expect(await redis.call('p')).toBe('PONG');
    expect(await redis.call('SE', 'k', 'v')).toBe('k'); // SET
    expect(await redis.call('GE', 'k')).toBe('v'); // GET
    expect(await redis.call('EX', 'k')).toBe(1); // EXISTS
    expect(await redis.call('DE', 'k')).toBe('OK'); // DEL
    // D is DATA (before DEL in 0-db's table), which the dev server does not serve
    await expect(redis.call('D', 'k')).rejects.toThrow('Command not supported');
    // longer than the name is no match
    await expect(redis.call('PINGS')).rejects.toThrow('Command not supported');
    // the empty name is the WAIT * placeholder
    await expect(redis.call('')).rejects.toThrow('This is not a valid command');
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
