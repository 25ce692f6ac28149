import { ReparamError } from '@reparam/core';
import { concatChartsSpec, type SeriesPoint, seriesChartSpec, type TopLevelSpec } from '@reparam/viz';
import type { TrainRun } from '@reparam/runs';
import { trainingHistory } from './trainingHistory.js';

/** A train run and its legend name. */
export interface NamedTrainRun {
  readonly name: string;
  readonly run: TrainRun;
}

/**
 * Training loss, validation loss and validation accuracy per epoch of one or more train runs
 * (a search's retrained best genome and its baselines), overlaid.
 */
export function trainingCurvesSpec(runs: readonly NamedTrainRun[], title: string): TopLevelSpec {
  const trainLoss: SeriesPoint[] = [];
  const valLoss: SeriesPoint[] = [];
  const valAccuracy: SeriesPoint[] = [];
  const names: string[] = [];
  for (const { name, run } of runs) {
    const history = trainingHistory(run);
    if (history.epochs.length === 0) continue;
    const test = run.results?.testAccuracy;
    const series = !run.results
      ? `${name} (unfinished: ${history.epochs.length} of ${run.config.epochs} epochs)`
      : typeof test === 'number'
        ? `${name} (test accuracy ${(100 * test).toFixed(2)}%)`
        : name;
    names.push(series);
    for (const e of history.epochs) {
      trainLoss.push({ x: e.epoch, y: e.trainLoss, series });
      valLoss.push({ x: e.epoch, y: e.valLoss, series });
      valAccuracy.push({ x: e.epoch, y: e.valAccuracy, series });
    }
  }
  if (names.length === 0) throw new ReparamError(`no epoch has finished yet in ${runs.map((r) => r.run.dir).join(', ')}`);
  // Finite values only: a diverged run's last loss is NaN or Infinity.
  const finite = (points: SeriesPoint[]) => points.filter((p) => Number.isFinite(p.y));
  const panel = (panelTitle: string, yTitle: string, points: SeriesPoint[], yDomain?: [number, number]) =>
    seriesChartSpec({ title: panelTitle, xTitle: 'epoch', yTitle, lines: finite(points), series: names, integerX: true, width: 300, height: 240, ...(yDomain ? { yDomain } : {}) });
  return concatChartsSpec({
    title,
    charts: [
      panel('training loss', 'cross-entropy (training batches)', trainLoss),
      panel('validation loss', 'cross-entropy (validation split)', valLoss),
      panel('validation accuracy', 'accuracy (validation split)', valAccuracy),
    ],
  });
}
