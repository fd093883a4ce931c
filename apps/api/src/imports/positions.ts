/**
 * Position import: the whole file is read and every row validated first (numbers, sides,
 * instruments, duplicates, the account), all problems listed by row and column; a file with any
 * problem writes nothing. A valid file is applied in ONE transaction with one audit entry:
 *
 * - MERGE: upsert by (account, instrument): rows of instruments the account already holds update
 *   that position (it keeps its id, so limits on it keep working), other rows create positions;
 *   positions of the account that are not in the file are left alone. A row with quantity 0 closes
 *   (sets to 0) the existing position and creates nothing.
 * - REPLACE: afterwards the account holds exactly the file's non-zero rows: matching positions are
 *   updated in place, the others created, and every other position of the account deleted (refused
 *   when a limit refers to one of them).
 *
 * Optional columns that are absent or empty never clear a stored value (a Deribit file has no margin
 * mode: the position keeps the one it had). PREVIEW runs the same validation and plan on a read-only
 * transaction and returns them without writing.
 */
import { createHash } from 'node:crypto';
import { type MarginMode, Prisma, type TenantTx } from '@dte/db';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { selectedFund } from '../schema/guards.ts';
import { type InstrumentDefinition, validateInstrument } from '../schema/instrument-rules.ts';
import { parseAmount } from './amounts.ts';
import { type CsvIssue, mapColumns, readCsv } from './csv.ts';
import {
  FORMAT_COLUMNS,
  FORMAT_VENUE,
  historyExportIssue,
  type ImportFormat,
  type ParsedPositionRow,
  parsePositionRecord,
  VENUE_KINDS,
} from './formats.ts';

/** PREVIEW validates and plans without writing; COMMIT writes when the file is valid. */
export type ImportMode = 'PREVIEW' | 'COMMIT';
/** How the file's rows meet the account's existing positions (see the module comment). */
export type ImportStrategy = 'MERGE' | 'REPLACE';
/** What happens to one row (or, for DELETE, one existing position not in the file). */
export type ImportAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'CLOSE' | 'SKIP' | 'DELETE';

/** One row of the result. */
export interface ImportedRow {
  row: number | null;
  venue: string;
  symbol: string;
  instrumentId: string | null;
  /** True when the row defines a custom instrument that the import creates. */
  newInstrument: boolean;
  /** Signed contracts (after the venue's unit conversion). */
  quantity: string;
  /** The quantity as written in the file. */
  sourceQuantity: string;
  entryPrice: string | null;
  marginMode: MarginMode | null;
  leverage: string | null;
  action: ImportAction | null;
  positionId: string | null;
}

/** What an import did (COMMIT) or would do (PREVIEW). */
export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  deleted: number;
  skipped: number;
  instrumentsCreated: number;
}

/** The answer of an import. */
export interface ImportResult {
  format: ImportFormat;
  mode: ImportMode;
  strategy: ImportStrategy;
  committed: boolean;
  accountId: string;
  rowCount: number;
  rows: ImportedRow[];
  errors: CsvIssue[];
  summary: ImportSummary;
  /** Wall time of the import in the api (ms). */
  elapsedMs: number;
}

/** Carries a failed plan out of the write transaction (rolling it back). */
class ImportRejected extends Error {
  constructor(readonly issues: CsvIssue[]) {
    super('import rejected');
  }
}

interface Existing {
  id: string;
  instrumentId: string;
  quantity: Prisma.Decimal;
  entryPrice: Prisma.Decimal | null;
  marginMode: MarginMode | null;
  isolatedMargin: Prisma.Decimal | null;
  leverage: Prisma.Decimal | null;
  stopPrice: Prisma.Decimal | null;
  externalRef: string | null;
  note: string | null;
  limits: number;
}

interface PlannedRow {
  parsed: ParsedPositionRow;
  out: ImportedRow;
  /** Key of a custom instrument the import creates. */
  newKey: string | null;
  existing: Existing | null;
}

interface Plan {
  rows: PlannedRow[];
  newInstruments: Map<string, InstrumentDefinition>;
  deletes: Existing[];
  summary: ImportSummary;
}

const emptySummary = (): ImportSummary => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  closed: 0,
  deleted: 0,
  skipped: 0,
  instrumentsCreated: 0,
});

const keyOf = (venue: string, symbol: string) => `${venue}\u0000${symbol}`;

