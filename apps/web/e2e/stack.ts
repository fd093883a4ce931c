import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root and the web app folder. */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const WEB_DIR = join(ROOT, 'apps', 'web');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const NEXT = join(WEB_DIR, 'node_modules', '.bin', 'next');

/** A free TCP port on the loopback interface (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A started child process with its recent output (for error messages). */
export interface Child {
  name: string;
  process: ChildProcess;
  output: string[];
}

/** Starts a long-running child; its output is kept (last 200 lines) and printed when it dies early. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Child {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, process: child, output };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 300_000,
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolveRun(output);
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/** Polls `check` until it is true (or throws with the child's output after `timeoutMs`). */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  child: Child | null,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && child.process.exitCode !== null)
      throw new Error(
        `${child.name} exited (${child.process.exitCode}) before ${what}:\n${child.output.join('\n')}`,
      );
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${child ? `:\n${child.output.join('\n')}` : ''}`,
  );
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.process.once('exit', () => r()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** True when a production build exists (the caller decides whether it is current). */
export function hasBuild(): boolean {
  return existsSync(join(WEB_DIR, '.next', 'BUILD_ID'));
}
