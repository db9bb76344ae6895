/**
 * Pattern for program-shape tests with `pulumi.runtime.setMocks`: no engine and no provider host;
 * the mock answers each resource registration and the test reads the resulting outputs.
 * The provider's CRUD code does not run here (provider-host.test.ts covers that).
 */
import * as pulumi from '@pulumi/pulumi';
import { SampleFile } from './fixtures/file-provider';

/** Resolves an Output's value (undefined during a preview if unknown). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** A program as a user writes it: config in, resources and exported outputs out. */
function program(): { file: SampleFile; mnemonic: pulumi.Output<string> } {
  const config = new pulumi.Config('tfgrid');
  const network = config.get('network') ?? 'local';
  const file = new SampleFile('motd', { dir: '/srv', name: `${network}.txt`, content: `network ${network}` });
  return { file, mnemonic: config.requireSecret('mnemonic') };
}

describe('setMocks pattern for dynamic resources', () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  let outputs: ReturnType<typeof program>;

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          // The mock plays the provider: the state it returns becomes the resource's outputs.
          const { __provider: _provider, ...inputs } = args.inputs as Record<string, unknown>;
          return {
            id: `${args.name}-id`,
            state: { ...inputs, path: `${inputs.dir}/${inputs.name}`, label: 'mocked', sizeBytes: 42 },
          };
        },
        call: (args) => args.inputs,
      },
      'tfgrid-test',
      'dev',
      false,
    );
    // Stack config as `pulumi config set [--secret]` would give it; keys are `namespace:key`.
    pulumi.runtime.setAllConfig({ 'tfgrid:network': 'dev', 'tfgrid:mnemonic': 'not a real mnemonic' }, [
      'tfgrid:mnemonic',
    ]);
    // Run the program once; each test reads what it registered.
    outputs = program();
  });

  afterAll(async () => {
    // Let pending registrations settle so nothing runs after Jest tears the module registry down.
    await valueOf(pulumi.all([outputs.file.urn, outputs.file.id, outputs.mnemonic]));
  });

  it('registers the dynamic resource with its type, inputs and serialized provider', async () => {
    const { file } = outputs;
    expect(await valueOf(file.urn)).toBe(
      'urn:pulumi:dev::tfgrid-test::pulumi-nodejs:dynamic/sample:File::motd',
    );
    const args = registered.find((r) => r.name === 'motd');
    expect(args?.type).toBe('pulumi-nodejs:dynamic/sample:File');
    expect(args?.inputs).toMatchObject({ dir: '/srv', name: 'dev.txt', content: 'network dev' });
    // The provider closure travels as a property, exactly as with the real engine.
    expect(String(args?.inputs.__provider)).toContain('exports.handler');
  });

  it('exposes the mocked state as typed outputs', async () => {
    const { file } = outputs;
    expect(await valueOf(file.id)).toBe('motd-id');
    expect(await valueOf(file.path)).toBe('/srv/dev.txt');
    expect(await valueOf(file.label)).toBe('mocked');
    expect(await valueOf(file.sizeBytes)).toBe(42);
  });

  it('keeps secret config secret in the program', async () => {
    const { mnemonic } = outputs;
    expect(await pulumi.isSecret(mnemonic)).toBe(true);
    expect(await valueOf(mnemonic)).toBe('not a real mnemonic');
  });
});
