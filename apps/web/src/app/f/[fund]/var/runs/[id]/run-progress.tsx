'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Progress {
  status: string;
  progress: number;
  chunksDone: number;
  chunksTotal: number;
  error?: string | null;
}

/**
 * Live progress bar of a QUEUED/RUNNING run: polls the progress route every 700 ms and re-renders
 * the page (server side, with the result) once the run has finished. Polling pauses while the
 * tab is hidden; a failed poll is shown and retried.
 */
export function RunProgress({ url, initial }: { url: string; initial: Progress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (stopped) return;
      if (document.visibilityState === 'visible') {
        try {
          const response = await fetch(url, { cache: 'no-store' });
          const body = (await response.json()) as Progress & { error?: string };
          if (!response.ok) setProblem(body.error ?? `HTTP ${response.status}`);
          else {
            setProblem(null);
            setProgress(body);
            if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(body.status)) {
              router.refresh();
              return;
            }
          }
        } catch {
          setProblem('The web server did not answer; retrying.');
        }
      }
      timer = setTimeout(poll, 700);
    };
    timer = setTimeout(poll, 300);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [url, router]);

  const percent = Math.round(progress.progress * 100);
  return (
    <section className="panel" aria-labelledby="progress-h" data-testid="run-progress">
      <h2 id="progress-h">
        {progress.status === 'QUEUED'
          ? 'Waiting for a worker'
          : progress.status === 'RUNNING'
            ? 'Computing'
            : progress.status}
      </h2>
      <progress max={100} value={percent} aria-labelledby="progress-h" aria-valuetext={`${percent}%`} />
      <p role="status" aria-live="polite">
        {percent}%
        {progress.chunksTotal > 0 ? ` (${progress.chunksDone} of ${progress.chunksTotal} chunks)` : ''}
      </p>
      {problem ? <p className="field-error">{problem}</p> : null}
    </section>
  );
}
