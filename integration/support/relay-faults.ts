/**
 * Relays that fail, for fault tests, on loopback only: a URL where nothing listens (the connection
 * is refused) and a server that accepts connections but never answers (a blackhole).
 */
import * as net from 'net';

/** A ws:// URL on a loopback port that was free a moment ago: connecting is refused. */
export async function refusedRelayUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}`;
}

/** A relay that accepts TCP connections and never sends a byte back. */
export interface Blackhole {
  readonly url: string;
  /** connections accepted so far */
  readonly accepted: () => number;
  close(): Promise<void>;
}

export async function blackholeRelay(): Promise<Blackhole> {
  const held: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    held.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    accepted: () => held.length,
    async close() {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
