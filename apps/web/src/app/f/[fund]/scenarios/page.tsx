import type { Metadata } from 'next';
import { BarChart, pnlColor } from '../../../../components/charts.tsx';
import { ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import { formatPercent, formatUsd } from '../../../../lib/format.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { parsePercentList } from '../../../../lib/percent-list.ts';
import { getFundContext } from '../../../../lib/session.ts';

export const metadata: Metadata = { title: 'Scenarios — DTE' };

const GridQuery = graphql(`
  query ScenarioGrid($spotMoves: [Float!], $volShifts: [Float!]) {
    scenarioGrid(spotMoves: $spotMoves, volShifts: $volShifts) {
      spotMoves volShifts extendedVolShift valuationTime
      cells { spotMove volShift pnlUsd }
      extended { spotMove volShift pnlUsd }
      worst { spotMove volShift pnlUsd }
    }
  }
`);

const StressQuery = graphql(`
  query Stress {
    stressTest {
      name title from to pnlUsd volShift
      byToken { token value }
      moves { token move source }
    }
  }
`);

const compact = (v: number) => formatUsd(v, { compact: true });

/** Spot x vol P&L heatmap (full revaluation) and the named historical stress scenarios. */
export default async function ScenariosPage({
  params,
  searchParams,
}: {
  params: Promise<{ fund: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const search = await searchParams;
  const spotText = typeof search.spot === 'string' ? search.spot : '';
  const volText = typeof search.vol === 'string' ? search.vol : '';
  const spot = parsePercentList(spotText);
  const vol = parsePercentList(volText);
  const [grid, stress] = await Promise.all([
    settle(
      ctx.query(GridQuery, {
        spotMoves: spot.ok && spot.values.length > 0 ? spot.values : null,
        volShifts: vol.ok && vol.values.length > 0 ? vol.values : null,
      }),
    ),
    settle(ctx.query(StressQuery, {})),
  ]);
  return (
    <>
      <PageHeader title="Scenarios">
        <p>
          Every position revalued in full (options by Black-76) under moves of all non-stable tokens together.
        </p>
      </PageHeader>
      <form method="get" className="row" aria-label="Grid moves">
        <label>
          Spot moves (%)
          <input
            name="spot"
            defaultValue={spotText}
            placeholder="-16, -12, -8, -4, 0, 4, 8, 12, 16"
            size={30}
            aria-invalid={!spot.ok || undefined}
            aria-describedby={!spot.ok ? 'spot-error' : undefined}
          />
        </label>
        <label>
          Vol shifts (relative %)
          <input
            name="vol"
            defaultValue={volText}
            placeholder="50, 0, -25"
            size={14}
            aria-invalid={!vol.ok || undefined}
            aria-describedby={!vol.ok ? 'vol-error' : undefined}
          />
        </label>
        <button type="submit">Recompute</button>
      </form>
      {!spot.ok ? (
        <p id="spot-error" className="field-error" role="alert">
          Spot moves: {spot.message}
        </p>
      ) : null}
      {!vol.ok ? (
        <p id="vol-error" className="field-error" role="alert">
          Vol shifts: {vol.message}
        </p>
      ) : null}
      <section aria-labelledby="grid-h">
        <h2 id="grid-h">P&amp;L grid (USD): spot move x vol shift</h2>
        {!grid.ok ? (
          <ErrorPanel error={grid.error} what="the scenario grid" />
        ) : (
          <Heatmap grid={grid.data.scenarioGrid} />
        )}
      </section>
      <section aria-labelledby="stress-h">
        <h2 id="stress-h">Historical stress scenarios</h2>
        {!stress.ok ? (
          <ErrorPanel error={stress.error} what="the stress results" />
        ) : (
          <>
            <BarChart
              title="P&L under each historical scenario (USD)"
              testId="stress-chart"
              items={stress.data.stressTest.map((s) => ({ label: s.name, value: s.pnlUsd }))}
              format={compact}
            />
            <div className="table-wrap">
              <table data-testid="stress-table">
                <caption className="visually-hidden">Stress scenarios</caption>
                <thead>
                  <tr>
                    <th scope="col">Scenario</th>
                    <th scope="col">Window</th>
                    <th scope="col" className="num">
                      P&amp;L
                    </th>
                    <th scope="col" className="num">
                      BTC move
                    </th>
                    <th scope="col" className="num">
                      ETH move
                    </th>
                    <th scope="col">Largest loss by token</th>
                  </tr>
                </thead>
                <tbody>
                  {stress.data.stressTest.map((s) => {
                    const move = (token: string) => s.moves.find((m) => m.token === token)?.move ?? null;
                    const worst = [...s.byToken].sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
                    return (
                      <tr key={s.name}>
                        <th scope="row" style={{ whiteSpace: 'normal' }}>
                          {s.title}
                        </th>
                        <td>
                          {s.from} → {s.to}
                        </td>
                        <td className={`num ${s.pnlUsd < 0 ? 'neg' : 'pos'}`}>{formatUsd(s.pnlUsd)}</td>
                        <td className="num">{formatPercent(move('BTC'), 1, { signed: true })}</td>
                        <td className="num">{formatPercent(move('ETH'), 1, { signed: true })}</td>
                        <td>{worst ? `${worst.token} ${formatUsd(worst.value)}` : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

type Grid = {
  spotMoves: number[];
  volShifts: number[];
  extendedVolShift: number;
  cells: { spotMove: number; volShift: number; pnlUsd: number }[];
  extended: { spotMove: number; volShift: number; pnlUsd: number }[];
  worst: { spotMove: number; volShift: number; pnlUsd: number } | null;
};

/** The grid as a table with coloured cells (a table keeps it readable by screen readers and keyboard). */
function Heatmap({ grid }: { grid: Grid }) {
  const maxAbs = Math.max(1, ...grid.cells.map((c) => Math.abs(c.pnlUsd)));
  const cell = (volShift: number, spotMove: number) =>
    grid.cells.find((c) => c.volShift === volShift && c.spotMove === spotMove);
  const isWorst = (c: { spotMove: number; volShift: number } | undefined) =>
    c && grid.worst && c.spotMove === grid.worst.spotMove && c.volShift === grid.worst.volShift;
  return (
    <>
      <div className="table-wrap">
        <table className="heatmap" data-testid="heatmap">
          <caption className="visually-hidden">P&amp;L in USD; rows: vol shift, columns: spot move</caption>
          <thead>
            <tr>
              <th scope="col">Vol \ spot</th>
              {grid.spotMoves.map((m) => (
                <th key={m} scope="col" className="num">
                  {formatPercent(m, 0, { signed: true })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.volShifts.map((v) => (
              <tr key={v}>
                <th scope="row">vol {formatPercent(v, 0, { signed: true })}</th>
                {grid.spotMoves.map((m) => {
                  const c = cell(v, m);
                  return (
                    <td
                      key={m}
                      style={{ background: pnlColor(c?.pnlUsd ?? 0, maxAbs) }}
                      className={isWorst(c) ? 'worst' : undefined}
                    >
                      {compact(c?.pnlUsd ?? Number.NaN)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {grid.worst ? (
        <p>
          Worst cell: <strong>{formatUsd(grid.worst.pnlUsd)}</strong> at spot{' '}
          {formatPercent(grid.worst.spotMove, 0, { signed: true })} and vol{' '}
          {formatPercent(grid.worst.volShift, 0, { signed: true })}
          {grid.cells.some((c) => isWorst(c)) ? ' (outlined)' : ' (an extended move, below)'}.
        </p>
      ) : null}
      {grid.extended.length > 0 ? (
        <BarChart
          title={`Extended moves at vol ${formatPercent(grid.extendedVolShift, 0, { signed: true })}`}
          items={grid.extended.map((c) => ({
            label: formatPercent(c.spotMove, 0, { signed: true }),
            value: c.pnlUsd,
          }))}
          format={compact}
        />
      ) : null}
    </>
  );
}
