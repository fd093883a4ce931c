/**
 * A demo-like book for tests and benchmarks, written through the OWNER connection into an existing
 * (uuid-named) fund: fund-private instruments of every kind and settlement (catalog conventions:
 * inverse contract size in USD face, option contract size in units, quanto contract size 1 with a
 * multiplier), accounts in cross and isolated mode, positions, collateral and spot balances, an Aave
 * supply/borrow, and two fund-owned market snapshots at the same `asOf` (the market, and a sibling
 * with leveraged-token NAVs, as the demo seed does). Everything belongs to the fund, so deleting the
 * fund removes it (ON DELETE CASCADE). Nothing global is written.
 */
import type { Prisma, PrismaClient } from '@dte/db';

/** Valuation time of the fixture market (far ahead, so no other test's snapshot is more recent). */
export const DEMO_BOOK_AS_OF = new Date('2030-11-22T08:00:00.000Z');
const E1 = new Date('2030-12-27T08:00:00.000Z');
const E2 = new Date('2031-03-28T08:00:00.000Z');
const EXPIRED = new Date('2030-10-25T08:00:00.000Z');

/** Ids of what {@link seedDemoBook} wrote. */
export interface DemoBook {
  fundId: string;
  snapshotId: string;
  /** The sibling snapshot (leveraged-token NAVs only). */
  navSnapshotId: string;
  accounts: Record<string, string>;
  instruments: Record<string, string>;
  /** Position ids by fixture name (the generated extra positions are not listed). */
  positions: Record<string, string>;
  /** Rows expected in `unmapped` (name -> row id). */
  unmapped: Record<string, string>;
  balanceCount: number;
  lendingCount: number;
}

type InstrumentSpec = Omit<
  Prisma.InstrumentCreateManyInput,
  'fundId' | 'quoteCurrency' | 'settlementCurrency'
> & {
  quoteCurrency?: string;
  settlementCurrency?: string;
};

