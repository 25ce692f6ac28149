import { join } from 'node:path';
import { LOG_FILE, type LogEvent, readRunLog, type SearchRun } from '@reparam/runs';

type SearchRecord = NonNullable<SearchRun['state']>['progress']['records'][number];

/** A search with every evaluation known so far, and what could not be read on the way. */
export interface LiveSearch {
  readonly run: SearchRun;
  /** Why the log was not used (a malformed line in the middle of log.jsonl), if so. */
  readonly logProblem?: string;
}

function isEvaluation(e: LogEvent): e is LogEvent & SearchRecord & { type: 'evaluation' } {
  return e.type === 'evaluation';
}

/**
 * The search as it stands now: search-state.json is saved after each evaluation, but log.jsonl gets
 * the `evaluation` event first, so the records of the state are completed by the log's (by index,
 * the state's winning). A search killed before its first save gets a state made of its log. Every
 * spec function of @reparam/report then draws the live search as it draws a finished one.
 */
export function liveSearchRun(run: SearchRun): LiveSearch {
  let events: LogEvent[];
  try {
    events = readRunLog(join(run.dir, LOG_FILE));
  } catch (err) {
    return { run, logProblem: (err as Error).message };
  }
  const byIndex = new Map<number, SearchRecord>();
  for (const e of events.filter(isEvaluation)) {
    byIndex.set(e.index, { index: e.index, generation: e.generation, genome: e.genome, fitness: e.fitness, seconds: e.seconds });
  }
  for (const r of run.state?.progress.records ?? []) byIndex.set(r.index, r);
  if (byIndex.size === (run.state?.progress.records.length ?? 0)) return { run };
  const records = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const progress = run.state?.progress ?? { strategy: undefined, generation: 0, pending: [] };
  const generation = Math.max(progress.generation, ...records.map((r) => r.generation));
  return { run: { ...run, state: { seconds: run.state?.seconds ?? 0, ...run.state, progress: { ...progress, generation, records } } } };
}
