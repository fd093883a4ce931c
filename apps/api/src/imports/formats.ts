/**
 * Position file formats: which columns each venue's export has and how a row becomes a position
 * (signed quantity in contracts, entry price, margin). The column names are the venues' documented
 * API field names (what an export script writes) plus the labels their web pages use; docs/imports.md
 * says which of these could and could not be confirmed against a public source.
 *
 * | format        | catalog venue    | quantity column (unit)                                     |
 * | ------------- | ---------------- | ---------------------------------------------------------- |
 * | DERIBIT       | `Deribit`        | `size` (USD for futures/perpetuals, coin for options) -> / contract size |
 * | BINANCE_USDM  | `Binance USD-M`  | `positionAmt` (base asset) -> / contract size              |
 * | BINANCE_COINM | `Binance COIN-M` | `positionAmt` (contracts)                                  |
 * | OKX           | `OKX`            | `pos` (contracts)                                          |
 * | GENERIC       | column `venue`   | `quantity` (contracts)                                     |
 */
import type { MarginMode } from '@dte/db';
import type { InstrumentDraft } from '../schema/instrument-rules.ts';
import { type AmountDomain, parseAmount } from './amounts.ts';
import {
  type ColumnMap,
  type ColumnSpec,
  type CsvIssue,
  type CsvRecord,
  cell,
  normalizeHeader,
} from './csv.ts';

