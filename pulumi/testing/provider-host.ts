/**
 * Test harness for Pulumi dynamic providers without the Pulumi CLI: starts the real Node.js dynamic
 * provider host (`@pulumi/pulumi/cmd/dynamic-provider`) and drives it over gRPC the way the engine
 * does for a `pulumi-nodejs:dynamic:Resource`: the provider closure serialized into `__provider`,
 * properties as google.protobuf.Struct, the full stack config on Configure, secrets stripped before
 * each call (the host does not accept secrets) and re-applied to results by input key.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as pulumi from '@pulumi/pulumi';
import * as providerRpc from '@pulumi/pulumi/proto/provider_grpc_pb';
import * as providerPb from '@pulumi/pulumi/proto/provider_pb';
import * as statusPb from '@pulumi/pulumi/proto/status_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import { FakeEngine } from './fake-engine';
import { HostProcess, findProjectRoot } from './host-process';
import {
  PROVIDER_KEY,
  annotateSecrets,
  removeSecrets,
  secret,
  toStructValue,
  type PropertyMap,
  type PropertyValue,
} from './property-values';

/** Our transpile-only TypeScript require hook, preloaded into the host by default. */
export const REGISTER_TS = path.resolve(__dirname, '../../cli/register-ts.js');

/** Options of {@link ProviderHost.start}. */
export interface ProviderHostOptions {
  /** the dynamic provider to serialize into `__provider` when a call's properties lack it */
  readonly provider?: pulumi.dynamic.ResourceProvider;
  /** Pulumi project name (sets PULUMI_NODEJS_PROJECT, used by the provider's `config.get('key')`); @default 'tfgrid-test' */
  readonly project?: string;
  /** stack name used in URNs; @default 'test' */
  readonly stack?: string;
  /**
   * Stack config sent on Configure, keyed `namespace:key` (e.g. `tfgrid:network`); wrap secret values
   * with `secret('...')`. @default {}
   */
  readonly config?: Readonly<Record<string, string | PropertyMap>>;
  /** modules preloaded into the host (absolute paths); @default [REGISTER_TS] */
  readonly preload?: readonly string[];
  /** extra environment for the host; @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** host working directory; @default the nearest directory above this file with node_modules/@pulumi/pulumi */
  readonly cwd?: string;
  /** wait for the host's port, in milliseconds; @default 20000 */
  readonly startTimeoutMs?: number;
  /** deadline of each gRPC call, in milliseconds; @default 30000 */
  readonly callTimeoutMs?: number;
}

/** Result of Check: the inputs the provider accepted (defaults applied) and what it rejected. */
export interface CheckResult {
  readonly inputs: PropertyMap;
  readonly failures: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
}

/** Result of Diff. */
export interface DiffResult {
  readonly changes: 'none' | 'some' | 'unknown';
  /** properties whose change forces a replacement; non-empty means the engine replaces */
  readonly replaces: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

/** Result of Create and Read: the resource id and its outputs (`__provider` included, as in the state). */
export interface ResourceState {
  readonly id: string;
  readonly outputs: PropertyMap;
}

/** Result of Read; `inputs` only if the provider returned new inputs. */
export interface ReadResult extends ResourceState {
  readonly inputs?: PropertyMap;
}

type Callback<T> = (err: grpc.ServiceError | null, res?: T) => void;

/**
 * A Create or Update that failed after the resource came to exist: the provider's error carried its
 * id and properties (`ErrorResourceInitFailed` in the gRPC status details), which the engine
 * records as the resource's state.
 */
export class ResourceInitFailedError extends Error {
  constructor(
    message: string,
    readonly id: string,
    /** the state to record (`__provider` included when the provider put it there) */
    readonly properties: PropertyMap,
    readonly reasons: readonly string[],
  ) {
    super(message);
    this.name = 'ResourceInitFailedError';
  }
}

/** The ErrorResourceInitFailed detail of a failed call, if it has one. */
function initFailure(err: grpc.ServiceError | null): providerPb.ErrorResourceInitFailed | undefined {
  const [bin] = err?.metadata?.get('grpc-status-details-bin') ?? [];
  if (!bin) return undefined;
  const status = statusPb.Status.deserializeBinary(
    typeof bin === 'string' ? Buffer.from(bin, 'base64') : new Uint8Array(bin),
  );
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== 'pulumirpc.ErrorResourceInitFailed') continue;
    return providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
  }
  return undefined;
}

