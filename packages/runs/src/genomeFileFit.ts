import { type BackboneFactory, type BackboneShape, type GenomeFile, isReparamError, nameList, type Registry, ReparamError, type SlotInfo } from '@reparam/core';

/**
 * Refuses a genome file made for another network than `factory`'s, in one line naming the slots
 * that differ: a file that says it was found on another backbone, or — a genome file that does not
 * say (one written before best-genome.json recorded its backbone) — one that names exactly the
 * slots of another registered backbone. Either would otherwise train only the slots both share (a
 * resnet8 genome: 7 of bench-net's 19), the rest plain, silently. A hand-written genome that leaves
 * some slots out is not refused: those slots get no op (and validateGenome names unknown slots).
 */
export function requireGenomeFileFits(registry: Registry, factory: BackboneFactory, shape: BackboneShape, path: string, file: GenomeFile, slots: readonly SlotInfo[]): void {
  const theirs = file.genome && typeof file.genome === 'object' && !Array.isArray(file.genome) ? Object.keys(file.genome) : [];
  const mine = slots.map((s) => s.name);
  if (file.backbone !== undefined) {
    if (file.backbone === factory.id) return;
    throw new ReparamError(`genome file '${path}' was found on ${file.backbone}, not ${factory.id}${differences(mine, theirs, factory.id)}; leave --backbone out to train ${file.backbone}`);
  }
  if (mine.length === theirs.length && mine.every((n) => theirs.includes(n))) return;
  const madeFor = backbonesWithSlots(registry, shape, theirs).filter((id) => id !== factory.id);
  if (madeFor.length === 0) return;
  // Only missing slots: the user may have meant this backbone and left slots out by hand.
  const orNameThem = theirs.every((n) => mine.includes(n)) ? `, or name every slot of ${factory.id} ([] for none)` : '';
  throw new ReparamError(
    `genome file '${path}' names exactly the slots of ${madeFor.join(' and ')}, not of ${factory.id}${differences(mine, theirs, factory.id)}; give --backbone ${madeFor[0]}${orNameThem}`,
  );
}

/** `: <backbone>'s slots … are not in it; its slots … are not in <backbone>`, or nothing when the slots are the same. */
function differences(mine: readonly string[], theirs: readonly string[], backbone: string): string {
  const missing = mine.filter((n) => !theirs.includes(n));
  const extra = theirs.filter((n) => !mine.includes(n));
  const parts = [
    ...(missing.length ? [`${backbone}'s slots ${nameList(missing)} are not in it`] : []),
    ...(extra.length ? [`its slots ${nameList(extra)} are not in ${backbone}`] : []),
  ];
  return parts.length ? `: ${parts.join('; ')}` : '';
}

/** The registered backbones whose slots (for this input shape) are exactly `names`. */
function backbonesWithSlots(registry: Registry, shape: BackboneShape, names: readonly string[]): string[] {
  const wanted = new Set(names);
  return registry.list('backbone').flatMap((b) => {
    let slots: readonly string[];
    try {
      slots = b.slotDescriptors(shape).map((s) => s.name);
    } catch (err) {
      // A backbone that refuses this input shape cannot be the one the genome is meant for here.
      if (isReparamError(err)) return [];
      throw err;
    }
    return slots.length === wanted.size && slots.every((n) => wanted.has(n)) ? [b.id] : [];
  });
}