const INSTRUMENTS: Record<string, InstrumentSpec> = {
  spotBtc: { venue: 'Spot', symbol: 'BTC', kind: 'SPOT', underlying: 'BTC', contractSize: '1' },
  spotEth: { venue: 'Spot', symbol: 'ETH', kind: 'SPOT', underlying: 'ETH', contractSize: '1' },
  spotDoge: { venue: 'Spot', symbol: 'DOGE', kind: 'SPOT', underlying: 'DOGE', contractSize: '1' },
  btcPerpInverse: {
    venue: 'Deribit',
    symbol: 'BTC-PERPETUAL',
    kind: 'PERPETUAL',
    settlement: 'INVERSE',
    underlying: 'BTC',
    settlementCurrency: 'BTC',
    contractSize: '10',
    initialMarginRate: '0.02',
    maintenanceMarginRate: '0.015',
  },
  btcFutureInverse: {
    venue: 'Deribit',
    symbol: 'BTC-27DEC30',
    kind: 'FUTURE',
    settlement: 'INVERSE',
    underlying: 'BTC',
    settlementCurrency: 'BTC',
    contractSize: '10',
    expiry: E1,
    maintenanceMarginRate: '0.015',
  },
  btcPerpLinear: {
    venue: 'Binance USD-M',
    symbol: 'BTCUSDT',
    kind: 'PERPETUAL',
    settlement: 'LINEAR',
    underlying: 'BTC',
    quoteCurrency: 'USDT',
    settlementCurrency: 'USDT',
    contractSize: '1',
    maintenanceMarginRate: '0.004',
    marginTiers: [
      { notionalUpTo: 50_000, maintenanceMarginRate: 0.004, maintenanceAmount: 0 },
      { notionalUpTo: 250_000, maintenanceMarginRate: 0.005, maintenanceAmount: 50 },
      { notionalUpTo: 100_000_000, maintenanceMarginRate: 0.01, maintenanceAmount: 1300 },
    ],
  },
  ethPerpLinear: {
    venue: 'Binance USD-M',
    symbol: 'ETHUSDT',
    kind: 'PERPETUAL',
    settlement: 'LINEAR',
    underlying: 'ETH',
    quoteCurrency: 'USDT',
    settlementCurrency: 'USDT',
    contractSize: '1',
    maintenanceMarginRate: '0.005',
  },
  btcFutureLinear: {
    venue: 'CME',
    symbol: 'BTCZ0',
    kind: 'FUTURE',
    settlement: 'LINEAR',
    underlying: 'BTC',
    contractSize: '5',
    expiry: E2,
  },
  btcFutureExpired: {
    venue: 'CME',
    symbol: 'BTCV0',
    kind: 'FUTURE',
    settlement: 'LINEAR',
    underlying: 'BTC',
    contractSize: '5',
    expiry: EXPIRED,
  },
  btcCallInverse: {
    venue: 'Deribit',
    symbol: 'BTC-27DEC30-100000-C',
    kind: 'OPTION',
    settlement: 'INVERSE',
    underlying: 'BTC',
    quoteCurrency: 'BTC',
    settlementCurrency: 'BTC',
    contractSize: '1',
    expiry: E1,
    strike: '100000',
    optionType: 'CALL',
  },
  btcPutInverse: {
    venue: 'Deribit',
    symbol: 'BTC-28MAR31-80000-P',
    kind: 'OPTION',
    settlement: 'INVERSE',
    underlying: 'BTC',
    quoteCurrency: 'BTC',
    settlementCurrency: 'BTC',
    contractSize: '1',
    expiry: E2,
    strike: '80000',
    optionType: 'PUT',
  },
  solCallLinear: {
    venue: 'Deribit',
    symbol: 'SOL_USDC-27DEC30-150-C',
    kind: 'OPTION',
    settlement: 'LINEAR',
    underlying: 'SOL',
    quoteCurrency: 'USDC',
    settlementCurrency: 'USDC',
    contractSize: '10',
    expiry: E1,
    strike: '150',
    optionType: 'CALL',
  },
  ethQuanto: {
    venue: 'BitMEX',
    symbol: 'ETHUSD',
    kind: 'PERPETUAL',
    settlement: 'QUANTO',
    underlying: 'ETH',
    settlementCurrency: 'BTC',
    contractSize: '1',
    multiplier: '0.000001',
  },
  ethQuantoOption: {
    venue: 'Test',
    symbol: 'ETH-QUANTO-OPTION',
    kind: 'OPTION',
    settlement: 'QUANTO',
    underlying: 'ETH',
    settlementCurrency: 'BTC',
    contractSize: '1',
    multiplier: '0.000001',
    expiry: E1,
    strike: '3000',
    optionType: 'CALL',
  },
  btc3l: {
    venue: 'Bybit',
    symbol: 'BTC3L',
    kind: 'LEVERAGED_TOKEN',
    underlying: 'BTC',
    quoteCurrency: 'USDT',
    settlementCurrency: 'USDT',
    contractSize: '1',
    targetLeverage: '3',
  },
  eth3s: {
    venue: 'Bybit',
    symbol: 'ETH3S',
    kind: 'LEVERAGED_TOKEN',
    underlying: 'ETH',
    quoteCurrency: 'USDT',
    settlementCurrency: 'USDT',
    contractSize: '1',
    targetLeverage: '-3',
  },
  aaveWeth: {
    venue: 'Aave v3 Ethereum',
    symbol: 'WETH',
    kind: 'LENDING_RESERVE',
    underlying: 'ETH',
    settlementCurrency: 'WETH',
    contractSize: '1',
    liquidationThreshold: '0.83',
    liquidationBonus: '1.05',
    loanToValue: '0.805',
    closeFactor: '0.5',
  },
  aaveUsdc: {
    venue: 'Aave v3 Ethereum',
    symbol: 'USDC',
    kind: 'LENDING_RESERVE',
    underlying: 'USDC',
    settlementCurrency: 'USDC',
    contractSize: '1',
    liquidationThreshold: '0.8',
    liquidationBonus: '1.045',
    loanToValue: '0.77',
    closeFactor: '0.5',
  },
};