/** GENERIC column of an instrument field (for issues about inline instrument definitions). */
const INSTRUMENT_COLUMN: Record<string, string> = {
  kind: 'kind',
  settlement: 'settlement',
  underlying: 'underlying',
  quoteCurrency: 'quote_currency',
  settlementCurrency: 'settlement_currency',
  contractSize: 'contract_size',
  multiplier: 'multiplier',
  expiry: 'expiry',
  strike: 'strike',
  optionType: 'option_type',
  targetLeverage: 'target_leverage',
  venue: 'venue',
  symbol: 'symbol',
};

/**
 * Runs an import for the selected fund (see the module comment).
 * @throws BadUserInputError for files over the limits or not CSV; NotFoundError for an account that
 *   is not the fund's.
 */
export async function runPositionImport(
  ctx: Context,
  options: {
    format: ImportFormat;
    csv: string;
    accountId: string;
    mode: ImportMode;
    strategy: ImportStrategy;
  },
): Promise<ImportResult> {
  const started = performance.now();
  const { fundId } = selectedFund(ctx);
  const { format, mode, strategy, accountId } = options;
  const table = readCsv('csv', options.csv);
  const result = (errors: CsvIssue[], rows: ImportedRow[], summary: ImportSummary, committed: boolean) => ({
    format,
    mode,
    strategy,
    committed,
    accountId,
    rowCount: table.records.length,
    rows,
    errors: errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    summary,
    elapsedMs: Math.round(performance.now() - started),
  });

  const issues: CsvIssue[] = [];
  const history = historyExportIssue(table.header);
  if (history) issues.push(history);
  const { map, issues: columnIssues } = mapColumns(table.header, FORMAT_COLUMNS[format]);
  issues.push(...columnIssues);
  if (issues.length > 0) return result(issues, [], emptySummary(), false);
  const parsed: ParsedPositionRow[] = [];
  for (const record of table.records) {
    const { row, issues: rowIssues } = parsePositionRecord(format, map, record);
    issues.push(...rowIssues);
    if (row) parsed.push(row);
  }

  const analyse = async (tx: TenantTx): Promise<Plan> => {
    // COMMIT: imports into one account take turns (the plan reads the account's positions).
    if (mode === 'COMMIT')
      await tx.$queryRawUnsafe(
        'SELECT id FROM account WHERE id = $1::uuid AND fund_id = $2::uuid FOR UPDATE',
        accountId,
        fundId,
      );
    const account = await tx.account.findFirst({ where: { id: accountId, fundId } });
    if (!account) throw new NotFoundError('account', accountId);
    const planIssues = [...issues];
    if (format !== 'GENERIC' && account.venue.toLowerCase() !== FORMAT_VENUE[format].toLowerCase())
      planIssues.push({
        row: null,
        column: null,
        reason: `account ${JSON.stringify(account.name)} is on venue ${JSON.stringify(account.venue)}, but a ${format} file holds ${FORMAT_VENUE[format]} positions: pick the account the export comes from`,
      });
    const plan = await planRows(tx, fundId, account, strategy, parsed, planIssues);
    if (planIssues.length > 0) throw new ImportRejected(planIssues);
    return plan;
  };

  try {
    if (mode === 'PREVIEW') {
      const plan = await ctx.db.read(analyse);
      return result([], plan.rows.map((r) => r.out).concat(deletedRows(plan)), plan.summary, false);
    }
    const plan = await ctx.db.write(async (tx, audit) => {
      const p = await analyse(tx);
      await applyPlan(tx, fundId, accountId, p);
      audit({
        action: 'position.import',
        targetType: 'Account',
        targetId: accountId,
        details: {
          format,
          strategy,
          rows: table.records.length,
          ...p.summary,
          sha256: createHash('sha256').update(options.csv).digest('hex'),
        },
      });
      return p;
    });
    return result([], plan.rows.map((r) => r.out).concat(deletedRows(plan)), plan.summary, true);
  } catch (error) {
    if (error instanceof ImportRejected) {
      // Rows that parsed are still shown (without an action) so the caller sees what was read.
      const rows = parsed.map((p) => rowOut(p, null, p.quantity, false));
      return result(error.issues, rows, emptySummary(), false);
    }
    throw error;
  }
}

