/**
 * Defaults of `reparam search` that the project's experiments use too, so that a benchmark measures
 * what a user's search runs with (one definition of each).
 */
export const DEFAULT_EVALUATOR = 'supernet';
