import { RiskInputError } from '../errors.ts';

/** One row of a daily close file. */
export interface DailyClose {
  date: string;
  token: string;
  close: number;
}

/**
 * Parses a `date,token,close_usd` CSV (the format of prices-daily.csv) from text (no I/O).
 *
 * @throws RiskInputError `MALFORMED_DOCUMENT` for a wrong header or a malformed row (field
 *   `line <n>`), `OUT_OF_DOMAIN` for a close that is not a positive number.
 */
export function parseDailyCloses(text: string): DailyClose[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.trim();
  if (header !== 'date,token,close_usd') {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'line 1', header, 'expected header date,token,close_usd');
  }
  return lines.slice(1).map((line, i) => {
    const [date, token, close, ...rest] = line.split(',');
    const field = `line ${i + 2}`;
    if (date === undefined || token === undefined || close === undefined || rest.length > 0) {
      throw new RiskInputError('MALFORMED_DOCUMENT', field, line, 'expected 3 columns');
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new RiskInputError('MALFORMED_DOCUMENT', field, date, 'bad date');
    const value = Number(close);
    if (!Number.isFinite(value) || value <= 0) {
      throw new RiskInputError('OUT_OF_DOMAIN', field, close, 'close must be a positive number');
    }
    return { date, token, close: value };
  });
}
