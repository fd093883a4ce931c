/**
 * Query-shape limits. Checked before any resolver runs, in this order:
 * 1. HTTP: JSON body at most {@link MAX_BODY_BYTES}; batched (array) requests refused (Apollo's
 *    `allowBatchedHttpRequests: false`).
 * 2. Parse: at most {@link MAX_TOKENS} tokens (graphql-js `maxTokens`), which also bounds duplicate
 *    fields and giant documents before validation's quadratic rules see them.
 * 3. Validation (graphql-js rules incl. no fragment cycles, plus the rules below): depth, aliases,
 *    directives.
 * 4. Execution start: Pothos complexity (cost with list multipliers, depth, breadth).
 * Numbers in docs/api.md "Limits".
 */
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** Largest JSON request body. */
export const MAX_BODY_BYTES = 100 * 1024;
/** Most lexical tokens in one document. */
export const MAX_TOKENS = 1000;
/** Deepest selection nesting (root fields are depth 1; introspection fields are not counted). */
export const MAX_DEPTH = 10;
/** Most aliases in one document. */
export const MAX_ALIASES = 15;
/** Most directives in one document. */
export const MAX_DIRECTIVES = 10;
/** Pothos complexity limits (cost = fields x list multipliers). */
export const COMPLEXITY_LIMITS = { complexity: 1000, depth: MAX_DEPTH, breadth: 200 } as const;

/** Reported like every validation error (Apollo: `GRAPHQL_VALIDATION_FAILED`, HTTP 400). */
const limitError = (message: string) => new GraphQLError(message);

/** Depth of a selection set, following fragment spreads (each fragment at most once per path). */
function depthOf(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
  limit: number,
): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      depth = selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, visiting, limit) : 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, visiting, limit);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Cycles are reported by graphql-js's NoFragmentCycles rule; here they just stop the walk.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      depth = depthOf(fragment.selectionSet, fragments, visiting, limit);
      visiting.delete(name);
    }
    if (depth > max) max = depth;
    // Deeper than the limit is enough to know; stop early so hostile documents stay cheap.
    if (max > limit) return max;
  }
  return max;
}

/** Rejects operations nested deeper than `max` fields. */
export function maxDepthRule(max = MAX_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const depth = depthOf(node.selectionSet, fragments, new Set(), max);
        if (depth > max) context.reportError(limitError(`query depth ${depth} exceeds the limit ${max}`));
      },
    };
  };
}

/** Rejects documents with more than `max` aliases. */
export function maxAliasesRule(max = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias) return;
        count += 1;
        if (count > max && !reported) {
          reported = true;
          context.reportError(limitError(`more than ${max} aliases in the document`));
        }
      },
    };
  };
}

/** Rejects documents with more than `max` directives. */
export function maxDirectivesRule(max = MAX_DIRECTIVES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    let reported = false;
    return {
      Directive() {
        count += 1;
        if (count > max && !reported) {
          reported = true;
          context.reportError(limitError(`more than ${max} directives in the document`));
        }
      },
    };
  };
}

/** The validation rules added to graphql-js's specified rules. */
export const limitRules = (): ValidationRule[] => [maxDepthRule(), maxAliasesRule(), maxDirectivesRule()];
