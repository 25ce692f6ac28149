/**
 * @packageDocumentation
 * reparam core: the contracts every plugin implements (Rep ops, strategies, backbones, datasets,
 * evaluators), the multi-branch {@link RepSlot} and its exact fusion, the fusion transforms, the
 * plugin registry and loader, and the {@link verifyFusion} conformance check.
 */
export { ReparamError, isReparamError } from './errors.js';
export { nameList } from './nameList.js';
export { Rng } from './rng.js';
export { useBackend } from './backend/useBackend.js';

export type { SlotSpec } from './slot/SlotSpec.js';
export { validateSlotSpec, slotOutputSize, describeSlot } from './slot/SlotSpec.js';
export type { AggregationMode, SlotAggregator } from './slot/AggregationMode.js';
export { sumAggregation } from './slot/aggregation/sumAggregation.js';
export { scaledAggregation } from './slot/aggregation/scaledAggregation.js';
export { postBnAggregation } from './slot/aggregation/postBnAggregation.js';
export { onlineAggregation, whyNotLinear } from './slot/aggregation/onlineAggregation.js';
export type { Clock, RunServices } from './registry/runServices.js';
export { createRunServices, runService, SERVICE_TOKENS, SYSTEM_CLOCK } from './registry/runServices.js';
export { DEFAULT_AGGREGATION } from './slot/aggregation/defaultAggregation.js';
export { BUILT_IN_AGGREGATIONS, registerBuiltInAggregations } from './slot/aggregation/builtInAggregations.js';
export type { BranchSumParts } from './slot/aggregation/BranchSumAggregator.js';
export { BranchSumAggregator } from './slot/aggregation/BranchSumAggregator.js';
export { BranchScales } from './slot/aggregation/BranchScales.js';
export { OnlineAggregator } from './slot/aggregation/OnlineAggregator.js';
export type { RepSlotOptions } from './slot/RepSlot.js';
export { RepSlot } from './slot/RepSlot.js';
export type { BranchContribution, SlotBranchOutputs } from './slot/SlotBranchOutputs.js';
export { captureSlotInput } from './inspect/captureSlotInput.js';

export type { Parameter, ParameterRole } from './nn/Parameter.js';
export { isTrainable, takesWeightDecay } from './nn/Parameter.js';
export type { Module } from './nn/Module.js';
export { disposeParameters } from './nn/Module.js';
export type { Padding } from './nn/Padding.js';
export { centrePadding, toTfPadding, isZeroPadding } from './nn/Padding.js';
export type { BatchNormStats, BatchNormOutput } from './nn/BatchNorm.js';
export { BatchNorm } from './nn/BatchNorm.js';
export type { Conv2dOptions, ConvInit } from './nn/Conv2d.js';
export { Conv2d } from './nn/Conv2d.js';
export type { ConvBnOptions } from './nn/ConvBn.js';
export { ConvBn } from './nn/ConvBn.js';
export { groupedConv2d } from './nn/groupedConv2d.js';
export { padWithValue } from './nn/padWithValue.js';
export { sumTensors } from './nn/sumTensors.js';
export { applyEpilogue, type Epilogue } from './nn/Epilogue.js';
export { CONV_EPILOGUE_KERNEL, convEpilogue, convEpilogueAvailable, type ChannelAffine } from './nn/convEpilogue.js';
export { avgPoolZeroPadded } from './nn/avgPoolZeroPadded.js';
export { makeVariable } from './nn/makeVariable.js';

export type { FusedConv } from './fusion/FusedConv.js';
export { disposeFusedConv, tidyFused } from './fusion/FusedConv.js';
export { fuseConvBn } from './fusion/fuseConvBn.js';
export { padKernel } from './fusion/padKernel.js';
export { identityKernel, channelDiagonalKernel } from './fusion/identityKernel.js';
export { avgPoolKernel } from './fusion/avgPoolKernel.js';
export { addFusedConvs } from './fusion/addFusedConvs.js';
export { scaleFusedConv } from './fusion/scaleFusedConv.js';
export { composeSequentialConvs } from './fusion/composeSequentialConvs.js';
export { composeSequentialKernels } from './fusion/composeSequentialKernels.js';
export { weightedKernelSum, WEIGHTED_KERNEL_SUM_KERNEL } from './fusion/weightedKernelSum.js';
export { blockDiagonal } from './fusion/blockDiagonal.js';
export { applyFusedConv } from './fusion/applyFusedConv.js';

