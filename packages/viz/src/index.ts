/**
 * @packageDocumentation
 * reparam's charts: Vega-Lite specs rendered headless to SVG and PNG (resvg), used for run plots
 * and the benchmark pages in docs/.
 */
export { renderSvg, renderPng } from './renderChart.js';
/** A Vega-Lite spec, as the chart builders return and the renderers take. */
export type { TopLevelSpec } from 'vega-lite';
export type { LineBand, LinePoint, LineChartOptions } from './lineChart.js';
export { lineChartSpec } from './lineChart.js';
export type { ScatterChartOptions } from './scatterChart.js';
export { scatterChartSpec } from './scatterChart.js';
export type { Bar, BarChartOptions } from './barChart.js';
export { barChartSpec } from './barChart.js';
export type { SeriesPoint, SeriesChartOptions } from './seriesChart.js';
export { seriesChartSpec } from './seriesChart.js';
export type { HeatmapCell, HeatmapOptions } from './heatmap.js';
export { heatmapSpec } from './heatmap.js';
export type { FeatureMap, GridImage, FeatureMapGridOptions } from './featureMapGrid.js';
export { featureMapGridSpec } from './featureMapGrid.js';
export type { ConcatChartsOptions } from './concatCharts.js';
export { concatChartsSpec } from './concatCharts.js';
