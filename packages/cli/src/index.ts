/**
 * @packageDocumentation
 * The `reparam` command line. Programmatic use: `main(argv)` runs it; `createProgram()` gives the
 * commander definition (the CLI reference in docs/ is generated from it).
 */
export { main } from './main.js';
export { createProgram, createFullProgram } from './program.js';
export type { CommandExtension } from './commandExtensions.js';
// For command extensions (the project's experiments): what their commands share with the CLI's own.
export { RunEventRenderer } from './output/RunEventRenderer.js';
export { withExamples, examplesOf } from './examples.js';
export { TrainProgress } from './output/TrainProgress.js';
export { formatTable } from './output/formatTable.js';
export { aggregationOption, collectEvaluatorOption, collectPositiveInts, parseFraction, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt } from './options.js';
export type { GlobalOptions, Runtime } from './runtime.js';
export { createRuntime } from './runtime.js';
export { renderCliReference } from './cliReference.js';
export { DEFAULT_BUDGET, DEFAULT_EVALUATOR, DEFAULT_POPULATION, DEFAULT_RECHECK } from './commands/searchDefaults.js';
