import { RiskInputError } from '../errors.ts';
import type { DailyClose } from './prices-csv.ts';
import type { StressScenario, StressWindow } from './stress-types.ts';

const DAY_MS = 86_400_000;

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`) + DAY_MS; t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * Derives stress scenarios from daily closes: for each window and token, the simple
 * close-to-close return `close(to) / close(from) - 1` and the daily returns
 * `close(d) / close(d - 1) - 1` for every calendar day `d` in `(from, to]`. A token lacking a close
 * on any day of the window is listed in `missing`. Tokens are sorted by name.
 *
 * @throws RiskInputError `OUT_OF_DOMAIN` for a window whose `to` is not after `from`.
 */
export function deriveStressScenarios(
  rows: readonly DailyClose[],
  windows: readonly StressWindow[],
): StressScenario[] {
  const closes = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let byDate = closes.get(r.token);
    if (!byDate) {
      byDate = new Map();
      closes.set(r.token, byDate);
    }
    byDate.set(r.date, r.close);
  }
  const tokens = [...closes.keys()].sort();
  return windows.map((w) => {
    const dates = datesBetween(w.from, w.to);
    if (dates.length === 0)
      throw new RiskInputError('OUT_OF_DOMAIN', `${w.name}.to`, w.to, 'must be after from');
    const scenario: StressScenario = { ...w, dates, returns: {}, dailyReturns: {}, missing: [] };
    for (const token of tokens) {
      const byDate = closes.get(token);
      const series = [w.from, ...dates].map((d) => byDate?.get(d));
      if (series.some((c) => c === undefined)) {
        scenario.missing.push(token);
        continue;
      }
      const c = series as number[];
      scenario.dailyReturns[token] = dates.map((_, i) => (c[i + 1] as number) / (c[i] as number) - 1);
      scenario.returns[token] = (c[c.length - 1] as number) / (c[0] as number) - 1;
    }
    return scenario;
  });
}
