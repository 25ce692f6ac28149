import type { GenerationSummary, Genome, RunDirectory, SearchRecord, TrainEvent } from '@reparam/core';

/**
 * What a run executor reports while it works. Executors never print: the CLI renders these events
 * (progress bars on a terminal, lines otherwise), a test or a service can collect them.
 */
export type RunEvent =
  /** A training run starts (or resumes) in `path`; `label` names it in a larger job (`retrain best`, `seed 0 plain`). */
  | { readonly type: 'run-start'; readonly label: string; readonly path: string; readonly backbone: string; readonly dataset: string; readonly backend: string }
  /** Opening `path` took over the lock of a process that is no longer running. */
  | { readonly type: 'lock-taken-over'; readonly path: string; readonly pid: number; readonly since: string }
  /** Training progress; `label` is the run's label or the evaluator's phase (`supernet`, `candidate`). */
  | { readonly type: 'train'; readonly label: string; readonly event: TrainEvent }
  /** A search starts or resumes with `done` evaluations already made. */
  | {
      readonly type: 'search-start';
      readonly path: string;
      readonly strategy: string;
      readonly evaluator: string;
      readonly backbone: string;
      readonly dataset: string;
      readonly slots: number;
      readonly budget: number;
      readonly done: number;
      readonly backend: string;
    }
  /** One genome evaluated; `best` is the best fitness so far. */
  | { readonly type: 'evaluation'; readonly record: SearchRecord; readonly budget: number; readonly best: number }
  /** One of the best genomes scored again with another seed (`fitness`), `of` rechecks in all. */
  | { readonly type: 'recheck'; readonly genome: Genome; readonly fitness: number; readonly done: number; readonly of: number }
  /** A generation of the search finished. */
  | { readonly type: 'generation'; readonly summary: GenerationSummary; readonly budget: number }
  /** News from the work queue of a distributed search (jobs sent, taken, retried; no worker yet). */
  | { readonly type: 'queue'; readonly level: 'info' | 'warning'; readonly message: string };

/** Receives an executor's events. */
export type RunEventSink = (event: RunEvent) => void;

/** A sink that drops everything (the default of every executor). */
export const IGNORE_RUN_EVENTS: RunEventSink = () => {};

/** Emits `lock-taken-over` when opening `run` took over the lock a killed process left behind. */
export function reportTakenOverLock(run: RunDirectory, onEvent: RunEventSink): void {
  const stale = run.takenOverLock?.previous;
  if (stale) onEvent({ type: 'lock-taken-over', path: run.path, pid: stale.pid, since: stale.since });
}
