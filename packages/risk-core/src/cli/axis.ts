import { CliUsageError } from './usage-error.ts';

/**
 * Parses an axis of relative moves: `FROM:TO:COUNT` (COUNT evenly spaced points, ends included,
 * rounded to 12 decimals) or a comma list (`-0.1,0,0.1`); `none` is the empty axis.
 *
 * @throws CliUsageError naming the option for a malformed axis, COUNT < 1, or a value <= -1.
 */
export function parseAxis(text: string, option: string): number[] {
  if (text === 'none') return [];
  let values: number[];
  if (text.includes(':')) {
    const parts = text.split(':');
    const [from, to, count] = parts.map(Number);
    if (parts.length !== 3 || from === undefined || to === undefined || count === undefined) {
      throw new CliUsageError(`${option}: expected FROM:TO:COUNT, got "${text}"`);
    }
    if (![from, to].every(Number.isFinite) || !Number.isInteger(count) || count < 1) {
      throw new CliUsageError(`${option}: expected numbers FROM:TO and an integer COUNT >= 1, got "${text}"`);
    }
    values =
      count === 1
        ? [from]
        : Array.from({ length: count }, (_, i) => round12(from + ((to - from) * i) / (count - 1)));
  } else {
    values = text.split(',').map((s) => {
      const v = s.trim() === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(v)) throw new CliUsageError(`${option}: "${s}" is not a number (in "${text}")`);
      return v;
    });
  }
  for (const v of values) {
    if (v <= -1) throw new CliUsageError(`${option}: a relative move must be > -1, got ${v}`);
  }
  return values;
}

function round12(x: number): number {
  const r = Math.round(x * 1e12) / 1e12;
  return r === 0 ? 0 : r;
}

/**
 * Parses `TOKEN=MOVE[,TOKEN=MOVE...]` (e.g. `BTC=-0.2,ETH=-0.3`).
 *
 * @throws CliUsageError for a malformed pair or a move <= -1.
 */
export function parseShock(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [token, move, ...rest] = pair.split('=');
    const v = Number(move);
    if (!token || move === undefined || move.trim() === '' || rest.length > 0 || !Number.isFinite(v)) {
      throw new CliUsageError(`--shock: expected TOKEN=MOVE, got "${pair}"`);
    }
    if (v <= -1) throw new CliUsageError(`--shock: a relative move must be > -1, got ${token}=${v}`);
    out[token] = v;
  }
  return out;
}
