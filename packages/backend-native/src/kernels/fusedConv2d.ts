import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { conv2dConfig } from './conv2d.js';
import { cpuKernel } from './fallback.js';
import { f32 } from './tensorData.js';

/**
 * tfjs `FusedConv2D` (conv + bias + activation, what tfjs-layers' Conv2D runs at inference) on the
 * native convolution: the cpu kernel would call tfjs's JavaScript convolution directly, not the
 * registered one. Bias and ReLU are applied in place on the conv output; other activations, PReLU
 * weights and broadcast biases go to the cpu kernel.
 */
export const fusedConv2dConfig: tf.KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { activation: string; dataFormat: string };
    };
    const cout = inputs.filter.shape[3];
    const simpleBias = !inputs.bias || (inputs.bias.dtype === 'float32' && inputs.bias.shape.length === 1 && inputs.bias.shape[0] === cout);
    if ((attrs.activation !== 'linear' && attrs.activation !== 'relu') || inputs.preluActivationWeights || !simpleBias || attrs.dataFormat === 'NCHW') {
      return cpuKernel('FusedConv2D')(args);
    }
    const y = conv2dConfig.kernelFunc({ ...args, inputs: { x: inputs.x, filter: inputs.filter } }) as tf.TensorInfo;
    const out = f32(backend, y);
    const bias = inputs.bias ? f32(backend, inputs.bias) : undefined;
    const relu = attrs.activation === 'relu';
    if (bias || relu) {
      for (let i = 0; i < out.length; i += cout) {
        for (let c = 0; c < cout; c++) {
          const v = out[i + c] + (bias ? bias[c] : 0);
          out[i + c] = relu && v < 0 ? 0 : v;
        }
      }
    }
    return y;
  },
};