const rowOut = (
  p: ParsedPositionRow,
  instrumentId: string | null,
  quantity: string,
  isNew: boolean,
): ImportedRow => ({
  row: p.row,
  venue: p.venue,
  symbol: p.symbol,
  instrumentId,
  newInstrument: isNew,
  quantity,
  sourceQuantity: p.quantity,
  entryPrice: p.entryPrice,
  marginMode: p.marginMode,
  leverage: p.leverage,
  action: null,
  positionId: null,
});

function deletedRows(plan: Plan): ImportedRow[] {
  return plan.deletes.map((e) => ({
    row: null,
    venue: '',
    symbol: '',
    instrumentId: e.instrumentId,
    newInstrument: false,
    quantity: '0',
    sourceQuantity: '',
    entryPrice: null,
    marginMode: null,
    leverage: null,
    action: 'DELETE' as const,
    positionId: e.id,
  }));
}

/** Resolves instruments, converts quantities, finds duplicates and plans the writes; appends issues. */
async function planRows(
  tx: TenantTx,
  fundId: string,
  account: { id: string; name: string },
  strategy: ImportStrategy,
  parsed: readonly ParsedPositionRow[],
  issues: CsvIssue[],
): Promise<Plan> {
  const plan: Plan = { rows: [], newInstruments: new Map(), deletes: [], summary: emptySummary() };
  const venues = [...new Set(parsed.map((p) => p.venue))];
  const symbols = [...new Set(parsed.map((p) => p.symbol))];
  const instruments =
    parsed.length === 0
      ? []
      : await tx.instrument.findMany({
          where: { venue: { in: venues }, symbol: { in: symbols }, OR: [{ fundId: null }, { fundId }] },
          select: {
            id: true,
            venue: true,
            symbol: true,
            kind: true,
            contractSize: true,
            active: true,
            fundId: true,
          },
        });
  const byKey = new Map<string, (typeof instruments)[number]>();
  for (const ins of instruments) {
    const key = keyOf(ins.venue, ins.symbol);
    // The fund's own instrument wins over a global one (creation prevents both existing).
    if (!byKey.has(key) || ins.fundId !== null) byKey.set(key, ins);
  }
  const definedAt = new Map<string, { row: number; json: string }>();
  const seen = new Map<string, number>();

  for (const p of parsed) {
    const issue = (column: string, reason: string, value?: string) =>
      issues.push({ row: p.row, column, reason, ...(value === undefined ? {} : { value }) });
    const key = keyOf(p.venue, p.symbol);
    const symbolColumn = p.columns.symbol ?? 'symbol';
    if (p.account !== null && p.account !== account.name && p.account.toLowerCase() !== account.id)
      issue(
        p.columns.account ?? 'account',
        `row is for account ${JSON.stringify(p.account)}, but the import targets ${JSON.stringify(account.name)}`,
        p.account,
      );
    const found = byKey.get(key);
    let contractSize: Prisma.Decimal;
    let instrumentId: string | null = null;
    let isNew = false;
    if (found) {
      instrumentId = found.id;
      contractSize = found.contractSize;
      if (!found.active) issue(symbolColumn, `${p.venue} ${p.symbol} is inactive`, p.symbol);
      if (found.kind === 'LENDING_RESERVE')
        issue(symbolColumn, `${p.venue} ${p.symbol} is a lending reserve: use lending positions`, p.symbol);
      if (p.instrument) {
        if (p.instrument.kind && String(p.instrument.kind).toUpperCase() !== found.kind)
          issue('kind', `${p.venue} ${p.symbol} is a ${found.kind}, not ${String(p.instrument.kind)}`);
        const cs = String(p.instrument.contractSize ?? '');
        if (cs !== '' && !(parseAmount(cs).ok && found.contractSize.equals(cs)))
          issue(
            'contract_size',
            `${p.venue} ${p.symbol} has contract size ${found.contractSize.toFixed()}, not ${cs}`,
          );
      }
      if (p.venueKind !== null) {
        const allowed = VENUE_KINDS[p.venueKind];
        if (allowed && !allowed.includes(found.kind))
          issue(p.columns.kind ?? 'kind', `${p.venue} ${p.symbol} is a ${found.kind}, not a ${p.venueKind}`);
      }
    } else if (p.instrument) {
      const def = validateInstrument(p.instrument);
      if (!def.ok) {
        for (const i of def.issues) issue(INSTRUMENT_COLUMN[i.field] ?? i.field, i.reason);
        continue;
      }
      const json = JSON.stringify(def.value);
      const first = definedAt.get(key);
      if (first && first.json !== json) {
        issue(symbolColumn, `defines ${p.venue} ${p.symbol} differently from row ${first.row}`);
        continue;
      }
      if (!first) definedAt.set(key, { row: p.row, json });
      plan.newInstruments.set(key, def.value);
      contractSize = new Prisma.Decimal(def.value.contractSize);
      isNew = true;
    } else {
      issue(symbolColumn, unknownInstrument(p.venue, p.symbol), p.symbol);
      continue;
    }

    let quantity = p.quantity;
    if (p.unit === 'AMOUNT_PER_CONTRACT_SIZE') {
      const contracts = new Prisma.Decimal(p.quantity).div(contractSize).toDecimalPlaces(18);
      const checked = parseAmount(contracts.toFixed(), {});
      if (!checked.ok) {
        issue(
          p.columns.quantity ?? 'quantity',
          `${checked.reason} after dividing by the contract size`,
          p.quantity,
        );
        continue;
      }
      quantity = checked.value;
    }
    const firstRow = seen.get(key);
    if (firstRow !== undefined) {
      issue(symbolColumn, `duplicate of row ${firstRow}: one row per instrument and account`, p.symbol);
      continue;
    }
    seen.set(key, p.row);
    plan.rows.push({
      parsed: p,
      out: rowOut(p, instrumentId, quantity, isNew),
      newKey: isNew ? key : null,
      existing: null,
    });
  }
  if (issues.length > 0) return plan;

  // Existing positions of the account, by instrument (oldest first).
  const existing = await tx.position.findMany({
    where: { fundId, accountId: account.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      instrumentId: true,
      quantity: true,
      entryPrice: true,
      marginMode: true,
      isolatedMargin: true,
      leverage: true,
      stopPrice: true,
      externalRef: true,
      note: true,
      _count: { select: { limits: true } },
    },
  });
  const held = new Map<string, Existing[]>();
  for (const e of existing) {
    const list = held.get(e.instrumentId) ?? [];
    list.push({ ...e, limits: e._count.limits });
    held.set(e.instrumentId, list);
  }
  const kept = new Set<string>();
  for (const planned of plan.rows) {
    const { out, parsed: p } = planned;
    const list = out.instrumentId ? (held.get(out.instrumentId) ?? []) : [];
    if (strategy === 'MERGE' && list.length > 1) {
      issues.push({
        row: p.row,
        column: p.columns.symbol ?? 'symbol',
        reason: `the account holds ${list.length} positions in ${p.venue} ${p.symbol}: use strategy REPLACE, or merge them first`,
      });
      continue;
    }
    const match = list[0] ?? null;
    const zero = new Prisma.Decimal(out.quantity).isZero();
    if (match) {
      kept.add(match.id);
      planned.existing = match;
      out.positionId = match.id;
      if (zero && strategy === 'REPLACE') {
        // REPLACE keeps only non-zero rows: the matching position goes.
        kept.delete(match.id);
        out.action = 'SKIP';
        plan.summary.skipped += 1;
      } else if (sameValues(match, p, out.quantity)) {
        out.action = 'UNCHANGED';
        plan.summary.unchanged += 1;
      } else if (zero) {
        out.action = 'CLOSE';
        plan.summary.closed += 1;
      } else {
        out.action = 'UPDATE';
        plan.summary.updated += 1;
      }
    } else if (zero) {
      out.action = 'SKIP';
      plan.summary.skipped += 1;
    } else {
      out.action = 'CREATE';
      plan.summary.created += 1;
    }
  }
  if (strategy === 'REPLACE') {
    for (const e of existing) {
      if (kept.has(e.id)) continue;
      if (e._count.limits > 0) {
        issues.push({
          row: null,
          column: null,
          reason: `position ${e.id} of the account is not in the file and would be deleted, but ${e._count.limits} limit(s) refer to it: change the limits or use strategy MERGE`,
        });
        continue;
      }
      plan.deletes.push({ ...e, limits: 0 });
    }
    plan.summary.deleted = plan.deletes.length;
  }
  plan.summary.instrumentsCreated = plan.newInstruments.size;
  return plan;
}

