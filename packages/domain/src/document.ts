/**
 * A fund's book -> risk-core's portfolio document (spec `portfolio-format.md` v1 plus the kinds and
 * liquidation fields risk-core documents in docs/risk-core.md and docs/liquidation.md). The result is
 * the RAW JSON document: consumers validate it with `parsePortfolio` (and `parseMarginSpec` for the
 * liquidation fields), exactly as the CLI does with a file. The mapping of every instrument kind and
 * settlement is documented in docs/api-risk.md "Book -> portfolio document".
 */
import type {
  BookAccount,
  BookBalance,
  BookInstrument,
  BookLending,
  BookPosition,
  BookQuote,
  FundBook,
} from './book.ts';

/** A document position, as JSON. */
export type DocPosition = Record<string, unknown> & { id: string; account: string; kind: string };

/** The document as JSON (what `parsePortfolio` takes). */
export interface PortfolioJson {
  valuationTime: string;
  fund: string;
  market: {
    spot: Record<string, number>;
    forwards: Record<string, { expiry: string; price: number }[]>;
    vols: Record<string, number>;
    volSurface: Record<string, { expiry: string; strike: number; vol: number }[]>;
    rate: number;
  };
  /** Liquidation fields (read by `parseMarginSpec`, ignored by `parsePortfolio`). */
  margin: { accounts: Record<string, { mode: 'cross' | 'isolated' }> };
  positions: DocPosition[];
}

/** Where a document position comes from. */
export type BookSource = 'POSITION' | 'BALANCE' | 'LENDING';

/** Back-reference of a document position to its database rows. */
export interface DocumentRef {
  source: BookSource;
  /** The position / balance id; for LENDING every supply and borrow row of the group. */
  rowIds: string[];
  accountId: string;
  /** Instrument of a POSITION. */
  instrumentId?: string;
}

/** A row that could not be put in the document, and why (it is left out, never silently). */
export interface UnmappedRow {
  source: BookSource;
  rowId: string;
  reason: string;
}

/** The document, its back-references (by document position id) and what was left out. */
export interface BookDocument {
  document: PortfolioJson;
  refs: Map<string, DocumentRef>;
  unmapped: UnmappedRow[];
  /** Assumptions made while mapping (e.g. a collateral supply without a reserve instrument). */
  warnings: string[];
}

const iso = (d: Date): string => d.toISOString();

/** Market data of the snapshot (and its same-`asOf` siblings, earlier quotes winning). */
function buildMarket(book: FundBook) {
  const spot: Record<string, number> = {};
  const index: Record<string, number> = {};
  const forwards: Record<string, { expiry: string; price: number }[]> = {};
  const vols: Record<string, number> = {};
  const volSurface: Record<string, { expiry: string; strike: number; vol: number }[]> = {};
  const marks = new Map<string, number>();
  const seen = new Set<string>();
  const warnings: string[] = [];
  for (const q of book.quotes) {
    const key = `${q.kind}|${q.token}|${q.instrumentId ?? ''}|${q.expiry ? iso(q.expiry) : ''}|${q.strike ?? ''}`;
    if (seen.has(key)) continue; // the chosen snapshot's quote wins over its siblings'
    seen.add(key);
    addQuote(q, { spot, index, forwards, vols, volSurface, marks, warnings });
  }
  for (const [token, value] of Object.entries(index)) if (spot[token] === undefined) spot[token] = value;
  return {
    market: { spot, forwards, vols, volSurface, rate: book.snapshot.rate },
    marks,
    warnings,
  };
}

function addQuote(
  q: BookQuote,
  m: {
    spot: Record<string, number>;
    index: Record<string, number>;
    forwards: Record<string, { expiry: string; price: number }[]>;
    vols: Record<string, number>;
    volSurface: Record<string, { expiry: string; strike: number; vol: number }[]>;
    marks: Map<string, number>;
    warnings: string[];
  },
): void {
  switch (q.kind) {
    case 'SPOT':
      if (q.instrumentId === null) m.spot[q.token] = q.value;
      else m.marks.set(`instrument:${q.instrumentId}`, q.value);
      return;
    case 'INDEX':
      if (q.instrumentId === null) m.index[q.token] = q.value;
      return;
    case 'MARK':
      // Instrument marks: leveraged-token NAVs (by instrument, else by the token's symbol).
      if (q.instrumentId !== null) m.marks.set(`instrument:${q.instrumentId}`, q.value);
      else m.marks.set(`token:${q.token}`, q.value);
      return;
    case 'FORWARD':
      if (q.expiry === null) return; // a CHECK constraint forbids it
      listOf(m.forwards, q.token).push({ expiry: iso(q.expiry), price: q.value });
      return;
    case 'VOL':
      if (q.expiry === null && q.strike === null) m.vols[q.token] = q.value;
      else if (q.expiry !== null && q.strike !== null)
        listOf(m.volSurface, q.token).push({ expiry: iso(q.expiry), strike: q.strike, vol: q.value });
      else
        m.warnings.push(
          `VOL quote of ${q.token} with ${q.expiry ? 'an expiry but no strike' : 'a strike but no expiry'} ignored`,
        );
      return;
  }
}

