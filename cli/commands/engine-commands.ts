/**
 * `tfgrid plan|apply|destroy|status|refresh <program>`: the engine from the command line. No state
 * file: the chain is the record (contracts are tagged with project and unit).
 */
import { App } from '../../constructs/app';
import { collectingErrors } from '../../constructs/errors';
import type { SynthResult } from '../../constructs/manifest';
import { ApplyError } from '../../engine/apply-run';
import { StalePlanError, type ApplyResult, type EnginePlan } from '../../engine/engine';
import { projectStatus } from '../../engine/drift';
import { observe } from '../../engine/observe';
import { LeaseHeldError, ProjectLease, withProjectLease, type LeaseOptions } from '../../engine/lease';
import { withLeaseInBatch } from '../../engine/lease-in-batch';
import { UsageError } from '../args';
import { parseCommandArgs } from '../command-specs';
import { count, formatApply, formatDestroyList, formatPlan, formatStatus } from '../format-plan';
import { openSession, parseNetwork, type GridSession } from '../grid-session';
import { loadProgram } from '../load-program';
import { CommandFailure, ExitCode, type Output } from '../output';
import { checkPlanProgram, readPlanFile, SavedPlanError, writePlanFile, type PlanFile } from '../plan-file';
import { programGraph } from '../../engine/graph/program-graph';
import { renderGraph } from '../../engine/graph/render';
import { graphFormat } from './graph';
import { Timings } from '../../engine/timings';

interface Ctx {
  readonly synth: SynthResult;
  readonly program: string;
  readonly session: GridSession;
  readonly flags: Record<string, string | boolean>;
  readonly io: Output;
  readonly module: Record<string, unknown>;
  /** set for `apply plan.json` */
  readonly saved?: PlanFile;
}

/** Said with every result on the dev grid, so nobody mistakes it for the real thing. */
const DEVGRID_NOTE =
  'note: this is the local dev grid: machines are SSH sandboxes on this host (console_url is host:port), not VMs; no k3s runs, no wireguard tunnel exists, and qsfs has no zstor behind it (docs/devgrid.md)';

/** Runs `work` holding the project's lease (one apply or destroy at a time); says when it waits. */
function leased<T>(c: Ctx, work: () => Promise<T>): Promise<T> {
  return withProjectLease(c.session.backend, c.synth.manifest.project, leaseOptions(c), work);
}

/** How long to wait for the project's lease (--lock-timeout), and saying so. */
function leaseOptions(c: Ctx): LeaseOptions {
  const project = c.synth.manifest.project;
  let waitMs = 300_000;
  if (c.flags['lock-timeout'] !== undefined) {
    const s = Number(c.flags['lock-timeout']);
    if (!Number.isFinite(s) || s < 0)
      throw new UsageError(
        `--lock-timeout must be a number of seconds (0 or more), got '${c.flags['lock-timeout']}'`,
      );
    waitMs = s * 1000;
  }
  const onWait = (held: { holder: string; expiresAt: number }) =>
    c.io.err(
      `waiting for the lease of project '${project}': held by ${held.holder} until ${new Date(held.expiresAt).toISOString()} (up to ${waitMs / 1000} s)`,
    );
  return { waitMs, onWait };
}

export async function confirm(io: Output, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY)
    throw new UsageError('refusing to change the grid without a terminal to confirm: pass --yes');
  io.err(`${question} [y/N] `);
  const answer = await new Promise<string>((resolve) =>
    process.stdin.once('data', (d) => resolve(String(d).trim())),
  );
  process.stdin.pause();
  return /^y(es)?$/i.test(answer);
}

async function plan(c: Ctx): Promise<number> {
  const p = await c.session.engine.plan(c.synth);
  if (c.flags.graph) c.io.out(renderGraph(programGraph(c.synth.manifest, p), graphFormat(c.flags.format)));
  else c.io.out(c.flags.json ? JSON.stringify(p, null, 2) : formatPlan(p, c.synth.manifest.project));
  if (typeof c.flags.out === 'string') {
    writePlanFile(c.flags.out, {
      program: c.program,
      network: c.session.network,
      manifest: c.synth.manifest,
      plan: p,
    });
    if (!c.flags.json)
      c.io.err(`plan saved to ${c.flags.out}: 'tfgrid apply ${c.flags.out}' applies exactly this`);
  }
  return c.flags['detailed-exitcode'] && !p.empty ? ExitCode.changes : ExitCode.ok;
}

/**
 * Apply takes the project's lease only when there is something to change, so that an apply with
 * nothing to do sends nothing: its empty plan is checked again by applyPlan, which changes nothing
 * if the grid moved meanwhile. A plan that creates contracts is applied as shown, the lease written
 * in its first contract batch (engine/lease-in-batch.ts); when another apply took the lease
 * meanwhile, or the grid changed since the plan, it undoes that batch, waits for the lease and plans
 * again under it. Other changes are planned (again) under the lease.
 */
