import type { Command } from 'commander';
import { addAggregationBench } from '../bench/aggregationBench.js';
import { addSearchBench } from '../bench/searchBench.js';
import { addInferBench } from '../bench/inferBench.js';
import { addPaperBench } from '../bench/paperBench.js';
import { addProxyBench } from '../bench/proxyBench.js';
import { addTrainBench } from '../bench/trainBench.js';
import type { GlobalOptions } from '../runtime.js';

/** `reparam bench …`: the benchmark scripts (`pnpm bench:*` run them). */
export function addBenchCommand(program: Command, globals: () => GlobalOptions): void {
  const bench = program.command('bench').description('benchmarks that print a table and write JSON (see docs/benchmarks.md)');
  addTrainBench(bench, globals);
  addAggregationBench(bench, globals);
  addSearchBench(bench, globals);
  addInferBench(bench, globals);
  addProxyBench(bench, globals);
  addPaperBench(bench, globals);
}
