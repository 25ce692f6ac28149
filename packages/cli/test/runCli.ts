import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root (the CLI is run from there, as a user would after installing). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `reparam` binary (build first: `pnpm test` does) with `args`. */
export function runCli(args: string[], cwd = repoRoot): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A user error: exit 1, exactly one line on stderr starting with `prefix`, and no stack trace. */
export function isCleanError(r: CliResult): boolean {
  const lines = r.stderr.trim().split('\n');
  return r.code === 1 && lines.length === 1 && !/\n\s+at /.test(r.stderr);
}
