/**
 * Program text reaches the node as typed, on a dev grid: an env value that looks like a secret
 * placeholder is deployed literally (never the zdb password), while a reference a construct
 * handed out, inside the program's own string, resolves to the zdb's address.
 */
import { App, Machine, Network, NodeSelector, Zdb } from '../../constructs';
import { Engine } from '../../engine/engine';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(120_000);

const fx = useDevGrid({ nodes: 1, farms: 1 });

it('deploys `x ${secret:db.password}` literally and resolves construct references', async () => {
  const app = new App({ projectName: 'literal-env' });
  const node = new NodeSelector(app, 'n', { nodeId: 1 });
  const db = new Zdb(app, 'db', { node, sizeGb: 1, mode: 'user', password: 'the-zdb-password' });
  new Machine(app, 'vm', {
    node,
    network: new Network(app, 'net'),
    sshKeys: [EXAMPLE_SSH_KEY],
    env: { A: 'x ${secret:db.password}', B: `redis://${db.ref('address')}` },
    entrypoint: '/bin/sh -c "echo $$ ${secret:db.password}"',
  });
  const engine = new Engine(fx.backend, { timeoutMs: 60_000, pollMs: 100 });
  const res = await engine.apply(app.synth());
  const out = Object.values(res.outputs)[0];
  const onNode = await fx.backend.getDeployment(out.nodeId, out.contractId);
  const vm = onNode!.workloads.find((w) => w.name === 'vm')!.data as {
    env: Record<string, string>;
    entrypoint: string;
  };
  expect(vm.env.A).toBe('x ${secret:db.password}');
  expect(vm.entrypoint).toBe('/bin/sh -c "echo $$ ${secret:db.password}"');
  expect(JSON.stringify(vm)).not.toContain('the-zdb-password');
  expect(vm.env.B).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  // a second plan sees no change: what the node has is what the program says
  expect((await engine.plan(app.synth())).empty).toBe(true);
  await engine.destroy('literal-env');
});