export type { Applicability } from './op/Applicability.js';
export { APPLIES, doesNotApply } from './op/Applicability.js';
export type { Branch } from './op/Branch.js';
export type { RepOp, BuildContext } from './op/RepOp.js';
export type { LinearBranch } from './op/LinearBranch.js';
export type { Stage } from './branch/Stage.js';
export { StageBranch } from './branch/StageBranch.js';
export { SequentialBranch } from './branch/SequentialBranch.js';
export type { LinearStage } from './branch/LinearStage.js';
export { LinearStageBranch } from './branch/LinearStageBranch.js';
export { LinearSequentialBranch } from './branch/LinearSequentialBranch.js';

export type { Genome, SearchSpace } from './interfaces/Genome.js';
export { searchSpaceSize } from './interfaces/Genome.js';
export type { SearchHistory, SearchStrategy, SearchStrategyFactory, SearchStrategyOptions } from './interfaces/SearchStrategy.js';
export type { GenomeConstraint } from './interfaces/GenomeConstraint.js';
export type { Backbone, BackboneFactory, BackboneOptions, BackboneShape, SlotInfo } from './interfaces/Backbone.js';
export type { Dataset, DatasetFactory, DatasetOptions, DataSplit, Batch } from './interfaces/Dataset.js';
export type { Evaluator, EvaluatorFactory, EvaluatorOptions } from './interfaces/Evaluator.js';

export { TOKENS, KIND_LABELS } from './registry/tokens.js';
export type { PluginKind } from './registry/tokens.js';
export { createContainer } from './registry/container.js';
export type { DependencyContainer } from './registry/container.js';
export { registerOp, registerStrategy, registerBackbone, registerDataset, registerEvaluator, registerAggregation } from './registry/register.js';
export { Registry } from './registry/Registry.js';
export type { PluginEntryTypes } from './registry/Registry.js';
export { pluginOf } from './registry/provenance.js';
export type { PluginModule, LoadPluginsOptions } from './registry/loadPlugins.js';
export { loadPlugins, registerPluginModule } from './registry/loadPlugins.js';

export type { FusionCase, FusionReport, SkippedFusionCheck, VerifyFusionOptions } from './verify/verifyFusion.js';
export { verifyFusion, checkSlotFusion, FUSION_TOLERANCE } from './verify/verifyFusion.js';
export type { FusionGrid, FusionGridNarrowing } from './verify/fusionGrid.js';
export { DEFAULT_FUSION_GRID, fusionGridShapes, narrowFusionGrid, requireOpApplies } from './verify/fusionGrid.js';
export { randomizeParameters } from './verify/randomizeParameters.js';

export { recalibrateBatchNorms } from './nn/BatchNorm.js';
export { FUSED_BATCH_NORM_TRAIN_KERNEL, fusedBatchNormTrain, CHANNEL_AFFINE_KERNEL, channelAffine } from './nn/fusedBatchNormKernel.js';
export { Dense } from './nn/Dense.js';
export { maxPoolPadded } from './nn/maxPoolPadded.js';
export { countParameters, countFusedParameters, measureForwardFlops, measureFusedForwardFlops } from './nn/networkStats.js';

export type { GenomePreset } from './interfaces/GenomePreset.js';
export { registerPreset } from './registry/register.js';
export type { OpResolver } from './genome/OpResolver.js';
export { slotInfos, searchSpaceOf } from './genome/slotInfos.js';
export { validateGenome } from './genome/validateGenome.js';
export { presetGenome } from './genome/presetGenome.js';
export { activateGenome } from './genome/activateGenome.js';
export { everyOpGenome } from './genome/everyOpGenome.js';
export { summariseGenome } from './genome/summariseGenome.js';
export { type GenomeFile, readGenomeFile } from './genome/readGenomeFile.js';

