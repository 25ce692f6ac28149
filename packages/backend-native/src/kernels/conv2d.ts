import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { attempt, cpuKernel } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** The shape arguments every native conv call takes, in native/conv.cc's order. */
function shapeArgs(c: Conv2DInfo): number[] {
  const p = c.padInfo;
  return [
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels,
    c.strideHeight, c.strideWidth, p.top, p.bottom, p.left, p.right, c.outHeight, c.outWidth,
  ];
}

/** oneDNN covers NHWC, dilation 1, float32; everything else goes to the cpu kernels. */
function supported(c: Conv2DInfo): boolean {
  return c.dataFormat === 'channelsLast' && c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top >= 0;
}

/** tfjs `Conv2D` on oneDNN. */
export const conv2dConfig: tf.KernelConfig = {
  kernelName: 'Conv2D',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; filter: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { strides: number | [number, number]; pad: never; dataFormat: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    };
    const { x, filter } = inputs;
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations,
      attrs.pad, attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (!supported(c) || !allFloat32(x, filter)) return cpuKernel('Conv2D')(args);
    const y = alloc(sizeOf(c.outShape));
    // oneDNN refuses some geometries at descriptor creation; the cpu kernel then does the job.
    if (!attempt(() => nativeAddon().conv2dForward(f32(backend, x), f32(backend, filter), y, ...shapeArgs(c)))) return cpuKernel('Conv2D')(args);
    return output(backend, c.outShape, y);
  },
};

/** tfjs `Conv2DBackpropInput` (the input gradient of Conv2D) on oneDNN. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { inputShape: [number, number, number, number]; strides: number | [number, number]; pad: never; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    };
    const { dy, filter } = inputs;
    const c = tf.backend_util.computeConv2DInfo(
      attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
      tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (!supported(c) || !allFloat32(dy, filter)) return cpuKernel('Conv2DBackpropInput')(args);
    const dx = alloc(sizeOf(attrs.inputShape));
    if (!attempt(() => nativeAddon().conv2dBackwardData(f32(backend, dy), f32(backend, filter), dx, ...shapeArgs(c)))) {
      return cpuKernel('Conv2DBackpropInput')(args);
    }
    return output(backend, attrs.inputShape, dx);
  },
};

/** tfjs `Conv2DBackpropFilter` (the weight gradient of Conv2D) on oneDNN; the wasm backend lacks it. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { filterShape: [number, number, number, number]; strides: number | [number, number]; pad: never; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    };
    const { x, dy } = inputs;
    const c = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
      tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (!supported(c) || !allFloat32(x, dy)) return cpuKernel('Conv2DBackpropFilter')(args);
    const dw = alloc(sizeOf(attrs.filterShape));
    if (!attempt(() => nativeAddon().conv2dBackwardWeights(f32(backend, x), f32(backend, dy), dw, ...shapeArgs(c)))) {
      return cpuKernel('Conv2DBackpropFilter')(args);
    }
    return output(backend, attrs.filterShape, dw);
  },
};
