import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Genome } from '@reparam/core';
import { trainingHistory } from '@reparam/report';
import { type InspectedRun, LOG_FILE, type RunStatus, runGenome, type SearchRun, type TrainRun } from '@reparam/runs';
import { realPathInside } from './pathInside.js';

/** One row of the runs table. Numbers are absent where they do not apply or are not known yet. */
export interface RunSummary {
  /** Path relative to the dashboard's directory, `/`-separated (`.`: the directory itself). */
  readonly id: string;
  readonly kind: 'train' | 'search' | 'unreadable';
  readonly status: RunStatus;
  /** Why the run failed (the reading error of a malformed run). */
  readonly reason?: string;
  readonly backbone?: string;
  readonly dataset?: string;
  readonly strategy?: string;
  readonly evaluator?: string;
  readonly seed?: number;
  /** A search's best fitness; a train run's validation accuracy (last epoch). */
  readonly bestScore?: number;
  /** Test accuracy of the train run, or of the search's retrained best genome. */
  readonly testAccuracy?: number;
  /** Test accuracy of the search's first baseline, retrained identically (usually `plain`). */
  readonly baselineTestAccuracy?: number;
  /** The first baseline's preset. */
  readonly baseline?: string;
  /** Optional ops in the run's genome (a search: its best so far). */
  readonly optionalOps?: number;
  readonly evaluations?: number;
  readonly budget?: number;
  readonly epochs?: number;
  /** Wall time so far, in seconds. */
  readonly seconds?: number;
  readonly backend?: string;
  /** When a file of the run last changed (ISO). */
  readonly updated?: string;
}

const finite = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

function optionalOps(genome: Genome | undefined): number | undefined {
  return genome ? Object.values(genome).reduce((n, ops) => n + ops.length, 0) : undefined;
}

function lastChange(root: string, dir: string): string | undefined {
  const times = ['config.json', LOG_FILE, 'search-state.json', 'results.json'].flatMap((f) => {
    // A file linked from outside root tells nothing, not even when it changed.
    const real = realPathInside(root, join(dir, f));
    if (!real) return [];
    try {
      return [statSync(real).mtimeMs];
    } catch {
      return [];
    }
  });
  return times.length ? new Date(Math.max(...times)).toISOString() : undefined;
}

function genomeOf(run: TrainRun | SearchRun): Genome | undefined {
  try {
    return runGenome(run);
  } catch {
    return undefined; // a malformed best-genome.json: the table shows no op count
  }
}

function trainSummary(run: TrainRun) {
  const r = run.results;
  const epochs = trainingHistory(run).epochs;
  return {
    kind: 'train' as const,
    backbone: run.config.backbone,
    dataset: run.config.dataset,
    seed: run.config.seed,
    bestScore: finite(r?.valAccuracy) ?? finite(epochs[epochs.length - 1]?.valAccuracy),
    testAccuracy: finite(r?.testAccuracy),
    optionalOps: optionalOps(run.config.genome),
    epochs: r?.epochs ?? epochs.length,
    seconds: r?.seconds ?? (epochs.length ? epochs.reduce((s, e) => s + e.seconds, 0) : undefined),
    backend: r?.backend ?? run.config.backend,
  };
}

function searchSummary(run: SearchRun) {
  const r = run.results;
  const records = run.state?.progress.records ?? [];
  const first = run.baselines[0];
  return {
    kind: 'search' as const,
    backbone: run.config.backbone,
    dataset: run.config.dataset,
    strategy: run.config.strategy,
    evaluator: run.config.evaluator,
    seed: run.config.seed,
    bestScore: r?.bestValAccuracy ?? (records.length ? Math.max(...records.map((x) => x.fitness)) : undefined),
    testAccuracy: finite(r?.testAccuracy) ?? finite(run.retrainBest?.results?.testAccuracy),
    baselineTestAccuracy: finite(r?.baselineTestAccuracy) ?? finite(first?.run.results?.testAccuracy),
    baseline: run.config.baselines[0],
    optionalOps: optionalOps(genomeOf(run)),
    evaluations: records.length,
    budget: run.config.budget,
    seconds: r?.seconds ?? run.state?.seconds,
    backend: r?.backend ?? run.config.backend,
  };
}

/**
 * The runs-table row of an inspected run (`id` as the table shows it) under the dashboard's `root`;
 * inspect it with {@link inspectInside} so that nothing outside `root` is read.
 */
export function runSummary(root: string, id: string, inspected: InspectedRun): RunSummary {
  const base = { id, status: inspected.status, ...(inspected.reason ? { reason: inspected.reason } : {}), updated: lastChange(root, inspected.dir) };
  const { run } = inspected;
  if (!run) return { ...base, kind: 'unreadable' };
  return { ...base, ...(run.kind === 'train' ? trainSummary(run) : searchSummary(run)) };
}
