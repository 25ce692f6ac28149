import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/** Repository root; the built CLI runs from there as a user's would. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
/** One thread per process, so that parallel workers and the driver compute alike and do not fight for the cores. */
export const ENV = { ...process.env, OMP_NUM_THREADS: '1' };

/** A `reparam` process whose output is collected as it comes. */
export interface CliProcess {
  readonly proc: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Waits until `test` holds of the output so far (polling), failing after `seconds`. */
  waitFor(test: (out: { stdout: string; stderr: string }) => boolean, seconds?: number): Promise<void>;
}

export function startCli(args: string[], cwd = repoRoot): CliProcess {
  const proc = spawn(process.execPath, [bin, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(test, seconds = 60) {
      const until = Date.now() + seconds * 1000;
      while (!test({ stdout: out, stderr: err })) {
        if (proc.exitCode !== null) throw new Error(`reparam ${args[0]} exited (${proc.exitCode}) before the awaited output:\n${out}\n${err}`);
        if (Date.now() > until) throw new Error(`timed out waiting for reparam ${args[0]}:\n${out}\n${err}`);
        await sleep(50);
      }
    },
  };
}

/** A worker's `--json` events. */
export type WorkerEventLine = { type: string; id?: string; [k: string]: unknown };

/** `reparam worker --json` with a short lock (5 s, long enough for a busy CI machine), so a killed worker's job moves on within seconds. */
export function startWorkerProcess(url: string, cwd = repoRoot): CliProcess & { events(): WorkerEventLine[] } {
  const p = startCli(['worker', '--queue', url, '--lock-seconds', '5', '--json'], cwd);
  return {
    ...p,
    events: () =>
      p
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as WorkerEventLine),
  };
}
