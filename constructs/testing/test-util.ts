/** Helpers for the construct tests (not part of the public API). */
import { App } from '../app';
import { ValidationError } from '../errors';
import type { DeploymentUnit, Manifest } from '../manifest';

export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITestKey me@test';

export function newApp(): App {
  return new App({ projectName: 'test' });
}

/** Runs `fn`, expects a ValidationError, and checks that one message holds every fragment. */
export function expectProblem(fn: () => unknown, ...fragments: string[]): string {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(err)}`);
  const hit = err.problems.find((p) => fragments.every((f) => p.includes(f)));
  if (!hit)
    throw new Error(
      `no problem contains all of ${JSON.stringify(fragments)}; got:\n${err.problems.join('\n')}`,
    );
  return hit;
}

export function deployment(m: Manifest, id: string): DeploymentUnit {
  const u = m.units.find((x) => x.id === id);
  if (!u || u.kind !== 'deployment')
    throw new Error(`no deployment unit ${id} in ${m.units.map((x) => x.id).join(', ')}`);
  return u;
}

export function workload(m: Manifest, unit: string, name: string): Record<string, unknown> {
  const w = deployment(m, unit).workloads.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name} in ${unit}`);
  return w.data;
}