async function apply(c: Ctx): Promise<number> {
  const first: EnginePlan = c.saved ? c.saved.plan : await c.session.engine.plan(c.synth);
  if (first.empty) return applyConfirmed(c, first);
  // a saved plan was confirmed when it was made; otherwise the plan is shown and confirmed here
  const underLease = async () => applyConfirmed(c, c.saved ? first : await c.session.engine.plan(c.synth));
  const creates =
    first.actions.some((a) => a.op === 'create' || a.op === 'replace') ||
    first.names.some((n) => n.op === 'create');
  if (!creates) return leased(c, underLease);
  await showAndConfirm(c, first);
  const lease = new ProjectLease(c.session.backend, c.synth.manifest.project, leaseOptions(c));
  try {
    return await withLeaseInBatch(lease, c.session.backend, {
      first: async (backend) =>
        applyDone(c, await c.session.engine.withBackend(backend).applyPlan(c.synth, first)),
      again: underLease,
      // the lost batch's contracts must all be cancelled; a saved plan is applied as it is or not at all
      retry: (e, lost) =>
        lost
          ? e instanceof ApplyError && e.leftovers.length === 0 && !e.chainLost
          : e instanceof StalePlanError && !c.saved,
      onAgain: (e) =>
        c.io.err(
          e instanceof StalePlanError
            ? 'the grid changed since the plan: planning again under the lease'
            : `${(e as Error).message}\nanother apply or destroy of the project took its lease first: planning again under the lease`,
        ),
    });
  } catch (e) {
    throw staleFailure(c, e);
  }
}

async function showAndConfirm(c: Ctx, p: EnginePlan): Promise<void> {
  if (!c.flags.json) c.io.err(formatPlan(p, c.synth.manifest.project));
  if (!c.saved && !p.empty && !(await confirm(c.io, 'apply these changes?', !!c.flags.yes)))
    throw new CommandFailure(ExitCode.invalid, 'declined: nothing applied');
}

/** A plan that no longer holds, said with the plan now; other errors as they are. */
function staleFailure(c: Ctx, e: unknown): unknown {
  if (!(e instanceof StalePlanError)) return e;
  const now = c.flags.json ? '' : `; the plan now:\n${formatPlan(e.plan, c.synth.manifest.project)}`;
  return new CommandFailure(ExitCode.invalid, `${e.message}${now}`, { stale: true, plan: e.plan });
}

async function applyConfirmed(c: Ctx, p: EnginePlan): Promise<number> {
  if (p.empty && !c.flags.verify) {
    if (!c.flags.json) c.io.err(formatPlan(p, c.synth.manifest.project));
    if (c.flags.json) c.io.out(JSON.stringify({ changed: false, plan: p }, null, 2));
    return ExitCode.ok;
  }
  await showAndConfirm(c, p);
  let result;
  try {
    // what was shown is what is applied: a grid that changed meanwhile stops it before any change
    result = await c.session.engine.applyPlan(c.synth, p);
  } catch (e) {
    throw staleFailure(c, e);
  }
  return applyDone(c, result);
}

/** Verifies (--verify) and prints what an apply did. */
async function applyDone(c: Ctx, result: ApplyResult): Promise<number> {
  // ssh2 and the probes are loaded only for --verify
  const checks = c.flags.verify
    ? await (await import('../verify')).verifyOutputs(c.synth, result, c.session, c.module, c.io)
    : [];
  const note = c.session.network === 'local' ? { devgrid: DEVGRID_NOTE } : {};
  if (c.flags.json)
    c.io.out(JSON.stringify({ ...result, ...(c.flags.verify ? { checks } : {}), ...note }, null, 2));
  else {
    c.io.out(formatApply(result));
    if (c.session.network === 'local') c.io.out(DEVGRID_NOTE);
    for (const x of checks) c.io.out(`${x.ok ? 'ok  ' : 'FAIL'} ${x.what}${x.detail ? `: ${x.detail}` : ''}`);
  }
  return checks.some((x) => !x.ok) ? ExitCode.gridError : ExitCode.ok;
}

