/**
 * Where the challenge `@threefold/grid_client` 2.9.2 computes (its zos types, unmodified) differs
 * from zos's, which model/zos computes: equal for input written as zos prints it, different for
 * non-canonical IPv6, upper-case hex keys, a network-light on port 0 or without ip_range, and the
 * polka-wallet signature style. Our side stays zos's (docs/devgrid.md, "Where the SDK disagrees").
 */
import {
  Deployment,
  Mycelium,
  NetworkLight,
  SignatureRequest,
  SignatureRequirement,
  Workload,
  WorkloadTypes,
} from '@threefold/grid_client';
import { deploymentChallenge, workloadChallenge } from '../../model/zos/challenge';
import type { Deployment as ZosDeployment, Workload as ZosWorkload } from '../../model/zos/types';

const KEY = 'ab'.repeat(32);

interface LightInput {
  ipRange?: string;
  subnet: string;
  hexKey: string;
  port?: number;
}

/** The SDK's network-light workload and the same JSON as zos reads it. */
function networkLight(input: LightInput): { sdk: Workload; zos: ZosWorkload } {
  const mycelium = Object.assign(new Mycelium(), { hex_key: input.hexKey, peers: [] });
  const data = Object.assign(new NetworkLight(), {
    subnet: input.subnet,
    ip_range: input.ipRange,
    wireguard_private_key: '',
    wireguard_listen_port: input.port,
    peers: [],
    mycelium,
  });
  const sdk = Object.assign(new Workload(), {
    version: 0,
    name: 'net',
    type: WorkloadTypes.networklight,
    data,
    metadata: '',
    description: '',
  });
  const zos = JSON.parse(JSON.stringify(sdk)) as ZosWorkload;
  return { sdk, zos };
}

describe("grid_client's challenge against zos's", () => {
  it('agrees on a network-light written the way zos prints it', () => {
    const { sdk, zos } = networkLight({
      ipRange: '10.20.0.0/16',
      subnet: '10.20.2.0/24',
      hexKey: KEY,
      port: 3000,
    });
    expect(sdk.challenge()).toBe(workloadChallenge(zos));
  });

  it('writes nothing for an unset ip_range, where zos writes <nil> (Go prints an empty IPNet so)', () => {
    const { sdk, zos } = networkLight({ subnet: '10.20.2.0/24', hexKey: KEY, port: 3000 });
    expect(workloadChallenge(zos)).toBe(sdk.challenge().replace('network-light', 'network-light<nil>'));
  });

  it("keeps the input's case for hex keys, where zos prints lower case", () => {
    const { sdk, zos } = networkLight({
      ipRange: '10.20.0.0/16',
      subnet: '10.20.2.0/24',
      hexKey: KEY.toUpperCase(),
      port: 3000,
    });
    expect(sdk.challenge()).toContain(KEY.toUpperCase());
    expect(workloadChallenge(zos)).toContain(KEY);
    expect(sdk.challenge()).not.toBe(workloadChallenge(zos));
  });

  it('leaves the network-light port out when it is 0 or unset, where zos writes 0', () => {
    const { sdk, zos } = networkLight({ ipRange: '10.20.0.0/16', subnet: '10.20.2.0/24', hexKey: KEY });
    expect(workloadChallenge(zos)).toBe(sdk.challenge().replace('10.20.2.0/24', '10.20.2.0/240'));
  });

  it('prints IPv6 as given (expanded, upper case), where zos prints the canonical lower case', () => {
    const expanded = 'FD00:0000:0000:0000:0000:0000:0000:0000/64';
    const { sdk, zos } = networkLight({ subnet: expanded, hexKey: KEY, port: 3000 });
    expect(sdk.challenge()).toContain(expanded);
    expect(workloadChallenge(zos)).toContain('fd00::/64');
  });

  it('leaves the signature style out of the deployment challenge', () => {
    const request = Object.assign(new SignatureRequest(), { twin_id: 7, required: false, weight: 1 });
    const sdk = Object.assign(new Deployment(), {
      version: 0,
      twin_id: 7,
      contract_id: 0,
      expiration: 0,
      metadata: '',
      description: '',
      workloads: [],
      signature_requirement: Object.assign(new SignatureRequirement(), {
        requests: [request],
        weight_required: 1,
        signatures: [],
      }),
    });
    const zos = JSON.parse(JSON.stringify(sdk)) as ZosDeployment;
    expect(deploymentChallenge(zos)).toBe(sdk.challenge());
    zos.signature_requirement.signature_style = 'polka-wallet';
    expect(deploymentChallenge(zos)).toBe(`${sdk.challenge()}polka-wallet`);
  });
});
