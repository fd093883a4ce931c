import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { loadEnv } from '../env.ts';
import { describeFetchError } from './platform-status.ts';

/** How a failed api call should be shown. */
export type ApiErrorKind =
  /** Connection refused, timeout, HTTP 5xx without a GraphQL answer: "the API is unavailable". */
  | 'unavailable'
  /** No or expired session: log in again. */
  | 'unauthenticated'
  /** Missing object or a fund the user does not belong to. */
  | 'not-found'
  /** The role may not do this. */
  | 'forbidden'
  /** Invalid input: the message names the field. */
  | 'bad-input'
  | 'rate-limited'
  /** Anything else (conflict, missing market data, internal error...). */
  | 'error';

const KIND_BY_CODE: Record<string, ApiErrorKind> = {
  UNAUTHENTICATED: 'unauthenticated',
  NOT_FOUND: 'not-found',
  FORBIDDEN: 'forbidden',
  BAD_USER_INPUT: 'bad-input',
  BAD_SCALAR: 'bad-input',
  RATE_LIMITED: 'rate-limited',
};

/** A failed api call: its kind, the api's error code and message, the request id for support. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    kind: ApiErrorKind,
    code: string,
    message: string,
    extra: { field?: string; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.code = code;
    this.field = extra.field;
    this.requestId = extra.requestId;
  }
}

/** Who is calling and for which fund. */
export interface CallOptions {
  /** Session token (`dts_...`) from the web app's HttpOnly cookie; sent as `Authorization: Bearer`. */
  token?: string | undefined;
  /** Selected fund (uuid), sent as `X-Fund-Id`. */
  fundId?: string | undefined;
  /** Use the api's `/graphql/upload` endpoint (8 MiB bodies, imports only). */
  upload?: boolean;
  /** Abort after this many ms (default 15 s; uploads 60 s). */
  timeoutMs?: number;
  /** The browser's address, forwarded for the api's per-IP limits (used when the api trusts one proxy hop). */
  forwardedFor?: string | undefined;
}

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string; field?: string; requestId?: string };
}

/**
 * Runs a typed GraphQL operation against the api (server side only: the token never reaches the
 * browser). Resolves with `data`; rejects with {@link ApiError} for transport failures and for
 * any GraphQL error (the first one decides the kind).
 */
export async function apiRequest<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  options: CallOptions = {},
): Promise<Result> {
  const { API_URL } = loadEnv();
  const url = options.upload ? `${API_URL.replace(/\/$/, '')}/upload` : API_URL;
  const timeoutMs = options.timeoutMs ?? (options.upload ? 60_000 : 15_000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.fundId) headers['x-fund-id'] = options.fundId;
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: print(document), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ApiError(
      'unavailable',
      'API_UNAVAILABLE',
      `The API is unavailable: ${describeFetchError(error, timeoutMs)}.`,
    );
  }
  let body: { data?: Result | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(
      response.status >= 500 ? 'unavailable' : 'error',
      `HTTP_${response.status}`,
      `The API answered HTTP ${response.status} without a GraphQL body.`,
    );
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'UNKNOWN';
    throw new ApiError(KIND_BY_CODE[code] ?? 'error', code, first.message ?? 'The API reported an error.', {
      ...(first.extensions?.field ? { field: first.extensions.field } : {}),
      ...(first.extensions?.requestId ? { requestId: first.extensions.requestId } : {}),
    });
  }
  if (body.data == null) throw new ApiError('error', 'NO_DATA', 'The API answered without data.');
  return body.data;
}

/** The outcome of an api call as a value, for pages that render errors in place. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Wraps a promise of api data into an {@link ApiResult}; other errors are rethrown. */
export async function settle<T>(promise: Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, data: await promise };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error };
    throw error;
  }
}
