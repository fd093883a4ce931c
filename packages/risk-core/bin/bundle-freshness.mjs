/**
 * Whether the bundled CLI in `dir` (written by scripts/build-cli.mjs) was built from the current
 * sources: every input listed in its manifest must exist with the recorded size and either the
 * recorded mtime or, when the mtime differs (e.g. after a git checkout), the recorded SHA-256.
 * Any error (no bundle, unreadable manifest, missing input) means not fresh.
 *
 * @param {URL} dir the bundle's directory (dist/cli/).
 * @param {URL} root the package directory the manifest's paths are relative to.
 * @returns {boolean}
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export function bundleIsFresh(dir, root) {
  try {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
    if (manifest.format !== 'dte.cli-bundle.v1') return false;
    const entries = Object.entries(manifest.inputs);
    if (entries.length === 0) return false;
    for (const [file, want] of entries) {
      const path = new URL(file, root);
      const s = statSync(path);
      if (s.size !== want.size) return false;
      if (s.mtimeMs === want.mtimeMs) continue;
      if (createHash('sha256').update(readFileSync(path)).digest('hex') !== want.sha256) return false;
    }
    return true;
  } catch {
    return false;
  }
}
