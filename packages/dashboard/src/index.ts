/**
 * @packageDocumentation
 * `reparam dashboard`: a read-only local web app over every run in a directory — a sortable,
 * filterable runs table, a page per search (fitness per evaluation, op probabilities per generation,
 * best genome, retraining and baselines) and per training run (curves, feature maps, deploy files),
 * live while a run is written. Runs are read only through @reparam/runs; charts are the vega-lite
 * specs of @reparam/report, so a page and a `reparam visualize` PNG draw from one definition.
 */
export { startDashboard } from './startDashboard.js';
export type { Dashboard, DashboardOptions } from './startDashboard.js';
export { createDashboardServer } from './createDashboardServer.js';
export type { DashboardServerOptions } from './createDashboardServer.js';
export { DASHBOARD_DEFAULTS } from './dashboardDefaults.js';
export { findRuns } from './findRuns.js';
export { pathInside, isWithin, leadsOutside, realPathInside } from './pathInside.js';
export { inspectInside, outsideReason } from './inspectInside.js';
export { runSummary } from './runSummary.js';
export type { RunSummary } from './runSummary.js';
export { runPage } from './runPage.js';
export type { RunPage, PageChart, PageTraining, PageEvaluation } from './runPage.js';
export { liveSearchRun } from './liveSearchRun.js';
export type { LiveSearch } from './liveSearchRun.js';
export { observedSpace } from './observedSpace.js';
export { comparisonSpec } from './comparisonChart.js';
export type { ComparedRun } from './comparisonChart.js';
export { runArtifacts } from './runArtifacts.js';
export type { RunArtifact } from './runArtifacts.js';
