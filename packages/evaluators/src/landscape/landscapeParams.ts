import { z } from '@reparam/core';

/**
 * Defaults of a generated landscape's parameters (one definition, used by the spec parser, the file
 * reader and the docs): no noise, each slot-op interacting with 2 others at the scale of the
 * per-op effects in a rugged landscape.
 */
export const GENERATED_LANDSCAPE_DEFAULTS = { seed: 0, noise: 0, k: 2, strength: 1, shared: 0 } as const;

/** The kinds of generated landscape. */
export const GENERATED_LANDSCAPE_KINDS = ['additive', 'rugged'] as const;

/**
 * A generated landscape's parameters, as a spec (`rugged:seed=1,k=2,noise=4.5`) or a landscape file
 * gives them. `noise` is the standard deviation of one evaluation's noise in accuracy points (4.5:
 * ±0.045 around the true fitness); `k` (rugged only) the interaction partners of each slot-op and
 * `strength` the scale of an interaction relative to a per-op effect; `shared` (0–1) the share of a
 * per-op effect's variance that is the same in every slot with that op — a real search space's ops act
 * much alike across the network (train-time identity helps a deep plain net nearly everywhere), which
 * is what coupled draws and shared directions exploit.
 */
export const GENERATED_LANDSCAPE_SCHEMA = z.strictObject({
  kind: z.enum(GENERATED_LANDSCAPE_KINDS),
  seed: z.number().int().nonnegative().default(GENERATED_LANDSCAPE_DEFAULTS.seed),
  noise: z.number().nonnegative().default(GENERATED_LANDSCAPE_DEFAULTS.noise),
  k: z.number().int().nonnegative().default(GENERATED_LANDSCAPE_DEFAULTS.k),
  strength: z.number().nonnegative().default(GENERATED_LANDSCAPE_DEFAULTS.strength),
  shared: z.number().min(0).max(1).default(GENERATED_LANDSCAPE_DEFAULTS.shared),
});

/** A generated landscape's parameters, defaults filled in. */
export type GeneratedLandscapeParams = z.infer<typeof GENERATED_LANDSCAPE_SCHEMA>;
