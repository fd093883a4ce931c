/**
 * Stateless calculators (no fund data): `optionPrice` (Black-76 price and greeks per DESIGN.md, coin
 * view for inverse options) and `impliedVol` (a batch, each input answered with a vol or the reason
 * it has none). Inputs are validated here (field and value named) before risk-core sees them.
 */
import { black76, coinSettledView, impliedVolDetailed, RiskInputError, yearFraction } from '@dte/risk-core';
import { builder } from '../builder.ts';
import { BadUserInputError } from '../errors.ts';
import { riskCall } from '../risk/errors.ts';
import { checkNumber } from '../validation.ts';

const OptionRightEnum = builder.enumType('OptionRight', { values: ['CALL', 'PUT'] as const });
const OptionSettlementEnum = builder.enumType('OptionSettlement', {
  description:
    'LINEAR: premium in USD; INVERSE: premium in coin (e.g. Deribit BTC options), coinPrice = price / F.',
  values: ['LINEAR', 'INVERSE'] as const,
});

/** Largest price, strike or forward accepted (USD per unit). */
const MAX_PRICE = 1e12;

const OptionPriceInput = builder.inputType('OptionPriceInput', {
  description:
    'A European option on a forward (Black-76). Time: `expiryYears` (ACT/365), or `expiry` (+ `valuationTime`, default now).',
  fields: (t) => ({
    type: t.field({ type: OptionRightEnum, required: true }),
    forward: t.float({ required: true, description: 'Forward of the expiry, USD per unit (> 0).' }),
    strike: t.float({ required: true }),
    vol: t.float({ required: true, description: 'Annualised decimal (0.6 = 60%), in (0, 10].' }),
    rate: t.float({ required: false, defaultValue: 0, description: 'Continuously compounded, in (-1, 1).' }),
    expiryYears: t.float({ required: false }),
    expiry: t.field({ type: 'DateTime', required: false }),
    valuationTime: t.field({ type: 'DateTime', required: false }),
    settlement: t.field({ type: OptionSettlementEnum, required: false, defaultValue: 'LINEAR' }),
    quantity: t.float({
      required: false,
      defaultValue: 1,
      description: 'Units of underlying (position values = quantity x per-unit).',
    }),
  }),
});

interface OptionPriceShape {
  expiryYears: number;
  quantity: number;
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  forward: number;
  coinPrice: number | null;
  coinDelta: number | null;
}

const OptionPriceRef = builder.objectRef<OptionPriceShape>('OptionPriceResult').implement({
  description:
    'Black-76 per 1 unit of underlying (DESIGN.md): price, delta = dP/dF, gamma = d2P/dF2, vega per vol point, theta per calendar day (F fixed); coin view for inverse options. `position*` = quantity x per-unit.',
  fields: (t) => ({
    expiryYears: t.exposeFloat('expiryYears'),
    price: t.exposeFloat('price'),
    delta: t.exposeFloat('delta'),
    gamma: t.exposeFloat('gamma'),
    vega: t.exposeFloat('vega'),
    theta: t.exposeFloat('theta'),
    cashGammaUsd: t.float({
      description: 'gamma F^2 / 100 per unit.',
      resolve: (r) => (r.gamma * r.forward * r.forward) / 100,
    }),
    coinPrice: t.float({ nullable: true, resolve: (r) => r.coinPrice }),
    coinDelta: t.float({ nullable: true, resolve: (r) => r.coinDelta }),
    quantity: t.exposeFloat('quantity'),
    positionValue: t.float({ resolve: (r) => r.quantity * r.price }),
    positionDelta: t.float({ description: 'Tokens.', resolve: (r) => r.quantity * r.delta }),
    positionVega: t.float({ resolve: (r) => r.quantity * r.vega }),
    positionTheta: t.float({ resolve: (r) => r.quantity * r.theta }),
  }),
});

/** Time to expiry from the input: exactly one of `expiryYears` / `expiry`, within 0..50 years. */
function expiryYearsOf(
  field: string,
  input: { expiryYears?: number | null; expiry?: Date | null; valuationTime?: Date | null },
  allowZero: boolean,
): number {
  if (input.expiryYears != null && input.expiry != null)
    throw new BadUserInputError(`${field}.expiry`, 'give expiryYears or expiry, not both');
  const domain = { min: 0, minExclusive: !allowZero, max: 50 };
  if (input.expiryYears != null) return checkNumber(`${field}.expiryYears`, input.expiryYears, domain);
  if (input.expiry == null) throw new BadUserInputError(`${field}.expiryYears`, 'give expiryYears or expiry');
  const valuation = input.valuationTime ?? new Date();
  const years = riskCall(
    () => yearFraction(valuation.toISOString(), input.expiry?.toISOString() ?? ''),
    `${field}.`,
  );
  return checkNumber(`${field}.expiry`, years, domain);
}

const checkPrice = (field: string, v: unknown) =>
  checkNumber(field, v, { min: 0, minExclusive: true, max: MAX_PRICE });
const checkRate = (field: string, v: unknown) =>
  checkNumber(field, v, { min: -1, max: 1, minExclusive: true, maxExclusive: true });

