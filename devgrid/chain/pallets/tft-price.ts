/** TFTPriceModule (index 28): the TFT price in mUSD (genesis 10 = 0.01 USD). */
import type { PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import type { GenesisStep } from '../runtime/genesis';
import { benchmarked } from '../runtime/weights';

const P = 'TFTPriceModule';

/** Genesis TFT price in mUSD (0.01 USD). */
export const GENESIS_TFT_PRICE_MUSD = 10;

export const TFT_PRICE: PalletSpec = {
  name: P,
  index: 28,
  calls: {
    set_prices: {
      index: 0,
      args: { price: 'u32', block_number: 'u32' },
      weight: benchmarked(48_943_000, 6175, 6, 5),
    },
    set_min_tft_price: { index: 2, args: { price: 'u32' }, weight: benchmarked(8_315_000, 1578, 1, 1) },
    set_max_tft_price: { index: 3, args: { price: 'u32' }, weight: benchmarked(8_235_000, 1578, 1, 1) },
  },
  events: {
    PriceStored: 'u32',
    OffchainWorkerExecuted: 'AccountId',
    AveragePriceStored: 'u32',
    AveragePriceIsAboveMaxPrice: ['u32', 'u32'],
    AveragePriceIsBelowMinPrice: ['u32', 'u32'],
  },
  errors: [
    'ErrFetchingPrice',
    'OffchainSignedTxError',
    'NoLocalAcctForSigning',
    'AccountUnauthorizedToSetPrice',
    'MaxPriceBelowMinPriceError',
    'MinPriceAboveMaxPriceError',
    'IsNotAnAuthority',
    'WrongAuthority',
  ],
  storage: [
    { name: 'TftPrice', type: 'u32' },
    { name: 'LastBlockSet', type: 'u32' },
    { name: 'AverageTftPrice', type: 'u32' },
    { name: 'TftPriceHistory', type: 'u32', keys: [{ hasher: 'Blake2_128Concat', type: 'u16' }] },
    { name: 'BufferRange', type: '(u16,u16)' },
    { name: 'MinTftPrice', type: 'u32' },
    { name: 'MaxTftPrice', type: 'u32' },
  ],
  handlers: {
    // the real chain takes prices from its validators' offchain workers; here Root sets them
    set_prices: (ctx, a) => {
      if (!('root' in ctx.origin)) throw moduleError(P, 'AccountUnauthorizedToSetPrice');
      const price = Number(a.price.toString());
      ctx.put(P, 'TftPrice', [], price);
      ctx.put(P, 'AverageTftPrice', [], price);
      ctx.put(P, 'LastBlockSet', [], ctx.blockNumber);
      ctx.emit(P, 'PriceStored', price);
      ctx.emit(P, 'AveragePriceStored', price);
    },
    set_min_tft_price: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const price = Number(a.price.toString());
      // TFChain: min < max and max > min, both strictly
      if (price >= Number(ctx.get(P, 'MaxTftPrice')?.toString()))
        throw moduleError(P, 'MinPriceAboveMaxPriceError');
      ctx.put(P, 'MinTftPrice', [], price);
    },
    set_max_tft_price: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const price = Number(a.price.toString());
      if (price <= Number(ctx.get(P, 'MinTftPrice')?.toString()))
        throw moduleError(P, 'MaxPriceBelowMinPriceError');
      ctx.put(P, 'MaxTftPrice', [], price);
    },
  },
};

export const tftPriceGenesis: GenesisStep = (ctx) => {
  ctx.put(P, 'TftPrice', [], GENESIS_TFT_PRICE_MUSD);
  ctx.put(P, 'AverageTftPrice', [], GENESIS_TFT_PRICE_MUSD);
  ctx.put(P, 'MinTftPrice', [], 1);
  ctx.put(P, 'MaxTftPrice', [], 1000);
};
