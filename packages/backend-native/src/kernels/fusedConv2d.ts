import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convWithEpilogue } from './convEpilogue.js';
import { cpuKernel } from './fallback.js';
import { allFloat32, f32 } from './tensorData.js';

/**
 * tfjs `FusedConv2D` (conv + bias + activation, what tfjs-layers' Conv2D runs at inference) on the
 * native convolution, bias and ReLU as oneDNN post-ops: the cpu kernel would call tfjs's JavaScript
 * convolution directly, not the registered one. Other activations, PReLU weights, broadcast biases,
 * dilation and NCHW go to the cpu kernel.
 */
export const fusedConv2dConfig: tf.KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { activation: string; dataFormat: string; strides: number | [number, number]; pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number; dilations: number | [number, number]; dimRoundingMode?: string };
    };
    const cout = inputs.filter.shape[3];
    const simpleBias = !inputs.bias || (inputs.bias.shape.length === 1 && inputs.bias.shape[0] === cout);
    const dilated = attrs.dilations !== undefined && attrs.dilations !== 1 && !(Array.isArray(attrs.dilations) && attrs.dilations[0] === 1 && attrs.dilations[1] === 1);
    const operands = [inputs.x, inputs.filter, ...(inputs.bias ? [inputs.bias] : [])];
    if (
      (attrs.activation !== 'linear' && attrs.activation !== 'relu') || inputs.preluActivationWeights || !simpleBias || attrs.dataFormat === 'NCHW' ||
      dilated || attrs.dimRoundingMode !== undefined || !allFloat32(...operands)
    ) {
      return cpuKernel('FusedConv2D')(args);
    }
    return convWithEpilogue(backend, inputs.x, inputs.filter, attrs.strides, attrs.pad, {
      scale: null,
      shift: inputs.bias ? f32(backend, inputs.bias) : null,
      residual: null,
      relu: attrs.activation === 'relu',
    });
  },
};
