import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from './test-support.ts';

const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

describe('worker process (src/main.ts)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('becomes ready, then stops cleanly and quickly on SIGTERM', async () => {
    child = spawn(process.execPath, [TSX_CLI, 'src/main.ts'], {
      cwd: WORKER_DIR,
      env: {
        WORKER_PORT: '0',
        APP_DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: uniquePrefix('main'),
      },
      stdio: 'pipe',
    });
    const running = child;
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => running.once('exit', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      running.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const complete = buffer.split('\n');
        buffer = complete.pop() ?? '';
        for (const line of complete.filter(Boolean)) {
          lines.push(line);
          const record = JSON.parse(line) as { msg?: string; port?: number };
          if (record.msg === 'worker started' && record.port) resolve(record.port);
        }
      });
      running.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
      void exited.then((code) => reject(new Error(`worker exited with ${code}: ${lines.join('\n')}`)));
    });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', redis: 'ok', database: 'ok' });

    const signalled = Date.now();
    running.kill('SIGTERM');
    expect(await exited).toBe(0);
    // A hung shutdown would run into the 20 s force-exit (exit code 1).
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(lines.some((line) => line.includes('"msg":"worker stopped"'))).toBe(true);
  });
});
