/**
 * @packageDocumentation
 * The tfjs `wasm` backend, completed so it can train reparam's networks: importing this module
 * imports `@tensorflow/tfjs-backend-wasm` and registers the `Conv2DBackpropFilter` kernel it lacks.
 * The portable fallback when the `native` addon cannot be built.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { wasmConv2dBackpropFilter } from './conv2dBackpropFilter.js';

export { wasmConv2dBackpropFilter };

if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(wasmConv2dBackpropFilter);
