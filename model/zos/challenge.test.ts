import {
  deploymentChallenge,
  deploymentHashHex,
  md5Hex,
  signatureRequirementChallenge,
  workloadChallenge,
} from './challenge';
import { deployment, GiB, wl } from './testing/test-fixtures';
import { workloadTypes } from './workload-types';

// Every expected string below was written by hand from zos's Challenge methods
// (pkg/gridtypes/deployment.go, workload.go, zos/*.go); the md5s were computed from those strings alone.
// Deployment prefix for twin 7, version 0, empty metadata/description, expiration 0: "0" "7" "" "" "0" = "070".
// Signature requirement {7,false,1}, weight_required 1, style '': "7" "false" "1" "1" "" = "7false11".
const pre = '070';
const tail = '7false11';

describe('grid-protocol vectors', () => {
  test('A: one zmount', () => {
    const d = deployment([wl('disk', 'zmount', { size: 1073741824 })], {
      twin_id: 1,
      signature_requirement: {
        requests: [{ twin_id: 1, required: false, weight: 1 }],
        weight_required: 1,
        signatures: [],
        signature_style: '',
      },
    });
    expect(deploymentChallenge(d)).toBe('0100diskzmount10737418241false11');
    expect(deploymentHashHex(d)).toBe('a6b40e189f289480b2a648fe82bf31ba');
  });

  test('B: network + zmachine', () => {
    const d = deployment(
      [
        wl('net1', 'network', {
          ip_range: '10.20.0.0/16',
          subnet: '10.20.2.0/24',
          wireguard_private_key: 'KEY=',
          wireguard_listen_port: 3011,
          peers: [],
        }),
        wl('vm1', 'zmachine', {
          flist: 'https://hub.grid.tf/tf-official-apps/base:latest.flist',
          network: { public_ip: '', planetary: false, interfaces: [{ network: 'net1', ip: '10.20.2.2' }] },
          size: 0,
          compute_capacity: { cpu: 1, memory: 2147483648 },
          mounts: [],
          entrypoint: '/sbin/zinit init',
          env: { SSH_KEY: 'ssh-ed25519 AAAA' },
          corex: false,
        }),
      ],
      {
        twin_id: 42,
        metadata: 'meta',
        description: 'desc',
        signature_requirement: {
          requests: [{ twin_id: 42, required: false, weight: 1 }],
          weight_required: 1,
          signatures: [],
          signature_style: '',
        },
      },
    );
    expect(deploymentHashHex(d)).toBe('7c09eeaad70c3aedfedaa3dff96da433');
  });
});

