/**
 * @packageDocumentation
 * reparam's charts: Vega-Lite specs rendered headless to SVG and PNG (resvg), used for run plots
 * and the benchmark pages in docs/.
 */
export { renderSvg, renderPng } from './renderChart.js';
export type { LinePoint, LineChartOptions } from './lineChart.js';
export { lineChartSpec } from './lineChart.js';
