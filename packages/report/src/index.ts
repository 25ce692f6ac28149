/**
 * @packageDocumentation
 * Pictures and pages of a run: `visualizeRun` draws a run's plots (search progress, op
 * probabilities, training curves, feature maps of a slot's branches) as PNGs into `plots/`, and
 * `writeReport` writes one self-contained HTML report of a train or search run. The `reparam
 * visualize` and `reparam report` commands call these.
 */
export { visualizeRun, PLOTS, PLOTS_DIR } from './visualizeRun.js';
export type { PlotName, PlotOutcome, VisualizeOptions } from './visualizeRun.js';
export { writeReport, REPORT_FILE } from './writeReport.js';
export type { ReportOutcome } from './writeReport.js';
export { describeFailures, describeSkipped } from './describeOutcomes.js';
export { featureMapsSpec, chooseSlot } from './featureMapsChart.js';
export type { FeatureMapsOptions } from './featureMapsChart.js';
export { opProbabilitiesSpec } from './opProbabilitiesChart.js';
export { searchProgressSpec } from './searchProgressChart.js';
export { searchEvaluationsSpec } from './searchEvaluationsChart.js';
export { opShareBySlotSpec, GENERATION_PARAM } from './opShareBySlotChart.js';
export { opShareByGenerationSpec } from './opShareByGenerationChart.js';
export { trainingHistory } from './trainingHistory.js';
export type { TrainingHistory } from './trainingHistory.js';
export { trainingCurvesSpec } from './trainingCurvesChart.js';
export type { NamedTrainRun } from './trainingCurvesChart.js';
export { runDataset } from './runDataset.js';
