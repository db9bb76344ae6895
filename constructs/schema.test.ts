import { propsProblems, type PropsSchemaName } from './schema';

describe('schema.json construct props ($defs)', () => {
  test('every construct has its props described', () => {
    const names: PropsSchemaName[] = [
      'AppProps',
      'NodeSelectorProps',
      'NetworkProps',
      'MachineProps',
      'DiskProps',
      'PublicIpProps',
      'ZdbProps',
      'ZstorClusterProps',
      'QsfsProps',
      'KubernetesClusterProps',
      'GatewayNameProps',
      'GatewayFqdnProps',
      'DaoProposalProps',
      'DaoVoteProps',
    ];
    for (const n of names) expect(propsProblems(n, {}).join()).not.toContain('has no $defs');
  });

  test('valid and invalid plain props', () => {
    expect(propsProblems('ZdbProps', { node: 'n', sizeGb: 2, mode: 'seq' })).toEqual([]);
    expect(propsProblems('ZdbProps', { node: 'n', sizeGb: -1, mode: 'fast' }).join('\n')).toMatch(
      /sizeGb[\s\S]*mode/,
    );
    expect(propsProblems('AppProps', { projectName: 'ok-name', network: 'dev' })).toEqual([]);
    expect(propsProblems('AppProps', { network: 'dev' })).toEqual([
      "/ must have required property 'projectName'",
    ]);
    expect(
      propsProblems('DaoProposalProps', {
        action: { pallet: 'dao', call: 'x', args: [] },
        description: 'd',
        link: 'https://x',
        threshold: 1,
      }),
    ).toEqual([]);
  });
});
