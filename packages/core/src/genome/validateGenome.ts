import { z } from 'zod';
import { ReparamError } from '../errors.js';
import { nameList } from '../nameList.js';
import type { SlotInfo } from '../interfaces/Backbone.js';
import type { Genome } from '../interfaces/Genome.js';
import { describeSlot } from '../slot/SlotSpec.js';
import type { OpResolver } from './OpResolver.js';

const genomeSchema = z.record(z.string(), z.array(z.string()));

/**
 * Checks a genome (parsed JSON or an object) against a backbone's slots: every slot it names must
 * exist, every op must be registered, optional, listed once and applicable to its slot. Slots it
 * does not name get no optional op. Returns the genome with every slot present, ops in the order given.
 */
export function validateGenome(value: unknown, slots: readonly SlotInfo[], ops: OpResolver): Genome {
  const parsed = genomeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at '${issue.path.join('.')}'` : '';
    throw new ReparamError(`malformed genome${where}: expected an object mapping slot names to lists of op ids (${issue.message})`);
  }
  const byName = new Map(slots.map((s) => [s.name, s]));
  // Every unknown slot is named, not only the first: a genome made for another backbone shows as such.
  const unknown = Object.keys(parsed.data).filter((name) => !byName.has(name));
  if (unknown.length) {
    const known = slots.map((s) => s.name);
    throw new ReparamError(`genome names unknown slot${unknown.length > 1 ? 's' : ''} ${nameList(unknown.map((n) => `'${n}'`))}; slots: ${nameList(known, 8)}`);
  }
  const main = ops.mainOp().id;
  const genome: Record<string, string[]> = {};
  for (const slot of slots) {
    const ids = parsed.data[slot.name] ?? [];
    const seen = new Set<string>();
    for (const id of ids) {
      const op = ops.op(id);
      if (id === main) throw new ReparamError(`genome slot '${slot.name}' lists the main op '${main}', which is always on; list optional ops only`);
      if (seen.has(id)) throw new ReparamError(`genome slot '${slot.name}' lists op '${id}' twice`);
      seen.add(id);
      const verdict = op.appliesTo(slot.spec);
      if (!verdict.ok) {
        throw new ReparamError(`genome: op '${id}' does not apply to slot '${slot.name}' (${describeSlot(slot.spec)}): ${verdict.reason}`);
      }
    }
    genome[slot.name] = [...ids];
  }
  return genome;
}
