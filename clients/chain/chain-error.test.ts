import { ChainError, chainErrorMessage, failedCallOf, hintFor, poolErrorFacts } from './chain-error';

describe('ChainError', () => {
  it('names the call, the pallet error, its docs and the fix', () => {
    const e = new ChainError({
      kind: 'dispatch',
      call: 'smartContractModule.createNodeContract',
      pallet: 'smartContractModule',
      error: 'ContractIsNotUnique',
      docs: 'contract is not unique',
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ChainError');
    expect(e.qualifiedError).toBe('smartContractModule.ContractIsNotUnique');
    expect(e.message).toBe(
      'smartContractModule.createNodeContract failed: smartContractModule.ContractIsNotUnique (contract is not unique): ' +
        e.hint,
    );
    expect(e.hint).toMatch(/same deployment hash/);
    // the contract may be a squatter's: the hint never says to reuse it without checking its twin
    expect(e.hint).not.toMatch(/reuse it/);
    expect(e.hint).toMatch(/if another twin holds it, never use it/);
  });

  it.each([
    ['tfgridModule', 'TwinNotExists', /create one first/],
    ['smartContractModule', 'TwinNotExists', /create one first/],
    ['dao', 'NotCouncilMember', /council member/],
    ['dao', 'NotAuthorizedToVote', /owner/],
    ['dao', 'FarmHasNoNodes', /has nodes/],
    ['dao', 'DuplicateVote', /already voted/],
    ['smartContractModule', 'TwinNotAuthorizedToCancelContract', /owner account/],
    ['tfgridModule', 'UserDidNotSignTermsAndConditions', /userAcceptTc/],
    ['balances', 'InsufficientBalance', /fund it/],
    ['', 'Token.FundsUnavailable', /fund it/],
    ['', 'Payment', /fund it/],
  ])('has a fix for %s.%s', (pallet, error, fix) => {
    expect(hintFor({ pallet, error })).toMatch(fix);
  });

  it('has no hint for an error it does not know, and still gives a plain message', () => {
    const facts = { kind: 'dispatch' as const, call: 'x.y', pallet: 'x', error: 'Strange' };
    expect(hintFor(facts)).toBe('');
    expect(chainErrorMessage(facts)).toBe('x.y failed: x.Strange');
  });

  it('mentions the batch it ran in', () => {
    const e = new ChainError({
      kind: 'dispatch',
      call: 'a.b',
      pallet: 'a',
      error: 'E',
      batch: ['a.b', 'c.d'],
    });
    expect(e.message).toContain('[inside a batch of 2 calls: a.b, c.d]');
    expect(e.batch).toEqual(['a.b', 'c.d']);
  });
});

describe('poolErrorFacts', () => {
  it('reads the 1010 payment rejection as insufficient funds', () => {
    const f = poolErrorFacts(
      'balances.transferKeepAlive',
      '1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low',
    );
    expect(f).toEqual({
      kind: 'pool',
      call: 'balances.transferKeepAlive',
      pallet: '',
      error: 'Payment',
      docs: '1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low',
    });
    expect(new ChainError(f!).message).toMatch(
      /^balances.transferKeepAlive was refused by the node: Payment .*fund it/,
    );
  });

  it.each([
    ['1010: Invalid Transaction: Transaction is outdated', 'Stale'],
    ['1010: Invalid Transaction: Transaction will be valid in the future', 'Future'],
    ['1010: Invalid Transaction: Transaction has a bad signature', 'BadProof'],
    ['1014: Priority is too low: (1 vs 1)', 'Priority'],
    ['1012: Transaction is temporarily banned', 'Temporarily'],
    ['1010: Invalid Transaction: Something new', 'InvalidTransaction'],
  ])('reads %s', (message, error) => {
    expect(poolErrorFacts('system.remark', message)?.error).toBe(error);
  });

  it('ignores messages that are not pool errors', () => {
    expect(poolErrorFacts('system.remark', 'socket closed')).toBeUndefined();
  });
});

describe('failedCallOf', () => {
  it('names the only inner call of the failing pallet', () => {
    expect(
      failedCallOf(
        'utility.batchAll',
        ['smartContractModule.createNameContract', 'tfgridModule.createTwin'],
        'smartContractModule',
      ),
    ).toBe('smartContractModule.createNameContract');
  });
  it('falls back to the batch when several calls of that pallet are in it', () => {
    expect(
      failedCallOf(
        'utility.batchAll',
        ['smartContractModule.createNameContract', 'smartContractModule.createNodeContract'],
        'smartContractModule',
      ),
    ).toBe('utility.batchAll');
    expect(failedCallOf('system.remark', [], '')).toBe('system.remark');
  });
});
