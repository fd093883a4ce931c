'use client';
import Link from 'next/link';
import { type ChangeEvent, useActionState, useEffect, useRef, useState } from 'react';
import { type ImportState, importAction } from './actions.ts';

/** Largest file the api accepts (docs/imports.md). */
const MAX_BYTES = 5 * 1024 * 1024;

const FORMAT_LABELS = {
  GENERIC: 'Generic (venue,symbol,quantity,…)',
  DERIBIT: 'Deribit positions export',
  BINANCE_USDM: 'Binance USD-M',
  BINANCE_COINM: 'Binance COIN-M',
  OKX: 'OKX',
} as const;

/**
 * CSV import in two steps: PREVIEW (the api validates the whole file, reports every problem by row
 * and column and plans each row's action, writing nothing), then COMMIT of the same file.
 */
export function ImportForm({
  fund,
  accounts,
}: {
  fund: string;
  accounts: { id: string; name: string; venue: string }[];
}) {
  const [state, action, pending] = useActionState<ImportState, FormData>(importAction, {});
  const [csv, setCsv] = useState('');
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? '');
  const [format, setFormat] = useState<keyof typeof FORMAT_LABELS>('GENERIC');
  const [strategy, setStrategy] = useState<'MERGE' | 'REPLACE'>('MERGE');
  const [fileError, setFileError] = useState<string | null>(null);
  const resultRef = useRef<HTMLElement>(null);
  const result = state.result;

  // Move focus to the outcome so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (state.result || state.error) resultRef.current?.focus();
  }, [state]);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(`The file is ${file.size} bytes; at most ${MAX_BYTES} bytes are accepted.`);
      return;
    }
    setCsv(await file.text());
  }

  const canCommit = result && result.mode === 'PREVIEW' && result.errorCount === 0 && !pending;
  return (
    <form action={action} className="stack" aria-busy={pending}>
      <input type="hidden" name="fund" value={fund} />
      <div className="row">
        <label>
          Account
          <select name="accountId" value={accountId} onChange={(e) => setAccountId(e.target.value)} required>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.venue})
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select
            name="format"
            value={format}
            onChange={(e) => setFormat(e.target.value as keyof typeof FORMAT_LABELS)}
          >
            {Object.entries(FORMAT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Strategy
          <select
            name="strategy"
            value={strategy}
            onChange={(e) => setStrategy(e.target.value as 'MERGE' | 'REPLACE')}
          >
            <option value="MERGE">Merge (upsert by instrument)</option>
            <option value="REPLACE">Replace the account's positions</option>
          </select>
        </label>
      </div>
      <label>
        CSV file
        <input type="file" accept=".csv,text/csv,text/plain" onChange={onFile} aria-describedby="file-help" />
      </label>
      <p id="file-help" className="muted small">
        At most 5 MiB and 20,000 rows. The file's text appears below; you can also paste it there.
      </p>
      {fileError ? (
        <p className="field-error" role="alert">
          {fileError}
        </p>
      ) : null}
      <label>
        CSV content
        <textarea
          name="csv"
          rows={8}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
          spellCheck={false}
          aria-invalid={state.field === 'csv' ? true : undefined}
        />
      </label>
      <div className="row">
        <button type="submit" name="mode" value="PREVIEW" disabled={pending}>
          {pending ? 'Working…' : 'Preview'}
        </button>
        {canCommit ? (
          <button type="submit" name="mode" value="COMMIT" className="secondary" data-testid="commit-import">
            Commit {result.rowCount} row{result.rowCount === 1 ? '' : 's'}
          </button>
        ) : null}
      </div>
      <section ref={resultRef} tabIndex={-1} aria-live="polite" data-testid="import-result">
        {state.error ? (
          <p className="notice notice-bad" role="alert">
            {state.error}
          </p>
        ) : null}
        {result ? <ImportOutcome result={result} fund={fund} /> : null}
      </section>
    </form>
  );
}

function ImportOutcome({ result, fund }: { result: NonNullable<ImportState['result']>; fund: string }) {
  const s = result.summary;
  const counts = `${s.created} to create, ${s.updated} to update, ${s.unchanged} unchanged, ${s.closed} to close, ${s.deleted} to delete, ${s.skipped} skipped, ${s.instrumentsCreated} new instruments`;
  return (
    <>
      {result.committed ? (
        <div className="notice notice-ok" role="status" data-testid="import-committed">
          <h2>Imported</h2>
          <p>
            {result.rowCount} rows written ({counts.replaceAll(' to ', ' ')}).{' '}
            <Link href={`/f/${fund}/positions`}>See the positions</Link>.
          </p>
        </div>
      ) : result.errorCount > 0 ? (
        <div className="notice notice-bad" role="alert" data-testid="import-errors">
          <h2>
            {result.errorCount} problem{result.errorCount === 1 ? '' : 's'} in the file: nothing was written
          </h2>
          <p>Fix the rows below and preview again.</p>
        </div>
      ) : (
        <div className="notice notice-ok" role="status" data-testid="import-preview">
          <h2>Preview: the file is valid</h2>
          <p>
            {result.rowCount} rows: {counts}. Nothing is written until you commit.
          </p>
        </div>
      )}
      {result.errors.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>Problems by row (header = row 1)</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Column</th>
                <th scope="col">Value</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
                <tr key={i}>
                  <td className="num">{e.row ?? 'file'}</td>
                  <td>{e.column ?? '—'}</td>
                  <td>
                    <code>{e.value ?? ''}</code>
                  </td>
                  <td style={{ whiteSpace: 'normal' }}>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.rows.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="import-rows">
            <caption>
              Rows{' '}
              {result.rows.length < result.rowCount
                ? `(first ${result.rows.length} of ${result.rowCount})`
                : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Venue</th>
                <th scope="col">Symbol</th>
                <th scope="col" className="num">
                  In file
                </th>
                <th scope="col" className="num">
                  Contracts
                </th>
                <th scope="col" className="num">
                  Entry
                </th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: DELETE rows have no row number
                <tr key={i}>
                  <td className="num">{r.row ?? '—'}</td>
                  <td>{r.venue}</td>
                  <td>
                    {r.symbol}
                    {r.newInstrument ? <span className="badge">new instrument</span> : null}
                  </td>
                  <td className="num">{r.sourceQuantity}</td>
                  <td className="num">{r.quantity}</td>
                  <td className="num">{r.entryPrice ?? '—'}</td>
                  <td>{r.action ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
