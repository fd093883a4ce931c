import { describe, expect, it } from 'vitest';
import { runStep, Supervisor } from '../lib/processes.ts';

const node = (code: string) => ({
  command: process.execPath,
  args: ['-e', code],
  cwd: process.cwd(),
  env: {},
});

describe('runStep', () => {
  it('resolves on exit code 0 and names the step on failure', async () => {
    await expect(runStep({ name: 'ok-step', ...node('process.exit(0)') })).resolves.toBeUndefined();
    await expect(runStep({ name: 'bad-step', ...node('process.exit(3)') })).rejects.toMatchObject({
      code: 'STEP_FAILED',
      message: expect.stringMatching(/bad-step failed \(exit code 3\)/),
    });
  });
});

describe('Supervisor', () => {
  it('reports a child that dies on its own', async () => {
    const exits: string[] = [];
    const supervisor = new Supervisor((name, how) => exits.push(`${name}: ${how}`));
    const child = supervisor.start({ name: 'crasher', ...node('setTimeout(() => process.exit(7), 50)') });
    await child.exited;
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual(['crasher: exit code 7']);
    expect(supervisor.isRunning('crasher')).toBe(false);
  });

  it('stops children with SIGTERM, in order, without reporting them as crashes', async () => {
    const exits: string[] = [];
    const supervisor = new Supervisor((name) => exits.push(name));
    const program =
      "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); setInterval(() => {}, 1000); console.log('up');";
    const a = supervisor.start({ name: 'a', ...node(program) });
    const b = supervisor.start({ name: 'b', ...node(program) });
    // Wait until both installed their handler.
    await Promise.all(
      [a, b].map((entry) => new Promise((resolve) => entry.child.stdout?.once('data', resolve))),
    );
    await supervisor.stop(['b', 'a']);
    expect(await a.exited).toBe('exit code 0');
    expect(await b.exited).toBe('exit code 0');
    expect(exits).toEqual([]);
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const supervisor = new Supervisor(() => undefined);
    const stubborn = supervisor.start({
      name: 'stubborn',
      ...node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up');"),
    });
    await new Promise((resolve) => stubborn.child.stdout?.once('data', resolve));
    const started = Date.now();
    await supervisor.stop(['stubborn'], 300);
    expect(await stubborn.exited).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
