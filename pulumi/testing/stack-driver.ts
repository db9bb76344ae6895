/**
 * `pulumi preview`, `up`, `refresh` and `destroy` of a program's dynamic resources, without the
 * Pulumi CLI. The program runs under `pulumi.runtime.setMocks`, whose monitor hands every resource
 * registration to this driver; the driver then calls the real dynamic provider host
 * (ProviderHost) as the engine's step generator does:
 * - Check (old inputs, new inputs), then Diff (old outputs, checked inputs, old inputs);
 * - no old state: Create; no change: Same (the new inputs are kept with the old outputs);
 * - a change: Update, or a replace (Create then Delete of the old one after the program, or Delete
 *   first when the diff says `deleteBeforeReplace`);
 * - a failed Create or Update whose error carries id and properties records them (partial state);
 * - in a preview nothing is created, updated or deleted, and Create and Update return the checked
 *   inputs as the state (what the engine does for providers without preview support, such as the
 *   dynamic provider); outputs not among them are unknown to the program.
 * Resources the program no longer registers are deleted after it, newest first.
 */
import * as pulumi from '@pulumi/pulumi';
import { ProviderHost, ResourceInitFailedError } from './provider-host';
import type { PropertyMap, PropertyValue } from './property-values';

/** The value Pulumi sends for what is not known yet. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** One resource of the stack's state. */
export interface StackResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: PropertyMap;
  readonly outputs: PropertyMap;
}

/** What a run did (or, in a preview, would do) to one resource. */
export interface StackStep {
  readonly urn: string;
  readonly name: string;
  readonly op: 'create' | 'same' | 'update' | 'replace' | 'delete' | 'refresh' | 'gone';
  readonly replaces?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  /** inputs holding values not known yet (previews) */
  readonly unknownInputs?: readonly string[];
  /** the checked inputs (previews show them) */
  readonly inputs?: PropertyMap;
}

/** Result of a preview or an up. */
export interface RunResult {
  readonly steps: StackStep[];
  /** the program's exports, resolved; unknown values are {@link UNKNOWN} */
  readonly outputs: Record<string, unknown>;
  /** failed registrations, by resource name */
  readonly errors: { readonly name: string; readonly error: Error }[];
}

/** A Pulumi program: returns its stack outputs (as `export = () => ({...})` does). */
export type Program = () => Record<string, unknown> | void;

