import type { Dataset, Registry } from '@reparam/core';
import { loadDataset } from '@reparam/runs';
import type { Run } from '@reparam/runs';

/**
 * The run's dataset with its own split (same seed, limit and validation fraction, so validation
 * image N is the one the run validated on), loaded on first call only: plots that need no data
 * never pay for it.
 */
export function runDataset(registry: Registry, run: Run): () => Promise<Dataset> {
  let data: Promise<Dataset> | undefined;
  const c = run.config;
  return () => (data ??= loadDataset(registry, c.dataset, c));
}
