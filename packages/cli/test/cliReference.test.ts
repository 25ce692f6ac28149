import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { createFullProgram, examplesOf, renderCliReference } from '../src/index.js';
import { repoRoot, runCli } from './runCli.js';

describe('docs/cli.md', () => {
  it('is what the CLI definitions render (run `pnpm docs:cli` after changing a command)', async () => {
    const committed = readFileSync(`${repoRoot}docs/cli.md`, 'utf8');
    expect(committed).toBe(renderCliReference(await createFullProgram()));
  });
  it('documents every command and option', async () => {
    const text = renderCliReference(await createFullProgram());
    for (const c of ['## reparam search', '## reparam train', '## reparam bench search', '## reparam init']) expect(text).toContain(c);
    expect(text).toContain('`--budget <n>`');
  });
});

describe('--help', () => {
  it('ends with 1–3 examples for every command that runs something, each starting with reparam or pnpm', async () => {
    const program = await createFullProgram();
    const walk = (c: Command): Command[] => [c, ...c.commands.flatMap(walk)];
    for (const command of walk(program).slice(1).filter((c) => c.commands.length === 0)) {
      const examples = examplesOf(command);
      expect(examples.length, command.name()).toBeGreaterThanOrEqual(1);
      expect(examples.length, command.name()).toBeLessThanOrEqual(3);
      for (const e of examples) expect(e).toMatch(/^(reparam|pnpm) /);
    }
    const help = await runCli(['train', '--help']);
    expect(help.stdout).toMatch(/\nExamples:\n {2}\$ reparam train .*\n/);
  });
});

describe('--json', () => {
  it('every command that runs something accepts --json', async () => {
    const program = await createFullProgram();
    const walk = (c: Command): Command[] => [c, ...c.commands.flatMap(walk)];
    const missing = walk(program)
      .slice(1)
      .filter((c) => c.commands.length === 0 && !c.options.some((o) => o.long === '--json'))
      .map((c) => c.name());
    expect(missing).toEqual([]);
  });
});
