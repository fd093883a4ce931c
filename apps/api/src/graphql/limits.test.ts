import { parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../schema/index.ts';
import { limitRules, MAX_ALIASES, MAX_DEPTH, maxDepthRule } from './limits.ts';

const errorsOf = (source: string) =>
  validate(schema, parse(source), [...specifiedRules, ...limitRules()]).map((error) => error.message);

/** `{ me { memberships { fund { ... } } } }`-style nesting of the given depth. */
function nested(depth: number): string {
  let body = 'id';
  let current = depth - 2; // `me` and the innermost scalar
  let inMembership = false;
  while (current > 0) {
    body = inMembership ? `fund { ${body} }` : `memberships { ${body} }`;
    inMembership = !inMembership;
    current -= 1;
  }
  return `{ me { ${body} } }`;
}

describe('query-shape validation rules', () => {
  it('accepts a normal query', () => {
    expect(errorsOf('{ me { kind memberships { role fund { id name } } } }')).toEqual([]);
  });

  it('rejects depth beyond the limit, counting through fragments', () => {
    expect(errorsOf(nested(MAX_DEPTH)).filter((m) => /depth/.test(m))).toEqual([]);
    expect(errorsOf(nested(MAX_DEPTH + 1))).toContain(
      `query depth ${MAX_DEPTH + 1} exceeds the limit ${MAX_DEPTH}`,
    );
    const viaFragments = `{ me { ...A } } fragment A on Me { memberships { ...B } } fragment B on Membership { fund { id } }`;
    expect(validate(schema, parse(viaFragments), [maxDepthRule(3)]).map((e) => e.message)).toEqual([
      'query depth 4 exceeds the limit 3',
    ]);
  });

  it('survives and reports recursive fragments', () => {
    const cyclic = '{ me { ...A } } fragment A on Me { kind ...B } fragment B on Me { ...A }';
    expect(errorsOf(cyclic).some((m) => /Cannot spread fragment "A" within itself/.test(m))).toBe(true);
  });

  it('rejects more aliases than allowed', () => {
    const ok = `{ ${Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    const tooMany = `{ ${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    expect(errorsOf(ok)).toEqual([]);
    expect(errorsOf(tooMany)).toEqual([`more than ${MAX_ALIASES} aliases in the document`]);
  });

  it('rejects too many directives', () => {
    const many = `{ health { ${Array.from({ length: 11 }, () => 'status @include(if: true)').join(' ')} } }`;
    expect(errorsOf(many)).toContain('more than 10 directives in the document');
  });
});
