/** Whether an op can live in a slot, and if not, why (shown to users verbatim). */
export type Applicability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The op applies. */
export const APPLIES: Applicability = Object.freeze({ ok: true as const });

/** The op does not apply, because `reason` (e.g. "needs stride 1"). */
export function doesNotApply(reason: string): Applicability {
  return { ok: false, reason };
}
