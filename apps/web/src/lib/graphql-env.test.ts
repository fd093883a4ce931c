import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('../..', import.meta.url));

describe('typed GraphQL', () => {
  it('src/generated/graphql-env.d.ts matches apps/api/schema.graphql (run `pnpm --filter @dte/web graphql:env`)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dte-web-env-'));
    try {
      const output = join(dir, 'graphql-env.d.ts');
      execFileSync(join(WEB, 'node_modules', '.bin', 'gql-tada'), ['generate-output', '--output', output], {
        cwd: WEB,
        stdio: 'pipe',
      });
      expect(readFileSync(output, 'utf8')).toBe(
        readFileSync(join(WEB, 'src', 'generated', 'graphql-env.d.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
