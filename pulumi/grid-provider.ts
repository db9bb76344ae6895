/**
 * The one dynamic provider class behind every tfgrid resource: an instance per resource kind,
 * serialized into each resource's state. Its methods hold no secret and capture only the kind and
 * two path strings; the code runs from `provider-runtime.ts`, required inside the provider host at
 * call time (see README: local modules captured by value would be copied into every state).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- provider methods load their code at run time (see README) */
import * as path from 'path';
import type * as pulumi from '@pulumi/pulumi';

/** Runtime module by absolute path (strings are captured by value). */
const RUNTIME = path.join(__dirname, 'provider-runtime');
/** The TypeScript hook, needed only when running from the .ts sources (not from the compiled package). */
const REGISTER_TS = __filename.endsWith('.ts') ? path.resolve(__dirname, '../cli/register-ts.js') : '';

/** The runtime by package name (package.json `exports`): where a moved project or another machine finds it. */
const RUNTIME_BY_NAME = 'tfgrid-iac/pulumi/runtime';

/** Requires the first of `ids` that exists (the state may come from another checkout). */
function requireFirst(ids: readonly string[]): unknown {
  let last: unknown;
  for (const id of ids) {
    try {
      return require(id);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
      last = e;
    }
  }
  throw last;
}

function runtime(): typeof import('./provider-runtime') {
  if (REGISTER_TS && !require.extensions['.ts']) {
    try {
      require(REGISTER_TS);
    } catch {
      // a moved checkout: the package found by name is the compiled build, which needs no hook
    }
  }
  return requireFirst([RUNTIME, RUNTIME_BY_NAME]) as typeof import('./provider-runtime');
}

type Props = Record<string, unknown>;

/**
 * A failure that leaves the resource in some state carries its id and properties (the host sends
 * them to the engine, which records them). The state must keep `__provider`, or later reads and
 * deletes could not load the provider: the host adds it to results, not to errors.
 */
function withProvider(e: unknown, inputs: Props): unknown {
  const partial = e as { id?: unknown; properties?: Props };
  if (partial && typeof partial.id === 'string' && partial.properties)
    partial.properties = { ...partial.properties, __provider: inputs.__provider };
  return e;
}

export class GridProvider implements pulumi.dynamic.ResourceProvider {
  /** @param kind key of `resourceKinds` in resource-kinds.ts */
  constructor(readonly kind: string) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    // the mnemonic arrives here, in the host, and stays in its memory
    runtime().configure(req.config);
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const rt = runtime();
    return rt.resourceKinds[this.kind].check(news, olds ?? {}, async () => (await rt.connect()).backend);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const rt = runtime();
    return rt.resourceKinds[this.kind].diff(olds, news, rt.accountSecret);
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const rt = runtime();
    const { backend, wait } = await rt.connect();
    try {
      return await rt.resourceKinds[this.kind].create(backend, inputs, wait);
    } catch (e) {
      throw withProvider(e, inputs);
    }
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult> {
    if (!props)
      throw new Error(
        `tfgrid ${this.kind} ${id}: reading needs the resource's state; import is not supported`,
      );
    const rt = runtime();
    const { backend } = await rt.connect();
    const outs = await rt.resourceKinds[this.kind].read(backend, id, props);
    // a blank id tells Pulumi the resource is gone (e.g. its contract was cancelled elsewhere)
    return outs ? { id, props: outs } : { id: '', props: {} };
  }

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const rt = runtime();
    const kind = rt.resourceKinds[this.kind];
    if (!kind.update) throw new Error(`tfgrid ${this.kind} cannot change in place: diff must replace it`);
    const { backend, wait } = await rt.connect();
    try {
      return { outs: await kind.update(backend, olds, news, wait) };
    } catch (e) {
      throw withProvider(e, news);
    }
  }

  async delete(id: string, props: Props): Promise<void> {
    const rt = runtime();
    const { backend, wait } = await rt.connect();
    await rt.resourceKinds[this.kind].delete(backend, id, props, wait);
  }
}
