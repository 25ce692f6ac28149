import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BufferPool, poolBytesFromEnv } from './BufferPool.js';
import { addNConfig } from './kernels/addN.js';
import { avgPoolConfig, avgPoolGradConfig } from './kernels/avgPool.js';
import { batchMatMulConfig } from './kernels/batchMatMul.js';
import { batchNormTrainConfig, batchNormTrainGradConfig, batchNormTrainGradient, channelAffineConfig, channelAffineGradient } from './kernels/batchNorm.js';
import { binaryConfigs } from './kernels/binary.js';
import { padV2Config, sliceConfig, tileConfig } from './kernels/padSlice.js';
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig, conv2dConfig } from './kernels/conv2d.js';
import { fusedConv2dConfig } from './kernels/fusedConv2d.js';
import { convEpilogueConfig } from './kernels/convEpilogue.js';
import { reduceConfigs } from './kernels/reduce.js';
import { reluGradConfig, reluGradient } from './kernels/reluGrad.js';
import { sgdUpdateConfig } from './kernels/sgdUpdate.js';
import { unaryConfigs } from './kernels/unary.js';
import { weightedKernelSumConfig, weightedKernelSumGradConfig, weightedKernelSumGradient } from './kernels/weightedKernelSum.js';

/** The backend's name in tfjs. */
export const NATIVE_BACKEND = 'native';

/**
 * The cpu backend, with the kernels below replaced by the addon's, and their outputs' memory reused
 * once disposed (see {@link BufferPool}: reads hand out copies of pooled memory, views and double
 * registrations keep it from reuse).
 */
class NativeBackend extends MathBackendCPU {
  /** At most REPARAM_NATIVE_POOL_MB (default 512; 0 turns reuse off) of disposed outputs kept for reuse. */
  readonly pool = new BufferPool(poolBytesFromEnv(process.env.REPARAM_NATIVE_POOL_MB));

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId {
    this.pool.registered(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: tf.DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    this.pool.registered(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    const values = super.readSync(dataId);
    return this.pool.owns(values) ? values.slice() : values;
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values !== undefined && !this.data.has(dataId)) this.pool.released(values);
    return released;
  }
}

/** Every kernel the addon provides, each falling back to the cpu kernel outside what it covers. */
export function nativeKernelConfigs(): tf.KernelConfig[] {
  return [
    conv2dConfig,
    conv2dBackpropInputConfig,
    conv2dBackpropFilterConfig,
    fusedConv2dConfig,
    convEpilogueConfig,
    ...binaryConfigs(),
    ...unaryConfigs(),
    ...reduceConfigs(),
    addNConfig,
    avgPoolConfig,
    avgPoolGradConfig,
    sliceConfig,
    padV2Config,
    tileConfig,
    batchNormTrainConfig,
    batchNormTrainGradConfig,
    channelAffineConfig,
    reluGradConfig,
    sgdUpdateConfig,
    batchMatMulConfig,
    weightedKernelSumConfig,
    weightedKernelSumGradConfig,
  ];
}

/**
 * Registers the `native` backend: every cpu kernel, then the addon's over them, and the gradients
 * of the fused batch norm and of the weighted kernel sum. Idempotent.
 */
export function registerNativeBackend(): void {
  if (tf.findBackendFactory(NATIVE_BACKEND)) return;
  tf.registerBackend(NATIVE_BACKEND, () => new NativeBackend(), 3);
  const natives = nativeKernelConfigs();
  const overridden = new Set(natives.map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (!overridden.has(k.kernelName)) tf.registerKernel({ ...k, backendName: NATIVE_BACKEND });
  }
  for (const k of natives) tf.registerKernel(k);
  if (!tf.getGradient(batchNormTrainGradient.kernelName)) tf.registerGradient(batchNormTrainGradient);
  if (!tf.getGradient(weightedKernelSumGradient.kernelName)) tf.registerGradient(weightedKernelSumGradient);
  if (!tf.getGradient(channelAffineGradient.kernelName)) tf.registerGradient(channelAffineGradient);
  // Replaces tfjs's Relu gradient by one that keeps tfjs's formula on every other backend.
  tf.registerGradient(reluGradient(tf.getGradient('Relu')));
}
