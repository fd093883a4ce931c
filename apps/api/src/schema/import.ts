/**
 * `importPositions`: venue position exports (Deribit, Binance USD-M and COIN-M, OKX) and a generic
 * CSV, validated whole and applied in one transaction (src/imports/positions.ts, docs/imports.md).
 * RISK_MANAGER and OWNER. PREVIEW writes nothing (and so records no audit entry); COMMIT writes
 * only a file without problems, with one `position.import` audit entry.
 */
import { builder } from '../builder.ts';
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from '../imports/csv.ts';
import { IMPORT_FORMATS } from '../imports/formats.ts';
import { type ImportedRow, type ImportResult, runPositionImport } from '../imports/positions.ts';
import { checkInt } from '../validation.ts';
import { idOrNotFound } from './guards.ts';
import { MarginModeEnum } from './instrument-enums.ts';

const ImportFormatEnum = builder.enumType('ImportFormat', {
  values: IMPORT_FORMATS,
  description:
    'DERIBIT, BINANCE_USDM, BINANCE_COINM, OKX position exports, or GENERIC (venue,symbol,quantity,...). Columns: docs/imports.md.',
});
const ImportModeEnum = builder.enumType('ImportMode', {
  values: ['PREVIEW', 'COMMIT'] as const,
  description: 'PREVIEW: validate and plan, write nothing. COMMIT: write when the whole file is valid.',
});
const ImportStrategyEnum = builder.enumType('ImportStrategy', {
  values: ['MERGE', 'REPLACE'] as const,
  description:
    'MERGE: upsert by (account, instrument), other positions untouched. REPLACE: the account ends up holding exactly the file’s non-zero rows.',
});
const ImportActionEnum = builder.enumType('ImportAction', {
  values: ['CREATE', 'UPDATE', 'UNCHANGED', 'CLOSE', 'SKIP', 'DELETE'] as const,
  description:
    'CREATE a position, UPDATE one, UNCHANGED, CLOSE (quantity 0), SKIP (a 0 row with nothing to close), DELETE (REPLACE: a position not in the file).',
});

/** One problem of an uploaded file. */
export const ImportIssueRef = builder
  .objectRef<{ row: number | null; column: string | null; reason: string; value?: string | null }>(
    'ImportIssue',
  )
  .implement({
    description:
      'A problem in an uploaded file: line (header = 1; null = the whole file), column and reason.',
    fields: (t) => ({
      row: t.int({ nullable: true, resolve: (i) => i.row }),
      column: t.string({ nullable: true, resolve: (i) => i.column }),
      reason: t.exposeString('reason'),
      value: t.string({ nullable: true, resolve: (i) => i.value ?? null }),
    }),
  });

const ImportedPositionRef = builder.objectRef<ImportedRow>('ImportedPosition').implement({
  description: 'A row of an import as read and planned (DELETE rows are positions not in the file).',
  fields: (t) => ({
    row: t.int({ nullable: true, resolve: (r) => r.row }),
    venue: t.exposeString('venue'),
    symbol: t.exposeString('symbol'),
    instrumentId: t.exposeID('instrumentId', { nullable: true }),
    newInstrument: t.exposeBoolean('newInstrument'),
    quantity: t.expose('quantity', { type: 'Decimal', description: 'Signed contracts.' }),
    sourceQuantity: t.exposeString('sourceQuantity', { description: 'The quantity as written in the file.' }),
    entryPrice: t.expose('entryPrice', { type: 'Decimal', nullable: true }),
    marginMode: t.expose('marginMode', { type: MarginModeEnum, nullable: true }),
    leverage: t.expose('leverage', { type: 'Decimal', nullable: true }),
    action: t.expose('action', { type: ImportActionEnum, nullable: true }),
    positionId: t.exposeID('positionId', { nullable: true }),
  }),
});

const ImportSummaryRef = builder.objectRef<ImportResult['summary']>('ImportSummary').implement({
  fields: (t) => ({
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    closed: t.exposeInt('closed'),
    deleted: t.exposeInt('deleted'),
    skipped: t.exposeInt('skipped'),
    instrumentsCreated: t.exposeInt('instrumentsCreated'),
  }),
});

/** Page arguments of the rows/errors lists of a result (they can hold 20,000 entries). */
const page = (limit: number | null | undefined, offset: number | null | undefined) => ({
  limit: checkInt('limit', limit ?? 1000, 0, 1000),
  offset: checkInt('offset', offset ?? 0, 0, MAX_CSV_ROWS * 2),
});

const ImportResultRef = builder.objectRef<ImportResult>('ImportPositionsResult').implement({
  description: 'What an import read, found wrong, and did (COMMIT) or would do (PREVIEW).',
  fields: (t) => ({
    format: t.expose('format', { type: ImportFormatEnum }),
    mode: t.expose('mode', { type: ImportModeEnum }),
    strategy: t.expose('strategy', { type: ImportStrategyEnum }),
    committed: t.exposeBoolean('committed', { description: 'True when the positions were written.' }),
    accountId: t.exposeID('accountId'),
    rowCount: t.exposeInt('rowCount', { description: 'Data rows in the file.' }),
    errorCount: t.int({ resolve: (r) => r.errors.length }),
    errors: t.field({
      type: [ImportIssueRef],
      description: 'Every problem, by line (pages of at most 1000: `offset`).',
      args: { limit: t.arg.int({ required: false }), offset: t.arg.int({ required: false }) },
      resolve: (r, args) => {
        const { limit, offset } = page(args.limit, args.offset);
        return r.errors.slice(offset, offset + limit);
      },
    }),
    rows: t.field({
      type: [ImportedPositionRef],
      description: 'Rows read, with the planned action (pages of at most 1000: `offset`).',
      args: { limit: t.arg.int({ required: false }), offset: t.arg.int({ required: false }) },
      resolve: (r, args) => {
        const { limit, offset } = page(args.limit, args.offset);
        return r.rows.slice(offset, offset + limit);
      },
    }),
    summary: t.field({ type: ImportSummaryRef, resolve: (r) => r.summary }),
    elapsedMs: t.exposeInt('elapsedMs'),
  }),
});

builder.mutationField('importPositions', (t) =>
  t.field({
    type: ImportResultRef,
    authScopes: { role: 'RISK_MANAGER' },
    description: `Imports a position file into an account of the selected fund: the whole file is validated first and every problem returned in \`errors\` (nothing is written then); a valid file is written in one transaction (COMMIT). At most ${MAX_CSV_BYTES} bytes and ${MAX_CSV_ROWS} rows. Formats: docs/imports.md.`,
    args: {
      format: t.arg({ type: ImportFormatEnum, required: true }),
      csv: t.arg.string({ required: true }),
      accountId: t.arg.id({ required: true }),
      mode: t.arg({ type: ImportModeEnum, required: false, defaultValue: 'PREVIEW' }),
      strategy: t.arg({ type: ImportStrategyEnum, required: false, defaultValue: 'MERGE' }),
    },
    resolve: (_root, args, ctx) =>
      runPositionImport(ctx, {
        format: args.format,
        csv: args.csv,
        accountId: idOrNotFound('account', String(args.accountId)),
        mode: args.mode ?? 'PREVIEW',
        strategy: args.strategy ?? 'MERGE',
      }),
  }),
);
