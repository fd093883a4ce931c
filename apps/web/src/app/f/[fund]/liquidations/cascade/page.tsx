import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart } from '../../../../../components/charts.tsx';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../../components/states.tsx';
import { settle } from '../../../../../lib/api.ts';
import { readCascadeForm } from '../../../../../lib/cascade-form.ts';
import { formatPercent, formatPrice, formatUsd } from '../../../../../lib/format.ts';
import { graphql } from '../../../../../lib/graphql.ts';
import { can } from '../../../../../lib/roles.ts';
import { getFundContext } from '../../../../../lib/session.ts';

export const metadata: Metadata = { title: 'Cascade simulator — DTE' };

// The snapshot the risk fields value at (the latest with SPOT quotes), then its spot of the token.
const SnapshotQuery = graphql(`
  query CascadeSnapshot { exposures(groupBy: []) { snapshot { id } } }
`);
const SpotQuery = graphql(`
  query CascadeSpot($id: ID!, $token: String!) { marketSnapshot(id: $id) { asOf quotes(kind: SPOT, token: $token) { token value } } }
`);

const CascadeQuery = graphql(`
  query Cascade($input: CascadeInput!) {
    simulateCascade(input: $input) {
      termination leadAmplification
      initialPrices { token value }
      finalPrices { token value }
      rounds { round liquidatedUsd perpUsd lendingUsd fundUsd fundLiquidated prices { token value } }
      totals { liquidatedUsd perpUsd lendingUsd fundUsd badDebtUsd rebalanceUsd }
      fundLiquidated { id positionId round }
    }
  }
`);

/** Names of the fund's positions hit (one small query each, at most 20 in parallel). */
const PositionName = graphql(`
  query CascadePosition($id: ID!) { position(id: $id) { id quantity account { name } instrument { symbol } } }
`);
const MAX_NAMED = 20;

const compact = (v: number) => formatUsd(v, { compact: true });
const TOKENS = ['BTC', 'ETH', 'SOL', 'XRP', 'BNB', 'DOGE', 'ADA', 'AVAX', 'LINK', 'AAVE'];

/**
 * Liquidation cascade simulator (ANALYST+): a shock to one token, a market population of
 * liquidation levels below the price, a price-impact model, and the fund's own positions; the
 * result is shown round by round. A GET form: each simulation has its own URL.
 */
