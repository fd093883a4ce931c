import { type ChildProcess, spawn } from 'node:child_process';
import { StartError } from './errors.ts';
import { PrefixedOutput } from './output.ts';

/** How to launch a process. */
export interface ProcessSpec {
  /** Short name used as log prefix (`api`, `worker`, ...). */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

let colorIndex = 0;

/**
 * Runs a one-shot step (migrate, seed, build) to completion with prefixed output.
 * Throws {@link StartError} `STEP_FAILED` naming the step when it exits non-zero.
 */
export function runStep(spec: ProcessSpec, pretty = true): Promise<void> {
  const output = new PrefixedOutput(spec.name, colorIndex++, pretty);
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    output.pipe(child.stdout);
    output.pipe(child.stderr, process.stderr);
    child.once('error', (error) =>
      reject(new StartError('STEP_FAILED', `${spec.name}: could not run ${spec.command}: ${error.message}`)),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new StartError(
            'STEP_FAILED',
            `${spec.name} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see its output above`,
          ),
        );
    });
  });
}

/** A long-running child under supervision. */
export interface Supervised {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
}

/**
 * Starts long-running children in their own process group (so a terminal Ctrl-C reaches only the
 * orchestrator, which then stops them in order), prefixes their output, reports unexpected exits
 * and stops them on request: SIGTERM, then SIGKILL to the whole group after a grace period.
 */
export class Supervisor {
  private readonly running = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    private readonly onUnexpectedExit: (name: string, how: string) => void,
    private readonly pretty = true,
  ) {
    // Last resort when the orchestrator itself exits abruptly (uncaught error): leave nothing behind.
    process.once('exit', () => {
      for (const { child } of this.running.values()) killGroup(child, 'SIGKILL');
    });
  }

  /** Spawns `spec`; its stdout/stderr are prefixed with its name. */
  start(spec: ProcessSpec): Supervised {
    const output = new PrefixedOutput(spec.name, colorIndex++, this.pretty);
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    output.pipe(child.stdout);
    output.pipe(child.stderr, process.stderr);
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => {
        output.line(`could not start: ${error.message}`, process.stderr);
        resolve('spawn error');
      });
      child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
    });
    const entry: Supervised = { name: spec.name, child, exited };
    this.running.set(spec.name, entry);
    void exited.then((how) => {
      this.running.delete(spec.name);
      if (!this.stopping) this.onUnexpectedExit(spec.name, how);
    });
    return entry;
  }

  /** Is `name` still running? */
  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Stops the named children one after the other, in the given order. */
  async stop(names: readonly string[], graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const name of names) {
      const entry = this.running.get(name);
      if (!entry) continue;
      entry.child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(entry.child, 'SIGKILL'), graceMs);
      await entry.exited;
      clearTimeout(timer);
      // Grandchildren (e.g. a process a launcher started) must not outlive their parent.
      killGroup(entry.child, 'SIGKILL');
    }
  }

  /** Stops every child, most recently started first. */
  async stopAll(graceMs?: number): Promise<void> {
    await this.stop([...this.running.keys()].reverse(), graceMs);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
