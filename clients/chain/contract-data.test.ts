import { stringToHex } from '@polkadot/util';
import {
  checkContractName,
  checkNodeContractArgs,
  decodeContract,
  deploymentDataBytes,
  deploymentHashBytes,
} from './contract-data';

const HASH = 'a6b40e189f289480b2a648fe82bf31ba';

describe('deployment hash and data', () => {
  it('stores the md5 hex as its 32 ASCII bytes', () => {
    const bytes = deploymentHashBytes(HASH);
    expect(bytes.length).toBe(32);
    expect(Buffer.from(bytes).toString('ascii')).toBe(HASH);
  });

  it.each(['A6B40E189F289480B2A648FE82BF31BA', '0x' + HASH, HASH.slice(1), HASH + '0', 'z'.repeat(32)])(
    'refuses hash %s',
    (hash) => {
      expect(() => deploymentHashBytes(hash)).toThrow(/32 lowercase hex characters of the deployment's md5/);
    },
  );

  it('limits deployment data to 512 bytes of UTF-8', () => {
    expect(deploymentDataBytes('x'.repeat(512)).length).toBe(512);
    expect(() => deploymentDataBytes('é'.repeat(257))).toThrow(
      'deployment data is 514 bytes: TFChain stores at most 512; shorten it',
    );
  });

  it('applies defaults and checks node contract arguments', () => {
    expect(checkNodeContractArgs({ nodeId: 3, deploymentHash: HASH })).toEqual({
      nodeId: 3,
      deploymentHash: HASH,
      deploymentData: '',
      publicIps: 0,
      solutionProviderId: undefined,
    });
    expect(() => checkNodeContractArgs({ nodeId: -1, deploymentHash: HASH })).toThrow(
      'node id -1 is not valid',
    );
    expect(() => checkNodeContractArgs({ nodeId: 1, deploymentHash: HASH, publicIps: 1.5 })).toThrow(
      'publicIps 1.5 is not valid',
    );
  });

  it('checks name contract names like TFChain', () => {
    expect(checkContractName('my-gw_1')).toBe('my-gw_1');
    for (const bad of ['ab', 'Upper', 'with.dot', 'x'.repeat(65)])
      expect(() => checkContractName(bad)).toThrow(/3..64 characters of a-z, 0-9, - and _/);
  });
});

describe('decodeContract', () => {
  it('decodes a node contract as the chain gives it (toJSON)', () => {
    const json = {
      version: 4,
      state: { created: null },
      contractId: 7,
      twinId: 2,
      contractType: {
        nodeContract: {
          nodeId: 1,
          deploymentHash: stringToHex(HASH),
          deploymentData: stringToHex('{"project":"p"}'),
          publicIps: 1,
          publicIpsList: [
            { ip: stringToHex('185.1.1.2/24'), gateway: stringToHex('185.1.1.1'), contractId: 7 },
          ],
        },
      },
      solutionProviderId: null,
    };
    expect(decodeContract(json)).toEqual({
      contractId: 7,
      twinId: 2,
      version: 4,
      type: 'node',
      state: 'created',
      nodeId: 1,
      deploymentHash: HASH,
      deploymentData: '{"project":"p"}',
      publicIps: 1,
      publicIpsList: [{ ip: '185.1.1.2/24', gateway: '185.1.1.1' }],
    });
  });

  it('decodes name and rent contracts, grace and deleted states, solution providers', () => {
    const name = decodeContract({
      version: 4,
      state: { gracePeriod: 120 },
      contractId: 8,
      twinId: 2,
      contractType: { nameContract: { name: stringToHex('gw1') } },
      solutionProviderId: null,
    });
    expect(name).toMatchObject({ type: 'name', name: 'gw1', state: 'grace', graceSinceBlock: 120 });
    const rent = decodeContract({
      version: 4,
      state: { deleted: 'OutOfFunds' },
      contractId: 9,
      twinId: 3,
      contractType: { rentContract: { nodeId: 4 } },
      solutionProviderId: 5,
    });
    expect(rent).toMatchObject({
      type: 'rent',
      nodeId: 4,
      state: 'deleted',
      deletedCause: 'outOfFunds',
      solutionProviderId: 5,
    });
  });

  it('refuses an unknown contract type', () => {
    expect(() =>
      decodeContract({
        contractId: 1,
        twinId: 1,
        state: { created: null },
        contractType: { serviceContract: {} },
      }),
    ).toThrow("contract 1 has an unknown contract type 'serviceContract'");
  });
});
