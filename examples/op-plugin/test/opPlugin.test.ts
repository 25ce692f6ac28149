import { fileURLToPath } from 'node:url';
import { createContainer, loadPlugins, pluginOf, Registry, useBackend, verifyFusion } from '@reparam/core';
import { beforeAll, describe, expect, it } from 'vitest';

const pluginPath = fileURLToPath(new URL('../src/index.ts', import.meta.url));

beforeAll(async () => {
  await useBackend('cpu');
});

describe('example op plugin', () => {
  it('is added through loadPlugins without touching core or ops, and passes the fusion conformance check', async () => {
    const container = createContainer();
    await loadPlugins([pluginPath], container);
    const registry = new Registry(container);
    const op = registry.op('conv_1x1_expand');
    expect(pluginOf(op)).toBe(pluginPath);
    const report = verifyFusion(op, { combinations: ['sum', 'scaled', 'post-bn'] });
    expect(report.results).toHaveLength(16 * 4);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
  });
});
