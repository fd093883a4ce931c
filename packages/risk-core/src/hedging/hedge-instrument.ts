import { RiskInputError } from '../errors.ts';

/** A delta-one instrument to hedge with. */
export interface HedgeInstrument {
  underlying: string;
  kind: 'perpetual' | 'future' | 'spot';
  /** Ignored for spot. */
  settlement: 'linear' | 'inverse';
  /** Linear/spot: tokens per contract (lot); inverse: USD face per contract. > 0. */
  contractSize: number;
  /** Futures only, ISO-8601. */
  expiry?: string;
}

const KINDS: Record<string, Pick<HedgeInstrument, 'kind' | 'settlement'>> = {
  'linear-perp': { kind: 'perpetual', settlement: 'linear' },
  'inverse-perp': { kind: 'perpetual', settlement: 'inverse' },
  'linear-future': { kind: 'future', settlement: 'linear' },
  'inverse-future': { kind: 'future', settlement: 'inverse' },
  spot: { kind: 'spot', settlement: 'linear' },
};

/**
 * Parses a hedge instrument: `TOKEN:KIND:SIZE[:EXPIRY]` with KIND one of `linear-perp`,
 * `inverse-perp`, `linear-future`, `inverse-future`, `spot` (e.g. `BTC:inverse-perp:10`,
 * `ETH:linear-future:0.01:2027-03-26T08:00:00Z`), or a JSON object with the `HedgeInstrument` fields.
 *
 * @throws RiskInputError `MALFORMED_DOCUMENT` / `OUT_OF_DOMAIN` / `UNSUPPORTED` naming the field (`with.<field>`).
 */
export function parseHedgeInstrument(spec: string): HedgeInstrument {
  const text = spec.trim();
  if (text.startsWith('{')) return fromJson(text);
  const parts = text.split(':');
  const [underlying, kindText, sizeText] = parts;
  const expiry = parts.length > 3 ? parts.slice(3).join(':') : undefined;
  if (!underlying || !kindText || !sizeText) {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'with', spec, 'expected TOKEN:KIND:SIZE[:EXPIRY] or JSON');
  }
  const kind = KINDS[kindText];
  if (!kind)
    throw new RiskInputError(
      'UNSUPPORTED',
      'with.kind',
      kindText,
      `must be one of ${Object.keys(KINDS).join(' | ')}`,
    );
  return check(
    { underlying, ...kind, contractSize: Number(sizeText), ...(expiry ? { expiry } : {}) },
    sizeText,
  );
}

function fromJson(text: string): HedgeInstrument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'with', text, 'is not valid JSON');
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kind = o.kind;
  if (kind !== 'perpetual' && kind !== 'future' && kind !== 'spot') {
    throw new RiskInputError('UNSUPPORTED', 'with.kind', kind, 'must be perpetual | future | spot');
  }
  const settlement = o.settlement ?? 'linear';
  if (settlement !== 'linear' && settlement !== 'inverse') {
    throw new RiskInputError('UNSUPPORTED', 'with.settlement', settlement, 'must be linear | inverse');
  }
  if (typeof o.underlying !== 'string' || o.underlying === '') {
    throw new RiskInputError('MISSING_FIELD', 'with.underlying', o.underlying, 'is required');
  }
  const expiry = typeof o.expiry === 'string' ? o.expiry : undefined;
  return check(
    {
      underlying: o.underlying,
      kind,
      settlement,
      contractSize: typeof o.contractSize === 'number' ? o.contractSize : Number.NaN,
      ...(expiry ? { expiry } : {}),
    },
    o.contractSize,
  );
}

function check(h: HedgeInstrument, rawSize: unknown): HedgeInstrument {
  if (!Number.isFinite(h.contractSize) || h.contractSize <= 0) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'with.contractSize', rawSize, 'must be a number > 0');
  }
  if (h.kind === 'future' && (h.expiry === undefined || !Number.isFinite(Date.parse(h.expiry)))) {
    throw new RiskInputError(
      'MISSING_FIELD',
      'with.expiry',
      h.expiry,
      'a future hedge needs an ISO-8601 expiry',
    );
  }
  if (h.kind !== 'future' && h.expiry !== undefined) {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'with.expiry', h.expiry, `a ${h.kind} has no expiry`);
  }
  if (h.kind === 'spot' && h.settlement === 'inverse') {
    throw new RiskInputError('UNSUPPORTED', 'with.settlement', h.settlement, 'spot is linear');
  }
  return h;
}