/** The list at `record[key]`, created empty when absent. */
function listOf<T>(record: Record<string, T[]>, key: string): T[] {
  let list = record[key];
  if (!list) {
    list = [];
    record[key] = list;
  }
  return list;
}

/** Mode of a venue account in the document (`margin.accounts`). */
const modeOf = (account: BookAccount): 'cross' | 'isolated' =>
  account.marginMode === 'ISOLATED' ? 'isolated' : 'cross';

interface Ctx {
  book: FundBook;
  accounts: Map<string, BookAccount>;
  instruments: Map<string, BookInstrument>;
  market: ReturnType<typeof buildMarket>['market'];
  marks: Map<string, number>;
}

/** Tokens whose spot a position needs; missing ones make the row unmapped. */
function missingSpot(ctx: Ctx, tokens: readonly string[]): string | undefined {
  return tokens.find((t) => t !== 'USD' && ctx.market.spot[t] === undefined);
}

function noSpot(token: string, ctx: Ctx): string {
  return `no SPOT (or INDEX) quote for ${token} in market snapshot ${ctx.book.snapshot.id}`;
}

/**
 * One position row -> one document position, or the reason it cannot be mapped.
 * Quantities: the row's signed contracts; `contractSize` as in the catalog (linear: tokens, inverse:
 * USD face, options: units of the underlying); spot and leveraged tokens become tokens
 * (`quantity x contractSize`).
 */
function mapPosition(p: BookPosition, ctx: Ctx): DocPosition | string {
  const account = ctx.accounts.get(p.accountId);
  const ins = ctx.instruments.get(p.instrumentId);
  if (!account) return `account ${p.accountId} not found`;
  if (!ins) return `instrument ${p.instrumentId} not found`;
  const common = { id: p.id, account: account.name, venue: account.venue };
  const need = (tokens: string[]) => {
    const t = missingSpot(ctx, tokens);
    return t === undefined ? undefined : noSpot(t, ctx);
  };
  switch (ins.kind) {
    case 'SPOT': {
      const missing = need([ins.underlying]);
      if (missing) return missing;
      return { ...common, kind: 'spot', underlying: ins.underlying, quantity: p.quantity * ins.contractSize };
    }
    case 'FUTURE':
    case 'PERPETUAL': {
      const kind = ins.kind === 'FUTURE' ? 'future' : 'perpetual';
      const dated = ins.kind === 'FUTURE' && ins.expiry ? { expiry: iso(ins.expiry) } : {};
      const entry = p.entryPrice === null ? {} : { entryPrice: p.entryPrice };
      if (ins.settlement === 'QUANTO') {
        if (ins.multiplier === null) return `quanto instrument ${ins.symbol} has no multiplier`;
        const missing = need([ins.underlying, ins.settlementCurrency]);
        if (missing) return missing;
        return {
          ...common,
          kind,
          settlement: 'quanto',
          underlying: ins.underlying,
          settlementCoin: ins.settlementCurrency,
          multiplier: ins.multiplier * ins.contractSize,
          quantity: p.quantity,
          ...entry,
          ...dated,
        };
      }
      if (ins.settlement !== 'LINEAR' && ins.settlement !== 'INVERSE')
        return `instrument ${ins.symbol} has no settlement`;
      const missing = need([ins.underlying]);
      if (missing) return missing;
      return {
        ...common,
        kind,
        settlement: ins.settlement === 'LINEAR' ? 'linear' : 'inverse',
        underlying: ins.underlying,
        contractSize: ins.contractSize,
        quantity: p.quantity,
        ...entry,
        ...dated,
        ...marginFields(p, ins),
      };
    }
    case 'OPTION': {
      if (ins.settlement !== 'LINEAR' && ins.settlement !== 'INVERSE')
        return `option ${ins.symbol}: ${ins.settlement ?? 'no'} settlement is not supported (linear and inverse only)`;
      if (ins.strike === null || ins.expiry === null || ins.optionType === null)
        return `option ${ins.symbol} lacks strike, expiry or type`;
      const missing = need([ins.underlying]);
      if (missing) return missing;
      const hasVol =
        ctx.market.vols[ins.underlying] !== undefined ||
        (ctx.market.volSurface[ins.underlying]?.some(
          (v) => v.expiry > ctx.book.snapshot.asOf.toISOString(),
        ) ??
          false);
      if (!hasVol && ins.expiry.getTime() > ctx.book.snapshot.asOf.getTime())
        return `no VOL quote for ${ins.underlying} in market snapshot ${ctx.book.snapshot.id}`;
      return {
        ...common,
        kind: 'option',
        settlement: ins.settlement === 'LINEAR' ? 'linear' : 'inverse',
        underlying: ins.underlying,
        optionType: ins.optionType === 'CALL' ? 'call' : 'put',
        strike: ins.strike,
        expiry: iso(ins.expiry),
        contractSize: ins.contractSize,
        quantity: p.quantity,
      };
    }
    case 'LEVERAGED_TOKEN': {
      if (ins.targetLeverage === null || ins.targetLeverage === 0)
        return `leveraged token ${ins.symbol} has no target leverage`;
      const nav = ctx.marks.get(`instrument:${ins.id}`) ?? ctx.marks.get(`token:${ins.symbol}`);
      if (nav === undefined)
        return `no MARK quote (NAV) for leveraged token ${ins.symbol} in market snapshot ${ctx.book.snapshot.id} or its siblings`;
      const missing = need([ins.underlying]);
      if (missing) return missing;
      return {
        ...common,
        kind: 'leveraged-token',
        underlying: ins.underlying,
        token: ins.symbol,
        leverage: ins.targetLeverage,
        nav,
        quantity: p.quantity * ins.contractSize,
      };
    }
    case 'LENDING_RESERVE':
      return `lending reserve ${ins.symbol} held as a position: record supplies and borrows as lending positions`;
  }
}

