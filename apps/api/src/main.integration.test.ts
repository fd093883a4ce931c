import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testUrls } from '@dte/db/testing';
import { afterEach, describe, expect, it } from 'vitest';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/** Runs `src/main.ts` as the real process (tsx), with only the variables given. */
function startMain(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  started: Promise<number>;
} {
  const child = spawn(process.execPath, [TSX_CLI, 'src/main.ts'], { cwd: API_DIR, env, stdio: 'pipe' });
  const lines: string[] = [];
  const started = new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        lines.push(line);
        const record = JSON.parse(line) as { msg?: string; port?: number };
        if (record.msg === 'api started' && record.port) resolve(record.port);
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`api exited with ${code}: ${lines.join('\n')}`)));
  });
  return { child, lines, started };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('api process (src/main.ts)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('serves, then stops cleanly and quickly on SIGTERM', async () => {
    const run = startMain({
      PORT: '0',
      APP_DATABASE_URL: testUrls().appUrl,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    child = run.child;
    const port = await run.started;
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(await response.json()).toEqual({ data: { health: { status: 'ok' } } });

    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    // A hung shutdown (Apollo's own signal handler) took 15 s and exited 1.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(run.lines.some((line) => line.includes('"msg":"api stopped"'))).toBe(true);
  });

  it('refuses to start with an invalid variable and names it', async () => {
    const run = startMain({ PORT: 'eighty' });
    child = run.child;
    await expect(run.started).rejects.toThrow(/ENV_INVALID.*PORT/);
    expect(await exitOf(run.child)).toBe(1);
  });
});
