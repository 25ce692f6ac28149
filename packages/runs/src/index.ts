/**
 * @packageDocumentation
 * reparam's runs as data: a zod schema for each file a run writes, the types derived from them,
 * {@link openRun} and {@link readRunFile}, through which every reader goes — so a file from another
 * version is refused with a message naming the field instead of being misread — and the executors
 * ({@link executeTrainRun}, {@link trainOrReuse}, {@link executeSearch}) that write runs and report
 * their progress as {@link RunEvent}s instead of printing.
 */
export { GENOME_SCHEMA, TRAIN_CONFIG_SCHEMA, TRAIN_RUN_CONFIG_SCHEMA } from './trainConfig.js';
export { BEST_GENOME_FILE, BEST_GENOME_FILE_SCHEMA, type BestGenomeFile } from './bestGenomeFile.js';
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
export { finishedTrainRun, isFinished, liveWriter, retrainedNothing, openRun, openTrainedRun, readTrainRun, runGenome, RETRAIN_BEST_DIR, DEPLOY_DIR } from './openRun.js';
export type { Run, TrainRun, SearchRun, TrainedRun } from './openRun.js';
export { inspectRun, runStatus } from './runStatus.js';
export type { InspectedRun, RunStatus } from './runStatus.js';
export { loadTrainedNetwork, checkBatch } from './loadTrainedNetwork.js';
export type { TrainedNetwork } from './loadTrainedNetwork.js';
export { parseDatasetSpec, loadDataset, datasetOptionsOf, resolveGenome, buildNetwork } from './experiment.js';
export type { GenomeSource, ResolvedGenome, NetworkSpec, RunDataOptions } from './experiment.js';
export type { RunEvent, RunEventSink } from './runEvents.js';
export { IGNORE_RUN_EVENTS, reportTakenOverLock } from './runEvents.js';
export { executeTrainRun } from './train/executeTrainRun.js';
export type { ExecuteTrainOptions } from './train/executeTrainRun.js';
export { trainOrReuse } from './train/trainOrReuse.js';
export { executeSearch } from './search/executeSearch.js';
export type { ExecuteSearchOptions, QueueEvaluatorFactory } from './search/executeSearch.js';
export { EVALUATION_SETTING_SCHEMA, evaluationSettingOf, createSearchEvaluator, splitSeedOf, requireDistributable } from './search/evaluationSetting.js';
export type { EvaluationSetting, EvaluatorPlace } from './search/evaluationSetting.js';
export { loadSearchSetting } from './search/searchSetting.js';
export type { SearchSetting } from './search/searchSetting.js';
export { searchConstraint } from './search/searchConstraint.js';
export { readSearchState, writeSearchState } from './search/searchStateFile.js';
export type { SearchStateFile } from './search/searchStateFile.js';
export { CachingEvaluator } from './search/CachingEvaluator.js';
export { DEPLOY_SUMMARY_FILE, DEPLOY_SUMMARY_SCHEMA } from './deploySummary.js';
export type { DeploySummary } from './deploySummary.js';
export { executeFuse } from './fuse/executeFuse.js';
export type { FuseOptions } from './fuse/executeFuse.js';
export { resumedSearchConfig, FIXED_SEARCH_SETTINGS, CHANGEABLE_SEARCH_SETTINGS } from './search/resumedSearchConfig.js';
export { LOG_EVENT_SCHEMAS, readRunLog } from './runLog.js';
export type { LogEvent } from './runLog.js';
