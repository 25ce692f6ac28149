import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { attempt, cpuKernel } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** The shape arguments every native conv call takes, in native/conv.cc's order. */
export function conv2dShapeArgs(c: Conv2DInfo): number[] {
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

type Shape4 = [number, number, number, number];
type ConvAttrs = {
  strides: number | [number, number];
  pad: never;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: Shape4;
  filterShape?: Shape4;
};
type NativeConvCall = (a: Float32Array, b: Float32Array, out: Float32Array, ...shape: number[]) => void;

/**
 * One of the three convolution kernels: `geometry` names the input and filter shapes the kernel's
 * inputs and attributes imply, and which addon call fills the output of which shape.
 */
function nativeConvKernel(
  kernelName: string,
  geometry: (inputs: Record<string, tf.TensorInfo>, attrs: ConvAttrs) => {
    xShape: Shape4;
    filterShape: Shape4;
    dilations: number | [number, number];
    operands: [tf.TensorInfo, tf.TensorInfo];
    outShape: (c: Conv2DInfo) => number[];
    call: NativeConvCall;
  },
): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args as unknown as { inputs: Record<string, tf.TensorInfo>; backend: MathBackendCPU; attrs: ConvAttrs };
      const g = geometry(inputs, attrs);
      const c = tf.backend_util.computeConv2DInfo(
        g.xShape, g.filterShape, attrs.strides, g.dilations, attrs.pad, attrs.dimRoundingMode, false,
        tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
      );
      if (!supported(c) || !allFloat32(...g.operands)) return cpuKernel(kernelName)(args);
      const shape = g.outShape(c);
      const out = alloc(backend, sizeOf(shape));
      // oneDNN refuses some geometries at descriptor creation; the cpu kernel then does the job.
      if (!attempt(() => g.call(f32(backend, g.operands[0]), f32(backend, g.operands[1]), out, ...conv2dShapeArgs(c)))) return cpuKernel(kernelName)(args);
      return output(backend, shape, out);
    },
  };
}

/** tfjs `Conv2D` on oneDNN. */
export const conv2dConfig = nativeConvKernel('Conv2D', ({ x, filter }, attrs) => ({
  xShape: x.shape as Shape4,
  filterShape: filter.shape as Shape4,
  dilations: attrs.dilations ?? 1,
  operands: [x, filter],
  outShape: (c) => c.outShape,
  call: (...a) => nativeAddon().conv2dForward(...a),
}));

/** tfjs `Conv2DBackpropInput` (the input gradient of Conv2D) on oneDNN. */
export const conv2dBackpropInputConfig = nativeConvKernel('Conv2DBackpropInput', ({ dy, filter }, attrs) => ({
  xShape: attrs.inputShape!,
  filterShape: filter.shape as Shape4,
  dilations: 1,
  operands: [dy, filter],
  outShape: () => attrs.inputShape!,
  call: (...a) => nativeAddon().conv2dBackwardData(...a),
}));

/** tfjs `Conv2DBackpropFilter` (the weight gradient of Conv2D) on oneDNN; the wasm backend lacks it. */
export const conv2dBackpropFilterConfig = nativeConvKernel('Conv2DBackpropFilter', ({ x, dy }, attrs) => ({
  xShape: x.shape as Shape4,
  filterShape: attrs.filterShape!,
  dilations: 1,
  operands: [x, dy],
  outShape: () => attrs.filterShape!,
  call: (...a) => nativeAddon().conv2dBackwardWeights(...a),
}));