/** Supported formats. */
export const IMPORT_FORMATS = ['DERIBIT', 'BINANCE_USDM', 'BINANCE_COINM', 'OKX', 'GENERIC'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The catalog venue of each venue format (GENERIC: per row). */
export const FORMAT_VENUE: Record<Exclude<ImportFormat, 'GENERIC'>, string> = {
  DERIBIT: 'Deribit',
  BINANCE_USDM: 'Binance USD-M',
  BINANCE_COINM: 'Binance COIN-M',
  OKX: 'OKX',
};

/**
 * How the file's quantity relates to contracts: CONTRACTS as is; UNDERLYING_OR_FACE = the venue's
 * amount, divided by the instrument's contract size (Deribit: USD face for futures, coins for
 * options; Binance USD-M: base asset).
 */
export type QuantityUnit = 'CONTRACTS' | 'AMOUNT_PER_CONTRACT_SIZE';

/** A row of a position file, before its instrument is looked up. */
export interface ParsedPositionRow {
  /** Line in the file. */
  row: number;
  venue: string;
  symbol: string;
  /** Signed, in `unit`. */
  quantity: string;
  unit: QuantityUnit;
  entryPrice: string | null;
  marginMode: MarginMode | null;
  isolatedMargin: string | null;
  leverage: string | null;
  stopPrice: string | null;
  externalRef: string | null;
  note: string | null;
  /** GENERIC `account` column (name or id of the target account). */
  account: string | null;
  /** Venue kind column (Deribit `kind`, OKX `instType`), checked against the instrument. */
  venueKind: string | null;
  /** GENERIC instrument columns (a custom instrument to create when the symbol is unknown). */
  instrument: InstrumentDraft | null;
  /** Header (as written) of each logical column, for messages. */
  columns: Record<string, string>;
}

const spec = (name: string, aliases: string[], required = false): ColumnSpec => ({
  name,
  aliases: aliases.map(normalizeHeader),
  required,
});

type Key =
  | 'symbol'
  | 'quantity'
  | 'side'
  | 'entryPrice'
  | 'marginMode'
  | 'isolatedMargin'
  | 'leverage'
  | 'stopPrice'
  | 'externalRef'
  | 'note'
  | 'kind'
  | 'venue'
  | 'account'
  | InstrumentKey;

type InstrumentKey =
  | 'iKind'
  | 'settlement'
  | 'underlying'
  | 'quoteCurrency'
  | 'settlementCurrency'
  | 'contractSize'
  | 'multiplier'
  | 'expiry'
  | 'strike'
  | 'optionType'
  | 'targetLeverage';

/** Column specs per format. */
export const FORMAT_COLUMNS: Record<ImportFormat, Partial<Record<Key, ColumnSpec>>> = {
  DERIBIT: {
    symbol: spec('instrument_name', ['instrument_name', 'instrument', 'instrumentname'], true),
    quantity: spec('size', ['size', 'amount', 'position'], true),
    side: spec('direction', ['direction', 'side']),
    entryPrice: spec('average_price', [
      'average_price',
      'avg_price',
      'average price',
      'avg. price',
      'entry price',
    ]),
    leverage: spec('leverage', ['leverage']),
    kind: spec('kind', ['kind']),
  },
  BINANCE_USDM: {
    symbol: spec('symbol', ['symbol', 'contract'], true),
    quantity: spec(
      'positionAmt',
      ['positionAmt', 'position amount', 'positionamount', 'size', 'amount'],
      true,
    ),
    side: spec('positionSide', ['positionSide', 'position side']),
    entryPrice: spec('entryPrice', ['entryPrice', 'entry price', 'avg entry price']),
    marginMode: spec('marginType', ['marginType', 'margin type', 'margin mode', 'marginMode']),
    isolatedMargin: spec('isolatedMargin', ['isolatedMargin', 'isolated margin']),
    leverage: spec('leverage', ['leverage']),
  },
  BINANCE_COINM: {
    symbol: spec('symbol', ['symbol', 'contract'], true),
    quantity: spec(
      'positionAmt',
      ['positionAmt', 'position amount', 'positionamount', 'size', 'contracts'],
      true,
    ),
    side: spec('positionSide', ['positionSide', 'position side']),
    entryPrice: spec('entryPrice', ['entryPrice', 'entry price', 'avg entry price']),
    marginMode: spec('marginType', ['marginType', 'margin type', 'margin mode', 'marginMode']),
    isolatedMargin: spec('isolatedMargin', ['isolatedMargin', 'isolated margin']),
    leverage: spec('leverage', ['leverage']),
  },
  OKX: {
    symbol: spec('instId', ['instId', 'instrument', 'instrument id'], true),
    quantity: spec('pos', ['pos', 'position', 'positions', 'size'], true),
    side: spec('posSide', ['posSide', 'position side', 'side']),
    entryPrice: spec('avgPx', ['avgPx', 'avg px', 'avg price', 'average price', 'avg. open price']),
    marginMode: spec('mgnMode', ['mgnMode', 'margin mode']),
    isolatedMargin: spec('margin', ['margin']),
    leverage: spec('lever', ['lever', 'leverage']),
    kind: spec('instType', ['instType', 'instrument type']),
  },
  GENERIC: {
    venue: spec('venue', ['venue'], true),
    symbol: spec('symbol', ['symbol'], true),
    quantity: spec('quantity', ['quantity', 'qty', 'contracts'], true),
    side: spec('side', ['side']),
    entryPrice: spec('entry_price', ['entry_price']),
    marginMode: spec('margin_mode', ['margin_mode']),
    isolatedMargin: spec('isolated_margin', ['isolated_margin']),
    leverage: spec('leverage', ['leverage']),
    stopPrice: spec('stop_price', ['stop_price']),
    externalRef: spec('external_ref', ['external_ref']),
    note: spec('note', ['note']),
    account: spec('account', ['account']),
    iKind: spec('kind', ['kind']),
    settlement: spec('settlement', ['settlement']),
    underlying: spec('underlying', ['underlying']),
    quoteCurrency: spec('quote_currency', ['quote_currency']),
    settlementCurrency: spec('settlement_currency', ['settlement_currency']),
    contractSize: spec('contract_size', ['contract_size']),
    multiplier: spec('multiplier', ['multiplier']),
    expiry: spec('expiry', ['expiry']),
    strike: spec('strike', ['strike']),
    optionType: spec('option_type', ['option_type']),
    targetLeverage: spec('target_leverage', ['target_leverage']),
  },
};

/** Headers that mark a closed-position history export rather than open positions. */
const HISTORY_HEADERS = [
  'closetime',
  'closingpnl',
  'avgcloseprice',
  'averageclosingprice',
  'closedvol',
  'closedpnl',
];

/** File-level check: a position-history export is refused with a clear message. */
export function historyExportIssue(header: readonly string[]): CsvIssue | null {
  const found = header.find((h) => HISTORY_HEADERS.includes(normalizeHeader(h)));
  return found === undefined
    ? null
    : {
        row: 1,
        column: found,
        reason:
          'this looks like a position HISTORY export (closed positions); import the open positions export instead',
      };
}

const POSITIVE: AmountDomain = { min: 0, minExclusive: true };
const LEVERAGE: AmountDomain = { column: 'ratio', min: 0, minExclusive: true, max: 1000 };

/**
 * Turns one record into a position row, or issues (all of the row's problems). Numbers are checked
 * here (decimal literal, range, precision); instruments later.
 */
export function parsePositionRecord(
  format: ImportFormat,
  map: ColumnMap<Key>,
  record: CsvRecord,
): { row: ParsedPositionRow | null; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  const specs = FORMAT_COLUMNS[format];
  const col = (key: Key) => map[key]?.header ?? specs[key]?.name ?? key;
  const get = (key: Key) => cell(map, record, key);
  const issue = (key: Key, reason: string, value?: string) =>
    issues.push({ row: record.line, column: col(key), reason, ...(value === undefined ? {} : { value }) });
  const amount = (key: Key, domain: AmountDomain): string | null => {
    const text = normalizeNumber(get(key));
    if (text === '') return null;
    const parsed = parseAmount(text, domain);
    if (!parsed.ok) {
      issue(key, parsed.reason, get(key));
      return null;
    }
    return parsed.value;
  };

  const venue = format === 'GENERIC' ? get('venue') : FORMAT_VENUE[format];
  if (venue === '') issue('venue', 'is empty');
  const symbol = get('symbol');
  if (symbol === '') issue('symbol', 'is empty');

  let quantity: string | null = null;
  const rawQuantity = normalizeNumber(get('quantity'));
  if (rawQuantity === '') issue('quantity', 'is empty');
  else {
    const parsed = parseAmount(rawQuantity, {});
    if (!parsed.ok) issue('quantity', parsed.reason, get('quantity'));
    else quantity = parsed.value;
  }

  // Side: applied to the magnitude; a signed quantity must agree with it.
  const sideText = get('side').toLowerCase();
  if (quantity !== null && sideText !== '') {
    const side = SIDES[sideText];
    if (side === undefined)
      issue(
        'side',
        `must be one of ${Object.keys(SIDES).join(', ')} (got ${JSON.stringify(get('side').slice(0, 20))})`,
        get('side'),
      );
    else if (side !== 0) {
      const negative = quantity.startsWith('-');
      if (format === 'GENERIC' && negative)
        issue('quantity', 'must be positive when a side is given (the side sets the sign)', get('quantity'));
      else if (negative && side > 0)
        issue('side', `${get('side')} contradicts the negative quantity ${quantity}`, get('side'));
      else {
        const magnitude = negative ? quantity.slice(1) : quantity;
        quantity = side < 0 && magnitude !== '0' ? `-${magnitude}` : magnitude;
      }
    }
  }

  let marginMode: MarginMode | null = null;
  const modeText = get('marginMode').toLowerCase();
  if (modeText !== '') {
    marginMode = MARGIN_MODES[modeText] ?? null;
    if (marginMode === null)
      issue(
        'marginMode',
        `must be cross or isolated (got ${JSON.stringify(get('marginMode').slice(0, 20))})`,
      );
  }
  const entryPrice = amount('entryPrice', POSITIVE);
  let isolatedMargin = amount('isolatedMargin', { min: 0 });
  // Venues print the isolated margin 0 for cross positions; keep it only for isolated ones.
  if (isolatedMargin !== null && marginMode !== 'ISOLATED') {
    if (isolatedMargin !== '0' && format === 'GENERIC')
      issue('isolatedMargin', 'needs margin_mode isolated', get('isolatedMargin'));
    isolatedMargin = null;
  }
  const leverage = amount('leverage', LEVERAGE);
  const stopPrice = amount('stopPrice', POSITIVE);

  const text = (key: Key, max: number): string | null => {
    const value = get(key);
    if (value === '') return null;
    if (value.length > max) {
      issue(key, `must be at most ${max} characters (got ${value.length})`);
      return null;
    }
    return value;
  };
  const externalRef = text('externalRef', 200);
  const note = text('note', 2000);
  const account = text('account', 200);

  let instrument: InstrumentDraft | null = null;
  if (format === 'GENERIC' && get('iKind') !== '') {
    instrument = {
      venue,
      symbol,
      kind: get('iKind'),
      settlement: get('settlement'),
      underlying: get('underlying'),
      quoteCurrency: get('quoteCurrency'),
      settlementCurrency: get('settlementCurrency'),
      contractSize: normalizeNumber(get('contractSize')),
      multiplier: normalizeNumber(get('multiplier')),
      expiry: get('expiry'),
      strike: normalizeNumber(get('strike')),
      optionType: get('optionType'),
      targetLeverage: normalizeNumber(get('targetLeverage')),
    };
  }

  const columns: Record<string, string> = {};
  for (const key of Object.keys(specs) as Key[]) columns[key] = col(key);
  if (issues.length > 0 || quantity === null) return { row: null, issues };
  return {
    row: {
      row: record.line,
      venue,
      symbol,
      quantity,
      unit: format === 'DERIBIT' || format === 'BINANCE_USDM' ? 'AMOUNT_PER_CONTRACT_SIZE' : 'CONTRACTS',
      entryPrice,
      marginMode,
      isolatedMargin,
      leverage,
      stopPrice,
      externalRef,
      note,
      account,
      venueKind: get('kind') === '' ? null : get('kind').toLowerCase(),
      instrument,
      columns,
    },
    issues,
  };
}

/** Side words: +1 long, -1 short, 0 no side (keep the quantity's own sign). */
const SIDES: Record<string, 1 | -1 | 0> = {
  buy: 1,
  long: 1,
  sell: -1,
  short: -1,
  both: 0,
  net: 0,
  zero: 0,
};

const MARGIN_MODES: Record<string, MarginMode> = {
  cross: 'CROSS',
  crossed: 'CROSS',
  isolated: 'ISOLATED',
};

/** Thousands separators and a leading `+` are accepted (`1,234.5`, `+3`): they are removed. */
function normalizeNumber(text: string): string {
  const t = text.trim();
  return /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t;
}

/** Venue kind words and the catalog kinds they allow (Deribit `kind`, OKX `instType`). */
export const VENUE_KINDS: Record<string, readonly string[]> = {
  future: ['FUTURE', 'PERPETUAL'],
  futures: ['FUTURE'],
  option: ['OPTION'],
  swap: ['PERPETUAL'],
  spot: ['SPOT'],
};