async function destroy(c: Ctx): Promise<number> {
  const { project } = c.synth.manifest;
  const observed = await observe(c.session.backend, project);
  const listed = [...observed.deployments.map((d) => d.contractId), ...observed.names.values()];
  if (!c.flags.json && listed.length) c.io.err(formatDestroyList(project, observed));
  if (c.synth.manifest.units.some((u) => u.kind === 'dao-proposal' || u.kind === 'dao-vote') && !c.flags.json)
    c.io.err('DAO proposals and votes stay on chain: they cannot be withdrawn');
  if (listed.length && !(await confirm(c.io, `cancel ${count(listed.length, 'contract')}?`, !!c.flags.yes)))
    throw new CommandFailure(ExitCode.invalid, 'declined: nothing cancelled');
  const { cancelled, untold } = listed.length
    ? await c.session.engine.destroy(project)
    : { cancelled: [], untold: [] };
  if (c.flags.json) {
    const contracts = [
      ...observed.deployments.map((d) => ({ unit: d.unit, contractId: d.contractId, nodeId: d.nodeId })),
      ...[...observed.names].map(([name, contractId]) => ({ name, contractId })),
    ];
    c.io.out(JSON.stringify({ cancelled, untold, contracts }));
  } else {
    c.io.out(
      cancelled.length
        ? `cancelled ${count(cancelled.length, 'contract')}: ${cancelled.join(', ')}`
        : 'nothing to destroy',
    );
    for (const u of untold)
      c.io.out(
        `node ${u.nodeId} could not be told (${u.reason}): it removes contract(s) ${u.contractIds.join(', ')} itself once it reads the cancellation from the chain`,
      );
  }
  // the contracts are cancelled, which is what destroy promises: untold nodes are not a failure
  return ExitCode.ok;
}

/** What the project has on the grid, including orphans and drift (see engine/drift.ts). */
async function status(c: Ctx, refresh: boolean): Promise<number> {
  const observed = await c.session.engine.timings.time('grid reads', () =>
    observe(c.session.backend, c.synth.manifest.project),
  );
  const st = projectStatus(c.synth.manifest, observed);
  if (refresh && !c.flags.json)
    c.io.err(formatPlan(await c.session.engine.plan(c.synth), c.synth.manifest.project));
  c.io.out(c.flags.json ? JSON.stringify(st, null, 2) : formatStatus(st));
  return refresh && st.drifted ? ExitCode.changes : ExitCode.ok;
}

export function engineCommand(name: 'plan' | 'apply' | 'destroy' | 'status' | 'refresh') {
  return async (argv: string[], io: Output): Promise<number> => {
    // the process's start (node, the CLI's modules) up to here
    const timings = new Timings();
    timings.addProcessStart('start');
    const { positionals, flags } = parseCommandArgs(name, argv);
    if (positionals.length !== 1)
      throw new UsageError(`${name} takes one program file: tfgrid ${name} <program.ts>`);
    if (flags.format !== undefined && !flags.graph) throw new UsageError('--format goes with --graph');
    if (flags.graph) graphFormat(flags.format);
    const saved = name === 'apply' ? readPlanFile(positionals[0]) : undefined;
    const program = saved ? saved.program : positionals[0];
    let module: Record<string, unknown> = {};
    // every problem at once: constructs record theirs and synth() throws them together
    const app = timings.timeSync('program', () =>
      collectingErrors(() => loadProgram(program, App.isApp, (m) => (module = m))),
    );
    const synth = timings.timeSync('synth', () => app.synth());
    const network = parseNetwork(flags.network, saved?.network ?? synth.manifest.network);
    if (saved) {
      if (network !== saved.network)
        throw new UsageError(`the plan was made for network '${saved.network}', not '${network}'`);
      try {
        checkPlanProgram(saved, synth.manifest);
      } catch (e) {
        if (!(e instanceof SavedPlanError)) throw e;
        throw new CommandFailure(ExitCode.invalid, e.message);
      }
    }
    let timeoutMs: number | undefined;
    if (flags.timeout !== undefined) {
      const s = Number(flags.timeout);
      if (!Number.isFinite(s) || s <= 0)
        throw new UsageError(`--timeout must be a positive number of seconds, got '${flags.timeout}'`);
      timeoutMs = s * 1000;
    }
    const session = await timings.time('connect', () =>
      openSession(network, io, {
        timeoutMs,
        timings,
        quiet: !!flags.quiet || !!flags.json,
        // destroy needs only the chain: a relay that is down must not keep contracts billing
        requireRelay: name !== 'destroy',
      }),
    );
    const c: Ctx = { synth, program, session, flags, io, module, saved };
    try {
      switch (name) {
        case 'plan':
          return await plan(c);
        case 'apply':
          return await apply(c);
        case 'destroy':
          return await leased(c, () => destroy(c));
        case 'status':
          return await status(c, false);
        case 'refresh':
          return await status(c, true);
      }
    } catch (e) {
      if (e instanceof ApplyError)
        throw new CommandFailure(ExitCode.gridError, e.message, {
          failure: e.failure,
          undone: e.undone,
          leftovers: e.leftovers,
        });
      if (e instanceof LeaseHeldError) throw new CommandFailure(ExitCode.gridError, e.message);
      throw e;
    } finally {
      await timings.time('close', () => session.close());
      if (flags.timings) io.err(`timings: ${timings.format()}`);
    }
  };
}
