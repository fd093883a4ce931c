import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from './index.ts';

describe('committed schema.graphql', () => {
  it('matches the schema built from the code (run `pnpm --filter @dte/api schema:print`)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('exposes the health query', () => {
    expect(printedSchema()).toMatch(/health: Health!/);
  });
});
