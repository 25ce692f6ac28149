import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './runCli.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const forbid = fileURLToPath(new URL('./fixtures/forbidHeavyModules.mjs', import.meta.url));
/** This package's folder, where its dependencies resolve. */
const cliDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs node with the forbidding hook first: `args` after `--import <hook>`. */
function runForbidding(args: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', forbid, ...args], { cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('startup', () => {
  it('the hook does forbid vega and onnxruntime (so the test below can fail)', async () => {
    const viz = await runForbidding(['--input-type=module', '-e', "const v = await import('@reparam/viz'); await v.renderSvg({ mark: 'point', data: { values: [] } });"], cliDir);
    expect(viz.code).not.toBe(0);
    expect(viz.stderr).toMatch(/forbidden module loaded: vega/);
    const deploy = await runForbidding(['--input-type=module', '-e', "const d = await import('@reparam/deploy'); await d.openOnnxClassifier(new Uint8Array(0));"], cliDir);
    expect(deploy.stderr).toMatch(/forbidden module loaded: onnxruntime-node/);
  });

  for (const args of [['--help'], ['ops'], ['env']]) {
    it(`reparam ${args.join(' ')} loads neither onnxruntime-node nor vega`, async () => {
      const r = await runForbidding([bin, ...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });
  }
});

describe('reparam env and --version', () => {
  it('env --json lists every backend with available and, when false, a reason', async () => {
    const r = await runCli(['env', '--json']);
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env.reparam).toMatch(/^\d+\.\d+\.\d+/);
    expect(env.tfjs).toBe('4.22.0');
    expect(env.backends.map((b: { name: string }) => b.name)).toEqual(['tensorflow', 'native', 'wasm', 'cpu']);
    for (const b of env.backends) {
      expect(typeof b.available).toBe('boolean');
      if (!b.available) expect(b.reason).toMatch(/\w/);
    }
    expect(env.backends.find((b: { name: string }) => b.name === 'cpu').available).toBe(true);
    expect(env.cpu.threads).toBeGreaterThan(0);
  });
  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('usage errors exit 2, runtime errors 1', async () => {
    expect((await runCli(['--no-such-flag'])).code).toBe(2);
    expect((await runCli(['train', '--epochs', 'many'])).code).toBe(2);
    expect((await runCli(['train', '--backbone', 'nonesuch'])).code).toBe(1);
  });
});
