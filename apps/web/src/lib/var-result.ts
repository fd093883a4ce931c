import { z } from 'zod';

/**
 * The part of a VaR run's `result` JSON (risk-core `VarResult`, written by the worker) that the web
 * app shows. Parsed, not trusted: a result of another shape renders as "no result to show".
 */
const contributions = z.object({
  byToken: z.record(z.string(), z.number()),
  byAccount: z.record(z.string(), z.number()),
});

export const varResultSchema = z.object({
  method: z.string(),
  horizonDays: z.number(),
  paths: z.number().nullable().optional(),
  tokens: z.array(z.string()),
  accounts: z.array(z.string()),
  levels: z
    .array(
      z.object({
        confidence: z.number(),
        var: z.number(),
        es: z.number(),
        stdErrVar: z.number().nullable().optional(),
        contributions: z.object({ var: contributions, es: contributions }),
        tailCount: z.number().optional(),
      }),
    )
    .min(1),
  distribution: z.object({
    meanPnl: z.number(),
    stdPnl: z.number(),
    minPnl: z.number().nullable().optional(),
    maxPnl: z.number().nullable().optional(),
    lossQuantiles: z.array(z.object({ level: z.number(), loss: z.number() })).optional(),
    lossHistogram: z
      .object({
        edges: z.array(z.number()),
        counts: z.array(z.number()),
        below: z.number(),
        above: z.number(),
      })
      .nullable()
      .optional(),
  }),
  warnings: z.array(z.string()).optional(),
});

export type VarResult = z.infer<typeof varResultSchema>;

/** The result of a run, or null when it is missing or not a VaR result. */
export function parseVarResult(value: unknown): VarResult | null {
  const parsed = varResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Entries of a record sorted by |value|, largest first. */
export function byMagnitude(record: Record<string, number>): { label: string; value: number }[] {
  return Object.entries(record)
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
}

/** Statuses after which a run no longer changes. */
export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

/** True for SUCCEEDED, FAILED, CANCELLED. */
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * Reads the VaR run form: confidences as a comma list of levels (`99, 97.5` or `0.99, 0.975`),
 * numbers as numbers, empty fields left out (api defaults apply). Returns the api's params or the
 * field and message of the first problem.
 */
export function readVarForm(form: {
  get(name: string): unknown;
}):
  | { ok: true; kind: 'MONTE_CARLO_VAR' | 'HISTORICAL_VAR'; params: VarParams }
  | { ok: false; field: string; message: string } {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const kind = text('kind') === 'HISTORICAL_VAR' ? 'HISTORICAL_VAR' : 'MONTE_CARLO_VAR';
  const params: VarParams = {};
  const levels = text('confidences');
  if (levels) {
    const values = levels
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
    if (values.some((v) => !Number.isFinite(v) || v <= 0 || v >= 100))
      return {
        ok: false,
        field: 'confidences',
        message: 'Give levels like 99, 97.5 (percent) or 0.99, 0.975.',
      };
    params.confidences = values.map((v) => (v >= 1 ? Number((v / 100).toPrecision(12)) : v));
  }
  const numbers: [keyof VarParams, string, boolean][] = [
    ['horizonDays', 'horizonDays', false],
    ['lookbackDays', 'lookbackDays', true],
  ];
  if (kind === 'MONTE_CARLO_VAR')
    numbers.push(['paths', 'paths', true], ['seed', 'seed', true], ['nu', 'nu', false]);
  for (const [key, name, integer] of numbers) {
    const raw = text(name);
    if (!raw) continue;
    const value = Number(raw.replaceAll(',', '').replaceAll('_', ''));
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)))
      return {
        ok: false,
        field: name,
        message: `Must be ${integer ? 'a whole number' : 'a number'} (got "${raw}").`,
      };
    (params as Record<string, number>)[key] = value;
  }
  if (kind === 'MONTE_CARLO_VAR') {
    params.distribution = text('distribution') === 'STUDENT_T' ? 'STUDENT_T' : 'NORMAL';
    if (params.distribution === 'NORMAL') delete params.nu;
    if (form.get('antithetic') === 'on') params.antithetic = true;
  }
  return { ok: true, kind, params };
}

/** Parameters of `submitRiskRun` (the api's VarParamsInput). */
export interface VarParams {
  confidences?: number[];
  horizonDays?: number;
  lookbackDays?: number;
  paths?: number;
  seed?: number;
  distribution?: 'NORMAL' | 'STUDENT_T';
  nu?: number;
  antithetic?: boolean;
}

/** Label of a run kind. */
export function kindLabel(kind: string): string {
  return kind === 'MONTE_CARLO_VAR' ? 'Monte Carlo' : kind === 'HISTORICAL_VAR' ? 'Historical' : kind;
}

/** Badge class of a run status. */
export function statusClass(status: string): string {
  return status === 'SUCCEEDED'
    ? 'badge badge-ok'
    : status === 'FAILED'
      ? 'badge badge-bad'
      : 'badge badge-warn';
}
