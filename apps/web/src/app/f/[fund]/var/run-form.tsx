'use client';
import { useActionState, useState } from 'react';
import { type RunFormState, submitRunAction } from './actions.ts';

/** A labelled input with its error (aria-invalid + aria-describedby when the api or the form refused it). */
function Field({
  name,
  label,
  state,
  ...input
}: { name: string; label: string; state: RunFormState } & React.InputHTMLAttributes<HTMLInputElement>) {
  const invalid = state.field === name;
  return (
    <label>
      {label}
      <input
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? 'run-error' : undefined}
        {...input}
      />
    </label>
  );
}

/** Parameters of a new VaR run (Monte Carlo or historical); empty fields take the api's defaults. */
export function RunForm({ fund }: { fund: string }) {
  const [state, action, pending] = useActionState<RunFormState, FormData>(submitRunAction, {});
  const [kind, setKind] = useState<'MONTE_CARLO_VAR' | 'HISTORICAL_VAR'>('MONTE_CARLO_VAR');
  const [distribution, setDistribution] = useState<'NORMAL' | 'STUDENT_T'>('NORMAL');
  const mc = kind === 'MONTE_CARLO_VAR';
  return (
    <form action={action} className="stack" aria-label="Start a VaR run">
      <input type="hidden" name="fund" value={fund} />
      {state.error ? (
        <p id="run-error" className="notice notice-bad" role="alert">
          {state.error}
        </p>
      ) : null}
      <fieldset className="row">
        <legend>Method</legend>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            value="MONTE_CARLO_VAR"
            checked={mc}
            onChange={() => setKind('MONTE_CARLO_VAR')}
          />{' '}
          Monte Carlo (full revaluation)
        </label>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            value="HISTORICAL_VAR"
            checked={!mc}
            onChange={() => setKind('HISTORICAL_VAR')}
          />{' '}
          Historical simulation
        </label>
      </fieldset>
      <div className="row">
        <Field
          name="confidences"
          label="Confidence levels (%)"
          state={state}
          defaultValue="99, 97.5"
          size={10}
        />
        <Field
          name="horizonDays"
          label="Horizon (days)"
          state={state}
          defaultValue="1"
          inputMode="decimal"
          size={6}
        />
        <Field
          name="lookbackDays"
          label="History (days)"
          state={state}
          defaultValue="365"
          inputMode="numeric"
          size={6}
        />
        {mc ? (
          <>
            <Field
              name="paths"
              label="Paths"
              state={state}
              defaultValue="100000"
              inputMode="numeric"
              size={9}
            />
            <Field
              name="seed"
              label="Seed (empty: random)"
              state={state}
              defaultValue=""
              inputMode="numeric"
              size={10}
            />
            <label>
              Distribution
              <select
                name="distribution"
                value={distribution}
                onChange={(e) => setDistribution(e.target.value as 'NORMAL' | 'STUDENT_T')}
              >
                <option value="NORMAL">Normal</option>
                <option value="STUDENT_T">Student t</option>
              </select>
            </label>
            {distribution === 'STUDENT_T' ? (
              <Field
                name="nu"
                label="Degrees of freedom"
                state={state}
                defaultValue="5"
                inputMode="decimal"
                size={5}
              />
            ) : null}
            <label className="inline">
              <input type="checkbox" name="antithetic" /> Antithetic paths
            </label>
          </>
        ) : null}
      </div>
      <div>
        <button type="submit" disabled={pending} data-testid="start-run">
          {pending ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}
