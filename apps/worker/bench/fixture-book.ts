/**
 * Writes a risk-core portfolio document (spot, linear/inverse futures, perpetuals and options with
 * flat vols, as the VaR benchmark fixture) into a fund as a database book: accounts, fund-private
 * instruments, positions and a market snapshot (spot, forwards, flat vols, rate), through the owner
 * client. @dte/domain maps it back to the same positions; the fixture's covariance is passed to the
 * run as `marketCovariance`.
 */
import type { PrismaClient } from '@dte/db';

interface FixturePosition {
  id: string;
  account: string;
  kind: 'spot' | 'future' | 'perpetual' | 'option';
  underlying: string;
  settlement?: 'linear' | 'inverse';
  contractSize?: number;
  quantity: number;
  entryPrice?: number;
  expiry?: string;
  strike?: number;
  optionType?: 'call' | 'put';
}

/** The fixture document (the fields this writer uses). */
export interface FixtureDocument {
  valuationTime: string;
  market: {
    spot: Record<string, number>;
    forwards?: Record<string, { expiry: string; price: number }[]>;
    vols: Record<string, number>;
    rate?: number;
    covariance: { tokens: string[]; daily: number[][] };
  };
  positions: FixturePosition[];
}

const KIND = { spot: 'SPOT', future: 'FUTURE', perpetual: 'PERPETUAL', option: 'OPTION' } as const;

/** Writes the document's book into `fundId`; returns the market snapshot id. */
export async function seedFixtureBook(
  admin: PrismaClient,
  fundId: string,
  doc: FixtureDocument,
): Promise<string> {
  const accounts = new Map<string, string>();
  for (const name of [...new Set(doc.positions.map((p) => p.account))]) {
    const row = await admin.account.create({ data: { fundId, name, venue: 'Bench', kind: 'EXCHANGE' } });
    accounts.set(name, row.id);
  }
  const symbolOf = (p: FixturePosition) =>
    [
      p.kind,
      p.underlying,
      p.settlement ?? '',
      p.contractSize ?? 1,
      p.expiry ?? '',
      p.strike ?? '',
      p.optionType ?? '',
    ].join('|');
  const instruments = new Map<string, FixturePosition>();
  for (const p of doc.positions) instruments.set(symbolOf(p), p);
  await admin.instrument.createMany({
    data: [...instruments].map(([symbol, p]) => ({
      fundId,
      venue: 'Bench',
      symbol,
      kind: KIND[p.kind],
      settlement:
        p.kind === 'spot' ? null : p.settlement === 'inverse' ? ('INVERSE' as const) : ('LINEAR' as const),
      underlying: p.underlying,
      quoteCurrency: 'USD',
      settlementCurrency: p.settlement === 'inverse' ? p.underlying : 'USD',
      contractSize: String(p.contractSize ?? 1),
      expiry: p.expiry ? new Date(p.expiry) : null,
      strike: p.strike !== undefined ? String(p.strike) : null,
      optionType:
        p.optionType === 'call' ? ('CALL' as const) : p.optionType === 'put' ? ('PUT' as const) : null,
    })),
  });
  const ids = new Map(
    (await admin.instrument.findMany({ where: { fundId }, select: { id: true, symbol: true } })).map((i) => [
      i.symbol,
      i.id,
    ]),
  );
  await admin.position.createMany({
    data: doc.positions.map((p) => ({
      fundId,
      accountId: accounts.get(p.account) as string,
      instrumentId: ids.get(symbolOf(p)) as string,
      quantity: String(p.quantity),
      entryPrice: p.entryPrice !== undefined ? String(p.entryPrice) : null,
      externalRef: p.id,
    })),
  });
  const snapshot = await admin.marketSnapshot.create({
    data: {
      fundId,
      asOf: new Date(doc.valuationTime),
      source: 'worker bench fixture',
      rate: String(doc.market.rate ?? 0),
    },
  });
  const quote = (kind: 'SPOT' | 'FORWARD' | 'VOL', token: string, value: number, expiry?: string) => ({
    snapshotId: snapshot.id,
    fundId,
    kind,
    token,
    value: String(value),
    expiry: expiry ? new Date(expiry) : null,
  });
  await admin.marketQuote.createMany({
    data: [
      ...Object.entries(doc.market.spot).map(([t, v]) => quote('SPOT', t, v)),
      ...Object.entries(doc.market.vols).map(([t, v]) => quote('VOL', t, v)),
      ...Object.entries(doc.market.forwards ?? {}).flatMap(([t, fs]) =>
        fs.map((f) => quote('FORWARD', t, f.price, f.expiry)),
      ),
    ],
  });
  return snapshot.id;
}