/** Unknowns in a value (mocks deserialize them as `pulumi`'s unknown) back to the wire string. */
function toWire(v: unknown): PropertyValue {
  if (pulumi.isUnknown(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') {
    const out: Record<string, PropertyValue> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toWire(x);
    return out;
  }
  return v as PropertyValue;
}

const holdsUnknown = (v: unknown): boolean =>
  v === UNKNOWN ||
  (Array.isArray(v)
    ? v.some(holdsUnknown)
    : !!v && typeof v === 'object' && Object.values(v).some(holdsUnknown));

/** A stack: its state, and the runs that change it. */
export class StackDriver {
  /** the state, oldest first */
  readonly resources = new Map<string, StackResource>();

  constructor(
    private readonly host: ProviderHost,
    /** Pulumi project and stack of the program */
    private readonly project: string,
    private readonly stack = 'test',
  ) {}

  /** `pulumi preview`: Check and Diff only. */
  preview(program: Program, config: Record<string, string> = {}): Promise<RunResult> {
    return this.run(program, config, true);
  }

  /** `pulumi up` (`--skip-preview`: run `preview` first to see what it would do). */
  up(program: Program, config: Record<string, string> = {}): Promise<RunResult> {
    return this.run(program, config, false);
  }

  /** `pulumi refresh`: Read every resource; a blank id means it is gone. */
  async refresh(): Promise<StackStep[]> {
    const steps: StackStep[] = [];
    for (const r of [...this.resources.values()]) {
      const read = await this.host.read(r.id, r.urn, r.outputs, r.inputs);
      if (read.id === '') {
        this.resources.delete(r.urn);
        steps.push({ urn: r.urn, name: r.name, op: 'gone' });
      } else {
        this.resources.set(r.urn, {
          ...r,
          id: read.id,
          outputs: read.outputs,
          inputs: read.inputs ?? r.inputs,
        });
        steps.push({ urn: r.urn, name: r.name, op: 'refresh' });
      }
    }
    return steps;
  }

  /** `pulumi destroy`: Delete everything, newest first. */
  async destroy(): Promise<StackStep[]> {
    const steps: StackStep[] = [];
    for (const r of [...this.resources.values()].reverse()) {
      await this.host.delete(r.id, r.urn, r.outputs, r.inputs);
      this.resources.delete(r.urn);
      steps.push({ urn: r.urn, name: r.name, op: 'delete' });
    }
    return steps;
  }

  /** The state of the resource named `name`. */
  get(name: string): StackResource {
    const r = [...this.resources.values()].find((x) => x.name === name);
    if (!r)
      throw new Error(
        `no resource '${name}' in the state: ${[...this.resources.values()].map((x) => x.name).join(', ')}`,
      );
    return r;
  }

  private async run(program: Program, config: Record<string, string>, preview: boolean): Promise<RunResult> {
    const steps: StackStep[] = [];
    const errors: RunResult['errors'] = [];
    const registered = new Set<string>();
    const oldsToDelete: StackResource[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          if (!args.custom || !args.type.startsWith('pulumi-nodejs:dynamic'))
            return { id: undefined, state: args.inputs };
          try {
            return await this.register(args.type, args.name, toWire(args.inputs) as PropertyMap, {
              preview,
              steps,
              registered,
              oldsToDelete,
            });
          } catch (e) {
            errors.push({ name: args.name, error: e as Error });
            throw e;
          }
        },
        call: () => {
          throw new Error('the stack driver serves no invokes');
        },
      },
      this.project,
      this.stack,
      preview,
    );
    pulumi.runtime.setAllConfig(
      Object.fromEntries(Object.entries(config).map(([k, v]) => [`${this.project}:${k}`, v])),
    );
    const exported = program() ?? {};
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal RPC queue
    await (require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const outputs = (await (
      pulumi.output(exported) as unknown as { promise(withUnknowns: boolean): Promise<unknown> }
    ).promise(true)) as Record<string, unknown>;
    if (!preview && errors.length === 0) {
      // replaced resources (create-before-delete) and what the program dropped, newest first
      const dropped = [...this.resources.values()].filter((r) => !registered.has(r.urn));
      for (const r of [...oldsToDelete, ...dropped.reverse()]) {
        await this.host.delete(r.id, r.urn, r.outputs, r.inputs);
        if (dropped.includes(r)) {
          this.resources.delete(r.urn);
          steps.push({ urn: r.urn, name: r.name, op: 'delete' });
        }
      }
    }
    return { steps, outputs: toWire(outputs) as Record<string, unknown>, errors };
  }

  private async register(
    type: string,
    name: string,
    news: PropertyMap,
    run: { preview: boolean; steps: StackStep[]; registered: Set<string>; oldsToDelete: StackResource[] },
  ): Promise<{ id: string | undefined; state: Record<string, unknown> }> {
    const urn = this.host.urn(name, type);
    run.registered.add(urn);
    const old = this.resources.get(urn);
    const checked = await this.host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length > 0)
      throw new Error(`${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join('; ')}`);
    const inputs = checked.inputs;
    const unknownInputs = Object.keys(inputs).filter((k) => holdsUnknown(inputs[k]));
    const step = { urn, name, inputs, ...(unknownInputs.length > 0 ? { unknownInputs } : {}) };
    const keep = (r: StackResource) => this.resources.set(urn, r);
    if (!old) {
      run.steps.push({ ...step, op: 'create' });
      if (run.preview) return { id: undefined, state: inputs };
      const created = await this.recording(urn, type, name, inputs, () => this.host.create(urn, inputs));
      keep({ urn, type, name, id: created.id, inputs, outputs: created.outputs });
      return { id: created.id, state: created.outputs };
    }
    const diff = await this.host.diff(old.id, urn, old.outputs, inputs, old.inputs);
    if (diff.changes === 'none') {
      run.steps.push({ ...step, op: 'same' });
      if (!run.preview) keep({ ...old, inputs });
      return { id: old.id, state: old.outputs };
    }
    if (diff.replaces.length > 0) {
      run.steps.push({
        ...step,
        op: 'replace',
        replaces: diff.replaces,
        deleteBeforeReplace: diff.deleteBeforeReplace,
      });
      if (run.preview) return { id: old.id, state: inputs };
      if (diff.deleteBeforeReplace) {
        await this.host.delete(old.id, urn, old.outputs, old.inputs);
        this.resources.delete(urn);
      } else run.oldsToDelete.push(old);
      const created = await this.recording(urn, type, name, inputs, () => this.host.create(urn, inputs));
      keep({ urn, type, name, id: created.id, inputs, outputs: created.outputs });
      return { id: created.id, state: created.outputs };
    }
    run.steps.push({ ...step, op: 'update' });
    if (run.preview) return { id: old.id, state: inputs };
    const outputs = await this.recording(urn, type, name, inputs, async () => ({
      id: old.id,
      outputs: await this.host.update(old.id, urn, old.outputs, inputs, old.inputs),
    }));
    keep({ ...old, inputs, outputs: outputs.outputs });
    return { id: old.id, state: outputs.outputs };
  }

  /** Runs a Create or Update; a partial failure records the resource as the engine does. */
  private async recording(
    urn: string,
    type: string,
    name: string,
    inputs: PropertyMap,
    call: () => Promise<{ id: string; outputs: PropertyMap }>,
  ): Promise<{ id: string; outputs: PropertyMap }> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ResourceInitFailedError && e.id)
        this.resources.set(urn, { urn, type, name, id: e.id, inputs, outputs: e.properties });
      throw e;
    }
  }
}
