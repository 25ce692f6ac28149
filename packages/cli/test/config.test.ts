import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, repoRoot, runCli } from './runCli.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const examplePlugin = join(repoRoot, 'examples/op-plugin/dist/index.js');

/** A working directory holding `reparam.config.json` with `text`. */
function dirWithConfig(name: string, text: string): string {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'reparam.config.json'), text);
  return dir;
}

const cases = (stdout: string) => (JSON.parse(stdout).results as { op: string; k: number }[]).map((c) => `${c.op}/${c.k}`);

describe('reparam.config.json', () => {
  it('reparam init writes a commented starter that every command accepts, and refuses to overwrite it', async () => {
    const dir = join(tmp, 'init');
    mkdirSync(dir);
    const r = await runCli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'reparam.config.json'), 'utf8');
    expect(text).toMatch(/^\/\/ /);
    // Defaults as the options parse them: a number is a number; one that follows another option is shown unset.
    expect(text).toContain('"budget": 16,');
    expect(text).toContain('// "evalEpochs": …');
    expect(text).toContain('"backbone": "bench-net"');
    const ops = await runCli(['ops', '--json'], dir);
    expect(ops.code, ops.stderr).toBe(0);
    const again = await runCli(['init'], dir);
    expect(isCleanError(again)).toBe(true);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(dir, 'reparam.config.json'), 'utf8')).toBe(text);
  });

  it('fills in options, nested commands included, and a flag on the command line wins', async () => {
    const dir = dirWithConfig('apply', '{ "verify-fusion": { "op": ["conv_1x1"], "k": [5], "stride": [1], "groups": [1], "cin": 4, "cout": 4 } }');
    const fromFile = await runCli(['verify-fusion', '--json'], dir);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(new Set(cases(fromFile.stdout))).toEqual(new Set(['conv_1x1/5', 'all/5']));
    const flag = await runCli(['verify-fusion', '--k', '3', '--json'], dir);
    expect(new Set(cases(flag.stdout))).toEqual(new Set(['conv_1x1/3', 'all/3']));
  });

  it('loads the plugins it names, and --config points at another file', async () => {
    const file = join(tmp, 'elsewhere.json');
    writeFileSync(file, JSON.stringify({ plugins: [examplePlugin] }));
    const r = await runCli(['--config', file, 'ops', '--json'], tmp);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).some((o) => o.id === 'conv_1x1_expand')).toBe(true);
    const missing = await runCli(['--config', join(tmp, 'nope.json'), 'ops'], tmp);
    expect(isCleanError(missing)).toBe(true);
    expect(missing.stderr).toMatch(/nope\.json does not exist/);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown option, listing the allowed ones', '{ "train": { "epoch": 3 } }', /train\.epoch is not an option of 'reparam train' \(allowed: backbone, .*epochs/],
    ['a value its parser refuses', '{ "search": { "population": 0 } }', /search\.population: expected a positive integer, got '0'/],
    ['a switch that is not a boolean', '{ "train": { "nesterov": "yes" } }', /train\.nesterov: must be true or false/],
    ['an unknown command', '{ "trian": {} }', /'trian' is not a command \(sections: plugins, backend, .*train/],
    ['an unknown nested command', '{ "bench": { "speed": {} } }', /'bench\.speed' is not a command \(under bench: /],
    ['plugins that are not a list', '{ "plugins": "my-ops" }', /plugins must be a list of module names or paths/],
    ['broken JSON, with line and column', '{\n  "train": { "epochs": 3, }\n  "x"\n}', /reparam\.config\.json:3:3: /],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}: one line, exit 1`, async () => {
      const dir = dirWithConfig(what.replace(/\W+/g, '-'), text);
      // A command that writes a run when it gets going: the file is refused before anything is written.
      const r = await runCli(['train', '--epochs', '1', '--out', join(dir, 'runs', 'refused')], dir);
      expect(isCleanError(r), r.stderr).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, 'runs'))).toBe(false);
    });
  }
});
