/**
 * A minimal RESP exchange for checks (a node's qsfs backends, zlogs to redis, `apply --verify` on
 * zdbs): connect, send commands, read one simple reply line each. Not a general redis client.
 */
import * as net from 'net';

/** A RESP request: an array of bulk strings. */
function encodeRequest(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** `host:port`, `ipv4:port` or `[ipv6]:port` (zstor's form) to host and port. */
export function parseAddress(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  if (!m) throw new Error(`invalid backend address '${address}': expected ip:port or [ipv6]:port`);
  return { host: m[1], port: Number(m[2]) };
}

/** Sends each command in turn and returns the first line of each reply (`+OK`, `-Access denied`, ...). */
export function respExchange(address: string, commands: string[][], timeoutMs = 3000): Promise<string[]> {
  const { host, port } = parseAddress(address);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const replies: string[] = [];
    let buffer = '';
    let sent = 0;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(replies);
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer from ${address} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const sendNext = () => {
      if (sent === commands.length) return finish();
      socket.write(encodeRequest(commands[sent++]));
    };
    socket.on('connect', sendNext);
    socket.on('error', (e) => finish(new Error(`cannot reach ${address}: ${e.message}`)));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0 && replies.length < sent) {
        replies.push(buffer.slice(0, i));
        buffer = '';
        sendNext();
      }
    });
  });
}
