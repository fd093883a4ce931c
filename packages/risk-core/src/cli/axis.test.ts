import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';
import { parseAxis, parseShock } from './axis.ts';
import { CliUsageError } from './usage-error.ts';

describe('CLI argument helpers', () => {
  it('parses FROM:TO:COUNT with both ends and exact grid points', () => {
    expect(parseAxis('-0.3:0.3:13', '--spot')).toEqual([
      -0.3, -0.25, -0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3,
    ]);
    expect(parseAxis('0.5,0,-0.25', '--vol')).toEqual([0.5, 0, -0.25]);
    expect(parseAxis('none', '--extended')).toEqual([]);
  });

  it('rejects malformed axes and moves <= -1', () => {
    expect(() => parseAxis('-0.3:0.3', '--spot')).toThrow(CliUsageError);
    expect(() => parseAxis('a,b', '--spot')).toThrow(/--spot/);
    expect(() => parseAxis('-1,0', '--spot')).toThrow(/> -1/);
    expect(() => parseAxis('0:1:0', '--spot')).toThrow(/COUNT/);
  });

  it('parses shocks', () => {
    expect(parseShock('BTC=-0.2,ETH=-0.3')).toEqual({ BTC: -0.2, ETH: -0.3 });
    expect(() => parseShock('BTC')).toThrow(/TOKEN=MOVE/);
    expect(() => parseShock('BTC=-1.5')).toThrow(/> -1/);
  });

  it('takes option values that start with a dash; rejects unknown options', () => {
    const a = parseArgs(['x.json', '--spot', '-0.3:0.3:13', '--stress', 'a', '--stress=b', '--json'], {
      spot: 'string',
      stress: 'list',
      json: 'boolean',
    });
    expect(a).toEqual({
      values: { spot: '-0.3:0.3:13', stress: ['a', 'b'], json: true },
      positionals: ['x.json'],
    });
    expect(() => parseArgs(['--nope'], {})).toThrow(/unknown option --nope/);
    expect(() => parseArgs(['--spot'], { spot: 'string' })).toThrow(/needs a value/);
  });
});
