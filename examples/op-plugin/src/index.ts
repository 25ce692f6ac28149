/**
 * @packageDocumentation
 * An example third-party Rep-op plugin. It depends on `@reparam/core` only, adds one op, and is
 * loaded with `reparam --plugin <this module> …` or `plugins: [...]` in the config file.
 */
import { type DependencyContainer, registerOp } from '@reparam/core';
import { convExpand1x1 } from './convExpand1x1.js';

export { convExpand1x1 };

/** Plugin entry point. */
export function register(container: DependencyContainer): void {
  registerOp(container, convExpand1x1);
}
