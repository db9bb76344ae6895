/**
 * The dev grid explorer: a read-only web page on loopback. It serves three static files (plain
 * HTML, CSS and one vanilla JavaScript module: no build step, no framework), a JSON API that only
 * reads (GET; anything else is refused), and a stream of new blocks (server-sent events) on which
 * the page refreshes what it shows.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { ChainIndex } from './chain-index';
import { nodeDetail, overview, type ExplorerSources } from './views';

const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/explorer.js': 'explorer.js',
  '/explorer.css': 'explorer.css',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's files: beside this module in the sources, or in the package's sources from dist/. */
function staticDir(): string {
  const here = path.join(__dirname, 'static');
  if (fs.existsSync(here)) return here;
  return path.join(__dirname, '..', '..', '..', 'devgrid', 'explorer', 'static');
}

export interface ExplorerOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
}

export class ExplorerServer {
  private readonly server: http.Server;
  private readonly streams = new Set<http.ServerResponse>();
  private readonly index: ChainIndex;
  private stopIndex?: () => void;

  private constructor(private readonly sources: Omit<ExplorerSources, 'index'>) {
    this.index = new ChainIndex(sources.api);
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Indexes the chain, then listens on 127.0.0.1. */
  static async start(
    sources: Omit<ExplorerSources, 'index'>,
    opts: ExplorerOptions = {},
  ): Promise<ExplorerServer> {
    const e = new ExplorerServer(sources);
    await e.index.start();
    e.stopIndex = e.index.onBlock((b) => {
      const msg = `event: block\ndata: ${JSON.stringify({ number: b.number, hash: b.hash })}\n\n`;
      for (const s of e.streams) s.write(msg);
    });
    await new Promise<void>((resolve, reject) => {
      e.server.once('error', reject);
      e.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    return e;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    this.stopIndex?.();
    this.index.stop();
    for (const s of this.streams) s.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      res.end('the explorer is read-only: only GET is served\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const file = STATIC[url.pathname];
      if (file) {
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)], 'Cache-Control': 'no-cache' });
        res.end(await fs.promises.readFile(path.join(staticDir(), file)));
        return;
      }
      if (url.pathname === '/api/events') return this.stream(res);
      const sources = { ...this.sources, index: this.index };
      if (url.pathname === '/api/state') return json(res, 200, await overview(sources));
      const node = /^\/api\/node\/(\d+)$/.exec(url.pathname);
      if (node) return json(res, 200, nodeDetail(sources, Number(node[1])));
      json(res, 404, { error: `no such page: ${url.pathname}` });
    } catch (e) {
      json(res, 500, { error: (e as Error).message });
    }
  }

  private stream(res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(`event: block\ndata: ${JSON.stringify({ number: this.index.head })}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