/** True when the row would not change the stored position (absent values keep stored ones). */
function sameValues(e: Existing, p: ParsedPositionRow, quantity: string): boolean {
  const same = (stored: Prisma.Decimal | null, incoming: string | null) =>
    incoming === null || stored?.equals(incoming) === true;
  return (
    e.quantity.equals(quantity) &&
    same(e.entryPrice, p.entryPrice) &&
    same(e.isolatedMargin, p.isolatedMargin) &&
    same(e.leverage, p.leverage) &&
    same(e.stopPrice, p.stopPrice) &&
    (p.marginMode === null || p.marginMode === e.marginMode) &&
    (p.externalRef === null || p.externalRef === e.externalRef) &&
    (p.note === null || p.note === e.note)
  );
}

/** The message for a symbol not in the catalog nor the fund's instruments (with a Deribit hint). */
function unknownInstrument(venue: string, symbol: string): string {
  const base = `unknown instrument ${venue} ${symbol}: not in the catalog nor the fund's custom instruments`;
  const option = /^([A-Z]+)(?:_USDC)?-(\d{1,2})([A-Z]{3})(\d{2})-([\dd]+)-([CP])$/.exec(symbol);
  if (venue === 'Deribit' && option) {
    const months = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';
    const month = months.indexOf(option[3] ?? '') / 3;
    const expiry = Date.UTC(2000 + Number(option[4]), month, Number(option[2]), 8);
    if (month >= 0 && expiry < Date.now())
      return `${base} (an option that expired on ${new Date(expiry).toISOString().slice(0, 10)})`;
  }
  return `${base} (create it with createInstrument, or use the GENERIC format with instrument columns)`;
}

