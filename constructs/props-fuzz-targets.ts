/**
 * The programs the props fuzz builds (test support): one per construct, valid as written. Every
 * prop goes through `v(field, good)`, so the fuzz can replace it; nested fields are dotted
 * (`master.cpu`, `backends.meta[0].namespace`) and `props` replaces the whole props object.
 */
import { App } from './app';
import { DaoProposal } from './dao-proposal';
import { DaoVote } from './dao-vote';
import { Disk } from './disk';
import { Flist } from './flist';
import { GatewayFqdn } from './gateway-fqdn';
import { GatewayName } from './gateway-name';
import { KubernetesCluster } from './kubernetes-cluster';
import { Machine } from './machine';
import { Network } from './network';
import { NodeSelector } from './node-selector';
import { PublicIp } from './public-ip';
import { Qsfs } from './qsfs';
import { Zdb } from './zdb';
import { ZstorCluster } from './zstor-cluster';

/** Returns `good`, or the fuzz value when the case replaces `field`. */
export type Pick = <T>(field: string, good: T) => T;

export interface PropsFuzzTarget {
  readonly name: string;
  /** builds the program; puts the App in `holder` as soon as it exists (for error paths) */
  build(v: Pick, holder?: { app?: App }): App;
}

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITestKey me@test';
const AES = 'a'.repeat(64);
const HEX32 = '0x' + 'ab'.repeat(32);

function newApp(holder: { app?: App } | undefined, projectName = 'fuzz'): App {
  const app = new App({ projectName });
  if (holder) holder.app = app;
  return app;
}

/** A machine on fixed node 5 in network 'net', for targets that need one. */
function vm(app: App, net?: Network): Machine {
  return new Machine(app, 'vm', {
    node: NodeSelector.fromNodeId(app, 'vmnode', 5),
    network: net ?? new Network(app, 'net'),
    sshKeys: [KEY],
  });
}

const backend = (v: Pick, field: string, i: number) => ({
  address: v(`${field}.address`, `[2001:db8::${i + 1}]:9900`),
  namespace: v(`${field}.namespace`, `ns${i}`),
  password: v(`${field}.password`, 'secret1'),
});