/** The dynamic provider's `pulumi-nodejs:dynamic:Resource` type token. */
export const DYNAMIC_RESOURCE_TYPE = 'pulumi-nodejs:dynamic:Resource';

/**
 * Serializes a dynamic provider exactly as `pulumi.dynamic.Resource` does (its closure as module text
 * exporting `handler`). Under ts-jest this sees the transpiled JavaScript of the provider's methods.
 */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<PropertyValue> {
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return sf.containsSecrets ? secret(sf.text) : sf.text;
}

/** A running dynamic provider host and a gRPC client to it. Call {@link close} when done. */
export class ProviderHost {
  /** Configure's answer: false for the Node.js dynamic provider, so secrets are stripped before calls. */
  private acceptSecrets = false;
  private configured: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly engine: FakeEngine,
    private readonly process: HostProcess,
    private readonly client: providerRpc.ResourceProviderClient,
    private readonly serializedProvider: PropertyValue | undefined,
    private readonly options: ProviderHostOptions,
  ) {}

  /** Starts the fake engine and the host process, and connects to the host. */
  static async start(options: ProviderHostOptions = {}): Promise<ProviderHost> {
    const serialized = options.provider ? await serializeProvider(options.provider) : undefined;
    const project = options.project ?? 'tfgrid-test';
    const engine = await FakeEngine.start();
    let host: HostProcess | undefined;
    try {
      host = await HostProcess.start({
        engineAddress: engine.address,
        cwd: options.cwd ?? findProjectRoot(__dirname),
        preload: options.preload ?? [REGISTER_TS],
        // The engine sets both for the pulumi-nodejs plugin (the SDK reads the first).
        env: { PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...options.env },
        startTimeoutMs: options.startTimeoutMs ?? 20000,
      });
      const client = new providerRpc.ResourceProviderClient(
        `127.0.0.1:${host.port}`,
        grpc.credentials.createInsecure(),
      );
      const deadline = Date.now() + (options.startTimeoutMs ?? 20000);
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(deadline, (err) =>
          err
            ? reject(new Error(`dynamic provider host on port ${host?.port} not reachable: ${err.message}`))
            : resolve(),
        ),
      );
      return new ProviderHost(engine, host, client, serialized, { ...options, project });
    } catch (err) {
      await host?.stop();
      engine.close();
      throw err;
    }
  }

  /** Project name the host runs under. */
  get project(): string {
    return this.options.project ?? 'tfgrid-test';
  }

  /** Lines the host printed (its console output, errors and stack traces), newest last. */
  get output(): readonly string[] {
    return this.process.output;
  }

  /** Messages the host sent to the fake engine's Log service. */
  get engineLogs(): FakeEngine['logs'] {
    return this.engine.logs;
  }

  /** URN of a dynamic resource in this host's project and stack. */
  urn(name: string, type = DYNAMIC_RESOURCE_TYPE): string {
    return `urn:pulumi:${this.options.stack ?? 'test'}::${this.project}::${type}::${name}`;
  }

  /**
   * Configure, as the engine does for the default `pulumi-nodejs` provider: every stack config key
   * (namespaced), secrets marked. The CRUD methods configure once with `options.config` if not done.
   */
  async configure(
    config: Readonly<Record<string, string | PropertyMap>> = this.options.config ?? {},
  ): Promise<void> {
    const variables: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
      if (!key.includes(':')) throw new Error(`config key '${key}' must be namespaced, e.g. 'tfgrid:${key}'`);
      const plain = removeSecrets(value);
      variables[`pulumi-nodejs:config:${key}`] = typeof plain === 'string' ? plain : JSON.stringify(plain);
    }
    const req = new providerPb.ConfigureRequest()
      .setArgs(toStruct(config as PropertyMap, 'config'))
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true)
      .setSendsOldInputsToDelete(true)
      .setUrn(
        `urn:pulumi:${this.options.stack ?? 'test'}::${this.project}::pulumi:providers:pulumi-nodejs::default`,
      )
      .setName('default')
      .setType('pulumi:providers:pulumi-nodejs');
    for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
    const res = await this.unary<providerPb.ConfigureResponse>('Configure', (md, o, cb) =>
      this.client.configure(req, md, o, cb),
    );
    this.acceptSecrets = res.getAcceptsecrets();
    this.configured = Promise.resolve();
  }

  /** Check(olds, news): news are the program's inputs; olds the previous checked inputs ({} on create). */
  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    await this.ensureConfigured();
    const withProvider = this.withProvider(news);
    const req = new providerPb.CheckRequest()
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setOlds(this.marshal(olds, 'olds'))
      .setNews(this.marshal(withProvider, 'news'))
      .setRandomseed(crypto.randomBytes(32));
    const res = await this.unary<providerPb.CheckResponse>(`Check(${urn})`, (md, o, cb) =>
      this.client.check(req, md, o, cb),
    );
    return {
      inputs: this.unmarshal(res.getInputs(), withProvider),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff(id, olds = old outputs, news = new checked inputs); `oldInputs` defaults to olds. */
  async diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs = olds,
  ): Promise<DiffResult> {
    await this.ensureConfigured();
    const req = new providerPb.DiffRequest()
      .setId(id)
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setOlds(this.marshal(olds, 'olds'))
      .setNews(this.marshal(this.withProvider(news), 'news'))
      .setOldInputs(this.marshal(oldInputs, 'oldInputs'));
    const res = await this.unary<providerPb.DiffResponse>(`Diff(${urn})`, (md, o, cb) =>
      this.client.diff(req, md, o, cb),
    );
    const changes = res.getChanges();
    const Kinds = providerPb.DiffResponse.DiffChanges;
    return {
      changes: changes === Kinds.DIFF_NONE ? 'none' : changes === Kinds.DIFF_SOME ? 'some' : 'unknown',
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  /** Create(props = checked inputs); a failure with a partial state throws ResourceInitFailedError. */
  async create(urn: string, props: PropertyMap): Promise<ResourceState> {
    await this.ensureConfigured();
    const withProvider = this.withProvider(props);
    const req = new providerPb.CreateRequest()
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setProperties(this.marshal(withProvider, 'properties'));
    const res = await this.unary<providerPb.CreateResponse>(
      `Create(${urn})`,
      (md, o, cb) => this.client.create(req, md, o, cb),
      withProvider,
    );
    if (!res.getId())
      throw new Error(`dynamic provider Create(${urn}) returned an empty id: return { id, outs }`);
    return { id: res.getId(), outputs: this.unmarshal(res.getProperties(), withProvider) };
  }

  /** Read(id, props = current outputs, inputs = current inputs) as in a refresh. */
  async read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    await this.ensureConfigured();
    const req = new providerPb.ReadRequest()
      .setId(id)
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setProperties(this.marshal(this.withProvider(props), 'properties'));
    if (inputs) req.setInputs(this.marshal(inputs, 'inputs'));
    const res = await this.unary<providerPb.ReadResponse>(`Read(${urn})`, (md, o, cb) =>
      this.client.read(req, md, o, cb),
    );
    const newInputs = res.getInputs();
    return {
      id: res.getId(),
      outputs: this.unmarshal(res.getProperties(), props),
      ...(newInputs ? { inputs: this.unmarshal(newInputs, inputs ?? props) } : {}),
    };
  }

  /**
   * Update(id, olds = old outputs, news = new checked inputs); `oldInputs` defaults to olds. A failure
   * with a partial state throws ResourceInitFailedError.
   */
  async update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs = olds,
  ): Promise<PropertyMap> {
    await this.ensureConfigured();
    const withProvider = this.withProvider(news);
    const req = new providerPb.UpdateRequest()
      .setId(id)
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setOlds(this.marshal(olds, 'olds'))
      .setNews(this.marshal(withProvider, 'news'))
      .setOldInputs(this.marshal(oldInputs, 'oldInputs'));
    const res = await this.unary<providerPb.UpdateResponse>(
      `Update(${urn})`,
      (md, o, cb) => this.client.update(req, md, o, cb),
      withProvider,
    );
    return this.unmarshal(res.getProperties(), withProvider);
  }

  /** Delete(id, props = current outputs); `oldInputs` defaults to props. */
  async delete(id: string, urn: string, props: PropertyMap, oldInputs = props): Promise<void> {
    await this.ensureConfigured();
    const req = new providerPb.DeleteRequest()
      .setId(id)
      .setUrn(urn)
      .setName(nameOf(urn))
      .setType(typeOf(urn))
      .setProperties(this.marshal(this.withProvider(props), 'properties'))
      .setOldInputs(this.marshal(oldInputs, 'oldInputs'));
    await this.unary(`Delete(${urn})`, (md, o, cb) => this.client.delete(req, md, o, cb));
  }

  /** Closes the client, stops the host process and the fake engine. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    await this.process.stop();
    this.engine.close();
  }

  private ensureConfigured(): Promise<void> {
    this.configured ??= this.configure();
    return this.configured;
  }

  /** Adds the serialized provider when the caller's properties have none, as the SDK does on registration. */
  private withProvider(props: PropertyMap): PropertyMap {
    if (PROVIDER_KEY in props || this.serializedProvider === undefined) return props;
    return { ...props, [PROVIDER_KEY]: this.serializedProvider };
  }

  private marshal(props: PropertyMap, what: string): Struct {
    return toStruct(this.acceptSecrets ? props : removeSecrets(props), what);
  }

  /** Struct to properties, putting back the secretness of the request's properties (engine behaviour). */
  private unmarshal(struct: Struct | undefined, sent: PropertyMap): PropertyMap {
    const props = (struct?.toJavaScript() ?? {}) as PropertyMap;
    return this.acceptSecrets ? props : annotateSecrets(props, sent);
  }

  /** One call; `sent` are the properties the engine would re-mark secrets on (Create, Update). */
  private unary<T>(
    what: string,
    invoke: (md: grpc.Metadata, options: Partial<grpc.CallOptions>, cb: Callback<T>) => unknown,
    sent?: PropertyMap,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${what}: the provider host is closed`));
    const timeoutMs = this.options.callTimeoutMs ?? 30000;
    return new Promise<T>((resolve, reject) => {
      invoke(new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (!err && res) return resolve(res);
        const reason =
          err?.code === grpc.status.DEADLINE_EXCEEDED
            ? `no answer within ${timeoutMs} ms`
            : (err?.details ?? 'no response');
        const tail = this.process.tail(10);
        const message = `dynamic provider ${what} failed: ${reason}${tail ? `\nhost output:\n${tail}` : ''}`;
        const partial = initFailure(err);
        if (partial)
          return reject(
            new ResourceInitFailedError(
              message,
              partial.getId(),
              this.unmarshal(partial.getProperties(), sent ?? {}),
              partial.getReasonsList(),
            ),
          );
        reject(new Error(message));
      });
    });
  }
}

function toStruct(props: PropertyMap, what: string): Struct {
  const value = toStructValue(props, what);
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Last URN segment: the resource name. */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

/** The resource's own type: the URN type segment after any parent types (`parent$child`). */
function typeOf(urn: string): string {
  const parts = urn.split('::');
  const qualified = parts[parts.length - 2] ?? '';
  return qualified.slice(qualified.lastIndexOf('$') + 1);
}
