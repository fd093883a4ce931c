/**
 * Daily USD closes per token: the global data set (fund_id NULL, read-only) and a fund's own closes,
 * uploaded as CSV text (`date,token,close_usd`) or a list, validated whole and upserted by
 * (fund, token, date) in one transaction. Read: any member; upload/delete: RISK_MANAGER and OWNER.
 */
import { builder } from '../builder.ts';
import { BadUserInputError } from '../errors.ts';
import { parseAmount, parseToken } from '../imports/amounts.ts';
import {
  type CsvIssue,
  CsvValidationError,
  cell,
  MAX_CSV_ROWS,
  mapColumns,
  normalizeHeader,
  readCsv,
} from '../imports/csv.ts';
import { checkText } from '../validation.ts';
import { selectedFund } from './guards.ts';

/** Most tokens per query. */
const MAX_TOKENS = 20;
/** Most closes one query returns (narrow the range or the tokens beyond). */
export const MAX_PRICE_POINTS = 20_000;
/** Earliest date accepted. */
const MIN_DATE = '2009-01-03';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `text` is not a calendar date YYYY-MM-DD between {@link MIN_DATE} and today (UTC), or null. */
export function dateProblem(text: string): string | null {
  if (!DATE.test(text)) return `must be a date YYYY-MM-DD (got ${JSON.stringify(text.slice(0, 30))})`;
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    return `is not a calendar date (got ${JSON.stringify(text)})`;
  if (text < MIN_DATE) return `must be on or after ${MIN_DATE} (got ${text})`;
  if (text > new Date().toISOString().slice(0, 10)) return `must not be in the future (got ${text})`;
  return null;
}

interface PricePointShape {
  date: Date;
  close: { toString(): string };
  source: string;
  fundId: string | null;
}

const PricePointRef = builder.objectRef<PricePointShape>('PriceClose').implement({
  description: 'The USD close of a token on a day.',
  fields: (t) => ({
    date: t.string({ description: 'YYYY-MM-DD (UTC).', resolve: (p) => p.date.toISOString().slice(0, 10) }),
    close: t.expose('close', { type: 'Decimal' }),
    source: t.exposeString('source'),
    isGlobal: t.boolean({ resolve: (p) => p.fundId === null }),
  }),
});

const PriceSeriesRef = builder
  .objectRef<{ token: string; closes: PricePointShape[] }>('PriceSeries')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token'),
      closes: t.field({ type: [PricePointRef], description: 'Oldest first.', resolve: (s) => s.closes }),
    }),
  });

const PriceScopeEnum = builder.enumType('PriceScope', {
  values: ['ALL', 'GLOBAL', 'OWN'] as const,
  description: 'ALL: the fund’s closes, and global ones on days the fund has none; GLOBAL; OWN.',
});

builder.queryField('priceHistory', (t) =>
  t.field({
    type: [PriceSeriesRef],
    authScopes: { member: true },
    description: `Daily closes of tokens between two dates (inclusive), one series per token (at most ${MAX_TOKENS} tokens and ${MAX_PRICE_POINTS} closes).`,
    args: {
      tokens: t.arg.stringList({ required: true }),
      from: t.arg.string({ required: true, description: 'YYYY-MM-DD' }),
      to: t.arg.string({ required: true, description: 'YYYY-MM-DD' }),
      scope: t.arg({ type: PriceScopeEnum, required: false, defaultValue: 'ALL' }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.tokens.length, MAX_TOKENS) }),
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      if (args.tokens.length === 0 || args.tokens.length > MAX_TOKENS)
        throw new BadUserInputError('tokens', `give 1 to ${MAX_TOKENS} tokens (got ${args.tokens.length})`);
      const tokens = [
        ...new Set(
          args.tokens.map((raw, i) => {
            const parsed = parseToken(raw);
            if (!parsed.ok) throw new BadUserInputError(`tokens[${i}]`, parsed.reason, raw);
            return parsed.value;
          }),
        ),
      ];
      for (const [field, value] of [
        ['from', args.from],
        ['to', args.to],
      ] as const) {
        if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
          throw new BadUserInputError(
            field,
            `must be a date YYYY-MM-DD (got ${JSON.stringify(value.slice(0, 30))})`,
          );
      }
      if (args.from > args.to) throw new BadUserInputError('to', `must not be before from (${args.from})`);
      const scope = args.scope ?? 'ALL';
      const rows = await ctx.db.read((tx) =>
        tx.priceHistory.findMany({
          where: {
            token: { in: tokens },
            date: { gte: new Date(`${args.from}T00:00:00Z`), lte: new Date(`${args.to}T00:00:00Z`) },
            ...(scope === 'GLOBAL'
              ? { fundId: null }
              : scope === 'OWN'
                ? { fundId }
                : { OR: [{ fundId: null }, { fundId }] }),
          },
          orderBy: [{ token: 'asc' }, { date: 'asc' }],
          select: { token: true, date: true, close: true, source: true, fundId: true },
          take: MAX_PRICE_POINTS * (scope === 'ALL' ? 2 : 1) + 1,
        }),
      );
      const series = new Map<string, Map<string, PricePointShape>>(tokens.map((tk) => [tk, new Map()]));
      for (const row of rows) {
        const days = series.get(row.token);
        const day = row.date.toISOString().slice(0, 10);
        const have = days?.get(day);
        // The fund's own close wins over the global one of the same day.
        if (!have || (have.fundId === null && row.fundId !== null)) days?.set(day, row);
      }
      const total = [...series.values()].reduce((n, days) => n + days.size, 0);
      if (total > MAX_PRICE_POINTS || rows.length > MAX_PRICE_POINTS * (scope === 'ALL' ? 2 : 1))
        throw new BadUserInputError(
          'from',
          `the query would return more than ${MAX_PRICE_POINTS} closes: narrow the date range or the tokens`,
        );
      return tokens.map((token) => ({
        token,
        closes: [...(series.get(token)?.values() ?? [])].sort((a, b) => a.date.getTime() - b.date.getTime()),
      }));
    },
  }),
);

