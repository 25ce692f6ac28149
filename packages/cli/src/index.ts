/**
 * @packageDocumentation
 * The `reparam` command line. Programmatic use: `main(argv)` runs it; `createProgram()` gives the
 * commander definition (the CLI reference in docs/ is generated from it).
 */
export { main } from './main.js';
export { createProgram } from './program.js';
export type { GlobalOptions, Runtime } from './runtime.js';
export { createRuntime } from './runtime.js';
export { renderCliReference } from './cliReference.js';
