/**
 * The upload endpoint `POST /graphql/upload`: the same GraphQL server, but with a JSON body limit of
 * {@link MAX_UPLOAD_BODY_BYTES} (a 20,000-row CSV does not fit the 100 KiB of `/graphql`), for
 * mutations that carry files and nothing else. Everything else keeps the small limit: a request to
 * the upload path whose operation is not made only of {@link UPLOAD_FIELDS} mutations is refused
 * (400 BAD_REQUEST) before it reaches Apollo. Authentication, rate limits, fund selection, query
 * limits and error masking are those of `/graphql`.
 */
import type { NextFunction, Request, Response } from 'express';
import { Kind, parse } from 'graphql';
import { MAX_TOKENS } from '../graphql/limits.ts';

/** Path of the upload endpoint. */
export const UPLOAD_PATH = '/graphql/upload';
/** JSON body limit of the upload endpoint: a 5 MiB CSV plus JSON escaping. */
export const MAX_UPLOAD_BODY_BYTES = 8 * 1024 * 1024;
/** The only root fields allowed on the upload endpoint. */
export const UPLOAD_FIELDS: ReadonlySet<string> = new Set([
  'importPositions',
  'uploadPriceHistory',
  'uploadMarketSnapshot',
]);

/** Why `query` may not use the upload endpoint, or null when it may. */
export function uploadRefusal(query: unknown): string | null {
  if (typeof query !== 'string') return 'the body must carry a GraphQL `query` string';
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    // Apollo reports syntax errors with its usual message and code.
    return null;
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'mutation')
      return `only mutations ${[...UPLOAD_FIELDS].join(', ')} may use ${UPLOAD_PATH}`;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || !UPLOAD_FIELDS.has(selection.name.value))
        return `only mutations ${[...UPLOAD_FIELDS].join(', ')} may use ${UPLOAD_PATH}: use /graphql for the rest`;
    }
  }
  return null;
}

/** Express middleware (after `express.json`) that refuses non-upload operations on the upload path. */
export function uploadGuard(request: Request, response: Response, next: NextFunction): void {
  const body = request.body as { query?: unknown } | undefined;
  const refusal = request.method === 'POST' ? uploadRefusal(body?.query) : `use POST for ${UPLOAD_PATH}`;
  if (refusal === null) {
    next();
    return;
  }
  response.status(400).json({
    errors: [{ message: refusal, extensions: { code: 'BAD_REQUEST', requestId: response.locals.requestId } }],
  });
}