export type { TrainConfig, EpochRecord, TrainEvent } from './train/TrainEvent.js';
export type { TrainOutcome, TrainHooks } from './train/Trainer.js';
export { Trainer, TRAIN_DEFAULTS } from './train/Trainer.js';
export type { SgdOptions } from './train/Sgd.js';
export { Sgd } from './train/Sgd.js';
export { leanVariableGrads } from './train/leanVariableGrads.js';
export { FUSED_SGD_KERNEL, hasFusedSgd } from './train/fusedSgdKernel.js';
export { cosineSchedule } from './train/cosineSchedule.js';
export { crossEntropy, countCorrect } from './train/crossEntropy.js';
export type { Evaluation } from './train/evaluate.js';
export { evaluate } from './train/evaluate.js';

export { writeFileAtomic } from './run/writeFileAtomic.js';
export { saveCheckpoint, loadCheckpoint, hasCheckpoint, CHECKPOINT_FILE } from './run/checkpoint.js';
export { RunDirectory } from './run/RunDirectory.js';
export type { LockOwner, TakenOverLock } from './run/RunLock.js';
export { RunLock, LOCK_FILE, liveLockOwner } from './run/RunLock.js';
export type { SearchRecord, SearchProgress, GenerationSummary, SearchLoopOptions } from './search/SearchLoop.js';
export { runSearch, bestRecord } from './search/SearchLoop.js';
export { measureOpFlops } from './search/measureOpFlops.js';

export { maxOpsPerSlot } from './search/maxOpsPerSlot.js';
export type { TrainingCosts } from './search/trainingFlopsBudget.js';
export { trainingFlopsBudget, genomeTrainingCost } from './search/trainingFlopsBudget.js';
export { allConstraints } from './search/allConstraints.js';
export { GenomeCodec } from './search/GenomeCodec.js';
export type { SearchLedgerOptions, SearchLedgerState } from './search/SearchLedger.js';
export { SearchLedger, SEARCH_LEDGER_STATE_SHAPE } from './search/SearchLedger.js';
export { STRATEGY_OPTION_SHAPE, malformedState, parseStrategyState, parseStrategyOptions } from './search/strategyState.js';
/** zod, for plugins' state and option schemas (hidden from the API docs: see zod's own). @hidden */
export { z } from './search/strategyState.js';

export type {
  GraphTensor,
  GraphNode,
  GraphOp,
  NetworkGraph,
  InputNode,
  ConvNode,
  BatchNormNode,
  ScaleNode,
  PadNode,
  AvgPoolNode,
  MaxPoolNode,
  ReluNode,
  AddNode,
  GlobalAvgPoolNode,
  DenseNode,
  SlotNode,
} from './graph/NetworkGraph.js';
export { nodeInputs, graphInput } from './graph/NetworkGraph.js';
export { graphTensor, tensorOf } from './graph/graphTensor.js';
export type { NewGraphNode } from './graph/GraphBuilder.js';
export { GraphBuilder } from './graph/GraphBuilder.js';
export type { Describable } from './graph/describeModule.js';
export { describeModule } from './graph/describeModule.js';
export type { NodeShape } from './graph/inferShapes.js';
export { inferShapes } from './graph/inferShapes.js';
export { countGraphParameters, graphFlops } from './graph/graphStats.js';
export { rewriteSlots } from './graph/rewriteSlots.js';
export { foldBatchNorms } from './graph/foldBatchNorms.js';
export { reparameterize, multiBranchGraph, backboneGraph } from './graph/reparameterize.js';
export type { CompiledGraph, CompileGraphOptions } from './graph/compileGraph.js';
export { compileGraph } from './graph/compileGraph.js';
export type { OutputAgreement } from './graph/compareOutputs.js';
export { compareOutputs } from './graph/compareOutputs.js';
export { type Recheck, type RecheckedPick, type RecheckOptions, recheckTop } from './search/recheckTop.js';