const PriceCloseInput = builder.inputType('PriceCloseInput', {
  fields: (t) => ({
    date: t.string({ required: true, description: 'YYYY-MM-DD (UTC day).' }),
    token: t.string({ required: true }),
    close: t.field({ type: 'Decimal', required: true, description: 'USD close, > 0.' }),
  }),
});

const UploadPricesResult = builder
  .objectRef<{
    count: number;
    inserted: number;
    updated: number;
    tokens: string[];
    from: string;
    to: string;
  }>('UploadPriceHistoryResult')
  .implement({
    fields: (t) => ({
      count: t.exposeInt('count'),
      inserted: t.exposeInt('inserted'),
      updated: t.exposeInt('updated'),
      tokens: t.exposeStringList('tokens'),
      from: t.exposeString('from'),
      to: t.exposeString('to'),
    }),
  });

interface CloseRow {
  date: string;
  token: string;
  close: string;
}

/** Parses `date,token,close_usd` CSV (also `close`), collecting every problem by line and column. */
export function parsePriceCsv(text: string): { rows: (CloseRow & { line: number })[]; issues: CsvIssue[] } {
  const table = readCsv('csv', text);
  const { map, issues } = mapColumns(table.header, {
    date: { name: 'date', aliases: ['date', 'day'].map(normalizeHeader), required: true },
    token: { name: 'token', aliases: ['token', 'symbol', 'asset'].map(normalizeHeader), required: true },
    close: {
      name: 'close_usd',
      aliases: ['close_usd', 'close', 'closeusd'].map(normalizeHeader),
      required: true,
    },
  });
  const rows: (CloseRow & { line: number })[] = [];
  if (issues.length > 0) return { rows, issues };
  for (const record of table.records) {
    const date = cell(map, record, 'date');
    const token = cell(map, record, 'token');
    const close = cell(map, record, 'close');
    rows.push({ line: record.line, date, token, close });
  }
  return { rows, issues };
}

