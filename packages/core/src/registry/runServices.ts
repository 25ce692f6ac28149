import type { DependencyContainer } from 'tsyringe';
import { ReparamError } from '../errors.js';
import type { RunDirectory } from '../run/RunDirectory.js';
import type { Registry } from './Registry.js';

/** A monotonic clock in milliseconds (tests pass a fake one). */
export interface Clock {
  now(): number;
}

/** The clock of the process: `performance.now()`. */
export const SYSTEM_CLOCK: Clock = { now: () => performance.now() };

/** What a run offers the plugins it uses (a strategy, an evaluator), by {@link SERVICE_TOKENS}. */
export interface RunServices {
  /** Every registered op, backbone, dataset, strategy, evaluator, preset and aggregation. */
  readonly registry: Registry;
  /** The run's folder: files a plugin keeps beside the run's own. */
  readonly run: RunDirectory;
  /** Appends an event to the run's log.jsonl. */
  readonly log: (event: object) => void;
  /** The tfjs backend the run trains on. */
  readonly backend: string;
  readonly clock: Clock;
}

/** tsyringe tokens of the {@link RunServices}. */
export const SERVICE_TOKENS: { readonly [K in keyof RunServices]: symbol } = {
  registry: Symbol.for('reparam.service.registry'),
  run: Symbol.for('reparam.service.run'),
  log: Symbol.for('reparam.service.log'),
  backend: Symbol.for('reparam.service.backend'),
  clock: Symbol.for('reparam.service.clock'),
};

/**
 * A child of the registry's container holding one run's services. The search executor hands it to
 * the strategy and the evaluator it creates (`options.services`), so a plugin asks for what it
 * needs instead of having it threaded through option objects.
 */
export function createRunServices(services: RunServices): DependencyContainer {
  const container = services.registry.container.createChildContainer();
  for (const key of Object.keys(SERVICE_TOKENS) as (keyof RunServices)[]) container.register(SERVICE_TOKENS[key], { useValue: services[key] });
  return container;
}

/** One service of a run's container; a ReparamError when the caller was not given it. */
export function runService<K extends keyof RunServices>(container: DependencyContainer | undefined, key: K): RunServices[K] {
  const token = SERVICE_TOKENS[key];
  if (!container?.isRegistered(token, true)) throw new ReparamError(`the run's '${key}' service is not available here (no run services were given)`);
  return container.resolve<RunServices[K]>(token);
}