const ACCOUNTS = [
  { name: 'deribit-main', venue: 'Deribit', kind: 'EXCHANGE', marginMode: 'CROSS' },
  { name: 'binance-usdm', venue: 'Binance USD-M', kind: 'EXCHANGE', marginMode: 'CROSS' },
  { name: 'binance-iso', venue: 'Binance USD-M', kind: 'SUB_ACCOUNT', marginMode: 'ISOLATED' },
  { name: 'cme-broker', venue: 'CME', kind: 'EXCHANGE', marginMode: 'CROSS' },
  { name: 'bitmex-main', venue: 'BitMEX', kind: 'EXCHANGE', marginMode: 'CROSS' },
  { name: 'bybit-main', venue: 'Bybit', kind: 'EXCHANGE', marginMode: 'CROSS' },
  { name: 'aave-wallet', venue: 'Aave v3 Ethereum', kind: 'PROTOCOL', marginMode: 'CROSS' },
  { name: 'cold-storage', venue: 'Cold storage', kind: 'WALLET', marginMode: 'CROSS' },
] as const;

interface PositionSpec {
  account: string;
  instrument: string;
  quantity: string;
  entryPrice?: string;
  marginMode?: 'ISOLATED' | 'CROSS';
  isolatedMargin?: string;
  leverage?: string;
}

const POSITIONS: Record<string, PositionSpec> = {
  btcPerpInverseShort: {
    account: 'deribit-main',
    instrument: 'btcPerpInverse',
    quantity: '-5000',
    entryPrice: '90500',
  },
  btcFutureInverseLong: {
    account: 'deribit-main',
    instrument: 'btcFutureInverse',
    quantity: '2000',
    entryPrice: '90000',
  },
  btcCallLong: { account: 'deribit-main', instrument: 'btcCallInverse', quantity: '25' },
  btcPutShort: { account: 'deribit-main', instrument: 'btcPutInverse', quantity: '-12.5' },
  solCallLong: { account: 'deribit-main', instrument: 'solCallLinear', quantity: '300' },
  btcPerpLinearLong: {
    account: 'binance-usdm',
    instrument: 'btcPerpLinear',
    quantity: '40',
    entryPrice: '89500',
  },
  ethPerpLinearIsolated: {
    account: 'binance-usdm',
    instrument: 'ethPerpLinear',
    quantity: '-300',
    entryPrice: '3150',
    marginMode: 'ISOLATED',
    isolatedMargin: '93000',
    leverage: '10',
  },
  btcPerpIsoAccount: {
    account: 'binance-iso',
    instrument: 'btcPerpLinear',
    quantity: '5',
    entryPrice: '92000',
    marginMode: 'ISOLATED',
    isolatedMargin: '46000',
    leverage: '10',
  },
  btcFutureLinearLong: {
    account: 'cme-broker',
    instrument: 'btcFutureLinear',
    quantity: '10',
    entryPrice: '89000',
  },
  btcFutureExpired: {
    account: 'cme-broker',
    instrument: 'btcFutureExpired',
    quantity: '-2',
    entryPrice: '88000',
  },
  ethQuantoLong: { account: 'bitmex-main', instrument: 'ethQuanto', quantity: '20000', entryPrice: '3000' },
  btc3lLong: { account: 'bybit-main', instrument: 'btc3l', quantity: '40000' },
  eth3sLong: { account: 'bybit-main', instrument: 'eth3s', quantity: '25000' },
  btcSpot: { account: 'cold-storage', instrument: 'spotBtc', quantity: '12.5' },
  ethSpot: { account: 'cold-storage', instrument: 'spotEth', quantity: '150' },
};

