import { NextResponse } from 'next/server';
import { ApiError } from '../../../../../../../lib/api.ts';
import { graphql } from '../../../../../../../lib/graphql.ts';
import { getFundContext } from '../../../../../../../lib/session.ts';

const RunProgress = graphql(`
  query RunProgress($id: ID!) { riskRun(id: $id) { id status progress chunksDone chunksTotal error } }
`);

/**
 * Progress of a run as JSON, polled by the run page while the worker computes
 * (`{ status, progress, chunksDone, chunksTotal, error }`). Same session and fund checks as the pages.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ fund: string; id: string }> }) {
  const { fund, id } = await params;
  try {
    const ctx = await getFundContext(fund);
    const data = await ctx.query(RunProgress, { id });
    return NextResponse.json(data.riskRun, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (error instanceof ApiError) {
      const status =
        { unavailable: 503, unauthenticated: 401, 'not-found': 404, forbidden: 403 }[error.kind as string] ??
        502;
      return NextResponse.json(
        { error: error.message, kind: error.kind },
        { status, headers: { 'cache-control': 'no-store' } },
      );
    }
    throw error;
  }
}
