/**
 * @packageDocumentation
 * The `native` tfjs backend: tfjs's cpu backend with convolutions (forward and both gradients),
 * average pooling, a fused batch norm, elementwise ops and reductions on oneDNN / OpenMP through an
 * N-API addon built at install. Importing this module registers the backend when the addon loads;
 * when it does not (no oneDNN, no compiler), nothing is registered and {@link nativeLoadError} says why.
 */
import { isNativeAvailable } from './addon.js';
import { registerNativeBackend } from './NativeBackend.js';

export { isNativeAvailable, nativeLoadError, oneDnnVersion } from './addon.js';
export { NATIVE_BACKEND, nativeKernelConfigs, registerNativeBackend } from './NativeBackend.js';

if (isNativeAvailable()) registerNativeBackend();
