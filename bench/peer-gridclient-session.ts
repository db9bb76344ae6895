/**
 * One GridClient operation for the bench's peer table, in a process of its own (started by
 * peer-gridclient.ts with NODE_EXTRA_CA_CERTS set to the dev grid's relay CA): connects ThreeFold's
 * `GridClient` (2.9.2, unmodified) to the dev grid with the SDK dev grid helper, then deploys the
 * machines (`machines.deploy`: one network, the machines on the nodes given) or deletes them
 * (`machines.delete`). Writes `PeerSessionOutput` as JSON to PEER_SESSION_OUT.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { connectDevGridClient } from '../integration/sdk/testing/grid-client';
import type { PeerSessionInput, PeerSessionOutput } from './peer-gridclient';

/** The image both tools deploy: tfgrid's Flist.ubuntu22() (the dev nodes boot no flist). */
const FLIST = 'https://hub.grid.tf/threefoldtech-ubuntu-22.04.flist';
const ENTRYPOINT = '/init.sh';

const input = JSON.parse(process.env.PEER_SESSION ?? '{}') as PeerSessionInput;
const report = (r: PeerSessionOutput) =>
  fs.writeFileSync(process.env.PEER_SESSION_OUT ?? '', JSON.stringify(r));

async function main(): Promise<PeerSessionOutput> {
  const t0 = performance.now();
  const sdk = await connectDevGridClient(input.info, { mnemonic: input.mnemonic, projectName: 'peerbench' });
  const connectMs = performance.now() - t0;
  try {
    const t1 = performance.now();
    if (input.op === 'deploy') {
      await sdk.client.machines.deploy({
        name: input.name,
        network: { name: `${input.name}net`, ip_range: '10.60.0.0/16', addAccess: false },
        machines: input.machines.map((m) => ({
          name: m.name,
          node_id: m.nodeId,
          cpu: 1,
          memory: 512,
          rootfs_size: 0.5,
          disks: [],
          flist: FLIST,
          entrypoint: ENTRYPOINT,
          public_ip: false,
          public_ip6: false,
          planetary: false,
          mycelium: false,
          env: {},
        })),
        metadata: '',
        description: 'bench peer table',
      });
    } else if (input.op === 'delete') {
      await sdk.client.machines.delete({ name: input.name });
    }
    return { connectMs, opMs: performance.now() - t1 };
  } finally {
    await sdk.close();
  }
}

main().then(
  (r) => {
    report(r);
    process.exit(0);
  },
  (e: unknown) => {
    report({ error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
