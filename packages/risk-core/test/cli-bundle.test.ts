import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleIsFresh } from '../bin/bundle-freshness.mjs';
import { PKG, smallOptionsDoc } from './var/helpers.ts';

const isFresh = bundleIsFresh;
const SPAWN_TIMEOUT_MS = 60_000;

/** A package with one input file and a bundle directory whose manifest records it. */
function fakePackage(content: string) {
  const root = mkdtempSync(join(tmpdir(), 'dte-bundle-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist'));
  const file = join(root, 'src', 'a.ts');
  writeFileSync(file, content);
  const s = statSync(file);
  const manifest = {
    format: 'dte.cli-bundle.v1',
    inputs: {
      'src/a.ts': {
        size: s.size,
        mtimeMs: s.mtimeMs,
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    },
  };
  writeFileSync(join(root, 'dist', 'manifest.json'), JSON.stringify(manifest));
  return { root: pathToFileURL(`${root}/`), dir: pathToFileURL(`${root}/dist/`), file, path: root };
}

describe('bundled CLI freshness (bin/bundle-freshness.mjs)', () => {
  it('fresh while every input is unchanged, also after a touch (same content, new mtime)', () => {
    const p = fakePackage('export const a = 1;\n');
    expect(isFresh(p.dir, p.root)).toBe(true);
    utimesSync(p.file, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(isFresh(p.dir, p.root)).toBe(true);
    rmSync(p.path, { recursive: true });
  });

  it('stale when an input changed (same size), is missing, or the manifest is missing', () => {
    const p = fakePackage('export const a = 1;\n');
    writeFileSync(p.file, 'export const a = 2;\n');
    expect(isFresh(p.dir, p.root)).toBe(false);
    rmSync(p.file);
    expect(isFresh(p.dir, p.root)).toBe(false);
    rmSync(join(p.path, 'dist', 'manifest.json'));
    expect(isFresh(p.dir, p.root)).toBe(false);
    rmSync(p.path, { recursive: true });
  });
});

describe('dte from the bundle and from the sources', { timeout: SPAWN_TIMEOUT_MS * 3 }, () => {
  it('print the same Monte Carlo result (2 threads: the bundled worker and the tsx worker)', () => {
    // The bundle is built by the bootstrap; (re)build it here when the sources changed since.
    const bin = `${PKG}bin/dte.mjs`;
    const dir = pathToFileURL(`${PKG}dist/cli/`);
    if (!isFresh(dir, pathToFileURL(PKG))) {
      const b = spawnSync(process.execPath, [`${PKG}scripts/build-cli.mjs`], { encoding: 'utf8', cwd: PKG });
      expect(b.status, b.stderr).toBe(0);
    }
    expect(isFresh(dir, pathToFileURL(PKG))).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'dte-bundle-run-')), 'book.json');
    writeFileSync(file, JSON.stringify(smallOptionsDoc()));
    const args = [bin, 'var', file, '--paths', '24000', '--stream-paths', '2000', '--threads', '2', '--json'];
    const run = (sources: boolean) => {
      const r = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        cwd: PKG,
        timeout: SPAWN_TIMEOUT_MS,
        env: { ...process.env, DTE_CLI_SOURCES: sources ? '1' : '0' },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const bundled = run(false);
    const sources = run(true);
    expect(bundled.details.threads).toBe(2);
    expect(sources.details.threads).toBe(2);
    expect(bundled.levels).toEqual(sources.levels);
  });
});