builder.queryField('optionPrice', (t) =>
  t.field({
    type: OptionPriceRef,
    authScopes: { authenticated: true },
    description: 'Black-76 price and greeks of a European option (stateless; no fund data).',
    args: { input: t.arg({ type: OptionPriceInput, required: true }) },
    resolve: (_root, { input }) => {
      const forward = checkPrice('input.forward', input.forward);
      const strike = checkPrice('input.strike', input.strike);
      const vol = checkNumber('input.vol', input.vol, { min: 0, minExclusive: true, max: 10 });
      const rate = checkRate('input.rate', input.rate ?? 0);
      const quantity = checkNumber('input.quantity', input.quantity ?? 1, { min: -1e12, max: 1e12 });
      const expiryYears = expiryYearsOf('input', input, true);
      const type = input.type === 'CALL' ? 'call' : 'put';
      const r = riskCall(() => black76({ type, forward, strike, expiryYears, vol, rate }), 'input.');
      const coin =
        input.settlement === 'INVERSE' ? riskCall(() => coinSettledView(r, forward), 'input.') : null;
      return {
        expiryYears,
        quantity,
        forward,
        price: r.price,
        delta: r.delta,
        gamma: r.gamma,
        vega: r.vega,
        theta: r.theta,
        coinPrice: coin?.coinPrice ?? null,
        coinDelta: coin?.coinDelta ?? null,
      };
    },
  }),
);

const ImpliedVolInput = builder.inputType('ImpliedVolInput', {
  description:
    'A premium to invert. INVERSE: `price` is in coin per unit (converted to USD as price x forward).',
  fields: (t) => ({
    type: t.field({ type: OptionRightEnum, required: true }),
    price: t.float({ required: true }),
    forward: t.float({ required: true }),
    strike: t.float({ required: true }),
    rate: t.float({ required: false, defaultValue: 0 }),
    expiryYears: t.float({ required: false }),
    expiry: t.field({ type: 'DateTime', required: false }),
    valuationTime: t.field({ type: 'DateTime', required: false }),
    settlement: t.field({ type: OptionSettlementEnum, required: false, defaultValue: 'LINEAR' }),
  }),
});

interface ImpliedVolShape {
  index: number;
  vol: number | null;
  iterations: number | null;
  code: string | null;
  field: string | null;
  message: string | null;
}

const ImpliedVolResultRef = builder.objectRef<ImpliedVolShape>('ImpliedVolResult').implement({
  description:
    'The implied vol of one input, or why there is none: `code` BAD_USER_INPUT (invalid input, `field` named) or NO_SOLUTION (price outside the no-arbitrage bounds).',
  fields: (t) => ({
    index: t.exposeInt('index'),
    vol: t.float({ nullable: true, resolve: (r) => r.vol }),
    iterations: t.int({ nullable: true, resolve: (r) => r.iterations }),
    code: t.string({ nullable: true, resolve: (r) => r.code }),
    field: t.string({ nullable: true, resolve: (r) => r.field }),
    message: t.string({ nullable: true, resolve: (r) => r.message }),
  }),
});

builder.queryField('impliedVol', (t) =>
  t.field({
    type: [ImpliedVolResultRef],
    authScopes: { authenticated: true },
    description: 'Black-76 implied volatility of up to 100 premiums; each answered with a vol or its error.',
    args: { inputs: t.arg({ type: [ImpliedVolInput], required: true }) },
    complexity: { field: 1, multiplier: 10 },
    resolve: (_root, { inputs }) => {
      if (inputs.length > 100)
        throw new BadUserInputError('inputs', `at most 100 inputs (got ${inputs.length})`);
      return inputs.map((input, index): ImpliedVolShape => {
        const field = `inputs[${index}]`;
        try {
          const forward = checkPrice(`${field}.forward`, input.forward);
          const strike = checkPrice(`${field}.strike`, input.strike);
          const rate = checkRate(`${field}.rate`, input.rate ?? 0);
          const price = checkNumber(`${field}.price`, input.price, {
            min: 0,
            minExclusive: true,
            max: MAX_PRICE,
          });
          const expiryYears = expiryYearsOf(field, input, false);
          const usd = input.settlement === 'INVERSE' ? price * forward : price;
          const type = input.type === 'CALL' ? 'call' : 'put';
          const r = impliedVolDetailed({ type, price: usd, forward, strike, expiryYears, rate });
          return { index, vol: r.vol, iterations: r.iterations, code: null, field: null, message: null };
        } catch (error) {
          if (error instanceof BadUserInputError)
            return {
              index,
              vol: null,
              iterations: null,
              code: error.code,
              field: error.field,
              message: error.message,
            };
          if (error instanceof RiskInputError)
            return {
              index,
              vol: null,
              iterations: null,
              code: error.code === 'NO_SOLUTION' ? 'NO_SOLUTION' : 'BAD_USER_INPUT',
              field: `${field}.${error.field}`,
              message: `${field}.${error.message}`,
            };
          throw error;
        }
      });
    },
  }),
);
