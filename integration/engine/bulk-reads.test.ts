/**
 * Reading a project in bulk (one `zos.deployment.list` per node, in parallel) gives exactly what
 * reading every contract with `zos.deployment.get` gives, including a contract whose node has no
 * deployment and a node that cannot be reached; the plan after an apply stays empty.
 */
import { App, Machine, Network, NodeSelector, Zdb } from '../../constructs';
import { NodeUnreachableError, type GridBackend } from '../../engine/backend';
import { Engine } from '../../engine/engine';
import { observe } from '../../engine/observe';
import { encodeDeploymentData } from '../../engine/tags';
import { EXAMPLE_SSH_KEY } from '../../examples/lib/example-keys';
import { useDevGrid } from '../support/dev-grid';

jest.setTimeout(180_000);

const fx = useDevGrid({ nodes: 3, farms: 1 });

function program(project: string): App {
  const app = new App({ projectName: project });
  const net = new Network(app, 'net');
  for (let i = 0; i < 5; i++) {
    // two units on node 1 and 2, one on node 3
    const node = new NodeSelector(app, `n${i}`, { minCru: 1 });
    new Machine(app, `vm${i}`, { node, network: net, sshKeys: [EXAMPLE_SSH_KEY], cpu: 1, memoryMb: 256 });
  }
  new Zdb(app, 'db', {
    node: new NodeSelector(app, 'store', { nodeId: 1 }),
    sizeGb: 1,
    mode: 'user',
    password: 'pw-bulk',
  });
  return app;
}

/** The real backend, counting node reads; `listFails` makes every list call throw what it returns. */
function counting(listFails?: (nodeId: number) => Error | undefined) {
  const calls = { list: [] as number[], get: 0 };
  const backend = new Proxy(fx.backend, {
    get(target, prop, receiver) {
      if (prop === 'listDeployments')
        return async (nodeId: number) => {
          calls.list.push(nodeId);
          const e = listFails?.(nodeId);
          if (e) throw e;
          return target.listDeployments(nodeId);
        };
      if (prop === 'getDeployment')
        return async (...a: Parameters<GridBackend['getDeployment']>) => {
          calls.get++;
          return target.getDeployment(...a);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { backend, calls };
}

describe('bulk reads', () => {
  it('one list per node gives what one get per contract gives', async () => {
    const project = 'bulk-reads';
    const engine = new Engine(fx.backend, { timeoutMs: 60_000, pollMs: 100 });
    await engine.apply(program(project).synth());
    // a contract of the project whose node never got the deployment (an apply stopped after the batch)
    const [bare] = await fx.backend.createContracts([
      {
        type: 'node',
        nodeId: 2,
        deploymentHash: 'f'.repeat(32),
        deploymentData: encodeDeploymentData({ project, unit: 'bare', kind: 'deployment' }),
        publicIps: 0,
      },
    ]);

    const bulk = counting();
    const fromLists = await observe(bulk.backend, project);
    const nodes = new Set(fromLists.deployments.map((d) => d.nodeId));
    expect(bulk.calls.list.sort()).toEqual([...nodes].sort());
    // only the contract the lists leave out is asked for on its own
    expect(bulk.calls.get).toBe(1);

    const one = counting(() => new Error('zos.deployment.list: unknown command'));
    const fromGets = await observe(one.backend, project);
    expect(one.calls.get).toBe(fromGets.deployments.length);
    expect(fromLists).toEqual(fromGets);
    expect(fromLists.deployments.find((d) => d.contractId === bare)).toMatchObject({ deployment: null });
    expect(fromLists.deployments.filter((d) => d.deployment).length).toBe(fromLists.deployments.length - 1);

    // an unreachable node: its contracts carry the error, without a read per contract
    const down = counting((n) =>
      n === 3 ? new NodeUnreachableError(3, 'node 3 is not reachable: test') : undefined,
    );
    const withDown = await observe(down.backend, project);
    for (const d of withDown.deployments.filter((x) => x.nodeId === 3))
      expect(d).toMatchObject({ deployment: undefined, error: 'node 3 is not reachable: test' });
    expect(down.calls.get).toBe(1);

    // a fresh backend (nothing read yet) asks the proxy for the project's nodes in one request
    const fresh = await fx.connect(fx.grid.mnemonic);
    const node = jest.spyOn(fresh.proxy, 'node');
    const nodesListed = jest.spyOn(fresh.proxy, 'nodes');
    const again = await observe(fresh, project);
    expect(again).toEqual(fromLists);
    expect(node).not.toHaveBeenCalled();
    expect(nodesListed.mock.calls).toEqual([[expect.objectContaining({ nodeIds: [...nodes].sort() })]]);

    await fx.backend.cancelContracts([bare]);
    expect((await engine.plan(program(project).synth())).empty).toBe(true);
    await engine.destroy(project);
  });
});
