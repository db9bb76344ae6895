import { AccountError, createAccount, mnemonicProblem, seedProblem, splitMnemonic } from './account';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
// well-known public keys of Substrate's dev accounts
const ALICE_SR = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_ED = '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu';

describe('createAccount', () => {
  it('derives //Alice from the dev mnemonic, sr25519 by default and ed25519 on request', async () => {
    expect((await createAccount({ mnemonic: `${DEV}//Alice` })).address).toBe(ALICE_SR);
    expect((await createAccount({ mnemonic: '//Alice' })).address).toBe(ALICE_SR);
    const ed = await createAccount({ mnemonic: `${DEV}//Alice`, keyType: 'ed25519' });
    expect(ed.type).toBe('ed25519');
    expect(ed.address).toBe(ALICE_ED);
  });

  it('accepts a hex seed with or without 0x, for either key type', async () => {
    const seed = '0x' + '11'.repeat(32);
    const a = await createAccount({ seed });
    const b = await createAccount({ seed: '11'.repeat(32) });
    expect(a.address).toBe(b.address);
    expect((await createAccount({ seed, keyType: 'ed25519' })).address).not.toBe(a.address);
  });

  it('never puts the mnemonic in its errors', async () => {
    const bad = 'bottom drive obey lake curtain smoke basket hold race lonely fit fit';
    const err = await createAccount({ mnemonic: bad }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(AccountError);
    expect((err as Error).message).toMatch(/^the mnemonic is not valid: check it has 12 or 24 words/);
    for (const word of ['bottom', 'curtain', 'lonely']) expect((err as Error).message).not.toContain(word);
    const short = await createAccount({ mnemonic: 'bottom drive obey' }).catch((e: Error) => e);
    expect((short as Error).message).toBe(
      'the mnemonic is not valid: check it has 12 or 24 words (it has 3)',
    );
  });

  it('rejects a bad seed, both secrets, no secret, and an unknown key type', async () => {
    await expect(createAccount({ seed: '0x1234' })).rejects.toThrow(
      'the seed is not valid: give 32 bytes as hex',
    );
    await expect(createAccount({ seed: '0x' + '11'.repeat(32), mnemonic: DEV })).rejects.toThrow(
      'exactly one of mnemonic or seed',
    );
    await expect(createAccount({})).rejects.toThrow('exactly one of mnemonic or seed');
    await expect(createAccount({ mnemonic: DEV, keyType: 'ecdsa' as never })).rejects.toThrow(
      "key type 'ecdsa' is not supported",
    );
  });
});

describe('mnemonic helpers', () => {
  it('split the phrase from its derivation path', () => {
    expect(splitMnemonic(`  ${DEV}//Alice `)).toEqual({ phrase: DEV, path: '//Alice' });
    expect(splitMnemonic(DEV)).toEqual({ phrase: DEV, path: '' });
  });
  it('judge mnemonics and seeds without echoing them', () => {
    expect(mnemonicProblem(DEV)).toBeUndefined();
    expect(mnemonicProblem('//Bob')).toBeUndefined();
    expect(mnemonicProblem('')).toMatch(/it has 0/);
    expect(seedProblem('0x' + 'ab'.repeat(32))).toBeUndefined();
    expect(seedProblem('zz')).toMatch(/not valid/);
  });
});