/** Writes a plan: new custom instruments, created, updated and deleted positions. */
async function applyPlan(tx: TenantTx, fundId: string, accountId: string, plan: Plan): Promise<void> {
  const newIds = new Map<string, string>();
  if (plan.newInstruments.size > 0) {
    const created = await insertInstruments(tx, fundId, [...plan.newInstruments.values()]);
    for (const c of created) newIds.set(keyOf(c.venue, c.symbol), c.id);
  }
  const creates: PlannedRow[] = [];
  const updates: PlannedRow[] = [];
  for (const planned of plan.rows) {
    const { out } = planned;
    if (planned.newKey) out.instrumentId = newIds.get(planned.newKey) ?? null;
    if (out.action === 'CREATE' && out.instrumentId) creates.push(planned);
    else if (out.action === 'UPDATE' || out.action === 'CLOSE') updates.push(planned);
  }
  if (creates.length > 0) {
    const rows = await insertPositions(tx, fundId, accountId, creates);
    const byInstrument = new Map(rows.map((r) => [r.instrument_id, r.id]));
    for (const planned of creates)
      planned.out.positionId = byInstrument.get(planned.out.instrumentId ?? '') ?? null;
  }
  if (updates.length > 0) await bulkUpdate(tx, fundId, updates);
  if (plan.deletes.length > 0)
    await tx.position.deleteMany({ where: { fundId, accountId, id: { in: plan.deletes.map((d) => d.id) } } });
}

/**
 * Inserts custom instruments in one statement (`INSERT ... SELECT FROM unnest(...)`): one array
 * parameter per column, whatever the row count (Prisma's createMany binds one parameter per value
 * and took ~30 s for 20,000 rows here). Values were validated by `validateInstrument`.
 */
async function insertInstruments(
  tx: TenantTx,
  fundId: string,
  defs: readonly InstrumentDefinition[],
): Promise<{ id: string; venue: string; symbol: string }[]> {
  const col = (f: (d: InstrumentDefinition) => string | null) => defs.map(f);
  return tx.$queryRawUnsafe(
    `INSERT INTO instrument (fund_id, venue, symbol, kind, settlement, underlying, quote_currency,
       settlement_currency, contract_size, multiplier, expiry, strike, option_type, tick_size,
       initial_margin_rate, maintenance_margin_rate, target_leverage, liquidation_threshold,
       liquidation_bonus, loan_to_value, close_factor, source_url, notes, active, updated_at)
     SELECT $1::uuid, u.venue, u.symbol, u.kind::"InstrumentKind", u.settlement::"Settlement", u.underlying,
       u.quote_currency, u.settlement_currency, u.contract_size::numeric, u.multiplier::numeric,
       u.expiry::timestamptz, u.strike::numeric, u.option_type::"OptionType", u.tick_size::numeric,
       u.imr::numeric, u.mmr::numeric, u.target_leverage::numeric, u.lt::numeric, u.lb::numeric,
       u.ltv::numeric, u.cf::numeric, u.source_url, u.notes, true, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
       $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[])
       AS u(venue, symbol, kind, settlement, underlying, quote_currency, settlement_currency, contract_size,
         multiplier, expiry, strike, option_type, tick_size, imr, mmr, target_leverage, lt, lb, ltv, cf,
         source_url, notes)
     RETURNING id::text AS id, venue, symbol`,
    fundId,
    col((d) => d.venue),
    col((d) => d.symbol),
    col((d) => d.kind),
    col((d) => d.settlement),
    col((d) => d.underlying),
    col((d) => d.quoteCurrency),
    col((d) => d.settlementCurrency),
    col((d) => d.contractSize),
    col((d) => d.multiplier),
    col((d) => d.expiry?.toISOString() ?? null),
    col((d) => d.strike),
    col((d) => d.optionType),
    col((d) => d.tickSize),
    col((d) => d.initialMarginRate),
    col((d) => d.maintenanceMarginRate),
    col((d) => d.targetLeverage),
    col((d) => d.liquidationThreshold),
    col((d) => d.liquidationBonus),
    col((d) => d.loanToValue),
    col((d) => d.closeFactor),
    col((d) => d.sourceUrl),
    col((d) => d.notes),
  );
}

