import { describe, expect, it } from 'vitest';
import { parseHedgeInstrument } from './hedge-instrument.ts';

describe('parseHedgeInstrument', () => {
  it('parses TOKEN:KIND:SIZE[:EXPIRY]', () => {
    expect(parseHedgeInstrument('BTC:inverse-perp:10')).toEqual({
      underlying: 'BTC',
      kind: 'perpetual',
      settlement: 'inverse',
      contractSize: 10,
    });
    expect(parseHedgeInstrument('BTC:linear-future:0.01:2027-03-26T08:00:00Z')).toMatchObject({
      kind: 'future',
      expiry: '2027-03-26T08:00:00Z',
    });
    expect(parseHedgeInstrument('ETH:spot:1')).toMatchObject({ kind: 'spot', contractSize: 1 });
  });

  it('parses JSON', () => {
    expect(
      parseHedgeInstrument(
        '{"underlying":"ETH","kind":"perpetual","settlement":"linear","contractSize":0.1}',
      ),
    ).toEqual({ underlying: 'ETH', kind: 'perpetual', settlement: 'linear', contractSize: 0.1 });
  });

  it('rejects bad specs naming the field', () => {
    expect(() => parseHedgeInstrument('BTC:swap:10')).toThrow(/^with\.kind: /);
    expect(() => parseHedgeInstrument('BTC:inverse-perp:0')).toThrow(/^with\.contractSize: /);
    expect(() => parseHedgeInstrument('BTC:linear-future:1')).toThrow(/^with\.expiry: /);
    expect(() => parseHedgeInstrument('BTC')).toThrow(/^with: /);
    expect(() => parseHedgeInstrument('{"kind":"perpetual","contractSize":1}')).toThrow(
      /^with\.underlying: /,
    );
  });
});
