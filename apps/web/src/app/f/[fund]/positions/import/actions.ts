'use server';
import { ApiError } from '../../../../../lib/api.ts';
import { graphql } from '../../../../../lib/graphql.ts';
import { getFundContext } from '../../../../../lib/session.ts';

const ImportMutation = graphql(`
  mutation ImportPositions($accountId: ID!, $csv: String!, $format: ImportFormat!, $mode: ImportMode!, $strategy: ImportStrategy!) {
    importPositions(accountId: $accountId, csv: $csv, format: $format, mode: $mode, strategy: $strategy) {
      committed mode rowCount errorCount elapsedMs
      summary { created updated unchanged closed deleted skipped instrumentsCreated }
      errors(limit: 200) { row column reason value }
      rows(limit: 200) { row venue symbol sourceQuantity quantity entryPrice action newInstrument }
    }
  }
`);

const FORMATS = ['GENERIC', 'DERIBIT', 'BINANCE_USDM', 'BINANCE_COINM', 'OKX'] as const;
const STRATEGIES = ['MERGE', 'REPLACE'] as const;

/** What the import form shows after PREVIEW or COMMIT. */
export interface ImportState {
  /** The api's answer (rows and errors: the first 200 of each). */
  result?: {
    committed: boolean;
    mode: 'PREVIEW' | 'COMMIT';
    rowCount: number;
    errorCount: number;
    elapsedMs: number;
    summary: {
      created: number;
      updated: number;
      unchanged: number;
      closed: number;
      deleted: number;
      skipped: number;
      instrumentsCreated: number;
    };
    errors: { row: number | null; column: string | null; reason: string; value: string | null }[];
    rows: {
      row: number | null;
      venue: string;
      symbol: string;
      sourceQuantity: string;
      quantity: string;
      entryPrice: string | null;
      action: string | null;
      newInstrument: boolean;
    }[];
  };
  /** A whole-request failure (file too large, not CSV, api down...). */
  error?: string;
  field?: string;
}

/**
 * Sends the file to the api's `importPositions` through `/graphql/upload` (bodies up to 8 MiB):
 * mode PREVIEW validates and plans without writing; COMMIT writes when the whole file is valid.
 */
export async function importAction(_previous: ImportState, form: FormData): Promise<ImportState> {
  const fund = String(form.get('fund') ?? '');
  const accountId = String(form.get('accountId') ?? '');
  const csv = String(form.get('csv') ?? '');
  const format = String(form.get('format') ?? '');
  const strategy = String(form.get('strategy') ?? 'MERGE');
  const mode = form.get('mode') === 'COMMIT' ? 'COMMIT' : 'PREVIEW';
  if (!accountId) return { error: 'Choose the account the file belongs to.', field: 'accountId' };
  if (!csv.trim()) return { error: 'Choose a CSV file or paste its content.', field: 'csv' };
  if (!(FORMATS as readonly string[]).includes(format))
    return { error: 'Choose a file format.', field: 'format' };
  if (!(STRATEGIES as readonly string[]).includes(strategy))
    return { error: 'Choose a strategy.', field: 'strategy' };
  const ctx = await getFundContext(fund);
  try {
    const data = await ctx.query(
      ImportMutation,
      {
        accountId,
        csv,
        format: format as (typeof FORMATS)[number],
        mode,
        strategy: strategy as (typeof STRATEGIES)[number],
      },
      { upload: true },
    );
    return { result: data.importPositions };
  } catch (error) {
    if (error instanceof ApiError)
      return { error: error.message, ...(error.field ? { field: error.field } : {}) };
    throw error;
  }
}
