/**
 * The one service `@threefold/grid_client` 2.9.2 hard-codes to a public host that a dev grid run
 * needs: its KYC check. Every deployment (and every name contract) asks
 * `GET https://kyc.<network>.grid.tf/api/v1/status?client_id=<ss58 address>` and refuses to go on
 * unless the answer is `{ "result": { "status": "VERIFIED" } }`. The URL is built from the network
 * name alone (ClientOptions' `KycURL` is never read), so no config reaches it.
 *
 * The stub: a KYC status server on 127.0.0.1 answering every account as verified, and a request
 * interceptor on the SDK's own axios (the module it requires) that sends requests for
 * `kyc.<network>.grid.tf` to that server instead. The rewrite happens before axios opens a socket,
 * so nothing is resolved or sent off loopback.
 */
import * as http from 'http';
import * as path from 'path';
import type { AxiosStatic, InternalAxiosRequestConfig } from 'axios';

/** The KYC service grid_client builds from the network name (client.js getDefaultUrls). */
export const kycHost = (network: string): string =>
  network === 'main' ? 'kyc.grid.tf' : `kyc.${network}.grid.tf`;

export interface KycStub {
  /** the loopback server's base url */
  readonly url: string;
  /** the ss58 addresses whose status was asked, in order */
  readonly asked: readonly string[];
  close(): Promise<void>;
}

/** The axios grid_client requires (resolved from its own folder, as Node resolves it for the SDK). */
function sdkAxios(): AxiosStatic {
  const sdkDir = path.dirname(require.resolve('@threefold/grid_client'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('axios', { paths: [sdkDir] })) as AxiosStatic;
}

/** Starts the stub server and routes the SDK's KYC requests for `network` to it. */
export async function stubKyc(network: string): Promise<KycStub> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && u.pathname === '/api/v1/status') {
      asked.push(u.searchParams.get('client_id') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { status: 'VERIFIED' } }));
      return;
    }
    if (req.method === 'GET' && u.pathname === '/api/v1/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { status: 'Healthy' } }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `the dev KYC stub serves only status and health, not ${u.pathname}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const host = kycHost(network);
  const axios = sdkAxios();
  const id = axios.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    if (!config.url) return config;
    const target = new URL(config.url);
    if (target.hostname !== host) return config;
    config.url = `${url}${target.pathname}${target.search}`;
    return config;
  });
  return {
    url,
    asked,
    async close() {
      axios.interceptors.request.eject(id);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
