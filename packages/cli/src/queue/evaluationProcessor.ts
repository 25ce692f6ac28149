/**
 * The sandbox module of `reparam worker`: BullMQ forks child processes that import this file and
 * run its default export on each job. It builds the same runtime as every command (built-in
 * plugins, the job's plugins, the worker's backend), so a worker scores a genome as the search would.
 */
import { createEvaluationProcessor, type EvaluationProcessor } from '@reparam/queue';
import { createRuntime } from '../runtime.js';

const processor: EvaluationProcessor = createEvaluationProcessor((options) => createRuntime({ backend: options.backend, plugin: [...options.plugin] }));
export default processor;