/** Inserts positions in one statement (see {@link insertInstruments}). */
async function insertPositions(
  tx: TenantTx,
  fundId: string,
  accountId: string,
  rows: readonly PlannedRow[],
): Promise<{ id: string; instrument_id: string }[]> {
  const col = (f: (r: PlannedRow) => string | null) => rows.map(f);
  return tx.$queryRawUnsafe(
    `INSERT INTO "position" (fund_id, account_id, instrument_id, quantity, entry_price, margin_mode,
       isolated_margin, leverage, stop_price, external_ref, note, updated_at)
     SELECT $1::uuid, $2::uuid, u.instrument_id, u.quantity::numeric, u.entry_price::numeric,
       u.margin_mode::"MarginMode", u.isolated_margin::numeric, u.leverage::numeric, u.stop_price::numeric,
       u.external_ref, u.note, now()
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[])
       AS u(instrument_id, quantity, entry_price, margin_mode, isolated_margin, leverage, stop_price,
         external_ref, note)
     RETURNING id::text AS id, instrument_id::text AS instrument_id`,
    fundId,
    accountId,
    col((r) => r.out.instrumentId),
    col((r) => r.out.quantity),
    col((r) => r.parsed.entryPrice),
    col((r) => r.parsed.marginMode),
    col((r) => r.parsed.isolatedMargin),
    col((r) => r.parsed.leverage),
    col((r) => r.parsed.stopPrice),
    col((r) => r.parsed.externalRef),
    col((r) => r.parsed.note),
  );
}

/**
 * Updates many positions in one statement (`UPDATE ... FROM unnest(...)`); absent values keep the
 * stored ones (COALESCE). Row-level security applies as to any statement of the transaction.
 */
async function bulkUpdate(tx: TenantTx, fundId: string, rows: readonly PlannedRow[]): Promise<void> {
  const col = (f: (r: PlannedRow) => string | null) => rows.map(f);
  await tx.$executeRawUnsafe(
    `UPDATE "position" AS p SET
       quantity = u.quantity::numeric,
       entry_price = COALESCE(u.entry_price::numeric, p.entry_price),
       margin_mode = COALESCE(u.margin_mode::"MarginMode", p.margin_mode),
       isolated_margin = COALESCE(u.isolated_margin::numeric, p.isolated_margin),
       leverage = COALESCE(u.leverage::numeric, p.leverage),
       stop_price = COALESCE(u.stop_price::numeric, p.stop_price),
       external_ref = COALESCE(u.external_ref, p.external_ref),
       note = COALESCE(u.note, p.note),
       updated_at = now()
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS u(id, quantity, entry_price, margin_mode, isolated_margin, leverage, stop_price, external_ref, note)
     WHERE p.id = u.id AND p.fund_id = $1::uuid`,
    fundId,
    col((r) => r.out.positionId),
    col((r) => r.out.quantity),
    col((r) => r.parsed.entryPrice),
    col((r) => r.parsed.marginMode),
    col((r) => r.parsed.isolatedMargin),
    col((r) => r.parsed.leverage),
    col((r) => r.parsed.stopPrice),
    col((r) => r.parsed.externalRef),
    col((r) => r.parsed.note),
  );
}
