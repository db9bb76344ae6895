/**
 * listenWaiting: waits for a held port and then listens on it, leaves no listener behind after
 * retries, and names the port and the cause when the wait ends.
 */
import * as net from 'net';
import { LISTEN_RETRY_MS, listenWaiting } from './listen';

function holdFreePort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

const close = (s: net.Server) => new Promise<void>((r) => s.close(() => r()));

describe('listenWaiting', () => {
  it('retries while the port is held without piling up listeners, and listens once it frees up', async () => {
    const holder = await holdFreePort();
    const port = (holder.address() as net.AddressInfo).port;
    const server = net.createServer();
    let failedTries = 0;
    server.on('error', () => (failedTries += 1));
    try {
      const listening = listenWaiting(server, port, '127.0.0.1', 60_000);
      // more failed tries than Node's default of 10 listeners per event (MaxListenersExceededWarning)
      while (failedTries < 12) await new Promise((r) => setTimeout(r, LISTEN_RETRY_MS));
      // at most the try in flight holds a listener, besides the counter above
      expect(server.listenerCount('listening')).toBeLessThanOrEqual(1);
      expect(server.listenerCount('error')).toBeLessThanOrEqual(2);
      await close(holder);
      await listening;
      expect((server.address() as net.AddressInfo).port).toBe(port);
      expect(server.listenerCount('listening')).toBe(0);
      expect(server.listenerCount('error')).toBe(1);
    } finally {
      if (holder.listening) await close(holder);
      if (server.listening) await close(server);
    }
  }, 60_000);

  it('gives up when the wait ends, naming the address and the cause', async () => {
    const holder = await holdFreePort();
    const port = (holder.address() as net.AddressInfo).port;
    const server = net.createServer();
    await expect(listenWaiting(server, port, '127.0.0.1', 0)).rejects.toThrow(
      `the dev relay cannot listen on 127.0.0.1:${port}: the port is taken (another dev grid with a TLS relay?)`,
    );
    expect(server.listenerCount('listening')).toBe(0);
    expect(server.listenerCount('error')).toBe(0);
    await close(holder);
  });
});
