/**
 * Every example program (one per resource kind, and the full stack) on one dev grid, as a user runs
 * it with `tfgrid apply --verify`: apply; verify (every zdb answers RESP with its password, every
 * machine runs a command over SSH with the example key, every name gateway serves HTTP from its
 * backend machine); a re-plan that is empty and a re-apply that sends nothing; destroy that leaves
 * no contract. dao-vote is applied as farm 1's owner, on the proposal dao-proposal made (as the dev
 * account it is refused with what to do).
 */
import type { App } from '../../constructs';
import { EXAMPLES } from '../../examples/lib/catalog';
import type { GridSession } from '../../cli/grid-session';
import { verifyOutputs } from '../../cli/verify';
import { submitStats } from '../../clients/chain/submit';
import { DEV_MNEMONIC } from '../../model/config/networks';
import type { ConnectedGrid } from '../../engine/grid-backend';
import { useDevGrid } from '../support/dev-grid';
import { Engine } from '../../engine/engine';
import { observe } from '../../engine/observe';

jest.setTimeout(180_000);

const fx = useDevGrid();

/** What `tfgrid apply --network local` opens, on the fixture's grid, for `backend`'s account. */
function sessionOf(backend: ConnectedGrid): GridSession {
  return {
    network: 'local',
    backend,
    engine: new Engine(backend, { timeoutMs: 30_000, pollMs: 100 }),
    devgrid: { gatewayUrl: fx.grid.gatewayUrl, gatewayDomain: fx.grid.gatewayDomain },
    close: async () => undefined,
  };
}

/** The proposal dao-proposal made: dao-vote votes on it (DAO_PROPOSAL, as its header says). */
let proposalHash: string | undefined;

it.each(EXAMPLES)(
  'examples/%s: apply --verify, re-plan to no change, destroy leaves nothing',
  async (name) => {
    let backend = fx.backend;
    if (name === 'dao-vote') {
      expect(proposalHash).toMatch(/^0x[0-9a-f]{64}$/);
      process.env.DAO_PROPOSAL = proposalHash;
      backend = await fx.connect(`${DEV_MNEMONIC}//farmer/1`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`../../examples/${name}`) as { build: () => App } & Record<string, unknown>;
    const synth = module.build().synth();
    delete process.env.DAO_PROPOSAL;
    if (name === 'dao-vote') {
      // as the dev account, which owns no farm: refused, saying whose signature a vote needs
      const asDev = new Engine(fx.backend, { timeoutMs: 30_000, pollMs: 100 });
      await expect(asDev.apply(synth)).rejects.toThrow(
        /only the owner \(twin account\) of the farm may vote with it: sign with the farm owner/,
      );
    }
    const session = sessionOf(backend);
    const { engine } = session;
    const applied = await engine.apply(synth);
    const deployments = synth.manifest.units.flatMap((u) => (u.kind === 'deployment' ? [u] : []));
    expect(Object.keys(applied.outputs).sort()).toEqual(deployments.map((u) => u.id).sort());
    if (name === 'dao-proposal') proposalHash = Object.values(applied.proposals)[0];
    if (name === 'dao-vote') expect(applied.actions).toEqual([expect.objectContaining({ op: 'vote' })]);

    const said: string[] = [];
    const checks = await verifyOutputs(synth, applied, session, module, {
      out: (t) => said.push(t),
      err: (t) => said.push(t),
    });
    const checkable = deployments.flatMap((u) =>
      u.workloads.filter((w) => ['zdb', 'zmachine', 'gateway-name-proxy'].includes(w.type)),
    );
    expect(checks).toHaveLength(checkable.length);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(said).toEqual([]);

    const before = submitStats.of(backend.pair.address);
    expect((await engine.plan(synth)).empty).toBe(true);
    await engine.apply(synth);
    expect(submitStats.of(backend.pair.address)).toBe(before);

    const names = synth.manifest.units.flatMap((u) => (u.kind === 'name-contract' ? [u.name] : []));
    await engine.destroy(synth.manifest.project);
    const left = await observe(backend, synth.manifest.project);
    expect(left.deployments).toEqual([]);
    for (const n of names) expect(left.names.has(n)).toBe(false);
  },
);