/** Liquidation fields of a linear/inverse future or perpetual (docs/liquidation.md). */
function marginFields(p: BookPosition, ins: BookInstrument): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (Array.isArray(ins.marginTiers) && ins.marginTiers.length > 0) out.marginTiers = ins.marginTiers;
  else if (ins.maintenanceMarginRate !== null) out.maintenanceMarginRate = ins.maintenanceMarginRate;
  if (p.isolatedMargin !== null) out.isolatedMargin = p.isolatedMargin;
  return out;
}

function mapBalance(b: BookBalance, ctx: Ctx): DocPosition | string {
  const account = ctx.accounts.get(b.accountId);
  if (!account) return `account ${b.accountId} not found`;
  const missing = missingSpot(ctx, [b.token]);
  if (missing !== undefined) return noSpot(missing, ctx);
  return {
    id: `balance:${b.id}`,
    account: account.name,
    venue: account.venue,
    kind: b.kind === 'COLLATERAL' ? 'collateral' : 'spot',
    underlying: b.token,
    quantity: b.quantity,
  };
}

/** Lending rows of one (account, protocol, market) -> one `lending` document position. */
function mapLendingGroup(
  rows: BookLending[],
  ctx: Ctx,
  warnings: string[],
): { position: DocPosition } | { reason: string } {
  const first = rows[0] as BookLending;
  const account = ctx.accounts.get(first.accountId);
  if (!account) return { reason: `account ${first.accountId} not found` };
  const missing = missingSpot(
    ctx,
    rows.map((r) => r.token),
  );
  if (missing !== undefined) return { reason: noSpot(missing, ctx) };
  const supplies: Record<string, unknown>[] = [];
  const borrows: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (r.side === 'BORROW') {
      borrows.push({ token: r.token, amount: r.quantity });
      continue;
    }
    const reserve = r.instrumentId === null ? undefined : ctx.instruments.get(r.instrumentId);
    let lt = 0;
    if (r.usedAsCollateral) {
      if (reserve?.liquidationThreshold != null) lt = reserve.liquidationThreshold;
      else
        warnings.push(
          `lending supply ${r.id} (${r.token}) is collateral without a reserve instrument: liquidation threshold 0 assumed`,
        );
    }
    supplies.push({
      token: r.token,
      amount: r.quantity,
      liquidationThreshold: lt,
      ...(reserve?.liquidationBonus != null ? { liquidationBonus: reserve.liquidationBonus } : {}),
    });
  }
  return {
    position: {
      id: lendingId(first),
      account: account.name,
      venue: account.venue,
      kind: 'lending',
      protocol: first.market === 'main' ? first.protocol : `${first.protocol} ${first.market}`,
      liquidationRules: 'aave-v3.3',
      supplies,
      borrows,
    },
  };
}