export const PROPS_FUZZ_TARGETS: readonly PropsFuzzTarget[] = [
  {
    name: 'App',
    build(v, holder) {
      const app = new App(
        v('props', {
          projectName: v('projectName', 'demo-1'),
          network: v('network', 'local' as const),
          twinId: v('twinId', 7),
          tftPriceUsd: v('tftPriceUsd', 0.02),
          secretSeed: v('secretSeed', 'a-long-enough-secret-seed'),
          pricingPolicy: v('pricingPolicy', undefined),
        }),
      );
      if (holder) holder.app = app;
      new Zdb(app, 'db', { node: NodeSelector.fromNodeId(app, 'n', 1), sizeGb: 1 });
      return app;
    },
  },
  {
    name: 'NodeSelector',
    build(v, holder) {
      const app = newApp(holder);
      const sel = new NodeSelector(
        app,
        'sel',
        v('props', {
          nodeId: v('nodeId', undefined),
          farmIds: v('farmIds', [1, 2]),
          farmName: v('farmName', 'farm'),
          country: v('country', 'BE'),
          minCru: v('minCru', 1),
          minMruGb: v('minMruGb', 2),
          minSruGb: v('minSruGb', 10),
          minHruGb: v('minHruGb', 10),
          publicIpv4: v('publicIpv4', false),
          domain: v('domain', false),
          certified: v('certified', false),
          dedicated: v('dedicated', false),
          hasGpu: v('hasGpu', false),
          distinct: v('distinct', true),
          spread: v('spread', 'farms' as const),
        }),
      );
      new Zdb(app, 'db', { node: sel, sizeGb: 1 });
      new Zdb(app, 'db2', { node: NodeSelector.fromNodeId(app, 'fixed', v('fromNodeId', 3)), sizeGb: 1 });
      return app;
    },
  },
  {
    name: 'Network',
    build(v, holder) {
      const app = newApp(holder);
      const net = new Network(
        app,
        'net',
        v('props', {
          name: v('name', 'net1'),
          ipRange: v('ipRange', '10.30.0.0/16'),
          wireguardAccess: v('wireguardAccess', true),
          mycelium: v('mycelium', true),
          topology: v('topology', 'hub'),
        }),
      );
      new Machine(app, 'vm', { node: NodeSelector.fromNodeId(app, 'a', 1), network: net, mycelium: true });
      new Machine(app, 'vm2', { node: NodeSelector.fromNodeId(app, 'b', 2), network: net });
      return app;
    },
  },
  {
    name: 'Machine',
    build(v, holder) {
      const app = newApp(holder);
      const net = new Network(app, 'net', { mycelium: true });
      new Machine(
        app,
        'vm',
        v('props', {
          node: v('node', NodeSelector.fromNodeId(app, 'n', 5)),
          network: v('network', net),
          flist: v(
            'flist',
            Flist.fromUrl(v('flist.url', 'https://hub.grid.tf/me/image.flist'), {
              md5: v('flist.md5', undefined),
              entrypoint: v('flist.entrypoint', '/init'),
            }),
          ),
          cpu: v('cpu', 2),
          memoryMb: v('memoryMb', 2048),
          rootfsGb: v('rootfsGb', 2),
          env: v('env', { A: v('env.A', '1') }),
          entrypoint: v('entrypoint', '/sbin/init'),
          sshKeys: v('sshKeys', [v('sshKeys[0]', KEY)]),
          disks: v('disks', [
            {
              sizeGb: v('disks[0].sizeGb', 10),
              mountpoint: v('disks[0].mountpoint', '/data'),
              name: v('disks[0].name', undefined),
              id: v('disks[0].id', undefined),
            },
          ]),
          publicIpv4: v('publicIpv4', false),
          publicIpv6: v('publicIpv6', true),
          publicIp: v('publicIp', undefined),
          planetary: v('planetary', true),
          mycelium: v('mycelium', true),
          myceliumSeed: v('myceliumSeed', 'abcdef012345'),
          gpu: v('gpu', [v('gpu[0]', '0000:28:00.0/1002/731f')]),
          zlogs: v('zlogs', [v('zlogs[0]', 'redis://10.1.1.1:6379')]),
          corex: v('corex', false),
          name: v('name', undefined),
          description: v('description', 'a machine'),
        }),
      );
      return app;
    },
  },
  {
    name: 'Disk',
    build(v, holder) {
      const app = newApp(holder);
      const m = vm(app);
      new Disk(
        app,
        'disk',
        v('props', {
          machine: v('machine', m),
          sizeGb: v('sizeGb', 5),
          mountpoint: v('mountpoint', '/data'),
          name: v('name', undefined),
        }),
      );
      return app;
    },
  },
  {
    name: 'PublicIp',
    build(v, holder) {
      const app = newApp(holder);
      const m = vm(app);
      new PublicIp(
        app,
        'ip',
        v('props', {
          node: v('node', NodeSelector.fromNodeId(app, 'ipnode', 9)),
          v4: v('v4', true),
          v6: v('v6', false),
          name: v('name', undefined),
        }),
      );
      new Machine(app, 'vm2', {
        node: m.slot.selector,
        network: m.network,
        publicIp: v('machine.publicIp', new PublicIp(app, 'ip2', { v6: true })),
      });
      return app;
    },
  },
  {
    name: 'Zdb',
    build(v, holder) {
      const app = newApp(holder);
      const sel = new NodeSelector(app, 'sel', { minHruGb: 1 });
      new Zdb(
        app,
        'db',
        v('props', {
          node: v('node', sel),
          sizeGb: v('sizeGb', 10),
          mode: v('mode', 'seq' as const),
          password: v('password', 'pass-word'),
          public: v('public', false),
          name: v('name', undefined),
        }),
      );
      new Zdb(app, 'db2', { node: v('slot', sel.slots[0]), sizeGb: 1 });
      return app;
    },
  },
  {
    name: 'ZstorCluster',
    build(v, holder) {
      const app = newApp(holder);
      const zstor = new ZstorCluster(
        app,
        'zstor',
        v('props', {
          nodes: v('nodes', new NodeSelector(app, 'sel', { minHruGb: 1 })),
          dataShards: v('dataShards', 2),
          parityShards: v('parityShards', 1),
          zdbSizeGb: v('zdbSizeGb', 10),
          metaZdbSizeGb: v('metaZdbSizeGb', 1),
          spreadAcrossFarms: v('spreadAcrossFarms', false),
          redundantNodes: v('redundantNodes', 1),
          encryptionKey: v('encryptionKey', AES),
          metaPrefix: v('metaPrefix', 'prefix'),
        }),
      );
      new Qsfs(app, 'fs', { machine: vm(app), mountpoint: '/qsfs', cacheGb: 1, zstor });
      return app;
    },
  },
  {
    name: 'Qsfs',
    build(v, holder) {
      const app = newApp(holder);
      const m = vm(app);
      new Qsfs(
        app,
        'fs',
        v('props', {
          machine: v('machine', m),
          mountpoint: v('mountpoint', '/qsfs'),
          cacheGb: v('cacheGb', 2),
          zstor: v('zstor', undefined),
          backends: v('backends', {
            minimalShards: v('backends.minimalShards', 2),
            expectedShards: v('backends.expectedShards', 3),
            redundantGroups: v('backends.redundantGroups', 0),
            redundantNodes: v('backends.redundantNodes', 1),
            meta: v(
              'backends.meta',
              [0, 1, 2, 3].map((i) => backend(v, `backends.meta[${i}]`, i)),
            ),
            groups: v('backends.groups', [
              v(
                'backends.groups[0]',
                [0, 1, 2].map((i) => backend(v, `backends.groups[0][${i}]`, 10 + i)),
              ),
            ]),
          }),
          encryptionKey: v('encryptionKey', AES),
          compression: v('compression', 'snappy' as const),
          maxZdbDataDirSizeMb: v('maxZdbDataDirSizeMb', 64),
          metaPrefix: v('metaPrefix', 'meta'),
          name: v('name', undefined),
        }),
      );
      return app;
    },
  },
  {
    name: 'KubernetesCluster',
    build(v, holder) {
      const app = newApp(holder);
      const node = (field: string, i: number) => ({
        node: v(`${field}.node`, NodeSelector.fromNodeId(app, `k${i}`, 10 + i)),
        name: v(`${field}.name`, undefined),
        cpu: v(`${field}.cpu`, 2),
        memoryMb: v(`${field}.memoryMb`, 4096),
        diskGb: v(`${field}.diskGb`, 20),
        rootfsGb: v(`${field}.rootfsGb`, 2),
        publicIpv4: v(`${field}.publicIpv4`, false),
        publicIpv6: v(`${field}.publicIpv6`, false),
        planetary: v(`${field}.planetary`, true),
        mycelium: v(`${field}.mycelium`, false),
      });
      new KubernetesCluster(
        app,
        'k8s',
        v('props', {
          network: v('network', new Network(app, 'net')),
          master: v('master', node('master', 0)),
          workers: v('workers', [v('workers[0]', node('workers[0]', 1))]),
          token: v('token', 'token-123456'),
          sshKeys: v('sshKeys', [KEY]),
          flist: v('flist', undefined),
        }),
      );
      return app;
    },
  },
  ...(['GatewayName', 'GatewayFqdn'] as const).map(
    (kind): PropsFuzzTarget => ({
      name: kind,
      build(v, holder) {
        const app = newApp(holder);
        const m = vm(app);
        const base = {
          node: v('node', NodeSelector.fromNodeId(app, 'gwnode', 8)),
          backends: v('backends', [
            v('backends[0]', 'http://10.20.2.2:80'),
            { machine: v('backends[1].machine', m), port: v('backends[1].port', 8080) },
          ]),
          tlsPassthrough: v('tlsPassthrough', false),
          network: v('network', m.network),
          workloadName: v('workloadName', undefined),
        };
        if (kind === 'GatewayName')
          new GatewayName(app, 'gw', v('props', { ...base, name: v('name', 'myapp') }));
        else new GatewayFqdn(app, 'gw', v('props', { ...base, fqdn: v('fqdn', 'app.example.com') }));
        return app;
      },
    }),
  ),
  {
    name: 'DaoProposal',
    build(v, holder) {
      const app = newApp(holder);
      new DaoProposal(
        app,
        'proposal',
        v('props', {
          action: v('action', {
            pallet: v('action.pallet', 'tfgridModule'),
            call: v('action.call', 'setFarmCertification'),
            args: v('action.args', [1, 'Gold']),
          }),
          description: v('description', 'certify farm 1'),
          link: v('link', 'https://forum.example.com/t/1'),
          threshold: v('threshold', 3),
          durationBlocks: v('durationBlocks', 1000),
        }),
      );
      return app;
    },
  },
  {
    name: 'DaoVote',
    build(v, holder) {
      const app = newApp(holder);
      const p = new DaoProposal(app, 'proposal', {
        action: { pallet: 'tfgridModule', call: 'setFarmCertification', args: [1, 'Gold'] },
        description: 'certify',
        link: 'https://forum.example.com/t/1',
        threshold: 1,
      });
      new DaoVote(
        app,
        'vote',
        v('props', { farmId: v('farmId', 1), proposal: v('proposal', p), approve: v('approve', true) }),
      );
      new DaoVote(app, 'vote2', { farmId: 2, proposal: v('proposalHash', HEX32), approve: false });
      return app;
    },
  },
];