describe('one vector per workload type', () => {
  const cases: [string, ReturnType<typeof wl>, string, string][] = [
    [
      // flist, public_ip, planetary, iface network+ip, mycelium network + lowercase seed, size, cpu, memory,
      // mounts name+mountpoint, entrypoint, env sorted k=v, gpu; corex is not part of the challenge
      'zmachine',
      {
        ...wl('vm', 'zmachine', {
          flist: 'https://hub.grid.tf/a.flist',
          network: {
            public_ip: 'pip',
            planetary: true,
            interfaces: [{ network: 'net', ip: '10.1.2.3' }],
            mycelium: { network: 'net', hex_seed: 'AABBCCDDEEFF' },
          },
          size: 2 * GiB,
          compute_capacity: { cpu: 2, memory: 4 * GiB },
          mounts: [
            { name: 'disk', mountpoint: '/data' },
            { name: 'vol', mountpoint: '/v' },
          ],
          entrypoint: '/init',
          env: { B: '2', A: '1' },
          corex: true,
          gpu: ['0000:28:00.0/1002/731f'],
        }),
        metadata: 'm',
        description: 'd',
      },
      '0vmzmachinemd' +
        'https://hub.grid.tf/a.flist' +
        'pip' +
        'true' +
        'net' +
        '10.1.2.3' +
        'net' +
        'aabbccddeeff' +
        '2147483648' +
        '2' +
        '4294967296' +
        'disk/data' +
        'vol/v' +
        '/init' +
        'A=1B=2' +
        '0000:28:00.0/1002/731f',
      'ea939d2918622325b01fc64222fbc47a',
    ],
    [
      // no public_ip/planetary; the IPv6 interface address is printed compressed and lowercase
      'zmachine-light',
      wl('vml', 'zmachine-light', {
        flist: 'f',
        network: {
          interfaces: [{ network: 'nl', ip: '2001:DB8:0:0:0:0:0:1' }],
          mycelium: { network: 'nl', hex_seed: '0102030405AB' },
        },
        size: 0,
        compute_capacity: { cpu: 1, memory: GiB },
        mounts: [],
        entrypoint: '',
        env: {},
        corex: false,
      }),
      '0vmlzmachine-light' + 'f' + 'nl' + '2001:db8::1' + 'nl' + '0102030405ab' + '0' + '1' + '1073741824',
      'a1a8b34a408c8365219d505a0d0f108b',
    ],
    [
      // ip_range, subnet, key, port, each peer (public key, endpoint, subnet, allowed ips), mycelium hex key (lowercased)
      'network',
      wl('net', 'network', {
        ip_range: '10.1.0.0/16',
        subnet: '10.1.2.0/24',
        wireguard_private_key: 'wgpriv=',
        wireguard_listen_port: 5000,
        peers: [
          {
            subnet: '10.1.3.0/24',
            wireguard_public_key: 'pub=',
            allowed_ips: ['10.1.3.0/24', '100.64.1.3/32'],
            endpoint: '1.2.3.4:5000',
          },
        ],
        mycelium: { hex_key: 'AB'.repeat(32), peers: [] },
      }),
      '0netnetwork' +
        '10.1.0.0/16' +
        '10.1.2.0/24' +
        'wgpriv=' +
        '5000' +
        'pub=' +
        '1.2.3.4:5000' +
        '10.1.3.0/24' +
        '10.1.3.0/24' +
        '100.64.1.3/32' +
        'ab'.repeat(32),
      '6a294ad79f46e481026ff698c64d879f',
    ],
    [
      // an absent ip_range is Go's empty IPNet, printed "<nil>"; absent key "" and port 0
      'network-light',
      wl('nl', 'network-light', { subnet: '10.1.2.0/24', mycelium: { hex_key: 'CD'.repeat(32), peers: [] } }),
      '0nlnetwork-light' + '<nil>' + '10.1.2.0/24' + '' + '0' + 'cd'.repeat(32),
      'e60437de3bac31591fd97b146a78aaa9',
    ],
    [
      'zmount',
      wl('disk', 'zmount', { size: 10 * GiB }),
      '0diskzmount10737418240',
      '5bf724aa934e0726470a883b03878030',
    ],
    [
      'volume',
      wl('vol', 'volume', { size: 5 * GiB }),
      '0volvolume5368709120',
      '21b2ed6f2eaad6da0715aa2d1551afa7',
    ],
    [
      'zdb',
      wl('db', 'zdb', { size: GiB, mode: 'user', password: 'secret', public: true }),
      '0dbzdb' + '1073741824' + 'user' + 'secret' + 'true',
      '9820d50ce18325326fd40753745a2b54',
    ],
    [
      'ip',
      wl('pip', 'ip', { v4: true, v6: false }),
      '0pipip' + 'true' + 'false',
      'c9306127199f9cff576ff71a3af4f03f',
    ],
    // zos's deprecated public IPv4: no data, an empty challenge
    ['ipv4', wl('pip4', 'ipv4', {}), '0pip4ipv4', '2eadd281e7d4c6134d06dd88c38f79ba'],
    [
      'gateway-name-proxy',
      wl('gw', 'gateway-name-proxy', {
        name: 'myapp',
        tls_passthrough: false,
        backends: ['http://10.1.2.3:8080', 'http://10.1.2.4'],
        network: 'net',
      }),
      '0gwgateway-name-proxy' + 'myapp' + 'false' + 'http://10.1.2.3:8080' + 'http://10.1.2.4' + 'net',
      '0ec2f7883e6d8ee3dbc7d7d6a1a17303',
    ],
    [
      // network null: nothing written
      'gateway-fqdn-proxy',
      wl('gwf', 'gateway-fqdn-proxy', {
        fqdn: 'app.example.com',
        tls_passthrough: true,
        backends: ['10.1.2.3:443'],
        network: null,
      }),
      '0gwfgateway-fqdn-proxy' + 'app.example.com' + 'true' + '10.1.2.3:443',
      '7c6613b6b86163d7da72123983ddb8ce',
    ],
    [
      // cache, shards, groups, nodes, max dir size, encryption (alg + lowercase key), meta (type, prefix,
      // encryption, backends address+namespace+password), each group's backends, compression
      'qsfs',
      wl('qs', 'qsfs', {
        cache: GiB,
        config: {
          minimal_shards: 2,
          expected_shards: 4,
          redundant_groups: 0,
          redundant_nodes: 0,
          max_zdb_data_dir_size: 32,
          encryption: { algorithm: 'AES', key: 'AA'.repeat(32) },
          meta: {
            type: 'zdb',
            config: {
              prefix: 'someprefix',
              encryption: { algorithm: 'AES', key: 'bb'.repeat(32) },
              backends: [{ address: '[2a02::1]:9900', namespace: 'ns1', password: 'p1' }],
            },
          },
          groups: [
            {
              backends: [
                { address: '[2a02::2]:9900', namespace: 'ns2', password: 'p2' },
                { address: '[2a02::3]:9900', namespace: 'ns3', password: 'p3' },
              ],
            },
          ],
          compression: { algorithm: 'snappy' },
        },
      }),
      '0qsqsfs' +
        '1073741824' +
        '2' +
        '4' +
        '0' +
        '0' +
        '32' +
        'AES' +
        'aa'.repeat(32) +
        'zdb' +
        'someprefix' +
        'AES' +
        'bb'.repeat(32) +
        '[2a02::1]:9900ns1p1' +
        '[2a02::2]:9900ns2p2' +
        '[2a02::3]:9900ns3p3' +
        'snappy',
      '8c256b82b13629c6e96adfea3e1e068d',
    ],
    [
      'zlogs',
      wl('logs', 'zlogs', { zmachine: 'vm', output: 'ws://10.1.2.3:9000/logs' }),
      '0logszlogs' + 'vm' + 'ws://10.1.2.3:9000/logs',
      '8f9fbca2c45ed6f3a72c72821c4a46bb',
    ],
  ];

  test.each(cases)('%s', (_type, w, expectedWorkload, expectedMd5) => {
    expect(workloadChallenge(w)).toBe(expectedWorkload);
    const d = deployment([w]);
    expect(deploymentChallenge(d)).toBe(pre + expectedWorkload + tail);
    expect(md5Hex(pre + expectedWorkload + tail)).toBe(expectedMd5);
    expect(deploymentHashHex(d)).toBe(expectedMd5);
  });

  test('covers every registered type', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(Object.keys(workloadTypes)));
  });
});

