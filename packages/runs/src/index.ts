/**
 * @packageDocumentation
 * reparam's run files as data: a zod schema for each file a run writes, the types derived from them,
 * and {@link readRunFile}, through which every reader goes — so a file from another version is
 * refused with a message naming the field instead of being misread.
 */
export { GENOME_SCHEMA, TRAIN_CONFIG_SCHEMA, TRAIN_RUN_CONFIG_SCHEMA } from './trainConfig.js';
export type { TrainRunConfig } from './trainConfig.js';
export { EPOCH_RECORD_SCHEMA, TRAIN_RESULTS_SCHEMA } from './trainResults.js';
export type { TrainResults } from './trainResults.js';
export { readRunFile, readOptionalRunFile } from './readRunFile.js';
export { SEARCH_RUN_CONFIG_SCHEMA } from './searchConfig.js';
export type { SearchRunConfig, SearchConstraintConfig } from './searchConfig.js';
export { SEARCH_RESULTS_SCHEMA } from './searchResults.js';
export type { SearchResults } from './searchResults.js';
export { SEARCH_STATE_SCHEMA, SEARCH_STATE_FILE } from './searchState.js';
export { LOG_FILE, EPOCH_EVENT_SCHEMA, CHECKPOINT_HISTORY_SCHEMA, readLoggedEpochs } from './logEvents.js';
export type { LoggedEpoch } from './logEvents.js';
