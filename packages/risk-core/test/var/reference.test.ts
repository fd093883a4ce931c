import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/var/mc/run.ts';
import { PKG, smallOptionsDoc } from './helpers.ts';

/**
 * Monte Carlo VaR vs the numpy reference of the spec (`shared/bench/reference_numpy.py var`, the
 * semantics of portfolio-format.md) on the same portfolio: different generators, so the two
 * estimates must agree within 3 standard errors of their difference, sqrt(se_ours^2 + se_ref^2)
 * (each the batch-means standard error over 20 batches).
 */
const AGREEMENT_SE = 3;
const PATHS = 100_000;
const SCRIPT = `${PKG}../../../shared/bench/reference_numpy.py`;
const PYTHON = '/usr/bin/python3';

function referenceAvailable(): string | null {
  if (!existsSync(SCRIPT)) return `reference script not found at ${SCRIPT}`;
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  return r.status === 0
    ? null
    : 'numpy/scipy missing for /usr/bin/python3 (apt-get install python3-numpy python3-scipy)';
}

const missing = referenceAvailable();
if (missing) console.warn(`skipping the numpy reference comparison: ${missing}`);

describe.skipIf(missing !== null)('Monte Carlo vs shared/bench/reference_numpy.py', () => {
  it('VaR 99% and 95% agree within 3 standard errors of the difference', { timeout: 120_000 }, () => {
    const doc = smallOptionsDoc();
    const dir = mkdtempSync(join(tmpdir(), 'dte-var-'));
    const file = join(dir, 'portfolio.json');
    writeFileSync(file, JSON.stringify(doc));
    for (const a of [0.99, 0.95]) {
      const r = spawnSync(
        PYTHON,
        [SCRIPT, 'var', file, '--paths', String(PATHS), '--confidence', String(a)],
        {
          encoding: 'utf8',
          timeout: 110_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const ref = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
        var: number;
        stdErrVar: number;
      };
      const ours = runMonteCarlo(doc, { paths: PATHS, confidences: [a] }).levels[0] as {
        var: number;
        stdErrVar: number;
      };
      const se = Math.hypot(ours.stdErrVar, ref.stdErrVar);
      expect(Math.abs(ours.var - ref.var), `ours ${ours.var} ref ${ref.var} se ${se}`).toBeLessThan(
        AGREEMENT_SE * se,
      );
    }
  });
});
