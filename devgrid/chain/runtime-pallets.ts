/**
 * The pallets of the dev chain's runtime, at TFChain's indices, and their genesis steps. System's
 * constants carry the block limits, so a runtime with other limits has its own pallet list.
 */
import type { PalletSpec } from './pallet';
import { BALANCES, TRANSACTION_PAYMENT } from './pallets/balances';
import { COUNCIL } from './pallets/council';
import { COUNCIL_MEMBERSHIP, councilGenesis } from './pallets/council-membership';
import { DAO } from './pallets/dao';
import { KV_STORE } from './pallets/kvstore';
import { SMART_CONTRACT, smartContractGenesis } from './pallets/smart-contract';
import { systemPallet, TIMESTAMP } from './pallets/system';
import { TFGRID } from './pallets/tfgrid';
import { tfgridGenesis } from './pallets/tfgrid-genesis';
import { TFT_PRICE, tftPriceGenesis } from './pallets/tft-price';
import { UTILITY } from './pallets/utility';
import { fundAccounts, type GenesisStep } from './runtime/genesis';
import { BlockLimits } from './runtime/weights';

/** The runtime's pallets with these block limits. */
export function runtimePallets(limits: BlockLimits): readonly PalletSpec[] {
  return [
    systemPallet(limits),
    TIMESTAMP,
    UTILITY,
    BALANCES,
    TRANSACTION_PAYMENT,
    TFGRID,
    SMART_CONTRACT,
    TFT_PRICE,
    KV_STORE,
    COUNCIL,
    COUNCIL_MEMBERSHIP,
    DAO,
  ];
}

/** The runtime's pallets with TFChain's block limits. */
export const RUNTIME_PALLETS: readonly PalletSpec[] = runtimePallets(new BlockLimits());

/** Genesis in order: accounts first, then what pallets put in place. */
export const GENESIS_STEPS: readonly GenesisStep[] = [
  fundAccounts,
  tfgridGenesis,
  smartContractGenesis,
  tftPriceGenesis,
  councilGenesis,
];