/** Validates closes (dates, tokens, positive finite closes, no duplicate token/date); every problem. */
export function validateCloses(rows: readonly (CloseRow & { line: number | null; at?: string })[]): {
  valid: CloseRow[];
  issues: CsvIssue[];
} {
  const issues: CsvIssue[] = [];
  const valid: CloseRow[] = [];
  const seen = new Map<string, string>();
  for (const r of rows) {
    const where = (column: string) => (r.at ? `${r.at}.${column}` : column);
    const before = issues.length;
    const dateIssue = dateProblem(r.date);
    if (dateIssue) issues.push({ row: r.line, column: where('date'), reason: dateIssue, value: r.date });
    const token = parseToken(r.token);
    if (!token.ok) issues.push({ row: r.line, column: where('token'), reason: token.reason, value: r.token });
    const close = parseAmount(r.close, { min: 0, minExclusive: true });
    if (!close.ok)
      issues.push({ row: r.line, column: where('close_usd'), reason: close.reason, value: r.close });
    if (issues.length > before || !token.ok || !close.ok) continue;
    const key = `${token.value} ${r.date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        row: r.line,
        column: where('date'),
        reason: `duplicate close of ${token.value} on ${r.date} (also ${first})`,
      });
      continue;
    }
    seen.set(key, r.line === null ? (r.at ?? '') : `row ${r.line}`);
    valid.push({ date: r.date, token: token.value, close: close.value });
  }
  return { valid, issues };
}

builder.mutationField('uploadPriceHistory', (t) =>
  t.field({
    type: UploadPricesResult,
    authScopes: { role: 'RISK_MANAGER' },
    description: `Stores daily USD closes of the selected fund from CSV text (header \`date,token,close_usd\`) or a list, upserting by (token, date) in one transaction. Every problem is reported (BAD_USER_INPUT, \`extensions.issues\`) and nothing is written when there is any. At most ${MAX_CSV_ROWS} closes.`,
    args: {
      csv: t.arg.string({ required: false }),
      closes: t.arg({ type: [PriceCloseInput], required: false }),
      source: t.arg.string({ required: true, description: 'Where the closes come from.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const source = checkText('source', args.source, 200);
      if ((args.csv == null) === (args.closes == null))
        throw new BadUserInputError('csv', 'give either csv or closes (not both)');
      let rows: (CloseRow & { line: number | null; at?: string })[];
      const issues: CsvIssue[] = [];
      if (args.csv != null) {
        const parsed = parsePriceCsv(args.csv);
        issues.push(...parsed.issues);
        rows = parsed.rows;
      } else {
        const list = args.closes ?? [];
        if (list.length === 0 || list.length > MAX_CSV_ROWS)
          throw new BadUserInputError('closes', `give 1 to ${MAX_CSV_ROWS} closes (got ${list.length})`);
        rows = list.map((c, i) => ({
          line: null,
          at: `closes[${i}]`,
          date: c.date,
          token: c.token,
          close: String(c.close),
        }));
      }
      const { valid, issues: rowIssues } = validateCloses(rows);
      issues.push(...rowIssues);
      if (issues.length > 0) throw new CsvValidationError(args.csv != null ? 'csv' : 'closes', issues);
      return ctx.db.write(async (tx, audit) => {
        const result = await tx.$queryRawUnsafe<{ inserted: boolean }[]>(
          `INSERT INTO price_history (fund_id, token, date, close, source)
           SELECT $1::uuid, u.token, u.day::date, u.close::numeric, $5
           FROM unnest($2::text[], $3::text[], $4::text[]) AS u(token, day, close)
           ON CONFLICT (fund_id, token, date) DO UPDATE SET close = EXCLUDED.close, source = EXCLUDED.source
           RETURNING (xmax = 0) AS inserted`,
          fundId,
          valid.map((v) => v.token),
          valid.map((v) => v.date),
          valid.map((v) => v.close),
          source,
        );
        const inserted = result.filter((r) => r.inserted).length;
        const dates = valid.map((v) => v.date).sort();
        const summary = {
          count: valid.length,
          inserted,
          updated: valid.length - inserted,
          tokens: [...new Set(valid.map((v) => v.token))].sort(),
          from: dates[0] ?? '',
          to: dates[dates.length - 1] ?? '',
        };
        audit({
          action: 'price_history.upload',
          targetType: 'PriceHistory',
          details: { source, ...summary },
        });
        return summary;
      });
    },
  }),
);

builder.mutationField('deletePriceHistory', (t) =>
  t.field({
    type: 'Int',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Deletes the fund’s own closes of a token between two dates (inclusive); returns how many.',
    args: {
      token: t.arg.string({ required: true }),
      from: t.arg.string({ required: true }),
      to: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const token = parseToken(args.token);
      if (!token.ok) throw new BadUserInputError('token', token.reason, args.token);
      for (const [field, value] of [
        ['from', args.from],
        ['to', args.to],
      ] as const)
        if (!DATE.test(value))
          throw new BadUserInputError(
            field,
            `must be a date YYYY-MM-DD (got ${JSON.stringify(value.slice(0, 30))})`,
          );
      return ctx.db.write(async (tx, audit) => {
        const { count } = await tx.priceHistory.deleteMany({
          where: {
            fundId,
            token: token.value,
            date: { gte: new Date(`${args.from}T00:00:00Z`), lte: new Date(`${args.to}T00:00:00Z`) },
          },
        });
        audit({
          action: 'price_history.delete',
          targetType: 'PriceHistory',
          details: { token: token.value, from: args.from, to: args.to, deleted: count },
        });
        return count;
      });
    },
  }),
);
