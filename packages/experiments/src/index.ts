/**
 * @packageDocumentation
 * The project's own experiments (private, not published): `reparam bench train`, `infer`,
 * `aggregation`, `search`, `strategies`, `landscape`, `proxy`, `paper`, `distributed` and `data`: speed benchmarks, and experiments that train many
 * networks and write the pages in docs/. The `reparam` CLI
 * adds these commands when this package is installed beside it (a clone of the repository).
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '@reparam/cli';
import { addAggregationBench } from './aggregationBench.js';
import { addInferBench } from './inferBench.js';
import { addTrainBench } from './trainBench.js';
import { addPaperBench } from './paperBench.js';
import { addProxyBench } from './proxyBench.js';
import { addLandscapeBench } from './landscapeBench.js';
import { addSearchBench } from './searchBench.js';
import { addDistributedBench } from './distributedBench.js';
import { addStrategyBench } from './strategyBench.js';
import { addDataBench } from './dataBench.js';

/** Adds the experiments under `reparam bench` (the CLI calls this: see its command extensions). */
export function addCommands(program: Command, globals: () => GlobalOptions): void {
  const bench = program.commands.find((c) => c.name() === 'bench');
  if (!bench) throw new Error('the reparam program has no bench command to add the experiments to');
  addTrainBench(bench, globals);
  addInferBench(bench, globals);
  addAggregationBench(bench, globals);
  addSearchBench(bench, globals);
  addProxyBench(bench, globals);
  addPaperBench(bench, globals);
  addDistributedBench(bench, globals);
  addStrategyBench(bench, globals);
  addLandscapeBench(bench, globals);
  addDataBench(bench);
}

export { kendallTau, spearmanRho, topKOverlap } from './rankAgreement.js';
export { pairedDifference, pairedDifferenceTable } from './pairedDifference.js';
export type { PairedDifference } from './pairedDifference.js';
export { matchedRandomGenome, parseShard, PAPER_CONFIGS } from './paperBench.js';
export { HAND_WRITTEN_MARKER, writeGeneratedDoc, writeGeneratedSection } from './generatedDoc.js';
export { imageNetLikeFolder, replicatedFolder, IMAGENET_LIKE_DEFAULTS, wnid } from './imageNetLikeFolder.js';
export type { ImageNetLikeSpec } from './imageNetLikeFolder.js';
