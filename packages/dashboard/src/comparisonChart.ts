import { ReparamError } from '@reparam/core';
import { trainingHistory } from '@reparam/report';
import type { Run } from '@reparam/runs';
import { concatChartsSpec, type SeriesPoint, seriesChartSpec, type TopLevelSpec } from '@reparam/viz';

/** A run of a comparison and the name its lines get. */
export interface ComparedRun {
  readonly id: string;
  readonly run: Run;
}

/**
 * Runs side by side on shared axes: the best fitness so far per evaluation of each search, and the
 * validation accuracy per epoch of each training (a search's: its retrained best genome).
 */
export function comparisonSpec(runs: readonly ComparedRun[]): TopLevelSpec {
  const best: SeriesPoint[] = [];
  const accuracy: SeriesPoint[] = [];
  for (const { id, run } of runs) {
    if (run.kind === 'search') {
      let so = -Infinity;
      for (const r of [...(run.state?.progress.records ?? [])].sort((a, b) => a.index - b.index)) {
        so = Math.max(so, r.fitness);
        best.push({ x: r.index + 1, y: so, series: id });
      }
    }
    const trained = run.kind === 'train' ? run : run.retrainBest;
    for (const e of trained ? trainingHistory(trained).epochs : []) {
      if (Number.isFinite(e.valAccuracy)) accuracy.push({ x: e.epoch, y: e.valAccuracy, series: id });
    }
  }
  const series = runs.map((r) => r.id);
  const charts: TopLevelSpec[] = [];
  if (best.length) {
    charts.push(seriesChartSpec({ title: 'best fitness so far', xTitle: 'evaluation', yTitle: 'fitness (validation accuracy)', lines: best, series, integerX: true, width: 380, height: 260 }));
  }
  if (accuracy.length) {
    charts.push(seriesChartSpec({ title: 'validation accuracy (training; a search: its retrained best)', xTitle: 'epoch', yTitle: 'accuracy (validation split)', lines: accuracy, series, integerX: true, width: 380, height: 260 }));
  }
  if (charts.length === 0) throw new ReparamError('none of these runs has an evaluation or a finished epoch yet');
  return concatChartsSpec({ title: `Comparison of ${runs.length} runs`, charts });
}
