import { basename } from 'node:path';
import type { PlotOutcome } from './visualizeRun.js';

/** Outcomes that share a reason, as one clause: `a, b: reason`. */
function grouped(outcomes: readonly PlotOutcome[], reason: (o: PlotOutcome) => string | undefined): string[] {
  const byReason = new Map<string, string[]>();
  for (const o of outcomes) {
    const r = reason(o);
    if (r !== undefined) byReason.set(r, [...(byReason.get(r) ?? []), o.plot]);
  }
  return [...byReason].map(([r, plots]) => `${plots.join(', ')}: ${r}`);
}

/** `skipped search-progress, op-probabilities: a train run has no search`, or undefined when nothing was skipped. */
export function describeSkipped(outcomes: readonly PlotOutcome[]): string | undefined {
  const parts = grouped(outcomes, (o) => o.skipped);
  return parts.length ? `skipped ${parts.join('; ')}` : undefined;
}

/**
 * One line for the plots that failed, with what was written anyway, or undefined when none failed:
 * `could not make training-curves, feature-maps: the search has not finished (…); wrote search-progress.png`.
 */
export function describeFailures(outcomes: readonly PlotOutcome[]): string | undefined {
  const parts = grouped(outcomes, (o) => o.error);
  if (!parts.length) return undefined;
  const written = outcomes.flatMap((o) => (o.file ? [basename(o.file)] : []));
  return `could not make ${parts.join('; ')}${written.length ? `; wrote ${written.join(', ')}` : ''}`;
}