/** Rows that cannot be valued (no quote / unsupported): they must show up in `unmapped`. */
const UNMAPPED_POSITIONS: Record<string, PositionSpec> = {
  dogeNoQuote: { account: 'cold-storage', instrument: 'spotDoge', quantity: '1000000' },
  quantoOption: { account: 'bitmex-main', instrument: 'ethQuantoOption', quantity: '10' },
  reserveAsPosition: { account: 'aave-wallet', instrument: 'aaveWeth', quantity: '1' },
};

const BALANCES = [
  { account: 'deribit-main', token: 'BTC', kind: 'COLLATERAL', quantity: '60' },
  { account: 'deribit-main', token: 'USDC', kind: 'COLLATERAL', quantity: '1000000' },
  { account: 'binance-usdm', token: 'USDT', kind: 'COLLATERAL', quantity: '2500000' },
  { account: 'bitmex-main', token: 'BTC', kind: 'COLLATERAL', quantity: '8' },
  { account: 'cme-broker', token: 'USD', kind: 'COLLATERAL', quantity: '3000000' },
  { account: 'bybit-main', token: 'USDT', kind: 'SPOT', quantity: '250000' },
] as const;

/** Options of {@link seedDemoBook}. */
export interface DemoBookOptions {
  /**
   * Extra positions generated over the mapped fixture instruments and accounts (deterministic
   * sizes), for benchmarks and statement-count tests.
   */
  extraPositions?: number;
}

/**
 * Writes the demo-like book into `fundId` through the owner client `admin` (bypasses row-level
 * security). The fund must exist and be empty of these names.
 */
