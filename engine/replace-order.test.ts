import { draftDeployment } from '../model/zos/deployment';
import type { Deployment, Workload } from '../model/zos/types';
import { cancelFirstReason } from './replace-order';

const zdb = (size: number): Omit<Workload, 'version'> => ({
  name: 'db',
  type: 'zdb',
  metadata: '',
  description: '',
  data: { size, mode: 'user', password: 'pw', public: false },
});
const gateway = (port: number): Omit<Workload, 'version'> => ({
  name: 'gw',
  type: 'gateway-name-proxy',
  metadata: '',
  description: '',
  data: { name: 'web', tls_passthrough: false, backends: [`http://10.1.2.3:${port}`] },
});
const on = (nodeId: number, ...w: Omit<Workload, 'version'>[]) => ({
  nodeId,
  deployment: draftDeployment(7, w, 'tag'),
});
/** As the node reports it: results attached. */
const live = (d: Deployment, state = 'ok'): Deployment => ({
  ...d,
  workloads: d.workloads.map((w) => ({
    ...w,
    result: { created: 1, state: state as 'ok', message: '', data: null },
  })),
});

describe('cancelFirstReason', () => {
  it('lets a different deployment, or one on another node, go first', () => {
    expect(cancelFirstReason({ nodeId: 1, deployment: live(on(1, zdb(1)).deployment) }, on(1, zdb(2)))).toBe(
      undefined,
    );
    expect(cancelFirstReason({ nodeId: 1, deployment: null }, on(2, zdb(1)))).toBe(undefined);
    expect(
      cancelFirstReason({ nodeId: 1, deployment: live(on(1, gateway(80)).deployment) }, on(2, gateway(81))),
    ).toBe(undefined);
  });

  it('cancels first for the same hash, a lost deployment, and a gateway name both serve', () => {
    const same = cancelFirstReason(
      { nodeId: 1, deployment: live(on(1, zdb(1)).deployment, 'error') },
      on(1, zdb(1)),
    );
    expect(same).toMatch(/identical.*one hash/);
    expect(cancelFirstReason({ nodeId: 3, deployment: null }, on(3, zdb(1)))).toMatch(
      /node 3 lost the deployment/,
    );
    expect(
      cancelFirstReason({ nodeId: 1, deployment: live(on(1, gateway(80)).deployment) }, on(1, gateway(81))),
    ).toMatch(/gateway 'web'/);
  });

  it('ignores workloads the node reports deleted', () => {
    const old = live(on(1, gateway(80)).deployment, 'deleted');
    expect(cancelFirstReason({ nodeId: 1, deployment: old }, on(1, gateway(81)))).toBe(undefined);
  });
});
