import * as tf from '@tensorflow/tfjs';
import { ReparamError } from '../errors.js';

/** Backends tried when none is requested, best first; only those registered with tfjs are used. */
const PREFERENCE = ['tensorflow', 'native', 'wasm', 'cpu'];

/** What to install for a backend that is not registered. */
const INSTALL_HINTS: Record<string, string> = {
  tensorflow: "install '@tensorflow/tfjs-node' (or '@tensorflow/tfjs-node-gpu' with CUDA) on a machine with internet access",
  wasm: "install '@tensorflow/tfjs-backend-wasm'",
  native: "install libdnnl-dev and g++, then reinstall (pnpm install) so that @reparam/backend-native builds its addon",
  cpu: 'tfjs-core provides it; something is wrong with the installation',
};

/**
 * Makes `requested` (or the best registered backend) the tfjs backend and returns its name.
 * A backend that is not available gives a {@link ReparamError} saying what to install.
 */
export async function useBackend(requested?: string): Promise<string> {
  // PROD drops tfjs's "install tfjs-node" banner and debug-only checks.
  tf.env().set('PROD', true);
  const candidates = requested ? [requested] : PREFERENCE.filter((b) => tf.findBackendFactory(b) !== null);
  for (const name of candidates) {
    if (tf.findBackendFactory(name) === null) break;
    if (await tf.setBackend(name)) {
      await tf.ready();
      return name;
    }
  }
  if (requested) {
    const hint = INSTALL_HINTS[requested] ?? 'no package provides it';
    throw new ReparamError(`backend '${requested}' is not available: ${hint}`);
  }
  throw new ReparamError('no tfjs backend could be initialised');
}
