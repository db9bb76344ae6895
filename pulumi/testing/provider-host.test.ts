/**
 * Proves the harness: the sample file provider goes through the real dynamic provider host process
 * (Configure, Check, Create, Read, Diff, Update, Delete) and its effects show on the file system.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileProvider } from './fixtures/file-provider';
import { ProviderHost, serializeProvider } from './provider-host';
import {
  PROVIDER_KEY,
  isSecret,
  secret,
  unwrapSecret,
  withoutProvider,
  type PropertyMap,
} from './property-values';

describe('ProviderHost with the sample file provider', () => {
  let dir: string;
  let host: ProviderHost;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfgrid-pulumi-host-'));
    host = await ProviderHost.start({
      provider: fileProvider,
      project: 'sample',
      config: { 'sample:label': 'from-config', 'sample:apiKey': secret('not-used') },
    });
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serializes the provider as module text exporting a handler, free of secrets', async () => {
    const text = await serializeProvider(fileProvider);
    expect(typeof text).toBe('string');
    expect(text as string).toContain('exports.handler');
    // The TypeScript helper is referenced by path, not inlined.
    expect(text as string).toContain('file-content.ts');
    expect(text as string).not.toContain('renderFile(inputs: FileInputs');
  });

  it('reports check failures for invalid inputs', async () => {
    const res = await host.check(host.urn('bad'), {}, { dir: 'relative', name: 'a/b' });
    expect(res.failures.map((f) => f.property).sort()).toEqual(['dir', 'name']);
    expect(res.failures.find((f) => f.property === 'name')?.reason).toContain('"a/b"');
  });

  it('runs check, create, read, diff, update, replace and delete', async () => {
    const urn = host.urn('greeting', 'pulumi-nodejs:dynamic/sample:File');
    const news: PropertyMap = { dir, name: 'greeting.txt', content: 'hello', token: secret('s3cr3t') };

    // Check applies defaults and keeps the serialized provider; the secret stays a secret.
    const checked = await host.check(urn, {}, news);
    expect(checked.failures).toEqual([]);
    expect(typeof checked.inputs[PROVIDER_KEY]).toBe('string');
    expect(isSecret(checked.inputs.token)).toBe(true);

    // Create writes the file through the TypeScript helper loaded by register-ts in the host.
    const created = await host.create(urn, checked.inputs);
    const file = path.join(dir, 'greeting.txt');
    expect(created.id).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('# from-config: token of 6 chars\nhello');
    expect(withoutProvider(created.outputs)).toMatchObject({
      path: file,
      label: 'from-config',
      content: 'hello',
    });
    expect(created.outputs.token).toEqual(secret('s3cr3t'));
    expect(created.outputs[PROVIDER_KEY]).toBe(checked.inputs[PROVIDER_KEY]);

    // Read sees a change made behind the provider's back.
    fs.writeFileSync(file, '# from-config: token of 6 chars\ndrifted');
    const read = await host.read(created.id, urn, created.outputs, checked.inputs);
    expect(read.id).toBe(file);
    expect(read.outputs.content).toBe('drifted');
    expect(isSecret(read.outputs.token)).toBe(true);

    // Diff: no change, an in-place change, and a replacing change.
    const same = await host.diff(created.id, urn, created.outputs, checked.inputs);
    expect(same).toEqual({ changes: 'none', replaces: [], deleteBeforeReplace: false });
    const contentChanged = { ...checked.inputs, content: 'hello again' };
    expect(await host.diff(created.id, urn, created.outputs, contentChanged)).toMatchObject({
      changes: 'some',
      replaces: [],
    });
    const renamed = { ...checked.inputs, name: 'renamed.txt' };
    expect((await host.diff(created.id, urn, created.outputs, renamed)).replaces).toEqual(['name']);

    // Update rewrites the file in place and keeps the secret a secret.
    const updated = await host.update(created.id, urn, created.outputs, contentChanged, checked.inputs);
    expect(fs.readFileSync(file, 'utf8')).toBe('# from-config: token of 6 chars\nhello again');
    expect(updated.content).toBe('hello again');
    expect(unwrapSecret(updated.token)).toBe('s3cr3t');
    expect(isSecret(updated.token)).toBe(true);

    // Replace as the engine does it (create before delete): create the new one, then delete the old.
    const replacement = await host.create(
      host.urn('greeting-2', 'pulumi-nodejs:dynamic/sample:File'),
      renamed,
    );
    expect(fs.existsSync(path.join(dir, 'renamed.txt'))).toBe(true);
    await host.delete(created.id, urn, updated, contentChanged);
    expect(fs.existsSync(file)).toBe(false);
    await host.delete(replacement.id, urn, replacement.outputs, renamed);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('turns a provider exception into an error naming the call', async () => {
    const urn = host.urn('missing-dir');
    const props = { dir: path.join(dir, 'no-such-dir'), name: 'x.txt', content: '' };
    await expect(host.create(urn, props)).rejects.toThrow(
      /dynamic provider Create\(.*missing-dir\) failed: .*ENOENT/,
    );
  });
});