export async function seedDemoBook(
  admin: PrismaClient,
  fundId: string,
  options: DemoBookOptions = {},
): Promise<DemoBook> {
  const instruments: Record<string, string> = {};
  for (const [name, spec] of Object.entries(INSTRUMENTS)) {
    const row = await admin.instrument.create({
      data: {
        quoteCurrency: 'USD',
        settlementCurrency: 'USD',
        ...spec,
        fundId,
        sourceUrl: 'https://example.org/dte-test-fixture',
        notes: 'test fixture (fund-private)',
      } as Prisma.InstrumentUncheckedCreateInput,
      select: { id: true },
    });
    instruments[name] = row.id;
  }
  const accounts: Record<string, string> = {};
  for (const a of ACCOUNTS) {
    const row = await admin.account.create({ data: { ...a, fundId }, select: { id: true } });
    accounts[a.name] = row.id;
  }
  const opened = new Date(DEMO_BOOK_AS_OF.getTime() - 86_400_000);
  const createPosition = async (name: string, p: PositionSpec, offsetMs: number) => {
    const row = await admin.position.create({
      data: {
        fundId,
        accountId: accounts[p.account] as string,
        instrumentId: instruments[p.instrument] as string,
        quantity: p.quantity,
        entryPrice: p.entryPrice ?? null,
        marginMode: p.marginMode ?? null,
        isolatedMargin: p.isolatedMargin ?? null,
        leverage: p.leverage ?? null,
        externalRef: `fixture-${name}`,
        openedAt: opened,
        createdAt: new Date(opened.getTime() + offsetMs),
      },
      select: { id: true },
    });
    return row.id;
  };
  const positions: Record<string, string> = {};
  let offset = 0;
  for (const [name, p] of Object.entries(POSITIONS))
    positions[name] = await createPosition(name, p, offset++);
  const unmapped: Record<string, string> = {};
  for (const [name, p] of Object.entries(UNMAPPED_POSITIONS))
    unmapped[name] = await createPosition(name, p, offset++);

  const extra = options.extraPositions ?? 0;
  if (extra > 0) {
    const templates = Object.values(POSITIONS);
    const rows: Prisma.PositionCreateManyInput[] = [];
    for (let i = 0; i < extra; i += 1) {
      const t = templates[i % templates.length] as PositionSpec;
      const scale = 0.5 + ((i * 7919) % 1000) / 1000; // deterministic 0.5 .. 1.5
      rows.push({
        fundId,
        accountId: accounts[t.account] as string,
        instrumentId: instruments[t.instrument] as string,
        quantity: (Number(t.quantity) * scale).toFixed(6),
        entryPrice: t.entryPrice ?? null,
        marginMode: t.marginMode ?? null,
        isolatedMargin: t.isolatedMargin ?? null,
        leverage: t.leverage ?? null,
        externalRef: `fixture-extra-${i}`,
        openedAt: opened,
        createdAt: new Date(opened.getTime() + 1000 + i),
      });
    }
    for (let i = 0; i < rows.length; i += 5000)
      await admin.position.createMany({ data: rows.slice(i, i + 5000) });
  }

  for (const b of BALANCES) {
    await admin.balance.create({
      data: {
        fundId,
        accountId: accounts[b.account] as string,
        token: b.token,
        kind: b.kind,
        quantity: b.quantity,
      },
    });
  }
  const aave = accounts['aave-wallet'] as string;
  await admin.lendingPosition.create({
    data: {
      fundId,
      accountId: aave,
      protocol: 'Aave v3',
      market: 'Ethereum core',
      token: 'ETH',
      side: 'SUPPLY',
      quantity: '1000',
      instrumentId: instruments.aaveWeth as string,
    },
  });
  await admin.lendingPosition.create({
    data: {
      fundId,
      accountId: aave,
      protocol: 'Aave v3',
      market: 'Ethereum core',
      token: 'USDC',
      side: 'BORROW',
      quantity: '1500000',
      instrumentId: instruments.aaveUsdc as string,
    },
  });

  const snapshot = await admin.marketSnapshot.create({
    data: { fundId, asOf: DEMO_BOOK_AS_OF, source: 'dte test fixture market', rate: '0.04' },
    select: { id: true },
  });
  const quote = (
    kind: 'SPOT' | 'FORWARD' | 'VOL' | 'MARK',
    token: string,
    value: string,
    extraFields = {},
  ) => ({
    snapshotId: snapshot.id,
    fundId,
    kind,
    token,
    value,
    ...extraFields,
  });
  await admin.marketQuote.createMany({
    data: [
      quote('SPOT', 'BTC', '91000'),
      quote('SPOT', 'ETH', '3100'),
      quote('SPOT', 'SOL', '150'),
      quote('SPOT', 'USDC', '1'),
      quote('SPOT', 'USDT', '1'),
      quote('FORWARD', 'BTC', '91600', { expiry: E1 }),
      quote('FORWARD', 'BTC', '93000', { expiry: E2 }),
      quote('VOL', 'BTC', '0.55'),
      quote('VOL', 'ETH', '0.7'),
      quote('VOL', 'SOL', '0.85'),
      quote('VOL', 'BTC', '0.6', { expiry: E1, strike: '80000' }),
      quote('VOL', 'BTC', '0.56', { expiry: E1, strike: '100000' }),
      quote('VOL', 'BTC', '0.61', { expiry: E2, strike: '80000' }),
      quote('VOL', 'BTC', '0.57', { expiry: E2, strike: '100000' }),
    ],
  });
  const navSnapshot = await admin.marketSnapshot.create({
    data: { fundId, asOf: DEMO_BOOK_AS_OF, source: 'dte test fixture leveraged-token NAVs', rate: '0.04' },
    select: { id: true },
  });
  await admin.marketQuote.createMany({
    data: [
      {
        snapshotId: navSnapshot.id,
        fundId,
        kind: 'MARK',
        token: 'BTC3L',
        value: '12.5',
        instrumentId: instruments.btc3l,
      },
      { snapshotId: navSnapshot.id, fundId, kind: 'MARK', token: 'ETH3S', value: '4.2' },
    ],
  });
  return {
    fundId,
    snapshotId: snapshot.id,
    navSnapshotId: navSnapshot.id,
    accounts,
    instruments,
    positions,
    unmapped,
    balanceCount: BALANCES.length,
    lendingCount: 2,
  };
}
