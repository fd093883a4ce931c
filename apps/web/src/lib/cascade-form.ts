/** The cascade simulator's form values (as typed, so the form shows them back). */
export interface CascadeFormValues {
  token: string;
  shock: string;
  rounds: string;
  notional: string;
  from: string;
  to: string;
  model: 'SQRT' | 'LINEAR' | 'NONE';
  depth: string;
  includeFund: boolean;
}

/** The api's CascadeInput as this form builds it. */
export interface CascadeInputShape {
  shock: { token: string; move: number }[];
  maxRounds: number;
  includeFund: boolean;
  impact: { token: string; model: 'SQRT' | 'LINEAR' | 'NONE'; depthUsd?: number }[];
  perps: {
    venue: string;
    token: string;
    side: 'LONG';
    band: { from: number; to: number; count: number; notionalUsd: number };
  }[];
}

const DEFAULTS: CascadeFormValues = {
  token: 'BTC',
  shock: '-10',
  rounds: '50',
  notional: '2000000000',
  from: '8',
  to: '30',
  model: 'SQRT',
  depth: '60000000',
  includeFund: true,
};

function text(params: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = params[name];
  return typeof v === 'string' ? v.trim() : undefined;
}

function num(value: string): number {
  return Number(value.replaceAll(',', '').replaceAll('_', ''));
}

/**
 * Reads the cascade form from the URL. `run` is set once the form was submitted (the first visit
 * only shows the defaults). `toInput(spot)` turns the band in % below spot into prices.
 */
export function readCascadeForm(
  params: Record<string, string | string[] | undefined>,
):
  | { ok: true; run: boolean; values: CascadeFormValues; toInput(spot: number): CascadeInputShape }
  | { ok: false; run: boolean; values: CascadeFormValues; message: string } {
  const run = text(params, 'run') === '1';
  const model = text(params, 'model');
  const values: CascadeFormValues = {
    token: (text(params, 'token') || DEFAULTS.token).toUpperCase(),
    shock: text(params, 'shock') ?? DEFAULTS.shock,
    rounds: text(params, 'rounds') ?? DEFAULTS.rounds,
    notional: text(params, 'notional') ?? DEFAULTS.notional,
    from: text(params, 'from') ?? DEFAULTS.from,
    to: text(params, 'to') ?? DEFAULTS.to,
    model: model === 'LINEAR' || model === 'NONE' || model === 'SQRT' ? model : DEFAULTS.model,
    depth: text(params, 'depth') ?? DEFAULTS.depth,
    includeFund: run ? text(params, 'fund') === '1' : DEFAULTS.includeFund,
  };
  const fail = (message: string) => ({ ok: false as const, run, values, message });
  const shock = num(values.shock);
  if (!Number.isFinite(shock) || shock <= -100 || shock > 1000)
    return fail('The move must be a percentage above -100.');
  const rounds = num(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 200)
    return fail('Max rounds must be a whole number from 1 to 200.');
  const notional = num(values.notional);
  if (!Number.isFinite(notional) || notional < 0)
    return fail('The notional must be a positive USD amount (or 0 for none).');
  const from = num(values.from);
  const to = num(values.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to <= from || to >= 100)
    return fail('The band must go from a smaller to a larger percentage below spot, under 100%.');
  const depth = num(values.depth);
  if (values.model !== 'NONE' && (!Number.isFinite(depth) || depth <= 0))
    return fail('The depth must be a positive USD amount.');
  return {
    ok: true,
    run,
    values,
    toInput: (spot: number) => ({
      shock: [{ token: values.token, move: shock / 100 }],
      maxRounds: rounds,
      includeFund: values.includeFund,
      impact: [
        values.model === 'NONE'
          ? { token: 'default', model: 'NONE' }
          : { token: 'default', model: values.model, depthUsd: depth },
      ],
      perps:
        notional > 0
          ? [
              {
                venue: 'Market',
                token: values.token,
                side: 'LONG',
                band: {
                  from: spot * (1 - from / 100),
                  to: spot * (1 - to / 100),
                  count: 20,
                  notionalUsd: notional,
                },
              },
            ]
          : [],
    }),
  };
}
