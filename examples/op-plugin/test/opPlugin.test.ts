import { fileURLToPath } from 'node:url';
import { BUILT_IN_AGGREGATIONS, createContainer, loadPlugins, pluginOf, Registry, useBackend, verifyFusion } from '@reparam/core';
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
    const report = verifyFusion(op, { combinations: BUILT_IN_AGGREGATIONS });
    // 16 slot shapes: the op alone in sum and online (its linear form), then in each of the 4 modes.
    expect(report.results).toHaveLength(16 * 6);
    expect(report.results.filter((r) => r.aggregation === 'online')).toHaveLength(16 * 2);
    expect(report.skipped).toEqual([]);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
  });
});
