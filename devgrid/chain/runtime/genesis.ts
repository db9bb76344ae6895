/**
 * Genesis state: the well-known dev accounts funded, the council (Alice, Bob), TFChain's default
 * pricing policy and farming policies, the TFT price. Pallets contribute through GENESIS_STEPS.
 */
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import type { CallContext } from '../pallet';
import { EXISTENTIAL_DEPOSIT, writeAccount } from '../pallets/balances';
import { FOUNDATION_ACCOUNT, SALES_ACCOUNT, STAKING_POOL_ACCOUNT } from '../pallets/tfgrid-genesis';
import { FEE_COLLECTOR } from './executive';

/** The dev accounts (sr25519, derived from the well-known dev phrase). */
export const DEV_ACCOUNT_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

/** What genesis needs to know about the dev accounts. */
export interface GenesisConfig {
  /** initial free balance of each dev account, in units (1 TFT = 10^7); default 1,000,000 TFT */
  readonly endowment?: bigint;
  /** council members by dev account name; default Alice and Bob */
  readonly council?: readonly string[];
  /** blocks per billing cycle (SmartContractModule.BillingFrequency); default 600 as on TFChain */
  readonly billingFrequency?: number;
}

/** Account ids (hex) of the dev accounts, by name. Needs the crypto wasm ready. */
export function devAccounts(): Record<string, string> {
  const keyring = new Keyring({ type: 'sr25519' });
  return Object.fromEntries([
    ...DEV_ACCOUNT_NAMES.map((n) => [n, u8aToHex(keyring.addFromUri(`//${n}`).publicKey)]),
    // the validator whose offchain worker sends the billing extrinsics, as on a Substrate dev chain
    ['Alice//stash', u8aToHex(keyring.addFromUri(VALIDATOR_URI).publicKey)],
  ]);
}

/** The dev chain's validator account (its offchain worker signs `billContractForBlock`). */
export const VALIDATOR_URI = '//Alice//stash';

export type GenesisStep = (ctx: CallContext, accounts: Record<string, string>, config: GenesisConfig) => void;

/** A new account holding `free` units from genesis (what pallet_balances' genesis writes). */
export function endow(ctx: CallContext, id: string, free: bigint): void {
  writeAccount(ctx, id, {
    nonce: 0,
    consumers: 0,
    providers: 1,
    sufficients: 0,
    free,
    reserved: 0n,
    frozen: 0n,
  });
}

/** Funds the dev accounts and sets the total issuance. */
export const fundAccounts: GenesisStep = (ctx, accounts, config) => {
  const endowment = config.endowment ?? 1_000_000n * 10_000_000n;
  let total = 0n;
  for (const id of Object.values(accounts)) {
    endow(ctx, id, endowment);
    total += endowment;
  }
  // accounts that receive fees and contract payments exist from genesis (they hold the existential deposit)
  for (const id of [FEE_COLLECTOR, FOUNDATION_ACCOUNT, SALES_ACCOUNT, STAKING_POOL_ACCOUNT]) {
    endow(ctx, id, EXISTENTIAL_DEPOSIT);
    total += EXISTENTIAL_DEPOSIT;
  }
  ctx.put('Balances', 'TotalIssuance', [], total);
};