export default async function CascadePage({
  params,
  searchParams,
}: {
  params: Promise<{ fund: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const search = await searchParams;
  const back = (
    <p>
      <Link href={`/f/${ctx.fund.slug}/liquidations`}>← Liquidations</Link>
    </p>
  );
  if (!can(ctx.role, 'runAnalyses'))
    return (
      <>
        <PageHeader title="Cascade simulator" />
        {back}
        <EmptyState title="Not available for your role">
          <p>Cascade simulations need the analyst role or higher.</p>
        </EmptyState>
      </>
    );
  const form = readCascadeForm(search);
  const spots = await settle(
    ctx
      .query(SnapshotQuery, {})
      .then((s) => ctx.query(SpotQuery, { id: s.exposures.snapshot.id, token: form.values.token })),
  );
  const spot = spots.ok ? Number(spots.data.marketSnapshot.quotes[0]?.value) : Number.NaN;
  const input = form.run && form.ok && Number.isFinite(spot) ? form.toInput(spot) : null;
  const result = input ? await settle(ctx.query(CascadeQuery, { input })) : null;
  const names = new Map<string, string>();
  if (result?.ok) {
    const ids = result.data.simulateCascade.fundLiquidated
      .flatMap((f) => (f.positionId ? [f.positionId] : []))
      .slice(0, MAX_NAMED);
    await Promise.all(
      ids.map(async (id) => {
        const got = await settle(ctx.query(PositionName, { id }));
        if (got.ok) {
          const p = got.data.position;
          names.set(id, `${p.instrument.symbol} ${p.quantity} in ${p.account.name}`);
        }
      }),
    );
  }
  const v = form.values;
  return (
    <>
      <PageHeader title="Cascade simulator">
        <p>
          A shock moves the price; forced sales of the liquidated positions move it further (impact), which
          can liquidate the next level: round by round until nothing more is liquidated.
        </p>
      </PageHeader>
      {back}
      {!spots.ok ? <ErrorPanel error={spots.error} what="the spot prices" /> : null}
      <form method="get" className="stack" aria-label="Cascade scenario">
        <input type="hidden" name="run" value="1" />
        {!form.ok && form.run ? (
          <p className="notice notice-bad" role="alert" id="cascade-error">
            {form.message}
          </p>
        ) : null}
        <fieldset className="row">
          <legend>Shock</legend>
          <label>
            Token
            <select name="token" defaultValue={v.token}>
              {TOKENS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label>
            Move (%)
            <input name="shock" defaultValue={v.shock} inputMode="decimal" size={6} />
          </label>
          <label>
            Max rounds
            <input name="rounds" defaultValue={v.rounds} inputMode="numeric" size={4} />
          </label>
        </fieldset>
        <fieldset className="row">
          <legend>Market: long liquidation levels below the price</legend>
          <label>
            Notional (USD)
            <input name="notional" defaultValue={v.notional} inputMode="numeric" size={14} />
          </label>
          <label>
            From (% below spot)
            <input name="from" defaultValue={v.from} inputMode="decimal" size={5} />
          </label>
          <label>
            To (% below spot)
            <input name="to" defaultValue={v.to} inputMode="decimal" size={5} />
          </label>
        </fieldset>
        <fieldset className="row">
          <legend>Price impact</legend>
          <label>
            Model
            <select name="model" defaultValue={v.model}>
              <option value="SQRT">Square root</option>
              <option value="LINEAR">Linear</option>
              <option value="NONE">None</option>
            </select>
          </label>
          <label>
            Depth: USD per 1% move
            <input name="depth" defaultValue={v.depth} inputMode="numeric" size={14} />
          </label>
          <label className="inline">
            <input type="checkbox" name="fund" value="1" defaultChecked={v.includeFund} /> Include the fund's
            positions
          </label>
        </fieldset>
        <div>
          <button type="submit" data-testid="run-cascade">
            Simulate
          </button>
        </div>
      </form>
      {form.run && form.ok && !Number.isFinite(spot) && spots.ok ? (
        <p className="notice notice-bad" role="alert">
          No spot price of {v.token} in the latest market snapshot.
        </p>
      ) : null}
      {result && !result.ok ? <ErrorPanel error={result.error} what="the cascade" /> : null}
      {result?.ok ? <CascadeOutcome data={result.data} token={v.token} names={names} /> : null}
    </>
  );
}

type CascadeData = {
  simulateCascade: {
    termination: string;
    leadAmplification: number | null;
    initialPrices: { token: string; value: number | null }[];
    finalPrices: { token: string; value: number | null }[];
    rounds: {
      round: number;
      liquidatedUsd: number;
      perpUsd: number;
      lendingUsd: number;
      fundUsd: number;
      fundLiquidated: string[];
      prices: { token: string; value: number | null }[];
    }[];
    totals: {
      liquidatedUsd: number;
      perpUsd: number;
      lendingUsd: number;
      fundUsd: number;
      badDebtUsd: number;
      rebalanceUsd: number;
    };
    fundLiquidated: { id: string; positionId: string | null; round: number }[];
  };
};

function CascadeOutcome({
  data,
  token,
  names,
}: {
  data: CascadeData;
  token: string;
  names: Map<string, string>;
}) {
  const c = data.simulateCascade;
  const price = (list: { token: string; value: number | null }[]) =>
    list.find((p) => p.token === token)?.value ?? null;
  const initial = price(c.initialPrices);
  const final = price(c.finalPrices);
  return (
    <section aria-labelledby="cascade-result-h" data-testid="cascade-result" tabIndex={-1}>
      <h2 id="cascade-result-h">Result</h2>
      <dl className="kpis">
        <div>
          <dt>{token} price</dt>
          <dd>
            {formatPrice(initial)} → {formatPrice(final)}
          </dd>
        </div>
        <div>
          <dt>Total move</dt>
          <dd>{initial && final ? formatPercent(final / initial - 1, 1, { signed: true }) : '—'}</dd>
        </div>
        <div>
          <dt>Amplification</dt>
          <dd>{c.leadAmplification == null ? '—' : `${c.leadAmplification.toFixed(2)}x`}</dd>
        </div>
        <div>
          <dt>Liquidated</dt>
          <dd>{compact(c.totals.liquidatedUsd)}</dd>
        </div>
        <div>
          <dt>Of which the fund</dt>
          <dd>{compact(c.totals.fundUsd)}</dd>
        </div>
        <div>
          <dt>Rounds</dt>
          <dd>
            {c.rounds.length} <span className="badge">{c.termination}</span>
          </dd>
        </div>
      </dl>
      {c.rounds.length > 0 ? (
        <>
          <BarChart
            title="Liquidated per round (USD)"
            items={c.rounds.map((r) => ({ label: `round ${r.round}`, value: r.liquidatedUsd }))}
            format={compact}
          />
          <div className="table-wrap">
            <table data-testid="cascade-rounds">
              <caption>Rounds</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Round
                  </th>
                  <th scope="col" className="num">
                    {token} at execution
                  </th>
                  <th scope="col" className="num">
                    {token} after
                  </th>
                  <th scope="col" className="num">
                    Liquidated
                  </th>
                  <th scope="col" className="num">
                    Perps
                  </th>
                  <th scope="col" className="num">
                    Lending
                  </th>
                  <th scope="col" className="num">
                    Fund
                  </th>
                  <th scope="col" className="num">
                    Fund positions hit
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.rounds.map((r, i) => (
                  <tr key={r.round}>
                    <th scope="row" className="num">
                      {r.round}
                    </th>
                    <td className="num">{formatPrice(price(r.prices))}</td>
                    <td className="num">{formatPrice(price(c.rounds[i + 1]?.prices ?? c.finalPrices))}</td>
                    <td className="num">{formatUsd(r.liquidatedUsd)}</td>
                    <td className="num">{formatUsd(r.perpUsd)}</td>
                    <td className="num">{formatUsd(r.lendingUsd)}</td>
                    <td className="num">{formatUsd(r.fundUsd)}</td>
                    <td className="num">{r.fundLiquidated.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>No liquidation was triggered.</p>
      )}
      <h3>Fund positions liquidated</h3>
      {c.fundLiquidated.length === 0 ? (
        <p data-testid="fund-hit-none">None of the fund's positions was liquidated.</p>
      ) : (
        <ul data-testid="fund-hit">
          {c.fundLiquidated.map((f) => (
            <li key={f.id}>
              Round {f.round}: {(f.positionId && names.get(f.positionId)) ?? f.id}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
