import { ReparamError } from '../errors.js';
import type { Evaluator } from '../interfaces/Evaluator.js';
import type { Genome } from '../interfaces/Genome.js';
import type { SearchStrategy } from '../interfaces/SearchStrategy.js';

/** One evaluated genome. */
export interface SearchRecord {
  /** 0-based order of evaluation. */
  readonly index: number;
  /** 1-based generation (one `ask`) the genome came from. */
  readonly generation: number;
  readonly genome: Genome;
  readonly fitness: number;
  /** Wall time of the evaluation (with a concurrent evaluator, of its batch divided by the batch size). */
  readonly seconds: number;
}

/**
 * Everything needed to continue a search exactly: the strategy's state, what was evaluated, and
 * what was asked for but not yet evaluated. Saved (atomically) after every evaluation.
 */
export interface SearchProgress {
  readonly strategy: unknown;
  readonly records: readonly SearchRecord[];
  readonly pending: readonly Genome[];
  readonly generation: number;
}

/** What a finished generation looked like (for progress bars and plots). */
export interface GenerationSummary {
  readonly generation: number;
  readonly evaluations: number;
  readonly fitnesses: readonly number[];
  readonly best: SearchRecord;
}

/** How {@link runSearch} runs. */
export interface SearchLoopOptions {
  readonly strategy: SearchStrategy;
  readonly evaluator: Evaluator;
  /** Total evaluations. */
  readonly budget: number;
  /**
   * Genomes asked for (and evaluated) per generation. Not the strategy's own `population` option
   * (its offspring count or queue length), although the CLI sets both from `--population`.
   */
  readonly generationSize: number;
  /** Continue from a saved progress (the strategy must not have been restored yet). */
  readonly resumeFrom?: SearchProgress;
  /** Persist this (atomically) — called after every ask and every evaluation. */
  save(progress: SearchProgress): void;
  onEvaluation?(record: SearchRecord): void;
  onGeneration?(summary: GenerationSummary): void;
}

/** The best record: highest fitness, the earliest among equals. */
export function bestRecord(records: readonly SearchRecord[]): SearchRecord | undefined {
  return records.reduce<SearchRecord | undefined>((best, r) => (!best || r.fitness > best.fitness ? r : best), undefined);
}

/**
 * Runs an ask/tell search until `budget` genomes are evaluated (or the strategy has nothing left
 * to propose). Progress is saved after every ask and every evaluation, so a process killed at any
 * point resumes without losing or repeating an evaluation.
 */
export async function runSearch(options: SearchLoopOptions): Promise<SearchProgress> {
  const { strategy, evaluator, budget, generationSize } = options;
  if (!Number.isInteger(budget) || budget <= 0) throw new ReparamError(`the search budget must be a positive number of evaluations, got ${budget}`);
  if (!Number.isInteger(generationSize) || generationSize <= 0) throw new ReparamError(`the generation size must be a positive integer, got ${generationSize}`);
  const records: SearchRecord[] = [...(options.resumeFrom?.records ?? [])];
  let pending: Genome[] = [...(options.resumeFrom?.pending ?? [])];
  let generation = options.resumeFrom?.generation ?? 0;
  // The records and pending genomes are the history; the strategy's own state leaves them out.
  if (options.resumeFrom) strategy.restore(options.resumeFrom.strategy, { told: records, pending });
  const snapshot = (): SearchProgress => ({ strategy: strategy.state(), records: [...records], pending: [...pending], generation });

  while (records.length < budget) {
    if (pending.length === 0) {
      pending = strategy.ask(Math.min(generationSize, budget - records.length));
      if (pending.length === 0) break; // the strategy has nothing new to propose
      generation++;
      options.save(snapshot());
    }
    // A concurrent evaluator gets the whole generation; results are told in ask order either way.
    const batch = evaluator.concurrent ? pending : pending.slice(0, 1);
    const started = performance.now();
    const fitnesses = await evaluator.evaluate(batch);
    const seconds = (performance.now() - started) / 1000 / batch.length;
    const told: SearchRecord[] = [];
    for (const [i, genome] of batch.entries()) {
      strategy.tell(genome, fitnesses[i]);
      const record: SearchRecord = { index: records.length, generation, genome, fitness: fitnesses[i], seconds };
      records.push(record);
      told.push(record);
    }
    pending = pending.slice(batch.length);
    options.save(snapshot());
    for (const record of told) options.onEvaluation?.(record);
    if (pending.length === 0) {
      const ofGeneration = records.filter((r) => r.generation === generation);
      options.onGeneration?.({ generation, evaluations: records.length, fitnesses: ofGeneration.map((r) => r.fitness), best: bestRecord(records)! });
    }
  }
  return snapshot();
}