/** Document id of a lending group. */
export const lendingId = (r: Pick<BookLending, 'accountId' | 'protocol' | 'market'>): string =>
  `lending:${r.accountId}:${r.protocol}:${r.market}`;

/**
 * Converts a loaded book to risk-core's portfolio document (raw JSON). Document position ids:
 * positions keep their uuid, balances are `balance:<uuid>`, lending groups
 * `lending:<accountId>:<protocol>:<market>`. Rows that cannot be valued (no quote for a token, an
 * unsupported instrument) are listed in `unmapped` with the reason, never dropped silently.
 * Pure: no I/O.
 */
export function toPortfolioDocument(book: FundBook): BookDocument {
  const { market, marks, warnings } = buildMarket(book);
  const ctx: Ctx = {
    book,
    accounts: new Map(book.accounts.map((a) => [a.id, a])),
    instruments: new Map(book.instruments.map((i) => [i.id, i])),
    market,
    marks,
  };
  const positions: DocPosition[] = [];
  const refs = new Map<string, DocumentRef>();
  const unmapped: UnmappedRow[] = [];
  for (const p of book.positions) {
    const mapped = mapPosition(p, ctx);
    if (typeof mapped === 'string') unmapped.push({ source: 'POSITION', rowId: p.id, reason: mapped });
    else {
      positions.push(mapped);
      refs.set(mapped.id, {
        source: 'POSITION',
        rowIds: [p.id],
        accountId: p.accountId,
        instrumentId: p.instrumentId,
      });
    }
  }
  for (const b of book.balances) {
    const mapped = mapBalance(b, ctx);
    if (typeof mapped === 'string') unmapped.push({ source: 'BALANCE', rowId: b.id, reason: mapped });
    else {
      positions.push(mapped);
      refs.set(mapped.id, { source: 'BALANCE', rowIds: [b.id], accountId: b.accountId });
    }
  }
  const groups = new Map<string, BookLending[]>();
  for (const l of book.lendings) {
    const key = lendingId(l);
    const list = groups.get(key);
    if (list) list.push(l);
    else groups.set(key, [l]);
  }
  for (const [key, rows] of groups) {
    const mapped = mapLendingGroup(rows, ctx, warnings);
    if ('reason' in mapped) {
      for (const r of rows) unmapped.push({ source: 'LENDING', rowId: r.id, reason: mapped.reason });
      continue;
    }
    positions.push(mapped.position);
    refs.set(key, {
      source: 'LENDING',
      rowIds: rows.map((r) => r.id),
      accountId: (rows[0] as BookLending).accountId,
    });
  }
  const accounts: Record<string, { mode: 'cross' | 'isolated' }> = {};
  for (const a of book.accounts) accounts[a.name] = { mode: modeOf(a) };
  return {
    document: {
      valuationTime: iso(book.snapshot.asOf),
      fund: book.fundId,
      market,
      margin: { accounts },
      positions,
    },
    refs,
    unmapped,
    warnings,
  };
}

/** Suffix of the virtual account of isolated positions held in a cross account. */
export const ISOLATED_SUFFIX = ' (isolated)';

/**
 * The document for liquidation analysis: risk-core sets the margin mode per account, while a venue
 * account in CROSS mode may hold individual ISOLATED positions. Those positions move to a virtual
 * account `<name> (isolated)` in isolated mode (each becomes its own isolated margin account there,
 * as on the venue). Ids are unchanged, so results map back through the same refs.
 */
export function liquidationDocument(doc: BookDocument, book: FundBook): PortfolioJson {
  const isolated = new Set(book.positions.filter((p) => p.marginMode === 'ISOLATED').map((p) => p.id));
  const accounts = { ...doc.document.margin.accounts };
  const positions = doc.document.positions.map((p) => {
    if (!isolated.has(p.id) || accounts[p.account]?.mode === 'isolated') return p;
    const name = `${p.account}${ISOLATED_SUFFIX}`;
    accounts[name] = { mode: 'isolated' };
    return { ...p, account: name };
  });
  return { ...doc.document, margin: { accounts }, positions };
}
