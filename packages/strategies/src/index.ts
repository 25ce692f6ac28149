/**
 * @packageDocumentation
 * Search strategies for reparam (a plugin package). The strategies themselves — directional
 * evolution, regularized evolution and random search — arrive with the search issue; until then
 * this plugin registers nothing.
 */
import type { DependencyContainer } from '@reparam/core';

/** Plugin entry point (registers no strategy yet). */
export function register(_container: DependencyContainer): void {}