describe('signature requirement and deployment fields', () => {
  test('several requests and polka-wallet style', () => {
    const sr = {
      requests: [
        { twin_id: 7, required: true, weight: 1 },
        { twin_id: 8, required: false, weight: 2 },
      ],
      weight_required: 2,
      signatures: [],
      signature_style: 'polka-wallet',
    };
    expect(signatureRequirementChallenge(sr)).toBe('7true18false22polka-wallet');
    const d = deployment([wl('disk', 'zmount', { size: 10 * GiB })], { signature_requirement: sr });
    expect(deploymentHashHex(d)).toBe('b5bedd41fff75d4cc8f7b4662543d6a9');
  });

  test('contract_id and signatures are not hashed; workload order is', () => {
    const a = deployment([wl('a', 'zmount', { size: 1 }), wl('b', 'zmount', { size: 2 })]);
    const withContract = {
      ...a,
      contract_id: 999,
      signature_requirement: {
        ...a.signature_requirement,
        signatures: [{ twin_id: 7, signature: 'ff', signature_type: 'ed25519' as const }],
      },
    };
    expect(deploymentHashHex(withContract)).toBe(deploymentHashHex(a));
    expect(deploymentHashHex({ ...a, workloads: [...a.workloads].reverse() })).not.toBe(deploymentHashHex(a));
  });

  test('unknown workload type cannot be hashed', () => {
    const d = deployment([{ ...wl('x', 'zmount', {}), type: 'container' as never }]);
    expect(() => deploymentChallenge(d)).toThrow(/invalid workload type 'container'/);
  });
});
