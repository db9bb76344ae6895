/**
 * How a dynamic provider host loads our TypeScript modules: without a preloaded require hook a
 * `require('<abs>.ts')` inside a provider method fails; a provider that requires register-ts
 * itself works in a plain host (as under `pulumi up`, where we do not control the host's flags).
 * Also shows secret stack config arriving unwrapped in `configure`.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- provider methods load modules at run time (see README) */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as pulumi from '@pulumi/pulumi';
import { fileProvider } from './fixtures/file-provider';
import { ProviderHost, REGISTER_TS, serializeProvider } from './provider-host';
import { isSecret, secret } from './property-values';

/** Captured by value into the serialized provider below. */
const FILE_CONTENT_MODULE = path.join(__dirname, 'fixtures', 'file-content.ts');
const HOOK = REGISTER_TS;

/** A provider that installs the TypeScript hook itself before requiring a .ts module. */
const selfLoadingProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    (this as { label?: string }).label = req.config.require('tfgrid:label');
  },
  async create(inputs: { name: string }) {
    require(HOOK);
    const { renderFile } = require(FILE_CONTENT_MODULE) as typeof import('./fixtures/file-content');
    const label = (this as { label?: string }).label ?? '';
    return {
      id: inputs.name,
      outs: { text: renderFile({ dir: '/', name: inputs.name, content: 'x' }, label), label },
    };
  },
};

describe('TypeScript modules in a host without preloaded hook', () => {
  let host: ProviderHost;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-pulumi-ts-'));
    host = await ProviderHost.start({ preload: [], config: { 'tfgrid:label': secret('hidden-label') } });
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails to require a .ts module when no hook is loaded', async () => {
    const urn = host.urn('plain');
    const props = { dir, name: 'plain.txt', __provider: await serializeProvider(fileProvider) };
    // Node 20 reads the .ts file as JavaScript and stops at the first type annotation or `export`.
    await expect(host.create(urn, props)).rejects.toThrow(/Create\(.*plain\) failed: Unexpected token/);
    expect(fs.existsSync(path.join(dir, 'plain.txt'))).toBe(false);
  });

  it('loads it when the provider requires register-ts itself, with secret config unwrapped', async () => {
    const urn = host.urn('self-loading');
    const created = await host.create(urn, {
      name: 'self',
      __provider: await serializeProvider(selfLoadingProvider),
    });
    expect(created.id).toBe('self');
    expect(created.outputs.text).toBe('# hidden-label: no token\nx');
    // The engine marks secret only outputs whose input of the same key was secret: config does not count.
    expect(isSecret(created.outputs.label)).toBe(false);
  });
});
