/**
 * `varBacktest` on the real database: the holdings are the fund's net delta per non-stable token
 * (as `exposures` reports it) and the series equal risk-core's `runRollingBacktest` on the same
 * closes; bad arguments are BAD_USER_INPUT naming the field. The global daily closes are seeded here
 * (idempotent, as `pnpm db:seed` does): on a fresh test database no other file may have run first.
 */

import { loadPriceFile, seedPriceHistory } from '@dte/db/seed';
import { seedDemoBook } from '@dte/domain/testing';
import { type DailyClose, runRollingBacktest } from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

let t: TestApi;
let world: World;

beforeAll(async () => {
  t = await startTestApi();
  await seedPriceHistory(t.admin, await loadPriceFile());
  world = await createWorld(t.admin, 'api-backtest');
  await seedDemoBook(t.admin, world.a.fundId);
});

afterAll(async () => {
  await world?.cleanup();
  await t?.stop();
});

const viewer = () => ({ token: world.a.members.VIEWER.token, fundId: world.a.fundId });

const QUERY = `query ($window: Int, $confidences: [Float!]) {
  exposures { tokens { token deltaUsd stable } }
  varBacktest(window: $window, confidences: $confidences) {
    holdings { token value } excludedTokens window dates loss note
    series { method confidence days exceptions expectedExceptions kupiecPValue trafficLight meanVar var exceptionDates }
  }
}`;

type Answer = {
  exposures: { tokens: { token: string; deltaUsd: number; stable: boolean }[] };
  varBacktest: {
    holdings: { token: string; value: number }[];
    excludedTokens: string[];
    window: number;
    dates: string[];
    loss: number[];
    note: string | null;
    series: {
      method: string;
      confidence: number;
      days: number;
      exceptions: number;
      meanVar: number;
      var: number[];
      exceptionDates: string[];
    }[];
  };
};

describe('varBacktest', () => {
  it("backtests the fund's net delta per token like risk-core on the same closes", async () => {
    const answer = await t.gql<Answer>(QUERY, { window: 250, confidences: [0.99] }, viewer());
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data as Answer;
    const exposed = data.exposures.tokens.filter((e) => !e.stable && e.deltaUsd !== 0);
    const b = data.varBacktest;
    expect([...b.holdings.map((h) => h.token), ...b.excludedTokens].sort()).toEqual(
      exposed.map((e) => e.token).sort(),
    );
    for (const h of b.holdings) expect(h.value).toBe(exposed.find((e) => e.token === h.token)?.deltaUsd);
    expect(b.holdings.length).toBeGreaterThan(0);
    const history = await t.admin.$queryRaw<DailyClose[]>`
      SELECT token, to_char(date, 'YYYY-MM-DD') AS date, close::float8 AS close FROM price_history
      WHERE fund_id IS NULL AND token = ANY(${b.holdings.map((h) => h.token)}::text[]) ORDER BY token, date`;
    const expected = runRollingBacktest({
      history,
      holdings: Object.fromEntries(b.holdings.map((h) => [h.token, h.value])),
      window: 250,
      confidences: [0.99],
    });
    expect(b.dates).toEqual(expected.dates);
    expect(b.loss).toEqual(expected.loss);
    expect(b.series.map((s) => [s.method, s.exceptions, s.meanVar, s.var, s.exceptionDates])).toEqual(
      expected.series.map((s) => [s.method, s.exceptions, s.meanVar, s.var, s.exceptionDates]),
    );
    expect(b.note).toBeNull();
  });

  it('refuses a bad window or confidence naming the field', async () => {
    for (const [variables, field] of [
      [{ window: 5 }, 'window'],
      [{ confidences: [1.5] }, 'confidences[0]'],
      [{ confidences: [] }, 'confidences'],
    ] as const) {
      const answer = await t.gql(QUERY, variables, viewer());
      expect(codeOf(answer), field).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.extensions?.field, field).toBe(field);
    }
  });
});
