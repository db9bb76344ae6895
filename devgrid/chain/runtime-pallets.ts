/** The pallets of the dev chain's runtime, at TFChain's indices, and their genesis steps. */
import type { PalletSpec } from './pallet';
import { BALANCES, TRANSACTION_PAYMENT } from './pallets/balances';
import { COUNCIL } from './pallets/council';
import { COUNCIL_MEMBERSHIP, councilGenesis } from './pallets/council-membership';
import { DAO } from './pallets/dao';
import { KV_STORE } from './pallets/kvstore';
import { SMART_CONTRACT, smartContractGenesis } from './pallets/smart-contract';
import { SYSTEM, TIMESTAMP } from './pallets/system';
import { TFGRID } from './pallets/tfgrid';
import { tfgridGenesis } from './pallets/tfgrid-genesis';
import { TFT_PRICE, tftPriceGenesis } from './pallets/tft-price';
import { UTILITY } from './pallets/utility';
import { fundAccounts, type GenesisStep } from './runtime/genesis';

export const RUNTIME_PALLETS: readonly PalletSpec[] = [
  SYSTEM,
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

/** Genesis in order: accounts first, then what pallets put in place. */
export const GENESIS_STEPS: readonly GenesisStep[] = [
  fundAccounts,
  tfgridGenesis,
  smartContractGenesis,
  tftPriceGenesis,
  councilGenesis,
];
