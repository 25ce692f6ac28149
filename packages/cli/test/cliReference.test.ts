import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFullProgram, renderCliReference } from '../src/index.js';
import { repoRoot } from './runCli.js';

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
